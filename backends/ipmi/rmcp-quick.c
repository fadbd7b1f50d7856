/*
 * Many RMCP+ power reads at once (see rmcp-quick.h). No thread of its own
 * (DESIGN.md: I/O runs on the scheduler's workers): the reads live on
 * their callers' stacks, registered in one engine; one caller at a time
 * is the leader, waits on the engine's epoll set for every read's socket,
 * answers what came in and sends what is due; the others sleep on their
 * own condition until their read is over or the lead is theirs.
 *
 * The lock guards the registry, the packet objects (one set, used by the
 * leader) and every read's state; epoll_wait runs without it. An event is
 * tagged with its read's slot and that slot's generation, so one for a
 * read that left meanwhile is dropped.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "rmcp-quick.h"
#include "worker.h"
#include "xmalloc.h"

/* A follower looks at its job's cancel this often; the leader's wait is
 * as short, for the reads that joined since it began. */
#define RMCP_WAKE_MS 100
#define RMCP_EVENTS 64

struct rmcp_run {
	struct rmcp_quick *q;
	int fd;
	size_t slot;
	uint32_t gen;
	int finished;
	long long deadline;   /* the request fails at this time */
	long long resend_at;  /* ... and is sent again at this one */
	pthread_cond_t cond;
};

static struct {
	pthread_mutex_t lock;
	int ready;            /* 1: set up; -1: could not be */
	int epfd;
	int leading;          /* a caller is the leader */
	struct rmcp_objs objs;
	struct rmcp_run **runs; /* by slot; NULL: free */
	uint32_t *gens;       /* each slot's generation */
	size_t cap;
} engine = { .lock = PTHREAD_MUTEX_INITIALIZER, .epfd = -1 };

/* Under the lock: 0 once the engine is up. */
static int
engine_up(void)
{
	if (engine.ready == 0) {
		engine.epfd = epoll_create1(EPOLL_CLOEXEC);
		if (engine.epfd < 0 || rmcp_objs_init(&engine.objs) != 0) {
			if (engine.epfd >= 0)
				close(engine.epfd);
			engine.epfd = -1;
			engine.ready = -1;
		} else {
			engine.ready = 1;
		}
	}
	return engine.ready == 1 ? 0 : -1;
}

static void
run_finish(struct rmcp_run *r, int errnum)
{
	if (errnum != 0) {
		r->q->login.step = RMCP_FAILED;
		r->q->login.errnum = errnum;
	}
	r->finished = 1;
	pthread_cond_signal(&r->cond);
}

