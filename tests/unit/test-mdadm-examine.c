/* Unit tests for the mdadm --examine parser (1.x and 0.90) and mdadm's
 * names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "md.h"
#include "mdadm-examine.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("mdadm-examine", mdadm_examine_add_tests)

static char *saved_tz;

/* Read times in zone tz (a POSIX TZ string: no tz database needed). */
static void
tz_set(const char *tz)
{
	const char *old = getenv("TZ");

	if (saved_tz == NULL)
		saved_tz = xstrdup(old != NULL ? old : "");
	setenv("TZ", tz, 1);
	tzset();
}

static void
tz_restore(void)
{
	if (saved_tz == NULL)
		return;
	if (*saved_tz == '\0')
		unsetenv("TZ");
	else
		setenv("TZ", saved_tz, 1);
	tzset();
	free(saved_tz);
	saved_tz = NULL;
}

/* The value of KEY= in the --export capture of the same superblock. */
static long long
export_value(const char *key)
{
	char *text = unit_corpus_text("mdstat-qemu/mdadm-examine-export-sda1.txt");
	char *p, *line;
	long long n = -2;

	if (text == NULL)
		return -2;
	p = strstr(text, key);
	if (p != NULL) {
		line = p + strlen(key);
		line[strcspn(line, "\n")] = '\0';
		if (parse_ll(line, &n) != 0)
			n = -2;
	}
	free(text);
	return n;
}

/* The real output captured in the qemu lab (mdadm 4.2, 1.2 metadata, a
 * guest in UTC): the update time is --export's MD_UPDATE_TIME. */
static void
test_corpus_sample(void)
{
	char *text = unit_corpus_text("mdstat-qemu/mdadm-examine-sda1.txt");
	char *cause = NULL;
	struct md_super s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	tz_set("UTC0");
	CHECK_LL(mdadm_examine_parse(text, &s, &cause), 0, "parse");
	tz_restore();
	CHECK_STR(cause, NULL, "cause");
	CHECK_STR(s.level, "raid1", "level");
	CHECK_LL(s.devices, 2, "devices");
	CHECK_STR(s.name, "mdlab:0", "name, less '(local to host mdlab)'");
	CHECK_STR(s.uuid, "01dd534e:178ea158:6c2db6cc:70000d37", "uuid");
	CHECK_LL(s.update_time, export_value("MD_UPDATE_TIME="),
	    "update time = --export's");
	CHECK_LL(s.update_time, 1795317165, "update time");
	CHECK_LL(s.creation_time, 1795317155, "Sun Nov 22 03:12:35 2026");
	CHECK_LL(s.events, export_value("MD_EVENTS="), "events = --export's");
	CHECK_STR(s.role, "Active device 0", "role");
	CHECK_LL(s.role_slot, 0, "role slot");
	md_super_clear(&s);
	free(text);
}

/* 0.90 as examine_super0() in mdadm's super0.c prints it: a UUID line
 * (with the local-host remark), no name, the device table's "this" row. */
#define SB090_HEAD \
	"/dev/sdf1:\n" \
	"          Magic : a92b4efc\n" \
	"        Version : 0.90.00\n" \
	"           UUID : c3d9a870:5b1e4f26:8d047e61:b2a9f35c (local to " \
	"host mdlab)\n" \
	"  Creation Time : Sun Nov 22 03:05:00 2026\n" \
	"     Raid Level : raid1\n" \
	"  Used Dev Size : 31680 (30.94 MiB 32.44 MB)\n" \
	"     Array Size : 31680 (30.94 MiB 32.44 MB)\n" \
	"   Raid Devices : 2\n" \
	"  Total Devices : 4\n" \
	"Preferred Minor : 4\n" \
	"\n" \
	"    Update Time : Sun Nov  1 03:07:30 2026\n" \
	"          State : clean\n" \
	" Active Devices : 2\n" \
	"Working Devices : 3\n" \
	" Failed Devices : 1\n" \
	"  Spare Devices : 1\n" \
	"       Checksum : 1c9a4e27 - correct\n" \
	"         Events : 42\n" \
	"\n" \
	"\n" \
	"      Number   Major   Minor   RaidDevice State\n"
