/* Block devices from sysfs and /proc/self/mountinfo (no SMART, no libblkid). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disk-kept.h"
#include "disk-sysfs.h"
#include "proc-diskstats.h"
#include "proc-partitions.h"
#include "proc-swaps.h"
#include "strutil.h"
#include "xmalloc.h"

#define SYS_BLOCK   "/sys/block"
#define MOUNTINFO   "/proc/self/mountinfo"
#define PARTITIONS  "/proc/partitions"
#define DISKSTATS   "/proc/diskstats"
#define SWAPS       "/proc/swaps"
#define MDSTAT      "/proc/mdstat"
/* Bumped for every uevent: a device added, removed, resized. */
#define UEVENT_SEQNUM "/sys/kernel/uevent_seqnum"
#define SWAP_POINT  "[SWAP]" /* what lsblk shows for active swap */
#define SECTOR_SIZE 512LL

/* One mount table line that matters to us. */
struct disk_mount {
	unsigned long major;
	unsigned long minor;
	int bind;    /* mounts a subdirectory, not the whole filesystem */
	size_t line; /* position in the table */
	char *point;
};

struct disk_mounts {
	struct disk_mount *v; /* sorted by device, then whole before bind */
	char **points;        /* v[i].point, so lookups return a slice */
	size_t n;
};

/* What the whole scan reads once for every disk. */
struct disk_scan_env {
	const struct disk_mounts *mounts;
	char **swaps; /* kernel names of active swap devices, sorted */
	size_t swap_count;
	/* Every device's write counter in one read; NULL: each stat file. */
	const struct proc_diskstats *stats;
	struct disk_sysfs_cache *old;   /* the last scan's; may be NULL */
	struct disk_sysfs_cache *fresh; /* this scan's; NULL: no cache */
	/* Nothing that changes partitions or holders moved since the last
	 * scan: a device's partition names, their numbers and holders, and
	 * its own holders are the last scan's. */
	int layout_same;
	/* ... and no uevent either (a device resized, replaced), and not a
	 * recheck: sizes and diskseq are the last scan's too. */
	int sizes_same;
	/* Read again what signals say has not changed (no sizes_same, and
	 * files read only when written read all the same). */
	int recheck;
};

/*
 * What a full scan keeps of one device for the next: the attributes that
 * belong to the device itself, and what tells whether the name still
 * stands for the same device (diskseq; without it, dev and size).
 */
struct disk_static {
	char *name;
	char *seq;      /* diskseq text; NULL when the kernel has none */
	char *dev;      /* "8:0": the fallback identity, with size */
	long long size; /* bytes */
	char *model;
	char *vendor;
	char *serial;
	char *transport;
	int rotational;
	int removable;
	char **parts; /* entries of its directory known to be partitions */
	size_t part_count;
	/* The layout as the last scan found it, when it read it without an
	 * error: each partition's dev and md field, the disk's md field. */
	int layout;
	char **part_dev;
	char **part_md;
	long long *part_size; /* bytes; -1 when unknown */
	char *md;
	struct disk_kept *kept; /* its files kept open; NULL when moved */
};

struct disk_sysfs_cache {
	struct disk_static *v; /* sorted with strcmp, as list_dir sorts */
	size_t n;
	size_t cap;  /* of v */
	size_t hint; /* where the next lookup looks first */
	/* The last /sys/block listing (strcmp order, as list_dir gives it)
	 * and its indices in disk_name_cmp() order, reused while the
	 * listing stays the same. */
	char **names;
	size_t *order;
	size_t name_count;
	/* What partitions and holders depend on (layout_same), as the last
	 * scan read it; NULL when it could not. */
	char *signals;
	/* The last /proc/diskstats, its counters taken again while it
	 * lists the same devices (no sort, no names); NULL: none. */
	struct proc_diskstats *stats;
	struct disk_kept *proc_kept; /* /proc/diskstats kept open */
	struct transport *t; /* the kept files' */
};

/* What one disk's scan carries between its steps. */
struct disk_scan {
	struct transport *t;
	const struct disk_mounts *mounts;
	const struct disk_scan_env *env;
	struct disk *d;
	char *dir; /* "/sys/block/sda" */
	char *seq; /* diskseq, or NULL */
	char *dev; /* the dev attribute, trimmed, or NULL */
	char **md; /* arrays using the disk, each once */
	size_t md_count;
	char **points; /* mount points of the disk and partitions */
	size_t point_count;
	/* The cached entry of this very device (its static attributes were
	 * taken from it); NULL when they were read. */
	struct disk_static *same;
	int keep; /* what was read goes into the scan's cache at the end */
	struct disk_kept *kept; /* NULL for a scan without a cache */
	int layout_read;        /* partitions and holders read, not reused */
	int layout_failed;      /* ... and one of them failed */
	const char *md_cached;  /* the disk's md field, reused */
};

/* --- the scheduler parser ------------------------------------------------ */

/* One scheduler name at *pp, bracketed or not; advances *pp. Returns 1 for
 * a name, 0 at the end, -1 when malformed. */
static int
sched_next(const char **pp, char **name, int *bracketed)
{
	const char *p = *pp, *start;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '\0')
		return 0;
	*bracketed = (*p == '[');
	if (*bracketed)
		p++;
	start = p;
	while (isgraph((unsigned char)*p) && *p != '[' && *p != ']')
		p++;
	if (p == start || (*p == ']') != *bracketed)
		return -1;
	*name = xstrndup(start, (size_t)(p - start));
	if (*bracketed)
		p++;
	if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n') {
		free(*name);
		return -1;
	}
	*pp = p;
	return 1;
}

int
disk_parse_scheduler(const char *text, char **active, char ***all,
                     size_t *count)
{
	char *name, *act = NULL, **v = NULL;
	size_t n = 0;
	int rc, bracketed;

	*active = NULL;
	*all = NULL;
	*count = 0;
	while ((rc = sched_next(&text, &name, &bracketed)) == 1) {
		strv_push(&v, &n, name);
		if (bracketed && act != NULL)
			rc = -1;
		if (bracketed && act == NULL)
			act = name;
		else
			free(name);
		if (rc == -1)
			break;
	}
	if (rc == 0 && act == NULL && n == 1)
		act = xstrdup(v[0]);
	if (rc == -1 || act == NULL) {
		free(act);
		string_list_free(v, n);
		return -1;
	}
	*active = act;
	*all = v;
	*count = n;
	return 0;
}

/* --- the mount table ----------------------------------------------------- */

