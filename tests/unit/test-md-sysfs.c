/* Unit tests for md sysfs reading, its parsers, and the raid plugin. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "md-sysfs.h"
#include "md.h"
#include "mdstat.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"
#if HAVE_DISKS_PLUGIN
#include "disk-sysfs.h"
#include "disk.h"
#endif

UNIT_SUITE("md-sysfs", md_sysfs_add_tests)

/* The raid plugin's descriptor under the name the unit build can reach
 * (every plugin is linked in; see raid-plugin.c). */
extern const struct plugin_descriptor raid_plugin;

#define FIXTURE "sysroot-raid"

/* --- helpers ------------------------------------------------------------- */

/* dir/rel, its directory made first; NULL target: a file holding text. */
static void
put_entry(const char *dir, const char *rel, const char *text,
    const char *target)
{
	char *parent = xstrdup(rel), *slash = strrchr(parent, '/');

	if (slash != NULL) {
		*slash = '\0';
		unit_make_dirs(dir, parent);
	}
	free(parent);
	if (target != NULL)
		unit_put_link(dir, rel, target);
	else
		unit_put_file(dir, rel, text);
}

static void
put_file(const char *dir, const char *rel, const char *text)
{
	put_entry(dir, rel, text, NULL);
}

static void
put_link(const char *dir, const char *rel, const char *target)
{
	put_entry(dir, rel, NULL, target);
}

/* The absolute path of a corpus or fixture entry. */
static char *
absolute(char *rel_path)
{
	char *abs = realpath(rel_path, NULL);

	if (abs == NULL)
		fprintf(stderr, "\nno %s\n", rel_path);
	free(rel_path);
	return abs;
}

static void *
plugin_open_at(const char *root, struct transport **t)
{
	struct plugin_host host = { .abi = PLUGIN_ABI };
	char *cause = NULL;
	void *h;

	*t = transport_local_new(root);
	host.transport = *t;
	h = raid_plugin.open(&host, &cause);
	if (h == NULL)
		fprintf(stderr, "\nopen: %s\n", cause);
	free(cause);
	return h;
}

static struct md_snapshot *
plugin_snap(void *h, char **cause)
{
	*cause = NULL;
	return raid_plugin.snapshot(h, 0, NULL, cause);
}

/* --- the corpus' EXPECTED.tsv -------------------------------------------- */

/* A root whose sys/block is the procfs fixture tree from the corpus. */
static char *
corpus_root(void)
{
	char *dir = unit_temp_dir("md"), *tree;

	if (dir == NULL)
		return NULL;
	tree = absolute(unit_corpus_path("md-sysfs/procfs_sys_block"));
	if (tree != NULL)
		put_link(dir, "sys/block", tree);
	free(tree);
	return dir;
}

/* What the rows came to. */
struct sysfs_tally {
	size_t rows;
	size_t cells;
	size_t zero_as_unknown; /* procfs's 0 for an absent attribute */
};

/* procfs reports 0 for an attribute the array lacks (md7 has no
 * chunk_size, raid0 no degraded); we say -1, unknown. */
static void
check_count(long long got, const char *want, const char *what,
    struct sysfs_tally *t)
{
	long long w = strcmp(want, "nil") == 0 ? -1 : strtoll(want, NULL, 10);

	t->cells++;
	if (w == 0 && got == -1) {
		t->zero_as_unknown++;
		return;
	}
	CHECK_LL(got, w, what);
}

static void
check_components(const struct md_array *a, const char *want,
    struct sysfs_tally *t)
{
	char *copy = xstrdup(want), *tok, *save = NULL, *colon;
	const struct md_member *m;
	size_t n = 0;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		colon = strchr(tok, ':');
		CU_ASSERT_PTR_NOT_NULL_FATAL(colon);
		*colon = '\0';
		m = md_array_find_member(a, tok);
		CHECK_STR(m != NULL ? m->name : NULL, tok, a->name);
		if (m != NULL)
			CHECK_STR(m->state_text, colon + 1, tok);
		n++;
	}
	CHECK_LL(a->member_count, n, "member count");
	t->cells++;
	free(copy);
}

/* procfs's sysfs uuid ("155f29ff-1716-4107-b362-52307ef86cac", 1.2
 * metadata) as mdadm prints it: the same digits in four groups of eight. */
static char *
colon_uuid(const char *sysfs)
{
	char *out = xmalloc(strlen(sysfs) + 1), *o = out;
	size_t digits = 0;

	for (; *sysfs != '\0'; sysfs++) {
		if (*sysfs == '-')
			continue;
		if (digits > 0 && digits % 8 == 0)
			*o++ = ':';
		*o++ = *sysfs;
		digits++;
	}
	*o = '\0';
	return out;
}

/* dir device level array_state metadata_version raid_disks components
 * uuid chunk_size degraded sync_action sync_completed_fraction */
static void
check_sysfs_row(struct transport *tr, char **f, struct sysfs_tally *t)
{
	struct md_array a;
	char *cause = NULL, *want_uuid;
	double fraction;

	md_array_init(&a, f[1]);
	CHECK_LL(md_sysfs_read_array(tr, &a, &cause), 0, f[1]);
	CHECK_STR(cause, NULL, f[1]);
	CHECK_STR(a.level, f[2], f[1]);
	CHECK_STR(a.array_state, f[3], f[1]);
	CHECK_STR(a.metadata, f[4], f[1]);
	check_count(a.raid_disks, f[5], f[1], t);
	check_components(&a, f[6], t);
	want_uuid = colon_uuid(f[7]);
	CHECK_STR(a.uuid, want_uuid, f[1]);
	free(want_uuid);
	check_count(a.chunk, f[8], f[1], t);
	check_count(a.degraded, f[9], f[1], t);
	CHECK_STR(a.sync_action, *f[10] != '\0' ? f[10] : NULL, f[1]);
	fraction = a.sync_total > 0 ?
	    (double)a.sync_completed / (double)a.sync_total : 0;
	CHECK_DBL(fraction, strtod(f[11], NULL), f[1]);
	CHECK_STR(a.error, NULL, f[1]);
	t->cells += 6;
	t->rows++;
	free(cause);
	md_array_clear(&a);
}

