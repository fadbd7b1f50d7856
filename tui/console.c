/* A console: a plugin's byte stream painted into a terminal pane, logged. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "clock.h"
#include "console.h"
#include "plugin.h"
#include "term-pane.h"
#include "worker.h"
#include "xmalloc.h"

/* Bytes read from the descriptor in one pass of the loop at most, so
 * that a flood never holds a keypress back for long. */
#define CONSOLE_READ_MAX (32 * 1024)

struct console_open_job {
	struct console *c;
	const struct plugin_descriptor *desc;
	struct panel_state *panel;
	void *handle;
	unsigned flags;
	int fd;
};

struct console_log_job {
	struct console *c;
	char *path;
	struct buf data;
};

static const struct plugin_descriptor *
console_desc(const struct console *c)
{
	return c->panel->plugin != NULL ? c->panel->plugin->desc : NULL;
}

static void
console_changed(struct console *c)
{
	if (c->ev.changed != NULL)
		c->ev.changed(c->ev.arg, c);
}

/* The struct goes once nothing refers to it: console_free() was called
 * and no job is through with it. */
static void
console_release(struct console *c)
{
	if (!c->freed || c->jobs > 0)
		return;
	free(c->host);
	free(c->title);
	free(c->why);
	free(c->log_path);
	free(c->log_error);
	buf_free(&c->log_pending);
	term_pane_free(c->pane);
	free(c);
}

/* Stop polling and close the plugin's console (its descriptor too). */
static void
console_drop_stream(struct console *c)
{
	const struct plugin_descriptor *d = console_desc(c);

	if (c->fd >= 0 && c->ev.watch != NULL)
		c->ev.watch(c->ev.arg, c, c->fd, -1);
	c->fd = -1;
	if (c->pc != NULL && d != NULL)
		d->console_close(c->pc);
	c->pc = NULL;
}

/* --- opening ------------------------------------------------------------ */

static void *
console_open_run(struct job *job, void *arg, char **cause)
{
	struct console_open_job *o = arg;

	return o->desc->console_open(o->handle, o->flags, job, &o->fd,
	    cause);
}

static void
console_open_done(void *arg, void *result, char *cause, int timed_out)
{
	struct console_open_job *o = arg;
	struct console *c = o->c;

	c->opening = 0;
	if (c->freed) {
		if (result != NULL)
			o->desc->console_close(result);
		free(cause);
		return;
	}
	if (result == NULL) {
		free(c->why);
		c->why = cause != NULL ? cause : xstrdup(timed_out ?
		    "the console did not start in time" : "cancelled");
		c->state = CONSOLE_ENDED;
		console_changed(c);
		return;
	}
	free(cause);
	c->pc = result;
	c->fd = o->fd;
	c->last_in_ms = clock_now_ms();
	if (c->ev.watch != NULL)
		c->ev.watch(c->ev.arg, c, -1, c->fd);
	console_changed(c);
}

static void
console_open_forget(void *arg)
{
	struct console_open_job *o = arg;

	o->panel->jobs--;
	o->c->jobs--;
	console_release(o->c);
	free(o);
}

static void
console_submit_open(struct console *c, unsigned flags)
{
	struct console_open_job *o = xcalloc(1, sizeof *o);
	struct job_spec spec;

	o->c = c;
	o->desc = console_desc(c);
	o->panel = c->panel;
	o->handle = c->panel->handle;
	o->flags = flags;
	o->fd = -1;
	memset(&spec, 0, sizeof spec);
	/* After the handle's refresh, not beside it (the plugin may ask
	 * for the password once for both). */
	spec.key = c->panel->handle;
	spec.class = JOB_CONNECT;
	spec.visible = 1;
	spec.fn = console_open_run;
	spec.done = console_open_done;
	spec.free_result = o->desc->console_close;
	spec.arg = o;
	spec.free_arg = console_open_forget;
	c->opening = 1;
	c->jobs++;
	c->panel->jobs++;
	c->state = CONSOLE_OPENING;
	free(c->why);
	c->why = NULL;
	worker_submit_job(c->app->pool, &spec);
}

