/* Unit tests for SSH host names, jump lists and remote quoting
 * (backends/core/ssh-target.c). */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "ssh-target.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("ssh-target", add_tests)

/* A target as "USER@HOST:PORT", "-" for no user. Caller frees. */
static char *
target_text(const struct ssh_target *t)
{
	return xasprintf("%s@%s:%d", t->user != NULL ? t->user : "-",
	    t->host, t->port);
}

/* ssh_target_parse(text) gives want ("USER@HOST:PORT"), or fails with
 * the message want_error. */
static void
check_target(const char *text, const char *want, const char *want_error)
{
	struct ssh_target t;
	char *cause = NULL, *got;
	int rc;

	memset(&t, 0xa5, sizeof t);
	rc = ssh_target_parse(text, &t, &cause);
	if (want != NULL) {
		CHECK_LL(rc, 0, text);
		CHECK_STR(cause, NULL, text);
		if (rc == 0) {
			got = target_text(&t);
			CHECK_STR(got, want, text);
			free(got);
		}
	} else {
		CHECK_LL(rc, -1, text);
		CHECK_STR(cause, want_error, text);
		/* A refused target holds nothing. */
		CU_ASSERT_PTR_NULL(t.user);
		CU_ASSERT_PTR_NULL(t.host);
		CU_ASSERT_EQUAL(t.port, 0);
	}
	ssh_target_clear(&t);
	free(cause);
}

#define GOOD(text, want) check_target(text, want, NULL)
#define BAD(text, msg) check_target(text, NULL, msg)

static void
test_forms(void)
{
	GOOD("web3", "-@web3:0");
	GOOD("root@web3", "root@web3:0");
	GOOD("db-1.example.com", "-@db-1.example.com:0");
	GOOD("_lab.local", "-@_lab.local:0");
	GOOD("10.0.0.7", "-@10.0.0.7:0");
	GOOD("host\xc3\xa4.example", "-@host\xc3\xa4.example:0");
	GOOD("ssh://web3", "-@web3:0");
	GOOD("ssh://web3/", "-@web3:0");
	GOOD("ssh://admin@web3:2222", "admin@web3:2222");
	GOOD("ssh://admin@web3:2222/", "admin@web3:2222");
	GOOD("ssh://web3:1", "-@web3:1");
	GOOD("ssh://web3:65535", "-@web3:65535");
	GOOD("ssh://web3:022", "-@web3:22");
	/* As ssh(1): the user of a plain name ends at the last '@', that of
	 * a URI at the first, decoded, its ;parameters ignored. */
	GOOD("ad@corp.example@web3", "ad@corp.example@web3:0");
	GOOD("ssh://ad%40corp.example@web3", "ad@corp.example@web3:0");
	GOOD("ssh://admin;fingerprint=SHA256-abc@web3", "admin@web3:0");
}

static void
test_ipv6(void)
{
	GOOD("2001:db8::1", "-@2001:db8::1:0");
	GOOD("root@::1", "root@::1:0");
	GOOD("root@[::1]", "root@::1:0");
	GOOD("fe80::1%eth0", "-@fe80::1%eth0:0");
	GOOD("ssh://[2001:db8::1]:2222", "-@2001:db8::1:2222");
	GOOD("ssh://u@[2001:db8::1]", "u@2001:db8::1:0");
	GOOD("ssh://u@[fe80::1%eth0]:22/", "u@fe80::1%eth0:22");
	BAD("ssh://2001:db8::1",
	    "ssh://2001:db8::1: an IPv6 address goes in brackets here: "
	    "[ADDRESS]:PORT");
	BAD("ssh://[::1", "ssh://[::1: no ']' after '['");
	BAD("ssh://[::1]x", "ssh://[::1]x: nothing may follow ']' but :PORT");
	BAD("fe80::1%", "fe80::1%: a host name may not contain ':' (give a "
	    "port as -p PORT or ssh://HOST:PORT, an IPv6 address with a port "
	    "as ssh://[ADDRESS]:PORT)");
}

