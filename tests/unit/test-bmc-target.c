/* Unit tests for BMC targets, FreeIPMI's config file and the password's sources (backends/core/bmc-target.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bmc-target.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("bmc-target", add_tests)

/* word as an address: "host port" or the message. */
static void
check_address(const char *word, const char *want)
{
	struct bmc_target t;
	char *cause = NULL, got[300];

	bmc_target_init(&t);
	if (bmc_target_set_address(&t, word, &cause) == 0)
		snprintf(got, sizeof got, "%s %d", t.host, t.port);
	else
		snprintf(got, sizeof got, "%s", cause);
	CHECK_STR(got, want, word);
	free(cause);
	bmc_target_clear(&t);
}

static void
test_address(void)
{
	struct bmc_target t;
	char *a, *cause = NULL;

	check_address("bmc3", "bmc3 623");
	check_address("127.0.0.1:9001", "127.0.0.1 9001");
	check_address("[fe80::1]:9001", "fe80::1 9001");
	check_address("[fe80::1]", "fe80::1 623");
	check_address("fe80::1", "fe80::1 623");
	check_address("bmc3.example.org:0",
	    "BMC 'bmc3.example.org:0': the port must be 1-65535");
	check_address("bmc3:65536", "BMC 'bmc3:65536': the port must be 1-65535");
	check_address("bmc3:x", "BMC 'bmc3:x': the port must be 1-65535");
	check_address("", "BMC '': not a host name or address (HOST, "
	    "HOST:PORT or [IPV6]:PORT)");
	check_address("-oProxy", "BMC '-oProxy': not a host name or address "
	    "(HOST, HOST:PORT or [IPV6]:PORT)");
	check_address("a b", "BMC 'a b': not a host name or address (HOST, "
	    "HOST:PORT or [IPV6]:PORT)");
	check_address("[fe80::1", "BMC '[fe80::1': not a host name or address "
	    "(HOST, HOST:PORT or [IPV6]:PORT)");
	check_address("a/b", "BMC 'a/b': not a host name or address (HOST, "
	    "HOST:PORT or [IPV6]:PORT)");

	/* A BMC reached through its SSH: OpenSSH's config may give the
	 * port (0: not said), the user comes along. */
	check_address("ssh://bmc7", "bmc7 0");
	check_address("ssh://sslbmc@bmc7:2222", "bmc7 2222");
	bmc_target_init(&t);
	CU_ASSERT_EQUAL(bmc_target_set_address(&t, "ssh://sslbmc@bmc7",
	    &cause), 0);
	CHECK_STR(t.user, "sslbmc", "ssh user");
	CHECK_STR(t.ssh, "ssh://sslbmc@bmc7", "ssh destination");
	a = bmc_target_address(&t);
	CHECK_STR(a, "ssh://sslbmc@bmc7", "ssh address");
	free(a);
	/* A LAN address after it is a BMC over LAN again. */
	CU_ASSERT_EQUAL(bmc_target_set_address(&t, "bmc7", &cause), 0);
	CU_ASSERT_PTR_NULL(t.ssh);
	bmc_target_clear(&t);

	/* And back, as FreeIPMI's calls take it. */
	bmc_target_init(&t);
	CU_ASSERT_EQUAL(bmc_target_set_address(&t, "fe80::1", &cause), 0);
	a = bmc_target_address(&t);
	CHECK_STR(a, "[fe80::1]:623", "v6 address");
	free(a);
	CU_ASSERT_EQUAL(bmc_target_set_address(&t, "10.0.0.9:9001", &cause), 0);
	a = bmc_target_address(&t);
	CHECK_STR(a, "10.0.0.9:9001", "v4 address");
	free(a);
	bmc_target_clear(&t);
}

static void
test_defaults_and_copy(void)
{
	struct bmc_target t, c;
	char *cause = NULL;

	bmc_target_init(&t);
	CHECK_LL(t.port, 623, "port");
	CHECK_LL(t.cipher_suite, 3, "cipher");
	CHECK_LL(t.privilege, BMC_PRIV_ADMIN, "privilege");
	CHECK_LL(t.password_from, BMC_PASSWORD_ASK, "password from");
	CU_ASSERT(t.timeout_ms > 0 && t.timeout_ms < 20000);
	CU_ASSERT_EQUAL(bmc_target_set_address(&t, "bmc1", &cause), 0);
	t.user = strdup("ADMIN");
	t.password_file = strdup("/p");
	bmc_target_copy(&c, &t);
	bmc_target_clear(&t);
	CHECK_STR(c.host, "bmc1", "copied host");
	CHECK_STR(c.user, "ADMIN", "copied user");
	CHECK_STR(c.password_file, "/p", "copied file");
	CU_ASSERT_PTR_NULL(c.freeipmi_conf);
	bmc_target_clear(&c);
}

