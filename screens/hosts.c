/* The Hosts panel: every host's state and what is wrong on it, worst first. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "bmc-target.h"
#include "clock.h"
#include "cmd.h"
#include "disk.h"
#include "host-facts.h"
#include "ipmi.h"
#include "json-out.h"
#include "md.h"
#include "screen.h"
#include "xmalloc.h"

#define HOSTS_MODEL "hosts_snapshot"
#define HOSTS_MODEL_VERSION 2

/* One host, summed up when the core feeds the panel. */
struct host_row {
	char *name;
	char *reach;          /* "this machine", "sysroot /srv/a" */
	enum host_state state;
	long long since;      /* failing since (wall clock s), 0 */
	char *why;            /* why it fails, or NULL */
	char *why_short;      /* the same for the WHY column (why_shorten) */
	long long retry_at;   /* wall clock s of the next try, 0 */
	int shown;            /* the host the other panels show */
	long long disks;      /* -1: not read yet */
	long long at_risk;    /* disks with the RAID timeout risk */
	enum smart_health worst_smart;
	long long arrays;     /* -1: not read yet */
	long long degraded;   /* arrays not whole (md_array_health) */
	long long syncing;    /* arrays resyncing, recovering, checking */
	double slowest;       /* the lowest progress of those, percent; -1 */
	int problems;         /* how many of the above are wrong */
	size_t index;         /* its place in the inventory */
	char *kernel;         /* the host's facts (host-facts.h), NULL */
	long long uptime_s;   /* -1: not known */
	double load[3];
	int have_load;
	long long rtt_us;     /* -1: this machine, or not known */
	char **tags;
	size_t tag_count;
	char *bmc;            /* the BMC's address, NULL: none */
	int bmc_reachable;    /* 1, 0, -1 not read yet */
	char *bmc_state;      /* "ok", "unreachable since 18:02:11,
				 retrying", "not read yet" */
	char *bmc_error;      /* why it does not answer, or NULL */
	long long bmc_since;  /* wall clock s it stopped answering, 0 */
	enum ipmi_power power; /* what its latest snapshot said */
	long long power_at;   /* wall clock s of that snapshot, 0 */
	unsigned badges;      /* IPMI_BADGE_* of its latest snapshot */
	int bmc_read;         /* a snapshot of it was ever read */
	int files;            /* it has files (disks, arrays, facts): not a
				 BMC alone */
};

struct hosts_snapshot {
	struct host_row *rows; /* problem hosts first */
	size_t count;
	size_t with_problems;
	int any_files;         /* some host reads files (disks, arrays) */
	int any_bmc;           /* some host has a BMC */
};

/*
 * Screen order: what is wrong first, so that at 80 columns the eye gets
 * the host, its state, its disks and arrays, how far and how busy it is
 * (RTT, LOAD) and why it fails (cut there; the detail pane has it whole);
 * then its BMC's power, audit badges and state ("unreachable since
 * 18:02:11, retrying").
 * Uptime, the slowest resync, since when it fails, the kernel and how it
 * is reached are to the right (Right scrolls to them), in the detail
 * pane and in --list hosts --json, with the 5 and 15 minute loads and
 * the tags (json_extra).
 */
enum hosts_column {
	COL_HOST, COL_STATE, COL_DISKS, COL_RISK, COL_SMART, COL_ARRAYS,
	COL_DEGRADED, COL_RTT, COL_LOAD, COL_WHY, COL_POWER, COL_AUDIT,
	COL_BMC, COL_UPTIME, COL_SYNC, COL_SINCE, COL_KERNEL, COL_REACH
};

static const struct column hosts_columns[] = {
	[COL_HOST] = { "host", "HOST", 12, 0 },
	[COL_STATE] = { "state", "STATE", 8, 0 }, /* "starting" */
	[COL_DISKS] = { "disks", "DISKS", 5, 1 },
	[COL_RISK] = { "disks_at_risk", "RISK", 4, 1 },
	[COL_SMART] = { "worst_smart_health", "SMART", 6, 0 },
	[COL_ARRAYS] = { "arrays", "MD", 3, 1 },
	[COL_DEGRADED] = { "arrays_degraded", "DEGR", 4, 1 },
	[COL_POWER] = { "power", "POWER", 5, 0 },
	[COL_AUDIT] = { "audit_badges", "AUDIT", 16, 0 },
	[COL_BMC] = { "bmc_state", "BMC", 36, 0 },
	[COL_RTT] = { "rtt_ms", "RTT", 5, 1 },
	[COL_LOAD] = { "load_1min", "LOAD", 5, 1 },
	[COL_WHY] = { "why", "WHY", 18, 0 },
	[COL_UPTIME] = { "uptime_s", "UP", 6, 1 },
	[COL_SYNC] = { "slowest_sync_percent", "SYNC", 12, 0 },
	[COL_SINCE] = { "failing_since", "SINCE", 8, 0 },
	[COL_KERNEL] = { "kernel", "KERNEL", 16, 0 },
	[COL_REACH] = { "reach", "REACHED", 24, 0 },
};