char *
disk_unescape_octal(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int v;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			v = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
			if (v != 0) {
				*o++ = (char)v;
				s += 4;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Strict "major:minor"; a trailing newline is allowed. */
static int
disk_parse_dev(const char *s, unsigned long *major, unsigned long *minor)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*major = strtoul(s, &end, 10);
	if (errno != 0 || *end != ':' || !isdigit((unsigned char)end[1]))
		return -1;
	*minor = strtoul(end + 1, &end, 10);
	if (errno != 0)
		return -1;
	while (*end == '\n' || *end == ' ')
		end++;
	return *end == '\0' ? 0 : -1;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	return s[strspn(s, "0123456789")] == '\0';
}

/*
 * One mountinfo line: "36 35 98:0 /root /point opts [optional...] - fstype
 * source superopts". Returns 0 with *m filled, -1 when it does not parse.
 */
static int
mounts_parse_line(char *line, struct disk_mount *m)
{
	char *field[5], *tok, *save = NULL;
	int i;

	for (i = 0; i < 5; i++) {
		field[i] = strtok_r(i == 0 ? line : NULL, " ", &save);
		if (field[i] == NULL)
			return -1;
	}
	while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
		if (strcmp(tok, "-") == 0)
			break;
	}
	if (tok == NULL || !all_digits(field[0]) || !all_digits(field[1]))
		return -1;
	if (disk_parse_dev(field[2], &m->major, &m->minor) != 0)
		return -1;
	m->bind = strcmp(field[3], "/") != 0;
	m->point = disk_unescape_octal(field[4]);
	return 0;
}

static int
mount_cmp_dev(const struct disk_mount *a, unsigned long major,
              unsigned long minor)
{
	if (a->major != major)
		return a->major < major ? -1 : 1;
	if (a->minor != minor)
		return a->minor < minor ? -1 : 1;
	return 0;
}

static int
mount_cmp(const void *pa, const void *pb)
{
	const struct disk_mount *a = pa, *b = pb;
	int rc = mount_cmp_dev(a, b->major, b->minor);

	if (rc != 0)
		return rc;
	if (a->bind != b->bind)
		return a->bind - b->bind;
	return a->line < b->line ? -1 : a->line > b->line;
}

struct disk_mounts *
disk_mounts_parse(const char *text, size_t *bad)
{
	struct disk_mounts *m = xcalloc(1, sizeof *m);
	char *copy = xstrdup(text), **lines;
	size_t i, n = split_lines(copy, &lines);

	if (bad != NULL)
		*bad = 0;
	m->v = xcalloc(n, sizeof *m->v);
	for (i = 0; i < n; i++) {
		if (*lines[i] == '\0')
			continue;
		if (mounts_parse_line(lines[i], &m->v[m->n]) != 0) {
			if (bad != NULL)
				(*bad)++;
			continue;
		}
		m->v[m->n].line = i;
		m->n++;
	}
	free(lines);
	free(copy);
	qsort(m->v, m->n, sizeof *m->v, mount_cmp);
	m->points = xcalloc(m->n, sizeof *m->points);
	for (i = 0; i < m->n; i++)
		m->points[i] = m->v[i].point;
	return m;
}

void
disk_mounts_free(struct disk_mounts *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].point);
	free(m->v);
	free(m->points);
	free(m);
}

char *const *
disk_mounts_find(const struct disk_mounts *m, const char *dev, size_t *count)
{
	unsigned long major, minor;
	size_t lo = 0, hi, end;

	*count = 0;
	if (m == NULL || dev == NULL || disk_parse_dev(dev, &major, &minor))
		return NULL;
	hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mount_cmp_dev(&m->v[mid], major, minor) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	end = lo;
	while (end < m->n && mount_cmp_dev(&m->v[end], major, minor) == 0)
		end++;
	if (end == lo)
		return NULL;
	*count = end - lo;
	return &m->points[lo];
}

/* --- small parsers ------------------------------------------------------- */

const char *
disk_transport_from_link(const char *target, int has_scsi_level)
{
	static const struct {
		const char *needle;
		const char *name;
	} table[] = {
	    {"/usb", "usb"},
	    {"/virtio", "virtio"},
	    {"/nvme", "nvme"},
	    {"/ata", "sata"},
	    {"/end_device-", "sas"},
	    {"/sas_", "sas"},
	    {"/virtual/block/loop", "loop"},
	    {"/mmc", "mmc"},
	};
	size_t i;

	for (i = 0; target != NULL && i < sizeof table / sizeof table[0]; i++) {
		if (strstr(target, table[i].needle) != NULL)
			return table[i].name;
	}
	return has_scsi_level ? "scsi" : "other";
}

int
disk_parse_stat_writes(const char *text, long long *writes)
{
	const char *p = text;
	long long v, value = -1;
	size_t fields = 0;
	char *end;

	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\n' && p[1] == '\0')
			p++;
		if (*p == '\0')
			break;
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno != 0 || (*end != ' ' && *end != '\t' &&
		    *end != '\n' && *end != '\0'))
			return -1;
		if (fields++ == 4)
			value = v;
		p = end;
	}
	if (fields < 11)
		return -1;
	*writes = value;
	return 0;
}

int
disk_parse_vpd80(const char *data, size_t len, char **serial)
{
	size_t page_len, i;
	char *s, *t;

	*serial = NULL;
	if (len < 4 || (unsigned char)data[1] != 0x80)
		return -1;
	page_len =
	    ((size_t)(unsigned char)data[2] << 8) | (unsigned char)data[3];
	if (page_len > len - 4)
		return -1;
	s = xmalloc(page_len + 1);
	for (i = 0; i < page_len; i++) {
		s[i] = data[4 + i] == '\0' ? ' ' : data[4 + i];
		if (!isprint((unsigned char)s[i])) {
			free(s);
			return -1;
		}
	}
	s[page_len] = '\0';
	t = str_trim(s);
	if (*t != '\0')
		*serial = xstrdup(t);
	free(s);
	return 0;
}

/* Length of a prefix after which the kernel numbers drives with letters
 * (sda ... sdz, sdaa), or 0. */
static size_t
letter_prefix(const char *s)
{
	size_t n;

	/* "sd", "vd", "hd", "xvd": written out, as sorting calls it often. */
	if ((s[0] == 's' || s[0] == 'v' || s[0] == 'h') && s[1] == 'd')
		n = 2;
	else if (s[0] == 'x' && s[1] == 'v' && s[2] == 'd')
		n = 3;
	else
		return 0;
	return s[n] >= 'a' && s[n] <= 'z' ? n : 0;
}

/* Lower-case letters at the start of s. */
static size_t
letters(const char *s)
{
	size_t n = 0;

	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	return n;
}

int
disk_name_cmp(const char *a, const char *b)
{
	size_t p = letter_prefix(a), la, lb;

	if (p != 0 && p == letter_prefix(b) && strncmp(a, b, p) == 0) {
		la = letters(a + p);
		lb = letters(b + p);
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	return str_natural_cmp(a, b);
}

/* --- reading attributes -------------------------------------------------- */

/* "a/b", fresh: paths are built per attribute on every refresh, and
 * xasprintf's formatting costs more than the copy. */
static char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

/* What a refresh reads on every scan and may keep open: the disk's
 * identity and what the kernel or an admin changes, and its partitions'
 * sizes ("sda1/size"). */
enum keep_how {
	KEEP_NOT,     /* read once with read_file */
	KEEP_OPEN,    /* kept open, read again each scan */
	KEEP_WRITTEN, /* kept open, read again when written (or a recheck) */
};

/* How rel is read: files read every scan are kept open; those only an
 * admin (or udev) changes, by writing them, are read when written. */
static enum keep_how
scan_keepable(const struct disk_scan *s, const char *rel)
{
	static const struct {
		const char *rel;
		enum keep_how how;
	} names[] = {
	    {"diskseq", KEEP_OPEN},         {"dev", KEEP_OPEN},
	    {"size", KEEP_OPEN},            {"queue/scheduler", KEEP_WRITTEN},
	    {"device/queue_depth", KEEP_OPEN}, {"device/timeout", KEEP_WRITTEN},
	};
	size_t i, n = strlen(s->d->name);
	const char *slash;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(rel, names[i].rel) == 0)
			return names[i].how;
	}
	slash = strchr(rel, '/');
	return slash != NULL && strcmp(slash, "/size") == 0 &&
	    strncmp(rel, s->d->name, n) == 0 && (size_t)(slash - rel) > n
	    ? KEEP_OPEN : KEEP_NOT;
}

