/*
 * When the next frame may be drawn: the front end's pacing, kept apart
 * from curses so that it can be tested with a clock of its own.
 *
 * Typing ahead on a slow line: keys that arrive while a frame is still on
 * its way to the terminal are all handled before the next frame, so the
 * screens in between are never sent. Below 38400 baud a frame is followed
 * by a pause (hold_ms, 64 characters' time: 67 ms at 9600); on a real
 * serial line the next frame also waits while the output queue still
 * holds the last one. Neither waits more than FRAME_HOLD_MAX_MS.
 *
 * Frames that only news makes (results coming in, a console's output)
 * leave the UI thread FRAME_NEWS_DRAW_SHARE - 1 times the last frame's
 * cost before the next, at least FRAME_NEWS_HOLD_MIN_MS and at most
 * FRAME_NEWS_HOLD_MAX_MS. 256 BMCs answering within half a second drew a
 * 256-row table 256 times, most of rackcon's CPU then; held for its cost,
 * drawing takes at most a tenth of the UI thread while news floods in. A
 * cheap frame (80x24: well under a millisecond) still waits the least
 * hold: news comes at most 25 times a second, more than anyone reads, and
 * a cheaper table then only meant more frames for the same CPU. A frame
 * within FRAME_KEY_ECHO_MS of a key (its own, a console's echo, a
 * dialog's answer) is drawn at once, and so is news the user waits for
 * (the last host's first data: the table is whole).
 */
#ifndef RACKCON_FRAME_PACE_H
#define RACKCON_FRAME_PACE_H

#define FRAME_HOLD_MAX_MS      1000
#define FRAME_NEWS_DRAW_SHARE  10
#define FRAME_NEWS_HOLD_MIN_MS 40
#define FRAME_NEWS_HOLD_MAX_MS 100
#define FRAME_KEY_ECHO_MS      250

struct frame_pace {
	int hold_ms;         /* least time between frames on a slow line */
	long long frame_ms;  /* when the last frame was sent */
	long long key_ms;    /* when the last key was read */
	long long draw_us;   /* what the last frame cost (summing up the
	                        Hosts panel and drawing) */
};

/* Milliseconds to hold a frame that is due back, 0 to draw it now, at
 * now_ms (clock_now_ms), queued_ms being what the line's output queue
 * still takes to send (0 when it is empty or unknown); awaited: news the
 * user waits for, not held as news (a slow line's hold still is). */
int frame_pace_wait(const struct frame_pace *pace, long long now_ms,
    int queued_ms, int awaited);

#endif
