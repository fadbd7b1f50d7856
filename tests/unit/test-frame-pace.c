/* Unit tests for the front end's frame pacing (tui/curses/frame-pace.c),
 * on a clock of their own. */
#include "config.h"

#include "frame-pace.h"
#include "unit.h"

static void add_tests(CU_pSuite s);
UNIT_SUITE("frame-pace", add_tests)

/* The last frame sent at 10000 ms, costing draw_us; no key for a while,
 * a fast line. */
static struct frame_pace
pace_after(long long draw_us)
{
	struct frame_pace p = {0};

	p.frame_ms = 10000;
	p.key_ms = 5000;
	p.draw_us = draw_us;
	return p;
}

/*
 * News after a frame: held nine times the last frame's cost after it
 * (a costly frame of a 256-row table), at least 40 ms and at most 100 ms;
 * a cheap frame (an 80x24 one costs well under a millisecond) is held
 * the least: news frames come at most 25 times a second.
 */
static void
test_news_held(void)
{
	struct frame_pace p = pace_after(5000);

	CHECK_LL(frame_pace_wait(&p, 10002, 0, 0), 43, "5 ms frame, 2 ms ago");
	CHECK_LL(frame_pace_wait(&p, 10044, 0, 0), 1, "44 ms ago");
	CHECK_LL(frame_pace_wait(&p, 10045, 0, 0), 0, "45 ms ago: due");
	CHECK_LL(frame_pace_wait(&p, 10200, 0, 0), 0, "long ago");
	p = pace_after(50000);
	CHECK_LL(frame_pace_wait(&p, 10000, 0, 0), 100,
	         "50 ms frame: at most 100");
	CHECK_LL(frame_pace_wait(&p, 10099, 0, 0), 1, "99 ms ago");
	p = pace_after(300);
	CHECK_LL(frame_pace_wait(&p, 10000, 0, 0), 40,
	         "0.3 ms frame, just sent: the least hold");
	CHECK_LL(frame_pace_wait(&p, 10003, 0, 0), 37, "3 ms later");
	CHECK_LL(frame_pace_wait(&p, 10040, 0, 0), 0, "40 ms later: due");
	p = pace_after(0);
	CHECK_LL(frame_pace_wait(&p, 10000, 0, 0), 40,
	         "no cost known: the least hold");
}

/* Within 250 ms of a key (the key's own frame, a console's echo, a
 * dialog's answer) a frame is drawn at once, however costly. */
static void
test_key_at_once(void)
{
	struct frame_pace p = pace_after(50000);

	p.key_ms = 10001;
	CHECK_LL(frame_pace_wait(&p, 10002, 0, 0), 0, "a key 1 ms ago");
	CHECK_LL(frame_pace_wait(&p, 10001 + 250, 0, 0), 0, "250 ms after it");
	p.frame_ms = 10240;
	CHECK_LL(frame_pace_wait(&p, 10001 + 251, 0, 0), 88,
	         "251 ms after it: news again");
}

/*
 * A slow line: hold_ms after every frame, keys or not (the keys typed
 * meanwhile are all handled before the next frame), and as long as the
 * output queue takes; neither more than a second after the last frame.
 */
static void
test_slow_line(void)
{
	struct frame_pace p = pace_after(300);

	p.hold_ms = 67; /* 9600 baud */
	p.key_ms = 10005;
	CHECK_LL(frame_pace_wait(&p, 10010, 0, 0), 57,
	         "67 ms hold, after a key");
	CHECK_LL(frame_pace_wait(&p, 10067, 0, 0), 0, "the hold is over");
	CHECK_LL(frame_pace_wait(&p, 10067, 120, 0), 120,
	         "the queue still full");
	CHECK_LL(frame_pace_wait(&p, 10010, 30, 0), 57, "the hold the longer");
	CHECK_LL(frame_pace_wait(&p, 10010, 5000, 0), 990, "at most 1 s");
	CHECK_LL(frame_pace_wait(&p, 11000, 5000, 0), 0, "1 s after: at once");
}

/* News the user waits for (the last host's first data) is drawn at once,
 * however costly the frame; a slow line still holds it. */
static void
test_awaited_at_once(void)
{
	struct frame_pace p = pace_after(50000);

	CHECK_LL(frame_pace_wait(&p, 10002, 0, 0), 98, "news: held");
	CHECK_LL(frame_pace_wait(&p, 10002, 0, 1), 0, "awaited: at once");
	p.hold_ms = 67;
	CHECK_LL(frame_pace_wait(&p, 10002, 0, 1), 65, "a slow line holds it");
	CHECK_LL(frame_pace_wait(&p, 10067, 90, 1), 90, "and its queue");
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "news held 9x the last frame's cost, 40 to 100 ms",
	            test_news_held);
	CU_add_test(s, "within 250 ms of a key, at once", test_key_at_once);
	CU_add_test(s, "news the user waits for, at once",
	            test_awaited_at_once);
	CU_add_test(s, "a slow line: the hold and the output queue",
	            test_slow_line);
}
