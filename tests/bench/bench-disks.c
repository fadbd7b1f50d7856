/* Benchmark: time, CPU and memory of one Disks snapshot of a sysroot. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "disk.h"
#include "plugin.h"
#include "transport.h"

#include "bench-common.h"

/*
 * Usage: bench-disks [-n RUNS] SYSROOT
 *
 * Opens the Disks plugin's descriptor directly (it is linked in, not
 * loaded), takes two warm-up snapshots of SYSROOT (they fill the plugin's
 * caches and start its watches, as the UI's first refreshes do), then RUNS
 * timed ones as the UI's steady 2-second refresh takes them
 * (PLUGIN_SNAP_NO_SLOW: sysfs read again as far as anything may have
 * changed, SMART and filesystems from the caches), RUNS as the slow
 * refresh every 30 s takes them (flags 0: everything that can change read
 * again; the sysroot's bin/ has no smartctl), and RUNS quick listings, and
 * prints one line of key=value figures for tests/bench/run-bench.sh:
 *
 *   disks=1024 runs=10 wall_ms=... cpu_ms=... recheck_cpu_ms=...
 *   quick_ms=... wall_us_per_disk=... cpu_us_per_disk=...
 *   rss_base_kib=... rss_max_kib=...
 *
 * wall_ms and cpu_ms are per steady snapshot, recheck_cpu_ms per slow one;
 * cpu is user plus system time of the whole process (the plugin runs no
 * other thread when SMART is skipped).
 * rss_base_kib is the peak RSS before the first snapshot, rss_max_kib the
 * peak after the last: ru_maxrss is per process, so one sysroot a process.
 */

extern const struct plugin_descriptor rackcon_plugin;

#define BENCH_DEFAULT_RUNS 10

/* One snapshot; its disk count, or -1 after printing why it failed. */
static long
bench_snapshot(void *handle, int flags)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct disk_snapshot *snap;
	char *cause = NULL;
	long count;

	snap = pd->snapshot(handle, flags, NULL, &cause);
	if (snap == NULL) {
		fprintf(stderr, "bench-disks: snapshot: %s\n",
		    cause != NULL ? cause : "failed");
		free(cause);
		return -1;
	}
	count = (long)snap->count;
	pd->free_snapshot(snap);
	return count;
}

int
main(int argc, char **argv)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct plugin_host host;
	struct rusage base, after;
	struct bench_timer timer;
	double start, wall, cpu, quick, recheck_wall, recheck_cpu;
	long runs = BENCH_DEFAULT_RUNS, disks = 0, i;
	const char *root;
	void *handle;

	root = bench_args(argc, argv, "bench-disks", &runs);
	if (root == NULL)
		return 2;

	handle = bench_open(pd, &host, root, "bench-disks");
	if (handle == NULL)
		return 1;
	getrusage(RUSAGE_SELF, &base);
	/* Warm-up: page cache, allocator, the plugin's caches and watches. */
	if (bench_snapshot(handle, 0) < 0 ||
	    bench_snapshot(handle, PLUGIN_SNAP_NO_SLOW) < 0)
		return 1;

	bench_timer_start(&timer);
	for (i = 0; i < runs; i++) {
		disks = bench_snapshot(handle, PLUGIN_SNAP_NO_SLOW);
		if (disks < 0)
			return 1;
	}
	bench_timer_stop(&timer, runs, &wall, &cpu, &after);

	/* The slow refresh's recheck. */
	bench_timer_start(&timer);
	for (i = 0; i < runs; i++) {
		if (bench_snapshot(handle, 0) < 0)
			return 1;
	}
	bench_timer_stop(&timer, runs, &recheck_wall, &recheck_cpu, &after);

	/* The quick listing behind the first frame. */
	start = bench_now_ms();
	for (i = 0; i < runs; i++) {
		if (bench_snapshot(handle, PLUGIN_SNAP_QUICK) < 0)
			return 1;
	}
	quick = (bench_now_ms() - start) / runs;

	printf("disks=%ld runs=%ld wall_ms=%.2f cpu_ms=%.2f recheck_cpu_ms=%.2f "
	    "quick_ms=%.2f wall_us_per_disk=%.1f cpu_us_per_disk=%.1f "
	    "rss_base_kib=%ld rss_max_kib=%ld\n",
	    disks, runs, wall, cpu, recheck_cpu, quick,
	    disks > 0 ? wall * 1e3 / disks : 0.0,
	    disks > 0 ? cpu * 1e3 / disks : 0.0, base.ru_maxrss,
	    after.ru_maxrss);
	pd->close(handle);
	transport_free(host.transport);
	return 0;
}
