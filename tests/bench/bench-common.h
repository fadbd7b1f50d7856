/*
 * What tests/bench/bench-disks.c and bench-raid.c share: the clocks, the
 * command line ([-n RUNS] SYSROOT) and opening the linked-in plugin on a
 * local transport. Each benchmark is one file; run-bench.sh builds
 * bench-raid from the Makefile's bench-disks rule, so these are static
 * inline here rather than a source file of their own.
 */
#ifndef RACKCON_BENCH_COMMON_H
#define RACKCON_BENCH_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "plugin.h"
#include "transport.h"

/* Monotonic wall time in milliseconds. */
static inline double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* User plus system time in *ru, in milliseconds. */
static inline double
bench_cpu_ms(const struct rusage *ru)
{
	return ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3 +
	    ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3;
}

/* A timed stretch of runs. */
struct bench_timer {
	struct rusage before;
	double start;
};

static inline void
bench_timer_start(struct bench_timer *t)
{
	getrusage(RUSAGE_SELF, &t->before);
	t->start = bench_now_ms();
}

/* Wall and CPU milliseconds per run since bench_timer_start; *after is
 * the process's usage at the end. */
static inline void
bench_timer_stop(const struct bench_timer *t, long runs, double *wall,
    double *cpu, struct rusage *after)
{
	*wall = (bench_now_ms() - t->start) / runs;
	getrusage(RUSAGE_SELF, after);
	*cpu = (bench_cpu_ms(after) - bench_cpu_ms(&t->before)) / runs;
}

/*
 * Parse "PROG [-n RUNS] SYSROOT": the sysroot, with *runs set when -n is
 * given; NULL after printing the usage (the caller exits 2).
 */
static inline const char *
bench_args(int argc, char **argv, const char *prog, long *runs)
{
	char *end;
	int c;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n')
			goto usage;
		errno = 0;
		*runs = strtol(optarg, &end, 10);
		if (errno != 0 || *end != '\0' || *runs < 1)
			goto usage;
	}
	if (argc - optind == 1)
		return argv[optind];
usage:
	fprintf(stderr, "usage: %s [-n RUNS] SYSROOT\n", prog);
	return NULL;
}

/*
 * Open pd as the UI would (*host filled in, its transport a local one at
 * root); the handle, or NULL after printing why. The caller frees
 * host->transport.
 */
static inline void *
bench_open(const struct plugin_descriptor *pd, struct plugin_host *host,
    const char *root, const char *prog)
{
	char *cause = NULL;
	void *handle;

	memset(host, 0, sizeof *host);
	host->abi = PLUGIN_ABI;
	host->command_timeout_ms = 30000;
	host->slow_interval_s = 300;
	host->transport = transport_local_new(root);
	handle = pd->open(host, &cause);
	if (handle == NULL) {
		fprintf(stderr, "%s: open: %s\n", prog,
		    cause != NULL ? cause : "failed");
		free(cause);
	}
	return handle;
}

#endif
