/*
 * The application: options, panels with their plugins and snapshots, the
 * table view state of each panel, and the one way commands are run.
 * No curses here, and no dialog: app talks to whoever shows it through the
 * front-end interface (frontend.h) that the curses UI and batch mode both
 * implement.
 *
 * Threads: everything here belongs to the UI thread (or to the single thread
 * of batch mode). Snapshots arrive from workers through worker done
 * callbacks, which run on the UI thread.
 */
#ifndef RACKCON_APP_H
#define RACKCON_APP_H

#include <stddef.h>

#include "change.h"
#include "frontend.h"
#include "host.h"
#include "plugin.h"
#include "screen.h"
#include "worker.h"

struct keymap;
struct worker_pool;
struct ui;
struct command;

struct bmc_target;

struct options {
	char *sysroot;
	int refresh_ms;       /* -d, default 2000 */
	char *keymap;         /* name or path */
	char *panel;          /* --panel */
	int read_only;
	int dry_run;
	int yes;
	char *command;        /* -c */
	char *list;           /* --list PANEL */
	int json;
	char *audit_log;
	int no_audit;         /* --no-audit: no audit log file */
	int smart_interval_s;
	int command_timeout_ms;
	int no_color;
	int escape_delay_ms;  /* --escape-delay; -1: follow the line speed */
	char *console_term;   /* the consoles' far side's terminal type, as
				 their keys are sent (console_term_known);
				 NULL: xterm */
	char *config_path;
	char *inventory;      /* --inventory FILE, or NULL: the default */
	char *host;           /* --host NAME: the host to show or act on */
	/* A host named as ssh names one: `rackcon [USER@]HOST`,
	 * ssh://..., or a --host no inventory entry has. */
	char *destination;
	int ssh_port;         /* -p */
	char *ssh_jumps;      /* -J */
	char *ssh_config;     /* -F */
	int sudo;             /* --sudo */
	/* --bmc HOST[:PORT] with -U, -W, -C, -L, -E, -f: the one host's
	 * BMC, or NULL; bmc_said: what those options said (BMC_SAID_*). */
	struct bmc_target *bmc;
	unsigned bmc_said;
};

struct panel_state {
	const struct screen *screen;
	struct host *host;      /* whose data it is; NULL for a screen the
				   core feeds (Hosts) */
	struct panel_state *related; /* the panel screen->related names, on
					the same host */
	struct plugin *plugin;  /* NULL when not loaded */
	void *handle;           /* the plugin's handle */
	char *unavailable;      /* why there is no plugin, or NULL */
	void *snap;             /* the current snapshot, NULL until the first */
	long long snap_at;      /* wall clock seconds it was published */
	char *error;            /* the last refresh's error, or NULL */
	long long error_since;  /* wall clock s its refreshes began to fail
				   (the first error of a row), 0 while they
				   work */
	int refreshing;         /* a snapshot job is queued or running (until
				   its done(): a job past its deadline may
				   still run) */
	int jobs;               /* jobs holding the handle, until the
				   scheduler is through with them: the
				   handle is not closed before */
	int news;               /* the plugin said it has news (notify) */
	int want_slow;          /* next refresh re-reads slow data (SMART) */
	long long next_slow_ms; /* when a refresh runs slow probes again */
	int quick_done;         /* the first, fast snapshot was asked for */
	long long whole_due_ms; /* when the first, fast snapshot came and
				   the whole one became due (0: none is
				   waiting for others' first ones) */
	long long next_refresh_ms;

	size_t *order;          /* visible rows: filtered and sorted */
	size_t order_count;
	size_t selected;        /* index into order */
	size_t top;             /* first row on screen */
	char *selected_name;    /* keeps the selection across refreshes */
	int sort_col;           /* -1: the snapshot's order */
	int sort_desc;
	char *filter;           /* NULL: none */
	int detail_top;
	size_t col_skip;        /* columns scrolled off left of the first */
};

/* A change waiting for confirmation, or running. */
struct pending_change {
	struct change_plan plan;
	struct panel_state *panel;
};

