/* The application state: panels, their snapshots and views, and commands. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bmc-target.h"
#include "clock.h"
#include "cmd.h"
#include "frontend.h"
#include "host-facts.h"
#include "host-ssh.h"
#include "worker.h"
#include "xmalloc.h"

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->refresh_ms = 2000;
	o->smart_interval_s = 300;
	o->command_timeout_ms = 30000;
	o->escape_delay_ms = -1;
}

void
options_free(struct options *o)
{
	free(o->sysroot);
	free(o->keymap);
	free(o->panel);
	free(o->command);
	free(o->list);
	free(o->audit_log);
	free(o->console_term);
	free(o->config_path);
	free(o->inventory);
	free(o->host);
	free(o->destination);
	free(o->ssh_jumps);
	free(o->ssh_config);
	if (o->bmc != NULL) {
		bmc_target_clear(o->bmc);
		free(o->bmc);
	}
	memset(o, 0, sizeof *o);
}

static void app_plugin_notify(void *arg);
static void app_feed_core(struct app *app);
static void app_redraw(struct app *app, int what);

/* Load the plugin each screen names, once for all hosts; *why[i] says
 * why a screen has none. */
static void
app_load_plugins(struct app *app, char **why)
{
	const struct screen *s;
	char *cause;
	size_t i, j;

	app->plugins = xcalloc(screens_count, sizeof *app->plugins);
	for (i = 0; i < screens_count; i++) {
		s = screens_list[i];
		if (s->plugin == NULL)
			continue;
		for (j = 0; j < i; j++) {
			if (app->plugins[j] != NULL &&
			    strcmp(screens_list[j]->plugin, s->plugin) == 0)
				break;
		}
		if (j < i) {
			/* One plugin feeds several screens. */
			app->plugins[i] = app->plugins[j];
			continue;
		}
		cause = NULL;
		app->plugins[i] = plugin_load(s->plugin, s->model,
		    s->model_version, &cause);
		if (app->plugins[i] == NULL)
			why[i] = cause;
	}
}

/* Open host h's handle of panel p's plugin. */
static void
app_open_panel(struct app *app, struct panel_state *p, struct plugin *pl,
    const char *why)
{
	struct plugin_target target;
	struct plugin_host ph;
	char *cause = NULL;

	if (pl == NULL) {
		p->unavailable = xstrdup(why != NULL ? why : "no plugin");
		return;
	}
	memset(&target, 0, sizeof target);
	target.host = p->host->name;
	target.transport = p->host->transport;
	target.sysroot = p->host->sysroot;
	target.bmc = p->host->bmc;
	target.bmc_transport = p->host->bmc_transport;
	memset(&ph, 0, sizeof ph);
	ph.abi = PLUGIN_ABI;
	ph.target = &target;
	ph.transport = p->host->transport;
	ph.command_timeout_ms = app->opt.command_timeout_ms;
	ph.slow_interval_s = app->opt.smart_interval_s;
	ph.notify = app_plugin_notify;
	ph.notify_arg = p;
	p->handle = pl->desc->open(&ph, &cause);
	if (p->handle == NULL) {
		p->unavailable = xasprintf("%s plugin on %s: %s",
		    pl->desc->name, p->host->name,
		    cause != NULL ? cause : "cannot open");
		free(cause);
		return;
	}
	p->plugin = pl;
}

/*
 * Point the tab bar's panels at host h's, and the core's in their places.
 * The Hosts panel is there with an inventory; about this machine alone it
 * would say nothing the other panels do not (--list hosts still works).
 */
static void
app_point_panels(struct app *app, struct host *h)
{
	size_t i;

	app->panel_count = 0;
	for (i = 0; i < screens_count; i++) {
		if (screens_list[i]->plugin != NULL) {
			if (host_has(h, screens_list[i]->needs, NULL))
				app->panels[app->panel_count++] =
				    &h->panels[i];
		}
		else if (app->hosts_from_inventory)
			app->panels[app->panel_count++] =
			    &app->core_panels[i];
	}
}

/* The one host a destination names, reached over SSH; the --sysroot
 * applies on the far side. */
static int
app_load_ssh_host(struct app *app, const char *destination, char ***errors,
    size_t *error_count)
{
	const struct options *o = &app->opt;
	struct host_ssh_request req = {0};
	char *cause = NULL;
	int rc;

	req.destination = destination;
	req.port = o->ssh_port;
	req.jumps = o->ssh_jumps;
	req.config_file = o->ssh_config;
	req.sysroot = o->sysroot;
	req.sudo = o->sudo;
	req.batch = o->list != NULL || o->command != NULL;
	req.command_timeout_ms = o->command_timeout_ms;
	rc = hosts_load_ssh(&req, &app->hosts, &app->host_count, errors,
	    error_count);
	host_ssh_request_clear(&req);
	if (rc == 0 && o->bmc != NULL) {
		host_set_bmc(&app->hosts[0], o->bmc, o->bmc_said);
		if (host_set_bmc_ssh(&app->hosts[0], o->ssh_config,
		    o->ssh_jumps, o->list != NULL || o->command != NULL,
		    o->command_timeout_ms,
		    &cause) != 0) {
			strv_push(errors, error_count, cause);
			free(cause);
			rc = -1;
		}
	}
	app->hosts_from_inventory = 0;
	app->host = 0;
	return rc;
}

/*
 * The hosts: the inventory's (--inventory, or the default file when it
 * exists and no --sysroot names a single tree), else this machine or the
 * --sysroot tree; then the one --host names.
 */
static int
app_load_hosts(struct app *app, char ***errors, size_t *error_count)
{
	const struct options *o = &app->opt;
	struct hosts_source src = {0};
	struct host *h;
	int inventory;
	char *msg;

	if (o->destination != NULL)
		return app_load_ssh_host(app, o->destination, errors,
		    error_count);
	if (o->bmc != NULL && o->host != NULL) {
		strv_push(errors, error_count, "--bmc names one BMC; an "
		    "inventory's host names its own (bmc ADDRESS in its "
		    "entry)");
		return -1;
	}
	src.bmc = o->bmc;
	src.bmc_said = o->bmc_said;
	src.inventory = o->inventory;
	src.sysroot = o->sysroot;
	src.ssh_config = o->ssh_config;
	src.jumps = o->ssh_jumps;
	src.sudo = o->sudo;
	src.batch = o->list != NULL || o->command != NULL;
	src.command_timeout_ms = o->command_timeout_ms;
	if (hosts_load(&src, &app->hosts, &app->host_count,
	    &app->hosts_from_inventory, errors, error_count) != 0)
		return -1;
	if (o->host == NULL)
		return 0;
	h = app_find_host(app, o->host);
	if (h == NULL) {
		/* Not the inventory's: the name ssh would take it for. */
		inventory = app->hosts_from_inventory;
		while (app->host_count > 0)
			host_free(&app->hosts[--app->host_count]);
		free(app->hosts);
		app->hosts = NULL;
		if (app_load_ssh_host(app, o->host, errors, error_count) == 0)
			return 0;
		if (*error_count > 0 && inventory) {
			msg = xasprintf("--host %s: not in the inventory; as an "
			    "ssh destination: %s", o->host,
			    (*errors)[*error_count - 1]);
			free((*errors)[*error_count - 1]);
			(*errors)[*error_count - 1] = msg;
		}
		return -1;
	}
	app->host = (size_t)(h - app->hosts);
	return 0;
}

