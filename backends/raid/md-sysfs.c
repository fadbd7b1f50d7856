/* MD arrays from /sys/block/NAME/md/ through a transport, and its parsers. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "md-sysfs.h"
#include "strutil.h"
#include "xmalloc.h"

#define SYS_BLOCK "/sys/block"
#define SYS_CLASS_BLOCK "/sys/class/block"
#define SPEED_LIMIT_MIN "/proc/sys/dev/raid/speed_limit_min"
#define SPEED_LIMIT_MAX "/proc/sys/dev/raid/speed_limit_max"
#define SECTOR_SIZE 512LL
/* How much of a malformed value an error message quotes. */

/* What one array's scan carries between its steps. */
struct md_scan {
	struct transport *t;
	struct md_array *a;
	char *dir;            /* "/sys/block/md0/md" */
	char **entries;       /* its listing */
	size_t entry_count;
	int have_degraded;    /* md/degraded was read */
	char *slot_read;      /* per member: 1 when dev-X/slot was read */
};

/* --- the parsers --------------------------------------------------------- */

/* Digits at *pp into *out, no sign; advances *pp. */
static int
take_number(const char **pp, long long *out)
{
	const char *p = *pp;
	long long v = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*pp = p;
	*out = v;
	return 0;
}

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

int
md_sysfs_parse_number(const char *text, long long *out)
{
	const char *p = skip_blank(text), *close;
	long long v;

	if (take_number(&p, &v) != 0)
		return -1;
	p = skip_blank(p);
	if (*p == '(') {
		close = strchr(p, ')');
		if (close == NULL || close == p + 1 ||
		    strcspn(p + 1, " \t\n") < (size_t)(close - p - 1))
			return -1;
		p = skip_blank(close + 1);
	}
	if (*p != '\0')
		return -1;
	*out = v;
	return 0;
}

int
md_sysfs_parse_slot(const char *text, int *slot)
{
	long long v;
	const char *p = skip_blank(text);

	if ((strncmp(p, "none", 4) == 0 && *skip_blank(p + 4) == '\0') ||
	    (strncmp(p, "journal", 7) == 0 && *skip_blank(p + 7) == '\0')) {
		*slot = -1;
		return 0;
	}
	if (take_number(&p, &v) != 0 || *skip_blank(p) != '\0' ||
	    v > INT_MAX)
		return -1;
	*slot = (int)v;
	return 0;
}

int
md_sysfs_parse_state(const char *text, unsigned *state)
{
	char *copy = xstrdup(text), *s = str_trim(copy), *word, *end;
	int rc = 0;

	*state = 0;
	if (*s == '\0')
		rc = -1;
	for (word = s; rc == 0 && word != NULL; word = end) {
		end = strchr(word, ',');
		if (end != NULL)
			*end++ = '\0';
		if (*word == '\0' ||
		    word[strspn(word, "abcdefghijklmnopqrstuvwxyz_")] != '\0')
			rc = -1;
		else
			*state |= md_member_state_bit(word);
	}
	if (rc != 0)
		*state = 0;
	free(copy);
	return rc;
}

enum md_sync_completed
md_sysfs_parse_sync_completed(const char *text, long long *done,
    long long *total)
{
	const char *p = skip_blank(text);
	long long d, t;

	*done = -1;
	*total = -1;
	if (strncmp(p, "none", 4) == 0 && *skip_blank(p + 4) == '\0')
		return MD_SYNC_NONE;
	if (strncmp(p, "delayed", 7) == 0 && *skip_blank(p + 7) == '\0')
		return MD_SYNC_DELAYED;
	if (take_number(&p, &d) != 0)
		return MD_SYNC_MALFORMED;
	p = skip_blank(p);
	if (*p++ != '/')
		return MD_SYNC_MALFORMED;
	p = skip_blank(p);
	if (take_number(&p, &t) != 0 || *skip_blank(p) != '\0')
		return MD_SYNC_MALFORMED;
	*done = d;
	*total = t;
	return MD_SYNC_NUMBERS;
}

int
md_sysfs_parse_bitmap_location(const char *text, char **bitmap)
{
	char *copy = xstrdup(text), *s = str_trim(copy);
	int rc = 0;

	*bitmap = NULL;
	if (strcmp(s, "file") == 0 || strcmp(s, "clustered") == 0)
		*bitmap = xstrdup(s);
	else if ((s[0] == '+' || s[0] == '-') && s[1] != '\0' &&
	    s[1 + strspn(s + 1, "0123456789")] == '\0')
		*bitmap = xstrdup("internal");
	else if (strcmp(s, "none") != 0)
		rc = -1;
	free(copy);
	return rc;
}