static void
test_expected_tsv(void)
{
	char *text = unit_corpus_text("md-sysfs/EXPECTED.tsv"), **lines;
	char *f[16], *root = corpus_root();
	struct sysfs_tally t = { 0, 0, 0 };
	struct transport *tr;
	size_t n, i, k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	tr = transport_local_new(root);
	n = split_lines(text, &lines);
	CU_ASSERT_FATAL(n > 1);
	CU_ASSERT(strncmp(lines[0], "dir\tdevice\tlevel\tarray_state\t"
	    "metadata_version\traid_disks\tcomponents(dev:state)\tuuid\t"
	    "chunk_size\tdegraded\tsync_action\tsync_completed_fraction",
	    strlen("dir\tdevice\tlevel")) == 0);
	for (i = 1; i < n; i++) {
		if (*lines[i] == '\0')
			continue;
		k = unit_tsv_split(lines[i], f, 16);
		CU_ASSERT_FATAL(k >= 12);
		check_sysfs_row(tr, f, &t);
	}
	fprintf(stderr, "\nmd-sysfs/EXPECTED.tsv: %zu rows checked, %zu "
	    "values compared (%zu of them procfs's 0 for an attribute the "
	    "array lacks, which we report as -1, unknown)\n", t.rows,
	    t.cells, t.zero_as_unknown);
	CHECK_LL(t.rows, n - 1, "rows");
	transport_free(tr);
	free(lines);
	free(text);
	unit_remove_tree(root);
	free(root);
}

/* The corpus tree's rdN files give the slots; dev-X/slot is absent. */
static void
test_corpus_roles(void)
{
	char *root = corpus_root(), *cause = NULL, *missing;
	struct transport *tr;
	struct md_array a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	tr = transport_local_new(root);
	md_array_init(&a, "md5");
	CU_ASSERT_EQUAL_FATAL(md_sysfs_read_array(tr, &a, &cause), 0);
	CHECK_LL(md_array_find_member(&a, "sdn")->slot, 0, "rd0");
	CHECK_LL(md_array_find_member(&a, "sdp")->slot, 2, "rd2");
	CHECK_LL(md_array_find_member(&a, "sdaa")->slot, -1, "no rd");
	CHECK_STR(md_array_find_member(&a, "sdaa")->disk, "sdaa", "disk");
	CHECK_LL(a.active_disks, 2, "sdp is faulty");
	missing = unit_md_missing_text(&a);
	CHECK_STR(missing, "2", "missing role");
	free(missing);
	CHECK_LL(a.degraded, 1, "md/degraded");
	md_array_clear(&a);
	md_array_init(&a, "md6");
	CU_ASSERT_EQUAL_FATAL(md_sysfs_read_array(tr, &a, &cause), 0);
	CHECK_STR(a.progress.action, "recovery", "progress from sysfs");
	CHECK_LL(a.progress.valid, 1, "progress valid");
	CHECK_LL(a.progress.done, 1569888 / 2, "done");
	CHECK_LL(a.progress.total, 2093056 / 2, "total");
	CHECK_DBL(a.progress.percent, 100.0 * 1569888 / 2093056, "percent");
	CHECK_DBL(a.progress.finish, -1, "no finish time from sysfs");
	md_array_clear(&a);
	md_array_init(&a, "md8");
	CU_ASSERT_EQUAL_FATAL(md_sysfs_read_array(tr, &a, &cause), 0);
	CHECK_LL(a.raid_disks, 11, "raid_disks during a reshape");
	CHECK_LL(a.missing_count, 0, "no slots known: no roles counted");
	md_array_clear(&a);
	md_array_init(&a, "md99");
	CHECK_LL(md_sysfs_read_array(tr, &a, &cause), -1, "no md99");
	CHECK_CONTAINS(cause, "/sys/block/md99/md", "cause");
	CHECK_STR(a.level, NULL, "untouched");
	free(cause);
	md_array_clear(&a);
	transport_free(tr);
	unit_remove_tree(root);
	free(root);
}

/* --- the parsers --------------------------------------------------------- */

static void
test_parse_number(void)
{
	static const struct {
		const char *text;
		int rc;
		long long v;
	} cases[] = {
		{ "2\n", 0, 2 }, { "11 (10)\n", 0, 11 },
		{ "1000 (system)\n", 0, 1000 }, { "200000 (local)", 0, 200000 },
		{ " 0 ", 0, 0 }, { "none\n", -1, 0 }, { "max\n", -1, 0 },
		{ "", -1, 0 }, { "\n", -1, 0 }, { "-1", -1, 0 }, { "+1", -1, 0 },
		{ "1 2", -1, 0 }, { "1 ()", -1, 0 }, { "1 (a b)", -1, 0 },
		{ "1 (x", -1, 0 }, { "1 (x) y", -1, 0 }, { "1x", -1, 0 },
		{ "99999999999999999999", -1, 0 },
		{ "9223372036854775807", 0, LLONG_MAX },
	};
	long long v;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = 0;
		CHECK_LL(md_sysfs_parse_number(cases[i].text, &v), cases[i].rc,
		    cases[i].text);
		CHECK_LL(v, cases[i].v, cases[i].text);
	}
}

