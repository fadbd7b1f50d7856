/* State shared by the files of the interactive front end (tui/ only). */
#ifndef RACKCON_UI_INTERNAL_H
#define RACKCON_UI_INTERNAL_H

#include "curses-wrap.h"
#include "frame-pace.h"
#include "line-edit.h"
#include "theme.h"
#include "ui.h"

struct app;

enum overlay_kind { OVERLAY_NONE, OVERLAY_TEXT, OVERLAY_CONFIRM,
	OVERLAY_MENU, OVERLAY_FORM };

struct form;

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
	int seen_end;        /* the last line has been on screen */
	int early_yes;       /* OVERLAY_CONFIRM: y came before that */
	/* OVERLAY_MENU */
	MENU *menu;
	ITEM **items;
	WINDOW *menu_sub;
	char **menu_commands; /* the command line of each item */
	char **menu_labels;
	size_t menu_count;
	struct form *form;    /* OVERLAY_FORM */
};

struct prompt {
	int active;
	enum prompt_mode mode;
	struct line_edit line;
	char *saved_filter;  /* restored when a filter prompt is cancelled */
	/* Candidates of the last Tab, in a small window above the line. */
	WINDOW *list_win;
	PANEL *list_panel;
	char **list;
	size_t list_count;
	/* The `:` lines run this session, oldest first; Up/Down walk them
	 * (history_at == history_count: the line being typed, kept in
	 * draft). */
	char **history;
	size_t history_count;
	size_t history_at;
	char *draft;
	/* PROMPT_SECRET: the plan's prompt, the first of the two entries
	 * (wiped as soon as compared), why it is asked again (NULL), and
	 * the confirmation's dry_run. */
	char *secret_prompt;
	char *secret_first;
	char *secret_again;
	int secret_dry_run;
	/* PROMPT_ASK: the question asked, and those waiting their turn. */
	struct question *question;
	struct question **waiting;
	size_t waiting_count;
};

/*
 * Who takes the keys: a stack ordered by layer (a prompt above a dialog
 * above a console pane above the table), the top one gets each key. The
 * table is the bottom and is not on the stack. An entry is pushed when
 * its thing opens and dropped when it closes, in any order.
 */
#define FOCUS_LAYER_CONSOLE 1
#define FOCUS_LAYER_OVERLAY 2
#define FOCUS_LAYER_PROMPT  3
struct focus_ops {
	const char *name;
	int layer;
	void (*key)(struct ui *ui, int key);
};
#define UI_FOCUS_MAX 8

/* A descriptor the loop polls beside the terminal (ui_watch_fd). */
struct ui_watch {
	int fd;
	int events;
	ui_fd_fn fn;
	void *arg;
};

struct console;

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
	long baud;           /* the line's output speed, 0 if unknown */
	struct frame_pace pace; /* when the next frame may be drawn */
	const struct focus_ops *focus[UI_FOCUS_MAX];
	int focus_count;
	struct ui_watch *watch;
	size_t watch_count;
	/* Consoles (console-pane.c): open ones, and the one the body shows
	 * (NULL: the table). */
	struct console **consoles;
	size_t console_count;
	struct console *shown;
	int console_zoom;   /* the shown console takes the whole terminal */
	WINDOW *console_win;
	PANEL *console_p;
};

/* The focus stack (ui.c). Pushing what is on it already does nothing. */
void ui_focus_push(struct ui *ui, const struct focus_ops *f);
void ui_focus_drop(struct ui *ui, const struct focus_ops *f);
/* The keymap's command for key in the current panel (then table). */
const char *ui_lookup(struct ui *ui, int key);
extern const struct focus_ops overlay_focus; /* dialog.c */
extern const struct focus_ops prompt_focus;  /* prompt.c */

/* The console pane (console-pane.c). */
extern const struct focus_ops console_focus;
/* The pane's window for the layout (ui_layout); NULL when none shows. */
void console_pane_layout(struct ui *ui);
void console_pane_draw(struct ui *ui);
/* Close every console (quitting). */
void console_pane_close_all(struct ui *ui);

/* Layout and drawing (ui.c, table.c). */
void ui_layout(struct ui *ui);
void table_draw(struct ui *ui);
void detail_draw(struct ui *ui);
void tabs_draw(struct ui *ui);
void status_draw(struct ui *ui);

/* Overlays (dialog.c, menu.c). */
void overlay_close(struct ui *ui);
void overlay_draw(struct ui *ui);
/* The overlay's window, h x w and centred, replacing the one before: a
 * box, title on its top line and hint on its last inner line (each cut to
 * fit), in a libpanel panel above the rest. */
void overlay_frame(struct ui *ui, int h, int w, const char *title,
    const char *hint);
void overlay_key(struct ui *ui, int key, const char *command);
void menu_open(struct ui *ui, const char *title, char **labels,
    char **commands, size_t count);
void menu_key(struct ui *ui, int key, const char *command);
void menu_close(struct ui *ui);
void menu_relayout(struct ui *ui);

/* Forms (form.c). */
void form_draw(struct ui *ui);
void form_key(struct ui *ui, int key);
void form_free(struct form *f);

/* The prompt line (prompt.c). */
void prompt_draw(struct ui *ui);
void prompt_key(struct ui *ui, int key);
/* Take the candidate list off the screen (a key, a resize, quitting). */
void prompt_list_close(struct ui *ui);
/* Free the history (quitting). */
void prompt_free(struct ui *ui);

/* Draw s into win at the cursor, at most width columns, padding with
 * spaces; multibyte-aware. Every character text_safe() rejects (controls,
 * bidi, zero-width, invalid UTF-8) is drawn as '?'. */
void ui_put_cells(WINDOW *win, const char *s, int width, int right);
/* text (lines separated by '\n') wrapped at spaces to lines of at most
 * width cells, into fresh *lines; their number. Free with
 * string_list_free. */
size_t ui_wrap_text(const char *text, int width, char ***lines);
/* Terminal cells s takes. */
int ui_text_width(const char *s);
/* Encode a code point as UTF-8 into out (room for 4 bytes + NUL). */
size_t utf8_encode(int cp, char *out);

#endif
