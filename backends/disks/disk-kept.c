/* Sysfs attributes kept open between Disks refreshes, within a budget. */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "disk-kept.h"
#include "strutil.h"
#include "xmalloc.h"

/* Below this soft limit, nothing is kept: the rest of rackcon needs it. */
#define KEPT_MIN_LIMIT 256

enum kept_state {
	KEPT_NONE,   /* read with read_file (no budget, or cannot keep) */
	KEPT_OPEN,   /* kept open */
	KEPT_ABSENT, /* not there: the device has no such attribute */
};

struct kept_file {
	char *rel;
	enum kept_state state;
	int seen; /* read since the last sweep */
	struct transport_kept *kept;
	char *owned; /* the last read_file result (KEPT_NONE), given out */
	/* A file read only when written: its last content, and the copy
	 * given out instead of a read (the caller may change it). */
	char *last;
	size_t last_len;
	char *view;
};

struct disk_kept {
	struct kept_file *v;
	size_t n;
	size_t next; /* the slot after the last one read: looked at first */
};

static atomic_size_t kept_open;
static atomic_size_t kept_budget; /* 0: not decided yet */

static size_t
kept_budget_now(void)
{
	struct rlimit rl;
	size_t b = atomic_load(&kept_budget);

	if (b != 0)
		return b;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < KEPT_MIN_LIMIT)
		b = 1; /* as good as none: one file */
	else if (rl.rlim_cur == RLIM_INFINITY)
		b = 32768;
	else
		b = (size_t)rl.rlim_cur / 2;
	atomic_store(&kept_budget, b);
	return b;
}

void
disk_kept_set_budget(size_t n)
{
	atomic_store(&kept_budget, n);
}

size_t
disk_kept_open_count(void)
{
	return atomic_load(&kept_open);
}

/* Take one descriptor from the budget; 0 when it is spent. */
static int
kept_take(void)
{
	size_t cur = atomic_load(&kept_open), budget = kept_budget_now();

	do {
		if (cur >= budget)
			return 0;
	} while (!atomic_compare_exchange_weak(&kept_open, &cur, cur + 1));
	return 1;
}

struct disk_kept *
disk_kept_new(void)
{
	return xcalloc(1, sizeof(struct disk_kept));
}

static void
kept_close(struct transport *t, struct kept_file *f)
{
	if (f->state == KEPT_OPEN) {
		t->ops->keep_close(t, f->kept);
		atomic_fetch_sub(&kept_open, 1);
	}
	f->kept = NULL;
	f->state = KEPT_NONE;
	free(f->last);
	free(f->view);
	f->last = f->view = NULL;
}

static struct kept_file *
kept_slot(struct disk_kept *k, const char *rel)
{
	struct kept_file *f;
	size_t i;

	/* A refresh reads a device's files in the same order each time. */
	if (k->next < k->n && strcmp(k->v[k->next].rel, rel) == 0)
		return &k->v[k->next++];
	for (i = 0; i < k->n; i++) {
		if (strcmp(k->v[i].rel, rel) == 0) {
			k->next = i + 1;
			return &k->v[i];
		}
	}
	k->next = k->n + 1;
	k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
	f = &k->v[k->n++];
	memset(f, 0, sizeof *f);
	f->rel = xstrdup(rel);
	return f;
}

/* Open path into f when the transport can and the budget allows; 0 when
 * kept, 1 when it is to be read the usual way, -1 (errno) when it failed. */
static int
kept_open_file(struct transport *t, struct kept_file *f, const char *path,
               char **cause)
{
	int saved;

	if (t->ops->keep_open == NULL || !kept_take())
		return 1;
	if (t->ops->keep_open(t, path, &f->kept, cause) != 0) {
		saved = errno;
		atomic_fetch_sub(&kept_open, 1);
		errno = saved;
		return -1;
	}
	f->state = KEPT_OPEN;
	return 0;
}

static int
kept_read(struct transport *t, struct disk_kept *k, const char *dir,
          const char *rel, int written_only, int force, char **data,
          size_t *len, char **cause)
{
	struct kept_file *f = kept_slot(k, rel);
	char *path, *ignored = NULL;
	int rc;

	f->seen = 1;
	free(f->owned);
	f->owned = NULL;
	if (f->state == KEPT_ABSENT) {
		errno = ENOENT;
		return -1;
	}
	if (!force && f->state == KEPT_OPEN && f->last != NULL &&
	    t->ops->written != NULL && !t->ops->written(t, f->kept)) {
		memcpy(f->view, f->last, f->last_len + 1);
		*data = f->view;
		if (len != NULL)
			*len = f->last_len;
		return 0;
	}
	if (f->state == KEPT_OPEN) {
		if (t->ops->reread(t, f->kept, data, len, &ignored) == 0)
			goto read;
		/* Gone (a removed device, a file replaced): afresh. */
		free(ignored);
		kept_close(t, f);
	}
	path = xasprintf("%s/%s", dir, rel);
	rc = kept_open_file(t, f, path, cause);
	if (rc == 0) {
		rc = t->ops->reread(t, f->kept, data, len, cause);
		if (rc != 0)
			kept_close(t, f);
	} else if (rc == 1) {
		rc = t->ops->read_file(t, path, data, len, cause);
		if (rc == 0)
			f->owned = *data;
	}
	if (rc != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		f->state = KEPT_ABSENT;
		errno = ENOENT;
	}
	free(path);
	if (rc != 0)
		return rc;
read:
	if (written_only && f->state == KEPT_OPEN) {
		free(f->last);
		free(f->view);
		f->last_len = strlen(*data);
		f->last = xstrdup(*data);
		f->view = xmalloc(f->last_len + 1);
		/* Asked now, so the watch starts before the next read. */
		if (t->ops->written != NULL)
			(void)t->ops->written(t, f->kept);
	}
	return 0;
}

int
disk_kept_read(struct transport *t, struct disk_kept *k, const char *dir,
               const char *rel, char **data, size_t *len, char **cause)
{
	return kept_read(t, k, dir, rel, 0, 1, data, len, cause);
}

int
disk_kept_read_written(struct transport *t, struct disk_kept *k,
                       const char *dir, const char *rel, int force,
                       char **data, size_t *len, char **cause)
{
	return kept_read(t, k, dir, rel, 1, force, data, len, cause);
}

void
disk_kept_mark(struct disk_kept *k, const char *rel)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (strcmp(k->v[i].rel, rel) == 0) {
			k->v[i].seen = 1;
			return;
		}
	}
}

void
disk_kept_sweep(struct transport *t, struct disk_kept *k)
{
	size_t i, j = 0;

	for (i = 0; i < k->n; i++) {
		if (!k->v[i].seen) {
			kept_close(t, &k->v[i]);
			free(k->v[i].rel);
			free(k->v[i].owned);
			continue;
		}
		free(k->v[i].owned);
		k->v[i].owned = NULL;
		k->v[i].seen = 0;
		k->v[j++] = k->v[i];
	}
	k->n = j;
	k->next = 0;
}

void
disk_kept_free(struct transport *t, struct disk_kept *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++) {
		kept_close(t, &k->v[i]);
		free(k->v[i].rel);
		free(k->v[i].owned);
	}
	free(k->v);
	free(k);
}
