/* Unit test: Disks scans with the static-attribute cache show the full read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disk-kept.h"
#include "disk-sysfs.h"
#include "disk.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("disk-cache", add_tests)

#define FIXTURE    "sysroot-disks"
#define MANY_DISKS 300

/* --- every field of two snapshots ---------------------------------------- */

static void
check_same_smart(const struct smart_info *a, const struct smart_info *b,
                 const char *what)
{
	CHECK_LL(a->valid, b->valid, what);
	CHECK_STR(a->error, b->error, what);
	CHECK_STR(a->protocol, b->protocol, what);
	CHECK_STR(a->device_type, b->device_type, what);
	CHECK_STR(a->model, b->model, what);
	CHECK_STR(a->serial, b->serial, what);
	CHECK_STR(a->vendor, b->vendor, what);
	CHECK_STR(a->firmware, b->firmware, what);
	CHECK_LL(a->capacity, b->capacity, what);
	CHECK_LL(a->health, b->health, what);
	CHECK_LL(a->erc, b->erc, what);
	CHECK_LL(a->erc_read_ds, b->erc_read_ds, what);
	CHECK_LL(a->erc_write_ds, b->erc_write_ds, what);
	CHECK_LL(a->power_on_hours, b->power_on_hours, what);
	CHECK_LL(a->temperature, b->temperature, what);
	CHECK_LL(a->reallocated, b->reallocated, what);
	CHECK_LL(a->pending, b->pending, what);
	CHECK_LL(a->offline_uncorrectable, b->offline_uncorrectable, what);
	CHECK_LL(a->nvme_critical_warning, b->nvme_critical_warning, what);
	CHECK_LL(a->nvme_media_errors, b->nvme_media_errors, what);
	CHECK_LL(a->nvme_percentage_used, b->nvme_percentage_used, what);
	CHECK_LL(a->nvme_available_spare, b->nvme_available_spare, what);
	CHECK_LL(a->ata_attribute_count, b->ata_attribute_count, what);
	CHECK_LL(a->exit_status, b->exit_status, what);
}

static void
check_same_partition(const struct partition *a, const struct partition *b,
                     const char *what)
{
	CHECK_STR(a->name, b->name, what);
	CHECK_LL(a->size, b->size, what);
	CHECK_STR(a->fstype, b->fstype, what);
	CHECK_STR(a->label, b->label, what);
	CHECK_STR(a->uuid, b->uuid, what);
	CHECK_STR(a->partuuid, b->partuuid, what);
	CHECK_STR(a->mountpoint, b->mountpoint, what);
	CHECK_STR(a->md, b->md, what);
}

static void
check_same_disk(const struct disk *a, const struct disk *b)
{
	const char *w = b->name != NULL ? b->name : "?";
	size_t i;

	CHECK_STR(a->name, b->name, "name");
	CHECK_LL(a->kind, b->kind, w);
	CHECK_LL(a->size, b->size, w);
	CHECK_STR(a->model, b->model, w);
	CHECK_STR(a->serial, b->serial, w);
	CHECK_STR(a->vendor, b->vendor, w);
	CHECK_LL(a->rotational, b->rotational, w);
	CHECK_LL(a->removable, b->removable, w);
	CHECK_STR(a->transport, b->transport, w);
	CHECK_STR(a->scheduler, b->scheduler, w);
	CHECK_LL(a->scheduler_count, b->scheduler_count, w);
	for (i = 0; i < a->scheduler_count && i < b->scheduler_count; i++)
		CHECK_STR(a->schedulers[i], b->schedulers[i], w);
	CHECK_LL(a->queue_depth, b->queue_depth, w);
	CHECK_LL(a->timeout, b->timeout, w);
	CHECK_LL(a->writes, b->writes, w);
	check_same_smart(&a->smart, &b->smart, w);
	CHECK_STR(a->md, b->md, w);
	CHECK_STR(a->mountpoints, b->mountpoints, w);
	check_same_partition(&a->whole, &b->whole, w);
	CHECK_LL(a->partition_count, b->partition_count, w);
	for (i = 0; i < a->partition_count && i < b->partition_count; i++)
		check_same_partition(&a->partitions[i], &b->partitions[i], w);
	CHECK_STR(a->error, b->error, w);
}

static void
check_same_snapshot(const struct disk_snapshot *a,
                    const struct disk_snapshot *b)
{
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CHECK_LL(a->count, b->count, "disk count");
	CHECK_STR(a->error, b->error, "snapshot error");
	for (i = 0; i < a->count && i < b->count; i++)
		check_same_disk(&a->disks[i], &b->disks[i]);
}

