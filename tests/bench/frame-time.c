/*
 * frame-time: how long a full-screen program takes to show a screen, read
 * off a terminal emulator (libvterm) as its output arrives.
 *
 * Usage: frame-time [-l LINE | -m COUNT] [-q QUIET_MS] [-s ROWSxCOLS]
 *                   [-t TIMEOUT_S] [-f GLOB1] [-a PROGRAM -g GLOB2]
 *                   GLOB COMMAND [ARG...]
 *
 * Runs COMMAND on a new pseudo-terminal, 80x24 unless -s says (environment
 * as given: the caller sets TERM, LANG, HOME), feeds every byte it writes to
 * libvterm (tests/bench/vterm-child.c) and looks at the screen after each
 * read. Prints one line of key=value figures for tests/bench/run-bench.sh:
 *
 *   paint_us=... frame_us=... bytes=... cpu_ms=...
 *
 * paint_us: from just before the fork to the first read after which the
 * screen shows anything; frame_us: ... after which the screen (with -l, its
 * line LINE, 0 the top; with -m, at least COUNT of its lines, each on its
 * own) matches the fnmatch(3) pattern GLOB; bytes: what it wrote from the
 * start until its output has rested QUIET_MS (default 300) after the frame;
 * cpu_ms: COMMAND's user and system CPU when the frame came.
 * Then COMMAND gets SIGTERM (SIGKILL if it lingers).
 *
 * With -f GLOB1, once the frame is there the screen is watched until it
 * matches GLOB1 as the frame matched GLOB (a later state of the same
 * screen: every row's whole read in after its first frame); the line gets
 * then_us=..., from the start as frame_us (-1 when it did not within
 * TIMEOUT_S more).
 *
 * With -a PROGRAM -g GLOB2, once the frame (and GLOB1) is there PROGRAM
 * runs (no arguments; frame-time waits for it: it changes what COMMAND
 * watches, say the simulated BMCs' power) and then the screen is watched
 * until it matches GLOB2 as the frame matched GLOB (-l or -m alike); the
 * line gets change_us=..., from PROGRAM's end to the read that completed
 * it (-1 when it did not within TIMEOUT_S more).
 *
 * Unlike polling a tmux pane, nothing here samples: each time is that of
 * the read that completed the screen, good to the scheduler's wake-up.
 * Exit 0 when the frame came, 1 (the screen on stderr) when it did not
 * within TIMEOUT_S seconds (default 20), 2 for bad usage.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vterm-child.h"

static void
usage(void)
{
	fputs("usage: frame-time [-l LINE | -m COUNT] [-q QUIET_MS] "
	      "[-s ROWSxCOLS] [-t TIMEOUT_S] [-f GLOB1] [-a PROGRAM -g GLOB2] "
	      "GLOB COMMAND [ARG...]\n", stderr);
	exit(2);
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

/* How many of the screen's lines match glob, each on its own. */
static int
lines_matching(struct vterm_child *c, const char *glob, char *text,
    size_t size)
{
	int row, n = 0;

	for (row = 0; row < c->rows; row++) {
		vterm_child_text(c, row, row, text, size);
		if (fnmatch(glob, text, 0) == 0)
			n++;
	}
	return n;
}

/* Is the frame there: line, COUNT lines or the whole screen match? */
static int
frame_there(struct vterm_child *c, const char *glob, int line, int count,
    char *text, size_t size)
{
	if (count > 0)
		return lines_matching(c, glob, text, size) >= count;
	if (line >= 0)
		vterm_child_text(c, line, line, text, size);
	else
		vterm_child_text(c, 0, c->rows - 1, text, size);
	return fnmatch(glob, text, 0) == 0;
}

