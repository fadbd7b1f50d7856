/* The RAID plugin: Linux MD arrays from /proc/mdstat and /sys/block/mdX/md. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "md-sysfs.h"
#include "md.h"
#include "mdadm-examine.h"
#include "mdstat.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

#define PROC_MDSTAT "/proc/mdstat"
/*
 * Name, events, creation and update time and the members' roles live only
 * in the members' superblocks (sysfs has none of them, and mdadm --detail
 * --export prints only the name), so they come from `mdadm --examine
 * /dev/MEMBER`, run by argv through the transport: for a running array on
 * one working member, for an inactive one on each member (their event
 * counts tell which is stale, their roles which slots are missing). A
 * read is kept SUPER_TTL seconds, so a refresh every 2 s runs mdadm once
 * per array every 30 s, not once per member per refresh; the events shown
 * may be that old.
 *
 * The form mdadm prints for people, not --export: --export has no
 * creation time and no role, and for 0.90 it prints the creation time as
 * MD_UPDATE_TIME (mdadm 4.2 to 4.6, super0.c). One run gives all of it,
 * so reading it costs no more runs than --export did; adding a second
 * run for the role would double them. Its times are ctime(3) text in the
 * time zone mdadm runs in: every transport runs programs with TZ=UTC0,
 * so they are read back with timegm() and mean the same for a remote host
 * in another zone.
 */
#define SUPER_TTL 30
#define SUPER_FORGET (10 * SUPER_TTL)
#define MDADM_TIMEOUT_MS 5000
/* All of one refresh's mdadm runs together: past this, what was read
 * before is kept and the rest waits for the next refresh, so members on
 * hung disks cannot hold a worker for members x 5 s. */
#define MDADM_BUDGET_MS 10000

/* One member's superblock as last read, or why it could not be. */
struct super_entry {
	char *member;          /* "sda1" */
	time_t when;
	struct md_super super; /* uuid NULL when the read failed */
	char *error;
};

struct raid_handle {
	struct transport *t;  /* the host's; not ours to free */
	struct super_entry *supers; /* worker thread only: one job at a time
				       per (host, plugin) */
	size_t super_count;
	long long super_until; /* this refresh's mdadm budget ends (ms) */
};

static void
super_entry_clear(struct super_entry *e)
{
	free(e->member);
	free(e->error);
	md_super_clear(&e->super);
}

static void
super_copy(struct md_super *to, const struct md_super *from)
{
	md_super_clear(to);
	*to = *from;
	to->level = from->level != NULL ? xstrdup(from->level) : NULL;
	to->uuid = from->uuid != NULL ? xstrdup(from->uuid) : NULL;
	to->name = from->name != NULL ? xstrdup(from->name) : NULL;
	to->role = from->role != NULL ? xstrdup(from->role) : NULL;
}

/* Run mdadm --examine on /dev/member into e. */
static void
super_read(struct raid_handle *h, struct super_entry *e)
{
	char prog[] = "mdadm", examine[] = "--examine";
	char *path = xasprintf("/dev/%s", e->member), *cause = NULL;
	char *argv[] = { prog, examine, path, NULL };
	struct run_result res;
	size_t n;

	md_super_clear(&e->super);
	free(e->error);
	e->error = NULL;
	memset(&res, 0, sizeof res);
	if (h->t->ops->run(h->t, argv, NULL, MDADM_TIMEOUT_MS, &res,
	    &cause) != 0)
		e->error = cause != NULL ? cause : xstrdup("did not run");
	else if (res.timed_out) {
		e->error = xasprintf("timed out after %d s",
		    MDADM_TIMEOUT_MS / 1000);
		free(cause);
	} else if (res.exit_status != 0) {
		n = res.err != NULL ? strcspn(res.err, "\n") : 0;
		e->error = xasprintf("exit %d%s%.*s", res.exit_status,
		    n > 0 ? ": " : "", (int)(n > 120 ? 120 : n),
		    res.err != NULL ? res.err : "");
		free(cause);
	} else if (mdadm_examine_parse(res.out, &e->super, &e->error) != 0)
		free(cause);
	else
		free(cause);
	run_result_free(&res);
	free(path);
}

