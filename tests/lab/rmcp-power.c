/*
 * The lab's client of the IPMI plugin's first-frame engine
 * (backends/ipmi/rmcp-quick.h): reads the chassis power of every BMC
 * named, on THREADS threads at once as the scheduler's workers do (one
 * leads, the others wait), and prints one line a BMC in the order given:
 *
 *   HOST:PORT on|off
 *   HOST:PORT error: WHAT      (libfreeipmi's words for the IPMI_ERR_*)
 *
 * The password comes from IPMI_PASSWORD, never from argv.
 * Usage: rmcp-power -U USER [-C CIPHER] [-W opensesspriv] [-t MS]
 *            [-j THREADS] [-r ROUNDS | -H] HOST:PORT...
 * ROUNDS reads every BMC that many times in a row (each a login and a
 * logout: a session left open would use up the BMC's slots). With -H
 * (one round) the sessions are held once the power is read, as the IPMI
 * plugin's first frames hold theirs: after the lines above it prints
 * "held", waits for a line on standard input, logs every held session
 * out (rmcp_quick_logout) and prints "logged out".
 * Exits 0 when every read worked, 1 otherwise, 2 on bad usage.
 */
#include "config.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmcp-quick.h"

struct target {
	char *text;       /* HOST:PORT as given */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	int power;        /* 1, 0, or -1 */
	int errnum;       /* IPMI_ERR_* of a failed round, or 0 */
	struct rmcp_quick *held; /* -H: its session, still open */
};

static struct target *targets;
static int ntargets, rounds = 1, cipher = 3, opensesspriv, hold;
static unsigned timeout_ms = 2000;
static const char *user, *password;
static int next_index;
static pthread_mutex_t next_lock = PTHREAD_MUTEX_INITIALIZER;

static int
resolve(struct target *t)
{
	struct addrinfo hints, *res = NULL;
	char *host = strdup(t->text), *port;
	int rc = -1;

	if (host == NULL || (port = strrchr(host, ':')) == NULL) {
		free(host);
		return -1;
	}
	*port++ = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if (getaddrinfo(host, port, &hints, &res) == 0 && res != NULL &&
	    res->ai_addrlen <= sizeof t->addr) {
		memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
		t->addr_len = res->ai_addrlen;
		rc = 0;
	}
	if (res != NULL)
		freeaddrinfo(res);
	free(host);
	return rc;
}

static void
read_one(struct target *t)
{
	struct rmcp_quick *q = calloc(1, sizeof *q);
	int rc;

	if (q == NULL)
		abort();
	q->addr = t->addr;
	q->addr_len = t->addr_len;
	q->timeout_ms = timeout_ms;
	q->retrans_ms = timeout_ms / 2;
	q->hold = hold;
	q->login.user = user;
	q->login.password = password;
	q->login.privilege = IPMI_PRIVILEGE_LEVEL_ADMIN;
	q->login.open_privilege = opensesspriv ? IPMI_PRIVILEGE_LEVEL_ADMIN :
	    IPMI_PRIVILEGE_LEVEL_HIGHEST_LEVEL;
	rc = rmcp_quick_power(q, cipher, NULL);
	/* A failure in any round stays. */
	pthread_mutex_lock(&next_lock);
	if (rc != 0) {
		t->power = -1;
		t->errnum = q->login.errnum;
	} else if (t->errnum == 0) {
		t->power = q->login.power_on;
	}
	pthread_mutex_unlock(&next_lock);
	if (q->fd >= 0)
		t->held = q; /* -H: logged out in main */
	else
		free(q);
}

static void *
worker(void *arg)
{
	int i;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&next_lock);
		i = next_index++;
		pthread_mutex_unlock(&next_lock);
		if (i >= ntargets * rounds)
			return NULL;
		read_one(&targets[i % ntargets]);
	}
}

static int
usage(void)
{
	fprintf(stderr, "usage: rmcp-power -U USER [-C CIPHER] "
	    "[-W opensesspriv] [-t MS] [-j THREADS] [-r ROUNDS | -H] "
	    "HOST:PORT...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	pthread_t *threads;
	char line[16];
	int c, i, nthreads = 4, failed = 0;

	while ((c = getopt(argc, argv, "U:C:W:t:j:r:H")) != -1) {
		switch (c) {
		case 'U': user = optarg; break;
		case 'C': cipher = atoi(optarg); break;
		case 'W':
			if (strcmp(optarg, "opensesspriv") != 0)
				return usage();
			opensesspriv = 1;
			break;
		case 't': timeout_ms = (unsigned)atoi(optarg); break;
		case 'j': nthreads = atoi(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 'H': hold = 1; break;
		default: return usage();
		}
	}
	password = getenv("IPMI_PASSWORD");
	ntargets = argc - optind;
	if (user == NULL || ntargets < 1 || nthreads < 1 || rounds < 1 ||
	    timeout_ms < 10 || (hold && rounds != 1))
		return usage();
	targets = calloc((size_t)ntargets, sizeof *targets);
	threads = calloc((size_t)nthreads, sizeof *threads);
	if (targets == NULL || threads == NULL)
		return 2;
	for (i = 0; i < ntargets; i++) {
		targets[i].text = argv[optind + i];
		if (resolve(&targets[i]) != 0) {
			fprintf(stderr, "rmcp-power: cannot resolve %s\n",
			    targets[i].text);
			return 2;
		}
	}
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, NULL) != 0)
			return 2;
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	for (i = 0; i < ntargets; i++) {
		if (targets[i].power >= 0) {
			printf("%s %s\n", targets[i].text,
			    targets[i].power ? "on" : "off");
		} else {
			printf("%s error: %s\n", targets[i].text,
			    ipmi_ctx_strerror(targets[i].errnum));
			failed = 1;
		}
	}
	if (!hold)
		return failed;
	printf("held\n");
	fflush(stdout);
	(void)fgets(line, sizeof line, stdin);
	for (i = 0; i < ntargets; i++) {
		if (targets[i].held == NULL)
			continue;
		(void)rmcp_quick_logout(targets[i].held, NULL);
		free(targets[i].held);
	}
	printf("logged out\n");
	return failed;
}
