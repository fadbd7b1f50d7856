/* Unit tests for the Disks plugin: sysfs scan, parsers, SMART and blkid
 * caches, standby. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "disk-blkid.h"
#include "disk-plan.h"
#include "disk-sysfs.h"
#include "disk.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("disk-sysfs", disk_sysfs_add_tests)

extern const struct plugin_descriptor rackcon_plugin;

#define FIXTURE    "sysroot-disks"
#define SECTORS(n) ((n)*512LL)

/* --- helpers ------------------------------------------------------------- */

static struct disk_snapshot *
scan_fixture(struct transport **t)
{
	char *root = unit_fixture_path(FIXTURE), *cause = NULL;
	struct disk_snapshot *snap;

	*t = transport_local_new(root);
	free(root);
	snap = disk_sysfs_scan(*t, &cause);
	if (cause != NULL)
		fprintf(stderr, "\nscan: %s\n", cause);
	free(cause);
	return snap;
}

/* The path of an admin tool (mkfs.ext4...), or NULL when not installed. */
static char *
find_tool(const char *name)
{
	const char *env = getenv("PATH");
	char *search, *dir, *save = NULL, *path = NULL;

	search = xasprintf("%s:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin",
	                   env != NULL ? env : "");
	for (dir = strtok_r(search, ":", &save); dir != NULL;
	     dir = strtok_r(NULL, ":", &save)) {
		path = xasprintf("%s/%s", dir, name);
		if (access(path, X_OK) == 0)
			break;
		free(path);
		path = NULL;
	}
	free(search);
	return path;
}

/* A writable copy of the fixture in a new temp dir, or NULL. */
static char *
copy_fixture(void)
{
	char cp[] = "/bin/cp", a[] = "-a";
	char *dir = unit_temp_dir("disks"), *src, *dst;
	char *argv[] = {cp, a, NULL, NULL, NULL};
	int rc;

	if (dir == NULL)
		return NULL;
	src = unit_fixture_path(FIXTURE "/.");
	dst = xasprintf("%s/root", dir);
	argv[2] = src;
	argv[3] = dst;
	rc = unit_run_quiet(argv);
	CU_ASSERT_EQUAL(rc, 0);
	free(src);
	free(dst);
	return dir;
}

/* --- the fixture: every field of every disk ------------------------------ */

struct disk_expect {
	const char *name;
	long long size;
	const char *model;
	const char *serial;
	const char *vendor;
	int rotational;
	const char *transport;
	const char *scheduler;
	const char *schedulers; /* joined with spaces */
	int queue_depth;
	int timeout;
	const char *md;
	const char *mountpoints;
	size_t partition_count;
	const char *error;
};

static const struct disk_expect disk_expects[] = {
    {"loop0", SECTORS(8192), NULL, NULL, NULL, 0, "loop", "none",
     "none mq-deadline kyber bfq", -1, -1, NULL, "/mnt/image", 0, NULL},
    /* MD arrays are listed as the block devices they are (no transport). */
    {"md0", SECTORS(7811674112LL), NULL, NULL, NULL, 1, NULL, "none", "none",
     -1, -1, NULL, "/srv/raid", 0, NULL},
    {"md1", SECTORS(3516066816LL), NULL, NULL, NULL, 1, NULL, "none", "none",
     -1, -1, NULL, NULL, 0, NULL},
    {"nvme0n1", SECTORS(1953525168LL), "Sabrent Rocket 4.0 1TB",
     "6D1107091C9583054511", NULL, 0, "nvme", "none", "none mq-deadline", -1,
     -1, NULL, "/boot/efi", 1, NULL},
    {"sda", SECTORS(7814037168LL), "WDC WD40EFRX-68N", "WD-WCC7K1KS6VRL", "ATA",
     1, "sata", "mq-deadline", "mq-deadline kyber bfq none", 32, 30, "md0",
     "/srv/scratch,/export/scratch", 2, NULL},
    {"sdb", SECTORS(976773168LL), "Hitachi HDS72105", NULL, "ATA", 1, "sata",
     "bfq", "mq-deadline kyber bfq none", 32, 30, "md0", NULL, 1, NULL},
    {"sdc", SECTORS(3516328368LL), "AL15SEB18EQY", "Y9S012345678", "TOSHIBA", 1,
     "sas", "none", "none mq-deadline", 254, 30, "md1", NULL, 0, NULL},
    {"sdd", SECTORS(30651688LL), "pSSD", NULL, "SanDisk", 1, "usb", "bfq",
     "mq-deadline kyber bfq none", 1, 30, NULL, "/media/usb backup", 1, NULL},
    {"sde", SECTORS(1953525168LL), "WDC WD10EFRX-68P", "WD-WCC4JABCDESZ", "ATA",
     1, "sata", "mq-deadline", "mq-deadline kyber bfq none", -1, -1, NULL,
     "[SWAP]", 0,
     "queue_depth: malformed 'abc'; timeout: unreadable (Is a "
     "directory)"},
    {"vda", SECTORS(41943040LL), NULL, "rackcon-vda-01", NULL, 1, "virtio",
     "mq-deadline", "none mq-deadline kyber bfq", -1, -1, NULL, "/", 0, NULL},
};

struct part_expect {
	const char *disk;
	size_t index;
	const char *name;
	long long size;
	const char *mountpoint;
	const char *md;
};

static const struct part_expect part_expects[] = {
    {"nvme0n1", 0, "nvme0n1p1", SECTORS(1048576LL), "/boot/efi", NULL},
    {"sda", 0, "sda1", SECTORS(7811938304LL), NULL, "md0"},
    {"sda", 1, "sda2", SECTORS(2095104LL), "/srv/scratch", NULL},
    {"sdb", 0, "sdb1", SECTORS(976771072LL), NULL, "md0"},
    {"sdd", 0, "sdd1", SECTORS(30649640LL), "/media/usb backup", NULL},
};

static void
check_disk(const struct disk *d, const struct disk_expect *e)
{
	char *joined = str_join(d->schedulers, d->scheduler_count, " ");

	CHECK_STR(d->name, e->name, "name");
	CHECK_LL(d->size, e->size, e->name);
	CHECK_STR(d->model, e->model, "model");
	CHECK_STR(d->serial, e->serial, "serial");
	CHECK_STR(d->vendor, e->vendor, "vendor");
	CHECK_LL(d->rotational, e->rotational, "rotational");
	CHECK_STR(d->transport, e->transport, "transport");
	CHECK_STR(d->scheduler, e->scheduler, "scheduler");
	CHECK_STR(joined, e->schedulers, "schedulers");
	CHECK_LL(d->queue_depth, e->queue_depth, "queue_depth");
	CHECK_LL(d->timeout, e->timeout, "timeout");
	CHECK_STR(d->md, e->md, "md");
	CHECK_STR(d->mountpoints, e->mountpoints, "mountpoints");
	CHECK_LL(d->partition_count, e->partition_count, "partition_count");
	CHECK_STR(d->error, e->error, "error");
	CHECK_STR(d->whole.name, NULL, "whole.name");
	CHECK_LL(d->smart.valid, 0, "smart.valid");
	CHECK_LL(d->smart.temperature, -1, "smart.temperature");
	CHECK_LL(d->smart.erc_read_ds, -1, "smart.erc_read_ds");
	CHECK_LL(d->smart.erc, ERC_UNKNOWN, "smart.erc");
	free(joined);
}