struct app {
	struct options opt;
	struct worker_pool *pool;  /* the UI's workers; NULL in batch mode */
	struct worker_pool *reader; /* batch mode: panels are read on it
				       while app waits (app_snapshot_now) */
	struct keymap *keymap;
	struct host *hosts;     /* the inventory's, or one: "local" */
	size_t host_count;
	size_t host;            /* the host shown */
	int hosts_from_inventory; /* 0: the one host is this machine or
				     --sysroot's tree */
	/* One per screen (screens_list order): the loaded plugin the screen
	 * names, shared by every host; NULL when it is missing (each panel
	 * says why) or the core feeds the screen. */
	struct plugin **plugins;
	/* The panels of the screens the core feeds (Hosts), one per screen;
	 * only those entries are used. */
	struct panel_state *core_panels;
	/* What the tab bar shows, one per screen: the shown host's panels,
	 * and the core's in their places. */
	struct panel_state **panels;
	size_t panel_count;
	size_t current;
	char *message;          /* the status line's last message */
	int message_error;
	int quit;
	/* Who shows this: set with app_set_frontend(); NULL ops: nobody
	 * (messages are only stored). */
	const struct frontend_ops *fe_ops;
	void *fe;
	struct ui *ui;          /* for the UI commands (cmd-core.c) only;
				   NULL in batch mode */
	struct pending_change *pending;
	int changes_running;
	int core_dirty;         /* a host changed: feed the core's screens */
	/* First, fast snapshots asked for and not in yet, by the class
	 * they run in (app_refresh). */
	int quick_reading[JOB_CLASS_COUNT];
	/* The last first snapshot of a class came in: every host's row
	 * has its first data, a frame the user waits for (not paced as
	 * news). The front end clears it when it draws. */
	int first_frames_in;
	long long problem_drawn_s; /* the second the current panel's
				      problem (its countdown) was drawn */
	/* A plugin's notify() writes a byte here (any thread); the UI polls
	 * wake_fd[0] and app_tick() refreshes the panels that have news. */
	int wake_fd[2];
};

void options_defaults(struct options *o);
void options_free(struct options *o);

/*
 * Load the hosts the options name (hosts_load(), then --host), the
 * plugins, and open them for every host. A plugin that is missing or
 * cannot open becomes a panel notice, not an error. -1 with messages in
 * *errors (string_list_free) when the inventory or --host is wrong.
 */
int app_init(struct app *app, char ***errors, size_t *error_count);
/* The host shown now. */
struct host *app_host(struct app *app);
/* Show host h's panels (the current screen stays). */
void app_show_host(struct app *app, struct host *h);
struct host *app_find_host(struct app *app, const char *name);
/* Batch mode with an inventory of several hosts and no --host: which one
 * is meant is not said, so nothing is listed or changed. NULL, or what
 * to say ("the inventory has 3 hosts (a, b, c)"); free it. */
char *app_batch_host_unsaid(const struct app *app);
/* Host h's panel (or the core's) called name, or NULL. */
struct panel_state *app_host_panel(struct app *app, struct host *h,
    const char *name);
/* Close every plugin handle whose refresh is not running, for a clean
 * exit (remote sessions are logged out); app_free() does it too. */
void app_close_plugins(struct app *app);
/* Who shows the app from now on (ops NULL: nobody). fe is the ops' first
 * argument; the caller keeps it alive until it sets another. */
void app_set_frontend(struct app *app, const struct frontend_ops *ops,
    void *fe);
void app_free(struct app *app);
/* The worker pool's asker (worker_pool_set_asker(pool, app_ask, app)):
 * passes a job's question to the front end's ask(), or declines it. */
struct question;
void app_ask(void *app, struct question *q);
/* The shown host's panel called name, or NULL. */
struct panel_state *app_panel(struct app *app, const char *name);
struct panel_state *app_current(struct app *app);

/* Set the status message (printf-style) and pass it to the front end:
 * error, or else a note (FE_MSG_NOTE: for the status line only). */
