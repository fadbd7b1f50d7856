/* Unit tests for change plans: shell text, execution on a fake transport. */
#include "config.h"

#include <errno.h>

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "change.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("change", change_add_tests)

/* What the fake transport answers to one call. */
struct fake_reply {
	int rc;          /* what the op returns */
	int exit_status; /* run: */
	int timed_out;
	const char *out;
	const char *err;
	const char *cause; /* rc != 0: *cause, or NULL */
};

/* A transport that records its calls and plays back scripted replies. */
struct fake_transport {
	struct transport t; /* first, so a struct transport * is one of us */
	const struct fake_reply *replies;
	size_t reply_count;
	size_t next;
	char **calls;
	size_t call_count;
};

static const struct fake_reply fake_ok = { 0, 0, 0, "", "", NULL };

static const struct fake_reply *
fake_next(struct fake_transport *f)
{
	if (f->next < f->reply_count)
		return &f->replies[f->next++];
	return &fake_ok;
}

static int
fake_run(struct transport *t, char *const argv[], const char *input,
    int timeout_ms, struct run_result *result, char **cause)
{
	struct fake_transport *f = (struct fake_transport *)t;
	const struct fake_reply *r = fake_next(f);
	char *shell = argv_to_shell(argv), *call;

	call = xasprintf("run %s timeout=%d input=%s", shell, timeout_ms,
	    input != NULL ? input : "none");
	strv_push(&f->calls, &f->call_count, call);
	free(call);
	free(shell);
	if (r->rc != 0) {
		if (r->cause != NULL)
			set_cause(cause, "%s", r->cause);
		return r->rc;
	}
	result->exit_status = r->exit_status;
	result->timed_out = r->timed_out;
	result->out = xstrdup(r->out != NULL ? r->out : "");
	result->out_len = strlen(result->out);
	result->err = xstrdup(r->err != NULL ? r->err : "");
	result->err_len = strlen(result->err);
	return 0;
}

static int
fake_write_file(struct transport *t, const char *path, const char *data,
    size_t len, int flags, char **cause)
{
	struct fake_transport *f = (struct fake_transport *)t;
	const struct fake_reply *r = fake_next(f);
	char *call;

	call = xasprintf("write %s flags=%d data=%.*s", path, flags, (int)len,
	    data);
	strv_push(&f->calls, &f->call_count, call);
	free(call);
	if (r->rc != 0 && r->cause != NULL)
		set_cause(cause, "%s", r->cause);
	return r->rc;
}

/* The fake's files are below /fake, as under a --sysroot. */
static char *
fake_local_path(struct transport *t, const char *path)
{
	(void)t;
	return xasprintf("/fake%s", path);
}

static const struct transport_ops fake_ops = {
	.run = fake_run,
	.write_file = fake_write_file,
	.local_path = fake_local_path,
};

static void
fake_init(struct fake_transport *f, const struct fake_reply *replies,
    size_t count)
{
	memset(f, 0, sizeof *f);
	f->t.ops = &fake_ops;
	f->replies = replies;
	f->reply_count = count;
}

static void
fake_clear(struct fake_transport *f)
{
	string_list_free(f->calls, f->call_count);
	memset(f, 0, sizeof *f);
}

static void
test_add_run(void)
{
	struct change_plan p;
	char a0[] = "smartctl", a1[] = "-l", a2[] = "scterc,70,70";
	char a3[] = "/dev/sda", b1[] = "it's here";
	char *argv[] = { a0, a1, a2, a3, NULL };
	char *argv2[] = { a0, b1, NULL };

	change_plan_init(&p, "disk-set-erc sda 70 70", "Set SCT ERC of sda");
	change_plan_add_run(&p, "sda", argv, 0x07, NULL);
	change_plan_add_run(&p, "sda", argv2, 0, "why");
	a3[5] = 'X'; /* the plan holds copies */
	CU_ASSERT_EQUAL(p.step_count, 2);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_RUN);
	CU_ASSERT_STRING_EQUAL(p.steps[0].target, "sda");
	CU_ASSERT_STRING_EQUAL(p.steps[0].argv[3], "/dev/sda");
	CU_ASSERT_PTR_NULL(p.steps[0].argv[4]);
	CU_ASSERT_EQUAL(p.steps[0].fail_mask, 0x07);
	CU_ASSERT_PTR_NULL(p.steps[0].note);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "smartctl -l scterc,70,70 /dev/sda");
	CU_ASSERT_STRING_EQUAL(p.steps[1].shell, "smartctl 'it'\\''s here'");
	CU_ASSERT_STRING_EQUAL(p.steps[1].note, "why");
	CU_ASSERT_STRING_EQUAL(p.command, "disk-set-erc sda 70 70");
	CU_ASSERT_STRING_EQUAL(p.summary, "Set SCT ERC of sda");
	CU_ASSERT_PTR_NULL(p.warning);
	change_plan_free(&p);
}

