/* The core commands: quitting, help, the prompt, filtering, sorting, moving. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "complete.h"
#include "console.h"
#include "strutil.h"
#include "help.h"
#include "ui.h"
#include "xmalloc.h"

static int
ui_needed(struct app *app, const char *name, char **cause)
{
	if (app->ui != NULL)
		return 0;
	set_cause(cause, "%s: only in the interactive UI", name);
	return -1;
}

static void
view_changed(struct app *app)
{
	if (app->ui != NULL)
		ui_dirty(app->ui, UI_DIRTY_TABLE | UI_DIRTY_DETAIL |
		    UI_DIRTY_STATUS);
}

static int
cmd_quit_run(struct app *app, int argc, char **argv, char **cause)
{
	if (app->changes_running > 0 && (argc == 0 ||
	    strcmp(argv[0], "--force") != 0)) {
		set_cause(cause, "a change is still running; wait for it, "
		    "or quit --force");
		return -1;
	}
	app->quit = 1;
	return 0;
}

static int
cmd_help_run(struct app *app, int argc, char **argv, char **cause)
{
	char *text;

	if (ui_needed(app, "help", cause) != 0)
		return -1;
	text = help_text(app, argc > 0 ? argv[0] : NULL);
	ui_show_text(app->ui, "Help", text);
	free(text);
	return 0;
}

static int
cmd_prompt_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "prompt", cause) != 0)
		return -1;
	ui_open_prompt(app->ui, PROMPT_COMMAND, argc > 0 ? argv[0] : "");
	return 0;
}

static int
cmd_filter_run(struct app *app, int argc, char **argv, char **cause)
{
	struct panel_state *p = app_current(app);

	if (argc > 0) {
		free(p->filter);
		p->filter = xstrdup(argv[0]);
		panel_reorder(p);
		view_changed(app);
		return 0;
	}
	if (ui_needed(app, "filter", cause) != 0)
		return -1;
	ui_open_prompt(app->ui, PROMPT_FILTER,
	    p->filter != NULL ? p->filter : "");
	return 0;
}

static int
cmd_filter_clear_run(struct app *app, int argc, char **argv, char **cause)
{
	struct panel_state *p = app_current(app);

	free(p->filter);
	p->filter = NULL;
	panel_reorder(p);
	view_changed(app);
	return 0;
}

static int
cmd_form_run(struct app *app, int argc, char **argv, char **cause)
{
	return ui_open_form(app->ui, argc, argv, cause);
}

/*
 * pick COMMAND ARG...: a menu of the values COMMAND's next argument may
 * take (the members of the array given, the devices md-add accepts); the
 * item chosen runs the command with it, as typed at the prompt would.
 */
static int
cmd_pick_run(struct app *app, int argc, char **argv, char **cause)
{
	const struct command *cmd = cmd_find(argv[0]);
	struct choice_list values = {0};
	char **labels = NULL, **lines = NULL, **words = NULL, *title, *what;
	char *line;
	size_t nl = 0, nc = 0, nw = 0, i;
	int arg = argc - 1;

	if (ui_needed(app, "pick", cause) != 0)
		return -1;
	if (cmd == NULL) {
		set_cause(cause, "pick: unknown command: %s", argv[0]);
		return -1;
	}
	if (cmd->max_args >= 0 && arg >= cmd->max_args) {
		set_cause(cause, "pick: %s takes no more arguments", cmd->name);
		return -1;
	}
	complete_values(app, cmd, arg, argv + 1, &values);
	what = cmd_arg_label(cmd, arg);
	title = str_join(argv, (size_t)argc, " ");
	if (values.count == 0) {
		set_cause(cause, "%s: nothing to choose as %s now", title,
		    what);
		free(what);
		free(title);
		return -1;
	}
	for (i = 0; i < (size_t)argc; i++)
		strv_push(&words, &nw, argv[i]);
	strv_push(&words, &nw, "");
	for (i = 0; i < values.count; i++) {
		free(words[nw - 1]);
		words[nw - 1] = xstrdup(values.values[i]);
		lines = xreallocarray(lines, nc + 1, sizeof *lines);
		lines[nc++] = cmd_join(words, nw);
		strv_push(&labels, &nl, values.labels[i]);
	}
	string_list_free(words, nw);
	free(title);
	line = str_join(argv, (size_t)argc, " ");
	title = xasprintf("%s: %s", line, what);
	free(line);
	ui_open_menu(app->ui, title, labels, lines, nl);
	free(title);
	free(what);
	choice_list_free(&values);
	return 0;
}