struct console *
console_new(struct app *app, struct panel_state *p, int rows, int cols,
    unsigned flags, const struct console_events *ev, char **cause)
{
	struct console *c;
	struct term_pane *pane;

	if (p->plugin == NULL || p->handle == NULL) {
		set_cause(cause, "%s: %s", p->host != NULL ? p->host->name :
		    "?", p->unavailable != NULL ? p->unavailable :
		    "the plugin is not loaded");
		return NULL;
	}
	if (p->plugin->desc->console_open == NULL) {
		set_cause(cause, "the %s plugin has no console",
		    p->plugin->desc->name);
		return NULL;
	}
	if (app->pool == NULL) {
		set_cause(cause, "a console needs the interactive UI");
		return NULL;
	}
	pane = term_pane_new(rows, cols, cause);
	if (pane == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->app = app;
	c->panel = p;
	c->host = xstrdup(p->host != NULL ? p->host->name : "?");
	c->pane = pane;
	c->fd = -1;
	c->log_line_start = 1;
	if (ev != NULL)
		c->ev = *ev;
	console_submit_open(c, flags);
	return c;
}

void
console_reopen(struct console *c, unsigned flags)
{
	if (c->opening)
		return;
	console_drop_stream(c);
	console_submit_open(c, flags);
	console_changed(c);
}

/* --- the log ------------------------------------------------------------ */

void
console_log_format(struct buf *out, const char *data, size_t len,
    long long t, int *line_start)
{
	char stamp[40];
	struct tm tm;
	time_t tt = (time_t)t;
	size_t i, run;

	stamp[0] = '\0';
	for (i = 0; i < len; i += run) {
		if (*line_start) {
			if (stamp[0] == '\0') {
				localtime_r(&tt, &tm);
				strftime(stamp, sizeof stamp,
				    "[%Y-%m-%d %H:%M:%S] ", &tm);
			}
			buf_addstr(out, stamp);
			*line_start = 0;
		}
		/* A run up to and with the next newline, without CRs. */
		for (run = 0; i + run < len && data[i + run] != '\n'; run++)
			;
		if (i + run < len)
			run++;
		{
			size_t k, from = i;

			for (k = i; k < i + run; k++) {
				if (data[k] != '\r')
					continue;
				buf_add(out, data + from, k - from);
				from = k + 1;
			}
			buf_add(out, data + from, i + run - from);
		}
		if (data[i + run - 1] == '\n')
			*line_start = 1;
	}
}

static void *
console_log_run(struct job *job, void *arg, char **cause)
{
	struct console_log_job *l = arg;
	size_t off = 0;
	ssize_t n;
	int fd;

	(void)job;
	fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (fd < 0) {
		*cause = xasprintf("%s: %s", l->path, strerror(errno));
		return NULL;
	}
	while (off < l->data.len) {
		n = write(fd, l->data.data + off, l->data.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*cause = xasprintf("%s: %s", l->path,
			    strerror(errno));
			close(fd);
			return NULL;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		*cause = xasprintf("%s: %s", l->path, strerror(errno));
		return NULL;
	}
	return l; /* any non-NULL: written */
}

static void console_log_flush(struct console *c);

static void
console_log_done(void *arg, void *result, char *cause, int timed_out)
{
	struct console_log_job *l = arg;
	struct console *c = l->c;

	(void)result;
	(void)timed_out;
	c->log_writing = 0;
	if (cause != NULL && !c->freed) {
		free(c->log_error);
		c->log_error = cause;
		console_changed(c);
	} else
		free(cause);
	if (!c->freed)
		console_log_flush(c);
}

static void
console_log_forget(void *arg)
{
	struct console_log_job *l = arg;

	l->c->jobs--;
	console_release(l->c);
	free(l->path);
	buf_free(&l->data);
	free(l);
}

/* Hand what is pending to a job, unless one writes now (then its done()
 * hands on the rest: the log stays in order). */
static void
console_log_flush(struct console *c)
{
	struct console_log_job *l;
	struct job_spec spec;

	if (c->log_writing || c->log_pending.len == 0 || c->log_path == NULL)
		return;
	l = xcalloc(1, sizeof *l);
	l->c = c;
	l->path = xstrdup(c->log_path);
	l->data = c->log_pending;
	memset(&c->log_pending, 0, sizeof c->log_pending);
	memset(&spec, 0, sizeof spec);
	spec.key = c;
	spec.class = JOB_CHANGE;
	spec.fn = console_log_run;
	spec.done = console_log_done;
	spec.arg = l;
	spec.free_arg = console_log_forget;
	c->log_writing = 1;
	c->jobs++;
	worker_submit_job(c->app->pool, &spec);
}

int
console_log(struct console *c, const char *path, char **said, char **cause)
{
	if (path == NULL) {
		if (c->log_path == NULL) {
			set_cause(cause, "the console is not being logged");
			return -1;
		}
		console_log_flush(c);
		*said = xasprintf("stopped logging %s to %s", c->title,
		    c->log_path);
		free(c->log_path);
		c->log_path = NULL;
		buf_free(&c->log_pending);
		console_changed(c);
		return 0;
	}
	free(c->log_path);
	c->log_path = xstrdup(path);
	free(c->log_error);
	c->log_error = NULL;
	c->log_line_start = 1;
	*said = xasprintf("logging %s to %s", c->title, path);
	console_changed(c);
	return 0;
}

/* --- the stream --------------------------------------------------------- */

static void
console_ended(struct console *c)
{
	const struct plugin_descriptor *d = console_desc(c);
	char *why = NULL;
	int kind = PLUGIN_CONSOLE_FAILED;

	if (c->pc != NULL && d != NULL)
		kind = d->console_end(c->pc, &why);
	free(c->why);
	c->why = why != NULL ? why : xstrdup("the console ended");
	c->state = kind == PLUGIN_CONSOLE_IN_USE ? CONSOLE_IN_USE :
	    CONSOLE_ENDED;
	console_drop_stream(c);
	console_log_flush(c);
	console_changed(c);
}

/* Answers the pane owes the far side (device attributes, cursor
 * position): best effort, as a VT would. */
static void
console_answer(struct console *c)
{
	char out[256];
	size_t n;

	while ((n = term_pane_take_output(c->pane, out, sizeof out)) > 0) {
		if (write(c->fd, out, n) < 0)
			break;
	}
}

void
console_readable(struct console *c)
{
	char buf[4096], *p;
	size_t total = 0;
	ssize_t n;

	while (c->fd >= 0 && total < CONSOLE_READ_MAX) {
		n = read(c->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			console_ended(c);
			return;
		}
		p = buf;
		if (c->state == CONSOLE_OPENING) {
			/* libipmiconsole's one NUL: the console is up. */
			c->state = CONSOLE_UP;
			if (buf[0] == '\0') {
				p++;
				n--;
			}
			console_changed(c);
		}
		total += (size_t)n;
		c->bytes_in += n;
		c->last_in_ms = clock_now_ms();
		term_pane_feed(c->pane, p, (size_t)n);
		if (c->log_path != NULL)
			console_log_format(&c->log_pending, p, (size_t)n,
			    time(NULL), &c->log_line_start);
	}
	console_answer(c);
	console_log_flush(c);
	if (term_pane_damaged(c->pane))
		console_changed(c);
}

int
console_send(struct console *c, const char *buf, size_t len, char **cause)
{
	ssize_t n;

	if (c->state != CONSOLE_UP || c->fd < 0) {
		set_cause(cause, "%s is not connected", c->title);
		return -1;
	}
	while (len > 0) {
		n = write(c->fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			set_cause(cause, "%s: the console does not take "
			    "keys this fast; some were dropped", c->title);
			return -1;
		}
		if (n < 0) {
			console_ended(c);
			set_cause(cause, "%s", c->why);
			return -1;
		}
		c->bytes_out += n;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
console_break(struct console *c, char **cause)
{
	if (c->state != CONSOLE_UP || c->pc == NULL) {
		set_cause(cause, "%s is not connected", c->title);
		return -1;
	}
	return console_desc(c)->console_break(c->pc, cause);
}

void
console_free(struct console *c)
{
	if (c == NULL)
		return;
	console_log_flush(c);
	console_drop_stream(c);
	c->freed = 1;
	console_release(c);
}

int
console_term_known(const char *name)
{
	static const char *const exact[] = { "linux", "ansi", "vt100",
		"vt102", "vt220", "vt320", "vt100+" };
	static const char *const families[] = { "xterm", "screen", "tmux" };
	size_t i;

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		if (strcasecmp(name, exact[i]) == 0)
			return 1;
	}
	for (i = 0; i < sizeof families / sizeof families[0]; i++) {
		if (strncasecmp(name, families[i], strlen(families[i])) == 0)
			return 1;
	}
	return 0;
}
