/* Batch mode: --list PANEL [--json] and -c COMMAND, without a terminal. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "cmd.h"
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
	case CELL_BOOL:
		buf_addstr(b, c->num ? "true" : "false");
		break;
	}
}

static void
list_json(const struct panel_state *p, struct buf *b)
{
	const struct screen *s = p->screen;
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
list_text(const struct panel_state *p, struct buf *b)
{
	const struct screen *s = p->screen;
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

int
batch_list(struct app *app, const char *panel, int json)
{
	struct panel_state *p = app_panel(app, panel);
	struct buf b = {0};
	struct view v;
	const char *notice;
	char *cause = NULL;
	size_t i;

	if (p == NULL) {
		buf_addstr(&b, "");
		for (i = 0; i < app->panel_count; i++)
			buf_printf(&b, " %s", app->panels[i].screen->name);
		text_warn("no panel called %s (panels:%s)", panel, b.data);
		buf_free(&b);
		return 2;
	}
	if (app_snapshot_now(app, p, &cause) != 0) {
		text_warn("%s: %s", panel, cause);
		free(cause);
		return 1;
	}
	v = panel_view(p);
	notice = p->screen->notice != NULL ? p->screen->notice(&v) : NULL;
	if (notice != NULL)
		text_warn("%s: %s", panel, notice);
	buf_addstr(&b, "");
	if (json)
		list_json(p, &b);
	else
		list_text(p, &b);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	return 0;
}

static void
print_plan(const struct change_plan *plan)
{
	char *steps = change_plan_describe(plan);

	batch_put_line(plan->summary);
	if (plan->warning != NULL) {
		printf("Note: ");
		batch_put_line(plan->warning);
	}
	printf("Runs:\n");
	batch_put_line(steps);
	free(steps);
}

static int
run_plan(struct app *app, const struct change_plan *plan)
{
	struct change_result r;
	char *line;
	size_t i;
	int failed;

	failed = change_execute(app->transport, plan,
	    app->opt.command_timeout_ms, &r);
	if (r.refused != NULL) {
		text_warn("%s: refused: %s", plan->command, r.refused);
		change_result_free(&r);
		return 1;
	}
	for (i = 0; i < plan->step_count; i++) {
		line = xasprintf("%-10s %-7s %s", plan->steps[i].target != NULL ?
		    plan->steps[i].target : "-", !r.steps[i].done ? "skipped" :
		    r.steps[i].ok ? "ok" : "FAILED", r.steps[i].message != NULL ?
		    r.steps[i].message : "");
		batch_put_line(line);
		free(line);
	}
	printf("%zu step(s), %d failed\n", plan->step_count, failed);
	change_result_free(&r);
	return failed > 0 ? 1 : 0;
}

static int
batch_change(struct app *app, const struct command *cmd, int argc,
    char **argv)
{
	struct panel_state *p = app_panel(app, cmd->panel);
	struct change_plan plan;
	char *cause = NULL;
	int status;

	memset(&plan, 0, sizeof plan);
	if (!app->opt.read_only && p != NULL &&
	    app_snapshot_now(app, p, &cause) != 0) {
		text_warn("%s: %s", cmd->panel, cause);
		free(cause);
		return 1;
	}
	if (app_plan_change(app, cmd, argc, argv, &plan, &cause) != 0) {
		text_warn("%s", cause);
		free(cause);
		return 2;
	}
	if (plan.nothing != NULL) {
		/* Nothing to confirm, run or log. */
		batch_put_line(plan.nothing);
		change_plan_free(&plan);
		return 0;
	}
	print_plan(&plan);
	if (app->opt.dry_run) {
		printf("dry run: nothing was run\n");
		status = 0;
	} else if (plan.destructive && !app->opt.yes) {
		text_warn("%s changes the machine; add --yes "
		    "to run it (or --dry-run to only show it)", cmd->name);
		status = 2;
	} else
		status = run_plan(app, &plan);
	change_plan_free(&plan);
	return status;
}

int
batch_command(struct app *app, const char *line)
{
	const struct command *cmd;
	char **argv = NULL, *cause = NULL;
	int argc = 0, status = 2;

	if (cmd_split(line, &argv, &argc, &cause) != 0) {
		text_warn("%s", cause);
		free(cause);
		return 2;
	}
	if (argc == 0) {
		text_warn("-c needs a command");
		goto out;
	}
	cmd = cmd_find(argv[0]);
	if (cmd == NULL)
		text_warn("unknown command: %s (rackcon --help "
		    "lists them)", argv[0]);
	else if (cmd_check_args(cmd, argc - 1, &cause) != 0)
		text_warn("%s", cause);
	else if (cmd->flags & CMD_UI)
		text_warn("%s works only in the interactive "
		    "UI", cmd->name);
	else if (cmd->flags & CMD_CHANGES)
		status = batch_change(app, cmd, argc, argv);
	else if (cmd->run(app, argc - 1, argv + 1, &cause) != 0)
		text_warn("%s", cause);
	else
		status = 0;
out:
	free(cause);
	string_list_free(argv, (size_t)argc);
	return status;
}
