/* Unit test: the Disks plugin's quick first snapshot lists disks cheaply. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-plan.h"
#include "disk-sysfs.h"
#include "disk.h"
#include "plugin.h"
#include "unit.h"

UNIT_SUITE("disks-quick", add_tests)

extern const struct plugin_descriptor rackcon_plugin;

static void
test_quick_then_full(void)
{
	struct plugin_host host = { .abi = PLUGIN_ABI, .command_timeout_ms = 5000, .slow_interval_s = 300 };
	struct disk_snapshot *quick, *full;
	struct change_plan plan;
	const struct disk *d;
	char *cause = NULL;
	void *h;

	host.transport = transport_local_new(FIXTURE_DIR "/sysroot-disks");
	h = rackcon_plugin.open(&host, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	quick = rackcon_plugin.snapshot(h, PLUGIN_SNAP_QUICK, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(quick);
	full = rackcon_plugin.snapshot(h, 0, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(full);
	/* The same disks with name, size and transport; the rest is
	 * unknown, not zero, until the full snapshot. */
	CU_ASSERT_EQUAL(quick->count, full->count);
	d = disk_snapshot_find(quick, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->size, disk_snapshot_find(full, "sda")->size);
	CU_ASSERT_STRING_EQUAL(d->transport, "sata");
	CU_ASSERT_PTR_NULL(d->model);
	CU_ASSERT_EQUAL(d->timeout, -1);
	CU_ASSERT_EQUAL(d->queue_depth, -1);
	CU_ASSERT_EQUAL(d->smart.valid, 0);
	CU_ASSERT_EQUAL(d->smart.erc, ERC_UNKNOWN);
	CU_ASSERT_PTR_NULL(d->mountpoints);
	/* The full snapshot has what smartctl said. */
	d = disk_snapshot_find(full, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->timeout, 30);
	CU_ASSERT_EQUAL(d->smart.valid, 1);
	CU_ASSERT_EQUAL(d->smart.erc, ERC_ENABLED);
	/* A change planned on the first frame is refused as not read yet
	 * (sda's timeout is not missing, only unread), on the full one
	 * planned. */
	CU_ASSERT_EQUAL(quick->quick, 1);
	CU_ASSERT_EQUAL(full->quick, 0);
	CU_ASSERT_EQUAL(disk_plan_set_timeout(quick, "sda", 180, &plan,
	                                      &cause), -1);
	CU_ASSERT(cause != NULL && strstr(cause, "not read yet") != NULL);
	free(cause);
	cause = disk_plan_refusal(quick, "disk-set-timeout", "sda");
	CU_ASSERT(cause != NULL && strstr(cause, "not read yet") != NULL);
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(disk_plan_raid_safe(quick, 0, &plan, &cause), -1);
	CU_ASSERT(cause != NULL && strstr(cause, "not read yet") != NULL);
	free(cause);
	cause = NULL;
	CU_ASSERT_PTR_NULL(disk_plan_refusal(full, "disk-set-timeout", "sda"));
	CU_ASSERT_EQUAL(disk_plan_set_timeout(full, "sda", 180, &plan,
	                                      &cause), 0);
	change_plan_free(&plan);
	rackcon_plugin.free_snapshot(quick);
	rackcon_plugin.free_snapshot(full);
	rackcon_plugin.close(h);
	transport_free(host.transport);
	free(cause);
}

/*
 * The quick listing of root (NULL: this machine) against the full scan:
 * the same disks in the same order, and sizes that differ by less than the
 * 1 KiB block /proc/partitions counts in.
 */
static void
check_quick_matches_full(const char *root)
{
	struct transport *t = transport_local_new(root);
	struct disk_snapshot *quick, *full;
	char *cause = NULL;
	long long diff;
	size_t i;

	quick = disk_sysfs_scan_quick(t, &cause);
	full = disk_sysfs_scan(t, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(quick);
	CU_ASSERT_PTR_NOT_NULL_FATAL(full);
	CU_ASSERT_EQUAL(quick->count, full->count);
	for (i = 0; i < quick->count && i < full->count; i++) {
		CU_ASSERT_STRING_EQUAL(quick->disks[i].name,
		    full->disks[i].name);
		diff = full->disks[i].size - quick->disks[i].size;
		CU_ASSERT(diff >= 0 && diff < 1024);
		/* Known from the link alone, or not yet known. */
		if (quick->disks[i].transport != NULL)
			CU_ASSERT_STRING_EQUAL(quick->disks[i].transport,
			    full->disks[i].transport);
	}
	disk_snapshot_free(quick);
	disk_snapshot_free(full);
	transport_free(t);
	free(cause);
}

/* sysroot-disks has a proc/partitions: sizes come from there. */
static void
test_sizes_from_proc_partitions(void)
{
	check_quick_matches_full(FIXTURE_DIR "/sysroot-disks");
}

/* sysroot-raid has none: each disk's size file is read instead. */
static void
test_sizes_from_sysfs(void)
{
	check_quick_matches_full(FIXTURE_DIR "/sysroot-raid");
}

static void
test_this_machine(void)
{
	check_quick_matches_full(NULL);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "quick snapshot, then the full one", test_quick_then_full);
	CU_add_test(s, "quick sizes from /proc/partitions",
	    test_sizes_from_proc_partitions);
	CU_add_test(s, "quick sizes from sysfs without it",
	    test_sizes_from_sysfs);
	CU_add_test(s, "quick and full agree on this machine",
	    test_this_machine);
}
