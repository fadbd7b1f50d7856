/* Unit tests for the Disks command plans and the udev rule. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-plan.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("disk-plan", disk_plan_add_tests)

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* One disk of the test snapshot. */
static void
fill_disk(struct disk *d, const char *name, const char *transport,
    const char *protocol, const char *serial, enum erc_state erc, int erc_ds,
    int timeout, int queue_depth)
{
	d->name = xstrdup(name);
	d->transport = dup_or_null(transport);
	d->smart.protocol = dup_or_null(protocol);
	d->serial = dup_or_null(serial);
	d->smart.erc = erc;
	d->smart.erc_read_ds = erc_ds;
	d->smart.erc_write_ds = erc_ds;
	d->timeout = timeout;
	d->queue_depth = queue_depth;
	d->size = -1;
	d->rotational = -1;
}

static void
add_schedulers(struct disk *d, const char *current)
{
	d->scheduler = xstrdup(current);
	d->schedulers = xcalloc(2, sizeof *d->schedulers);
	d->schedulers[0] = xstrdup("mq-deadline");
	d->schedulers[1] = xstrdup("none");
	d->scheduler_count = 2;
}

/*
 * sda: SATA, SCT ERC 10 s; sdb: SATA without SCT ERC, serial only from
 * smartctl; nvme0n1; sdc: SAS, SCT ERC unknown, no serial.
 */
static struct disk_snapshot *
make_snapshot(void)
{
	struct disk_snapshot *snap = xcalloc(1, sizeof *snap);

	snap->count = 4;
	snap->disks = xcalloc(snap->count, sizeof *snap->disks);
	fill_disk(&snap->disks[0], "sda", "sata", "ATA", "WD-WCC4E0000001",
	    ERC_ENABLED, 100, 30, 32);
	add_schedulers(&snap->disks[0], "mq-deadline");
	fill_disk(&snap->disks[1], "sdb", "sata", "ATA", NULL,
	    ERC_UNSUPPORTED, -1, 30, 31);
	snap->disks[1].smart.serial = xstrdup(" Z1 X0 ");
	fill_disk(&snap->disks[2], "nvme0n1", "nvme", "NVMe",
	    "S4EWNX0R123456", ERC_UNSUPPORTED, -1, -1, -1);
	fill_disk(&snap->disks[3], "sdc", "sas", "SCSI", NULL, ERC_UNKNOWN, -1,
	    30, 64);
	for (size_t i = 0; i < snap->count; i++)
		snap->disks[i].md = xstrdup("md0");
	return snap;
}

/* make_snapshot() without arrays, plus sdd (USB) and sde (removable). */
static struct disk_snapshot *
make_snapshot_no_md(void)
{
	struct disk_snapshot *snap = make_snapshot();
	size_t i;

	for (i = 0; i < snap->count; i++) {
		free(snap->disks[i].md);
		snap->disks[i].md = NULL;
	}
	snap->disks = xreallocarray(snap->disks, 7, sizeof *snap->disks);
	memset(&snap->disks[4], 0, 3 * sizeof *snap->disks);
	fill_disk(&snap->disks[4], "sdd", "usb", "ATA", "USB0001",
	    ERC_UNSUPPORTED, -1, 30, 1);
	fill_disk(&snap->disks[5], "sde", "sata", "ATA", "CF0001",
	    ERC_UNSUPPORTED, -1, 30, 1);
	snap->disks[5].removable = 1;
	fill_disk(&snap->disks[6], "loop0", "loop", NULL, NULL, ERC_UNKNOWN,
	    -1, -1, -1);
	snap->count = 7;
	return snap;
}

static struct disk *
find(struct disk_snapshot *snap, const char *name)
{
	size_t i;

	for (i = 0; i < snap->count; i++) {
		if (strcmp(snap->disks[i].name, name) == 0)
			return &snap->disks[i];
	}
	return NULL;
}

