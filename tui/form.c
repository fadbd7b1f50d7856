/*
 * Forms: a command's values typed into labelled fields in a libpanel
 * overlay, each field started at what is set now. Enter runs the command
 * through app_run_argv() like any other door to it (a change still asks
 * for confirmation); when it is refused, the form comes back with the
 * reason and every value as typed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "keys.h"
#include "screen.h"
#include "strutil.h"
#include "ui-internal.h"
#include "xmalloc.h"

#define FORM_FIELD_WIDTH 24

struct form {
	const struct command *cmd;
	char **given;        /* command name and the arguments given */
	size_t given_count;
	char **labels;       /* a field each: the usage's words */
	struct line_edit *fields;
	size_t field_count;
	size_t focus;
	char *error;         /* why the last Enter was refused, or NULL */
};

void
form_free(struct form *f)
{
	size_t i;

	if (f == NULL)
		return;
	string_list_free(f->given, f->given_count);
	string_list_free(f->labels, f->field_count);
	for (i = 0; i < f->field_count; i++)
		line_edit_free(&f->fields[i]);
	free(f->fields);
	free(f->error);
	free(f);
}

/* The words of the command's usage ("DISK SECONDS"), brackets dropped. */
static size_t
usage_words(const struct command *cmd, char ***words)
{
	char **v = NULL, *copy = xstrdup(cmd->args), *w, *save = NULL;
	size_t n = 0;

	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		w += strspn(w, "[");
		w[strcspn(w, "]")] = '\0';
		strv_push(&v, &n, w);
	}
	free(copy);
	*words = v;
	return n;
}

/* The form for argv (argv[0] the command, then the arguments given); NULL
 * with *cause when the command has no values left to fill in. */