int
app_init(struct app *app, char ***errors, size_t *error_count)
{
	struct host *h;
	char **why;
	size_t i, k;

	*errors = NULL;
	*error_count = 0;
	app->wake_fd[0] = app->wake_fd[1] = -1;
	if (app_load_hosts(app, errors, error_count) != 0 ||
	    hosts_fill_bmc(app->hosts, app->host_count, errors,
	    error_count) != 0)
		return -1;
	if (pipe2(app->wake_fd, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", strerror(errno));
	why = xcalloc(screens_count, sizeof *why);
	app_load_plugins(app, why);
	app->panels = xcalloc(screens_count, sizeof *app->panels);
	app->core_panels = xcalloc(screens_count, sizeof *app->core_panels);
	for (i = 0; i < screens_count; i++) {
		app->core_panels[i].screen = screens_list[i];
		app->core_panels[i].sort_col = -1;
	}
	for (k = 0; k < app->host_count; k++) {
		h = &app->hosts[k];
		h->app = app;
		/* Hosts that fail together retry apart. */
		h->seed = (unsigned)k * 2654435761u ^ (unsigned)time(NULL);
		for (i = 0; i < screens_count; i++) {
			if (screens_list[i]->plugin == NULL)
				continue;
			/* A panel the host cannot have is never opened; it
			 * says why when asked for. */
			if (!host_has(h, screens_list[i]->needs,
			    &h->panels[i].unavailable))
				continue;
			app_open_panel(app, &h->panels[i], app->plugins[i],
			    why[i]);
		}
		for (i = 0; i < screens_count; i++) {
			if (screens_list[i]->related != NULL)
				h->panels[i].related = app_host_panel(app, h,
				    screens_list[i]->related);
		}
	}
	string_list_free(why, screens_count);
	app_point_panels(app, app_host(app));
	/* Shown first: the first panel about one host (Disks). */
	for (i = 0; i < app->panel_count && app->panels[i]->host == NULL; i++)
		;
	app->current = i < app->panel_count ? i : 0;
	app_feed_core(app);
	return 0;
}

static void
panel_free_snapshot(struct panel_state *p, void *snap)
{
	if (snap == NULL)
		return;
	if (p->plugin != NULL)
		p->plugin->desc->free_snapshot(snap);
	else if (p->screen->free_snapshot != NULL)
		p->screen->free_snapshot(snap);
}

void
app_close_plugins(struct app *app)
{
	struct panel_state *p;
	size_t k, i;

	for (k = 0; k < app->host_count; k++) {
		for (i = 0; i < screens_count; i++) {
			p = &app->hosts[k].panels[i];
			/* A job still running owns the handle: leave it. */
			if (p->plugin == NULL || p->jobs > 0)
				continue;
			panel_free_snapshot(p, p->snap);
			p->snap = NULL;
			p->plugin->desc->close(p->handle);
			p->handle = NULL;
			p->plugin = NULL;
		}
	}
}

static void
panel_state_free(struct panel_state *p)
{
	if (p->jobs > 0)
		return;
	panel_free_snapshot(p, p->snap);
	free(p->unavailable);
	free(p->error);
	free(p->order);
	free(p->selected_name);
	free(p->filter);
}

void
app_free(struct app *app)
{
	size_t i, k;

	app_close_plugins(app);
	for (k = 0; k < app->host_count; k++) {
		for (i = 0; i < screens_count; i++)
			panel_state_free(&app->hosts[k].panels[i]);
		host_free(&app->hosts[k]);
	}
	free(app->hosts);
	for (i = 0; app->core_panels != NULL && i < screens_count; i++)
		panel_state_free(&app->core_panels[i]);
	free(app->core_panels);
	free(app->panels);
	/* Every handle is closed: each plugin's per-process teardown. */
	for (i = 0; app->plugins != NULL && i < screens_count; i++) {
		for (k = 0; k < i; k++) {
			if (app->plugins[k] == app->plugins[i])
				break;
		}
		if (app->plugins[i] != NULL && k == i)
			plugin_unload(app->plugins[i]);
	}
	free(app->plugins);
	/* Closed after every handle: nothing can notify any more. */
	if (app->wake_fd[0] >= 0) {
		close(app->wake_fd[0]);
		close(app->wake_fd[1]);
	}
	if (app->pending != NULL) {
		change_plan_free(&app->pending->plan);
		free(app->pending);
	}
	free(app->message);
}

void
app_ask(void *arg, struct question *q)
{
	struct app *app = arg;

	if (app->fe_ops != NULL && app->fe_ops->ask != NULL)
		app->fe_ops->ask(app->fe, q);
	else
		question_answer(q, NULL);
}

void
app_set_frontend(struct app *app, const struct frontend_ops *ops, void *fe)
{
	app->fe_ops = ops;
	app->fe = fe;
}

/* Ask the front end to draw parts again, if it draws. */
static void
app_redraw(struct app *app, int what)
{
	if (app->fe_ops != NULL && app->fe_ops->redraw != NULL)
		app->fe_ops->redraw(app->fe, what);
}

struct host *
app_host(struct app *app)
{
	return &app->hosts[app->host];
}

struct host *
app_find_host(struct app *app, const char *name)
{
	return hosts_find(app->hosts, app->host_count, name);
}

/* Names shown in app_batch_host_unsaid's message, at most. */
#define APP_UNSAID_NAMES 5

char *
app_batch_host_unsaid(const struct app *app)
{
	struct buf b = {0};
	char *path;
	size_t k;

	if (!app->hosts_from_inventory || app->host_count < 2 ||
	    app->opt.host != NULL ||
	    (app->fe_ops != NULL && app->fe_ops->interactive))
		return NULL;
	buf_addstr(&b, "the inventory ");
	if (app->opt.inventory == NULL) {
		/* The default one, perhaps not in mind. */
		path = hosts_default_path();
		buf_printf(&b, "%s ", path);
		free(path);
	}
	buf_printf(&b, "has %zu hosts (", app->host_count);
	for (k = 0; k < app->host_count && k < APP_UNSAID_NAMES; k++)
		buf_printf(&b, "%s%s", k > 0 ? ", " : "", app->hosts[k].name);
	buf_addstr(&b, app->host_count > APP_UNSAID_NAMES ? ", ...)" : ")");
	return b.data;
}

void
app_show_host(struct app *app, struct host *h)
{
	const struct screen *shown = app_current(app)->screen;
	size_t i;

	app->host = (size_t)(h - app->hosts);
	app_point_panels(app, h);
	/* The same panel, when this host has it (a BMC alone has no
	 * Disks); else its first about one host. */
	for (i = 0; i < app->panel_count; i++) {
		if (app->panels[i]->screen == shown)
			break;
	}
	if (i == app->panel_count) {
		for (i = 0; i < app->panel_count; i++) {
			if (app->panels[i]->host != NULL)
				break;
		}
	}
	app->current = i < app->panel_count ? i : 0;
	app_redraw(app, FE_REDRAW_ALL);
}

struct panel_state *
app_host_panel(struct app *app, struct host *h, const char *name)
{
	size_t i;

	for (i = 0; i < screens_count; i++) {
		if (strcmp(screens_list[i]->name, name) != 0)
			continue;
		if (screens_list[i]->plugin == NULL &&
		    screens_list[i]->core_snapshot != NULL)
			return &app->core_panels[i];
		return &h->panels[i];
	}
	return NULL;
}

struct panel_state *
app_panel(struct app *app, const char *name)
{
	return app_host_panel(app, app_host(app), name);
}

struct panel_state *
app_current(struct app *app)
{
	return app->panels[app->current];
}

static void
app_vsay(struct app *app, int flags, const char *fmt, va_list ap)
{
	free(app->message);
	app->message = xvasprintf(fmt, ap);
	app->message_error = (flags & FE_MSG_ERROR) != 0;
	if (app->fe_ops != NULL && app->fe_ops->message != NULL)
		app->fe_ops->message(app->fe, flags, app->message);
}

void
app_say(struct app *app, int flags, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vsay(app, flags, fmt, ap);
	va_end(ap);
}

void
app_message(struct app *app, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vsay(app, error ? FE_MSG_ERROR : FE_MSG_NOTE, fmt, ap);
	va_end(ap);
}

/* --- snapshots ------------------------------------------------------- */

/* A plugin has news (any thread): refresh its panel at the next tick. */
static void
app_plugin_notify(void *arg)
{
	struct panel_state *p = arg;
	char c = 1;

	__atomic_store_n(&p->news, 1, __ATOMIC_RELEASE);
	/* A full pipe already says "wake up". */
	while (write(p->host->app->wake_fd[1], &c, 1) < 0 && errno == EINTR)
		;
}

/* Rebuild the snapshots of the screens the core feeds (Hosts). */
static void
app_feed_core(struct app *app)
{
	struct panel_state *p;
	size_t i;

	for (i = 0; i < screens_count; i++) {
		p = &app->core_panels[i];
		if (screens_list[i]->core_snapshot == NULL)
			continue;
		app_set_snapshot(app, p, screens_list[i]->core_snapshot(app));
	}
}

/* The host's state after a read of it: what (a panel's title, "Host"
 * for its facts) failed with error, or NULL: a read worked. */
static void
host_update_state(struct host *h, const char *what, const char *error,
    long long now)
{
	size_t i;

	if (what != NULL) {
		/* One step of backoff a round of tries, however many of the
		 * host's panels failed in it. */
		if (h->state != HOST_FAILING || now >= h->retry_ms)
			h->retry_ms = now +
			    backoff_failed(&h->backoff, now, &h->seed);
		if (h->state != HOST_FAILING)
			h->failing_since = (long long)time(NULL);
		h->state = HOST_FAILING;
		free(h->failure);
		h->failure = xasprintf("%s: %s", what, error);
		return;
	}
	if (h->facts_error != NULL)
		return; /* its facts still fail */
	for (i = 0; i < screens_count; i++) {
		if (h->panels[i].error != NULL)
			return; /* another panel still fails */
	}
	h->state = HOST_UP;
	h->failing_since = 0;
	free(h->failure);
	h->failure = NULL;
	backoff_reset(&h->backoff);
}

/* A panel's refresh ended: error set, or a snapshot came. */
static void
host_panel_read(struct host *h, struct panel_state *p, long long now)
{
	if (p->error != NULL) {
		if (p->error_since == 0)
			p->error_since = (long long)time(NULL);
		host_update_state(h, p->screen->title, p->error, now);
	} else {
		p->error_since = 0;
		host_update_state(h, NULL, NULL, now);
	}
}

/* How often a refresh runs the plugin's slow probes (SMART), which then
 * ask only what their own interval says is due. */
#define APP_SLOW_EVERY_MS 30000

/* The deadline of one panel refresh: every program it runs has its own
 * (command_timeout), so this only catches a plugin stuck elsewhere. */
static int
app_refresh_timeout_ms(const struct app *app)
{
	return 2 * app->opt.command_timeout_ms + 5000;
}

struct refresh_job {
	struct app *app;
	struct panel_state *panel;
	int flags;
	enum job_class class;
};

/* The scheduler is through with the job (free_arg): its handle is free. */
static void
refresh_job_forget(void *arg)
{
	struct refresh_job *r = arg;

	r->panel->jobs--;
	free(r);
}

static void *
refresh_job_run(struct job *job, void *arg, char **cause)
{
	struct refresh_job *r = arg;
	struct panel_state *p = r->panel;

	return p->plugin->desc->snapshot(p->handle, r->flags, job, cause);
}

static void
refresh_job_done(void *arg, void *result, char *cause, int timed_out)
{
	struct refresh_job *r = arg;
	struct panel_state *p = r->panel;
	struct app *app = r->app;
	long long now = clock_now_ms();

	p->refreshing = 0;
	if ((r->flags & PLUGIN_SNAP_QUICK) &&
	    --app->quick_reading[r->class] == 0)
		app->first_frames_in = 1;
	free(p->error);
	p->error = NULL;
	if (result == NULL) {
		if (timed_out)
			p->error = xasprintf("no answer within %d s",
			    app_refresh_timeout_ms(app) / 1000);
		else
			p->error = cause != NULL ? cause :
			    xstrdup("refresh failed");
		if (timed_out)
			free(cause);
		host_panel_read(p->host, p, now);
		/* Tried again when the host's backoff says. */
		p->next_refresh_ms = p->host->retry_ms;
	} else {
		free(cause);
		app_set_snapshot(app, p, result);
		host_panel_read(p->host, p, now);
	}
	/* The interval counts from the end of a refresh, not its start:
	 * a host that answers slower than the interval (a loaded fleet)
	 * is not asked again the moment it answers, which would keep its
	 * far side busy and the hosts not yet read waiting for CPU. */
	if (result != NULL)
		p->next_refresh_ms = now + app->opt.refresh_ms;
	/* Now the full picture: due at once (once its class's first frames
	 * are in: app_whole_waits), queued after this frame is drawn so the
	 * two do not compete. */
	if ((r->flags & PLUGIN_SNAP_QUICK) && result != NULL) {
		p->next_refresh_ms = 0;
		p->whole_due_ms = now;
	}
	/* r is the scheduler's to free (free_arg): a job that timed out may
	 * still be reading it. */
	app->core_dirty = 1;
	app_redraw(app, FE_REDRAW_TABLE | FE_REDRAW_DETAIL |
	    FE_REDRAW_STATUS | FE_REDRAW_TABS);
}

int
app_refresh_visible(struct app *app, const struct panel_state *p)
{
	const struct panel_state *cur;

	if (app->panels == NULL)
		return 0;
	cur = app_current(app);
	if (p == cur)
		return 1;
	/* The Hosts panel (the core's: no host) sums up every host's
	 * panels: what it still lacks is on screen. */
	return cur->host == NULL && p->host != NULL && p->snap == NULL &&
	    p->error == NULL;
}

int
app_facts_visible(struct app *app, const struct host *h)
{
	if (app->pool == NULL || app->panels == NULL)
		return 0;
	return app_current(app)->host == NULL && h->facts == NULL &&
	    h->facts_error == NULL;
}

/* The class a panel's refreshes run in: a BMC's on the BMC class (its
 * polls wait on the network; 64 at once, as ipmi-power fans out), the
 * others by what the refresh reads. */
enum job_class
app_refresh_class(const struct panel_state *p, enum job_class dflt)
{
	if (p->screen != NULL && (p->screen->needs & SCREEN_NEEDS_BMC))
		return JOB_BMC;
	return dflt;
}

void
app_refresh(struct app *app, struct panel_state *p, int slow)
{
	struct refresh_job *r;
	struct job_spec spec;
	long long now;

	if (slow)
		p->want_slow = 1;
	if (p->plugin == NULL || p->refreshing || app->pool == NULL)
		return;
	r = xcalloc(1, sizeof *r);
	r->app = app;
	r->panel = p;
	memset(&spec, 0, sizeof spec);
	/*
	 * The first frame comes from fast data only. Slow probes (SMART)
	 * run in a job of the slow class: the full snapshot after the
	 * first frame, one every APP_SLOW_EVERY_MS (the plugin asks only
	 * what is due) and one on request; every other refresh asks for
	 * none, so hosts whose probes hang hold slow slots, never the
	 * refresh slots the other hosts need.
	 */
	now = clock_now_ms();
	/* A plugin whose snapshots are always whole (a BMC's) gets no quick
	 * one: its first frame would be read twice in a row. */
	if (!p->quick_done && !p->plugin->desc->quick)
		p->quick_done = 1;
	if (!p->quick_done) {
		r->flags = PLUGIN_SNAP_QUICK;
		spec.class = JOB_REFRESH;
		/* Short, and the admin waits for it: at the UI's nice value
		 * where allowed (worker.h). */
		spec.urgent = 1;
		p->quick_done = 1;
	} else if (p->want_slow || now >= p->next_slow_ms) {
		r->flags = p->want_slow ? PLUGIN_SNAP_FORCE_SLOW : 0;
		spec.class = JOB_SLOW;
		p->next_slow_ms = now + APP_SLOW_EVERY_MS;
	} else {
		r->flags = PLUGIN_SNAP_NO_SLOW;
		spec.class = JOB_REFRESH;
	}
	spec.class = app_refresh_class(p, spec.class);
	r->class = spec.class;
	if (r->flags & PLUGIN_SNAP_QUICK)
		app->quick_reading[spec.class]++;
	else
		p->whole_due_ms = 0;
	p->want_slow = 0;
	p->refreshing = 1;
	spec.key = p->handle; /* one job at a time per (host, plugin) */
	/* A remote host's jobs take turns on its connection: the others
	 * wait queued, not in a slot another host could use. */
	spec.group = p->host != NULL && p->host->remote ? p->host : NULL;
	spec.visible = app_refresh_visible(app, p);
	spec.timeout_ms = app_refresh_timeout_ms(app);
	spec.fn = refresh_job_run;
	spec.done = refresh_job_done;
	spec.free_result = p->plugin->desc->free_snapshot;
	spec.arg = r;
	spec.free_arg = refresh_job_forget;
	p->jobs++;
	worker_submit_job(app->pool, &spec);
}

/* --- host facts: kernel, uptime, load, round trip -------------------- */

struct facts_job {
	struct app *app;
	struct host *host;
};

static void
facts_free(void *f)
{
	host_facts_free(f);
}

/* The scheduler is through with the job: the host is free. */
static void
facts_job_forget(void *arg)
{
	struct facts_job *f = arg;

	f->host->facts_jobs--;
	free(f);
}

static void *
facts_job_run(struct job *job, void *arg, char **cause)
{
	struct facts_job *f = arg;

	return host_facts_read(f->host->transport, job, cause);
}

static void
facts_job_done(void *arg, void *result, char *cause, int timed_out)
{
	struct facts_job *f = arg;
	struct host *h = f->host;
	struct app *app = f->app;
	long long now = clock_now_ms();

	h->facts_reading = 0;
	free(h->facts_error);
	h->facts_error = NULL;
	if (result == NULL) {
		h->facts_error = timed_out ? xasprintf("no answer within %d s",
		    app_refresh_timeout_ms(app) / 1000) : cause != NULL ?
		    xstrdup(cause) : xstrdup("read failed");
		host_update_state(h, "Host", h->facts_error, now);
		h->next_facts_ms = h->retry_ms;
	} else {
		host_facts_free(h->facts);
		h->facts = result;
		host_update_state(h, NULL, NULL, now);
		/* From the end of the read, as a panel's refresh. */
		h->next_facts_ms = now + app->opt.refresh_ms;
	}
	free(cause);
	app->core_dirty = 1;
	app_redraw(app, FE_REDRAW_TABLE | FE_REDRAW_DETAIL |
	    FE_REDRAW_STATUS | FE_REDRAW_TABS);
}

/* Queue a read of host h's facts on pool, unless one is under way. */
static void
app_read_facts(struct app *app, struct worker_pool *pool, struct host *h)
{
	struct facts_job *f;
	struct job_spec spec;

	if (h->facts_reading || pool == NULL || h->transport == NULL)
		return;
	f = xcalloc(1, sizeof *f);
	f->app = app;
	f->host = h;
	memset(&spec, 0, sizeof spec);
	spec.key = &h->facts; /* one at a time per host */
	spec.group = h->remote ? h : NULL;
	spec.class = JOB_REFRESH;
	spec.visible = app_facts_visible(app, h);
	spec.timeout_ms = app_refresh_timeout_ms(app);
	spec.fn = facts_job_run;
	spec.done = facts_job_done;
	spec.free_result = facts_free;
	spec.arg = f;
	spec.free_arg = facts_job_forget;
	h->facts_reading = 1;
	h->facts_jobs++;
	worker_submit_job(pool, &spec);
}

/* Read every host's facts and wait (batch mode, --list hosts); on this
 * thread when there is no reader pool. */
static void
app_read_facts_now(struct app *app)
{
	struct facts_job f;
	struct pollfd pfd;
	char *cause;
	void *r;
	size_t k, left;

	for (k = 0; k < app->host_count; k++) {
		if (app->reader != NULL) {
			app_read_facts(app, app->reader, &app->hosts[k]);
			continue;
		}
		if (app->hosts[k].transport == NULL)
			continue; /* a BMC alone */
		cause = NULL;
		f.app = app;
		f.host = &app->hosts[k];
		app->hosts[k].facts_reading = 1;
		r = host_facts_read(f.host->transport, NULL, &cause);
		facts_job_done(&f, r, cause, 0);
	}
	while (app->reader != NULL) {
		for (k = 0, left = 0; k < app->host_count; k++)
			left += app->hosts[k].facts_reading;
		if (left == 0)
			return;
		pfd.fd = worker_pool_fd(app->reader);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, worker_pool_next_deadline_ms(app->reader)) <
		    0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		worker_pool_dispatch(app->reader);
	}
}

/* The facts are read for the Hosts panel: in the tab bar only with an
 * inventory (--list hosts reads them itself). */
static long long
app_tick_facts(struct app *app, long long now, long long next)
{
	struct host *h;
	size_t k;

	if (!app->hosts_from_inventory || app->pool == NULL)
		return next;
	for (k = 0; k < app->host_count; k++) {
		h = &app->hosts[k];
		/* Half a refresh after the panels' refreshes, so that the
		 * timed read does not wait for theirs on the connection. */
		if (h->next_facts_ms == 0)
			h->next_facts_ms = now + app->opt.refresh_ms / 2;
		if (now >= h->next_facts_ms && !h->facts_reading) {
			app_read_facts(app, app->pool, h);
			h->next_facts_ms = now + app->opt.refresh_ms;
		}
		if (!h->facts_reading && (next < 0 || h->next_facts_ms < next))
			next = h->next_facts_ms;
	}
	return next;
}

/* The panel on screen whose host fails counts down to its retry: drawn
 * again each second (only then: an idle screen writes nothing). Returns
 * the milliseconds to the next second, or -1. */
static long long
app_tick_problem(struct app *app, long long now)
{
	struct panel_state *p = app_current(app);

	if (p == NULL || p->error == NULL || p->host == NULL)
		return -1;
	if (now / 1000 != app->problem_drawn_s) {
		app->problem_drawn_s = now / 1000;
		app_redraw(app, FE_REDRAW_TABLE | FE_REDRAW_DETAIL);
	}
	return 1000 - now % 1000;
}

/*
 * The first frames of a class before the whole reads of that class: a
 * whole read due after its first frame waits while first frames are still
 * being read in the class it runs in, for at most APP_FIRST_FRAMES_MS.
 * A BMC's both run in the BMC class: the login and the power (7 round
 * trips), then the user slots (128 more); read together, the slots of the
 * first BMCs to answer took the CPU (here and on the far sides) the last
 * logins needed, and the power column is what the Hosts panel is opened
 * for. The Disks panel's first frame (over SSH, the login) and its whole
 * read (the slow class) do not wait for each other, and the panel on
 * screen never waits.
 */
#define APP_FIRST_FRAMES_MS 2000

/* Whether p's whole read is held for its class's first frames (the
 * panel on screen is not: its own rows are what is being looked at). */
static int
app_whole_held(const struct app *app, const struct panel_state *p)
{
	if (p->whole_due_ms == 0 ||
	    (app->panels != NULL && app->panels[app->current] == p))
		return 0;
	return app->quick_reading[app_refresh_class(p, JOB_SLOW)] > 0;
}

static int
app_whole_waits(const struct app *app, const struct panel_state *p,
    long long now)
{
	return app_whole_held(app, p) &&
	    now < p->whole_due_ms + APP_FIRST_FRAMES_MS;
}

/* When p's next refresh may start: its own time, or when the wait for
 * the first frames ends (the last first frame ends it sooner). */
static long long
app_refresh_due(const struct app *app, const struct panel_state *p)
{
	if (app_whole_held(app, p) &&
	    p->next_refresh_ms < p->whole_due_ms + APP_FIRST_FRAMES_MS)
		return p->whole_due_ms + APP_FIRST_FRAMES_MS;
	return p->next_refresh_ms;
}

long long
app_tick(struct app *app, long long now)
{
	struct panel_state *p;
	long long next = -1, left;
	size_t k, i;

	for (k = 0; k < app->host_count; k++) {
		for (i = 0; i < screens_count; i++) {
			p = &app->hosts[k].panels[i];
			if (p->plugin == NULL)
				continue;
			if (__atomic_exchange_n(&p->news, 0,
			    __ATOMIC_ACQ_REL))
				p->next_refresh_ms = 0;
			if (now >= p->next_refresh_ms && !p->refreshing &&
			    !app_whole_waits(app, p, now)) {
				app_refresh(app, p, 0);
				p->next_refresh_ms = now + app->opt.refresh_ms;
			}
			if (!p->refreshing && (next < 0 ||
			    app_refresh_due(app, p) < next))
				next = app_refresh_due(app, p);
		}
	}
	next = app_tick_facts(app, now, next);
	left = app_tick_problem(app, now);
	if (left >= 0 && (next < 0 || now + left < next))
		next = now + left;
	return next < 0 ? -1 : (next > now ? next - now : 0);
}

int
app_wake_fd(const struct app *app)
{
	return app->wake_fd[0];
}

void
app_woken(struct app *app)
{
	char buf[64];

	while (read(app->wake_fd[0], buf, sizeof buf) > 0)
		;
}

void
app_settle(struct app *app)
{
	if (!app->core_dirty)
		return;
	app->core_dirty = 0;
	app_feed_core(app);
}

/* A panel read while the caller waits (batch mode). */
struct read_now {
	struct panel_state *panel;
	void *snap;
	char *cause;
	int timed_out;
	int done;
};

/* A reader job's argument: the panel, and where done() puts the answer.
 * The scheduler frees it (free_arg), once both are through with it. */
struct read_now_job {
	struct panel_state *panel;
	struct read_now *out;
};

/* The reader pool is through with the job: the handle is free. */
static void
read_now_forget(void *arg)
{
	struct read_now_job *r = arg;

	r->panel->jobs--;
	free(r);
}

static void *
read_now_run(struct job *job, void *arg, char **cause)
{
	struct read_now_job *r = arg;

	return r->panel->plugin->desc->snapshot(r->panel->handle, 0, job,
	    cause);
}

static void
read_now_done(void *arg, void *result, char *cause, int timed_out)
{
	struct read_now *out = ((struct read_now_job *)arg)->out;

	out->snap = result;
	out->cause = cause;
	out->timed_out = timed_out;
	out->done = 1;
}

/* Wait for the reader pool's jobs until every r[i] is done. */
static void
read_now_wait(struct app *app, struct read_now *r, size_t n)
{
	struct pollfd pfd;
	size_t i, left;

	for (;;) {
		for (i = 0, left = 0; i < n; i++)
			left += !r[i].done;
		if (left == 0)
			return;
		pfd.fd = worker_pool_fd(app->reader);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, worker_pool_next_deadline_ms(app->reader)) <
		    0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		worker_pool_dispatch(app->reader);
	}
}

