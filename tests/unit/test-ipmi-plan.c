/* Unit tests for the IPMI commands' plans (backends/ipmi/ipmi-plan.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bmc-target.h"
#include "change.h"
#include "ipmi-plan.h"
#include "ipmi.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("ipmi-plan", add_tests)

#define T "ipmitool -I lanplus -H 127.0.0.1 -p 9001 -C 3 -U ADMIN -E "

/* ipmi_sim's table as the session ADMIN sees it: 1 the null user, 2
 * ADMIN (the only administrator), 3 oper, 4..8 empty. */
static struct ipmi_snapshot *
sample(void)
{
	struct ipmi_snapshot *s = xcalloc(1, sizeof *s);
	size_t i, n = 8;

	s->users = xcalloc(n, sizeof *s->users);
	s->user_count = n;
	s->max_users = (int)n;
	for (i = 0; i < n; i++) {
		s->users[i].id = (int)i + 1;
		s->users[i].name = xstrdup("");
		s->users[i].enabled = -1;
		s->users[i].callin = 1;
		s->users[i].empty = 1;
	}
	free(s->users[1].name);
	s->users[1].name = xstrdup("ADMIN");
	s->users[1].ipmi_msg = 1;
	s->users[1].priv_limit = BMC_PRIV_ADMIN;
	s->users[1].empty = 0;
	free(s->users[2].name);
	s->users[2].name = xstrdup("oper");
	s->users[2].ipmi_msg = 1;
	s->users[2].link_auth = 1;
	s->users[2].priv_limit = BMC_PRIV_OPERATOR;
	s->users[2].empty = 0;
	s->address = xstrdup("127.0.0.1:9001");
	s->session_user = xstrdup("ADMIN");
	s->channel = 1;
	s->cipher_suite = 3;
	return s;
}

/* rc is -1, the cause holds want, the plan is untouched. */
static void
check_refused(int rc, char *cause, const struct change_plan *p,
    const char *want)
{
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	if (strstr(cause, want) == NULL)
		fprintf(stderr, "\ncause '%s' lacks '%s'\n", cause, want);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, want));
	CU_ASSERT_EQUAL(p->step_count, 12345);
	CU_ASSERT_PTR_NULL(p->steps);
	free(cause);
}

static void
test_refusals(void)
{
	struct ipmi_snapshot *s = sample();
	struct change_plan p;
	char *cause = NULL, *opts[] = { NULL, NULL };
	char bad_opt[] = "messaging=maybe";

#define REFUSED(call, want) do { \
		int rc_; \
		unit_plan_sentinel(&p); \
		cause = NULL; \
		rc_ = (call); \
		check_refused(rc_, cause, &p, (want)); \
	} while (0)
	REFUSED(ipmi_plan_rename(s, "9", "x", &p, &cause), "no user slot '9'");
	REFUSED(ipmi_plan_rename(s, "0", "x", &p, &cause), "no user slot '0'");
	REFUSED(ipmi_plan_rename(s, "3x", "x", &p, &cause), "no user slot");
	REFUSED(ipmi_plan_rename(s, "1", "x", &p, &cause), "cc 0xCC");
	REFUSED(ipmi_plan_rename(s, "3", "ADMIN", &p, &cause),
	    "the name ADMIN is taken by slot 2");
	REFUSED(ipmi_plan_rename(s, "3", "abcdefghijklmnopq", &p, &cause),
	    "is 17 bytes; IPMI allows 16");
	REFUSED(ipmi_plan_rename(s, "3", "", &p, &cause), "cannot be empty");
	REFUSED(ipmi_plan_rename(s, "3", "a b", &p, &cause), "a blank");
	REFUSED(ipmi_plan_add(s, "3", "alice", "admin", &p, &cause),
	    "slot 3 is taken by oper; the first free slot is 4");
	REFUSED(ipmi_plan_add(s, "4", "alice", "king", &p, &cause),
	    "unknown privilege 'king'");
	REFUSED(ipmi_plan_add(s, "1", "alice", "admin", &p, &cause),
	    "null (anonymous) user");
	REFUSED(ipmi_plan_set_access(s, "3", "king", 0, opts, &p, &cause),
	    "unknown privilege");
	opts[0] = bad_opt;
	REFUSED(ipmi_plan_set_access(s, "3", "user", 1, opts, &p, &cause),
	    "'messaging=maybe'");
	REFUSED(ipmi_plan_set_password(s, "4", &p, &cause), "slot 4 is empty");
	REFUSED(ipmi_plan_enable(s, "4", 1, &p, &cause), "slot 4 is empty");
	REFUSED(ipmi_plan_power(s, "explode", &p, &cause),
	    "unknown power action");