static void
check_partition(const struct disk_snapshot *snap, const struct part_expect *e)
{
	const struct disk *d = disk_snapshot_find(snap, e->disk);
	const struct partition *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_FATAL(e->index < d->partition_count);
	p = &d->partitions[e->index];
	CHECK_STR(p->name, e->name, "partition name");
	CHECK_LL(p->size, e->size, e->name);
	CHECK_STR(p->mountpoint, e->mountpoint, "partition mountpoint");
	CHECK_STR(p->md, e->md, "partition md");
	CHECK_STR(p->fstype, NULL, "partition fstype");
	CHECK_STR(p->label, NULL, "partition label");
	CHECK_STR(p->uuid, NULL, "partition uuid");
	CHECK_STR(p->partuuid, NULL, "partition partuuid");
}

static void
test_scan_fixture(void)
{
	size_t n = sizeof disk_expects / sizeof disk_expects[0], i;
	struct transport *t;
	struct disk_snapshot *snap = scan_fixture(&t);

	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->count, n, "disk count");
	CHECK_STR(snap->error, NULL, "snapshot error");
	for (i = 0; i < n && i < snap->count; i++)
		check_disk(&snap->disks[i], &disk_expects[i]);
	for (i = 0; i < sizeof part_expects / sizeof part_expects[0]; i++)
		check_partition(snap, &part_expects[i]);
	disk_snapshot_free(snap);
	transport_free(t);
}

/* ram*, zram*, md*, dm-*, empty loop and CD devices, and sdf, whose
 * /sys/block link dangles (it vanished during the scan), are left out. */
static void
test_scan_hidden(void)
{
	static const char *const hidden[] = {
	    "loop1", "ram0", "sr0", "sdf",
	};
	struct transport *t;
	struct disk_snapshot *snap = scan_fixture(&t);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		CU_ASSERT_PTR_NULL(disk_snapshot_find(snap, hidden[i]));
	for (i = 0; i < snap->count; i++)
		CU_ASSERT(strstr(snap->disks[i].error != NULL
		                     ? snap->disks[i].error
		                     : "",
		                 "sdf") == NULL);
	disk_snapshot_free(snap);
	transport_free(t);
}

static void
test_scan_missing_sys(void)
{
	struct transport *t = transport_local_new("/nonexistent-rackcon");
	char *cause = NULL;

	CU_ASSERT_PTR_NULL(disk_sysfs_scan(t, &cause));
	CHECK_CONTAINS(cause, "/sys/block", "cause");
	free(cause);
	transport_free(t);
}

/* A sysroot without proc/: disks are still listed, the problem is told. */
static void
test_scan_without_mountinfo(void)
{
	char *dir = unit_temp_dir("disks"), *fixture, *target, *cause = NULL;
	struct disk_snapshot *snap;
	struct transport *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	fixture = unit_fixture_path(FIXTURE);
	target = realpath(fixture, NULL);
	free(fixture);
	CU_ASSERT_PTR_NOT_NULL(target);
	fixture = xasprintf("%s/sys", target != NULL ? target : "/");
	unit_put_link(dir, "sys", fixture);
	t = transport_local_new(dir);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL(snap);
	if (snap != NULL) {
		CHECK_LL(snap->count, 10, "disk count");
		CHECK_CONTAINS(snap->error, "mount points unknown", "error");
		CHECK_STR(disk_snapshot_find(snap, "vda")->mountpoints, NULL,
		          "vda mountpoints");
	}
	disk_snapshot_free(snap);
	transport_free(t);
	free(fixture);
	free(target);
	unit_remove_tree(dir);
	free(dir);
}

#define SDC_DIR                                                                \
	"root/sys/devices/pci0000:00/0000:00:03.0/0000:02:00.0/"               \
	"host2/port-2:0/end_device-2:0/target2:0:0/2:0:0:0"

/* Garbage in every attribute of sdc: each field is unknown and named in
 * the error, and the disk is still listed. */
static void
test_scan_malformed(void)
{
	char *dir = copy_fixture(), *root, *cause = NULL;
	struct disk_snapshot *snap;
	struct transport *t;
	const struct disk *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	unit_put_file(dir, SDC_DIR "/block/sdc/size", "12x\n");
	unit_put_file(dir, SDC_DIR "/block/sdc/dev", "8-32\n");
	unit_put_file(dir, SDC_DIR "/block/sdc/queue/rotational", "2\n");
	unit_put_file(dir, SDC_DIR "/block/sdc/queue/scheduler", "[a] [b]\n");
	unit_put_file(dir, SDC_DIR "/vpd_pg80", "\x01\x02");
	unit_put_file(dir, SDC_DIR "/timeout", "-5\n");
	unit_put_file(dir, SDC_DIR "/queue_depth", "99999999999\n");
	root = xasprintf("%s/root", dir);
	t = transport_local_new(root);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	d = disk_snapshot_find(snap, "sdc");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->size, -1, "size");
	CHECK_LL(d->rotational, -1, "rotational");
	CHECK_STR(d->scheduler, NULL, "scheduler");
	CHECK_LL(d->scheduler_count, 0, "scheduler_count");
	CHECK_STR(d->serial, NULL, "serial");
	CHECK_LL(d->timeout, -1, "timeout");
	CHECK_LL(d->queue_depth, -1, "queue_depth");
	CHECK_STR(d->md, "md1", "md");
	CHECK_STR(
	    d->error,
	    "size: malformed '12x'; "
	    "vpd_pg80: malformed page; rotational: malformed '2'; "
	    "scheduler: malformed '[a] [b]'; "
	    "queue_depth: malformed '99999999999'; timeout: malformed '-5'; "
	    "dev: malformed '8-32'",
	    "error");
	CHECK_LL(snap->count, 10, "disk count");
	disk_snapshot_free(snap);
	transport_free(t);
	free(root);
	unit_remove_tree(dir);
	free(dir);
}

/* sda ... sdz, sdaa ... in order, from the benchmark generator. */
static void
test_scan_many_disks(void)
{
	char *dir = unit_temp_dir("disks"), *root, *script, *cause = NULL;
	char sh[] = "/bin/sh", count[] = "40";
	char *argv[] = {sh, NULL, count, NULL, NULL};
	struct disk_snapshot *snap;
	struct transport *t;
	char want[32];
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	script = unit_fixture_path("make-many-disks.sh");
	argv[1] = script;
	argv[3] = root;
	CU_ASSERT_EQUAL(unit_run_quiet(argv), 0);
	t = transport_local_new(root);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL(snap);
	for (i = 0; snap != NULL && i < snap->count; i++) {
		if (i < 26)
			snprintf(want, sizeof want, "sd%c", (int)('a' + i));
		else
			snprintf(want, sizeof want, "sda%c",
			         (int)('a' + i - 26));
		CHECK_STR(snap->disks[i].name, want, "name");
		snprintf(want, sizeof want, "/srv/disk-%zu", i);
		CHECK_STR(snap->disks[i].mountpoints, want, "mountpoints");
		CHECK_STR(snap->disks[i].error, NULL, "error");
	}
	if (snap != NULL)
		CHECK_LL(snap->count, 40, "disk count");
	free(cause);
	disk_snapshot_free(snap);
	transport_free(t);
	free(script);
	free(root);
	unit_remove_tree(dir);
	free(dir);
}

