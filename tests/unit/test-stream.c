/* Unit tests for streams: the target text, the local stream verb. */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "stream.h"
#include "transport.h"
#include "unit.h"
#include "worker.h"
#include "xmalloc.h"

UNIT_SUITE("stream", stream_add_tests)

/* --- the target text ----------------------------------------------------- */

static const struct {
	const char *text;
	int ok;
	int kind;
	const char *host; /* or path, or TERM */
	int port;         /* or columns (rows: 24) */
} parse_cases[] = {
    {"terminal:vt100:80x24", 1, STREAM_TERMINAL, "vt100", 80},
    {"terminal:xterm-256color:132x24", 1, STREAM_TERMINAL,
     "xterm-256color", 132},
    {"terminal:vt100:80", 0, 0, NULL, 0},
    {"terminal:vt100:0x24", 0, 0, NULL, 0},
    {"terminal:vt100:80x1001", 0, 0, NULL, 0},
    {"terminal:vt100:80x24x", 0, 0, NULL, 0},
    {"terminal:vt100:+80x24", 0, 0, NULL, 0},
    {"terminal::80x24", 0, 0, NULL, 0},
    {"terminal:vt;100:80x24", 0, 0, NULL, 0},
    {"terminal:vt100", 0, 0, NULL, 0},
    {"tcp:127.0.0.1:7505", 1, STREAM_TCP, "127.0.0.1", 7505},
    {"tcp:localhost:631", 1, STREAM_TCP, "localhost", 631},
    {"tcp:[::1]:7505", 1, STREAM_TCP, "::1", 7505},
    {"tcp:vpn-gw.example_1:1", 1, STREAM_TCP, "vpn-gw.example_1", 1},
    {"tcp:h:65535", 1, STREAM_TCP, "h", 65535},
    {"unix:/run/openvpn/server.sock", 1, STREAM_UNIX,
     "/run/openvpn/server.sock", 0},
    {"unix:/a b/c", 1, STREAM_UNIX, "/a b/c", 0},
    {"tcp:h:0", 0, 0, NULL, 0},
    {"tcp:h:65536", 0, 0, NULL, 0},
    {"tcp:h:+80", 0, 0, NULL, 0},
    {"tcp:h: 80", 0, 0, NULL, 0},
    {"tcp:h:", 0, 0, NULL, 0},
    {"tcp::80", 0, 0, NULL, 0},
    {"tcp:h", 0, 0, NULL, 0},
    {"tcp:-oProxy:22", 0, 0, NULL, 0},
    {"tcp:a;b:22", 0, 0, NULL, 0},
    {"tcp:[::1]7505", 0, 0, NULL, 0},
    {"tcp:[::1;]:7505", 0, 0, NULL, 0},
    {"tcp:[]:7505", 0, 0, NULL, 0},
    {"unix:run/x.sock", 0, 0, NULL, 0},
    {"unix:", 0, 0, NULL, 0},
    {"unix:/x\n.sock", 0, 0, NULL, 0},
    {"udp:h:53", 0, 0, NULL, 0},
    {"", 0, 0, NULL, 0},
};

static void
test_parse(void)
{
	struct stream_target st;
	char *cause, what[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		cause = NULL;
		errno = 0;
		rc = stream_target_parse(parse_cases[i].text, &st, &cause);
		snprintf(what, sizeof what, "parse '%s'", parse_cases[i].text);
		CHECK_LL(rc, parse_cases[i].ok ? 0 : -1, what);
		if (!parse_cases[i].ok) {
			CHECK_LL(errno, EINVAL, what);
			CU_ASSERT(cause != NULL && strchr(cause, '\n') == NULL);
			CU_ASSERT(st.host == NULL && st.path == NULL &&
			    st.term == NULL);
		} else if (parse_cases[i].kind == STREAM_TERMINAL) {
			CHECK_LL(st.kind, STREAM_TERMINAL, what);
			CHECK_STR(st.term, parse_cases[i].host, what);
			CHECK_LL(st.cols, parse_cases[i].port, what);
			CHECK_LL(st.rows, 24, what);
		} else if (parse_cases[i].kind == STREAM_TCP) {
			CHECK_LL(st.kind, STREAM_TCP, what);
			CHECK_STR(st.host, parse_cases[i].host, what);
			CHECK_LL(st.port, parse_cases[i].port, what);
		} else {
			CHECK_LL(st.kind, STREAM_UNIX, what);
			CHECK_STR(st.path, parse_cases[i].host, what);
		}
		stream_target_clear(&st);
		free(cause);
	}
}

