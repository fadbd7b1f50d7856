/*
 * A program on a pseudo-terminal of its own, its output fed to a libvterm
 * screen as it arrives: what tests/bench/frame-time and key-time share.
 *
 * One thread (the benchmark's main). vterm_child_start() forks the
 * program; vterm_child_pump() reads what it wrote (feeding libvterm and
 * answering what it asks of the terminal); vterm_child_stop() ends it
 * (SIGTERM, then SIGKILL after two seconds) and frees everything.
 */
#ifndef RACKCON_VTERM_CHILD_H
#define RACKCON_VTERM_CHILD_H

#include <stddef.h>
#include <sys/types.h>

#include <vterm.h>

struct vterm_child {
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	int fd;         /* the pty's master side */
	pid_t pid;
	size_t bytes;   /* written by the program so far */
	long long last; /* now_us() of the last read that got bytes */
};

/* Monotonic microseconds. */
long long vterm_child_now_us(void);
/* An option's number s, from min (0 or more) to max; anything else
 * calls usage (which exits). */
int vterm_child_number(void (*usage)(void), const char *s, int min, int max);
/* "ROWSxCOLS" (2..500 each) into *rows and *cols; -1 when it is not. */
int vterm_child_size(const char *s, int *rows, int *cols);
/* Run argv (PATH searched) on a rows x cols pty. 0, or -1 with a message
 * on stderr. */
int vterm_child_start(struct vterm_child *c, int rows, int cols,
    char **argv);
/* Wait up to timeout_ms for output and take one read of it. 1 when bytes
 * came, 0 when none did, -1 when the program has ended (or poll failed). */
int vterm_child_pump(struct vterm_child *c, int timeout_ms);
/* Screen rows first to last (0-based, inclusive) as UTF-8 text, rows
 * joined by newlines, into buf. */
void vterm_child_text(struct vterm_child *c, int first, int last, char *buf,
    size_t size);
/* Type one key as the terminal would send it (cursor keys follow the
 * program's DECCKM mode). 0, or -1 when the write failed. */
int vterm_child_key(struct vterm_child *c, VTermKey key);
/* End the program: SIGTERM, SIGKILL after two seconds. Returns the ms it
 * took to go after SIGTERM, or -1 when it needed the SIGKILL. */
long long vterm_child_stop(struct vterm_child *c);
/* User plus system CPU of pid so far in ms, and its VmHWM in KiB (-1
 * each when unknown). */
void vterm_child_usage(pid_t pid, long long *cpu_ms, long long *hwm_kib);

#endif
