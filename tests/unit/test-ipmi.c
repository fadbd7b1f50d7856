/* Unit tests for the IPMI model's lookups (backends/ipmi/ipmi.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bmc-target.h"
#include "ipmi.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("ipmi", add_tests)

/* A BMC as ipmi_sim shows one: slot 1 the null user (empty), 2 ADMIN,
 * 3 a disabled operator, 4 an empty slot, 5 an enabled operator, 6
 * unreadable, 7 empty, 8 an administrator whose enable status is
 * unspecified. */
static struct ipmi_snapshot *
sample(void)
{
	static const struct {
		const char *name;
		int enabled, msg, priv, empty;
	} rows[] = {
		{ "", -1, 0, 0, 1 },
		{ "ADMIN", 1, 1, BMC_PRIV_ADMIN, 0 },
		{ "bob", 0, 1, BMC_PRIV_ADMIN, 0 },
		{ "", -1, 0, 0, 1 },
		{ "oper", 1, 1, BMC_PRIV_OPERATOR, 0 },
		{ NULL, -1, -1, -1, 1 },
		{ "", -1, 0, 0, 1 },
		{ "root2", -1, 1, BMC_PRIV_ADMIN, 0 },
	};
	struct ipmi_snapshot *s = xcalloc(1, sizeof *s);
	size_t i, n = sizeof rows / sizeof rows[0];

	s->users = xcalloc(n, sizeof *s->users);
	s->user_count = n;
	s->max_users = (int)n;
	for (i = 0; i < n; i++) {
		s->users[i].id = (int)i + 1;
		s->users[i].name = rows[i].name != NULL ?
		    xstrdup(rows[i].name) : NULL;
		s->users[i].enabled = rows[i].enabled;
		s->users[i].ipmi_msg = rows[i].msg;
		s->users[i].priv_limit = rows[i].priv;
		s->users[i].empty = rows[i].empty;
		if (rows[i].name == NULL)
			s->users[i].error = xstrdup("timed out");
	}
	s->address = xstrdup("127.0.0.1:9001");
	return s;
}

static void
test_find(void)
{
	struct ipmi_snapshot *s = sample();

	CU_ASSERT_PTR_NULL(ipmi_snapshot_find(s, 0));
	CU_ASSERT_PTR_NULL(ipmi_snapshot_find(s, 9));
	CU_ASSERT_PTR_NULL(ipmi_snapshot_find(NULL, 2));
	CU_ASSERT_EQUAL(ipmi_snapshot_find(s, 5)->id, 5);
	CU_ASSERT_STRING_EQUAL(ipmi_snapshot_find(s, 2)->name, "ADMIN");
	CU_ASSERT_EQUAL(ipmi_snapshot_find_name(s, "oper")->id, 5);
	/* Empty slots' "" names are no user called "". */
	CU_ASSERT_PTR_NULL(ipmi_snapshot_find_name(s, ""));
	CU_ASSERT_PTR_NULL(ipmi_snapshot_find_name(s, "admin"));
	CU_ASSERT_PTR_NULL(ipmi_snapshot_find_name(s, NULL));
	ipmi_snapshot_free(s);
}

static void
test_first_free(void)
{
	struct ipmi_snapshot *s = sample();
	size_t i;

	/* Never slot 1 (the null user), though it is empty. */
	CU_ASSERT_EQUAL(ipmi_snapshot_first_free(s), 4);
	s->users[3].empty = 0;
	/* Slot 6 could not be read: not offered. */
	CU_ASSERT_EQUAL(ipmi_snapshot_first_free(s), 7);
	for (i = 0; i < s->user_count; i++)
		s->users[i].empty = s->users[i].id == 1;
	CU_ASSERT_EQUAL(ipmi_snapshot_first_free(s), -1);
	CU_ASSERT_EQUAL(ipmi_snapshot_first_free(NULL), -1);
	ipmi_snapshot_free(s);
}

static void
test_admins(void)
{
	struct ipmi_snapshot *s = sample();

	/* ADMIN and root2 (unspecified enable status counts as enabled);
	 * not bob (disabled) nor oper. */
	CU_ASSERT_EQUAL(ipmi_snapshot_admin_count(s), 2);
	CU_ASSERT(ipmi_user_usable(&s->users[1]));
	CU_ASSERT(!ipmi_user_usable(&s->users[2]));
	CU_ASSERT(!ipmi_user_usable(&s->users[5]));
	CU_ASSERT(!ipmi_user_usable(NULL));
	/* Messaging off: cannot log in. */
	s->users[7].ipmi_msg = 0;
	CU_ASSERT_EQUAL(ipmi_snapshot_admin_count(s), 1);
	CU_ASSERT_EQUAL(ipmi_snapshot_admin_count(NULL), 0);
	ipmi_snapshot_free(s);
	ipmi_snapshot_free(NULL);
}

static void
test_power_name(void)
{
	CU_ASSERT_STRING_EQUAL(ipmi_power_name(IPMI_POWER_ON), "on");
	CU_ASSERT_STRING_EQUAL(ipmi_power_name(IPMI_POWER_OFF), "off");
	CU_ASSERT_STRING_EQUAL(ipmi_power_name(IPMI_POWER_UNKNOWN),
	    "unknown");
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "ipmi_snapshot_find and find_name", test_find);
	CU_add_test(s, "ipmi_snapshot_first_free", test_first_free);
	CU_add_test(s, "ipmi_snapshot_admin_count", test_admins);
	CU_add_test(s, "ipmi_power_name", test_power_name);
}
