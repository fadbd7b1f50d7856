/* A host's kernel, uptime, load and round-trip time (see host-facts.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host-facts.h"
#include "strutil.h"
#include "textsafe.h"
#include "transport.h"
#include "worker.h"
#include "xmalloc.h"

/* A non-negative decimal number ("350735.47") at *p, moving past it. */
static int
number_at(const char **p, double *out)
{
	const char *s = *p;
	char *end;
	double v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return -1;
	*out = v;
	*p = end;
	return 0;
}

int
host_facts_parse_uptime(const char *text, long long *seconds)
{
	double v;

	if (number_at(&text, &v) != 0 || (*text != ' ' && *text != '\n' &&
	    *text != '\0') || v > 1e15)
		return -1;
	*seconds = (long long)v;
	return 0;
}

int
host_facts_parse_loadavg(const char *text, double load[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (*text != ' ')
				return -1;
			text++;
		}
		if (number_at(&text, &load[i]) != 0 || load[i] > 1e9)
			return -1;
	}
	return *text == ' ' || *text == '\n' || *text == '\0' ? 0 : -1;
}

char *
host_facts_parse_kernel(const char *text)
{
	char *line = xstrndup(text, strcspn(text, "\n")), *safe, *t;

	t = str_trim(line);
	if (*t == '\0') {
		free(line);
		return NULL;
	}
	safe = text_safe(t, 0);
	free(line);
	if (strlen(safe) > HOST_FACTS_KERNEL_MAX)
		safe[HOST_FACTS_KERNEL_MAX] = '\0';
	return safe;
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Read path into *text: 0, 1 when it is not there, -1 with *cause. */
static int
read_one(struct transport *t, const char *path, char **text, char **cause)
{
	*text = NULL;
	if (t->ops->read_file(t, path, text, NULL, cause) == 0)
		return 0;
	if (errno == ENOENT) {
		free(*cause);
		*cause = NULL;
		return 1;
	}
	return -1;
}

static int
transport_remote(struct transport *t)
{
	char *p;

	if (t->ops->local_path == NULL)
		return 1;
	p = t->ops->local_path(t, "/");
	free(p);
	return p == NULL;
}

/*
 * Over a transport that prefetches (a remote host), the kernel's name,
 * the uptime and the load come in one request, its time the round trip;
 * else each is read by itself, the uptime's read timed.
 */
struct host_facts *
host_facts_read(struct transport *t, struct job *job, char **cause)
{
	static const char *const files[] = { "/proc/sys/kernel/osrelease",
	    "/proc/uptime", "/proc/loadavg", NULL };
	struct transport_prefetch pf = { .files = files };
	struct host_facts *f = xcalloc(1, sizeof *f);
	char *text[3] = { NULL, NULL, NULL };
	int remote = transport_remote(t), fetched = 0, rc = 0, i;
	long long t0 = now_us();

	f->uptime_s = f->rtt_us = -1;
	if (remote && t->ops->prefetch != NULL) {
		if (t->ops->prefetch(t, &pf, cause) != 0)
			goto fail;
		fetched = 1;
	}
	for (i = 0; i < 3 && rc >= 0; i++) {
		if (i == 1 && !fetched) {
			if (job_cancelled(job)) {
				set_cause(cause, "cancelled");
				rc = -1;
				break;
			}
			t0 = now_us();
		}
		rc = read_one(t, files[i], &text[i], cause);
		if (i == 1 && remote && !fetched)
			f->rtt_us = now_us() - t0; /* one read: a round trip */
	}
	if (fetched) {
		t->ops->prefetch_end(t);
		f->rtt_us = now_us() - t0;
	}
	if (rc >= 0 && text[0] != NULL)
		f->kernel = host_facts_parse_kernel(text[0]);
	if (rc >= 0 && text[1] != NULL &&
	    host_facts_parse_uptime(text[1], &f->uptime_s) != 0)
		f->uptime_s = -1;
	if (rc >= 0 && text[2] != NULL)
		f->have_load = host_facts_parse_loadavg(text[2], f->load) == 0;
	for (i = 0; i < 3; i++)
		free(text[i]);
	if (rc < 0)
		goto fail;
	return f;
fail:
	host_facts_free(f);
	return NULL;
}

void
host_facts_free(struct host_facts *f)
{
	if (f == NULL)
		return;
	free(f->kernel);
	free(f);
}
