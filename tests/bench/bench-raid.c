/* Benchmark: time, CPU and memory of one RAID snapshot of a sysroot. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "md.h"
#include "plugin.h"
#include "transport.h"

#include "bench-common.h"

/*
 * Usage: bench-raid [-n RUNS] SYSROOT
 *
 * Opens the RAID plugin's descriptor directly (backends/raid/raid-plugin.c is
 * linked in, not loaded), takes one warm-up snapshot of SYSROOT, then RUNS
 * timed ones: each is what one refresh of the RAID panel asks the plugin
 * for (flags 0: /proc/mdstat, every array's md sysfs, the speed limits;
 * the plugin has no slow data to skip). Prints one
 * line of key=value figures for tests/bench/run-bench.sh:
 *
 *   arrays=64 members=1024 rebuilding=32 runs=20 wall_ms=... cpu_ms=...
 *   cpu_us_per_array=... cpu_us_per_member=... rss_base_kib=...
 *   rss_max_kib=...
 *
 * wall_ms and cpu_ms are per snapshot; cpu is user plus system time of the
 * whole process (the plugin starts no thread). rss_base_kib is the peak RSS
 * before the first snapshot, rss_max_kib the peak after the last.
 * Built by run-bench.sh with the flags of the Makefile's bench-disks rule.
 */

extern const struct plugin_descriptor rackcon_plugin;

#define BENCH_DEFAULT_RUNS 20

struct bench_count {
	long arrays;
	long members;
	long rebuilding;
};

/* One snapshot into *n; -1 after printing why it failed. */
static int
bench_snapshot(void *handle, struct bench_count *n)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct md_snapshot *snap;
	char *cause = NULL;
	size_t i;

	snap = pd->snapshot(handle, 0, NULL, &cause); /* as the UI's refresh */
	if (snap == NULL) {
		fprintf(stderr, "bench-raid: snapshot: %s\n",
		    cause != NULL ? cause : "failed");
		free(cause);
		return -1;
	}
	memset(n, 0, sizeof *n);
	n->arrays = (long)snap->count;
	for (i = 0; i < snap->count; i++) {
		n->members += (long)snap->arrays[i].member_count;
		n->rebuilding += snap->arrays[i].progress.valid;
	}
	pd->free_snapshot(snap);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct plugin_host host;
	struct rusage base, after;
	struct bench_timer timer;
	struct bench_count n = { 0 };
	double wall, cpu;
	long runs = BENCH_DEFAULT_RUNS, i;
	const char *root;
	void *handle;

	root = bench_args(argc, argv, "bench-raid", &runs);
	if (root == NULL)
		return 2;
	if (strcmp(pd->name, "raid") != 0) {
		fprintf(stderr, "bench-raid: linked with the %s plugin\n",
		    pd->name);
		return 1;
	}

	handle = bench_open(pd, &host, root, "bench-raid");
	if (handle == NULL)
		return 1;
	getrusage(RUSAGE_SELF, &base);
	if (bench_snapshot(handle, &n) < 0) /* warm-up: page cache, allocator */
		return 1;

	bench_timer_start(&timer);
	for (i = 0; i < runs; i++) {
		if (bench_snapshot(handle, &n) < 0)
			return 1;
	}
	bench_timer_stop(&timer, runs, &wall, &cpu, &after);

	printf("arrays=%ld members=%ld rebuilding=%ld runs=%ld wall_ms=%.2f "
	    "cpu_ms=%.2f cpu_us_per_array=%.1f cpu_us_per_member=%.2f "
	    "rss_base_kib=%ld rss_max_kib=%ld\n",
	    n.arrays, n.members, n.rebuilding, runs, wall, cpu,
	    n.arrays > 0 ? cpu * 1e3 / n.arrays : 0.0,
	    n.members > 0 ? cpu * 1e3 / n.members : 0.0, base.ru_maxrss,
	    after.ru_maxrss);
	pd->close(handle);
	transport_free(host.transport);
	return 0;
}
