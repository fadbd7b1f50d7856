/* Filesystem type, label and UUIDs of disks and partitions from libblkid. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <blkid/blkid.h>

#include "disk-blkid.h"
#include "disk-sysfs.h"
#include "strutil.h"
#include "xmalloc.h"

atomic_ulong disk_blkid_probe_count;

/* Replace *field with the probe's value for name, if it has one. */
static void
blkid_take(blkid_probe pr, const char *name, char **field)
{
	const char *value;
	size_t len;

	if (blkid_probe_lookup_value(pr, name, &value, &len) != 0 ||
	    value == NULL || *value == '\0')
		return;
	free(*field);
	*field = xstrdup(value);
}

static void
blkid_fill(blkid_probe pr, struct partition *p)
{
	blkid_take(pr, "TYPE", &p->fstype);
	blkid_take(pr, "LABEL", &p->label);
	blkid_take(pr, "UUID", &p->uuid);
	blkid_take(pr, "PART_ENTRY_UUID", &p->partuuid);
}

/*
 * Probe path (the local path of /dev/name) into p. Returns 1 when a
 * signature was found, 0 when none, -1 after noting an error in d.
 */
static int
blkid_probe_path(struct disk *d, const char *name, const char *path,
                 struct partition *p)
{
	blkid_probe pr;
	int rc;

	pr = blkid_new_probe_from_filename(path);
	if (pr == NULL) {
		note_append(&d->error, "blkid: /dev/%s: %s", name,
		               errno != 0 ? strerror(errno) : "cannot open");
		return -1;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(
	    pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	rc = blkid_do_safeprobe(pr);
	if (rc == 0)
		blkid_fill(pr, p);
	else if (rc == -2)
		note_append(&d->error, "blkid: /dev/%s: ambiguous signatures", name);
	else if (rc < 0)
		note_append(&d->error, "blkid: /dev/%s: probe failed", name);
	blkid_free_probe(pr);
	return rc == 0 ? 1 : rc == 1 ? 0 : -1;
}

/* Probe /dev/name; 0 when the transport has no local path for it. */
static int
blkid_probe_name(struct transport *t, struct disk *d, const char *name,
                 struct partition *p)
{
	char *dev = xasprintf("/dev/%s", name), *path;
	int rc = 0;

	path = t->ops->local_path(t, dev);
	free(dev);
	if (path != NULL) {
		errno = 0;
		rc = blkid_probe_path(d, name, path, p);
	}
	free(path);
	return rc;
}

void
disk_blkid_probe(struct transport *t, struct disk *d)
{
	size_t i;

	if (t->ops->local_path == NULL || d->name == NULL)
		return;
	atomic_fetch_add(&disk_blkid_probe_count, 1);
	if (blkid_probe_name(t, d, d->name, &d->whole) == 1) {
		if (d->whole.fstype == NULL)
			partition_clear(&d->whole);
		else {
			if (d->whole.name == NULL)
				d->whole.name = xstrdup(d->name);
			/* The filesystem fills the whole disk. */
			d->whole.size = d->size;
		}
	}
	for (i = 0; i < d->partition_count; i++)
		blkid_probe_name(t, d, d->partitions[i].name,
		                 &d->partitions[i]);
}