/* Send the request of r's step (again), with fresh timers when new. */
static void
run_send(struct rmcp_run *r, int fresh)
{
	uint8_t buf[RMCP_PACKET_MAX];
	long long now = clock_now_ms();
	int n;

	n = rmcp_login_request(&r->q->login, &engine.objs, buf, sizeof buf);
	if (n <= 0) {
		run_finish(r, IPMI_ERR_SYSTEM_ERROR);
		return;
	}
	/* A full socket buffer or a refusal (ICMP) is like a lost
	 * datagram: the timers send it again, then give up. */
	(void)send(r->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (fresh)
		r->deadline = now + r->q->timeout_ms;
	r->resend_at = now + r->q->retrans_ms;
}

/* What came in on r's socket. */
static void
run_readable(struct rmcp_run *r)
{
	uint8_t buf[RMCP_PACKET_MAX + 1];
	struct rmcp_login *l = &r->q->login;
	ssize_t n;

	while (!r->finished) {
		n = recv(r->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		if (rmcp_login_reply(l, &engine.objs, buf, (size_t)n) != 1)
			continue;
		if (l->step == RMCP_DONE || l->step == RMCP_FAILED ||
		    (l->step == RMCP_CLOSE && r->q->hold))
			run_finish(r, 0);
		else
			run_send(r, 1);
	}
}

/* Time's up for r's request: again, or over. */
static void
run_timers(struct rmcp_run *r, long long now)
{
	if (now >= r->deadline) {
		if (r->q->login.step == RMCP_CLOSE) {
			/* The power is read; the BMC ends the session
			 * itself when its timeout passes. */
			r->q->login.step = RMCP_DONE;
			run_finish(r, 0);
		} else {
			/* libfreeipmi's words: before the session is up,
			 * the connection timed out; in it, the session. */
			run_finish(r, r->q->login.step == RMCP_CHASSIS ?
			    IPMI_ERR_SESSION_TIMEOUT :
			    IPMI_ERR_CONNECTION_TIMEOUT);
		}
	} else if (now >= r->resend_at) {
		run_send(r, 0);
	}
}

/* Under the lock: one turn of the leader. */
static void
engine_turn(void)
{
	struct epoll_event ev[RMCP_EVENTS];
	long long now = clock_now_ms(), wait = RMCP_WAKE_MS;
	struct rmcp_run *r;
	size_t i, slot;
	int n;

	for (i = 0; i < engine.cap; i++) {
		r = engine.runs[i];
		if (r == NULL || r->finished)
			continue;
		if (r->resend_at - now < wait)
			wait = r->resend_at - now;
		if (r->deadline - now < wait)
			wait = r->deadline - now;
	}
	if (wait < 0)
		wait = 0;
	engine.leading = 1;
	pthread_mutex_unlock(&engine.lock);
	n = epoll_wait(engine.epfd, ev, RMCP_EVENTS, (int)wait);
	pthread_mutex_lock(&engine.lock);
	for (i = 0; n > 0 && i < (size_t)n; i++) {
		slot = (size_t)(ev[i].data.u64 & 0xffffffffu);
		if (slot >= engine.cap || engine.runs[slot] == NULL ||
		    engine.gens[slot] != (uint32_t)(ev[i].data.u64 >> 32))
			continue; /* that read left meanwhile */
		run_readable(engine.runs[slot]);
	}
	now = clock_now_ms();
	for (i = 0; i < engine.cap; i++) {
		r = engine.runs[i];
		if (r != NULL && !r->finished)
			run_timers(r, now);
	}
	engine.leading = 0;
}

/* Under the lock: r into a free slot and the epoll set; 0 or -1. */
static int
engine_join(struct rmcp_run *r)
{
	struct epoll_event ev;
	size_t i, old;

	for (i = 0; i < engine.cap && engine.runs[i] != NULL; i++)
		;
	if (i == engine.cap) {
		old = engine.cap;
		engine.cap = old == 0 ? 64 : old * 2;
		engine.runs = xreallocarray(engine.runs, engine.cap,
		    sizeof *engine.runs);
		engine.gens = xreallocarray(engine.gens, engine.cap,
		    sizeof *engine.gens);
		memset(engine.runs + old, 0, (engine.cap - old) *
		    sizeof *engine.runs);
		memset(engine.gens + old, 0, (engine.cap - old) *
		    sizeof *engine.gens);
	}
	r->slot = i;
	r->gen = ++engine.gens[i];
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.u64 = (uint64_t)r->gen << 32 | (uint64_t)i;
	if (epoll_ctl(engine.epfd, EPOLL_CTL_ADD, r->fd, &ev) != 0)
		return -1;
	engine.runs[i] = r;
	return 0;
}

/* Under the lock: r out; the lead to another read if it was r's. */
static void
engine_leave(struct rmcp_run *r)
{
	size_t i;

	(void)epoll_ctl(engine.epfd, EPOLL_CTL_DEL, r->fd, NULL);
	engine.runs[r->slot] = NULL;
	engine.gens[r->slot]++;
	if (engine.leading)
		return;
	for (i = 0; i < engine.cap; i++) {
		if (engine.runs[i] != NULL && !engine.runs[i]->finished) {
			pthread_cond_signal(&engine.runs[i]->cond);
			return;
		}
	}
}

static void
cond_wait_ms(pthread_cond_t *cond, pthread_mutex_t *lock, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	(void)pthread_cond_timedwait(cond, lock, &ts);
}

/* Run r (its socket open, its login at the step to send) in the engine
 * until it is finished: 0; -2 when job was cancelled first; -1 when the
 * engine cannot take it (q->login.errnum IPMI_ERR_SYSTEM_ERROR). */
static int
engine_run(struct rmcp_run *r, struct job *job)
{
	pthread_condattr_t attr;
	int cancelled = 0;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &attr);
	pthread_condattr_destroy(&attr);

	pthread_mutex_lock(&engine.lock);
	if (engine_up() != 0 || engine_join(r) != 0) {
		pthread_mutex_unlock(&engine.lock);
		pthread_cond_destroy(&r->cond);
		r->q->login.errnum = IPMI_ERR_SYSTEM_ERROR;
		return -1;
	}
	run_send(r, 1);
	while (!r->finished) {
		if (job_cancelled(job)) {
			cancelled = 1;
			run_finish(r, IPMI_ERR_SESSION_TIMEOUT);
		} else if (!engine.leading) {
			engine_turn();
		} else {
			cond_wait_ms(&r->cond, &engine.lock, RMCP_WAKE_MS);
		}
	}
	engine_leave(r);
	pthread_mutex_unlock(&engine.lock);
	pthread_cond_destroy(&r->cond);
	return cancelled ? -2 : 0;
}

int
rmcp_quick_power(struct rmcp_quick *q, int cipher_suite, struct job *job)
{
	struct rmcp_run r;
	int rc;

	q->fd = -1;
	if (rmcp_login_start(&q->login, cipher_suite) != 0)
		return -1;
	q->login.errnum = IPMI_ERR_SYSTEM_ERROR;
	memset(&r, 0, sizeof r);
	r.q = q;
	r.fd = socket(q->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (r.fd < 0)
		return -1;
	if (connect(r.fd, (const struct sockaddr *)&q->addr,
	    q->addr_len) != 0) {
		close(r.fd);
		return -1;
	}
	q->login.errnum = 0;
	rc = engine_run(&r, job);
	if (rc == 0 && q->hold && q->login.step == RMCP_CLOSE) {
		q->fd = r.fd; /* the session stays open: rmcp_quick_logout */
		return 0;
	}
	close(r.fd);
	rmcp_login_wipe(&q->login);
	if (rc != 0)
		return rc;
	return q->login.step == RMCP_DONE ? 0 : -1;
}

int
rmcp_quick_logout(struct rmcp_quick *q, struct job *job)
{
	struct rmcp_run r;
	int rc;

	if (q->fd < 0)
		return 0;
	memset(&r, 0, sizeof r);
	r.q = q;
	r.fd = q->fd;
	q->hold = 0;
	rc = engine_run(&r, job);
	close(q->fd);
	q->fd = -1;
	rmcp_login_wipe(&q->login);
	return rc == -2 ? -2 : 0;
}
