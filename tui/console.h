/*
 * A console: a host's byte stream (a BMC's Serial-over-LAN) that a
 * plugin opens (plugin.h: console_open), painted into a terminal pane
 * (term-pane.h), logged to a file with a timestamp per line on request.
 * No curses: the curses front end (tui/curses/console-pane.c) polls the
 * console's descriptor, draws the pane and passes keys.
 *
 * Threads: everything here runs on the UI thread. Opening (the plugin
 * may read or ask a password) and writing the log run as jobs on the
 * app's worker pool; their results come back through the pool's done
 * callbacks. The front end owns each console and frees it with
 * console_free(), which also closes the plugin's console.
 */
#ifndef RACKCON_CONSOLE_H
#define RACKCON_CONSOLE_H

#include <stddef.h>

#include "strutil.h"

struct app;
struct panel_state;
struct term_pane;

enum console_state {
	CONSOLE_OPENING,  /* the job runs, or the far side is not up yet */
	CONSOLE_UP,       /* bytes flow */
	CONSOLE_ENDED,    /* why says why; console_reopen() tries again */
	CONSOLE_IN_USE    /* another session holds it: reopen with steal */
};

struct console;

/* What the console tells whoever shows it. UI thread. */
struct console_events {
	/* The descriptor to poll from now on (fd >= 0), or none (-1). */
	void (*watch)(void *arg, struct console *c, int old_fd, int fd);
	/* The pane has damage, or the state or title changed. */
	void (*changed)(void *arg, struct console *c);
	void *arg;
};

struct console {
	struct app *app;
	struct panel_state *panel; /* whose plugin handle opens it */
	char *host;             /* the host's name */
	char *title;            /* "SOL ADMIN@127.0.0.1:9051" */
	enum console_state state;
	char *why;              /* CONSOLE_ENDED, CONSOLE_IN_USE: the
				   library's words; else NULL */
	struct term_pane *pane;
	struct console_events ev;
	void *pc;               /* the plugin's console */
	int fd;                 /* its descriptor, or -1 */
	int opening;            /* an open job runs */
	int jobs;               /* jobs that refer to it (open, log) */
	int freed;              /* console_free() was called: the struct
				   goes when the last job is through */
	long long bytes_in, bytes_out;
	long long last_in_ms;
	/* The log: a file, appended to by jobs one at a time (key: the
	 * console), each line prefixed with the time it began. */
	char *log_path;         /* NULL: not logging */
	struct buf log_pending; /* formatted, not yet handed to a job */
	int log_writing;        /* a log job runs */
	int log_line_start;     /* the next byte begins a line */
	char *log_error;        /* the last write's failure, or NULL */
};

/* A console of the host panel p's plugin, rows x cols; its open job is
 * submitted at once (PLUGIN_CONSOLE_STEAL in flags: take it over). NULL
 * with *cause when the plugin has no console or there is no pane. */
struct console *console_new(struct app *app, struct panel_state *p,
    int rows, int cols, unsigned flags, const struct console_events *ev,
    char **cause);
/* Close and open again (after it ended, or to steal it). */
void console_reopen(struct console *c, unsigned flags);
/* The descriptor is readable (or hung up): read what is there, paint it,
 * log it; at end of file the console has ended and says why. */
void console_readable(struct console *c);
/* Write a key's bytes to the far side. -1 with *cause when it is not
 * up. */
int console_send(struct console *c, const char *buf, size_t len,
    char **cause);
int console_break(struct console *c, char **cause);
/* Start logging to path (NULL: stop). *said: what to tell the admin. */
int console_log(struct console *c, const char *path, char **said,
    char **cause);
/* Lines of the log for the time t (seconds): "[YYYY-MM-DD HH:MM:SS] "
 * before each line's first byte, carriage returns dropped. Appends to
 * out; *line_start carries across calls. For the console and its tests. */
void console_log_format(struct buf *out, const char *data, size_t len,
    long long t, int *line_start);
void console_free(struct console *c);
/* Whether name is a terminal type the far side of a console may be (the
 * config's console-term, the console-term command): what the keys are
 * sent as (tui/curses/vt-keys.h). xterm*, screen*, tmux*, linux, ansi,
 * vt100, vt102, vt220, vt320, and vt100+ (a BIOS's console redirection). */
int console_term_known(const char *name);

#endif
