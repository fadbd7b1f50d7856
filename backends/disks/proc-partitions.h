/*
 * /proc/partitions: the size of every block device the kernel lists, by
 * name, in one file. Sysfs needs a file per disk for the same; the quick
 * first listing of the Disks panel takes its sizes from here.
 *
 * The text, as block/genhd.c prints it (devices of size 0 are left out):
 *
 *     major minor  #blocks  name
 *
 *        8        0  976762584 sda
 *        8        1     524288 sda1
 *      104        0   71652960 cciss/c0d0
 *
 * #blocks counts 1 KiB blocks. A '/' in a name is '!' in sysfs
 * (/sys/block/cciss!c0d0); names are stored in the sysfs spelling.
 *
 * Pure parsing and lookups, no state: any thread may call these.
 */
#ifndef RACKCON_PROC_PARTITIONS_H
#define RACKCON_PROC_PARTITIONS_H

#include <stddef.h>

struct proc_partitions;

/*
 * Parse the text. The heading line and blank lines are skipped; any other
 * line that is not four fields (major, minor, blocks, name; numbers in
 * decimal, blocks small enough to count in bytes) is skipped and counted
 * in *bad (may be NULL). A name listed twice keeps its first size. Never
 * NULL; free with proc_partitions_free().
 */
struct proc_partitions *proc_partitions_parse(const char *text, size_t *bad);
void proc_partitions_free(struct proc_partitions *pp);

/* How many devices parsed. */
size_t proc_partitions_count(const struct proc_partitions *pp);

/* 1 with *bytes the size of device name (sysfs spelling) when listed;
 * 0 when it is not. */
int proc_partitions_size(const struct proc_partitions *pp, const char *name,
                         long long *bytes);

#endif
