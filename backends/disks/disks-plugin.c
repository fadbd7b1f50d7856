/* The Disks plugin: sysfs scan, SMART through smartctl and libblkid, cached. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disk-blkid.h"
#include "disk-plan.h"
#include "disk-sysfs.h"
#include "disk.h"
#include "plugin.h"
#include "smart-json.h"
#include "strutil.h"
#include "transport.h"
#include "worker.h"
#include "xmalloc.h"

#define DISKS_DEFAULT_TIMEOUT_MS 30000
/* Like smartd's default check interval. */
#define DISKS_DEFAULT_INTERVAL_S 1800
/* Exit status bit 1: the device did not open, or (with -n) it sleeps. */
#define SMARTCTL_EXIT_OPEN 0x02

/* What smartctl said about one disk, and when it was asked. */
struct smart_entry {
	char *name;
	char
	    *serial; /* the sysfs serial when asked; NULL when sysfs had none */
	time_t asked;   /* 0: still to ask */
	time_t read_at; /* when info was read from the disk; 0: never */
	int skip;       /* nothing to ask (loop devices) */
	struct smart_info info;
};

struct disks_handle {
	struct transport *t; /* the host's; not ours to free */
	int timeout_ms;
	int interval_s;
	pthread_mutex_t lock;      /* guards everything below, and rounds */
	struct smart_entry *cache; /* in disk_name_cmp() order */
	size_t cache_count;
	time_t missing_since; /* smartctl found missing then; 0: not */
	struct disk_blkid_cache *blkid; /* has its own lock */
	/* Static sysfs attributes; only the snapshot's job touches it. */
	struct disk_sysfs_cache *sysfs;
	/* disks_prefetch and the layout's, for a refresh that reads both */
	struct transport_prefetch_joined prefetch_all;
};

/* One SMART refresh: the scheduler's threads take due entries. */
struct smart_round {
	struct disks_handle *h;
	struct smart_entry *v;
	size_t n;
	int missing; /* smartctl is not installed: stop */
	/* A disk whose smartctl did not answer this round, or NULL: the
	 * disks not asked yet are then left out of the round, so that a host
	 * whose smartctl hangs holds the scheduler for one deadline, not one
	 * per disk. */
	const char *hung;
	struct job *job; /* the snapshot's; NULL in batch mode */
	time_t now;
};

/* --- the cache ----------------------------------------------------------- */

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
same_serial(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
smart_info_copy(struct smart_info *dst, const struct smart_info *src)
{
	*dst = *src;
	dst->error = dup_or_null(src->error);
	dst->protocol = dup_or_null(src->protocol);
	dst->device_type = dup_or_null(src->device_type);
	dst->model = dup_or_null(src->model);
	dst->serial = dup_or_null(src->serial);
	dst->vendor = dup_or_null(src->vendor);
	dst->firmware = dup_or_null(src->firmware);
}

static void
smart_entry_clear(struct smart_entry *e)
{
	free(e->name);
	free(e->serial);
	smart_info_clear(&e->info);
	memset(e, 0, sizeof *e);
}

static void
smart_cache_free(struct smart_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		smart_entry_clear(&v[i]);
	free(v);
}

/* bsearch: a name against an entry (the cache is sorted by disk_name_cmp). */
static int
smart_key_cmp(const void *key, const void *entry)
{
	return disk_name_cmp(key, ((const struct smart_entry *)entry)->name);
}

/* The cached entry for name, or NULL. */
static struct smart_entry *
smart_cache_find(struct disks_handle *h, const char *name)
{
	if (h->cache_count == 0)
		return NULL;
	return bsearch(name, h->cache, h->cache_count, sizeof *h->cache,
	    smart_key_cmp);
}

/* Is the old answer still good for d? */
static int
smart_entry_fresh(const struct disks_handle *h, const struct smart_entry *e,
                  const struct disk *d, time_t now, int force)
{
	if (force || e->asked == 0 || now < e->asked)
		return 0;
	if (now - e->asked >= h->interval_s)
		return 0;
	return same_serial(e->serial, d->serial);
}

/*
 * Entries for this snapshot's disks, in its order: a fresh cached answer is
 * moved over, others are due (asked 0) but keep the old answer of the same
 * disk, for when it turns out to be in standby. Called with the lock held.
 */
static struct smart_entry *
smart_cache_plan(struct disks_handle *h, const struct disk_snapshot *snap,
                 time_t now, int force)
{
	struct smart_entry *v = xcalloc(snap->count, sizeof *v), *old;
	const struct disk *d;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		d = &snap->disks[i];
		old = smart_cache_find(h, d->name);
		if (old != NULL && smart_entry_fresh(h, old, d, now, force)) {
			v[i] = *old;
			v[i].name = xstrdup(old->name);
			old->serial = NULL;
			memset(&old->info, 0, sizeof old->info);
			continue;
		}
		v[i].name = xstrdup(d->name);
		v[i].serial = dup_or_null(d->serial);
		/* Nothing to ask of loop devices, arrays or mappings. */
		v[i].skip = d->kind != DISK_KIND_DISK ||
		    (d->transport != NULL && strcmp(d->transport, "loop") == 0);
		if (old != NULL && same_serial(old->serial, d->serial)) {
			v[i].info = old->info;
			v[i].read_at = old->read_at;
			memset(&old->info, 0, sizeof old->info);
		} else
			smart_info_clear(&v[i].info);
	}
	return v;
}

