/* Lab fake of a server's serial console: the far side of ipmi_sim's SOL. */

/*
 * ipmi_sim with `sol "tcp:127.0.0.1:PORT" 115200` connects to PORT as a TCP
 * client (../shared/labs/ipmi.md, section 4): what is written here is what
 * "the server printed" and what is read are the keys the SOL client sent.
 * sol-peer listens on 127.0.0.1, writes the port it got, and serves one
 * connection at a time (the sim reconnects when one ends):
 *
 *   - on connect it prints the banner;
 *   - every byte received is echoed (CR becomes CR LF, then PROMPT with -g,
 *     as a getty asks again) and logged with its time to the log file, one
 *     line each: "SECONDS.USEC rx HH";
 *   - '!' (not echoed) sends the flood: FLOOD bytes, rounded up to whole
 *     80-byte lines "NNNNNN xxx...\r\n" numbered from 1, paced at RATE
 *     bytes per second, then "\r\nEND\r\n"; keys are still echoed meanwhile;
 *   - '@' (not echoed) sends FILE as it is (a curses-style screen with its
 *     escape sequences, say).
 * Connections, floods and files sent are logged too ("SECONDS.USEC
 * connect", "... flood-start N", "... flood-end N", "... file N",
 * "... close"). It runs until killed (SIGTERM or SIGINT: it exits at once).
 *
 * usage: sol-peer [-p PORT] [-P PORTFILE] [-l LOG] [-f FLOOD] [-r RATE]
 *                 [-F FILE] [-b BANNER] [-g PROMPT]
 *   -p PORT      TCP port on 127.0.0.1, 0 (default) for one the kernel picks
 *   -P PORTFILE  write the port there (renamed into place when complete);
 *                without it the port goes to standard output
 *   -l LOG       the log (default: none)
 *   -f FLOOD     bytes of the flood (default 115200)
 *   -r RATE      bytes per second (default 11520: 115200 baud 8N1)
 *   -F FILE      what '@' sends
 *   -b BANNER    the banner (default "sol-peer: serial console ready"),
 *                sent followed by CR LF
 *   -g PROMPT    sent after each CR's CR LF (say "rack3 login: "): a
 *                console that SOL joins late shows something on Enter
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_LEN 80
#define TICK_MS  10

struct peer {
	int listen_fd;
	int fd;
	FILE *log;
	const char *banner;
	const char *prompt;  /* -g: after each CR LF, or NULL */
	const char *file;
	unsigned long flood_bytes;
	unsigned long rate;

	char *out; /* bytes waiting to be written to fd */
	size_t out_len;
	size_t out_size;

	int flooding;
	unsigned long flood_lines; /* lines in this flood */
	unsigned long flood_made;  /* bytes of the flood put in out */
	double flood_start;        /* monotonic seconds */
};

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("sol-peer: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
log_line(struct peer *p, const char *fmt, ...)
{
	struct timeval tv;
	va_list ap;

	if (p->log == NULL)
		return;
	gettimeofday(&tv, NULL);
	fprintf(p->log, "%lld.%06ld ", (long long)tv.tv_sec, (long)tv.tv_usec);
	va_start(ap, fmt);
	vfprintf(p->log, fmt, ap);
	va_end(ap);
	fputc('\n', p->log);
	fflush(p->log);
}

static void
out_add(struct peer *p, const char *buf, size_t len)
{
	if (p->out_len + len > p->out_size) {
		size_t size = p->out_size ? p->out_size : 4096;

		while (size < p->out_len + len)
			size *= 2;
		p->out = realloc(p->out, size);
		if (p->out == NULL)
			die("out of memory");
		p->out_size = size;
	}
	memcpy(p->out + p->out_len, buf, len);
	p->out_len += len;
}

static void
out_str(struct peer *p, const char *s)
{
	out_add(p, s, strlen(s));
}

/* Put the flood's bytes due by now (RATE since its start) into out. */
static void
flood_step(struct peer *p)
{
	unsigned long total = p->flood_lines * LINE_LEN;
	double due = (now_mono() - p->flood_start) * p->rate;
	char line[LINE_LEN + 1];

	if (due > total)
		due = total;
	while (p->flood_made < (unsigned long)due) {
		unsigned long n = p->flood_made / LINE_LEN;
		size_t at = p->flood_made % LINE_LEN;
		size_t i, len, want;

		len = (size_t)snprintf(line, sizeof line, "%06lu ", n + 1);
		for (i = len; i < LINE_LEN - 2; i++)
			line[i] = 'a' + (char)((n + i) % 26);
		line[LINE_LEN - 2] = '\r';
		line[LINE_LEN - 1] = '\n';
		want = LINE_LEN - at;
		if (want > (unsigned long)due - p->flood_made)
			want = (unsigned long)due - p->flood_made;
		out_add(p, line + at, want);
		p->flood_made += want;
	}
	if (p->flood_made == total) {
		out_str(p, "\r\nEND\r\n");
		p->flooding = 0;
		log_line(p, "flood-end %lu", total);
	}
}

static void
send_file(struct peer *p)
{
	char buf[4096];
	size_t n, total = 0;
	FILE *f;

	if (p->file == NULL) {
		out_str(p, "sol-peer: no file (-F)\r\n");
		return;
	}
	f = fopen(p->file, "rb");
	if (f == NULL) {
		out_str(p, "sol-peer: cannot open the file\r\n");
		log_line(p, "file-error %s", strerror(errno));
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		out_add(p, buf, n);
		total += n;
	}
	fclose(f);
	log_line(p, "file %zu", total);
}

static void
got_byte(struct peer *p, unsigned char c)
{
	log_line(p, "rx %02x", c);
	switch (c) {
	case '!':
		if (p->flooding)
			break;
		p->flooding = 1;
		p->flood_lines = (p->flood_bytes + LINE_LEN - 1) / LINE_LEN;
		p->flood_made = 0;
		p->flood_start = now_mono();
		log_line(p, "flood-start %lu", p->flood_lines * LINE_LEN);
		break;
	case '@':
		send_file(p);
		break;
	case '\r':
		out_str(p, "\r\n");
		if (p->prompt != NULL)
			out_str(p, p->prompt);
		break;
	default:
		out_add(p, (const char *)&c, 1);
		break;
	}
}

static void
drop_client(struct peer *p)
{
	close(p->fd);
	p->fd = -1;
	p->out_len = 0;
	p->flooding = 0;
	log_line(p, "close");
}

static void
accept_client(struct peer *p)
{
	int fd = accept(p->listen_fd, NULL, NULL);

	if (fd < 0)
		return;
	if (p->fd >= 0) { /* one at a time: the newest wins */
		drop_client(p);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	p->fd = fd;
	log_line(p, "connect");
	out_str(p, p->banner);
	out_str(p, "\r\n");
}

static void
read_client(struct peer *p)
{
	unsigned char buf[512];
	ssize_t n, i;

	n = read(p->fd, buf, sizeof buf);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_client(p);
		return;
	}
	for (i = 0; i < n; i++)
		got_byte(p, buf[i]);
}

static void
write_client(struct peer *p)
{
	ssize_t n = write(p->fd, p->out, p->out_len);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			drop_client(p);
		return;
	}
	memmove(p->out, p->out + n, p->out_len - (size_t)n);
	p->out_len -= (size_t)n;
}

