/* Unit tests for the /proc/mdstat parser and the RAID model's helpers. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "mdstat.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("mdstat", mdstat_add_tests)

/* --- helpers ------------------------------------------------------------- */

static void
snap_clear(struct md_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		md_array_clear(&s->arrays[i]);
	free(s->arrays);
	free(s->personalities);
	memset(s, 0, sizeof *s);
}

/* Parse text; 0 or -1, with *cause (freed by the caller) on failure. */
static int
parse(const char *text, struct md_snapshot *s, char **cause)
{
	memset(s, 0, sizeof *s);
	*cause = NULL;
	return mdstat_parse(text, s, cause);
}

/* --- the corpus' EXPECTED.tsv -------------------------------------------- */

#define TSV_MAX 24

/* One value column of EXPECTED.tsv and how to get our figure for it. */
enum col_kind { COL_STR, COL_LL, COL_DBL };

struct tsv_col {
	const char *name;
	enum col_kind kind;
};

static const struct tsv_col tsv_cols[] = {
	{ "type", COL_STR },
	{ "activity_state", COL_STR },
	{ "disks_active", COL_LL },
	{ "disks_total", COL_LL },
	{ "disks_failed", COL_LL },
	{ "disks_down", COL_LL },
	{ "disks_spare", COL_LL },
	{ "blocks_total", COL_LL },
	{ "blocks_synced", COL_LL },
	{ "blocks_to_be_synced", COL_LL },
	{ "synced_pct", COL_DBL },
	{ "finish_min", COL_DBL },
	{ "speed_kib_s", COL_DBL },
	{ "devices", COL_STR },
};

#define TSV_COLS (sizeof tsv_cols / sizeof tsv_cols[0])

/* What the rows came to. */
struct tsv_tally {
	size_t rows;
	size_t error_rows;     /* the file must not parse */
	size_t ok_rows;        /* the file must parse, no array named */
	size_t array_rows;
	size_t cells;          /* values compared */
	size_t blank;          /* blank cells: that project asserts nothing */
};

static void
figure_value(const struct mdstat_figures *f, const char *devices,
    size_t col, const char **s, long long *ll, double *d)
{
	const long long lls[] = { 0, 0, f->disks_active, f->disks_total,
		f->disks_failed, f->disks_down, f->disks_spare, f->blocks_total,
		f->blocks_synced, f->blocks_to_be_synced };

	*s = col == 0 ? f->type : col == 1 ? f->activity_state : devices;
	*ll = col < sizeof lls / sizeof lls[0] ? lls[col] : 0;
	*d = col == 10 ? f->synced_pct : col == 11 ? f->finish_min :
	    f->speed_kib_s;
}

/* Compare one cell; blank ones are counted, not compared. */
static void
check_cell(const char *file, const char *array, size_t col, const char *want,
    const struct mdstat_figures *f, const char *devices,
    struct tsv_tally *t)
{
	char what[160];
	const char *s;
	long long ll;
	double d;

	if (*want == '\0') {
		t->blank++;
		return;
	}
	t->cells++;
	snprintf(what, sizeof what, "%s %s %s", file, array,
	    tsv_cols[col].name);
	figure_value(f, devices, col, &s, &ll, &d);
	if (tsv_cols[col].kind == COL_STR)
		CHECK_STR(s, want, what);
	else if (tsv_cols[col].kind == COL_LL)
		CHECK_LL(ll, strtoll(want, NULL, 10), what);
	else
		CHECK_DBL(d, strtod(want, NULL), what);
}

/* A row naming an array: every value column against our figures. */
static void
check_array_row(char **fields, const size_t *idx, struct tsv_tally *t)
{
	char *text, *cause = NULL, *path, *devices;
	struct md_snapshot s;
	const struct md_array *a;
	struct mdstat_figures f;
	size_t c;

	path = xasprintf("mdstat/%s", fields[0]);
	text = unit_corpus_text(path);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CHECK_LL(parse(text, &s, &cause), 0, fields[0]);
	a = md_snapshot_find(&s, fields[1]);
	CHECK_STR(a != NULL ? a->name : NULL, fields[1], "array in sample");
	if (a != NULL) {
		mdstat_figures(a, &f);
		devices = mdstat_devices_text(a);
		for (c = 0; c < TSV_COLS; c++)
			check_cell(fields[0], fields[1], c, fields[idx[c]], &f,
			    devices, t);
		free(devices);
	}
	t->array_rows++;
	free(cause);
	snap_clear(&s);
	free(text);
}

/* A "*" row: the whole file parses or fails, as its note says. */
static void
check_file_row(const char *file, const char *note, struct tsv_tally *t)
{
	char *path = xasprintf("mdstat/%s", file), *text, *cause = NULL;
	struct md_snapshot s;
	int want_error = strstr(note, "ERROR expected") != NULL, rc;

	text = unit_corpus_text(path);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	rc = parse(text, &s, &cause);
	CHECK_LL(rc, want_error ? -1 : 0, file);
	if (want_error) {
		CU_ASSERT_PTR_NOT_NULL(cause);
		CHECK_LL(s.count, 0, "arrays after an error");
		CU_ASSERT_PTR_NULL(s.arrays);
		t->error_rows++;
	} else
		t->ok_rows++;
	free(cause);
	snap_clear(&s);
	free(text);
}

/* The column of each value, and of file, array and note, from the header. */
static int
tsv_columns(char **head, size_t n, size_t *idx, size_t *note)
{
	size_t c, k;

	*note = 0;
	for (k = 0; k < n; k++) {
		if (strcmp(head[k], "note") == 0)
			*note = k;
	}
	for (c = 0; c < TSV_COLS; c++) {
		idx[c] = 0;
		for (k = 0; k < n; k++) {
			if (strncmp(head[k], tsv_cols[c].name,
			    strlen(tsv_cols[c].name)) == 0)
				idx[c] = k;
		}
		if (idx[c] == 0)
			return -1;
	}
	return *note != 0 && strcmp(head[0], "file") == 0 &&
	    strcmp(head[1], "array") == 0 ? 0 : -1;
}