static void
check_write_shell(const char *path, const char *data, const char *want)
{
	struct change_plan p;

	change_plan_init(&p, "test", "test");
	change_plan_add_write(&p, "t", path, data, NULL);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_WRITE);
	CU_ASSERT_STRING_EQUAL(p.steps[0].path, path);
	CU_ASSERT_STRING_EQUAL(p.steps[0].data, data);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell, want);
	change_plan_free(&p);
}

static void
test_add_write(void)
{
	check_write_shell("/sys/block/sdb/device/timeout", "180",
	    "echo 180 > /sys/block/sdb/device/timeout");
	check_write_shell("/sys/block/sda/queue/scheduler", "mq-deadline\n",
	    "echo mq-deadline > /sys/block/sda/queue/scheduler");
	check_write_shell("/tmp/a b", "x y", "echo 'x y' > '/tmp/a b'");
	check_write_shell("/x", "it's", "echo 'it'\\''s' > /x");
	check_write_shell("/x", "-n", "printf '%s\\n' -n > /x");
	check_write_shell("/x", "a\\b", "printf '%s\\n' 'a\\b' > /x");
	check_write_shell("/x", "", "echo '' > /x");
	check_write_shell("/x", "one\ntwo\n",
	    "cat > /x <<'EOF'\none\ntwo\nEOF");
}

static void
test_add_create(void)
{
	struct change_plan p;

	change_plan_init(&p, "test", "test");
	change_plan_add_create(&p, "udev-rule", "/etc/udev/rules.d/x.rules",
	    "# rule\nKERNEL==\"sda\"\n", "new");
	change_plan_add_create(&p, "f", "/x", "EOF\nEOF_1\nlast", NULL);
	CU_ASSERT_EQUAL(p.steps[0].kind, STEP_CREATE);
	CU_ASSERT_STRING_EQUAL(p.steps[0].shell,
	    "(set -C; cat > /etc/udev/rules.d/x.rules) <<'EOF'\n"
	    "# rule\nKERNEL==\"sda\"\nEOF");
	/* The delimiter never equals a line of the data. */
	CU_ASSERT_STRING_EQUAL(p.steps[1].shell,
	    "(set -C; cat > /x) <<'EOF_2'\nEOF\nEOF_1\nlast\nEOF_2");
	change_plan_free(&p);
}

static void
test_describe(void)
{
	struct change_plan p;
	char a0[] = "smartctl", a1[] = "/dev/sda";
	char *argv[] = { a0, a1, NULL };
	char *text;

	change_plan_init(&p, "test", "test");
	change_plan_add_run(&p, "sda", argv, 0, "SCT ERC 7 s");
	change_plan_add_write(&p, "sdb", "/sys/block/sdb/device/timeout", "180",
	    NULL);
	change_plan_add_note(&p, "nvme0n1", "not applicable");
	text = change_plan_describe(&p);
	CU_ASSERT_STRING_EQUAL(text,
	    "# sda: SCT ERC 7 s\n"
	    "smartctl /dev/sda\n"
	    "echo 180 > /sys/block/sdb/device/timeout\n"
	    "# nvme0n1: not applicable\n");
	free(text);
	change_plan_free(&p);
	change_plan_init(&p, "empty", NULL);
	CU_ASSERT_STRING_EQUAL(p.summary, "empty");
	text = change_plan_describe(&p);
	CU_ASSERT_STRING_EQUAL(text, "");
	free(text);
	change_plan_free(&p);
}