/*
 * Read n panels now and wait (batch mode): on the reader pool when there
 * is one, all at once (hosts in parallel, a plugin's slow probes fanned
 * out), else one after another on this thread. Each panel gets its
 * snapshot or its error, and its host's state follows.
 */
static void
app_read_now(struct app *app, struct panel_state **v, size_t n)
{
	struct read_now *r = xcalloc(n, sizeof *r);
	struct read_now_job *rj;
	struct job_spec spec;
	long long now;
	size_t i;

	for (i = 0; i < n; i++) {
		r[i].panel = v[i];
		if (app->reader == NULL) {
			r[i].snap = v[i]->plugin->desc->snapshot(v[i]->handle,
			    0, NULL, &r[i].cause);
			r[i].done = 1;
			continue;
		}
		rj = xcalloc(1, sizeof *rj);
		rj->panel = v[i];
		rj->out = &r[i];
		memset(&spec, 0, sizeof spec);
		spec.key = v[i]->handle;
		spec.group = v[i]->host != NULL && v[i]->host->remote ?
		    v[i]->host : NULL;
		spec.class = app_refresh_class(v[i], JOB_REFRESH);
		spec.timeout_ms = app_refresh_timeout_ms(app);
		spec.fn = read_now_run;
		spec.done = read_now_done;
		spec.free_result = v[i]->plugin->desc->free_snapshot;
		spec.arg = rj;
		spec.free_arg = read_now_forget;
		v[i]->jobs++;
		worker_submit_job(app->reader, &spec);
	}
	if (app->reader != NULL)
		read_now_wait(app, r, n);
	now = clock_now_ms();
	for (i = 0; i < n; i++) {
		free(v[i]->error);
		v[i]->error = NULL;
		if (r[i].snap == NULL) {
			v[i]->error = r[i].timed_out ?
			    xasprintf("no answer within %d s",
			    app_refresh_timeout_ms(app) / 1000) :
			    r[i].cause != NULL ? xstrdup(r[i].cause) :
			    xstrdup("refresh failed");
		} else
			app_set_snapshot(app, v[i], r[i].snap);
		host_panel_read(v[i]->host, v[i], now);
		free(r[i].cause);
	}
	free(r);
}