static void
test_refused_host(void)
{
	BAD("", "no host name");
	BAD("u@", "u@: no host name");
	BAD("ssh://", "ssh://: no host name");
	BAD("ssh://u@", "ssh://u@: no host name");
	BAD("-oProxyCommand=touch x",
	    "-oProxyCommand=touch x: a host name may not begin with '-'");
	BAD("u@-oProxyCommand=x",
	    "u@-oProxyCommand=x: a host name may not begin with '-'");
	BAD("ssh://-h", "ssh://-h: a host name may not begin with '-'");
	BAD("web 3", "web 3: a host name may not contain a blank");
	BAD("web\t3", "web?3: a host name may not contain a blank");
	BAD("web3\n", "web3?: a host name may not contain a control "
	    "character or bad UTF-8");
	BAD("web\x7f", "web?: a host name may not contain a control "
	    "character or bad UTF-8");
	BAD("web\xe2\x80\xae", "web???: a host name may not contain a "
	    "control character or bad UTF-8");
	BAD("web\xff", "web?: a host name may not contain a control "
	    "character or bad UTF-8");
	BAD("web3;reboot", "web3;reboot: a host name may not contain ';'");
	BAD("web$(touch x)", "web$(touch x): a host name may not contain "
	    "'$'");
	BAD("web`id`", "web`id`: a host name may not contain a quote (`)");
	BAD("web'3", "web'3: a host name may not contain a quote (')");
	BAD("web\"3", "web\"3: a host name may not contain a quote (\")");
	BAD("web\\3", "web\\3: a host name may not contain '\\'");
	BAD("web|3", "web|3: a host name may not contain '|'");
	BAD("web&", "web&: a host name may not contain '&'");
	BAD("web>3", "web>3: a host name may not contain '>'");
	BAD("web*", "web*: a host name may not contain '*'");
	BAD("web3,web4", "web3,web4: a host name may not contain ','");
	BAD("web%h", "web%h: a host name may not contain '%'");
	BAD("ssh://u@v@web3", "ssh://u@v@web3: a host name may not contain "
	    "'@'");
	BAD("web3:2222", "web3:2222: a host name may not contain ':' (give a "
	    "port as -p PORT or ssh://HOST:PORT, an IPv6 address with a port "
	    "as ssh://[ADDRESS]:PORT)");
	BAD("u@[::1]:2222", "u@[::1]:2222: a host name may not contain ':' "
	    "(give a port as -p PORT or ssh://HOST:PORT, an IPv6 address "
	    "with a port as ssh://[ADDRESS]:PORT)");
	BAD("ssh://web3/etc", "ssh://web3/etc: an ssh:// URI takes no path");
}

static void
test_refused_user(void)
{
	BAD("@web3", "@web3: no user name before '@'");
	BAD("ssh://@web3", "ssh://@web3: no user name before '@'");
	BAD("ssh://;x=1@web3", "ssh://;x=1@web3: no user name before '@'");
	BAD("-l@web3", "-l@web3: a user name may not begin with '-'");
	BAD("a b@web3", "a b@web3: a user name may not contain a blank");
	/* '+' is a blank in a URI's user, as ssh(1) decodes it. */
	BAD("ssh://a+b@web3", "ssh://a+b@web3: a user name may not contain "
	    "a blank");
	BAD("ssh://a%20-x@web3", "ssh://a%20-x@web3: a user name may not "
	    "contain a blank");
	BAD("ssh://a%0a@web3", "ssh://a%0a@web3: a user name may not contain "
	    "a control character or bad UTF-8");
	BAD("ssh://a%00@web3", "ssh://a%00@web3: a bad %-escape in the user "
	    "name");
	BAD("ssh://a%4@web3", "ssh://a%4@web3: a bad %-escape in the user "
	    "name");
	BAD("ssh://a%zz@web3", "ssh://a%zz@web3: a bad %-escape in the user "
	    "name");
	BAD("r'oot@web3", "r'oot@web3: a user name may not contain a quote "
	    "(')");
	BAD("root;id@web3", "root;id@web3: a user name may not contain ';'");
	BAD("$(id)@web3", "$(id)@web3: a user name may not contain '$'");
	BAD("CORP\\admin@web3", "CORP\\admin@web3: a user name may not "
	    "contain '\\'");
	BAD("ro\x01ot@web3", "ro?ot@web3: a user name may not contain a "
	    "control character or bad UTF-8");
}