#define HOSTS(v) ((const struct hosts_snapshot *)(v)->snap)
#define ROW(v, row) (&HOSTS(v)->rows[row])

static const char *
host_state_name(enum host_state s)
{
	switch (s) {
	case HOST_STARTING: return "starting";
	case HOST_UP: return "up";
	case HOST_FAILING: return "failing";
	}
	return "?";
}

/* What the host's Disks snapshot says. */
static void
sum_disks(struct host_row *r, const struct disk_snapshot *snap)
{
	const struct disk *d;
	size_t i;

	r->disks = r->at_risk = 0;
	for (i = 0; i < snap->count; i++) {
		d = &snap->disks[i];
		if (disk_kind_of(d->name) != DISK_KIND_DISK)
			continue;
		r->disks++;
		r->at_risk += disk_raid_timeout_risk(d);
		if (d->smart.health == SMART_HEALTH_FAILED ||
		    (d->smart.health == SMART_HEALTH_PASSED &&
		    r->worst_smart == SMART_HEALTH_UNKNOWN))
			r->worst_smart = d->smart.health;
	}
}

/* What the host's RAID snapshot says. */
static void
sum_arrays(struct host_row *r, const struct md_snapshot *snap)
{
	const struct md_array *a;
	size_t i;

	r->arrays = r->degraded = r->syncing = 0;
	for (i = 0; i < snap->count; i++) {
		a = &snap->arrays[i];
		r->arrays++;
		if (md_array_health(a) != MD_HEALTH_OK)
			r->degraded++;
		if (a->progress.action != NULL && a->progress.valid) {
			r->syncing++;
			if (r->slowest < 0 || a->progress.percent < r->slowest)
				r->slowest = a->progress.percent;
		}
	}
}

/* part without "PREFIX: " in front when it starts so. */
static char *
drop_prefix(char *part, const char *prefix)
{
	size_t len;

	if (prefix == NULL)
		return part;
	len = strlen(prefix);
	if (strncmp(part, prefix, len) == 0 && part[len] == ':' &&
	    part[len + 1] == ' ')
		return part + len + 2;
	return part;
}

/*
 * Why a host fails, for an 18-cell column: without the panel's title and
 * the host's own name or its BMC's address (bmc, NULL: none) in front
 * ("RAID: web3: Connection refused; web3: Connection refused" is
 * "Connection refused", "IPMI: 10.0.0.5:623: password invalid" is
 * "password invalid"), each cause once. Fresh.
 */
static char *
why_shorten(const char *why, const char *name, const char *bmc)
{
	char *copy = xstrdup(why), *p = copy, *part, **parts = NULL;
	size_t n = 0, i;
	struct buf b = {0};

	p += strcspn(p, ":");
	p = *p == ':' && p[1] == ' ' && strcspn(copy, " ") > (size_t)(p -
	    copy) ? p + 2 : copy;
	while ((part = strsep(&p, ";")) != NULL) {
		part += strspn(part, " ");
		part = drop_prefix(drop_prefix(part, name), bmc);
		for (i = 0; i < n && strcmp(parts[i], part) != 0; i++)
			;
		if (i == n && *part != '\0')
			strv_push(&parts, &n, part);
	}
	buf_addstr(&b, "");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? "; " : "", parts[i]);
	string_list_free(parts, n);
	free(copy);
	return b.data;
}

/* The host's facts; a host whose facts fail has no round trip, load or
 * uptime now (its kernel stays). */
static void
facts_fill(const struct host *h, struct host_row *r)
{
	const struct host_facts *f = h->facts;
	size_t i;

	r->uptime_s = r->rtt_us = -1;
	for (i = 0; i < h->tag_count; i++)
		strv_push(&r->tags, &r->tag_count, h->tags[i]);
	if (f == NULL)
		return;
	r->kernel = f->kernel != NULL ? xstrdup(f->kernel) : NULL;
	if (h->facts_error != NULL)
		return;
	r->uptime_s = f->uptime_s;
	r->rtt_us = f->rtt_us;
	r->have_load = f->have_load;
	memcpy(r->load, f->load, sizeof r->load);
}

