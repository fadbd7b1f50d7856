/* Plans for the RAID commands: validate against an md_snapshot, build steps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-plan.h"
#include "md-plan.h"
#include "strutil.h"
#include "xmalloc.h"

#define MD_MDADM_FAIL_MASK (~0) /* mdadm: any non-zero exit is a failure */

/* --- names and lookups ------------------------------------------------- */

/* "/dev/sda3" -> "sda3": admins paste device paths. */
static const char *
md_plan_short(const char *name)
{
	if (name != NULL && strncmp(name, "/dev/", 5) == 0)
		return name + 5;
	return name;
}

/*
 * A plain kernel device name: lower-case letters, digits and inner dashes
 * (sdb1, nvme0n1p2, loop3, dm-3), starting with a letter. Anything else
 * could be an option to mdadm or a path somewhere else.
 */
static int
md_plan_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (!md_name_valid(name) || name[0] < 'a' || name[0] > 'z' ||
	    name[len - 1] == '-')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/* -1 with a cause when name (an array's or a member's, from the command
 * line or a snapshot) could not safely become /dev/NAME or a sysfs path. */
static int
md_plan_name_refuse(const char *name, const char *what, char **cause)
{
	char *shown;

	if (md_name_valid(name))
		return 0;
	shown = str_shown(name, MD_NAME_MAX);
	set_cause(cause, "'%s' is not a kernel device name, so it cannot be "
	    "%s (names are letters, digits, '_', '-', '.' and '+')", shown,
	    what);
	free(shown);
	return -1;
}

static int
md_plan_str_is(const char *s, const char *value)
{
	return s != NULL && strcmp(s, value) == 0;
}

/* The array called name, or NULL with a cause listing the known ones. */
static const struct md_array *
md_plan_find_array(const struct md_snapshot *snap, const char *name,
    char **cause)
{
	const struct md_array *a;
	struct buf known = {0};
	size_t i;

	name = md_plan_short(name);
	if (name == NULL || *name == '\0') {
		set_cause(cause, "no array given");
		return NULL;
	}
	if (md_plan_name_refuse(name, "an array", cause) != 0)
		return NULL;
	if ((a = md_snapshot_find(snap, name)) != NULL)
		return a;
	buf_addstr(&known, "");
	for (i = 0; snap != NULL && i < snap->count; i++)
		buf_printf(&known, "%s%s", i > 0 ? " " : "",
		    snap->arrays[i].name);
	if (known.len == 0)
		set_cause(cause, "no array called %s (no MD arrays are known)",
		    name);
	else
		set_cause(cause, "no array called %s (known: %s)", name,
		    known.data);
	buf_free(&known);
	return NULL;
}

/* The member of a called name, or NULL with a cause listing a's members. */
static const struct md_member *
md_plan_find_member(const struct md_array *a, const char *name, char **cause)
{
	const struct md_member *m;
	struct buf known = {0};
	size_t i;

	name = md_plan_short(name);
	if (name == NULL || *name == '\0') {
		set_cause(cause, "no member given");
		return NULL;
	}
	if (md_plan_name_refuse(name, "a member", cause) != 0)
		return NULL;
	if ((m = md_array_find_member(a, name)) != NULL)
		return m;
	buf_addstr(&known, "");
	for (i = 0; i < a->member_count; i++)
		buf_printf(&known, "%s%s", i > 0 ? " " : "",
		    a->members[i].name);
	if (known.len == 0)
		set_cause(cause, "%s has no member called %s (it has no "
		    "members)", a->name, name);
	else
		set_cause(cause, "%s has no member called %s (members: %s)",
		    a->name, name, known.data);
	buf_free(&known);
	return NULL;
}

/* Find both, or NULL with a cause. */
static const struct md_member *
md_plan_find(const struct md_snapshot *snap, const char *array,
    const char *member, const struct md_array **a, char **cause)
{
	if ((*a = md_plan_find_array(snap, array, cause)) == NULL)
		return NULL;
	return md_plan_find_member(*a, member, cause);
}

/* The whole disk holding m ("sda" for sda3). Caller frees. */
static char *
md_plan_member_disk(const struct md_member *m)
{
	return m->disk != NULL ? xstrdup(m->disk) : md_disk_from_name(m->name);
}

/* --- what an array and a member are doing ------------------------------ */

/* raid0 and linear: no redundancy, nothing to rebuild or compare. */
static int
md_plan_striped(const struct md_array *a)
{
	return md_plan_str_is(a->level, "raid0") ||
	    md_plan_str_is(a->level, "linear");
}

/* The levels a check can compare: mirrors and parity. */
static int
md_plan_mirrored(const struct md_array *a)
{
	return md_plan_str_is(a->level, "raid1") ||
	    md_plan_str_is(a->level, "raid10");
}

static int
md_plan_parity(const struct md_array *a)
{
	return md_plan_str_is(a->level, "raid4") ||
	    md_plan_str_is(a->level, "raid5") ||
	    md_plan_str_is(a->level, "raid6");
}

/* Assembled but not running; a container is inactive by nature. */
static int
md_plan_inactive(const struct md_array *a)
{
	if (md_array_is_container(a))
		return 0;
	return a->inactive || md_plan_str_is(a->array_state, "inactive");
}

/* The container a member array lives in ("md127"), or NULL. Fresh. */
static char *
md_plan_container_of(const struct md_array *a)
{
	if (a->container != NULL)
		return xstrdup(a->container);
	return md_container_from_metadata(a->metadata);
}

/* "raid1, 2 members", "raid5, degraded", "raid0, no redundancy". Fresh. */
static char *
md_plan_array_text(const struct md_array *a)
{
	const char *level = a->level;
	int n = a->raid_disks >= 0 ? a->raid_disks : (int)a->member_count;

	if (level == NULL)
		level = md_plan_inactive(a) ? "inactive" : "level unknown";
	if (md_plan_striped(a))
		return xasprintf("%s, no redundancy", level);
	if (md_array_is_degraded(a))
		return xasprintf("%s, degraded", level);
	return xasprintf("%s, %d member%s", level, n, n == 1 ? "" : "s");
}

