/* Unit tests for the /proc/diskstats parser and the full scan's use of it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-sysfs.h"
#include "proc-diskstats.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("proc-diskstats", add_tests)

/* As kernels print it: 4.x (11 counters), 4.18 (15), 5.5 and later (17). */
static const char sample[] =
    " 254       0 vda 18412 4087 1331450 9804 5120 6170 316528 11296 0 "
    "12612 23244 0 0 0 0 1204 2143\n"
    " 254       1 vda1 18300 4087 1325626 9760 5111 6170 316528 11290 0 "
    "12580 21050 0 0 0 0 0 0\n"
    "   8       0 sda 4520 312 298832 12044 1877 2213 32712 23568 0 18920 "
    "35612\n"
    "   8       1 sda1 120 0 4400 310 9 0 72 4 0 280 314 0 0 0 0\n"
    " 259       0 nvme0n1 90211 0 5044380 20718 371266 0 9845216 "
    "1023917 0 331660 1044635 0 0 0 0 0 0\n"
    "   9     127 md127 0 0 0 0 8 0 16 0 0 0 0 0 0 0 0 0 0\n"
    " 104       0 cciss/c0d0 10 0 80 1 42 0 336 2 0 3 3\n"
    "   7       0 loop0 58 0 2312 14 0 0 0 0 0 24 14 0 0 0 0 0 0\n";

static void
test_sample(void)
{
	struct proc_diskstats *ds;
	long long writes = -1;
	size_t bad = 99;

	ds = proc_diskstats_parse(sample, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(proc_diskstats_count(ds), 8);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "vda", &writes), 1);
	CU_ASSERT_EQUAL(writes, 5120);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sda", &writes), 1);
	CU_ASSERT_EQUAL(writes, 1877);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sda1", &writes), 1);
	CU_ASSERT_EQUAL(writes, 9);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "nvme0n1", &writes), 1);
	CU_ASSERT_EQUAL(writes, 371266);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "md127", &writes), 1);
	CU_ASSERT_EQUAL(writes, 8);
	/* Named as sysfs names it. */
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "cciss!c0d0", &writes), 1);
	CU_ASSERT_EQUAL(writes, 42);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "cciss/c0d0", &writes), 0);
	/* Not listed: not found, *writes untouched. */
	writes = -7;
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sdb", &writes), 0);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sd", &writes), 0);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "", &writes), 0);
	CU_ASSERT_EQUAL(writes, -7);
	proc_diskstats_free(ds);
}

static void
test_malformed(void)
{
	static const char text[] =
	    "\n"
	    "   8 0 sda 1 2 3 4 5 6 7 8 9 10\n"      /* 10 counters */
	    "   8 16 sdb 1 2 3 4 -5 6 7 8 9 10 11\n" /* a sign */
	    "   8 32 sdc 1 2 3 4 5x 6 7 8 9 10 11\n" /* not a number */
	    "   x 48 sdd 1 2 3 4 5 6 7 8 9 10 11\n"  /* major */
	    "   8 64 sde 1 2 3 4 99999999999999999999 6 7 8 9 10 11\n"
	    /* A counter not kept overflows too: the line is bad. */
	    "   8 96 sdg 9999999999999999999 2 3 4 5 6 7 8 9 10 11\n"
	    /* 18 digits fit, whatever the counter. */
	    "   8 112 sdh 999999999999999999 2 3 4 7 6 7 8 9 10 11\n"
	    "   8 80 sdf 1 2 3 4 5 6 7 8 9 10 11\n" /* good */
	    "   8 80 sdf 1 2 3 4 6 6 7 8 9 10 11\n" /* again: first wins */
	    "garbage\n";
	struct proc_diskstats *ds;
	long long writes = -1;
	size_t bad = 0;

	ds = proc_diskstats_parse(text, &bad);
	CU_ASSERT_EQUAL(bad, 7);
	CU_ASSERT_EQUAL(proc_diskstats_count(ds), 2);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sdg", &writes), 0);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sdh", &writes), 1);
	CU_ASSERT_EQUAL(writes, 7);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sdf", &writes), 1);
	CU_ASSERT_EQUAL(writes, 5);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sda", &writes), 0);
	proc_diskstats_free(ds);
	ds = proc_diskstats_parse("", NULL);
	CU_ASSERT_EQUAL(proc_diskstats_count(ds), 0);
	proc_diskstats_free(ds);
}

/* The full scan takes a disk's counter from /proc/diskstats, without
 * reading its stat file; a disk the file does not list reads its own. */