int
md_sysfs_parse_dev(const char *text, int *major, int *minor)
{
	const char *p = skip_blank(text);
	long long ma, mi;

	*major = -1;
	*minor = -1;
	if (take_number(&p, &ma) != 0 || *p++ != ':' ||
	    take_number(&p, &mi) != 0 || *skip_blank(p) != '\0' ||
	    ma > INT_MAX || mi > INT_MAX)
		return -1;
	*major = (int)ma;
	*minor = (int)mi;
	return 0;
}

char *
md_sysfs_disk_from_link(const char *target, const char *name)
{
	size_t len = strlen(target), n = strlen(name), start;

	while (len > 0 && target[len - 1] == '/')
		len--;
	if (n == 0 || len <= n || strncmp(target + len - n, name, n) != 0 ||
	    target[len - n - 1] != '/')
		return NULL;
	len -= n + 1;
	while (len > 0 && target[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && target[start - 1] != '/')
		start--;
	if (len - start == 0 || (len - start <= 2 &&
	    strncmp(target + start, "..", len - start) == 0))
		return NULL;
	return xstrndup(target + start, len - start);
}

/* --- reading attributes -------------------------------------------------- */

/*
 * Attribute rel below the scan's directory ("level", "dev-sda1/state"),
 * trimmed. Returns 0 with a fresh *value; 1 when it does not exist or is
 * empty; -1 when it cannot be read, noted in the array's error.
 */
static int
scan_read(struct md_scan *s, const char *rel, char **value)
{
	char *path = xasprintf("%s/%s", s->dir, rel), *cause = NULL, *data;
	size_t len;
	int rc, saved;

	rc = s->t->ops->read_file(s->t, path, &data, &len, &cause);
	saved = errno;
	free(path);
	if (rc != 0) {
		if (saved != ENOENT && saved != ENOTDIR)
			note_append(&s->a->error, "%s: unreadable (%s)", rel,
			    saved != 0 ? strerror(saved) :
			    cause != NULL ? cause : "?");
		free(cause);
		return saved == ENOENT || saved == ENOTDIR ? 1 : -1;
	}
	free(cause);
	*value = xstrdup(str_trim(data));
	free(data);
	if (**value != '\0')
		return 0;
	free(*value);
	return 1;
}

/* A text attribute replaces *field when it is there. */
static void
scan_string(struct md_scan *s, const char *rel, char **field)
{
	char *v;

	if (scan_read(s, rel, &v) != 0)
		return;
	free(*field);
	*field = v;
}

/* A number attribute, times scale, replaces *field when it is there; "none"
 * gives -1. Returns 1 when *field was set. */
static int
scan_number(struct md_scan *s, const char *rel, long long scale,
    long long *field)
{
	long long v;
	char *text;

	if (scan_read(s, rel, &text) != 0)
		return 0;
	if (strcmp(text, "none") == 0)
		v = -1;
	else if (md_sysfs_parse_number(text, &v) != 0 || v > LLONG_MAX / scale) {
		note_malformed(&s->a->error, rel, text);
		free(text);
		return 0;
	}
	free(text);
	*field = v >= 0 ? v * scale : -1;
	return 1;
}

static int
scan_int(struct md_scan *s, const char *rel, int *field)
{
	long long v;

	if (!scan_number(s, rel, 1, &v))
		return 0;
	if (v > INT_MAX) {
		note_append(&s->a->error, "%s: out of range", rel);
		return 0;
	}
	*field = (int)v;
	return 1;
}

/* --- the array's attributes ---------------------------------------------- */

static void
scan_size(struct md_scan *s)
{
	char *path = xasprintf("%s/%s/size", SYS_BLOCK, s->a->name);
	char *data, *cause = NULL;
	long long sectors;
	size_t len;

	if (s->t->ops->read_file(s->t, path, &data, &len, &cause) == 0) {
		if (parse_ll(data, &sectors) == 0 && sectors > 0 &&
		    sectors <= LLONG_MAX / SECTOR_SIZE)
			s->a->size = sectors * SECTOR_SIZE;
		free(data);
	}
	free(cause);
	free(path);
}

static void
scan_state(struct md_scan *s)
{
	struct md_array *a = s->a;

	scan_string(s, "array_state", &a->array_state);
	if (a->array_state != NULL)
		a->inactive = strcmp(a->array_state, "inactive") == 0;
}

/* chunk_size 0 means none (raid1): -1 as for unknown. */
static void
scan_chunk(struct md_scan *s)
{
	long long chunk = s->a->chunk;

	if (scan_number(s, "chunk_size", 1, &chunk))
		s->a->chunk = chunk > 0 ? chunk : -1;
}

static void
scan_sync(struct md_scan *s)
{
	struct md_array *a = s->a;
	long long done, total;
	char *text;

	scan_string(s, "sync_action", &a->sync_action);
	scan_string(s, "last_sync_action", &a->last_sync_action);
	scan_number(s, "mismatch_cnt", 1, &a->mismatch_cnt);
	scan_number(s, "sync_speed", 1, &a->sync_speed);
	scan_number(s, "sync_speed_min", 1, &a->sync_speed_min);
	scan_number(s, "sync_speed_max", 1, &a->sync_speed_max);
	if (scan_read(s, "sync_completed", &text) != 0)
		return;
	switch (md_sysfs_parse_sync_completed(text, &done, &total)) {
	case MD_SYNC_MALFORMED:
		note_malformed(&a->error, "sync_completed", text);
		break;
	case MD_SYNC_DELAYED:
		if (!a->progress.valid && a->progress.action == NULL)
			a->progress.delayed = 1;
		/* FALLTHROUGH */
	case MD_SYNC_NUMBERS:
	case MD_SYNC_NONE:
		a->sync_completed = done;
		a->sync_total = total;
		break;
	}
	free(text);
}

static void
scan_bitmap(struct md_scan *s)
{
	char *text, *bitmap;

	if (scan_read(s, "bitmap/location", &text) != 0)
		return;
	if (md_sysfs_parse_bitmap_location(text, &bitmap) != 0)
		note_malformed(&s->a->error, "bitmap/location", text);
	else {
		free(s->a->bitmap);
		s->a->bitmap = bitmap;
	}
	free(text);
}

static void
scan_array(struct md_scan *s)
{
	struct md_array *a = s->a;
	long long v;

	scan_string(s, "level", &a->level);
	scan_string(s, "metadata_version", &a->metadata);
	scan_string(s, "uuid", &a->uuid);
	scan_state(s);
	scan_int(s, "raid_disks", &a->raid_disks);
	s->have_degraded = scan_int(s, "degraded", &a->degraded);
	scan_chunk(s);
	v = a->component_size;
	if (scan_number(s, "component_size", 1024, &v))
		a->component_size = v;
	scan_size(s);
	scan_sync(s);
	scan_bitmap(s);
	scan_number(s, "layout", 1, &a->layout);
	scan_number(s, "bitmap/chunksize", 1, &a->bitmap_chunk);
}

/* --- members ------------------------------------------------------------- */

/* The member called name, added when mdstat did not list it. */
static struct md_member *
scan_member_for(struct md_array *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (strcmp(a->members[i].name, name) == 0)
			return &a->members[i];
	}
	return md_array_add_member(a, name);
}

