/* Menus drawn with libmenu: the panel switcher and the selected row's actions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "keys.h"
#include "strutil.h"
#include "textsafe.h"
#include "ui-internal.h"
#include "xmalloc.h"

/* The libmenu menu, its items and its subwindow; labels and commands
 * stay. */
static void
menu_free_items(struct overlay *o)
{
	size_t i;

	if (o->menu != NULL) {
		unpost_menu(o->menu);
		free_menu(o->menu);
	}
	for (i = 0; i < o->menu_count; i++)
		free_item(o->items[i]);
	free(o->items);
	if (o->menu_sub != NULL)
		delwin(o->menu_sub);
	o->menu = NULL;
	o->items = NULL;
	o->menu_sub = NULL;
}

void
menu_close(struct ui *ui)
{
	struct overlay *o = &ui->overlay;

	menu_free_items(o);
	string_list_free(o->menu_commands, o->menu_count);
	string_list_free(o->menu_labels, o->menu_count);
	o->menu_commands = NULL;
	o->menu_labels = NULL;
	o->menu_count = 0;
	overlay_close(ui);
}

/* Takes ownership of labels and commands. */
void
menu_open(struct ui *ui, const char *title, char **labels, char **commands,
    size_t count)
{
	struct overlay *o = &ui->overlay;
	int h, w = 0, len;
	size_t i;

	if (o->kind == OVERLAY_MENU)
		menu_close(ui);
	else if (o->kind != OVERLAY_NONE)
		overlay_close(ui);
	o->kind = OVERLAY_MENU;
	ui_focus_push(ui, &overlay_focus);
	o->title = text_safe(title, 0);
	/* Labels hold names from outside (disks, members): made safe here,
	 * as libmenu draws them itself. */
	for (i = 0; i < count; i++) {
		char *safe = text_safe(labels[i], 0);

		free(labels[i]);
		labels[i] = safe;
	}
	o->menu_labels = labels;
	o->menu_commands = commands;
	o->menu_count = count;
	o->items = xcalloc(count + 1, sizeof *o->items);
	for (i = 0; i < count; i++) {
		o->items[i] = new_item(labels[i], "");
		len = ui_text_width(labels[i]);
		if (len > w)
			w = len;
	}
	o->menu = new_menu(o->items);
	w += 4;
	if (w < (int)strlen(title) + 6)
		w = (int)strlen(title) + 6;
	if (w > ui->cols - 2)
		w = ui->cols - 2;
	h = (int)count + 2;
	if (h > ui->rows - 2)
		h = ui->rows - 2;
	o->win = newwin(h, w, (ui->rows - h) / 2, (ui->cols - w) / 2);
	if (o->win == NULL || o->menu == NULL)
		fatal("cannot create a menu");
	o->panel = new_panel(o->win);
	o->menu_sub = derwin(o->win, h - 2, w - 2, 1, 1);
	keypad(o->win, TRUE);
	set_menu_win(o->menu, o->win);
	set_menu_sub(o->menu, o->menu_sub);
	set_menu_format(o->menu, h - 2, 1);
	set_menu_mark(o->menu, ">");
	set_menu_fore(o->menu, ui->theme.selected);
	theme_box(&ui->theme, o->win);
	wattrset(o->win, ui->theme.title);
	mvwaddstr(o->win, 0, 2, title);
	wattrset(o->win, A_NORMAL);
	post_menu(o->menu);
	ui_dirty(ui, UI_DIRTY_ALL);
}

void
ui_open_menu(struct ui *ui, const char *title, char **labels, char **lines,
    size_t count)
{
	menu_open(ui, title, labels, lines, count);
}

void
ui_open_panel_menu(struct ui *ui)
{
	struct app *app = ui->app;
	char **labels = NULL, **commands = NULL, *s;
	size_t nl = 0, nc = 0, i;

	for (i = 0; i < app->panel_count; i++) {
		strv_push(&labels, &nl, app->panels[i]->screen->title);
		s = xasprintf("panel %s", app->panels[i]->screen->name);
		strv_push(&commands, &nc, s);
		free(s);
	}
	menu_open(ui, "Panels", labels, commands, nl);
}

/* The line that runs cmd on the selected row: direct when it needs no
 * more input, a form for the values of a command on the row
 * (disk-set-timeout sda SECONDS), else the prompt prefilled. */
static char *
action_line(const struct command *cmd, const char *sel)
{
	char *q, *line, *inner;

	if (cmd->min_args == 0 && cmd->max_args == 0)
		return xstrdup(cmd->name);
	if (cmd->min_args == 0) {
		inner = xasprintf("%s ", cmd->name);
		q = cmd_quote(inner);
		line = xasprintf("prompt %s", q);
		free(inner);
		free(q);
		return line;
	}
	q = cmd_quote(sel);
	if (cmd->min_args >= 2 && cmd->max_args == cmd->min_args)
		line = xasprintf("form %s %s", cmd->name, q);
	else {
		inner = xasprintf("%s %s ", cmd->name, q);
		free(q);
		q = cmd_quote(inner);
		line = xasprintf("prompt %s", q);
		free(inner);
	}
	free(q);
	return line;
}

