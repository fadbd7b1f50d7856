/* Write counters from /proc/diskstats (format in proc-diskstats.h). */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "proc-diskstats.h"
#include "strutil.h"
#include "xmalloc.h"

/* major, minor, name; then the counters, 20 at most (Linux 6.x prints 17;
 * room for a few more). */
#define DISKSTATS_HEAD       3
#define DISKSTATS_MIN_FIELDS 11
#define DISKSTATS_MAX_FIELDS 32
#define DISKSTATS_WRITES     4 /* index among the counters */
/* Decimal digits that always fit in a long long (up to 10^18 - 1). */
#define DISKSTATS_SAFE_DIGITS 18

struct proc_diskstat {
	char *name; /* sysfs spelling */
	long long writes;
	size_t line; /* so that the first of two same names wins */
};

struct proc_diskstats {
	struct proc_diskstat *v; /* sorted by name, names unique */
	size_t n;
	/* For each device line in the text's order, its entry in v; dup:
	 * a later line of a name listed before (its counters ignored). */
	struct proc_diskstat_line {
		size_t slot;
		int dup;
	} * lines;
	size_t line_count;
};

static int
all_digits(const char *s)
{
	return *s != '\0' && s[strspn(s, "0123456789")] == '\0';
}

/* 1 for a blank line, 0 for a device (*name points into line, in the
 * text's spelling; *writes its counter), -1 for anything else. */
static int
parse_fields(char *line, char **name, long long *writes)
{
	char *f[DISKSTATS_HEAD + DISKSTATS_MAX_FIELDS + 1];
	size_t n =
	    str_split_fields(line, f, DISKSTATS_HEAD + DISKSTATS_MAX_FIELDS);
	long long v;
	size_t i;

	if (n == 0)
		return 1;
	if (n < DISKSTATS_HEAD + DISKSTATS_MIN_FIELDS ||
	    n > DISKSTATS_HEAD + DISKSTATS_MAX_FIELDS || !all_digits(f[0]) ||
	    !all_digits(f[1]))
		return -1;
	for (i = DISKSTATS_HEAD; i < n; i++) {
		if (!all_digits(f[i]))
			return -1;
		/* Only the write counter is kept: the others are converted
		 * only when they are long enough to overflow. */
		if (i != DISKSTATS_HEAD + DISKSTATS_WRITES &&
		    strlen(f[i]) <= DISKSTATS_SAFE_DIGITS)
			continue;
		if (parse_ll(f[i], &v) != 0)
			return -1;
		if (i == DISKSTATS_HEAD + DISKSTATS_WRITES)
			*writes = v;
	}
	*name = f[2];
	return 0;
}

/* parse_fields with the name fresh in the sysfs spelling. */
static int
parse_line(char *line, struct proc_diskstat *out)
{
	char *name, *c;
	int rc = parse_fields(line, &name, &out->writes);

	if (rc != 0)
		return rc;
	out->name = xstrdup(name);
	for (c = out->name; *c != '\0'; c++) {
		if (*c == '/')
			*c = '!';
	}
	return 0;
}

/* Whether the len bytes at text (the kernel's spelling) name sysfs name. */
static int
same_name(const char *text, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (text[i] != name[i] && !(text[i] == '/' && name[i] == '!'))
			return 0;
	}
	return name[len] == '\0';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * parse_fields' judgement of the line at p (up to a newline or NUL), in
 * one pass that neither writes nor allocates: 1 blank, 0 a device (its
 * name at *name, *name_len bytes long, *writes), -1 anything else.
 */
