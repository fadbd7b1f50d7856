/* Overlays drawn with libpanel (scrolling text: help, results; the
 * confirmation), and the curses front end that app talks to. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "change.h"
#include "keys.h"
#include "strutil.h"
#include "ui-internal.h"
#include "xmalloc.h"

void
overlay_close(struct ui *ui)
{
	struct overlay *o = &ui->overlay;

	if (o->panel != NULL)
		del_panel(o->panel);
	if (o->win != NULL)
		delwin(o->win);
	free(o->title);
	free(o->text);
	string_list_free(o->lines, o->line_count);
	form_free(o->form);
	memset(o, 0, sizeof *o);
	ui_focus_drop(ui, &overlay_focus);
	ui_dirty(ui, UI_DIRTY_ALL);
	/* The windows below must repaint where the overlay was. */
	touchwin(stdscr);
	if (ui->table != NULL) {
		touchwin(ui->tabs);
		touchwin(ui->table);
		touchwin(ui->detail);
		touchwin(ui->status);
	}
	if (ui->console_win != NULL)
		touchwin(ui->console_win);
}

/* The open dialog, menu or form takes the keys: a form as typing, the
 * others through the keymap. */
static void
overlay_focus_key(struct ui *ui, int key)
{
	if (ui->overlay.kind == OVERLAY_FORM)
		form_key(ui, key);
	else if (ui->overlay.kind == OVERLAY_MENU)
		menu_key(ui, key, ui_lookup(ui, key));
	else
		overlay_key(ui, key, ui_lookup(ui, key));
}

const struct focus_ops overlay_focus = {
	.name = "overlay",
	.layer = FOCUS_LAYER_OVERLAY,
	.key = overlay_focus_key,
};

static void
overlay_set_text(struct overlay *o, const char *title, const char *text)
{
	o->title = xstrdup(title);
	o->text = xstrdup(text);
	o->top = 0;
	o->seen_end = 0;
	o->early_yes = 0;
}

/* Length in bytes of the longest prefix of s (up to a space) that fits in
 * width cells; at least one word, cut hard when a word is too long. */
static size_t
wrap_point(const char *s, int width)
{
	size_t best = 0, i;
	char *head;
	int fits;

	for (i = 1; s[i - 1] != '\0'; i++) {
		if (s[i] != ' ' && s[i] != '\0')
			continue;
		head = xstrndup(s, i);
		fits = ui_text_width(head) <= width;
		free(head);
		if (!fits)
			break;
		best = i;
		if (s[i] == '\0')
			break;
	}
	if (best > 0)
		return best;
	/* One long word: as many bytes as fit, on a character boundary. */
	for (i = 0; s[i] != '\0'; i++) {
		head = xstrndup(s, i + 1);
		fits = ui_text_width(head) <= width;
		free(head);
		if (!fits)
			break;
	}
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i > 0 ? i : 1;
}

/* Push line, wrapped to width cells at spaces; continued lines keep the
 * first line's indentation. */
static void
wrap_line(char ***lines, size_t *count, const char *line, int width)
{
	size_t indent = strspn(line, " "), cut;
	const char *p = line;
	char *piece;
	int first = 1, room;

	if (indent > (size_t)width / 2)
		indent = 0;
	for (;;) {
		room = first ? width : width - (int)indent;
		cut = ui_text_width(p) <= room ? strlen(p) : wrap_point(p, room);
		if (first)
			piece = xstrndup(p, cut);
		else
			piece = xasprintf("%*s%.*s", (int)indent, "", (int)cut,
			    p);
		strv_push(lines, count, piece);
		free(piece);
		p += cut;
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		first = 0;
	}
}

size_t
ui_wrap_text(const char *text, int width, char ***lines)
{
	char *copy = xstrdup(text), **raw;
	size_t n = split_lines(copy, &raw), count = 0, i;

	*lines = NULL;
	for (i = 0; i < n; i++)
		wrap_line(lines, &count, raw[i], width);
	free(raw);
	free(copy);
	return count;
}

/* o->text as lines of at most width cells. */
static void
overlay_wrap(struct overlay *o, int width)
{
	string_list_free(o->lines, o->line_count);
	o->line_count = ui_wrap_text(o->text, width, &o->lines);
}

static int
overlay_body_rows(const struct ui *ui)
{
	return getmaxy(ui->overlay.win) - 3;
}