/*
 * Read attribute rel below the disk's directory. Returns 0 with *data and
 * *len (raw, may be changed in place) and *owned what the caller frees
 * (*data itself, or NULL when it is a kept file's buffer, good until the
 * next read of rel); 1 when it does not exist; -1 when it cannot be read,
 * noted in the disk's error under label. errno is ENOENT after a 1.
 */
static int
scan_read_raw(struct disk_scan *s, const char *rel, const char *label,
              char **data, size_t *len, char **owned)
{
	char *path, *cause = NULL;
	enum keep_how how = KEEP_NOT;
	int rc, saved;

	*owned = NULL;
	if (s->kept != NULL && s->d->name != NULL)
		how = scan_keepable(s, rel);
	if (how == KEEP_WRITTEN) {
		rc = disk_kept_read_written(s->t, s->kept, s->dir, rel,
		                            s->env->recheck, data, len, &cause);
		saved = errno;
	} else if (how == KEEP_OPEN) {
		rc = disk_kept_read(s->t, s->kept, s->dir, rel, data, len,
		                    &cause);
		saved = errno;
	} else {
		path = path_join(s->dir, rel);
		rc = s->t->ops->read_file(s->t, path, data, len, &cause);
		saved = errno;
		free(path);
		if (rc == 0)
			*owned = *data;
	}
	if (rc == 0) {
		free(cause);
		return 0;
	}
	if (saved == ENOENT || saved == ENOTDIR) {
		free(cause);
		errno = ENOENT;
		return 1;
	}
	note_append(&s->d->error, "%s: unreadable (%s)", label,
	               saved != 0      ? strerror(saved)
	               : cause != NULL ? cause
	                               : "?");
	free(cause);
	return -1;
}

/* A text attribute, trimmed in place, in *value; *owned as scan_read_raw.
 * An empty one counts as absent (1). */
static int
scan_view(struct disk_scan *s, const char *rel, const char *label,
          char **value, char **owned)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = scan_read_raw(s, rel, label, &data, &len, owned)) != 0)
		return rc;
	*value = str_trim(data);
	if (**value == '\0') {
		free(*owned);
		*owned = NULL;
		return 1;
	}
	return 0;
}

/* Read a text attribute, trimmed, fresh; an empty one counts as absent
 * (1). */
static int
scan_read(struct disk_scan *s, const char *rel, const char *label, char **value)
{
	char *v, *owned;
	int rc;

	if ((rc = scan_view(s, rel, label, &v, &owned)) != 0)
		return rc;
	if (owned == NULL) {
		*value = xstrdup(v);
		return 0;
	}
	/* Trimmed in place: no second copy of every value. */
	if (v != owned)
		memmove(owned, v, strlen(v) + 1);
	*value = owned;
	return 0;
}

/* A string field: NULL unless the attribute has text. */
static void
scan_string(struct disk_scan *s, const char *rel, const char *label,
            char **field)
{
	char *v;

	if (*field == NULL && scan_read(s, rel, label, &v) == 0)
		*field = v;
}

/* An integer field in [min, max]; -1 when absent or malformed. */
static void
scan_int(struct disk_scan *s, const char *rel, const char *label, int min,
         int max, int *field)
{
	char *v, *owned;

	*field = -1;
	if (scan_view(s, rel, label, &v, &owned) != 0)
		return;
	if (parse_int_range(v, min, max, field) != 0) {
		*field = -1;
		note_malformed(&s->d->error, label, v);
	}
	free(owned);
}

/*
 * A size attribute (512-byte sectors) in bytes, or -1. Returns like
 * scan_read: 1 (errno ENOENT) when the file is gone.
 */
static int
scan_size(struct disk_scan *s, const char *rel, const char *label,
          long long *bytes)
{
	long long sectors;
	char *v, *owned;
	int rc;

	*bytes = -1;
	if ((rc = scan_view(s, rel, label, &v, &owned)) != 0)
		return rc;
	if (parse_ll(v, &sectors) != 0 || sectors < 0 ||
	    sectors > LLONG_MAX / SECTOR_SIZE)
		note_malformed(&s->d->error, label, v);
	else
		*bytes = sectors * SECTOR_SIZE;
	free(owned);
	return 0;
}

/* A size the last scan read, taken again (no uevent): its file stays
 * kept. */
static void
scan_reuse(struct disk_scan *s, const char *rel, long long *bytes,
           long long last)
{
	*bytes = last;
	if (s->kept != NULL)
		disk_kept_mark(s->kept, rel);
}

static void
strv_push_unique(char ***v, size_t *n, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], s) == 0)
			return;
	}
	strv_push(v, n, s);
}

/* --- one disk ------------------------------------------------------------ */

/* Arrays holding rel ("holders" or "sda1/holders"), added to the disk's
 * list and, when out is not NULL, put in *out as a comma list. */
static void
scan_holders(struct disk_scan *s, const char *rel, char **out)
{
	char *path = path_join(s->dir, rel), *cause = NULL;
	char **names = NULL, **md = NULL;
	size_t count = 0, md_count = 0, i;

	if (s->t->ops->list_dir(s->t, path, &names, &count, &cause) != 0) {
		if (errno != ENOENT && errno != ENOTDIR) {
			note_append(&s->d->error, "%s: unreadable (%s)", rel,
			               strerror(errno));
			s->layout_failed = 1;
		}
		free(cause);
		free(path);
		return;
	}
	for (i = 0; i < count; i++) {
		if (strncmp(names[i], "md", 2) != 0)
			continue;
		strv_push_unique(&md, &md_count, names[i]);
		strv_push_unique(&s->md, &s->md_count, names[i]);
	}
	if (out != NULL && md_count > 0)
		*out = str_join(md, md_count, ",");
	string_list_free(md, md_count);
	string_list_free(names, count);
	free(path);
}

static int
scan_is_swap(const struct disk_scan *s, const char *name)
{
	size_t i;

	for (i = 0; s->env != NULL && i < s->env->swap_count; i++) {
		if (strcmp(s->env->swaps[i], name) == 0)
			return 1;
	}
	return 0;
}

/* Mount points of the device name whose dev attribute is rel (for the
 * disk itself, rel is NULL: its dev was read with its identity), and
 * "[SWAP]" when it is active swap, as lsblk shows it; the first one is
 * returned (fresh) when first is not NULL. */