/* --- a transport that counts reads of static attributes ------------------ */

struct counting {
	struct transport base;
	char description[16];
	struct transport *inner;
	unsigned long static_reads; /* files and links that cannot change */
	unsigned long dev_reads;    /* /sys/block/NAME/dev */
	unsigned long part_marks;   /* /sys/block/NAME/PART/partition */
	unsigned long opens;        /* read_file and keep_open calls */
	unsigned long lists;        /* list_dir calls */
	unsigned long rereads;
};

/* /sys/block/NAME/dev: a whole device's number, not a partition's. */
static int
is_disk_dev_path(const char *path)
{
	const char *rest = path + strlen("/sys/block/");

	if (strncmp(path, "/sys/block/", 11) != 0)
		return 0;
	rest += strcspn(rest, "/");
	return strcmp(rest, "/dev") == 0;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), len = strlen(tail);

	return n >= len && strcmp(s + n - len, tail) == 0;
}

static int
is_static_path(const char *path)
{
	static const char *const names[] = {
	    "/model", "/vendor", "/serial", "/vpd_pg80",
	    "/rotational", "/removable", "/scsi_level",
	};
	size_t i, n = strlen(path), len;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		len = strlen(names[i]);
		if (n >= len && strcmp(path + n - len, names[i]) == 0)
			return 1;
	}
	return 0;
}

static int
counting_read_file(struct transport *t, const char *path, char **data,
                   size_t *len, char **cause)
{
	struct counting *c = (struct counting *)t;

	c->static_reads += is_static_path(path);
	c->dev_reads += is_disk_dev_path(path);
	c->part_marks += ends_with(path, "/partition");
	c->opens++;
	return c->inner->ops->read_file(c->inner, path, data, len, cause);
}

static int
counting_list_dir(struct transport *t, const char *path, char ***names,
                  size_t *count, char **cause)
{
	struct counting *c = (struct counting *)t;

	c->lists++;
	return c->inner->ops->list_dir(c->inner, path, names, count, cause);
}

/* Where /sys/block/NAME points tells the transport: static too. */
static int
counting_read_link(struct transport *t, const char *path, char **target,
                   char **cause)
{
	struct counting *c = (struct counting *)t;

	c->static_reads += strncmp(path, "/sys/block/", 11) == 0;
	return c->inner->ops->read_link(c->inner, path, target, cause);
}

static int
counting_run(struct transport *t, char *const argv[], const char *input,
             int timeout_ms, struct run_result *result, char **cause)
{
	struct counting *c = (struct counting *)t;

	return c->inner->ops->run(c->inner, argv, input, timeout_ms, result,
	                          cause);
}

static int
counting_keep_open(struct transport *t, const char *path,
                   struct transport_kept **kept, char **cause)
{
	struct counting *c = (struct counting *)t;

	c->opens++;
	return c->inner->ops->keep_open(c->inner, path, kept, cause);
}

static int
counting_reread(struct transport *t, struct transport_kept *kept,
                char **data, size_t *len, char **cause)
{
	struct counting *c = (struct counting *)t;

	c->rereads++;
	return c->inner->ops->reread(c->inner, kept, data, len, cause);
}

static void
counting_keep_close(struct transport *t, struct transport_kept *kept)
{
	struct counting *c = (struct counting *)t;

	c->inner->ops->keep_close(c->inner, kept);
}

static void
counting_keep_sync(struct transport *t)
{
	struct counting *c = (struct counting *)t;

	c->inner->ops->keep_sync(c->inner);
}

static int
counting_written(struct transport *t, struct transport_kept *kept)
{
	struct counting *c = (struct counting *)t;

	return c->inner->ops->written(c->inner, kept);
}

/* Without the keep verbs, as a remote transport: every file read. */
static const struct transport_ops counting_ops = {
    .read_file = counting_read_file,
    .list_dir = counting_list_dir,
    .read_link = counting_read_link,
    .run = counting_run,
};

static const struct transport_ops counting_keep_ops = {
    .read_file = counting_read_file,
    .list_dir = counting_list_dir,
    .read_link = counting_read_link,
    .run = counting_run,
    .keep_open = counting_keep_open,
    .reread = counting_reread,
    .keep_close = counting_keep_close,
    .keep_sync = counting_keep_sync,
    .written = counting_written,
};

static void
counting_init(struct counting *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->base.ops = &counting_ops;
	strcpy(c->description, "counting");
	c->base.description = c->description;
	c->inner = transport_local_new(root);
}

/* --- cached and full reads agree ----------------------------------------- */

/* Two cached scans (the first fills the cache, the second uses it) against
 * a scan without a cache, every field of every row. */
