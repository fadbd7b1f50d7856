/* Unit tests for the `blkid -o export` parser (backends/disks/blkid-export.c). */
#include "config.h"

#include <stdlib.h>

#include "blkid-export.h"
#include "unit.h"

static void add_tests(CU_pSuite s);
UNIT_SUITE("blkid-export", add_tests)

/* As util-linux 2.38's blkid printed it for two loop devices (one with a
 * label of blanks, quotes and $), a GPT disk and its partitions. */
static const char sample[] =
    "DEVNAME=/dev/loop0\n"
    "LABEL=a\\ b\\\"c\\$d\n"
    "UUID=b5eb89f5-7c3f-4872-a09c-e557ca6c22b6\n"
    "BLOCK_SIZE=1024\n"
    "TYPE=ext4\n"
    "\n"
    "DEVNAME=/dev/sda\n"
    "PTUUID=9d3c2b61-9f2e-4a0c-8a5e-2f1d7c3b4a51\n"
    "PTTYPE=gpt\n"
    "\n"
    "DEVNAME=/dev/sda1\n"
    "UUID=3F2A-91C4\n"
    "BLOCK_SIZE=512\n"
    "TYPE=vfat\n"
    "PARTUUID=0c6f1a2e-52f6-4f38-b1b3-3c0c5d2e9f10\n"
    "\n"
    "DEVNAME=/dev/sda3\n"
    "PARTUUID=77d1e0a4-7a2d-4c1b-9a3f-5d1c2b3a4f20\n";

static void
test_sample(void)
{
	const struct blkid_export_dev *d;
	struct blkid_export *e;
	size_t bad;

	e = blkid_export_parse(sample, &bad);
	CHECK_LL(bad, 0, "malformed lines");
	CHECK_LL(e->n, 4, "devices");
	d = blkid_export_find(e, "/dev/loop0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, "ext4", "loop0 type");
	CHECK_STR(d->label, "a b\"c$d", "loop0 label, unescaped");
	CHECK_STR(d->uuid, "b5eb89f5-7c3f-4872-a09c-e557ca6c22b6", "uuid");
	CHECK_STR(d->partuuid, NULL, "loop0 partuuid");
	d = blkid_export_find(e, "/dev/sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, NULL, "a partition table is no filesystem");
	CHECK_STR(d->uuid, NULL, "PTUUID is not UUID");
	d = blkid_export_find(e, "/dev/sda1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, "vfat", "sda1 type");
	CHECK_STR(d->partuuid, "0c6f1a2e-52f6-4f38-b1b3-3c0c5d2e9f10",
	          "sda1 partuuid");
	d = blkid_export_find(e, "/dev/sda3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, NULL, "an empty partition");
	CHECK_STR(d->partuuid, "77d1e0a4-7a2d-4c1b-9a3f-5d1c2b3a4f20",
	          "its partuuid all the same");
	CU_ASSERT_PTR_NULL(blkid_export_find(e, "/dev/sdb"));
	blkid_export_free(e);
}

/* No blank line between devices (blkid leaves it out after one that had
 * nothing), junk before the first, a line without '=', an empty value, a
 * key given twice (the first stands), no newline at the end. */
static void
test_rough(void)
{
	const struct blkid_export_dev *d;
	struct blkid_export *e;
	size_t bad;

	e = blkid_export_parse("TYPE=orphan\nnonsense\n"
	    "DEVNAME=/dev/a\nTYPE=xfs\nTYPE=ext2\nLABEL=\n"
	    "DEVNAME=/dev/b\nTYPE=swap\\", &bad);
	CHECK_LL(bad, 1, "the line without '='");
	CHECK_LL(e->n, 2, "devices");
	d = blkid_export_find(e, "/dev/a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, "xfs", "the first TYPE");
	CHECK_STR(d->label, NULL, "an empty label is none");
	d = blkid_export_find(e, "/dev/b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CHECK_STR(d->type, "swap\\", "a lone backslash at the end stays");
	blkid_export_free(e);
	e = blkid_export_parse("", &bad);
	CHECK_LL(e->n, 0, "nothing");
	blkid_export_free(e);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "blkid -o export of loops and a GPT disk", test_sample);
	CU_add_test(s, "rough input", test_rough);
}
