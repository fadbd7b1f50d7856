/* Benchmark: a Disks refresh of a host reached over SSH (round trips, time). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "disk.h"
#include "host-ssh.h"
#include "plugin.h"
#include "transport.h"

#include "bench-common.h"

/*
 * Usage: bench-remote [-n RUNS] -F SSH_CONFIG -S STATS_FILE DEST SYSROOT
 *
 * Reaches DEST as rackcon would (its ssh_config, batch mode: agent and
 * keys only), the Disks plugin reading SYSROOT on the far side, and times
 * the first snapshot (connection, host key, login, the remote shell, the
 * full scan) and then RUNS steady refreshes (PLUGIN_SNAP_NO_SLOW, as the
 * UI's 2-second refresh). STATS_FILE is tests/bench/delay-relay's: the
 * round trips it counted are read before and after the timed refreshes.
 * Prints one line of key=value figures:
 *
 *   disks=64 runs=10 first_ms=... first_round_trips=... wall_ms=...
 *   round_trips=...
 */

extern const struct plugin_descriptor rackcon_plugin;

/* The relay's round-trip count so far, or -1. */
static long
relay_round_trips(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "round_trips=%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static long
snapshot(void *handle, int flags)
{
	char *cause = NULL;
	struct disk_snapshot *snap;
	long count;

	snap = rackcon_plugin.snapshot(handle, flags, NULL, &cause);
	if (snap == NULL) {
		fprintf(stderr, "bench-remote: snapshot: %s\n",
		    cause != NULL ? cause : "failed");
		free(cause);
		return -1;
	}
	free(cause);
	count = (long)snap->count;
	rackcon_plugin.free_snapshot(snap);
	return count;
}

int
main(int argc, char **argv)
{
	struct host_ssh_request req = {0};
	struct plugin_host host = {0};
	const char *stats = NULL;
	char *cause = NULL, *end;
	long runs = 10, i, disks = 0, before, after, first_before, first_after;
	double start, first, wall;
	void *handle;
	int c;

	while ((c = getopt(argc, argv, "n:F:S:")) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			runs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || runs < 1)
				goto usage;
			break;
		case 'F': req.config_file = optarg; break;
		case 'S': stats = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 2 || stats == NULL)
		goto usage;
	req.destination = argv[optind];
	req.sysroot = argv[optind + 1];
	req.batch = 1;
	req.command_timeout_ms = 30000;
	host.abi = PLUGIN_ABI;
	host.command_timeout_ms = 30000;
	host.slow_interval_s = 300;
	host.transport = host_ssh_transport(&req, &cause);
	host_ssh_request_clear(&req);
	if (host.transport == NULL) {
		fprintf(stderr, "bench-remote: %s\n", cause);
		return 1;
	}
	handle = rackcon_plugin.open(&host, &cause);
	if (handle == NULL) {
		fprintf(stderr, "bench-remote: open: %s\n", cause);
		return 1;
	}
	first_before = relay_round_trips(stats);
	start = bench_now_ms();
	if (snapshot(handle, 0) < 0)
		return 1;
	first = bench_now_ms() - start;
	first_after = relay_round_trips(stats);
	/* The refresh after the first fills the caches the steady ones use. */
	if (snapshot(handle, PLUGIN_SNAP_NO_SLOW) < 0)
		return 1;
	before = relay_round_trips(stats);
	start = bench_now_ms();
	for (i = 0; i < runs; i++) {
		if ((disks = snapshot(handle, PLUGIN_SNAP_NO_SLOW)) < 0)
			return 1;
	}
	wall = (bench_now_ms() - start) / (double)runs;
	after = relay_round_trips(stats);
	printf("disks=%ld runs=%ld first_ms=%.1f first_round_trips=%ld "
	    "wall_ms=%.1f round_trips=%.1f\n", disks, runs, first,
	    first_before >= 0 && first_after >= 0 ? first_after - first_before
	                                          : -1,
	    wall, before >= 0 && after >= 0 ? (double)(after - before) / runs
	                                    : -1.0);
	rackcon_plugin.close(handle);
	transport_free(host.transport);
	return 0;
usage:
	fprintf(stderr, "usage: bench-remote [-n RUNS] -F SSH_CONFIG "
	    "-S STATS_FILE DEST SYSROOT\n");
	return 2;
}