static int
cmd_refresh_run(struct app *app, int argc, char **argv, char **cause)
{
	app_refresh(app, app_current(app), 1);
	app_message(app, 0, "refreshing %s...", app_current(app)->screen->name);
	return 0;
}

static int
cmd_redraw_run(struct app *app, int argc, char **argv, char **cause)
{
	if (app->ui != NULL)
		ui_redraw_all(app->ui);
	return 0;
}

static int
switch_panel(struct app *app, size_t index)
{
	app->current = index % app->panel_count;
	if (app->ui != NULL)
		ui_dirty(app->ui, UI_DIRTY_ALL);
	app_refresh(app, app_current(app), 0);
	return 0;
}

static int
cmd_panel_run(struct app *app, int argc, char **argv, char **cause)
{
	const struct screen *s;
	char *why = NULL;
	size_t i;

	for (i = 0; i < app->panel_count; i++) {
		if (strcmp(app->panels[i]->screen->name, argv[0]) == 0)
			return switch_panel(app, i);
	}
	s = screens_find(argv[0]);
	if (s != NULL && s->plugin != NULL &&
	    !host_has(app_host(app), s->needs, &why)) {
		set_cause(cause, "%s", why);
		free(why);
		return -1;
	}
	if (s != NULL) {
		set_cause(cause, "the %s panel is there with an inventory of "
		    "hosts (--inventory FILE)", s->title);
		return -1;
	}
	set_cause(cause, "no panel called %s", argv[0]);
	return -1;
}

static int
cmd_panel_next_run(struct app *app, int argc, char **argv, char **cause)
{
	return switch_panel(app, app->current + 1);
}

static int
cmd_panel_prev_run(struct app *app, int argc, char **argv, char **cause)
{
	return switch_panel(app, app->current + app->panel_count - 1);
}

/*
 * Show host h: its panels, on the panel shown now; from a panel about all
 * hosts (Hosts), on the first panel about one host (Disks), since the
 * admin picked that host to look at it.
 */
static int
show_host(struct app *app, struct host *h)
{
	size_t i;

	app_show_host(app, h);
	if (app_current(app)->host == NULL) {
		for (i = 0; i < app->panel_count; i++) {
			if (app->panels[i]->host != NULL)
				return switch_panel(app, i);
		}
	}
	app_refresh(app, app_current(app), 0);
	app_message(app, 0, "host %s (%s)", h->name, host_reach(h));
	return 0;
}

static int
cmd_host_run(struct app *app, int argc, char **argv, char **cause)
{
	struct host *h = app_find_host(app, argv[0]);

	if (h == NULL) {
		set_cause(cause, "no host called %s (the Hosts panel lists "
		    "them)", argv[0]);
		return -1;
	}
	return show_host(app, h);
}

/* The host step places on from the shown one, round the inventory. */
static struct host *
host_step(struct app *app, size_t step)
{
	return &app->hosts[(app->host + step) % app->host_count];
}

static int
cmd_host_next_run(struct app *app, int argc, char **argv, char **cause)
{
	return show_host(app, host_step(app, 1));
}

static int
cmd_host_prev_run(struct app *app, int argc, char **argv, char **cause)
{
	return show_host(app, host_step(app, app->host_count - 1));
}

static int
cmd_panel_menu_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "panel-menu", cause) != 0)
		return -1;
	ui_open_panel_menu(app->ui);
	return 0;
}

static int
cmd_actions_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "actions", cause) != 0)
		return -1;
	ui_open_actions_menu(app->ui);
	return 0;
}

static void
sort_message(struct app *app, struct panel_state *p)
{
	if (p->sort_col < 0)
		app_message(app, 0, "unsorted");
	else
		app_message(app, 0, "sorted by %s%s",
		    p->screen->columns[p->sort_col].key,
		    p->sort_desc ? " (descending)" : "");
}

static int
sort_by(struct app *app, int col)
{
	struct panel_state *p = app_current(app);
	int n = (int)p->screen->column_count;

	if (col < -1)
		col = n - 1;
	if (col >= n)
		col = -1;
	p->sort_col = col;
	panel_reorder(p);
	sort_message(app, p);
	view_changed(app);
	return 0;
}

