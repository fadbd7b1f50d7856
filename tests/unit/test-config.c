/* Unit tests for the config file parser and option setter. */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "config-file.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

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

/* config_read on dir/config made with mode (and owner uid when >= 0):
 * its return, and *cause holding want when it is -1. */
static void
check_read(const char *dir, mode_t mode, int uid, int want_rc,
    const char *want)
{
	char *path = xasprintf("%s/config", dir), *text = NULL, *cause = NULL;
	int rc;

	unit_put_file(dir, "config", "read-only = yes\n");
	CU_ASSERT(chmod(path, mode) == 0);
	if (uid >= 0)
		CU_ASSERT(chown(path, (uid_t)uid, (gid_t)-1) == 0);
	rc = config_read(path, 0, &text, &cause);
	CHECK_LL(rc, want_rc, path);
	if (want_rc == 0) {
		CU_ASSERT_STRING_EQUAL(text, "read-only = yes\n");
	} else {
		CU_ASSERT_PTR_NULL(text);
	}
	if (want != NULL)
		CHECK_CONTAINS(cause, want, "cause");
	free(text);
	free(cause);
	unlink(path);
	free(path);
}

static void
test_read_checks(void)
{
	char dir[] = "/tmp/rackcon-config-XXXXXX";
	char *path, *text = NULL, *cause = NULL;
	int fd;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	check_read(dir, 0600, -1, 0, NULL);
	check_read(dir, 0644, -1, 0, NULL);
	check_read(dir, 0664, -1, -1, "bad owner or permissions "
	    "(writable by group or others");
	check_read(dir, 0646, -1, -1, "bad owner or permissions "
	    "(writable by group or others");
	if (geteuid() == 0) {
		check_read(dir, 0600, 65534, -1, "bad owner or permissions "
		    "(owned by another user");
		check_read(dir, 0644, 0, 0, NULL);
	}
	path = xasprintf("%s/config", dir);
	/* Missing: fine for the default path, an error when named. */
	CU_ASSERT_EQUAL(config_read(path, 0, &text, &cause), 1);
	CU_ASSERT_EQUAL(config_read(path, 1, &text, &cause), -1);
	CHECK_CONTAINS(cause, "No such file", "missing");
	free(cause);
	cause = NULL;
	/* Over 16 MiB: refused, never read in part. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT(write(fd, "read-only = yes\n", 16) == 16);
	CU_ASSERT(ftruncate(fd, (off_t)CONFIG_MAX_SIZE + 1) == 0);
	close(fd);
	CU_ASSERT_EQUAL(config_read(path, 0, &text, &cause), -1);
	CHECK_CONTAINS(cause, "too large", "over 16 MiB");
	CU_ASSERT_PTR_NULL(text);
	free(cause);
	cause = NULL;
	unlink(path);
	/* Not a regular file. */
	CU_ASSERT(mkdir(path, 0700) == 0);
	CU_ASSERT_EQUAL(config_read(path, 0, &text, &cause), -1);
	CHECK_CONTAINS(cause, "not a regular file", "a directory");
	free(cause);
	rmdir(path);
	free(path);
	rmdir(dir);
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
test_console_term(void)
{
	struct options o;
	char *cause = NULL;

	options_defaults(&o);
	CU_ASSERT_PTR_NULL(o.console_term);
	CU_ASSERT_EQUAL(config_set(&o, "console-term", "vt100+", &cause), 0);
	CHECK_STR(o.console_term, "vt100+", "console-term");
	CU_ASSERT_EQUAL(config_set(&o, "console-term", "wyse50", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	CU_ASSERT(cause != NULL && strstr(cause, "'wyse50'") != NULL);
	free(cause);
	/* Refused: what was set stays. */
	CHECK_STR(o.console_term, "vt100+", "console-term after a refusal");
	options_free(&o);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "escape-delay: auto or milliseconds", test_escape_delay);
	CU_add_test(s, "console-term: a known terminal type",
	    test_console_term);
	CU_add_test(s, "a good file", test_good_file);
	CU_add_test(s, "bad lines reported, good ones kept", test_bad_lines);
	CU_add_test(s, "config_set validates", test_set_one);
	CU_add_test(s, "config_read refuses others' files and big ones",
	    test_read_checks);
}
