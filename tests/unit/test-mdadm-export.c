/* Unit tests for the mdadm --examine --export parser and mdadm's names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "mdadm-export.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("mdadm-export", mdadm_export_add_tests)

/* The real output captured in the qemu lab (mdadm 4.2, 1.2 metadata). */
static void
test_corpus_sample(void)
{
	char *text = unit_corpus_text("mdstat-qemu/mdadm-examine-export-sda1.txt");
	char *cause = NULL;
	struct md_super s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CHECK_LL(mdadm_export_parse(text, &s, &cause), 0, "parse");
	CHECK_STR(cause, NULL, "cause");
	CHECK_STR(s.level, "raid1", "level");
	CHECK_LL(s.devices, 2, "devices");
	CHECK_STR(s.name, "mdlab:0", "name");
	CHECK_STR(s.uuid, "01dd534e:178ea158:6c2db6cc:70000d37", "uuid");
	CHECK_LL(s.update_time, 1795317165, "update time");
	CHECK_LL(s.events, 17, "events");
	md_super_clear(&s);
	free(text);
}

/* 0.90: no name, the UUID as %08x words. */
static void
test_090(void)
{
	struct md_super s;
	char *cause = NULL;

	CHECK_LL(mdadm_export_parse("MD_LEVEL=raid1\nMD_DEVICES=2\n"
	    "MD_UUID=c3d9a870:5b1e4f26:8d047e61:b2a9f35c\n"
	    "MD_UPDATE_TIME=1795316850\nMD_EVENTS=42\n", &s, &cause), 0, "0.90");
	CHECK_STR(s.name, NULL, "no name");
	CHECK_LL(s.events, 42, "events");
	md_super_clear(&s);
}

static void
test_errors(void)
{
	static const struct {
		const char *text, *cause;
	} cases[] = {
		{ "", "no MD_UUID: no superblock was read" },
		{ "MD_LEVEL=raid1\n", "no MD_UUID" },
		{ "garbage\n", "line 1: 'garbage' is not KEY=VALUE" },
		{ "MD_LEVEL=raid1\nMD_EVENTS=x\n", "line 2: malformed "
		    "'MD_EVENTS=x'" },
		{ "MD_EVENTS=-1\n", "malformed 'MD_EVENTS=-1'" },
		{ "MD_UUID=01dd534e-178e-a158-6c2d-b6cc70000d37\n",
		    "malformed 'MD_UUID=" },
		{ "MD_NAME=a\033]0;x\n", "malformed 'MD_NAME=a?]0;x'" },
		{ "MD_LEVEL=raid1;rm\n", "malformed 'MD_LEVEL=raid1;rm'" },
		{ "md_level=raid1\n", "malformed 'md_level=raid1'" },
		{ "MD_OTHER=\001\n", "unprintable value" },
		{ "MD_DEVICES=99999999999\n", "malformed 'MD_DEVICES" },
	};
	struct md_super s;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		CHECK_LL(mdadm_export_parse(cases[i].text, &s, &cause), -1,
		    cases[i].text);
		CHECK_CONTAINS(cause, cases[i].cause, cases[i].text);
		CU_ASSERT_PTR_NULL(s.uuid);
		CU_ASSERT_PTR_NULL(s.level);
		free(cause);
	}
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
mdadm_export_add_tests(CU_pSuite s)
{
	CU_add_test(s, "corpus: --examine --export of sda1",
	    test_corpus_sample);
	CU_add_test(s, "0.90 superblock", test_090);
	CU_add_test(s, "malformed output refused", test_errors);
	CU_add_test(s, "layout names", test_layout_names);
}