int
app_snapshot_now(struct app *app, struct panel_state *p, char **cause)
{
	struct panel_state **v;
	size_t k, i, n = 0;

	v = xcalloc(app->host_count * screens_count + 2, sizeof *v);
	if (p->host == NULL && p->screen->core_snapshot != NULL) {
		/* A panel about every host: read them all first. */
		for (k = 0; k < app->host_count; k++) {
			for (i = 0; i < screens_count; i++) {
				if (app->hosts[k].panels[i].plugin != NULL)
					v[n++] = &app->hosts[k].panels[i];
			}
		}
		app_read_now(app, v, n);
		free(v);
		/* Then their facts: no refresh holds a connection then, so
		 * the round trip is the wire's. */
		app_read_facts_now(app);
		app_feed_core(app);
		return 0;
	}
	if (p->plugin == NULL) {
		free(v);
		set_cause(cause, "%s", p->unavailable != NULL ?
		    p->unavailable : "no plugin");
		return -1;
	}
	/* The related panel too, best effort: without it the panel shows
	 * less, not nothing. */
	if (p->related != NULL && p->related->snap == NULL &&
	    p->related->plugin != NULL)
		v[n++] = p->related;
	v[n++] = p;
	app_read_now(app, v, n);
	free(v);
	if (p->error != NULL) {
		set_cause(cause, "%s", p->error);
		return -1;
	}
	return 0;
}

