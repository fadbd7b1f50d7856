/* Change plans: building the steps, showing them as shell, running them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "change.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

#define CHANGE_SKIPPED "skipped after an earlier error"
#define CHANGE_UNLOGGED "skipped: the audit log could not be written"

void
change_plan_init(struct change_plan *p, const char *command,
    const char *summary)
{
	memset(p, 0, sizeof *p);
	p->command = xstrdup(command);
	p->summary = xstrdup(summary != NULL ? summary : command);
}

static void
change_step_clear(struct change_step *s)
{
	size_t i;

	if (s->argv != NULL) {
		for (i = 0; s->argv[i] != NULL; i++)
			free(s->argv[i]);
		free(s->argv);
	}
	free(s->target);
	free(s->path);
	free(s->data);
	free(s->shell);
	free(s->note);
	if (s->secret != NULL) {
		wipe_memory(s->secret, strlen(s->secret));
		free(s->secret);
	}
	memset(s, 0, sizeof *s);
}

void
change_plan_free(struct change_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->step_count; i++)
		change_step_clear(&p->steps[i]);
	free(p->steps);
	free(p->command);
	free(p->host);
	free(p->where);
	free(p->summary);
	free(p->warning);
	free(p->nothing);
	free(p->secret_prompt);
	memset(p, 0, sizeof *p);
}

void
change_plan_nothing(struct change_plan *p, const char *fmt, ...)
{
	va_list ap;

	free(p->nothing);
	va_start(ap, fmt);
	p->nothing = xvasprintf(fmt, ap);
	va_end(ap);
}

static char *
change_strdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A new zeroed step at the end of the plan. */
static struct change_step *
change_plan_add(struct change_plan *p, enum step_kind kind,
    const char *target, const char *note)
{
	struct change_step *s;

	p->steps = xreallocarray(p->steps, p->step_count + 1, sizeof *p->steps);
	s = &p->steps[p->step_count++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->target = xstrdup(target != NULL ? target : "");
	s->note = change_strdup_or_null(note);
	return s;
}

void
change_plan_add_run(struct change_plan *p, const char *target,
    char *const argv[], int fail_mask, const char *note)
{
	struct change_step *s;
	size_t n, i;

	if (argv == NULL || argv[0] == NULL)
		fatal("change_plan_add_run: empty argv for %s", p->command);
	for (n = 0; argv[n] != NULL; n++)
		;
	s = change_plan_add(p, STEP_RUN, target, note);
	s->argv = xreallocarray(NULL, n + 1, sizeof *s->argv);
	for (i = 0; i < n; i++)
		s->argv[i] = xstrdup(argv[i]);
	s->argv[n] = NULL;
	s->fail_mask = fail_mask;
	s->shell = argv_to_shell(s->argv);
}

void
change_plan_add_call(struct change_plan *p, const char *target,
    char *const argv[], const char *shell, const char *note)
{
	struct change_step *s;
	size_t n, i;

	if (argv == NULL || argv[0] == NULL || shell == NULL)
		fatal("change_plan_add_call: empty call for %s", p->command);
	for (n = 0; argv[n] != NULL; n++)
		;
	s = change_plan_add(p, STEP_CALL, target, note);
	s->argv = xreallocarray(NULL, n + 1, sizeof *s->argv);
	for (i = 0; i < n; i++)
		s->argv[i] = xstrdup(argv[i]);
	s->argv[n] = NULL;
	s->shell = xstrdup(shell);
}

void
change_plan_add_secret_call(struct change_plan *p, const char *target,
    char *const argv[], const char *shell, const char *note)
{
	change_plan_add_call(p, target, argv, shell, note);
	p->steps[p->step_count - 1].wants_secret = 1;
}

void
change_plan_want_secret(struct change_plan *p, size_t max, const char *fmt,
    ...)
{
	va_list ap;

	free(p->secret_prompt);
	va_start(ap, fmt);
	p->secret_prompt = xvasprintf(fmt, ap);
	va_end(ap);
	p->secret_max = max;
}

int
change_plan_set_secret(struct change_plan *p, const char *secret,
    char **cause)
{
	size_t i, len = secret != NULL ? strlen(secret) : 0;
	struct change_step *s;

	if (len == 0) {
		set_cause(cause, "%s: the password is empty; nothing was "
		    "changed", p->command);
		return -1;
	}
	if (p->secret_max > 0 && len > p->secret_max) {
		set_cause(cause, "%s: the password is %zu bytes, longer than "
		    "the %zu the BMC keeps; nothing was changed", p->command,
		    len, p->secret_max);
		return -1;
	}
	for (i = 0; i < p->step_count; i++) {
		s = &p->steps[i];
		if (!s->wants_secret)
			continue;
		if (s->secret != NULL) {
			wipe_memory(s->secret, strlen(s->secret));
			free(s->secret);
		}
		s->secret = xstrdup(secret);
	}
	p->secret_set = 1;
	return 0;
}

/* Whether one line of text is exactly word. */
static int
change_has_line(const char *text, const char *word)
{
	size_t wlen = strlen(word), len;
	const char *nl;

	for (;;) {
		nl = strchr(text, '\n');
		len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if (len == wlen && strncmp(text, word, len) == 0)
			return 1;
		if (nl == NULL)
			return 0;
		text = nl + 1;
	}
}

/* A here-document delimiter that no line of data equals. */
static char *
change_heredoc_mark(const char *data)
{
	char *mark = xstrdup("EOF");
	int n = 0;

	while (change_has_line(data, mark)) {
		free(mark);
		mark = xasprintf("EOF_%d", ++n);
	}
	return mark;
}

/* "cat > PATH <<'EOF'" + data + "EOF"; noclobber when it must not
 * overwrite. */
static char *
change_heredoc_shell(const char *path, const char *data, int noclobber)
{
	char *qpath = shell_quote(path), *mark = change_heredoc_mark(data);
	size_t len = strlen(data);
	const char *nl = len > 0 && data[len - 1] == '\n' ? "" : "\n";
	char *shell;

	if (noclobber)
		shell = xasprintf("(set -C; cat > %s) <<'%s'\n%s%s%s", qpath,
		    mark, data, nl, mark);
	else
		shell = xasprintf("cat > %s <<'%s'\n%s%s%s", qpath, mark, data,
		    nl, mark);
	free(mark);
	free(qpath);
	return shell;
}

/* "echo DATA > PATH", or a here-document when data has several lines. */
static char *
change_write_shell(const char *path, const char *data)
{
	size_t len = strlen(data);
	char *line, *qdata, *qpath, *shell;

	if (len > 0 && data[len - 1] == '\n')
		len--;
	if (memchr(data, '\n', len) != NULL)
		return change_heredoc_shell(path, data, 0);
	line = xstrndup(data, len);
	qdata = shell_quote(line);
	qpath = shell_quote(path);
	/* echo would take "-n" as an option or expand backslashes. */
	if (line[0] == '-' || strchr(line, '\\') != NULL)
		shell = xasprintf("printf '%%s\\n' %s > %s", qdata, qpath);
	else
		shell = xasprintf("echo %s > %s", qdata, qpath);
	free(qpath);
	free(qdata);
	free(line);
	return shell;
}

void
change_plan_add_write(struct change_plan *p, const char *target,
    const char *path, const char *data, const char *note)
{
	struct change_step *s = change_plan_add(p, STEP_WRITE, target, note);

	s->path = xstrdup(path);
	s->data = xstrdup(data);
	s->shell = change_write_shell(path, data);
}

void
change_plan_add_create(struct change_plan *p, const char *target,
    const char *path, const char *data, const char *note)
{
	struct change_step *s = change_plan_add(p, STEP_CREATE, target, note);

	s->path = xstrdup(path);
	s->data = xstrdup(data);
	s->shell = change_heredoc_shell(path, data, 1);
}

void
change_plan_add_note(struct change_plan *p, const char *target,
    const char *note)
{
	change_plan_add(p, STEP_NOTE, target, note != NULL ? note : "");
}

char *
change_plan_describe(const struct change_plan *p)
{
	struct buf b = {0};
	const struct change_step *s;
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < p->step_count; i++) {
		s = &p->steps[i];
		if (s->note != NULL)
			buf_printf(&b, "# %s: %s\n", s->target, s->note);
		if (s->kind != STEP_NOTE)
			buf_printf(&b, "%s\n", s->shell);
	}
	return b.data;
}

