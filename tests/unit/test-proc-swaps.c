/* Unit tests for the /proc/swaps parser and the Disks scan's "[SWAP]". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk-sysfs.h"
#include "proc-swaps.h"
#include "transport.h"
#include "unit.h"

UNIT_SUITE("proc-swaps", add_tests)

/* As a 6.1 kernel prints it: the heading, then one line a swap area, the
 * name padded to 40 columns, the rest tab-separated. */
static const char sample[] =
    "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
    "/dev/sda2                               partition\t8388604\t\t"
    "1024\t\t-2\n"
    "/dev/dm-1                               partition\t4194300\t\t0\t\t10\n"
    "/swap\\040file\\040(deleted)               file\t\t1048572\t\t0\t\t-3\n"
    "/dev/mapper/vg-swap                     partition\t1048572\t\t0\t\t-4\n";

static void
test_sample(void)
{
	struct proc_swaps *s;
	size_t bad = 99;

	s = proc_swaps_parse(sample, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL_FATAL(s->n, 4);
	CU_ASSERT_STRING_EQUAL(s->v[0].path, "/dev/sda2");
	CU_ASSERT_STRING_EQUAL(s->v[0].type, "partition");
	CU_ASSERT_EQUAL(s->v[0].size_kib, 8388604);
	CU_ASSERT_EQUAL(s->v[0].used_kib, 1024);
	CU_ASSERT_EQUAL(s->v[0].priority, -2);
	CU_ASSERT_STRING_EQUAL(proc_swap_dev_name(&s->v[0]), "sda2");
	CU_ASSERT_EQUAL(s->v[1].priority, 10);
	CU_ASSERT_STRING_EQUAL(proc_swap_dev_name(&s->v[1]), "dm-1");
	/* The escapes undone; a file is not a device. */
	CU_ASSERT_STRING_EQUAL(s->v[2].path, "/swap file (deleted)");
	CU_ASSERT_STRING_EQUAL(s->v[2].type, "file");
	CU_ASSERT_PTR_NULL(proc_swap_dev_name(&s->v[2]));
	CU_ASSERT_STRING_EQUAL(proc_swap_dev_name(&s->v[3]), "mapper/vg-swap");
	proc_swaps_free(s);
}

static void
test_empty_and_bad(void)
{
	static const char *const bad_lines[] = {
		"/dev/sda2 partition 10 0\n",          /* four fields */
		"/dev/sda2 partition 10 0 -2 x\n",     /* six */
		"/dev/sda2 partition -10 0 -2\n",      /* negative size */
		"/dev/sda2 partition 10 0x1 -2\n",     /* not decimal */
		"/dev/sda2 partition 10 0 99999999999\n", /* priority > int */
		"/dev/sda2 partition 99999999999999999999 0 -2\n",
		"/dev/sda2 partition 10 0 --2\n",
	};
	struct proc_swaps *s;
	size_t bad, i;

	/* No swap: only the heading. */
	s = proc_swaps_parse("Filename\t\t\t\tType\t\tSize\t\tUsed\t\t"
	    "Priority\n", &bad);
	CU_ASSERT_EQUAL(s->n, 0);
	CU_ASSERT_EQUAL(bad, 0);
	proc_swaps_free(s);
	s = proc_swaps_parse("", NULL);
	CU_ASSERT_EQUAL(s->n, 0);
	proc_swaps_free(s);
	for (i = 0; i < sizeof bad_lines / sizeof bad_lines[0]; i++) {
		s = proc_swaps_parse(bad_lines[i], &bad);
		if (s->n != 0 || bad != 1)
			fprintf(stderr, "\nline %zu: %zu parsed, %zu bad\n", i,
			    s->n, bad);
		CU_ASSERT_EQUAL(s->n, 0);
		CU_ASSERT_EQUAL(bad, 1);
		proc_swaps_free(s);
	}
	/* "/dev/" alone, or a path climbing out of /dev, names no device. */
	s = proc_swaps_parse("/dev/ partition 1 0 -2\n/dev/../etc/x partition "
	    "1 0 -2\n", &bad);
	CU_ASSERT_EQUAL_FATAL(s->n, 2);
	CU_ASSERT_PTR_NULL(proc_swap_dev_name(&s->v[0]));
	CU_ASSERT_PTR_NULL(proc_swap_dev_name(&s->v[1]));
	proc_swaps_free(s);
}

/* The fixture's /proc/swaps: sde is whole-disk swap, shown as lsblk shows
 * it; the swap file is no device's. */
static void
test_scan_fixture(void)
{
	char *root = unit_fixture_path("sysroot-disks"), *cause = NULL;
	struct transport *t = transport_local_new(root);
	struct disk_snapshot *snap = disk_sysfs_scan(t, &cause);
	const struct disk *d;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	d = disk_snapshot_find(snap, "sde");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->mountpoints, "[SWAP]");
	for (i = 0; i < snap->count; i++) {
		if (snap->disks[i].mountpoints != NULL &&
		    strcmp(snap->disks[i].name, "sde") != 0)
			CU_ASSERT_PTR_NULL(strstr(snap->disks[i].mountpoints,
			    "SWAP"));
	}
	CU_ASSERT_PTR_NULL(snap->error);
	disk_snapshot_free(snap);
	transport_free(t);
	free(cause);
	free(root);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "a kernel's /proc/swaps", test_sample);
	CU_add_test(s, "empty and malformed", test_empty_and_bad);
	CU_add_test(s, "the scan shows [SWAP]", test_scan_fixture);
}