static void
test_expected_tsv(void)
{
	char *text = unit_corpus_text("mdstat/EXPECTED.tsv"), **lines;
	char *f[TSV_MAX];
	size_t n, i, k, idx[TSV_COLS], note;
	struct tsv_tally t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memset(&t, 0, sizeof t);
	n = split_lines(text, &lines);
	CU_ASSERT_FATAL(n > 1);
	k = unit_tsv_split(lines[0], f, TSV_MAX);
	CU_ASSERT_EQUAL_FATAL(tsv_columns(f, k, idx, &note), 0);
	for (i = 1; i < n; i++) {
		if (*lines[i] == '\0')
			continue;
		k = unit_tsv_split(lines[i], f, TSV_MAX);
		CU_ASSERT_FATAL(k > note);
		t.rows++;
		if (strcmp(f[1], "*") == 0)
			check_file_row(f[0], f[note], &t);
		else
			check_array_row(f, idx, &t);
	}
	fprintf(stderr, "\nmdstat/EXPECTED.tsv: %zu rows checked (%zu arrays, "
	    "%zu files that must fail, %zu that must parse), %zu cells "
	    "compared, %zu blank cells skipped (the sample's project does "
	    "not assert them)\n", t.rows, t.array_rows, t.error_rows,
	    t.ok_rows, t.cells, t.blank);
	CHECK_LL(t.rows, t.array_rows + t.error_rows + t.ok_rows, "rows");
	CHECK_LL(t.cells + t.blank, t.array_rows * TSV_COLS, "cells");
	CU_ASSERT(t.array_rows >= 21 && t.error_rows >= 5);
	free(lines);
	free(text);
}

/* Every sample file in corpus/mdstat has a row in EXPECTED.tsv. */
static void
test_every_sample_listed(void)
{
	char *dir = unit_corpus_path("mdstat");
	char *tsv = unit_corpus_text("mdstat/EXPECTED.tsv"), *needle;
	struct dirent *de;
	size_t samples = 0;
	DIR *d = opendir(dir);

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tsv);
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".txt") == NULL)
			continue;
		samples++;
		needle = xasprintf("\n%s\t", de->d_name);
		CHECK_CONTAINS(tsv, needle, "EXPECTED.tsv rows");
		free(needle);
	}
	closedir(d);
	CU_ASSERT(samples >= 10);
	free(tsv);
	free(dir);
}

/* --- real kernel captures ------------------------------------------------ */

/* What each capture's /proc/mdstat shows, array by array. */
struct capture_expect {
	const char *capture;
	const char *array;        /* NULL: the capture has no array */
	const char *level;
	const char *activity;
	int raid_disks;
	int active;
	const char *missing;      /* roles, comma-separated */
	double percent;           /* -1: no progress */
	long long done;
	long long total;
	long long chunk;
	const char *devices;
};

static const struct capture_expect capture_expects[] = {
	{ "01-no-arrays", NULL, NULL, NULL, 0, 0, "", -1, 0, 0, 0, NULL },
	{ "02-raid1-resync", "md0", "raid1", "resyncing", 2, 2, "", 9.6, 3200,
	    31680, -1, "sdb1[1] sda1[0]" },
	{ "03-raid5-build", "md1", "raid5", "recovering", 3, 2, "2", 9.5,
	    3072, 31744, 65536, "loop2[3] loop1[1] loop0[0]" },
	{ "03-raid5-build", "md0", "raid1", "resyncing", 2, 2, "", 22.5, 7168,
	    31680, -1, "sdb1[1] sda1[0]" },
	{ "04-raid5-frozen", "md1", "raid5", "active", 3, 2, "2", -1, 0, 0,
	    65536, "loop2[3] loop1[1] loop0[0]" },
	{ "04-raid5-frozen", "md0", "raid1", "resyncing", 2, 2, "", 29.0, 9216,
	    31680, -1, "sdb1[1] sda1[0]" },
	{ "05-clean", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "05-clean", "md0", "raid1", "active", 2, 2, "", -1, 0, 0, -1,
	    "sdb1[1] sda1[0]" },
	{ "06-raid1-faulty", "md0", "raid1", "active", 2, 1, "1", -1, 0, 0, -1,
	    "sdb1[1](F) sda1[0]" },
	{ "07-raid1-degraded", "md0", "raid1", "active", 2, 1, "1", -1, 0, 0,
	    -1, "sda1[0]" },
	{ "08-raid1-recovery", "md0", "raid1", "recovering", 2, 1, "1", 9.6,
	    3200, 31680, -1, "sdb1[2] sda1[0]" },
	{ "09-raid1-recovered", "md0", "raid1", "active", 2, 2, "", -1, 0, 0,
	    -1, "sdb1[2] sda1[0]" },
	{ "10-raid1-spare", "md0", "raid1", "active", 2, 2, "", -1, 0, 0, -1,
	    "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "11-raid1-check", "md0", "raid1", "checking", 2, 2, "", 9.6, 3200,
	    31680, -1, "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "12-raid1-check-done", "md0", "raid1", "active", 2, 2, "", -1, 0, 0,
	    -1, "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "13-raid1-mismatch", "md0", "raid1", "active", 2, 2, "", -1, 0, 0,
	    -1, "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "14-raid1-repaired", "md0", "raid1", "active", 2, 2, "", -1, 0, 0,
	    -1, "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "15-raid5-faulty", "md1", "raid5", "active", 3, 2, "1", -1, 0, 0,
	    65536, "loop2[3] loop1[1](F) loop0[0]" },
	{ "16-raid5-recovery", "md1", "raid5", "recovering", 3, 2, "1", 9.5,
	    3200, 31744, 65536, "loop1[4] loop2[3] loop0[0]" },
	{ "06-raid1-faulty", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "07-raid1-degraded", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "08-raid1-recovery", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "09-raid1-recovered", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "10-raid1-spare", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "11-raid1-check", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "12-raid1-check-done", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "13-raid1-mismatch", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "14-raid1-repaired", "md1", "raid5", "active", 3, 3, "", -1, 0, 0, 65536,
	    "loop2[3] loop1[1] loop0[0]" },
	{ "15-raid5-faulty", "md0", "raid1", "active", 2, 2, "", -1, 0, 0, -1,
	    "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "16-raid5-recovery", "md0", "raid1", "active", 2, 2, "", -1, 0, 0, -1,
	    "sdc1[3](S) sdb1[2] sda1[0]" },
	{ "17-md1-stopped", "md0", "raid1", "active", 2, 2, "", -1, 0, 0, -1,
	    "sdc1[3](S) sdb1[2] sda1[0]" },
};