void
app_set_snapshot(struct app *app, struct panel_state *p, void *snap)
{
	void *old = p->snap;
	size_t i;

	p->snap = snap;
	p->snap_at = (long long)time(NULL);
	panel_reorder(p);
	/* Panels that read this one's data may sort differently now. */
	for (i = 0; p->host != NULL && i < screens_count; i++) {
		if (p->host->panels[i].related == p)
			panel_reorder(&p->host->panels[i]);
	}
	panel_free_snapshot(p, old);
}

/* "14:02:11", local time. */
static void
clock_text(long long when, char *out, size_t len)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%H:%M:%S", &tm) == 0)
		snprintf(out, len, "?");
}

/* "45 s", "3 min", "2 h". */
static void
age_text(long long secs, char *out, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		snprintf(out, len, "%lld s", secs);
	else if (secs < 120 * 60)
		snprintf(out, len, "%lld min", secs / 60);
	else
		snprintf(out, len, "%lld h", secs / 3600);
}

char *
app_panel_problem(const struct panel_state *p, long long now_ms)
{
	const struct host *h = p->host;
	long long since, wait_s;
	char at[32], rows[32], age[32], retry[48];

	if (p->error == NULL)
		return NULL;
	if (h == NULL)
		return xstrdup(p->error);
	since = h->failing_since != 0 ? h->failing_since : (long long)time(NULL);
	clock_text(since, at, sizeof at);
	wait_s = (p->next_refresh_ms - now_ms + 999) / 1000;
	if (p->refreshing || wait_s <= 0)
		snprintf(retry, sizeof retry, "retrying now");
	else
		snprintf(retry, sizeof retry, "retrying in %lld s", wait_s);
	if (p->snap == NULL || p->snap_at == 0)
		return xasprintf("%s since %s: %s; %s",
		    h->remote ? "unreachable" : "failing", at, p->error, retry);
	clock_text(p->snap_at, rows, sizeof rows);
	age_text((long long)time(NULL) - p->snap_at, age, sizeof age);
	return xasprintf("%s since %s: %s; %s; rows from %s (%s old)",
	    h->remote ? "unreachable" : "failing", at, p->error, retry, rows,
	    age);
}

