/* Lab client of the SSH verbs: streams, errors, deadlines. */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "run.h"
#include "strutil.h"
#include "transport-ssh.h"
#include "transport.h"
#include "worker.h"
#include "xmalloc.h"

#include "../unit/transport-contract.h"

/*
 * ssh-stream-client -h ADDR -p PORT -l USER -i KEY -k KNOWN_HOSTS
 *     [-r SYSROOT] [-T COMMAND_TIMEOUT_MS] COMMAND ARGS
 * COMMAND:
 *   open TARGET             open a stream; "ok", or "ERRNO: message"
 *   echo TARGET FILE        send FILE, then EOF; read to EOF; "same N"
 *                           when the bytes came back exactly
 *   echo-refresh TARGET     200 lines through an echo stream, one at a
 *                           time, while another thread runs refresh
 *                           verbs (a slow program among them) on the
 *                           same connection: the slowest line and the
 *                           verbs done meanwhile
 *   verbs-deadline TARGET | verbs-cancel TARGET
 *                           each verb while the host hangs: the
 *                           sysroot's bin/hangme stops the remote sh
 *                           that reads requests, 300 ms after it
 *                           answers; then the verb (a stream to TARGET,
 *                           a port that never accepts, for the stream
 *                           verb): its time, errno and message, with the
 *                           command deadline (-T), or in a job whose
 *                           deadline cancels it after 500 ms
 *   contract                every case of tests/unit/transport-contract.h
 *                           over SSH and through the local transport on
 *                           the same tree (-r): each errno, and whether
 *                           they agree (keep_open is local only)
 * Exit 0 when the command did what it says, 1 otherwise, 2 on misuse.
 */

static const char *
errno_name(int e)
{
	switch (e) {
	case ENOENT:
		return "ENOENT";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case ENOTSOCK:
		return "ENOTSOCK";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case ECANCELED:
		return "ECANCELED";
	case EINVAL:
		return "EINVAL";
	case EACCES:
		return "EACCES";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ECONNABORTED:
		return "ECONNABORTED";
	case EIO:
		return "EIO";
	default:
		return strerror(e);
	}
}

static struct transport *t;
static const char *hang_target;
static int hang_timeout_ms;

static int
cmd_open(const char *target)
{
	char *cause = NULL;
	int fd;

	if (t->ops->stream(t, target, 30000, &fd, &cause) != 0) {
		printf("%s: %s\n", errno_name(errno), cause);
		free(cause);
		return 1;
	}
	printf("ok\n");
	close(fd);
	return 0;
}

/* Write all of data and EOF while reading everything back; the bytes
 * read in *back. */
static int
pump_echo(int fd, const char *data, size_t len, struct buf *back)
{
	struct pollfd p;
	size_t off = 0;
	char chunk[65536];
	long long until = clock_now_ms() + 30000;
	ssize_t n;

	buf_add(back, "", 0);
	for (;;) {
		if (clock_now_ms() > until) {
			printf("no EOF from the far side within 30 s (%zu "
			       "sent, %zu back)\n",
			       off, back->len);
			return -1;
		}
		p.fd = fd;
		p.events = POLLIN | (off < len ? POLLOUT : 0);
		if (poll(&p, 1, 1000) <= 0)
			continue;
		if (p.revents & POLLOUT) {
			n = send(fd, data + off,
			         len - off > 65536 ? 65536 : len - off,
			         MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n > 0)
				off += (size_t)n;
			if (off == len)
				shutdown(fd, SHUT_WR);
		}
		if (p.revents & (POLLIN | POLLHUP)) {
			n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
			if (n == 0)
				return off == len ? 0 : -1;
			if (n > 0)
				buf_add(back, chunk, (size_t)n);
		}
	}
}