#define SB090_TABLE \
	"\n" \
	"   0     0       8       81        0      active sync   /dev/sdf1\n" \
	"   1     1       8      113        1      active sync   /dev/sdh1\n" \
	"   2     2       8       97        2      faulty   /dev/sdg1\n"

static void
test_090(void)
{
	static const struct {
		const char *this_row, *role;
		int slot;
	} cases[] = {
		{ "this     0       8       81        0      active sync   "
		    "/dev/sdf1", "Active device 0", 0 },
		{ "this     1       8      113        1      active sync "
		    "write-mostly   /dev/sdh1", "Active device 1", 1 },
		{ "this     3       8      129        3      spare   /dev/sdi1",
		    "spare", -1 },
		{ "this     2       8       97        2      faulty", "faulty",
		    -1 },
		{ "this     1       8       97        1      faulty removed   "
		    "/dev/sdg1", "faulty", -1 },
		{ "this     2       8       97        2      sync   /dev/sdg1",
		    "sync", -1 },
	};
	struct md_super s;
	char *text, *cause = NULL;
	size_t i;

	tz_set("UTC0");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = xasprintf("%s%s\n%s", SB090_HEAD, cases[i].this_row,
		    SB090_TABLE);
		CHECK_LL(mdadm_examine_parse(text, &s, &cause), 0,
		    cases[i].this_row);
		CHECK_STR(cause, NULL, cases[i].this_row);
		CHECK_STR(s.role, cases[i].role, cases[i].this_row);
		CHECK_LL(s.role_slot, cases[i].slot, cases[i].this_row);
		CHECK_STR(s.name, NULL, "0.90: no name");
		CHECK_STR(s.uuid, "c3d9a870:5b1e4f26:8d047e61:b2a9f35c",
		    "uuid, less the remark");
		CHECK_STR(s.level, "raid1", "level");
		CHECK_LL(s.devices, 2, "devices");
		CHECK_LL(s.events, 42, "events");
		CHECK_LL(s.creation_time, 1795316700, "creation time");
		CHECK_LL(s.update_time, 1793502450, "Sun Nov  1 03:07:30 2026");
		md_super_clear(&s);
		free(text);
	}
	tz_restore();
}

/* 1.x roles as examine_super1() words them. */
static void
test_roles_1x(void)
{
	static const struct {
		const char *role;
		int slot;
	} cases[] = {
		{ "Active device 3", 3 }, { "Replacement device 1", -1 },
		{ "spare", -1 }, { "Journal", -1 },
	};
	struct md_super s;
	char *text, *cause = NULL;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = xasprintf("     Array UUID : 01dd534e:178ea158:6c2db6cc:"
		    "70000d37\n   Device Role : %s\n   Array State : A.AA "
		    "('A' == active, '.' == missing, 'R' == replacing)\n",
		    cases[i].role);
		CHECK_LL(mdadm_examine_parse(text, &s, &cause), 0,
		    cases[i].role);
		CHECK_STR(s.role, cases[i].role, cases[i].role);
		CHECK_LL(s.role_slot, cases[i].slot, cases[i].role);
		CHECK_LL(s.creation_time, -1, "no time given");
		md_super_clear(&s);
		free(text);
	}
}

/* ctime(3) text read as UTC (mdadm runs with TZ=UTC0), whatever rackcon's
 * own zone and its daylight saving. */