/* --- the parsers --------------------------------------------------------- */

struct sched_case {
	const char *text;
	int rc;
	const char *active;
	const char *all; /* joined with spaces */
};

static const struct sched_case sched_cases[] = {
    {"mq-deadline kyber [bfq] none\n", 0, "bfq", "mq-deadline kyber bfq none"},
    {"[mq-deadline] kyber bfq none", 0, "mq-deadline",
     "mq-deadline kyber bfq none"},
    {"none [mq-deadline] kyber bfq \n", 0, "mq-deadline",
     "none mq-deadline kyber bfq"},
    {"none\n", 0, "none", "none"},
    {"[none]\n", 0, "none", "none"},
    {"  [none]  mq-deadline\t", 0, "none", "none mq-deadline"},
    {"noop deadline [cfq]", 0, "cfq", "noop deadline cfq"},
    {"", -1, NULL, NULL},
    {" \n", -1, NULL, NULL},
    {"mq-deadline none", -1, NULL, NULL},
    {"[mq-deadline] [none]", -1, NULL, NULL},
    {"[bfq", -1, NULL, NULL},
    {"bfq]", -1, NULL, NULL},
    {"[]", -1, NULL, NULL},
    {"[[bfq]]", -1, NULL, NULL},
    {"[bfq]x", -1, NULL, NULL},
    {"a[bfq]", -1, NULL, NULL},
    {"[b\001q]", -1, NULL, NULL},
};

static void
test_parse_scheduler(void)
{
	const struct sched_case *c;
	char *active, **all, *joined;
	size_t count, i;
	int rc;

	for (i = 0; i < sizeof sched_cases / sizeof sched_cases[0]; i++) {
		c = &sched_cases[i];
		rc = disk_parse_scheduler(c->text, &active, &all, &count);
		CHECK_LL(rc, c->rc, c->text);
		CHECK_STR(active, c->active, c->text);
		joined = rc == 0 ? str_join(all, count, " ") : NULL;
		CHECK_STR(joined, c->all, c->text);
		if (rc != 0) {
			CU_ASSERT_PTR_NULL(all);
			CHECK_LL(count, 0, c->text);
		}
		free(joined);
		free(active);
		string_list_free(all, count);
	}
}

static const char mountinfo_text[] =
    "21 26 0:20 / /proc rw,relatime shared:12 - proc proc rw\n"
    "26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
    "29 26 8:2 /exports /export/a\\040b rw shared:31 - xfs /dev/sda2 rw\n"
    "30 26 8:2 / /srv/tab\\011and\\012nl rw - xfs /dev/sda2 rw\n"
    "31 26 8:2 / /srv/back\\134slash rw - xfs /dev/sda2 rw\n"
    "garbage\n"
    "32 26 8:x / /bad rw - xfs /dev/sda2 rw\n"
    "33 26 8:3 / /no-separator rw\n"
    "\n"
    "34 26 8:3 / /last rw master:1 propagate_from:2 - ext4 /dev/sda3 rw";

static void
test_parse_mountinfo(void)
{
	struct disk_mounts *m;
	char *const *points;
	size_t n, bad;

	m = disk_mounts_parse(mountinfo_text, &bad);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CHECK_LL(bad, 3, "bad lines");
	points = disk_mounts_find(m, "8:2\n", &n);
	CHECK_LL(n, 3, "8:2 mounts");
	if (n == 3) {
		CHECK_STR(points[0], "/srv/tab\tand\nnl", "first");
		CHECK_STR(points[1], "/srv/back\\slash", "second");
		CHECK_STR(points[2], "/export/a b", "bind mount last");
	}
	points = disk_mounts_find(m, "254:0", &n);
	CHECK_LL(n, 1, "254:0 mounts");
	if (n == 1)
		CHECK_STR(points[0], "/", "root");
	points = disk_mounts_find(m, "8:3", &n);
	CHECK_LL(n, 1, "8:3 mounts");
	if (n == 1)
		CHECK_STR(points[0], "/last", "optional fields");
	CU_ASSERT_PTR_NULL(disk_mounts_find(m, "8:1", &n));
	CHECK_LL(n, 0, "8:1 mounts");
	CU_ASSERT_PTR_NULL(disk_mounts_find(m, "8-2", &n));
	CU_ASSERT_PTR_NULL(disk_mounts_find(m, "", &n));
	CU_ASSERT_PTR_NULL(disk_mounts_find(NULL, "8:2", &n));
	disk_mounts_free(m);
	m = disk_mounts_parse("", NULL);
	CU_ASSERT_PTR_NULL(disk_mounts_find(m, "8:2", &n));
	disk_mounts_free(m);
}

static void
test_unescape(void)
{
	static const char *const cases[][2] = {
	    {"/a\\040b", "/a b"},
	    {"\\011\\012\\134", "\t\n\\"},
	    {"/x\\04", "/x\\04"},     /* too short: left alone */
	    {"/x\\400", "/x\\400"},   /* above 0377 */
	    {"/x\\000y", "/x\\000y"}, /* NUL is not produced */
	    {"/x\\08", "/x\\08"},
	    {"\\", "\\"},
	    {"", ""},
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = disk_unescape_octal(cases[i][0]);
		CHECK_STR(s, cases[i][1], cases[i][0]);
		free(s);
	}
}

static void
test_name_order(void)
{
	static const char *const sorted[] = {
	    "hda",     "loop0",   "loop1",   "loop2",    "loop10", "mmcblk0",
	    "nvme0n1", "nvme0n2", "nvme1n1", "nvme10n1", "sda",    "sdb",
	    "sdz",     "sdaa",    "sdab",    "sdaz",     "sdba",   "sdzz",
	    "sdaaa",   "sr0",     "vda",     "vdb",      "vdaa",   "xvda",
	};
	size_t n = sizeof sorted / sizeof sorted[0], i, j;
	int want, got;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			want = i < j ? -1 : i > j ? 1 : 0;
			got = disk_name_cmp(sorted[i], sorted[j]);
			got = got < 0 ? -1 : got > 0 ? 1 : 0;
			if (got != want)
				fprintf(stderr, "\n%s vs %s: %d\n", sorted[i],
				        sorted[j], got);
			CU_ASSERT_EQUAL(got, want);
		}
	}
	CU_ASSERT(disk_name_cmp("sda2", "sda10") < 0);
	CU_ASSERT(disk_name_cmp("nvme0n1p2", "nvme0n1p10") < 0);
	CU_ASSERT(disk_name_cmp("sda", "sda1") < 0);
}

