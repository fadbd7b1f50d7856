/*
 * A device's sysfs attributes kept open between Disks refreshes and read
 * again at offset 0 (the transport's keep_open and reread), within one
 * process-wide budget of file descriptors.
 *
 * Callers: disk-sysfs.c on the worker thread running a Disks refresh; one
 * caller at a time per struct disk_kept (it belongs to one device of one
 * handle's cache). The budget is shared by every handle (every host) and
 * may be used from several threads at once.
 */
#ifndef RACKCON_DISK_KEPT_H
#define RACKCON_DISK_KEPT_H

#include <stddef.h>

#include "transport.h"

/* The files of one device: each kept open, or known to be absent. */
struct disk_kept;

struct disk_kept *disk_kept_new(void);
/*
 * Read dir/rel into *data (NUL-terminated) as read_file would; *data
 * belongs to k: the caller may change it in place, and it is good until
 * the next disk_kept_read of rel, disk_kept_sweep or disk_kept_free (no
 * allocation a read while the file is kept). Through the kept file when
 * there is one (opened afresh when it is
 * gone), else kept open now when the transport can and the budget allows,
 * else with read_file. A file found absent stays absent for this device
 * (its attributes come with it) and is not looked for again: -1 with errno
 * ENOENT. Returns 0, or -1 with errno and *cause (caller frees) set.
 */
int disk_kept_read(struct transport *t, struct disk_kept *k, const char *dir,
    const char *rel, char **data, size_t *len, char **cause);
/*
 * As disk_kept_read, for a file that changes only when written (an
 * admin's echo into device/timeout): while the transport knows nothing
 * wrote it since the last read, its last content again without reading;
 * force reads it all the same.
 */
int disk_kept_read_written(struct transport *t, struct disk_kept *k,
    const char *dir, const char *rel, int force, char **data, size_t *len,
    char **cause);
/* Count rel as read for the next sweep: its value was taken from the
 * last scan (nothing changed it), and its file stays open. */
void disk_kept_mark(struct disk_kept *k, const char *rel);
/* Close the files not read since the last sweep (a partition gone). */
void disk_kept_sweep(struct transport *t, struct disk_kept *k);
/* Close every file and free k (NULL is fine). */
void disk_kept_free(struct transport *t, struct disk_kept *k);

/* Files kept open now, by every handle of the process. */
size_t disk_kept_open_count(void);
/* At most n files kept open at once; 0 goes back to the default, half the
 * soft RLIMIT_NOFILE as it is when first needed. */
void disk_kept_set_budget(size_t n);

#endif