static void
check_capture_array(const struct md_snapshot *s,
    const struct capture_expect *e)
{
	const struct md_array *a = md_snapshot_find(s, e->array);
	struct mdstat_figures f;
	char *missing, *devices;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	mdstat_figures(a, &f);
	CHECK_STR(a->level, e->level, e->capture);
	CHECK_STR(f.activity_state, e->activity, e->capture);
	CHECK_LL(a->raid_disks, e->raid_disks, e->capture);
	CHECK_LL(a->active_disks, e->active, e->capture);
	CHECK_LL(a->degraded, e->raid_disks - e->active, e->capture);
	missing = unit_md_missing_text(a);
	CHECK_STR(missing, e->missing, e->capture);
	free(missing);
	CHECK_LL(a->progress.valid, e->percent >= 0, e->capture);
	if (e->percent >= 0) {
		CHECK_DBL(a->progress.percent, e->percent, e->capture);
		CHECK_LL(a->progress.done, e->done, e->capture);
		CHECK_LL(a->progress.total, e->total, e->capture);
		CU_ASSERT(a->progress.speed > 1000 && a->progress.finish > 0);
	}
	CHECK_LL(a->chunk, e->chunk, e->capture);
	CHECK_STR(a->metadata, "1.2", e->capture);
	CHECK_LL(a->inactive, 0, e->capture);
	devices = mdstat_devices_text(a);
	CHECK_STR(devices, e->devices, e->capture);
	free(devices);
}

static size_t
arrays_expected(const char *capture)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof capture_expects / sizeof capture_expects[0];
	    i++) {
		if (strcmp(capture_expects[i].capture, capture) == 0 &&
		    capture_expects[i].array != NULL)
			n++;
	}
	return n;
}

/* Every capture named in index.tsv parses to what the lab did. */
static void
test_qemu_captures(void)
{
	char *index = unit_corpus_text("mdstat-qemu/index.tsv"), **lines, *f[4];
	char *rel, *text, *cause = NULL;
	struct md_snapshot s;
	size_t n, i, k, captures = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(index);
	n = split_lines(index, &lines);
	for (i = 0; i < n; i++) {
		if (unit_tsv_split(lines[i], f, 4) < 1 || *f[0] == '\0')
			continue;
		rel = xasprintf("mdstat-qemu/%s/proc/mdstat", f[0]);
		text = unit_corpus_text(rel);
		free(rel);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CHECK_LL(parse(text, &s, &cause), 0, f[0]);
		CHECK_STR(cause, NULL, f[0]);
		CHECK_LL(s.count, arrays_expected(f[0]), f[0]);
		CHECK_STR(s.personalities, "raid1 raid6 raid5 raid4", f[0]);
		for (k = 0; k < sizeof capture_expects /
		    sizeof capture_expects[0]; k++) {
			if (strcmp(capture_expects[k].capture, f[0]) == 0 &&
			    capture_expects[k].array != NULL)
				check_capture_array(&s, &capture_expects[k]);
		}
		captures++;
		free(cause);
		cause = NULL;
		snap_clear(&s);
		free(text);
	}
	CHECK_LL(captures, 17, "captures in index.tsv");
	free(lines);
	free(index);
}

/* --- progress lines ------------------------------------------------------ */

struct progress_case {
	const char *line;
	int rc;
	const char *action;
	double percent;
	long long done;
	long long total;
	double finish;
	long long speed;
};