static void
check_cached_matches_full(const char *root)
{
	struct transport *t = transport_local_new(root);
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *full, *first, *second;
	char *cause = NULL;

	full = disk_sysfs_scan(t, &cause);
	first = disk_sysfs_scan_cached(t, cache, 0, &cause);
	second = disk_sysfs_scan_cached(t, cache, 0, &cause);
	CU_ASSERT_PTR_NULL(cause);
	check_same_snapshot(first, full);
	check_same_snapshot(second, full);
	disk_snapshot_free(full);
	disk_snapshot_free(first);
	disk_snapshot_free(second);
	disk_sysfs_cache_free(cache);
	transport_free(t);
	free(cause);
}

static void
test_fixture_rows(void)
{
	char *root = unit_fixture_path(FIXTURE);

	check_cached_matches_full(root);
	free(root);
}

static void
test_many_disks_rows(void)
{
	char *dir = unit_temp_dir("disk-cache"), *root, *count;
	char *script = unit_fixture_path("make-many-disks.sh");
	char sh[] = "/bin/sh";
	char *argv[] = {sh, script, NULL, NULL, NULL};
	struct transport *t;
	struct disk_snapshot *snap;
	char *cause = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	count = xasprintf("%d", MANY_DISKS);
	argv[2] = count;
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	check_cached_matches_full(root);
	/* The tree is what it should be: every disk listed, with a model. */
	t = transport_local_new(root);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->count, MANY_DISKS, "disks");
	CHECK_STR(snap->disks[MANY_DISKS - 1].model, "WDC WD40EFRX-68N",
	          "model");
	disk_snapshot_free(snap);
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(count);
	free(script);
	free(root);
	free(dir);
}

static void check_cached_is_full(struct transport *t,
    struct disk_sysfs_cache *cache, struct disk_snapshot **out);

/* Rows in natural order (sdz before sdaa) from every cached scan: the
 * order is reused while /sys/block lists the same names, and made again
 * when a name goes, comes back or changes with the count the same. */
static void
test_order_follows_names(void)
{
	char *dir = unit_temp_dir("disk-cache"), *root, *from, *to;
	char *script = unit_fixture_path("make-many-disks.sh");
	char sh[] = "/bin/sh", count[] = "30";
	char *argv[] = {sh, script, count, NULL, NULL};
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap;
	struct transport *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	t = transport_local_new(root);
	check_cached_is_full(t, cache, &snap);
	CU_ASSERT_FATAL(snap->count == 30);
	CHECK_STR(snap->disks[25].name, "sdz", "26th row");
	CHECK_STR(snap->disks[26].name, "sdaa", "27th row");
	disk_snapshot_free(snap);
	check_cached_is_full(t, cache, &snap); /* the same names */
	disk_snapshot_free(snap);
	/* sdb as sdzz: as many names as before, not the same; then gone. */
	from = xasprintf("%s/sys/block/sdb", root);
	to = xasprintf("%s/sys/block/sdzz", root);
	CU_ASSERT_EQUAL_FATAL(rename(from, to), 0);
	check_cached_is_full(t, cache, &snap);
	CU_ASSERT_FATAL(snap->count == 30);
	CHECK_STR(snap->disks[1].name, "sdc", "second row");
	CHECK_STR(snap->disks[29].name, "sdzz", "last row");
	disk_snapshot_free(snap);
	free(from);
	from = xasprintf("%s/sdzz.away", root);
	CU_ASSERT_EQUAL_FATAL(rename(to, from), 0);
	check_cached_is_full(t, cache, &snap);
	CHECK_LL(snap->count, 29, "sdzz gone");
	CHECK_STR(snap->disks[28].name, "sdad", "last row");
	disk_snapshot_free(snap);
	disk_sysfs_cache_free(cache);
	transport_free(t);
	unit_remove_tree(dir);
	free(from);
	free(to);
	free(script);
	free(root);
	free(dir);
}

/* --- static attributes are read once ------------------------------------- */

/* Devices in snap without a diskseq file: their dev number is their
 * identity, read on every scan. */
static unsigned long
count_without_diskseq(struct transport *t, const struct disk_snapshot *snap)
{
	unsigned long n = 0;
	char *path, *data, *cause = NULL;
	size_t i, len;

	for (i = 0; i < snap->count; i++) {
		path = xasprintf("/sys/block/%s/diskseq", snap->disks[i].name);
		if (t->ops->read_file(t, path, &data, &len, &cause) == 0)
			free(data);
		else
			n++;
		free(cause);
		cause = NULL;
		free(path);
	}
	return n;
}