struct view
panel_view(const struct panel_state *p)
{
	struct view v;

	v.snap = p->snap;
	v.related = p->related != NULL ? p->related->snap : NULL;
	return v;
}

/* --- the table view: filter, sort, selection ------------------------- */

static int
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++) {
			if (hay[i] == '\0' || tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		}
		if (i == n)
			return 1;
	}
	return n == 0;
}

static int
row_matches(const struct panel_state *p, size_t row)
{
	const struct screen *s = p->screen;
	struct view v = panel_view(p);
	struct cell c;
	char text[256];
	size_t col;

	if (p->filter == NULL || *p->filter == '\0')
		return 1;
	for (col = 0; col < s->column_count; col++) {
		s->cell(&v, row, col, &c);
		cell_format(&c, s->columns[col].width, text, sizeof text);
		if (contains_nocase(text, p->filter))
			return 1;
	}
	return 0;
}

static int
row_compare(const void *a, const void *b, void *arg)
{
	const struct panel_state *p = arg;
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	struct view v = panel_view(p);
	struct cell ca, cb;
	int r;

	p->screen->cell(&v, ra, (size_t)p->sort_col, &ca);
	p->screen->cell(&v, rb, (size_t)p->sort_col, &cb);
	r = cell_compare(&ca, &cb);
	if (r != 0 && p->sort_desc && ca.kind != CELL_NONE &&
	    cb.kind != CELL_NONE)
		r = -r;
	if (r == 0)
		r = ra < rb ? -1 : ra > rb;
	return r;
}

void
panel_reorder(struct panel_state *p)
{
	struct view v = panel_view(p);
	size_t n, i, keep = 0;
	const char *name;

	free(p->order);
	p->order = NULL;
	p->order_count = 0;
	if (p->snap == NULL)
		return;
	n = p->screen->row_count(&v);
	p->order = xcalloc(n, sizeof *p->order);
	for (i = 0; i < n; i++) {
		if (row_matches(p, i))
			p->order[p->order_count++] = i;
	}
	if (p->sort_col >= 0 && p->order_count > 1)
		qsort_r(p->order, p->order_count, sizeof *p->order,
		    row_compare, p);
	for (i = 0; p->selected_name != NULL && i < p->order_count; i++) {
		name = p->screen->row_name(&v, p->order[i]);
		if (strcmp(name, p->selected_name) == 0) {
			keep = i;
			break;
		}
	}
	if (p->selected_name != NULL && i == p->order_count)
		keep = p->selected < p->order_count ? p->selected :
		    (p->order_count > 0 ? p->order_count - 1 : 0);
	panel_select(p, keep);
}

long
panel_selected_row(const struct panel_state *p)
{
	if (p->snap == NULL || p->selected >= p->order_count)
		return -1;
	return (long)p->order[p->selected];
}

const char *
panel_selected_name(const struct panel_state *p)
{
	long row = panel_selected_row(p);
	struct view v = panel_view(p);

	if (row < 0)
		return NULL;
	return p->screen->row_name(&v, (size_t)row);
}

void
panel_select(struct panel_state *p, size_t index)
{
	const char *name;

	if (p->order_count == 0) {
		p->selected = 0;
		return;
	}
	if (index >= p->order_count)
		index = p->order_count - 1;
	if (index != p->selected)
		p->detail_top = 0;
	p->selected = index;
	name = panel_selected_name(p);
	if (name != NULL && (p->selected_name == NULL ||
	    strcmp(name, p->selected_name) != 0)) {
		free(p->selected_name);
		p->selected_name = xstrdup(name);
	}
}

/* --- running commands ------------------------------------------------ */

/*
 * Replace {sel} in every word; -1 when there is no selected row. Into an
 * argument that is itself a command line (prompt's TEXT) the name goes
 * quoted as that line needs, so that any name reads back as one word.
 */
