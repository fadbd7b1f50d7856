/* The prompt line: `:` commands with completion, and `/` live filtering. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "complete.h"
#include "keys.h"
#include "line-edit.h"
#include "strutil.h"
#include "ui-internal.h"
#include "worker.h"
#include "xmalloc.h"

static void prompt_draw_secret(struct ui *ui);

/* The status line asks: text, and the cursor where the answer goes (of
 * which nothing is shown). */
static void
prompt_draw_asking(struct ui *ui, const char *text)
{
	werase(ui->status);
	wmove(ui->status, 0, 0);
	ui_put_cells(ui->status, text, ui->cols - 1, 0);
	leaveok(ui->status, FALSE);
	wmove(ui->status, 0, ui_text_width(text) < ui->cols - 1 ?
	    ui_text_width(text) : ui->cols - 1);
}

void
ui_open_prompt(struct ui *ui, enum prompt_mode mode, const char *prefill)
{
	struct prompt *pr = &ui->prompt;
	struct panel_state *p = app_current(ui->app);

	pr->active = 1;
	ui_focus_push(ui, &prompt_focus);
	pr->mode = mode;
	pr->history_at = pr->history_count;
	line_edit_set(&pr->line, prefill);
	free(pr->saved_filter);
	pr->saved_filter = p->filter != NULL ? xstrdup(p->filter) : NULL;
	curs_set(1);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

/* Open the next waiting question, if nothing else holds the prompt. */
static void
prompt_next_question(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;

	if (pr->active || pr->waiting_count == 0)
		return;
	pr->question = pr->waiting[0];
	memmove(pr->waiting, pr->waiting + 1,
	    (pr->waiting_count - 1) * sizeof *pr->waiting);
	pr->waiting_count--;
	pr->active = 1;
	ui_focus_push(ui, &prompt_focus);
	pr->mode = PROMPT_ASK;
	line_edit_set(&pr->line, "");
	curs_set(1);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

void
ui_ask(struct ui *ui, struct question *q)
{
	struct prompt *pr = &ui->prompt;

	pr->waiting = xreallocarray(pr->waiting, pr->waiting_count + 1,
	    sizeof *pr->waiting);
	pr->waiting[pr->waiting_count++] = q;
	prompt_next_question(ui);
}

/* A question too long for the status line (a host key's fingerprint, a
 * server's keyboard-interactive text): all of it, wrapped, in a window
 * just above the line, which stays until the question is answered. */
static void
prompt_question_box(struct ui *ui, const char *text)
{
	struct prompt *pr = &ui->prompt;
	size_t i;
	int h;

	pr->list_count = ui_wrap_text(text, ui->cols - 2, &pr->list);
	h = pr->list_count < (size_t)(ui->rows - 1) ? (int)pr->list_count :
	    ui->rows - 1;
	pr->list_win = newwin(h, ui->cols, ui->rows - 1 - h, 0);
	if (pr->list_win == NULL)
		return;
	pr->list_panel = new_panel(pr->list_win);
	leaveok(pr->list_win, TRUE);
	wattrset(pr->list_win, ui->theme.selected);
	for (i = 0; i < (size_t)h; i++) {
		wmove(pr->list_win, (int)i, 0);
		ui_put_cells(pr->list_win, " ", 1, 0);
		ui_put_cells(pr->list_win, pr->list[i], ui->cols - 1, 0);
	}
	wattrset(pr->list_win, A_NORMAL);
}

/* A question's line: its text (or, when it does not fit, the text above
 * it and here only where the answer goes), and nothing of a secret being
 * typed. */
static void
prompt_draw_question(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	struct question *q = pr->question;
	const char *end = question_kind(q) == QUESTION_YES_NO ? " (y/n) " :
	    " ";
	char *text;

	text = xasprintf("%s%s", question_prompt(q), end);
	if (ui_text_width(text) >= ui->cols - 1) {
		if (pr->list_win == NULL)
			prompt_question_box(ui, question_prompt(q));
		free(text);
		text = xstrdup(question_kind(q) == QUESTION_YES_NO ?
		    "Answer y or n (Esc: no): " :
		    "Type the answer (not shown), Enter (Esc: none): ");
	}
	prompt_draw_asking(ui, text);
	free(text);
}

void
prompt_draw(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *before;
	size_t skip = 0;
	int room = ui->cols - 2;

	if (pr->mode == PROMPT_ASK) {
		prompt_draw_question(ui);
		return;
	}
	if (pr->mode == PROMPT_SECRET) {
		prompt_draw_secret(ui);
		return;
	}
	before = xstrndup(pr->line.text, pr->line.cursor);

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
	prompt_list_close(ui);
	ui->prompt.active = 0;
	ui_focus_drop(ui, &prompt_focus);
	leaveok(ui->status, TRUE);
	curs_set(0);
	ui_dirty(ui, UI_DIRTY_STATUS);
	prompt_next_question(ui);
}

/* Answer the question asked (NULL: declined) and forget what was typed. */
static void
prompt_answer(struct ui *ui, const char *answer)
{
	struct prompt *pr = &ui->prompt;
	struct question *q = pr->question;

	pr->question = NULL;
	question_answer(q, answer);
	explicit_bzero(pr->line.text, pr->line.size);
	line_edit_set(&pr->line, "");
	prompt_close(ui);
}

void
ui_ask_plan_secret(struct ui *ui, const struct change_plan *plan,
    int dry_run)
{
	struct prompt *pr = &ui->prompt;

	free(pr->secret_prompt);
	pr->secret_prompt = xstrdup(plan->secret_prompt);
	pr->secret_dry_run = dry_run;
	pr->secret_first = NULL;
	pr->secret_again = NULL;
	pr->active = 1;
	ui_focus_push(ui, &prompt_focus);
	pr->mode = PROMPT_SECRET;
	line_edit_set(&pr->line, "");
	curs_set(1);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

/* The secret prompt's line: which entry, and why it is asked again. */
static void
prompt_draw_secret(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *text;

	if (pr->secret_first != NULL)
		text = xstrdup("Again, to check (not shown): ");
	else
		text = xasprintf("%s%s%s (not shown, Esc: cancel): ",
		    pr->secret_again != NULL ? pr->secret_again : "",
		    pr->secret_again != NULL ? " " : "", pr->secret_prompt);
	/* A line too narrow for it all keeps the why and the rule. */
	if (ui_text_width(text) >= ui->cols - 1 && pr->secret_first == NULL) {
		free(text);
		text = xasprintf("%s%sPassword (not shown): ",
		    pr->secret_again != NULL ? pr->secret_again : "",
		    pr->secret_again != NULL ? " " : "");
	}
	prompt_draw_asking(ui, text);
	free(text);
}

/* Forget everything typed at the secret prompt. */
static void
prompt_secret_wipe(struct prompt *pr)
{
	if (pr->secret_first != NULL) {
		wipe_memory(pr->secret_first, strlen(pr->secret_first));
		free(pr->secret_first);
		pr->secret_first = NULL;
	}
	wipe_memory(pr->line.text, pr->line.size);
	line_edit_set(&pr->line, "");
}

/* Ask from the first entry again, saying why. */
static void
prompt_secret_again(struct prompt *pr, const char *why)
{
	prompt_secret_wipe(pr);
	free(pr->secret_again);
	pr->secret_again = xstrdup(why);
}

/* Why an entry of len bytes was refused, short enough for the prompt's
 * line with the question after it. */
static char *
prompt_secret_refused(const struct app *app, size_t len)
{
	size_t max = app->pending != NULL ? app->pending->plan.secret_max : 0;

	if (len == 0)
		return xstrdup("Empty.");
	if (max > 0 && len > max)
		return xasprintf("%zu bytes: longer than the %zu the BMC "
		    "keeps.", len, max);
	return xstrdup(app->pending == NULL ? "No change waits for it." :
	    "Refused.");
}

/* Keys at the secret prompt: typed unseen, Enter takes an entry, Esc or
 * C-g cancels the change. */
static void
prompt_secret_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->prompt;
	char *cause = NULL;
	int dry_run = pr->secret_dry_run;

	if (key == 27 || key == 7) {
		prompt_secret_wipe(pr);
		prompt_close(ui);
		app_confirm(ui->app, 0);
		return;
	}
	if (key != 13) {
		line_edit_key(&pr->line, key);
		return;
	}
	if (pr->secret_first == NULL) {
		pr->secret_first = xstrdup(pr->line.text);
		wipe_memory(pr->line.text, pr->line.size);
		line_edit_set(&pr->line, "");
		return;
	}
	if (strcmp(pr->secret_first, pr->line.text) != 0) {
		prompt_secret_again(pr, "The two differ.");
		return;
	}
	if (app_set_secret(ui->app, pr->line.text, &cause) != 0) {
		/* Too long, or empty: asked again, saying why in a few words
		 * (the cause, for batch mode, is a sentence too long for the
		 * line), never with the secret. */
		free(cause);
		cause = prompt_secret_refused(ui->app, strlen(pr->line.text));
		prompt_secret_again(pr, cause);
		free(cause);
		return;
	}
	prompt_secret_wipe(pr);
	free(pr->secret_again);
	pr->secret_again = NULL;
	prompt_close(ui);
	if (ui->app->pending != NULL)
		ui_show_confirm(ui, &ui->app->pending->plan, dry_run);
}

/* Keys while a question is asked: y or n for a yes/no; a secret is typed
 * unseen and Enter gives it; Esc or C-g declines either. */
static void
prompt_question_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->prompt;

	if (key == 27 || key == 7) {
		prompt_answer(ui, NULL);
		return;
	}
	if (question_kind(pr->question) == QUESTION_YES_NO) {
		if (key == 'y' || key == 'Y')
			prompt_answer(ui, "y");
		else if (key == 'n' || key == 'N')
			prompt_answer(ui, "n");
		return;
	}
	if (key == 13) {
		prompt_answer(ui, pr->line.text);
		return;
	}
	line_edit_key(&pr->line, key);
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

void
prompt_list_close(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;

	if (pr->list_panel != NULL)
		del_panel(pr->list_panel);
	if (pr->list_win != NULL)
		delwin(pr->list_win);
	pr->list_panel = NULL;
	pr->list_win = NULL;
	string_list_free(pr->list, pr->list_count);
	pr->list = NULL;
	pr->list_count = 0;
	ui_dirty(ui, UI_DIRTY_ALL);
}

/* The candidates in columns above the prompt line, as many rows as fit
 * in a third of the screen; "... N more" when they do not all fit. */
static void
prompt_list_draw(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	int w = 0, cols, rows, h, r, c, room;
	size_t i, shown;
	char more[48];

	for (i = 0; i < pr->list_count; i++) {
		if (ui_text_width(pr->list[i]) > w)
			w = ui_text_width(pr->list[i]);
	}
	w += 2;
	if (w > ui->cols)
		w = ui->cols;
	cols = ui->cols / w > 0 ? ui->cols / w : 1;
	rows = (int)((pr->list_count + (size_t)cols - 1) / (size_t)cols);
	room = ui->rows / 3 > 1 ? ui->rows / 3 : 1;
	h = rows < room ? rows : room;
	shown = (size_t)h * (size_t)cols;
	if (shown < pr->list_count)
		shown--; /* the last cell says how many more */
	pr->list_win = newwin(h, ui->cols, ui->rows - 1 - h, 0);
	if (pr->list_win == NULL)
		return;
	pr->list_panel = new_panel(pr->list_win);
	leaveok(pr->list_win, TRUE);
	wattrset(pr->list_win, ui->theme.selected);
	for (r = 0; r < h; r++) {
		wmove(pr->list_win, r, 0);
		ui_put_cells(pr->list_win, "", ui->cols, 0);
	}
	for (i = 0; i < pr->list_count && i <= shown; i++) {
		/* Down the columns, as ls does. */
		r = (int)(i % (size_t)h);
		c = (int)(i / (size_t)h);
		wmove(pr->list_win, r, c * w);
		if (i == shown && shown < pr->list_count) {
			snprintf(more, sizeof more, "... %zu more",
			    pr->list_count - shown);
			ui_put_cells(pr->list_win, more, w - 1, 0);
		} else
			ui_put_cells(pr->list_win, pr->list[i], w - 1, 0);
	}
	wattrset(pr->list_win, A_NORMAL);
}

/* Tab: complete the word before the cursor (a command, then its
 * arguments as the command table declares them); when several values
 * fit, list them above the line. */
static void
prompt_complete(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	struct completion c;
	char *before, *done, *rest;

	if (pr->mode != PROMPT_COMMAND)
		return;
	before = xstrndup(pr->line.text, pr->line.cursor);
	rest = xstrdup(pr->line.text + pr->line.cursor);
	complete_line(ui->app, before, &c);
	done = completion_apply(before, &c);
	line_edit_set(&pr->line, done);
	line_edit_insert(&pr->line, rest, strlen(rest));
	pr->line.cursor = strlen(done);
	prompt_list_close(ui);
	if (c.found.count == 0)
		strv_push(&pr->list, &pr->list_count, "(nothing to complete)");
	else if (c.found.count > 1) {
		pr->list = c.found.values;
		pr->list_count = c.found.count;
		c.found.values = NULL;
		string_list_free(c.found.labels, c.found.count);
		c.found.labels = NULL;
		c.found.count = 0;
	}
	if (pr->list_count > 0)
		prompt_list_draw(ui);
	completion_free(&c);
	free(before);
	free(rest);
	free(done);
}

/* --- history ------------------------------------------------------------ */

static void
prompt_history_add(struct prompt *pr, const char *line)
{
	if (*line == '\0' || (pr->history_count > 0 &&
	    strcmp(pr->history[pr->history_count - 1], line) == 0))
		return;
	strv_push(&pr->history, &pr->history_count, line);
}

/* Up (-1) or Down (+1) through the lines run before. */
static void
prompt_history_move(struct prompt *pr, int delta)
{
	if (pr->mode != PROMPT_COMMAND)
		return;
	if (delta < 0 && pr->history_at == 0)
		return;
	if (delta > 0 && pr->history_at >= pr->history_count)
		return;
	if (pr->history_at == pr->history_count) {
		free(pr->draft);
		pr->draft = xstrdup(pr->line.text);
	}
	pr->history_at = delta < 0 ? pr->history_at - 1 : pr->history_at + 1;
	line_edit_set(&pr->line, pr->history_at < pr->history_count ?
	    pr->history[pr->history_at] : pr->draft != NULL ? pr->draft : "");
}

void
prompt_free(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;

	prompt_list_close(ui);
	/* The questions nobody answered are declined: their jobs go on. */
	if (pr->question != NULL)
		question_answer(pr->question, NULL);
	pr->question = NULL;
	while (pr->waiting_count > 0)
		question_answer(pr->waiting[--pr->waiting_count], NULL);
	free(pr->waiting);
	pr->waiting = NULL;
	prompt_secret_wipe(pr);
	free(pr->secret_prompt);
	free(pr->secret_again);
	pr->secret_prompt = pr->secret_again = NULL;
	explicit_bzero(pr->line.text, pr->line.size);
	string_list_free(pr->history, pr->history_count);
	pr->history = NULL;
	pr->history_count = pr->history_at = 0;
	free(pr->draft);
	pr->draft = NULL;
}

static void
prompt_submit(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *line = xstrdup(pr->line.text);

	prompt_close(ui);
	if (pr->mode == PROMPT_COMMAND) {
		prompt_history_add(pr, line);
		app_run_line(ui->app, line);
	}
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
	if (ui->prompt.mode == PROMPT_ASK) {
		prompt_question_key(ui, key);
		return;
	}
	if (ui->prompt.mode == PROMPT_SECRET) {
		prompt_secret_key(ui, key);
		return;
	}
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
	if (ui->prompt.list_count > 0)
		prompt_list_close(ui);
	if (key == (KEYC_FUNC | KEY_UP) || key == 16 /* C-p */) {
		prompt_history_move(&ui->prompt, -1);
		return;
	}
	if (key == (KEYC_FUNC | KEY_DOWN) || key == 14 /* C-n */) {
		prompt_history_move(&ui->prompt, 1);
		return;
	}
	changed = line_edit_key(&ui->prompt.line, key);
	if (changed > 0 && ui->prompt.mode == PROMPT_FILTER)
		prompt_live_filter(ui);
}

const struct focus_ops prompt_focus = {
	.name = "prompt",
	.layer = FOCUS_LAYER_PROMPT,
	.key = prompt_key,
};