static const struct progress_case progress_cases[] = {
	{ "      [=>...................]  recovery =  8.5% (16775552/195310144)"
	    " finish=17.0min speed=259783K/sec", 0, "recovery", 8.5, 16775552,
	    195310144, 17.0, 259783 },
	{ "[>....................]  resync =  0.0% (0/31680) finish=0.0min "
	    "speed=0K/sec", 0, "resync", 0, 0, 31680, 0, 0 },
	{ "[====================>]  check =100.0% (31680/31680) "
	    "finish=0.0min speed=1066K/sec", 0, "check", 100, 31680, 31680, 0,
	    1066 },
	{ "[===========>.........]  reshape = 56.1% (1096879076/1953381440) "
	    "finish=1868.1min speed=7640K/sec", 0, "reshape", 56.1,
	    1096879076, 1953381440, 1868.1, 7640 },
	{ "[=>..]  repair = 5.7% (114176/1993728)", 0, "repair", 5.7, 114176,
	    1993728, -1, -1 },
	{ "\t[=>..]\trecovery\t=\t9.6%\t(3200/31680)\tspeed=1066K/sec  ", 0,
	    "recovery", 9.6, 3200, 31680, -1, 1066 },
	{ "", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>...] ", -1, NULL, -1, -1, -1, -1, -1 },
	{ "=>...]  resync = 1.0% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..x]  resync = 1.0% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resyncing = 1.0% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 1.0 (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = -1.0% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 101.0% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 1.% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = nan% (1/2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 1.0% (1 2)", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 1.0% (1/2", -1, NULL, -1, -1, -1, -1, -1 },
	{ "[=>..]  resync = 1.0% (99999999999999999999/2)", -1, NULL, -1, -1,
	    -1, -1, -1 },
	{ "[=>..]  resync = 1.0% (1/2) finish=xmin", -1, NULL, -1, -1, -1, -1,
	    -1 },
	{ "[=>..]  resync = 1.0% (1/2) finish=1.0", -1, NULL, -1, -1, -1, -1,
	    -1 },
	{ "[=>..]  resync = 1.0% (1/2) speed=12M/sec", -1, NULL, -1, -1, -1,
	    -1, -1 },
	{ "[=>..]  resync = 1.0% (1/2) speed=1K/sec extra", -1, NULL, -1, -1,
	    -1, -1, -1 },
};

static void
test_progress_lines(void)
{
	const struct progress_case *c;
	struct md_progress p;
	char *cause;
	size_t i;
	int rc;

	memset(&p, 0, sizeof p);
	for (i = 0; i < sizeof progress_cases / sizeof progress_cases[0];
	    i++) {
		c = &progress_cases[i];
		cause = NULL;
		rc = mdstat_parse_progress(c->line, &p, &cause);
		CHECK_LL(rc, c->rc, c->line);
		CHECK_LL(p.valid, c->rc == 0, c->line);
		CHECK_STR(p.action, c->action, c->line);
		CHECK_DBL(p.percent, c->percent, c->line);
		CHECK_LL(p.done, c->done, c->line);
		CHECK_LL(p.total, c->total, c->line);
		CHECK_DBL(p.finish, c->finish, c->line);
		CHECK_LL(p.speed, c->speed, c->line);
		if (rc != 0)
			CHECK_CONTAINS(cause, "progress line", c->line);
		else
			CHECK_STR(cause, NULL, c->line);
		free(cause);
		md_progress_clear(&p);
	}
}

/* resync=DELAYED and resync=PENDING, as the kernel prints them (a tab). */
static void
test_delayed_pending(void)
{
	static const char text[] =
	    "Personalities : [raid1]\n"
	    "md1 : active raid1 sdd1[1] sdc1[0]\n"
	    "      31680 blocks super 1.2 [2/2] [UU]\n"
	    "      \tresync=DELAYED\n"
	    "      \n"
	    "md0 : active (auto-read-only) raid1 sdb1[1] sda1[0]\n"
	    "      31680 blocks super 1.2 [2/2] [UU]\n"
	    "      \tresync=PENDING\n"
	    "      bitmap: 1/1 pages [4KB], 65536KB chunk, file: /var/bm\n"
	    "\n"
	    "md2 : active raid1 sdf1[1] sde1[0]\n"
	    "      31680 blocks super 1.2 [2/2] [UU]\n"
	    "      \tresync=REMOTE\n"
	    "unused devices: <none>\n";
	struct md_snapshot s;
	const struct md_array *a;
	struct mdstat_figures f;
	char *cause;

	CU_ASSERT_EQUAL_FATAL(parse(text, &s, &cause), 0);
	a = md_snapshot_find(&s, "md1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_LL(a->progress.valid, 0, "DELAYED valid");
	CHECK_LL(a->progress.delayed, 1, "DELAYED");
	CHECK_LL(a->progress.pending, 0, "DELAYED pending");
	CHECK_STR(a->progress.action, "resync", "DELAYED action");
	mdstat_figures(a, &f);
	CHECK_STR(f.activity_state, "resyncing", "DELAYED activity");
	CHECK_LL(f.blocks_synced, 0, "DELAYED synced");
	CHECK_LL(f.blocks_to_be_synced, 31680, "DELAYED to be synced");
	a = md_snapshot_find(&s, "md0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_LL(a->progress.pending, 1, "PENDING");
	CHECK_LL(a->progress.delayed, 0, "PENDING delayed");
	CHECK_STR(a->array_state, "read-auto", "auto-read-only");
	CHECK_STR(a->bitmap, "file", "bitmap file");
	a = md_snapshot_find(&s, "md2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_LL(a->progress.delayed, 1, "REMOTE waits like DELAYED");
	snap_clear(&s);
	CHECK_LL(parse("md0 : active raid1 sda1[0]\n      1 blocks [1/1] [U]\n"
	    "      \tresync=SOON\n", &s, &cause), -1, "unknown resync state");
	CHECK_CONTAINS(cause, "line 3: md0: unknown resync state 'resync=SOON'",
	    "cause");
	free(cause);
}

/* External metadata: an imsm container and a member array of it. */
static void
test_containers(void)
{
	static const char text[] =
	    "Personalities : [raid1] [raid0]\n"
	    "md126 : active raid1 sda[1] sdb[0]\n"
	    "      976759808 blocks super external:/md127/0 [2/2] [UU]\n"
	    "      \n"
	    "md125 : active (read-only) raid0 sdc[1] sdd[0]\n"
	    "      1953519616 blocks super external:-md124/1 128k chunks\n"
	    "      \n"
	    "md127 : inactive sdb[1](S) sda[0](S)\n"
	    "      5288 blocks super external:imsm\n"
	    "       \n"
	    "md3 : inactive\n"
	    "       \n"
	    "md4 : inactive super 1.2\n"
	    "       \n"
	    "unused devices: <none>\n";
	struct md_snapshot s;
	const struct md_array *a;
	char *cause;

	CU_ASSERT_EQUAL_FATAL(parse(text, &s, &cause), 0);
	CHECK_LL(s.count, 5, "arrays");
	a = md_snapshot_find(&s, "md126");
	CHECK_STR(a->metadata, "external:/md127/0", "member metadata");
	CHECK_STR(a->container, "md127", "member's container");
	CHECK_LL(md_array_is_container(a), 0, "md126 is no container");
	a = md_snapshot_find(&s, "md125");
	CHECK_STR(a->container, "md124", "read-only member's container");
	CHECK_STR(a->array_state, "readonly", "read-only");
	CHECK_LL(a->chunk, 131072, "raid0 chunk");
	CHECK_LL(a->raid_disks, 2, "raid0 roles");
	a = md_snapshot_find(&s, "md127");
	CHECK_STR(a->metadata, "external:imsm", "container metadata");
	CHECK_STR(a->container, NULL, "container's container");
	CHECK_STR(a->level, NULL, "container level");
	CHECK_LL(a->inactive, 1, "container inactive");
	CHECK_LL(md_array_is_container(a), 1, "md127 is a container");
	CHECK_LL(md_array_health(a), MD_HEALTH_OK, "a container is fine");
	CHECK_LL(a->size, 5288 * 1024LL, "container size");
	a = md_snapshot_find(&s, "md3");
	CHECK_LL(a->member_count, 0, "empty inactive array");
	CHECK_LL(md_array_health(a), MD_HEALTH_INACTIVE, "inactive, not "
	    "failed");
	a = md_snapshot_find(&s, "md4");
	CHECK_STR(a->metadata, "1.2", "metadata on the array line");
	snap_clear(&s);
}

/* --- what must fail, and why --------------------------------------------- */

struct error_case {
	const char *text;
	const char *cause;
};

static const struct error_case error_cases[] = {
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/1] [U]\n"
	    "md0 : active raid1 sdb1[0]\n      1 blocks [1/1] [U]\n",
	    "line 3: md0 is listed twice" },
	{ "      1 blocks [1/1] [U]\n", "line 1: indented line outside" },
	{ "md0 : active raid1 sda1[0]\n      one blocks [1/1] [U]\n",
	    "line 2: md0: 'one blocks [1/1] [U]' is not 'N blocks" },
	{ "md0 : active raid1 sda1[0]\n      1 block [1/1] [U]\n",
	    "is not 'N blocks" },
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/x] [U]\n",
	    "line 2: md0: malformed '[n/m] [U_]'" },
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/1]\n",
	    "malformed '[n/m] [U_]'" },
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/1] [UX]\n",
	    "malformed '[n/m] [U_]'" },
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/1] []\n",
	    "malformed '[n/m] [U_]'" },
	{ "md0 : active raid1 sda1[0]\n      1 blocks [1/1] [U]\n"
	    "      [=>..] resync = x% (1/2)\n", "line 3: md0: progress line" },
	{ "Personalities : raid1\n", "line 1: malformed personality" },
	{ "Personalities\n", "Personalities line without ':'" },
	{ "md0 : running raid1 sda1[0]\n", "is not 'NAME : active|inactive" },
	{ "md0 active raid1 sda1[0]\n", "is not 'NAME : active|inactive" },
	{ "md0 :\n", "is not 'NAME : active|inactive" },
	{ "md0 : active raid1 (read-only) sda1[0]\n",
	    "'(read-only)' is not a member" },
	{ "md0 : active raid1 sda1[0] (F)\n", "'(F)' is not a member" },
	{ "md0 : active raid1 sda1[0] sdb1\n", "'sdb1' is not a member" },
	{ "md0 : active raid1 [0]\n", "'[0]' is not a member" },
	{ "md0 : active raid1 sda1[]\n", "'sda1[]' is not a member" },
	{ "md0 : active raid1 sda1[0](F\n", "'sda1[0](F' is not a member" },
	{ "md0 : active raid1 sda1[0](FS)\n", "is not a member" },
	{ "md0 : active raid1 sda1[0]x\n", "is not a member" },
	{ "md0 : active raid1 sda1[99999999999]\n", "is not a member" },
	{ "md0 : active raid1 sda1[0]\n", "line 2: md0: no 'N blocks' line" },
	{ "md0 : inactive sda1[0](S)\n\n      1 blocks\n",
	    "line 2: md0: no 'N blocks' line" },
	/* Hostile names: never a path outside /dev or /sys/block. */
	{ "../../../tmp/x : active raid1 sda1[0]\n      1 blocks [1/1] [U]\n",
	    "line 1: '../../../tmp/x : active raid1 sda1[0]' does not start "
	    "with a kernel device name" },
	{ "md0 : active raid1 ../../etc[0]\n      1 blocks [1/1] [U]\n",
	    "line 1: md0: member '../../etc[0]' does not have a kernel device "
	    "name" },
	{ "md0 : active raid1 sda/../../x[0]\n", "member 'sda/../../x[0]' "
	    "does not have a kernel device name" },
	{ "md0 : active raid1 ..[0]\n", "member '..[0]' does not have" },
	{ "md0 : active raid1 -sda[0]\n", "member '-sda[0]' does not have" },
	{ "md0 : active raid1 sd\033]0;x\007[0]\n",
	    "member 'sd?]0;x?[0]' does not have" },
	{ "md\033[2J : active raid1 sda1[0]\n", "'md?[2J : active raid1 "
	    "sda1[0]' does not start with a kernel device name" },
	{ ".. : active raid1 sda1[0]\n", "does not start with a kernel" },
	{ "md0123456789012345678901234567890 : active raid1 sda1[0]\n",
	    "does not start with a kernel device name" },
};