static void
scan_mounts_of(struct disk_scan *s, const char *name, const char *dev,
               const char *label, char **first)
{
	char *const *points;
	unsigned long major, minor;
	size_t n, i;

	if (scan_is_swap(s, name)) {
		strv_push_unique(&s->points, &s->point_count, SWAP_POINT);
		if (first != NULL)
			*first = xstrdup(SWAP_POINT);
		first = NULL;
	}
	if (dev == NULL)
		return;
	if (disk_parse_dev(dev, &major, &minor) != 0) {
		note_malformed(&s->d->error, label, dev);
		return;
	}
	points = disk_mounts_find(s->mounts, dev, &n);
	for (i = 0; i < n; i++)
		strv_push_unique(&s->points, &s->point_count, points[i]);
	if (first != NULL && n > 0)
		*first = xstrdup(points[0]);
}

/* The same for a device whose dev attribute is rel (NULL: the disk's own,
 * read with its identity); the text read is put in *dev_out (fresh, NULL
 * when absent) when dev_out is not NULL. */
static void
scan_mounts(struct disk_scan *s, const char *name, const char *rel,
            const char *label, char **first, char **dev_out)
{
	char *dev = NULL;
	int rc = 0;

	if (rel == NULL && s->dev != NULL)
		dev = xstrdup(s->dev);
	else if (rel != NULL)
		rc = scan_read(s, rel, label, &dev);
	if (rc != 0)
		dev = NULL;
	if (rc == -1)
		s->layout_failed = 1;
	scan_mounts_of(s, name, dev, label, first);
	if (dev_out != NULL)
		*dev_out = dev;
	else
		free(dev);
}

static int
name_cmp(const void *a, const void *b)
{
	return disk_name_cmp(*(char *const *)a, *(char *const *)b);
}

/* Was entry a partition of this very device at the last scan? A name
 * once a partition of a device stays one, so its marker is not read again. */
static int
scan_known_partition(const struct disk_scan *s, const char *entry)
{
	size_t i;

	for (i = 0; s->same != NULL && i < s->same->part_count; i++) {
		if (strcmp(s->same->parts[i], entry) == 0)
			return 1;
	}
	return 0;
}

/* The partition entry in the disk's directory; 0 when it is not one. Its
 * dev text goes in *dev (fresh, or NULL). */
static int
scan_partition(struct disk_scan *s, const char *entry, struct partition *p,
               char **dev)
{
	char *rel, *data, *owned;
	size_t len;
	int rc;

	*dev = NULL;
	if (!scan_known_partition(s, entry)) {
		rel = path_join(entry, "partition");
		if ((rc = scan_read_raw(s, rel, rel, &data, &len, &owned)) !=
		    0) {
			if (rc == -1)
				s->layout_failed = 1;
			free(rel);
			return 0;
		}
		free(owned);
		free(rel);
	}
	memset(p, 0, sizeof *p);
	p->name = xstrdup(entry);
	rel = path_join(entry, "size");
	scan_size(s, rel, rel, &p->size);
	free(rel);
	rel = path_join(entry, "holders");
	scan_holders(s, rel, &p->md);
	free(rel);
	rel = path_join(entry, "dev");
	scan_mounts(s, entry, rel, rel, &p->mountpoint, dev);
	free(rel);
	return 1;
}

/* Partition i of the same device as the last scan found it: its mount
 * points read now, and its size unless no uevent came (sizes_same); its
 * name, dev number and holders as they were. */
static void
scan_partition_again(struct disk_scan *s, size_t i, struct partition *p)
{
	const struct disk_static *e = s->same;
	char *rel;

	memset(p, 0, sizeof *p);
	p->name = xstrdup(e->parts[i]);
	rel = path_join(p->name, "size");
	if (s->env->sizes_same && e->part_size[i] > 0)
		scan_reuse(s, rel, &p->size, e->part_size[i]);
	else
		scan_size(s, rel, rel, &p->size);
	free(rel);
	if (e->part_md[i] != NULL)
		p->md = xstrdup(e->part_md[i]);
	rel = path_join(p->name, "dev");
	scan_mounts_of(s, p->name, e->part_dev[i], rel, &p->mountpoint);
	free(rel);
}

/* Subdirectories named after the disk with a partition file in them, in
 * natural order (sda2 before sda10). */
static void
scan_partitions(struct disk_scan *s, char ***devs)
{
	struct disk *d = s->d;
	char **names = NULL, *cause = NULL, *dev;
	size_t count = 0, i, len = strlen(d->name);

	if (s->t->ops->list_dir(s->t, s->dir, &names, &count, &cause) != 0) {
		note_append(&d->error, "partitions: unreadable (%s)",
		               strerror(errno));
		s->layout_failed = 1;
		free(cause);
		return;
	}
	if (count > 1)
		qsort(names, count, sizeof *names, name_cmp);
	for (i = 0; i < count; i++) {
		if (strncmp(names[i], d->name, len) != 0 || names[i][len] == 0)
			continue;
		d->partitions =
		    xreallocarray(d->partitions, d->partition_count + 1,
		                  sizeof *d->partitions);
		if (!scan_partition(s, names[i],
		                    &d->partitions[d->partition_count], &dev))
			continue;
		*devs = xreallocarray(*devs, d->partition_count + 1,
		                      sizeof **devs);
		(*devs)[d->partition_count++] = dev;
	}
	string_list_free(names, count);
}

/* The disk's holders and partitions: as the last scan found them when
 * nothing that changes them moved (env->layout_same), else read. The
 * partitions' dev texts go in *devs (one per partition), for the cache. */
static void
scan_layout(struct disk_scan *s, char ***devs)
{
	const struct disk_static *e = s->same;
	struct disk *d = s->d;
	size_t i;

	if (s->env->layout_same && e != NULL && e->layout) {
		s->md_cached = e->md;
		scan_mounts(s, d->name, NULL, "dev", NULL, NULL);
		if (e->part_count > 0)
			d->partitions = xcalloc(e->part_count,
			                        sizeof *d->partitions);
		for (i = 0; i < e->part_count; i++)
			scan_partition_again(s, i, &d->partitions[i]);
		d->partition_count = e->part_count;
		return;
	}
	s->layout_read = 1;
	scan_holders(s, "holders", NULL);
	scan_mounts(s, d->name, NULL, "dev", NULL, NULL);
	scan_partitions(s, devs);
}

/* A vendor that is only a PCI id (virtio says "0x1af4") tells nothing. */
static void
scan_vendor(struct disk_scan *s)
{
	char *v;

	if (scan_read(s, "device/vendor", "vendor", &v) != 0)
		return;
	if (strncmp(v, "0x", 2) == 0 && v[2] != '\0' &&
	    v[2 + strspn(v + 2, "0123456789abcdefABCDEF")] == '\0')
		free(v);
	else
		s->d->vendor = v;
}

/* Serial: device/serial (NVMe and others), serial (virtio), else SCSI VPD
 * page 0x80; NULL when none says, for smartctl to fill. */
static void
scan_serial(struct disk_scan *s)
{
	char *data, *owned;
	size_t len;

	scan_string(s, "device/serial", "serial", &s->d->serial);
	scan_string(s, "serial", "serial", &s->d->serial);
	if (s->d->serial != NULL)
		return;
	if (scan_read_raw(s, "device/vpd_pg80", "vpd_pg80", &data, &len,
	                  &owned) != 0)
		return;
	if (disk_parse_vpd80(data, len, &s->d->serial) != 0)
		note_append(&s->d->error, "vpd_pg80: malformed page");
	free(owned);
}

