/* Unit tests for the /proc/partitions parser and the quick listing's use
 * of it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proc-partitions.h"
#include "unit.h"

UNIT_SUITE("proc-partitions", add_tests)

/* As a 6.1 kernel prints it: the heading, a blank line, then devices. */
static const char sample[] =
    "major minor  #blocks  name\n"
    "\n"
    " 254        0  268435456 vda\n"
    " 254        1  268434415 vda1\n"
    "   8        0 3907018584 sda\n"
    "   8        1    1048576 sda1\n"
    " 259        0  976762584 nvme0n1\n"
    " 259        1  976761560 nvme0n1p1\n"
    "   9      127 3906885632 md127\n"
    " 104        0   71652960 cciss/c0d0\n"
    "   7        0      10240 loop0\n";

static void
test_sample(void)
{
	struct proc_partitions *pp;
	long long bytes = -1;
	size_t bad = 99;

	pp = proc_partitions_parse(sample, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(proc_partitions_count(pp), 9);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "sda", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 3907018584LL * 1024);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "vda", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 268435456LL * 1024);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "nvme0n1p1", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 976761560LL * 1024);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "loop0", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 10240LL * 1024);
	/* Named as sysfs names it. */
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "cciss!c0d0", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 71652960LL * 1024);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "cciss/c0d0", &bytes), 0);
	/* Not listed: not found, *bytes untouched. */
	bytes = -7;
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "sdb", &bytes), 0);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "sd", &bytes), 0);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "", &bytes), 0);
	CU_ASSERT_EQUAL(bytes, -7);
	proc_partitions_free(pp);
}

static void
test_malformed(void)
{
	static const char text[] =
	    "major minor  #blocks  name\n"
	    "   8        0 100 sda\n"
	    "   8       16 sdb\n"                       /* three fields */
	    "   8       32 100 sdc extra\n"             /* five */
	    "   8       48 -100 sdd\n"                  /* negative */
	    "   x       64 100 sde\n"                   /* not a number */
	    "   8       80 99999999999999999999 sdf\n"  /* too large */
	    "   8       96 9007199254740992 sdg\n"      /* bytes overflow */
	    "   8      112 0x10 sdh\n"                  /* not decimal */
	    "\t8\t128\t200\tsdi\r\n"                    /* tabs, CR */
	    "   8        0 300 sda\n";                  /* again: first wins */
	struct proc_partitions *pp;
	long long bytes;
	size_t bad;
	const char *gone[] = {"sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh"};
	size_t i;

	pp = proc_partitions_parse(text, &bad);
	CU_ASSERT_EQUAL(bad, 7);
	CU_ASSERT_EQUAL(proc_partitions_count(pp), 2);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "sda", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 100 * 1024);
	CU_ASSERT_EQUAL(proc_partitions_size(pp, "sdi", &bytes), 1);
	CU_ASSERT_EQUAL(bytes, 200 * 1024);
	for (i = 0; i < sizeof gone / sizeof gone[0]; i++)
		CU_ASSERT_EQUAL(proc_partitions_size(pp, gone[i], &bytes), 0);
	proc_partitions_free(pp);
}

static void
test_empty(void)
{
	static const char *const texts[] = {"", "\n\n",
	    "major minor  #blocks  name\n\n", "no newline at all"};
	struct proc_partitions *pp;
	long long bytes;
	size_t i, bad;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		pp = proc_partitions_parse(texts[i], &bad);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pp);
		CU_ASSERT_EQUAL(proc_partitions_count(pp), 0);
		CU_ASSERT_EQUAL(bad, i == 3 ? 1 : 0);
		CU_ASSERT_EQUAL(proc_partitions_size(pp, "sda", &bytes), 0);
		proc_partitions_free(pp);
	}
	pp = proc_partitions_parse(sample, NULL); /* bad may be NULL */
	proc_partitions_free(pp);
	proc_partitions_free(NULL);
}

/* This machine's own file, whatever it lists: every device line parses. */
static void
test_this_machine(void)
{
	struct proc_partitions *pp;
	char *text = unit_read_file("/proc/partitions", NULL);
	size_t bad;

	if (text == NULL)
		return; /* not Linux, or no /proc: nothing to compare */
	pp = proc_partitions_parse(text, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	proc_partitions_free(pp);
	free(text);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "a kernel's /proc/partitions", test_sample);
	CU_add_test(s, "malformed lines skipped and counted", test_malformed);
	CU_add_test(s, "empty and heading-only text", test_empty);
	CU_add_test(s, "this machine's /proc/partitions", test_this_machine);
}
