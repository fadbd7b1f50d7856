/* Benchmark: time, CPU and memory of one Disks snapshot of a sysroot. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "disk.h"
#include "plugin.h"
#include "transport.h"

/*
 * Usage: bench-disks [-n RUNS] SYSROOT
 *
 * Opens the Disks plugin's descriptor directly (it is linked in, not
 * loaded), takes one warm-up snapshot of SYSROOT (it fills the plugin's
 * caches, as the UI's first refreshes do), then RUNS timed ones as the UI's
 * steady 2-second refresh takes them (flags 0: sysfs read again, SMART and
 * filesystems from the caches; the sysroot's bin/ has no smartctl), and
 * prints one line of key=value figures for tests/bench/run-bench.sh:
 *
 *   disks=1024 runs=10 wall_ms=... cpu_ms=... wall_us_per_disk=...
 *   cpu_us_per_disk=... rss_base_kib=... rss_max_kib=...
 *
 * wall_ms and cpu_ms are per snapshot; cpu is user plus system time of the
 * whole process (the plugin runs no other thread when SMART is skipped).
 * rss_base_kib is the peak RSS before the first snapshot, rss_max_kib the
 * peak after the last: ru_maxrss is per process, so one sysroot a process.
 */

extern const struct plugin_descriptor rackcon_plugin;

#define BENCH_DEFAULT_RUNS 10

static double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
bench_cpu_ms(struct rusage *ru)
{
	return ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3 +
	    ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3;
}

/* One snapshot; its disk count, or -1 after printing why it failed. */
static long
bench_snapshot(void *handle, int flags)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct disk_snapshot *snap;
	char *cause = NULL;
	long count;

	snap = pd->snapshot(handle, flags, &cause);
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

static int
bench_usage(void)
{
	fprintf(stderr, "usage: bench-disks [-n RUNS] SYSROOT\n");
	return 2;
}

int
main(int argc, char **argv)
{
	const struct plugin_descriptor *pd = &rackcon_plugin;
	struct plugin_host host = {
		.abi = PLUGIN_ABI,
		.command_timeout_ms = 30000,
		.slow_interval_s = 300,
	};
	struct rusage base, before, after;
	double start, wall, cpu, quick;
	long runs = BENCH_DEFAULT_RUNS, disks = 0, i;
	char *cause = NULL, *end;
	void *handle;
	int c;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			runs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || runs < 1)
				return bench_usage();
			break;
		default:
			return bench_usage();
		}
	}
	if (argc - optind != 1)
		return bench_usage();

	host.transport = transport_local_new(argv[optind]);
	handle = pd->open(&host, &cause);
	if (handle == NULL) {
		fprintf(stderr, "bench-disks: open: %s\n",
		    cause != NULL ? cause : "failed");
		free(cause);
		return 1;
	}
	getrusage(RUSAGE_SELF, &base);
	if (bench_snapshot(handle, 0) < 0) /* warm-up: page cache, allocator */
		return 1;

	getrusage(RUSAGE_SELF, &before);
	start = bench_now_ms();
	for (i = 0; i < runs; i++) {
		disks = bench_snapshot(handle, 0);
		if (disks < 0)
			return 1;
	}
	wall = (bench_now_ms() - start) / runs;
	getrusage(RUSAGE_SELF, &after);
	cpu = (bench_cpu_ms(&after) - bench_cpu_ms(&before)) / runs;

	/* The quick listing behind the first frame. */
	start = bench_now_ms();
	for (i = 0; i < runs; i++) {
		if (bench_snapshot(handle, PLUGIN_SNAP_QUICK) < 0)
			return 1;
	}
	quick = (bench_now_ms() - start) / runs;

	printf("disks=%ld runs=%ld wall_ms=%.2f cpu_ms=%.2f quick_ms=%.2f "
	    "wall_us_per_disk=%.1f cpu_us_per_disk=%.1f rss_base_kib=%ld "
	    "rss_max_kib=%ld\n",
	    disks, runs, wall, cpu, quick, disks > 0 ? wall * 1e3 / disks : 0.0,
	    disks > 0 ? cpu * 1e3 / disks : 0.0, base.ru_maxrss,
	    after.ru_maxrss);
	pd->close(handle);
	transport_free(host.transport);
	return 0;
}
