/* Device sizes from /proc/partitions (format in proc-partitions.h). */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "proc-partitions.h"
#include "strutil.h"
#include "xmalloc.h"

#define BLOCK_SIZE 1024LL

struct proc_partition {
	char *name;  /* sysfs spelling */
	long long bytes;
	size_t line; /* so that the first of two same names wins */
};

struct proc_partitions {
	struct proc_partition *v; /* sorted by name, names unique */
	size_t n;
};

static int
all_digits(const char *s)
{
	return *s != '\0' && s[strspn(s, "0123456789")] == '\0';
}

/* 1 for the heading or a blank line, 0 for a device (in *out), -1 for a
 * line that is neither. */
static int
parse_line(char *line, struct proc_partition *out)
{
	char *f[5], *c;
	long long blocks;
	size_t n = str_split_fields(line, f, 4);

	if (n == 0 || (n == 4 && strcmp(f[0], "major") == 0))
		return 1;
	if (n != 4 || !all_digits(f[0]) || !all_digits(f[1]) ||
	    !all_digits(f[2]) || parse_ll(f[2], &blocks) != 0 ||
	    blocks > LLONG_MAX / BLOCK_SIZE)
		return -1;
	out->name = xstrdup(f[3]);
	for (c = out->name; *c != '\0'; c++) {
		if (*c == '/')
			*c = '!';
	}
	out->bytes = blocks * BLOCK_SIZE;
	return 0;
}

static int
partition_cmp(const void *a, const void *b)
{
	const struct proc_partition *pa = a, *pb = b;
	int r = strcmp(pa->name, pb->name);

	if (r != 0)
		return r;
	return (pa->line > pb->line) - (pa->line < pb->line);
}

struct proc_partitions *
proc_partitions_parse(const char *text, size_t *bad)
{
	struct proc_partitions *pp = xcalloc(1, sizeof *pp);
	char *copy = xstrdup(text), **lines;
	size_t count = split_lines(copy, &lines), i, kept = 0;
	struct proc_partition dev;
	int rc;

	if (bad != NULL)
		*bad = 0;
	pp->v = xcalloc(count + 1, sizeof *pp->v);
	for (i = 0; i < count; i++) {
		rc = parse_line(lines[i], &dev);
		if (rc == 0) {
			dev.line = i;
			pp->v[pp->n++] = dev;
		} else if (rc < 0 && bad != NULL)
			(*bad)++;
	}
	free(lines);
	free(copy);
	if (pp->n > 1)
		qsort(pp->v, pp->n, sizeof *pp->v, partition_cmp);
	for (i = 0; i < pp->n; i++) {
		if (kept > 0 && strcmp(pp->v[kept - 1].name, pp->v[i].name) == 0)
			free(pp->v[i].name);
		else
			pp->v[kept++] = pp->v[i];
	}
	pp->n = kept;
	return pp;
}

void
proc_partitions_free(struct proc_partitions *pp)
{
	size_t i;

	if (pp == NULL)
		return;
	for (i = 0; i < pp->n; i++)
		free(pp->v[i].name);
	free(pp->v);
	free(pp);
}

size_t
proc_partitions_count(const struct proc_partitions *pp)
{
	return pp->n;
}

int
proc_partitions_size(const struct proc_partitions *pp, const char *name,
                     long long *bytes)
{
	size_t lo = 0, hi = pp->n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(name, pp->v[mid].name);
		if (r == 0) {
			*bytes = pp->v[mid].bytes;
			return 1;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}