/* run, write, create and note steps for "disk-set-test sda". */
static void
make_plan(struct change_plan *p, int stop_on_error)
{
	char a0[] = "smartctl", a1[] = "-l", a2[] = "scterc,70,70";
	char a3[] = "/dev/sda";
	char *argv[] = { a0, a1, a2, a3, NULL };

	change_plan_init(p, "disk-set-test sda", "Test sda");
	p->stop_on_error = stop_on_error;
	change_plan_add_run(p, "sda", argv, 0x07, NULL);
	change_plan_add_write(p, "sdb", "/sys/block/sdb/device/timeout", "180",
	    NULL);
	change_plan_add_note(p, "nvme0n1", "not applicable");
	change_plan_add_create(p, "udev-rule", "/etc/x.rules", "a\nb\n", NULL);
}

/* A caller that records what it was asked and fails the call "bad". */
struct fake_caller {
	char *calls[4];
	size_t count;
};

static int
fake_call(void *arg, const struct change_step *s, char **cause)
{
	struct fake_caller *c = arg;
	char *words = str_join(s->argv, 2, " ");

	if (c->count < 4)
		c->calls[c->count++] = words;
	else
		free(words);
	if (strcmp(s->argv[0], "bad") == 0) {
		set_cause(cause, "the BMC said no\nsecond line");
		return -1;
	}
	return 0;
}

/* A library call is shown and audited as its shell command, made by the
 * caller with its words, and fails with the caller's first line; with no
 * caller it fails and nothing else is tried. */
static void
test_execute_call(void)
{
	char g0[] = "user-set-name", g1[] = "3", b0[] = "bad", b1[] = "x";
	char *good[] = { g0, g1, NULL };
	char *bad[] = { b0, b1, NULL };
	struct fake_caller caller = { { NULL }, 0 };
	struct change_caller cc = { fake_call, &caller };
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char **lines, *desc;
	size_t n, i;

	unit_audit_log_init(&a, "change-call");
	fake_init(&f, NULL, 0);
	change_plan_init(&p, "ipmi-user-rename 3 alice", "Rename user 3");
	change_plan_add_call(&p, "user 3", good,
	    "ipmitool user set name 3 alice", NULL);
	change_plan_add_call(&p, "user 4", bad, "ipmitool bad x", NULL);
	desc = change_plan_describe(&p);
	CU_ASSERT_STRING_EQUAL(desc, "ipmitool user set name 3 alice\n"
	    "ipmitool bad x\n");
	free(desc);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, &cc, &r), 1);
	CU_ASSERT_EQUAL_FATAL(caller.count, 2);
	CU_ASSERT_STRING_EQUAL(caller.calls[0], "user-set-name 3");
	CU_ASSERT_STRING_EQUAL(caller.calls[1], "bad x");
	CU_ASSERT(r.steps[0].done && r.steps[0].ok);
	CU_ASSERT(r.steps[1].done && !r.steps[1].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[1].message, "the BMC said no");
	CU_ASSERT_EQUAL(f.call_count, 0); /* nothing through the transport */
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0], " target=\"user 3\" "
	    "command=\"ipmi-user-rename 3 alice\" shell=\"ipmitool user set "
	    "name 3 alice\" result=\"ok\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1],
	    " result=\"failed: the BMC said no\""));
	string_list_free(lines, n);
	change_result_free(&r);

	/* Nobody to make the call. */
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 2);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message,
	    "no plugin here makes this call");
	change_result_free(&r);
	for (i = 0; i < caller.count; i++)
		free(caller.calls[i]);
	change_plan_free(&p);
	fake_clear(&f);
	unit_audit_log_clear(&a);
}