#undef REFUSED
	ipmi_snapshot_free(s);
}

static void
test_lockout(void)
{
	struct ipmi_snapshot *s = sample();
	struct change_plan p;
	char *cause = NULL, off[] = "messaging=off", *opts[] = { off, NULL };
	int rc;

	/* The session's account (and the last administrator). */
	unit_plan_sentinel(&p);
	rc = ipmi_plan_enable(s, "2", 0, &p, &cause);
	check_refused(rc, cause, &p,
	    "disabling slot 2 (ADMIN) would lock you out: it is the account "
	    "this session is logged in with");
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_set_access(s, "2", "operator", 0, opts, &p,
	    &cause);
	check_refused(rc, cause, &p, "demoting slot 2 (ADMIN)");
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_set_access(s, "2", "admin", 1, opts, &p,
	    &cause);
	check_refused(rc, cause, &p, "turning IPMI messaging off for slot 2");
	/* Logged in as oper: ADMIN is still the last administrator. */
	free(s->session_user);
	s->session_user = xstrdup("oper");
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_enable(s, "2", 0, &p, &cause);
	check_refused(rc, cause, &p,
	    "it is the last usable administrator");
	/* Disabling oper (not an administrator, not the session's... it
	 * is now: refused too). */
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_enable(s, "3", 0, &p, &cause);
	check_refused(rc, cause, &p,
	    "the account this session is logged in with");
	/* An administrator verified in this run lifts both. */
	free(s->session_user);
	s->session_user = xstrdup("ADMIN");
	free(s->users[3].name);
	s->users[3].name = xstrdup("alice");
	s->users[3].empty = 0;
	s->users[3].ipmi_msg = 1;
	s->users[3].priv_limit = BMC_PRIV_ADMIN;
	/* alice is an administrator but not verified: ADMIN is not the last
	 * one, yet it is the session's. */
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_enable(s, "2", 0, &p, &cause);
	check_refused(rc, cause, &p,
	    "lock you out");
	s->verified = xcalloc(1, sizeof *s->verified);
	s->verified[0] = 4;
	s->verified_count = 1;
	CU_ASSERT_EQUAL_FATAL(ipmi_plan_enable(s, "2", 0, &p, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell, T "user disable 2");
	CU_ASSERT_STRING_EQUAL(p.steps[0].argv[0], "user-disable");
	change_plan_free(&p);
	/* ADMIN verified itself does not count for ADMIN. */
	s->verified[0] = 2;
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_enable(s, "2", 0, &p, &cause);
	check_refused(rc, cause, &p,
	    "lock you out");
	ipmi_snapshot_free(s);
}

/* No step's shell, target, note or argv, nor the plan's texts, hold
 * secret. */
static void
check_no_secret(const struct change_plan *p, const char *secret)
{
	char *desc = change_plan_describe(p);
	size_t i, j;

	CU_ASSERT_PTR_NULL(strstr(desc, secret));
	free(desc);
	CU_ASSERT_PTR_NULL(strstr(p->command, secret));
	CU_ASSERT_PTR_NULL(strstr(p->summary, secret));
	for (i = 0; i < p->step_count; i++) {
		CU_ASSERT_PTR_NULL(strstr(p->steps[i].shell, secret));
		CU_ASSERT_PTR_NULL(strstr(p->steps[i].target, secret));
		if (p->steps[i].note != NULL)
			CU_ASSERT_PTR_NULL(strstr(p->steps[i].note, secret));
		for (j = 0; p->steps[i].argv[j] != NULL; j++)
			CU_ASSERT_PTR_NULL(strstr(p->steps[i].argv[j], secret));
	}
}

/* What the fake plugin got: each call's argv[0] and whether it had the
 * secret. */
struct fake {
	char calls[8][64];
	int count;
};

static int
fake_call(void *arg, const struct change_step *s, char **cause)
{
	struct fake *f = arg;

	snprintf(f->calls[f->count++ % 8], 64, "%s%s", s->argv[0],
	    s->secret != NULL && strcmp(s->secret, "hunter2pass") == 0 ?
	    " +secret" : "");
	if (strcmp(s->argv[0], "verify-login") == 0 &&
	    strcmp(s->argv[2], "badguy") == 0) {
		*cause = xstrdup("login as badguy failed: password invalid");
		return -1;
	}
	return 0;
}

static void
test_add(void)
{
	struct ipmi_snapshot *s = sample();
	struct change_caller cc;
	struct change_result r;
	struct unit_audit_log a;
	struct change_plan p;
	struct fake f;
	char *cause = NULL, **lines;
	size_t n, i;

	CU_ASSERT_EQUAL_FATAL(ipmi_plan_add(s, "4", "alice", "admin", &p,
	    &cause), 0);
	CU_ASSERT(p.destructive && p.stop_on_error);
	CU_ASSERT_PTR_NOT_NULL(p.secret_prompt);
	CU_ASSERT_EQUAL(p.secret_max, 20);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 5);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell, T "user set name 4 alice");
	CU_ASSERT_STRING_EQUAL(p.steps[1].shell,
	    T "user set password 4 <typed> 20");
	CU_ASSERT_STRING_EQUAL(p.steps[2].shell, T "channel setaccess 1 4 "
	    "link=on ipmi=on callin=on privilege=4");
	CU_ASSERT_STRING_EQUAL(p.steps[3].shell, T "user enable 4");
	CU_ASSERT_STRING_EQUAL(p.steps[4].shell, "ipmitool -I lanplus -H "
	    "127.0.0.1 -p 9001 -C 3 -U alice -L ADMINISTRATOR -P <typed> "
	    "chassis power status");
	CU_ASSERT(!p.steps[0].wants_secret && p.steps[1].wants_secret &&
	    !p.steps[2].wants_secret && p.steps[4].wants_secret);
	CU_ASSERT_STRING_EQUAL(p.steps[2].argv[0], "user-set-access");
	CU_ASSERT_STRING_EQUAL(p.steps[2].argv[4], "1");

	/* Empty and too long are refused, without the text in the message. */
	CU_ASSERT_EQUAL(change_plan_set_secret(&p, "", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "empty"));
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(change_plan_set_secret(&p, "123456789012345678901",
	    &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "21 bytes, longer than the 20"));
	CU_ASSERT_PTR_NULL(strstr(cause, "123456789012345678901"));
	free(cause);
	cause = NULL;
	CU_ASSERT_FALSE(p.secret_set);
	CU_ASSERT_PTR_NULL(p.steps[1].secret);

	CU_ASSERT_EQUAL(change_plan_set_secret(&p, "hunter2pass", &cause), 0);
	check_no_secret(&p, "hunter2pass");
	unit_audit_log_init(&a, "ipmi-plan");
	memset(&f, 0, sizeof f);
	cc.call = fake_call;
	cc.arg = &f;
	free(p.where);
	p.where = xstrdup("BMC 127.0.0.1:9001");
	CU_ASSERT_EQUAL(change_execute(NULL, &p, 5000, &cc, &r), 0);
	CU_ASSERT_EQUAL_FATAL(f.count, 5);
	CU_ASSERT_STRING_EQUAL(f.calls[0], "user-set-name");
	CU_ASSERT_STRING_EQUAL(f.calls[1], "user-set-password +secret");
	CU_ASSERT_STRING_EQUAL(f.calls[4], "verify-login +secret");
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL(n, 5);
	for (i = 0; i < n; i++)
		CU_ASSERT_PTR_NULL(strstr(lines[i], "hunter2pass"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1], "user set password 4 <typed>"));
	string_list_free(lines, n);
	change_result_free(&r);
	unit_audit_log_clear(&a);
	change_plan_free(&p);
	ipmi_snapshot_free(s);
}