static size_t
count_partitions(const struct disk_snapshot *snap)
{
	size_t i, n = 0;

	for (i = 0; i < snap->count; i++)
		n += snap->disks[i].partition_count;
	return n;
}

static void
test_static_read_once(void)
{
	char *root = unit_fixture_path(FIXTURE), *cause = NULL;
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap;
	struct counting c;

	counting_init(&c, root);
	snap = disk_sysfs_scan_cached(&c.base, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	/* model, vendor, serial, rotational, ... of each device */
	CU_ASSERT(c.static_reads >= 30);
	CHECK_LL(c.dev_reads, snap->count, "dev reads of the first scan");
	CU_ASSERT(c.part_marks >= count_partitions(snap));
	CU_ASSERT(count_partitions(snap) >= 5);
	disk_snapshot_free(snap);
	c.static_reads = c.dev_reads = c.part_marks = 0;
	snap = disk_sysfs_scan_cached(&c.base, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(c.static_reads, 0, "static reads of the second scan");
	/* A device's number stays while its diskseq does; a name found to
	 * be a partition of the same device stays one. */
	CHECK_LL(c.dev_reads, count_without_diskseq(c.inner, snap),
	         "dev reads of the second scan");
	CU_ASSERT(c.dev_reads < snap->count);
	CHECK_LL(c.part_marks, 0, "partition markers read by the second scan");
	CHECK_STR(disk_snapshot_find(snap, "sda")->model, "WDC WD40EFRX-68N",
	          "sda model");
	CHECK_STR(disk_snapshot_find(snap, "sda")->transport, "sata",
	          "sda transport");
	disk_snapshot_free(snap);
	/* Without the cache, everything is read again. */
	snap = disk_sysfs_scan(&c.base, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CU_ASSERT(c.static_reads >= 30);
	disk_snapshot_free(snap);
	disk_sysfs_cache_free(cache);
	transport_free(c.inner);
	free(cause);
	free(root);
}

/* --- a disk replaced under the same name --------------------------------- */

static char *
copy_fixture(void)
{
	char cp[] = "/bin/cp", a[] = "-a";
	char *dir = unit_temp_dir("disk-cache"), *src;
	char *argv[] = {cp, a, NULL, NULL, NULL};

	if (dir == NULL)
		return NULL;
	src = unit_fixture_path(FIXTURE "/.");
	argv[2] = src;
	argv[3] = xasprintf("%s/root", dir);
	CU_ASSERT_EQUAL(unit_run_quiet(argv), 0);
	free(argv[3]);
	free(src);
	return dir;
}

/* A VPD page 0x80 holding serial (12 characters). */
static void
put_vpd80(const char *dir, const char *rel, const char *serial)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite("\0\x80\0\x0c", 1, 4, f);
	fwrite(serial, 1, 12, f);
	fclose(f);
	free(path);
}

#define BLOCK(name, rel) "root/sys/block/" name "/" rel

/* Add a line at the end of dir/rel. */
static void
append_line(const char *dir, const char *rel, const char *line)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "a");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fprintf(f, "%s\n", line);
	fclose(f);
	free(path);
}