/* --- asking smartctl ----------------------------------------------------- */

/* A result without a document to parse: say why, with what the exit
 * status bits mean. */
static void
smart_no_output(const struct run_result *res, struct smart_info *info)
{
	char *err = xstrdup(res->err != NULL ? res->err : ""), *line;
	char *bits = smart_exit_status_text(res->exit_status);

	line = str_trim(err);
	line[strcspn(line, "\n")] = '\0';
	info->error =
	    xasprintf("smartctl exited with status %d%s%s%s%s%s",
	              res->exit_status, *line != '\0' ? ": " : "", line,
	              bits != NULL ? " (" : "",
	              bits != NULL ? strchr(bits, ':') + 2 : "",
	              bits != NULL ? ")" : "");
	free(bits);
	free(err);
}

static void
smart_take_result(struct disks_handle *h, const struct run_result *res,
                  struct smart_info *info)
{
	char *cause = NULL;

	if (res->timed_out)
		info->error = xasprintf("smartctl did not answer within %d ms",
		                        h->timeout_ms);
	else if (res->out_len == 0 && res->signal == 0)
		smart_no_output(res, info);
	else
		smart_json_parse_run(res->out, res->out_len, res->exit_status,
		                     res->signal, info, &cause);
	free(cause);
}

/*
 * Did smartctl -n standby leave the disk asleep? It then exits with bit 1
 * set and says "Device is in STANDBY mode, exit(2)" (or SLEEP, IDLE, or
 * "STANDBY (OS)") on standard output: in the JSON messages, or as text
 * before smartctl 7.
 */
static int
smart_in_standby(const struct run_result *res)
{
	const char *p;

	if (res->timed_out || res->exit_status <= 0 ||
	    res->exit_status >= 128 ||
	    (res->exit_status & SMARTCTL_EXIT_OPEN) == 0 || res->out == NULL)
		return 0;
	p = strstr(res->out, "Device is in ");
	return p != NULL && strstr(p, " mode, exit(") != NULL;
}

/*
 * The disk sleeps, and waking it to ask is what we must not do: keep the
 * last good answer and say how old it is, rather than show an error where
 * the data was good.
 */
