/* Drawing the main windows: tab bar, table, detail pane and status line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "clock.h"
#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "textsafe.h"
#include "ui-internal.h"

/* n blanks in the window's attributes at the cursor, which moves past
 * them: one whline, where waddstr would take each blank through the wide
 * character path (a 200-column table's right-hand filler was most of a
 * frame's cost). */
static void
put_blanks(WINDOW *win, int n)
{
	int y, x;

	if (n <= 0)
		return;
	getyx(win, y, x);
	whline(win, ' ' | (chtype)getattrs(win), n);
	wmove(win, y, x + n);
}

/* The columns text takes when it is printable ASCII only (one column a
 * byte, nothing to make safe), else -1. Most cells are. */
static int
ascii_cells(const char *text)
{
	const unsigned char *s;

	for (s = (const unsigned char *)text; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return -1;
	return (int)((const char *)s - text);
}

void
ui_put_cells(WINDOW *win, const char *text, int width, int right)
{
	char *safe;
	const char *s;
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int used = 0, w;
	char out[1024];
	size_t outlen = 0;

	if ((used = ascii_cells(text)) >= 0) {
		if (used > width)
			used = width;
		if (right)
			put_blanks(win, width - used);
		waddnstr(win, text, used);
		if (!right)
			put_blanks(win, width - used);
		return;
	}
	used = 0;
	safe = text_safe(text, 0);
	s = safe;
	memset(&st, 0, sizeof st);
	while (*s != '\0' && outlen < sizeof out - 8) {
		n = mbrtowc(&wc, s, strlen(s), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			wc = '?';
			n = 1;
			w = 1;
			if (used + w > width)
				break;
			out[outlen++] = '?';
		} else {
			w = wcwidth(wc);
			if (w < 0) {
				w = 1;
				if (used + w > width)
					break;
				out[outlen++] = '?';
			} else {
				if (used + w > width)
					break;
				memcpy(out + outlen, s, n);
				outlen += n;
			}
		}
		used += w;
		s += n;
	}
	out[outlen] = '\0';
	if (right)
		put_blanks(win, width - used);
	waddstr(win, out);
	if (!right)
		put_blanks(win, width - used);
	free(safe);
}

/* --- tab bar --------------------------------------------------------- */

static int
panel_has_alert(const struct panel_state *p)
{
	struct view v = panel_view(p);

	if (p->error != NULL || p->unavailable != NULL)
		return 1;
	return p->snap != NULL && p->screen->alert != NULL &&
	    p->screen->alert(&v) != NULL;
}

void
tabs_draw(struct ui *ui)
{
	struct app *app = ui->app;
	struct panel_state *p;
	struct view v;
	size_t i, n;
	char label[96];

	werase(ui->tabs);
	wattrset(ui->tabs, ui->theme.tab);
	wmove(ui->tabs, 0, 0);
	waddstr(ui->tabs, "rackcon ");
	for (i = 0; i < app->panel_count; i++) {
		p = app->panels[i];
		v = panel_view(p);
		if (p->snap != NULL && p->screen->alert_count != NULL &&
		    (n = p->screen->alert_count(&v)) > 0)
			snprintf(label, sizeof label, " %s %zu! ",
			    p->screen->title, n);
		else
			snprintf(label, sizeof label, " %s%s ",
			    p->screen->title, panel_has_alert(p) ? "!" : "");
		wattrset(ui->tabs, i == app->current ? ui->theme.tab_current :
		    ui->theme.tab);
		waddstr(ui->tabs, label);
	}
	wattrset(ui->tabs, ui->theme.tab);
	/* Which host the panels show, and how it is reached. */
	snprintf(label, sizeof label, " %s (%s)", app_host(app)->name,
	    host_reach(app_host(app)));
	/* The name alone when the way there does not fit. */
	if (getcurx(ui->tabs) + ui_text_width(label) >= ui->cols)
		snprintf(label, sizeof label, " %s", app_host(app)->name);
	if (getcurx(ui->tabs) + ui_text_width(label) < ui->cols) {
		wmove(ui->tabs, 0, ui->cols - ui_text_width(label) - 1);
		ui_put_cells(ui->tabs, label, ui_text_width(label), 0);
	}
}

/* --- table ------------------------------------------------------------- */

/*
 * Which columns fit: the first (the row's name) always, then whole
 * columns from p->col_skip on while they fit (Left/Right move col_skip);
 * a first scrolled column wider than the room left is cut rather than
 * hidden. Fills shown[] (at most max) and returns how many; *more is 1
 * when columns to the right were left out.
 */
static size_t
table_layout(const struct ui *ui, const struct panel_state *p,
    size_t *shown, int *width, size_t max, int *more)
{
	const struct screen *s = p->screen;
	size_t n = 0, col;
	int x = 0, w;

	struct view v = panel_view(p);

	*more = 0;
	for (col = 0; col < s->column_count && n < max; col++) {
		if (col > 0 && col <= p->col_skip)
			continue;
		if (col > 0 && s->column_shown != NULL &&
		    !s->column_shown(&v, col))
			continue;
		w = s->columns[col].width;
		if (x + w > ui->cols) {
			if (n > 1) {
				*more = 1;
				break;
			}
			w = ui->cols - x;
		}
		shown[n] = col;
		width[n++] = w;
		x += w + 1;
		if (x >= ui->cols) {
			*more = col + 1 < s->column_count;
			break;
		}
	}
	return n;
}

#define TABLE_MAX_SHOWN 64

static void
table_header(struct ui *ui, const struct panel_state *p)
{
	const struct screen *s = p->screen;
	size_t shown[TABLE_MAX_SHOWN], n, i;
	int width[TABLE_MAX_SHOWN], more, x = 0;
	char title[64];

	n = table_layout(ui, p, shown, width, TABLE_MAX_SHOWN, &more);
	wmove(ui->table, 0, 0);
	wattrset(ui->table, ui->theme.header);
	for (i = 0; i < n; i++) {
		snprintf(title, sizeof title, "%s%s",
		    s->columns[shown[i]].title, (int)shown[i] == p->sort_col ?
		    (p->sort_desc ? "v" : "^") : "");
		ui_put_cells(ui->table, title, width[i],
		    s->columns[shown[i]].right);
		x += width[i];
		if (x < ui->cols) {
			/* "<" after the first column: some are scrolled off */
			waddch(ui->table, i == 0 && p->col_skip > 0 ? '<' : ' ');
			x++;
		}
	}
	if (x < ui->cols)
		put_blanks(ui->table, ui->cols - x);
	if (more)
		mvwaddch(ui->table, 0, ui->cols - 1, '>'); /* more to the right */
	wattrset(ui->table, A_NORMAL);
}

/* The columns on screen, worked out once a frame. */
struct table_cols {
	size_t shown[TABLE_MAX_SHOWN];
	int width[TABLE_MAX_SHOWN];
	size_t n;
};

static void
table_row(struct ui *ui, const struct panel_state *p,
    const struct table_cols *tc, int y, size_t row, int selected)
{
	const struct screen *s = p->screen;
	struct view v = panel_view(p);
	size_t i;
	int x = 0;
	struct cell c;
	char text[256];
	attr_t base = selected ? ui->theme.selected : A_NORMAL;

	wmove(ui->table, y, 0);
	for (i = 0; i < tc->n; i++) {
		s->cell(&v, row, tc->shown[i], &c);
		cell_format(&c, tc->width[i], text, sizeof text);
		wattrset(ui->table, base | (c.alert ? ui->theme.alert : 0));
		ui_put_cells(ui->table, text, tc->width[i],
		    s->columns[tc->shown[i]].right);
		x += tc->width[i];
		wattrset(ui->table, base);
		if (x < ui->cols) {
			waddch(ui->table, ' ');
			x++;
		}
	}
	if (x < ui->cols)
		put_blanks(ui->table, ui->cols - x);
	wattrset(ui->table, A_NORMAL);
}

/* A message instead of rows (why there are none), wrapped to the width. */
static void
table_message(struct ui *ui, const char *msg)
{
	char **lines;
	size_t n = ui_wrap_text(msg, ui->cols - 2, &lines), i;

	for (i = 0; i < n && (int)i + 2 < getmaxy(ui->table); i++) {
		wmove(ui->table, 2 + (int)i, 1);
		ui_put_cells(ui->table, lines[i], ui->cols - 2, 0);
	}
	string_list_free(lines, n);
}

void
table_draw(struct ui *ui)
{
	struct panel_state *p = app_current(ui->app);
	struct table_cols tc;
	char *problem;
	size_t i;
	int y, more;

	werase(ui->table);
	table_header(ui, p);
	if (p->unavailable != NULL)
		table_message(ui, p->unavailable);
	else if (p->snap == NULL && p->error != NULL) {
		problem = app_panel_problem(p, clock_now_ms());
		table_message(ui, problem);
		free(problem);
	} else if (p->snap == NULL)
		table_message(ui, "reading...");
	else if (p->order_count == 0)
		table_message(ui, p->filter != NULL ?
		    "no row matches the filter (Esc clears it)" : "nothing here");
	if (p->snap != NULL && p->order_count > 0) {
		tc.n = table_layout(ui, p, tc.shown, tc.width,
		    TABLE_MAX_SHOWN, &more);
		if (p->selected < p->top)
			p->top = p->selected;
		if (p->selected >= p->top + (size_t)ui->table_rows)
			p->top = p->selected - (size_t)ui->table_rows + 1;
		for (i = p->top, y = 1; i < p->order_count &&
		    y <= ui->table_rows; i++, y++)
			table_row(ui, p, &tc, y, p->order[i],
			    i == p->selected);
	}
}

/* --- detail pane ------------------------------------------------------- */

void
detail_draw(struct ui *ui)
{
	struct panel_state *p = app_current(ui->app);
	struct view v = panel_view(p);
	const char *notice = NULL;
	char *problem = NULL;
	struct buf b = {0};
	char **lines = NULL, **nl = NULL;
	size_t n = 0, nn = 0, i;
	long row = panel_selected_row(p);
	int h = getmaxy(ui->detail), y = 1;

	werase(ui->detail);
	theme_hline(&ui->theme, ui->detail, 0, 0, ui->cols);
	if (p->snap != NULL && p->screen->notice != NULL)
		notice = p->screen->notice(&v);
	if (p->error != NULL && p->snap != NULL)
		notice = problem = app_panel_problem(p, clock_now_ms());
	/* On the rule, and what does not fit on the lines below it: a
	 * failing host's reason and retry are never cut off. */
	if (notice != NULL)
		nn = ui_wrap_text(notice, ui->cols - 2, &nl);
	wattrset(ui->detail, ui->theme.error);
	for (i = 0; i < nn && (int)i < h; i++) {
		wmove(ui->detail, (int)i, i == 0 ? 1 : 0);
		ui_put_cells(ui->detail, nl[i], ui->cols - 2, 0);
		if (i > 0)
			y++;
	}
	wattrset(ui->detail, A_NORMAL);
	string_list_free(nl, nn);
	free(problem);
	/* Long lines wrap (continued lines keep the indentation) rather than
	 * lose their ends at 80 columns; [ and ] scroll. */
	if (row >= 0) {
		p->screen->detail(&v, (size_t)row, &b);
		n = ui_wrap_text(b.data != NULL ? b.data : "", ui->cols, &lines);
	}
	if (p->detail_top > 0 && (size_t)p->detail_top >= n)
		p->detail_top = n > 0 ? (int)n - 1 : 0;
	for (i = (size_t)p->detail_top; i < n && y < h; i++, y++) {
		wmove(ui->detail, y, 0);
		wattrset(ui->detail, i == 0 ? ui->theme.title : A_NORMAL);
		ui_put_cells(ui->detail, lines[i], ui->cols, 0);
	}
	wattrset(ui->detail, A_NORMAL);
	string_list_free(lines, n);
	buf_free(&b);
}

/* --- status line ------------------------------------------------------- */

/* The first key bound to exactly command, in global or the panel. */
static const char *
key_for(struct app *app, const char *command, char *name, size_t len)
{
	const char *ctx, *bound, *panel = app_current(app)->screen->name;
	size_t i, n = keymap_count(app->keymap);
	int key;

	for (i = 0; i < n; i++) {
		if (keymap_get(app->keymap, i, &ctx, &key, &bound) != 0 ||
		    strcmp(bound, command) != 0)
			continue;
		if (strcmp(ctx, "global") == 0 || strcmp(ctx, panel) == 0)
			return key_to_name(key, name, len);
	}
	return NULL;
}

/* "F1 help  : command  / filter ..." from the keymap in use. */
static void
status_hints(struct app *app, struct buf *b)
{
	static const char *const hints[][2] = {
		{ "help", "help" }, { "prompt", "command" },
		{ "filter", "filter" }, { "actions", "actions" },
		{ "quit", "quit" },
	};
	char name[KEYC_NAME_MAX];
	size_t i;

	for (i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		if (key_for(app, hints[i][0], name, sizeof name) != NULL)
			buf_printf(b, "%s%s %s", b->len > 0 ? "  " : "", name,
			    hints[i][1]);
	}
}

/* The right end of the status line: filter, row counts, modes. */
static void
status_right(struct app *app, struct buf *right)
{
	struct panel_state *p = app_current(app);
	struct view v = panel_view(p);

	buf_addstr(right, "");
	if (p->filter != NULL)
		buf_printf(right, " /%s", p->filter);
	/* The host shown, when there are several (a panel the core feeds
	 * is about all of them). */
	if (p->host != NULL && app->hosts_from_inventory)
		buf_printf(right, " %s", p->host->name);
	if (p->snap != NULL)
		buf_printf(right, " %zu/%zu", p->order_count,
		    p->screen->row_count(&v));
	if (app->opt.read_only)
		buf_addstr(right, " [read-only]");
	if (app->opt.dry_run)
		buf_addstr(right, " [dry-run]");
}

int
ui_message_room(struct ui *ui)
{
	struct buf right = {0};
	int room;

	status_right(ui->app, &right);
	room = ui->cols - (int)right.len - 1;
	buf_free(&right);
	return room;
}

void
status_draw(struct ui *ui)
{
	struct app *app = ui->app;
	struct buf right = {0}, hints = {0};
	const char *msg = app->message;
	int width;

	status_right(app, &right);
	werase(ui->status);
	wmove(ui->status, 0, 0);
	width = ui->cols - (int)right.len - 1;
	if (width < 10)
		width = ui->cols;
	wattrset(ui->status, app->message_error ? ui->theme.error :
	    ui->theme.status);
	if (msg == NULL) {
		buf_addstr(&hints, "");
		status_hints(app, &hints);
		msg = hints.data;
	}
	ui_put_cells(ui->status, msg, width, 0);
	buf_free(&hints);
	wattrset(ui->status, ui->theme.status);
	if (width < ui->cols)
		ui_put_cells(ui->status, right.data, ui->cols - width - 1, 1);
	buf_free(&right);
}

int
ui_text_width(const char *s)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int width = 0, w;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		n = mbrtowc(&wc, s, strlen(s), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			n = 1;
			w = 1;
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		width += w;
		s += n;
	}
	return width;
}

size_t
utf8_encode(int cp, char *out)
{
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	out[n] = '\0';
	return n;
}
