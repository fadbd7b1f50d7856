/*
 * frame-time: how long a full-screen program takes to show a screen, read
 * off a terminal emulator (libvterm) as its output arrives.
 *
 * Usage: frame-time [-l LINE] [-q QUIET_MS] [-t TIMEOUT_S] GLOB COMMAND [ARG...]
 *
 * Runs COMMAND on a new 80x24 pseudo-terminal (environment as given: the
 * caller sets TERM, LANG, HOME), feeds every byte it writes to libvterm and
 * looks at the screen after each read. Prints one line of key=value figures
 * for tests/bench/run-bench.sh:
 *
 *   paint_us=... frame_us=... bytes=...
 *
 * paint_us: from just before the fork to the first read after which the
 * screen shows anything; frame_us: ... after which the screen (with -l, its
 * line LINE, 0 the top) matches the fnmatch(3) pattern GLOB; bytes: what it
 * wrote from the start until its output has rested QUIET_MS (default 300)
 * after the frame. Then COMMAND gets SIGTERM (SIGKILL if it lingers).
 *
 * Unlike polling a tmux pane, nothing here samples: each time is that of
 * the read that completed the screen, good to the scheduler's wake-up.
 * Exit 0 when the frame came, 1 (the screen on stderr) when it did not
 * within TIMEOUT_S seconds (default 20), 2 for bad usage.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define ROWS 24
#define COLS 80

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Screen rows first to last (0-based, inclusive) as UTF-8 text, rows
 * joined by newlines, into buf. */
static void
screen_text(VTermScreen *screen, int first, int last, char *buf,
            size_t size)
{
	VTermRect rect = {.start_col = 0, .end_col = COLS};
	size_t len = 0, n;
	int row;

	for (row = first; row <= last && len + 1 < size; row++) {
		rect.start_row = row;
		rect.end_row = row + 1;
		n = vterm_screen_get_text(screen, buf + len, size - len - 1,
		    rect);
		len += n;
		if (row < last && len + 1 < size)
			buf[len++] = '\n';
	}
	buf[len] = '\0';
}

static int
has_ink(const char *text)
{
	for (; *text != '\0'; text++) {
		if (*text != ' ' && *text != '\n')
			return 1;
	}
	return 0;
}

/* SIGTERM, then SIGKILL if it has not gone within two seconds. */
static void
stop_child(pid_t pid)
{
	int i;

	kill(pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void
usage(void)
{
	fputs("usage: frame-time [-l LINE] [-q QUIET_MS] [-t TIMEOUT_S] GLOB "
	      "COMMAND [ARG...]\n", stderr);
	exit(2);
}

static int
number_arg(const char *s, int min, int max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return (int)v;
}

int
main(int argc, char **argv)
{
	struct winsize ws = {.ws_row = ROWS, .ws_col = COLS};
	long long start, paint = -1, frame = -1, quiet_since = 0, deadline;
	int line = -1, quiet_ms = 300, timeout_s = 20, fd, opt, ready;
	char chunk[65536], text[ROWS * (COLS * 4 + 1) + 1], reply[256];
	size_t bytes = 0, n;
	struct pollfd pfd;
	const char *glob;
	VTermScreen *screen;
	VTerm *vt;
	ssize_t got;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+l:q:t:")) != -1) {
		switch (opt) {
		case 'l': line = number_arg(optarg, 0, ROWS - 1); break;
		case 'q': quiet_ms = number_arg(optarg, 1, 60000); break;
		case 't': timeout_s = number_arg(optarg, 1, 600); break;
		default: usage();
		}
	}
	if (argc - optind < 2)
		usage();
	glob = argv[optind];

	vt = vterm_new(ROWS, COLS);
	vterm_set_utf8(vt, 1);
	screen = vterm_obtain_screen(vt);
	vterm_screen_reset(screen, 1);

	start = now_us();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid == -1) {
		perror("frame-time: forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[optind + 1], argv + optind + 1);
		fprintf(stderr, "frame-time: %s: %s\n", argv[optind + 1],
		    strerror(errno));
		_exit(127);
	}

	deadline = start + (long long)timeout_s * 1000000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		ready = poll(&pfd, 1, 10);
		if (ready == -1 && errno != EINTR) {
			perror("frame-time: poll");
			break;
		}
		if (ready > 0) {
			got = read(fd, chunk, sizeof chunk);
			if (got <= 0) /* the program ended (EIO) */
				break;
			bytes += (size_t)got;
			quiet_since = now_us();
			vterm_input_write(vt, chunk, (size_t)got);
			/* Answer what the program asks of the terminal. */
			while ((n = vterm_output_read(vt, reply,
			    sizeof reply)) > 0) {
				if (write(fd, reply, n) == -1)
					break;
			}
			if (frame < 0) {
				screen_text(screen, 0, ROWS - 1, text,
				    sizeof text);
				if (paint < 0 && has_ink(text))
					paint = quiet_since;
				if (line >= 0)
					screen_text(screen, line, line, text,
					    sizeof text);
				if (fnmatch(glob, text, 0) == 0)
					frame = quiet_since;
			}
		}
		if (frame >= 0 &&
		    now_us() - quiet_since >= (long long)quiet_ms * 1000)
			break;
		if (frame < 0 && now_us() > deadline)
			break;
	}
	stop_child(pid);
	close(fd);
	if (frame < 0) {
		screen_text(screen, 0, ROWS - 1, text, sizeof text);
		fprintf(stderr, "frame-time: no screen matching '%s' within "
		    "%d s; the screen:\n%s\n", glob, timeout_s, text);
		vterm_free(vt);
		return 1;
	}
	printf("paint_us=%lld frame_us=%lld bytes=%zu\n", paint - start,
	    frame - start, bytes);
	vterm_free(vt);
	return 0;
}