static void
test_execute_ok(void)
{
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char **lines;
	size_t n;

	unit_audit_log_init(&a, "change");
	fake_init(&f, NULL, 0);
	make_plan(&p, 1);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 0);
	CU_ASSERT_EQUAL(r.failed, 0);
	CU_ASSERT_EQUAL_FATAL(r.step_count, 4);
	CU_ASSERT(r.steps[0].done && r.steps[0].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message, "ok");
	CU_ASSERT(r.steps[1].done && r.steps[1].ok);
	CU_ASSERT(!r.steps[2].done && r.steps[2].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[2].message, "not applicable");
	CU_ASSERT(r.steps[3].done && r.steps[3].ok);
	CU_ASSERT_EQUAL_FATAL(f.call_count, 3);
	CU_ASSERT_STRING_EQUAL(f.calls[0],
	    "run smartctl -l scterc,70,70 /dev/sda timeout=5000 input=none");
	CU_ASSERT_STRING_EQUAL(f.calls[1],
	    "write /sys/block/sdb/device/timeout flags=0 data=180");
	CU_ASSERT_STRING_EQUAL(f.calls[2],
	    "write /etc/x.rules flags=1 data=a\nb\n");

	/* Three entries, the here-document's lines on lines of their own. */
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0], " sysroot=/fake target=sda "
	    "command=\"disk-set-test sda\" shell=\"smartctl -l scterc,70,70 "
	    "/dev/sda\" result=\"ok\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1], " sysroot=/fake target=sdb "
	    "command=\"disk-set-test sda\" shell=\"echo 180 > "
	    "/sys/block/sdb/device/timeout\" result=\"ok\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[2], " target=udev-rule command=\""
	    "disk-set-test sda\" shell=\"(set -C; cat > /etc/x.rules) <<'EOF'"
	    "\" result=\"ok\" more=3"));
	CU_ASSERT_STRING_EQUAL(lines[3], "\ta");
	CU_ASSERT_STRING_EQUAL(lines[4], "\tb");
	CU_ASSERT_STRING_EQUAL(lines[5], "\tEOF");
	string_list_free(lines, n);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	unit_audit_log_clear(&a);
}

static void
test_execute_stop_on_error(void)
{
	static const struct fake_reply replies[] = {
		{ 0, 4, 0, "", "\n  smartctl: SCT ERC failed  \nmore\n", NULL },
	};
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char **lines;
	size_t n, i;

	unit_audit_log_init(&a, "change");
	fake_init(&f, replies, 1);
	make_plan(&p, 1);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 1);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT(r.steps[0].done && !r.steps[0].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message, "smartctl: SCT ERC failed");
	for (i = 1; i < 4; i++) {
		CU_ASSERT(!r.steps[i].done && !r.steps[i].ok);
		CU_ASSERT_STRING_EQUAL(r.steps[i].message,
		    "skipped after an earlier error");
	}
	CU_ASSERT_EQUAL(f.call_count, 1);
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0],
	    " result=\"failed: smartctl: SCT ERC failed\""));
	string_list_free(lines, n);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	unit_audit_log_clear(&a);
}

static void
test_execute_keep_going(void)
{
	static const struct fake_reply replies[] = {
		{ 0, -1, 1, "", "", NULL },                 /* timed out */
		{ -1, 0, 0, NULL, NULL, "Permission denied" }, /* write */
		{ -1, 0, 0, NULL, NULL, NULL },             /* create */
	};
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char **lines;
	size_t n;

	unit_audit_log_init(&a, "change");
	fake_init(&f, replies, 3);
	make_plan(&p, 0);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 3);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message, "timed out after 5 s");
	CU_ASSERT_STRING_EQUAL(r.steps[1].message, "Permission denied");
	CU_ASSERT(!r.steps[2].done && r.steps[2].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[3].message,
	    "could not write /etc/x.rules");
	CU_ASSERT(r.steps[3].done && !r.steps[3].ok);
	CU_ASSERT_EQUAL(f.call_count, 3);
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 6); /* 3 entries, the last of 4 lines */
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0],
	    "result=\"failed: timed out after 5 s\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1],
	    "result=\"failed: Permission denied\""));
	string_list_free(lines, n);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	unit_audit_log_clear(&a);
}

/* An audit log that cannot be written: nothing runs, and the result
 * says why. */