/*
 * The sync action running on a: "resync", "recovery", "check", "repair",
 * "reshape", or NULL. sysfs wins; without it, mdstat's progress line
 * (which also shows a resync waiting: DELAYED, PENDING).
 */
static const char *
md_plan_running(const struct md_array *a)
{
	const char *s = a->sync_action;

	if (s == NULL)
		return a->progress.action;
	if (strcmp(s, "recover") == 0)
		return "recovery";
	if (strcmp(s, "idle") == 0 || strcmp(s, "frozen") == 0)
		return NULL;
	return s;
}

static int
md_plan_scrubbing(const char *action)
{
	return md_plan_str_is(action, "check") ||
	    md_plan_str_is(action, "repair");
}

/* " (8.5% done, about 17 min left)", " (delayed)", " (pending)" or "". */
static char *
md_plan_progress_text(const struct md_array *a)
{
	const struct md_progress *p = &a->progress;
	double pct = p->percent;

	if (p->delayed)
		return xstrdup(" (delayed)");
	if (p->pending)
		return xstrdup(" (pending)");
	if (pct < 0 && a->sync_completed >= 0 && a->sync_total > 0)
		pct = 100.0 * (double)a->sync_completed /
		    (double)a->sync_total;
	if (pct < 0)
		return xstrdup("");
	if (p->finish >= 1)
		return xasprintf(" (%.1f%% done, about %.0f min left)", pct,
		    p->finish);
	if (p->finish >= 0)
		return xasprintf(" (%.1f%% done, under a minute left)", pct);
	return xasprintf(" (%.1f%% done)", pct);
}

/*
 * Does m hold data the array needs? Not faulty, spare or journal, and in
 * sync - or known from mdstat alone, which flags only faulty, spare and
 * the like, so an unflagged member counts as holding data.
 */
static int
md_plan_holds_data(const struct md_member *m)
{
	if (m->state & (MD_MEMBER_FAULTY | MD_MEMBER_SPARE | MD_MEMBER_JOURNAL))
		return 0;
	return (m->state & MD_MEMBER_IN_SYNC) != 0 || m->state_text == NULL;
}

/* Still active in the array: anything but a faulty member or a spare
 * waiting without a role. */
static int
md_plan_active(const struct md_member *m)
{
	if (m->state & MD_MEMBER_FAULTY)
		return 0;
	return (m->state & MD_MEMBER_SPARE) == 0 || m->slot >= 0;
}

/* The member's state words for a message; "active" when mdstat showed no
 * flag. Fresh. */
static char *
md_plan_state_text(const struct md_member *m)
{
	if (m->state == 0)
		return xstrdup("active");
	return md_member_state_text(m->state);
}

/* The first spare waiting in a (no role, not faulty), or NULL. */
static const struct md_member *
md_plan_waiting_spare(const struct md_array *a)
{
	const struct md_member *m;
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		if ((m->state & MD_MEMBER_SPARE) && m->slot < 0 &&
		    (m->state & MD_MEMBER_FAULTY) == 0)
			return m;
	}
	return NULL;
}

/* --- refusals shared by several commands ------------------------------- */

/* -1 with "md0 is inactive (assembled but not running): <what>". */
static int
md_plan_inactive_refuse(const struct md_array *a, const char *what,
    char **cause)
{
	if (!md_plan_inactive(a))
		return 0;
	set_cause(cause, "%s is inactive (assembled but not running): %s",
	    a->name, what);
	return -1;
}

/* -1 with a cause when taking m out of a would lose data: m holds data and
 * a has no redundancy left. verb: "failing", "resyncing". */
static int
md_plan_redundancy_refuse(const struct md_array *a, const struct md_member *m,
    const char *verb, char **cause)
{
	char *text;

	if (!md_plan_holds_data(m) || md_array_redundancy_left(a) > 0)
		return 0;
	text = md_plan_array_text(a);
	set_cause(cause, "%s %s would take %s (%s) below what it needs: data "
	    "would be lost; refused", verb, m->name, a->name, text);
	free(text);
	return -1;
}

/* -1 with a cause when a sync action runs on a or sync is frozen. */
static int
md_plan_busy_refuse(const struct md_array *a, char **cause)
{
	const char *run = md_plan_running(a);
	char *progress;

	if (md_plan_str_is(a->sync_action, "frozen")) {
		set_cause(cause, "sync on %s is frozen (mdadm or an admin "
		    "wrote frozen to sync_action): wait until it is idle",
		    a->name);
		return -1;
	}
	if (run == NULL)
		return 0;
	progress = md_plan_progress_text(a);
	if (md_plan_scrubbing(run))
		set_cause(cause, "%s is running a %s%s: stop it first (md-idle "
		    "%s)", a->name, run, progress, a->name);
	else
		set_cause(cause, "%s is busy with a %s%s: wait for it to "
		    "finish", a->name, run, progress);
	free(progress);
	return -1;
}

/* --- steps ------------------------------------------------------------- */

/* A STEP_RUN of words (NULL-terminated) acting on target. */
static void
md_plan_run(struct change_plan *p, const char *target,
    const char *const *words, const char *note)
{
	char **argv = NULL;
	size_t n = 0;

	for (; *words != NULL; words++)
		strv_push(&argv, &n, *words);
	argv = xreallocarray(argv, n + 1, sizeof *argv);
	argv[n] = NULL;
	change_plan_add_run(p, target, argv, MD_MDADM_FAIL_MASK, note);
	string_list_free(argv, n);
}

/* mdadm /dev/ARRAY OPTION /dev/MEMBER */
static void
md_plan_mdadm(struct change_plan *p, const char *array, const char *option,
    const char *member, const char *note)
{
	char *adev = xasprintf("/dev/%s", array);
	char *mdev = xasprintf("/dev/%s", member);
	const char *words[] = { "mdadm", adev, option, mdev, NULL };

	md_plan_run(p, member, words, note);
	free(mdev);
	free(adev);
}