static void
scan_scheduler(struct disk_scan *s)
{
	struct disk *d = s->d;
	char *v, *owned;

	if (scan_view(s, "queue/scheduler", "scheduler", &v, &owned) != 0)
		return;
	if (disk_parse_scheduler(v, &d->scheduler, &d->schedulers,
	                         &d->scheduler_count) != 0)
		note_malformed(&d->error, "scheduler", v);
	free(owned);
}

/* The transport from where /sys/block/NAME points. A plain SCSI device is
 * told from an unknown one by its scsi_level file, which the quick listing
 * does not read: there such a disk's transport stays unknown (NULL) until
 * the full scan, rather than shown as "other" for a moment. */
static void
scan_transport(struct disk_scan *s, int quick)
{
	char *target = NULL, *cause = NULL, *level, *owned;
	const char *name;
	int has_level = 0;

	if (s->t->ops->read_link(s->t, s->dir, &target, &cause) != 0)
		target = NULL;
	free(cause);
	if (!quick && scan_view(s, "device/scsi_level", "scsi_level", &level,
	                        &owned) == 0) {
		has_level = 1;
		free(owned);
	}
	if (s->d->kind != DISK_KIND_DISK) {
		/* An array or a mapping has no transport of its own. */
		free(target);
		return;
	}
	name = disk_transport_from_link(target, has_level);
	if (!quick || strcmp(name, "other") != 0)
		s->d->transport = xstrdup(name);
	free(target);
}

/* The write counter: the filesystems can only have changed (mkfs, a new
 * label) when it moved, so it decides whether libblkid looks again. From
 * /proc/diskstats when it lists the disk, else its own stat file. */
static void
scan_writes(struct disk_scan *s)
{
	char *v, *owned;

	if (s->env->stats != NULL &&
	    proc_diskstats_writes(s->env->stats, s->d->name, &s->d->writes))
		return;
	if (scan_view(s, "stat", "stat", &v, &owned) != 0)
		return;
	if (disk_parse_stat_writes(v, &s->d->writes) != 0) {
		s->d->writes = -1;
		note_malformed(&s->d->error, "stat", v);
	}
	free(owned);
}

/* What belongs to the device itself and changes only with it. */
static void
scan_static(struct disk_scan *s)
{
	struct disk *d = s->d;

	scan_string(s, "device/model", "model", &d->model);
	scan_vendor(s);
	scan_serial(s);
	scan_int(s, "queue/rotational", "rotational", 0, 1, &d->rotational);
	scan_int(s, "removable", "removable", 0, 1, &d->removable);
	scan_transport(s, 0);
}

/* What the kernel or an admin may change at any time. */
static void
scan_dynamic(struct disk_scan *s)
{
	struct disk *d = s->d;

	scan_scheduler(s);
	scan_int(s, "device/queue_depth", "queue_depth", 1, INT_MAX,
	         &d->queue_depth);
	scan_int(s, "device/timeout", "timeout", 0, INT_MAX, &d->timeout);
	scan_writes(s);
}

/* --- the cache of static attributes -------------------------------------- */

struct disk_sysfs_cache *
disk_sysfs_cache_new(void)
{
	return xcalloc(1, sizeof(struct disk_sysfs_cache));
}

/* n strings, some NULL. */
static void
strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
disk_static_clear(struct transport *t, struct disk_static *e)
{
	free(e->name);
	free(e->seq);
	free(e->dev);
	free(e->model);
	free(e->vendor);
	free(e->serial);
	free(e->transport);
	strings_free(e->part_dev, e->part_count);
	strings_free(e->part_md, e->part_count);
	string_list_free(e->parts, e->part_count);
	free(e->part_size);
	free(e->md);
	disk_kept_free(t, e->kept);
}

static void
cache_clear(struct disk_sysfs_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		disk_static_clear(c->t, &c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
	free(c->signals);
	c->signals = NULL;
	proc_diskstats_free(c->stats);
	c->stats = NULL;
	disk_kept_free(c->t, c->proc_kept);
	c->proc_kept = NULL;
	string_list_free(c->names, c->name_count);
	free(c->order);
	c->names = NULL;
	c->order = NULL;
	c->name_count = 0;
	c->cap = 0;
}

void
disk_sysfs_cache_free(struct disk_sysfs_cache *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c);
}

/* bsearch: a name against an entry (the cache is in disk_name_cmp()
 * order, the order in which a scan goes through the devices). */
static int
static_key_cmp(const void *key, const void *entry)
{
	return disk_name_cmp(key, ((const struct disk_static *)entry)->name);
}

/*
 * The entry for name, or NULL. A scan asks for the devices in the cache's
 * own order, so the entry after the last one found (c->hint) is tried
 * first: one strcmp a device while /sys/block lists the same names.
 */
static struct disk_static *
cache_find(struct disk_sysfs_cache *c, const char *name)
{
	struct disk_static *e;

	if (c == NULL || c->n == 0)
		return NULL;
	if (c->hint < c->n && strcmp(c->v[c->hint].name, name) == 0)
		e = &c->v[c->hint];
	else
		e = bsearch(name, c->v, c->n, sizeof *c->v, static_key_cmp);
	if (e != NULL)
		c->hint = (size_t)(e - c->v) + 1;
	return e;
}