/* Where link path points, or NULL. */
static char *
scan_link(struct transport *t, const char *path)
{
	char *target = NULL, *cause = NULL;

	if (t->ops->read_link(t, path, &target, &cause) != 0)
		target = NULL;
	free(cause);
	return target;
}

/*
 * The whole disk of m through link (dev-X/block or /sys/class/block/X):
 * a partition has a "partition" file and sits in its disk's directory.
 * Returns 0 with m->disk set, -1 when the link cannot be read.
 */
static int
scan_disk_via(struct md_scan *s, struct md_member *m, const char *link)
{
	char *target = scan_link(s->t, link), *path, *data, *cause = NULL;
	char *disk = NULL;
	size_t len;

	if (target == NULL)
		return -1;
	path = xasprintf("%s/partition", link);
	if (s->t->ops->read_file(s->t, path, &data, &len, &cause) == 0) {
		free(data);
		disk = md_sysfs_disk_from_link(target, m->name);
	} else if (errno == ENOENT)
		disk = xstrdup(m->name);
	free(cause);
	free(path);
	free(target);
	if (disk == NULL || !md_name_valid(disk)) {
		free(disk);
		return -1;
	}
	free(m->disk);
	m->disk = disk;
	return 0;
}

/* The member's whole disk: its block link, /sys/class/block, its name. */
static void
scan_member_disk(struct md_scan *s, struct md_member *m)
{
	char *link = xasprintf("%s/dev-%s/block", s->dir, m->name);
	int rc = scan_disk_via(s, m, link);

	free(link);
	if (rc == 0)
		return;
	link = xasprintf("%s/%s", SYS_CLASS_BLOCK, m->name);
	rc = scan_disk_via(s, m, link);
	free(link);
	if (rc == 0)
		return;
	free(m->disk);
	m->disk = md_disk_from_name(m->name);
}

