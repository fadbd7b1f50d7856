/* Unit tests for the config file parser and option setter. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config-file.h"
#include "strutil.h"
#include "unit.h"

UNIT_SUITE("config", add_tests)

static void
test_good_file(void)
{
	struct options o;
	char **errors = NULL;
	size_t n = 0;
	const char *text =
	    "# rackcon config\n"
	    "refresh = 0.5\n"
	    "  keymap=vi   # trailing comment\n"
	    "panel = disks\n"
	    "read-only = yes\n"
	    "no-color = no\n"
	    "smart-interval = 60\n"
	    "command-timeout = 10\n"
	    "audit-log = /var/log/rackcon-audit.log\n"
	    "\n";

	options_defaults(&o);
	CU_ASSERT_EQUAL(config_parse(&o, "cfg", text, &errors, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(o.refresh_ms, 500);
	CU_ASSERT_STRING_EQUAL(o.keymap, "vi");
	CU_ASSERT_STRING_EQUAL(o.panel, "disks");
	CU_ASSERT_EQUAL(o.read_only, 1);
	CU_ASSERT_EQUAL(o.no_color, 0);
	CU_ASSERT_EQUAL(o.smart_interval_s, 60);
	CU_ASSERT_EQUAL(o.command_timeout_ms, 10000);
	CU_ASSERT_STRING_EQUAL(o.audit_log, "/var/log/rackcon-audit.log");
	options_free(&o);
}

static void
test_bad_lines(void)
{
	struct options o;
	char **errors = NULL;
	size_t n = 0;
	const char *text =
	    "refresh = 2\n"
	    "colour = blue\n"
	    "refresh = fast\n"
	    "just words\n"
	    "read-only = maybe\n"
	    "refresh = 0\n"
	    "keymap = emacs\n";

	options_defaults(&o);
	CU_ASSERT_EQUAL(config_parse(&o, "my.conf", text, &errors, &n), 5);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT_STRING_EQUAL(errors[0], "my.conf:2: unknown setting 'colour'");
	CU_ASSERT_PTR_NOT_NULL(strstr(errors[1], "my.conf:3: refresh must be"));
	CU_ASSERT_STRING_EQUAL(errors[2], "my.conf:4: expected 'key = value'");
	CU_ASSERT_PTR_NOT_NULL(strstr(errors[3], "my.conf:5: read-only must be yes or no"));
	CU_ASSERT_PTR_NOT_NULL(strstr(errors[4], "my.conf:6:"));
	/* Good lines still apply; bad ones change nothing. */
	CU_ASSERT_EQUAL(o.refresh_ms, 2000);
	CU_ASSERT_EQUAL(o.read_only, 0);
	CU_ASSERT_STRING_EQUAL(o.keymap, "emacs");
	string_list_free(errors, n);
	options_free(&o);
}

static void
test_set_one(void)
{
	struct options o;
	char *cause = NULL;

	options_defaults(&o);
	CU_ASSERT_EQUAL(config_set(&o, "refresh", "3", &cause), 0);
	CU_ASSERT_EQUAL(o.refresh_ms, 3000);
	CU_ASSERT_EQUAL(config_set(&o, "refresh", "3s", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_EQUAL(o.refresh_ms, 3000);
	CU_ASSERT_EQUAL(config_set(&o, "smart-interval", "0", &cause), -1);
	CU_ASSERT_EQUAL(o.smart_interval_s, 300);
	free(cause);
	options_free(&o);
}

static void
test_escape_delay(void)
{
	struct options o;
	char *cause = NULL;

	options_defaults(&o);
	CU_ASSERT_EQUAL(o.escape_delay_ms, -1);
	CU_ASSERT_EQUAL(config_set(&o, "escape-delay", "250", &cause), 0);
	CU_ASSERT_EQUAL(o.escape_delay_ms, 250);
	CU_ASSERT_EQUAL(config_set(&o, "escape-delay", "auto", &cause), 0);
	CU_ASSERT_EQUAL(o.escape_delay_ms, -1);
	CU_ASSERT_EQUAL(config_set(&o, "escape-delay", "0", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(config_set(&o, "escape-delay", "9999", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(o.escape_delay_ms, -1);
	options_free(&o);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "escape-delay: auto or milliseconds", test_escape_delay);
	CU_add_test(s, "a good file", test_good_file);
	CU_add_test(s, "bad lines reported, good ones kept", test_bad_lines);
	CU_add_test(s, "config_set validates", test_set_one);
}
