/* Unit tests for the IPMI audit without FreeIPMI (backends/ipmi/ipmi-audit.c) and the badges (ipmi.c). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bmc-target.h"
#include "ipmi-audit.h"
#include "ipmi.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("ipmi-audit", add_tests)

static void
audit_unknown(struct ipmi_audit *a)
{
	memset(a, 0, sizeof *a);
	a->anonymous_login = a->null_usernames = a->auth_none = -1;
	a->auth_straight = a->auth_md2 = a->auth_md5 = a->ipmi20 = -1;
	a->cipher0 = a->factory = IPMI_PROBE_NOT_RUN;
}

static void
test_request(void)
{
	uint8_t buf[32];
	size_t n = ipmi_authcap_request(buf, sizeof buf);
	/* As ipmitool sends it: RMCP, a 1.5 session header without auth,
	 * then BMC 0x20, netfn App, cmd 0x38 for channel 0x8e at ADMIN. */
	static const uint8_t want[] = { 0x06, 0x00, 0xff, 0x07, 0x00, 0, 0,
		0, 0, 0, 0, 0, 0, 0x09, 0x20, 0x18, 0xc8, 0x81, 0x00, 0x38,
		0x8e, 0x04, 0xb5 };

	CU_ASSERT_EQUAL(n, sizeof want);
	CU_ASSERT(memcmp(buf, want, sizeof want) == 0);
	CU_ASSERT_EQUAL(ipmi_authcap_request(buf, 10), 0);
}

/* An answer as ipmi_sim gives it, with auth byte and status byte set. */
static size_t
answer(uint8_t *p, uint8_t auth, uint8_t status, uint8_t cc)
{
	static const uint8_t head[] = { 0x06, 0x00, 0xff, 0x07, 0x00, 0, 0,
		0, 0, 0, 0, 0, 0, 0x10, 0x81, 0x1c, 0x63, 0x20, 0x00, 0x38 };
	size_t n = sizeof head;

	memcpy(p, head, n);
	p[n++] = cc;
	p[n++] = 0x01;   /* channel */
	p[n++] = auth;
	p[n++] = status;
	p[n++] = 0x02;   /* IPMI 2.0 */
	p[n++] = 0; p[n++] = 0; p[n++] = 0; p[n++] = 0;
	p[n++] = 0;      /* checksum (not checked) */
	return n;
}

static void
test_parse(void)
{
	uint8_t p[64];
	struct ipmi_audit a;
	char *cause = NULL;
	size_t n;

	audit_unknown(&a);
	/* ipmi_sim with none md2 md5 straight and the null user */
	n = answer(p, 0x80 | 0x17, 0x01 | 0x04, 0);
	CU_ASSERT_EQUAL(ipmi_authcap_parse(p, n, &a, &cause), 0);
	CU_ASSERT_EQUAL(a.authcap_read, 1);
	CU_ASSERT_EQUAL(a.auth_none, 1);
	CU_ASSERT_EQUAL(a.auth_md2, 1);
	CU_ASSERT_EQUAL(a.auth_md5, 1);
	CU_ASSERT_EQUAL(a.auth_straight, 1);
	CU_ASSERT_EQUAL(a.anonymous_login, 1);
	CU_ASSERT_EQUAL(a.null_usernames, 0);
	CU_ASSERT_EQUAL(a.ipmi20, 1);
	/* md5 only, no null user */
	n = answer(p, 0x80 | 0x04, 0x04, 0);
	CU_ASSERT_EQUAL(ipmi_authcap_parse(p, n, &a, &cause), 0);
	CU_ASSERT_EQUAL(a.auth_none, 0);
	CU_ASSERT_EQUAL(a.auth_straight, 0);
	CU_ASSERT_EQUAL(a.anonymous_login, 0);
	/* a completion code, truncations, garbage: refused, fields kept */
	audit_unknown(&a);
	n = answer(p, 0x17, 0x01, 0xcc);
	CU_ASSERT_EQUAL(ipmi_authcap_parse(p, n, &a, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "0xcc"));
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(a.auth_none, -1);
	n = answer(p, 0x17, 0x01, 0);
	for (; n > 0; n--) {
		if (ipmi_authcap_parse(p, n - 1, &a, &cause) == 0)
			CU_FAIL("a cut answer parsed");
		free(cause);
		cause = NULL;
	}
	CU_ASSERT_EQUAL(a.authcap_read, 0);
}

static void
test_factory(void)
{
	CU_ASSERT(ipmi_factory_match("ADMIN", "ADMIN"));
	CU_ASSERT(ipmi_factory_match("root", "calvin"));
	CU_ASSERT(ipmi_factory_match("Administrator", ""));
	CU_ASSERT(!ipmi_factory_match("ADMIN", "Secr3t"));
	CU_ASSERT(!ipmi_factory_match("admin", "ADMIN"));
	CU_ASSERT(!ipmi_factory_match(NULL, "ADMIN"));
	CU_ASSERT(!ipmi_factory_match("ADMIN", NULL));
	CU_ASSERT(ipmi_factory_login_count <= 8);
}