static void
refuse_timeout(const struct disk_snapshot *snap, const char *disk, int n,
    const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = disk_plan_set_timeout(snap, disk, n, &p, &cause);
	unit_check_refusal(rc, cause, &p, want);
}

static void
refuse_depth(const struct disk_snapshot *snap, const char *disk, int n,
    const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = disk_plan_set_queue_depth(snap, disk, n, &p, &cause);
	unit_check_refusal(rc, cause, &p, want);
}

static void
refuse_sched(const struct disk_snapshot *snap, const char *disk,
    const char *s, const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = disk_plan_set_scheduler(snap, disk, s, &p, &cause);
	unit_check_refusal(rc, cause, &p, want);
}

static void
refuse_erc(const struct disk_snapshot *snap, const char *disk, int r, int w,
    const char *want)
{
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = disk_plan_set_erc(snap, disk, r, w, &p, &cause);
	unit_check_refusal(rc, cause, &p, want);
}

static void
test_unknown_disk(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct disk_snapshot empty = { 0 };

	refuse_timeout(snap, "sdq", 180,
	    "no disk called sdq (known: sda sdb nvme0n1 sdc)");
	refuse_depth(snap, "sdq", 1,
	    "no disk called sdq (known: sda sdb nvme0n1 sdc)");
	refuse_sched(snap, "sdq", "none",
	    "no disk called sdq (known: sda sdb nvme0n1 sdc)");
	refuse_erc(snap, "sdq", 70, 70,
	    "no disk called sdq (known: sda sdb nvme0n1 sdc)");
	refuse_timeout(&empty, "sda", 180,
	    "no disk called sda (no disks are known)");
	refuse_timeout(snap, NULL, 180, "no disk given");
	refuse_timeout(snap, "", 180, "no disk given");
	disk_snapshot_free(snap);
}