/* member's superblock, read again when older than SUPER_TTL. Returns the
 * entry (owned by h). Only names md_name_valid() passed get here. */
static const struct super_entry *
raid_super(struct raid_handle *h, const char *member, time_t now)
{
	struct super_entry *e = NULL;
	size_t i;

	for (i = 0; i < h->super_count && e == NULL; i++) {
		if (strcmp(h->supers[i].member, member) == 0)
			e = &h->supers[i];
	}
	if (e == NULL) {
		h->supers = xreallocarray(h->supers, h->super_count + 1,
		    sizeof *h->supers);
		e = &h->supers[h->super_count++];
		memset(e, 0, sizeof *e);
		e->member = xstrdup(member);
		md_super_init(&e->super);
	} else if (now - e->when < SUPER_TTL && now >= e->when)
		return e;
	if (clock_now_ms() >= h->super_until) {
		if (e->when == 0 && e->error == NULL)
			e->error = xstrdup("not read yet: mdadm was slow, the "
			    "next refresh tries again");
		return e; /* what it was; read again next time */
	}
	super_read(h, e);
	e->when = now;
	return e;
}

/* Drop reads not refreshed for a long time (members gone). */
static void
raid_super_forget(struct raid_handle *h, time_t now)
{
	size_t i = 0;

	while (i < h->super_count) {
		if (now - h->supers[i].when <= SUPER_FORGET) {
			i++;
			continue;
		}
		super_entry_clear(&h->supers[i]);
		h->supers[i] = h->supers[--h->super_count];
	}
}

/* The member whose superblock speaks for a running array: the first
 * working one (members are sorted by slot), else any not faulty. */
static const struct md_member *
raid_super_member(const struct md_array *a)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (md_member_is_working(&a->members[i]))
			return &a->members[i];
	}
	for (i = 0; i < a->member_count; i++) {
		if (!(a->members[i].state & MD_MEMBER_FAULTY))
			return &a->members[i];
	}
	return NULL;
}

/* An inactive array: each member's superblock; the newest (most events)
 * speaks for the array: level, roles, uuid; the members' roles say which
 * slots are missing. The kernel's size of an inactive array is its
 * members' total, not the array's: unknown. */
static void
raid_inactive_supers(struct raid_handle *h, struct md_array *a, time_t now)
{
	const struct super_entry *e;
	struct md_member *m;
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		e = raid_super(h, m->name, now);
		if (e->super.uuid == NULL) {
			note_append(&a->error, "mdadm --examine /dev/%s: %s",
			    m->name, e->error != NULL ? e->error : "?");
			continue;
		}
		super_copy(&m->super, &e->super);
		if (a->super.uuid == NULL || e->super.events > a->super.events)
			super_copy(&a->super, &e->super);
	}
	a->size = -1;
	if (a->super.uuid == NULL)
		return;
	if (a->level == NULL && a->super.level != NULL)
		a->level = xstrdup(a->super.level);
	if (a->super.devices >= 0)
		a->raid_disks = a->super.devices;
	md_array_missing_from_supers(a);
}

/* Superblock facts for every array; mdadm's UUID wins over the one made
 * from sysfs (it is right on a big-endian 0.90 host too). */
static void
raid_supers(struct raid_handle *h, struct md_snapshot *snap)
{
	time_t now = time(NULL);
	const struct super_entry *e;
	const struct md_member *m;
	struct md_array *a;
	size_t i;

	h->super_until = clock_now_ms() + MDADM_BUDGET_MS;
	for (i = 0; i < snap->count; i++) {
		a = &snap->arrays[i];
		if (md_array_is_container(a) || a->container != NULL)
			continue;
		if (md_array_health(a) == MD_HEALTH_INACTIVE)
			raid_inactive_supers(h, a, now);
		else if ((m = raid_super_member(a)) != NULL) {
			e = raid_super(h, m->name, now);
			if (e->super.uuid != NULL)
				super_copy(&a->super, &e->super);
		}
		if (a->super.uuid != NULL) {
			free(a->uuid);
			a->uuid = xstrdup(a->super.uuid);
		}
	}
	raid_super_forget(h, now);
}


