/* The prompt line: `:` commands with completion, and `/` live filtering. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "keys.h"
#include "strutil.h"
#include "ui-internal.h"
#include "xmalloc.h"

static void
prompt_set(struct prompt *pr, const char *text)
{
	pr->len = strlen(text);
	if (pr->size < pr->len + 1) {
		pr->size = pr->len + 64;
		pr->text = xreallocarray(pr->text, pr->size, 1);
	}
	memcpy(pr->text, text, pr->len + 1);
	pr->cursor = pr->len;
}

void
ui_open_prompt(struct ui *ui, enum prompt_mode mode, const char *prefill)
{
	struct prompt *pr = &ui->prompt;
	struct panel_state *p = app_current(ui->app);

	pr->active = 1;
	pr->mode = mode;
	prompt_set(pr, prefill);
	free(pr->saved_filter);
	pr->saved_filter = p->filter != NULL ? xstrdup(p->filter) : NULL;
	curs_set(1);
	ui_dirty(ui, UI_DIRTY_STATUS);
}

void
prompt_draw(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char *before = xstrndup(pr->text, pr->cursor);
	size_t skip = 0;
	int room = ui->cols - 2;

	/* Scroll long lines so the cursor stays visible. */
	while (ui_text_width(before + skip) >= room && before[skip] != '\0')
		skip++;
	werase(ui->status);
	wmove(ui->status, 0, 0);
	waddstr(ui->status, pr->mode == PROMPT_FILTER ? "/" : ":");
	ui_put_cells(ui->status, pr->text + skip, room, 0);
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
	p->filter = ui->prompt.len > 0 ? xstrdup(ui->prompt.text) : NULL;
	panel_reorder(p);
	ui_dirty(ui, UI_DIRTY_TABLE | UI_DIRTY_DETAIL);
}

static void
prompt_insert(struct prompt *pr, const char *bytes, size_t n)
{
	if (pr->size < pr->len + n + 1) {
		pr->size = pr->len + n + 64;
		pr->text = xreallocarray(pr->text, pr->size, 1);
	}
	memmove(pr->text + pr->cursor + n, pr->text + pr->cursor,
	    pr->len - pr->cursor + 1);
	memcpy(pr->text + pr->cursor, bytes, n);
	pr->len += n;
	pr->cursor += n;
}

/* Byte offset of the character before / after the cursor (UTF-8). */
static size_t
prompt_prev(const struct prompt *pr, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)pr->text[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t
prompt_next(const struct prompt *pr, size_t at)
{
	if (at >= pr->len)
		return pr->len;
	at++;
	while (at < pr->len && ((unsigned char)pr->text[at] & 0xc0) == 0x80)
		at++;
	return at;
}

static void
prompt_delete(struct prompt *pr, size_t from, size_t to)
{
	memmove(pr->text + from, pr->text + to, pr->len - to + 1);
	pr->len -= to - from;
	pr->cursor = from;
}

/* Complete the command name at the start of the line. */
static void
prompt_complete(struct ui *ui)
{
	struct prompt *pr = &ui->prompt;
	char **matches, *prefix, *list;
	size_t n, common, i;

	if (pr->mode != PROMPT_COMMAND || strchr(pr->text, ' ') != NULL)
		return;
	prefix = xstrdup(pr->text);
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
		prompt_set(pr, matches[0]);
		if (n == 1)
			prompt_insert(pr, " ", 1);
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
	char *line = xstrdup(pr->text);

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

static int
prompt_edit(struct prompt *pr, int key)
{
	char utf8[8];
	size_t n;

	switch (key) {
	case KEYC_FUNC | KEY_LEFT:
	case 2: /* C-b */
		pr->cursor = prompt_prev(pr, pr->cursor);
		return 0;
	case KEYC_FUNC | KEY_RIGHT:
	case 6: /* C-f */
		pr->cursor = prompt_next(pr, pr->cursor);
		return 0;
	case KEYC_FUNC | KEY_HOME:
	case 1: /* C-a */
		pr->cursor = 0;
		return 0;
	case KEYC_FUNC | KEY_END:
	case 5: /* C-e */
		pr->cursor = pr->len;
		return 0;
	case KEYC_FUNC | KEY_BACKSPACE:
	case 127:
	case 8:
		prompt_delete(pr, prompt_prev(pr, pr->cursor), pr->cursor);
		return 1;
	case KEYC_FUNC | KEY_DC:
	case 4: /* C-d */
		prompt_delete(pr, pr->cursor, prompt_next(pr, pr->cursor));
		return 1;
	case 21: /* C-u */
		prompt_delete(pr, 0, pr->cursor);
		return 1;
	case 11: /* C-k */
		pr->text[pr->cursor] = '\0';
		pr->len = pr->cursor;
		return 1;
	}
	if (key < 32 || (key & (KEYC_FUNC | KEYC_META)) != 0)
		return -1;
	n = utf8_encode(key, utf8);
	prompt_insert(pr, utf8, n);
	return 1;
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
	changed = prompt_edit(&ui->prompt, key);
	if (changed > 0 && ui->prompt.mode == PROMPT_FILTER)
		prompt_live_filter(ui);
}