static void
test_set_timeout(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_timeout(snap, "sdb", 180, &p,
	    &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_STRING_EQUAL(p.command, "disk-set-timeout sdb 180");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Set the kernel command timeout of sdb to 180 s (now 30 s)");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT(p.destructive);
	CU_ASSERT(p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	unit_check_write(&p.steps[0], "sdb", "/sys/block/sdb/device/timeout",
	    "180", "echo 180 > /sys/block/sdb/device/timeout");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_timeout(snap, "sdb", 60, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.warning, "sdb has no SCT ERC: under 180 s "
	    "the kernel may reset it while it retries a bad sector, and a "
	    "RAID array may drop it.");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_timeout(snap, "sda", 10, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.warning, "A kernel timeout of 10 s is not "
	    "longer than the SCT ERC of sda (10.0 s): the kernel may reset "
	    "the drive while it is still recovering.");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_timeout(snap, "sda", 3600, &p,
	    &cause), 0);
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT_PTR_NULL(p.nothing);
	change_plan_free(&p);

	/* To the value it has: nothing to do, said instead of a plan. */
	CU_ASSERT_EQUAL_FATAL(disk_plan_set_timeout(snap, "sdb", 30, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.nothing,
	    "sdb: timeout already 30 s, nothing to do");
	change_plan_free(&p);
	disk_snapshot_free(snap);
}

static void
test_set_timeout_refused(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct disk *sdc = find(snap, "sdc");

	refuse_timeout(snap, "sda", 0,
	    "timeout must be 1..3600 seconds, not 0");
	refuse_timeout(snap, "sda", 3601,
	    "timeout must be 1..3600 seconds, not 3601");
	refuse_timeout(snap, "sda", -5,
	    "timeout must be 1..3600 seconds, not -5");
	refuse_timeout(snap, "nvme0n1", 180, "nvme0n1 has no kernel command "
	    "timeout (device/timeout): NVMe uses nvme_core.io_timeout");
	sdc->timeout = -1;
	free(sdc->transport);
	sdc->transport = xstrdup("virtio");
	refuse_timeout(snap, "sdc", 180,
	    "sdc has no kernel command timeout (device/timeout)");
	disk_snapshot_free(snap);
}

static void
test_set_queue_depth(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_queue_depth(snap, "sda", 1, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disk-set-queue-depth sda 1");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Set the queue depth of sda to 1 (now 32)");
	CU_ASSERT_STRING_EQUAL(p.warning,
	    "Queue depth 1 turns NCQ (native command queuing) off for sda.");
	CU_ASSERT(p.destructive && p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	unit_check_write(&p.steps[0], "sda",
	    "/sys/block/sda/device/queue_depth", "1",
	    "echo 1 > /sys/block/sda/device/queue_depth");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_queue_depth(snap, "sda", 32, &p,
	    &cause), 0);
	CU_ASSERT_PTR_NULL(p.warning);
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_queue_depth(snap, "sdc", 1, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.warning,
	    "Queue depth 1 turns command queuing off for sdc.");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_queue_depth(snap, "sdc", 254, &p,
	    &cause), 0);
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

static void
test_set_queue_depth_refused(void)
{
	struct disk_snapshot *snap = make_snapshot();

	refuse_depth(snap, "sda", 0, "queue depth must be 1..32, not 0");
	refuse_depth(snap, "sda", 33, "queue depth must be 1..32, not 33");
	refuse_depth(snap, "sdc", 1025,
	    "queue depth must be 1..1024, not 1025");
	refuse_depth(snap, "nvme0n1", 8,
	    "nvme0n1 has no queue depth (device/queue_depth)");
	find(snap, "sdb")->queue_depth = -1;
	refuse_depth(snap, "sdb", 8,
	    "sdb has no NCQ queue depth (device/queue_depth)");
	disk_snapshot_free(snap);
}

static void
test_set_scheduler(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_scheduler(snap, "sda", "none", &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disk-set-scheduler sda none");
	CU_ASSERT_STRING_EQUAL(p.summary,
	    "Set the I/O scheduler of sda to none (now mq-deadline)");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT(p.destructive && p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	unit_check_write(&p.steps[0], "sda", "/sys/block/sda/queue/scheduler",
	    "none", "echo none > /sys/block/sda/queue/scheduler");
	CU_ASSERT_PTR_NULL(p.nothing);
	change_plan_free(&p);
	CU_ASSERT_EQUAL_FATAL(disk_plan_set_scheduler(snap, "sda",
	    "mq-deadline", &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.nothing,
	    "sda: scheduler already mq-deadline, nothing to do");
	change_plan_free(&p);

	refuse_sched(snap, "sda", "foo",
	    "sda does not offer scheduler foo (it offers: mq-deadline none)");
	refuse_sched(snap, "sda", "", "no scheduler given");
	refuse_sched(snap, "sda", NULL, "no scheduler given");
	refuse_sched(snap, "nvme0n1", "none",
	    "nvme0n1 has no I/O scheduler to choose (queue/scheduler)");
	disk_snapshot_free(snap);
}

/* Each disk-set command to the value the disk has: nothing to do. */
static void
test_nothing_to_do(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_queue_depth(snap, "sda", 32, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.nothing,
	    "sda: queue depth already 32, nothing to do");
	change_plan_free(&p);
	CU_ASSERT_EQUAL_FATAL(disk_plan_set_erc(snap, "sda", 100, 100, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.nothing, "sda: SCT ERC already read 10.0 s, "
	    "write 10.0 s, nothing to do");
	change_plan_free(&p);
	CU_ASSERT_EQUAL_FATAL(disk_plan_set_erc(snap, "sda", 100, 70, &p,
	    &cause), 0);
	CU_ASSERT_PTR_NULL(p.nothing);
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

static void
test_set_erc(void)
{
	struct disk_snapshot *snap = make_snapshot();
	const char *want[] = { "smartctl", "-q", "errorsonly", "-l",
	    "scterc,70,70", "/dev/sda", NULL };
	struct change_plan p;
	char *cause = NULL;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_erc(snap, "sda", 70, 70, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disk-set-erc sda 70 70");
	CU_ASSERT_STRING_EQUAL(p.summary, "Set the SCT ERC limits of sda to "
	    "read 7.0 s, write 7.0 s (now read 10.0 s, write 10.0 s)");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT_PTR_NULL(p.nothing);
	CU_ASSERT(p.destructive && p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_RUN);
	CU_ASSERT_EQUAL(p.steps[0].fail_mask, 0x07);
	for (i = 0; want[i] != NULL; i++)
		CU_ASSERT_STRING_EQUAL(p.steps[0].argv[i], want[i]);
	CU_ASSERT_PTR_NULL(p.steps[0].argv[i]);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "smartctl -q errorsonly -l scterc,70,70 /dev/sda");
	change_plan_free(&p);

	CU_ASSERT_EQUAL_FATAL(disk_plan_set_erc(snap, "sda", 0, 32767, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.summary, "Set the SCT ERC limits of sda to "
	    "read off, write 3276.7 s (now read 10.0 s, write 10.0 s)");
	CU_ASSERT_STRING_EQUAL(p.warning, "With SCT ERC off, sda may retry a "
	    "bad sector for minutes and a RAID array may drop it.");
	change_plan_free(&p);

	/* Unknown (smartctl failed): try it; smartctl will say. */
	free(find(snap, "sdc")->smart.protocol);
	find(snap, "sdc")->smart.protocol = NULL;
	CU_ASSERT_EQUAL_FATAL(disk_plan_set_erc(snap, "sdc", 70, 70, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.summary, "Set the SCT ERC limits of sdc to "
	    "read 7.0 s, write 7.0 s (now unknown)");
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

static void
test_set_erc_refused(void)
{
	struct disk_snapshot *snap = make_snapshot();

	refuse_erc(snap, "sda", 32768, 70,
	    "SCT ERC must be 0 (off) or 1..32767 deciseconds, not 32768");
	refuse_erc(snap, "sda", 70, -1,
	    "SCT ERC must be 0 (off) or 1..32767 deciseconds, not -1");
	refuse_erc(snap, "sdb", 70, 70, "SCT ERC of sdb cannot be set: the "
	    "drive does not support it; raise its kernel timeout instead: "
	    "disk-set-timeout sdb 180");
	refuse_erc(snap, "nvme0n1", 70, 70, "SCT ERC of nvme0n1 cannot be "
	    "set: the drive does not support it");
	refuse_erc(snap, "sdc", 70, 70, "SCT ERC of sdc cannot be set: it is "
	    "an ATA feature and sdc is a SCSI disk");
	free(find(snap, "sdc")->smart.protocol);
	find(snap, "sdc")->smart.protocol = NULL;
	snap->smartctl_missing = 1;
	refuse_erc(snap, "sdc", 70, 70,
	    "SCT ERC of sdc cannot be set: smartctl is not installed");
	disk_snapshot_free(snap);
}

static void
test_raid_safe(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, 0, &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disks-raid-safe-timeouts");
	CU_ASSERT_STRING_EQUAL(p.summary, "Make error recovery RAID-safe on "
	    "sda sdb nvme0n1 sdc: SCT ERC 7 s where supported, else a kernel "
	    "timeout of 180 s");
	CU_ASSERT_PTR_NULL(p.warning);
	CU_ASSERT(p.destructive);
	CU_ASSERT(!p.stop_on_error);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 4);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_RUN);
	CU_ASSERT_STRING_EQUAL(p.steps[0].target, "sda");
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "smartctl -q errorsonly -l scterc,70,70 /dev/sda");
	CU_ASSERT_STRING_EQUAL(p.steps[0].note, "SCT ERC 7 s");
	CU_ASSERT_EQUAL(p.steps[0].fail_mask, 0x07);
	unit_check_write(&p.steps[1], "sdb", "/sys/block/sdb/device/timeout",
	    "180", "echo 180 > /sys/block/sdb/device/timeout");
	CU_ASSERT_STRING_EQUAL(p.steps[1].note,
	    "drive has no SCT ERC: kernel timeout raised to 180 s");
	unit_check_note(&p.steps[2], "nvme0n1",
	    "not applicable (no SCSI command timeout)");
	unit_check_write(&p.steps[3], "sdc", "/sys/block/sdc/device/timeout",
	    "180", "echo 180 > /sys/block/sdc/device/timeout");
	/* smartctl is there: no guess that it is missing. */
	CU_ASSERT_STRING_EQUAL(p.steps[3].note, "SCT ERC unknown: kernel "
	    "timeout raised to 180 s");
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

static void
test_raid_safe_already(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL;

	find(snap, "sda")->smart.erc_read_ds = 70;
	find(snap, "sda")->smart.erc_write_ds = 70;
	find(snap, "sdb")->timeout = 180;
	find(snap, "sdc")->timeout = 300;
	snap->smartctl_missing = 1;
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, 0, &p, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 4);
	unit_check_note(&p.steps[0], "sda", "SCT ERC already 7 s");
	unit_check_note(&p.steps[1], "sdb",
	    "drive has no SCT ERC: kernel timeout already 180 s");
	unit_check_note(&p.steps[3], "sdc",
	    "SCT ERC unknown (smartctl is not installed): "
	    "kernel timeout already 300 s");
	CU_ASSERT_STRING_EQUAL(p.warning, "smartctl is not installed: SCT ERC "
	    "cannot be read or set, so kernel timeouts are raised instead.");
	change_plan_free(&p);

	/* Read 7 s but write off: supported, so set it. */
	find(snap, "sda")->smart.erc = ERC_DISABLED;
	find(snap, "sda")->smart.erc_write_ds = 0;
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, 0, &p, &cause), 0);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_RUN);
	change_plan_free(&p);
	disk_snapshot_free(snap);
}

static void
test_raid_safe_refused(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct disk_snapshot empty = { 0 };
	struct change_plan p;
	char *cause = NULL;
	int rc;

	unit_plan_sentinel(&p);
	rc = disk_plan_raid_safe(&empty, 0, &p, &cause);
	unit_check_refusal(rc, cause, &p, "no disks are known");
	cause = NULL;
	snap->udev_rule = xstrdup("# my own rule\nKERNEL==\"sd*\"\n");
	rc = disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE, &p, &cause);
	unit_check_refusal(rc, cause, &p, DISK_UDEV_RULE_PATH " exists and was "
	    "not written by rackcon; it will not be overwritten (move it "
	    "away, or run without the udev rule)");
	/* Without the rule, the user's file is not touched and not a bar. */
	cause = NULL;
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, 0, &p, &cause), 0);
	CU_ASSERT_EQUAL(p.step_count, 4);
	change_plan_free(&p);
	disk_snapshot_free(snap);
}

static const struct change_step *
last_step(const struct change_plan *p)
{
	return &p->steps[p->step_count - 1];
}

static void
test_raid_safe_udev_create(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL, *rule = disk_udev_rule(snap, 0), *shell;
	const struct change_step *s;

	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE, &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command,
	    "disks-raid-safe-timeouts --udev-rule");
	CU_ASSERT_PTR_NOT_NULL(strstr(p.summary,
	    "; write " DISK_UDEV_RULE_PATH));
	CU_ASSERT_EQUAL_FATAL(p.step_count, 5);
	s = last_step(&p);
	CU_ASSERT_EQUAL(s->kind, STEP_CREATE);
	CU_ASSERT_STRING_EQUAL(s->target, "udev-rule");
	CU_ASSERT_STRING_EQUAL(s->path, DISK_UDEV_RULE_PATH);
	CU_ASSERT_STRING_EQUAL(s->data, rule);
	shell = xasprintf("(set -C; cat > %s) <<'EOF'\n%sEOF",
	    DISK_UDEV_RULE_PATH, rule);
	CU_ASSERT_STRING_EQUAL(s->shell, shell);
	free(shell);
	change_plan_free(&p);
	free(rule);
	disk_snapshot_free(snap);
}