static void
test_errors(void)
{
	const struct error_case *c;
	struct md_snapshot s;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
		c = &error_cases[i];
		CHECK_LL(parse(c->text, &s, &cause), -1, c->text);
		CHECK_CONTAINS(cause, c->cause, c->text);
		CHECK_LL(s.count, 0, c->text);
		CU_ASSERT_PTR_NULL(s.arrays);
		CU_ASSERT_PTR_NULL(s.personalities);
		free(cause);
	}
}

/* Blank and odd lines the parser takes: leading blank lines, no final
 * newline, CRs, 2.4 kernels' read_ahead, unknown lines under an array. */
static void
test_tolerated(void)
{
	static const char text[] =
	    "\n\nPersonalities : [raid1] \r\n"
	    "read_ahead 1024 sectors\n"
	    "md0 : active raid1 sdb1[1](W) sda1[0]\r\n"
	    "      1000 blocks [2/2] [UU]\n"
	    "      some future line the kernel may print\n"
	    "      \n"
	    "unused devices: <none>";
	struct md_snapshot s;
	const struct md_array *a;
	char *cause;

	CU_ASSERT_EQUAL_FATAL(parse(text, &s, &cause), 0);
	CHECK_LL(s.count, 1, "arrays");
	a = &s.arrays[0];
	CHECK_LL(a->members[0].state, MD_MEMBER_WRITE_MOSTLY, "(W)");
	CHECK_LL(a->members[0].index, 1, "index");
	CHECK_STR(a->members[0].disk, "sdb", "disk");
	CHECK_STR(a->metadata, NULL, "0.90 prints no super");
	CHECK_LL(a->size, 1024000, "size");
	snap_clear(&s);
	CU_ASSERT_EQUAL(parse("", &s, &cause), 0);
	CHECK_LL(s.count, 0, "empty text");
	snap_clear(&s);
}

