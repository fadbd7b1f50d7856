/* Runs the CUnit suites registered by tests/unit/test-*.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit.h"
#include "xmalloc.h"

struct unit_suite {
	const char *name;
	void (*add)(CU_pSuite);
};

static struct unit_suite suites[128];
static size_t suite_count;

void
unit_add_suite(const char *name, void (*add)(CU_pSuite))
{
	if (suite_count == sizeof suites / sizeof suites[0])
		fatal("too many unit suites");
	suites[suite_count].name = name;
	suites[suite_count].add = add;
	suite_count++;
}

char *
unit_corpus_path(const char *rel)
{
	const char *dir = getenv("CORPUS_DIR");

	return xasprintf("%s/%s", dir != NULL ? dir : CORPUS_DIR, rel);
}

char *
unit_fixture_path(const char *rel)
{
	return xasprintf("%s/%s", FIXTURE_DIR, rel);
}

char *
unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			data = xreallocarray(data, cap, 1);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len != NULL)
		*len = n;
	return data;
}

static int
wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], name) == 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned failed;
	size_t i;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (i = 0; i < suite_count; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		s = CU_add_suite(suites[i].name, NULL, NULL);
		if (s == NULL)
			return 2;
		suites[i].add(s);
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	printf("\nunit: %u passed, %u failed\n",
	    CU_get_number_of_tests_run() - CU_get_number_of_tests_failed(),
	    CU_get_number_of_tests_failed());
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
}