/* The first non-blank line of text, trimmed, or NULL. */
static char *
change_first_line(const char *text)
{
	const char *end;

	if (text == NULL)
		return NULL;
	for (;;) {
		while (*text == ' ' || *text == '\t' || *text == '\r')
			text++;
		if (*text == '\0')
			return NULL;
		if (*text != '\n')
			break;
		text++;
	}
	end = text + strcspn(text, "\r\n");
	while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(text, end - text);
}

static char *
change_timeout_text(int timeout_ms)
{
	if (timeout_ms % 1000 == 0)
		return xasprintf("timed out after %d s", timeout_ms / 1000);
	return xasprintf("timed out after %d ms", timeout_ms);
}

/* Why a program could not be started: usually it is not there. */
static char *
change_start_reason(const char *cause)
{
	if (cause == NULL || strstr(cause, "No such file") != NULL ||
	    strstr(cause, "not found") != NULL)
		return xstrdup("not installed");
	return change_first_line(cause);
}

/* NULL when the run went well, else a short reason. */
static char *
change_run_reason(const struct change_step *s, const struct run_result *res,
    int timeout_ms)
{
	char *line;

	if (res->timed_out)
		return change_timeout_text(timeout_ms);
	if (res->exit_status == 127)
		return xstrdup("not installed");
	if (res->exit_status < 0)
		return xstrdup("did not run");
	if ((res->exit_status & s->fail_mask) == 0)
		return NULL;
	if ((line = change_first_line(res->err)) != NULL)
		return line;
	if ((line = change_first_line(res->out)) != NULL)
		return line;
	return xasprintf("exit status %d", res->exit_status);
}

