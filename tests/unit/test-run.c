/* Unit tests for run_argv() and run_find_program(). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "run.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("run", run_add_tests)

/* Run argv[0] (a full path) with a 10 s deadline; CU_ASSERT it started.
 * Frees argv. */
static int
test_run(char **argv, const char *input, struct run_result *r)
{
	char *cause = NULL;
	int rc;

	rc = run_argv(argv[0], argv, NULL, input, 10000, r, &cause);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NULL(cause);
	free(cause);
	unit_argv_free(argv);
	return rc;
}

static void
test_echo(void)
{
	char **argv = unit_argv("/bin/echo", "hello", "world", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_STRING_EQUAL(r.out, "hello world\n");
	CU_ASSERT_EQUAL(r.out_len, 12);
	CU_ASSERT_STRING_EQUAL(r.err, "");
	CU_ASSERT_EQUAL(r.exit_status, 0);
	CU_ASSERT_EQUAL(r.timed_out, 0);
	run_result_free(&r);
}

static void
test_stdin_cat(void)
{
	char **argv = unit_argv("/bin/cat", NULL);
	struct run_result r;

	if (test_run(argv, "line one\nline two\n", &r) != 0)
		return;
	CU_ASSERT_STRING_EQUAL(r.out, "line one\nline two\n");
	CU_ASSERT_EQUAL(r.exit_status, 0);
	run_result_free(&r);
}

static void
test_stdin_null(void)
{
	char **argv = unit_argv("/bin/cat", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_EQUAL(r.exit_status, 0);
	run_result_free(&r);
}

static void
test_stderr_and_status(void)
{
	char **argv =
	    unit_argv("/bin/sh", "-c", "echo out; echo oops >&2; exit 3", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_STRING_EQUAL(r.out, "out\n");
	CU_ASSERT_STRING_EQUAL(r.err, "oops\n");
	CU_ASSERT_EQUAL(r.err_len, 5);
	CU_ASSERT_EQUAL(r.exit_status, 3);
	CU_ASSERT_EQUAL(r.timed_out, 0);
	run_result_free(&r);
}

static void
test_signal_status(void)
{
	char **argv = unit_argv("/bin/sh", "-c", "kill -TERM $$", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_EQUAL(r.exit_status, 128 + SIGTERM);
	CU_ASSERT_EQUAL(r.timed_out, 0);
	run_result_free(&r);
}

static void
test_timeout(void)
{
	char **argv = unit_argv("/bin/sleep", "5", NULL);
	struct run_result r;
	char *cause = NULL;
	long long start = clock_now_ms(), took;
	int rc;

	rc = run_argv(argv[0], argv, NULL, NULL, 200, &r, &cause);
	took = clock_now_ms() - start;
	unit_argv_free(argv);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_EQUAL(r.timed_out, 1);
	CU_ASSERT_EQUAL(r.exit_status, 128 + SIGKILL);
	CU_ASSERT(took >= 150);
	CU_ASSERT(took < 2000);
	free(cause);
	run_result_free(&r);
}

/* A grandchild holding stdout open must not keep us waiting once the child
 * itself has exited. */
static void
test_grandchild_holds_output(void)
{
	char **argv =
	    unit_argv("/bin/sh", "-c", "sleep 3 & echo started; exit 4", NULL);
	struct run_result r;
	long long start = clock_now_ms();

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT(clock_now_ms() - start < 2000);
	CU_ASSERT_STRING_EQUAL(r.out, "started\n");
	CU_ASSERT_EQUAL(r.exit_status, 4);
	CU_ASSERT_EQUAL(r.timed_out, 0);
	run_result_free(&r);
}

/* A child that closes its output early and keeps running is waited for. */
static void
test_closes_output_early(void)
{
	char **argv = unit_argv("/bin/sh", "-c",
	                        "exec >&- 2>&-; sleep 0.3; exit 5", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_EQUAL(r.exit_status, 5);
	CU_ASSERT_EQUAL(r.timed_out, 0);
	run_result_free(&r);
}

static void
test_not_found(void)
{
	const char *path = "/nonexistent/rackcon-no-such-tool";
	char **argv = unit_argv(path, NULL);
	struct run_result r;
	char *cause = NULL;
	int rc, e;

	rc = run_argv(path, argv, NULL, NULL, 1000, &r, &cause);
	e = errno;
	unit_argv_free(argv);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(e, ENOENT);
	CU_ASSERT_EQUAL(r.exit_status, -1);
	CU_ASSERT_PTR_NULL(r.out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, path));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "not found"));
	free(cause);
	run_result_free(&r);
}

static void
test_not_executable(void)
{
	char path[] = "/tmp/rackcon-run-XXXXXX";
	char **argv;
	struct run_result r;
	char *cause = NULL;
	int fd, rc, e;

	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd != -1);
	close(fd);
	argv = unit_argv(path, NULL);
	rc = run_argv(path, argv, NULL, NULL, 1000, &r, &cause);
	e = errno;
	unlink(path);
	unit_argv_free(argv);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(e, EACCES);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, path));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "not executable"));
	free(cause);
}

