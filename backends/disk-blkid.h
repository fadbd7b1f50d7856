/*
 * Filesystem facts (type, label, UUIDs) for a disk and its partitions,
 * read with libblkid from the device nodes.
 *
 * Caller: the disks plugin, on a worker thread, after disk_sysfs_scan().
 * libblkid opens the device itself, so this works only where the transport
 * has a local path (this machine or a sysroot); elsewhere it does nothing.
 */
#ifndef RACKCON_DISK_BLKID_H
#define RACKCON_DISK_BLKID_H

#include "disk.h"
#include "transport.h"

/*
 * Fill each partition's fstype, label, uuid and partuuid, and d->whole
 * (named after the disk) when the whole disk holds a filesystem itself.
 * A device that cannot be opened or probed is named in d->error. Nothing
 * is done when the transport has no local path.
 */
void disk_blkid_probe(struct transport *t, struct disk *d);

#endif
