/*
 * Filesystem facts (type, label, UUIDs) for a disk and its partitions,
 * read with libblkid from the device nodes, and a cache of them.
 *
 * Caller: the disks plugin, on a worker thread, after disk_sysfs_scan().
 * libblkid opens the device itself, so this works only where the transport
 * has a local path (this machine or a sysroot); elsewhere it does nothing.
 */
#ifndef RACKCON_DISK_BLKID_H
#define RACKCON_DISK_BLKID_H

#include <stdatomic.h>
#include <time.h>

#include "disk.h"
#include "transport.h"

/*
 * Fill each partition's fstype, label, uuid and partuuid, and d->whole
 * (named after the disk) when the whole disk holds a filesystem itself.
 * A device that cannot be opened or probed is named in d->error. Nothing
 * is done when the transport has no local path.
 */
void disk_blkid_probe(struct transport *t, struct disk *d);
/*
 * The same for a transport with no local path (a remote host): one run of
 * its `blkid -c /dev/null -o export` for all n disks and their
 * partitions. A blkid that fails or does not answer is noted in *error
 * (note_append); one that is not installed leaves the fields empty, as a
 * disk without filesystems.
 */
void disk_blkid_probe_remote(struct transport *t, struct disk **disks,
    size_t n, int timeout_ms, char **error);

/*
 * How many disks disk_blkid_probe() has probed since the program started
 * (those it returned early for are not counted). Only tests read it, to
 * see that the cache spared the disks.
 */
extern atomic_ulong disk_blkid_probe_count;

/*
 * Probing reads superblocks, and that spins up a disk that sleeps; a
 * monitor refreshing every few seconds must not do it each time. The
 * cache keeps what disk_blkid_probe() found per disk and probes a disk
 * again only when it is new, its size, serial or partitions (names and
 * sizes) changed, when forced, or when interval_s has passed since its
 * last probe and the disk's write counter (d->writes) moved meanwhile or
 * is unknown: a filesystem cannot change without writes, so a disk left
 * idle (and maybe asleep) is never read again. now is the time of the
 * fill (time(NULL); tests pass their own).
 *
 * Threads: one cache may be filled from several threads at once; a mutex
 * guards it and is not held while probing (a dying disk can take long).
 * Two fills that overlap each probe what they find missing.
 */
struct disk_blkid_cache;

/* A new empty cache, or NULL when no mutex could be made. Free with
 * disk_blkid_cache_free() (NULL is fine). */
struct disk_blkid_cache *disk_blkid_cache_new(int interval_s);
void disk_blkid_cache_free(struct disk_blkid_cache *c);
/*
 * Fill whole and the partitions' fstype, label, uuid and partuuid of every
 * disk of snap from the cache, probing through t the disks that are due
 * (all of them when force). Call it before anything fills d->serial from
 * elsewhere than sysfs (SMART): the serial is part of the key. Probe
 * errors found then are appended to d->error on every fill, not only on
 * the one that probed.
 */
void disk_blkid_cache_fill(struct disk_blkid_cache *c, struct transport *t,
                           struct disk_snapshot *snap, time_t now, int force);

#endif
