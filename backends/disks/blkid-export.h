/*
 * The output of `blkid -o export` (util-linux): for each device a
 * DEVNAME=/dev/... line, then KEY=VALUE lines (TYPE, LABEL, UUID,
 * PARTUUID ...), devices apart by a blank line. A value escapes a blank,
 * quote, backslash, $, ` and < > with a backslash. What the Disks plugin
 * reads from a remote host, where libblkid cannot open the devices.
 *
 * Pure text in, devices out; any thread; no state.
 */
#ifndef RACKCON_BLKID_EXPORT_H
#define RACKCON_BLKID_EXPORT_H

#include <stddef.h>

struct blkid_export_dev {
	char *devname; /* "/dev/sda1" */
	char *type;    /* each NULL when not given */
	char *label;
	char *uuid;
	char *partuuid;
};

struct blkid_export {
	struct blkid_export_dev *v; /* in output order */
	size_t n;
};

/* Parse text; lines before the first DEVNAME, keys not read and blank
 * lines are skipped, a line without '=' counts in *bad. Never NULL. */
struct blkid_export *blkid_export_parse(const char *text, size_t *bad);
/* The device called devname ("/dev/sda1"), or NULL. */
const struct blkid_export_dev *blkid_export_find(
    const struct blkid_export *e, const char *devname);
void blkid_export_free(struct blkid_export *e);

#endif