static void
test_raid_safe_udev_rewrite(void)
{
	struct disk_snapshot *snap = make_snapshot();
	struct change_plan p;
	char *cause = NULL, *rule = disk_udev_rule(snap, 0);
	const struct change_step *s;

	snap->udev_rule = xstrdup(DISK_UDEV_RULE_MARK "\n# an older rule\n");
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE, &p, &cause), 0);
	s = last_step(&p);
	CU_ASSERT_EQUAL(s->kind, STEP_WRITE);
	CU_ASSERT_STRING_EQUAL(s->path, DISK_UDEV_RULE_PATH);
	CU_ASSERT_STRING_EQUAL(s->data, rule);
	CU_ASSERT_EQUAL(strncmp(s->shell, "cat > " DISK_UDEV_RULE_PATH
	    " <<'EOF'\n" DISK_UDEV_RULE_MARK "\n", strlen("cat > "
	    DISK_UDEV_RULE_PATH " <<'EOF'\n" DISK_UDEV_RULE_MARK "\n")), 0);
	change_plan_free(&p);

	free(snap->udev_rule);
	snap->udev_rule = rule;
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE, &p, &cause), 0);
	unit_check_note(last_step(&p), "udev-rule",
	    "udev rule already up to date");
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

static size_t
count_matches(const char *text, const char *needle)
{
	size_t n = 0;

	while ((text = strstr(text, needle)) != NULL) {
		n++;
		text += strlen(needle);
	}
	return n;
}

