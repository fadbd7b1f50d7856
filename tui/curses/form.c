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
#include "complete.h"
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
	int *fresh;          /* prefilled and untouched: a key replaces it */
	struct choice_list *choices; /* a fixed set: the field cycles it */
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
	for (i = 0; i < f->field_count; i++) {
		line_edit_free(&f->fields[i]);
		choice_list_free(&f->choices[i]);
	}
	free(f->fields);
	free(f->fresh);
	free(f->choices);
	free(f->error);
	free(f);
}

/* Field i's starting value: what is set now, else the first choice. */
static char *
form_start_value(struct app *app, const struct form *f, int arg,
    char **argv, int given)
{
	struct panel_state *p = f->cmd->panel != NULL ?
	    app_panel(app, f->cmd->panel) : NULL;
	struct view v;

	if (p == NULL || p->snap == NULL || p->screen->form_value == NULL)
		return NULL;
	v = panel_view(p);
	return p->screen->form_value(&v, f->cmd->name,
	    given > 0 ? argv[1] : NULL, arg);
}

/* A fixed set (cmd_arg fixed) with values offered: a choice list. */
static void
form_choices(struct app *app, struct form *f, size_t i, int arg,
    char **argv)
{
	if (arg >= CMD_ARG_MAX || !f->cmd->arg[arg].fixed)
		return;
	complete_values(app, f->cmd, arg, argv + 1, &f->choices[i]);
}

/* Why the command's screen says it makes no sense for target, or NULL. */
static char *
form_refusal(struct app *app, const struct command *cmd, const char *target)
{
	struct panel_state *p = cmd->panel != NULL && target != NULL ?
	    app_panel(app, cmd->panel) : NULL;
	struct view v;

	if (p == NULL || p->snap == NULL || p->screen->refuse == NULL)
		return NULL;
	v = panel_view(p);
	return p->screen->refuse(&v, cmd->name, target);
}

/* The form for argv (argv[0] the command, then the arguments given); NULL
 * with *cause when the command has no values left to fill in, or when its
 * screen says it makes no sense for the target (the reason). */
static struct form *
form_new(struct app *app, int argc, char **argv, char **cause)
{
	const struct command *cmd = cmd_find(argv[0]);
	struct form *f;
	char *value;
	size_t i;
	int given = argc - 1, arg;

	if (cmd == NULL) {
		set_cause(cause, "form: unknown command: %s", argv[0]);
		return NULL;
	}
	if (cmd->max_args < 0 || given >= cmd->max_args) {
		set_cause(cause, "form: %s has no values to fill in (usage: "
		    "%s %s)", cmd->name, cmd->name, cmd->args);
		return NULL;
	}
	if ((value = form_refusal(app, cmd, given > 0 ? argv[1] : NULL)) !=
	    NULL) {
		set_cause(cause, "%s", value);
		free(value);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->cmd = cmd;
	for (i = 0; i < (size_t)argc; i++)
		strv_push(&f->given, &f->given_count, argv[i]);
	f->field_count = (size_t)(cmd->max_args - given);
	f->fields = xcalloc(f->field_count, sizeof *f->fields);
	f->fresh = xcalloc(f->field_count, sizeof *f->fresh);
	f->choices = xcalloc(f->field_count, sizeof *f->choices);
	f->labels = xcalloc(f->field_count, sizeof *f->labels);
	for (i = 0; i < f->field_count; i++) {
		arg = given + (int)i;
		f->labels[i] = cmd_arg_label(cmd, arg);
		/* Only the first field's choices follow from the given
		 * words alone; the others would depend on values typed. */
		if (i == 0)
			form_choices(app, f, i, arg, argv);
		value = form_start_value(app, f, arg, argv, given);
		if (value == NULL && f->choices[i].count > 0)
			value = xstrdup(f->choices[i].values[0]);
		line_edit_set(&f->fields[i], value != NULL ? value : "");
		f->fresh[i] = value != NULL && *value != '\0';
		free(value);
	}
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
	mvwaddch(win, y, x, f->choices[i].count > 0 ? '<' : '[');
	if (i == f->focus)
		wattrset(win, ui->theme.selected);
	ui_put_cells(win, le->text + skip, room, 0);
	wattrset(win, A_NORMAL);
	waddch(win, f->choices[i].count > 0 ? '>' : ']');
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
	const char *hint = f->choices[f->focus].count > 0 ?
	    " Left/Right/Space: choose  Enter: run  Esc: cancel " :
	    " Enter: run  Tab: next field  Esc: cancel ";
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
	ui_focus_push(ui, &overlay_focus);
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

/* Entering a field selects its value: the next key typed replaces it. */
static void
form_focus(struct form *f, size_t i)
{
	f->focus = i;
	f->fresh[i] = f->fields[i].len > 0;
}

/* A choice field: the value delta steps from the one shown. */
static void
form_cycle(struct form *f, int delta)
{
	const struct choice_list *c = &f->choices[f->focus];
	size_t i;

	for (i = 0; i < c->count; i++) {
		if (strcmp(c->values[i], f->fields[f->focus].text) == 0)
			break;
	}
	if (i == c->count)
		i = delta > 0 ? c->count - 1 : 0;
	i = (i + c->count + (size_t)(delta > 0 ? 1 : c->count - 1)) %
	    c->count;
	line_edit_set(&f->fields[f->focus], c->values[i]);
}

/*
 * A key in the focused field: a choice field cycles (Left/Right/Space); a
 * text field prefilled and untouched is replaced by the first character
 * typed (Backspace or Delete clear it); arrows, Home and End start
 * editing the value in place. Returns line_edit_key's answer.
 */
static int
form_edit(struct form *f, int key)
{
	struct line_edit *le = &f->fields[f->focus];
	int printable = key >= 32 && key != 127 &&
	    (key & (KEYC_FUNC | KEYC_META)) == 0;

	if (f->choices[f->focus].count > 0) {
		if (key == ' ' || key == (KEYC_FUNC | KEY_RIGHT)) {
			form_cycle(f, 1);
			return 1;
		}
		if (key == (KEYC_FUNC | KEY_LEFT)) {
			form_cycle(f, -1);
			return 1;
		}
	}
	if (f->fresh[f->focus]) {
		f->fresh[f->focus] = 0;
		if (printable || key == 127 || key == 8 ||
		    key == (KEYC_FUNC | KEY_BACKSPACE) ||
		    key == (KEYC_FUNC | KEY_DC)) {
			line_edit_set(le, "");
			if (!printable)
				return 1;
		}
	}
	return line_edit_key(le, key);
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
		form_focus(f, (f->focus + 1) % f->field_count);
	else if (key == (KEYC_FUNC | KEY_BTAB) ||
	    key == (KEYC_FUNC | KEY_UP))
		form_focus(f, (f->focus + f->field_count - 1) %
		    f->field_count);
	else if (form_edit(f, key) > 0) {
		free(f->error); /* what it said was of the old value */
		f->error = NULL;
	}
	form_draw(ui);
}