static void
md_plan_zero_superblock(struct change_plan *p, const char *member,
    const char *note)
{
	char *mdev = xasprintf("/dev/%s", member);
	const char *words[] = { "mdadm", "--zero-superblock", mdev, NULL };

	md_plan_run(p, member, words, note);
	free(mdev);
}

/* A plan of one command on a member: command line, summary, one step. */
static void
md_plan_member_op(struct change_plan *p, const char *command,
    const struct md_array *a, const char *option, const char *member,
    const char *summary)
{
	char *line = xasprintf("%s %s %s", command, a->name, member);

	change_plan_init(p, line, summary);
	md_plan_mdadm(p, a->name, option, member, NULL);
	free(line);
}

/* Hand the plan over: every RAID command needs confirmation. */
static void
md_plan_done(struct change_plan *p, int stop_on_error,
    struct change_plan *plan)
{
	p->destructive = 1;
	p->stop_on_error = stop_on_error;
	*plan = *p;
}

/* --- md-fail ----------------------------------------------------------- */

static int
md_plan_fail_refuse(const struct md_array *a, const struct md_member *m,
    char **cause)
{
	if (md_array_is_container(a)) {
		set_cause(cause, "%s is an external-metadata container: fail "
		    "%s in the array built on it", a->name, m->name);
		return -1;
	}
	if (md_plan_inactive_refuse(a, "its members cannot be failed",
	    cause) != 0)
		return -1;
	if (m->state & MD_MEMBER_FAULTY) {
		set_cause(cause, "%s is already faulty in %s: remove it with "
		    "md-remove %s %s", m->name, a->name, a->name, m->name);
		return -1;
	}
	if (m->state & MD_MEMBER_JOURNAL) {
		set_cause(cause, "%s is the write journal of %s: failing it "
		    "forces %s read-only; refused", m->name, a->name, a->name);
		return -1;
	}
	return md_plan_redundancy_refuse(a, m, "failing", cause);
}

/* What failing a member that holds data leaves behind. */
static char *
md_plan_fail_warning(const struct md_array *a, const struct md_member *m)
{
	const struct md_member *spare = md_plan_waiting_spare(a);
	int left = md_array_redundancy_left(a) - 1;
	char *first, *then, *warning;

	if (spare != NULL)
		first = xasprintf("%s starts rebuilding onto spare %s at once.",
		    a->name, spare->name);
	else
		first = xasprintf("%s runs degraded until a replacement for %s "
		    "is added and rebuilt.", a->name, m->name);
	if (left <= 0)
		then = xstrdup("Until then one more failure loses data.");
	else
		then = xasprintf("Until then it survives %d more failure%s.",
		    left, left == 1 ? "" : "s");
	warning = xasprintf("%s %s", first, then);
	free(then);
	free(first);
	return warning;
}

static char *
md_plan_fail_summary(const struct md_array *a, const struct md_member *m)
{
	char *text = md_plan_array_text(a), *summary;

	if (md_member_is_rebuilding(m))
		summary = xasprintf("Mark %s faulty in %s (%s), stopping the "
		    "recovery onto it", m->name, a->name, text);
	else if (!md_plan_holds_data(m) && (m->state & MD_MEMBER_SPARE))
		summary = xasprintf("Mark spare %s faulty in %s (%s)", m->name,
		    a->name, text);
	else
		summary = xasprintf("Mark %s faulty in %s (%s)", m->name,
		    a->name, text);
	free(text);
	return summary;
}

int
md_plan_fail(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause)
{
	const struct md_array *a;
	const struct md_member *m;
	struct change_plan p;
	char *summary;

	if ((m = md_plan_find(snap, array, member, &a, cause)) == NULL)
		return -1;
	if (md_plan_fail_refuse(a, m, cause) != 0)
		return -1;
	summary = md_plan_fail_summary(a, m);
	md_plan_member_op(&p, "md-fail", a, "--fail", m->name, summary);
	free(summary);
	if (md_plan_holds_data(m))
		p.warning = md_plan_fail_warning(a, m);
	md_plan_done(&p, 1, plan);
	return 0;
}

/* --- md-remove --------------------------------------------------------- */

int
md_plan_remove(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause)
{
	const struct md_array *a;
	const struct md_member *m;
	struct change_plan p;
	char *summary, *text;

	if ((m = md_plan_find(snap, array, member, &a, cause)) == NULL)
		return -1;
	if (md_plan_active(m)) {
		set_cause(cause, "%s is still active in %s: fail it first "
		    "(md-fail %s %s)", m->name, a->name, a->name, m->name);
		return -1;
	}
	text = md_plan_array_text(a);
	summary = xasprintf("Remove %s %s from %s (%s)",
	    (m->state & MD_MEMBER_FAULTY) ? "faulty" : "spare", m->name,
	    a->name, text);
	md_plan_member_op(&p, "md-remove", a, "--remove", m->name, summary);
	free(summary);
	free(text);
	md_plan_done(&p, 1, plan);
	return 0;
}

/* --- md-add, md-re-add ------------------------------------------------- */

/* -1 with a cause when name is member m of a, or overlaps it: the disk
 * holding a partition member, or a partition of a whole-disk member. */
static int
md_plan_overlap_one(const struct md_array *a, const struct md_member *m,
    const char *name, const char *disk, char **cause)
{
	char *mdisk = md_plan_member_disk(m);
	int holds = strcmp(mdisk, name) == 0;

	free(mdisk);
	if (strcmp(m->name, name) == 0)
		set_cause(cause, "%s is already a member of %s", name, a->name);
	else if (holds)
		set_cause(cause, "%s holds %s, a member of %s", name, m->name,
		    a->name);
	else if (strcmp(m->name, disk) == 0)
		set_cause(cause, "%s is on %s, a member of %s", name, m->name,
		    a->name);
	else
		return 0;
	return -1;
}

