/* Batch mode: --list PANEL [--json], and -c COMMAND through app's one
 * command path with the batch front end (stdout, stderr, --yes). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "change.h"
#include "cmd.h"
#include "frontend.h"
#include "json-out.h"
#include "strutil.h"
#include "textsafe.h"
#include "xmalloc.h"

static void
json_cell(struct buf *b, const struct cell *c)
{
	switch (c->kind) {
	case CELL_NONE:
		buf_addstr(b, "null");
		break;
	case CELL_STR:
		json_put_string(b, c->str);
		break;
	case CELL_NUM:
	case CELL_BYTES:
		buf_printf(b, "%lld", c->num);
		break;
	case CELL_PROGRESS:
		buf_printf(b, "%lld.%lld", c->num / 10, c->num % 10);
		break;
	case CELL_CENTI:
		buf_printf(b, "%s%lld.%02lld", c->num < 0 ? "-" : "",
		    llabs(c->num) / 100, llabs(c->num) % 100);
		break;
	case CELL_BOOL:
		buf_addstr(b, c->num ? "true" : "false");
		break;
	}
}

/* s is p's screen, or one of its other listings (screen.h: lists). */
static void
list_json(const struct panel_state *p, const struct screen *s,
    struct buf *b)
{
	struct view v = panel_view(p);
	struct cell c;
	size_t row, col, n = s->row_count(&v);

	buf_addstr(b, "[");
	for (row = 0; row < n; row++) {
		buf_addstr(b, row > 0 ? ",\n{" : "\n{");
		for (col = 0; col < s->column_count; col++) {
			json_put_key(b, s->columns[col].key, col == 0);
			s->cell(&v, row, col, &c);
			json_cell(b, &c);
		}
		if (s->json_extra != NULL)
			s->json_extra(&v, row, b);
		buf_addstr(b, "}");
	}
	buf_addstr(b, "\n]\n");
}

/* text_safe() flags for what goes to stdout: non-ASCII only in a UTF-8
 * locale. */
static int
batch_text_flags(void)
{
	return text_locale_utf8() ? 0 : TEXT_ASCII;
}

/* Print s (a line or more) made safe, then a newline. */
static void
batch_put_line(const char *s)
{
	char *safe = text_safe(s, TEXT_KEEP_NL | batch_text_flags());

	printf("%s\n", safe);
	free(safe);
}

static void
list_text(const struct panel_state *p, const struct screen *s,
    struct buf *b)
{
	struct view v = panel_view(p);
	struct cell c;
	char text[256], *safe;
	size_t row, col, n = s->row_count(&v);
	int w, flags = batch_text_flags();

	for (col = 0; col < s->column_count; col++) {
		w = s->columns[col].width;
		buf_printf(b, s->columns[col].right ? "%*s " : "%-*s ", w,
		    s->columns[col].title);
	}
	buf_addstr(b, "\n");
	for (row = 0; row < n; row++) {
		for (col = 0; col < s->column_count; col++) {
			w = s->columns[col].width;
			s->cell(&v, row, col, &c);
			cell_format(&c, w, text, sizeof text);
			safe = text_safe(text, flags);
			buf_printf(b, s->columns[col].right ? "%*s " :
			    "%-*s ", w, safe);
			free(safe);
		}
		buf_addstr(b, "\n");
	}
}

/* The panel whose screen offers a listing called name ("ipmi-power"),
 * with that listing in *list; NULL when none does. */
static struct panel_state *
batch_find_list(struct app *app, const char *name,
    const struct screen **list)
{
	const struct screen *s;
	size_t i, j;

	for (i = 0; i < screens_count; i++) {
		s = screens_list[i];
		for (j = 0; j < s->list_count; j++) {
			if (strcmp(s->lists[j]->name, name) == 0) {
				*list = s->lists[j];
				return app_panel(app, s->name);
			}
		}
	}
	return NULL;
}

int
batch_list(struct app *app, const char *panel, int json)
{
	struct panel_state *p = app_panel(app, panel);
	const struct screen *s = p != NULL ? p->screen : NULL, *ls;
	struct buf b = {0};
	struct view v;
	const char *notice;
	char *cause = NULL;
	size_t i, j;

	if (p == NULL)
		p = batch_find_list(app, panel, &s);
	if (p == NULL) {
		buf_addstr(&b, "");
		for (i = 0; i < app->panel_count; i++) {
			ls = app->panels[i]->screen;
			buf_printf(&b, " %s", ls->name);
			for (j = 0; j < ls->list_count; j++)
				buf_printf(&b, " %s", ls->lists[j]->name);
		}
		text_warn("no panel called %s (panels:%s)", panel, b.data);
		buf_free(&b);
		return 2;
	}
	/* A host's panel, not the core's (--list hosts): whose? */
	if (s->plugin != NULL && (cause = app_batch_host_unsaid(app)) != NULL) {
		text_warn("--list %s: %s: name one with --host NAME (--list "
		    "hosts lists them all)", panel, cause);
		free(cause);
		return 2;
	}
	if (app_snapshot_now(app, p, &cause) != 0) {
		text_warn("%s: %s", panel, cause);
		free(cause);
		return 1;
	}
	v = panel_view(p);
	notice = s->notice != NULL ? s->notice(&v) : NULL;
	if (notice != NULL)
		text_warn("%s: %s", panel, notice);
	buf_addstr(&b, "");
	if (json)
		list_json(p, s, &b);
	else
		list_text(p, s, &b);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	return 0;
}

