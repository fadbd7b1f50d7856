/* Active swap areas from /proc/swaps (format in proc-swaps.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "disk-sysfs.h"
#include "proc-swaps.h"
#include "strutil.h"
#include "xmalloc.h"

#define SWAP_FIELDS 5

/* A decimal number in [min, LLONG_MAX]; -1 when it is not one. */
static int
swaps_number(const char *s, long long min, long long *out)
{
	char *end;

	if ((*s < '0' || *s > '9') && !(min < 0 && *s == '-' &&
	    s[1] >= '0' && s[1] <= '9'))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out < min)
		return -1;
	return 0;
}

/* 1 for the heading or a blank line, 0 for a swap area (in *e), -1 for a
 * line that is neither. */
static int
swaps_line(char *line, struct proc_swap *e)
{
	char *f[SWAP_FIELDS + 1];
	long long prio;
	size_t n = str_split_fields(line, f, SWAP_FIELDS);

	if (n == 0 || (n == SWAP_FIELDS && strcmp(f[0], "Filename") == 0))
		return 1;
	if (n != SWAP_FIELDS || swaps_number(f[2], 0, &e->size_kib) != 0 ||
	    swaps_number(f[3], 0, &e->used_kib) != 0 ||
	    swaps_number(f[4], INT_MIN, &prio) != 0 || prio > INT_MAX)
		return -1;
	e->priority = (int)prio;
	e->path = disk_unescape_octal(f[0]);
	e->type = xstrdup(f[1]);
	return 0;
}

struct proc_swaps *
proc_swaps_parse(const char *text, size_t *bad)
{
	struct proc_swaps *s = xcalloc(1, sizeof *s);
	char *copy = xstrdup(text), **lines;
	size_t i, n = split_lines(copy, &lines);
	int rc;

	if (bad != NULL)
		*bad = 0;
	s->v = xcalloc(n > 0 ? n : 1, sizeof *s->v);
	for (i = 0; i < n; i++) {
		rc = swaps_line(lines[i], &s->v[s->n]);
		if (rc == 0)
			s->n++;
		else if (rc < 0 && bad != NULL)
			(*bad)++;
	}
	free(lines);
	free(copy);
	return s;
}

void
proc_swaps_free(struct proc_swaps *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].type);
	}
	free(s->v);
	free(s);
}

const char *
proc_swap_dev_name(const struct proc_swap *e)
{
	const char *name;

	if (strcmp(e->type, "partition") != 0 ||
	    strncmp(e->path, "/dev/", 5) != 0)
		return NULL;
	name = e->path + 5;
	if (*name == '\0' || strstr(name, "..") != NULL)
		return NULL;
	return name;
}