static int
cmd_echo(const char *target, const char *file)
{
	struct buf back = {0};
	char *data = NULL, *cause = NULL;
	size_t len = 0;
	int fd, rc;
	FILE *f = fopen(file, "rb");
	char chunk[65536];
	size_t n;
	struct buf in = {0};

	if (f == NULL)
		return 2;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&in, chunk, n);
	fclose(f);
	data = in.data;
	len = in.len;
	if (t->ops->stream(t, target, 30000, &fd, &cause) != 0) {
		printf("%s: %s\n", errno_name(errno), cause);
		return 1;
	}
	rc = pump_echo(fd, data, len, &back);
	close(fd);
	if (rc == 0 && back.len == len && memcmp(back.data, data, len) == 0)
		printf("same %zu\n", len);
	else {
		printf("differ: %zu sent, %zu back\n", len, back.len);
		rc = 1;
	}
	buf_free(&back);
	buf_free(&in);
	return rc != 0;
}

/* --- a stream during a refresh ------------------------------------------ */

static int refresh_stop, refresh_verbs, refresh_slow, refresh_failed;

static void *
refresh_main(void *arg)
{
	char slow[] = "slow", *argv[] = {slow, NULL}, *cause, *data, **names;
	struct run_result r;
	size_t count;

	(void)arg;
	while (!__atomic_load_n(&refresh_stop, __ATOMIC_SEQ_CST)) {
		cause = NULL;
		if (t->ops->run(t, argv, NULL, 5000, &r, &cause) == 0 &&
		    r.exit_status == 0) {
			__atomic_add_fetch(&refresh_slow, 1, __ATOMIC_SEQ_CST);
			run_result_free(&r);
		} else
			refresh_failed++;
		free(cause);
		cause = NULL;
		if (t->ops->list_dir(t, "/", &names, &count, &cause) == 0) {
			string_list_free(names, count);
			__atomic_add_fetch(&refresh_verbs, 1, __ATOMIC_SEQ_CST);
		} else
			refresh_failed++;
		free(cause);
		cause = NULL;
		if (t->ops->read_file(t, "/etc/os-release", &data, NULL,
		                      &cause) == 0) {
			free(data);
			__atomic_add_fetch(&refresh_verbs, 1, __ATOMIC_SEQ_CST);
		} else
			refresh_failed++;
		free(cause);
	}
	return NULL;
}

