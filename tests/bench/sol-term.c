/*
 * sol-term: what a console program writes to its own terminal while a
 * serial console floods it, read off a terminal emulator (libvterm).
 *
 * Usage: sol-term [-i IDLE_MS] [-q QUIET_MS] [-s ROWSxCOLS] [-t TIMEOUT_S]
 *                 [-w GLOB | -k KEYS]... -f KEYS -e GLOB COMMAND [ARG...]
 *
 * Runs COMMAND on a new pseudo-terminal (80x24 unless -s says; the caller
 * sets TERM, LANG, HOME) through tests/bench/vterm-child.c. Then, in the
 * order given, each -w waits (at most TIMEOUT_S, default 20) until a
 * screen line matches the fnmatch(3) pattern GLOB and each -k types KEYS
 * (\r, \e, \\ and \xHH are decoded: "\x1d" is Ctrl-]). Then it types the
 * -f KEYS (what starts the flood at the far side), counts every byte the
 * program writes from there, and waits until a screen line matches the
 * -e GLOB (the flood's end marker; at most 10 x TIMEOUT_S), and then until
 * the output has rested QUIET_MS (default 300). Last it counts what the
 * untouched program writes in IDLE_MS (default 3000). Prints one line of
 * key=value figures for tests/bench/run-sol-bench.sh:
 *
 *   flood_us=... term_bytes=... end_bytes=... reads=... cpu_ms=...
 *   idle_bytes=... idle_ms=... stop_ms=...
 *
 * flood_us: from the write of -f to the read after which the end marker
 * was on the screen; term_bytes: what the program wrote from the write of
 * -f until its output rested after the marker (end_bytes: until the
 * marker's read); reads: the reads that got bytes meanwhile (an upper
 * bound on the program's screen updates: one update can take several);
 * cpu_ms: the program's user plus system CPU over the same span;
 * idle_bytes: written in the idle_ms after. Then COMMAND gets SIGTERM
 * (SIGKILL if it lingers two seconds); stop_ms: how long it took to go,
 * -1 when it had to be killed. Exit 0 when figures came, 1 when a wait
 * ran out or the program ended (the screen on stderr), 2 for bad usage.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vterm-child.h"

#define MAX_STEPS 32

struct step {
	char what; /* 'w' or 'k' */
	const char *arg;
};

static void
usage(void)
{
	fputs("usage: sol-term [-i IDLE_MS] [-q QUIET_MS] [-s ROWSxCOLS] "
	      "[-t TIMEOUT_S] [-w GLOB | -k KEYS]... -f KEYS -e GLOB "
	      "COMMAND [ARG...]\n", stderr);
	exit(2);
}

/* KEYS with \r, \e, \\ and \xHH decoded into buf; its length. */
static size_t
decode_keys(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	unsigned v;

	while (*s != '\0' && n < size) {
		if (*s != '\\' || s[1] == '\0') {
			buf[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'r': buf[n++] = '\r'; s++; break;
		case 'e': buf[n++] = '\033'; s++; break;
		case 'x':
			if (sscanf(s + 1, "%2x", &v) != 1)
				usage();
			buf[n++] = (char)v;
			s += strspn(s + 1, "0123456789abcdefABCDEF") > 1 ? 3 : 2;
			break;
		default: buf[n++] = *s++; break;
		}
	}
	return n;
}

static int
type_keys(struct vterm_child *c, const char *keys)
{
	char buf[1024];
	size_t n = decode_keys(keys, buf, sizeof buf);

	return write(c->fd, buf, n) == (ssize_t)n ? 0 : -1;
}

/* A screen line matches glob. */
static int
screen_has(struct vterm_child *c, const char *glob, char *text, size_t size)
{
	int row;

	for (row = 0; row < c->rows; row++) {
		vterm_child_text(c, row, row, text, size);
		if (fnmatch(glob, text, 0) == 0)
			return 1;
	}
	return 0;
}

/* Read until a line matches glob, at most timeout_us. 0, or -1 with the
 * screen on stderr. */
static int
wait_for(struct vterm_child *c, const char *glob, long long timeout_us,
    char *text, size_t size)
{
	long long deadline = vterm_child_now_us() + timeout_us;
	int got = 1;

	while (vterm_child_now_us() < deadline) {
		if (got == 1 && screen_has(c, glob, text, size))
			return 0;
		if ((got = vterm_child_pump(c, 10)) == -1)
			break;
	}
	vterm_child_text(c, 0, c->rows - 1, text, size);
	fprintf(stderr, "sol-term: %s '%s'; the screen:\n%s\n", got == -1 ?
	    "the program ended before" : "no line matching", glob, text);
	return -1;
}

/* Read until nothing came for quiet_ms (at most 10 s). -1 when the
 * program ended. */
static int
wait_quiet(struct vterm_child *c, int quiet_ms)
{
	long long give_up = vterm_child_now_us() + 10000000;
	int got;

	while (vterm_child_now_us() < give_up) {
		got = vterm_child_pump(c, quiet_ms);
		if (got == -1)
			return -1;
		if (got == 0)
			return 0;
	}
	return 0;
}

/* User plus system CPU of pid so far in ms, -1 when unknown. */
static long long
cpu_ms(pid_t pid)
{
	char path[64], line[512], *p;
	unsigned long long ut, st;
	long long ms = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	/* After "(comm) ": state is field 3, utime 14, stime 15. */
	if (fgets(line, sizeof line, f) != NULL &&
	    (p = strrchr(line, ')')) != NULL &&
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
	    "%*u %llu %llu", &ut, &st) == 2)
		ms = (long long)(ut + st) * 1000 / sysconf(_SC_CLK_TCK);
	fclose(f);
	return ms;
}