static int
cmd_sort_run(struct app *app, int argc, char **argv, char **cause)
{
	struct panel_state *p = app_current(app);
	size_t i;

	for (i = 0; i < p->screen->column_count; i++) {
		if (strcmp(p->screen->columns[i].key, argv[0]) == 0) {
			p->sort_desc = argc > 1 && strcmp(argv[1], "desc") == 0;
			return sort_by(app, (int)i);
		}
	}
	set_cause(cause, "sort: the %s panel has no column %s",
	    p->screen->name, argv[0]);
	return -1;
}

static int
cmd_sort_next_run(struct app *app, int argc, char **argv, char **cause)
{
	return sort_by(app, app_current(app)->sort_col + 1);
}

static int
cmd_sort_prev_run(struct app *app, int argc, char **argv, char **cause)
{
	return sort_by(app, app_current(app)->sort_col - 1);
}

static int
cmd_sort_reverse_run(struct app *app, int argc, char **argv, char **cause)
{
	struct panel_state *p = app_current(app);

	p->sort_desc = !p->sort_desc;
	if (p->sort_col < 0)
		p->sort_col = 0;
	return sort_by(app, p->sort_col);
}

static int
move_cursor(struct app *app, long delta, int absolute)
{
	struct panel_state *p = app_current(app);
	long target = absolute ? delta : (long)p->selected + delta;

	if (target < 0)
		target = 0;
	panel_select(p, (size_t)target);
	view_changed(app);
	return 0;
}

static long
page(struct app *app)
{
	int rows = app->ui != NULL ? ui_page_rows(app->ui) : 10;

	return rows > 1 ? rows - 1 : 1;
}

static int
cmd_cursor_up_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, -1, 0);
}

static int
cmd_cursor_down_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, 1, 0);
}

static int
cmd_page_up_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, -page(app), 0);
}

static int
cmd_page_down_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, page(app), 0);
}

static int
cmd_cursor_top_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, 0, 1);
}

static int
cmd_cursor_bottom_run(struct app *app, int argc, char **argv, char **cause)
{
	return move_cursor(app, (long)app_current(app)->order_count, 1);
}

static int
scroll_detail(struct app *app, int delta)
{
	struct panel_state *p = app_current(app);

	p->detail_top += delta;
	if (p->detail_top < 0)
		p->detail_top = 0;
	if (app->ui != NULL)
		ui_dirty(app->ui, UI_DIRTY_DETAIL);
	return 0;
}

/* Left/Right: the first column (the name) stays; the others scroll. */
static int
scroll_columns(struct app *app, int delta)
{
	struct panel_state *p = app_current(app);
	const struct screen *s = p->screen;
	struct view v = panel_view(p);
	size_t last = s->column_count > 1 ? s->column_count - 2 : 0;

	/* A column left out (column_shown) is stepped over: each key
	 * moves the table by one column on screen. */
	do {
		if (delta < 0 && p->col_skip > 0)
			p->col_skip--;
		else if (delta > 0 && p->col_skip < last)
			p->col_skip++;
		else
			break;
	} while (s->column_shown != NULL &&
	    !s->column_shown(&v, delta < 0 ? p->col_skip + 1 : p->col_skip));
	if (app->ui != NULL)
		ui_dirty(app->ui, UI_DIRTY_TABLE);
	return 0;
}

static int
cmd_scroll_left_run(struct app *app, int argc, char **argv, char **cause)
{
	return scroll_columns(app, -1);
}

static int
cmd_scroll_right_run(struct app *app, int argc, char **argv, char **cause)
{
	return scroll_columns(app, 1);
}

static int
cmd_detail_up_run(struct app *app, int argc, char **argv, char **cause)
{
	return scroll_detail(app, -1);
}

static int
cmd_detail_down_run(struct app *app, int argc, char **argv, char **cause)
{
	return scroll_detail(app, 1);
}

/* --- consoles ----------------------------------------------------------- */

static int
cmd_ipmi_sol_run(struct app *app, int argc, char **argv, char **cause)
{
	struct host *h = app_host(app);
	struct panel_state *p;

	if (ui_needed(app, "ipmi-sol", cause) != 0)
		return -1;
	if (argc > 0 && (h = app_find_host(app, argv[0])) == NULL) {
		set_cause(cause, "no host called %s (the Hosts panel lists "
		    "them)", argv[0]);
		return -1;
	}
	p = app_host_panel(app, h, "ipmi");
	if (p == NULL || p->host == NULL) {
		set_cause(cause, "%s has no BMC (--bmc HOST[:PORT], or the "
		    "inventory's bmc)", h->name);
		return -1;
	}
	return ui_console_open(app->ui, p, 0, cause);
}