static int
scan_fields(const char *p, const char **name, size_t *name_len,
            long long *writes)
{
	const char *f;
	size_t n = 0;
	long long v;
	int d;

	for (;; n++) {
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		if (n == DISKSTATS_HEAD + DISKSTATS_MAX_FIELDS)
			return -1;
		f = p;
		if (n == 2) {
			while (*p != '\0' && *p != '\n' && !is_blank(*p))
				p++;
			*name = f;
			*name_len = (size_t)(p - f);
			continue;
		}
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == f || (*p != '\0' && *p != '\n' && !is_blank(*p)))
			return -1;
		/* Converted as parse_fields does: the write counter, and
		 * any other long enough to overflow. */
		if (n < DISKSTATS_HEAD ||
		    (n != DISKSTATS_HEAD + DISKSTATS_WRITES &&
		     (size_t)(p - f) <= DISKSTATS_SAFE_DIGITS))
			continue;
		for (v = 0; f < p; f++) {
			d = *f - '0';
			if (v > (LLONG_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
		}
		if (n == DISKSTATS_HEAD + DISKSTATS_WRITES)
			*writes = v;
	}
	if (n == 0)
		return 1;
	return n < DISKSTATS_HEAD + DISKSTATS_MIN_FIELDS ? -1 : 0;
}

static int
diskstat_cmp(const void *a, const void *b)
{
	const struct proc_diskstat *pa = a, *pb = b;
	int r = strcmp(pa->name, pb->name);

	if (r != 0)
		return r;
	return (pa->line > pb->line) - (pa->line < pb->line);
}

struct proc_diskstats *
proc_diskstats_parse(const char *text, size_t *bad)
{
	struct proc_diskstats *ds = xcalloc(1, sizeof *ds);
	char *copy = xstrdup(text), **lines;
	size_t count = split_lines(copy, &lines), i, kept = 0;
	struct proc_diskstat dev;
	int rc;

	if (bad != NULL)
		*bad = 0;
	ds->v = xcalloc(count + 1, sizeof *ds->v);
	for (i = 0; i < count; i++) {
		rc = parse_line(lines[i], &dev);
		if (rc == 0) {
			dev.line = ds->n; /* among the devices */
			ds->v[ds->n++] = dev;
		} else if (rc < 0 && bad != NULL)
			(*bad)++;
	}
	free(lines);
	free(copy);
	if (ds->n > 1)
		qsort(ds->v, ds->n, sizeof *ds->v, diskstat_cmp);
	ds->line_count = ds->n;
	ds->lines = xcalloc(ds->n + 1, sizeof *ds->lines);
	for (i = 0; i < ds->n; i++) {
		if (kept > 0 &&
		    strcmp(ds->v[kept - 1].name, ds->v[i].name) == 0) {
			free(ds->v[i].name);
			ds->lines[ds->v[i].line].slot = kept - 1;
			ds->lines[ds->v[i].line].dup = 1;
		} else {
			ds->lines[ds->v[i].line].slot = kept;
			ds->v[kept++] = ds->v[i];
		}
	}
	ds->n = kept;
	return ds;
}

int
proc_diskstats_update(struct proc_diskstats *ds, const char *text)
{
	struct proc_diskstat_line *l;
	const char *line = text, *name = NULL;
	size_t j = 0, name_len = 0;
	long long writes = 0;
	int rc;

	for (; *line != '\0'; line++) {
		rc = scan_fields(line, &name, &name_len, &writes);
		if (rc == 0) {
			if (j == ds->line_count)
				return -1;
			l = &ds->lines[j++];
			if (!same_name(name, name_len, ds->v[l->slot].name))
				return -1;
			if (!l->dup)
				ds->v[l->slot].writes = writes;
		} else if (rc != 1)
			return -1;
		line = strchr(line, '\n');
		if (line == NULL)
			break;
	}
	return j == ds->line_count ? 0 : -1;
}

void
proc_diskstats_free(struct proc_diskstats *ds)
{
	size_t i;

	if (ds == NULL)
		return;
	for (i = 0; i < ds->n; i++)
		free(ds->v[i].name);
	free(ds->v);
	free(ds->lines);
	free(ds);
}

size_t
proc_diskstats_count(const struct proc_diskstats *ds)
{
	return ds->n;
}

/* bsearch: a name against an entry. */
static int
diskstat_key_cmp(const void *key, const void *entry)
{
	return strcmp(key, ((const struct proc_diskstat *)entry)->name);
}

int
proc_diskstats_writes(const struct proc_diskstats *ds, const char *name,
                      long long *writes)
{
	const struct proc_diskstat *e;

	if (ds->n == 0)
		return 0;
	e = bsearch(name, ds->v, ds->n, sizeof *ds->v, diskstat_key_cmp);
	if (e == NULL)
		return 0;
	*writes = e->writes;
	return 1;
}