/* Every prefix of every sample: no crash, no leak, a clean answer. */
static void
truncate_all(const char *text, const char *what)
{
	size_t len = strlen(text), i;
	struct md_snapshot s;
	char *copy, *cause;
	int rc;

	for (i = 0; i <= len; i++) {
		copy = xstrndup(text, i);
		rc = parse(copy, &s, &cause);
		if (rc != 0 && (cause == NULL || s.count != 0))
			CHECK_STR(cause != NULL ? "error without arrays" :
			    NULL, "error without arrays", what);
		if (rc == 0 && cause != NULL)
			CHECK_STR(cause, NULL, what);
		free(cause);
		snap_clear(&s);
		free(copy);
	}
}

static void
test_truncation(void)
{
	static const char *const files[] = {
		"mdstat/procfs_fixtures_proc_mdstat.txt",
		"mdstat/telegraf_mdstat_full.txt",
		"mdstat/telegraf_mdstat_invalid.txt",
		"mdstat/procfs_invalid_3.txt",
		"mdstat-qemu/03-raid5-build/proc/mdstat",
		"mdstat-qemu/16-raid5-recovery/proc/mdstat",
	};
	char *text, *path;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		text = unit_corpus_text(files[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		truncate_all(text, files[i]);
		free(text);
	}
	path = unit_fixture_path("sysroot-raid/proc/mdstat");
	text = unit_read_file(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	truncate_all(text, "fixture");
	free(text);
}

/* --- the model's helpers ------------------------------------------------- */

static void
test_disk_from_name(void)
{
	static const char *const cases[][2] = {
		{ "sda3", "sda" }, { "sdaa12", "sdaa" }, { "sdc", "sdc" },
		{ "vdb1", "vdb" }, { "xvdb2", "xvdb" }, { "hda", "hda" },
		{ "nvme0n1p2", "nvme0n1" }, { "nvme10n1", "nvme10n1" },
		{ "mmcblk0p1", "mmcblk0" }, { "loop0", "loop0" },
		{ "loop0p1", "loop0" }, { "dm-3", "dm-3" }, { "md0p1", "md0" },
		{ "sd", "sd" }, { "p1", "p1" }, { "", "" }, { "sdx1y", "sdx1y" },
		{ "cciss!c0d0p1", "cciss!c0d0" }, { "xvda", "xvda" },
	};
	char *got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_disk_from_name(cases[i][0]);
		CHECK_STR(got, cases[i][1], cases[i][0]);
		free(got);
	}
}

/* Mismatches found by a check are said; sync states; raid0 never
 * degraded. */
static void
test_notes_and_states(void)
{
	struct md_array a;
	char *note;

	md_array_init(&a, "md0");
	a.level = xstrdup("raid1");
	a.mismatch_cnt = 512;
	a.sync_action = xstrdup("idle");
	a.last_sync_action = xstrdup("check");
	note = md_array_health_note(&a);
	CHECK_STR(note, "check found 512 mismatched sectors", "after check");
	free(note);
	CHECK_LL(md_array_health(&a), MD_HEALTH_OK, "still ok");
	CHECK_STR(md_sync_state(&a), NULL, "idle");
	free(a.last_sync_action);
	a.last_sync_action = xstrdup("repair");
	note = md_array_health_note(&a);
	CHECK_STR(note, "repair rewrote 512 mismatched sectors", "repair");
	free(note);
	free(a.last_sync_action);
	a.last_sync_action = xstrdup("resync");
	CU_ASSERT_PTR_NULL(md_array_health_note(&a));
	free(a.sync_action);
	a.sync_action = xstrdup("check");
	a.mismatch_cnt = 1;
	note = md_array_health_note(&a);
	CHECK_STR(note, "check found 1 mismatched sector so far", "running");
	free(note);
	CHECK_STR(md_sync_state(&a), "running", "check runs");
	a.mismatch_cnt = 0;
	CU_ASSERT_PTR_NULL(md_array_health_note(&a));
	free(a.sync_action);
	a.sync_action = NULL;
	a.progress.delayed = 1;
	CHECK_STR(md_sync_state(&a), "delayed", "delayed");
	a.progress.delayed = 0;
	a.progress.pending = 1;
	CHECK_STR(md_sync_state(&a), "pending", "pending");
	md_array_clear(&a);
	/* raid0 (and linear) with a role lost: failed, not degraded. */
	md_array_init(&a, "md1");
	a.level = xstrdup("raid0");
	a.raid_disks = 2;
	md_array_add_member(&a, "sda1")->slot = 0;
	a.members[0].state = MD_MEMBER_IN_SYNC;
	md_array_add_member(&a, "sdb1")->state = MD_MEMBER_FAULTY;
	md_array_count_roles(&a, 0);
	CHECK_LL(md_array_is_degraded(&a), 0, "raid0 not degraded");
	CHECK_LL(md_array_health(&a), MD_HEALTH_FAILED, "raid0 failed");
	CHECK_LL(md_array_is_striped(&a), 1, "striped");
	free(a.level);
	a.level = xstrdup("linear");
	CHECK_LL(md_array_is_degraded(&a), 0, "linear not degraded");
	CHECK_LL(md_array_health(&a), MD_HEALTH_FAILED, "linear failed");
	free(a.level);
	a.level = xstrdup("raid1");
	CHECK_LL(md_array_is_degraded(&a), 1, "raid1 degraded");
	md_array_clear(&a);
}

/* Names that may become /dev/NAME or /sys/block/NAME, and those not. */
static void
test_name_valid(void)
{
	static const char *const good[] = { "md0", "md127", "md_d0",
		"md_home", "sda1", "nvme0n1p2", "dm-3", "loop0", "mmcblk0p1",
		"xvda1", "sdA", "0", "_x", "a.b", "c+d",
		"abcdefghijklmnopqrstuvwxyz01234" };
	static const char *const bad[] = { "", ".", "..", "../x", "a/b",
		"/dev/sda", "-sda", "--run", ".hidden", "+x", "sd a",
		"sd\ta", "sd\na", "sd\033[2J", "sd\x7f", "sd\xc3\xa9",
		"md;rm", "md$x", "md`x`", "md\\x", "md:0", "md!x",
		"abcdefghijklmnopqrstuvwxyz012345" };
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		CHECK_LL(md_name_valid(good[i]), 1, good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_LL(md_name_valid(bad[i]), 0, bad[i]);
	CHECK_LL(md_name_valid(NULL), 0, "NULL");
}

static void
test_name_order(void)
{
	static const char *const ordered[] = { "md0", "md1", "md2", "md10",
		"md100", "md127", "md_home", "mda" };
	size_t i, k;

	for (i = 0; i < sizeof ordered / sizeof ordered[0]; i++) {
		for (k = 0; k < sizeof ordered / sizeof ordered[0]; k++)
			CHECK_LL(md_name_cmp(ordered[i], ordered[k]),
			    i < k ? -1 : i > k, ordered[i]);
	}
	CU_ASSERT(md_name_cmp("md00", "md0") != 0);
	CU_ASSERT(md_name_cmp("md00", "md0") == -md_name_cmp("md0", "md00"));
}

static void
test_container_from_metadata(void)
{
	static const char *const cases[][2] = {
		{ "external:/md127/0", "md127" }, { "external:-md126/3", "md126" },
		{ "external:imsm", NULL }, { "external:/md127", NULL },
		{ "external://0", NULL }, { "1.2", NULL }, { "external:", NULL },
	};
	char *got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_container_from_metadata(cases[i][0]);
		CHECK_STR(got, cases[i][1], cases[i][0]);
		free(got);
	}
	CU_ASSERT_PTR_NULL(md_container_from_metadata(NULL));
}

static void
test_state_text(void)
{
	static const struct {
		unsigned state;
		const char *text;
	} cases[] = {
		{ 0, "-" },
		{ MD_MEMBER_IN_SYNC, "in_sync" },
		{ MD_MEMBER_IN_SYNC | MD_MEMBER_WRITE_MOSTLY,
		    "in_sync,write-mostly" },
		{ MD_MEMBER_FAULTY | MD_MEMBER_WRITE_ERROR | MD_MEMBER_BLOCKED,
		    "faulty,blocked,write-error" },
		{ MD_MEMBER_SPARE | MD_MEMBER_REPLACEMENT, "spare,replacement" },
		{ MD_MEMBER_IN_SYNC | MD_MEMBER_WANT_REPLACEMENT,
		    "in_sync,want-replacement" },
		{ MD_MEMBER_JOURNAL | MD_MEMBER_FAILFAST |
		    MD_MEMBER_EXTERNAL_BBL, "journal,failfast,external-bbl" },
	};
	char *got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_member_state_text(cases[i].state);
		CHECK_STR(got, cases[i].text, cases[i].text);
		free(got);
	}
	CHECK_LL(md_member_state_bit("in_sync"), MD_MEMBER_IN_SYNC, "bit");
	CHECK_LL(md_member_state_bit("want_replacement"),
	    MD_MEMBER_WANT_REPLACEMENT, "bit");
	CHECK_LL(md_member_state_bit("clusterd"), 0, "unknown word");
}