static void
test_workarounds(void)
{
	struct bmc_target t;
	char *cause = NULL, *names;

	bmc_target_init(&t);
	CU_ASSERT_EQUAL(bmc_target_set_workarounds(&t,
	    "opensesspriv,solpayloadsize", &cause), 0);
	CU_ASSERT_EQUAL(t.workarounds,
	    BMC_WA_OPENSESSPRIV | BMC_WA_SOLPAYLOADSIZE);
	CU_ASSERT_EQUAL(bmc_target_set_workarounds(&t, "SolChannelSupport",
	    &cause), 0);
	names = bmc_workaround_names(t.workarounds);
	CHECK_STR(names, "opensesspriv,solpayloadsize,solchannelsupport",
	    "names");
	free(names);
	/* An unknown name changes nothing and names those taken. */
	CU_ASSERT_EQUAL(bmc_target_set_workarounds(&t, "sun20,idzero",
	    &cause), -1);
	CHECK_CONTAINS(cause, "unknown workaround 'idzero'", "unknown");
	CHECK_CONTAINS(cause, "opensesspriv", "names taken");
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(t.workarounds, BMC_WA_OPENSESSPRIV |
	    BMC_WA_SOLPAYLOADSIZE | BMC_WA_SOLCHANNELSUPPORT);
	CU_ASSERT_EQUAL(bmc_target_set_workarounds(&t, "none", &cause), 0);
	CU_ASSERT_EQUAL(t.workarounds, 0);
	bmc_target_clear(&t);
}

static void
test_cipher_privilege(void)
{
	struct bmc_target t;
	char *cause = NULL;

	bmc_target_init(&t);
	CU_ASSERT_EQUAL(bmc_target_set_cipher(&t, "17", &cause), 0);
	CHECK_LL(t.cipher_suite, 17, "17");
	CU_ASSERT_EQUAL(bmc_target_set_cipher(&t, "0", &cause), -1);
	CHECK_CONTAINS(cause, "cipher suite 0 is refused", "0");
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(bmc_target_set_cipher(&t, "4", &cause), -1);
	CHECK_CONTAINS(cause, "cipher suite '4'", "4");
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(bmc_target_set_cipher(&t, "3x", &cause), -1);
	free(cause);
	cause = NULL;
	CHECK_LL(t.cipher_suite, 17, "unchanged");
	CU_ASSERT_EQUAL(bmc_target_set_privilege(&t, "Operator", &cause), 0);
	CHECK_LL(t.privilege, BMC_PRIV_OPERATOR, "operator");
	CU_ASSERT_EQUAL(bmc_target_set_privilege(&t, "root", &cause), -1);
	CHECK_STR(cause, "privilege 'root': one of user, operator, admin",
	    "bad privilege");
	free(cause);
	CHECK_STR(bmc_privilege_name(4), "ADMINISTRATOR", "4");
	CHECK_STR(bmc_privilege_name(15), "NO ACCESS", "15");
	CHECK_STR(bmc_privilege_name(0), "Unknown (0x00)", "0");
	bmc_target_clear(&t);
}

/* Parse text; the errors joined by " | ". */
static char *
conf_parse(const char *text, struct freeipmi_conf *c)
{
	char **errors = NULL;
	size_t n = 0, i, bad;
	struct buf b = {0};

	bad = freeipmi_conf_parse("f.conf", text, c, &errors, &n);
	CHECK_LL(bad, n, "error count");
	buf_addstr(&b, "");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? " | " : "", errors[i]);
	string_list_free(errors, n);
	return b.data;
}