static void
scan_member_state(struct md_scan *s, struct md_member *m, const char *rel)
{
	char *text;

	if (scan_read(s, rel, &text) != 0)
		return;
	if (md_sysfs_parse_state(text, &m->state) != 0) {
		note_malformed(&s->a->error, rel, text);
		free(text);
		return;
	}
	free(m->state_text);
	m->state_text = text;
}

/* dev-X/block/dev: "8:65", the member's major and minor. */
static void
scan_member_dev(struct md_scan *s, struct md_member *m)
{
	char *rel = xasprintf("dev-%s/block/dev", m->name), *text;

	if (scan_read(s, rel, &text) == 0) {
		if (md_sysfs_parse_dev(text, &m->major, &m->minor) != 0)
			note_malformed(&s->a->error, rel, text);
		free(text);
	}
	free(rel);
}

/* dev-X/{state,slot,errors} and the disk; *slot_read says slot was there. */
static void
scan_member(struct md_scan *s, struct md_member *m, char *slot_read)
{
	char *rel, *text;

	rel = xasprintf("dev-%s/state", m->name);
	scan_member_state(s, m, rel);
	free(rel);
	rel = xasprintf("dev-%s/slot", m->name);
	if (scan_read(s, rel, &text) == 0) {
		if (md_sysfs_parse_slot(text, &m->slot) == 0)
			*slot_read = 1;
		else
			note_malformed(&s->a->error, rel, text);
		free(text);
	}
	free(rel);
	rel = xasprintf("dev-%s/errors", m->name);
	scan_number(s, rel, 1, &m->errors);
	free(rel);
	scan_member_disk(s, m);
	scan_member_dev(s, m);
}

/* Where rdN points: a link to "dev-sda1" in sysfs; a copied tree (the
 * procfs fixture, cat of each file) holds that target as the file's text. */
static char *
scan_role_target(struct md_scan *s, const char *entry)
{
	char *path = xasprintf("%s/%s", s->dir, entry), *target, *data;
	char *cause = NULL;
	size_t len;

	target = scan_link(s->t, path);
	if (target == NULL &&
	    s->t->ops->read_file(s->t, path, &data, &len, &cause) == 0) {
		target = xstrdup(str_trim(data));
		free(data);
	}
	free(cause);
	free(path);
	return target;
}

/* rdN -> dev-X gives X role N, unless dev-X/slot said otherwise. */
static void
scan_role(struct md_scan *s, const char *entry)
{
	const char *base;
	char *target;
	long long role;
	size_t i;

	if (md_sysfs_parse_number(entry + 2, &role) != 0 || role > INT_MAX ||
	    entry[2 + strspn(entry + 2, "0123456789")] != '\0')
		return;
	target = scan_role_target(s, entry);
	if (target == NULL)
		return;
	base = strrchr(target, '/');
	base = base != NULL ? base + 1 : target;
	for (i = 0; strncmp(base, "dev-", 4) == 0 && i < s->a->member_count;
	    i++) {
		if (strcmp(s->a->members[i].name, base + 4) == 0 &&
		    !s->slot_read[i])
			s->a->members[i].slot = (int)role;
	}
	free(target);
}

/* Is entry in the md/ directory's listing (which is sorted)? */
static int
scan_listed(const struct md_scan *s, const char *entry)
{
	size_t i;

	for (i = 0; i < s->entry_count; i++) {
		if (strcmp(s->entries[i], entry) == 0)
			return 1;
	}
	return 0;
}

static void
scan_members(struct md_scan *s)
{
	struct md_array *a = s->a;
	char *entry;
	size_t i;

	for (i = 0; i < s->entry_count; i++) {
		if (strncmp(s->entries[i], "dev-", 4) != 0)
			continue;
		if (md_name_valid(s->entries[i] + 4))
			scan_member_for(a, s->entries[i] + 4);
		else
			note_malformed(&a->error, "member name",
			    s->entries[i] + 4);
	}
	s->slot_read = xcalloc(a->member_count + 1, 1);
	for (i = 0; i < a->member_count; i++) {
		entry = xasprintf("dev-%s", a->members[i].name);
		if (scan_listed(s, entry))
			scan_member(s, &a->members[i], &s->slot_read[i]);
		free(entry);
	}
	for (i = 0; i < s->entry_count; i++) {
		if (strncmp(s->entries[i], "rd", 2) == 0)
			scan_role(s, s->entries[i]);
	}
}

/* --- progress ------------------------------------------------------------ */