void app_message(struct app *app, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with the front end's FE_MSG_* flags as they are. */
void app_say(struct app *app, int flags, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Queue the refreshes that are due on every host (and those of panels
 * whose plugin has news). Returns the milliseconds until the next is
 * due, -1: none. The core's screens (Hosts) are fed by app_settle, once
 * a frame: a tick follows every result that comes in, and 256 BMCs
 * answering at once summed the Hosts panel up 256 times for the few
 * frames drawn meanwhile. */
long long app_tick(struct app *app, long long now_ms);
/* Readable when a plugin said it has news; then call app_woken(). */
int app_wake_fd(const struct app *app);
void app_woken(struct app *app);
/* Feed the core's screens (Hosts) now if a host changed since: the
 * front end's loop calls it before each frame it draws. */
void app_settle(struct app *app);
/* Queue a snapshot job for the panel unless one is running. */
void app_refresh(struct app *app, struct panel_state *p, int slow);
/* The scheduler class of p's refreshes: JOB_BMC for a panel about a BMC
 * (SCREEN_NEEDS_BMC), else dflt. Any thread (reads only the screen). */
enum job_class app_refresh_class(const struct panel_state *p,
    enum job_class dflt);
/* Whether a refresh of p, or a read of h's facts, runs ahead of the
 * queued invisible jobs (job_spec.visible): p is on screen; or the Hosts
 * panel is, and p (h's facts) has never been read: a fleet's first reads
 * come before the re-reads of hosts it already shows. UI thread. */
int app_refresh_visible(struct app *app, const struct panel_state *p);
int app_facts_visible(struct app *app, const struct host *h);
/* Take the panel's snapshot (and of the panel it reads) and wait for it,
 * on app->reader when there is one (batch mode only). A panel the core
 * feeds reads every host's panels first. */
int app_snapshot_now(struct app *app, struct panel_state *p, char **cause);
/* Replace the panel's snapshot, keeping the selection. */
void app_set_snapshot(struct app *app, struct panel_state *p, void *snap);

/*
 * Why the panel's rows are old or missing, for the screen: NULL when its
 * last refresh worked; else, fresh, "unreachable since 14:02:11: REASON;
 * retrying in 8 s" (a remote host; "failing since" for this machine or a
 * tree; "retrying now" while the retry runs), and when it still shows
 * rows, "; rows from 14:02:05 (1 min old)". Times are local; now_ms is
 * clock_now_ms(). UI thread.
 */
char *app_panel_problem(const struct panel_state *p, long long now_ms);

/* The snapshots the panel's screen hooks read. */
struct view panel_view(const struct panel_state *p);
/* Recompute order[] after a new snapshot, filter or sort. */
void panel_reorder(struct panel_state *p);
/* The selected row's index in the snapshot, or -1. */
long panel_selected_row(const struct panel_state *p);
const char *panel_selected_name(const struct panel_state *p);
void panel_select(struct panel_state *p, size_t index);

/* What a command line came to; batch mode exits with it. */
#define APP_RUN_OK      0 /* done, or its plan handed to confirm() */
#define APP_RUN_FAILED  1 /* the panel's data could not be read */
#define APP_RUN_REFUSED 2 /* refused or bad input: nothing was tried */

/*
 * The one command path, for keys, the prompt, forms and `rackcon -c`:
 * split the line, substitute {sel}, find the command, refuse a UI-only one
 * when the front end is not interactive, check read-only (a form or prompt
 * for a change is refused before it opens), then run a UI command, or
 * build a plan (reading the panel first when there is no worker pool, as
 * in batch mode) and hand it to the front end's confirm(); "nothing to do"
 * is a message, not a plan. Errors go to app_message(). Returns APP_RUN_*.
 */
int app_run_line(struct app *app, const char *line);
/* The same for words already split (argv[0] the command name), except
 * that an error is not shown: APP_RUN_OK, or another APP_RUN_* with
 * *cause, which the caller shows (a form keeps itself open for it). */
int app_run_argv(struct app *app, int argc, char **argv, char **cause);
/* Whether read-only mode refuses the command line (a change, or a form or
 * prompt for one): the actions menu marks such lines. */
int app_line_refused(struct app *app, const char *line);
/*
 * The front end's confirm() was answered: no (or a dry run) drops the
 * plan; yes runs it on a worker, or on this thread when there is no
 * worker pool (batch mode, unit tests), and then hands the result to
 * show_result().
 */
void app_confirm(struct app *app, int yes);
/*
 * The pending plan asks for a secret (plan->secret_prompt): the front end
 * hands it over before app_confirm(app, 1). 0, or -1 with *cause (empty,
 * too long: the plan's change_plan_set_secret()) and the plan unchanged.
 * secret stays the caller's to wipe. A plan that asks for one and got
 * none runs its other steps only up to the first that needs it.
 */
int app_set_secret(struct app *app, const char *secret, char **cause);

#endif