static int
same_text(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * Is the device behind s the one e was read from? diskseq is new for every
 * device the kernel makes (Linux 5.15 and later); without it the same dev
 * number and size stand in, which misses only a disk swapped for one of
 * the same size under the same name between two refreshes.
 */
static int
cache_same_device(const struct disk_scan *s, const struct disk_static *e)
{
	if (s->seq != NULL || e->seq != NULL)
		return same_text(s->seq, e->seq);
	return same_text(s->dev, e->dev) && s->d->size == e->size;
}

static void
static_copy_out(const struct disk_static *e, struct disk *d)
{
	d->model = e->model != NULL ? xstrdup(e->model) : NULL;
	d->vendor = e->vendor != NULL ? xstrdup(e->vendor) : NULL;
	d->serial = e->serial != NULL ? xstrdup(e->serial) : NULL;
	d->transport = e->transport != NULL ? xstrdup(e->transport) : NULL;
	d->rotational = e->rotational;
	d->removable = e->removable;
}

/*
 * The same device with the same layout as the last scan: its entry moves
 * over whole (the old one keeps only its name, which later lookups in the
 * old cache still compare) instead of being copied string by string. Only
 * the size and the kept files are this scan's; the rest is what the scan
 * took from the entry (static_copy_out, scan_layout).
 */
static void
cache_move(struct disk_static *e, struct disk_static *old,
           struct disk_scan *s)
{
	size_t i;

	*e = *old;
	memset(old, 0, sizeof *old);
	old->name = xstrdup(e->name);
	e->size = s->d->size;
	for (i = 0; i < e->part_count && i < s->d->partition_count; i++)
		e->part_size[i] = s->d->partitions[i].size;
	if (e->dev == NULL && s->dev != NULL) /* read now, as a copy would */
		e->dev = xstrdup(s->dev);
	e->kept = s->kept;
	s->kept = NULL;
	s->same = NULL; /* moved: nothing may read it through s any more */
}

/* Keep what was read of s's device in c (sorted once the scan is done),
 * with the partitions this scan found (their dev texts in devs, when this
 * scan read them) and its kept files (moved from s). */
static void
cache_keep(struct disk_sysfs_cache *c, struct disk_scan *s, char **devs)
{
	const struct disk *d = s->d;
	struct disk_static *e;
	size_t i;

	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	e = &c->v[c->n++];
	if (s->same != NULL && !s->layout_read && !s->layout_failed &&
	    s->same->layout) {
		cache_move(e, s->same, s);
		return;
	}
	memset(e, 0, sizeof *e);
	e->name = xstrdup(d->name);
	e->seq = s->seq != NULL ? xstrdup(s->seq) : NULL;
	e->dev = s->dev != NULL ? xstrdup(s->dev) : NULL;
	e->size = d->size;
	e->model = d->model != NULL ? xstrdup(d->model) : NULL;
	e->vendor = d->vendor != NULL ? xstrdup(d->vendor) : NULL;
	e->serial = d->serial != NULL ? xstrdup(d->serial) : NULL;
	e->transport = d->transport != NULL ? xstrdup(d->transport) : NULL;
	e->rotational = d->rotational;
	e->removable = d->removable;
	for (i = 0; i < d->partition_count; i++)
		strv_push(&e->parts, &e->part_count, d->partitions[i].name);
	e->kept = s->kept;
	s->kept = NULL;
	e->layout = !s->layout_failed;
	if (!e->layout)
		return;
	e->part_dev = xcalloc(e->part_count + 1, sizeof *e->part_dev);
	e->part_md = xcalloc(e->part_count + 1, sizeof *e->part_md);
	e->part_size = xcalloc(e->part_count + 1, sizeof *e->part_size);
	for (i = 0; i < e->part_count; i++) {
		e->part_size[i] = d->partitions[i].size;
		e->part_dev[i] = dup_or_null(s->layout_read ? devs[i]
		                                            : s->same->part_dev[i]);
		e->part_md[i] = dup_or_null(d->partitions[i].md);
	}
	if (s->layout_read && s->md_count > 0)
		e->md = str_join(s->md, s->md_count, ",");
	else if (!s->layout_read)
		e->md = dup_or_null(s->md_cached);
}

/*
 * The device's identity (diskseq, dev), then its static attributes: from
 * old when it is the same device, else read. They go into the scan's cache
 * at the end (s->keep) unless a read failed, so a passing error is read
 * again next time rather than kept. old is NULL for a scan without a
 * cache. The dev number of a device never changes: with a diskseq that
 * says it is the same device, the cached one stands.
 */
static void
scan_identity_and_static(struct disk_scan *s, struct disk_static *e)
{
	size_t errlen;

	if (s->env->sizes_same && e != NULL && e->seq != NULL) {
		/* No uevent: the same device. */
		s->seq = xstrdup(e->seq);
		if (s->kept != NULL)
			disk_kept_mark(s->kept, "diskseq");
	} else if (scan_read(s, "diskseq", "diskseq", &s->seq) != 0)
		s->seq = NULL;
	if (e != NULL && s->seq != NULL && e->dev != NULL &&
	    s->d->error == NULL && same_text(s->seq, e->seq))
		s->dev = xstrdup(e->dev);
	else if (scan_read(s, "dev", "dev", &s->dev) != 0)
		s->dev = NULL;
	if (e != NULL && s->d->error == NULL && cache_same_device(s, e)) {
		static_copy_out(e, s->d);
		s->same = e;
		s->keep = 1;
		return;
	}
	/* Another device (or none known): the files kept are its
	 * predecessor's, and what it lacked this one may have. */
	if (s->kept != NULL && e != NULL) {
		disk_kept_free(s->t, s->kept);
		s->kept = disk_kept_new();
	}
	errlen = s->d->error != NULL ? strlen(s->d->error) : 0;
	scan_static(s);
	s->keep = (s->seq != NULL || s->dev != NULL) &&
	    (s->d->error != NULL ? strlen(s->d->error) : 0) == errlen;
}

static void
scan_finish(struct disk_scan *s)
{
	if (s->md_count > 0)
		s->d->md = str_join(s->md, s->md_count, ",");
	else if (s->md_cached != NULL)
		s->d->md = xstrdup(s->md_cached);
	if (s->point_count > 0)
		s->d->mountpoints = str_join(s->points, s->point_count, ",");
	string_list_free(s->md, s->md_count);
	string_list_free(s->points, s->point_count);
	free(s->seq);
	free(s->dev);
	disk_kept_free(s->t, s->kept);
}

/*
 * Fill d from /sys/block/name. Returns 1 when the disk is to be shown; 0
 * when it has size 0 or vanished (d is then left clear). For the quick
 * listing, sizes from /proc/partitions spare a file a disk; NULL reads
 * each disk's size file.
 */
static int
scan_disk(struct transport *t, const struct disk_scan_env *env,
          const struct proc_partitions *sizes, const char *name, int quick,
          struct disk *d)
{
	struct disk_scan s = {.t = t, .mounts = env->mounts, .env = env,
	                      .d = d};
	struct disk_static *e = NULL;
	char **devs = NULL;
	int rc;

	memset(d, 0, sizeof *d);
	/* Unknown, not zero, until read. */
	d->rotational = d->queue_depth = d->timeout = d->removable = -1;
	d->writes = -1;
	smart_info_clear(&d->smart);
	s.dir = path_join(SYS_BLOCK, name);
	d->name = xstrdup(name);
	if (env->fresh != NULL) {
		/* The files kept for this name move to this scan. */
		e = cache_find(env->old, name);
		s.kept = e != NULL && e->kept != NULL ? e->kept
		                                      : disk_kept_new();
		if (e != NULL)
			e->kept = NULL;
	}
	if (sizes != NULL) /* it lists no device of size 0 */
		rc = proc_partitions_size(sizes, name, &d->size) ? 0 : 1;
	else if (env->sizes_same && e != NULL && e->size > 0) {
		scan_reuse(&s, "size", &d->size, e->size); /* not resized */
		rc = 0;
	} else
		rc = scan_size(&s, "size", "size", &d->size);
	if (rc == 1 || (rc == 0 && d->size == 0)) {
		disk_kept_free(t, s.kept);
		free(s.dir);
		disk_clear(d);
		return 0;
	}
	d->kind = disk_kind_of(name);
	if (quick) {
		/* Enough to list the disk: the full scan follows. */
		scan_transport(&s, 1);
		free(s.dir);
		return 1;
	}
	scan_identity_and_static(&s, e);
	scan_dynamic(&s);
	scan_layout(&s, &devs);
	if (s.kept != NULL)
		disk_kept_sweep(t, s.kept);
	if (s.keep && env->fresh != NULL)
		cache_keep(env->fresh, &s, devs);
	strings_free(devs, d->partition_count);
	scan_finish(&s);
	free(s.dir);
	return 1;
}

/* --- the whole scan ------------------------------------------------------ */

static int
shown_name(const char *name)
{
	static const char *const hidden[] = {"ram", "zram"};
	size_t i;

	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		if (strncmp(name, hidden[i], strlen(hidden[i])) == 0)
			return 0;
	}
	return 1;
}