static void
test_ctime(void)
{
	static const struct {
		const char *tz, *text;
		long long want;
	} cases[] = {
		{ "UTC0", "Sun Nov 22 03:12:45 2026", 1795317165 },
		{ "UTC0", "Thu Jan  1 00:00:00 1970", 0 },
		{ "UTC0", "Mon Nov  2 03:12:45 2026", 1793589165 },
		/* rackcon in New York (EST in November, EDT in July) or in
		 * Paris: the same seconds. */
		{ "EST5EDT,M3.2.0,M11.1.0", "Sun Nov 22 03:12:45 2026",
		    1795317165 },
		{ "EST5EDT,M3.2.0,M11.1.0", "Wed Jul 22 03:12:45 2026",
		    1784689965 },
		{ "CET-1", "Thu Jan  1 00:00:00 1970", 0 },
	};
	static const char *const bad[] = {
		"", "(null)", "Sun Nov 31 03:12:45 2026", /* no such day */
		"Mon Nov 22 03:12:45 2026",               /* a Sunday */
		"Sun Nov 22 24:00:00 2026", "Sun Nov 22 03:12 2026",
		"Sun Nov 22 03:12:45 26", "sun nov 22 03:12:45 2026",
		"Sun Nov 22 03:12:45 2026 x", "Sun Nov +22 03:12:45 2026",
		"Sun Nov 22 03:12:45 1969", "Sun Nov 22 03:12:45 20266",
	};
	long long got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tz_set(cases[i].tz);
		got = -2;
		CHECK_LL(mdadm_ctime_parse(cases[i].text, &got), 0,
		    cases[i].text);
		CHECK_LL(got, cases[i].want, cases[i].text);
		tz_restore();
	}
	tz_set("UTC0");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_LL(mdadm_ctime_parse(bad[i], &got), -1, bad[i]);
	tz_restore();
}

static void
test_errors(void)
{
	static const struct {
		const char *text, *cause;
	} cases[] = {
		{ "", "no UUID: no superblock was read" },
		{ "mdadm: No md superblock detected on /dev/sdz1.\n",
		    "no UUID" },
		{ "     Raid Level : raid1\n", "no UUID" },
		{ "     Array UUID : 01dd534e:178ea158:6c2db6cc:70000d37\n"
		    "         Events : x\n", "line 2: malformed 'Events : x'" },
		{ "         Events : -1\n", "malformed 'Events : -1'" },
		{ "     Array UUID : 01dd534e-178e-a158-6c2d-b6cc70000d37\n",
		    "line 1: malformed 'Array UUID : 01dd534e-" },
		{ "           Name : a\033]0;x\n", "malformed 'Name : a?]0;x'" },
		{ "     Raid Level : raid1;rm\n", "malformed 'Raid Level" },
		{ "   Raid Devices : 99999999999\n", "malformed 'Raid Devices" },
		{ "  Creation Time : yesterday\n", "malformed 'Creation Time" },
		{ "    Update Time : Sun Nov 31 03:12:45 2026\n",
		    "malformed 'Update Time" },
		{ "   Device Role : Active device x\n", "malformed 'Device Role" },
		{ "   Device Role : \001\n", "malformed 'Device Role" },
		{ "           UUID : 01dd534e:178ea158:6c2db6cc:70000d37\n"
		    "           UUID : 01dd534e:178ea158:6c2db6cc:70000d37\n",
		    "line 2: malformed 'UUID" },
		{ "this     0       8       81        0      bogus   /dev/sdf1\n",
		    "malformed 'this" },
		{ "this     0       8       81        0   /dev/sdf1\n",
		    "malformed 'this" },
		{ "this  0 8 81\n", "malformed 'this" },
	};
	struct md_super s;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		CHECK_LL(mdadm_examine_parse(cases[i].text, &s, &cause), -1,
		    cases[i].text);
		CHECK_CONTAINS(cause, cases[i].cause, cases[i].text);
		CU_ASSERT_PTR_NULL(s.uuid);
		CU_ASSERT_PTR_NULL(s.level);
		CU_ASSERT_PTR_NULL(s.role);
		free(cause);
	}
}

/* An inactive array's missing slots come from its members' superblocks,
 * and their roles are what the superblocks say. */
static void
test_missing_from_supers(void)
{
	struct md_array a;
	struct md_member *m;

	md_array_init(&a, "md3");
	md_array_missing_from_supers(&a);
	CHECK_LL(a.missing_count, 0, "superblock not read: untouched");
	a.super.uuid = xstrdup("9b3f5e21:0c7d4a88:e5f1b2c3:7a6d8e90");
	a.super.devices = 4;
	m = md_array_add_member(&a, "sde1");
	m->state = MD_MEMBER_SPARE;
	m->super.role = xstrdup("Active device 1");
	m->super.role_slot = 1;
	m = md_array_add_member(&a, "sdf1");
	m->super.role = xstrdup("spare");
	m = md_array_add_member(&a, "sdg1");
	m->super.role = xstrdup("Active device 3");
	m->super.role_slot = 3;
	md_array_missing_from_supers(&a);
	CHECK_LL(a.missing_count, 2, "slots 0 and 2");
	if (a.missing_count == 2) {
		CHECK_LL(a.missing[0], 0, "missing[0]");
		CHECK_LL(a.missing[1], 2, "missing[1]");
	}
	CHECK_STR(md_member_role_text(&a.members[0]), "Active device 1",
	    "the superblock's role, not sysfs's spare");
	free(a.members[0].super.role);
	a.members[0].super.role = NULL;
	CHECK_STR(md_member_role_text(&a.members[0]), "spare",
	    "no superblock read: sysfs's");
	md_array_clear(&a);
}