/* Run program (no arguments) and wait for it: 0 when it exited 0. */
static int
run_program(const char *program)
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		execl(program, program, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Read until the screen matches glob (as the frame: line or count):
 * the time of the read that completed it, or -1 (the screen and why on
 * stderr) when it did not within timeout_s. */
static long long
wait_glob(struct vterm_child *c, const char *glob, int line, int count,
    int timeout_s, const char *after, char *text, size_t size)
{
	long long deadline = vterm_child_now_us() +
	    (long long)timeout_s * 1000000;
	int got;

	for (;;) {
		got = vterm_child_pump(c, 10);
		if (got == -1)
			return -1;
		if (got == 1 && frame_there(c, glob, line, count, text, size))
			return c->last;
		if (vterm_child_now_us() > deadline) {
			vterm_child_text(c, 0, c->rows - 1, text, size);
			fprintf(stderr, "frame-time: no screen matching '%s' "
			    "within %d s after %s; the screen:\n%s\n", glob,
			    timeout_s, after, text);
			return -1;
		}
	}
}

/* After the frame: run program, then the microseconds until the screen
 * matches glob2 (from the program's end), or -1. */
static long long
change_time(struct vterm_child *c, const char *program, const char *glob2,
    int line, int count, int timeout_s, char *text, size_t size)
{
	long long t0, done;

	if (run_program(program) != 0) {
		fprintf(stderr, "frame-time: %s failed\n", program);
		return -1;
	}
	t0 = vterm_child_now_us();
	done = wait_glob(c, glob2, line, count, timeout_s, program, text,
	    size);
	return done < 0 ? -1 : done - t0;
}

int
main(int argc, char **argv)
{
	struct vterm_child c;
	long long start, paint = -1, frame = -1, deadline;
	int line = -1, count = 0, quiet_ms = 300, timeout_s = 20, opt, got;
	int rows = 24, cols = 80;
	const char *glob, *program = NULL, *glob2 = NULL, *later = NULL;
	long long change = -1, cpu_ms = -1, hwm_kib, then = -1;
	size_t size;
	char *text;

	while ((opt = getopt(argc, argv, "+a:f:g:l:m:q:s:t:")) != -1) {
		switch (opt) {
		case 'a': program = optarg; break;
		case 'f': later = optarg; break;
		case 'g': glob2 = optarg; break;
		case 'l': line = vterm_child_number(usage, optarg, 0, 499); break;
		case 'm': count = vterm_child_number(usage, optarg, 1, 500); break;
		case 'q': quiet_ms = vterm_child_number(usage, optarg, 1, 60000); break;
		case 's':
			if (vterm_child_size(optarg, &rows, &cols) == -1)
				usage();
			break;
		case 't': timeout_s = vterm_child_number(usage, optarg, 1, 600); break;
		default: usage();
		}
	}
	if (argc - optind < 2 || line >= rows || (line >= 0 && count > 0) ||
	    (program == NULL) != (glob2 == NULL))
		usage();
	glob = argv[optind];
	size = (size_t)rows * ((size_t)cols * 4 + 1) + 1;
	text = malloc(size);
	if (text == NULL)
		return 1;

	start = vterm_child_now_us();
	if (vterm_child_start(&c, rows, cols, argv + optind + 1) == -1)
		return 1;
	deadline = start + (long long)timeout_s * 1000000;
	for (;;) {
		got = vterm_child_pump(&c, 10);
		if (got == -1)
			break;
		if (got == 1 && frame < 0) {
			vterm_child_text(&c, 0, rows - 1, text, size);
			if (paint < 0 && has_ink(text))
				paint = c.last;
			if (frame_there(&c, glob, line, count, text, size)) {
				frame = c.last;
				vterm_child_usage(c.pid, &cpu_ms, &hwm_kib);
			}
		}
		if (frame >= 0 && later != NULL && then < 0) {
			then = wait_glob(&c, later, line, count, timeout_s,
			    "the frame", text, size);
			if (then < 0)
				break;
		}
		if (frame >= 0 && program != NULL) {
			change = change_time(&c, program, glob2, line, count,
			    timeout_s, text, size);
			break;
		}
		if (frame >= 0 &&
		    vterm_child_now_us() - c.last >= (long long)quiet_ms * 1000)
			break;
		if (frame < 0 && vterm_child_now_us() > deadline)
			break;
	}
	if (frame < 0)
		vterm_child_text(&c, 0, rows - 1, text, size);
	vterm_child_stop(&c);
	if (frame < 0) {
		fprintf(stderr, "frame-time: no screen matching '%s' within "
		    "%d s; the screen:\n%s\n", glob, timeout_s, text);
		free(text);
		return 1;
	}
	printf("paint_us=%lld frame_us=%lld bytes=%zu cpu_ms=%lld",
	    paint - start, frame - start, c.bytes, cpu_ms);
	if (later != NULL)
		printf(" then_us=%lld", then < 0 ? -1 : then - start);
	if (program != NULL)
		printf(" change_us=%lld", change);
	printf("\n");
	free(text);
	return 0;
}
