/*
 * key-time: how long a full-screen program takes to show a keypress, read
 * off a terminal emulator (libvterm) as its output arrives.
 *
 * Usage: key-time [-m COUNT] [-n KEYS] [-s ROWSxCOLS] [-t TIMEOUT_S]
 *                 [-w FILE] GLOB COMMAND [ARG...]
 *
 * Runs COMMAND on a new pseudo-terminal (80x24 unless -s says; the caller
 * sets TERM, LANG, HOME) through tests/bench/vterm-child.c and waits until
 * COUNT (default 1) of its screen lines each match the fnmatch(3) pattern
 * GLOB; with -w, also until FILE exists (say, a fixture's hanging program
 * has started). Then it types KEYS (default 50) keys, Down and Up in turn
 * (Down for an Up on the table's first line, where a re-sorting table may
 * have put the selected row), 40 to 100 ms apart (a pseudo-random gap, so
 * the keys fall anywhere in the program's refresh cycle), and times each
 * from the write of the key to
 * the read after which the selected row (the one in reverse video at
 * column 0) is another: its first word changed. Prints one line of
 * key=value figures for tests/bench/run-fleet.sh:
 *
 *   keys=... missed=... median_us=... p95_us=... max_us=... cpu_ms=...
 *   wall_ms=... hwm_kib=... stop_ms=...
 *
 * missed: keys whose move did not show within 2 s (left out of the
 * figures; each said on stderr: a table that re-sorted after the screen
 * was last read may have put the row at the top before an Up came);
 * cpu_ms: the program's user plus system CPU while the keys were typed
 * (wall_ms long), which says how busy it was;
 * hwm_kib: its peak RSS then (VmHWM). Then COMMAND gets SIGTERM (SIGKILL
 * if it lingers two seconds); stop_ms: how long it took to go, -1 when it
 * had to be killed.
 * Exit 0 when figures came, 1 when the start screen did not come within
 * TIMEOUT_S (default 20) or no key showed, 2 for bad usage.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vterm-child.h"

#define KEY_GIVE_UP_US 2000000
/* The table's first line: under the tab bar (0) and the header (1). */
#define TABLE_FIRST_LINE 2