/* --- the batch front end (frontend.h) -------------------------------- */

struct batch_fe {
	struct app *app;
	int status; /* the exit status so far: 0, 1 a step failed, 2 refused */
};

static void
print_plan(const struct change_plan *plan)
{
	char *steps = change_plan_describe(plan), *line;

	batch_put_line(plan->summary);
	if (plan->host != NULL) {
		line = xasprintf("On host %s (%s)", plan->host,
		    plan->where != NULL ? plan->where : "?");
		batch_put_line(line);
		free(line);
	}
	if (plan->warning != NULL) {
		printf("Note: ");
		batch_put_line(plan->warning);
	}
	printf("Runs:\n");
	batch_put_line(steps);
	free(steps);
}

/*
 * A plan that needs a secret (a new BMC user's password) takes one line
 * of standard input, never an argument: 0, or -1 with the reason printed.
 * The line is wiped once the plan holds its copy.
 */
static int
batch_read_secret(struct app *app, const struct change_plan *plan)
{
	char *line = NULL, *cause = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc;

	len = getline(&line, &cap, stdin);
	if (len < 0) {
		text_warn("%s: no password on standard input (%s: one line); "
		    "nothing was changed", plan->command, plan->secret_prompt);
		free(line);
		return -1;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	rc = app_set_secret(app, line, &cause);
	wipe_memory(line, cap);
	free(line);
	if (rc != 0) {
		text_warn("%s", cause);
		free(cause);
	}
	return rc;
}

/* Print the plan; run it with --yes (or when it is not destructive),
 * never with --dry-run. */
static void
batch_fe_confirm(void *fe, const struct change_plan *plan, int dry_run)
{
	struct batch_fe *b = fe;
	const char *name = plan->command;
	size_t n = strcspn(name, " ");

	print_plan(plan);
	if (dry_run) {
		printf("dry run: nothing was run\n");
		app_confirm(b->app, 0);
	} else if (plan->destructive && !b->app->opt.yes) {
		text_warn("%.*s changes the machine; add --yes to run it (or "
		    "--dry-run to only show it)", (int)n, name);
		b->status = 2;
		app_confirm(b->app, 0);
	} else if (plan->secret_prompt != NULL &&
	    batch_read_secret(b->app, plan) != 0) {
		b->status = 2;
		app_confirm(b->app, 0);
	} else
		app_confirm(b->app, 1);
}

/* The steps as a table on stdout; a refused change has none (its error
 * message says why). */
static void
batch_fe_show_result(void *fe, const struct change_plan *plan,
    const struct change_result *r)
{
	struct batch_fe *b = fe;
	char *text;

	if (r->refused != NULL || r->failed > 0)
		b->status = 1;
	if (r->refused != NULL)
		return;
	text = change_result_text(plan, r, CHANGE_TEXT_TABLE);
	batch_put_line(text);
	free(text);
}

/* Errors to stderr, answers to stdout; no status line for the notes. */
static void
batch_fe_message(void *fe, int flags, const char *text)
{
	(void)fe;
	if (flags & FE_MSG_NOTE)
		return;
	if (flags & FE_MSG_ERROR)
		text_warn("%s", text);
	else
		batch_put_line(text);
}

static const struct frontend_ops batch_frontend_ops = {
	.name = "batch",
	.interactive = 0,
	.help_where = "rackcon --help",
	.confirm = batch_fe_confirm,
	.show_result = batch_fe_show_result,
	.message = batch_fe_message,
	.redraw = NULL,
};

int
batch_command(struct app *app, const char *line)
{
	struct batch_fe fe = { .app = app, .status = 0 };
	char **argv = NULL, *cause = NULL;
	int argc = 0, status;

	/* An empty line is no command; app_run_line() would do nothing. */
	if (cmd_split(line, &argv, &argc, &cause) == 0 && argc == 0) {
		text_warn("-c needs a command");
		return 2;
	}
	free(cause);
	string_list_free(argv, (size_t)argc);
	app_set_frontend(app, &batch_frontend_ops, &fe);
	status = app_run_line(app, line);
	app_set_frontend(app, NULL, NULL);
	return status != APP_RUN_OK ? status : fe.status;
}