/* When /proc/mdstat cannot be read or does not parse: every assembled
 * array sysfs knows. Returns 0, or -1 with *cause when /sys/block cannot
 * be listed either. */
static int
raid_from_sysfs(struct raid_handle *h, struct md_snapshot *snap,
    char **cause)
{
	char **names = NULL;
	size_t count = 0, i;
	struct md_array *a;
	char *why = NULL;

	if (md_sysfs_list(h->t, &names, &count, cause) != 0)
		return -1;
	snap->arrays = xcalloc(count, sizeof *snap->arrays);
	for (i = 0; i < count; i++) {
		a = &snap->arrays[snap->count];
		md_array_init(a, names[i]);
		if (md_sysfs_read_array(h->t, a, &why) != 0 ||
		    a->array_state == NULL ||
		    strcmp(a->array_state, "clear") == 0) {
			md_array_clear(a);
			free(why);
			why = NULL;
			continue;
		}
		snap->count++;
	}
	string_list_free(names, count);
	return 0;
}

/* What became of /proc/mdstat. */
enum raid_mdstat {
	RAID_MDSTAT_UNREADABLE = -1, /* a failure of the transport */
	RAID_MDSTAT_PARSED = 0,
	RAID_MDSTAT_ABSENT,          /* no md driver: not a failure */
	RAID_MDSTAT_MALFORMED
};

/* Read and parse /proc/mdstat into snap; snap->error says why it is
 * absent or malformed, *cause why it was unreadable. */
static enum raid_mdstat
raid_read_mdstat(struct raid_handle *h, struct md_snapshot *snap,
    char **cause)
{
	char *data = NULL, *why = NULL;
	size_t len;
	int saved;

	if (h->t->ops->read_file(h->t, PROC_MDSTAT, &data, &len, &why) != 0) {
		saved = errno;
		if (saved != ENOENT) {
			set_cause(cause, "%s", why != NULL ? why :
			    strerror(saved));
			free(why);
			return RAID_MDSTAT_UNREADABLE;
		}
		free(why);
		snap->error = xstrdup("no " PROC_MDSTAT ": the md driver is "
		    "not loaded");
		return RAID_MDSTAT_ABSENT;
	}
	if (mdstat_parse(data, snap, &why) != 0) {
		snap->error = xasprintf(PROC_MDSTAT " %s; arrays are shown "
		    "from sysfs alone", why);
		free(why);
		free(data);
		return RAID_MDSTAT_MALFORMED;
	}
	free(data);
	return RAID_MDSTAT_PARSED;
}

/* Complete every array from sysfs; one that sysfs lacks says so. */
static void
raid_enrich(struct raid_handle *h, struct md_snapshot *snap)
{
	struct md_array *a;
	char *cause = NULL, *msg;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		a = &snap->arrays[i];
		if (md_sysfs_read_array(h->t, a, &cause) != 0) {
			msg = xasprintf("sysfs: %s", cause != NULL ? cause :
			    "unreadable");
			note_append(&a->error, "%s", msg);
			free(msg);
		}
		free(cause);
		cause = NULL;
	}
}

/* --- the descriptor ------------------------------------------------------ */

static void *
raid_open(const struct plugin_host *host, char **cause)
{
	struct raid_handle *h;

	if (host == NULL || host->abi != PLUGIN_ABI || host->transport == NULL) {
		set_cause(cause, "raid: host ABI %d, plugin ABI %d",
		    host != NULL ? host->abi : -1, PLUGIN_ABI);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->t = host->transport;
	return h;
}

static void
raid_close(void *handle)
{
	struct raid_handle *h = handle;
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->super_count; i++)
		super_entry_clear(&h->supers[i]);
	free(h->supers);
	free(h);
}

/* What a refresh reads (mdstat.c, md-sysfs.c), for a remote transport to
 * fetch in one round trip. */