static struct form *
form_new(struct app *app, int argc, char **argv, char **cause)
{
	const struct command *cmd = cmd_find(argv[0]);
	struct panel_state *p;
	struct form *f;
	struct view v;
	char **words, *value;
	size_t n, i;
	int given = argc - 1;

	if (cmd == NULL) {
		set_cause(cause, "form: unknown command: %s", argv[0]);
		return NULL;
	}
	if (cmd->max_args < 0 || given >= cmd->max_args) {
		set_cause(cause, "form: %s has no values to fill in (usage: "
		    "%s %s)", cmd->name, cmd->name, cmd->args);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->cmd = cmd;
	for (i = 0; i < (size_t)argc; i++)
		strv_push(&f->given, &f->given_count, argv[i]);
	n = usage_words(cmd, &words);
	f->field_count = (size_t)(cmd->max_args - given);
	f->fields = xcalloc(f->field_count, sizeof *f->fields);
	f->labels = xcalloc(f->field_count, sizeof *f->labels);
	p = cmd->panel != NULL ? app_panel(app, cmd->panel) : NULL;
	for (i = 0; i < f->field_count; i++) {
		f->labels[i] = (size_t)given + i < n ?
		    xstrdup(words[(size_t)given + i]) :
		    xasprintf("VALUE %zu", i + 1);
		value = NULL;
		if (p != NULL && p->snap != NULL &&
		    p->screen->form_value != NULL) {
			v = panel_view(p);
			value = p->screen->form_value(&v, cmd->name,
			    given > 0 ? argv[1] : NULL, given + (int)i);
		}
		line_edit_set(&f->fields[i], value != NULL ? value : "");
		free(value);
	}
	string_list_free(words, n);
	return f;
}

/* --- drawing ------------------------------------------------------------- */

/* Columns the labels take: the widest, and a space. */
static int
form_label_width(const struct form *f)
{
	int w = 0, n;
	size_t i;

	for (i = 0; i < f->field_count; i++) {
		n = ui_text_width(f->labels[i]);
		if (n > w)
			w = n;
	}
	return w + 1;
}

/* One field: its label, then its text in brackets, scrolled so that the
 * cursor stays in view. Returns the cursor's column. */
static int
form_draw_field(struct ui *ui, const struct form *f, size_t i, int y,
    int label_w, int room)
{
	WINDOW *win = ui->overlay.win;
	const struct line_edit *le = &f->fields[i];
	char *before = xstrndup(le->text, le->cursor);
	size_t skip = 0;
	int x = 2 + label_w, col;

	wmove(win, y, 2);
	ui_put_cells(win, f->labels[i], label_w, 0);
	while (ui_text_width(before + skip) >= room && before[skip] != '\0')
		skip++;
	mvwaddch(win, y, x, '[');
	if (i == f->focus)
		wattrset(win, ui->theme.selected);
	ui_put_cells(win, le->text + skip, room, 0);
	wattrset(win, A_NORMAL);
	waddch(win, ']');
	col = x + 1 + ui_text_width(before + skip);
	free(before);
	return col;
}

void
form_draw(struct ui *ui)
{
	struct overlay *o = &ui->overlay;
	struct form *f = o->form;
	char *head = str_join(f->given, f->given_count, " ");
	const char *hint = " Enter: run  Tab: next field  Esc: cancel ";
	int h, w, y, label_w = form_label_width(f), room, cursor_x = 0;
	int cursor_y = 0, x;
	char **error = NULL;
	size_t i, error_lines = 0;

	w = ui->cols - 4;
	if (w > 72)
		w = 72;
	if (f->error != NULL)
		error_lines = ui_wrap_text(f->error, w - 4, &error);
	/* Box, heading, blank, fields, blank, the error, hint, box. */
	h = (int)f->field_count + 6 + (int)error_lines;
	if (h > ui->rows - 2)
		h = ui->rows - 2;
	overlay_frame(ui, h, w, f->cmd->help, hint);
	wmove(o->win, 1, 2);
	ui_put_cells(o->win, head, w - 4, 0);
	/* Values are numbers and names: a field of 24 cells is plenty (a
	 * longer text scrolls in it). */
	room = w - 4 - label_w - 2;
	if (room > FORM_FIELD_WIDTH)
		room = FORM_FIELD_WIDTH;
	if (room < 4)
		room = 4;
	for (i = 0, y = 3; i < f->field_count && y < h - 3; i++, y++) {
		x = form_draw_field(ui, f, i, y, label_w, room);
		if (i == f->focus) {
			cursor_x = x;
			cursor_y = y;
		}
	}
	/* The error below the fields' blank line, as much as fits. */
	wattrset(o->win, ui->theme.error);
	for (i = 0, y++; i < error_lines && y < h - 2; i++, y++) {
		wmove(o->win, y, 2);
		ui_put_cells(o->win, error[i], w - 4, 0);
	}
	wattrset(o->win, A_NORMAL);
	string_list_free(error, error_lines);
	/* The terminal's cursor stands in the field being typed into. */
	leaveok(o->win, FALSE);
	wmove(o->win, cursor_y, cursor_x);
	curs_set(1);
	free(head);
}

/* --- opening, keys, running ---------------------------------------------- */

static void
form_show(struct ui *ui, struct form *f)
{
	if (ui->overlay.kind == OVERLAY_MENU)
		menu_close(ui);
	else if (ui->overlay.kind != OVERLAY_NONE)
		overlay_close(ui);
	ui->overlay.kind = OVERLAY_FORM;
	ui->overlay.form = f;
	form_draw(ui);
}

int
ui_open_form(struct ui *ui, int argc, char **argv, char **cause)
{
	struct form *f;

	if (ui == NULL) {
		set_cause(cause, "form: needs the interactive screen");
		return -1;
	}
	f = form_new(ui->app, argc, argv, cause);
	if (f == NULL)
		return -1;
	form_show(ui, f);
	return 0;
}

/* Take the form off the screen without freeing it. */
static struct form *
form_detach(struct ui *ui)
{
	struct form *f = ui->overlay.form;

	ui->overlay.form = NULL;
	overlay_close(ui);
	curs_set(0);
	return f;
}

/*
 * Enter: the command line is the given words and the fields' values (a
 * trailing empty optional one left out). It runs as any command does; if
 * it is refused, the form is shown again with the reason, values kept.
 */
static void
form_submit(struct ui *ui)
{
	struct form *f = form_detach(ui);
	char **argv = NULL, *cause = NULL;
	size_t argc = 0, i, last = f->field_count;
	int rc;

	while (last > 0 && f->fields[last - 1].len == 0 &&
	    f->given_count - 1 + last > (size_t)f->cmd->min_args)
		last--;
	for (i = 0; i < f->given_count; i++)
		strv_push(&argv, &argc, f->given[i]);
	for (i = 0; i < last; i++) {
		if (f->fields[i].len == 0) {
			cause = xasprintf("%s: a value is needed",
			    f->labels[i]);
			f->focus = i;
			break;
		}
		strv_push(&argv, &argc, f->fields[i].text);
	}
	rc = cause != NULL ? -1 :
	    app_run_argv(ui->app, (int)argc, argv, &cause);
	string_list_free(argv, argc);
	if (rc == 0) {
		form_free(f);
		free(cause);
		return;
	}
	free(f->error);
	f->error = cause != NULL ? cause : xstrdup("refused");
	form_show(ui, f);
}

void
form_key(struct ui *ui, int key)
{
	struct form *f = ui->overlay.form;
	char *line;

	key = key_normalise(key);
	if (key == 13) {
		form_submit(ui);
		return;
	}
	if (key == 27 || key == 7) { /* Esc, C-g */
		f = form_detach(ui);
		line = str_join(f->given, f->given_count, " ");
		app_message(ui->app, 0, "%s: cancelled, nothing was changed",
		    line);
		free(line);
		form_free(f);
		return;
	}
	if (key == '\t' || key == (KEYC_FUNC | KEY_DOWN))
		f->focus = (f->focus + 1) % f->field_count;
	else if (key == (KEYC_FUNC | KEY_BTAB) ||
	    key == (KEYC_FUNC | KEY_UP))
		f->focus = (f->focus + f->field_count - 1) % f->field_count;
	else if (line_edit_key(&f->fields[f->focus], key) > 0) {
		free(f->error); /* what it said was of the old value */
		f->error = NULL;
	}
	form_draw(ui);
}