/* Several MiB both ways at once through cat: no deadlock, nothing lost. */
static void
test_big_through_cat(void)
{
	char **argv = unit_argv("/bin/cat", NULL);
	size_t len = 3 * 1024 * 1024, i;
	struct run_result r;
	char *input = xmalloc(len + 1);

	for (i = 0; i < len; i++)
		input[i] = (char)('a' + i % 26);
	input[len] = '\0';
	if (test_run(argv, input, &r) == 0) {
		CU_ASSERT_EQUAL(r.out_len, len);
		CU_ASSERT(r.out_len == len && memcmp(r.out, input, len) == 0);
		CU_ASSERT_EQUAL(r.exit_status, 0);
		run_result_free(&r);
	}
	free(input);
}

static void
test_big_both_streams(void)
{
	char **argv = unit_argv(
	    "/bin/sh", "-c",
	    "head -c 2000000 /dev/zero >&2; head -c 1500000 /dev/zero", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_EQUAL(r.err_len, 2000000);
	CU_ASSERT_EQUAL(r.out_len, 1500000);
	CU_ASSERT_EQUAL(r.exit_status, 0);
	run_result_free(&r);
}

/* Output past RUN_OUTPUT_MAX is dropped, but the child still finishes. */
static void
test_output_cap(void)
{
	char **argv = unit_argv("/bin/sh", "-c",
	                        "head -c 17000000 /dev/zero; exit 6", NULL);
	struct run_result r;

	if (test_run(argv, NULL, &r) != 0)
		return;
	CU_ASSERT_EQUAL(r.out_len, RUN_OUTPUT_MAX);
	CU_ASSERT_EQUAL(r.exit_status, 6);
	run_result_free(&r);
}

/* The child closes its stdin unread: our write gets EPIPE, and SIGPIPE
 * neither kills us nor stays pending. */
static void
test_input_not_read(void)
{
	char **argv =
	    unit_argv("/bin/sh", "-c", "exec <&-; sleep 0.2; exit 7", NULL);
	size_t len = 1024 * 1024;
	struct run_result r;
	char *input = xmalloc(len + 1);
	sigset_t pending;

	memset(input, 'x', len);
	input[len] = '\0';
	if (test_run(argv, input, &r) == 0) {
		CU_ASSERT_EQUAL(r.exit_status, 7);
		run_result_free(&r);
	}
	free(input);
	sigpending(&pending);
	CU_ASSERT(!sigismember(&pending, SIGPIPE));
}

static void
test_environment(void)
{
	char **argv = unit_argv("/usr/bin/env", NULL);
	char **extra = unit_argv("RACKCON_TEST_A=42", "LC_ALL=fr_FR.UTF-8",
	                         "RACKCON_TEST_B=replaced", "TZ=CET-1", NULL);
	struct run_result r;
	char *old_tz;
	int rc;

	setenv("RACKCON_TEST_B", "original", 1);
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	old_tz = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;
	setenv("TZ", "EST5EDT", 1);
	rc = run_argv(argv[0], argv, extra, NULL, 5000, &r, NULL);
	unsetenv("RACKCON_TEST_B");
	unsetenv("LC_ALL");
	if (old_tz != NULL)
		setenv("TZ", old_tz, 1);
	else
		unsetenv("TZ");
	free(old_tz);
	unit_argv_free(argv);
	unit_argv_free(extra);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nRACKCON_TEST_A=42\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nRACKCON_TEST_B=replaced\n"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "original"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "LC_ALL=C\n"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "LC_ALL=fr"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "LC_ALL=de"));
	/* Times a program prints are UTC, whatever zone rackcon is in. */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nTZ=UTC0\n"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "TZ=EST"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "TZ=CET"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nPATH="));
	run_result_free(&r);
}

/*
 * The "Name:\t<hex mask>" line of /proc/self/status in text, as a mask of
 * bit (signal - 1); ~0 when the line is missing. glibc's posix_spawn leaves
 * its two internal signals (32 and 33, below SIGRTMIN, unusable by
 * programs) ignored in every child: not ours.
 */
static unsigned long long
test_sigmask(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	unsigned long long mask;

	if (p == NULL)
		return ~0ULL;
	p += strlen(name);
	p += strspn(p, ":\t ");
	mask = strtoull(p, NULL, 16);
#ifdef __GLIBC__
	mask &= ~((1ULL << 31) | (1ULL << 32));
#endif
	return mask;
}

#define SIGBIT(sig) (1ULL << ((sig) - 1))

/* Blocked and ignored signals of the caller do not reach the child; the
 * child has only the job-control stops blocked (see run_spawn_attr). */
static void
test_signal_state(void)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_act;
	sigset_t usr1, old_mask;
	struct run_result r;
	int rc;

	if (access("/proc/self/status", R_OK) != 0)
		return;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, &old_mask);
	sigaction(SIGUSR2, &ign, &old_act);
	rc = test_run(unit_argv("/bin/cat", "/proc/self/status", NULL), NULL,
	              &r);
	sigaction(SIGUSR2, &old_act, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	if (rc != 0)
		return;
	CU_ASSERT_EQUAL(test_sigmask(r.out, "\nSigBlk"),
	    SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU));
	CU_ASSERT_EQUAL(test_sigmask(r.out, "\nSigIgn"), 0);
	run_result_free(&r);
}