/* Does the screen let cmd act on the selected row (sel)? */
static int
action_applies(struct panel_state *p, const struct command *cmd,
    const char *sel)
{
	struct view v = panel_view(p);
	char *why;

	if (p->screen->refuse == NULL || p->snap == NULL || sel == NULL ||
	    cmd->min_args == 0)
		return 1;
	why = p->screen->refuse(&v, cmd->name, sel);
	free(why);
	return why == NULL;
}

/* The screen's own list of actions for the row. */
static void
actions_from_screen(struct panel_state *p, char ***labels, size_t *nl,
    char ***commands, size_t *nc)
{
	struct view v = panel_view(p);
	long row = panel_selected_row(p);
	struct choice_list l = {0};
	size_t i;

	if (row < 0)
		return;
	/* Each runs as it is: a change still asks for confirmation. */
	p->screen->actions(&v, (size_t)row, &l);
	for (i = 0; i < l.count; i++) {
		strv_push(labels, nl, l.labels[i]);
		strv_push(commands, nc, l.values[i]);
	}
	choice_list_free(&l);
}

/* In read-only mode, changing entries say so first (choosing one is
 * refused); the others are indented to match. */
static void
mark_read_only(struct app *app, char **labels, char **commands, size_t n)
{
	char *marked;
	size_t i;

	if (!app->opt.read_only)
		return;
	for (i = 0; i < n; i++) {
		marked = xasprintf("%-12s%s", app_line_refused(app,
		    commands[i]) ? "(read-only)" : "", labels[i]);
		free(labels[i]);
		labels[i] = marked;
	}
}

void
ui_open_actions_menu(struct ui *ui)
{
	struct panel_state *p = app_current(ui->app);
	const struct screen *s = p->screen;
	const char *sel = panel_selected_name(p);
	char **labels = NULL, **commands = NULL, *line, *label;
	size_t nl = 0, nc = 0, i;

	if (s->actions != NULL)
		actions_from_screen(p, &labels, &nl, &commands, &nc);
	for (i = 0; s->actions == NULL && i < s->command_count; i++) {
		if (s->commands[i].min_args > 0 && sel == NULL)
			continue;
		if (!action_applies(p, &s->commands[i], sel))
			continue;
		label = xasprintf("%-26s %s", s->commands[i].name,
		    s->commands[i].help);
		strv_push(&labels, &nl, label);
		free(label);
		line = action_line(&s->commands[i], sel);
		strv_push(&commands, &nc, line);
		free(line);
	}
	if (nl == 0) {
		app_message(ui->app, 0, "no actions here");
		return;
	}
	mark_read_only(ui->app, labels, commands, nl);
	label = xasprintf("Actions%s%s", sel != NULL ? ": " : "",
	    sel != NULL ? sel : "");
	menu_open(ui, label, labels, commands, nl);
	free(label);
}

/* After a resize: the same menu again, fitted and centred in the new
 * size, on the same item. */
void
menu_relayout(struct ui *ui)
{
	struct overlay *o = &ui->overlay;
	char **labels = o->menu_labels, **commands = o->menu_commands;
	char *title = o->title;
	size_t count = o->menu_count;
	int current = item_index(current_item(o->menu));

	menu_free_items(o);
	o->menu_labels = o->menu_commands = NULL;
	o->title = NULL;
	o->menu_count = 0;
	overlay_close(ui);
	menu_open(ui, title, labels, commands, count);
	free(title);
	if (current > 0)
		set_current_item(o->menu, o->items[current]);
}

void
menu_key(struct ui *ui, int key, const char *command)
{
	struct overlay *o = &ui->overlay;
	ITEM *cur;
	char *line;

	key = key_normalise(key);
	if (key == (KEYC_FUNC | KEY_UP) ||
	    (command != NULL && strcmp(command, "cursor-up") == 0))
		menu_driver(o->menu, REQ_UP_ITEM);
	else if (key == (KEYC_FUNC | KEY_DOWN) ||
	    (command != NULL && strcmp(command, "cursor-down") == 0))
		menu_driver(o->menu, REQ_DOWN_ITEM);
	else if (key == (KEYC_FUNC | KEY_HOME))
		menu_driver(o->menu, REQ_FIRST_ITEM);
	else if (key == (KEYC_FUNC | KEY_END))
		menu_driver(o->menu, REQ_LAST_ITEM);
	else if (key == 13) {
		cur = current_item(o->menu);
		line = xstrdup(o->menu_commands[item_index(cur)]);
		menu_close(ui);
		app_run_line(ui->app, line);
		free(line);
		return;
	} else {
		menu_close(ui);
		return;
	}
	ui_dirty(ui, UI_DIRTY_ALL);
}