static void
test_replace_admin(void)
{
	struct ipmi_snapshot *s = sample();
	struct change_caller cc;
	struct change_result r;
	struct unit_audit_log a;
	struct change_plan p;
	struct fake f;
	char *cause = NULL;
	int rc;

	CU_ASSERT_EQUAL_FATAL(ipmi_plan_replace_default_admin(s, "badguy", &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 6);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell, T "user set name 4 badguy");
	CU_ASSERT_STRING_EQUAL(p.steps[4].argv[0], "verify-login");
	CU_ASSERT_STRING_EQUAL(p.steps[5].shell, T "user disable 2");
	CU_ASSERT_PTR_NOT_NULL(p.warning); /* the session is ADMIN's */
	CU_ASSERT(p.stop_on_error);
	/* The verification fails: ADMIN is not disabled. */
	CU_ASSERT_EQUAL(change_plan_set_secret(&p, "hunter2pass", &cause), 0);
	unit_audit_log_init(&a, "ipmi-plan");
	memset(&f, 0, sizeof f);
	cc.call = fake_call;
	cc.arg = &f;
	CU_ASSERT_EQUAL(change_execute(NULL, &p, 5000, &cc, &r), 1);
	CU_ASSERT_EQUAL(f.count, 5);
	CU_ASSERT_FALSE(r.steps[5].done);
	CU_ASSERT_STRING_EQUAL(r.steps[4].message,
	    "login as badguy failed: password invalid");
	change_result_free(&r);
	unit_audit_log_clear(&a);
	change_plan_free(&p);

	/* No ADMIN: refused. A name taken: refused. */
	unit_plan_sentinel(&p);
	rc = ipmi_plan_replace_default_admin(s, "oper", &p, &cause);
	check_refused(rc, cause, &p, "taken by slot 3");
	free(s->users[1].name);
	s->users[1].name = xstrdup("root");
	cause = NULL;
	unit_plan_sentinel(&p);
	rc = ipmi_plan_replace_default_admin(s, "ops", &p, &cause);
	check_refused(rc, cause, &p, "no user is named ADMIN on 127.0.0.1:9001");
	ipmi_snapshot_free(s);
}