static void
test_parse_slot_state(void)
{
	static const struct {
		const char *text;
		int rc;
		int slot;
	} slots[] = {
		{ "0\n", 0, 0 }, { "none\n", 0, -1 }, { "12", 0, 12 },
		{ "journal\n", 0, -1 },
		{ "", -1, 99 }, { "-1", -1, 99 }, { "nonex", -1, 99 },
		{ "3000000000", -1, 99 },
	};
	static const struct {
		const char *text;
		int rc;
		unsigned state;
	} states[] = {
		{ "in_sync\n", 0, MD_MEMBER_IN_SYNC },
		{ "faulty\n", 0, MD_MEMBER_FAULTY },
		{ "spare", 0, MD_MEMBER_SPARE },
		{ "in_sync,write_mostly\n", 0,
		    MD_MEMBER_IN_SYNC | MD_MEMBER_WRITE_MOSTLY },
		{ "faulty,blocked,write_error,want_replacement", 0,
		    MD_MEMBER_FAULTY | MD_MEMBER_BLOCKED |
		    MD_MEMBER_WRITE_ERROR | MD_MEMBER_WANT_REPLACEMENT },
		{ "in_sync,replacement,failfast,external_bbl,journal", 0,
		    MD_MEMBER_IN_SYNC | MD_MEMBER_REPLACEMENT |
		    MD_MEMBER_FAILFAST | MD_MEMBER_EXTERNAL_BBL |
		    MD_MEMBER_JOURNAL },
		{ "in_sync,some_future_word", 0, MD_MEMBER_IN_SYNC },
		{ "", -1, 0 }, { "\n", -1, 0 }, { "in_sync,", -1, 0 },
		{ ",in_sync", -1, 0 }, { "in sync", -1, 0 },
		{ "In_sync", -1, 0 }, { "faulty\001", -1, 0 },
	};
	unsigned state;
	size_t i;
	int slot;

	for (i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		slot = 99;
		CHECK_LL(md_sysfs_parse_slot(slots[i].text, &slot), slots[i].rc,
		    slots[i].text);
		CHECK_LL(slot, slots[i].slot, slots[i].text);
	}
	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		state = 12345;
		CHECK_LL(md_sysfs_parse_state(states[i].text, &state),
		    states[i].rc, states[i].text);
		CHECK_LL(state, states[i].state, states[i].text);
	}
}

static void
test_parse_sync_completed(void)
{
	static const struct {
		const char *text;
		enum md_sync_completed rc;
		long long done;
		long long total;
	} cases[] = {
		{ "7936 / 63360\n", MD_SYNC_NUMBERS, 7936, 63360 },
		{ "0 / 1", MD_SYNC_NUMBERS, 0, 1 },
		{ "1569888/2093056", MD_SYNC_NUMBERS, 1569888, 2093056 },
		{ "none\n", MD_SYNC_NONE, -1, -1 },
		{ "delayed\n", MD_SYNC_DELAYED, -1, -1 },
		{ "", MD_SYNC_MALFORMED, -1, -1 },
		{ "7936 / ", MD_SYNC_MALFORMED, -1, -1 },
		{ "7936 63360", MD_SYNC_MALFORMED, -1, -1 },
		{ "/ 63360", MD_SYNC_MALFORMED, -1, -1 },
		{ "1 / 2 / 3", MD_SYNC_MALFORMED, -1, -1 },
		{ "nonesuch", MD_SYNC_MALFORMED, -1, -1 },
	};
	long long done, total;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_LL(md_sysfs_parse_sync_completed(cases[i].text, &done,
		    &total), cases[i].rc, cases[i].text);
		CHECK_LL(done, cases[i].done, cases[i].text);
		CHECK_LL(total, cases[i].total, cases[i].text);
	}
}

static void
test_parse_bitmap(void)
{
	static const struct {
		const char *text;
		int rc;
		const char *bitmap;
	} cases[] = {
		{ "none\n", 0, NULL }, { "file\n", 0, "file" },
		{ "+8\n", 0, "internal" }, { "-2048", 0, "internal" },
		{ "clustered", 0, "clustered" }, { "", -1, NULL },
		{ "+", -1, NULL }, { "+8x", -1, NULL }, { "internal", -1, NULL },
	};
	char *bitmap;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_LL(md_sysfs_parse_bitmap_location(cases[i].text,
		    &bitmap), cases[i].rc, cases[i].text);
		CHECK_STR(bitmap, cases[i].bitmap, cases[i].text);
		free(bitmap);
	}
}

static void
test_disk_from_link(void)
{
	static const char *const cases[][3] = {
		{ "../../../../../pseudo_0/adapter0/host2/target2:0:0/"
		    "2:0:0:0/block/sda/sda1", "sda1", "sda" },
		{ "../../devices/pci0000:00/0000:00:01.1/0000:01:00.0/nvme/"
		    "nvme0/nvme0n1/nvme0n1p2", "nvme0n1p2", "nvme0n1" },
		{ "../../devices/virtual/block/loop0/loop0p1/", "loop0p1",
		    "loop0" },
		{ "sda1", "sda1", NULL },
		{ "../sda1", "sda1", NULL },
		{ "/sda1", "sda1", NULL },
		{ "../block/sda/sdb1", "sda1", NULL },
		{ "../block/xsda1", "sda1", NULL },
		{ "", "sda1", NULL },
		{ "../block/sda/sda1", "", NULL },
	};
	char *got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_sysfs_disk_from_link(cases[i][0], cases[i][1]);
		CHECK_STR(got, cases[i][2], cases[i][0]);
		free(got);
	}
}