static void
smart_keep_for_standby(struct smart_entry *e)
{
	char when[32];
	struct tm tm;

	if (!e->info.valid || e->read_at == 0 ||
	    localtime_r(&e->read_at, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0) {
		smart_info_clear(&e->info);
		e->read_at = 0;
		e->info.error = xstrdup("in standby; no SMART data read yet");
		return;
	}
	free(e->info.error);
	e->info.error = xasprintf("in standby; SMART data from %s", when);
}

/* Put what one run of smartctl (rc from the transport) said into e. */
static void
smart_take_run(struct disks_handle *h, struct smart_entry *e, int rc,
               const struct run_result *res, const char *why, time_t now)
{
	if (rc == 0 && smart_in_standby(res)) {
		smart_keep_for_standby(e);
		return;
	}
	smart_info_clear(&e->info);
	e->read_at = now;
	if (rc != 0)
		e->info.error = xasprintf("smartctl: %s", why);
	else
		smart_take_result(h, res, &e->info);
}

/* Run smartctl for e. Returns -1 when smartctl is not installed, 1 when
 * it did not answer in time, else 0. */
static int
smart_ask(struct disks_handle *h, struct smart_entry *e, time_t now)
{
	char prog[] = "smartctl", json[] = "--json", all[] = "-a";
	char log[] = "-l", scterc[] = "scterc";
	/* -n standby: never spin up a sleeping disk to read its SMART data. */
	char pm[] = "-n", standby[] = "standby";
	char *dev = xasprintf("/dev/%s", e->name), *cause = NULL;
	char *argv[] = {prog, json, pm, standby, all, log, scterc, dev, NULL};
	struct run_result res;
	int rc, saved;

	memset(&res, 0, sizeof res);
	rc = h->t->ops->run(h->t, argv, NULL, h->timeout_ms, &res, &cause);
	saved = errno;
	free(dev);
	if (rc != 0 && saved == ENOENT) {
		free(cause);
		return -1;
	}
	/* The refresh was cancelled (deadline, quit): nothing was learnt, so
	 * the disk stays due and keeps what it had. */
	if (rc != 0 && saved == ECANCELED) {
		free(cause);
		return 0;
	}
	smart_take_run(h, e, rc, &res, cause != NULL ? cause : strerror(saved),
	               now);
	rc = rc == 0 && res.timed_out;
	run_result_free(&res);
	free(cause);
	e->asked = now;
	return rc;
}

/* e is left out of a round in which another disk's smartctl hung: say so,
 * and ask again at the next interval like a disk that answered. */
static void
smart_skip_hung(const struct smart_round *r, struct smart_entry *e)
{
	smart_info_clear(&e->info);
	e->info.error = xasprintf("not asked: smartctl for %s did not answer "
	                          "within %d ms", r->hung, r->h->timeout_ms);
	e->read_at = r->now;
	e->asked = r->now;
}

/* One item of the round: ask about entry i if it is due and smartctl is
 * not known to be missing. Runs on several threads at once. */
static void
smart_round_item(void *arg, size_t i)
{
	struct smart_round *r = arg;
	struct smart_entry *e = &r->v[i];
	int stop, hung, rc;

	pthread_mutex_lock(&r->h->lock);
	stop = r->missing;
	hung = r->hung != NULL;
	pthread_mutex_unlock(&r->h->lock);
	if (stop || e->skip || e->asked != 0)
		return;
	if (hung) {
		smart_skip_hung(r, e);
		return;
	}
	rc = smart_ask(r->h, e, r->now);
	if (rc == 0)
		return;
	pthread_mutex_lock(&r->h->lock);
	if (rc < 0)
		r->missing = 1;
	else if (r->hung == NULL)
		r->hung = e->name;
	pthread_mutex_unlock(&r->h->lock);
}

/* Ask smartctl about every due entry, several disks at once on the
 * scheduler's slow class (at most its limit across all hosts). */
static void
smart_round_run(struct smart_round *r)
{
	job_fan_out(r->job, r->n, smart_round_item, r);
}

/* --- the snapshot -------------------------------------------------------- */

/* Copy the answers into the disks; sysfs gaps are filled from SMART. */
static void
smart_apply(struct disk_snapshot *snap, const struct smart_entry *v)
{
	struct disk *d;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		d = &snap->disks[i];
		if (v[i].skip || v[i].asked == 0)
			continue;
		smart_info_clear(&d->smart);
		smart_info_copy(&d->smart, &v[i].info);
		if (d->model == NULL)
			d->model = dup_or_null(d->smart.model);
		if (d->serial == NULL)
			d->serial = dup_or_null(d->smart.serial);
		if (d->vendor == NULL)
			d->vendor = dup_or_null(d->smart.vendor);
	}
}

/* Is smartctl known to be missing, and not yet worth another look? */
static int
smart_known_missing(const struct disks_handle *h, time_t now, int force)
{
	if (h->missing_since == 0 || force || now < h->missing_since)
		return 0;
	return now - h->missing_since < h->interval_s;
}

static void
disks_smart(struct disks_handle *h, struct disk_snapshot *snap, int force,
            int ask, struct job *job)
{
	struct smart_round r = {.h = h, .n = snap->count, .job = job};

	r.now = time(NULL);
	pthread_mutex_lock(&h->lock);
	r.v = smart_cache_plan(h, snap, r.now, force);
	smart_cache_free(h->cache, h->cache_count);
	h->cache = NULL;
	h->cache_count = 0;
	r.missing = smart_known_missing(h, r.now, force);
	pthread_mutex_unlock(&h->lock);
	/* Without asking, what was learnt before is shown; due disks wait
	 * for a refresh that asks. */
	if (ask && !r.missing)
		smart_round_run(&r);
	pthread_mutex_lock(&h->lock);
	if (ask && r.missing && !smart_known_missing(h, r.now, force))
		h->missing_since = r.now;
	else if (ask && !r.missing)
		h->missing_since = 0;
	h->cache = r.v;
	h->cache_count = r.n;
	snap->smartctl_missing = r.missing;
	smart_apply(snap, r.v);
	pthread_mutex_unlock(&h->lock);
}

static void
disks_read_udev_rule(struct transport *t, struct disk_snapshot *snap)
{
	char *data = NULL, *cause = NULL;
	size_t len;

	if (t->ops->read_file(t, DISK_UDEV_RULE_PATH, &data, &len, &cause) == 0)
		snap->udev_rule = data;
	else if (errno != ENOENT)
		note_append(&snap->error, "%s", cause != NULL ? cause : "udev rule unreadable");
	free(cause);
}

/* --- the descriptor ------------------------------------------------------ */

/* What every refresh reads (disk-sysfs.c, and the udev rule), for a
 * remote transport to fetch in one round trip; disk-sysfs.c fetches the
 * rest when something changed. */