int
main(int argc, char **argv)
{
	struct vterm_child c;
	struct step steps[MAX_STEPS];
	int nsteps = 0, timeout_s = 20, rows = 24, cols = 80;
	int idle_ms = 3000, quiet_ms = 300, opt, i, got;
	const char *flood = NULL, *end = NULL;
	long long t0, flood_us, cpu0, cpu1, reads = 0, stop, deadline;
	size_t size, b0, end_bytes, term_bytes, idle0;
	char *text;

	while ((opt = getopt(argc, argv, "+e:f:i:k:q:s:t:w:")) != -1) {
		switch (opt) {
		case 'e': end = optarg; break;
		case 'f': flood = optarg; break;
		case 'i': idle_ms = vterm_child_number(usage, optarg, 0, 600000); break;
		case 'q': quiet_ms = vterm_child_number(usage, optarg, 1, 60000); break;
		case 's':
			if (vterm_child_size(optarg, &rows, &cols) == -1)
				usage();
			break;
		case 't': timeout_s = vterm_child_number(usage, optarg, 1, 600); break;
		case 'k':
		case 'w':
			if (nsteps == MAX_STEPS)
				usage();
			steps[nsteps].what = (char)opt;
			steps[nsteps++].arg = optarg;
			break;
		default: usage();
		}
	}
	if (argc - optind < 1 || flood == NULL || end == NULL)
		usage();
	size = (size_t)rows * ((size_t)cols * 4 + 1) + 1;
	if ((text = malloc(size)) == NULL)
		return 1;
	if (vterm_child_start(&c, rows, cols, argv + optind) == -1)
		return 1;
	for (i = 0; i < nsteps; i++) {
		if (steps[i].what == 'k' ? type_keys(&c, steps[i].arg) :
		    wait_for(&c, steps[i].arg, timeout_s * 1000000LL, text,
		    size)) {
			vterm_child_stop(&c);
			return 1;
		}
	}

	/* What is left of the last screen change is not the flood's. */
	if (wait_quiet(&c, quiet_ms) == -1) {
		fputs("sol-term: the program ended\n", stderr);
		return 1;
	}
	b0 = c.bytes;
	cpu0 = cpu_ms(c.pid);
	t0 = vterm_child_now_us();
	if (type_keys(&c, flood) == -1) {
		vterm_child_stop(&c);
		return 1;
	}
	deadline = t0 + timeout_s * 10000000LL;
	for (;;) {
		if (vterm_child_now_us() >= deadline) {
			vterm_child_text(&c, 0, c.rows - 1, text, size);
			fprintf(stderr, "sol-term: no '%s' after %d s\n", end,
			    timeout_s * 10);
			vterm_child_stop(&c);
			return 1;
		}
		got = vterm_child_pump(&c, 100);
		if (got == -1) {
			fputs("sol-term: the program ended\n", stderr);
			return 1;
		}
		if (got == 1) {
			reads++;
			if (screen_has(&c, end, text, size))
				break;
		}
	}
	flood_us = c.last - t0;
	end_bytes = c.bytes - b0;
	if (wait_quiet(&c, quiet_ms) == -1) {
		fputs("sol-term: the program ended\n", stderr);
		return 1;
	}
	cpu1 = cpu_ms(c.pid);
	term_bytes = c.bytes - b0;

	/* Idle: a measuring window, the program untouched. */
	idle0 = c.bytes;
	t0 = vterm_child_now_us();
	deadline = t0 + idle_ms * 1000LL;
	while (vterm_child_now_us() < deadline) {
		if (vterm_child_pump(&c, (int)((deadline -
		    vterm_child_now_us()) / 1000) + 1) == -1)
			break;
	}
	printf("flood_us=%lld term_bytes=%zu end_bytes=%zu reads=%lld "
	    "cpu_ms=%lld idle_bytes=%zu idle_ms=%lld ", flood_us, term_bytes,
	    end_bytes, reads, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
	    c.bytes - idle0, (vterm_child_now_us() - t0) / 1000);
	stop = vterm_child_stop(&c);
	printf("stop_ms=%lld\n", stop);
	free(text);
	return 0;
}
