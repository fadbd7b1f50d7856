/* Benchmark helper: a TCP relay on loopback that delays every byte. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: delay-relay LISTEN_PORT TARGET_PORT DELAY_MS STATS_FILE
 *
 * Listens on 127.0.0.1:LISTEN_PORT; each connection is joined to a new one
 * to 127.0.0.1:TARGET_PORT, and every chunk read from either side is
 * written to the other DELAY_MS later (a WAN of 2 x DELAY_MS round trip,
 * with unlimited bandwidth). It counts round trips as the client's bursts:
 * data from the client that follows data from the server (or starts the
 * connection) begins a new exchange the client had to wait for. After
 * each change it rewrites STATS_FILE with one line
 *
 *   round_trips=N to_server=BYTES to_client=BYTES connections=N
 *
 * so a benchmark reads it before and after what it measures. Runs until
 * killed; prints "listening" on stdout once it accepts.
 */

#define MAX_PAIRS 64
#define CHUNK     65536

struct chunk {
	struct chunk *next;
	double due; /* monotonic ms */
	size_t len, off;
	char data[];
};

/* One direction: bytes read from `from`, queued, written to `to`. */
struct flow {
	int from, to;
	struct chunk *head, *tail;
	int eof;       /* from said EOF: shut `to` once the queue is empty */
	int shut_done;
};

struct pair {
	int used;
	struct flow up;   /* client to server */
	struct flow down; /* server to client */
	int last_up;      /* the last data seen went client to server */
};

static struct pair pairs[MAX_PAIRS];
static unsigned long round_trips, bytes_up, bytes_down, connections;
static const char *stats_path;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
write_stats(void)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", stats_path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f, "round_trips=%lu to_server=%lu to_client=%lu "
	    "connections=%lu\n", round_trips, bytes_up, bytes_down,
	    connections);
	fclose(f);
	rename(tmp, stats_path);
}

static int
connect_target(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd == -1)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static void
flow_free(struct flow *f)
{
	struct chunk *c;

	while ((c = f->head) != NULL) {
		f->head = c->next;
		free(c);
	}
	f->tail = NULL;
}

static void
pair_close(struct pair *p)
{
	flow_free(&p->up);
	flow_free(&p->down);
	close(p->up.from);
	close(p->down.from);
	memset(p, 0, sizeof *p);
}

/* Read what `from` has into the queue, due delay ms from now. */
static int
flow_read(struct flow *f, double delay, int up, struct pair *p)
{
	struct chunk *c = malloc(sizeof *c + CHUNK);
	ssize_t n;

	if (c == NULL)
		return -1;
	n = read(f->from, c->data, CHUNK);
	if (n <= 0) {
		free(c);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return 0;
		f->eof = 1;
		return 0;
	}
	if (up && !p->last_up)
		round_trips++;
	p->last_up = up;
	if (up)
		bytes_up += (unsigned long)n;
	else
		bytes_down += (unsigned long)n;
	c->next = NULL;
	c->len = (size_t)n;
	c->off = 0;
	c->due = now_ms() + delay;
	if (f->tail != NULL)
		f->tail->next = c;
	else
		f->head = c;
	f->tail = c;
	write_stats();
	return 0;
}

/* Write what is due; -1 when the far side is gone. */
static int
flow_write(struct flow *f, double t)
{
	struct chunk *c;
	ssize_t n;

	while ((c = f->head) != NULL && c->due <= t) {
		n = write(f->to, c->data + c->off, c->len - c->off);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0)
			return -1;
		c->off += (size_t)n;
		if (c->off < c->len)
			return 0;
		f->head = c->next;
		if (f->head == NULL)
			f->tail = NULL;
		free(c);
	}
	if (f->head == NULL && f->eof && !f->shut_done) {
		shutdown(f->to, SHUT_WR);
		f->shut_done = 1;
	}
	return 0;
}

static void
accept_one(int lfd, int target_port)
{
	int c, s, one = 1;
	size_t i;

	c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (c == -1)
		return;
	s = connect_target(target_port);
	for (i = 0; i < MAX_PAIRS && pairs[i].used; i++)
		;
	if (s == -1 || i == MAX_PAIRS) {
		close(c);
		if (s != -1)
			close(s);
		return;
	}
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	pairs[i].used = 1;
	pairs[i].up.from = c;
	pairs[i].up.to = s;
	pairs[i].down.from = s;
	pairs[i].down.to = c;
	connections++;
	write_stats();
}

int
main(int argc, char **argv)
{
	struct pollfd p[1 + 2 * MAX_PAIRS];
	struct sockaddr_in a;
	int lfd, one = 1, target, timeout;
	double delay, t, next;
	size_t i, n;

	if (argc != 5) {
		fprintf(stderr, "usage: delay-relay LISTEN_PORT TARGET_PORT "
		    "DELAY_MS STATS_FILE\n");
		return 2;
	}
	target = atoi(argv[2]);
	delay = atof(argv[3]);
	stats_path = argv[4];
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd == -1 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(lfd, 16) != 0) {
		perror("delay-relay: listen");
		return 1;
	}
	write_stats();
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		p[0].fd = lfd;
		p[0].events = POLLIN;
		n = 1;
		t = now_ms();
		next = t + 1000;
		for (i = 0; i < MAX_PAIRS; i++) {
			if (!pairs[i].used)
				continue;
			p[n].fd = pairs[i].up.eof ? -1 : pairs[i].up.from;
			p[n++].events = POLLIN;
			p[n].fd = pairs[i].down.eof ? -1 : pairs[i].down.from;
			p[n++].events = POLLIN;
			if (pairs[i].up.head != NULL &&
			    pairs[i].up.head->due < next)
				next = pairs[i].up.head->due;
			if (pairs[i].down.head != NULL &&
			    pairs[i].down.head->due < next)
				next = pairs[i].down.head->due;
		}
		timeout = next > t ? (int)(next - t) + 1 : 0;
		if (poll(p, n, timeout) < 0)
			continue;
		/* The pairs polled, in the same order, before any new one. */
		n = 1;
		for (i = 0; i < MAX_PAIRS; i++) {
			if (!pairs[i].used)
				continue;
			if (p[n].revents & (POLLIN | POLLHUP | POLLERR))
				flow_read(&pairs[i].up, delay, 1, &pairs[i]);
			n++;
			if (p[n].revents & (POLLIN | POLLHUP | POLLERR))
				flow_read(&pairs[i].down, delay, 0, &pairs[i]);
			n++;
		}
		if (p[0].revents & POLLIN)
			accept_one(lfd, target);
		t = now_ms();
		for (i = 0; i < MAX_PAIRS; i++) {
			if (!pairs[i].used)
				continue;
			if (flow_write(&pairs[i].up, t) != 0 ||
			    flow_write(&pairs[i].down, t) != 0 ||
			    (pairs[i].up.shut_done && pairs[i].down.shut_done))
				pair_close(&pairs[i]);
		}
	}
}