static const char *const raid_pf_files[] = {
    PROC_MDSTAT, "/proc/sys/dev/raid/speed_limit_min",
    "/proc/sys/dev/raid/speed_limit_max", "/sys/block/md*/size",
    "/sys/block/md*/md/*", "/sys/block/md*/md/bitmap/*",
    "/sys/block/md*/md/dev-*/*", "/sys/block/md*/md/dev-*/block/partition",
    "/sys/block/md*/md/dev-*/block/dev", NULL,
};
static const char *const raid_pf_dirs[] = {
    "/sys/block", "/sys/block/md*/md", "/sys/block/md*/slaves", NULL,
};
/* (Not the links in /sys/class/block, one for every device and partition: a
 * member without dev-X/block, which md always makes, is read by itself.) */
static const char *const raid_pf_links[] = {
    "/sys/block/md*/md/rd*", "/sys/block/md*/md/dev-*/block", NULL,
};
static const struct transport_prefetch raid_prefetch = {
    .files = raid_pf_files,
    .dirs = raid_pf_dirs,
    .links = raid_pf_links,
};

static void *raid_snapshot_read(struct raid_handle *h, char **cause);

static void *
raid_snapshot(void *handle, int flags, struct job *job, char **cause)
{
	struct raid_handle *h = handle;
	void *snap;

	(void)flags;
	(void)job; /* its cancel token: programs see it (run_argv) */
	/* A remote host: every file of the refresh in one round trip. */
	transport_prefetch(h->t, &raid_prefetch);
	snap = raid_snapshot_read(h, cause);
	transport_prefetch_end(h->t);
	return snap;
}

static void *
raid_snapshot_read(struct raid_handle *h, char **cause)
{
	struct md_snapshot *snap = xcalloc(1, sizeof *snap);
	char *why = NULL, *sysfs_why = NULL;
	size_t i;

	snap->speed_limit_min = -1;
	snap->speed_limit_max = -1;
	switch (raid_read_mdstat(h, snap, &why)) {
	case RAID_MDSTAT_UNREADABLE:
		/* sysfs may still tell every array; say what is missing. */
		if (raid_from_sysfs(h, snap, &sysfs_why) != 0) {
			set_cause(cause, "%s; %s", why, sysfs_why);
			free(sysfs_why);
			free(why);
			md_snapshot_free(snap);
			return NULL;
		}
		snap->error = xasprintf("%s: could not be read (%s); arrays "
		    "are shown from sysfs alone", PROC_MDSTAT, why);
		free(why);
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	case RAID_MDSTAT_ABSENT:
		break;
	case RAID_MDSTAT_PARSED:
		raid_enrich(h, snap);
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	case RAID_MDSTAT_MALFORMED:
		if (raid_from_sysfs(h, snap, &sysfs_why) != 0) {
			note_append(&snap->error, "%s", sysfs_why);
			free(sysfs_why);
		}
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	}
	for (i = 0; i < snap->count; i++)
		md_array_sort_members(&snap->arrays[i]);
	raid_supers(h, snap);
	md_snapshot_sort(snap);
	snap->taken = time(NULL);
	return snap;
}

static void
raid_free_snapshot(void *snapshot)
{
	md_snapshot_free(snapshot);
}

extern const struct plugin_descriptor raid_plugin;
const struct plugin_descriptor raid_plugin = {
	.abi = PLUGIN_ABI,
	.model = MD_MODEL,
	.model_version = MD_MODEL_VERSION,
	.name = "raid",
	.summary = "Linux MD RAID arrays: /proc/mdstat and /sys/block/mdX/md",
	.open = raid_open,
	.close = raid_close,
	.snapshot = raid_snapshot,
	.free_snapshot = raid_free_snapshot,
};

/*
 * The name rackcon looks up in raid.so. Weak, so that the unit tests can
 * link every plugin into one program (where another plugin's strong
 * rackcon_plugin wins) and reach this one as raid_plugin.
 */
extern const struct plugin_descriptor rackcon_plugin
    __attribute__((weak, alias("raid_plugin")));