/* A step sent to a remote host whose answer never came back. */
static char *
change_unknown_reason(const char *cause)
{
	char *line = change_first_line(cause), *reason;

	reason = xasprintf("outcome unknown: %s; check the host before "
	    "running it again", line != NULL ? line : "no answer");
	free(line);
	return reason;
}

static char *
change_run_step(struct transport *t, const struct change_step *s,
    int timeout_ms, int *unknown)
{
	struct run_result res;
	char *cause = NULL, *reason;

	memset(&res, 0, sizeof res);
	res.exit_status = -1;
	if (t->ops->run(t, s->argv, NULL, timeout_ms, &res, &cause) != 0) {
		*unknown = errno == ECONNABORTED;
		reason = *unknown ? change_unknown_reason(cause) :
		    change_start_reason(cause);
	} else
		reason = change_run_reason(s, &res, timeout_ms);
	free(cause);
	run_result_free(&res);
	return reason;
}

static char *
change_write_step(struct transport *t, const struct change_step *s,
    int *unknown)
{
	char *cause = NULL, *reason = NULL;
	int flags = s->kind == STEP_CREATE ? TRANSPORT_WRITE_CREATE : 0;

	if (t->ops->write_file(t, s->path, s->data, strlen(s->data), flags,
	    &cause) == 0) {
		free(cause);
		return NULL;
	}
	*unknown = errno == ECONNABORTED;
	if (*unknown)
		reason = change_unknown_reason(cause);
	else if ((reason = change_first_line(cause)) == NULL)
		reason = xasprintf("could not write %s", s->path);
	free(cause);
	return reason;
}

static char *
change_call_step(const struct change_caller *caller,
    const struct change_step *s, char **said)
{
	char *cause = NULL, *reason;

	if (caller == NULL || caller->call == NULL)
		return xstrdup("no plugin here makes this call");
	if (s->wants_secret && s->secret == NULL)
		return xstrdup("no password was given");
	if (caller->call(caller->arg, s, &cause) == 0) {
		/* What a call that worked says ("alice logged in") is its
		 * row's message. */
		*said = change_first_line(cause);
		free(cause);
		return NULL;
	}
	reason = change_first_line(cause);
	free(cause);
	return reason != NULL ? reason : xstrdup("the call failed");
}

/* Run one step; NULL on success, else why it failed (and *unknown 1 when
 * it was sent but its answer was lost). */
static char *
change_do_step(struct transport *t, const struct change_caller *caller,
    const struct change_step *s, int timeout_ms, int *unknown, char **said)
{
	if (t == NULL && s->kind != STEP_CALL && s->kind != STEP_NOTE)
		return xstrdup("this host has no files or programs to reach "
		    "(a BMC alone)");
	switch (s->kind) {
	case STEP_CALL:
		return change_call_step(caller, s, said);
	case STEP_RUN:
		return change_run_step(t, s, timeout_ms, unknown);
	case STEP_WRITE:
	case STEP_CREATE:
		return change_write_step(t, s, unknown);
	case STEP_NOTE:
		break;
	}
	fatal("change_do_step: step kind %d", (int)s->kind);
}

/* Run one step and audit it; 0, or -1 when it could not be audited. */
static int
change_execute_step(struct transport *t, const struct change_caller *caller,
    const struct change_plan *p, const struct change_step *s,
    const char *where, int timeout_ms, struct step_result *sr)
{
	char *reason, *result, *cause = NULL, *said = NULL;
	int rc = 0;

	reason = change_do_step(t, caller, s, timeout_ms, &sr->unknown, &said);
	sr->done = 1;
	sr->ok = reason == NULL;
	sr->message = reason != NULL ? reason : said != NULL ? said :
	    xstrdup("ok");
	if (reason != NULL)
		free(said);
	/* An unknown outcome is logged as that ("outcome unknown: ..."),
	 * never as done nor simply as failed. */
	if (reason == NULL)
		result = xstrdup("ok");
	else if (sr->unknown)
		result = xstrdup(reason);
	else
		result = xasprintf("failed: %s", reason);
	if (audit_record(p->host, where, s->target, p->command, s->shell,
	    result, &cause) != 0) {
		free(sr->message);
		sr->message = xasprintf("%s, but not logged: %s", result,
		    cause);
		sr->ok = 0;
		rc = -1;
	}
	free(cause);
	free(result);
	return rc;
}