static int
substitute_selection(struct app *app, char **argv, int argc, char **cause)
{
	const char *sel = panel_selected_name(app_current(app));
	const struct command *cmd = argc > 0 ? cmd_find(argv[0]) : NULL;
	char *quoted;
	int i;

	for (i = 0; i < argc; i++) {
		if (strstr(argv[i], "{sel}") == NULL)
			continue;
		if (sel == NULL) {
			set_cause(cause, "no row is selected");
			return -1;
		}
		quoted = cmd != NULL && i > 0 &&
		    cmd_arg_kind(cmd, i - 1) == ARG_LINE ? cmd_quote(sel) :
		    xstrdup(sel);
		argv[i] = cmd_subst_sel(argv[i], quoted);
		free(quoted);
	}
	return 0;
}

/* Check and plan a change on host h; fills plan or sets *cause. */
static int
app_plan_change(struct app *app, struct host *h, const struct command *cmd,
    int argc, char **argv, struct change_plan *plan, char **cause)
{
	struct panel_state *p = app_host_panel(app, h, cmd->panel);
	struct view v;
	char *line;

	if (app->opt.read_only) {
		set_cause(cause, "refused (read-only mode): %s changes the "
		    "machine", cmd->name);
		return -1;
	}
	if (p == NULL || p->snap == NULL) {
		set_cause(cause, "%s: no %s data yet%s%s", cmd->name,
		    cmd->panel, p != NULL && p->unavailable != NULL ? ": " : "",
		    p != NULL && p->unavailable != NULL ? p->unavailable : "");
		return -1;
	}
	v = panel_view(p);
	if (cmd->plan(&v, argc - 1, argv + 1, plan, cause) != 0)
		return -1;
	line = str_join(argv, (size_t)argc, " ");
	free(plan->command);
	plan->command = line;
	free(plan->host);
	plan->host = xstrdup(h->name);
	free(plan->where);
	plan->where = xstrdup(host_reach(h));
	return 0;
}

int
app_line_refused(struct app *app, const char *line)
{
	const struct command *cmd;

	if (!app->opt.read_only)
		return 0;
	cmd = cmd_final_line(line);
	return cmd != NULL && (cmd->flags & CMD_CHANGES);
}

/* In read-only mode, a key that opens a form or a prompt for a change is
 * refused at once, before anything is typed. */
static int
app_refuse_read_only(struct app *app, int argc, char **argv, char **cause)
{
	const struct command *cmd;

	if (!app->opt.read_only)
		return 0;
	cmd = cmd_final(argc, argv);
	if (cmd == NULL || !(cmd->flags & CMD_CHANGES))
		return 0;
	set_cause(cause, "refused (read-only mode): %s changes the machine",
	    cmd->name);
	return -1;
}

/* Where the user finds the list of commands. */
static const char *
app_help_where(struct app *app)
{
	if (app->fe_ops != NULL && app->fe_ops->help_where != NULL)
		return app->fe_ops->help_where;
	return "rackcon --help";
}

/* Plan a change on host h and hand it to the front end to confirm. */
static int
app_run_change(struct app *app, struct host *h, const struct command *cmd,
    int argc, char **argv, char **cause)
{
	struct panel_state *p = app_host_panel(app, h, cmd->panel);
	struct change_plan plan;
	char *why = NULL;

	/* Without workers (batch mode) nothing has read the panel yet:
	 * read it now, unless read-only refuses the change anyway. */
	if (app->pool == NULL && !app->opt.read_only && p != NULL &&
	    app_snapshot_now(app, p, &why) != 0) {
		set_cause(cause, "%s: %s", cmd->panel, why);
		free(why);
		return APP_RUN_FAILED;
	}
	memset(&plan, 0, sizeof plan);
	if (app_plan_change(app, h, cmd, argc, argv, &plan, cause) != 0)
		return APP_RUN_REFUSED;
	if (plan.nothing != NULL) {
		/* Nothing to confirm, run or log. */
		app_say(app, 0, "%s", plan.nothing);
		change_plan_free(&plan);
		return APP_RUN_OK;
	}
	if (app->fe_ops == NULL || app->fe_ops->confirm == NULL) {
		set_cause(cause, "%s: nothing here can ask for confirmation; "
		    "nothing was changed", cmd->name);
		change_plan_free(&plan);
		return APP_RUN_REFUSED;
	}
	if (app->pending != NULL) {
		change_plan_free(&app->pending->plan);
		free(app->pending);
	}
	app->pending = xcalloc(1, sizeof *app->pending);
	app->pending->plan = plan;
	app->pending->panel = p;
	/* The answer may come before this returns (batch mode): nothing
	 * below may touch app->pending. */
	app->fe_ops->confirm(app->fe, &app->pending->plan, app->opt.dry_run);
	return APP_RUN_OK;
}

/*
 * The command's target host, as tmux names a target: `-t HOST` (or
 * `-t HOST:`) right after the command name, or HOST: before its first
 * argument ("md-check web3:md0"), HOST being a name in the inventory.
 * The words naming it are taken out of argv. The shown host when none
 * is named. NULL with *cause for a host nobody knows.
 */
static struct host *
app_take_target(struct app *app, const struct command *cmd, int *argc,
    char **argv, char **cause)
{
	struct host *h;
	char *name, *colon, *unsaid;
	size_t len;
	int i;

	if (*argc >= 2 && strcmp(argv[1], "-t") == 0) {
		if (*argc < 3) {
			set_cause(cause, "%s: -t needs a host", argv[0]);
			return NULL;
		}
		name = argv[2];
		len = strlen(name);
		if (len > 0 && name[len - 1] == ':')
			name[--len] = '\0';
		h = app_find_host(app, name);
		if (h == NULL) {
			set_cause(cause, "%s: no host called %s (the Hosts "
			    "panel lists them)", argv[0], name);
			return NULL;
		}
		free(argv[1]);
		free(argv[2]);
		for (i = 3; i < *argc; i++)
			argv[i - 2] = argv[i];
		/* The caller frees all the words it made: NULL is free. */
		argv[*argc - 1] = argv[*argc - 2] = NULL;
		*argc -= 2;
		return h;
	}
	/* An argument that is itself a command line, or a host, keeps its
	 * colons. */
	if (*argc >= 2 && cmd_arg_kind(cmd, 0) != ARG_LINE &&
	    cmd_arg_kind(cmd, 0) != ARG_HOST &&
	    (colon = strchr(argv[1], ':')) != NULL) {
		*colon = '\0';
		h = app_find_host(app, argv[1]);
		if (h == NULL) {
			*colon = ':';
			return app_host(app);
		}
		if (colon[1] == '\0') {
			/* "web3:" alone names only the host. */
			free(argv[1]);
			for (i = 2; i < *argc; i++)
				argv[i - 1] = argv[i];
			argv[--*argc] = NULL;
		} else
			memmove(argv[1], colon + 1, strlen(colon + 1) + 1);
		return h;
	}
	/* A change in batch mode is never made on a host picked for it. */
	if ((cmd->flags & CMD_CHANGES) &&
	    (unsaid = app_batch_host_unsaid(app)) != NULL) {
		set_cause(cause, "%s: %s: name one with -t HOST, HOST:%s or "
		    "--host NAME", argv[0], unsaid,
		    cmd->max_args != 0 ? "ARG" : "");
		free(unsaid);
		return NULL;
	}
	return app_host(app);
}