/* text in the title attribute at row y of win, cut to its inner width. */
static void
overlay_label(struct ui *ui, int y, const char *text)
{
	WINDOW *win = ui->overlay.win;
	int room = getmaxx(win) - 4, width = ui_text_width(text);

	wattrset(win, ui->theme.title);
	wmove(win, y, 2);
	ui_put_cells(win, text, width < room ? width : room, 0);
	wattrset(win, A_NORMAL);
}

void
overlay_frame(struct ui *ui, int h, int w, const char *title,
    const char *hint)
{
	struct overlay *o = &ui->overlay;

	if (o->panel != NULL)
		del_panel(o->panel);
	if (o->win != NULL)
		delwin(o->win);
	o->win = newwin(h, w, (ui->rows - h) / 2, (ui->cols - w) / 2);
	if (o->win == NULL)
		fatal("cannot create a %dx%d dialog", w, h);
	leaveok(o->win, TRUE);
	o->panel = new_panel(o->win);
	theme_box(&ui->theme, o->win);
	overlay_label(ui, 0, title);
	overlay_label(ui, h - 2, hint);
	ui_dirty(ui, UI_DIRTY_ALL);
}

/* The confirmation's hint line: y only once the whole plan was seen. */
static const char *
confirm_hint(const struct overlay *o)
{
	if (o->dry_run)
		return o->seen_end ? " dry run: any key closes " :
		    " Down: more   Esc: close ";
	if (o->seen_end)
		return " y: run it   n or Esc: cancel ";
	if (o->early_yes)
		return " y: scroll to the end first ";
	return " Down: more   n or Esc: cancel ";
}

void
overlay_draw(struct ui *ui)
{
	struct overlay *o = &ui->overlay;
	int h, w, body, y;
	size_t i;
	const char *hint;

	if (o->kind == OVERLAY_FORM) {
		form_draw(ui);
		return;
	}

	w = ui->cols - 4;
	if (w > 100)
		w = 100;
	overlay_wrap(o, w - 4);
	h = (int)o->line_count + 3;
	if (h > ui->rows - 2)
		h = ui->rows - 2;
	if (h < 5)
		h = 5;
	body = h - 3;
	if (o->top > (int)o->line_count - body)
		o->top = (int)o->line_count - body;
	if (o->top < 0)
		o->top = 0;
	/* A plan is confirmed only once all of it has been on screen. */
	if (o->top + body >= (int)o->line_count)
		o->seen_end = 1;
	if (o->kind == OVERLAY_CONFIRM)
		hint = confirm_hint(o);
	else if ((int)o->line_count > body)
		hint = " arrows scroll, Esc or q closes ";
	else
		hint = " Esc or q closes ";
	overlay_frame(ui, h, w, o->title, hint);
	for (i = (size_t)o->top, y = 1; i < o->line_count && y <= body;
	    i++, y++) {
		wmove(o->win, y, 2);
		ui_put_cells(o->win, o->lines[i], w - 4, 0);
	}
}

void
ui_show_text(struct ui *ui, const char *title, const char *text)
{
	if (ui->overlay.kind == OVERLAY_MENU)
		menu_close(ui);
	else if (ui->overlay.kind != OVERLAY_NONE)
		overlay_close(ui);
	ui->overlay.kind = OVERLAY_TEXT;
	ui_focus_push(ui, &overlay_focus);
	overlay_set_text(&ui->overlay, title, text);
	overlay_draw(ui);
}

void
ui_show_confirm(struct ui *ui, const struct change_plan *plan, int dry_run)
{
	struct buf b = {0};
	char *steps;

	if (ui == NULL)
		return;
	buf_printf(&b, "%s\n", plan->summary);
	if (plan->host != NULL)
		buf_printf(&b, "On host %s (%s)\n", plan->host,
		    plan->where != NULL ? plan->where : "?");
	if (plan->warning != NULL)
		buf_printf(&b, "\nNote: %s\n", plan->warning);
	steps = change_plan_describe(plan);
	buf_printf(&b, "\nThis runs:\n%s\n", steps);
	free(steps);
	ui_show_text(ui, dry_run ? "Dry run" : "Confirm", b.data);
	ui->overlay.kind = OVERLAY_CONFIRM;
	ui_focus_push(ui, &overlay_focus);
	ui->overlay.dry_run = dry_run;
	overlay_draw(ui);
	buf_free(&b);
}

static int
is_command(const char *command, const char *name)
{
	return command != NULL && strcmp(command, name) == 0;
}

