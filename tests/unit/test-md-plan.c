/* Unit tests for the RAID command plans. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-plan.h"
#include "md-plan.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#if HAVE_DISKS_PLUGIN
#include "disk-sysfs.h"
#endif
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("md-plan", md_plan_add_tests)

#define IN_SYNC MD_MEMBER_IN_SYNC
#define SPARE MD_MEMBER_SPARE
#define FAULTY MD_MEMBER_FAULTY

/* A member as sysfs describes it (state_text set). */
static void
add_member(struct md_array *a, const char *name, int slot, unsigned state)
{
	struct md_member *m = md_array_add_member(a, name);

	m->slot = slot;
	m->state = state;
	m->state_text = md_member_state_text(state);
	m->disk = md_disk_from_name(name);
}

static void
set_str(char **field, const char *value)
{
	free(*field);
	*field = value != NULL ? xstrdup(value) : NULL;
}

static void
set_level(struct md_array *a, const char *level, int raid_disks)
{
	set_str(&a->level, level);
	set_str(&a->metadata, "1.2");
	set_str(&a->array_state, "clean");
	set_str(&a->sync_action, "idle");
	a->raid_disks = raid_disks;
}

/* What runs on a: sysfs sync_action and mdstat's progress line. */
static void
set_action(struct md_array *a, const char *sync_action, const char *action,
    double percent, double finish)
{
	set_str(&a->sync_action, sync_action);
	md_progress_clear(&a->progress);
	if (action == NULL)
		return;
	a->progress.valid = 1;
	a->progress.action = xstrdup(action);
	a->progress.percent = percent;
	a->progress.finish = finish;
}

static void
fill_md0_md1_md2(struct md_array *arrays)
{
	struct md_array *a = &arrays[0];

	set_level(a, "raid1", 2);
	set_str(&a->bitmap, "internal");
	add_member(a, "sda1", 0, IN_SYNC);
	add_member(a, "sdb1", 1, IN_SYNC);
	add_member(a, "sdc1", -1, SPARE);
	a = &arrays[1];
	set_level(a, "raid5", 3);
	add_member(a, "sda2", 0, IN_SYNC);
	add_member(a, "sdb2", 1, IN_SYNC);
	add_member(a, "sdc2", -1, FAULTY);
	a = &arrays[2];
	set_level(a, "raid0", 2);
	add_member(a, "sda3", 0, IN_SYNC);
	add_member(a, "sdb3", 1, IN_SYNC);
}

static void
fill_md3_md4_md5(struct md_array *arrays)
{
	struct md_array *a = &arrays[3];

	set_level(a, "raid1", 2);
	add_member(a, "sdd1", 0, IN_SYNC);
	add_member(a, "sde1", 1, SPARE);
	set_action(a, "recover", "recovery", 8.5, 17.0);
	a = &arrays[4];
	set_level(a, "raid6", 4);
	add_member(a, "sdf", 0, IN_SYNC);
	add_member(a, "sdg", 1, IN_SYNC);
	add_member(a, "sdh", 2, IN_SYNC);
	add_member(a, "sdi", 3, IN_SYNC);
	add_member(a, "nvme0n1p1", -1, MD_MEMBER_JOURNAL);
	set_action(a, "check", "check", 40.0, 90.0);
	/* Inactive, known from mdstat alone: no level, no sysfs state. */
	a = &arrays[5];
	a->inactive = 1;
	set_str(&a->array_state, "inactive");
	md_array_add_member(a, "sdj1")->state = SPARE;
}

/* md126, a raid1 inside the imsm container md127. */
static void
fill_container(struct md_array *arrays)
{
	struct md_array *a = &arrays[6];

	set_level(a, "raid1", 2);
	set_str(&a->metadata, "external:/md127/0");
	set_str(&a->container, "md127");
	add_member(a, "sdk", 0, IN_SYNC);
	add_member(a, "sdl", 1, IN_SYNC);
	a = &arrays[7];
	set_str(&a->level, "container");
	set_str(&a->metadata, "external:imsm");
	set_str(&a->array_state, "inactive");
	a->inactive = 1;
	md_array_add_member(a, "sdk")->state = SPARE;
	md_array_add_member(a, "sdl")->state = SPARE;
}

/*
 * md0: raid1 sda1 sdb1, spare sdc1, bitmap; md1: raid5 sda2 sdb2, faulty
 * sdc2, degraded; md2: raid0; md3: raid1 sdd1 + sde1 recovering; md4:
 * raid6 on sdf..sdi with a journal, checking; md5: inactive; md126 in
 * container md127.
 */
static struct md_snapshot *
make_snapshot(void)
{
	static const char *const names[] = { "md0", "md1", "md2", "md3",
	    "md4", "md5", "md126", "md127" };
	struct md_snapshot *snap = xcalloc(1, sizeof *snap);
	size_t i;

	snap->count = sizeof names / sizeof names[0];
	snap->arrays = xcalloc(snap->count, sizeof *snap->arrays);
	for (i = 0; i < snap->count; i++)
		md_array_init(&snap->arrays[i], names[i]);
	fill_md0_md1_md2(snap->arrays);
	fill_md3_md4_md5(snap->arrays);
	fill_container(snap->arrays);
	for (i = 0; i < snap->count; i++)
		md_array_count_roles(&snap->arrays[i], 0);
	snap->speed_limit_min = 1000;
	snap->speed_limit_max = 200000;
	return snap;
}

static struct md_array *
array(struct md_snapshot *snap, const char *name)
{
	size_t i;

	for (i = 0; i < snap->count; i++) {
		if (strcmp(snap->arrays[i].name, name) == 0)
			return &snap->arrays[i];
	}
	CU_FAIL_FATAL("no such test array");
	return NULL;
}

static struct md_member *
member(struct md_snapshot *snap, const char *a, const char *name)
{
	struct md_array *arr = array(snap, a);
	size_t i;

	for (i = 0; i < arr->member_count; i++) {
		if (strcmp(arr->members[i].name, name) == 0)
			return &arr->members[i];
	}
	CU_FAIL_FATAL("no such test member");
	return NULL;
}

/* unit_check_refusal, and the plan has no command either. */
static void
check_refusal(int rc, char *cause, struct change_plan *p, const char *want)
{
	unit_check_refusal(rc, cause, p, want);
	CU_ASSERT_PTR_NULL(p->command);
}

typedef int (*member_fn)(const struct md_snapshot *, const char *,
    const char *, struct change_plan *, char **);

static void
refuse_member(member_fn fn, const struct md_snapshot *snap, const char *a,
    const char *m, const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = fn(snap, a, m, &p, &cause);
	check_refusal(rc, cause, &p, want);
}

static void
refuse_sync(const struct md_snapshot *snap, const char *a,
    const char *action, const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = md_plan_sync_action(snap, a, action, &p, &cause);
	check_refusal(rc, cause, &p, want);
}