/* One member with a superblock: role slot (-1 none) and events. */
static void
add_super_member(struct md_array *a, const char *name, int slot,
    long long events)
{
	struct md_member *m = md_array_add_member(a, name);

	m->super.role_slot = slot;
	m->super.events = events;
}

/* An inactive array's start command only when the members present, with
 * the newest data, hold the roles its level needs; else the reason. */
static void
test_start_problem(void)
{
	struct md_array a;
	char *start, *why;

	md_array_init(&a, "md5");
	a.array_state = xstrdup("inactive");
	a.level = xstrdup("raid5");
	why = md_array_start_problem(&a);
	CU_ASSERT(why != NULL && strstr(why, "superblock") != NULL);
	free(why);
	CU_ASSERT_PTR_NULL(md_array_start_command(&a));
	a.super.uuid = xstrdup("5d7acb45:b8a1d9fe:18b68402:6b10644b");
	a.super.level = xstrdup("raid5");
	a.super.devices = 3;
	add_super_member(&a, "loop0", 0, 20);
	why = md_array_start_problem(&a);
	CHECK_STR(why, "1 of 3 roles present with current data, and raid5 "
	    "needs 2: add the missing members (mdadm --add) or find them",
	    "raid5 with one member");
	free(why);
	CU_ASSERT_PTR_NULL(md_array_start_command(&a));
	/* A stale member (fewer events) does not count. */
	add_super_member(&a, "loop1", 1, 12);
	why = md_array_start_problem(&a);
	CU_ASSERT(why != NULL && strncmp(why, "1 of 3", 6) == 0);
	free(why);
	add_super_member(&a, "loop2", 2, 20);
	CU_ASSERT_PTR_NULL(md_array_start_problem(&a));
	start = md_array_start_command(&a);
	CHECK_STR(start, "mdadm --run /dev/md5", "two current of three");
	free(start);
	md_array_clear(&a);
}

/* md/layout in mdadm's words (maps.c, Detail.c). */
static void
test_layout_names(void)
{
	static const struct {
		const char *level;
		long long layout;
		const char *want;
	} cases[] = {
		{ "raid5", 2, "left-symmetric" }, { "raid5", 0,
		"left-asymmetric" }, { "raid4", 5, "parity-last" },
		{ "raid6", 18, "left-symmetric-6" }, { "raid6", 3,
		"right-symmetric" }, { "raid10", 0x202, "near=2, far=2" },
		{ "raid10", 2, "near=2" }, { "raid10", 0x201, "far=2" },
		{ "raid10", 0x10201, "offset=2" }, { "raid0", 2, "alternate" },
		{ "raid0", 0, NULL }, { "raid1", 0, NULL }, { "raid5", 99,
		NULL }, { NULL, 2, NULL }, { "raid5", -1, NULL },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = md_layout_name(cases[i].level, cases[i].layout);
		CHECK_STR(got, cases[i].want, cases[i].want != NULL ?
		    cases[i].want : "none");
		free(got);
	}
}

static void
mdadm_examine_add_tests(CU_pSuite s)
{
	CU_add_test(s, "corpus: --examine of sda1 (1.2)", test_corpus_sample);
	CU_add_test(s, "0.90 superblock: the this row", test_090);
	CU_add_test(s, "1.x device roles", test_roles_1x);
	CU_add_test(s, "ctime text in the local zone", test_ctime);
	CU_add_test(s, "malformed output refused", test_errors);
	CU_add_test(s, "inactive array: missing slots and roles",
	    test_missing_from_supers);
	CU_add_test(s, "layout names", test_layout_names);
	CU_add_test(s, "inactive array: can it start", test_start_problem);
}