static void
test_udev_rule(void)
{
	struct disk_snapshot *snap = make_snapshot();
	char *rule;

	find(snap, "sdc")->timeout = 300;
	rule = disk_udev_rule(snap, 0);
	CU_ASSERT_EQUAL(strncmp(rule, DISK_UDEV_RULE_MARK "\n",
	    strlen(DISK_UDEV_RULE_MARK) + 1), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "\n# sda: SCT ERC 7 s\n"
	    "ACTION==\"add|change\", SUBSYSTEM==\"block\", "
	    "ENV{DEVTYPE}==\"disk\", "
	    "ENV{ID_SERIAL_SHORT}==\"WD-WCC4E0000001\", "
	    "RUN+=\"/usr/sbin/smartctl -q errorsonly -l scterc,70,70 "
	    "/dev/%k\"\n"));
	/* The serial from smartctl, trimmed, blanks as udev writes them. */
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "\n# sdb: kernel timeout 180 s\n"
	    "ACTION==\"add|change\", SUBSYSTEM==\"block\", "
	    "ENV{DEVTYPE}==\"disk\", ENV{ID_SERIAL_SHORT}==\"Z1_X0\", "
	    "ATTR{device/timeout}=\"180\"\n"));
	/* No serial: matched by name; a longer timeout is kept. */
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "\n# sdc: kernel timeout 300 s\n"
	    "# sdc has no serial number: matched by kernel name, which can "
	    "change between boots.\n"
	    "ACTION==\"add|change\", SUBSYSTEM==\"block\", "
	    "ENV{DEVTYPE}==\"disk\", KERNEL==\"sdc\", "
	    "ATTR{device/timeout}=\"300\"\n"));
	CU_ASSERT_PTR_NULL(strstr(rule, "nvme0n1"));
	CU_ASSERT_EQUAL(count_matches(rule, "\nACTION=="), 3);
	CU_ASSERT_EQUAL(rule[strlen(rule) - 1], '\n');
	free(rule);
	disk_snapshot_free(snap);
}