static void
usage(void)
{
	fputs("usage: key-time [-m COUNT] [-n KEYS] [-s ROWSxCOLS] "
	      "[-t TIMEOUT_S] [-w FILE] GLOB COMMAND [ARG...]\n", stderr);
	exit(2);
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

/* The selected table row: the first below the tab bar and above the
 * status line whose first cell is in reverse video; -1 when none is. */
static int
selected_row(struct vterm_child *c)
{
	VTermScreenCell cell;
	VTermPos pos = {.col = 0};

	for (pos.row = 1; pos.row < c->rows - 1; pos.row++) {
		if (vterm_screen_get_cell(c->screen, pos, &cell) &&
		    cell.attrs.reverse)
			return pos.row;
	}
	return -1;
}

/* Keep reading for ms milliseconds (the program must not block on a full
 * pty); -1 when it ended. */
static int
read_for(struct vterm_child *c, long long ms)
{
	long long end = vterm_child_now_us() + ms * 1000, left;

	while ((left = end - vterm_child_now_us()) > 0) {
		if (vterm_child_pump(c, (int)(left / 1000) + 1) == -1)
			return -1;
	}
	return 0;
}

static int
compare_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Wait for the start screen (and FILE). 0, or -1 with the screen shown. */
static int
wait_start(struct vterm_child *c, const char *glob, int count,
    const char *file, int timeout_s, char *text, size_t size)
{
	long long deadline = vterm_child_now_us() +
	    (long long)timeout_s * 1000000;
	int got = 0;

	while (vterm_child_now_us() < deadline) {
		got = vterm_child_pump(c, 10);
		if (got == -1)
			break;
		if (lines_matching(c, glob, text, size) >= count &&
		    (file == NULL || access(file, F_OK) == 0))
			return 0;
	}
	vterm_child_text(c, 0, c->rows - 1, text, size);
	fprintf(stderr, "key-time: %s; the screen:\n%s\n", got == -1 ?
	    "the program ended" : file != NULL ? "no start screen or no file "
	    "within the time" : "no start screen within the time", text);
	return -1;
}

/* The selected row's first word (a host, a disk) into name; "" when no
 * row is selected. */
static void
selected_name(struct vterm_child *c, char *name, size_t size)
{
	int row = selected_row(c);
	size_t n;

	name[0] = '\0';
	if (row < 0)
		return;
	vterm_child_text(c, row, row, name, size);
	n = strspn(name, " ");
	memmove(name, name + n, strlen(name + n) + 1);
	name[strcspn(name, " \n")] = '\0';
}

/*
 * Type one key and time it: until the selection is on another row's
 * name. The name, not the screen row: a table that re-sorts as reads come
 * in keeps the selection on its row wherever that row goes, and at the
 * foot of the window a move scrolls instead. -1 when no move showed (said
 * on stderr), -2 when the program ended.
 */
static long long
time_key(struct vterm_child *c, VTermKey key)
{
	char before[128], now[128];
	long long t0, deadline;
	int got;

	/* Up on the table's first line (under the tab bar and the header),
	 * where a re-sorting table may have put the row, would not move. */
	if (key == VTERM_KEY_UP && selected_row(c) == TABLE_FIRST_LINE)
		key = VTERM_KEY_DOWN;
	selected_name(c, before, sizeof before);
	t0 = vterm_child_now_us();
	if (before[0] == '\0') {
		fprintf(stderr, "key-time: no selected row to move\n");
		return -1;
	}
	if (vterm_child_key(c, key) == -1)
		return -1;
	deadline = t0 + KEY_GIVE_UP_US;
	while (vterm_child_now_us() < deadline) {
		got = vterm_child_pump(c, 10);
		if (got == -1)
			return -2;
		if (got != 1)
			continue;
		selected_name(c, now, sizeof now);
		if (now[0] != '\0' && strcmp(now, before) != 0)
			return c->last - t0;
	}
	fprintf(stderr, "key-time: the selection stayed on %s for %d s\n",
	    before, KEY_GIVE_UP_US / 1000000);
	return -1;
}

int
main(int argc, char **argv)
{
	struct vterm_child c;
	int count = 1, keys = 50, timeout_s = 20, rows = 24, cols = 80;
	int opt, i, n = 0, missed = 0;
	long long *took, t, cpu0, cpu1, hwm, wall0, stop;
	const char *glob, *file = NULL;
	unsigned seed = 1;
	size_t size;
	char *text;

	while ((opt = getopt(argc, argv, "+m:n:s:t:w:")) != -1) {
		switch (opt) {
		case 'm': count = vterm_child_number(usage, optarg, 1, 500); break;
		case 'n': keys = vterm_child_number(usage, optarg, 1, 10000); break;
		case 's':
			if (vterm_child_size(optarg, &rows, &cols) == -1)
				usage();
			break;
		case 't': timeout_s = vterm_child_number(usage, optarg, 1, 600); break;
		case 'w': file = optarg; break;
		default: usage();
		}
	}
	if (argc - optind < 2)
		usage();
	glob = argv[optind];
	size = (size_t)rows * ((size_t)cols * 4 + 1) + 1;
	text = malloc(size);
	took = calloc((size_t)keys, sizeof *took);
	if (text == NULL || took == NULL)
		return 1;
	if (vterm_child_start(&c, rows, cols, argv + optind + 1) == -1)
		return 1;
	if (wait_start(&c, glob, count, file, timeout_s, text, size) == -1) {
		vterm_child_stop(&c);
		return 1;
	}

	vterm_child_usage(c.pid, &cpu0, &hwm);
	wall0 = vterm_child_now_us();
	for (i = 0; i < keys; i++) {
		t = time_key(&c, i % 2 == 0 ? VTERM_KEY_DOWN : VTERM_KEY_UP);
		if (t == -2)
			break;
		if (t < 0)
			missed++;
		else
			took[n++] = t;
		if (read_for(&c, 40 + rand_r(&seed) % 61) == -1)
			break;
	}
	vterm_child_usage(c.pid, &cpu1, &hwm);
	t = vterm_child_now_us() - wall0;
	stop = vterm_child_stop(&c);
	free(text);
	if (n == 0) {
		fprintf(stderr, "key-time: no key showed (%d missed)\n", missed);
		free(took);
		return 1;
	}
	qsort(took, (size_t)n, sizeof *took, compare_ll);
	printf("keys=%d missed=%d median_us=%lld p95_us=%lld max_us=%lld "
	    "cpu_ms=%lld wall_ms=%lld hwm_kib=%lld stop_ms=%lld\n", n, missed,
	    took[(n - 1) / 2], took[(n * 95 + 99) / 100 - 1], took[n - 1],
	    cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, t / 1000, hwm, stop);
	free(took);
	return 0;
}