int
app_run_argv(struct app *app, int argc, char **argv, char **cause)
{
	const struct command *cmd;
	struct host *h;

	if (argc == 0)
		return APP_RUN_OK;
	cmd = cmd_find(argv[0]);
	if (cmd == NULL) {
		set_cause(cause, "unknown command: %s (%s lists them)",
		    argv[0], app_help_where(app));
		return APP_RUN_REFUSED;
	}
	if ((h = app_take_target(app, cmd, &argc, argv, cause)) == NULL)
		return APP_RUN_REFUSED;
	if (cmd_check_args(cmd, argc - 1, cause) != 0)
		return APP_RUN_REFUSED;
	if ((cmd->flags & CMD_UI) && (app->fe_ops == NULL ||
	    !app->fe_ops->interactive)) {
		set_cause(cause, "%s works only in the interactive UI",
		    cmd->name);
		return APP_RUN_REFUSED;
	}
	if (app_refuse_read_only(app, argc, argv, cause) != 0)
		return APP_RUN_REFUSED;
	if (cmd->flags & CMD_CHANGES)
		return app_run_change(app, h, cmd, argc, argv, cause);
	/* Any other command acts on what is shown: show the host first. */
	if (h != app_host(app))
		app_show_host(app, h);
	if (cmd->run(app, argc - 1, argv + 1, cause) != 0)
		return APP_RUN_REFUSED;
	return APP_RUN_OK;
}

int
app_run_line(struct app *app, const char *line)
{
	char **argv = NULL, *cause = NULL;
	int argc = 0, status = APP_RUN_REFUSED;

	/* {sel} is the UI's selected row; batch mode has none and passes
	 * the word on as it is. */
	if (cmd_split(line, &argv, &argc, &cause) == 0 &&
	    (app->fe_ops == NULL || !app->fe_ops->interactive ||
	    substitute_selection(app, argv, argc, &cause) == 0))
		status = app_run_argv(app, argc, argv, &cause);
	if (status != APP_RUN_OK)
		app_message(app, 1, "%s", cause != NULL ? cause : "failed");
	free(cause);
	string_list_free(argv, (size_t)argc);
	return status;
}

/* --- executing a confirmed change ------------------------------------- */

struct change_job {
	struct app *app;
	struct job *job;        /* the worker's job, NULL in batch mode */
	struct pending_change *pending;
	struct change_result result;
};

/* A plan step that is a library call: the panel's plugin makes it. */
static int
change_job_call(void *arg, const struct change_step *s, char **cause)
{
	struct change_job *c = arg;
	struct panel_state *p = c->pending->panel;

	if (p->plugin == NULL || p->plugin->desc->execute == NULL) {
		set_cause(cause, "the %s plugin makes no library calls",
		    p->screen->plugin != NULL ? p->screen->plugin : "core");
		return -1;
	}
	return p->plugin->desc->execute(p->handle, s, c->job, cause);
}

static void *
change_job_run(struct job *job, void *arg, char **cause)
{
	struct change_job *c = arg;
	struct change_caller caller;

	(void)cause;
	c->job = job;
	caller.call = change_job_call;
	caller.arg = c;
	change_execute(c->pending->panel->host->transport,
	    &c->pending->plan, c->app->opt.command_timeout_ms, &caller,
	    &c->result);
	return c;
}

static void
change_job_free(struct change_job *c)
{
	change_result_free(&c->result);
	change_plan_free(&c->pending->plan);
	free(c->pending);
	free(c);
}

/* The scheduler is through with the job (free_arg): its handle is free. */
static void
change_job_forget(void *arg)
{
	struct change_job *c = arg;

	c->pending->panel->jobs--;
	change_job_free(c);
}

/* The deadline of a change: each step has its own (command_timeout), so
 * this only catches a plugin's library call that never returns. */
static int
change_timeout_ms(const struct app *app, const struct change_plan *plan)
{
	return (int)(plan->step_count + 1) * app->opt.command_timeout_ms +
	    5000;
}

/* The change has run: say how it went, show each step, refresh. */
static void
change_finish(struct app *app, struct change_job *c)
{
	const struct change_plan *plan = &c->pending->plan;

	if (c->result.refused != NULL)
		app_say(app, FE_MSG_ERROR, "%s: refused: %s", plan->command,
		    c->result.refused);
	else if (c->result.unknown > 0)
		app_say(app, FE_MSG_ERROR | FE_MSG_NOTE, "%s: outcome unknown "
		    "(answer lost); check the host", plan->command);
	else if (c->result.failed > 0)
		app_say(app, FE_MSG_ERROR | FE_MSG_NOTE,
		    "%s: %d step(s) failed", plan->command, c->result.failed);
	else
		app_message(app, 0, "%s: done", plan->command);
	if (app->fe_ops != NULL && app->fe_ops->show_result != NULL)
		app->fe_ops->show_result(app->fe, plan, &c->result);
	app_refresh(app, c->pending->panel, 1);
}

static void
change_job_done(void *arg, void *result, char *cause, int timed_out)
{
	struct change_job *c = arg;
	struct app *app = c->app;

	/* c is the scheduler's to free (change_job_forget): a change past
	 * its deadline may still be running. */
	app->changes_running--;
	if (timed_out) {
		app_message(app, 1, "%s: no answer within %d s; the outcome is "
		    "unknown (the audit log has each step that ran)",
		    c->pending->plan.command,
		    change_timeout_ms(app, &c->pending->plan) / 1000);
		free(cause);
		return;
	}
	if (result == NULL) {
		/* Never ran: rackcon is quitting (worker_pool_free). */
		app_message(app, 1, "%s: %s", c->pending->plan.command,
		    cause != NULL ? cause : "not run");
		free(cause);
		return;
	}
	free(cause);
	change_finish(app, c);
}

int
app_set_secret(struct app *app, const char *secret, char **cause)
{
	if (app->pending == NULL) {
		set_cause(cause, "no change is waiting for a password");
		return -1;
	}
	return change_plan_set_secret(&app->pending->plan, secret, cause);
}

void
app_confirm(struct app *app, int yes)
{
	struct change_job *c;
	struct job_spec spec;

	if (app->pending == NULL)
		return;
	if (!yes || app->opt.dry_run) {
		app_message(app, 0, "%s: %s", app->pending->plan.command,
		    app->opt.dry_run ? "dry run, nothing was run" :
		    "cancelled, nothing was changed");
		change_plan_free(&app->pending->plan);
		free(app->pending);
		app->pending = NULL;
		return;
	}
	if (app->pending->plan.secret_prompt != NULL &&
	    !app->pending->plan.secret_set) {
		/* Steps after the password would run without it. */
		app_say(app, FE_MSG_ERROR, "%s: refused: it needs a password "
		    "and none was given (batch mode reads it from standard "
		    "input); nothing was changed", app->pending->plan.command);
		change_plan_free(&app->pending->plan);
		free(app->pending);
		app->pending = NULL;
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->app = app;
	c->pending = app->pending;
	app->pending = NULL;
	app_message(app, 0, "%s: running...", c->pending->plan.command);
	if (app->pool == NULL) {
		/* Batch mode: this is the only thread, and it waits. */
		change_job_run(NULL, c, NULL);
		change_finish(app, c);
		change_job_free(c);
		return;
	}
	app->changes_running++;
	c->pending->panel->jobs++;
	memset(&spec, 0, sizeof spec);
	/* Never beside a refresh of the same handle. */
	spec.key = c->pending->panel->handle;
	spec.class = JOB_CHANGE;
	spec.visible = 1;
	spec.timeout_ms = change_timeout_ms(app, &c->pending->plan);
	spec.fn = change_job_run;
	spec.done = change_job_done;
	spec.arg = c;
	spec.free_arg = change_job_forget;
	worker_submit_job(app->pool, &spec);
}
