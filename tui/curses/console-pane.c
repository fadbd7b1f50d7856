/* The console pane: a console's screen as the body, keys to the far side. */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "console.h"
#include "keymap.h"
#include "keys.h"
#include "plugin.h"
#include "term-pane.h"
#include "ui-internal.h"
#include "vt-keys.h"
#include "xmalloc.h"

/*
 * The shown console covers the table and the detail (the tab bar and the
 * status line stay), or with console-zoom the whole terminal. Its first
 * line (zoomed: its last) says what it is, its state and the escape key;
 * the rest is the pane. While the pane has the focus every key but the
 * [console] section's goes to the far side; after the escape key the
 * table is back and the console stays open behind it (ipmi-sol returns).
 *
 * Colours: the far side's 8 (16) colours, each pair of them made into a
 * curses colour pair the first time it is drawn, from PANE_PAIR_FIRST on.
 */
#define PANE_PAIR_FIRST 16

static short pane_pairs[9][9]; /* [fg + 1][bg + 1]: 0 none yet */
static short pane_pair_next = PANE_PAIR_FIRST;

static struct console *
console_current(struct ui *ui)
{
	struct host *h = app_host(ui->app);
	size_t i;

	if (ui->shown != NULL)
		return ui->shown;
	for (i = 0; i < ui->console_count; i++) {
		if (h != NULL && strcmp(ui->consoles[i]->host, h->name) == 0)
			return ui->consoles[i];
	}
	return NULL;
}

/* --- events from the console -------------------------------------------- */

static void
pane_fd_ready(void *arg, int revents)
{
	struct console *c = arg;

	(void)revents;
	console_readable(c);
}

static void
pane_on_watch(void *arg, struct console *c, int old_fd, int fd)
{
	struct ui *ui = arg;

	if (old_fd >= 0)
		ui_unwatch_fd(ui, old_fd);
	if (fd >= 0)
		ui_watch_fd(ui, fd, POLLIN, pane_fd_ready, c);
}

static void
pane_on_changed(void *arg, struct console *c)
{
	struct ui *ui = arg;

	if (c == ui->shown) {
		/* A console opened again: the ending's lines go. */
		if (c->state == CONSOLE_OPENING)
			term_pane_damage_all(c->pane);
		ui_dirty(ui, UI_DIRTY_CONSOLE);
		return;
	}
	/* Behind the table: only an ending is news. */
	if (c->state == CONSOLE_ENDED || c->state == CONSOLE_IN_USE)
		app_message(ui->app, 1, "%s", c->why);
}

/* --- layout and drawing ------------------------------------------------- */

static void
pane_free_window(struct ui *ui)
{
	if (ui->console_p != NULL)
		del_panel(ui->console_p);
	if (ui->console_win != NULL)
		delwin(ui->console_win);
	ui->console_p = NULL;
	ui->console_win = NULL;
}

void
console_pane_layout(struct ui *ui)
{
	int y, h, rows, cols;

	pane_free_window(ui);
	if (ui->shown == NULL || ui->too_small)
		return;
	y = ui->console_zoom ? 0 : 1;
	h = ui->console_zoom ? ui->rows : ui->rows - 2;
	ui->console_win = newwin(h, ui->cols, y, 0);
	if (ui->console_win == NULL)
		fatal("cannot create a %dx%d console pane", ui->cols, h);
	leaveok(ui->console_win, TRUE);
	ui->console_p = new_panel(ui->console_win);
	term_pane_size(ui->shown->pane, &rows, &cols);
	if (rows != h - 1 || cols != ui->cols)
		term_pane_resize(ui->shown->pane, h - 1, ui->cols);
	term_pane_damage_all(ui->shown->pane);
	ui->dirty |= UI_DIRTY_CONSOLE;
}