static void
test_freeipmi_conf(void)
{
	struct freeipmi_conf c;
	char *e;

	e = conf_parse("# defaults for the lab\n"
	    "username ADMIN\n"
	    "password \"two words\"   # a comment\n"
	    "cipher-suite-id 17\n"
	    "Privilege-Level OPERATOR\n"
	    "workaround-flags opensesspriv \\\n"
	    "   idzero solpayloadsize\n"
	    "session-timeout 5000\n"
	    "ipmi-sensors-interpret-oem-data ENABLE\n", &c);
	CHECK_STR(e, "", "no errors");
	free(e);
	CHECK_STR(c.username, "ADMIN", "username");
	CHECK_STR(c.password, "two words", "password");
	CHECK_LL(c.cipher_suite, 17, "cipher");
	CHECK_LL(c.privilege, BMC_PRIV_OPERATOR, "privilege");
	/* idzero is IPMI 1.5's: skipped here, not an error. */
	CHECK_LL(c.workarounds, BMC_WA_OPENSESSPRIV | BMC_WA_SOLPAYLOADSIZE,
	    "workarounds");
	CHECK_LL(c.session_timeout_ms, 5000, "timeout");
	freeipmi_conf_free(&c);

	e = conf_parse("cipher-suite-id 0\nusername a\nusername b\n"
	    "privilege-level root\nsession-timeout -1\npassword\n"
	    "username \"open\n"
	    "username 12345678901234567\n", &c);
	CHECK_STR(e, "f.conf:1: cipher suite 0 is refused: it logs anyone in "
	    "with any password (use 3, or 17 where offered) | "
	    "f.conf:3: username given twice (line 2 has it) | "
	    "f.conf:4: privilege 'root': one of user, operator, admin | "
	    "f.conf:5: session-timeout '-1': milliseconds, 1-600000 | "
	    "f.conf:6: password takes one value | "
	    "f.conf:7: unterminated quote | "
	    "f.conf:8: username given twice (line 2 has it)", "errors");
	free(e);
	CHECK_STR(c.username, "a", "first value kept");
	CHECK_LL(c.cipher_suite, -1, "no cipher");
	CHECK_LL(c.privilege, -1, "no privilege");
	CU_ASSERT_PTR_NULL(c.password);
	freeipmi_conf_free(&c);
	e = conf_parse("password 123456789012345678901\n", &c);
	CHECK_STR(e, "f.conf:1: password is longer than 20 bytes", "long");
	free(e);
	freeipmi_conf_free(&c);
}

static void
test_password_sources(void)
{
	struct bmc_target t;
	char *dir = unit_temp_dir("bmc-password"), *path, *pw = NULL;
	char *cause = NULL;

	bmc_target_init(&t);
	/* A file only its owner can read: its first line. */
	unit_put_file(dir, "pw", "s3cret\nsecond line\n");
	path = xasprintf("%s/pw", dir);
	chmod(path, 0600);
	t.password_from = BMC_PASSWORD_FILE;
	t.password_file = strdup(path);
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), 0);
	CHECK_STR(pw, "s3cret", "from the file");
	bmc_password_free(pw);
	pw = NULL;
	/* Others can read it: refused, with the fix. */
	chmod(path, 0640);
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), -1);
	CU_ASSERT_PTR_NULL(pw);
	CHECK_CONTAINS(cause, "refused, others can read or write it "
	    "(mode 0640; chmod 600", "mode");
	free(cause);
	cause = NULL;
	free(path);

	/* freeipmi.conf: the same rule, and its password line. */
	unit_put_file(dir, "freeipmi.conf", "username ADMIN\npassword ADMIN\n");
	path = xasprintf("%s/freeipmi.conf", dir);
	chmod(path, 0600);
	t.password_from = BMC_PASSWORD_FREEIPMI;
	t.freeipmi_conf = strdup(path);
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), 0);
	CHECK_STR(pw, "ADMIN", "from freeipmi.conf");
	bmc_password_free(pw);
	pw = NULL;
	chmod(path, 0644);
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), -1);
	CHECK_CONTAINS(cause, "its password is refused", "conf mode");
	free(cause);
	cause = NULL;
	free(path);

	/* IPMI_PASSWORD, as ipmitool -E. */
	t.password_from = BMC_PASSWORD_ENV;
	unsetenv("IPMI_PASSWORD");
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), -1);
	CHECK_STR(cause, "IPMI_PASSWORD is not set (-E takes the password "
	    "from it)", "unset");
	free(cause);
	cause = NULL;
	setenv("IPMI_PASSWORD", "from env", 1);
	CU_ASSERT_EQUAL(bmc_password_read(&t, &pw, &cause), 0);
	CHECK_STR(pw, "from env", "env");
	bmc_password_free(pw);
	unsetenv("IPMI_PASSWORD");
	bmc_target_clear(&t);
	unit_remove_tree(dir);
	free(dir);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "address", test_address);
	CU_add_test(s, "defaults and copy", test_defaults_and_copy);
	CU_add_test(s, "workarounds", test_workarounds);
	CU_add_test(s, "cipher and privilege", test_cipher_privilege);
	CU_add_test(s, "freeipmi.conf", test_freeipmi_conf);
	CU_add_test(s, "password sources", test_password_sources);
}