static void
test_scan_uses_it(void)
{
	char *dir = unit_temp_dir("diskstats"), *root, *cause = NULL;
	char cp[] = "/bin/cp", a[] = "-a", *src;
	char *argv[] = {cp, a, NULL, NULL, NULL};
	struct disk_snapshot *snap;
	struct transport *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	src = unit_fixture_path("sysroot-disks/.");
	root = xasprintf("%s/root", dir);
	argv[2] = src;
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	t = transport_local_new(root);
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CU_ASSERT(disk_snapshot_find(snap, "sda")->writes != 777);
	CU_ASSERT(disk_snapshot_find(snap, "sdb")->writes >= 0);
	CHECK_STR(disk_snapshot_find(snap, "sda")->error, NULL, "sda error");
	disk_snapshot_free(snap);
	/* sda listed (and its stat file made unreadable as text: not read);
	 * sdb not listed: its stat file says. */
	unit_put_file(dir, "root/proc/diskstats",
	              "   8       0 sda 1 2 3 4 777 6 7 8 9 10 11 0 0 0 0\n"
	              "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 0 0 0 0\n");
	unit_put_file(dir, "root/sys/block/sda/stat", "not a stat line\n");
	snap = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(disk_snapshot_find(snap, "sda")->writes, 777, "sda writes");
	CHECK_STR(disk_snapshot_find(snap, "sda")->error, NULL, "sda error");
	CU_ASSERT(disk_snapshot_find(snap, "sdb")->writes >= 0);
	disk_snapshot_free(snap);
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(src);
	free(root);
	free(dir);
}

/* ds after proc_diskstats_update(ds, text) is what text parses to. */
static void
check_as_parsed(const struct proc_diskstats *ds, const char *text)
{
	static const char *const names[] = {
	    "vda",   "vda1",       "sda",   "sda1", "nvme0n1",
	    "md127", "cciss!c0d0", "loop0", "sdf",  "sdb",
	};
	struct proc_diskstats *fresh = proc_diskstats_parse(text, NULL);
	long long a, b;
	size_t i;
	int fa, fb;

	CHECK_LL(proc_diskstats_count(ds), proc_diskstats_count(fresh),
	         "count");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		a = b = -5;
		fa = proc_diskstats_writes(ds, names[i], &a);
		fb = proc_diskstats_writes(fresh, names[i], &b);
		CHECK_LL(fa, fb, names[i]);
		CHECK_LL(a, b, names[i]);
	}
	proc_diskstats_free(fresh);
}

/* Update ds from a copy of text; its return. */
static int
update_from(struct proc_diskstats *ds, const char *text)
{
	char *copy = xstrdup(text);
	int rc = proc_diskstats_update(ds, copy);

	free(copy);
	return rc;
}

/* Counters taken again while the devices are the same, in the same order
 * (blank lines aside); anything else says to parse afresh. */
static void
test_update(void)
{
	static const char moved[] =
	    " 254       0 vda 18412 4087 1331450 9804 5121 6170 316528 11296 0 "
	    "12612 23244 0 0 0 0 1204 2143\n"
	    " 254       1 vda1 18300 4087 1325626 9760 5111 6170 316528 11290 "
	    "0 "
	    "12580 21050 0 0 0 0 0 0\n"
	    "\n"
	    "   8       0 sda 4520 312 298832 12044 1999 2213 32712 23568 0 "
	    "18920 "
	    "35612\n"
	    "   8       1 sda1 120 0 4400 310 9 0 72 4 0 280 314 0 0 0 0\n"
	    " 259       0 nvme0n1 90211 0 5044380 20718 371267 0 9845216 "
	    "1023917 0 331660 1044635 0 0 0 0 0 0\n"
	    "   9     127 md127 0 0 0 0 8 0 16 0 0 0 0 0 0 0 0 0 0\n"
	    " 104       0 cciss/c0d0 10 0 80 1 43 0 336 2 0 3 3\n"
	    "   7       0 loop0 58 0 2312 14 0 0 0 0 0 24 14 0 0 0 0 0 0";
	static const char dup1[] = "8 80 sdf 1 2 3 4 5 6 7 8 9 10 11\n"
	                           "8 16 sdb 1 2 3 4 1 6 7 8 9 10 11\n"
	                           "8 80 sdf 1 2 3 4 6 6 7 8 9 10 11\n";
	static const char dup2[] = "8 80 sdf 1 2 3 4 7 6 7 8 9 10 11\n"
	                           "8 16 sdb 1 2 3 4 2 6 7 8 9 10 11\n"
	                           "8 80 sdf 1 2 3 4 8 6 7 8 9 10 11\n";
	struct proc_diskstats *ds = proc_diskstats_parse(sample, NULL);
	char *text;
	long long writes = 0;

	CHECK_LL(update_from(ds, moved), 0, "same devices");
	check_as_parsed(ds, moved);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "cciss!c0d0", &writes), 1);
	CHECK_LL(writes, 43, "a name with a slash");
	CHECK_LL(update_from(ds, sample), 0, "and back");
	check_as_parsed(ds, sample);
	/* Not the same list: afresh. */
	text = xstrdup(sample);
	text[strlen(text) - 2] = 'x'; /* loop0's last counter */
	CHECK_LL(update_from(ds, text), -1, "a line that does not parse");
	free(text);
	CHECK_LL(update_from(ds, strchr(sample, '\n') + 1), -1, "one less");
	text = xasprintf("%s   8 16 sdb 1 2 3 4 5 6 7 8 9 10 11\n", sample);
	CHECK_LL(update_from(ds, text), -1, "one more");
	free(text);
	text = xstrdup(sample);
	*strstr(text, "sda1") = 'x';
	CHECK_LL(update_from(ds, text), -1, "a name changed");
	free(text);
	text = xasprintf("%s%s", strstr(sample, "   8       0 sda"), sample);
	text[strlen(text) - strlen(strstr(sample, "   8       0 sda"))] = '\0';
	CHECK_LL(update_from(ds, text), -1, "another order");
	free(text);
	proc_diskstats_free(ds);
	/* A name listed twice: the first line's counter, as parsed. */
	ds = proc_diskstats_parse(dup1, NULL);
	CHECK_LL(update_from(ds, dup2), 0, "listed twice");
	check_as_parsed(ds, dup2);
	CU_ASSERT_EQUAL(proc_diskstats_writes(ds, "sdf", &writes), 1);
	CHECK_LL(writes, 7, "the first of two");
	proc_diskstats_free(ds);
}