static attr_t
pane_attrs(struct ui *ui, const struct term_cell *tc, short *pair)
{
	attr_t a = A_NORMAL;
	int fg = tc->fg, bg = tc->bg;

	if (tc->attrs & TERM_ATTR_BOLD)
		a |= A_BOLD;
	if (tc->attrs & TERM_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (tc->attrs & TERM_ATTR_REVERSE)
		a |= A_REVERSE;
	if (tc->attrs & TERM_ATTR_BLINK)
		a |= A_BLINK;
	*pair = 0;
	if (!ui->theme.color || (fg < 0 && bg < 0))
		return a;
	if (fg > 7 && fg < 16) {
		fg -= 8; /* bright: bold on 8 colours */
		a |= A_BOLD;
	}
	if (bg > 7 && bg < 16)
		bg -= 8;
	if (fg > 15)
		fg = -1; /* the 256-colour cube: the default */
	if (bg > 15)
		bg = -1;
	if (fg < 0 && bg < 0)
		return a;
	if (pane_pairs[fg + 1][bg + 1] == 0) {
		if (pane_pair_next >= COLOR_PAIRS)
			return a;
		init_pair(pane_pair_next, (short)fg, (short)bg);
		pane_pairs[fg + 1][bg + 1] = pane_pair_next++;
	}
	*pair = pane_pairs[fg + 1][bg + 1];
	return a;
}

/* One damaged run of a row: the cells [from, to). */
static void
pane_draw_run(struct ui *ui, int y, int row, int from, int to)
{
	struct term_pane *p = ui->shown->pane;
	struct term_cell tc;
	wchar_t wc[8];
	cchar_t cc;
	short pair;
	attr_t a;
	int col;

	for (col = from; col < to; col++) {
		term_pane_cell(p, row, col, &tc);
		if (tc.width == 0)
			continue; /* drawn with the wide character before */
		a = pane_attrs(ui, &tc, &pair);
		if (mbstowcs(wc, tc.text, 7) == (size_t)-1 || wc[0] == 0) {
			wc[0] = L' ';
			wc[1] = 0;
		}
		wc[7] = 0;
		setcchar(&cc, wc, a, pair, NULL);
		mvwadd_wch(ui->console_win, y, col, &cc);
	}
}

static const char *
pane_state_word(const struct console *c)
{
	switch (c->state) {
	case CONSOLE_OPENING:
		return "connecting";
	case CONSOLE_UP:
		return "up";
	case CONSOLE_IN_USE:
		return "in use";
	default:
		return "ended";
	}
}

static void
pane_draw_title(struct ui *ui, int y)
{
	struct console *c = ui->shown;
	int focused = ui->focus_count > 0 &&
	    ui->focus[ui->focus_count - 1] == &console_focus;
	char esc[KEYC_NAME_MAX] = "?";
	struct buf b = {0};
	int k, key;
	size_t i;
	const char *ctx, *cmd;

	for (i = 0; i < keymap_count(ui->app->keymap); i++) {
		if (keymap_get(ui->app->keymap, i, &ctx, &key, &cmd) == 0 &&
		    strcmp(ctx, "console") == 0 &&
		    strncmp(cmd, "console-leave", 13) == 0) {
			key_to_name(key, esc, sizeof esc);
			break;
		}
	}
	buf_printf(&b, " %s: %s", c->title, pane_state_word(c));
	if (c->log_path != NULL)
		buf_printf(&b, " | log %s%s", c->log_path,
		    c->log_error != NULL ? " (failing)" : "");
	buf_printf(&b, " | %s %s", esc, focused ? "back to rackcon" :
	    "not typing here (ipmi-sol to type)");
	wattrset(ui->console_win, A_REVERSE);
	wmove(ui->console_win, y, 0);
	ui_put_cells(ui->console_win, b.data, ui->cols, 0);
	wattrset(ui->console_win, A_NORMAL);
	buf_free(&b);
	(void)k;
}

/* Why the console ended and what the admin can do, wrapped, in reverse
 * video over the bottom of the pane (nothing else changes there now). */
static void
pane_draw_ending(struct ui *ui, int top, int rows)
{
	struct console *c = ui->shown;
	char *text, **lines = NULL;
	size_t n, shown, i;
	int y;

	text = xasprintf("%s. %s", c->why != NULL ? c->why : "ended",
	    c->state == CONSOLE_IN_USE ? "Take it over? y: yes, n: no" :
	    "r: reconnect");
	n = ui_wrap_text(text, ui->cols - 2, &lines);
	shown = n > (size_t)rows ? (size_t)rows : n;
	wattrset(ui->console_win, A_REVERSE | A_BOLD);
	for (i = 0; i < shown; i++) {
		y = top + rows - (int)shown + (int)i;
		wmove(ui->console_win, y, 0);
		waddch(ui->console_win, ' ');
		ui_put_cells(ui->console_win, lines[i], ui->cols - 1, 0);
	}
	wattrset(ui->console_win, A_NORMAL);
	string_list_free(lines, n);
	free(text);
}

void
console_pane_draw(struct ui *ui)
{
	struct console *c = ui->shown;
	int rows, cols, row, from, to, top, cy, cx, vis, focused;

	if (c == NULL || ui->console_win == NULL)
		return;
	if (!(ui->dirty & (UI_DIRTY_CONSOLE | UI_DIRTY_STATUS)))
		return;
	top = ui->console_zoom ? 0 : 1;
	pane_draw_title(ui, ui->console_zoom ? ui->rows - 1 : 0);
	term_pane_size(c->pane, &rows, &cols);
	for (row = 0; row < rows; row++) {
		if (term_pane_row_damage(c->pane, row, &from, &to))
			pane_draw_run(ui, top + row, row, from, to);
	}
	term_pane_clean(c->pane);
	if (c->state == CONSOLE_ENDED || c->state == CONSOLE_IN_USE)
		pane_draw_ending(ui, top, rows);
	focused = ui->focus_count > 0 &&
	    ui->focus[ui->focus_count - 1] == &console_focus;
	term_pane_cursor(c->pane, &cy, &cx, &vis);
	if (focused && vis && c->state == CONSOLE_UP && cy < rows &&
	    cx < cols) {
		leaveok(ui->console_win, FALSE);
		wmove(ui->console_win, top + cy, cx);
		curs_set(1);
	} else {
		leaveok(ui->console_win, TRUE);
		if (!ui->prompt.active)
			curs_set(0);
	}
}

/* --- keys --------------------------------------------------------------- */

static void
pane_key(struct ui *ui, int key)
{
	struct console *c = ui->shown;
	const char *cmd = keymap_find(ui->app->keymap, "console", key);
	char bytes[VT_KEY_MAX], *cause = NULL;
	const char *term;
	size_t n;

	if (cmd != NULL) {
		app_run_line(ui->app, cmd);
		return;
	}
	if (c == NULL)
		return;
	if (c->state == CONSOLE_IN_USE) {
		if (key == 'y' || key == 'Y')
			console_reopen(c, PLUGIN_CONSOLE_STEAL);
		else if (key == 'n' || key == 'N' || key == KEYC_ESCAPE)
			ui_console_leave(ui, NULL);
		return;
	}
	if (c->state == CONSOLE_ENDED) {
		if (key == 'r' || key == 'R')
			console_reopen(c, 0);
		return;
	}
	if (c->state != CONSOLE_UP)
		return;
	term = ui->app->opt.console_term;
	n = vt_key_bytes(vt_term_from_name(term), term_pane_app_cursor(c->pane),
	    key, bytes);
	if (n > 0 && console_send(c, bytes, n, &cause) != 0) {
		app_message(ui->app, 1, "%s", cause);
		free(cause);
	}
}

const struct focus_ops console_focus = {
	.name = "console",
	.layer = FOCUS_LAYER_CONSOLE,
	.key = pane_key,
};

/* --- commands ------------------------------------------------------------ */

static void
pane_show(struct ui *ui, struct console *c, int zoom)
{
	ui->shown = c;
	ui->console_zoom = zoom;
	ui_focus_push(ui, &console_focus);
	ui_layout(ui);
	untouchwin(stdscr);
	ui_dirty(ui, UI_DIRTY_ALL | UI_DIRTY_CONSOLE);
}

int
ui_console_open(struct ui *ui, struct panel_state *panel, int zoom,
    char **cause)
{
	static const struct console_events ev = {
		.watch = pane_on_watch,
		.changed = pane_on_changed,
	};
	struct console_events e = ev;
	struct console *c = NULL;
	size_t i;
	int rows, cols;

	for (i = 0; i < ui->console_count; i++) {
		if (ui->consoles[i]->panel == panel)
			c = ui->consoles[i];
	}
	if (c == NULL) {
		rows = (zoom ? ui->rows : ui->rows - 2) - 1;
		cols = ui->cols;
		e.arg = ui;
		c = console_new(ui->app, panel, rows, cols, 0, &e, cause);
		if (c == NULL)
			return -1;
		free(c->title);
		c->title = xasprintf("SOL %s", c->host);
		ui->consoles = xreallocarray(ui->consoles,
		    ui->console_count + 1, sizeof *ui->consoles);
		ui->consoles[ui->console_count++] = c;
	} else if (c->state == CONSOLE_ENDED)
		console_reopen(c, 0);
	pane_show(ui, c, zoom);
	return 0;
}

int
ui_console_leave(struct ui *ui, char **cause)
{
	if (ui->shown == NULL) {
		set_cause(cause, "no console is shown");
		return -1;
	}
	ui->shown = NULL;
	ui_focus_drop(ui, &console_focus);
	curs_set(0);
	ui_layout(ui);
	untouchwin(stdscr);
	touchwin(ui->table);
	touchwin(ui->detail);
	ui_dirty(ui, UI_DIRTY_ALL);
	return 0;
}

static struct console *
console_needed(struct ui *ui, char **cause)
{
	struct console *c = console_current(ui);

	if (c == NULL)
		set_cause(cause, "no console is open on %s (ipmi-sol opens "
		    "one)", app_host(ui->app)->name);
	return c;
}

int
ui_console_zoom(struct ui *ui, char **cause)
{
	struct console *c = console_needed(ui, cause);

	if (c == NULL)
		return -1;
	if (ui->shown == c)
		ui->console_zoom = !ui->console_zoom;
	else
		ui->console_zoom = 1;
	pane_show(ui, c, ui->console_zoom);
	return 0;
}

int
ui_console_log(struct ui *ui, const char *path, char **cause)
{
	struct console *c = console_needed(ui, cause);
	char stamp[64], *def = NULL, *said = NULL;
	struct tm tm;
	time_t now = time(NULL);
	int rc;

	if (c == NULL)
		return -1;
	if (path == NULL && c->log_path == NULL) {
		/* No file named: one in the current directory. */
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		def = xasprintf("rackcon-sol-%s-%s.log", c->host, stamp);
		path = def;
	}
	rc = console_log(c, path, &said, cause);
	free(def);
	if (rc != 0)
		return -1;
	app_message(ui->app, 0, "%s", said);
	free(said);
	ui_dirty(ui, UI_DIRTY_CONSOLE);
	return 0;
}

int
ui_console_close(struct ui *ui, char **cause)
{
	struct console *c = console_needed(ui, cause);
	size_t i;

	if (c == NULL)
		return -1;
	if (ui->shown == c)
		ui_console_leave(ui, NULL);
	for (i = 0; i < ui->console_count; i++) {
		if (ui->consoles[i] == c) {
			ui->consoles[i] = ui->consoles[--ui->console_count];
			break;
		}
	}
	console_free(c);
	return 0;
}

int
ui_console_break(struct ui *ui, char **cause)
{
	struct console *c = console_needed(ui, cause);

	if (c == NULL || console_break(c, cause) != 0)
		return -1;
	app_message(ui->app, 0, "break sent to %s", c->title);
	return 0;
}

int
ui_console_reconnect(struct ui *ui, int steal, char **cause)
{
	struct console *c = console_needed(ui, cause);

	if (c == NULL)
		return -1;
	console_reopen(c, steal ? PLUGIN_CONSOLE_STEAL : 0);
	if (ui->shown != c)
		pane_show(ui, c, ui->console_zoom);
	return 0;
}

void
console_pane_close_all(struct ui *ui)
{
	size_t i;

	ui->shown = NULL;
	ui_focus_drop(ui, &console_focus);
	pane_free_window(ui);
	for (i = 0; i < ui->console_count; i++)
		console_free(ui->consoles[i]);
	free(ui->consoles);
	ui->consoles = NULL;
	ui->console_count = 0;
}