static struct disk_mounts *
scan_mount_table(struct transport *t, struct disk_snapshot *snap)
{
	struct disk_mounts *m;
	char *data, *cause = NULL;
	size_t len, bad;

	if (t->ops->read_file(t, MOUNTINFO, &data, &len, &cause) != 0) {
		snap->error = xasprintf("mount points unknown: %s", cause);
		free(cause);
		return NULL;
	}
	m = disk_mounts_parse(data, &bad);
	if (bad > 0)
		snap->error = xasprintf("%s: %zu malformed line%s skipped",
		                        MOUNTINFO, bad, bad == 1 ? "" : "s");
	free(data);
	return m;
}

/* Every device's size in one read; NULL when the file cannot be read or
 * lists nothing (a sysroot without it), and sysfs is asked disk by disk. */
static struct proc_partitions *
scan_partition_table(struct transport *t)
{
	struct proc_partitions *pp;
	char *data, *cause = NULL;
	size_t len;

	if (t->ops->read_file(t, PARTITIONS, &data, &len, &cause) != 0) {
		free(cause);
		return NULL;
	}
	pp = proc_partitions_parse(data, NULL);
	free(data);
	if (proc_partitions_count(pp) == 0) {
		proc_partitions_free(pp);
		return NULL;
	}
	return pp;
}

/* Every device's counters in one read, as the stat files have them; NULL
 * when the file cannot be read or lists nothing (a sysroot without it),
 * and each disk's stat file is read. */
static struct proc_diskstats *
scan_diskstats(struct transport *t, struct disk_sysfs_cache *cache)
{
	struct proc_diskstats *ds;
	char *data, *cause = NULL, *owned = NULL;
	size_t len;
	int rc;

	/* With a cache, kept open and read into its buffer: no allocation
	 * for a file of a line a device. Not there: looked for again. */
	if (cache != NULL) {
		if (cache->proc_kept == NULL)
			cache->proc_kept = disk_kept_new();
		rc = disk_kept_read(t, cache->proc_kept, "/proc", "diskstats",
		                    &data, &len, &cause);
		if (rc != 0) {
			disk_kept_free(t, cache->proc_kept);
			cache->proc_kept = NULL;
		}
	} else {
		rc = t->ops->read_file(t, DISKSTATS, &data, &len, &cause);
		owned = data;
	}
	if (rc != 0) {
		free(cause);
		return NULL;
	}
	/* The same devices as last time: the last parse, new counters
	 * (taken over from the cache). */
	if (cache != NULL && cache->stats != NULL) {
		ds = cache->stats;
		cache->stats = NULL;
		if (proc_diskstats_update(ds, data) == 0)
			return ds;
		proc_diskstats_free(ds);
	}
	ds = proc_diskstats_parse(data, NULL);
	free(owned);
	if (proc_diskstats_count(ds) == 0) {
		proc_diskstats_free(ds);
		return NULL;
	}
	return ds;
}

/* The kernel name of the device a /dev name stands for: itself, or where
 * it links to (/dev/mapper/vg-swap -> ../dm-1: dm-1). A name right under
 * /dev (sda2, dm-1, zram0) is the kernel's own: no link is read. Fresh. */
static char *
scan_swap_name(struct transport *t, const char *dev_name)
{
	char *path, *target = NULL;
	char *cause = NULL, *name;
	const char *base;

	if (strchr(dev_name, '/') == NULL)
		return xstrdup(dev_name);
	path = xasprintf("/dev/%s", dev_name);
	if (t->ops->read_link(t, path, &target, &cause) == 0 &&
	    target != NULL) {
		base = strrchr(target, '/');
		name = xstrdup(base != NULL ? base + 1 : target);
	} else
		name = xstrdup(dev_name);
	free(target);
	free(cause);
	free(path);
	return name;
}

/* The active swap devices, as lsblk finds them: /proc/swaps. A missing
 * file means no swap (a kernel without it, a fixture tree). */
static void
scan_swaps(struct transport *t, struct disk_snapshot *snap,
           struct disk_scan_env *env)
{
	struct proc_swaps *sw;
	char *data, *cause = NULL, *name;
	const char *dev;
	size_t len, bad, i;

	if (t->ops->read_file(t, SWAPS, &data, &len, &cause) != 0) {
		if (errno != ENOENT)
			note_append(&snap->error, "swap unknown: %s",
			            cause != NULL ? cause : strerror(errno));
		free(cause);
		return;
	}
	sw = proc_swaps_parse(data, &bad);
	free(data);
	if (bad > 0)
		note_append(&snap->error, "%s: %zu malformed line%s skipped",
		            SWAPS, bad, bad == 1 ? "" : "s");
	for (i = 0; i < sw->n; i++) {
		if ((dev = proc_swap_dev_name(&sw->v[i])) == NULL)
			continue;
		name = scan_swap_name(t, dev);
		strv_push(&env->swaps, &env->swap_count, name);
		free(name);
	}
	proc_swaps_free(sw);
}

/* A name and its index in the listing, to sort the indices by name. */
struct order_item {
	const char *name;
	size_t i;
};

static int
order_cmp(const void *a, const void *b)
{
	return disk_name_cmp(((const struct order_item *)a)->name,
	                     ((const struct order_item *)b)->name);
}

static int
same_names(char **a, size_t na, char **b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++) {
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	}
	return 1;
}

/*
 * The indices of names in disk_name_cmp() order, the order of the rows
 * and of the cache. With a cache, the last scan's order is reused while
 * /sys/block lists the same names (cache->order, not to be freed), else
 * sorted and kept there; without one, sorted afresh (*fresh_order set,
 * for the caller to free).
 */
static const size_t *
scan_order(struct disk_sysfs_cache *cache, char **names, size_t count,
           size_t **fresh_order)
{
	struct order_item *items;
	size_t *order, i;

	*fresh_order = NULL;
	if (cache != NULL && cache->order != NULL &&
	    same_names(cache->names, cache->name_count, names, count))
		return cache->order;
	items = xcalloc(count + 1, sizeof *items);
	for (i = 0; i < count; i++) {
		items[i].name = names[i];
		items[i].i = i;
	}
	if (count > 1)
		qsort(items, count, sizeof *items, order_cmp);
	order = xcalloc(count + 1, sizeof *order);
	for (i = 0; i < count; i++)
		order[i] = items[i].i;
	free(items);
	if (cache == NULL) {
		*fresh_order = order;
		return order;
	}
	string_list_free(cache->names, cache->name_count);
	free(cache->order);
	cache->names = xcalloc(count + 1, sizeof *cache->names);
	for (i = 0; i < count; i++)
		cache->names[i] = xstrdup(names[i]);
	cache->name_count = count;
	cache->order = order;
	return order;
}

/* This scan's cache in place of the last one's (whose files still kept
 * are those of devices gone or replaced: closed). */
static void
cache_replace(struct disk_sysfs_cache *c, struct disk_sysfs_cache *fresh)
{
	/* fresh took over the listing and its order (scan_order). */
	fresh->names = c->names;
	fresh->order = c->order;
	fresh->name_count = c->name_count;
	fresh->proc_kept = c->proc_kept;
	c->proc_kept = NULL;
	c->names = NULL;
	c->order = NULL;
	c->name_count = 0;
	cache_clear(c);
	/* Its entries are in scan order, disk_name_cmp()'s. */
	fresh->t = c->t;
	fresh->hint = 0;
	*c = *fresh;
}