/* mdstat's name for a sync_action, or NULL when nothing runs. */
static const char *
progress_action(const char *sync_action)
{
	static const struct {
		const char *sysfs;
		const char *mdstat;
	} names[] = {
		{ "resync", "resync" },
		{ "recover", "recovery" },
		{ "check", "check" },
		{ "repair", "repair" },
		{ "reshape", "reshape" },
	};
	size_t i;

	for (i = 0; sync_action != NULL && i < sizeof names / sizeof names[0];
	    i++) {
		if (strcmp(sync_action, names[i].sysfs) == 0)
			return names[i].mdstat;
	}
	return NULL;
}

/* mdstat says "resync" for a repair too; a progress mdstat did not show is
 * made from sync_completed (no finish time then). */
static void
scan_progress(struct md_array *a)
{
	struct md_progress *p = &a->progress;
	const char *action = progress_action(a->sync_action);

	if (action == NULL)
		return;
	if (p->action != NULL && strcmp(p->action, "resync") == 0 &&
	    strcmp(action, "repair") == 0) {
		free(p->action);
		p->action = xstrdup(action);
	}
	if (p->action == NULL)
		p->action = xstrdup(action);
	if (p->valid || p->delayed || p->pending || a->sync_completed < 0 ||
	    a->sync_total <= 0)
		return;
	p->valid = 1;
	p->done = a->sync_completed / 2;
	p->total = a->sync_total / 2;
	p->percent = 100.0 * (double)a->sync_completed /
	    (double)a->sync_total;
	if (p->percent > 100)
		p->percent = 100;
	p->finish = -1;
	p->speed = a->sync_speed;
}

/* --- the whole array ----------------------------------------------------- */

/* md/uuid as read, in mdadm's form once the metadata is known too. */
static void
scan_uuid(struct md_array *a)
{
	char *uuid;

	if (a->uuid == NULL || md_uuid_is_mdadm(a->uuid))
		return;
	uuid = md_uuid_mdadm(a->uuid, a->metadata);
	free(a->uuid);
	a->uuid = uuid;
}

int
md_sysfs_read_array(struct transport *t, struct md_array *a, char **cause)
{
	struct md_scan s = { .t = t, .a = a };

	if (!md_name_valid(a->name)) {
		set_cause(cause, "not a kernel device name");
		return -1;
	}
	s.dir = xasprintf("%s/%s/md", SYS_BLOCK, a->name);
	if (t->ops->list_dir(t, s.dir, &s.entries, &s.entry_count,
	    cause) != 0) {
		free(s.dir);
		return -1;
	}
	scan_array(&s);
	scan_members(&s);
	md_array_count_roles(a, s.have_degraded);
	scan_uuid(a);
	free(a->container);
	a->container = md_container_from_metadata(a->metadata);
	scan_progress(a);
	string_list_free(s.entries, s.entry_count);
	free(s.slot_read);
	free(s.dir);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return md_name_cmp(*(char *const *)a, *(char *const *)b);
}

/* Does /sys/block/name have an md/ directory? */
static int
has_md_dir(struct transport *t, const char *name)
{
	char *path = xasprintf("%s/%s/md", SYS_BLOCK, name), *cause = NULL;
	char **entries = NULL;
	size_t count = 0;
	int rc;

	rc = t->ops->list_dir(t, path, &entries, &count, &cause) == 0;
	string_list_free(entries, count);
	free(cause);
	free(path);
	return rc;
}

int
md_sysfs_list(struct transport *t, char ***names, size_t *count,
    char **cause)
{
	char **all = NULL, **v = NULL;
	size_t n = 0, k = 0, i;

	*names = NULL;
	*count = 0;
	if (t->ops->list_dir(t, SYS_BLOCK, &all, &n, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strncmp(all[i], "md", 2) == 0 && md_name_valid(all[i]) &&
		    has_md_dir(t, all[i]))
			strv_push(&v, &k, all[i]);
	}
	string_list_free(all, n);
	if (k > 1)
		qsort(v, k, sizeof *v, name_cmp);
	*names = v;
	*count = k;
	return 0;
}

static int
read_limit(struct transport *t, const char *path)
{
	char *data, *cause = NULL;
	size_t len;
	int v = -1;

	if (t->ops->read_file(t, path, &data, &len, &cause) == 0) {
		if (parse_int_range(data, 0, INT_MAX, &v) != 0)
			v = -1;
		free(data);
	}
	free(cause);
	return v;
}

void
md_sysfs_read_speed_limits(struct transport *t, struct md_snapshot *snap)
{
	snap->speed_limit_min = read_limit(t, SPEED_LIMIT_MIN);
	snap->speed_limit_max = read_limit(t, SPEED_LIMIT_MAX);
}
