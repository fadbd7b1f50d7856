/* Streams to a port or socket: the target text, a connect with a deadline. */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "stream.h"
#include "strutil.h"
#include "worker.h"
#include "xmalloc.h"

/* Longest target text taken. */
#define STREAM_TARGET_MAX 512

/* How often a wait looks at the job's cancel token. */
#define STREAM_SLICE_MS 50

static int
stream_fail(const char *text, const char *why, char **cause)
{
	char *shown = str_shown(text, 80);

	set_cause(cause, "stream target '%s': %s", shown, why);
	free(shown);
	errno = EINVAL;
	return -1;
}

static int
host_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

/* "HOST:PORT" or "[V6]:PORT" into st. */
static int
stream_parse_tcp(const char *text, const char *s, struct stream_target *st,
                 char **cause)
{
	const char *colon, *end, *p;
	size_t hlen;

	if (*s == '[') {
		end = strchr(s, ']');
		if (end == NULL || end[1] != ':')
			return stream_fail(text,
			                   "an IPv6 address is written "
			                   "[ADDRESS]:PORT",
			                   cause);
		for (p = s + 1; p < end; p++)
			if (strchr("0123456789abcdefABCDEF:.", *p) == NULL)
				return stream_fail(text, "not an IPv6 address",
				                   cause);
		hlen = (size_t)(end - s - 1);
		s++;
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return stream_fail(text, "tcp: needs HOST:PORT", cause);
		for (p = s; p < colon; p++)
			if (!host_char_ok(*p))
				return stream_fail(
				    text,
				    "a host name holds "
				    "letters, digits, '.', '-' and '_' only",
				    cause);
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || *s == '-')
		return stream_fail(text, "no host", cause);
	if (parse_int_range(colon + 1, 1, 65535, &st->port) != 0 ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return stream_fail(text, "the port is a number from 1 to 65535",
		                   cause);
	st->host = xstrndup(s, hlen);
	st->kind = STREAM_TCP;
	return 0;
}

/* "TERM:COLSxROWS" into st. */
static int
stream_parse_terminal(const char *text, const char *s,
                      struct stream_target *st, char **cause)
{
	const char *colon = strchr(s, ':'), *x, *p;
	char *end;
	long cols, rows;

	if (colon == NULL || colon == s || colon - s > 31)
		return stream_fail(text, "terminal: needs TERM:COLSxROWS",
		                   cause);
	for (p = s; p < colon; p++)
		if (!host_char_ok(*p))
			return stream_fail(text,
			                   "a TERM holds letters, digits, "
			                   "'.', '-' and '_' only",
			                   cause);
	x = strchr(colon + 1, 'x');
	if (x == NULL || x == colon + 1 || x[1] == '\0' ||
	    strspn(colon + 1, "0123456789") != (size_t)(x - colon - 1) ||
	    strspn(x + 1, "0123456789") != strlen(x + 1))
		return stream_fail(text, "the size is COLSxROWS", cause);
	errno = 0;
	cols = strtol(colon + 1, &end, 10);
	rows = strtol(x + 1, &end, 10);
	if (errno != 0 || cols < 1 || rows < 1 ||
	    cols > STREAM_TERMINAL_MAX || rows > STREAM_TERMINAL_MAX)
		return stream_fail(text, "a terminal of 1 to 1000 each way",
		                   cause);
	st->term = xstrndup(s, (size_t)(colon - s));
	st->cols = (int)cols;
	st->rows = (int)rows;
	st->kind = STREAM_TERMINAL;
	return 0;
}

int
stream_target_parse(const char *text, struct stream_target *st, char **cause)
{
	struct sockaddr_un sun;
	const unsigned char *p;

	memset(st, 0, sizeof *st);
	if (strlen(text) > STREAM_TARGET_MAX)
		return stream_fail(text, "too long", cause);
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return stream_fail(text, "a control character", cause);
	if (strncmp(text, "tcp:", 4) == 0)
		return stream_parse_tcp(text, text + 4, st, cause);
	if (strncmp(text, "terminal:", 9) == 0)
		return stream_parse_terminal(text, text + 9, st, cause);
	if (strncmp(text, "unix:", 5) != 0)
		return stream_fail(text,
		                   "not tcp:HOST:PORT, unix:PATH nor "
		                   "terminal:TERM:COLSxROWS",
		                   cause);
	if (text[5] != '/')
		return stream_fail(text, "a socket path is absolute", cause);
	if (strlen(text + 5) >= sizeof sun.sun_path)
		return stream_fail(text,
		                   "a socket path this long cannot be "
		                   "connected to",
		                   cause);
	st->path = xstrdup(text + 5);
	st->kind = STREAM_UNIX;
	return 0;
}

void
stream_target_clear(struct stream_target *st)
{
	free(st->host);
	free(st->path);
	free(st->term);
	memset(st, 0, sizeof *st);
}

/* How long to wait now: a slice, less at the deadline; -1 with errno set
 * when the deadline passed or the job is cancelled. */
static int
stream_wait_ms(long long deadline_ms)
{
	long long left = deadline_ms - clock_now_ms();

	if (job_cancelled(job_current())) {
		errno = ECANCELED;
		return -1;
	}
	if (left <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return left < STREAM_SLICE_MS ? (int)left : STREAM_SLICE_MS;
}

/* Wait for a connect in progress on fd; 0 when it ended (SO_ERROR then
 * says how), -1 with errno. */
static int
stream_wait_connected(int fd, long long deadline_ms)
{
	struct pollfd p;
	socklen_t len = sizeof(int);
	int wait, err = 0;

	for (;;) {
		if ((wait = stream_wait_ms(deadline_ms)) < 0)
			return -1;
		p.fd = fd;
		p.events = POLLOUT;
		p.revents = 0;
		if (poll(&p, 1, wait) > 0)
			break;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

int
stream_connect(const struct sockaddr *sa, socklen_t len, long long deadline_ms)
{
	int fd, wait, saved;

	if ((wait = stream_wait_ms(deadline_ms)) < 0)
		return -1;
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	            0);
	if (fd == -1)
		return -1;
	for (;;) {
		if (connect(fd, sa, len) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EINPROGRESS) {
			if (stream_wait_connected(fd, deadline_ms) != 0)
				goto fail;
			break;
		}
		/* A unix listener with a full backlog: again, later. */
		if (errno != EAGAIN || sa->sa_family != AF_UNIX)
			goto fail;
		if ((wait = stream_wait_ms(deadline_ms)) < 0)
			goto fail;
		(void)poll(NULL, 0, wait);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

char *
stream_strerror(int err, int timeout_ms)
{
	switch (err) {
	case ENOENT:
		return xstrdup("no such socket");
	case ECONNREFUSED:
		return xstrdup("connection refused: nothing listens there");
	case ENOTSOCK:
		return xstrdup("not a socket");
	case ETIMEDOUT:
		return xasprintf("no connection within %d ms", timeout_ms);
	case ECANCELED:
		return xstrdup("cancelled");
	default:
		return xstrdup(strerror(err));
	}
}
