/*
 * The interactive front end: the terminal, the poll() loop and the
 * overlays. Only tui/ files include curses; this header does not, so the
 * UI commands (cmd-core.c) can open a dialog without knowing curses. app.c
 * does not include it: it reaches the UI through ui_frontend_ops.
 *
 * Everything here runs on the UI thread.
 */
#ifndef RACKCON_UI_H
#define RACKCON_UI_H

#include <stddef.h>

#include "frontend.h"

struct app;
struct ui;
struct change_plan;
struct panel_state;

#define UI_DIRTY_TABS   FE_REDRAW_TABS
#define UI_DIRTY_TABLE  FE_REDRAW_TABLE
#define UI_DIRTY_DETAIL FE_REDRAW_DETAIL
#define UI_DIRTY_STATUS FE_REDRAW_STATUS
#define UI_DIRTY_ALL    FE_REDRAW_ALL

/* The curses front end (dialog.c): fe is the struct ui. ui_main() sets it
 * on the app while the terminal is up. */
extern const struct frontend_ops ui_frontend_ops;

enum prompt_mode {
	PROMPT_COMMAND, /* `:` */
	PROMPT_FILTER,  /* `/`, filters as it is typed */
	PROMPT_ASK,     /* a worker's question (yes/no, or a secret that is
			   never echoed) */
	PROMPT_SECRET   /* a change's password (a new BMC user's), typed
			   twice, never echoed; then its confirmation */
};

#define UI_DIRTY_CONSOLE 0x100 /* the console pane's damaged cells */

/* A descriptor beside the terminal: fn(arg, revents) runs on the UI
 * thread when poll() says it is ready for events (POLLIN, POLLOUT). Any
 * number; whoever owns a console registers its descriptor, and unwatches
 * it before closing it. Watching an fd again replaces its entry. */
typedef void (*ui_fd_fn)(void *arg, int revents);
void ui_watch_fd(struct ui *ui, int fd, int events, ui_fd_fn fn, void *arg);
void ui_unwatch_fd(struct ui *ui, int fd);

/* Consoles (console-pane.c): the UI commands behind ipmi-sol,
 * console-leave, console-zoom, console-log, console-close and
 * sol-break. 0, or -1 with *cause. */
int ui_console_open(struct ui *ui, struct panel_state *panel, int zoom,
    char **cause);
int ui_console_leave(struct ui *ui, char **cause);
int ui_console_zoom(struct ui *ui, char **cause);
int ui_console_log(struct ui *ui, const char *path, char **cause);
int ui_console_close(struct ui *ui, char **cause);
int ui_console_break(struct ui *ui, char **cause);
int ui_console_reconnect(struct ui *ui, int steal, char **cause);

/* Start curses and run until the user quits; returns the exit status. */
int ui_main(struct app *app);
void ui_dirty(struct ui *ui, int what);
/* Overlays (libpanel). */
void ui_show_text(struct ui *ui, const char *title, const char *text);
void ui_show_confirm(struct ui *ui, const struct change_plan *plan,
    int dry_run);
void ui_open_prompt(struct ui *ui, enum prompt_mode mode,
    const char *prefill);
struct change_plan;
/* The plan waiting in app (app->pending) wants a secret: ask for it twice
 * in the status line, never echoed; when both agree and the plan takes
 * it (app_set_secret), show the confirmation as usual. Esc cancels the
 * change. */
void ui_ask_plan_secret(struct ui *ui, const struct change_plan *plan,
    int dry_run);
struct question;
/* Ask a worker's question in the status line: at once, or when the
 * prompt or the question before it is done. The answer goes back with
 * question_answer(). */
void ui_ask(struct ui *ui, struct question *q);
/* A form for argv's command (argv[0]) after the arguments given: 0, or
 * -1 with *cause when it has nothing to fill in. */
int ui_open_form(struct ui *ui, int argc, char **argv, char **cause);
void ui_open_panel_menu(struct ui *ui);
/* A menu of labels; Enter runs the chosen item's command line. Takes
 * ownership of both lists (count entries each). */
void ui_open_menu(struct ui *ui, const char *title, char **labels,
    char **lines, size_t count);
void ui_open_actions_menu(struct ui *ui);
void ui_redraw_all(struct ui *ui);
/* Rows the table shows at once (for page-up/page-down). */
int ui_page_rows(struct ui *ui);
/* Terminal cells the status line has for a message. */
int ui_message_room(struct ui *ui);

#endif