/* A time: HH:MM:SS on screen, seconds since the epoch in JSON. */
static void
set_clock(struct cell *out, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL) {
		out->kind = CELL_NONE;
		return;
	}
	strftime(out->text, sizeof out->text, "%H:%M:%S", &tm);
	out->kind = CELL_NUM;
	out->num = t;
	out->str = out->text;
}

/* The host's BMC: reachable or since when not, power, audit badges. */
static void
bmc_fill(struct app *app, struct host *h, struct host_row *r)
{
	struct panel_state *p = app_host_panel(app, h, "ipmi");
	const struct ipmi_snapshot *s;
	struct cell c;

	r->bmc_reachable = -1;
	r->power = IPMI_POWER_UNKNOWN;
	if (h->bmc == NULL)
		return;
	r->bmc = bmc_target_address(h->bmc);
	s = p != NULL ? p->snap : NULL;
	if (p != NULL && p->error != NULL) {
		r->bmc_reachable = 0;
		r->bmc_error = xstrdup(p->error);
		r->bmc_since = p->error_since;
		set_clock(&c, p->error_since);
		r->bmc_state = xasprintf("unreachable since %s, retrying",
		    c.kind == CELL_NUM ? c.str : "?");
	} else if (p != NULL && p->unavailable != NULL) {
		r->bmc_reachable = 0;
		r->bmc_error = xstrdup(p->unavailable);
		r->bmc_state = xasprintf("no IPMI plugin: %s", p->unavailable);
	} else if (s != NULL) {
		r->bmc_reachable = 1;
		r->bmc_state = xstrdup(s->quick ? "ok, reading the user slots" :
		    "ok");
	} else
		r->bmc_state = xstrdup("not read yet");
	if (s != NULL) {
		/* What the last answer said, also while it does not answer
		 * (then shown as last known: "off?"). */
		r->power = s->power;
		r->power_at = p->snap_at;
		r->badges = ipmi_snapshot_badges(s);
		r->bmc_read = 1;
	}
}

static void
row_fill(struct app *app, struct host *h, struct host_row *r,
    long long now_ms)
{
	struct panel_state *p;
	char *bmc;

	memset(r, 0, sizeof *r);
	r->name = xstrdup(h->name);
	r->reach = xstrdup(host_reach(h));
	r->state = h->state;
	r->since = h->failing_since;
	r->why = h->failure != NULL ? xstrdup(h->failure) : NULL;
	if (h->failure != NULL) {
		bmc = h->bmc != NULL ? bmc_target_address(h->bmc) : NULL;
		r->why_short = why_shorten(h->failure, h->name, bmc);
		free(bmc);
	}
	if (h->state == HOST_FAILING && h->retry_ms > now_ms)
		r->retry_at = (long long)time(NULL) +
		    (h->retry_ms - now_ms + 999) / 1000;
	r->shown = h == app_host(app);
	r->disks = r->at_risk = r->arrays = r->degraded = -1;
	r->slowest = -1;
	p = app_host_panel(app, h, "disks");
	if (p != NULL && p->snap != NULL)
		sum_disks(r, p->snap);
	p = app_host_panel(app, h, "raid");
	if (p != NULL && p->snap != NULL)
		sum_arrays(r, p->snap);
	facts_fill(h, r);
	bmc_fill(app, h, r);
	r->files = h->transport != NULL;
	r->problems = (r->state == HOST_FAILING) + (r->at_risk > 0) +
	    (r->degraded > 0) + (r->worst_smart == SMART_HEALTH_FAILED) +
	    (r->badges != 0);
}

/* Hosts that cannot be read first, then those with the most problems,
 * then inventory order. */
