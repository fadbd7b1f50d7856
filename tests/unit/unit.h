/*
 * Unit test registration: each tests/unit/test-*.c file declares its suite
 * with UNIT_SUITE("name", add_fn); add_fn adds the tests with CU_add_test.
 * run-unit.c runs them all (or those named on its command line), and
 * defines the helpers below that the test files share.
 */
#ifndef RACKCON_UNIT_H
#define RACKCON_UNIT_H

#include <stddef.h>

#include <CUnit/CUnit.h>

#include "transport.h"

struct change_plan;
struct change_step;
struct md_array;

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
/* The lines of a file, as fresh strings (count in *n); NULL (and *n 0) if
 * it cannot be read. Free with string_list_free. */
char **unit_read_lines(const char *path, size_t *n);
/* unit_read_file of a corpus file; NULL after saying it cannot be read. */
char *unit_corpus_text(const char *rel);
/* Split a TSV line into at most max fields in place, empty fields kept;
 * the number of fields. */
size_t unit_tsv_split(char *line, char **fields, size_t max);

/*
 * Assertions that print got and want on failure and count as one CUnit
 * assert each, under the caller's file and line. CHECK_DBL allows a
 * relative error of 1e-9; CHECK_CONTAINS wants got to hold want.
 */
#define CHECK_STR(got, want, what) \
	unit_check_str((got), (want), (what), __FILE__, __LINE__)
#define CHECK_LL(got, want, what) \
	unit_check_ll((long long)(got), (long long)(want), (what), __FILE__, \
	    __LINE__)
#define CHECK_DBL(got, want, what) \
	unit_check_dbl((got), (want), (what), __FILE__, __LINE__)
#define CHECK_CONTAINS(got, want, what) \
	unit_check_contains((got), (want), (what), __FILE__, __LINE__)

void unit_check_str(const char *got, const char *want, const char *what,
    const char *file, int line);
void unit_check_ll(long long got, long long want, const char *what,
    const char *file, int line);
void unit_check_dbl(double got, double want, const char *what,
    const char *file, int line);
void unit_check_contains(const char *got, const char *want, const char *what,
    const char *file, int line);
/* Equal strings, or both NULL. */
int unit_same_str(const char *a, const char *b);

/* A fresh NULL-terminated argv of the arguments up to a NULL; free it with
 * unit_argv_free. */
char **unit_argv(const char *first, ...);
void unit_argv_free(char **argv);

/* Run argv[0] (a full path) with stdin, stdout and stderr on /dev/null;
 * its exit status, or -1 if it did not run or did not exit. */
int unit_run_quiet(char *const argv[]);
/* A fresh directory /tmp/rackcon-WHAT-XXXXXX; NULL if mkdtemp failed.
 * Caller frees. */
char *unit_temp_dir(const char *what);
/* mkdir -p DIR/REL (DIR exists); rm -rf DIR (nothing if DIR is NULL). */
void unit_make_dirs(const char *dir, const char *rel);
void unit_remove_tree(const char *dir);
/* DIR/REL (its directory exists) as a file holding text, or a symlink to
 * target; CU_ASSERT that it was made. */
void unit_put_file(const char *dir, const char *rel, const char *text);
void unit_put_link(const char *dir, const char *rel, const char *target);

/* A private audit log, dir/audit.log, for one test: unit_audit_log_init
 * makes dir (from /tmp/rackcon-WHAT-XXXXXX; CU_ASSERT_FATAL that it did)
 * and points the audit module at it, without syslog; unit_audit_log_clear
 * points it back at nothing and removes both. */
struct unit_audit_log {
	char dir[64];
	char *path;
};
void unit_audit_log_init(struct unit_audit_log *a, const char *what);
void unit_audit_log_clear(struct unit_audit_log *a);

/*
 * Command plans (disk-plan, md-plan). unit_plan_sentinel fills a plan that
 * a refused command must leave alone; unit_check_refusal asserts that rc
 * is -1 with cause want (freed) and the sentinel untouched.
 * unit_check_write and unit_check_note assert one step's fields.
 */
void unit_plan_sentinel(struct change_plan *p);
void unit_check_refusal(int rc, char *cause, const struct change_plan *p,
    const char *want);
void unit_check_write(const struct change_step *s, const char *target,
    const char *path, const char *data, const char *shell);
void unit_check_note(const struct change_step *s, const char *target,
    const char *note);

/* An array's missing slots as "0,2" ("" when none). Caller frees. */
char *unit_md_missing_text(const struct md_array *a);

/*
 * The local transport of root as a remote one looks to a plugin (no kept
 * files, a prefetch verb), noting every read_file, list_dir and read_link
 * that the prefetch active at the time does not name ("file PATH" ...).
 */
struct unit_covering {
	struct transport base;
	char description[16];
	struct transport *inner;
	const struct transport_prefetch *specs[4]; /* open prefetches */
	size_t open;
	unsigned prefetches;
	char **uncovered;
	size_t uncovered_count;
	unsigned long reads;  /* covered ones */
	unsigned long alone;  /* with no prefetch open: a round trip each */
};
void unit_covering_init(struct unit_covering *c, const char *root);
void unit_covering_clear(struct unit_covering *c);

/* Snapshots of root by pd with each of flags[i], through a covering
 * transport: prefetches[i] prefetches (round trips) each, and no read
 * they do not name. */
struct plugin_descriptor;
void unit_check_prefetch(const struct plugin_descriptor *pd,
    const char *root, const int *flags, const unsigned *prefetches,
    size_t n, const char *what);

#endif