static void
test_state_text(void)
{
	static const char text[] =
	    "# comment\n"
	    "cipher0 1733420000 yes\n"
	    "factory 1733420100 yes ADMIN root\n"
	    "cipher0 notatime yes\n"       /* skipped */
	    "factory 1733420200 maybe\n"   /* skipped */
	    "factory 1733420300 yes bad\001name\n" /* skipped */
	    "other 1 yes\n";
	struct ipmi_audit a, b;
	char *out;

	audit_unknown(&a);
	ipmi_audit_state_parse(text, sizeof text - 1, &a);
	CU_ASSERT_EQUAL(a.cipher0, IPMI_PROBE_YES);
	CU_ASSERT_EQUAL(a.cipher0_at, 1733420000);
	CU_ASSERT_EQUAL(a.factory, IPMI_PROBE_YES);
	CU_ASSERT_EQUAL(a.factory_at, 1733420100);
	CU_ASSERT_STRING_EQUAL(a.factory_users, "ADMIN root");
	out = ipmi_audit_state_format(&a);
	audit_unknown(&b);
	ipmi_audit_state_parse(out, strlen(out), &b);
	CU_ASSERT_EQUAL(b.cipher0, a.cipher0);
	CU_ASSERT_EQUAL(b.factory_at, a.factory_at);
	CU_ASSERT_STRING_EQUAL(b.factory_users, "ADMIN root");
	free(out);
	ipmi_audit_clear(&a);
	ipmi_audit_clear(&b);
	/* never probed: nothing written, nothing read back */
	audit_unknown(&a);
	out = ipmi_audit_state_format(&a);
	CU_ASSERT_PTR_NULL(strstr(out, "cipher0"));
	free(out);
}

static void
test_state_file(void)
{
	char dir[] = "/tmp/test-ipmi-audit.XXXXXX", *old, *path, *cause = NULL;
	struct ipmi_audit a, b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	old = getenv("XDG_STATE_HOME") != NULL ?
	    xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	setenv("XDG_STATE_HOME", dir, 1);
	path = ipmi_audit_state_path("[fe80::1]:623");
	CU_ASSERT_PTR_NOT_NULL(strstr(path, "/rackcon/ipmi-audit/[fe80::1]:623"));
	free(path);
	path = ipmi_audit_state_path("../../etc/x");
	CU_ASSERT_PTR_NULL(strstr(path, "/../"));
	free(path);
	audit_unknown(&a);
	CU_ASSERT_EQUAL(ipmi_audit_state_load("127.0.0.1:9041", &a, &cause), 0);
	CU_ASSERT_EQUAL(a.cipher0, IPMI_PROBE_NOT_RUN);
	a.cipher0 = IPMI_PROBE_NO;
	a.cipher0_at = 1000;
	CU_ASSERT_EQUAL(ipmi_audit_state_store("127.0.0.1:9041", &a, &cause),
	    0);
	audit_unknown(&b);
	CU_ASSERT_EQUAL(ipmi_audit_state_load("127.0.0.1:9041", &b, &cause), 0);
	CU_ASSERT_EQUAL(b.cipher0, IPMI_PROBE_NO);
	CU_ASSERT_EQUAL(b.cipher0_at, 1000);
	CU_ASSERT_EQUAL(b.factory, IPMI_PROBE_NOT_RUN);
	path = ipmi_audit_state_path("127.0.0.1:9041");
	unlink(path);
	free(path);
	path = xasprintf("%s/rackcon/ipmi-audit", dir);
	rmdir(path);
	free(path);
	path = xasprintf("%s/rackcon", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
	if (old != NULL)
		setenv("XDG_STATE_HOME", old, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(old);
}

static void
test_badges(void)
{
	struct ipmi_snapshot *s = xcalloc(1, sizeof *s);

	audit_unknown(&s->audit);
	s->users = xcalloc(1, sizeof *s->users);
	s->user_count = 1;
	s->users[0].id = 1;
	s->users[0].name = xstrdup("");
	s->users[0].empty = 1;
	s->users[0].enabled = -1;
	CU_ASSERT_EQUAL(ipmi_snapshot_badges(s), 0);
	CU_ASSERT_STRING_EQUAL(ipmi_badges_text(0), "");
	s->audit.cipher0 = IPMI_PROBE_NO;
	s->audit.factory = IPMI_PROBE_ERROR;
	CU_ASSERT_EQUAL(ipmi_snapshot_badges(s), 0);
	s->audit.cipher0 = IPMI_PROBE_YES;
	CU_ASSERT_EQUAL(ipmi_snapshot_badges(s), IPMI_BADGE_CIPHER0);
	/* slot 1 usable with a privilege: the null user, without caps */
	s->users[0].empty = 0;
	s->users[0].ipmi_msg = 1;
	s->users[0].priv_limit = BMC_PRIV_ADMIN;
	CU_ASSERT_EQUAL(ipmi_snapshot_badges(s),
	    IPMI_BADGE_CIPHER0 | IPMI_BADGE_NULL);
	s->audit.auth_straight = 1;
	s->audit.session_factory = 1;
	CU_ASSERT_EQUAL(ipmi_snapshot_badges(s), 0xf);
	CU_ASSERT_STRING_EQUAL(ipmi_badges_text(0xf), "c0 null 1.5 dflt");
	CU_ASSERT_STRING_EQUAL(ipmi_badges_text(IPMI_BADGE_NULL |
	    IPMI_BADGE_FACTORY), "null dflt");
	ipmi_snapshot_free(s);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "authcap request bytes", test_request);
	CU_add_test(s, "authcap answer parsed, bad ones refused", test_parse);
	CU_add_test(s, "factory logins", test_factory);
	CU_add_test(s, "state text round trip", test_state_text);
	CU_add_test(s, "state file in XDG_STATE_HOME", test_state_file);
	CU_add_test(s, "badges", test_badges);
}