static int
row_cmp(const void *a, const void *b)
{
	const struct host_row *x = a, *y = b;

	if ((x->state == HOST_FAILING) != (y->state == HOST_FAILING))
		return x->state == HOST_FAILING ? -1 : 1;
	if (x->problems != y->problems)
		return x->problems > y->problems ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void *
hosts_core_snapshot(struct app *app)
{
	struct hosts_snapshot *s = xcalloc(1, sizeof *s);
	long long now = clock_now_ms();
	size_t i;

	s->count = app->host_count;
	s->rows = xcalloc(s->count, sizeof *s->rows);
	for (i = 0; i < s->count; i++) {
		row_fill(app, &app->hosts[i], &s->rows[i], now);
		s->rows[i].index = i;
		if (s->rows[i].problems > 0)
			s->with_problems++;
		s->any_files |= s->rows[i].files;
		s->any_bmc |= s->rows[i].bmc != NULL;
	}
	qsort(s->rows, s->count, sizeof *s->rows, row_cmp);
	return s;
}

static void
hosts_free_snapshot(void *snap)
{
	struct hosts_snapshot *s = snap;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->count; i++) {
		free(s->rows[i].name);
		free(s->rows[i].reach);
		free(s->rows[i].why);
		free(s->rows[i].why_short);
		free(s->rows[i].kernel);
		free(s->rows[i].bmc);
		free(s->rows[i].bmc_state);
		free(s->rows[i].bmc_error);
		string_list_free(s->rows[i].tags, s->rows[i].tag_count);
	}
	free(s->rows);
	free(s);
}

static size_t
hosts_row_count(const struct view *v)
{
	return HOSTS(v)->count;
}

static const char *
hosts_row_name(const struct view *v, size_t row)
{
	return ROW(v, row)->name;
}

static void
set_str(struct cell *out, const char *s)
{
	out->kind = s != NULL ? CELL_STR : CELL_NONE;
	out->str = s;
}

static void
set_count(struct cell *out, long long n, int alert)
{
	if (n < 0) {
		out->kind = CELL_NONE;
		return;
	}
	out->kind = CELL_NUM;
	out->num = n;
	out->alert = alert && n > 0;
}

/* A round trip: "0.8ms", "12ms", "1.2s" on screen; milliseconds with two
 * places in JSON. */
static void
set_rtt(struct cell *out, long long us)
{
	if (us < 0) {
		out->kind = CELL_NONE;
		return;
	}
	out->kind = CELL_CENTI;
	out->num = (us + 5) / 10;
	if (us < 9950)
		snprintf(out->text, sizeof out->text, "%.1fms", us / 1000.0);
	else if (us < 999500)
		snprintf(out->text, sizeof out->text, "%lldms",
		    (us + 500) / 1000);
	else
		snprintf(out->text, sizeof out->text, "%.1fs", us / 1e6);
	out->str = out->text;
}

/* An uptime: "12d03h", "5h07m", "42m" on screen; seconds in JSON. */
static void
set_uptime(struct cell *out, long long s)
{
	if (s < 0) {
		out->kind = CELL_NONE;
		return;
	}
	out->kind = CELL_NUM;
	out->num = s;
	if (s >= 86400)
		snprintf(out->text, sizeof out->text, "%lldd%02lldh", s / 86400,
		    s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out->text, sizeof out->text, "%lldh%02lldm", s / 3600,
		    s % 3600 / 60);
	else
		snprintf(out->text, sizeof out->text, "%lldm", s / 60);
	out->str = out->text;
}

/* A load average in hundredths: 0.42 on screen and in JSON. */
static void
set_load(struct cell *out, int have, double load)
{
	if (!have) {
		out->kind = CELL_NONE;
		return;
	}
	out->kind = CELL_CENTI;
	out->num = (long long)(load * 100 + 0.5);
}