static int
md_plan_overlap_refuse(const struct md_array *a, const char *name,
    const char *disk, char **cause)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (md_plan_overlap_one(a, &a->members[i], name, disk,
		    cause) != 0)
			return -1;
	}
	return 0;
}

/* -1 with a cause when name is already in a, or used by any array. */
static int
md_plan_member_refuse(const struct md_snapshot *snap,
    const struct md_array *a, const char *name, char **cause)
{
	const struct md_member *m = md_array_find_member(a, name);
	char *state, *disk;
	size_t i;
	int rc = 0;

	if (strcmp(name, a->name) == 0) {
		set_cause(cause, "%s cannot be a member of itself", name);
		return -1;
	}
	if (m != NULL && (m->state & MD_MEMBER_FAULTY)) {
		set_cause(cause, "%s is still in %s as a faulty member: remove "
		    "it first (md-remove %s %s)", name, a->name, a->name, name);
		return -1;
	}
	if (m != NULL) {
		state = md_plan_state_text(m);
		set_cause(cause, "%s is already in %s (%s)", name, a->name,
		    state);
		free(state);
		return -1;
	}
	disk = md_disk_from_name(name);
	for (i = 0; i < snap->count && rc == 0; i++)
		rc = md_plan_overlap_refuse(&snap->arrays[i], name, disk,
		    cause);
	free(disk);
	return rc;
}

/* -1 with a cause when a cannot take a new member. */
static int
md_plan_array_add_refuse(const struct md_array *a, const char *name,
    char **cause)
{
	char *container = md_plan_container_of(a);

	if (container != NULL) {
		set_cause(cause, "%s is a member array of container %s: add "
		    "the device to the container instead (md-add %s %s)",
		    a->name, container, container, name);
		free(container);
		return -1;
	}
	if (md_plan_striped(a)) {
		set_cause(cause, "%s is %s: it has no redundancy, so it can "
		    "take neither a spare nor a rebuilt member", a->name,
		    a->level);
		return -1;
	}
	if (md_plan_inactive_refuse(a, "members cannot be added", cause) != 0)
		return -1;
	if (!md_array_is_container(a) &&
	    md_array_health(a) == MD_HEALTH_FAILED) {
		set_cause(cause, "%s (%s) has lost more members than it "
		    "survives: nothing can be rebuilt onto %s", a->name,
		    a->level != NULL ? a->level : "level unknown", name);
		return -1;
	}
	return 0;
}

/* --- what the Disks panel knows about the device ------------------------ */

/* The device called name in the Disks snapshot: a disk (*part NULL, or its
 * whole-disk filesystem) or a partition of *disk. 0, or -1 when unknown. */
static int
md_plan_disks_find(const struct disk_snapshot *disks, const char *name,
    const struct disk **disk, const struct partition **part)
{
	const struct disk *d;
	size_t i, j;

	for (i = 0; disks != NULL && i < disks->count; i++) {
		d = &disks->disks[i];
		if (strcmp(d->name, name) == 0) {
			*disk = d;
			*part = NULL;
			return 0;
		}
		for (j = 0; j < d->partition_count; j++) {
			if (strcmp(d->partitions[j].name, name) == 0) {
				*disk = d;
				*part = &d->partitions[j];
				return 0;
			}
		}
	}
	return -1;
}

/* "31.0 MiB", "1.8 TiB": sizes in a refusal. Fresh string. */
static char *
md_plan_size_text(long long bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB" };
	double v = (double)bytes / 1024;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024;
		u++;
	}
	return xasprintf("%.1f %s", v, units[u]);
}

/* Mounted (or active swap): the first mount point, whole disk or any of
 * its partitions when name is a whole disk. */
static int
md_plan_mounted_refuse(const char *name, const struct disk *d,
    const struct partition *part, char **cause)
{
	const char *at = NULL, *on = name;
	size_t i;

	if (part != NULL)
		at = part->mountpoint;
	else if (d->whole.mountpoint != NULL)
		at = d->whole.mountpoint;
	for (i = 0; part == NULL && at == NULL && i < d->partition_count; i++) {
		at = d->partitions[i].mountpoint;
		on = d->partitions[i].name;
	}
	if (at == NULL)
		return 0;
	if (strcmp(on, name) == 0)
		set_cause(cause, "%s is mounted on %s%s: adding it would "
		    "overwrite a filesystem in use", name, at,
		    strcmp(at, "/") == 0 ? " (the root filesystem)" : "");
	else
		set_cause(cause, "%s holds %s, mounted on %s%s: adding it "
		    "would overwrite a filesystem in use", name, on, at,
		    strcmp(at, "/") == 0 ? " (the root filesystem)" : "");
	return -1;
}

/* Used by an array the MD snapshot does not list (inactive, or in another
 * panel's view): the Disks panel's holders. */
static int
md_plan_holder_refuse(const struct md_array *a, const char *name,
    const struct disk *d, const struct partition *part, char **cause)
{
	const char *md = part != NULL ? part->md : d->md;

	if (md == NULL || *md == '\0')
		return 0;
	if (part == NULL && d->partition_count > 0)
		set_cause(cause, "%s holds a member of %s", name, md);
	else
		set_cause(cause, "%s is already used by %s%s", name, md,
		    strcmp(md, a->name) == 0 ? "" : ", another array");
	return -1;
}

static int
md_plan_size_refuse(const struct md_array *a, const char *name,
    long long size, char **cause)
{
	char *have, *need;

	if (size < 0 || a->component_size <= 0 || size >= a->component_size)
		return 0;
	have = md_plan_size_text(size);
	need = md_plan_size_text(a->component_size);
	set_cause(cause, "%s is too small for %s: %s, and each member needs "
	    "at least %s", name, a->name, have, need);
	free(have);
	free(need);
	return -1;
}