static void
check_bad_serial(const char *serial)
{
	struct disk_snapshot *snap = make_snapshot();
	struct disk *sda = find(snap, "sda");
	char *rule;

	free(sda->serial);
	sda->serial = xstrdup(serial);
	rule = disk_udev_rule(snap, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "\n# sda: SCT ERC 7 s\n# sda: "
	    "skipped, its serial number has characters a udev rule cannot "
	    "match.\n"));
	CU_ASSERT_EQUAL(count_matches(rule, "\nACTION=="), 2);
	CU_ASSERT_PTR_NULL(strstr(rule, "scterc"));
	free(rule);
	disk_snapshot_free(snap);
}

static void
test_udev_rule_bad_serials(void)
{
	check_bad_serial("WD\"X");
	check_bad_serial("WD\\X");
	check_bad_serial("WD\nACTION==\"add\"");
	check_bad_serial("WD*");
	check_bad_serial("WD|X");
}

/* Without arrays nothing is at risk, and raid-safe refuses unless --all. */
static void
test_raid_safe_members_only(void)
{
	struct disk_snapshot *snap = make_snapshot_no_md();
	struct change_plan p;
	char *cause = NULL;
	size_t i;
	int rc;

	for (i = 0; i < snap->count; i++)
		CU_ASSERT(!disk_raid_timeout_risk(&snap->disks[i]));
	/* The drive itself would be at risk in an array. */
	CU_ASSERT(disk_timeout_risk(find(snap, "sdb")));
	unit_plan_sentinel(&p);
	rc = disk_plan_raid_safe(snap, 0, &p, &cause);
	unit_check_refusal(rc, cause, &p, "no disk is in an MD array; "
	    "disks-raid-safe-timeouts --all acts on every disk that is not "
	    "removable or USB");
	cause = NULL;
	rc = disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE, &p, &cause);
	CU_ASSERT_EQUAL(rc, -1);
	free(cause);
	cause = NULL;

	/* --all: every disk but the USB stick, the removable one and loop0. */
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_ALL, &p,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "disks-raid-safe-timeouts --all");
	CU_ASSERT_STRING_EQUAL(p.summary, "Make error recovery RAID-safe on "
	    "sda sdb nvme0n1 sdc: SCT ERC 7 s where supported, else a kernel "
	    "timeout of 180 s");
	CU_ASSERT_EQUAL(p.step_count, 4);
	change_plan_free(&p);
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_ALL |
	    DISK_RAID_UDEV_RULE, &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command,
	    "disks-raid-safe-timeouts --all --udev-rule");
	CU_ASSERT_EQUAL_FATAL(p.step_count, 5);
	CU_ASSERT_PTR_NULL(strstr(last_step(&p)->data, "sdd"));
	CU_ASSERT_PTR_NULL(strstr(last_step(&p)->data, "sde"));
	CU_ASSERT_PTR_NOT_NULL(strstr(last_step(&p)->data,
	    "ENV{ID_SERIAL_SHORT}==\"Z1_X0\""));
	change_plan_free(&p);
	CU_ASSERT_PTR_NULL(cause);
	disk_snapshot_free(snap);
}