static void
test_execute_unaudited(void)
{
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char *fifo;

	unit_audit_log_init(&a, "change");
	fifo = xasprintf("%s/fifo", a.dir);
	CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
	audit_set_path(fifo);
	fake_init(&f, NULL, 0);
	make_plan(&p, 1);
	alarm(10);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), -1);
	alarm(0);
	CU_ASSERT_EQUAL(f.call_count, 0);
	CHECK_CONTAINS(r.refused, "cannot write the audit log: ",
	    "refused");
	CHECK_CONTAINS(r.refused, "is a FIFO, not a regular file",
	    "refused");
	CU_ASSERT_EQUAL_FATAL(r.step_count, 4);
	CU_ASSERT(!r.steps[0].done && !r.steps[0].ok);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message, "not run");
	change_result_free(&r);
	/* --no-audit: it runs. */
	audit_set_file(0);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 0);
	audit_set_file(1);
	CU_ASSERT_PTR_NULL(r.refused);
	CU_ASSERT_EQUAL(f.call_count, 3);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	unlink(fifo);
	free(fifo);
	unit_audit_log_clear(&a);
}

/* One run step with fail_mask against one reply; its message. */
static char *
run_one(int fail_mask, const struct fake_reply *reply, int timeout_ms,
    int *ok)
{
	char a0[] = "smartctl", a1[] = "/dev/sda";
	char *argv[] = { a0, a1, NULL };
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	char *message;

	fake_init(&f, reply, 1);
	change_plan_init(&p, "disk-test sda", NULL);
	change_plan_add_run(&p, "sda", argv, fail_mask, NULL);
	change_execute(&f.t, &p, timeout_ms, NULL, &r);
	*ok = r.steps[0].ok;
	message = xstrdup(r.steps[0].message);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	return message;
}

static void
check_run(int fail_mask, const struct fake_reply *reply, int timeout_ms,
    int want_ok, const char *want)
{
	char *message;
	int ok;

	message = run_one(fail_mask, reply, timeout_ms, &ok);
	CU_ASSERT_EQUAL(ok, want_ok);
	CU_ASSERT_STRING_EQUAL(message, want);
	free(message);
}

static void
test_execute_reasons(void)
{
	static const struct fake_reply health = { 0, 8, 0, "bad", "", NULL };
	static const struct fake_reply out = { 0, 2, 0, "\nout line\n", "",
	    NULL };
	static const struct fake_reply silent = { 0, 2, 0, "", " \n", NULL };
	static const struct fake_reply missing = { -1, 0, 0, NULL, NULL,
	    "smartctl: No such file or directory" };
	static const struct fake_reply nocause = { -1, 0, 0, NULL, NULL, NULL };
	static const struct fake_reply denied = { -1, 0, 0, NULL, NULL,
	    "fork: Resource temporarily unavailable\nx" };
	static const struct fake_reply exit127 = { 0, 127, 0, "", "sh: x",
	    NULL };
	static const struct fake_reply never = { 0, -1, 0, "", "", NULL };
	static const struct fake_reply slow = { 0, 137, 1, "", "", NULL };
	struct unit_audit_log a;

	unit_audit_log_init(&a, "change");
	check_run(0x07, &health, 1000, 1, "ok"); /* disk health bit only */
	check_run(0xff, &health, 1000, 0, "bad");
	check_run(0x07, &out, 1000, 0, "out line");
	check_run(0x07, &silent, 1000, 0, "exit status 2");
	check_run(0x07, &missing, 1000, 0, "not installed");
	check_run(0x07, &nocause, 1000, 0, "not installed");
	check_run(0x07, &denied, 1000, 0,
	    "fork: Resource temporarily unavailable");
	check_run(0x07, &exit127, 1000, 0, "not installed");
	check_run(0x07, &never, 1000, 0, "did not run");
	check_run(0x07, &slow, 1500, 0, "timed out after 1500 ms");
	check_run(0, &slow, 30000, 0, "timed out after 30 s");
	unit_audit_log_clear(&a);
}

/* A step sent to a remote host whose answer was lost (ECONNABORTED): its
 * outcome is unknown in the result, its text and the audit log, never ok
 * nor a plain failure; a step that failed to start is a failure. */