/*
 * What the Disks snapshot says: the device exists, is not an array, not
 * used by one, not mounted, not a disk with partitions, and large enough.
 */
static int
md_plan_disks_refuse(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const struct md_array *a,
    const char *name, char **cause)
{
	const struct disk *d;
	const struct partition *part;

	if (md_snapshot_find(snap, name) != NULL) {
		set_cause(cause, "%s is an MD array, not a disk or partition: "
		    "rackcon does not nest arrays", name);
		return -1;
	}
	if (disks == NULL) {
		set_cause(cause, "cannot check %s yet: the Disks panel has no "
		    "data (its size, mounts and arrays are unknown)", name);
		return -1;
	}
	if (md_plan_disks_find(disks, name, &d, &part) != 0) {
		set_cause(cause, "there is no device called %s on this machine",
		    name);
		return -1;
	}
	if (part == NULL && strncmp(name, "md", 2) == 0 && name[2] != '\0' &&
	    strspn(name + 2, "0123456789") == strlen(name + 2)) {
		set_cause(cause, "%s is an MD array, not a disk or partition: "
		    "rackcon does not nest arrays", name);
		return -1;
	}
	if (md_plan_holder_refuse(a, name, d, part, cause) != 0 ||
	    md_plan_mounted_refuse(name, d, part, cause) != 0)
		return -1;
	if (part == NULL && d->partition_count > 0) {
		set_cause(cause, "%s has partitions (%s%s): add a partition, "
		    "or remove the partition table first", name,
		    d->partitions[0].name, d->partition_count > 1 ? ", ..." :
		    "");
		return -1;
	}
	return md_plan_size_refuse(a, name, part != NULL ? part->size :
	    d->size, cause);
}

static int
md_plan_add_refuse(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const struct md_array *a,
    const char *name, char **cause)
{
	if (name == NULL || *name == '\0') {
		set_cause(cause, "no member given");
		return -1;
	}
	if (!md_plan_name_ok(name)) {
		set_cause(cause, "'%s' is not a kernel device name (such as "
		    "sdb1, nvme0n1p2 or loop3)", name);
		return -1;
	}
	if (md_plan_array_add_refuse(a, name, cause) != 0 ||
	    md_plan_member_refuse(snap, a, name, cause) != 0)
		return -1;
	return md_plan_disks_refuse(snap, disks, a, name, cause);
}

/* Two members on one disk: one disk failure costs two roles. */
static char *
md_plan_same_disk_warning(const struct md_array *a, const char *name)
{
	char *disk = md_disk_from_name(name), *mdisk, *warning = NULL;
	const struct md_member *m;
	size_t i;

	for (i = 0; i < a->member_count && warning == NULL; i++) {
		m = &a->members[i];
		if (m->state & MD_MEMBER_FAULTY)
			continue;
		mdisk = md_plan_member_disk(m);
		if (strcmp(mdisk, disk) == 0)
			warning = xasprintf("%s and %s are both on %s: when %s "
			    "fails, %s loses both.", m->name, name, disk, disk,
			    a->name);
		free(mdisk);
	}
	free(disk);
	return warning;
}

static char *
md_plan_add_summary(const struct md_array *a, const char *name)
{
	const char *run;
	char *text, *summary;

	if (md_array_is_container(a))
		return xasprintf("Add %s to container %s as a spare for its "
		    "arrays", name, a->name);
	text = md_plan_array_text(a);
	run = md_plan_running(a);
	if (md_array_is_degraded(a) && run == NULL)
		summary = xasprintf("Add %s to %s (%s); recovery onto it "
		    "starts at once", name, a->name, text);
	else if (md_array_is_degraded(a))
		summary = xasprintf("Add %s to %s (%s) as a spare; the %s "
		    "running now goes first", name, a->name, text, run);
	else
		summary = xasprintf("Add %s to %s (%s) as a spare", name,
		    a->name, text);
	free(text);
	return summary;
}

static char *
md_plan_re_add_summary(const struct md_array *a, const char *name)
{
	char *text = md_plan_array_text(a), *bitmap, *summary;

	bitmap = a->bitmap != NULL ? xasprintf("it has: %s", a->bitmap) :
	    xstrdup("none is known");
	summary = xasprintf("Re-add %s to %s (%s); this works when %s has a "
	    "write-intent bitmap (%s) or %s left it recently, else mdadm "
	    "refuses and suggests md-add", name, a->name, text, a->name,
	    bitmap, name);
	free(bitmap);
	free(text);
	return summary;
}

/* md-add and md-re-add: the same checks, another option and summary. */
static int
md_plan_add_any(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    int re_add, struct change_plan *plan, char **cause)
{
	const struct md_array *a;
	const char *name = md_plan_short(member);
	struct change_plan p;
	char *summary;

	if ((a = md_plan_find_array(snap, array, cause)) == NULL)
		return -1;
	if (re_add && md_array_is_container(a)) {
		set_cause(cause, "re-add does not apply to container %s: use "
		    "md-add %s %s", a->name, a->name, name != NULL ? name : "");
		return -1;
	}
	if (md_plan_add_refuse(snap, disks, a, name, cause) != 0)
		return -1;
	summary = re_add ? md_plan_re_add_summary(a, name) :
	    md_plan_add_summary(a, name);
	md_plan_member_op(&p, re_add ? "md-re-add" : "md-add", a,
	    re_add ? "--re-add" : "--add", name, summary);
	free(summary);
	p.warning = md_plan_same_disk_warning(a, name);
	md_plan_done(&p, 1, plan);
	return 0;
}

int
md_plan_add(const struct md_snapshot *snap, const struct disk_snapshot *disks,
    const char *array, const char *member, struct change_plan *plan,
    char **cause)
{
	return md_plan_add_any(snap, disks, array, member, 0, plan, cause);
}

int
md_plan_re_add(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    struct change_plan *plan, char **cause)
{
	return md_plan_add_any(snap, disks, array, member, 1, plan, cause);
}

