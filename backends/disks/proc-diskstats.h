/*
 * /proc/diskstats: every block device's I/O counters, by name, in one file.
 * Sysfs needs a file per device for the same (/sys/block/NAME/stat); a
 * full Disks scan takes each disk's write counter from here.
 *
 * The text, as block/genhd.c prints it (Documentation/admin-guide/
 * iostats.rst): major, minor, name, then the fields of the sysfs stat file
 * (11 before Linux 4.18, 15 with the discard fields, 17 with the flush
 * fields since 5.5):
 *
 *        8       0 sda 4520 312 298832 12044 1877 2213 32712 ...
 *
 * The fifth field after the name counts the write requests completed. A
 * '/' in a name is '!' in sysfs (cciss/c0d0); names are stored in the
 * sysfs spelling.
 *
 * Pure parsing and lookups, no state but ds: any thread may call these,
 * one at a time per ds for proc_diskstats_update.
 */
#ifndef RACKCON_PROC_DISKSTATS_H
#define RACKCON_PROC_DISKSTATS_H

#include <stddef.h>

struct proc_diskstats;

/*
 * Parse the text. Blank lines are skipped; any other line that is not
 * major, minor, name and at least 11 decimal counters is skipped and
 * counted in *bad (may be NULL). A name listed twice keeps its first line.
 * Never NULL; free with proc_diskstats_free().
 */
struct proc_diskstats *proc_diskstats_parse(const char *text, size_t *bad);
void proc_diskstats_free(struct proc_diskstats *ds);
/*
 * Take the counters of text into ds
 * when text lists the same devices in the same order as the text ds was
 * parsed from, without a line that does not parse: 0, and ds is as
 * proc_diskstats_parse(text) would give, without its sort and names.
 * Otherwise -1, and ds's counters are partly updated: parse afresh.
 */
int proc_diskstats_update(struct proc_diskstats *ds, const char *text);

/* How many devices parsed. */
size_t proc_diskstats_count(const struct proc_diskstats *ds);

/* 1 with *writes the write requests completed by device name (sysfs
 * spelling) when listed; 0 when it is not. */
int proc_diskstats_writes(const struct proc_diskstats *ds, const char *name,
                          long long *writes);

#endif
