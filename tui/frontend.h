/*
 * The front-end interface: how app (the model side: panels, snapshots, the
 * one command path) talks to whoever shows it, without knowing who that is.
 * The curses UI (tui/curses/dialog.c, ui_frontend_ops) and batch mode
 * (tui/batch.c) each implement it; unit tests use a fake that records the
 * calls. app.c never calls a dialog; it calls these.
 *
 * Who calls what: only app.c calls the ops, on the UI thread (or the one
 * thread of batch mode), from inside app_run_line()/app_run_argv(),
 * app_confirm(), app_message() and the done callbacks of refresh and change
 * jobs. fe is the pointer given to app_set_frontend(); app never frees it.
 * An op may be NULL where the comment says what that means. No op may free
 * what it is handed; each may keep nothing past its return but what it
 * copies.
 */
#ifndef RACKCON_FRONTEND_H
#define RACKCON_FRONTEND_H

struct change_plan;
struct change_result;
struct question;

/* What a redraw() asks for again (ui.h's UI_DIRTY_* are the same bits). */
#define FE_REDRAW_TABS   0x01
#define FE_REDRAW_TABLE  0x02
#define FE_REDRAW_DETAIL 0x04
#define FE_REDRAW_STATUS 0x08
#define FE_REDRAW_ALL    0xff

/* message() flags. */
#define FE_MSG_ERROR 0x1 /* a refusal or a failure */
#define FE_MSG_NOTE  0x2 /* status-line chatter: progress ("running..."), a
			    view change, or a summary of what show_result()
			    shows in full; a front end without a status line
			    drops it. Without it the message is an answer
			    the user must see ("nothing to do"), or an
			    error. */

struct frontend_ops {
	const char *name;      /* "curses", "batch" */
	/* It has panels, a prompt and dialogs: commands marked CMD_UI run.
	 * Otherwise app refuses them ("help works only in the interactive
	 * UI"). */
	int interactive;
	/* Where the user finds the list of commands, for "unknown command:
	 * X (F1 lists them)". */
	const char *help_where;

	/*
	 * Show the plan (its summary names the target, its steps the
	 * equivalent shell commands) and ask whether to run it; with dry_run
	 * show it only. The answer goes back through app_confirm(app, yes),
	 * at once (batch: --yes) or later from a key (curses); until then
	 * plan stays valid and is app's. Called once per change that has
	 * something to do, never for a refused or "nothing to do" plan.
	 * NULL: the front end cannot ask, and every change is refused.
	 */
	void (*confirm)(void *fe, const struct change_plan *plan,
	    int dry_run);
	/*
	 * A confirmed change has finished, or was refused before its first
	 * step (r->refused). Show what each step did, formatted with
	 * change_result_text() in the front end's style. Both are app's and
	 * freed after the call. NULL: not shown (the message says how it
	 * went).
	 */
	void (*show_result)(void *fe, const struct change_plan *plan,
	    const struct change_result *r);
	/*
	 * A message for the user, already stored in app->message for the
	 * status line; flags are FE_MSG_*. NULL: the status line is all.
	 */
	void (*message)(void *fe, int flags, const char *text);
	/* Model state changed: draw the FE_REDRAW_* parts again on the next
	 * pass. NULL: nothing is drawn (batch). */
	void (*redraw)(void *fe, int what);
	/*
	 * A worker's job asks the user something (worker.h: yes/no, or a
	 * secret) and waits. Ask without blocking and answer later with
	 * question_answer() (NULL: declined), exactly once, before the
	 * worker pool is freed. A secret is never echoed. NULL: every
	 * question is declined (batch mode never asks).
	 */
	void (*ask)(void *fe, struct question *q);
};

#endif
