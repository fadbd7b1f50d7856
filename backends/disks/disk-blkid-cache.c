/* A cache of libblkid results, so refreshing does not wake sleeping disks. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disk-blkid.h"
#include "disk-sysfs.h"
#include "strutil.h"
#include "xmalloc.h"

/* How long a remote host's blkid may take for all its disks. */
#define BLKID_REMOTE_TIMEOUT_MS 30000

/*
 * One disk as it was probed: d holds the key (name, size, serial, the
 * partitions' names and sizes) and what libblkid found (whole, the
 * partitions' filesystem fields, and in d.error only the probe's errors).
 */
struct blkid_entry {
	struct disk d;
	time_t probed; /* 0: still to probe */
};

struct disk_blkid_cache {
	int interval_s;
	pthread_mutex_t lock;  /* guards v and n */
	struct blkid_entry *v; /* in disk_name_cmp() order */
	size_t n;
};

/* --- keys ---------------------------------------------------------------- */

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* A partition table rewritten since the probe shows in names or sizes. */
static int
same_partitions(const struct disk *a, const struct disk *b)
{
	size_t i;

	if (a->partition_count != b->partition_count)
		return 0;
	for (i = 0; i < a->partition_count; i++) {
		if (!same_str(a->partitions[i].name, b->partitions[i].name) ||
		    a->partitions[i].size != b->partitions[i].size)
			return 0;
	}
	return 1;
}

/* Has anything been written to d since e's probe? Unknown counts as yes. */
static int
written_since(const struct blkid_entry *e, const struct disk *d)
{
	return e->d.writes < 0 || d->writes < 0 || d->writes != e->d.writes;
}

/* Is e's probe still good for d? Past the interval only if nothing was
 * written since: an idle disk, maybe asleep, is left alone for good. */
static int
blkid_entry_fresh(const struct disk_blkid_cache *c, const struct blkid_entry *e,
                  const struct disk *d, time_t now, int force)
{
	if (force || e->probed == 0 || now < e->probed)
		return 0;
	if (now - e->probed >= c->interval_s && written_since(e, d))
		return 0;
	return e->d.size == d->size && same_str(e->d.serial, d->serial) &&
	       same_partitions(&e->d, d);
}

/* --- entries ------------------------------------------------------------- */

static void
blkid_entries_free(struct blkid_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		disk_clear(&v[i].d);
	free(v);
}