static int
cmd_console_leave_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "console-leave", cause) != 0)
		return -1;
	return ui_console_leave(app->ui, cause);
}

static int
cmd_console_zoom_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "console-zoom", cause) != 0)
		return -1;
	return ui_console_zoom(app->ui, cause);
}

static int
cmd_console_log_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "console-log", cause) != 0)
		return -1;
	return ui_console_log(app->ui, argc > 0 ? argv[0] : NULL, cause);
}

static int
cmd_console_close_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "console-close", cause) != 0)
		return -1;
	return ui_console_close(app->ui, cause);
}

static int
cmd_console_reconnect_run(struct app *app, int argc, char **argv,
    char **cause)
{
	int steal = argc > 0 && strcmp(argv[0], "--steal") == 0;

	if (ui_needed(app, "console-reconnect", cause) != 0)
		return -1;
	if (argc > 0 && !steal) {
		set_cause(cause, "console-reconnect [--steal]");
		return -1;
	}
	return ui_console_reconnect(app->ui, steal, cause);
}

static int
cmd_console_term_run(struct app *app, int argc, char **argv, char **cause)
{
	const char *now = app->opt.console_term;

	if (argc == 0) {
		app_message(app, 0, "console keys are sent as %s sends them",
		    now != NULL ? now : "xterm");
		return 0;
	}
	if (!console_term_known(argv[0])) {
		/* One status line: xterm, linux, vt100, vt220, vt100+. */
		set_cause(cause, "console-term: unknown type '%.20s' (xterm, "
		    "linux, vt100, vt220, vt100+)", argv[0]);
		return -1;
	}
	free(app->opt.console_term);
	app->opt.console_term = xstrdup(argv[0]);
	app_message(app, 0, "console keys are now sent as %s sends them",
	    argv[0]);
	return 0;
}

static int
cmd_sol_break_run(struct app *app, int argc, char **argv, char **cause)
{
	if (ui_needed(app, "sol-break", cause) != 0)
		return -1;
	return ui_console_break(app->ui, cause);
}

#define UI_CMD(n, a, mn, mx, h, fn, ...) \
	{ .name = n, .args = a, .help = h, .flags = CMD_UI, \
	  .min_args = mn, .max_args = mx, .run = fn, .arg = { __VA_ARGS__ } }
#define NO_ARGS { ARG_NONE, NULL, 0 }

