/* State shared by the files of the interactive front end (tui/ only). */
#ifndef RACKCON_UI_INTERNAL_H
#define RACKCON_UI_INTERNAL_H

#include "curses-wrap.h"
#include "theme.h"
#include "ui.h"

struct app;

enum overlay_kind { OVERLAY_NONE, OVERLAY_TEXT, OVERLAY_CONFIRM,
	OVERLAY_MENU };

struct overlay {
	enum overlay_kind kind;
	WINDOW *win;
	PANEL *panel;
	char *title;
	char *text;          /* OVERLAY_TEXT and OVERLAY_CONFIRM */
	char **lines;        /* text wrapped to the dialog's width */
	size_t line_count;
	int top;             /* first line shown */
	int dry_run;         /* OVERLAY_CONFIRM */
	/* OVERLAY_MENU */
	MENU *menu;
	ITEM **items;
	WINDOW *menu_sub;
	char **menu_commands; /* the command line of each item */
	char **menu_labels;
	size_t menu_count;
};

struct prompt {
	int active;
	enum prompt_mode mode;
	char *text;          /* UTF-8 */
	size_t len;
	size_t size;
	size_t cursor;       /* byte offset */
	char *saved_filter;  /* restored when a filter prompt is cancelled */
};

struct ui {
	struct app *app;
	int dirty;
	int rows, cols;
	int too_small;
	WINDOW *tabs, *table, *detail, *status;
	PANEL *tabs_p, *table_p, *detail_p, *status_p;
	int table_rows;      /* data rows the table shows */
	struct overlay overlay;
	struct prompt prompt;
	struct theme theme;
	int signal_fd;       /* read end of the signal pipe */
};

/* Layout and drawing (ui.c, table.c). */
void ui_layout(struct ui *ui);
void table_draw(struct ui *ui);
void detail_draw(struct ui *ui);
void tabs_draw(struct ui *ui);
void status_draw(struct ui *ui);

/* Overlays (dialog.c, menu.c). */
void overlay_close(struct ui *ui);
void overlay_draw(struct ui *ui);
void overlay_key(struct ui *ui, int key, const char *command);
void menu_open(struct ui *ui, const char *title, char **labels,
    char **commands, size_t count);
void menu_key(struct ui *ui, int key, const char *command);
void menu_close(struct ui *ui);

/* The prompt line (prompt.c). */
void prompt_draw(struct ui *ui);
void prompt_key(struct ui *ui, int key);

/* Draw s into win at the cursor, at most width columns, padding with
 * spaces; multibyte-aware. */
void ui_put_cells(WINDOW *win, const char *s, int width, int right);
/* Terminal cells s takes. */
int ui_text_width(const char *s);
/* Encode a code point as UTF-8 into out (room for 4 bytes + NUL). */
size_t utf8_encode(int cp, char *out);

#endif