static void
test_refused_port(void)
{
	BAD("ssh://web3:", "ssh://web3:: no port after ':'");
	BAD("ssh://web3:/", "ssh://web3:/: no port after ':'");
	BAD("ssh://web3:0", "ssh://web3:0: port '0' is not a number from 1 to "
	    "65535");
	BAD("ssh://web3:65536", "ssh://web3:65536: port '65536' is not a "
	    "number from 1 to 65535");
	BAD("ssh://web3:99999999999999999999", "ssh://web3:9999999999999999"
	    "9999: port '99999999999999999999' is not a number from 1 to "
	    "65535");
	BAD("ssh://web3:-1", "ssh://web3:-1: port '-1' is not a number from 1 "
	    "to 65535");
	BAD("ssh://web3:+22", "ssh://web3:+22: port '+22' is not a number "
	    "from 1 to 65535");
	BAD("ssh://web3:ssh", "ssh://web3:ssh: port 'ssh' is not a number "
	    "from 1 to 65535");
	BAD("ssh://web3: 22", "ssh://web3: 22: port ' 22' is not a number "
	    "from 1 to 65535");
}

static void
test_long(void)
{
	char host[300], msg[400];

	memset(host, 'a', 256);
	host[256] = '\0';
	snprintf(msg, sizeof msg, "%.64s...: a host name longer than 255 "
	    "bytes", host);
	BAD(host, msg);
	host[255] = '\0';
	snprintf(msg, sizeof msg, "-@%s:0", host);
	GOOD(host, msg);
	/* An IPv6 address with a zone is bounded too (found by fuzzing). */
	memcpy(host, "fe80::1%e", 9);
	memset(host + 9, 'a', 250);
	host[259] = '\0';
	snprintf(msg, sizeof msg, "%.64s...: a host name longer than 255 "
	    "bytes", host);
	BAD(host, msg);
}

/* ssh_target_parse_jumps(text): the hops as "USER@HOST:PORT" joined by
 * " > ", or the message want_error. */
static void
check_jumps(const char *text, const char *want, const char *want_error)
{
	struct ssh_target *hops = (struct ssh_target *)&hops;
	struct buf b = {0};
	char *cause = NULL, *one;
	size_t n = 99, i;
	int rc;

	rc = ssh_target_parse_jumps(text, &hops, &n, &cause);
	buf_addstr(&b, "");
	if (rc == 0) {
		for (i = 0; i < n; i++) {
			one = target_text(&hops[i]);
			buf_printf(&b, "%s%s", i > 0 ? " > " : "", one);
			free(one);
			ssh_target_clear(&hops[i]);
		}
		free(hops);
	}
	if (want != NULL) {
		CHECK_LL(rc, 0, text);
		CHECK_STR(cause, NULL, text);
		CHECK_STR(b.data, want, text);
	} else {
		CHECK_LL(rc, -1, text);
		CHECK_STR(cause, want_error, text);
		CU_ASSERT_PTR_NULL(hops);
		CU_ASSERT_EQUAL(n, 0);
	}
	free(cause);
	buf_free(&b);
}