/* An array of level with n roles, the given ones lost. */
static void
make_array(struct md_array *a, const char *name, const char *level, int n,
    int lost)
{
	md_array_init(a, name);
	a->level = level != NULL ? xstrdup(level) : NULL;
	a->raid_disks = n;
	a->active_disks = n - lost;
	a->degraded = lost;
}

static void
test_redundancy(void)
{
	static const struct {
		const char *level;
		int disks;
		int lost;
		int left;
		enum md_health health;
	} cases[] = {
		{ "raid1", 2, 0, 1, MD_HEALTH_OK },
		{ "raid1", 2, 1, 0, MD_HEALTH_DEGRADED },
		{ "raid1", 3, 1, 1, MD_HEALTH_DEGRADED },
		{ "raid1", 2, 2, 0, MD_HEALTH_FAILED },
		{ "raid4", 3, 0, 1, MD_HEALTH_OK },
		{ "raid5", 4, 0, 1, MD_HEALTH_OK },
		{ "raid5", 4, 1, 0, MD_HEALTH_DEGRADED },
		{ "raid5", 4, 2, 0, MD_HEALTH_FAILED },
		{ "raid6", 5, 0, 2, MD_HEALTH_OK },
		{ "raid6", 5, 1, 1, MD_HEALTH_DEGRADED },
		{ "raid6", 5, 2, 0, MD_HEALTH_DEGRADED },
		{ "raid6", 5, 3, 0, MD_HEALTH_FAILED },
		{ "raid10", 4, 0, 1, MD_HEALTH_OK },
		{ "raid10", 4, 1, 0, MD_HEALTH_DEGRADED },
		{ "raid10", 4, 2, 0, MD_HEALTH_DEGRADED },
		{ "raid0", 2, 0, 0, MD_HEALTH_OK },
		{ "raid0", 2, 1, 0, MD_HEALTH_FAILED },
		{ "linear", 2, 0, 0, MD_HEALTH_OK },
		{ "multipath", 2, 0, 1, MD_HEALTH_OK },
		{ "faulty", 1, 0, 0, MD_HEALTH_OK },
		{ NULL, 2, 0, 0, MD_HEALTH_OK },
	};
	struct md_array a;
	char what[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		make_array(&a, "md0", cases[i].level, cases[i].disks,
		    cases[i].lost);
		snprintf(what, sizeof what, "%s %d-%d",
		    cases[i].level != NULL ? cases[i].level : "?",
		    cases[i].disks, cases[i].lost);
		CHECK_LL(md_array_redundancy_left(&a), cases[i].left, what);
		CHECK_LL(md_array_health(&a), cases[i].health, what);
		/* raid0 and linear lose a role to failure, not degradation. */
		CHECK_LL(md_array_is_degraded(&a), cases[i].lost > 0 &&
		    (cases[i].level == NULL || (strcmp(cases[i].level,
		    "raid0") != 0 && strcmp(cases[i].level, "linear") != 0)),
		    what);
		a.inactive = 1;
		CHECK_LL(md_array_redundancy_left(&a), 0, what);
		CHECK_LL(md_array_health(&a), MD_HEALTH_INACTIVE, what);
		md_array_clear(&a);
	}
	make_array(&a, "md0", "raid1", 2, 0);
	a.degraded = -1;
	a.active_disks = -1;
	CHECK_LL(md_array_redundancy_left(&a), 1, "unknown counts");
	a.array_state = xstrdup("broken");
	CHECK_LL(md_array_redundancy_left(&a), 0, "broken");
	CHECK_LL(md_array_health(&a), MD_HEALTH_FAILED, "broken");
	md_array_clear(&a);
	CHECK_STR(md_health_name(MD_HEALTH_WARNING), "warning", "name");
	CHECK_STR(md_health_name(MD_HEALTH_OK), "ok", "name");
}

