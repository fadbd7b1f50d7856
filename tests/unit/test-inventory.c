/* Unit tests for the inventory parser (backends/core/inventory.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "strutil.h"
#include "unit.h"

UNIT_SUITE("inventory", add_tests)

/* Parse text as /etc/rackcon/hosts: the hosts as "name=local" or
 * "name=sysroot:DIR" joined by blanks, and the errors joined by " | ". */
static void
check(const char *text, const char *want_hosts, const char *want_errors)
{
	struct inventory inv;
	struct buf hosts = {0};
	char **errors = NULL, *joined;
	size_t n = 0, bad, i;

	bad = inventory_parse("/etc/rackcon/hosts", text, &inv, &errors, &n);
	CU_ASSERT_EQUAL(bad, n);
	buf_addstr(&hosts, "");
	for (i = 0; i < inv.count; i++) {
		if (inv.hosts[i].reach == INVENTORY_LOCAL)
			buf_printf(&hosts, "%s%s=local", i > 0 ? " " : "",
			    inv.hosts[i].name);
		else
			buf_printf(&hosts, "%s%s=sysroot:%s", i > 0 ? " " : "",
			    inv.hosts[i].name, inv.hosts[i].sysroot);
	}
	joined = str_join(errors, n, " | ");
	CU_ASSERT_STRING_EQUAL(hosts.data, want_hosts);
	CU_ASSERT_STRING_EQUAL(joined, want_errors);
	if (strcmp(hosts.data, want_hosts) != 0 ||
	    strcmp(joined, want_errors) != 0)
		fprintf(stderr, "\nhosts '%s'\nerrors '%s'\n", hosts.data,
		    joined);
	free(joined);
	buf_free(&hosts);
	string_list_free(errors, n);
	inventory_free(&inv);
}

static void
test_good(void)
{
	check("# the lab\n"
	    "host here\n"
	    "    local\n"
	    "\n"
	    "Host lab-a\n"
	    "\tSysRoot /srv/fixtures/a\n"
	    "host lab_b.2\n"
	    "    sysroot fixtures/b   \r\n"
	    "host spaced\n"
	    "    sysroot \"/srv/with blanks\"\n"
	    "    # a comment inside an entry\n",
	    "here=local lab-a=sysroot:/srv/fixtures/a "
	    "lab_b.2=sysroot:/etc/rackcon/fixtures/b "
	    "spaced=sysroot:/srv/with blanks", "");
	check("", "", "");
	check("# nothing but comments\n\n   # indented\n", "", "");
}

/* A bad line names the file and line, and leaves its entry out; the
 * other entries load. */
static void
test_errors(void)
{
	check("local\nhost a\n  local\n", "a=local",
	    "/etc/rackcon/hosts:1: 'local' before any host line");
	check("host a\n  lcoal\nhost b\n  local\n", "b=local",
	    "/etc/rackcon/hosts:2: unknown keyword 'lcoal' (known: host, "
	    "local, sysroot)");
	check("host a\n", "",
	    "/etc/rackcon/hosts:1: host a says neither local nor sysroot DIR");
	check("host a\n  local\n  sysroot /x\n", "",
	    "/etc/rackcon/hosts:3: host a: says how it is reached twice "
	    "(line 2 first)");
	check("host a\n  local yes\n", "",
	    "/etc/rackcon/hosts:2: local takes no value, not 'yes'");
	check("host a\n  sysroot\n", "",
	    "/etc/rackcon/hosts:2: sysroot needs a folder");
	check("host a\n  sysroot /x /y\n", "",
	    "/etc/rackcon/hosts:2: sysroot: one value, quoted if it holds "
	    "blanks");
	check("host a\n  sysroot \"/x\n", "",
	    "/etc/rackcon/hosts:2: sysroot: one value, quoted if it holds "
	    "blanks");
	check("host\n  local\nhost c\n  local\n", "c=local",
	    "/etc/rackcon/hosts:1: host needs one name");
	check("host a b\n  local\n", "",
	    "/etc/rackcon/hosts:1: host needs one name");
	check("host ../etc\n  local\n", "",
	    "/etc/rackcon/hosts:1: host name '../etc': letters, digits, '.', "
	    "'_' and '-' (not first), at most 63");
	check("host a\n  local\nhost a\n  sysroot /x\n", "a=local",
	    "/etc/rackcon/hosts:3: host a is named twice; this one is left "
	    "out");
	/* Control characters are never echoed as they are. */
	check("host a\n  sysroot \"/x\033[2J\"\n", "",
	    "/etc/rackcon/hosts:2: sysroot: control characters in the value");
	check("host a\n  \033]0;x\a\n", "",
	    "/etc/rackcon/hosts:2: unknown keyword '?]0;x?' (known: host, "
	    "local, sysroot)");
}

static void
test_find(void)
{
	struct inventory inv;
	char **errors = NULL;
	size_t n = 0;

	inventory_parse("hosts", "host a\n local\nhost b\n sysroot t\n", &inv,
	    &errors, &n);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(inventory_find(&inv, "b"));
	/* A file named without a folder: a relative DIR stays as it is. */
	CU_ASSERT_STRING_EQUAL(inventory_find(&inv, "b")->sysroot, "t");
	CU_ASSERT_EQUAL(inventory_find(&inv, "b")->line, 3);
	CU_ASSERT_PTR_NULL(inventory_find(&inv, "c"));
	inventory_free(&inv);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "good entries", test_good);
	CU_add_test(s, "bad lines", test_errors);
	CU_add_test(s, "find", test_find);
}
