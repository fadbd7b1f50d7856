/* The list of screens, and how their typed cells are shown and compared. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "strutil.h"

extern const struct screen hosts_screen;
extern const struct screen disks_screen;
extern const struct screen raid_screen;
extern const struct screen ipmi_screen;

const struct screen *const screens_list[] = {
	&hosts_screen,
	&disks_screen,
	&raid_screen,
	&ipmi_screen,
};
const size_t screens_count = sizeof screens_list / sizeof screens_list[0];

const struct screen *
screens_find(const char *name)
{
	size_t i;

	for (i = 0; i < screens_count; i++) {
		if (strcmp(screens_list[i]->name, name) == 0)
			return screens_list[i];
	}
	return NULL;
}

void
choice_push(struct choice_list *l, const char *value, const char *label)
{
	size_t n = l->count;

	strv_push(&l->values, &n, value);
	n = l->count;
	strv_push(&l->labels, &n, label != NULL ? label : value);
	l->count = n;
}

void
choice_list_free(struct choice_list *l)
{
	string_list_free(l->values, l->count);
	string_list_free(l->labels, l->count);
	l->values = l->labels = NULL;
	l->count = 0;
}

static void
format_bytes(long long n, char *buf, size_t len)
{
	static const char units[] = "BKMGTPE";
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u < sizeof units - 2) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lldB", n);
	else
		snprintf(buf, len, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/* "[=====>    ] 45.2%" in width cells, or just the percentage. */
static void
format_progress(long long permille, int width, char *buf, size_t len)
{
	char pct[16];
	int bar, filled, i;
	size_t at = 0;

	if (permille < 0)
		permille = 0;
	if (permille > 1000)
		permille = 1000;
	snprintf(pct, sizeof pct, "%lld.%lld%%", permille / 10, permille % 10);
	bar = width - (int)strlen(pct) - 3;
	if (bar < 4 || (size_t)width >= len) {
		snprintf(buf, len, "%s", pct);
		return;
	}
	filled = (int)(permille * bar / 1000);
	buf[at++] = '[';
	for (i = 0; i < bar; i++)
		buf[at++] = i < filled ? '=' : i == filled ? '>' : ' ';
	snprintf(buf + at, len - at, "] %s", pct);
}

void
cell_format(const struct cell *c, int width, char *buf, size_t len)
{
	if (c->kind != CELL_STR && c->str != NULL) {
		snprintf(buf, len, "%s", c->str);
		return;
	}
	switch (c->kind) {
	case CELL_PROGRESS:
		format_progress(c->num, width, buf, len);
		break;
	case CELL_CENTI:
		snprintf(buf, len, "%s%lld.%02lld", c->num < 0 ? "-" : "",
		    llabs(c->num) / 100, llabs(c->num) % 100);
		break;
	case CELL_NONE:
		snprintf(buf, len, "-");
		break;
	case CELL_STR:
		snprintf(buf, len, "%s", c->str != NULL ? c->str : "-");
		break;
	case CELL_NUM:
		snprintf(buf, len, "%lld", c->num);
		break;
	case CELL_BYTES:
		format_bytes(c->num, buf, len);
		break;
	case CELL_BOOL:
		snprintf(buf, len, "%s", c->num ? "yes" : "no");
		break;
	}
}

int
cell_compare(const struct cell *a, const struct cell *b)
{
	if (a->kind == CELL_NONE || b->kind == CELL_NONE)
		return (a->kind == CELL_NONE) - (b->kind == CELL_NONE);
	/* Numbers, sizes, progress and booleans compare as numbers. */
	if (a->kind == CELL_STR || b->kind == CELL_STR)
		return strverscmp(a->kind == CELL_STR ? a->str : "",
		    b->kind == CELL_STR ? b->str : "");
	return (a->num > b->num) - (a->num < b->num);
}