static void
refuse_speed(const struct md_snapshot *snap, int min, int max,
    const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = md_plan_speed_limit(snap, min, max, &p, &cause);
	check_refusal(rc, cause, &p, want);
}

/* A plan of one member command, built without a cause. */
static void
plan_member(member_fn fn, const struct md_snapshot *snap, const char *a,
    const char *m, struct change_plan *p)
{
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(fn(snap, a, m, p, &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT(p->destructive);
}

/* --- a Disks snapshot for md-add --------------------------------------- */

/* A partition (or, with part NULL, the disk itself) for the add tests. */
static void
add_disk_part(struct disk *d, const char *name, long long size,
    const char *mountpoint, const char *md)
{
	struct partition *p;

	d->partitions = xreallocarray(d->partitions, d->partition_count + 1,
	    sizeof *d->partitions);
	p = &d->partitions[d->partition_count++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->size = size;
	p->mountpoint = mountpoint != NULL ? xstrdup(mountpoint) : NULL;
	p->md = md != NULL ? xstrdup(md) : NULL;
}

static struct disk *
add_disk_new(struct disk_snapshot *s, const char *name, long long size)
{
	struct disk *d;

	s->disks = xreallocarray(s->disks, s->count + 1, sizeof *s->disks);
	d = &s->disks[s->count++];
	memset(d, 0, sizeof *d);
	d->name = xstrdup(name);
	d->size = size;
	d->timeout = -1;
	d->queue_depth = -1;
	return d;
}

#define TB 1000000000000LL

/*
 * The devices make_snapshot()'s arrays are on, and some more: sdd2, sda5,
 * nvme0n1p2, loop3 and sdm free; sdn1 the root filesystem; sdo whose
 * partition is mounted on /boot; sdp1 of 8 MiB; sdq1 held by md9, an array
 * the RAID snapshot does not list; sdr with partitions; md9 itself; sds1
 * carrying md0's superblock after a remove.
 */
static struct disk_snapshot *
make_add_disks(void)
{
	struct disk_snapshot *s = xcalloc(1, sizeof *s);
	struct disk *d;

	d = add_disk_new(s, "sda", TB);
	add_disk_part(d, "sda1", TB / 8, NULL, "md0");
	add_disk_part(d, "sda2", TB / 8, NULL, "md1");
	add_disk_part(d, "sda3", TB / 8, NULL, "md2");
	add_disk_part(d, "sda5", TB / 8, NULL, NULL);
	d = add_disk_new(s, "sdd", TB);
	add_disk_part(d, "sdd1", TB / 8, NULL, "md3");
	add_disk_part(d, "sdd2", TB / 8, NULL, NULL);
	d = add_disk_new(s, "nvme0n1", TB);
	add_disk_part(d, "nvme0n1p1", TB / 8, NULL, "md4");
	add_disk_part(d, "nvme0n1p2", TB / 8, NULL, NULL);
	add_disk_new(s, "loop3", TB / 8);
	add_disk_new(s, "sdm", TB);
	d = add_disk_new(s, "sdn", TB);
	add_disk_part(d, "sdn1", TB / 8, "/", NULL);
	d = add_disk_new(s, "sdo", TB);
	add_disk_part(d, "sdo1", TB / 8, "/boot", NULL);
	d = add_disk_new(s, "sdp", 16LL << 20);
	add_disk_part(d, "sdp1", 8LL << 20, NULL, NULL);
	d = add_disk_new(s, "sdq", TB);
	d->md = xstrdup("md9");
	add_disk_part(d, "sdq1", TB / 8, NULL, "md9");
	d = add_disk_new(s, "sdr", TB);
	add_disk_part(d, "sdr1", TB / 8, NULL, NULL);
	add_disk_new(s, "md9", TB / 8);
	d = add_disk_new(s, "sds", TB);
	add_disk_part(d, "sds1", TB / 8, NULL, NULL);
	d->partitions[0].fstype = xstrdup("linux_raid_member");
	d->partitions[0].uuid = xstrdup("3fa0e1b2-7c1d-4e55-8a9b-0c1d2e3f4a5b");
	return s;
}

/* md_plan_add and md_plan_re_add as member_fn, with make_add_disks() (or
 * add_disks when a test set it). */
static const struct disk_snapshot *add_disks;

static int
with_disks(int re_add, const struct md_snapshot *snap, const char *a,
    const char *m, struct change_plan *p, char **cause)
{
	struct disk_snapshot *own = add_disks == NULL ? make_add_disks() : NULL;
	const struct disk_snapshot *d = own != NULL ? own : add_disks;
	int rc;

	rc = re_add ? md_plan_re_add(snap, d, a, m, p, cause) :
	    md_plan_add(snap, d, a, m, p, cause);
	disk_snapshot_free(own);
	return rc;
}

static int
add_fn(const struct md_snapshot *snap, const char *a, const char *m,
    struct change_plan *p, char **cause)
{
	return with_disks(0, snap, a, m, p, cause);
}

static int
re_add_fn(const struct md_snapshot *snap, const char *a, const char *m,
    struct change_plan *p, char **cause)
{
	return with_disks(1, snap, a, m, p, cause);
}

/* A STEP_RUN of mdadm: argv (NULL-terminated), shell and target. */
static void
check_run(const struct change_step *s, const char *target,
    const char *const *argv, const char *shell)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(s->kind, STEP_RUN);
	CU_ASSERT_STRING_EQUAL(s->target, target);
	CU_ASSERT_EQUAL(s->fail_mask, ~0);
	for (i = 0; argv[i] != NULL; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(s->argv[i]);
		CU_ASSERT_STRING_EQUAL(s->argv[i], argv[i]);
	}
	CU_ASSERT_PTR_NULL(s->argv[i]);
	CU_ASSERT_STRING_EQUAL(s->shell, shell);
}

static void
test_lookups(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_snapshot empty = { 0 };
	struct change_plan p;

	refuse_member(md_plan_fail, snap, "md9", "sda1", "no array called md9 "
	    "(known: md0 md1 md2 md3 md4 md5 md126 md127)");
	refuse_member(md_plan_fail, &empty, "md0", "sda1",
	    "no array called md0 (no MD arrays are known)");
	refuse_member(md_plan_remove, NULL, "md0", "sda1",
	    "no array called md0 (no MD arrays are known)");
	refuse_member(md_plan_fail, snap, "", "sda1", "no array given");
	refuse_member(add_fn, snap, NULL, "sdd2", "no array given");
	refuse_member(md_plan_fail, snap, "md0", "sdz1", "md0 has no member "
	    "called sdz1 (members: sda1 sdb1 sdc1)");
	refuse_member(md_plan_remove, snap, "md0", NULL, "no member given");
	refuse_member(md_plan_resync_member, snap, "md0", "/dev/",
	    "no member given");
	refuse_member(add_fn, snap, "md0", "", "no member given");
	/* Device paths work as well as kernel names. */
	plan_member(md_plan_fail, snap, "/dev/md0", "/dev/sda1", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-fail md0 sda1");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_fail(void)
{
	struct md_snapshot *snap = make_snapshot();
	const char *argv[] = { "mdadm", "/dev/md0", "--fail", "/dev/sda1",
	    NULL };
	struct change_plan p;

	/* raid1 with two working members: one may go. */
	plan_member(md_plan_fail, snap, "md0", "sda1", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-fail md0 sda1");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Mark sda1 faulty in md0 (raid1, 2 members)");
	CU_ASSERT_STRING_EQUAL(p.warning, "md0 starts rebuilding onto spare "
	    "sdc1 at once. Until then one more failure loses data.");
	CU_ASSERT(p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	check_run(&p.steps[0], "sda1", argv,
	    "mdadm /dev/md0 --fail /dev/sda1");
	change_plan_free(&p);

	plan_member(md_plan_fail, snap, "md0", "sdc1", &p);
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Mark spare sdc1 faulty in md0 (raid1, 2 members)");
	CU_ASSERT_PTR_NULL(p.warning);
	change_plan_free(&p);

	/* A member being rebuilt holds nothing yet. */
	plan_member(md_plan_fail, snap, "md3", "sde1", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Mark sde1 faulty in md3 (raid1, "
	    "degraded), stopping the recovery onto it");
	CU_ASSERT_PTR_NULL(p.warning);
	change_plan_free(&p);

	plan_member(md_plan_fail, snap, "md4", "sdf", &p);
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Mark sdf faulty in md4 (raid6, 4 members)");
	CU_ASSERT_STRING_EQUAL(p.warning, "md4 runs degraded until a "
	    "replacement for sdf is added and rebuilt. Until then it survives "
	    "1 more failure.");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_fail_refused(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_member *m;

	refuse_member(md_plan_fail, snap, "md1", "sda2", "failing sda2 would "
	    "take md1 (raid5, degraded) below what it needs: data would be "
	    "lost; refused");
	refuse_member(md_plan_fail, snap, "md2", "sda3", "failing sda3 would "
	    "take md2 (raid0, no redundancy) below what it needs: data would "
	    "be lost; refused");
	/* raid1 with one working member (the other still rebuilding). */
	refuse_member(md_plan_fail, snap, "md3", "sdd1", "failing sdd1 would "
	    "take md3 (raid1, degraded) below what it needs: data would be "
	    "lost; refused");
	refuse_member(md_plan_fail, snap, "md1", "sdc2", "sdc2 is already "
	    "faulty in md1: remove it with md-remove md1 sdc2");
	refuse_member(md_plan_fail, snap, "md4", "nvme0n1p1", "nvme0n1p1 is "
	    "the write journal of md4: failing it forces md4 read-only; "
	    "refused");
	refuse_member(md_plan_fail, snap, "md5", "sdj1", "md5 is inactive "
	    "(assembled but not running): its members cannot be failed");
	refuse_member(md_plan_fail, snap, "md127", "sdk", "md127 is an "
	    "external-metadata container: fail sdk in the array built on it");
	/* Known from mdstat alone, no flag: it holds data; refused. */
	m = member(snap, "md1", "sdb2");
	m->state = 0;
	m->slot = -1;
	set_str(&m->state_text, NULL);
	refuse_member(md_plan_fail, snap, "md1", "sdb2", "failing sdb2 would "
	    "take md1 (raid5, degraded) below what it needs: data would be "
	    "lost; refused");
	md_snapshot_free(snap);
}

static void
test_remove(void)
{
	struct md_snapshot *snap = make_snapshot();
	const char *argv[] = { "mdadm", "/dev/md1", "--remove", "/dev/sdc2",
	    NULL };
	struct change_plan p;

	plan_member(md_plan_remove, snap, "md1", "sdc2", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-remove md1 sdc2");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Remove faulty sdc2 from md1 (raid5, degraded)");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT(p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	check_run(&p.steps[0], "sdc2", argv,
	    "mdadm /dev/md1 --remove /dev/sdc2");
	change_plan_free(&p);

	plan_member(md_plan_remove, snap, "md0", "/dev/sdc1", &p);
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Remove spare sdc1 from md0 (raid1, 2 members)");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_remove_refused(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_member *m;

	refuse_member(md_plan_remove, snap, "md0", "sda1", "sda1 is still "
	    "active in md0: fail it first (md-fail md0 sda1)");
	refuse_member(md_plan_remove, snap, "md3", "sde1", "sde1 is still "
	    "active in md3: fail it first (md-fail md3 sde1)");
	refuse_member(md_plan_remove, snap, "md4", "nvme0n1p1", "nvme0n1p1 is "
	    "still active in md4: fail it first (md-fail md4 nvme0n1p1)");
	m = member(snap, "md1", "sdb2");
	m->state = 0;
	set_str(&m->state_text, NULL);
	refuse_member(md_plan_remove, snap, "md1", "sdb2", "sdb2 is still "
	    "active in md1: fail it first (md-fail md1 sdb2)");
	md_snapshot_free(snap);
}

static void
test_add(void)
{
	struct md_snapshot *snap = make_snapshot();
	const char *argv[] = { "mdadm", "/dev/md1", "--add", "/dev/sdd2",
	    NULL };
	struct change_plan p;

	plan_member(add_fn, snap, "md1", "/dev/sdd2", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-add md1 sdd2");
	CU_ASSERT_STRING_EQUAL(p.summary, "Add sdd2 to md1 (raid5, degraded); "
	    "recovery onto it starts at once");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT(p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	check_run(&p.steps[0], "sdd2", argv, "mdadm /dev/md1 --add /dev/sdd2");
	change_plan_free(&p);

	plan_member(add_fn, snap, "md0", "nvme0n1p2", &p);
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Add nvme0n1p2 to md0 (raid1, 2 members) as a spare");
	change_plan_free(&p);

	plan_member(add_fn, snap, "md0", "sda5", &p);
	CU_ASSERT_STRING_EQUAL(p.warning, "sda1 and sda5 are both on sda: "
	    "when sda fails, md0 loses both.");
	change_plan_free(&p);

	plan_member(add_fn, snap, "md0", "loop3", &p);
	CU_ASSERT_PTR_NULL(p.warning);
	change_plan_free(&p);

	plan_member(add_fn, snap, "md3", "sdd2", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Add sdd2 to md3 (raid1, degraded) "
	    "as a spare; the recovery running now goes first");
	change_plan_free(&p);

	plan_member(add_fn, snap, "md127", "sdm", &p);
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Add sdm to container md127 as a spare for its arrays");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_add_refused(void)
{
	struct md_snapshot *snap = make_snapshot();

	refuse_member(add_fn, snap, "md0", "sdc1",
	    "sdc1 is already in md0 (spare)");
	refuse_member(add_fn, snap, "md0", "/dev/sda1",
	    "sda1 is already in md0 (in_sync)");
	refuse_member(add_fn, snap, "md1", "sdc2", "sdc2 is still in md1 "
	    "as a faulty member: remove it first (md-remove md1 sdc2)");
	refuse_member(add_fn, snap, "md0", "sda2",
	    "sda2 is already a member of md1");
	refuse_member(add_fn, snap, "md0", "sdf1",
	    "sdf1 is on sdf, a member of md4");
	refuse_member(add_fn, snap, "md0", "sdd",
	    "sdd holds sdd1, a member of md3");
	refuse_member(add_fn, snap, "md0", "md0",
	    "md0 cannot be a member of itself");
	refuse_member(add_fn, snap, "md2", "sdd2", "md2 is raid0: it has "
	    "no redundancy, so it can take neither a spare nor a rebuilt "
	    "member");
	refuse_member(add_fn, snap, "md5", "sdd2", "md5 is inactive "
	    "(assembled but not running): members cannot be added");
	refuse_member(add_fn, snap, "md126", "sdm", "md126 is a member "
	    "array of container md127: add the device to the container "
	    "instead (md-add md127 sdm)");
	md_snapshot_free(snap);
}

static void
refuse_name(const struct md_snapshot *snap, const char *name,
    const char *shown)
{
	char *want = xasprintf("'%s' is not a kernel device name (such as "
	    "sdb1, nvme0n1p2 or loop3)", shown);

	refuse_member(add_fn, snap, "md0", name, want);
	refuse_member(re_add_fn, snap, "md0", name, want);
	free(want);
}

static void
test_add_refused_names(void)
{
	struct md_snapshot *snap = make_snapshot();

	refuse_name(snap, "sdb1; rm -rf /", "sdb1; rm -rf /");
	refuse_name(snap, "--zero-superblock", "--zero-superblock");
	refuse_name(snap, "SDB1", "SDB1");
	refuse_name(snap, "/dev/mapper/vg-lv", "mapper/vg-lv");
	refuse_name(snap, "1sdb", "1sdb");
	refuse_name(snap, "sdb-", "sdb-");
	refuse_name(snap, "sdb 1", "sdb 1");
	refuse_name(snap, "abcdefghijklmnopqrstuvwxyz012345",
	    "abcdefghijklmnopqrstuvwxyz012345");
	md_snapshot_free(snap);
}

/* Names that are no kernel device names never reach a plan, whether they
 * come from the command line or from a snapshot built from hostile input
 * (the parsers refuse them; planning checks again). */
static void
refuse_hostile(member_fn fn, const struct md_snapshot *snap, const char *a,
    const char *m, const char *shown, const char *what)
{
	char *want = xasprintf("'%s' is not a kernel device name, so it "
	    "cannot be %s (names are letters, digits, '_', '-', '.' and '+')",
	    shown, what);

	if (fn != NULL)
		refuse_member(fn, snap, a, m, want);
	else
		refuse_sync(snap, a, "check", want);
	free(want);
}

static void
test_refused_hostile_names(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_array *a = &snap->arrays[0];

	refuse_hostile(md_plan_fail, snap, "../../../tmp/x", "sda1",
	    "../../../tmp/x", "an array");
	refuse_hostile(md_plan_remove, snap, "md0", "../sda1", "../sda1",
	    "a member");
	refuse_hostile(md_plan_fail, snap, "md0", "sd\033[2J", "sd?[2J",
	    "a member");
	refuse_hostile(NULL, snap, "/dev/../../x", NULL, "../../x",
	    "an array");
	/* The same names inside the snapshot itself. */
	free(a->name);
	a->name = xstrdup("../../../tmp/x");
	free(a->members[0].name);
	a->members[0].name = xstrdup("../../etc/passwd");
	refuse_hostile(NULL, snap, "../../../tmp/x", NULL, "../../../tmp/x",
	    "an array");
	refuse_hostile(md_plan_fail, snap, "../../../tmp/x",
	    "../../etc/passwd", "../../../tmp/x", "an array");
	refuse_hostile(md_plan_fail, snap, "md1", "../../etc/passwd",
	    "../../etc/passwd", "a member");
	md_snapshot_free(snap);
}

static void
test_add_refused_failed(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_array *a = array(snap, "md1");

	/* raid5 with two roles lost: nothing left to rebuild from. */
	a->degraded = 2;
	refuse_member(add_fn, snap, "md1", "sdd2", "md1 (raid5) has lost "
	    "more members than it survives: nothing can be rebuilt onto sdd2");
	set_str(&array(snap, "md2")->level, "linear");
	refuse_member(add_fn, snap, "md2", "sdd2", "md2 is linear: it has "
	    "no redundancy, so it can take neither a spare nor a rebuilt "
	    "member");
	md_snapshot_free(snap);
}

static void
test_re_add(void)
{
	struct md_snapshot *snap = make_snapshot();
	const char *argv[] = { "mdadm", "/dev/md1", "--re-add", "/dev/sdd2",
	    NULL };
	struct change_plan p;

	plan_member(re_add_fn, snap, "md1", "sdd2", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-re-add md1 sdd2");
	CU_ASSERT_STRING_EQUAL(p.summary, "Re-add sdd2 to md1 (raid5, "
	    "degraded); this works when md1 has a write-intent bitmap (none "
	    "is known) or sdd2 left it recently, else mdadm refuses and "
	    "suggests md-add");
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	check_run(&p.steps[0], "sdd2", argv,
	    "mdadm /dev/md1 --re-add /dev/sdd2");
	change_plan_free(&p);

	plan_member(re_add_fn, snap, "md0", "sdd2", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Re-add sdd2 to md0 (raid1, 2 "
	    "members); this works when md0 has a write-intent bitmap (it has: "
	    "internal) or sdd2 left it recently, else mdadm refuses and "
	    "suggests md-add");
	change_plan_free(&p);

	refuse_member(re_add_fn, snap, "md0", "sdb1",
	    "sdb1 is already in md0 (in_sync)");
	refuse_member(re_add_fn, snap, "md2", "sdd2", "md2 is raid0: it "
	    "has no redundancy, so it can take neither a spare nor a rebuilt "
	    "member");
	refuse_member(re_add_fn, snap, "md127", "sdm", "re-add does not "
	    "apply to container md127: use md-add md127 sdm");
	md_snapshot_free(snap);
}

static void
test_resync_member(void)
{
	struct md_snapshot *snap = make_snapshot();
	const char *fail[] = { "mdadm", "/dev/md0", "--fail", "/dev/sda1",
	    NULL };
	const char *rm[] = { "mdadm", "/dev/md0", "--remove", "/dev/sda1",
	    NULL };
	const char *zero[] = { "mdadm", "--zero-superblock", "/dev/sda1",
	    NULL };
	const char *add[] = { "mdadm", "/dev/md0", "--add", "/dev/sda1",
	    NULL };
	struct change_plan p;

	plan_member(md_plan_resync_member, snap, "md0", "sda1", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-resync-member md0 sda1");
	CU_ASSERT_STRING_EQUAL(p.summary, "Rebuild sda1 in md0 (raid1, 2 "
	    "members) from the other members: fail, remove, wipe its MD "
	    "superblock and add it back, so MD rewrites every block of it");
	CU_ASSERT_STRING_EQUAL(p.warning, "md0 runs degraded from the fail "
	    "until the recovery onto sda1 finishes, reading every other member "
	    "in full: a second failure in that window loses data.");
	CU_ASSERT(p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 4);
	check_run(&p.steps[0], "sda1", fail, "mdadm /dev/md0 --fail /dev/sda1");
	check_run(&p.steps[1], "sda1", rm,
	    "mdadm /dev/md0 --remove /dev/sda1");
	check_run(&p.steps[2], "sda1", zero,
	    "mdadm --zero-superblock /dev/sda1");
	CU_ASSERT_STRING_EQUAL(p.steps[2].note, "forget its membership, so "
	    "the add is a full recovery, not a bitmap re-add");
	check_run(&p.steps[3], "sda1", add, "mdadm /dev/md0 --add /dev/sda1");
	change_plan_free(&p);

	set_action(array(snap, "md4"), "idle", NULL, -1, -1);
	plan_member(md_plan_resync_member, snap, "md4", "sdg", &p);
	CU_ASSERT_STRING_EQUAL(p.warning, "md4 runs degraded from the fail "
	    "until the recovery onto sdg finishes, reading every other member "
	    "in full: it survives only 1 more failure in that window.");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_resync_member_refused(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_array *md4 = array(snap, "md4");

	refuse_member(md_plan_resync_member, snap, "md1", "sda2", "resyncing "
	    "sda2 would take md1 (raid5, degraded) below what it needs: data "
	    "would be lost; refused");
	refuse_member(md_plan_resync_member, snap, "md2", "sda3", "resyncing "
	    "sda3 would take md2 (raid0, no redundancy) below what it needs: "
	    "data would be lost; refused");
	refuse_member(md_plan_resync_member, snap, "md0", "sdc1", "sdc1 is not "
	    "a working member of md0 (it is spare): only a working member can "
	    "be resynced");
	refuse_member(md_plan_resync_member, snap, "md1", "sdc2", "sdc2 is not "
	    "a working member of md1 (it is faulty): only a working member can "
	    "be resynced");
	refuse_member(md_plan_resync_member, snap, "md4", "sdf", "md4 is "
	    "running a check (40.0% done, about 90 min left): stop it first "
	    "(md-idle md4)");
	set_action(md4, "recover", "recovery", 3.24, -1);
	refuse_member(md_plan_resync_member, snap, "md4", "sdf", "md4 is busy "
	    "with a recovery (3.2% done): wait for it to finish");
	set_action(md4, "reshape", "reshape", 50, 0.5);
	refuse_member(md_plan_resync_member, snap, "md4", "sdf", "md4 is busy "
	    "with a reshape (50.0% done, under a minute left): wait for it to "
	    "finish");
	set_action(md4, NULL, "resync", -1, -1);
	md4->progress.pending = 1;
	refuse_member(md_plan_resync_member, snap, "md4", "sdf", "md4 is busy "
	    "with a resync (pending): wait for it to finish");
	set_action(md4, "frozen", NULL, -1, -1);
	refuse_member(md_plan_resync_member, snap, "md4", "sdf", "sync on md4 "
	    "is frozen (mdadm or an admin wrote frozen to sync_action): wait "
	    "until it is idle");
	refuse_member(md_plan_resync_member, snap, "md126", "sdk", "md126 uses "
	    "external metadata: wiping the superblock of sdk would destroy the "
	    "container's metadata; refused");
	refuse_member(md_plan_resync_member, snap, "md5", "sdj1", "md5 is "
	    "inactive (assembled but not running): its members cannot be "
	    "resynced");
	md_snapshot_free(snap);
}

static void
plan_sync(const struct md_snapshot *snap, const char *a, const char *action,
    struct change_plan *p)
{
	char *cause = NULL;
	char *path = xasprintf("/sys/block/%s/md/sync_action", a);
	char *shell = xasprintf("echo %s > %s", action, path);

	CU_ASSERT_EQUAL_FATAL(md_plan_sync_action(snap, a, action, p, &cause),
	    0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT(p->destructive && p->stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p->step_count, 1);
	unit_check_write(&p->steps[0], a, path, action, shell);
	free(shell);
	free(path);
}

static void
test_check_repair(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct change_plan p;

	plan_sync(snap, "md0", "check", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-check md0");
	CU_ASSERT_STRING_EQUAL(p.summary, "Start a consistency check of md0 "
	    "(raid1, 2 members); mismatches are counted in mismatch_cnt, "
	    "nothing is rewritten");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "echo check > /sys/block/md0/md/sync_action");
	change_plan_free(&p);

	plan_sync(snap, "md0", "repair", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-repair md0");
	CU_ASSERT_STRING_EQUAL(p.summary, "Start a repair of md0 (raid1, 2 "
	    "members); mismatches are rewritten from the first copy");
	CU_ASSERT_STRING_EQUAL(p.warning, "A repair cannot tell which side is "
	    "right: where copies differ, the first copy wins. Run md-check md0 "
	    "first and read mismatch_cnt.");
	change_plan_free(&p);

	set_action(array(snap, "md4"), "idle", NULL, -1, -1);
	plan_sync(snap, "md4", "repair", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Start a repair of md4 (raid6, 4 "
	    "members); mismatched parity is recomputed from the data");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_check_refused(void)
{
	struct md_snapshot *snap = make_snapshot();

	refuse_sync(snap, "md1", "check", "md1 is degraded: a check needs "
	    "every member; add one (md-add md1 DEVICE) and let it recover "
	    "first");
	refuse_sync(snap, "md2", "check", "md2 is raid0: no redundancy to "
	    "compare");
	refuse_sync(snap, "md2", "repair", "md2 is raid0: no redundancy to "
	    "compare");
	refuse_sync(snap, "md5", "check", "md5 is inactive (assembled but not "
	    "running): there is nothing to compare");
	refuse_sync(snap, "md4", "check", "a check of md4 is already running "
	    "(40.0% done, about 90 min left)");
	refuse_sync(snap, "md4", "repair", "md4 is running a check (40.0% "
	    "done, about 90 min left): stop it first (md-idle md4)");
	set_action(array(snap, "md0"), "resync", "resync", -1, -1);
	array(snap, "md0")->progress.delayed = 1;
	refuse_sync(snap, "md0", "check", "md0 is busy with a resync "
	    "(delayed): wait for it to finish");
	refuse_sync(snap, "md127", "check", "md127 is an external-metadata "
	    "container: run md-check on the arrays built on it");
	refuse_sync(snap, "md0", "scrub",
	    "sync action must be check, repair or idle, not scrub");
	refuse_sync(snap, "md0", NULL, "no sync action given");
	md_snapshot_free(snap);
}

static void
test_idle(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_array *md0 = array(snap, "md0");
	struct change_plan p;

	plan_sync(snap, "md4", "idle", &p);
	CU_ASSERT_STRING_EQUAL(p.command, "md-idle md4");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Stop the check of md4 (40.0% done, about 90 min left)");
	change_plan_free(&p);

	/* sysfs wins over mdstat; sync_completed gives the progress. */
	set_action(md0, "repair", NULL, -1, -1);
	md0->sync_completed = 250;
	md0->sync_total = 1000;
	plan_sync(snap, "md0", "idle", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Stop the repair of md0 (25.0% "
	    "done)");
	change_plan_free(&p);

	set_action(md0, "resync", "resync", 12, 30);
	plan_sync(snap, "md0", "idle", &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Stop the resync of md0 (12.0% "
	    "done, about 30 min left); a resync may be stopped: md resumes it "
	    "later from where it stopped");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_idle_refused(void)
{
	struct md_snapshot *snap = make_snapshot();

	refuse_sync(snap, "md0", "idle", "nothing to stop: md0 is idle");
	refuse_sync(snap, "md3", "idle", "stopping the recovery of md3 leaves "
	    "it degraded: refused");
	refuse_sync(snap, "md5", "idle", "nothing to stop: md5 is inactive");
	set_action(array(snap, "md4"), "reshape", "reshape", 10, 100);
	refuse_sync(snap, "md4", "idle", "stopping the reshape of md4 leaves "
	    "it between two layouts: refused");
	set_action(array(snap, "md0"), "frozen", NULL, -1, -1);
	refuse_sync(snap, "md0", "idle", "nothing to stop: md0 is frozen");
	md_snapshot_free(snap);
}

/* Apply the plan's writes to (min, max) and check min <= max holds after
 * each one. */
static void
check_speed_order(const struct change_plan *p, int min, int max)
{
	size_t i;

	for (i = 0; i < p->step_count; i++) {
		if (strcmp(p->steps[i].path, MD_SPEED_LIMIT_MIN_PATH) == 0)
			min = atoi(p->steps[i].data);
		else
			max = atoi(p->steps[i].data);
		CU_ASSERT(min <= max);
	}
}

static void
plan_speed(const struct md_snapshot *snap, int min, int max,
    struct change_plan *p)
{
	char *cause = NULL;
	char *command = xasprintf("md-speed-limit %d %d", min, max);

	CU_ASSERT_EQUAL_FATAL(md_plan_speed_limit(snap, min, max, p, &cause),
	    0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_STRING_EQUAL(p->command, command);
	CU_ASSERT(p->destructive && p->stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p->step_count, 2);
	free(command);
}

static void
test_speed_limit(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct change_plan p;

	plan_speed(snap, 1000, 200000, &p);
	CU_ASSERT_STRING_EQUAL(p.nothing, "MD resync speed limits already min "
	    "1000, max 200000, nothing to do");
	change_plan_free(&p);
	plan_speed(snap, 1000, 200001, &p);
	CU_ASSERT_PTR_NULL(p.nothing);
	change_plan_free(&p);
	plan_speed(snap, 50000, 500000, &p);
	CU_ASSERT_PTR_NULL(p.nothing);
	CU_ASSERT_STRING_EQUAL(p.summary, "Set the MD resync speed limits to "
	    "min 50000, max 500000 KB/s (now min 1000, max 200000)");
	unit_check_write(&p.steps[0], "speed_limit_min",
	    MD_SPEED_LIMIT_MIN_PATH, "50000",
	    "echo 50000 > /proc/sys/dev/raid/speed_limit_min");
	unit_check_write(&p.steps[1], "speed_limit_max",
	    MD_SPEED_LIMIT_MAX_PATH, "500000",
	    "echo 500000 > /proc/sys/dev/raid/speed_limit_max");
	check_speed_order(&p, 1000, 200000);
	change_plan_free(&p);

	/* The new min is above the old max: max goes first. */
	plan_speed(snap, 300000, 400000, &p);
	CU_ASSERT_STRING_EQUAL(p.steps[0].path, MD_SPEED_LIMIT_MAX_PATH);
	CU_ASSERT_STRING_EQUAL(p.steps[1].path, MD_SPEED_LIMIT_MIN_PATH);
	check_speed_order(&p, 1000, 200000);
	change_plan_free(&p);

	/* Lowering both: min first, or max would drop under the old min. */
	snap->speed_limit_min = 5000;
	plan_speed(snap, 10, 100, &p);
	CU_ASSERT_STRING_EQUAL(p.steps[0].path, MD_SPEED_LIMIT_MIN_PATH);
	check_speed_order(&p, 5000, 200000);
	change_plan_free(&p);

	plan_speed(snap, 1, MD_SPEED_LIMIT_MAX, &p);
	check_speed_order(&p, 5000, 200000);
	change_plan_free(&p);

	plan_speed(NULL, 7, 7, &p);
	CU_ASSERT_STRING_EQUAL(p.summary, "Set the MD resync speed limits to "
	    "min 7, max 7 KB/s (now unknown)");
	change_plan_free(&p);
	md_snapshot_free(snap);
}

static void
test_speed_limit_refused(void)
{
	struct md_snapshot *snap = make_snapshot();

	refuse_speed(snap, 0, 1000,
	    "the minimum speed must be 1..10000000 KB/s, not 0");
	refuse_speed(snap, -5, 1000,
	    "the minimum speed must be 1..10000000 KB/s, not -5");
	refuse_speed(snap, 10000001, 10000001,
	    "the minimum speed must be 1..10000000 KB/s, not 10000001");
	refuse_speed(snap, 1000, 0,
	    "the maximum speed must be 1..10000000 KB/s, not 0");
	refuse_speed(snap, 1000, 10000001,
	    "the maximum speed must be 1..10000000 KB/s, not 10000001");
	refuse_speed(snap, 2000, 1000, "the minimum speed (2000 KB/s) must "
	    "not be above the maximum (1000 KB/s)");
	md_snapshot_free(snap);
}

/* One disk of the Disks panel's snapshot. */
static void
fill_disk(struct disk *d, const char *name, enum erc_state erc, int erc_ds,
    int timeout)
{
	d->name = xstrdup(name);
	d->transport = xstrdup("sata");
	d->smart.protocol = xstrdup("ATA");
	d->smart.erc = erc;
	d->smart.erc_read_ds = erc_ds;
	d->smart.erc_write_ds = erc_ds;
	d->timeout = timeout;
	d->queue_depth = 32;
	d->size = -1;
	d->rotational = 1;
}

/* sda: SCT ERC 7 s; sdb: no SCT ERC, 30 s; sdc: ERC unknown, 30 s; sdf:
 * no SCT ERC, 30 s. */
static struct disk_snapshot *
make_disks(void)
{
	struct disk_snapshot *snap = xcalloc(1, sizeof *snap);

	snap->count = 4;
	snap->disks = xcalloc(snap->count, sizeof *snap->disks);
	fill_disk(&snap->disks[0], "sda", ERC_ENABLED, 70, 30);
	fill_disk(&snap->disks[1], "sdb", ERC_UNSUPPORTED, -1, 30);
	fill_disk(&snap->disks[2], "sdc", ERC_UNKNOWN, -1, 30);
	fill_disk(&snap->disks[3], "sdf", ERC_UNSUPPORTED, -1, 30);
	return snap;
}

static void
test_fix_timeouts(void)
{
	struct md_snapshot *md = make_snapshot();
	struct disk_snapshot *disks = make_disks();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(md_plan_fix_timeouts(md, disks, "md0", &p,
	    &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_STRING_EQUAL(p.command, "md-fix-timeouts md0");
	CU_ASSERT_STRING_EQUAL(p.summary, "Make error recovery RAID-safe on "
	    "the disks of md0 (sda sdb sdc): SCT ERC 7 s where supported, else "
	    "a kernel timeout of 180 s");
	CU_ASSERT(p.destructive);
	CU_ASSERT(!p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 3);
	unit_check_note(&p.steps[0], "sda", "SCT ERC already 7 s");
	unit_check_write(&p.steps[1], "sdb", "/sys/block/sdb/device/timeout",
	    "180", "echo 180 > /sys/block/sdb/device/timeout");
	unit_check_write(&p.steps[2], "sdc", "/sys/block/sdc/device/timeout",
	    "180", "echo 180 > /sys/block/sdc/device/timeout");
	change_plan_free(&p);

	/* md4: sdf is known and at risk; the others get a row saying so. */
	CU_ASSERT_EQUAL_FATAL(md_plan_fix_timeouts(md, disks, "/dev/md4", &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 5);
	CU_ASSERT_STRING_EQUAL(p.steps[0].target, "sdf");
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_WRITE);
	unit_check_note(&p.steps[1], "sdg",
	    "not a disk the Disks panel knows: left alone");
	unit_check_note(&p.steps[4], "nvme0n1",
	    "not a disk the Disks panel knows: left alone");
	change_plan_free(&p);
	disk_snapshot_free(disks);
	md_snapshot_free(md);
}

static void
refuse_fix(const struct md_snapshot *md, const struct disk_snapshot *disks,
    const char *a, const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = md_plan_fix_timeouts(md, disks, a, &p, &cause);
	check_refusal(rc, cause, &p, want);
}

static void
test_fix_timeouts_refused(void)
{
	struct md_snapshot *md = make_snapshot();
	struct disk_snapshot *disks = make_disks();

	refuse_fix(md, NULL, "md0", "the Disks panel has no data yet");
	refuse_fix(md, disks, "md9", "no array called md9 (known: md0 md1 md2 "
	    "md3 md4 md5 md126 md127)");
	refuse_fix(md, disks, "md3", "the Disks panel knows none of the disks "
	    "holding md3 (sdd sde)");
	disks->disks[1].timeout = 180;
	disks->disks[2].timeout = 300;
	refuse_fix(md, disks, "md0", "every member of md0 has SCT ERC or a "
	    "180 s timeout already");
	disk_snapshot_free(disks);
	md_snapshot_free(md);
}

/* disk_plan_raid_safe_only: the Disks policy, for named disks only. */
static void
test_raid_safe_only(void)
{
	struct disk_snapshot *disks = make_disks();
	struct disk_snapshot empty = { 0 };
	char sda[] = "sda", sdb[] = "sdb", sdq[] = "sdq";
	char *names[] = { sdb, sda, sdb }, *bad[] = { sdb, sdq };
	struct change_plan p;
	char *cause = NULL;
	int rc;

	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe_only(disks, names, 3, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disks-raid-safe-timeouts sdb sda");
	CU_ASSERT_STRING_EQUAL(p.summary, "Make error recovery RAID-safe on "
	    "sdb sda: SCT ERC 7 s where supported, else a kernel timeout of "
	    "180 s");
	CU_ASSERT(p.destructive && !p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 2);
	CU_ASSERT_STRING_EQUAL(p.steps[0].target, "sdb");
	unit_check_note(&p.steps[1], "sda", "SCT ERC already 7 s");
	change_plan_free(&p);

	unit_plan_sentinel(&p);
	rc = disk_plan_raid_safe_only(disks, bad, 2, &p, &cause);
	check_refusal(rc, cause, &p,
	    "no disk called sdq (known: sda sdb sdc sdf)");
	cause = NULL;
	rc = disk_plan_raid_safe_only(disks, names, 0, &p, &cause);
	check_refusal(rc, cause, &p, "no disk given");
	cause = NULL;
	rc = disk_plan_raid_safe_only(&empty, names, 1, &p, &cause);
	check_refusal(rc, cause, &p, "no disks are known");
	disk_snapshot_free(disks);
}

/* What the Disks snapshot says refuses an add, each with its reason. */
static void
test_add_refused_disks(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct md_array *md0 = array(snap, "md0");

	refuse_member(add_fn, snap, "md0", "sdz9",
	    "there is no device called sdz9 on this machine");
	refuse_member(add_fn, snap, "md0", "md1", "md1 is an MD array, not a "
	    "disk or partition: rackcon does not nest arrays");
	refuse_member(add_fn, snap, "md0", "md9", "md9 is an MD array, not a "
	    "disk or partition: rackcon does not nest arrays");
	refuse_member(add_fn, snap, "md0", "sdq1",
	    "sdq1 is already used by md9, another array");
	refuse_member(add_fn, snap, "md0", "sdq", "sdq holds a member of md9");
	refuse_member(add_fn, snap, "md0", "sdn1", "sdn1 is mounted on / (the "
	    "root filesystem): adding it would overwrite a filesystem in use");
	refuse_member(add_fn, snap, "md0", "sdo", "sdo holds sdo1, mounted on "
	    "/boot: adding it would overwrite a filesystem in use");
	refuse_member(add_fn, snap, "md0", "sdr", "sdr has partitions (sdr1): "
	    "add a partition, or remove the partition table first");
	/* Too small only where the array's member size is known. */
	md0->component_size = 31680LL * 1024;
	refuse_member(add_fn, snap, "md0", "sdp1", "sdp1 is too small for "
	    "md0: 8.0 MiB, and each member needs at least 30.9 MiB");
	refuse_member(re_add_fn, snap, "md0", "sdn1", "sdn1 is mounted on / "
	    "(the root filesystem): adding it would overwrite a filesystem in "
	    "use");
	md0->component_size = -1;
	/* Without the Disks panel's data nothing can be checked. */
	add_disks = &(struct disk_snapshot){ 0 };
	refuse_member(add_fn, snap, "md0", "sdd2",
	    "there is no device called sdd2 on this machine");
	add_disks = NULL;
	md_snapshot_free(snap);
}

static void
test_add_no_disks(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = md_plan_add(snap, NULL, "md0", "sdd2", &p, &cause);
	check_refusal(rc, cause, &p, "cannot check sdd2 yet: the Disks panel "
	    "has no data (its size, mounts and arrays are unknown)");
	md_snapshot_free(snap);
}

/* The picker's list: what md_plan_add accepts, and for re-add what carries
 * the array's superblock. */
static void
test_add_candidates(void)
{
	struct md_snapshot *snap = make_snapshot();
	struct disk_snapshot *disks = make_add_disks();
	char **v, *list, *cause = NULL;
	size_t n;

	set_str(&array(snap, "md0")->uuid,
	    "3fa0e1b2:7c1d4e55:8a9b0c1d:2e3f4a5b");
	array(snap, "md0")->component_size = 31680LL * 1024;
	n = md_plan_add_candidates(snap, disks, "md0", 0, &v);
	list = str_join(v, n, " ");
	CU_ASSERT_STRING_EQUAL(list, "sda5 sdd2 nvme0n1p2 loop3 sdm sdr1 "
	    "sds1");
	free(list);
	string_list_free(v, n);
	n = md_plan_add_candidates(snap, disks, "md0", 1, &v);
	CU_ASSERT_EQUAL(n, 1);
	if (n == 1)
		CU_ASSERT_STRING_EQUAL(v[0], "sds1");
	string_list_free(v, n);
	/* Another array's superblock is no re-add candidate; a raid0
	 * takes nothing. */
	CU_ASSERT_EQUAL(md_plan_add_candidates(snap, disks, "md1", 1, &v), 0);
	CU_ASSERT_EQUAL(md_plan_add_candidates(snap, disks, "md2", 0, &v), 0);
	CU_ASSERT_EQUAL(md_plan_add_candidates(snap, NULL, "md0", 0, &v), 0);
	CU_ASSERT_EQUAL(md_plan_add_check(snap, disks, "md0", "sdm", &cause),
	    0);
	CU_ASSERT_EQUAL(md_plan_add_check(snap, disks, "md0", "sdp1",
	    &cause), -1);
	free(cause);
	disk_snapshot_free(disks);
	md_snapshot_free(snap);
}

#if HAVE_DISKS_PLUGIN
extern const struct plugin_descriptor raid_plugin;

/* sysroot-md-add (see its README) read by both plugins, as the RAID
 * panel reads it: each device gets its answer. */
static void
test_add_fixture(void)
{
	static const struct {
		const char *member, *want;
	} cases[] = {
		{ "sdj1", NULL },
		{ "sdm", NULL },
		{ "sdk1", "sdk1 is mounted on / (the root filesystem): adding it "
		  "would overwrite a filesystem in use" },
		{ "sdl1", "sdl1 is too small for md4: 8.0 MiB, and each member "
		  "needs at least 30.9 MiB" },
		{ "sdj", "sdj has partitions (sdj1): add a partition, or remove "
		  "the partition table first" },
		{ "sdz", "there is no device called sdz on this machine" },
		{ "md1", "md1 is an MD array, not a disk or partition: rackcon "
		  "does not nest arrays" },
		{ "sde1", "sde1 is already a member of md3" },
	};
	struct plugin_host host = { .abi = PLUGIN_ABI };
	struct disk_snapshot *disks;
	struct md_snapshot *md;
	struct change_plan p;
	char *cause = NULL, **v, *list;
	void *h;
	size_t i, n;
	int rc;

	host.transport = transport_local_new(FIXTURE_DIR "/sysroot-md-add");
	disks = disk_sysfs_scan(host.transport, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(disks);
	h = raid_plugin.open(&host, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	md = raid_plugin.snapshot(h, 0, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unit_plan_sentinel(&p);
		cause = NULL;
		rc = md_plan_add(md, disks, "md4", cases[i].member, &p, &cause);
		if (cases[i].want != NULL) {
			check_refusal(rc, cause, &p, cases[i].want);
			continue;
		}
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_PTR_NULL(cause);
		if (rc == 0)
			change_plan_free(&p);
		free(cause);
	}
	n = md_plan_add_candidates(md, disks, "md4", 0, &v);
	list = str_join(v, n, " ");
	CU_ASSERT_STRING_EQUAL(list, "sdj1 sdm");
	free(list);
	string_list_free(v, n);
	raid_plugin.free_snapshot(md);
	raid_plugin.close(h);
	disk_snapshot_free(disks);
	transport_free(host.transport);
}
#endif

static void
md_plan_add_tests(CU_pSuite s)
{
	CU_add_test(s, "lookups", test_lookups);
	CU_add_test(s, "fail", test_fail);
	CU_add_test(s, "fail refused", test_fail_refused);
	CU_add_test(s, "remove", test_remove);
	CU_add_test(s, "remove refused", test_remove_refused);
	CU_add_test(s, "add", test_add);
	CU_add_test(s, "add refused", test_add_refused);
	CU_add_test(s, "add refused names", test_add_refused_names);
	CU_add_test(s, "hostile names refused", test_refused_hostile_names);
	CU_add_test(s, "add refused failed", test_add_refused_failed);
	CU_add_test(s, "re-add", test_re_add);
	CU_add_test(s, "add refused by the Disks data",
	    test_add_refused_disks);
	CU_add_test(s, "add without Disks data", test_add_no_disks);
	CU_add_test(s, "add candidates", test_add_candidates);
#if HAVE_DISKS_PLUGIN
	CU_add_test(s, "add on sysroot-md-add", test_add_fixture);
#endif
	CU_add_test(s, "resync member", test_resync_member);
	CU_add_test(s, "resync member refused", test_resync_member_refused);
	CU_add_test(s, "check and repair", test_check_repair);
	CU_add_test(s, "check refused", test_check_refused);
	CU_add_test(s, "idle", test_idle);
	CU_add_test(s, "idle refused", test_idle_refused);
	CU_add_test(s, "speed limit", test_speed_limit);
	CU_add_test(s, "speed limit refused", test_speed_limit_refused);
	CU_add_test(s, "fix timeouts", test_fix_timeouts);
	CU_add_test(s, "fix timeouts refused", test_fix_timeouts_refused);
	CU_add_test(s, "raid-safe only", test_raid_safe_only);
}
