/* Benchmark baseline: libssh, one thread and one session per host, one exec each. */
#include "config.h"

#include <libssh/libssh.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: ssh-fanout -l USER -c COMMAND [-b BYTES] < HOSTS
 *
 * HOSTS has one line a host: "ADDR PORT IDENTITY KNOWN_HOSTS" (what
 * tests/lib-sshd.sh writes for each instance). One thread a host, all
 * started at once: each connects (TCP_NODELAY, no ssh_config read),
 * checks the host key against KNOWN_HOSTS, authenticates as USER with
 * the private key IDENTITY, opens one channel, execs COMMAND, reads its
 * output to the end, and disconnects. The floor under any tool that
 * opens a fresh SSH session to each host and reads once: what libssh
 * and the far side's sshd cost, with nothing of rackcon's.
 *
 * Prints one line of key=value figures for run-ssh-fleet.sh:
 *
 *   wall_us=... median_us=... max_us=... failed=...
 *
 * wall_us: from before the first thread starts to the last one's end;
 * median_us, max_us: over the sessions that succeeded, each from its
 * thread's start to its disconnect; failed: sessions that failed (the
 * reason on stderr) or read other than BYTES bytes when -b is given.
 * Exit 0 when every session succeeded, 1 otherwise, 2 for bad usage.
 */

#define MAX_HOSTS 1024

struct host {
	char addr[256];
	unsigned int port;
	char identity[4096];
	char known_hosts[4096];
	pthread_t thread;
	long long us;   /* the session's time */
	long long read; /* bytes of output */
	int failed;
};

static const char *user;
static const char *command;

static long long
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* One session on h->session's host: 0, or -1 with the reason printed. */
static int
session_run(struct host *h, ssh_session s)
{
	int one = 1, no = 0, n;
	ssh_key key = NULL;
	ssh_channel c;
	char buf[16384];

	ssh_options_set(s, SSH_OPTIONS_HOST, h->addr);
	ssh_options_set(s, SSH_OPTIONS_PORT, &h->port);
	ssh_options_set(s, SSH_OPTIONS_USER, user);
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, h->known_hosts);
	ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &one);
	if (ssh_connect(s) != SSH_OK) {
		fprintf(stderr, "%s:%u: connect: %s\n", h->addr, h->port,
		    ssh_get_error(s));
		return -1;
	}
	if (ssh_session_is_known_server(s) != SSH_KNOWN_HOSTS_OK) {
		fprintf(stderr, "%s:%u: host key not in %s\n", h->addr,
		    h->port, h->known_hosts);
		return -1;
	}
	if (ssh_pki_import_privkey_file(h->identity, NULL, NULL, NULL,
	    &key) != SSH_OK) {
		fprintf(stderr, "%s: cannot read the key\n", h->identity);
		return -1;
	}
	n = ssh_userauth_publickey(s, NULL, key);
	ssh_key_free(key);
	if (n != SSH_AUTH_SUCCESS) {
		fprintf(stderr, "%s:%u: auth: %s\n", h->addr, h->port,
		    ssh_get_error(s));
		return -1;
	}
	if ((c = ssh_channel_new(s)) == NULL)
		return -1;
	if (ssh_channel_open_session(c) != SSH_OK ||
	    ssh_channel_request_exec(c, command) != SSH_OK) {
		fprintf(stderr, "%s:%u: exec: %s\n", h->addr, h->port,
		    ssh_get_error(s));
		ssh_channel_free(c);
		return -1;
	}
	while ((n = ssh_channel_read(c, buf, sizeof buf, 0)) > 0)
		h->read += n;
	if (n < 0)
		fprintf(stderr, "%s:%u: read: %s\n", h->addr, h->port,
		    ssh_get_error(s));
	ssh_channel_send_eof(c);
	ssh_channel_close(c);
	ssh_channel_free(c);
	return n < 0 ? -1 : 0;
}

static void *
host_thread(void *arg)
{
	struct host *h = arg;
	long long t0 = now_us();
	ssh_session s;

	if ((s = ssh_new()) == NULL) {
		h->failed = 1;
		return NULL;
	}
	if (session_run(h, s) != 0)
		h->failed = 1;
	ssh_disconnect(s);
	ssh_free(s);
	h->us = now_us() - t0;
	return NULL;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ssh-fanout -l USER -c COMMAND [-b BYTES] "
	    "< HOSTS\n");
	exit(2);
}

/* The hosts on stdin into hosts; their number. */
static size_t
hosts_read(struct host *hosts)
{
	char line[9000];
	size_t n = 0;

	while (fgets(line, sizeof line, stdin) != NULL) {
		if (n == MAX_HOSTS) {
			fprintf(stderr, "ssh-fanout: more than %d hosts\n",
			    MAX_HOSTS);
			exit(2);
		}
		if (sscanf(line, "%255s %u %4095s %4095s", hosts[n].addr,
		    &hosts[n].port, hosts[n].identity,
		    hosts[n].known_hosts) != 4) {
			fprintf(stderr, "ssh-fanout: bad line: %s", line);
			exit(2);
		}
		n++;
	}
	return n;
}

int
main(int argc, char **argv)
{
	static struct host hosts[MAX_HOSTS];
	static long long times[MAX_HOSTS];
	long long want = -1, t0, wall;
	size_t n, i, ok = 0, failed = 0;
	int opt;

	while ((opt = getopt(argc, argv, "b:c:l:")) != -1) {
		switch (opt) {
		case 'b':
			want = atoll(optarg);
			break;
		case 'c':
			command = optarg;
			break;
		case 'l':
			user = optarg;
			break;
		default:
			usage();
		}
	}
	if (user == NULL || command == NULL || optind != argc)
		usage();
	n = hosts_read(hosts);
	ssh_init();
	t0 = now_us();
	for (i = 0; i < n; i++) {
		if (pthread_create(&hosts[i].thread, NULL, host_thread,
		    &hosts[i]) != 0) {
			fprintf(stderr, "ssh-fanout: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_join(hosts[i].thread, NULL);
	wall = now_us() - t0;
	for (i = 0; i < n; i++) {
		if (hosts[i].failed || (want >= 0 && hosts[i].read != want))
			failed++;
		else
			times[ok++] = hosts[i].us;
	}
	qsort(times, ok, sizeof *times, cmp_ll);
	printf("wall_us=%lld median_us=%lld max_us=%lld failed=%zu\n", wall,
	    ok > 0 ? times[(ok - 1) / 2] : 0, ok > 0 ? times[ok - 1] : 0,
	    failed);
	ssh_finalize();
	return failed == 0 ? 0 : 1;
}
