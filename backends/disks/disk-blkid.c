/* Filesystem type, label and UUIDs of disks and partitions from libblkid. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <blkid/blkid.h>

#include "blkid-export.h"
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

/* --- a remote host: its blkid ------------------------------------------- */

/* Fill p from what blkid said of /dev/name; 1 when it had a type. */
static int
blkid_take_export(const struct blkid_export *e, const char *name,
                  struct partition *p)
{
	const struct blkid_export_dev *dev;
	char *path = xasprintf("/dev/%s", name);

	dev = blkid_export_find(e, path);
	free(path);
	if (dev == NULL)
		return 0;
	if (dev->type != NULL) {
		free(p->fstype);
		p->fstype = xstrdup(dev->type);
	}
	if (dev->label != NULL) {
		free(p->label);
		p->label = xstrdup(dev->label);
	}
	if (dev->uuid != NULL) {
		free(p->uuid);
		p->uuid = xstrdup(dev->uuid);
	}
	if (dev->partuuid != NULL) {
		free(p->partuuid);
		p->partuuid = xstrdup(dev->partuuid);
	}
	return dev->type != NULL;
}

void
disk_blkid_probe_remote(struct transport *t, struct disk **disks, size_t n,
                        int timeout_ms, char **error)
{
	char **argv = NULL, *cause = NULL;
	size_t argc = 0, i, j, bad;
	struct run_result res;
	struct blkid_export *e;
	struct disk *d;

	if (n == 0)
		return;
	/* -c /dev/null: probe now, not from a cache of who knows when. */
	strv_push(&argv, &argc, "blkid");
	strv_push(&argv, &argc, "-c");
	strv_push(&argv, &argc, "/dev/null");
	strv_push(&argv, &argc, "-o");
	strv_push(&argv, &argc, "export");
	for (i = 0; i < n; i++) {
		d = disks[i];
		argv = xreallocarray(argv, argc + 1, sizeof *argv);
		argv[argc++] = xasprintf("/dev/%s", d->name);
		for (j = 0; j < d->partition_count; j++) {
			argv = xreallocarray(argv, argc + 1, sizeof *argv);
			argv[argc++] = xasprintf("/dev/%s",
			    d->partitions[j].name);
		}
	}
	argv = xreallocarray(argv, argc + 1, sizeof *argv);
	argv[argc] = NULL;
	atomic_fetch_add(&disk_blkid_probe_count, n);
	memset(&res, 0, sizeof res);
	if (t->ops->run(t, argv, NULL, timeout_ms, &res, &cause) != 0) {
		/* No blkid there (a fixture tree): nothing to say of
		 * filesystems, as libblkid finding none. */
		if (errno != ENOENT)
			note_append(error, "filesystems unknown: %s",
			            cause != NULL ? cause : "blkid did not run");
		goto out;
	}
	/* 2: some device had nothing to say (no filesystem on it). */
	if (res.timed_out || (res.exit_status != 0 && res.exit_status != 2)) {
		note_append(error, "filesystems unknown: blkid %s",
		            res.timed_out ? "did not answer in time"
		                          : "failed");
		goto out;
	}
	e = blkid_export_parse(res.out, &bad);
	for (i = 0; i < n; i++) {
		d = disks[i];
		if (blkid_take_export(e, d->name, &d->whole)) {
			/* The filesystem fills the whole disk. */
			if (d->whole.name == NULL)
				d->whole.name = xstrdup(d->name);
			d->whole.size = d->size;
		} else
			partition_clear(&d->whole);
		for (j = 0; j < d->partition_count; j++)
			blkid_take_export(e, d->partitions[j].name,
			                  &d->partitions[j]);
	}
	blkid_export_free(e);
out:
	run_result_free(&res);
	free(cause);
	string_list_free(argv, argc);
}