static void
test_jumps(void)
{
	check_jumps("none", "", NULL);
	check_jumps("None", "", NULL);
	check_jumps("jump", "-@jump:0", NULL);
	check_jumps("ops@jump:2200", "ops@jump:2200", NULL);
	check_jumps("a,u@b:2222,ssh://c",
	    "-@a:0 > u@b:2222 > -@c:0", NULL);
	check_jumps("ssh://ops@gw1:2201,ssh://[2001:db8::2]:2202,[::1]:2203,"
	    "u@[fe80::1%eth0],ad@corp@10.0.0.9:22",
	    "ops@gw1:2201 > -@2001:db8::2:2202 > -@::1:2203 > "
	    "u@fe80::1%eth0:0 > ad@corp@10.0.0.9:22", NULL);
	check_jumps("[gw]:22", "-@gw:22", NULL);
}

static void
test_jumps_refused(void)
{
	check_jumps("", NULL, "no jump host");
	check_jumps("a,,b", NULL, "a,,b: an empty hop in the jump list");
	check_jumps("a,", NULL, "a,: an empty hop in the jump list");
	check_jumps(",a", NULL, ",a: an empty hop in the jump list");
	check_jumps("a,b:0", NULL, "b:0: port '0' is not a number from 1 to "
	    "65535");
	check_jumps("a:", NULL, "a:: no port after ':'");
	check_jumps("a:22:", NULL, "a:22:: port '22:' is not a number from 1 "
	    "to 65535");
	check_jumps("::1", NULL, "::1: an IPv6 address goes in brackets "
	    "here: [ADDRESS]:PORT");
	check_jumps("gw,2001:db8::1:22", NULL, "2001:db8::1:22: an IPv6 "
	    "address goes in brackets here: [ADDRESS]:PORT");
	check_jumps("[::1]22", NULL, "[::1]22: nothing may follow ']' but "
	    ":PORT");
	check_jumps("gw,-oProxyCommand=touch x", NULL, "-oProxyCommand=touch "
	    "x: a host name may not begin with '-'");
	check_jumps("gw a", NULL, "gw a: a host name may not contain a blank");
	check_jumps("gw;id", NULL, "gw;id: a host name may not contain ';'");
	check_jumps("@gw", NULL, "@gw: no user name before '@'");
	check_jumps("gw/22", NULL, "gw/22: a host name may not contain '/'");
	check_jumps("ssh://gw/x", NULL, "ssh://gw/x: an ssh:// URI takes no "
	    "path");
}

static void
test_known_hosts_name(void)
{
	char *s;

	s = ssh_known_hosts_name("web3", 0);
	CHECK_STR(s, "web3", "port 0");
	free(s);
	s = ssh_known_hosts_name("web3", 22);
	CHECK_STR(s, "web3", "port 22");
	free(s);
	s = ssh_known_hosts_name("127.0.0.1", 2222);
	CHECK_STR(s, "[127.0.0.1]:2222", "port 2222");
	free(s);
	s = ssh_known_hosts_name("::1", 22);
	CHECK_STR(s, "::1", "v6 port 22");
	free(s);
	s = ssh_known_hosts_name("2001:db8::1", 2200);
	CHECK_STR(s, "[2001:db8::1]:2200", "v6 port 2200");
	free(s);
}

/* Arguments a remote shell must pass on as they are; "@" stands for the
 * scratch directory (where the commands in them would make files). */
static const char *const hostile[] = {
	"plain", "a b", "  two  blanks ", "", "it's", "''", "'", "\"", "\\",
	"a\\'b", "\\\\n", "$(touch @/dollar)", "`touch @/backtick`",
	"x;touch @/semicolon", "x&touch @/amp", "x|touch @/pipe",
	"x\ntouch @/newline", "x\rtouch @/cr", "$HOME", "${IFS}", "$((1+1))",
	"*", "?", "[a-z]*", "~", "~root", "-n", "--", "-e", "%s", "\\0",
	"=x", "a=b", "#comment", "!", "!!", "{a,b}", "<@/in", ">@/out",
	"\t", "\xc3\xa9t\xc3\xa9", "\xff\xfe", "md0; rm -rf @",
	"a b;$(touch @/device)", NULL
};