const struct command cmd_core_table[] = {
	UI_CMD("quit", "[--force]", 0, 1, "leave rackcon", cmd_quit_run,
	    { ARG_WORD, NULL, 1 }),
	UI_CMD("help", "[COMMAND]", 0, 1,
	    "show the key bindings and commands", cmd_help_run, { ARG_COMMAND, "Command", 1 }),
	UI_CMD("prompt", "[TEXT]", 0, 1,
	    "open the command prompt, optionally prefilled", cmd_prompt_run, { ARG_LINE, "Command line", 0 }),
	UI_CMD("form", "COMMAND [ARG...]", 1, -1,
	    "type COMMAND's values (after the ARGs) into a form",
	    cmd_form_run, { ARG_COMMAND, "Command", 1 },
	    { ARG_ARGS, NULL, 0 }),
	UI_CMD("pick", "COMMAND [ARG...]", 1, -1,
	    "choose COMMAND's next value (after the ARGs) from a menu",
	    cmd_pick_run, { ARG_COMMAND, "Command", 1 },
	    { ARG_ARGS, NULL, 0 }),
	UI_CMD("filter", "[TEXT]", 0, 1,
	    "show only rows containing TEXT (asks when omitted)",
	    cmd_filter_run, NO_ARGS),
	UI_CMD("filter-clear", "", 0, 0, "show all rows again",
	    cmd_filter_clear_run, NO_ARGS),
	UI_CMD("refresh", "", 0, 0,
	    "re-read the panel now, including slow data (SMART)",
	    cmd_refresh_run, NO_ARGS),
	UI_CMD("redraw", "", 0, 0, "repaint the whole terminal",
	    cmd_redraw_run, NO_ARGS),
	UI_CMD("panel", "NAME", 1, 1, "switch to the panel NAME",
	    cmd_panel_run, { ARG_PANEL, "Panel", 1 }),
	UI_CMD("panel-next", "", 0, 0, "switch to the next panel",
	    cmd_panel_next_run, NO_ARGS),
	UI_CMD("panel-prev", "", 0, 0, "switch to the previous panel",
	    cmd_panel_prev_run, NO_ARGS),
	UI_CMD("panel-menu", "", 0, 0, "choose a panel from a menu",
	    cmd_panel_menu_run, NO_ARGS),
	UI_CMD("host", "NAME", 1, 1,
	    "show the host NAME's panels (a command's -t HOST acts on one)",
	    cmd_host_run, { ARG_HOST, "Host", 1 }),
	UI_CMD("host-next", "", 0, 0, "show the next host's panels",
	    cmd_host_next_run, NO_ARGS),
	UI_CMD("host-prev", "", 0, 0, "show the previous host's panels",
	    cmd_host_prev_run, NO_ARGS),
	UI_CMD("actions", "", 0, 0,
	    "menu of the commands for the selected row", cmd_actions_run, NO_ARGS),
	UI_CMD("sort", "COLUMN [asc|desc]", 1, 2,
	    "sort the table by COLUMN (its JSON key)", cmd_sort_run,
	    { ARG_COLUMN, "Column", 1 }, { ARG_WORD, "Order", 1 }),
	UI_CMD("sort-next", "", 0, 0, "sort by the next column",
	    cmd_sort_next_run, NO_ARGS),
	UI_CMD("sort-prev", "", 0, 0, "sort by the previous column",
	    cmd_sort_prev_run, NO_ARGS),
	UI_CMD("sort-reverse", "", 0, 0, "reverse the sort order",
	    cmd_sort_reverse_run, NO_ARGS),
	UI_CMD("cursor-up", "", 0, 0, "select the row above",
	    cmd_cursor_up_run, NO_ARGS),
	UI_CMD("cursor-down", "", 0, 0, "select the row below",
	    cmd_cursor_down_run, NO_ARGS),
	UI_CMD("page-up", "", 0, 0, "move one page up", cmd_page_up_run, NO_ARGS),
	UI_CMD("page-down", "", 0, 0, "move one page down",
	    cmd_page_down_run, NO_ARGS),
	UI_CMD("cursor-top", "", 0, 0, "select the first row",
	    cmd_cursor_top_run, NO_ARGS),
	UI_CMD("cursor-bottom", "", 0, 0, "select the last row",
	    cmd_cursor_bottom_run, NO_ARGS),
	UI_CMD("scroll-left", "", 0, 0,
	    "show the table's columns further left", cmd_scroll_left_run,
	    NO_ARGS),
	UI_CMD("scroll-right", "", 0, 0,
	    "show the table's columns further right (the first stays)",
	    cmd_scroll_right_run, NO_ARGS),
	UI_CMD("detail-scroll-up", "", 0, 0, "scroll the detail pane up",
	    cmd_detail_up_run, NO_ARGS),
	UI_CMD("detail-scroll-down", "", 0, 0, "scroll the detail pane down",
	    cmd_detail_down_run, NO_ARGS),
	UI_CMD("ipmi-sol", "[BMC]", 0, 1,
	    "open the BMC's Serial-over-LAN console in a pane (the "
	    "[console] escape key returns)", cmd_ipmi_sol_run,
	    { ARG_HOST, "BMC", 1 }),
	UI_CMD("console-leave", "", 0, 0,
	    "leave the console pane for the table (the console stays open)",
	    cmd_console_leave_run, NO_ARGS),
	UI_CMD("console-zoom", "", 0, 0,
	    "show the console full screen, or back in the panel",
	    cmd_console_zoom_run, NO_ARGS),
	UI_CMD("console-log", "[FILE]", 0, 1,
	    "log the console to FILE with a timestamp per line (without "
	    "FILE: start or stop)", cmd_console_log_run, NO_ARGS),
	UI_CMD("console-reconnect", "[--steal]", 0, 1,
	    "open the console again (--steal: take it from another session)",
	    cmd_console_reconnect_run, { ARG_WORD, NULL, 1 }),
	UI_CMD("console-close", "", 0, 0,
	    "close the console (SOL is deactivated)", cmd_console_close_run,
	    NO_ARGS),
	UI_CMD("sol-break", "", 0, 0, "send a serial break to the console",
	    cmd_sol_break_run, NO_ARGS),
	UI_CMD("console-term", "[TERM]", 0, 1,
	    "send console keys as TERM does (vt100+ for a BIOS's console "
	    "redirection: F1-F12 as Esc 1..Esc @); without TERM: say which",
	    cmd_console_term_run, { ARG_WORD, "Terminal type", 0 }),
};
const size_t cmd_core_count = sizeof cmd_core_table / sizeof cmd_core_table[0];