static void
serve(struct peer *p)
{
	for (;;) {
		struct pollfd pfd[2];
		int nfds = 1;

		if (p->fd >= 0 && p->flooding)
			flood_step(p);
		pfd[0].fd = p->listen_fd;
		pfd[0].events = POLLIN;
		if (p->fd >= 0) {
			pfd[1].fd = p->fd;
			pfd[1].events = POLLIN | (p->out_len ? POLLOUT : 0);
			nfds = 2;
		}
		if (poll(pfd, nfds, p->flooding ? TICK_MS : -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (pfd[0].revents & POLLIN)
			accept_client(p);
		if (nfds == 2 && p->fd == pfd[1].fd) {
			if (pfd[1].revents & POLLOUT)
				write_client(p);
			if (p->fd >= 0 &&
			    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
				read_client(p);
		}
	}
}

static int
listen_on(unsigned port)
{
	struct sockaddr_in sin;
	int fd, on = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("bind 127.0.0.1:%u: %s", port, strerror(errno));
	if (listen(fd, 4) < 0)
		die("listen: %s", strerror(errno));
	return fd;
}

static void
write_port(int fd, const char *path)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	char *tmp;
	FILE *f;

	if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
		die("getsockname: %s", strerror(errno));
	if (path == NULL) {
		printf("%u\n", ntohs(sin.sin_port));
		fflush(stdout);
		return;
	}
	tmp = malloc(strlen(path) + 5);
	if (tmp == NULL)
		die("out of memory");
	sprintf(tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL || fprintf(f, "%u\n", ntohs(sin.sin_port)) < 0 ||
	    fclose(f) != 0 || rename(tmp, path) != 0)
		die("cannot write %s: %s", path, strerror(errno));
	free(tmp);
}

static unsigned long
number(const char *s, const char *what, unsigned long min)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < min)
		die("bad %s '%s'", what, s);
	return v;
}

static void
usage(void)
{
	fputs("usage: sol-peer [-p PORT] [-P PORTFILE] [-l LOG] [-f FLOOD] "
	      "[-r RATE] [-F FILE] [-b BANNER] [-g PROMPT]\n",
	      stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct peer p = {
	    .fd = -1,
	    .banner = "sol-peer: serial console ready",
	    .flood_bytes = 115200,
	    .rate = 11520,
	};
	const char *portfile = NULL, *logpath = NULL;
	unsigned port = 0;
	int c;

	while ((c = getopt(argc, argv, "p:P:l:f:r:F:b:g:")) != -1) {
		switch (c) {
		case 'p':
			port = (unsigned)number(optarg, "port", 0);
			if (port > 65535)
				die("bad port '%s'", optarg);
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'l':
			logpath = optarg;
			break;
		case 'f':
			p.flood_bytes = number(optarg, "flood size", 1);
			break;
		case 'r':
			p.rate = number(optarg, "rate", 1);
			break;
		case 'F':
			p.file = optarg;
			break;
		case 'b':
			p.banner = optarg;
			break;
		case 'g':
			p.prompt = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (logpath != NULL) {
		p.log = fopen(logpath, "a");
		if (p.log == NULL)
			die("cannot open %s: %s", logpath, strerror(errno));
	}
	p.listen_fd = listen_on(port);
	write_port(p.listen_fd, portfile);
	serve(&p);
	return 0;
}