int
md_plan_add_check(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    char **cause)
{
	const struct md_array *a;

	if ((a = md_plan_find_array(snap, array, cause)) == NULL)
		return -1;
	return md_plan_add_refuse(snap, disks, a, md_plan_short(member),
	    cause);
}

/* --- md-resync-member -------------------------------------------------- */

static int
md_plan_resync_refuse(const struct md_array *a, const struct md_member *m,
    char **cause)
{
	char *container = md_plan_container_of(a), *state;
	int external = container != NULL || md_array_is_container(a);

	free(container);
	if (external) {
		set_cause(cause, "%s uses external metadata: wiping the "
		    "superblock of %s would destroy the container's metadata; "
		    "refused", a->name, m->name);
		return -1;
	}
	if (md_plan_inactive_refuse(a, "its members cannot be resynced",
	    cause) != 0)
		return -1;
	if (!md_plan_holds_data(m)) {
		state = md_plan_state_text(m);
		set_cause(cause, "%s is not a working member of %s (it is %s): "
		    "only a working member can be resynced", m->name, a->name,
		    state);
		free(state);
		return -1;
	}
	if (md_plan_redundancy_refuse(a, m, "resyncing", cause) != 0)
		return -1;
	return md_plan_busy_refuse(a, cause);
}

/* The window in which the array runs on less than it had. */
static char *
md_plan_resync_warning(const struct md_array *a, const struct md_member *m)
{
	int left = md_array_redundancy_left(a) - 1;
	char *tail, *warning;

	if (left <= 0)
		tail = xstrdup("a second failure in that window loses data");
	else
		tail = xasprintf("it survives only %d more failure%s in that "
		    "window", left, left == 1 ? "" : "s");
	warning = xasprintf("%s runs degraded from the fail until the recovery "
	    "onto %s finishes, reading every other member in full: %s.",
	    a->name, m->name, tail);
	free(tail);
	return warning;
}

static void
md_plan_resync_steps(struct change_plan *p, const struct md_array *a,
    const char *name)
{
	md_plan_mdadm(p, a->name, "--fail", name, "take it out of the array");
	md_plan_mdadm(p, a->name, "--remove", name, "detach it");
	md_plan_zero_superblock(p, name, "forget its membership, so the add "
	    "is a full recovery, not a bitmap re-add");
	md_plan_mdadm(p, a->name, "--add", name, "MD rewrites every block; "
	    "the drive remaps bad sectors as they are written");
}

int
md_plan_resync_member(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause)
{
	const struct md_array *a;
	const struct md_member *m;
	struct change_plan p;
	char *command, *summary, *text;

	if ((m = md_plan_find(snap, array, member, &a, cause)) == NULL)
		return -1;
	if (md_plan_resync_refuse(a, m, cause) != 0)
		return -1;
	command = xasprintf("md-resync-member %s %s", a->name, m->name);
	text = md_plan_array_text(a);
	summary = xasprintf("Rebuild %s in %s (%s) from the other members: "
	    "fail, remove, wipe its MD superblock and add it back, so MD "
	    "rewrites every block of it", m->name, a->name, text);
	change_plan_init(&p, command, summary);
	md_plan_resync_steps(&p, a, m->name);
	p.warning = md_plan_resync_warning(a, m);
	md_plan_done(&p, 1, plan);
	free(text);
	free(summary);
	free(command);
	return 0;
}

/* --- md-check, md-repair, md-idle -------------------------------------- */

static int
md_plan_scrub_refuse(const struct md_array *a, const char *action,
    char **cause)
{
	const char *run = md_plan_running(a);
	char *progress;

	if (md_plan_inactive_refuse(a, "there is nothing to compare",
	    cause) != 0)
		return -1;
	if (!md_plan_mirrored(a) && !md_plan_parity(a)) {
		set_cause(cause, "%s is %s: no redundancy to compare", a->name,
		    a->level != NULL ? a->level : "of unknown level");
		return -1;
	}
	if (md_array_is_degraded(a)) {
		set_cause(cause, "%s is degraded: a %s needs every member; add "
		    "one (md-add %s DEVICE) and let it recover first", a->name,
		    action, a->name);
		return -1;
	}
	if (md_plan_str_is(run, action)) {
		progress = md_plan_progress_text(a);
		set_cause(cause, "a %s of %s is already running%s", action,
		    a->name, progress);
		free(progress);
		return -1;
	}
	return md_plan_busy_refuse(a, cause);
}

static char *
md_plan_scrub_summary(const struct md_array *a, const char *action)
{
	char *text = md_plan_array_text(a), *summary;

	if (strcmp(action, "check") == 0)
		summary = xasprintf("Start a consistency check of %s (%s); "
		    "mismatches are counted in mismatch_cnt, nothing is "
		    "rewritten", a->name, text);
	else
		summary = xasprintf("Start a repair of %s (%s); %s", a->name,
		    text, md_plan_mirrored(a) ? "mismatches are rewritten from "
		    "the first copy" : "mismatched parity is recomputed from "
		    "the data");
	free(text);
	return summary;
}

/* A repair picks a winner without knowing which side is right. */
static char *
md_plan_repair_warning(const struct md_array *a)
{
	return xasprintf("A repair cannot tell which side is right: %s. Run "
	    "md-check %s first and read mismatch_cnt.", md_plan_mirrored(a) ?
	    "where copies differ, the first copy wins" : "where data and "
	    "parity disagree, the parity is rewritten", a->name);
}

static void
md_plan_sync_write(struct change_plan *p, const struct md_array *a,
    const char *action)
{
	char *path = xasprintf("/sys/block/%s/md/sync_action", a->name);

	change_plan_add_write(p, a->name, path, action, NULL);
	free(path);
}

static int
md_plan_scrub(const struct md_array *a, const char *action,
    struct change_plan *plan, char **cause)
{
	struct change_plan p;
	char *command, *summary;