/* One line through the echo stream; its round trip in ms, or -1. */
static long long
echo_line(int fd, int i)
{
	char line[64], got[64];
	long long t0 = clock_now_ms();
	size_t want, have = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t n;

	want = (size_t)snprintf(line, sizeof line, "line %d\n", i);
	if (write(fd, line, want) != (ssize_t)want)
		return -1;
	while (have < want) {
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		n = read(fd, got + have, want - have);
		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
	if (memcmp(got, line, want) != 0)
		return -1;
	return clock_now_ms() - t0;
}

static int
cmd_echo_refresh(const char *target)
{
	pthread_t th;
	char *cause = NULL;
	long long worst = 0, ms;
	int fd, i, slow_before, slow_during;

	if (t->ops->stream(t, target, 30000, &fd, &cause) != 0) {
		printf("%s: %s\n", errno_name(errno), cause);
		return 1;
	}
	pthread_create(&th, NULL, refresh_main, NULL);
	/* Lines start once the first slow program has been running a
	 * while: from then on the refresh holds the connection. */
	while (__atomic_load_n(&refresh_slow, __ATOMIC_SEQ_CST) < 1)
		poll(NULL, 0, 10);
	slow_before = __atomic_load_n(&refresh_slow, __ATOMIC_SEQ_CST);
	for (i = 0; i < 200; i++) {
		ms = echo_line(fd, i);
		if (ms < 0) {
			printf("line %d did not come back\n", i);
			break;
		}
		if (ms > worst)
			worst = ms;
		poll(NULL, 0, 10);
	}
	slow_during =
	    __atomic_load_n(&refresh_slow, __ATOMIC_SEQ_CST) - slow_before;
	__atomic_store_n(&refresh_stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(th, NULL);
	close(fd);
	printf("lines %d worst %lld ms; slow runs meanwhile %d, other verbs "
	       "%d, failed %d\n",
	       i, worst, slow_during, refresh_verbs, refresh_failed);
	return i == 200 && refresh_failed == 0 ? 0 : 1;
}

/* --- every verb's deadline and cancel token ----------------------------- */

struct verb_run {
	int which;
	int rc, err;
	long long took;
	char *cause;
	int done;
};

static const char *const verb_names[] = {"read_file", "list_dir",   "read_link",
                                         "run",       "write_file", "prefetch",
                                         "stream"};
#define VERB_COUNT (sizeof verb_names / sizeof verb_names[0])

static void
verb_once(struct verb_run *v)
{
	static const char *const files[] = {"/etc/*", NULL};
	static const struct transport_prefetch spec = {.files = files};
	char slow[] = "slow", *argv[] = {slow, NULL}, *data, **names;
	struct run_result r;
	long long t0 = clock_now_ms();
	size_t count;
	int fd = -1;

	v->cause = NULL;
	switch (v->which) {
	case 0:
		v->rc = t->ops->read_file(t, "/etc/os-release", &data, NULL,
		                          &v->cause);
		if (v->rc == 0)
			free(data);
		break;
	case 1:
		v->rc = t->ops->list_dir(t, "/", &names, &count, &v->cause);
		if (v->rc == 0)
			string_list_free(names, count);
		break;
	case 2:
		v->rc = t->ops->read_link(t, "/link", &data, &v->cause);
		if (v->rc == 0)
			free(data);
		break;
	case 3:
		v->rc = t->ops->run(t, argv, NULL, 0, &r, &v->cause);
		if (v->rc == 0) {
			if (r.timed_out) {
				v->rc = -1;
				errno = ETIMEDOUT;
			}
			run_result_free(&r);
		}
		break;
	case 4:
		v->rc = t->ops->write_file(t, "/written", "x", 1,
		                           TRANSPORT_WRITE_CREATE, &v->cause);
		break;
	case 5:
		v->rc = t->ops->prefetch(t, &spec, &v->cause);
		t->ops->prefetch_end(t);
		break;
	default:
		v->rc = t->ops->stream(t, hang_target, hang_timeout_ms, &fd,
		                       &v->cause);
		if (fd != -1)
			close(fd);
		break;
	}
	v->err = v->rc == 0 ? 0 : errno;
	v->took = clock_now_ms() - t0;
}

static void *
verb_job(struct job *job, void *arg, char **cause)
{
	struct verb_run *v = arg;

	(void)job;
	(void)cause;
	verb_once(v);
	__atomic_store_n(&v->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
verb_done(void *arg, void *result, char *cause, int timed_out)
{
	(void)arg;
	(void)result;
	(void)timed_out;
	free(cause);
}

/* In a job of the pool whose deadline (500 ms) cancels it. */
static void
verb_in_job(struct worker_pool *pool, struct verb_run *v)
{
	struct pollfd pfd = {.fd = worker_pool_fd(pool), .events = POLLIN};
	long long until = clock_now_ms() + 30000;

	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	                                           .timeout_ms = 500,
	                                           .fn = verb_job,
	                                           .done = verb_done,
	                                           .arg = v});
	while (!__atomic_load_n(&v->done, __ATOMIC_SEQ_CST) &&
	       clock_now_ms() < until) {
		worker_pool_dispatch(pool);
		poll(&pfd, 1, 20);
	}
	worker_pool_dispatch(pool);
}

/* The remote sh that reads requests stops 300 ms after this returns. */
static int
hang_host(void)
{
	char hang[] = "hangme", *argv[] = {hang, NULL}, *cause = NULL;
	struct run_result r;

	if (t->ops->run(t, argv, NULL, 30000, &r, &cause) != 0 ||
	    r.exit_status != 0) {
		printf("hangme did not run: %s\n", cause != NULL ? cause : "");
		free(cause);
		return -1;
	}
	run_result_free(&r);
	poll(NULL, 0, 600);
	return 0;
}

static int
cmd_verbs(int in_job, const char *target)
{
	struct worker_pool *pool = in_job ? worker_pool_new(NULL) : NULL;
	struct verb_run v;
	size_t i;

	hang_target = target;
	for (i = 0; i < VERB_COUNT; i++) {
		memset(&v, 0, sizeof v);
		v.which = (int)i;
		if (hang_host() != 0)
			return 1;
		if (in_job)
			verb_in_job(pool, &v);
		else
			verb_once(&v);
		printf("%s rc %d %s %lld ms: %s\n", verb_names[i], v.rc,
		       v.rc == 0 ? "-" : errno_name(v.err), v.took,
		       v.cause != NULL ? v.cause : "");
		free(v.cause);
	}
	if (pool != NULL)
		worker_pool_free(pool, 2000);
	return 0;
}

static int
cmd_contract(const char *tree)
{
	struct transport *local = transport_local_new(tree);
	const char *verb;
	size_t i;
	int rc = 0, lrc, src, lerr, serr, said;

	for (i = 0; i < sizeof contract_cases / sizeof contract_cases[0]; i++) {
		verb = contract_verb_names[contract_cases[i].verb];
		src = contract_call(t, contract_cases[i].verb,
		                    contract_cases[i].path, &serr, &said);
		if (src == -2)
			continue;
		lrc = contract_call(local, contract_cases[i].verb,
		                    contract_cases[i].path, &lerr, &said);
		printf("%s %s: ssh %s, local %s%s\n", verb,
		       contract_cases[i].path,
		       src == 0 ? "ok" : errno_name(serr),
		       lrc == 0 ? "ok" : errno_name(lerr),
		       src != lrc || serr != lerr ? " DIFFER" : "");
		if (src != lrc || serr != lerr ||
		    serr != contract_cases[i].want)
			rc = 1;
	}
	transport_free(local);
	return rc;
}

int
main(int argc, char **argv)
{
	struct transport_ssh_options o;
	char *identities[2] = {NULL, NULL};
	char *cause = NULL;
	int c, rc = 2;

	memset(&o, 0, sizeof o);
	o.batch = 1;
	o.identities_only = 1;
	o.global_known_hosts = "/dev/null";
	while ((c = getopt(argc, argv, "h:p:l:i:k:r:T:")) != -1) {
		switch (c) {
		case 'h':
			o.host = optarg;
			break;
		case 'p':
			o.port = atoi(optarg);
			break;
		case 'l':
			o.user = optarg;
			break;
		case 'i':
			identities[0] = optarg;
			break;
		case 'k':
			o.known_hosts = optarg;
			break;
		case 'r':
			o.sysroot = optarg;
			break;
		case 'T':
			o.command_timeout_ms = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (o.host == NULL || argc < 1)
		return 2;
	o.name = "fx";
	o.identity_files = identities;
	t = transport_ssh_new(&o, &cause);
	if (t == NULL) {
		printf("%s\n", cause);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[0], "open") == 0 && argc == 2)
		rc = cmd_open(argv[1]);
	else if (strcmp(argv[0], "echo") == 0 && argc == 3)
		rc = cmd_echo(argv[1], argv[2]);
	else if (strcmp(argv[0], "echo-refresh") == 0 && argc == 2)
		rc = cmd_echo_refresh(argv[1]);
	else if (strcmp(argv[0], "contract") == 0 && o.sysroot != NULL)
		rc = cmd_contract(o.sysroot);
	else if (strcmp(argv[0], "verbs-deadline") == 0 && argc == 2) {
		hang_timeout_ms = o.command_timeout_ms;
		rc = cmd_verbs(0, argv[1]);
	} else if (strcmp(argv[0], "verbs-cancel") == 0 && argc == 2)
		rc = cmd_verbs(1, argv[1]);
	transport_free(t);
	return rc;
}