/* A cached scan takes the counters again from the last parse while the
 * file lists the same devices, and parses afresh when it does not: the
 * rows' counters are a full scan's each time. */
static void
test_cached_scan(void)
{
	static const char *const texts[] = {
	    "   8       0 sda 1 2 3 4 100 6 7 8 9 10 11 0 0 0 0\n"
	    "   8      16 sdb 1 2 3 4 200 6 7 8 9 10 11 0 0 0 0\n",
	    "   8       0 sda 1 2 3 4 101 6 7 8 9 10 11 0 0 0 0\n"
	    "   8      16 sdb 1 2 3 4 201 6 7 8 9 10 11 0 0 0 0\n",
	    "   8      16 sdb 1 2 3 4 202 6 7 8 9 10 11 0 0 0 0\n"
	    "   8       0 sda 1 2 3 4 102 6 7 8 9 10 11 0 0 0 0\n",
	    "   8      16 sdb 1 2 3 4 203 6 7 8 9 10 11 0 0 0 0\n",
	    "   8      16 sdb 1 2 3 4 204 6 7 8 9 10 11 0 0 0 0\n"
	    "   8       0 sda 1 2 3 4 104 6 7 8 9 10 11 0 0 0 0\n",
	};
	char *dir = unit_temp_dir("diskstats"), *root, *cause = NULL;
	char cp[] = "/bin/cp", a[] = "-a", *src;
	char *argv[] = {cp, a, NULL, NULL, NULL};
	struct disk_snapshot *full, *cached;
	struct disk_sysfs_cache *cache = disk_sysfs_cache_new();
	struct transport *t;
	size_t i, j;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	src = unit_fixture_path("sysroot-disks/.");
	root = xasprintf("%s/root", dir);
	argv[2] = src;
	argv[3] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	unit_put_file(dir, "root/sys/block/sdb/stat",
	              "1 2 3 4 999 6 7 8 9 10 11\n");
	t = transport_local_new(root);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		unit_put_file(dir, "root/proc/diskstats", texts[i]);
		cached = disk_sysfs_scan_cached(t, cache, 0, &cause);
		full = disk_sysfs_scan(t, &cause);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cached);
		CU_ASSERT_PTR_NOT_NULL_FATAL(full);
		CHECK_LL(cached->count, full->count, "rows");
		for (j = 0; j < cached->count && j < full->count; j++)
			CHECK_LL(cached->disks[j].writes, full->disks[j].writes,
			         full->disks[j].name);
		/* Not listed (i 3): its stat file's. */
		CHECK_LL(disk_snapshot_find(cached, "sda")->writes,
		         i == 3 ? 94751 : 100 + (long long)i, "sda's");
		disk_snapshot_free(cached);
		disk_snapshot_free(full);
	}
	disk_sysfs_cache_free(cache);
	transport_free(t);
	unit_remove_tree(dir);
	free(cause);
	free(src);
	free(root);
	free(dir);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "a sample of three kernels' formats", test_sample);
	CU_add_test(s, "malformed lines are skipped and counted",
	            test_malformed);
	CU_add_test(s, "counters taken again while the devices stand",
	            test_update);
	CU_add_test(s, "a cached scan's counters are a full scan's",
	            test_cached_scan);
	CU_add_test(s, "the full scan takes the write counters from it",
	            test_scan_uses_it);
}