	if (md_plan_scrub_refuse(a, action, cause) != 0)
		return -1;
	command = xasprintf("md-%s %s", action, a->name);
	summary = md_plan_scrub_summary(a, action);
	change_plan_init(&p, command, summary);
	md_plan_sync_write(&p, a, action);
	if (strcmp(action, "repair") == 0)
		p.warning = md_plan_repair_warning(a);
	md_plan_done(&p, 1, plan);
	free(summary);
	free(command);
	return 0;
}

/* md-idle stops a scrub, or a resync (md resumes it); never what restores
 * redundancy or the layout. */
static int
md_plan_idle_refuse(const struct md_array *a, const char *run, char **cause)
{
	if (run == NULL) {
		set_cause(cause, "nothing to stop: %s is %s", a->name,
		    md_plan_inactive(a) ? "inactive" : a->sync_action != NULL ?
		    a->sync_action : "idle");
		return -1;
	}
	if (strcmp(run, "recovery") == 0) {
		set_cause(cause, "stopping the recovery of %s leaves it "
		    "degraded: refused", a->name);
		return -1;
	}
	if (strcmp(run, "reshape") == 0) {
		set_cause(cause, "stopping the reshape of %s leaves it between "
		    "two layouts: refused", a->name);
		return -1;
	}
	if (!md_plan_scrubbing(run) && strcmp(run, "resync") != 0) {
		set_cause(cause, "md-idle stops a check, a repair or a resync, "
		    "not a %s: refused", run);
		return -1;
	}
	return 0;
}

static int
md_plan_idle(const struct md_array *a, struct change_plan *plan,
    char **cause)
{
	const char *run = md_plan_running(a);
	struct change_plan p;
	char *command, *summary, *progress;

	if (md_plan_idle_refuse(a, run, cause) != 0)
		return -1;
	command = xasprintf("md-idle %s", a->name);
	progress = md_plan_progress_text(a);
	if (strcmp(run, "resync") == 0)
		summary = xasprintf("Stop the resync of %s%s; a resync may be "
		    "stopped: md resumes it later from where it stopped",
		    a->name, progress);
	else
		summary = xasprintf("Stop the %s of %s%s", run, a->name,
		    progress);
	change_plan_init(&p, command, summary);
	md_plan_sync_write(&p, a, "idle");
	md_plan_done(&p, 1, plan);
	free(progress);
	free(summary);
	free(command);
	return 0;
}

int
md_plan_sync_action(const struct md_snapshot *snap, const char *array,
    const char *action, struct change_plan *plan, char **cause)
{
	const struct md_array *a;

	if (action == NULL || *action == '\0') {
		set_cause(cause, "no sync action given");
		return -1;
	}
	if (!md_plan_scrubbing(action) && strcmp(action, "idle") != 0) {
		set_cause(cause, "sync action must be check, repair or idle, "
		    "not %s", action);
		return -1;
	}
	if ((a = md_plan_find_array(snap, array, cause)) == NULL)
		return -1;
	if (md_array_is_container(a)) {
		set_cause(cause, "%s is an external-metadata container: run "
		    "md-%s on the arrays built on it", a->name, action);
		return -1;
	}
	if (strcmp(action, "idle") == 0)
		return md_plan_idle(a, plan, cause);
	return md_plan_scrub(a, action, plan, cause);
}

/* --- md-speed-limit ---------------------------------------------------- */

static int
md_plan_speed_refuse(int min, int max, char **cause)
{
	if (min < 1 || min > MD_SPEED_LIMIT_MAX) {
		set_cause(cause, "the minimum speed must be 1..%d KB/s, not %d",
		    MD_SPEED_LIMIT_MAX, min);
		return -1;
	}
	if (max < 1 || max > MD_SPEED_LIMIT_MAX) {
		set_cause(cause, "the maximum speed must be 1..%d KB/s, not %d",
		    MD_SPEED_LIMIT_MAX, max);
		return -1;
	}
	if (min > max) {
		set_cause(cause, "the minimum speed (%d KB/s) must not be "
		    "above the maximum (%d KB/s)", min, max);
		return -1;
	}
	return 0;
}

static void
md_plan_speed_write(struct change_plan *p, const char *path, int value,
    const char *note)
{
	char *data = xasprintf("%d", value);

	change_plan_add_write(p, strrchr(path, '/') + 1, path, data, note);
	free(data);
}

int
md_plan_speed_limit(const struct md_snapshot *snap, int min, int max,
    struct change_plan *plan, char **cause)
{
	int old_min = snap != NULL ? snap->speed_limit_min : -1;
	int old_max = snap != NULL ? snap->speed_limit_max : -1;
	const char *min_note = "a resync keeps at least this speed per array, "
	    "even under other I/O";
	const char *max_note = "a resync never goes faster per array";
	struct change_plan p;
	char *command, *now, *summary;

	if (md_plan_speed_refuse(min, max, cause) != 0)
		return -1;
	command = xasprintf("md-speed-limit %d %d", min, max);
	now = old_min >= 0 && old_max >= 0 ? xasprintf("now min %d, max %d",
	    old_min, old_max) : xstrdup("now unknown");
	summary = xasprintf("Set the MD resync speed limits to min %d, max %d "
	    "KB/s (%s)", min, max, now);
	change_plan_init(&p, command, summary);
	/* Raising min past the old max: max first, else min first; either
	 * way the kernel never holds min > max in between. */
	if (old_max >= 0 && min <= old_max) {
		md_plan_speed_write(&p, MD_SPEED_LIMIT_MIN_PATH, min, min_note);
		md_plan_speed_write(&p, MD_SPEED_LIMIT_MAX_PATH, max, max_note);
	} else {
		md_plan_speed_write(&p, MD_SPEED_LIMIT_MAX_PATH, max, max_note);
		md_plan_speed_write(&p, MD_SPEED_LIMIT_MIN_PATH, min, min_note);
	}
	if (min == old_min && max == old_max)
		change_plan_nothing(&p, "MD resync speed limits already min "
		    "%d, max %d, nothing to do", min, max);
	md_plan_done(&p, 1, plan);
	free(summary);
	free(now);
	free(command);
	return 0;
}