static void
test_transport_from_link(void)
{
	static const struct {
		const char *link;
		int scsi_level;
		const char *want;
	} cases[] = {
	    {"../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/"
	     "0:0:0:0/block/sda",
	     1, "sata"},
	    {"../devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/"
	     "target6:0:0/6:0:0:0/block/sdd",
	     1, "usb"},
	    {"../devices/pci0000:00/0000:00:02.0/virtio1/block/vda", 0,
	     "virtio"},
	    {"../devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/"
	     "nvme0n1",
	     0, "nvme"},
	    {"../devices/pci0000:00/0000:00:03.0/0000:02:00.0/host2/"
	     "port-2:0/end_device-2:0/target2:0:0/2:0:0:0/block/sdc",
	     1, "sas"},
	    {"../devices/pci0000:00/0000:00:03.0/0000:02:00.0/host2/"
	     "sas_host/x/block/sdx",
	     1, "sas"},
	    {"../devices/virtual/block/loop0", 0, "loop"},
	    {"../devices/platform/soc/mmc_host/mmc0/mmc0:0001/block/"
	     "mmcblk0",
	     0, "mmc"},
	    {"../devices/pci0000:00/0000:00:05.0/host3/target3:0:0/"
	     "3:0:0:0/block/sdg",
	     1, "scsi"},
	    {"../devices/virtual/block/nbd0", 0, "other"},
	    {NULL, 0, "other"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(disk_transport_from_link(cases[i].link,
		                                   cases[i].scsi_level),
		          cases[i].want, cases[i].want);
}

static void
test_parse_vpd80(void)
{
	static const struct {
		const char *data;
		size_t len;
		int rc;
		const char *serial;
	} cases[] = {
	    {"\0\x80\0\x14"
	     "     WD-WCC7K1KS6VRL",
	     24, 0, "WD-WCC7K1KS6VRL"},
	    {"\0\x80\0\x08"
	     "Z1Z5\0\0\0\0",
	     12, 0, "Z1Z5"},
	    {"\0\x80\0\x04"
	     "    ",
	     8, 0, NULL},
	    {"\0\x80\0\0", 4, 0, NULL},
	    {"\0\x80\0\x10"
	     "short",
	     9, -1, NULL}, /* length past the end */
	    {"\0\x83\0\x04"
	     "ABCD",
	     8, -1, NULL}, /* not page 0x80 */
	    {"\0\x80", 2, -1, NULL},
	    {"\0\x80\0\x04"
	     "AB\x01"
	     "D",
	     8, -1, NULL},
	    {"\0\x80\0\x04"
	     "ABCDjunk",
	     12, 0, "ABCD"},
	};
	char *serial;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = disk_parse_vpd80(cases[i].data, cases[i].len, &serial);
		CHECK_LL(rc, cases[i].rc, "vpd80 rc");
		CHECK_STR(serial, cases[i].serial, "vpd80 serial");
		free(serial);
	}
}

/* --- the plugin ---------------------------------------------------------- */

static void *
plugin_open_at(const char *root, struct transport **t)
{
	struct plugin_host host = {
	    .abi = PLUGIN_ABI,
	    .command_timeout_ms = 20000,
	    .slow_interval_s = 3600,
	};
	char *cause = NULL;
	void *h;

	*t = transport_local_new(root);
	host.transport = *t;
	h = rackcon_plugin.open(&host, &cause);
	if (cause != NULL)
		fprintf(stderr, "\nopen: %s\n", cause);
	free(cause);
	return h;
}

static struct disk_snapshot *
plugin_snap(void *h, int flags)
{
	char *cause = NULL;
	struct disk_snapshot *snap = rackcon_plugin.snapshot(h, flags, NULL, &cause);

	if (cause != NULL)
		fprintf(stderr, "\nsnapshot: %s\n", cause);
	free(cause);
	return snap;
}

static void
check_smart_fixture(const struct disk_snapshot *snap)
{
	const struct disk *d;

	CHECK_LL(snap->smartctl_missing, 0, "smartctl_missing");
	d = disk_snapshot_find(snap, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 1, "sda smart.valid");
	CHECK_LL(d->smart.erc, ERC_ENABLED, "sda erc");
	CHECK_LL(d->smart.erc_read_ds, 70, "sda erc read");
	CHECK_LL(d->smart.erc_write_ds, 70, "sda erc write");
	CHECK_LL(d->smart.health, SMART_HEALTH_PASSED, "sda health");
	CHECK_LL(d->smart.temperature, 34, "sda temperature");
	CHECK_STR(d->model, "WDC WD40EFRX-68N", "sda model: sysfs first");
	CHECK_STR(d->smart.model, "WDC WD40EFRX-68N32N0", "sda smart model");
	d = disk_snapshot_find(snap, "sdb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.erc, ERC_UNSUPPORTED, "sdb erc");
	CHECK_LL(d->smart.health, SMART_HEALTH_FAILED, "sdb health");
	CHECK_LL(d->smart.temperature, 25, "sdb temperature");
	CHECK_STR(d->serial, "MSK423Y20S3HBC", "sdb serial from SMART");
	d = disk_snapshot_find(snap, "sdc");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.health, SMART_HEALTH_PASSED, "sdc health");
	CHECK_LL(d->smart.temperature, 25, "sdc temperature");
	CHECK_LL(d->smart.erc, ERC_UNSUPPORTED, "sdc erc (SAS)");
	d = disk_snapshot_find(snap, "nvme0n1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.temperature, 48, "nvme temperature");
	CHECK_LL(d->smart.health, SMART_HEALTH_PASSED, "nvme health");
	CHECK_LL(d->smart.nvme_percentage_used, 4, "nvme used");
	d = disk_snapshot_find(snap, "sdd");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->serial, "06c9f4c44", "sdd serial from SMART");
	CHECK_LL(d->smart.health, SMART_HEALTH_PASSED, "sdd health");
	d = disk_snapshot_find(snap, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 0, "vda smart.valid");
	CHECK_CONTAINS(d->smart.error, "Unable to detect device type",
	               "vda smart.error");
	d = disk_snapshot_find(snap, "sde");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 0, "sde smart.valid");
	CU_ASSERT_PTR_NOT_NULL(d->smart.error);
	d = disk_snapshot_find(snap, "loop0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 0, "loop0 smart.valid");
	CHECK_STR(d->smart.error, NULL, "loop0 smart.error");
}

/* Lines in the smartctl stand-in's call log. */
static int
count_calls(const char *log)
{
	char *text = unit_read_file(log, NULL), *p;
	int n = 0;

	for (p = text; p != NULL && *p != '\0'; p++)
		n += *p == '\n';
	free(text);
	return n;
}

static void
test_plugin_smart(void)
{
	char *root = unit_fixture_path(FIXTURE), *log;
	char *dir = unit_temp_dir("disks");
	struct disk_snapshot *snap;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	log = xasprintf("%s/calls", dir);
	setenv("RACKCON_SMARTCTL_LOG", log, 1);
	CHECK_STR(rackcon_plugin.name, "disks", "plugin name");
	CHECK_LL(rackcon_plugin.abi, PLUGIN_ABI, "plugin abi");
	h = plugin_open_at(root, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(count_calls(log), 7, "smartctl runs (all but loop0)");
	check_smart_fixture(snap);
	CHECK_STR(snap->udev_rule, NULL, "udev_rule");
	CU_ASSERT(snap->taken != 0);
	rackcon_plugin.free_snapshot(snap);
	/* Within the interval the cached answers are used. */
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(count_calls(log), 7, "smartctl runs after a cached refresh");
	check_smart_fixture(snap);
	rackcon_plugin.free_snapshot(snap);
	/* Without slow probes: nothing is asked, what was learnt is
	 * shown. */
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(count_calls(log), 7, "smartctl runs without slow data");
	check_smart_fixture(snap);
	rackcon_plugin.free_snapshot(snap);
	/* Forced: asked again. */
	snap = plugin_snap(h, PLUGIN_SNAP_FORCE_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(count_calls(log), 14, "smartctl runs when forced");
	check_smart_fixture(snap);
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	unsetenv("RACKCON_SMARTCTL_LOG");
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
	free(log);
	free(root);
}

/* A disk swapped for another (a new serial) is asked again at once. */
static void
test_plugin_serial_change(void)
{
	static const char vpd[] = "\0\x80\0\x0c"
	                          "NEWSERIAL123";
	char *dir = copy_fixture(), *root, *log, *path;
	struct disk_snapshot *snap;
	struct transport *t;
	unsigned long last;
	FILE *f;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	log = xasprintf("%s/calls", dir);
	setenv("RACKCON_SMARTCTL_LOG", log, 1);
	root = xasprintf("%s/root", dir);
	h = plugin_open_at(root, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, 0);
	rackcon_plugin.free_snapshot(snap);
	CHECK_LL(count_calls(log), 7, "first round");
	path = xasprintf("%s/%s", dir, SDC_DIR "/vpd_pg80");
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(vpd, 1, sizeof vpd - 1, f);
	fclose(f);
	/* Another device under the name: the kernel gives it a new diskseq
	 * (the plugin reads a serial again only then). */
	unit_put_file(dir, SDC_DIR "/block/sdc/diskseq", "12\n");
	last = atomic_load(&disk_blkid_probe_count);
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(count_calls(log), 8, "only sdc asked again");
	CHECK_LL(atomic_load(&disk_blkid_probe_count) - last, 1,
	         "only sdc probed again");
	CHECK_STR(disk_snapshot_find(snap, "sdc")->serial, "NEWSERIAL123",
	          "sdc serial");
	CHECK_LL(disk_snapshot_find(snap, "sda")->smart.erc, ERC_ENABLED,
	         "sda still cached");
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	unsetenv("RACKCON_SMARTCTL_LOG");
	transport_free(t);
	unit_remove_tree(dir);
	free(path);
	free(root);
	free(log);
	free(dir);
}

/* The fixture's sys, proc and dev under a new root with an empty bin/. */
static char *
make_root_without_smartctl(void)
{
	char *dir = unit_temp_dir("disks"), *fixture, *abs, *target;
	static const char *const parts[] = {"sys", "proc", "dev"};
	size_t i;

	if (dir == NULL)
		return NULL;
	fixture = unit_fixture_path(FIXTURE);
	abs = realpath(fixture, NULL);
	free(fixture);
	for (i = 0; abs != NULL && i < sizeof parts / sizeof parts[0]; i++) {
		target = xasprintf("%s/%s", abs, parts[i]);
		unit_put_link(dir, parts[i], target);
		free(target);
	}
	free(abs);
	unit_make_dirs(dir, "bin");
	unit_make_dirs(dir, "etc/udev/rules.d");
	unit_put_file(dir, "etc/udev/rules.d/60-rackcon-raid-timeouts.rules",
	         DISK_UDEV_RULE_MARK "\n");
	return dir;
}

/* A host whose smartctl hangs: the first disk asked times out and the
 * disks not asked yet are left out of the round (saying why), so the
 * refresh holds the scheduler for one deadline, not one per disk. */
static void
test_plugin_smartctl_hangs(void)
{
	char *dir = make_root_without_smartctl(), *log, *text;
	struct plugin_host host = {
	    .abi = PLUGIN_ABI,
	    .command_timeout_ms = 300,
	    .slow_interval_s = 3600,
	};
	struct disk_snapshot *snap;
	struct transport *t;
	size_t i, timed_out = 0, skipped = 0, calls = 0;
	char *cause = NULL;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	unit_put_file(dir, "bin/smartctl",
	    "#!/bin/sh\necho called >>\"$RACKCON_SYSROOT/calls\"\n"
	    "exec sleep 30\n");
	log = xasprintf("%s/bin/smartctl", dir);
	chmod(log, 0755);
	free(log);
	t = transport_local_new(dir);
	host.transport = t;
	h = rackcon_plugin.open(&host, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (i = 0; i < snap->count; i++) {
		text = snap->disks[i].smart.error;
		if (text == NULL)
			continue;
		if (strcmp(text, "smartctl did not answer within 300 ms") == 0)
			timed_out++;
		else if (strncmp(text, "not asked: smartctl for ", 24) == 0)
			skipped++;
	}
	log = xasprintf("%s/calls", dir);
	text = unit_read_file(log, NULL);
	for (i = 0; text != NULL && text[i] != '\0'; i++)
		calls += text[i] == '\n';
	CHECK_LL(calls, 1, "smartctl runs (the first hangs)");
	CHECK_LL(timed_out, 1, "disks whose smartctl timed out");
	CHECK_LL(skipped, 6, "disks left out of the round");
	free(text);
	free(log);
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

static void
test_plugin_smartctl_missing(void)
{
	char *dir = make_root_without_smartctl();
	struct disk_snapshot *snap;
	struct transport *t;
	const struct disk *d;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	h = plugin_open_at(dir, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->smartctl_missing, 1, "smartctl_missing");
	CHECK_LL(snap->count, 10, "disk count");
	d = disk_snapshot_find(snap, "sda");
	CHECK_LL(d->smart.valid, 0, "sda smart.valid");
	CHECK_LL(d->smart.erc, ERC_UNKNOWN, "sda erc");
	CHECK_STR(d->serial, "WD-WCC7K1KS6VRL", "sda serial");
	CHECK_STR(snap->udev_rule, DISK_UDEV_RULE_MARK "\n", "udev_rule");
	rackcon_plugin.free_snapshot(snap);
	/* Still missing on the next refresh, without trying again. */
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->smartctl_missing, 1, "smartctl_missing again");
	rackcon_plugin.free_snapshot(snap);
	snap = plugin_snap(h, PLUGIN_SNAP_FORCE_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->smartctl_missing, 1, "smartctl_missing forced");
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

static void
test_plugin_open_refused(void)
{
	struct plugin_host host = {.abi = PLUGIN_ABI + 1};
	char *cause = NULL;

	CU_ASSERT_PTR_NULL(rackcon_plugin.open(&host, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	rackcon_plugin.close(NULL);
}

/* Clearing leaves SMART data unknown, not zero: a 0 would be a reading. */
static void
test_smart_info_clear(void)
{
	struct smart_info s;

	memset(&s, 0, sizeof s);
	s.valid = 1;
	s.model = xstrdup("model");
	s.error = xstrdup("error");
	s.health = SMART_HEALTH_FAILED;
	s.erc = ERC_ENABLED;
	s.temperature = 40;
	s.reallocated = 0;
	smart_info_clear(&s);
	CHECK_LL(s.valid, 0, "valid");
	CHECK_STR(s.model, NULL, "model");
	CHECK_STR(s.error, NULL, "error");
	CHECK_LL(s.health, SMART_HEALTH_UNKNOWN, "health");
	CHECK_LL(s.erc, ERC_UNKNOWN, "erc");
	CHECK_LL(s.erc_read_ds, -1, "erc_read_ds");
	CHECK_LL(s.capacity, -1, "capacity");
	CHECK_LL(s.temperature, -1, "temperature");
	CHECK_LL(s.reallocated, -1, "reallocated");
	CHECK_LL(s.nvme_available_spare, -1, "nvme_available_spare");
	CHECK_LL(s.ata_attribute_count, -1, "ata_attribute_count");
	/* Twice is harmless: nothing is left to free. */
	smart_info_clear(&s);
	CHECK_LL(s.power_on_hours, -1, "power_on_hours");
}

/* Disks probed by libblkid since the last call. */
static unsigned long
probes_since(unsigned long *last)
{
	unsigned long now = atomic_load(&disk_blkid_probe_count);
	unsigned long n = now - *last;

	*last = now;
	return n;
}

static int
same_partition_fs(const struct partition *a, const struct partition *b)
{
	return unit_same_str(a->name, b->name) && a->size == b->size &&
	       unit_same_str(a->fstype, b->fstype) &&
	       unit_same_str(a->label, b->label) &&
	       unit_same_str(a->uuid, b->uuid) &&
	       unit_same_str(a->partuuid, b->partuuid);
}

/* What a cached snapshot shows must be what the probe showed. */
static void
check_same_blkid(const struct disk_snapshot *a, const struct disk_snapshot *b)
{
	const struct disk *da, *db;
	size_t i, j;

	CU_ASSERT_EQUAL_FATAL(a->count, b->count);
	for (i = 0; i < a->count; i++) {
		da = &a->disks[i];
		db = &b->disks[i];
		CHECK_STR(db->name, da->name, "disk name");
		CHECK_STR(db->error, da->error, da->name);
		CU_ASSERT(same_partition_fs(&da->whole, &db->whole));
		CU_ASSERT_EQUAL_FATAL(da->partition_count, db->partition_count);
		for (j = 0; j < da->partition_count; j++)
			CU_ASSERT(same_partition_fs(&da->partitions[j],
			                            &db->partitions[j]));
	}
}

/* Write text to dir/root/rel (through the fixture's sysfs links). */
static void
put_root_file(const char *dir, const char *rel, const char *text)
{
	char *full = xasprintf("root/%s", rel);

	unit_put_file(dir, full, text);
	free(full);
}

static void
remove_root_file(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/root/%s", dir, rel);

	CU_ASSERT_EQUAL(unlink(path), 0);
	free(path);
}

/*
 * libblkid reads superblocks, which spins up a sleeping disk: within the
 * interval a refresh probes only disks whose size, serial or partitions
 * changed, and a forced one probes them all.
 */
static void
test_plugin_blkid_cache(void)
{
	char *dir = copy_fixture(), *root;
	struct disk_snapshot *before, *snap;
	struct transport *t;
	unsigned long last = atomic_load(&disk_blkid_probe_count);
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	h = plugin_open_at(root, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	before = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	CHECK_LL(probes_since(&last), before->count, "first: every disk");
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(probes_since(&last), 0, "cached: none");
	check_same_blkid(before, snap);
	rackcon_plugin.free_snapshot(snap);
	put_root_file(dir, "sys/block/sda/size", "7814037000\n");
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CHECK_LL(probes_since(&last), 1, "sda resized");
	rackcon_plugin.free_snapshot(snap);
	/* Steady again (the cache used as it stands): none, the same. */
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CHECK_LL(probes_since(&last), 0, "steady after sda resized");
	check_same_blkid(before, snap);
	rackcon_plugin.free_snapshot(snap);
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CHECK_LL(probes_since(&last), 0, "and again");
	check_same_blkid(before, snap);
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.free_snapshot(before);
	put_root_file(dir, "sys/block/sda/sda1/size", "2048\n");
	before = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	CHECK_LL(probes_since(&last), 1, "sda1 resized");
	snap = plugin_snap(h, PLUGIN_SNAP_FORCE_SLOW);
	CHECK_LL(probes_since(&last), before->count, "forced: every disk");
	check_same_blkid(before, snap);
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.free_snapshot(before);
	rackcon_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(root);
	free(dir);
}

/* A disk in standby is not woken; its last good answer stays, dated. */
static void
test_plugin_standby(void)
{
	char *dir = copy_fixture(), *root;
	struct disk_snapshot *snap;
	struct transport *t;
	const struct disk *d;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	/* sdd sleeps from the start: nothing to keep. */
	put_root_file(dir, "smartctl/sdd.standby", "");
	h = plugin_open_at(root, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	d = disk_snapshot_find(snap, "sdd");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 0, "sdd valid");
	CHECK_STR(d->smart.error, "in standby; no SMART data read yet",
	          "sdd error");
	CHECK_LL(d->smart.temperature, -1, "sdd temperature unknown");
	CHECK_LL(d->smart.health, SMART_HEALTH_UNKNOWN, "sdd health");
	rackcon_plugin.free_snapshot(snap);
	/* sda falls asleep after a good read; sdd wakes up. */
	put_root_file(dir, "smartctl/sda.standby", "");
	remove_root_file(dir, "smartctl/sdd.standby");
	snap = plugin_snap(h, PLUGIN_SNAP_FORCE_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	d = disk_snapshot_find(snap, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_LL(d->smart.valid, 1, "sda kept");
	CHECK_LL(d->smart.temperature, 34, "sda temperature kept");
	CHECK_LL(d->smart.erc, ERC_ENABLED, "sda erc kept");
	CHECK_CONTAINS(d->smart.error, "in standby; SMART data from ",
	               "sda error");
	d = disk_snapshot_find(snap, "sdd");
	CHECK_LL(d->smart.health, SMART_HEALTH_PASSED, "sdd read");
	CHECK_STR(d->smart.error, NULL, "sdd error");
	rackcon_plugin.free_snapshot(snap);
	/* Asleep again on the next forced round: still the same data. */
	snap = plugin_snap(h, PLUGIN_SNAP_FORCE_SLOW);
	d = disk_snapshot_find(snap, "sda");
	CHECK_LL(d->smart.temperature, 34, "sda still kept");
	CHECK_CONTAINS(d->smart.error, "in standby; SMART data from ",
	               "sda error again");
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(root);
	free(dir);
}

/* --- libblkid on real file systems --------------------------------------- */

/* A loop device in the temp sysroot: sys/devices/virtual/block/NAME with
 * a size, linked from sys/block, and dev/NAME as its node. */
static void
make_loop(const char *dir, const char *name)
{
	char *rel = xasprintf("sys/devices/virtual/block/%s", name), *f;
	char *target = xasprintf("../devices/virtual/block/%s", name);

	unit_make_dirs(dir, rel);
	f = xasprintf("%s/size", rel);
	unit_put_file(dir, f, "8192\n");
	free(f);
	f = xasprintf("sys/block/%s", name);
	unit_put_link(dir, f, target);
	free(f);
	free(target);
	free(rel);
}

/* A 4 MiB image at dir/dev/name; returns its path. */
static char *
make_image(const char *dir, const char *name)
{
	char *path = xasprintf("%s/dev/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CU_ASSERT(fd != -1);
	if (fd != -1) {
		CU_ASSERT_EQUAL(ftruncate(fd, 4 * 1024 * 1024), 0);
		close(fd);
	}
	return path;
}

/* Format dir/dev/name with tool and its options; 0 on success. */
static int
make_fs(const char *dir, const char *name, const char *tool,
        const char *const opts[])
{
	char *path = find_tool(tool), *image = make_image(dir, name);
	char **argv = NULL;
	size_t n = 0, i;
	int rc = -1;

	if (path != NULL) {
		strv_push(&argv, &n, path);
		for (i = 0; opts[i] != NULL; i++)
			strv_push(&argv, &n, opts[i]);
		strv_push(&argv, &n, image);
		argv = xreallocarray(argv, n + 1, sizeof *argv);
		argv[n] = NULL;
		rc = unit_run_quiet(argv);
	}
	string_list_free(argv, n);
	free(path);
	free(image);
	return rc;
}

static int
tools_present(void)
{
	static const char *const tools[] = {"mkfs.ext4", "mkfs.vfat", "mkswap"};
	char *path;
	size_t i;

	for (i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		if ((path = find_tool(tools[i])) == NULL) {
			fprintf(stderr,
			        "\nblkid test skipped: %s is not "
			        "installed\n",
			        tools[i]);
			CU_PASS("blkid test skipped: mkfs tools missing");
			return 0;
		}
		free(path);
	}
	return 1;
}

#define EXT4_UUID "3f1c7a52-90d4-4c8e-9a53-0c2f6b1e8d11"
#define SWAP_UUID "a6b2c0de-1f2e-4d3c-8b4a-5e6f70819203"

static void
make_blkid_root(const char *dir)
{
	static const char *const ext4[] = {"-q", "-F",      "-L", "rcext4",
	                                   "-U", EXT4_UUID, NULL};
	static const char *const part[] = {"-q", "-F", "-L", "rcpart", NULL};
	static const char *const vfat[] = {"-n", "RCVFAT", "-i", "1234ABCD",
	                                   NULL};
	static const char *const swap[] = {"-L", "rcswap", "-U", SWAP_UUID,
	                                   NULL};
	char *f;

	unit_make_dirs(dir, "sys/block");
	unit_make_dirs(dir, "dev");
	unit_make_dirs(dir, "proc/self");
	unit_put_file(dir, "proc/self/mountinfo", "");
	make_loop(dir, "loop0");
	make_loop(dir, "loop1");
	make_loop(dir, "loop2");
	make_loop(dir, "loop3");
	make_loop(dir, "loop4");
	unit_make_dirs(dir, "sys/devices/virtual/block/loop3/loop3p1");
	unit_put_file(dir, "sys/devices/virtual/block/loop3/loop3p1/partition",
	              "1\n");
	unit_put_file(dir, "sys/devices/virtual/block/loop3/loop3p1/size",
	              "4096\n");
	CU_ASSERT_EQUAL(make_fs(dir, "loop0", "mkfs.ext4", ext4), 0);
	CU_ASSERT_EQUAL(make_fs(dir, "loop1", "mkfs.vfat", vfat), 0);
	CU_ASSERT_EQUAL(make_fs(dir, "loop2", "mkswap", swap), 0);
	CU_ASSERT_EQUAL(make_fs(dir, "loop3p1", "mkfs.ext4", part), 0);
	f = make_image(dir, "loop3");
	free(f);
	/* loop4 has no dev/loop4: the probe fails and says so. */
}

static void
check_whole(const struct disk_snapshot *snap, const char *name,
            const char *fstype, const char *label, const char *uuid)
{
	const struct disk *d = disk_snapshot_find(snap, name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->whole.name, fstype != NULL ? name : NULL, "whole.name");
	CHECK_STR(d->whole.fstype, fstype, name);
	CHECK_STR(d->whole.label, label, name);
	CHECK_STR(d->whole.uuid, uuid, name);
	CHECK_STR(d->whole.partuuid, NULL, name);
}

/* What make_blkid_root() made, as libblkid sees it. */
static void
check_blkid_root(const struct disk_snapshot *snap)
{
	const struct disk *d;

	CHECK_LL(snap->count, 5, "loop devices");
	check_whole(snap, "loop0", "ext4", "rcext4", EXT4_UUID);
	check_whole(snap, "loop1", "vfat", "RCVFAT", "1234-ABCD");
	check_whole(snap, "loop2", "swap", "rcswap", SWAP_UUID);
	check_whole(snap, "loop3", NULL, NULL, NULL);
	d = disk_snapshot_find(snap, "loop3");
	CU_ASSERT_FATAL(d != NULL && d->partition_count == 1);
	CHECK_STR(d->partitions[0].fstype, "ext4", "loop3p1 fstype");
	CHECK_STR(d->partitions[0].label, "rcpart", "loop3p1 label");
	CU_ASSERT_PTR_NOT_NULL(d->partitions[0].uuid);
	CHECK_STR(d->error, NULL, "loop3 error");
	d = disk_snapshot_find(snap, "loop4");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_CONTAINS(d->error, "blkid: /dev/loop4: No such file",
	               "loop4 error");
	CHECK_STR(disk_snapshot_find(snap, "loop0")->error, NULL, "error");
}

static void
test_blkid(void)
{
	char *dir, *cause = NULL;
	struct disk_snapshot *snap;
	struct transport *t;
	size_t i;

	if (!tools_present())
		return;
	dir = unit_temp_dir("disks");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	make_blkid_root(dir);
	t = transport_local_new(dir);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (i = 0; i < snap->count; i++)
		disk_blkid_probe(t, &snap->disks[i]);
	check_blkid_root(snap);
	disk_snapshot_free(snap);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* The plugin shows the same from its cache as from the first probe. */
static void
test_blkid_plugin_cache(void)
{
	unsigned long last = atomic_load(&disk_blkid_probe_count);
	struct disk_snapshot *snap;
	struct transport *t;
	char *dir;
	void *h;

	if (!tools_present())
		return;
	dir = unit_temp_dir("disks");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	make_blkid_root(dir);
	h = plugin_open_at(dir, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	check_blkid_root(snap);
	CHECK_LL(probes_since(&last), 5, "first: every disk");
	rackcon_plugin.free_snapshot(snap);
	snap = plugin_snap(h, PLUGIN_SNAP_NO_SLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	check_blkid_root(snap);
	CHECK_LL(probes_since(&last), 0, "cached");
	rackcon_plugin.free_snapshot(snap);
	rackcon_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* /sys/block/X/stat in its three sizes; the fifth field counts writes. */
static void
test_parse_stat_writes(void)
{
	static const struct {
		const char *text;
		long long writes; /* -1: refused */
	} cases[] = {
	    /* 17 fields (5.5 and later), as this kind of machine has it */
	    {"  498917    43659 12888530   184110    94751  1560473 "
	     "22996624   150707        0   194860   494279  1335107       65 "
	     "20403712   158275     3862     1186\n", 94751},
	    /* 15 (4.18 to 5.4) and 11 (before 4.18) */
	    {"   88213        0  5127738    20716    41092        0  1884456 "
	     "  301218        0    62480   321934        0        0        0 "
	     "       0", 41092},
	    {"4520 312 298832 12044 1877 2213 32712 23568 0 18920 35612", 1877},
	    {"0 0 0 0 0 0 0 0 0 0 0\n", 0},
	    {"\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11", 5},
	    /* too few fields (the 4 of a 2.6 partition), junk, signs */
	    {"4520 298832 1877 32712", -1},
	    {"1 2 3 4 5 6 7 8 9 10", -1},
	    {"", -1},
	    {"\n", -1},
	    {"1 2 3 4 x 6 7 8 9 10 11", -1},
	    {"1 2 3 4 5x 6 7 8 9 10 11", -1},
	    {"1 2 3 4 -5 6 7 8 9 10 11", -1},
	    {"1 2 3 4 +5 6 7 8 9 10 11", -1},
	    {"1 2 3 4 99999999999999999999 6 7 8 9 10 11", -1},
	    {"1 2 3 4 5 6 7 8 9 10 11\n\n", -1},
	};
	long long w;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		w = -7;
		rc = disk_parse_stat_writes(cases[i].text, &w);
		if (cases[i].writes < 0) {
			CHECK_LL(rc, -1, cases[i].text);
			CHECK_LL(w, -7, cases[i].text);
		} else {
			CHECK_LL(rc, 0, cases[i].text);
			CHECK_LL(w, cases[i].writes, cases[i].text);
		}
	}
}

/* The fixture's stat files: sda 17 fields, sdb 11, nvme0n1 15; none for
 * the others, which leaves the counter unknown without an error. */
static void
test_scan_writes(void)
{
	struct transport *t;
	struct disk_snapshot *snap = scan_fixture(&t);
	static const struct {
		const char *name;
		long long writes;
	} want[] = {{"sda", 94751}, {"sdb", 1877}, {"nvme0n1", 41092},
	            {"sdc", -1}, {"vda", -1}};
	const struct disk *d;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		d = disk_snapshot_find(snap, want[i].name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CHECK_LL(d->writes, want[i].writes, want[i].name);
		CU_ASSERT(d->error == NULL || strstr(d->error, "stat") == NULL);
	}
	disk_snapshot_free(snap);
	transport_free(t);
}

/* Disks that nothing wrote to are not probed again when the interval has
 * passed; those written to, or whose counter is unknown, are. */
static void
test_blkid_cache_writes(void)
{
	char *dir = copy_fixture(), *root, *cause = NULL;
	struct disk_blkid_cache *c = disk_blkid_cache_new(60);
	unsigned long last = atomic_load(&disk_blkid_probe_count);
	struct disk_snapshot *snap;
	struct transport *t;
	const time_t t0 = 1000000;
	long long unknown = 0;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	root = xasprintf("%s/root", dir);
	t = transport_local_new(root);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (i = 0; i < snap->count; i++)
		unknown += snap->disks[i].writes < 0;
	CU_ASSERT(unknown > 0 && unknown < (long long)snap->count);
	disk_blkid_cache_fill(c, t, snap, t0, 0);
	CHECK_LL(probes_since(&last), snap->count, "first: every disk");
	disk_snapshot_free(snap);

	/* Within the interval: nothing, whatever was written. */
	put_root_file(dir, "sys/block/sda/stat", "1 0 8 0 94752 0 8 0 0 1 1\n");
	snap = disk_sysfs_scan(t, &cause);
	disk_blkid_cache_fill(c, t, snap, t0 + 59, 0);
	CHECK_LL(probes_since(&last), 0, "within the interval");
	disk_snapshot_free(snap);

	/* Past it: sda (written) and the unknown ones; not sdb, nvme0n1. */
	snap = disk_sysfs_scan(t, &cause);
	disk_blkid_cache_fill(c, t, snap, t0 + 60, 0);
	CHECK_LL(probes_since(&last), unknown + 1, "past it: written, unknown");
	disk_snapshot_free(snap);

	/* Long after, still nothing written to sdb and nvme0n1: left alone;
	 * sda, idle since its last probe, too. */
	snap = disk_sysfs_scan(t, &cause);
	disk_blkid_cache_fill(c, t, snap, t0 + 100000, 0);
	CHECK_LL(probes_since(&last), unknown, "idle disks left alone");
	disk_snapshot_free(snap);

	/* Forced: every disk. */
	snap = disk_sysfs_scan(t, &cause);
	disk_blkid_cache_fill(c, t, snap, t0 + 100001, 1);
	CHECK_LL(probes_since(&last), snap->count, "forced: every disk");
	disk_snapshot_free(snap);

	disk_blkid_cache_free(c);
	transport_free(t);
	unit_remove_tree(dir);
	free(root);
	free(dir);
	free(cause);
}


/* --- a remote refresh is one prefetch ------------------------------------ */

/* Every file, directory and link a Disks refresh of root reads is named by
 * a prefetch: over SSH a steady refresh is one round trip (and the
 * programs it runs) when root has the kernel's uevent count, else two;
 * the quick one, the first and a slow one (which rechecks everything)
 * are one too: the plugin joins the layout's prefetch to its own. */
static void
check_covered(const char *root, unsigned steady, const char *what)
{
	static const int flags[] = {PLUGIN_SNAP_QUICK, 0, PLUGIN_SNAP_NO_SLOW,
	                            PLUGIN_SNAP_NO_SLOW};
	const unsigned prefetches[] = {1, 1, steady, steady};

	unit_check_prefetch(&rackcon_plugin, root, flags, prefetches,
	                    sizeof flags / sizeof flags[0], what);
}

static void
test_prefetch_covers(void)
{
	char *dir = unit_temp_dir("disk-prefetch"), *root, *fixture;
	char *script = unit_fixture_path("make-many-disks.sh");
	char sh[] = "/bin/sh", four[] = "4";
	char *argv[] = {sh, script, four, NULL, NULL};

	fixture = unit_fixture_path("sysroot-disks");
	/* No /sys/kernel/uevent_seqnum: sizes are read each time. */
	check_covered(fixture, 2, "sysroot-disks");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	check_covered(root, 1, "many disks");
	unit_remove_tree(dir);
	free(root);
	free(script);
	free(fixture);
	free(dir);
}

static void
disk_sysfs_add_tests(CU_pSuite s)
{
	CU_add_test(s, "scan the fixture: every field", test_scan_fixture);
	CU_add_test(s, "hidden and vanished devices", test_scan_hidden);
	CU_add_test(s, "malformed attributes", test_scan_malformed);
	CU_add_test(s, "no /sys/block", test_scan_missing_sys);
	CU_add_test(s, "no mountinfo", test_scan_without_mountinfo);
	CU_add_test(s, "40 generated disks in order", test_scan_many_disks);
	CU_add_test(s, "scheduler parser", test_parse_scheduler);
	CU_add_test(s, "mountinfo parser", test_parse_mountinfo);
	CU_add_test(s, "octal escapes", test_unescape);
	CU_add_test(s, "natural name order", test_name_order);
	CU_add_test(s, "transport from the sysfs link",
	            test_transport_from_link);
	CU_add_test(s, "VPD page 0x80", test_parse_vpd80);
	CU_add_test(s, "stat: the write counter", test_parse_stat_writes);
	CU_add_test(s, "scan: write counters", test_scan_writes);
	CU_add_test(s, "blkid cache: idle disks are not probed again",
	            test_blkid_cache_writes);
	CU_add_test(s, "plugin: SMART and its cache", test_plugin_smart);
	CU_add_test(s, "plugin: a new serial is asked again",
	            test_plugin_serial_change);
	CU_add_test(s, "plugin: smartctl missing, udev rule",
	            test_plugin_smartctl_missing);
	CU_add_test(s, "plugin: a hanging smartctl ends the round",
	            test_plugin_smartctl_hangs);
	CU_add_test(s, "plugin: wrong ABI refused", test_plugin_open_refused);
	CU_add_test(s, "smart_info_clear: unknown, not zero",
	            test_smart_info_clear);
	CU_add_test(s, "plugin: blkid cached within the interval",
	            test_plugin_blkid_cache);
	CU_add_test(s, "plugin: a disk in standby keeps its SMART data",
	            test_plugin_standby);
	CU_add_test(s, "blkid on real file systems", test_blkid);
	CU_add_test(s, "plugin: a refresh reads only what it prefetches",
	            test_prefetch_covers);
	CU_add_test(s, "plugin: blkid results from the cache",
	            test_blkid_plugin_cache);
}