static void
test_access_and_power(void)
{
	struct ipmi_snapshot *s = sample();
	char off[] = "link=off", on[] = "callin=off";
	char *opts[] = { off, on, NULL };
	struct change_plan p;
	char *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(ipmi_plan_set_access(s, "3", "user", 2, opts, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell, T "channel setaccess 1 3 "
	    "link=off ipmi=on callin=off privilege=2");
	change_plan_free(&p);
	/* What it has already: nothing to do. */
	CU_ASSERT_EQUAL_FATAL(ipmi_plan_set_access(s, "3", "operator", 0, opts,
	    &p, &cause), 0);
	CU_ASSERT_PTR_NOT_NULL(p.nothing);
	change_plan_free(&p);
	CU_ASSERT_EQUAL_FATAL(ipmi_plan_power(s, "cycle", &p, &cause), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "power-cycle");
	CU_ASSERT(p.destructive);
	CU_ASSERT_EQUAL_FATAL(p.step_count, 1);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_CALL);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "ipmi-power -D LAN_2_0 -h 127.0.0.1:9001 -u ADMIN -I 3 --cycle");
	CU_ASSERT_STRING_EQUAL(p.steps[0].argv[1], "cycle");
	change_plan_free(&p);
	CU_ASSERT_EQUAL(ipmi_plan_privilege("Administrator"), BMC_PRIV_ADMIN);
	CU_ASSERT_EQUAL(ipmi_plan_privilege("15"), BMC_PRIV_NO_ACCESS);
	CU_ASSERT_EQUAL(ipmi_plan_privilege("6"), -1);
	ipmi_snapshot_free(s);
}

/*
 * A first frame (the login and the power, no user slots yet): every plan
 * on a slot, and replacing ADMIN, is refused as not read yet, never as a
 * slot that does not exist; power needs no slot and is planned.
 */
static void
test_quick_frame(void)
{
	struct ipmi_snapshot *s = xcalloc(1, sizeof *s);
	struct change_plan p;
	char *cause = NULL, *opts[] = { NULL };
	int rc;

	s->address = xstrdup("127.0.0.1:9001");
	s->session_user = xstrdup("ADMIN");
	s->channel = -1;
	s->max_users = s->enabled_users = -1;
	s->quick = 1;
#define NOT_READ(call) do { \
		unit_plan_sentinel(&p); \
		cause = NULL; \
		rc = (call); \
		check_refused(rc, cause, &p, \
		    "the user slots of 127.0.0.1:9001 are not read yet"); \
	} while (0)
	NOT_READ(ipmi_plan_rename(s, "3", "bob", &p, &cause));
	NOT_READ(ipmi_plan_enable(s, "2", 0, &p, &cause));
	NOT_READ(ipmi_plan_set_access(s, "3", "user", 0, opts, &p, &cause));
	NOT_READ(ipmi_plan_set_password(s, "3", &p, &cause));
	NOT_READ(ipmi_plan_add(s, "4", "alice", "admin", &p, &cause));
	NOT_READ(ipmi_plan_replace_default_admin(s, "alice", &p, &cause));
#undef NOT_READ
	CU_ASSERT_EQUAL(ipmi_plan_power(s, "on", &p, &cause), 0);
	change_plan_free(&p);
	ipmi_snapshot_free(s);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "bad input is refused, the plan untouched",
	    test_refusals);
	CU_add_test(s, "lockout refusals and a verified administrator",
	    test_lockout);
	CU_add_test(s, "ipmi-user-add: steps, secret, no password shown or "
	    "audited", test_add);
	CU_add_test(s, "replace-default-admin stops at a failed "
	    "verification", test_replace_admin);
	CU_add_test(s, "set-access and power", test_access_and_power);
	CU_add_test(s, "a first frame: not read yet", test_quick_frame);
}