/* Writes that fail as the SSH transport's do: the first with the answer
 * lost after the request was sent (ECONNABORTED), the next refused. */
static int
lost_write_file(struct transport *t, const char *path, const char *data,
    size_t len, int flags, char **cause)
{
	static int calls;

	(void)t;
	(void)path;
	(void)data;
	(void)len;
	(void)flags;
	if (calls++ % 2 == 0) {
		set_cause(cause, "web3: connection lost after the request was "
		    "sent: Socket error: Connection timed out");
		errno = ECONNABORTED;
	} else {
		set_cause(cause, "web3: Connection refused");
		errno = EHOSTUNREACH;
	}
	return -1;
}

static const struct transport_ops lost_ops = {
	.write_file = lost_write_file,
	.local_path = fake_local_path,
};

static void
test_execute_unknown(void)
{
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;
	struct unit_audit_log a;
	char **lines, *text;
	size_t n;

	unit_audit_log_init(&a, "change-unknown");
	fake_init(&f, NULL, 0);
	f.t.ops = &lost_ops;
	change_plan_init(&p, "disk-set-timeout sda 180", "Set it");
	p.stop_on_error = 0;
	change_plan_add_write(&p, "sda", "/sys/block/sda/device/timeout",
	    "180", NULL);
	change_plan_add_write(&p, "sdb", "/sys/block/sdb/device/timeout",
	    "180", NULL);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 5000, NULL, &r), 2);
	CU_ASSERT_EQUAL(r.failed, 2);
	CU_ASSERT_EQUAL(r.unknown, 1);
	CU_ASSERT_EQUAL(r.steps[0].ok, 0);
	CU_ASSERT_EQUAL(r.steps[0].unknown, 1);
	CU_ASSERT_STRING_EQUAL(r.steps[0].message, "outcome unknown: web3: "
	    "connection lost after the request was sent: Socket error: "
	    "Connection timed out; check the host before running it again");
	CU_ASSERT_EQUAL(r.steps[1].unknown, 0);
	CU_ASSERT_STRING_EQUAL(r.steps[1].message, "web3: Connection refused");
	text = change_result_text(&p, &r, CHANGE_TEXT_TABLE);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "sda        UNKNOWN outcome "
	    "unknown: web3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "sdb        FAILED  web3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
	    "2 step(s), 2 failed, 1 outcome unknown"));
	free(text);
	lines = unit_read_lines(a.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0],
	    "result=\"outcome unknown: web3: connection lost"));
	CU_ASSERT_PTR_NULL(strstr(lines[0], "failed"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1],
	    "result=\"failed: web3: Connection refused"));
	string_list_free(lines, n);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
	unit_audit_log_clear(&a);
}

static void
test_execute_empty(void)
{
	struct fake_transport f;
	struct change_plan p;
	struct change_result r;

	fake_init(&f, NULL, 0);
	change_plan_init(&p, "nothing", NULL);
	CU_ASSERT_EQUAL(change_execute(&f.t, &p, 1000, NULL, &r), 0);
	CU_ASSERT_EQUAL(r.step_count, 0);
	CU_ASSERT_PTR_NULL(r.steps);
	CU_ASSERT_EQUAL(f.call_count, 0);
	change_result_free(&r);
	change_plan_free(&p);
	fake_clear(&f);
}

static void
change_add_tests(CU_pSuite s)
{
	CU_add_test(s, "add run", test_add_run);
	CU_add_test(s, "add write", test_add_write);
	CU_add_test(s, "add create", test_add_create);
	CU_add_test(s, "describe", test_describe);
	CU_add_test(s, "execute ok", test_execute_ok);
	CU_add_test(s, "execute a library call", test_execute_call);
	CU_add_test(s, "execute stop on error", test_execute_stop_on_error);
	CU_add_test(s, "execute keep going", test_execute_keep_going);
	CU_add_test(s, "execute reasons", test_execute_reasons);
	CU_add_test(s, "execute outcome unknown", test_execute_unknown);
	CU_add_test(s, "execute empty plan", test_execute_empty);
	CU_add_test(s, "execute refused when it cannot be audited",
	    test_execute_unaudited);
}