static void
hosts_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct host_row *r = ROW(v, row);

	memset(out, 0, sizeof *out);
	switch ((enum hosts_column)col) {
	case COL_HOST: set_str(out, r->name); break;
	case COL_STATE:
		set_str(out, host_state_name(r->state));
		out->alert = r->state == HOST_FAILING;
		break;
	case COL_DISKS: set_count(out, r->disks, 0); break;
	case COL_RISK: set_count(out, r->at_risk, 1); break;
	case COL_SMART:
		if (r->disks < 0 || r->worst_smart == SMART_HEALTH_UNKNOWN)
			break;
		set_str(out, disk_health_name(r->worst_smart));
		out->alert = r->worst_smart == SMART_HEALTH_FAILED;
		break;
	case COL_ARRAYS: set_count(out, r->arrays, 0); break;
	case COL_DEGRADED: set_count(out, r->degraded, 1); break;
	case COL_SYNC:
		if (r->slowest < 0)
			break;
		out->kind = CELL_PROGRESS;
		out->num = (long long)(r->slowest * 10 + 0.5);
		break;
	case COL_REACH: set_str(out, r->reach); break;
	case COL_RTT: set_rtt(out, r->rtt_us); break;
	case COL_LOAD: set_load(out, r->have_load, r->load[0]); break;
	case COL_UPTIME: set_uptime(out, r->uptime_s); break;
	case COL_KERNEL: set_str(out, r->kernel); break;
	case COL_SINCE: set_clock(out, r->since); break;
	case COL_POWER:
		if (r->power == IPMI_POWER_UNKNOWN)
			break;
		if (r->bmc_reachable != 0) {
			set_str(out, ipmi_power_name(r->power));
			break;
		}
		/* Not known now: null in JSON (power_last has it), the last
		 * answer with a "?" on the screen. */
		snprintf(out->text, sizeof out->text, "%s?",
		    ipmi_power_name(r->power));
		out->kind = CELL_NONE;
		out->str = out->text;
		break;
	case COL_AUDIT:
		if (!r->bmc_read)
			break;
		set_str(out, ipmi_badges_text(r->badges));
		out->alert = r->badges != 0;
		break;
	case COL_BMC:
		set_str(out, r->bmc_state);
		out->alert = r->bmc_reachable == 0;
		break;
	case COL_WHY:
		/* Short (JSON's "failure" has it whole). */
		set_str(out, r->why_short);
		out->alert = r->why != NULL;
		break;
	}
}

/* Kernel, uptime, load, round trip and tags: what is known. */
static void
hosts_detail_facts(const struct host_row *r, struct buf *b)
{
	struct cell c;
	size_t i;

	if (r->kernel != NULL)
		buf_printf(b, "Kernel: %s\n", r->kernel);
	if (r->uptime_s >= 0) {
		set_uptime(&c, r->uptime_s);
		buf_printf(b, "Up: %s", c.str);
		if (r->have_load)
			buf_printf(b, "; load %.2f %.2f %.2f", r->load[0],
			    r->load[1], r->load[2]);
		buf_addstr(b, "\n");
	} else if (r->have_load)
		buf_printf(b, "Load: %.2f %.2f %.2f\n", r->load[0],
		    r->load[1], r->load[2]);
	if (r->rtt_us >= 0) {
		set_rtt(&c, r->rtt_us);
		buf_printf(b, "Round trip: %s\n", c.str);
	}
	for (i = 0; i < r->tag_count; i++)
		buf_printf(b, "%s%s", i == 0 ? "Tags: " : ",", r->tags[i]);
	if (r->tag_count > 0)
		buf_addstr(b, "\n");
}

static void
hosts_detail(const struct view *v, size_t row, struct buf *b)
{
	const struct host_row *r = ROW(v, row);
	struct cell c;

	buf_printf(b, "%s%s: %s\n", r->name, r->shown ? " (shown)" : "",
	    r->reach);
	buf_printf(b, "State: %s", host_state_name(r->state));
	if (r->state == HOST_FAILING) {
		set_clock(&c, r->since);
		buf_printf(b, " since %s: %s", c.kind == CELL_NUM ? c.str :
		    "?", r->why != NULL ? r->why : "?");
		set_clock(&c, r->retry_at);
		if (c.kind == CELL_NUM)
			buf_printf(b, "; retrying at %s", c.str);
	}
	buf_addstr(b, "\n");
	hosts_detail_facts(r, b);
	if (r->disks >= 0)
		buf_printf(b, "Disks: %lld, %lld with the RAID timeout risk; "
		    "worst SMART health: %s\n", r->disks, r->at_risk,
		    disk_health_name(r->worst_smart));
	if (r->bmc != NULL) {
		buf_printf(b, "BMC %s: %s", r->bmc, r->bmc_state);
		if (r->bmc_error != NULL)
			buf_printf(b, " (%s)", r->bmc_error);
		if (r->power != IPMI_POWER_UNKNOWN && r->bmc_reachable != 0)
			buf_printf(b, "; power %s", ipmi_power_name(r->power));
		else if (r->power != IPMI_POWER_UNKNOWN) {
			set_clock(&c, r->power_at);
			buf_printf(b, "; power %s when last read, at %s",
			    ipmi_power_name(r->power),
			    c.kind == CELL_NUM ? c.str : "?");
		}
		if (r->badges != 0)
			buf_printf(b, "; audit: %s", ipmi_badges_text(r->badges));
		buf_addstr(b, "\n");
	}
	if (r->arrays >= 0) {
		buf_printf(b, "Arrays: %lld, %lld needing attention, %lld "
		    "syncing", r->arrays, r->degraded, r->syncing);
		if (r->slowest >= 0)
			buf_printf(b, " (slowest %.1f%%)", r->slowest);
		buf_addstr(b, "\n");
	}
	buf_addstr(b, "\nEnter shows this host's panels.\n");
}