/* hostile[] with "@" replaced by dir, as a fresh argv after the given
 * leading words. */
static char **
hostile_argv(const char *dir, const char *const *lead, size_t nlead,
    size_t *n)
{
	char **v = NULL;
	size_t count = 0, i;
	struct buf b;
	const char *p;

	for (i = 0; i < nlead; i++)
		strv_push(&v, &count, lead[i]);
	for (i = 0; hostile[i] != NULL; i++) {
		memset(&b, 0, sizeof b);
		buf_addstr(&b, "");
		for (p = hostile[i]; *p != '\0'; p++) {
			if (*p == '@')
				buf_addstr(&b, dir);
			else
				buf_add(&b, p, 1);
		}
		strv_push(&v, &count, b.data);
		buf_free(&b);
	}
	v = xreallocarray(v, count + 1, sizeof *v);
	v[count] = NULL;
	*n = count;
	return v;
}

/* The remote login shells we can try here: /bin/sh always, and bash,
 * zsh, ksh and busybox sh where installed (each as argv before "-c"). */
static const char *const shells[][3] = {
	{"/bin/sh", NULL}, {"/bin/bash", NULL}, {"/usr/bin/zsh", NULL},
	{"/bin/ksh", NULL}, {"/usr/bin/busybox", "sh", NULL},
};
#define NSHELLS (sizeof shells / sizeof shells[0])

/* Run SHELL -c command (shells[k]); its standard output, its length in
 * *len. */
static char *
run_in(size_t k, const char *command, size_t *len, int *status)
{
	char **argv = shells[k][1] == NULL ?
	    unit_argv(shells[k][0], "-c", command, NULL) :
	    unit_argv(shells[k][0], shells[k][1], "-c", command, NULL);
	struct run_result r;
	char *cause = NULL, *out;

	memset(&r, 0, sizeof r);
	if (run_argv(argv[0], argv, NULL, NULL, 10000, &r, &cause) != 0) {
		unit_argv_free(argv);
		CU_FAIL(cause);
		free(cause);
		*len = 0;
		*status = -1;
		return xstrdup("");
	}
	out = r.out;
	r.out = NULL;
	*len = r.out_len;
	*status = r.exit_status;
	run_result_free(&r);
	unit_argv_free(argv);
	return out;
}

/* 1 if shells[k] is installed. */
static int
shell_here(size_t k)
{
	return access(shells[k][0], X_OK) == 0;
}

static char *
run_sh(const char *command, size_t *len, int *status)
{
	return run_in(0, command, len, status);
}

/* out (len bytes, each argument followed by a NUL) holds want[0..n). */
static void
check_args_back(const char *out, size_t len, char *const want[], size_t n)
{
	size_t i, off = 0, got = 0;

	for (i = 0; i < n && off < len; i++) {
		CHECK_STR(out + off, want[i], "argument back");
		off += strlen(out + off) + 1;
		got++;
	}
	CHECK_LL(got, n, "arguments back");
	CHECK_LL(off, len, "bytes back");
}

/* Nothing the arguments named was made in dir. */
static void
check_nothing_ran(const char *dir)
{
	static const char *const made[] = {"dollar", "backtick", "semicolon",
	    "amp", "pipe", "newline", "cr", "out", "device", NULL};
	char *path;
	struct stat st;
	size_t i;

	for (i = 0; made[i] != NULL; i++) {
		path = xasprintf("%s/%s", dir, made[i]);
		if (stat(path, &st) == 0)
			CU_FAIL(path);
		free(path);
	}
	/* rm -rf @ did not run either. */
	CU_ASSERT_EQUAL(stat(dir, &st), 0);
}

