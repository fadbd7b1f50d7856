/* libFuzzer target for the sysfs text parsers (backends/disks/disk-sysfs.c),
 * /proc/partitions and /proc/diskstats (backends/disks/proc-*.c). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "disk-sysfs.h"
#include "proc-diskstats.h"
#include "proc-partitions.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scheduler parser: on success the active name is one of all. */
static void
fuzz_scheduler(const char *text)
{
	char *active, **all;
	size_t count, i;
	int found = 0;

	if (disk_parse_scheduler(text, &active, &all, &count) != 0) {
		if (active != NULL || all != NULL || count != 0)
			abort();
		return;
	}
	if (active == NULL || count == 0)
		abort();
	for (i = 0; i < count; i++)
		found |= strcmp(all[i], active) == 0;
	if (!found)
		abort();
	free(active);
	string_list_free(all, count);
}

/* The mount table: look up a few devices, and each line's own. */
static void
fuzz_mountinfo(const char *text)
{
	static const char *const devs[] = {"8:0", "8:1", "0:0", "254:0"};
	struct disk_mounts *m;
	char *const *points;
	size_t n, i, k, bad;

	m = disk_mounts_parse(text, &bad);
	for (i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		points = disk_mounts_find(m, devs[i], &n);
		for (k = 0; k < n; k++) {
			if (points[k] == NULL)
				abort();
		}
		if ((points == NULL) != (n == 0))
			abort();
	}
	disk_mounts_free(m);
	free(disk_unescape_octal(text));
}

/* A stat line: a write counter is never negative. */
static void
fuzz_stat(const char *text)
{
	long long writes;

	if (disk_parse_stat_writes(text, &writes) == 0 && writes < 0)
		abort();
}

/* /proc/partitions: sizes are whole KiB, at most as many devices as
 * lines, and a few likely names look up without harm. */
static void
fuzz_partitions(const char *text)
{
	static const char *const names[] = {"sda", "vda", "nvme0n1", ""};
	struct proc_partitions *pp;
	size_t bad, lines = 1, i;
	long long bytes;
	const char *c;

	for (c = text; *c != '\0'; c++)
		lines += *c == '\n';
	pp = proc_partitions_parse(text, &bad);
	if (proc_partitions_count(pp) + bad > lines)
		abort();
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (proc_partitions_size(pp, names[i], &bytes) &&
		    (bytes < 0 || bytes % 1024 != 0))
			abort();
	}
	proc_partitions_free(pp);
}

/* /proc/diskstats: counters are never negative, at most as many devices
 * as lines. */
static void
fuzz_diskstats(const char *text)
{
	static const char *const names[] = {"sda", "vda", "nvme0n1", ""};
	struct proc_diskstats *ds, *again;
	size_t bad, lines = 1, i;
	long long writes, w1, w2;
	char *copy;
	const char *c;

	for (c = text; *c != '\0'; c++)
		lines += *c == '\n';
	ds = proc_diskstats_parse(text, &bad);
	if (proc_diskstats_count(ds) + bad > lines)
		abort();
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (proc_diskstats_writes(ds, names[i], &writes) && writes < 0)
			abort();
	}
	/* The same text again: taken without a parse when every line
	 * parsed, with the same counters. */
	copy = xstrdup(text);
	if (proc_diskstats_update(ds, copy) != (bad == 0 ? 0 : -1))
		abort();
	free(copy);
	again = proc_diskstats_parse(text, NULL);
	for (i = 0; bad == 0 && i < sizeof names / sizeof names[0]; i++) {
		w1 = w2 = -1;
		if (proc_diskstats_writes(ds, names[i], &w1) !=
		        proc_diskstats_writes(again, names[i], &w2) ||
		    w1 != w2)
			abort();
	}
	proc_diskstats_free(again);
	proc_diskstats_free(ds);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1), *serial, *rest;
	size_t first;

	memcpy(text, data, size);
	text[size] = '\0';
	/* Up to the first NUL: scheduler text; after it: a mount table. */
	first = strlen(text);
	rest = first < size ? text + first + 1 : text;
	fuzz_scheduler(text);
	fuzz_stat(text);
	fuzz_mountinfo(rest);
	fuzz_partitions(rest);
	fuzz_diskstats(rest);
	if (disk_parse_vpd80((const char *)data, size, &serial) == 0)
		free(serial);
	disk_name_cmp(text, rest);
	free(text);
	return 0;
}