static const char *const disks_pf_files[] = {
    "/proc/self/mountinfo", "/proc/swaps", "/proc/partitions",
    "/proc/mdstat", "/proc/diskstats", "/sys/kernel/uevent_seqnum",
    "/sys/block/*/queue/scheduler", "/sys/block/*/device/timeout",
    "/sys/block/*/device/queue_depth", DISK_UDEV_RULE_PATH, NULL,
};
static const char *const disks_pf_dirs[] = {
    "/sys/block", "/sys/block/*/slaves", NULL,
};
static const struct transport_prefetch disks_prefetch = {
    .files = disks_pf_files,
    .dirs = disks_pf_dirs,
};

static void *
disks_open(const struct plugin_host *host, char **cause)
{
	struct disks_handle *h;

	if (host == NULL || host->abi != PLUGIN_ABI ||
	    host->transport == NULL) {
		set_cause(cause, "disks: host ABI %d, plugin ABI %d",
		          host != NULL ? host->abi : -1, PLUGIN_ABI);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->t = host->transport;
	h->timeout_ms = host->command_timeout_ms > 0 ? host->command_timeout_ms
	                                             : DISKS_DEFAULT_TIMEOUT_MS;
	h->interval_s = host->slow_interval_s > 0 ? host->slow_interval_s
	                                          : DISKS_DEFAULT_INTERVAL_S;
	h->blkid = disk_blkid_cache_new(h->interval_s);
	h->sysfs = disk_sysfs_cache_new();
	transport_prefetch_join(&h->prefetch_all, &disks_prefetch,
	    disk_sysfs_layout_prefetch());
	if (h->blkid == NULL || pthread_mutex_init(&h->lock, NULL) != 0) {
		set_cause(cause, "disks: cannot create a mutex");
		disk_blkid_cache_free(h->blkid);
		disk_sysfs_cache_free(h->sysfs);
		transport_prefetch_joined_clear(&h->prefetch_all);
		free(h);
		return NULL;
	}
	return h;
}

static void
disks_close(void *handle)
{
	struct disks_handle *h = handle;

	if (h == NULL)
		return;
	smart_cache_free(h->cache, h->cache_count);
	disk_blkid_cache_free(h->blkid);
	disk_sysfs_cache_free(h->sysfs);
	transport_prefetch_joined_clear(&h->prefetch_all);
	pthread_mutex_destroy(&h->lock);
	free(h);
}


static void *
disks_snapshot_read(struct disks_handle *h, int flags, struct job *job,
    char **cause)
{
	struct disk_snapshot *snap;
	int force = (flags & PLUGIN_SNAP_FORCE_SLOW) != 0;

	/* The quick first frame lists the disks; the next one fills in. */
	if (flags & PLUGIN_SNAP_QUICK)
		return disk_sysfs_scan_quick(h->t, cause);
	/* A slow refresh (every 30 s) reads all again: a change nothing
	 * announced is shown that late at worst. */
	snap = disk_sysfs_scan_cached(h->t, h->sysfs,
	                              (flags & PLUGIN_SNAP_NO_SLOW) == 0, cause);
	if (snap == NULL)
		return NULL;
	/* Before SMART fills serials in: the cache keys on the sysfs one. */
	disk_blkid_cache_fill(h->blkid, h->t, snap, time(NULL), force);
	disks_smart(h, snap, force, (flags & PLUGIN_SNAP_NO_SLOW) == 0, job);
	disks_read_udev_rule(h->t, snap);
	snap->taken = time(NULL);
	return snap;
}

static void *
disks_snapshot(void *handle, int flags, struct job *job, char **cause)
{
	struct disks_handle *h = handle;
	void *snap;

	/* A remote host: every file of the refresh in one round trip; the
	 * layout's too when the scan will surely read it. */
	if (disk_sysfs_layout_due(h->sysfs, (flags & PLUGIN_SNAP_QUICK) != 0,
	    (flags & PLUGIN_SNAP_NO_SLOW) == 0))
		transport_prefetch(h->t, &h->prefetch_all.spec);
	else
		transport_prefetch(h->t, &disks_prefetch);
	snap = disks_snapshot_read(h, flags, job, cause);
	transport_prefetch_end(h->t);
	return snap;
}

static void
disks_free_snapshot(void *snapshot)
{
	disk_snapshot_free(snapshot);
}

extern const struct plugin_descriptor rackcon_plugin;
const struct plugin_descriptor rackcon_plugin = {
    .abi = PLUGIN_ABI,
    .model = DISK_MODEL,
    .model_version = DISK_MODEL_VERSION,
    .name = "disks",
    .summary = "Block devices: sysfs, SMART (smartctl), filesystems "
               "(libblkid)",
    .open = disks_open,
    .close = disks_close,
    .snapshot = disks_snapshot,
    .free_snapshot = disks_free_snapshot,
    .quick = 1,
};