/* A member's disk: its partition file decides, the name does not. */
static void
test_member_disks(void)
{
	char *dir = unit_temp_dir("md"), *cause = NULL;
	struct transport *tr;
	struct md_array a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "sys/block/md9/md/level", "raid1\n");
	put_file(dir, "sys/block/md9/md/dev-nvme0n1p2/state", "in_sync\n");
	put_file(dir, "sys/block/md9/md/dev-nvme1n1/state", "in_sync\n");
	put_file(dir, "sys/block/md9/md/dev-sdz7/state", "spare\n");
	put_file(dir, "sys/devices/pci/nvme/nvme0/nvme0n1/nvme0n1p2/"
	    "partition", "2\n");
	put_file(dir, "sys/devices/pci/nvme/nvme1/nvme1n1/size", "8\n");
	put_link(dir, "sys/class/block/nvme0n1p2",
	    "../../devices/pci/nvme/nvme0/nvme0n1/nvme0n1p2");
	put_link(dir, "sys/class/block/nvme1n1",
	    "../../devices/pci/nvme/nvme1/nvme1n1");
	tr = transport_local_new(dir);
	md_array_init(&a, "md9");
	CU_ASSERT_EQUAL_FATAL(md_sysfs_read_array(tr, &a, &cause), 0);
	CHECK_STR(md_array_find_member(&a, "nvme0n1p2")->disk, "nvme0n1",
	    "partition's disk");
	CHECK_STR(md_array_find_member(&a, "nvme1n1")->disk, "nvme1n1",
	    "whole disk under nvme1/");
	CHECK_STR(md_array_find_member(&a, "sdz7")->disk, "sdz",
	    "by name when sysfs has no link");
	CHECK_STR(a.error, NULL, "error");
	md_array_clear(&a);
	transport_free(tr);
	unit_remove_tree(dir);
	free(dir);
}

/* Malformed and unreadable attributes are named; the rest is read. */
static void
test_bad_attributes(void)
{
	char *dir = unit_temp_dir("md"), *cause = NULL;
	struct transport *tr;
	struct md_array a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "sys/block/md5/md/level", "raid1\n");
	put_file(dir, "sys/block/md5/md/raid_disks", "two\n");
	put_file(dir, "sys/block/md5/md/degraded", "99999999999\n");
	put_file(dir, "sys/block/md5/md/sync_completed", "12 of 34\n");
	put_file(dir, "sys/block/md5/md/bitmap/location", "somewhere\n");
	put_file(dir, "sys/block/md5/md/dev-sda1/state", "in sync\n");
	put_file(dir, "sys/block/md5/md/dev-sda1/slot", "first\n");
	unit_make_dirs(dir, "sys/block/md5/md/mismatch_cnt");
	tr = transport_local_new(dir);
	md_array_init(&a, "md5");
	CU_ASSERT_EQUAL_FATAL(md_sysfs_read_array(tr, &a, &cause), 0);
	CHECK_STR(a.level, "raid1", "level");
	CHECK_LL(a.raid_disks, -1, "raid_disks");
	CHECK_STR(a.error, "raid_disks: malformed 'two'; degraded: out of "
	    "range; mismatch_cnt: unreadable (Is a directory); "
	    "sync_completed: malformed '12 of 34'; bitmap/location: "
	    "malformed 'somewhere'; dev-sda1/state: malformed 'in sync'; "
	    "dev-sda1/slot: malformed 'first'", "error");
	md_array_clear(&a);
	transport_free(tr);
	unit_remove_tree(dir);
	free(dir);
}

/* md/uuid in mdadm's form: bytes in order for 1.x, words swapped for 0.90
 * (mdadm prints 0.90's host-endian words with %08x; see md.h). */
static void
test_uuid_mdadm(void)
{
	static const struct {
		const char *sysfs, *metadata, *want;
	} cases[] = {
		{ "01dd534e-178e-a158-6c2d-b6cc70000d37", "1.2",
		    "01dd534e:178ea158:6c2db6cc:70000d37" },
		{ "f0ded972-b113-ee78-ac8e-2d730b49c205\n", "1.0",
		    "f0ded972:b113ee78:ac8e2d73:0b49c205" },
		{ "70a8d9c3-264f-1e5b-617e-048d5cf3a9b2", "0.90",
		    "c3d9a870:5b1e4f26:8d047e61:b2a9f35c" },
		{ "01DD534E-178E-A158-6C2D-B6CC70000D37", NULL,
		    "01dd534e:178ea158:6c2db6cc:70000d37" },
		{ "00000000-0000-0000-0000-000000000000", "1.2", NULL },
		{ "00000000-0000-0000-0000-000000000000", "0.90", NULL },
		{ "01dd534e-178e-a158-6c2d-b6cc70000d3", "1.2", NULL },
		{ "01dd534e-178e-a158-6c2d-b6cc70000d37ff", "1.2", NULL },
		{ "01dd534e-178e-a158-6c2d-b6cc7000xd37", "1.2", NULL },
		{ "", "1.2", NULL },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_uuid_mdadm(cases[i].sysfs, cases[i].metadata);
		CHECK_STR(got, cases[i].want, cases[i].sysfs);
		if (got != NULL)
			CU_ASSERT(md_uuid_is_mdadm(got));
		free(got);
	}
	CU_ASSERT(!md_uuid_is_mdadm("01dd534e-178e-a158-6c2d-b6cc70000d37"));
	CU_ASSERT(!md_uuid_is_mdadm(NULL));
}

/* --- the plugin on the fixture ------------------------------------------- */

struct array_expect {
	const char *name;
	enum md_health health;
	const char *level;
	const char *array_state;
	int raid_disks;
	int active;
	int degraded;
	const char *missing;
	int redundancy;
	long long size;
	long long chunk;
	const char *sync_action;
	long long mismatch;
	const char *bitmap;
	const char *progress;   /* "action percent done/total" or NULL */
	const char *members;    /* "name:disk:slot:state_text:errors" */
};