/* A unix socket path longer than sun_path holds is refused. */
static void
test_parse_long_path(void)
{
	struct stream_target st;
	char text[256], *cause = NULL;

	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	memcpy(text, "unix:/", 6);
	CHECK_LL(stream_target_parse(text, &st, &cause), -1, "long path");
	CHECK_CONTAINS(cause, "cannot be connected", "long path's message");
	free(cause);
}

/* --- the local transport's stream ---------------------------------------- */

/* A TCP socket on 127.0.0.1 (listening with backlog, or only bound when
 * backlog < 0); its port in *port. */
static int
tcp_socket(int backlog, int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0);
	if (backlog >= 0)
		CU_ASSERT_FATAL(listen(fd, backlog) == 0);
	CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static int
unix_socket(const char *path, int backlog)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FATAL(strlen(path) < sizeof sun.sun_path);
	memcpy(sun.sun_path, path, strlen(path));
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sun, sizeof sun) == 0);
	CU_ASSERT_FATAL(listen(fd, backlog) == 0);
	return fd;
}

/* Bytes both ways between the stream and the peer the listener accepts,
 * then EOF both ways. */
static void
check_round_trip(int fd, int listener, const char *what)
{
	char buf[64];
	int peer;

	peer = accept(listener, NULL, NULL);
	CU_ASSERT_FATAL(peer != -1);
	CHECK_LL(write(fd, "ping\0\377", 6), 6, what);
	CHECK_LL(read(peer, buf, sizeof buf), 6, what);
	CU_ASSERT(memcmp(buf, "ping\0\377", 6) == 0);
	CHECK_LL(write(peer, "pong", 4), 4, what);
	CHECK_LL(read(fd, buf, sizeof buf), 4, what);
	CU_ASSERT(memcmp(buf, "pong", 4) == 0);
	CU_ASSERT(shutdown(fd, SHUT_WR) == 0);
	CHECK_LL(read(peer, buf, sizeof buf), 0, "EOF at the far end");
	close(peer);
	CHECK_LL(read(fd, buf, sizeof buf), 0, "EOF from the far end");
	/* Blocking and close-on-exec, as the header says. */
	CHECK_LL(fcntl(fd, F_GETFL) & O_NONBLOCK, 0, "blocking");
	CHECK_LL(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC, "cloexec");
}

static void
test_local_tcp(void)
{
	struct transport *t = transport_local_new(NULL);
	char *target, *cause = NULL;
	int listener, port, fd = -1;

	listener = tcp_socket(4, &port);
	target = xasprintf("tcp:127.0.0.1:%d", port);
	CHECK_LL(t->ops->stream(t, target, 2000, &fd, &cause), 0, target);
	CU_ASSERT(cause == NULL);
	if (fd != -1) {
		check_round_trip(fd, listener, "tcp");
		close(fd);
	}
	free(cause);
	free(target);
	close(listener);
	transport_free(t);
}

/* A unix socket in a sysroot tree is reached by its path in the tree. */
static void
test_local_unix_sysroot(void)
{
	char *dir = unit_temp_dir("stream"), *path, *cause = NULL;
	struct transport *t;
	int listener, fd = -1;

	CU_ASSERT_FATAL(dir != NULL);
	unit_make_dirs(dir, "run/openvpn");
	path = xasprintf("%s/run/openvpn/server.sock", dir);
	listener = unix_socket(path, 4);
	t = transport_local_new(dir);
	CHECK_LL(t->ops->stream(t, "unix:/run/openvpn/server.sock", 2000, &fd,
	                        &cause),
	         0, "unix in the sysroot");
	CU_ASSERT(cause == NULL);
	if (fd != -1) {
		check_round_trip(fd, listener, "unix");
		close(fd);
	}
	free(cause);
	close(listener);
	transport_free(t);
	free(path);
	unit_remove_tree(dir);
	free(dir);
}