void
overlay_key(struct ui *ui, int key, const char *command)
{
	struct overlay *o = &ui->overlay;
	int page = overlay_body_rows(ui), dry_run = o->dry_run;
	int confirm = o->kind == OVERLAY_CONFIRM;

	if (o->kind == OVERLAY_CONFIRM && (key == 'y' || key == 'Y') &&
	    !dry_run && !o->seen_end) {
		/* Not before the whole plan has been on screen. */
		o->early_yes = 1;
		overlay_draw(ui);
		return;
	}
	if (o->kind == OVERLAY_CONFIRM && (key == 'y' || key == 'Y' ||
	    key == 'n' || key == 'N' || key == 'q' || key == KEYC_ESCAPE)) {
		overlay_close(ui);
		app_confirm(ui->app, !dry_run && (key == 'y' || key == 'Y'));
		return;
	}
	key = key_normalise(key);
	if (key == (KEYC_FUNC | KEY_UP) || is_command(command, "cursor-up"))
		o->top--;
	else if (key == (KEYC_FUNC | KEY_DOWN) ||
	    is_command(command, "cursor-down"))
		o->top++;
	else if (key == (KEYC_FUNC | KEY_PPAGE) ||
	    is_command(command, "page-up"))
		o->top -= page;
	else if (key == (KEYC_FUNC | KEY_NPAGE) || key == ' ' ||
	    is_command(command, "page-down"))
		o->top += page;
	else if (key == (KEYC_FUNC | KEY_HOME) ||
	    is_command(command, "cursor-top"))
		o->top = 0;
	else if (key == (KEYC_FUNC | KEY_END) ||
	    is_command(command, "cursor-bottom"))
		o->top = (int)o->line_count;
	else if (confirm) {
		/* Any other key cancels a confirmation, and what was typed
		 * after it is dropped: a stray key's typeahead (the host's
		 * name, typed as if asked for) must not act as the panel's
		 * keys, nor meet a y. */
		overlay_close(ui);
		app_confirm(ui->app, 0);
		flushinp();
		return;
	} else if (key == KEYC_ESCAPE || key == KEYC_ENTER || key == 'q' ||
	    is_command(command, "quit") || is_command(command, "help")) {
		/* Esc, Enter, q, the quit key (F10) and the help key (F1,
		 * which opened the help) close it. */
		overlay_close(ui);
		return;
	} else if (is_command(command, "prompt") ||
	    is_command(command, "filter")) {
		/* The next command line typed ahead (: or /): it closes the
		 * dialog and opens its prompt. */
		overlay_close(ui);
		app_run_line(ui->app, command);
		return;
	} else {
		/* Any other key is ignored: letters typed ahead after an
		 * error (the rest of a command line) must not act as the
		 * panel's keys. */
		return;
	}
	overlay_draw(ui);
}

/* --- the curses front end (frontend.h) -------------------------------- */

/* A plan that wants a password (a new BMC user's) asks for it first,
 * twice and unseen, then shows its confirmation. */
static void
ui_fe_confirm(void *fe, const struct change_plan *plan, int dry_run)
{
	if (plan->secret_prompt != NULL && !plan->secret_set && !dry_run)
		ui_ask_plan_secret(fe, plan, dry_run);
	else
		ui_show_confirm(fe, plan, dry_run);
}

static void
ui_fe_show_result(void *fe, const struct change_plan *plan,
    const struct change_result *r)
{
	char *text = change_result_text(plan, r, CHANGE_TEXT_REPORT);

	ui_show_text(fe, "Result", text);
	free(text);
}

static void
ui_fe_message(void *fe, int flags, const char *text)
{
	struct ui *ui = fe;

	ui_dirty(ui, UI_DIRTY_STATUS);
	/* A refusal must be read whole: too long for the line, show it. */
	if ((flags & FE_MSG_ERROR) &&
	    (int)strlen(text) > ui_message_room(ui))
		ui_show_text(ui, "Error", text);
}

static void
ui_fe_redraw(void *fe, int what)
{
	ui_dirty(fe, what);
}

static void
ui_fe_ask(void *fe, struct question *q)
{
	ui_ask(fe, q);
}

const struct frontend_ops ui_frontend_ops = {
	.name = "curses",
	.interactive = 1,
	.help_where = "F1",
	.confirm = ui_fe_confirm,
	.show_result = ui_fe_show_result,
	.message = ui_fe_message,
	.redraw = ui_fe_redraw,
	.ask = ui_fe_ask,
};
