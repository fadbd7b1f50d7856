/* Unit test: the Disks plugin's quick first snapshot lists disks cheaply. */
#include "config.h"

#include <stdlib.h>

#include "disk.h"
#include "plugin.h"
#include "unit.h"

UNIT_SUITE("disks-quick", add_tests)

extern const struct plugin_descriptor rackcon_plugin;

static void
test_quick_then_full(void)
{
	struct plugin_host host = { PLUGIN_ABI, NULL, 5000, 300 };
	struct disk_snapshot *quick, *full;
	const struct disk *d;
	char *cause = NULL;
	void *h;

	host.transport = transport_local_new(FIXTURE_DIR "/sysroot-disks");
	h = rackcon_plugin.open(&host, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	quick = rackcon_plugin.snapshot(h, PLUGIN_SNAP_QUICK, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(quick);
	full = rackcon_plugin.snapshot(h, 0, &cause);
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
	rackcon_plugin.free_snapshot(quick);
	rackcon_plugin.free_snapshot(full);
	rackcon_plugin.close(h);
	transport_free(host.transport);
	free(cause);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "quick snapshot, then the full one", test_quick_then_full);
}