/* Nothing listening, no socket, not a socket, a malformed target: each
 * its errno and its words. */
static void
test_local_errors(void)
{
	char *dir = unit_temp_dir("stream"), *target, *cause = NULL;
	struct transport *t;
	int bound, port, fd = 7;

	CU_ASSERT_FATAL(dir != NULL);
	unit_make_dirs(dir, "run");
	unit_put_file(dir, "run/plain", "not a socket\n");
	t = transport_local_new(dir);

	bound = tcp_socket(-1, &port); /* the port is ours, nobody listens */
	target = xasprintf("tcp:127.0.0.1:%d", port);
	CHECK_LL(t->ops->stream(t, target, 2000, &fd, &cause), -1, "refused");
	CHECK_LL(errno, ECONNREFUSED, "refused: errno");
	CHECK_LL(fd, -1, "refused: no fd");
	CHECK_CONTAINS(cause, "connection refused: nothing listens there",
	               "refused: message");
	CHECK_CONTAINS(cause, target, "refused: names the target");
	free(cause);
	cause = NULL;
	free(target);
	close(bound);

	CHECK_LL(t->ops->stream(t, "unix:/run/missing.sock", 2000, &fd, &cause),
	         -1, "missing");
	CHECK_LL(errno, ENOENT, "missing: errno");
	CHECK_STR(cause, "unix:/run/missing.sock: no such socket",
	          "missing: message");
	free(cause);
	cause = NULL;

	CHECK_LL(t->ops->stream(t, "unix:/run/plain", 2000, &fd, &cause), -1,
	         "plain file");
	CHECK_LL(errno, ENOTSOCK, "plain file: errno");
	CHECK_STR(cause, "unix:/run/plain: not a socket", "plain: message");
	free(cause);
	cause = NULL;

	CHECK_LL(
	    t->ops->stream(t, "tcp:no-such-host.invalid:80", 2000, &fd, &cause),
	    -1, "unresolved");
	CHECK_LL(errno, EHOSTUNREACH, "unresolved: errno");
	free(cause);
	cause = NULL;

	CHECK_LL(t->ops->stream(t, "udp:x:1", 2000, &fd, &cause), -1, "bad");
	CHECK_LL(errno, EINVAL, "bad: errno");
	CHECK_CONTAINS(cause, "not tcp:HOST:PORT, unix:PATH nor terminal:",
	    "bad: why");
	free(cause);
	cause = NULL;

	/* A terminal session is a remote login's. */
	CHECK_LL(t->ops->stream(t, "terminal:vt100:80x24", 2000, &fd, &cause),
	    -1, "terminal");
	CHECK_LL(errno, EOPNOTSUPP, "terminal: errno");
	CHECK_CONTAINS(cause, "remote login's", "terminal: why");
	free(cause);

	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/*
 * A TCP listener that never accepts, its backlog full: Linux drops the
 * next SYN, so a connect stays in progress. Fills it and returns the
 * clients (count in *n) for the caller to close.
 */
static int *
tcp_fill_backlog(int listener, int port, size_t *n)
{
	struct sockaddr_in sin;
	struct pollfd p;
	int *v = NULL, fd;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((unsigned short)port);
	(void)listener;
	for (*n = 0; *n < 16;) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		            0);
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = fd;
		if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0)
			continue;
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(&p, 1, 300) == 0)
			break; /* this one hangs: the backlog is full */
	}
	return v;
}

static void
close_all(int *v, size_t n)
{
	while (n > 0)
		close(v[--n]);
	free(v);
}