static void
hosts_json_extra(const struct view *v, size_t row, struct buf *b)
{
	const struct host_row *r = ROW(v, row);
	size_t i;

	buf_printf(b, ",\"shown\":%s,\"problems\":%d", r->shown ? "true" :
	    "false", r->problems);
	buf_addstr(b, ",\"failure\":");
	if (r->why != NULL)
		json_put_string(b, r->why);
	else
		buf_addstr(b, "null");
	buf_addstr(b, ",\"retry_at\":");
	if (r->retry_at > 0)
		buf_printf(b, "%lld", r->retry_at);
	else
		buf_addstr(b, "null");
	buf_addstr(b, ",\"load\":");
	if (r->have_load)
		buf_printf(b, "[%.2f,%.2f,%.2f]", r->load[0], r->load[1],
		    r->load[2]);
	else
		buf_addstr(b, "null");
	buf_addstr(b, ",\"bmc\":");
	json_put_string(b, r->bmc);
	buf_addstr(b, ",\"bmc_reachable\":");
	buf_addstr(b, r->bmc_reachable < 0 ? "null" : r->bmc_reachable ?
	    "true" : "false");
	buf_addstr(b, ",\"bmc_error\":");
	json_put_string(b, r->bmc_error);
	buf_addstr(b, ",\"power_last\":");
	json_put_string(b, r->power != IPMI_POWER_UNKNOWN ?
	    ipmi_power_name(r->power) : NULL);
	buf_addstr(b, ",\"power_read_at\":");
	if (r->power != IPMI_POWER_UNKNOWN && r->power_at > 0)
		buf_printf(b, "%lld", r->power_at);
	else
		buf_addstr(b, "null");
	buf_addstr(b, ",\"bmc_failing_since\":");
	if (r->bmc_since > 0)
		buf_printf(b, "%lld", r->bmc_since);
	else
		buf_addstr(b, "null");
	buf_addstr(b, ",\"tags\":[");
	for (i = 0; i < r->tag_count; i++) {
		if (i > 0)
			buf_addstr(b, ",");
		json_put_string(b, r->tags[i]);
	}
	buf_addstr(b, "]");
}

static const char *
hosts_alert(const struct view *v)
{
	return HOSTS(v)->with_problems > 0 ? "a host has problems" : NULL;
}

static size_t
hosts_alert_count(const struct view *v)
{
	return HOSTS(v)->with_problems;
}

static void
hosts_actions(const struct view *v, size_t row, struct choice_list *out)
{
	char *line = xasprintf("host %s", ROW(v, row)->name);

	choice_push(out, line, "Show this host's panels");
	free(line);
}

/* The disk and facts columns when some host has files, the BMC's when
 * some host has a BMC: an inventory of BMCs alone shows POWER and AUDIT
 * at 80 columns, one of servers without BMCs their disks. */
static int
hosts_column_shown(const struct view *v, size_t col)
{
	const struct hosts_snapshot *s = HOSTS(v);

	if (s == NULL)
		return 1;
	switch (col) {
	case COL_DISKS: case COL_RISK: case COL_SMART: case COL_ARRAYS:
	case COL_DEGRADED: case COL_RTT: case COL_LOAD: case COL_UPTIME:
	case COL_SYNC: case COL_KERNEL:
		return s->any_files || s->count == 0;
	case COL_POWER: case COL_AUDIT: case COL_BMC:
		return s->any_bmc;
	default:
		return 1;
	}
}

const struct screen hosts_screen = {
	.name = "hosts",
	.plugin = NULL,
	.model = HOSTS_MODEL,
	.model_version = HOSTS_MODEL_VERSION,
	.title = "Hosts",
	.columns = hosts_columns,
	.column_count = sizeof hosts_columns / sizeof hosts_columns[0],
	.row_count = hosts_row_count,
	.row_name = hosts_row_name,
	.cell = hosts_cell,
	.column_shown = hosts_column_shown,
	.detail = hosts_detail,
	.json_extra = hosts_json_extra,
	.alert = hosts_alert,
	.alert_count = hosts_alert_count,
	.actions = hosts_actions,
	.free_snapshot = hosts_free_snapshot,
	.core_snapshot = hosts_core_snapshot,
};
