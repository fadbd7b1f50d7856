/* Unit tests for the command table: splitting, lookup, arguments, completion. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "screen.h"
#include "strutil.h"
#include "unit.h"

UNIT_SUITE("cmd", add_tests)

static const struct {
	const char *line;
	int argc;
	const char *words[4];
} split_cases[] = {
	{ "", 0, { NULL } },
	{ "   ", 0, { NULL } },
	{ "quit", 1, { "quit" } },
	{ "  disk-set-timeout   sdb\t180 ", 3,
	  { "disk-set-timeout", "sdb", "180" } },
	{ "prompt \"disk-set-timeout sda \"", 2,
	  { "prompt", "disk-set-timeout sda " } },
	{ "filter \"\"", 2, { "filter", "" } },
	{ "a\\ b c", 2, { "a b", "c" } },
	{ "x\"y z\"w", 1, { "xy zw" } },
	{ "say \\\"hi\\\"", 2, { "say", "\"hi\"" } },
};

static void
test_split(void)
{
	char **argv, *cause;
	int argc, j;
	size_t i;

	for (i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
		cause = NULL;
		argv = NULL;
		CU_ASSERT_EQUAL_FATAL(cmd_split(split_cases[i].line, &argv,
		    &argc, &cause), 0);
		CU_ASSERT_EQUAL(argc, split_cases[i].argc);
		for (j = 0; j < argc && j < 4; j++)
			CU_ASSERT_STRING_EQUAL(argv[j],
			    split_cases[i].words[j]);
		string_list_free(argv, (size_t)argc);
	}
}

static void
test_split_unterminated(void)
{
	char **argv = NULL, *cause = NULL;
	int argc = -1;

	CU_ASSERT_EQUAL(cmd_split("prompt \"open", &argv, &argc, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "unterminated quote"));
	CU_ASSERT_EQUAL(argc, -1); /* untouched on failure */
	free(cause);
}

static void
test_names_unique_and_documented(void)
{
	size_t i, j, n = cmd_count();
	const struct command *a, *b;

	CU_ASSERT(n > 20);
	for (i = 0; i < n; i++) {
		a = cmd_get(i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT(a->help != NULL && *a->help != '\0');
		CU_ASSERT(a->min_args >= 0);
		CU_ASSERT(a->max_args < 0 || a->max_args >= a->min_args);
		/* A changing command plans; every other one runs. */
		if (a->flags & CMD_CHANGES) {
			CU_ASSERT_PTR_NOT_NULL(a->plan);
			CU_ASSERT_PTR_NOT_NULL(a->panel);
			CU_ASSERT_PTR_NOT_NULL(screens_find(a->panel));
		} else
			CU_ASSERT_PTR_NOT_NULL(a->run);
		for (j = i + 1; j < n; j++) {
			b = cmd_get(j);
			CU_ASSERT(strcmp(a->name, b->name) != 0);
		}
		CU_ASSERT_PTR_EQUAL(cmd_find(a->name), a);
	}
	CU_ASSERT_PTR_NULL(cmd_get(n));
	CU_ASSERT_PTR_NULL(cmd_find("no-such-command"));
	CU_ASSERT_EQUAL(cmd_check_name("quit", NULL), 0);
	CU_ASSERT_EQUAL(cmd_check_name("quitt", NULL), -1);
}

static void
test_disk_commands_present(void)
{
	static const char *names[] = { "disk-set-erc", "disk-set-timeout",
		"disk-set-queue-depth", "disk-set-scheduler",
		"disks-raid-safe-timeouts" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(cmd_find(names[i]));
		CU_ASSERT(cmd_find(names[i])->flags & CMD_CHANGES);
	}
}

static void
test_check_args(void)
{
	const struct command *cmd = cmd_find("disk-set-timeout");
	char *cause = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
	CU_ASSERT_EQUAL(cmd_check_args(cmd, 2, &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_EQUAL(cmd_check_args(cmd, 1, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "too few"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause,
	    "usage: disk-set-timeout DISK SECONDS"));
	CU_ASSERT_EQUAL(cmd_check_args(cmd, 3, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "too many"));
	free(cause);
}

static void
test_complete(void)
{
	char **m;
	size_t n, i;

	n = cmd_complete("disk-set-", &m);
	CU_ASSERT_EQUAL(n, 4);
	for (i = 1; i < n; i++)
		CU_ASSERT(strcmp(m[i - 1], m[i]) < 0);
	string_list_free(m, n);
	n = cmd_complete("disk-set-ti", &m);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(m[0], "disk-set-timeout");
	string_list_free(m, n);
	n = cmd_complete("zzz", &m);
	CU_ASSERT_EQUAL(n, 0);
	string_list_free(m, n);
	n = cmd_complete("", &m);
	CU_ASSERT_EQUAL(n, cmd_count());
	string_list_free(m, n);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "split words, quotes, escapes", test_split);
	CU_add_test(s, "split unterminated quote", test_split_unterminated);
	CU_add_test(s, "names unique, documented, wired",
	    test_names_unique_and_documented);
	CU_add_test(s, "disk commands present", test_disk_commands_present);
	CU_add_test(s, "argument count and usage", test_check_args);
	CU_add_test(s, "completion", test_complete);
}
