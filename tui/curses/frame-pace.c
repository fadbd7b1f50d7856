/* The front end's frame pacing (frame-pace.h). */
#include "config.h"

#include "frame-pace.h"

int
frame_pace_wait(const struct frame_pace *pace, long long now_ms,
    int queued_ms, int awaited)
{
	long long since = now_ms - pace->frame_ms;
	long long news = (pace->draw_us * (FRAME_NEWS_DRAW_SHARE - 1) + 999) /
	    1000;
	long long wait = 0;

	if (since >= FRAME_HOLD_MAX_MS)
		return 0;
	if (news < FRAME_NEWS_HOLD_MIN_MS)
		news = FRAME_NEWS_HOLD_MIN_MS;
	if (news > FRAME_NEWS_HOLD_MAX_MS)
		news = FRAME_NEWS_HOLD_MAX_MS;
	if (since < pace->hold_ms)
		wait = pace->hold_ms - since;
	else if (since < news && !awaited &&
	    now_ms - pace->key_ms > FRAME_KEY_ECHO_MS)
		wait = news - since;
	if (queued_ms > wait)
		wait = queued_ms;
	if (wait > FRAME_HOLD_MAX_MS - since)
		wait = FRAME_HOLD_MAX_MS - since;
	return (int)wait;
}