/* Deadline: a listener that never accepts, backlog full, TCP and unix. */
static void
test_local_deadline(void)
{
	char *dir = unit_temp_dir("stream"), *path, *target, *cause = NULL;
	struct transport *t;
	struct sockaddr_un sun;
	int listener, port, fd = -1, c, *clients;
	long long t0, took;
	size_t n;

	CU_ASSERT_FATAL(dir != NULL);
	t = transport_local_new(dir);

	listener = tcp_socket(0, &port);
	clients = tcp_fill_backlog(listener, port, &n);
	target = xasprintf("tcp:127.0.0.1:%d", port);
	t0 = clock_now_ms();
	CHECK_LL(t->ops->stream(t, target, 400, &fd, &cause), -1, "tcp full");
	took = clock_now_ms() - t0;
	CHECK_LL(errno, ETIMEDOUT, "tcp full: errno");
	CU_ASSERT(took >= 350 && took < 1500);
	CHECK_CONTAINS(cause, "no connection within 400 ms", "tcp: message");
	free(cause);
	cause = NULL;
	free(target);
	close_all(clients, n);
	close(listener);

	path = xasprintf("%s/full.sock", dir);
	listener = unix_socket(path, 0);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	clients = NULL;
	for (n = 0; n < 64; n++) {
		c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		clients = xreallocarray(clients, n + 1, sizeof *clients);
		clients[n] = c;
		if (connect(c, (struct sockaddr *)&sun, sizeof sun) != 0) {
			CHECK_LL(errno, EAGAIN, "unix backlog full");
			n++;
			break;
		}
	}
	t0 = clock_now_ms();
	CHECK_LL(t->ops->stream(t, "unix:/full.sock", 400, &fd, &cause), -1,
	         "unix full");
	took = clock_now_ms() - t0;
	CHECK_LL(errno, ETIMEDOUT, "unix full: errno");
	CU_ASSERT(took >= 350 && took < 1500);
	free(cause);
	close_all(clients, n);
	close(listener);
	free(path);
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

/* A job running the verb with a long connect deadline, the job's own
 * deadline short: the job is cancelled and the verb returns at once. */
struct cancel_run {
	struct transport *t;
	const char *target;
	int rc, err, done;
	long long took;
};

static void *
cancel_job(struct job *job, void *arg, char **cause)
{
	struct cancel_run *r = arg;
	long long t0 = clock_now_ms();
	int fd = -1;

	(void)job;
	r->rc = r->t->ops->stream(r->t, r->target, 20000, &fd, cause);
	r->err = errno;
	r->took = clock_now_ms() - t0;
	if (fd != -1)
		close(fd);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
cancel_done(void *arg, void *result, char *cause, int timed_out)
{
	(void)arg;
	(void)result;
	(void)timed_out;
	free(cause);
}

static void
test_local_cancel(void)
{
	struct worker_pool *pool = worker_pool_new(NULL);
	struct transport *t = transport_local_new(NULL);
	struct cancel_run r = {.t = t};
	struct pollfd pfd = {.fd = worker_pool_fd(pool), .events = POLLIN};
	int listener, port, *clients;
	long long until = clock_now_ms() + 10000;
	size_t n;
	char *target;

	listener = tcp_socket(0, &port);
	clients = tcp_fill_backlog(listener, port, &n);
	target = xasprintf("tcp:127.0.0.1:%d", port);
	r.target = target;
	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	                                           .timeout_ms = 300,
	                                           .fn = cancel_job,
	                                           .done = cancel_done,
	                                           .arg = &r});
	while (!__atomic_load_n(&r.done, __ATOMIC_SEQ_CST) &&
	       clock_now_ms() < until) {
		worker_pool_dispatch(pool);
		poll(&pfd, 1, 50);
	}
	CHECK_LL(r.done, 1, "the verb returned");
	CHECK_LL(r.rc, -1, "cancelled: failed");
	CHECK_LL(r.err, ECANCELED, "cancelled: errno");
	CU_ASSERT(r.took >= 250 && r.took < 1500);
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	close_all(clients, n);
	close(listener);
	free(target);
	transport_free(t);
}

static void
stream_add_tests(CU_pSuite s)
{
	CU_add_test(s, "target text", test_parse);
	CU_add_test(s, "target: long socket path", test_parse_long_path);
	CU_add_test(s, "local: tcp round trip", test_local_tcp);
	CU_add_test(s, "local: unix socket in a sysroot",
	            test_local_unix_sysroot);
	CU_add_test(s, "local: refused, missing, not a socket",
	            test_local_errors);
	CU_add_test(s, "local: deadline on a full backlog",
	            test_local_deadline);
	CU_add_test(s, "local: the job's cancel token", test_local_cancel);
}