/* Only 0, 1 and 2 are open in the child. */
static void
test_descriptors(void)
{
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	struct run_result r;
	int rc;

	if (access("/proc/self/fd", R_OK) != 0)
		return;
	CU_ASSERT_FATAL(dup2(2, 57) == 57); /* not close-on-exec */
	rc = test_run(unit_argv("/bin/ls", "/proc/self/fd", NULL), NULL, &r);
	close(57);
	if (rc != 0)
		return;
	CU_ASSERT_PTR_NULL(strstr(r.out, "57"));
	CU_ASSERT(strncmp(r.out, "0\n1\n2\n", 6) == 0);
	run_result_free(&r);
#endif
}

/* The child leads its own process group. */
static void
test_process_group(void)
{
	struct run_result r;
	long pgid = 0, pid = -1;

	if (access("/proc/self/stat", R_OK) != 0)
		return;
	if (test_run(unit_argv("/bin/cat", "/proc/self/stat", NULL), NULL,
	             &r) != 0)
		return;
	/* pid (comm) state ppid pgrp ... */
	CU_ASSERT_EQUAL(sscanf(r.out, "%ld (%*[^)]) %*c %*d %ld", &pid, &pgid),
	                2);
	CU_ASSERT(pid != getpid());
	CU_ASSERT_EQUAL(pgid, pid);
	run_result_free(&r);
}

struct test_thread {
	pthread_t thread;
	char word[16];
	int ok;
};

static void *
test_thread_main(void *arg)
{
	struct test_thread *tt = arg;
	char **argv = unit_argv("/bin/echo", tt->word, NULL);
	struct run_result r;
	char *expect = xasprintf("%s\n", tt->word);
	int i;

	tt->ok = 1;
	for (i = 0; i < 10; i++) {
		if (run_argv(argv[0], argv, NULL, tt->word, 5000, &r, NULL) !=
		    0) {
			tt->ok = 0;
			break;
		}
		if (strcmp(r.out, expect) != 0 || r.exit_status != 0)
			tt->ok = 0;
		run_result_free(&r);
	}
	unit_argv_free(argv);
	free(expect);
	return NULL;
}

static void
test_threads(void)
{
	struct test_thread tt[4];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(tt[i].word, sizeof tt[i].word, "thread%zu", i);
		CU_ASSERT_FATAL(pthread_create(&tt[i].thread, NULL,
		                               test_thread_main, &tt[i]) == 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(tt[i].thread, NULL);
		CU_ASSERT(tt[i].ok);
	}
}

static void
test_find_program(void)
{
	char *p;

	p = run_find_program("sh", "/nonexistent::/bin:/usr/bin");
	CU_ASSERT_PTR_NOT_NULL(p);
	CU_ASSERT(p != NULL && strcmp(p, "/bin/sh") == 0);
	free(p);
	p = run_find_program("rackcon-no-such-tool", "/bin:/usr/bin");
	CU_ASSERT_PTR_NULL(p);
	free(p);
	/* A directory or a non-executable file is not a program. */
	CU_ASSERT_PTR_NULL(run_find_program("tmp", "/"));
	CU_ASSERT_PTR_NULL(run_find_program("passwd", "/etc"));
	CU_ASSERT_PTR_NULL(run_find_program("sh", ""));
	p = run_find_program("/bin/sh", "");
	CU_ASSERT(p != NULL && strcmp(p, "/bin/sh") == 0);
	free(p);
}

static void
run_add_tests(CU_pSuite s)
{
	CU_add_test(s, "echo", test_echo);
	CU_add_test(s, "stdin through cat", test_stdin_cat);
	CU_add_test(s, "stdin is /dev/null", test_stdin_null);
	CU_add_test(s, "stderr and exit status", test_stderr_and_status);
	CU_add_test(s, "killed by a signal", test_signal_status);
	CU_add_test(s, "timeout", test_timeout);
	CU_add_test(s, "grandchild holds output", test_grandchild_holds_output);
	CU_add_test(s, "closes output early", test_closes_output_early);
	CU_add_test(s, "not found", test_not_found);
	CU_add_test(s, "not executable", test_not_executable);
	CU_add_test(s, "big input and output", test_big_through_cat);
	CU_add_test(s, "big stdout and stderr", test_big_both_streams);
	CU_add_test(s, "output cap", test_output_cap);
	CU_add_test(s, "input not read", test_input_not_read);
	CU_add_test(s, "environment", test_environment);
	CU_add_test(s, "signal state", test_signal_state);
	CU_add_test(s, "descriptors", test_descriptors);
	CU_add_test(s, "process group", test_process_group);
	CU_add_test(s, "threads", test_threads);
	CU_add_test(s, "find program", test_find_program);
}
