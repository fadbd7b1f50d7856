/* Unit tests for a host's kernel, uptime and load (backends/core/host-facts.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "host-facts.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("host-facts", add_tests)

/* /proc/uptime as kernels write it, and what is not. */
static void
test_uptime(void)
{
	static const struct {
		const char *text;
		int rc;
		long long want;
	} cases[] = {
		{ "350735.47 1234567.89\n", 0, 350735 },
		{ "0.99 0.00\n", 0, 0 },
		{ "86461.02 170000.00", 0, 86461 },
		{ "12\n", 0, 12 },
		{ "", -1, 0 },
		{ "\n", -1, 0 },
		{ "-5.00 1.00\n", -1, 0 },
		{ "abc 1.00\n", -1, 0 },
		{ "12abc 1.00\n", -1, 0 },
		{ " 12.00 1.00\n", -1, 0 },
		{ "nan 1\n", -1, 0 },
		{ "1e400 1\n", -1, 0 },
		{ "99999999999999999999 1\n", -1, 0 },
	};
	long long got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = -7;
		CHECK_LL(host_facts_parse_uptime(cases[i].text, &got),
		    cases[i].rc, cases[i].text);
		if (cases[i].rc == 0)
			CHECK_LL(got, cases[i].want, cases[i].text);
		else
			CHECK_LL(got, -7, "left alone");
	}
}

/* /proc/loadavg: three loads, then running/total and the last PID. */
static void
test_loadavg(void)
{
	double l[3];

	CHECK_LL(host_facts_parse_loadavg("0.42 0.35 0.30 1/312 24811\n", l),
	    0, "debian");
	CHECK_DBL(l[0], 0.42, "1 min");
	CHECK_DBL(l[1], 0.35, "5 min");
	CHECK_DBL(l[2], 0.30, "15 min");
	CHECK_LL(host_facts_parse_loadavg("123.45 99.00 7.10 65/2048 1", l),
	    0, "a busy one, no newline");
	CHECK_DBL(l[0], 123.45, "1 min");
	CHECK_LL(host_facts_parse_loadavg("0.00 0.00 0.00\n", l), 0,
	    "three loads alone");
	CHECK_LL(host_facts_parse_loadavg("0.42 0.35\n", l), -1, "two");
	CHECK_LL(host_facts_parse_loadavg("0.42  0.35 0.30 1/2 3\n", l), -1,
	    "two blanks");
	CHECK_LL(host_facts_parse_loadavg("0.42 x 0.30 1/2 3\n", l), -1,
	    "a word");
	CHECK_LL(host_facts_parse_loadavg("0.42 0.35 0.30x\n", l), -1,
	    "a tail");
	CHECK_LL(host_facts_parse_loadavg("-1 0.35 0.30\n", l), -1,
	    "negative");
	CHECK_LL(host_facts_parse_loadavg("", l), -1, "empty");
}

static void
test_kernel(void)
{
	char *k;

	k = host_facts_parse_kernel("6.1.0-18-amd64\n");
	CHECK_STR(k, "6.1.0-18-amd64", "debian");
	free(k);
	k = host_facts_parse_kernel("  5.15.0-91-generic  \nsecond\n");
	CHECK_STR(k, "5.15.0-91-generic", "trimmed, first line");
	free(k);
	CU_ASSERT_PTR_NULL(host_facts_parse_kernel("\n"));
	CU_ASSERT_PTR_NULL(host_facts_parse_kernel(""));
	k = host_facts_parse_kernel("6.1\033]0;owned\a\n");
	CHECK_STR(k, "6.1?]0;owned?", "no terminal escapes");
	free(k);
	k = host_facts_parse_kernel("0123456789012345678901234567890123456789"
	    "012345678901234567890123456789\n");
	CHECK_LL(strlen(k), HOST_FACTS_KERNEL_MAX, "cut");
	free(k);
}

/* Through the local transport: the fixture tree's files; no round trip
 * (not remote); a tree without them knows nothing and does not fail. */
static void
test_read_local(void)
{
	char *root = unit_fixture_path("sysroot-disks"), *cause = NULL;
	struct transport *t = transport_local_new(root);
	struct host_facts *f = host_facts_read(t, NULL, &cause);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CHECK_STR(f->kernel, "6.1.0-18-amd64", "kernel");
	CHECK_LL(f->uptime_s, 350735, "uptime");
	CHECK_LL(f->have_load, 1, "load");
	CHECK_DBL(f->load[2], 0.30, "15 min");
	CHECK_LL(f->rtt_us, -1, "no round trip on this machine");
	host_facts_free(f);
	transport_free(t);
	free(root);

	root = unit_fixture_path("sysroot-md-add");
	t = transport_local_new(root);
	f = host_facts_read(t, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NULL(f->kernel);
	CHECK_LL(f->uptime_s, -1, "uptime");
	CHECK_LL(f->have_load, 0, "load");
	CU_ASSERT_PTR_NULL(cause);
	host_facts_free(f);
	transport_free(t);
	free(root);
}

/* Over a transport that looks remote: one prefetch (a round trip) names
 * every file the facts read, the kernel's name too, and no read asks the
 * host by itself. */
static void
test_read_remote_one_request(void)
{
	char *root = unit_fixture_path("sysroot-disks"), *cause = NULL;
	struct unit_covering c;
	struct host_facts *f;

	unit_covering_init(&c, root);
	f = host_facts_read(&c.base, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CHECK_STR(f->kernel, "6.1.0-18-amd64", "kernel");
	CHECK_LL(f->uptime_s, 350735, "uptime");
	CHECK_LL(f->have_load, 1, "load");
	CU_ASSERT(f->rtt_us >= 0);
	CHECK_LL(c.prefetches, 1, "prefetches");
	CHECK_LL(c.alone, 0, "reads outside the prefetch");
	CHECK_LL(c.uncovered_count, 0, "reads the prefetch does not name");
	CHECK_LL(c.reads, 3, "reads from the prefetch");
	host_facts_free(f);
	unit_covering_clear(&c);
	free(cause);
	free(root);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "uptime", test_uptime);
	CU_add_test(s, "loadavg", test_loadavg);
	CU_add_test(s, "kernel", test_kernel);
	CU_add_test(s, "read through the local transport", test_read_local);
	CU_add_test(s, "remote: one request", test_read_remote_one_request);
}