static const struct array_expect fixture_arrays[] = {
	/* Inactive: level and roles from sde1's superblock (the fixture's
	 * fake mdadm): sde1 holds role 1, so slot 0 is missing; size
	 * unknown (the kernel's is the members' total). */
	{ "md3", MD_HEALTH_INACTIVE, "raid1", "inactive", 2, -1, 0, "0", 0,
	    -1, -1, NULL, -1, NULL, NULL,
	    "sde1:sde:-1:spare:0" },
	{ "md0", MD_HEALTH_DEGRADED, "raid1", "clean", 2, 1, 1, "1", 0,
	    63360 * 512LL, -1, "recover", 0, NULL, "recovery 9.6 3200/31680",
	    "sda1:sda:0:in_sync:0 sdb1:sdb:1:spare:0" },
	{ "md4", MD_HEALTH_WARNING, "raid1", "clean", 2, 2, 0, "", 1,
	    63360 * 512LL, -1, "idle", 0, NULL, NULL,
	    "sdf1:sdf:0:in_sync:0 sdh1:sdh:1:in_sync:0 sdi1:sdi:-1:spare:0 "
	    "sdg1:sdg:-1:faulty:12" },
	{ "md1", MD_HEALTH_OK, "raid5", "clean", 3, 3, 0, "", 1,
	    126976 * 512LL, 65536, "idle", 0, NULL, NULL,
	    "loop0:loop0:0:in_sync:0 loop1:loop1:1:in_sync:0 "
	    "loop2:loop2:2:in_sync:0" },
	{ "md2", MD_HEALTH_OK, "raid1", "clean", 2, 2, 0, "", 1,
	    63360 * 512LL, -1, "check", 512, "internal",
	    "check 9.6 3200/31680", "sdc1:sdc:0:in_sync:0 sdd1:sdd:1:in_sync:0" },
};

static char *
members_text(const struct md_array *a)
{
	const struct md_member *m;
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		buf_printf(&b, "%s%s:%s:%d:%s:%lld", i > 0 ? " " : "", m->name,
		    m->disk, m->slot, m->state_text, m->errors);
	}
	return b.data;
}

static char *
progress_text(const struct md_array *a)
{
	const struct md_progress *p = &a->progress;

	if (!p->valid)
		return NULL;
	return xasprintf("%s %.1f %lld/%lld", p->action, p->percent, p->done,
	    p->total);
}

static void
check_fixture_array(const struct md_array *a, const struct array_expect *e)
{
	char *s;

	CHECK_STR(a->name, e->name, "order");
	CHECK_LL(md_array_health(a), e->health, e->name);
	CHECK_STR(a->level, e->level, e->name);
	CHECK_STR(a->array_state, e->array_state, e->name);
	CHECK_STR(a->metadata, strcmp(e->name, "md4") == 0 ? "0.90" : "1.2",
	    e->name);
	CHECK_LL(a->raid_disks, e->raid_disks, e->name);
	CHECK_LL(a->active_disks, e->active, e->name);
	CHECK_LL(a->degraded, e->degraded, e->name);
	s = unit_md_missing_text(a);
	CHECK_STR(s, e->missing, e->name);
	free(s);
	CHECK_LL(md_array_redundancy_left(a), e->redundancy, e->name);
	CHECK_LL(a->size, e->size, e->name);
	CHECK_LL(a->chunk, e->chunk, e->name);
	CHECK_STR(a->sync_action, e->sync_action, e->name);
	CHECK_LL(a->mismatch_cnt, e->mismatch, e->name);
	CHECK_STR(a->bitmap, e->bitmap, e->name);
	s = progress_text(a);
	CHECK_STR(s, e->progress, e->name);
	free(s);
	s = members_text(a);
	CHECK_STR(s, e->members, e->name);
	free(s);
	CHECK_STR(a->error, NULL, e->name);
	CHECK_STR(a->container, NULL, e->name);
}

static void
test_plugin_fixture(void)
{
	char *root = unit_fixture_path(FIXTURE), *cause, *scan;
	struct md_snapshot *snap;
	const struct md_array *a;
	struct transport *t;
	size_t i, n = sizeof fixture_arrays / sizeof fixture_arrays[0];
	void *h = plugin_open_at(root, &t);

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(cause, NULL, "cause");
	CHECK_STR(snap->error, NULL, "snapshot error");
	CHECK_STR(snap->personalities, "raid1 raid6 raid5 raid4", "pers");
	CHECK_LL(snap->speed_limit_min, 100, "speed_limit_min");
	CHECK_LL(snap->speed_limit_max, 1000, "speed_limit_max");
	CU_ASSERT(snap->taken != 0);
	CHECK_LL(snap->count, n, "arrays");
	for (i = 0; i < n && i < snap->count; i++)
		check_fixture_array(&snap->arrays[i], &fixture_arrays[i]);
	a = md_snapshot_find(snap, "md0");
	/* As mdadm --detail --scan printed it in the lab (mdadm.conf's). */
	CHECK_STR(a->uuid, "01dd534e:178ea158:6c2db6cc:70000d37", "uuid");
	scan = unit_corpus_text("mdstat-qemu/mdadm-detail-scan.txt");
	CHECK_CONTAINS(scan, "ARRAY /dev/md0 metadata=1.2 name=mdlab:0 "
	    "UUID=01dd534e:178ea158:6c2db6cc:70000d37", "mdadm --detail --scan");
	free(scan);
	/* 0.90: sysfs 70a8d9c3-264f-1e5b-617e-048d5cf3a9b2, words swapped. */
	CHECK_STR(md_snapshot_find(snap, "md4")->uuid,
	    "c3d9a870:5b1e4f26:8d047e61:b2a9f35c", "0.90 uuid");
	CHECK_LL(a->component_size, 31680 * 1024LL, "component_size");
	CHECK_LL(a->sync_completed, 7936, "sync_completed");
	CHECK_LL(a->sync_total, 63360, "sync_total");
	CHECK_LL(a->sync_speed, 1536, "sync_speed");
	CHECK_LL(a->sync_speed_min, 100, "sync_speed_min");
	CHECK_LL(a->sync_speed_max, 1000, "sync_speed_max");
	CHECK_STR(a->last_sync_action, "recovery", "last_sync_action");
	CHECK_DBL(a->progress.finish, 0.4, "finish (mdstat's)");
	CHECK_LL(a->progress.speed, 1066, "speed (mdstat's)");
	CHECK_LL(md_member_is_rebuilding(&a->members[1]), 1, "rebuilding");
	CHECK_LL(md_member_is_working(&a->members[1]), 0, "not working yet");
	CHECK_LL(a->members[1].index, 2, "mdstat index");
	a = md_snapshot_find(snap, "md3");
	CHECK_LL(a->inactive, 1, "md3 inactive");
	CHECK_STR(a->members[0].super.role, "Active device 1", "sde1's role");
	CHECK_LL(a->members[0].super.role_slot, 1, "sde1's slot");
	CHECK_STR(md_member_role_text(&a->members[0]), "Active device 1",
	    "the superblock's role, not sysfs's spare");
	CU_ASSERT(a->super.creation_time > 0);
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	free(root);
}