/* Where the changes go, for the audit log: the sysroot, "/" for this
 * machine. Caller frees. */
static char *
change_where(struct transport *t)
{
	char *root;
	size_t n;

	if (t->ops->local_path == NULL ||
	    (root = t->ops->local_path(t, "/")) == NULL)
		return xstrdup(t->description != NULL ? t->description : "-");
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
	return root;
}

/* Whether the plan has a step to run (not only notes). */
static int
change_runs_something(const struct change_plan *p)
{
	size_t i;

	for (i = 0; i < p->step_count; i++) {
		if (p->steps[i].kind != STEP_NOTE)
			return 1;
	}
	return 0;
}

/* No step runs: each says why. */
static void
change_refuse(const struct change_plan *p, struct change_result *r,
    char *cause)
{
	size_t i;

	r->refused = xasprintf("%s; nothing was run (--no-audit runs "
	    "changes without the log)", cause);
	for (i = 0; i < p->step_count; i++)
		r->steps[i].message = xstrdup("not run");
	free(cause);
}

int
change_execute(struct transport *t, const struct change_plan *p,
    int timeout_ms, const struct change_caller *caller,
    struct change_result *r)
{
	const struct change_step *s;
	struct step_result *sr;
	const char *skipped = CHANGE_SKIPPED;
	char *cause = NULL, *where;
	int stopped = 0;
	size_t i;

	memset(r, 0, sizeof *r);
	if (p->step_count > 0)
		r->steps = xcalloc(p->step_count, sizeof *r->steps);
	r->step_count = p->step_count;
	if (change_runs_something(p) && audit_check(&cause) != 0) {
		change_refuse(p, r, cause);
		return -1;
	}
	/* A BMC alone has no transport: its plan says where it is. */
	where = t != NULL ? change_where(t) : xstrdup(p->where != NULL ?
	    p->where : "-");
	for (i = 0; i < p->step_count; i++) {
		s = &p->steps[i];
		sr = &r->steps[i];
		if (stopped) {
			sr->message = xstrdup(skipped);
			continue;
		}
		if (s->kind == STEP_NOTE) {
			sr->ok = 1;
			sr->message = xstrdup(s->note != NULL ? s->note : "");
			continue;
		}
		if (change_execute_step(t, caller, p, s, where, timeout_ms,
		    sr) != 0) {
			/* What cannot be logged is not run. */
			stopped = 1;
			skipped = CHANGE_UNLOGGED;
		}
		if (!sr->ok) {
			r->failed++;
			r->unknown += sr->unknown;
			stopped = stopped || p->stop_on_error;
		}
	}
	free(where);
	return r->failed;
}

void
change_result_free(struct change_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->step_count; i++)
		free(r->steps[i].message);
	free(r->steps);
	free(r->refused);
	memset(r, 0, sizeof *r);
}

char *
change_result_text(const struct change_plan *p, const struct change_result *r,
    enum change_text_style style)
{
	int report = style == CHANGE_TEXT_REPORT;
	const struct change_step *s;
	const struct step_result *sr;
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	if (report)
		buf_printf(&b, "%s\n\n", p->summary);
	if (r->refused != NULL) {
		buf_printf(&b, "Refused: %s", r->refused);
		return b.data;
	}
	for (i = 0; i < p->step_count && i < r->step_count; i++) {
		s = &p->steps[i];
		sr = &r->steps[i];
		buf_printf(&b, "%-10s %-7s %s\n", s->target != NULL ?
		    s->target : "-", !sr->done ? "skipped" : sr->ok ? "ok" :
		    sr->unknown ? "UNKNOWN" : "FAILED",
		    sr->message != NULL ? sr->message : "");
		if (report && s->kind != STEP_NOTE)
			buf_printf(&b, "           $ %s\n", s->shell);
	}
	buf_printf(&b, "%s%zu step(s), %d failed", report ? "\n" : "",
	    p->step_count, r->failed);
	if (r->unknown > 0)
		buf_printf(&b, ", %d outcome unknown", r->unknown);
	buf_addstr(&b, report ? "." : "");
	return b.data;
}