/* Append the whole file, or a mark that it could not be read. */
static int
signals_add_file(struct transport *t, struct buf *b, const char *path)
{
	char *data, *cause = NULL;
	size_t len;

	if (t->ops->read_file(t, path, &data, &len, &cause) != 0) {
		free(cause);
		buf_printf(b, "%s: -\n", path);
		return -1;
	}
	buf_printf(b, "%s: %zu\n", path, len);
	buf_add(b, data, len);
	free(data);
	return 0;
}

/*
 * What partitions and holders hang on, in one text, read once a scan:
 * /proc/partitions (a partition added, removed or resized), /proc/mdstat
 * and each array's slaves/ (members added or removed; the kernel links
 * holders/ and slaves/ together), the devices in /sys/block, and the
 * kernel's uevent count (*uevents: 1 when it could be read). Holders other
 * than arrays are not shown, so device-mapper's are not read. NULL when
 * /proc/partitions cannot be read: then nothing is reused.
 */
static char *
scan_signals(struct transport *t, char **names, size_t count, int *uevents)
{
	struct buf b = {0};
	char **slaves, *path, *cause = NULL;
	size_t n, i, j;

	if (signals_add_file(t, &b, PARTITIONS) != 0) {
		buf_free(&b);
		return NULL;
	}
	signals_add_file(t, &b, MDSTAT);
	*uevents = signals_add_file(t, &b, UEVENT_SEQNUM) == 0;
	for (i = 0; i < count; i++) {
		buf_addstr(&b, names[i]);
		buf_add(&b, "\n", 1);
		if (strncmp(names[i], "md", 2) != 0)
			continue;
		path = xasprintf("%s/%s/slaves", SYS_BLOCK, names[i]);
		if (t->ops->list_dir(t, path, &slaves, &n, &cause) != 0) {
			buf_addstr(&b, " -\n");
			free(cause);
			cause = NULL;
		} else {
			for (j = 0; j < n; j++)
				buf_printf(&b, " %s\n", slaves[j]);
			string_list_free(slaves, n);
		}
		free(path);
	}
	return b.data;
}

/*
 * What a scan reads beyond a steady refresh (disks-plugin.c names that):
 * what only a change makes it read again (sizes, identity, partitions,
 * holders). A remote transport fetches it in one more round trip, taken
 * only when the layout may have changed, the cache is cold or a recheck
 * is due.
 */
static const char *const layout_pf_files[] = {
    "/sys/block/*/size", "/sys/block/*/stat", "/sys/block/*/removable",
    "/sys/block/*/diskseq", "/sys/block/*/dev", "/sys/block/*/serial",
    "/sys/block/*/queue/rotational", "/sys/block/*/device/vendor",
    "/sys/block/*/device/model", "/sys/block/*/device/serial",
    "/sys/block/*/device/scsi_level", "/sys/block/*/*/partition",
    "/sys/block/*/*/size", "/sys/block/*/*/dev", NULL,
};
static const char *const layout_pf_binary[] = {
    "/sys/block/*/device/vpd_pg80", NULL,
};
static const char *const layout_pf_dirs[] = {
    "/sys/block/*", "/sys/block/*/holders", "/sys/block/*/*/holders", NULL,
};
static const char *const layout_pf_links[] = {
    "/sys/block/*", "/dev/mapper/*", NULL,
};
static const struct transport_prefetch layout_prefetch = {
    .files = layout_pf_files,
    .binary = layout_pf_binary,
    .dirs = layout_pf_dirs,
    .links = layout_pf_links,
};

const struct transport_prefetch *
disk_sysfs_layout_prefetch(void)
{
	return &layout_prefetch;
}

int
disk_sysfs_layout_due(const struct disk_sysfs_cache *cache, int quick,
    int recheck)
{
	/* As scan_all decides sizes_same, before it reads anything. */
	return quick || cache == NULL || cache->signals == NULL || recheck;
}

static struct disk_snapshot *
scan_all(struct transport *t, int quick, struct disk_sysfs_cache *cache,
         int recheck, char **cause)
{
	struct disk_snapshot *snap;
	struct disk_mounts *mounts = NULL;
	struct disk_sysfs_cache fresh = {0};
	struct disk_scan_env env = {0};
	struct proc_partitions *sizes = NULL;
	struct proc_diskstats *stats = NULL;
	char **names = NULL;
	size_t count = 0, i, *own_order;
	const size_t *order;
	int uevents = 0;

	if (t->ops->list_dir(t, SYS_BLOCK, &names, &count, cause) != 0)
		return NULL;
	snap = xcalloc(1, sizeof *snap);
	snap->taken = time(NULL);
	snap->quick = quick;
	if (quick)
		sizes = scan_partition_table(t);
	else {
		mounts = scan_mount_table(t, snap);
		scan_swaps(t, snap, &env);
		stats = scan_diskstats(t, cache);
	}
	env.mounts = mounts;
	env.stats = stats;
	if (cache != NULL && !quick) {
		/* Which kept files may have been replaced: once, not a
		 * check a file. */
		if (t->ops->keep_sync != NULL)
			t->ops->keep_sync(t);
		env.old = cache;
		env.fresh = &fresh;
		cache->t = t;
		fresh.signals = scan_signals(t, names, count, &uevents);
		env.layout_same = fresh.signals != NULL &&
		    cache->signals != NULL &&
		    strcmp(fresh.signals, cache->signals) == 0;
		/* A resize or a new device comes with a uevent, and with a
		 * changed /proc/partitions (counted in KiB) as well. */
		env.recheck = recheck;
		env.sizes_same = env.layout_same && uevents && !recheck;
	}
	if (!env.sizes_same)
		transport_prefetch(t, &layout_prefetch);
	/* In the rows' order: the new cache comes out sorted, and lookups
	 * in the old one go from one entry to the next. */
	order = scan_order(env.fresh != NULL ? cache : NULL, names, count,
	                   &own_order);
	snap->disks = xcalloc(count, sizeof *snap->disks);
	for (i = 0; i < count; i++) {
		if (shown_name(names[order[i]]) && scan_disk(t, &env, sizes,
		    names[order[i]], quick, &snap->disks[snap->count]))
			snap->count++;
	}
	free(own_order);
	string_list_free(names, count);
	string_list_free(env.swaps, env.swap_count);
	disk_mounts_free(mounts);
	proc_partitions_free(sizes);
	if (env.fresh != NULL) {
		fresh.stats = stats;
		cache_replace(cache, &fresh);
	} else
		proc_diskstats_free(stats);
	return snap;
}

struct disk_snapshot *
disk_sysfs_scan(struct transport *t, char **cause)
{
	return scan_all(t, 0, NULL, 1, cause);
}

struct disk_snapshot *
disk_sysfs_scan_cached(struct transport *t, struct disk_sysfs_cache *cache,
                       int recheck, char **cause)
{
	return scan_all(t, 0, cache, recheck, cause);
}

struct disk_snapshot *
disk_sysfs_scan_quick(struct transport *t, char **cause)
{
	return scan_all(t, 1, NULL, 1, cause);
}