/* A root with the fixture's sys and dev, and proc/ as given. */
static char *
root_with_fixture_sys(void)
{
	char *dir = unit_temp_dir("md"), *fixture, *target;

	if (dir == NULL)
		return NULL;
	fixture = absolute(unit_fixture_path(FIXTURE));
	target = xasprintf("%s/sys", fixture != NULL ? fixture : "/none");
	put_link(dir, "sys", target);
	free(target);
	free(fixture);
	unit_make_dirs(dir, "proc");
	return dir;
}

static void
test_plugin_no_mdstat(void)
{
	char *dir = root_with_fixture_sys(), *cause;
	struct md_snapshot *snap;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(cause, NULL, "no failure");
	CHECK_STR(snap->error, "no /proc/mdstat: the md driver is not "
	    "loaded", "error");
	CHECK_LL(snap->count, 0, "arrays");
	CHECK_LL(snap->speed_limit_min, -1, "speed_limit_min");
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* A /proc/mdstat that cannot be read: the arrays sysfs knows, and a note
 * saying mdstat was not read; a failure only when sysfs fails too. */
static void
test_plugin_unreadable_mdstat(void)
{
	char *dir = root_with_fixture_sys(), *cause;
	struct md_snapshot *snap;
	const struct md_array *a;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	unit_make_dirs(dir, "proc/mdstat");
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(cause, NULL, "no failure");
	CHECK_STR(snap->error, "/proc/mdstat: could not be read (/proc/mdstat: "
	    "Is a directory); arrays are shown from sysfs alone", "note");
	CHECK_LL(snap->count, 5, "arrays from sysfs");
	a = md_snapshot_find(snap, "md0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_LL(md_array_health(a), MD_HEALTH_DEGRADED, "md0 degraded");
	CHECK_STR(a->uuid, "01dd534e:178ea158:6c2db6cc:70000d37", "md0 uuid");
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
	/* Neither mdstat nor /sys/block: the scan fails, saying both. */
	dir = unit_temp_dir("md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	unit_make_dirs(dir, "proc/mdstat");
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NULL(snap);
	CHECK_STR(cause, "/proc/mdstat: Is a directory; /sys/block: No such "
	    "file or directory", "cause");
	free(cause);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* A /proc/mdstat that does not parse: arrays come from sysfs alone. */
static void
test_plugin_malformed_mdstat(void)
{
	char *dir = root_with_fixture_sys(), *cause;
	struct md_snapshot *snap;
	const struct md_array *a;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "proc/mdstat", "Personalities : [raid1]\n"
	    "md0 : active raid1 sdb1[2] sda1[0]\n      garbage\n");
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(snap->error, "/proc/mdstat line 3: md0: 'garbage' is not "
	    "'N blocks ...'; arrays are shown from sysfs alone", "error");
	CHECK_LL(snap->count, 5, "arrays from sysfs");
	CHECK_STR(snap->arrays[0].name, "md3", "failed first");
	CHECK_STR(snap->arrays[1].name, "md0", "then degraded");
	a = md_snapshot_find(snap, "md0");
	CHECK_STR(a->progress.action, "recovery", "progress from sysfs");
	CHECK_LL(a->progress.done, 7936 / 2, "done from sync_completed");
	CHECK_LL(a->progress.speed, 1536, "speed from sync_speed");
	CHECK_LL(a->members[0].index, -1, "no mdstat index");
	CHECK_STR(a->members[1].disk, "sdb", "disk");
	a = md_snapshot_find(snap, "md4");
	CHECK_LL(a->member_count, 4, "md4 members");
	CHECK_LL(md_array_health(a), MD_HEALTH_WARNING, "md4 health");
	a = md_snapshot_find(snap, "md3");
	CHECK_LL(a->inactive, 1, "md3 inactive");
	CHECK_STR(a->level, NULL, "md3 level");
	CHECK_LL(snap->speed_limit_min, -1, "no proc/sys here");
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* A hostile /proc/mdstat (names with ../ and escapes) is refused whole:
 * the arrays come from sysfs, and no name can become a path elsewhere. */
static void
test_plugin_hostile_names(void)
{
	char *dir = root_with_fixture_sys(), *cause, *hostile;
	struct md_snapshot *snap;
	struct transport *t;
	struct md_array a;
	size_t i, k;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "proc/mdstat", "Personalities : [raid1]\n"
	    "../../../tmp/evil : active raid1 sda1[0]\n"
	    "      31680 blocks super 1.2 [1/1] [U]\n\n");
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_CONTAINS(snap->error, "/proc/mdstat line 2: '../../../tmp/evil "
	    ": active raid1 sda1[0]' does not start with a kernel device "
	    "name; arrays are shown from sysfs alone", "note");
	CHECK_LL(snap->count, 5, "the arrays sysfs knows");
	for (i = 0; i < snap->count; i++) {
		CU_ASSERT(md_name_valid(snap->arrays[i].name));
		for (k = 0; k < snap->arrays[i].member_count; k++)
			CU_ASSERT(md_name_valid(
			    snap->arrays[i].members[k].name));
	}
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
	/* Member directories named "dev-.." or with an escape are skipped
	 * and named; the array itself must have a device name. */
	dir = unit_temp_dir("md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "sys/block/md9/md/level", "raid1\n");
	put_file(dir, "sys/block/md9/md/dev-sda1/state", "in_sync\n");
	put_file(dir, "sys/block/md9/md/dev-../state", "in_sync\n");
	put_file(dir, "sys/block/md9/md/dev-sd\033[2J/state", "in_sync\n");
	t = transport_local_new(dir);
	md_array_init(&a, "md9");
	CHECK_LL(md_sysfs_read_array(t, &a, &cause), 0, "read md9");
	CHECK_LL(a.member_count, 1, "members");
	CHECK_STR(a.members[0].name, "sda1", "the one real member");
	CHECK_STR(a.error, "member name: malformed '..'; member name: "
	    "malformed 'sd?[2J'", "named");
	md_array_clear(&a);
	hostile = xstrdup("../md9");
	md_array_init(&a, hostile);
	cause = NULL;
	CHECK_LL(md_sysfs_read_array(t, &a, &cause), -1, "../md9");
	CHECK_STR(cause, "not a kernel device name", "cause");
	free(cause);
	free(hostile);
	md_array_clear(&a);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* An array mdstat lists but sysfs lacks keeps mdstat's facts. */
static void
test_plugin_without_sysfs(void)
{
	char *dir = unit_temp_dir("md"), *cause;
	struct md_snapshot *snap;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	put_file(dir, "proc/mdstat", "md0 : active raid1 sdb1[1] sda1[0]\n"
	    "      1000 blocks [2/1] [_U]\n");
	h = plugin_open_at(dir, &t);
	snap = plugin_snap(h, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_LL(snap->count, 1, "arrays");
	CHECK_CONTAINS(snap->arrays[0].error, "sysfs: /sys/block/md0/md: No "
	    "such file", "error");
	CHECK_LL(snap->arrays[0].missing[0], 0, "missing from [_U]");
	CHECK_LL(md_array_health(&snap->arrays[0]), MD_HEALTH_DEGRADED,
	    "health");
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* The steps script: a recovery advancing, a member failing, done. */
static int
steps(const char *arg, const char *n, const char *dir)
{
	char sh[] = "/bin/sh", *script = unit_fixture_path("make-raid-steps.sh");
	char *a = arg != NULL ? xstrdup(arg) : NULL;
	char *b = n != NULL ? xstrdup(n) : NULL, *d = xstrdup(dir);
	char *argv[] = { sh, script, a != NULL ? a : d, b, d, NULL };
	int rc;

	if (a == NULL)
		argv[3] = NULL;
	rc = unit_run_quiet(argv);
	free(script);
	free(a);
	free(b);
	free(d);
	return rc;
}

static const struct md_array *
step_array(void *h, struct md_snapshot **snap, const char *name)
{
	char *cause;

	raid_plugin.free_snapshot(*snap);
	*snap = plugin_snap(h, &cause);
	free(cause);
	return *snap != NULL ? md_snapshot_find(*snap, name) : NULL;
}

static void
test_plugin_steps(void)
{
	char *tmp = unit_temp_dir("md"), *dir, *live;
	struct md_snapshot *snap = NULL;
	const struct md_array *a;
	struct transport *t;
	void *h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tmp);
	dir = xasprintf("%s/steps", tmp);
	CHECK_LL(steps(NULL, NULL, dir), 0, "make steps");
	live = xasprintf("%s/live", dir);
	h = plugin_open_at(live, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	a = step_array(h, &snap, "md0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_DBL(a->progress.percent, 9.6, "step 1 progress");
	CHECK_STR(snap->arrays[1].name, "md0", "md0 second");
	CHECK_LL(steps("-s", "2", dir), 0, "switch to step 2");
	a = step_array(h, &snap, "md0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_DBL(a->progress.percent, 47.5, "step 2 progress");
	CHECK_LL(a->progress.done, 15048, "step 2 done");
	a = md_snapshot_find(snap, "md1");
	CHECK_LL(md_array_health(a), MD_HEALTH_DEGRADED, "md1 degraded");
	CHECK_STR(md_array_find_member(a, "loop1")->state_text, "faulty",
	    "loop1 faulty");
	CHECK_LL(md_array_redundancy_left(a), 0, "md1 redundancy");
	CHECK_STR(snap->arrays[2].name, "md1", "md1 sorts up");
	CHECK_LL(steps("-s", "3", dir), 0, "switch to step 3");
	a = step_array(h, &snap, "md0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CHECK_LL(a->progress.valid, 0, "step 3 no progress");
	CHECK_LL(md_array_health(a), MD_HEALTH_OK, "md0 whole again");
	CHECK_STR(a->sync_action, "idle", "idle");
	CHECK_LL(steps("-s", "4", dir), 2, "no step 4");
	CHECK_LL(steps(NULL, NULL, dir), 1, "DIR exists");
	raid_plugin.free_snapshot(snap);
	raid_plugin.close(h);
	transport_free(t);
	unit_remove_tree(tmp);
	free(live);
	free(dir);
	free(tmp);
}

static void
test_plugin_descriptor(void)
{
	struct plugin_host host = { .abi = PLUGIN_ABI + 1 };
	struct plugin *p;
	char *cause = NULL, *dir;

	CHECK_STR(raid_plugin.name, "raid", "name");
	CHECK_LL(raid_plugin.abi, PLUGIN_ABI, "abi");
	CU_ASSERT_PTR_NULL(raid_plugin.open(&host, &cause));
	CHECK_CONTAINS(cause, "raid: host ABI", "cause");
	free(cause);
	cause = NULL;
	raid_plugin.close(NULL);
	/* The shared object, as rackcon loads it, when it is built. */
	dir = absolute(xstrdup("backends"));
	if (dir == NULL || access("backends/raid.so", F_OK) != 0) {
		fprintf(stderr, "\nraid.so not built: load test skipped\n");
		free(dir);
		return;
	}
	setenv("RACKCON_PLUGIN_DIR", dir, 1);
	p = plugin_load("raid", MD_MODEL, MD_MODEL_VERSION, &cause);
	unsetenv("RACKCON_PLUGIN_DIR");
	CU_ASSERT_PTR_NOT_NULL(p);
	if (p != NULL)
		CHECK_STR(p->desc->name, "raid", "loaded plugin");
	CHECK_STR(cause, NULL, "load cause");
	plugin_unload(p);
	free(cause);
	free(dir);
}

#if HAVE_DISKS_PLUGIN
/* The Disks plugin reads the same fixture's disks. */
static void
test_disks_on_fixture(void)
{
	static const char *const names[] = { "loop0", "loop1", "loop2", "sda",
		"sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh", "sdi" };
	char *root = unit_fixture_path(FIXTURE), *cause = NULL;
	struct transport *t = transport_local_new(root);
	struct disk_snapshot *snap = disk_sysfs_scan(t, &cause);
	const struct disk *d;
	size_t i, n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	CHECK_STR(snap->error, NULL, "disks error");
	/* The arrays are rows too (the block devices they are): skip them. */
	for (i = 0, n = 0; i < snap->count; i++)
		n += snap->disks[i].kind == DISK_KIND_DISK;
	CHECK_LL(n, 12, "disks");
	for (i = 0, n = 0; i < snap->count && n < 12; i++) {
		d = &snap->disks[i];
		if (d->kind != DISK_KIND_DISK)
			continue;
		CHECK_STR(d->name, names[n], "disk order");
		n++;
		CHECK_STR(d->error, NULL, d->name);
		CU_ASSERT(d->md != NULL);
		if (d->name[0] != 's')
			continue;
		CHECK_LL(d->queue_depth, 192, d->name);
		CHECK_LL(d->timeout, d->name[2] >= 'f' ? 180 : 30, d->name);
		CHECK_STR(d->transport, "scsi", d->name);
		CHECK_STR(d->model, "scsi_debug", d->name);
		CHECK_LL(d->partition_count, 1, d->name);
	}
	d = disk_snapshot_find(snap, "sda");
	CHECK_STR(d->md, "md0", "sda md");
	CHECK_STR(d->serial, "2000", "sda serial");
	CHECK_STR(d->partitions[0].md, "md0", "sda1 md");
	CHECK_STR(disk_snapshot_find(snap, "loop1")->md, "md1", "loop1 md");
	disk_snapshot_free(snap);
	transport_free(t);
	free(root);
}
#endif

/* Every file, directory and link a RAID refresh of root reads is named by
 * the plugin's prefetch: over SSH a refresh is that one round trip (and
 * the mdadm calls). */
static void
check_raid_covered(const char *root, const char *what)
{
	static const int flags[] = {0, PLUGIN_SNAP_NO_SLOW};
	static const unsigned prefetches[] = {1, 1};

	unit_check_prefetch(&raid_plugin, root, flags, prefetches,
	                    sizeof flags / sizeof flags[0], what);
}

static void
test_raid_prefetch_covers(void)
{
	char *dir = unit_temp_dir("raid-prefetch"), *root, *fixture;
	char *script = unit_fixture_path("make-many-arrays.sh");
	char sh[] = "/bin/sh", four[] = "4";
	char *argv[] = {sh, script, four, four, NULL, NULL};

	fixture = unit_fixture_path("sysroot-raid");
	check_raid_covered(fixture, "sysroot-raid");
	free(fixture);
	fixture = unit_fixture_path("sysroot-md-add");
	check_raid_covered(fixture, "sysroot-md-add");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	root = xasprintf("%s/root", dir);
	argv[4] = root;
	CU_ASSERT_EQUAL_FATAL(unit_run_quiet(argv), 0);
	check_raid_covered(root, "4 arrays");
	unit_remove_tree(dir);
	free(root);
	free(script);
	free(fixture);
	free(dir);
}

static void
md_sysfs_add_tests(CU_pSuite s)
{
	CU_add_test(s, "plugin: a refresh reads only what it prefetches",
	            test_raid_prefetch_covers);
	CU_add_test(s, "corpus EXPECTED.tsv, row by row", test_expected_tsv);
	CU_add_test(s, "corpus tree: roles from rdN, progress",
	    test_corpus_roles);
	CU_add_test(s, "uuid in mdadm's form", test_uuid_mdadm);
	CU_add_test(s, "leading numbers", test_parse_number);
	CU_add_test(s, "slot and state", test_parse_slot_state);
	CU_add_test(s, "sync_completed", test_parse_sync_completed);
	CU_add_test(s, "bitmap/location", test_parse_bitmap);
	CU_add_test(s, "disk of a partition from its link",
	    test_disk_from_link);
	CU_add_test(s, "members' disks: partition file, then name",
	    test_member_disks);
	CU_add_test(s, "malformed attributes are named", test_bad_attributes);
	CU_add_test(s, "plugin: the fixture, every array", test_plugin_fixture);
	CU_add_test(s, "plugin: no /proc/mdstat", test_plugin_no_mdstat);
	CU_add_test(s, "plugin: unreadable /proc/mdstat, sysfs read",
	    test_plugin_unreadable_mdstat);
	CU_add_test(s, "plugin: malformed /proc/mdstat",
	    test_plugin_malformed_mdstat);
	CU_add_test(s, "plugin: no sysfs", test_plugin_without_sysfs);
	CU_add_test(s, "plugin: hostile names from mdstat and sysfs",
	    test_plugin_hostile_names);
	CU_add_test(s, "plugin: steps between refreshes", test_plugin_steps);
	CU_add_test(s, "plugin: descriptor and loading",
	    test_plugin_descriptor);
#if HAVE_DISKS_PLUGIN
	CU_add_test(s, "disks plugin on the raid fixture",
	    test_disks_on_fixture);
#endif
}