/* Roles from members' slots; member and array order. */
static void
test_roles_and_order(void)
{
	struct md_snapshot *snap = xcalloc(1, sizeof *snap);
	struct md_member *m;
	struct md_array *a;
	char *missing;

	snap->arrays = xcalloc(3, sizeof *snap->arrays);
	snap->count = 3;
	make_array(&snap->arrays[0], "md10", "raid1", 2, 0);
	make_array(&snap->arrays[1], "md2", "raid5", 3, 0);
	make_array(&snap->arrays[2], "md1", "raid1", 2, 0);
	a = &snap->arrays[1];
	m = md_array_add_member(a, "sdc1");
	m->state = MD_MEMBER_FAULTY;
	m = md_array_add_member(a, "sdb1");
	m->slot = 2;
	m->state = MD_MEMBER_IN_SYNC;
	m = md_array_add_member(a, "sdd1");
	m->state = MD_MEMBER_SPARE;
	m = md_array_add_member(a, "sda1");
	m->slot = 0;
	m->state = MD_MEMBER_IN_SYNC;
	md_array_count_roles(a, 0);
	CHECK_LL(a->active_disks, 2, "roles held");
	CHECK_LL(a->degraded, 1, "degraded from roles");
	missing = unit_md_missing_text(a);
	CHECK_STR(missing, "1", "missing role");
	free(missing);
	md_array_sort_members(a);
	CHECK_STR(a->members[0].name, "sda1", "slot 0 first");
	CHECK_STR(a->members[1].name, "sdb1", "slot 2");
	CHECK_STR(a->members[2].name, "sdd1", "spare");
	CHECK_STR(a->members[3].name, "sdc1", "faulty last");
	CHECK_STR(md_array_find_member(a, "sdd1")->name, "sdd1", "find");
	CU_ASSERT_PTR_NULL(md_array_find_member(a, "sde1"));
	md_snapshot_sort(snap);
	CHECK_STR(snap->arrays[0].name, "md2", "degraded first");
	CHECK_STR(snap->arrays[1].name, "md1", "then by name");
	CHECK_STR(snap->arrays[2].name, "md10", "md10 after md1");
	CHECK_STR(md_snapshot_find(snap, "md10")->name, "md10", "find");
	CU_ASSERT_PTR_NULL(md_snapshot_find(snap, "md3"));
	md_snapshot_free(snap);
	md_snapshot_free(NULL);
}

static void
mdstat_add_tests(CU_pSuite s)
{
	CU_add_test(s, "corpus EXPECTED.tsv, row by row", test_expected_tsv);
	CU_add_test(s, "every corpus sample has a row", test_every_sample_listed);
	CU_add_test(s, "real kernel captures (qemu)", test_qemu_captures);
	CU_add_test(s, "progress line variants", test_progress_lines);
	CU_add_test(s, "resync=DELAYED, PENDING, REMOTE", test_delayed_pending);
	CU_add_test(s, "containers and external metadata", test_containers);
	CU_add_test(s, "malformed input: errors and causes", test_errors);
	CU_add_test(s, "odd but valid input", test_tolerated);
	CU_add_test(s, "truncation at every length", test_truncation);
	CU_add_test(s, "model: whole disk of a member", test_disk_from_name);
	CU_add_test(s, "model: natural name order", test_name_order);
	CU_add_test(s, "model: names fit for a path", test_name_valid);
	CU_add_test(s, "model: health notes, sync states, raid0",
	    test_notes_and_states);
	CU_add_test(s, "model: container from metadata",
	    test_container_from_metadata);
	CU_add_test(s, "model: member state text", test_state_text);
	CU_add_test(s, "model: redundancy and health", test_redundancy);
	CU_add_test(s, "model: roles, member and array order",
	    test_roles_and_order);
}
