/*
 * Scanning block devices from sysfs and /proc/self/mountinfo, and the pure
 * parsers for the text those files hold.
 *
 * Callers: the disks plugin on a worker thread (disk_sysfs_scan_cached),
 * tests and the fuzz target (the parsers). Only a disk_sysfs_cache keeps
 * state: one caller at a time per cache (the plugin's handle runs one job
 * at a time); any thread may call anything else, several at once.
 */
#ifndef RACKCON_DISK_SYSFS_H
#define RACKCON_DISK_SYSFS_H

#include <stddef.h>

#include "disk.h"
#include "transport.h"

/*
 * Every block device under /sys/block except ram*, zram* and devices of
 * size 0, sorted with disk_name_cmp(): disks, and MD arrays and
 * device-mapper devices as what they are (kind, no transport). Sysfs facts only: SMART and libblkid
 * fields stay unknown. An attribute that cannot be read or parsed leaves its
 * field unknown and is named in disk->error; a disk that vanishes during the
 * scan is left out. A problem with the mount table goes in snap->error.
 * Returns NULL with *cause set only when /sys/block cannot be listed. Free
 * the result with disk_snapshot_free().
 */
struct disk_snapshot *disk_sysfs_scan(struct transport *t, char **cause);

/*
 * What a full scan keeps between refreshes: each device's static
 * attributes (model, vendor, serial, rotational, removable, transport),
 * read again only when the device may have been replaced, which
 * /sys/block/NAME/diskseq tells (Linux 5.15 and later: a new number for
 * every new device) or, where it is missing, the dev number and size.
 * While the diskseq stands, the device's dev number and which entries of
 * its directory are partitions are kept too (a new entry is looked at).
 * Size, scheduler, queue_depth, timeout, diskseq and the partitions'
 * sizes are read on every scan through files kept open (disk-kept.h), the
 * write counter from one read of /proc/diskstats (kept open, its parse
 * reused while it lists the same devices), mounts and swap from
 * their tables. Partitions, their numbers and holders are read again only
 * when /proc/partitions, /proc/mdstat, an array's slaves/ or /sys/block
 * changed. Free with disk_sysfs_cache_free().
 */
struct disk_sysfs_cache;
struct disk_sysfs_cache *disk_sysfs_cache_new(void);
void disk_sysfs_cache_free(struct disk_sysfs_cache *c);
/*
 * disk_sysfs_scan(), with the static attributes from cache where the
 * device is the same, and cache updated to this scan's devices (a device
 * not seen is dropped). The rows are those disk_sysfs_scan() gives. What
 * only changes with a uevent (sizes, diskseq) is the last scan's while
 * /sys/kernel/uevent_seqnum and /proc/partitions stay the same, and what
 * only changes when written (timeout, scheduler) while the transport
 * heard no write; recheck reads them all the same (the disks plugin's
 * slow refresh, every 30 s, so a change nothing announced is late by no
 * more than that).
 */
struct disk_snapshot *disk_sysfs_scan_cached(struct transport *t,
    struct disk_sysfs_cache *cache, int recheck, char **cause);
/* The same disks with only name, size and transport, for the first frame
 * while the full scan runs: the sizes from /proc/partitions (where it can
 * be read; else each disk's size file), then one readlink a disk. */
struct disk_snapshot *disk_sysfs_scan_quick(struct transport *t,
    char **cause);
/*
 * What a scan reads beyond a steady refresh (sizes, identity, partitions,
 * holders), which it prefetches only when the layout may have changed;
 * and whether a scan will surely read it (quick, a cold cache, or
 * recheck), so a caller can join it to its own prefetch: one round trip.
 */
const struct transport_prefetch *disk_sysfs_layout_prefetch(void);
int disk_sysfs_layout_due(const struct disk_sysfs_cache *cache, int quick,
    int recheck);

/*
 * Parse queue/scheduler text: "mq-deadline kyber [bfq] none", "none" or
 * "[none]" (a trailing newline is fine). Returns 0 with *active the
 * bracketed name (or the only one), *all every name and *count their number,
 * all fresh (free *active, and *all with string_list_free). Returns -1 with
 * *active and *all NULL and *count 0 for empty text, unbalanced or nested
 * brackets, two active names, or several names and none active.
 */
int disk_parse_scheduler(const char *text, char **active, char ***all,
                         size_t *count);

/*
 * Parse a block device's stat text (Documentation/block/stat.rst): 11, 15
 * or 17 decimal fields; the fifth counts the write requests completed.
 * Returns 0 with *writes set, or -1 when the text is not such a line.
 */
int disk_parse_stat_writes(const char *text, long long *writes);

/* The mount table by device number: built once per scan, looked up per
 * disk and partition in O(log n). */
struct disk_mounts;

/*
 * Parse /proc/self/mountinfo text. Lines that do not parse are skipped and
 * counted in *bad (may be NULL). Mount points are unescaped (\040 and the
 * other octal escapes). Free with disk_mounts_free(). Never NULL.
 */
struct disk_mounts *disk_mounts_parse(const char *text, size_t *bad);
void disk_mounts_free(struct disk_mounts *m);
/*
 * The mount points of device dev ("8:2"), in mount table order but with
 * whole-filesystem mounts before bind mounts of a subdirectory; *count is
 * set to how many. The array belongs to m. NULL and 0 when none.
 */
char *const *disk_mounts_find(const struct disk_mounts *m, const char *dev,
                              size_t *count);
/* Undo the octal escapes (\040 space, \011 tab, \012 newline, \134
 * backslash) that the kernel writes in mount table fields. Fresh string. */
char *disk_unescape_octal(const char *s);

/* Transport name ("sata", "usb", "nvme", ...) for where a /sys/block link
 * points; has_scsi_level tells whether device/scsi_level exists. Static. */
const char *disk_transport_from_link(const char *target, int has_scsi_level);
/* The serial number in a SCSI VPD page 0x80 (binary: a 4-byte header, then
 * the serial padded with spaces or NULs). Returns 0 with *serial trimmed and
 * fresh, or NULL when blank; -1 when the page is malformed. */
int disk_parse_vpd80(const char *data, size_t len, char **serial);
/* Order disk names naturally: sda < sdb < sdz < sdaa, nvme0n1 < nvme1n1 <
 * nvme10n1, sda2 < sda10. */
int disk_name_cmp(const char *a, const char *b);

#endif