/* The hostile arguments, after printf '%s\0', through every shell. */
static void
test_quote_argv_sh(void)
{
	static const char *const lead[] = {"printf", "%s\\0"};
	char *dir = unit_temp_dir("sshq"), **argv, *command, *out;
	size_t n, len, k, tried = 0;
	int status;

	CU_ASSERT_FATAL(dir != NULL);
	argv = hostile_argv(dir, lead, 2, &n);
	command = shell_quote_argv(argv);
	for (k = 0; k < NSHELLS; k++) {
		if (!shell_here(k))
			continue;
		out = run_in(k, command, &len, &status);
		CHECK_LL(status, 0, shells[k][0]);
		check_args_back(out, len, argv + 2, n - 2);
		check_nothing_ran(dir);
		free(out);
		tried++;
	}
	CU_ASSERT(tried >= 1);
	free(command);
	string_list_free(argv, n);
	unit_remove_tree(dir);
	free(dir);
}

/* The brief's form: printf's words as they stand, then each argument
 * through shell_quote() (strutil.h), which leaves plain words bare. */
static void
test_quote_one_sh(void)
{
	char *dir = unit_temp_dir("sshq"), **argv, *out, *q;
	struct buf command = {0};
	size_t n, len, i;
	int status;

	CU_ASSERT_FATAL(dir != NULL);
	argv = hostile_argv(dir, NULL, 0, &n);
	buf_addstr(&command, "printf '%s\\0'");
	for (i = 0; i < n; i++) {
		q = shell_quote(argv[i]);
		buf_printf(&command, " %s", q);
		free(q);
	}
	out = run_sh(command.data, &len, &status);
	CHECK_LL(status, 0, command.data);
	check_args_back(out, len, argv, n);
	check_nothing_ran(dir);
	free(out);
	buf_free(&command);
	string_list_free(argv, n);
	unit_remove_tree(dir);
	free(dir);
}

static void
test_quote_text(void)
{
	char **argv = unit_argv("mdadm", "it's", "", "a b", NULL);
	char *empty[] = {NULL};
	char *s;

	s = shell_quote_argv(argv);
	CHECK_STR(s, "'mdadm' 'it'\\''s' '' 'a b'", "argv");
	free(s);
	unit_argv_free(argv);
	s = shell_quote_argv(empty);
	CHECK_STR(s, "", "empty argv");
	free(s);
	s = shell_quote("=ls");
	CHECK_STR(s, "'=ls'", "leading =");
	free(s);
	s = shell_quote("of=/dev/sda");
	CHECK_STR(s, "of=/dev/sda", "plain word");
	free(s);
}

/* The program's word is quoted too: an assignment-looking or reserved
 * word names a program (not found: 127), never shell syntax (which would
 * run true, or negate false: 0). */
static void
test_quote_program_word(void)
{
	char **assign = unit_argv("FOO=bar", "true", NULL);
	char **bang = unit_argv("!", "false", NULL);
	char *command, *out;
	size_t len;
	int status;

	command = shell_quote_argv(assign);
	out = run_sh(command, &len, &status);
	CHECK_LL(status, 127, command);
	free(out);
	free(command);
	command = shell_quote_argv(bang);
	out = run_sh(command, &len, &status);
	CHECK_LL(status, 127, command);
	free(out);
	free(command);
	unit_argv_free(assign);
	unit_argv_free(bang);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "every form", test_forms);
	CU_add_test(s, "IPv6 in brackets", test_ipv6);
	CU_add_test(s, "hosts refused", test_refused_host);
	CU_add_test(s, "users refused", test_refused_user);
	CU_add_test(s, "ports refused", test_refused_port);
	CU_add_test(s, "name length", test_long);
	CU_add_test(s, "jump lists", test_jumps);
	CU_add_test(s, "jump lists refused", test_jumps_refused);
	CU_add_test(s, "known_hosts name", test_known_hosts_name);
	CU_add_test(s, "argv through the shells", test_quote_argv_sh);
	CU_add_test(s, "one argument through /bin/sh", test_quote_one_sh);
	CU_add_test(s, "quoted text", test_quote_text);
	CU_add_test(s, "program word quoted", test_quote_program_word);
}