static void
test_replaced_disk(void)
{
	char *dir = copy_fixture(), *root, *cause = NULL;
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap, *full;
	struct transport *t;
	const struct disk *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	t = transport_local_new(root);
	snap = disk_sysfs_scan_cached(t, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(disk_snapshot_find(snap, "sda")->serial, "WD-WCC7K1KS6VRL",
	          "sda serial before");
	CHECK_STR(disk_snapshot_find(snap, "sdb")->serial, NULL,
	          "sdb serial before");
	disk_snapshot_free(snap);

	/* sda (diskseq): another disk, a new diskseq. */
	unit_put_file(dir, BLOCK("sda", "device/model"), "NEW MODEL A\n");
	put_vpd80(dir, BLOCK("sda", "device/vpd_pg80"), "NEWSERIAL-AA");
	unit_put_file(dir, BLOCK("sda", "diskseq"), "31\n");
	/* ... and another number: the one mounted on / (vda's, here). */
	unit_put_file(dir, BLOCK("sda", "dev"), "254:0\n");
	/* sdb (no diskseq): another disk of another size. */
	unit_put_file(dir, BLOCK("sdb", "device/model"), "NEW MODEL B\n");
	put_vpd80(dir, BLOCK("sdb", "device/vpd_pg80"), "NEWSERIAL-BB");
	unit_put_file(dir, BLOCK("sdb", "size"), "1953525168\n");
	/* sdd (no diskseq): the same size, another device number. */
	unit_put_file(dir, BLOCK("sdd", "device/model"), "NEW MODEL D\n");
	unit_put_file(dir, BLOCK("sdd", "dev"), "8:112\n");
	/* nvme0n1: the model file changes, but not the device (no new
	 * diskseq): what was read stays, the file is not read again. */
	unit_put_file(dir, BLOCK("nvme0n1", "device/model"), "NOT READ\n");
	/* ... and a partition is added to it: read, marker and all. */
	unit_make_dirs(dir, BLOCK("nvme0n1", "nvme0n1p2"));
	unit_put_file(dir, BLOCK("nvme0n1", "nvme0n1p2/partition"), "2\n");
	unit_put_file(dir, BLOCK("nvme0n1", "nvme0n1p2/size"), "2048\n");
	unit_put_file(dir, BLOCK("nvme0n1", "nvme0n1p2/dev"), "259:2\n");
	/* ... which the kernel lists in /proc/partitions as well. */
	append_line(dir, "root/proc/partitions", " 259        2       1024 nvme0n1p2");
	/* A directory named like a partition without the marker is none. */
	unit_make_dirs(dir, BLOCK("nvme0n1", "nvme0n1p3"));

	snap = disk_sysfs_scan_cached(t, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	d = disk_snapshot_find(snap, "sda");
	CHECK_STR(d->model, "NEW MODEL A", "sda model");
	CHECK_STR(d->serial, "NEWSERIAL-AA", "sda serial");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->mountpoints);
	CHECK_STR(d->mountpoints, "/,/srv/scratch,/export/scratch",
	          "sda mount points (its new number)");
	d = disk_snapshot_find(snap, "sdb");
	CHECK_STR(d->model, "NEW MODEL B", "sdb model");
	CHECK_STR(d->serial, "NEWSERIAL-BB", "sdb serial");
	CHECK_LL(d->size, 1953525168LL * 512, "sdb size");
	CHECK_STR(disk_snapshot_find(snap, "sdd")->model, "NEW MODEL D",
	          "sdd model");
	d = disk_snapshot_find(snap, "nvme0n1");
	CHECK_STR(d->model, "Sabrent Rocket 4.0 1TB", "nvme0n1 model (cached)");
	CHECK_LL(d->partition_count, 2, "nvme0n1 partitions");
	if (d->partition_count == 2) {
		CHECK_STR(d->partitions[1].name, "nvme0n1p2", "new partition");
		CHECK_LL(d->partitions[1].size, 2048LL * 512, "its size");
	}
	/* A full read sees the changed file; all else agrees. */
	full = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(full);
	CHECK_STR(disk_snapshot_find(full, "nvme0n1")->model, "NOT READ",
	          "nvme0n1 model (full read)");
	unit_put_file(dir, BLOCK("nvme0n1", "device/model"),
	              "Sabrent Rocket 4.0 1TB\n");
	disk_snapshot_free(full);
	full = disk_sysfs_scan(t, &cause);
	check_same_snapshot(snap, full);
	disk_snapshot_free(full);
	disk_snapshot_free(snap);
	disk_sysfs_cache_free(cache);
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(root);
	free(dir);
}

/* A disk that was gone for one scan is read again when it is back, even
 * without diskseq and with the same number and size. */
static void
test_gone_and_back(void)
{
	char *dir = copy_fixture(), *root, *cause = NULL, *from, *to;
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap;
	struct transport *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	t = transport_local_new(root);
	disk_snapshot_free(disk_sysfs_scan_cached(t, cache, 0, &cause));
	from = xasprintf("%s/sys/block/sdb", root);
	to = xasprintf("%s/sdb.away", root);
	CU_ASSERT_EQUAL_FATAL(rename(from, to), 0);
	snap = disk_sysfs_scan_cached(t, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CU_ASSERT_PTR_NULL(disk_snapshot_find(snap, "sdb"));
	disk_snapshot_free(snap);
	CU_ASSERT_EQUAL_FATAL(rename(to, from), 0);
	unit_put_file(dir, BLOCK("sdb", "device/model"), "NEW MODEL B\n");
	snap = disk_sysfs_scan_cached(t, cache, 0, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(disk_snapshot_find(snap, "sdb")->model, "NEW MODEL B",
	          "sdb model");
	disk_snapshot_free(snap);
	disk_sysfs_cache_free(cache);
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(from);
	free(to);
	free(root);
	free(dir);
}

/* --- what a steady refresh opens ---------------------------------------- */

/* The counting transport, with or without the keep verbs, against a
 * scan without a cache; returns what the third cached scan opened (a
 * recheck, as every slow refresh, or not). */
static void
count_steady(const char *root, int keep, int recheck, unsigned long *opens,
             unsigned long *lists, unsigned long *rereads)
{
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *full, *snap;
	struct counting c;
	char *cause = NULL;
	int i;

	counting_init(&c, root);
	if (keep)
		c.base.ops = &counting_keep_ops;
	full = disk_sysfs_scan(c.inner, &cause);
	for (i = 0; i < 3; i++) {
		c.opens = c.lists = c.rereads = 0;
		snap = disk_sysfs_scan_cached(&c.base, cache, i == 2 && recheck,
		                              &cause);
		check_same_snapshot(snap, full);
		disk_snapshot_free(snap);
	}
	*opens = c.opens;
	*lists = c.lists;
	*rereads = c.rereads;
	disk_snapshot_free(full);
	disk_sysfs_cache_free(cache);
	CHECK_LL(disk_kept_open_count(), 0, "files kept after the cache");
	transport_free(c.inner);
	free(cause);
}

static void
test_steady_opens(void)
{
	char *dir = unit_temp_dir("disk-cache"), *root, *count;
	char *script = unit_fixture_path("make-many-disks.sh");
	char sh[] = "/bin/sh";
	char *argv[] = {sh, script, NULL, NULL, NULL};
	unsigned long opens, lists, rereads;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	count = xasprintf("%d", 64);
	argv[2] = count;
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	/* Opened: the whole-machine files (mountinfo, swaps, partitions,
	 * mdstat) and the /sys/block listing, nothing a disk; diskstats is
	 * kept open. */
	count_steady(root, 1, 0, &opens, &lists, &rereads);
	CU_ASSERT(opens <= 6);
	CHECK_LL(lists, 1, "directories listed by a steady scan");
	/* No uevent, no write: queue_depth (the kernel may lower it) and
	 * /proc/diskstats. */
	CHECK_LL(rereads, 64 + 1, "files read again");
	/* A recheck: diskseq, size, scheduler, queue_depth, timeout,
	 * sdX1/size, and /proc/diskstats. */
	count_steady(root, 1, 1, &opens, &lists, &rereads);
	CU_ASSERT(opens <= 6);
	CHECK_LL(rereads, 64 * 6 + 1, "files read again by a recheck");
	/* Without the verbs (as a remote transport): nothing tells of a
	 * write, so scheduler, queue_depth and timeout are read; the same
	 * rows. */
	count_steady(root, 0, 0, &opens, &lists, &rereads);
	CU_ASSERT(opens >= 64 * 3 && opens <= 64 * 3 + 6);
	CHECK_LL(rereads, 0, "nothing read again");
	/* A budget of 100 files: the rest is read as before. */
	disk_kept_set_budget(100);
	count_steady(root, 1, 1, &opens, &lists, &rereads);
	CHECK_LL(rereads, 100, "files read again within the budget");
	CU_ASSERT(opens >= 64 * 6 - 100);
	disk_kept_set_budget(0);
	unit_remove_tree(dir);
	free(count);
	free(script);
	free(root);
	free(dir);
}

/* --- changes between refreshes are seen ---------------------------------- */

static void
check_cached_is_full(struct transport *t, struct disk_sysfs_cache *cache,
                     struct disk_snapshot **out)
{
	struct disk_snapshot *snap, *full;
	char *cause = NULL;

	snap = disk_sysfs_scan_cached(t, cache, 0, &cause);
	full = disk_sysfs_scan(t, &cause);
	check_same_snapshot(snap, full);
	disk_snapshot_free(full);
	free(cause);
	*out = snap;
}

/* Drop the line of /proc/partitions naming name. */
static void
drop_partition_line(const char *dir, const char *name)
{
	char *path = xasprintf("%s/root/proc/partitions", dir), *text;
	char *out, *line, *save = NULL, *at;

	text = unit_read_file(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	out = xcalloc(1, strlen(text) + 1);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		at = strrchr(line, ' ');
		if (at != NULL && strcmp(at + 1, name) == 0)
			continue;
		strcat(out, line);
		strcat(out, "\n");
	}
	unit_put_file(dir, "root/proc/partitions", out);
	free(out);
	free(text);
	free(path);
}

static void
test_changes_seen(void)
{
	char *dir = copy_fixture(), *root, *cause = NULL, *p;
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap;
	struct transport *t;
	const struct disk *d;
	size_t kept;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	t = transport_local_new(root);
	disk_snapshot_free(disk_sysfs_scan_cached(t, cache, 0, &cause));
	check_cached_is_full(t, cache, &snap);
	kept = disk_kept_open_count();
	CU_ASSERT(kept >= 20);
	d = disk_snapshot_find(snap, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(d->timeout != 180);
	disk_snapshot_free(snap);

	/* Kept files written in place, or replaced by a new file. */
	unit_put_file(dir, BLOCK("sda", "device/timeout"), "180\n");
	unit_put_file(dir, BLOCK("sda", "queue/scheduler.new"),
	              "mq-deadline kyber [bfq] none\n");
	p = xasprintf("%s/" BLOCK("sda", "queue/scheduler"), dir);
	{
		char *from = xasprintf("%s.new", p);

		CU_ASSERT_EQUAL(rename(from, p), 0);
		free(from);
	}
	free(p);
	unit_put_file(dir, BLOCK("sda", "sda2/size"), "4096\n");
	unit_put_file(dir, BLOCK("nvme0n1", "size"), "2000000000\n");
	/* sdd1 removed (sysfs and /proc/partitions). */
	p = xasprintf("%s/" BLOCK("sdd", "sdd1"), dir);
	unit_remove_tree(p);
	free(p);
	drop_partition_line(dir, "sdd1");
	/* sde joins md1; sdb1 leaves md0: both sides, as the kernel links. */
	unit_make_dirs(dir, BLOCK("sde", "holders"));
	unit_put_link(dir, BLOCK("sde", "holders/md1"), "../../md1");
	unit_put_link(dir, BLOCK("md1", "slaves/sde"), "../../sde");
	p = xasprintf("%s/" BLOCK("sdb", "sdb1/holders/md0"), dir);
	CU_ASSERT_EQUAL(unlink(p), 0);
	free(p);
	p = xasprintf("%s/" BLOCK("md0", "slaves/sdb1"), dir);
	CU_ASSERT_EQUAL(unlink(p), 0);
	free(p);

	check_cached_is_full(t, cache, &snap);
	d = disk_snapshot_find(snap, "sda");
	CHECK_LL(d->timeout, 180, "sda timeout");
	CHECK_STR(d->scheduler, "bfq", "sda scheduler");
	CU_ASSERT_FATAL(d->partition_count >= 2);
	CHECK_LL(d->partitions[1].size, 4096LL * 512, "sda2 size");
	CHECK_LL(disk_snapshot_find(snap, "nvme0n1")->size,
	         2000000000LL * 512, "nvme0n1 size");
	CHECK_LL(disk_snapshot_find(snap, "sdd")->partition_count, 0,
	         "sdd partitions");
	CHECK_STR(disk_snapshot_find(snap, "sde")->md, "md1", "sde md");
	CU_ASSERT_FATAL(disk_snapshot_find(snap, "sdb")->partition_count >= 1);
	CHECK_STR(disk_snapshot_find(snap, "sdb")->partitions[0].md, NULL,
	          "sdb1 md");
	disk_snapshot_free(snap);

	/* sde removed, and sdb replaced by a new tree under its name. */
	p = xasprintf("%s/sys/block/sde", root);
	CU_ASSERT_EQUAL(unlink(p), 0);
	free(p);
	kept = disk_kept_open_count();
	check_cached_is_full(t, cache, &snap);
	CU_ASSERT_PTR_NULL(disk_snapshot_find(snap, "sde"));
	CU_ASSERT(disk_kept_open_count() < kept);
	disk_snapshot_free(snap);
	/* Nothing changed: the same rows again. */
	check_cached_is_full(t, cache, &snap);
	disk_snapshot_free(snap);

	disk_sysfs_cache_free(cache);
	CHECK_LL(disk_kept_open_count(), 0, "files kept after the cache");
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(root);
	free(dir);
}


/* --- what only a uevent or a write changes -------------------------------- */

/* One cached scan of t; sda's row, checked against a full read when
 * full_too. */
static struct disk_snapshot *
scan_steady(struct transport *t, struct disk_sysfs_cache *cache,
            int recheck, int full_too)
{
	struct disk_snapshot *snap, *full;
	char *cause = NULL;

	snap = disk_sysfs_scan_cached(t, cache, recheck, &cause);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(disk_snapshot_find(snap, "sda"));
	if (full_too) {
		full = disk_sysfs_scan(t, &cause);
		check_same_snapshot(snap, full);
		disk_snapshot_free(full);
	}
	free(cause);
	return snap;
}

static void
test_uevents_and_writes(void)
{
	char *dir = unit_temp_dir("disk-cache"), *root;
	char *script = unit_fixture_path("make-many-disks.sh");
	char sh[] = "/bin/sh", four[] = "4";
	char *argv[] = {sh, script, four, NULL, NULL};
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct disk_snapshot *snap;
	struct counting c;
	const struct disk *d;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	counting_init(&c, root);
	c.base.ops = &counting_keep_ops;
	for (i = 0; i < 2; i++)
		disk_snapshot_free(scan_steady(&c.base, cache, 0, 1));

	/* An admin's echo into timeout and scheduler: heard, read, shown. */
	unit_put_file(dir, BLOCK("sda", "device/timeout"), "180\n");
	unit_put_file(dir, BLOCK("sdb", "queue/scheduler"),
	              "mq-deadline kyber [bfq] none\n");
	c.rereads = 0;
	snap = scan_steady(&c.base, cache, 0, 1);
	CHECK_LL(disk_snapshot_find(snap, "sda")->timeout, 180, "sda timeout");
	CHECK_STR(disk_snapshot_find(snap, "sdb")->scheduler, "bfq",
	          "sdb scheduler");
	/* queue_depth a disk, the two written files, /proc/diskstats. */
	CHECK_LL(c.rereads, 4 + 2 + 1, "files read after two writes");
	disk_snapshot_free(snap);
	c.rereads = 0;
	disk_snapshot_free(scan_steady(&c.base, cache, 0, 1));
	CHECK_LL(c.rereads, 4 + 1, "files read when nothing was written");

	/* A size changed with no uevent and /proc/partitions as it was: the
	 * kernel does not do that, so the steady scan keeps the last size;
	 * the recheck (every slow refresh) reads it. */
	unit_put_file(dir, BLOCK("sda", "size"), "7814037000\n");
	snap = scan_steady(&c.base, cache, 0, 0);
	CHECK_LL(disk_snapshot_find(snap, "sda")->size, 7814037168LL * 512,
	         "size without a uevent");
	disk_snapshot_free(snap);
	snap = scan_steady(&c.base, cache, 1, 1);
	CHECK_LL(disk_snapshot_find(snap, "sda")->size, 7814037000LL * 512,
	         "size at the recheck");
	disk_snapshot_free(snap);

	/* A resize with its uevent: read at once. */
	unit_put_file(dir, BLOCK("sda", "size"), "7814036000\n");
	unit_put_file(dir, "root/sys/kernel/uevent_seqnum", "100\n");
	snap = scan_steady(&c.base, cache, 0, 1);
	CHECK_LL(disk_snapshot_find(snap, "sda")->size, 7814036000LL * 512,
	         "size after a uevent");
	disk_snapshot_free(snap);
	disk_snapshot_free(scan_steady(&c.base, cache, 0, 1));

	/* A partition resized: /proc/partitions says so. */
	unit_put_file(dir, BLOCK("sdb", "sdb1/size"), "7814035000\n");
	drop_partition_line(dir, "sdb1");
	snap = scan_steady(&c.base, cache, 0, 1);
	d = disk_snapshot_find(snap, "sdb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_FATAL(d->partition_count == 1);
	CHECK_LL(d->partitions[0].size, 7814035000LL * 512,
	         "partition size after /proc/partitions changed");
	disk_snapshot_free(snap);

	/* Another disk under sdc's name: a new diskseq, with its uevent. */
	unit_put_file(dir, BLOCK("sdc", "device/model"), "NEW MODEL C\n");
	unit_put_file(dir, BLOCK("sdc", "diskseq"), "77\n");
	unit_put_file(dir, "root/sys/kernel/uevent_seqnum", "104\n");
	snap = scan_steady(&c.base, cache, 0, 1);
	CHECK_STR(disk_snapshot_find(snap, "sdc")->model, "NEW MODEL C",
	          "a replaced disk's model");
	disk_snapshot_free(snap);

	disk_sysfs_cache_free(cache);
	CHECK_LL(disk_kept_open_count(), 0, "files kept after the cache");
	transport_free(c.inner);
	unit_remove_tree(dir);
	free(script);
	free(root);
	free(dir);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "cached rows are the full read's (fixture)",
	            test_fixture_rows);
	CU_add_test(s, "cached rows are the full read's (many disks)",
	            test_many_disks_rows);
	CU_add_test(s, "rows in natural order as names come and go",
	            test_order_follows_names);
	CU_add_test(s, "static attributes are read once",
	            test_static_read_once);
	CU_add_test(s, "a disk replaced under its name is read again",
	            test_replaced_disk);
	CU_add_test(s, "a disk gone and back is read again",
	            test_gone_and_back);
	CU_add_test(s, "a steady refresh opens nothing a disk",
	            test_steady_opens);
	CU_add_test(s, "what only a uevent or a write changes",
	            test_uevents_and_writes);
	CU_add_test(s, "changes between refreshes are seen",
	            test_changes_seen);
}