/* Members only by default: sdb in md0 is acted on, sdc (no array) and the
 * USB stick are not, in the plan and in the udev rule. */
static void
test_raid_safe_some_members(void)
{
	struct disk_snapshot *snap = make_snapshot_no_md();
	struct change_plan p;
	char *cause = NULL, *rule;

	find(snap, "sdb")->md = xstrdup("md0");
	find(snap, "sdd")->md = xstrdup("md1");
	CU_ASSERT(disk_raid_timeout_risk(find(snap, "sdb")));
	CU_ASSERT(!disk_raid_timeout_risk(find(snap, "sdc")));
	CU_ASSERT_EQUAL_FATAL(disk_plan_raid_safe(snap, DISK_RAID_UDEV_RULE,
	    &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.summary, "Make error recovery RAID-safe on "
	    "sdb sdd: SCT ERC 7 s where supported, else a kernel timeout of "
	    "180 s; write " DISK_UDEV_RULE_PATH);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 3);
	rule = disk_udev_rule(snap, 0);
	CU_ASSERT_STRING_EQUAL(last_step(&p)->data, rule);
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "# Disks: the members of MD "
	    "arrays, each matched by its serial number.\n"));
	/* A USB disk that is a member is matched: it is in the array. */
	CU_ASSERT_EQUAL(count_matches(rule, "\nACTION=="), 2);
	CU_ASSERT_PTR_NULL(strstr(rule, "sdc"));
	free(rule);
	rule = disk_udev_rule(snap, DISK_RAID_ALL);
	CU_ASSERT_PTR_NULL(strstr(rule, "USB0001"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "\n# sdc: kernel timeout 180 s\n"));
	free(rule);
	change_plan_free(&p);
	disk_snapshot_free(snap);
}

