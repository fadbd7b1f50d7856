/*
 * Unit test registration: each tests/unit/test-*.c file declares its suite
 * with UNIT_SUITE("name", add_fn); add_fn adds the tests with CU_add_test.
 * run-unit.c runs them all (or those named on its command line).
 */
#ifndef RACKCON_UNIT_H
#define RACKCON_UNIT_H

#include <CUnit/CUnit.h>

void unit_add_suite(const char *name, void (*add)(CU_pSuite));

#define UNIT_SUITE(name, fn)                                            \
	static void fn(CU_pSuite);                                      \
	__attribute__((constructor)) static void fn##_register(void)    \
	{                                                               \
		unit_add_suite(name, fn);                               \
	}

/* Path of a file in ../shared/corpus (CORPUS_DIR) or tests/fixtures.
 * Returns a static-free fresh string; caller frees. */
char *unit_corpus_path(const char *rel);
char *unit_fixture_path(const char *rel);
/* Whole file, NUL-terminated; NULL if it cannot be read. Caller frees. */
char *unit_read_file(const char *path, size_t *len);

#endif