/* The cached entry for name, or NULL (the cache is sorted). */
static struct blkid_entry *
blkid_cache_find(struct disk_blkid_cache *c, const char *name)
{
	size_t lo = 0, hi = c->n, mid;
	int rc;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		rc = disk_name_cmp(c->v[mid].d.name, name);
		if (rc == 0)
			return &c->v[mid];
		if (rc < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A due entry for d: its key only, for disk_blkid_probe() to fill. */
static void
blkid_entry_start(struct blkid_entry *e, const struct disk *d)
{
	size_t i;

	e->d.name = xstrdup(d->name);
	e->d.size = d->size;
	e->d.writes = d->writes;
	e->d.serial = dup_or_null(d->serial);
	e->d.partition_count = d->partition_count;
	e->d.partitions = xcalloc(d->partition_count, sizeof *e->d.partitions);
	for (i = 0; i < d->partition_count; i++) {
		e->d.partitions[i].name = dup_or_null(d->partitions[i].name);
		e->d.partitions[i].size = d->partitions[i].size;
	}
}

/* Whether the cache holds this snapshot's disks, in its order, each with
 * a probe still good: the steady refresh, where nothing is to be planned,
 * moved or probed. Called with the lock held. */
static int
blkid_cache_all_fresh(const struct disk_blkid_cache *c,
                      const struct disk_snapshot *snap, time_t now, int force)
{
	size_t i;

	if (force || c->n != snap->count)
		return 0;
	for (i = 0; i < snap->count; i++) {
		if (strcmp(c->v[i].d.name, snap->disks[i].name) != 0 ||
		    !blkid_entry_fresh(c, &c->v[i], &snap->disks[i], now,
		                       force))
			return 0;
	}
	return 1;
}

/*
 * Entries for this snapshot's disks, in its order: a fresh cached one is
 * moved over (the old slot keeps only its name), others are due. Called with
 * the lock held.
 */
static struct blkid_entry *
blkid_cache_plan(struct disk_blkid_cache *c, const struct disk_snapshot *snap,
                 time_t now, int force)
{
	struct blkid_entry *v, *old;
	const struct disk *d;
	size_t i;

	if (blkid_cache_all_fresh(c, snap, now, force)) {
		v = c->v;
		c->v = NULL;
		c->n = 0;
		return v;
	}
	v = xcalloc(snap->count, sizeof *v);

	for (i = 0; i < snap->count; i++) {
		d = &snap->disks[i];
		old = blkid_cache_find(c, d->name);
		if (old != NULL && blkid_entry_fresh(c, old, d, now, force)) {
			v[i] = *old;
			memset(&old->d, 0, sizeof old->d);
			/* The search above still reads the name. */
			old->d.name = xstrdup(v[i].d.name);
			continue;
		}
		blkid_entry_start(&v[i], d);
	}
	return v;
}

/* --- filling the snapshot ------------------------------------------------ */

static void
replace_str(char **dst, const char *src)
{
	free(*dst);
	*dst = dup_or_null(src);
}

static void
blkid_copy_fs(struct partition *dst, const struct partition *src)
{
	replace_str(&dst->fstype, src->fstype);
	replace_str(&dst->label, src->label);
	replace_str(&dst->uuid, src->uuid);
	replace_str(&dst->partuuid, src->partuuid);
}

/* Copy e's findings into d, whose partitions match e's (it was fresh or
 * made from d). */
static void
blkid_apply(struct disk *d, const struct blkid_entry *e)
{
	size_t i;

	if (e->d.whole.name != NULL) {
		replace_str(&d->whole.name, e->d.whole.name);
		d->whole.size = e->d.whole.size;
		blkid_copy_fs(&d->whole, &e->d.whole);
	}
	for (i = 0; i < d->partition_count && i < e->d.partition_count; i++)
		blkid_copy_fs(&d->partitions[i], &e->d.partitions[i]);
	if (e->d.error != NULL)
		note_append(&d->error, "%s", e->d.error);
}

/* A remote host: every disk due probed by one run of its blkid. */
static void
blkid_probe_remote(struct transport *t, struct blkid_entry *v,
                   struct disk_snapshot *snap, time_t now)
{
	struct disk **due = xcalloc(snap->count + 1, sizeof *due);
	size_t i, n = 0;

	for (i = 0; i < snap->count; i++) {
		if (v[i].probed == 0)
			due[n++] = &v[i].d;
	}
	disk_blkid_probe_remote(t, due, n, BLKID_REMOTE_TIMEOUT_MS,
	                        &snap->error);
	for (i = 0; i < snap->count; i++)
		v[i].probed = v[i].probed == 0 ? now : v[i].probed;
	free(due);
}

/* --- the interface ------------------------------------------------------- */

struct disk_blkid_cache *
disk_blkid_cache_new(int interval_s)
{
	struct disk_blkid_cache *c = xcalloc(1, sizeof *c);

	c->interval_s = interval_s;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void
disk_blkid_cache_free(struct disk_blkid_cache *c)
{
	if (c == NULL)
		return;
	blkid_entries_free(c->v, c->n);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void
disk_blkid_cache_fill(struct disk_blkid_cache *c, struct transport *t,
                      struct disk_snapshot *snap, time_t now, int force)
{
	struct blkid_entry *v;
	size_t i;

	pthread_mutex_lock(&c->lock);
	v = blkid_cache_plan(c, snap, now, force);
	blkid_entries_free(c->v, c->n);
	c->v = NULL;
	c->n = 0;
	pthread_mutex_unlock(&c->lock);
	if (t->ops->local_path == NULL)
		blkid_probe_remote(t, v, snap, now);
	for (i = 0; i < snap->count; i++) {
		if (v[i].probed == 0) {
			disk_blkid_probe(t, &v[i].d);
			v[i].probed = now;
		}
	}
	for (i = 0; i < snap->count; i++)
		blkid_apply(&snap->disks[i], &v[i]);
	pthread_mutex_lock(&c->lock);
	/* An overlapping fill may have stored its own; the later one wins. */
	blkid_entries_free(c->v, c->n);
	c->v = v;
	c->n = snap->count;
	pthread_mutex_unlock(&c->lock);
}