static void
check_refusal(const struct disk_snapshot *snap, const char *command,
    const char *disk, const char *want)
{
	char *why = disk_plan_refusal(snap, command, disk);

	if (want == NULL) {
		CU_ASSERT_PTR_NULL(why);
	} else {
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		CU_ASSERT_STRING_EQUAL(why, want);
	}
	free(why);
}

/* What the menu leaves out and the form will not open for: the reason is
 * the one the plan gives when the command is typed. */
static void
test_refusal(void)
{
	struct disk_snapshot *snap = make_snapshot();

	check_refusal(snap, "disk-set-erc", "sda", NULL);
	check_refusal(snap, "disk-set-erc", "sdb", "SCT ERC of sdb cannot be "
	    "set: the drive does not support it; raise its kernel timeout "
	    "instead: disk-set-timeout sdb 180");
	check_refusal(snap, "disk-set-erc", "nvme0n1", "SCT ERC of nvme0n1 "
	    "cannot be set: the drive does not support it");
	check_refusal(snap, "disk-set-erc", "sdc", "SCT ERC of sdc cannot be "
	    "set: it is an ATA feature and sdc is a SCSI disk");
	check_refusal(snap, "disk-set-timeout", "sdb", NULL);
	check_refusal(snap, "disk-set-timeout", "nvme0n1", "nvme0n1 has no "
	    "kernel command timeout (device/timeout)");
	check_refusal(snap, "disk-set-queue-depth", "nvme0n1", "nvme0n1 has "
	    "no queue depth (device/queue_depth)");
	check_refusal(snap, "disk-set-scheduler", "sda", NULL);
	check_refusal(snap, "disk-set-scheduler", "sdb", "sdb has no I/O "
	    "scheduler to choose (queue/scheduler)");
	check_refusal(snap, "disk-set-erc", "nosuch", NULL);
	check_refusal(snap, "disk-smart-refresh", "sdb", NULL);
	disk_snapshot_free(snap);
}

static void
disk_plan_add_tests(CU_pSuite s)
{
	CU_add_test(s, "unknown disk", test_unknown_disk);
	CU_add_test(s, "set timeout", test_set_timeout);
	CU_add_test(s, "set timeout refused", test_set_timeout_refused);
	CU_add_test(s, "set queue depth", test_set_queue_depth);
	CU_add_test(s, "set queue depth refused", test_set_queue_depth_refused);
	CU_add_test(s, "set scheduler", test_set_scheduler);
	CU_add_test(s, "nothing to do", test_nothing_to_do);
	CU_add_test(s, "set erc", test_set_erc);
	CU_add_test(s, "set erc refused", test_set_erc_refused);
	CU_add_test(s, "raid-safe", test_raid_safe);
	CU_add_test(s, "raid-safe already", test_raid_safe_already);
	CU_add_test(s, "raid-safe refused", test_raid_safe_refused);
	CU_add_test(s, "raid-safe udev create", test_raid_safe_udev_create);
	CU_add_test(s, "raid-safe udev rewrite", test_raid_safe_udev_rewrite);
	CU_add_test(s, "udev rule", test_udev_rule);
	CU_add_test(s, "udev rule bad serials", test_udev_rule_bad_serials);
	CU_add_test(s, "refusal", test_refusal);
	CU_add_test(s, "raid-safe members only", test_raid_safe_members_only);
	CU_add_test(s, "raid-safe some members", test_raid_safe_some_members);
}