/* --- md-fix-timeouts --------------------------------------------------- */

static int
md_plan_strv_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i], s) == 0)
			return 1;
	}
	return 0;
}

/* The disks holding a's members, each once: those the Disks panel knows
 * into known, the others into unknown. */
static void
md_plan_member_disks(const struct md_array *a,
    const struct disk_snapshot *disks, char ***known, size_t *nk,
    char ***unknown, size_t *nu)
{
	char *disk;
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		disk = md_plan_member_disk(&a->members[i]);
		if (disk_snapshot_find(disks, disk) == NULL) {
			if (!md_plan_strv_has(*unknown, *nu, disk))
				strv_push(unknown, nu, disk);
		} else if (!md_plan_strv_has(*known, *nk, disk))
			strv_push(known, nk, disk);
		free(disk);
	}
}

static int
md_plan_any_risk(const struct disk_snapshot *disks, char *const *names,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (disk_timeout_risk(disk_snapshot_find(disks, names[i])))
			return 1;
	}
	return 0;
}

/* Make the Disks plan this command's: its command line, its summary, and
 * a row for each member disk the Disks panel does not know. */
static void
md_plan_fix_own(struct change_plan *p, const struct md_array *a,
    char *const *known, size_t nk, char *const *unknown, size_t nu)
{
	char *names = str_join(known, nk, " ");
	size_t i;

	free(p->command);
	p->command = xasprintf("md-fix-timeouts %s", a->name);
	free(p->summary);
	p->summary = xasprintf("Make error recovery RAID-safe on the disks of "
	    "%s (%s): SCT ERC %d s where supported, else a kernel timeout of "
	    "%d s", a->name, names, DISK_RAID_ERC_DS / 10, DISK_RAID_TIMEOUT);
	for (i = 0; i < nu; i++)
		change_plan_add_note(p, unknown[i], "not a disk the Disks "
		    "panel knows: left alone");
	free(names);
}

static int
md_plan_fix_refuse(const struct md_array *a, char *const *known, size_t nk,
    char *const *unknown, size_t nu, const struct disk_snapshot *disks,
    char **cause)
{
	char *names;

	if (a->member_count == 0) {
		set_cause(cause, "%s has no members", a->name);
		return -1;
	}
	if (nk == 0) {
		names = str_join(unknown, nu, " ");
		set_cause(cause, "the Disks panel knows none of the disks "
		    "holding %s (%s)", a->name, names);
		free(names);
		return -1;
	}
	if (!md_plan_any_risk(disks, known, nk)) {
		set_cause(cause, "every member of %s has SCT ERC or a %d s "
		    "timeout already", a->name, DISK_RAID_TIMEOUT);
		return -1;
	}
	return 0;
}

int
md_plan_fix_timeouts(const struct md_snapshot *md,
    const struct disk_snapshot *disks, const char *array,
    struct change_plan *plan, char **cause)
{
	const struct md_array *a;
	char **known = NULL, **unknown = NULL;
	size_t nk = 0, nu = 0;
	int rc = -1;

	if (disks == NULL) {
		set_cause(cause, "the Disks panel has no data yet");
		return -1;
	}
	if ((a = md_plan_find_array(md, array, cause)) == NULL)
		return -1;
	md_plan_member_disks(a, disks, &known, &nk, &unknown, &nu);
	if (md_plan_fix_refuse(a, known, nk, unknown, nu, disks, cause) == 0 &&
	    disk_plan_raid_safe_only(disks, known, nk, plan, cause) == 0) {
		md_plan_fix_own(plan, a, known, nk, unknown, nu);
		rc = 0;
	}
	string_list_free(known, nk);
	string_list_free(unknown, nu);
	return rc;
}

/* --- what md-add and md-re-add could take ------------------------------- */

/* The same UUID, whatever the punctuation ("a1b2:..." or "a1b2-..."). */
static int
md_plan_uuid_same(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return 0;
	for (;;) {
		while (*x != '\0' && strchr(":-", *x) != NULL)
			x++;
		while (*y != '\0' && strchr(":-", *y) != NULL)
			y++;
		if (*x == '\0' || *y == '\0')
			return *x == *y;
		if ((*x | 0x20) != (*y | 0x20))
			return 0;
		x++;
		y++;
	}
}

/* Does the device carry a's superblock (blkid: linux_raid_member with the
 * array's UUID)? */
static int
md_plan_carries(const struct md_array *a, const struct partition *p)
{
	return md_plan_str_is(p->fstype, "linux_raid_member") &&
	    md_plan_uuid_same(p->uuid, a->uuid);
}

static void
md_plan_candidate(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const struct md_array *a,
    const struct partition *p, const char *name, int re_add, char ***v,
    size_t *n)
{
	char *cause = NULL;

	if (re_add && (p == NULL || !md_plan_carries(a, p)))
		return;
	if (md_plan_add_refuse(snap, disks, a, name, &cause) == 0)
		strv_push(v, n, name);
	free(cause);
}

size_t
md_plan_add_candidates(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, int re_add,
    char ***names)
{
	const struct md_array *a = md_snapshot_find(snap,
	    md_plan_short(array));
	const struct disk *d;
	char **v = NULL;
	size_t n = 0, i, j;

	*names = NULL;
	if (a == NULL || disks == NULL)
		return 0;
	for (i = 0; i < disks->count; i++) {
		d = &disks->disks[i];
		md_plan_candidate(snap, disks, a, &d->whole, d->name, re_add,
		    &v, &n);
		for (j = 0; j < d->partition_count; j++)
			md_plan_candidate(snap, disks, a, &d->partitions[j],
			    d->partitions[j].name, re_add, &v, &n);
	}
	*names = v;
	return n;
}
