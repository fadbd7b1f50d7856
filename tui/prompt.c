/* The prompt line: `:` commands with completion, and `/` live filtering. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "keys.h"
#include "line-edit.h"
#include "strutil.h"
#include "ui-internal.h"
#include "xmalloc.h"

void
ui_open_prompt(struct ui *ui, enum prompt_mode mode, const char *prefill)
{
	struct prompt *pr = &ui->prompt;
	struct panel_state *p = app_current(ui->app);

	pr->active = 1;
	pr->mode = mode;
	line_edit_set(&pr->line, prefill);
	free(pr->saved_filter);
	pr->saved_filter = p->filter != NULL ? xstrdup(p->filter) : NULL;
	curs_set(1);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

void
prompt_draw(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *before = xstrndup(pr->line.text, pr->line.cursor);
	size_t skip = 0;
	int room = ui->cols - 2;

	/* Scroll long lines so the cursor stays visible. */
	while (ui_text_width(before + skip) >= room && before[skip] != '\0')
		skip++;
	werase(ui->status);
	wmove(ui->status, 0, 0);
	waddstr(ui->status, pr->mode == PROMPT_FILTER ? "/" : ":");
	ui_put_cells(ui->status, pr->line.text + skip, room, 0);
	leaveok(ui->status, FALSE);
	wmove(ui->status, 0, 1 + ui_text_width(before + skip));
	free(before);
}

static void
prompt_close(struct ui *ui)
{
	ui->prompt.active = 0;
	leaveok(ui->status, TRUE);
	curs_set(0);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

static void
prompt_live_filter(struct ui *ui)
{
	struct panel_state *p = app_current(ui->app);

	free(p->filter);
	p->filter = ui->prompt.line.len > 0 ? xstrdup(ui->prompt.line.text) :
	    NULL;
	panel_reorder(p);
	ui_dirty(ui, UI_DIRTY_TABLE | UI_DIRTY_DETAIL);
}

/* Complete the command name at the start of the line. */
static void
prompt_complete(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char **matches, *prefix, *list;
	size_t n, common, i;

	if (pr->mode != PROMPT_COMMAND || strchr(pr->line.text, ' ') != NULL)
		return;
	prefix = xstrdup(pr->line.text);
	n = cmd_complete(prefix, &matches);
	if (n == 0)
		app_message(ui->app, 1, "no command starts with '%s'", prefix);
	else {
		common = strlen(matches[0]);
		for (i = 1; i < n; i++) {
			while (strncmp(matches[0], matches[i], common) != 0)
				common--;
		}
		matches[0][common] = '\0';
		line_edit_set(&pr->line, matches[0]);
		if (n == 1)
			line_edit_insert(&pr->line, " ", 1);
		else {
			list = str_join(matches, n, " ");
			app_message(ui->app, 0, "%zu commands: %s", n, list);
			free(list);
		}
	}
	string_list_free(matches, n);
	free(prefix);
}

static void
prompt_submit(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *line = xstrdup(pr->line.text);

	prompt_close(ui);
	if (pr->mode == PROMPT_COMMAND)
		app_run_line(ui->app, line);
	else
		prompt_live_filter(ui);
	free(line);
}

static void
prompt_cancel(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	struct panel_state *p = app_current(ui->app);

	prompt_close(ui);
	if (pr->mode == PROMPT_FILTER) {
		free(p->filter);
		p->filter = pr->saved_filter;
		pr->saved_filter = NULL;
		panel_reorder(p);
		ui_dirty(ui, UI_DIRTY_TABLE | UI_DIRTY_DETAIL);
	}
}

void
prompt_key(struct ui *ui, int key)
{
	int changed;

	key = key_normalise(key);
	ui_dirty(ui, UI_DIRTY_STATUS);
	if (key == 13) {
		prompt_submit(ui);
		return;
	}
	if (key == 27 || key == 7) { /* Esc, C-g */
		prompt_cancel(ui);
		return;
	}
	if (key == '\t') {
		prompt_complete(ui);
		return;
	}
	changed = line_edit_key(&ui->prompt.line, key);
	if (changed > 0 && ui->prompt.mode == PROMPT_FILTER)
		prompt_live_filter(ui);
}
