/*
 * Reading MD arrays from /sys/block/NAME/md/ through a transport, and the
 * pure parsers for the small values found there.
 *
 * Callers: the raid plugin on a worker thread (the readers), tests and the
 * fuzz target (the parsers). Nothing here keeps state, so any thread may
 * call any function, several at once.
 */
#ifndef RACKCON_MD_SYSFS_H
#define RACKCON_MD_SYSFS_H

#include <stddef.h>

#include "md.h"
#include "transport.h"

/*
 * The block devices under /sys/block that have an md/ directory and a
 * kernel device name (md_name_valid; others are skipped), in
 * md_name_cmp() order, into *names (free with string_list_free). Returns 0,
 * or -1 with *cause when /sys/block cannot be listed.
 */
int md_sysfs_list(struct transport *t, char ***names, size_t *count,
    char **cause);

/*
 * Complete a (named, and filled from /proc/mdstat or just md_array_init)
 * with what /sys/block/NAME/md/ says: level, metadata_version, uuid,
 * array_state, raid_disks, degraded, chunk_size, component_size,
 * sync_action, last_sync_action, sync_completed, mismatch_cnt, sync_speed,
 * sync_speed_min/max, bitmap/location, bitmap/chunksize, layout, the
 * size of /sys/block/NAME, and each dev-X/{state,slot,errors,block,
 * block/dev} with the rdN links. Sysfs wins where
 * both speak; an absent attribute leaves its field as it was; one that
 * cannot be read or parsed is named in a->error. Members only mdstat
 * listed are kept; a dev-X whose X is not a kernel device name is named in
 * a->error and skipped. Then the roles are counted (md_array_count_roles), the
 * container is taken from the metadata, and a progress is made from
 * sync_completed when mdstat showed none.
 *
 * Returns 0, or -1 with *cause and a untouched when /sys/block/NAME/md
 * cannot be listed (no sysfs, or the array went away) or a's name is not a
 * kernel device name.
 */
int md_sysfs_read_array(struct transport *t, struct md_array *a,
    char **cause);

/* /proc/sys/dev/raid/speed_limit_min and _max into snap; -1 when they
 * cannot be read or parsed. */
void md_sysfs_read_speed_limits(struct transport *t,
    struct md_snapshot *snap);

/*
 * The leading number of an attribute: "2\n", "11 (10)" (raid_disks during
 * a reshape), "1000 (system)" (sync_speed_min). Returns 0, or -1 for
 * "none", "max", empty text, a sign, or anything else after the number
 * than one parenthesised word.
 */
int md_sysfs_parse_number(const char *text, long long *out);
/* dev-X/slot: a role number, or "none" (or "journal", a raid4/5/6 write
 * journal) for -1. Returns 0 or -1. */
int md_sysfs_parse_slot(const char *text, int *slot);
/*
 * dev-X/state: comma-separated words ("in_sync,write_mostly") into
 * MD_MEMBER_* bits; words rackcon does not know are skipped. Returns 0, or
 * -1 (state 0) for empty text, an empty word or a character that is not a
 * lower-case letter or '_'.
 */
int md_sysfs_parse_state(const char *text, unsigned *state);

/* A block device's dev file, "8:65". Returns 0, or -1 with both -1. */
int md_sysfs_parse_dev(const char *text, int *major, int *minor);

/* What md/sync_completed says. */
enum md_sync_completed {
	MD_SYNC_MALFORMED = -1,
	MD_SYNC_NUMBERS = 0,     /* "7936 / 63360": sectors done of total */
	MD_SYNC_NONE,            /* "none": nothing runs */
	MD_SYNC_DELAYED          /* "delayed": waits for another array */
};
/* *done and *total are -1 unless the numbers were given. */
enum md_sync_completed md_sysfs_parse_sync_completed(const char *text,
    long long *done, long long *total);
/*
 * bitmap/location: "none" gives NULL, "file" "file", an offset ("+8",
 * "-2048") "internal", "clustered" "clustered". Returns 0 with *bitmap
 * fresh or NULL, or -1 (NULL) for anything else.
 */
int md_sysfs_parse_bitmap_location(const char *text, char **bitmap);
/*
 * The disk holding partition name, from where its sysfs link points:
 * ".../block/sda/sda1" gives "sda", ".../nvme0/nvme0n1/nvme0n1p2"
 * "nvme0n1". (Whether a member is a partition at all, its "partition" file
 * tells.) Fresh string, or NULL when the target does not end in "/name" or
 * has no parent directory named.
 */
char *md_sysfs_disk_from_link(const char *target, const char *name);

#endif
