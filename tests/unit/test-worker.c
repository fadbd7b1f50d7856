/* Unit tests for the scheduler: order per key, class limits, visible first,
 * deadlines and cancel, fan-out, backoff, questions, shutdown. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "run.h"
#include "unit.h"
#include "worker.h"
#include "xmalloc.h"

UNIT_SUITE("worker", worker_add_tests)

/* A pool of one thread (one job at a time whatever its class). */
static struct worker_pool *
pool_one(void)
{
	struct worker_limits l = {.threads = 1};

	return worker_pool_new(&l);
}

/* What a job's done() saw; the job's arg. */
struct probe {
	int ran;
	int done;
	int had_result;
	int had_cause;
	int gate;      /* a blocking job waits while this is 0 */
};

static void *
probe_run(struct job *job, void *arg, char **cause)
{
	struct probe *p = arg;

	(void)job;
	(void)cause;
	__atomic_store_n(&p->ran, 1, __ATOMIC_SEQ_CST);
	return xstrdup("result");
}

/* Blocks until gate opens (a slow call that ignores its cancel token). */
static void *
probe_block(struct job *job, void *arg, char **cause)
{
	struct probe *p = arg;

	(void)job;
	(void)cause;
	__atomic_store_n(&p->ran, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&p->gate, __ATOMIC_SEQ_CST))
		usleep(1000);
	return NULL;
}

static void
probe_done(void *arg, void *result, char *cause, int timed_out)
{
	struct probe *p = arg;

	(void)timed_out;
	p->done++;
	p->had_result = result != NULL;
	p->had_cause = cause != NULL;
	free(result);
	free(cause);
}

static void
wait_ran(struct probe *p)
{
	long long until = clock_now_ms() + 5000;

	while (!__atomic_load_n(&p->ran, __ATOMIC_SEQ_CST) &&
	    clock_now_ms() < until)
		usleep(1000);
}

/* A job finished but not yet dispatched: worker_pool_free hands it to
 * done() once and frees the pool (the ASan run checks nothing is left). */
static void
test_free_hands_back_jobs(void)
{
	struct worker_pool *pool = pool_one();
	struct probe finished = {0};

	worker_submit(pool, probe_run, probe_done, free, &finished, 0);
	wait_ran(&finished);
	usleep(20000); /* and it has returned */
	CHECK_LL(worker_pool_free(pool, 1000), 0, "pool freed");
	CHECK_LL(finished.done, 1, "finished job's done() ran once");
	CHECK_LL(finished.had_result, 1, "with its result");
}

/* Opens a probe's gate 50 ms after it starts (while the pool stops). */
static void *
open_gate_later(void *arg)
{
	struct probe *p = arg;

	usleep(50000);
	__atomic_store_n(&p->gate, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* A job still queued behind the only thread when the pool stops is never
 * run: its done() gets no result and a cause, once. */
static void
test_free_queued_never_run(void)
{
	struct worker_pool *pool = pool_one();
	struct probe blocker = {0}, queued = {0};
	pthread_t opener;

	worker_submit(pool, probe_block, probe_done, NULL, &blocker, 0);
	worker_submit(pool, probe_run, probe_done, free, &queued, 0);
	wait_ran(&blocker); /* the thread is busy: queued waits */
	CU_ASSERT_FATAL(pthread_create(&opener, NULL, open_gate_later,
	    &blocker) == 0);
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	pthread_join(opener, NULL);
	CHECK_LL(blocker.done, 1, "first job's done() ran once");
	CHECK_LL(queued.ran, 0, "second job never ran");
	CHECK_LL(queued.done, 1, "second job's done() ran once");
	CHECK_LL(queued.had_result, 0, "without a result");
	CHECK_LL(queued.had_cause, 1, "with a cause");
}

/* A worker stuck in a slow call: the pool is left to it after the grace
 * time, and nothing waits longer. */
static void
test_free_stuck_worker(void)
{
	struct worker_pool *pool = pool_one();
	static struct probe stuck; /* the thread outlives this frame */
	static struct worker_pool *volatile left; /* reachable: no leak */
	long long start;

	memset(&stuck, 0, sizeof stuck);
	worker_submit(pool, probe_block, probe_done, NULL, &stuck, 0);
	wait_ran(&stuck);
	start = clock_now_ms();
	left = pool;
	CHECK_LL(worker_pool_free(left, 100), -1, "pool left to the thread");
	CU_ASSERT(clock_now_ms() - start < 2000);
	CHECK_LL(stuck.done, 0, "no done() for a job still running");
	__atomic_store_n(&stuck.gate, 1, __ATOMIC_SEQ_CST);
}

/* --- the scheduler's rules ------------------------------------------------ */

/* What the jobs of one test share; everything under m. */
struct board {
	pthread_mutex_t m;
	pthread_cond_t c;
	int running[JOB_CLASS_COUNT];
	int max_running[JOB_CLASS_COUNT];
	int order[64];  /* ids in the order the jobs started */
	int started;
	int done;
};

/* One job of a test; arg of its fn and done. */
struct tjob {
	struct board *b;
	int id;
	enum job_class class;
	int hold;      /* wait until open (or the job is cancelled) */
	int open;
	int ran;
	int finished;  /* its fn returned */
	int saw_cancel;
	int done;
	int timed_out;
	int had_result;
	char *cause;
};

static void
board_init(struct board *b)
{
	memset(b, 0, sizeof *b);
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->c, NULL);
}

static void
board_free(struct board *b)
{
	pthread_cond_destroy(&b->c);
	pthread_mutex_destroy(&b->m);
}

/* Wait (up to 10 s, for a loaded machine) until *v >= want. */
static int
board_wait(struct board *b, const int *v, int want)
{
	long long until = clock_now_ms() + 10000;
	struct timespec ts;
	int ok;

	pthread_mutex_lock(&b->m);
	while (*v < want && clock_now_ms() < until) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 20000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&b->c, &b->m, &ts);
	}
	ok = *v >= want;
	pthread_mutex_unlock(&b->m);
	return ok;
}

static void
tjob_open(struct tjob *t)
{
	pthread_mutex_lock(&t->b->m);
	t->open = 1;
	pthread_cond_broadcast(&t->b->c);
	pthread_mutex_unlock(&t->b->m);
}

/* Records when it runs and how many of its class run beside it; held
 * jobs wait for open or their cancel token (looked at every 10 ms). */
static void *
tjob_run(struct job *job, void *arg, char **cause)
{
	struct tjob *t = arg;
	struct board *b = t->b;
	struct timespec ts;
	int *r;

	(void)cause;
	pthread_mutex_lock(&b->m);
	r = &b->running[t->class];
	if (++*r > b->max_running[t->class])
		b->max_running[t->class] = *r;
	if (b->started < 64)
		b->order[b->started] = t->id;
	b->started++;
	t->ran = 1;
	pthread_cond_broadcast(&b->c);
	while (t->hold && !t->open && !job_cancelled(job)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&b->c, &b->m, &ts);
	}
	t->saw_cancel = job_cancelled(job);
	t->finished = 1;
	(*r)--;
	pthread_cond_broadcast(&b->c);
	pthread_mutex_unlock(&b->m);
	return xstrdup("result");
}

static void
tjob_done(void *arg, void *result, char *cause, int timed_out)
{
	struct tjob *t = arg;

	t->done++;
	t->timed_out = timed_out;
	t->had_result = result != NULL;
	free(t->cause);
	t->cause = cause;
	free(result);
	pthread_mutex_lock(&t->b->m);
	t->b->done++;
	pthread_mutex_unlock(&t->b->m);
}

static void
tjob_submit(struct worker_pool *pool, struct tjob *t, const void *key,
    int visible, int timeout_ms)
{
	worker_submit_job(pool, &(struct job_spec){.key = key,
	    .class = t->class, .visible = visible, .timeout_ms = timeout_ms,
	    .fn = tjob_run, .done = tjob_done, .free_result = free,
	    .arg = t});
}

/* Act as the UI: poll the pool's fd and dispatch until *flag >= want
 * (up to 10 s). */
static int
pump_until(struct worker_pool *pool, const int *flag, int want)
{
	long long until = clock_now_ms() + 10000;
	struct pollfd pfd = {.fd = worker_pool_fd(pool), .events = POLLIN};
	int wait;

	for (;;) {
		worker_pool_dispatch(pool);
		if (__atomic_load_n(flag, __ATOMIC_SEQ_CST) >= want)
			return 1;
		if (clock_now_ms() >= until)
			return 0;
		wait = worker_pool_next_deadline_ms(pool);
		poll(&pfd, 1, wait < 0 || wait > 50 ? 50 : wait);
	}
}

static struct worker_pool *
pool_limits(int threads, int refresh, int change, int slow, int connect)
{
	struct worker_limits l = {.threads = threads,
	    .per_class = {refresh, change, slow, connect}};

	return worker_pool_new(&l);
}

/* Two jobs of one key never overlap and run in submission order; a job of
 * another key submitted after them runs beside the first. */
static void
test_key_order(void)
{
	struct worker_pool *pool = pool_limits(4, 4, 1, 1, 1);
	struct board b;
	struct tjob a1 = {.id = 1, .hold = 1}, a2 = {.id = 2, .hold = 1};
	struct tjob c = {.id = 3, .hold = 1};
	int key_a, key_c, i;

	board_init(&b);
	a1.b = a2.b = c.b = &b;
	tjob_submit(pool, &a1, &key_a, 0, 0);
	tjob_submit(pool, &a2, &key_a, 0, 0);
	tjob_submit(pool, &c, &key_c, 0, 0);
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 2));
	/* Threads were free, and a2 was queued before c: only its key
	 * holds it back. */
	CHECK_LL(a1.ran && c.ran, 1, "different keys run side by side");
	CHECK_LL(a2.ran, 0, "same key waits for the first");
	tjob_open(&c);
	tjob_open(&a1);
	CU_ASSERT(board_wait(&b, &b.started, 3));
	CHECK_LL(a1.finished, 1, "second started after the first returned");
	tjob_open(&a2);
	CU_ASSERT(pump_until(pool, &b.done, 3));
	for (i = 0; i < 3; i++)
		CU_ASSERT(b.order[i] != 2 || i == 2);
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	CHECK_LL(a1.done + a2.done + c.done, 3, "done() once each");
	board_free(&b);
}

/*
 * A group (a remote host) runs one job at a time, whatever their keys and
 * classes; its other jobs wait queued, not in a slot. So with 4 refresh
 * slots, 4 hosts' first refreshes run at once, not 2 hosts' two panels
 * each (one of which would only wait for the host's connection).
 */
static void
test_groups(void)
{
	struct worker_pool *pool = pool_limits(6, 4, 2, 1, 1);
	struct board b;
	struct tjob t[8], change = {.id = 8, .class = JOB_CHANGE, .hold = 1};
	int host[4], key[8], seen[4] = {0}, i;

	board_init(&b);
	for (i = 0; i < 8; i++) {
		/* Host i/2's Disks and RAID refreshes, in host order. */
		t[i] = (struct tjob){.b = &b, .id = i, .hold = 1};
		worker_submit_job(pool, &(struct job_spec){.key = &key[i],
		    .group = &host[i / 2], .class = JOB_REFRESH, .fn = tjob_run,
		    .done = tjob_done, .free_result = free, .arg = &t[i]});
	}
	change.b = &b;
	worker_submit_job(pool, &(struct job_spec){.key = &change,
	    .group = &host[0], .class = JOB_CHANGE, .fn = tjob_run,
	    .done = tjob_done, .free_result = free, .arg = &change});
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 4));
	for (i = 0; i < 4; i++)
		seen[b.order[i] / 2]++;
	for (i = 0; i < 4; i++)
		CHECK_LL(seen[i], 1, "one job of each host runs");
	CHECK_LL(t[0].ran && t[2].ran && t[4].ran && t[6].ran, 1,
	    "each host's first");
	CHECK_LL(change.ran, 0, "a free change slot, but its host is busy");
	tjob_open(&t[0]);
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 5));
	CHECK_LL(t[1].ran + change.ran, 1, "host 0's next, once its first "
	    "returned");
	for (i = 0; i < 8; i++)
		tjob_open(&t[i]);
	tjob_open(&change);
	CU_ASSERT(pump_until(pool, &b.done, 9));
	CHECK_LL(b.max_running[JOB_REFRESH], 4, "four refresh slots used");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
}

/* Never more than per_class[c] of a class at once; a flood of slow jobs
 * leaves the threads a refresh needs. */
static void
test_class_limits(void)
{
	struct worker_pool *pool = worker_pool_new(&(struct worker_limits){
	    .per_class = {2, 1, 2, 1}});
	struct board b;
	struct tjob slow[8], refresh = {.id = 100, .class = JOB_REFRESH};
	int i;

	board_init(&b);
	refresh.b = &b;
	for (i = 0; i < 8; i++) {
		slow[i] = (struct tjob){.b = &b, .id = i, .class = JOB_SLOW,
		    .hold = 1};
		tjob_submit(pool, &slow[i], NULL, 0, 0);
	}
	tjob_submit(pool, &refresh, NULL, 0, 0);
	CU_ASSERT(pump_until(pool, &refresh.done, 1));
	CHECK_LL(refresh.had_result, 1, "refresh ran while slow jobs hang");
	CU_ASSERT(board_wait(&b, &b.started, 3));
	CHECK_LL(b.max_running[JOB_SLOW], 2, "two slow jobs at most");
	for (i = 0; i < 8; i++)
		tjob_open(&slow[i]);
	CU_ASSERT(pump_until(pool, &b.done, 9));
	CHECK_LL(b.max_running[JOB_SLOW], 2, "still two at most");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
}

/* 64 BMC polls run at once (ipmi-power's fan-out), while the Disks
 * panels' refreshes keep their own 4 slots and a 65th BMC poll waits. */
static void
test_bmc_class(void)
{
	struct worker_pool *pool = worker_pool_new(&(struct worker_limits){
	    .per_class = {4, 1, 2, 1, 64}});
	struct board b;
	struct tjob bmc[65], disk[8];
	int i;

	board_init(&b);
	for (i = 0; i < 65; i++) {
		bmc[i] = (struct tjob){.b = &b, .id = i, .class = JOB_BMC,
		    .hold = 1};
		tjob_submit(pool, &bmc[i], NULL, 0, 0);
	}
	for (i = 0; i < 8; i++) {
		disk[i] = (struct tjob){.b = &b, .id = 100 + i,
		    .class = JOB_REFRESH, .hold = 1};
		tjob_submit(pool, &disk[i], NULL, 0, 0);
	}
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 68));
	CHECK_LL(b.running[JOB_BMC], 64, "64 BMC polls at once");
	CHECK_LL(b.running[JOB_REFRESH], 4, "the disk refreshes' own 4");
	CHECK_LL(bmc[64].ran, 0, "the 65th BMC poll waits for a slot");
	tjob_open(&bmc[0]);
	CU_ASSERT(board_wait(&b, &b.started, 69));
	CHECK_LL(bmc[64].ran, 1, "and takes the one freed");
	for (i = 0; i < 65; i++)
		tjob_open(&bmc[i]);
	for (i = 0; i < 8; i++)
		tjob_open(&disk[i]);
	CU_ASSERT(pump_until(pool, &b.done, 73));
	CHECK_LL(b.max_running[JOB_BMC], 64, "never more than 64");
	CHECK_LL(b.max_running[JOB_REFRESH], 4, "never more than 4");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
}

/* Threads start as jobs need them: none for an idle pool, one reused for
 * jobs one after another, one more for each job that may run beside the
 * others, never more than the classes allow (4 + 1 + 2 + 1 + 2). */
static void
test_threads_on_demand(void)
{
	struct worker_pool *pool = worker_pool_new(&(struct worker_limits){
	    .per_class = {4, 1, 2, 1, 2}});
	struct board b;
	struct tjob one[3], held[12];
	int i;

	board_init(&b);
	CHECK_LL(worker_pool_threads(pool), 0, "none before a job");
	for (i = 0; i < 3; i++) {
		one[i] = (struct tjob){.b = &b, .id = i, .class = JOB_REFRESH};
		tjob_submit(pool, &one[i], NULL, 0, 0);
		CU_ASSERT(pump_until(pool, &one[i].done, 1));
	}
	CHECK_LL(worker_pool_threads(pool), 1, "one for jobs one at a time");
	for (i = 0; i < 12; i++) {
		held[i] = (struct tjob){.b = &b, .id = 10 + i,
		    .class = JOB_REFRESH, .hold = 1};
		tjob_submit(pool, &held[i], NULL, 0, 0);
	}
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 3 + 4));
	CHECK_LL(b.running[JOB_REFRESH], 4, "four at once");
	CHECK_LL(worker_pool_threads(pool), 4, "a thread each, no more");
	for (i = 0; i < 12; i++)
		tjob_open(&held[i]);
	CU_ASSERT(pump_until(pool, &b.done, 15));
	CHECK_LL(worker_pool_threads(pool), 4, "still four after the rest");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
}

/* A visible job runs ahead of invisible ones queued before it. */
static void
test_visible_first(void)
{
	struct worker_pool *pool = pool_one();
	struct board b;
	struct tjob blocker = {.id = 0, .hold = 1}, i1 = {.id = 1};
	struct tjob i2 = {.id = 2}, v = {.id = 3};

	board_init(&b);
	blocker.b = i1.b = i2.b = v.b = &b;
	tjob_submit(pool, &blocker, NULL, 0, 0);
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 1));
	tjob_submit(pool, &i1, NULL, 0, 0);
	tjob_submit(pool, &i2, NULL, 0, 0);
	tjob_submit(pool, &v, NULL, 1, 0);
	tjob_open(&blocker);
	CU_ASSERT(pump_until(pool, &b.done, 4));
	CHECK_LL(b.order[1], 3, "the visible job second");
	CHECK_LL(b.order[2], 1, "then the others in order");
	CHECK_LL(b.order[3], 2, "then the others in order");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
}

/* At the deadline done() is told at once, and the job sees its token. The
 * deadline counts from the start: a job that waited longer than its
 * timeout for a slot still runs. */
static void
test_deadline(void)
{
	struct worker_pool *pool = pool_one();
	struct board b;
	struct tjob t = {.id = 1, .hold = 1}, queued = {.id = 2};

	board_init(&b);
	t.b = queued.b = &b;
	tjob_submit(pool, &t, NULL, 0, 200);
	tjob_submit(pool, &queued, NULL, 0, 100);
	CU_ASSERT(pump_until(pool, &t.done, 1));
	CU_ASSERT(pump_until(pool, &queued.done, 1));
	CHECK_LL(t.timed_out, 1, "running job timed out");
	CHECK_LL(t.had_result, 0, "without a result");
	CHECK_LL(queued.timed_out, 0, "waiting is not running late");
	CHECK_LL(queued.ran, 1, "the queued job ran once the slot freed");
	CU_ASSERT(board_wait(&b, &t.finished, 1));
	CHECK_LL(t.saw_cancel, 1, "job_cancelled() inside");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	CHECK_LL(t.done, 1, "done() once");
	CHECK_LL(queued.done, 1, "done() once");
	board_free(&b);
}

/* Workers run nicer than the thread that made the pool, so that the UI
 * thread gets the CPU first. */
struct nice_probe {
	int nice;
	int done;
};

static void *
nice_run(struct job *job, void *arg, char **cause)
{
	struct nice_probe *n = arg;

	(void)job;
	(void)cause;
	errno = 0;
	n->nice = getpriority(PRIO_PROCESS, 0);
	return arg;
}

static void
nice_done(void *arg, void *result, char *cause, int timed_out)
{
	struct nice_probe *n = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	n->done = 1;
}

static void
test_workers_nicer(void)
{
	struct worker_pool *pool = pool_one();
	struct nice_probe n = {.nice = -100};
	struct job_spec spec = {.class = JOB_REFRESH, .fn = nice_run,
	    .done = nice_done, .arg = &n};
	int ui_nice;

	errno = 0;
	ui_nice = getpriority(PRIO_PROCESS, 0);
	worker_submit_job(pool, &spec);
	CU_ASSERT_FATAL(pump_until(pool, &n.done, 1));
	CHECK_LL(worker_pool_free(pool, 5000), 0, "pool freed");
	if (ui_nice < 19)
		CU_ASSERT(n.nice > ui_nice);
}

/* An urgent job (a first frame) runs at the UI thread's nice value where
 * the process may lower one again (root here), and the same thread's next
 * job at the workers' again. */
static void
test_urgent_job(void)
{
	struct worker_pool *pool = pool_one();
	struct nice_probe urgent = {.nice = -100}, after = {.nice = -100};
	int ui_nice;

	errno = 0;
	ui_nice = getpriority(PRIO_PROCESS, 0);
	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	    .urgent = 1, .fn = nice_run, .done = nice_done, .arg = &urgent});
	CU_ASSERT_FATAL(pump_until(pool, &urgent.done, 1));
	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	    .fn = nice_run, .done = nice_done, .arg = &after});
	CU_ASSERT_FATAL(pump_until(pool, &after.done, 1));
	CHECK_LL(worker_pool_free(pool, 5000), 0, "pool freed");
	if (ui_nice >= 19)
		return; /* a nice of 19 either way */
	CU_ASSERT(after.nice > ui_nice);
	if (geteuid() == 0)
		CHECK_LL(urgent.nice, ui_nice, "the urgent job at the UI's");
	else
		CU_ASSERT(urgent.nice == ui_nice || urgent.nice == after.nice);
}

/* Items of a fan-out: each records its thread's nice value. */
struct nice_fan {
	int nice[8];
	int done;
};

static void
nice_item(void *arg, size_t i)
{
	struct nice_fan *f = arg;

	errno = 0;
	f->nice[i] = getpriority(PRIO_PROCESS, 0);
	usleep(20000); /* long enough for the helpers to take items too */
}

static void *
nice_fan_run(struct job *job, void *arg, char **cause)
{
	(void)cause;
	job_fan_out(job, 8, nice_item, arg);
	return arg;
}

static void
nice_fan_done(void *arg, void *result, char *cause, int timed_out)
{
	struct nice_fan *f = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	f->done = 1;
}

/* Threads a worker starts (a fan-out's helpers) are as nice as the one
 * the UI thread started, not WORKER_NICE more again (a thread inherits
 * its creator's nice value). */
static void
test_workers_started_by_workers(void)
{
	struct worker_pool *pool = worker_pool_new(&(struct worker_limits){
	    .per_class = {1, 1, 4, 1, 1}});
	struct nice_fan f;
	struct nice_probe n = {.nice = -100};
	int ui_nice, i;

	memset(&f, 0, sizeof f);
	errno = 0;
	ui_nice = getpriority(PRIO_PROCESS, 0);
	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	    .fn = nice_run, .done = nice_done, .arg = &n});
	CU_ASSERT_FATAL(pump_until(pool, &n.done, 1));
	worker_submit_job(pool, &(struct job_spec){.class = JOB_REFRESH,
	    .fn = nice_fan_run, .done = nice_fan_done, .arg = &f});
	CU_ASSERT_FATAL(pump_until(pool, &f.done, 1));
	CU_ASSERT(worker_pool_threads(pool) >= 2);
	CHECK_LL(worker_pool_free(pool, 5000), 0, "pool freed");
	if (ui_nice + 10 >= 19)
		return; /* a nice of 19 either way */
	for (i = 0; i < 8; i++)
		CHECK_LL(f.nice[i], n.nice, "an item's thread as nice as the first");
}

/* A job that outlives its done(): its arg is freed (free_arg) only once
 * the function has returned, however late. */
struct late {
	int returned;   /* the function has returned */
	int done;
	int freed;
	int freed_after_return;
};

static void *
late_run(struct job *job, void *arg, char **cause)
{
	struct late *l = arg;

	(void)cause;
	while (!job_cancelled(job))
		poll(NULL, 0, 5);
	/* Past the deadline, the job still reads its argument. */
	poll(NULL, 0, 100);
	__atomic_store_n(&l->returned, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
late_done(void *arg, void *result, char *cause, int timed_out)
{
	struct late *l = arg;

	(void)result;
	free(cause);
	if (timed_out)
		l->done++;
}

static void
late_free(void *arg)
{
	struct late *l = arg;

	l->freed_after_return = __atomic_load_n(&l->returned,
	    __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&l->freed, 1, __ATOMIC_SEQ_CST);
}

static void
test_free_arg_after_return(void)
{
	struct worker_pool *pool = pool_one();
	struct late l = {0};
	struct job_spec spec = {.class = JOB_REFRESH, .timeout_ms = 50,
	    .fn = late_run, .done = late_done, .arg = &l,
	    .free_arg = late_free};

	worker_submit_job(pool, &spec);
	CU_ASSERT(pump_until(pool, &l.done, 1));
	CHECK_LL(l.freed, 0, "not freed while the function runs");
	CU_ASSERT(pump_until(pool, &l.freed, 1));
	CHECK_LL(l.freed_after_return, 1, "freed after it returned");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	CHECK_LL(l.freed, 1, "freed once");
	CHECK_LL(l.done, 1, "done() once");
}

/* worker_cancel_key stops the running job of a key and drops its queued
 * ones; another key's job is left alone. */
static void
test_cancel_key(void)
{
	struct worker_pool *pool = pool_limits(4, 4, 1, 1, 1);
	struct board b;
	struct tjob run = {.id = 1, .hold = 1}, queued = {.id = 2};
	struct tjob other = {.id = 3, .hold = 1};
	int host_a, host_b;

	board_init(&b);
	run.b = queued.b = other.b = &b;
	tjob_submit(pool, &run, &host_a, 0, 0);
	tjob_submit(pool, &queued, &host_a, 0, 0);
	tjob_submit(pool, &other, &host_b, 0, 0);
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 2));
	worker_cancel_key(pool, &host_a);
	CU_ASSERT(pump_until(pool, &run.done, 1));
	CU_ASSERT(pump_until(pool, &queued.done, 1));
	CHECK_LL(run.saw_cancel, 1, "running job saw its token");
	CHECK_LL(queued.ran, 0, "queued job never ran");
	CHECK_STR(queued.cause, "cancelled", "queued job's cause");
	CHECK_LL(other.finished, 0, "other key still running");
	CHECK_LL(job_cancelled(NULL), 0, "NULL job: not cancelled");
	tjob_open(&other);
	CU_ASSERT(pump_until(pool, &other.done, 1));
	CHECK_LL(other.saw_cancel, 0, "other key not cancelled");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	free(queued.cause);
	board_free(&b);
}

/* --- fan-out ------------------------------------------------------------- */

#define FAN_N 24

struct fan_board {
	pthread_mutex_t m;
	int seen[2][FAN_N];
	int inflight;
	int max_inflight;
};

struct fan_job {
	struct fan_board *fb;
	int which;
	int done;
	int outside_job; /* job_current() was NULL in an item */
};

static void
fan_item(void *arg, size_t i)
{
	struct fan_job *f = arg;
	struct fan_board *fb = f->fb;

	pthread_mutex_lock(&fb->m);
	fb->seen[f->which][i]++;
	if (++fb->inflight > fb->max_inflight)
		fb->max_inflight = fb->inflight;
	if (job_current() == NULL)
		f->outside_job = 1;
	pthread_mutex_unlock(&fb->m);
	usleep(2000); /* some overlap; the checks hold without it */
	pthread_mutex_lock(&fb->m);
	fb->inflight--;
	pthread_mutex_unlock(&fb->m);
}

static void *
fan_run(struct job *job, void *arg, char **cause)
{
	(void)cause;
	job_fan_out(job, FAN_N, fan_item, arg);
	return NULL;
}

static void
fan_done(void *arg, void *result, char *cause, int timed_out)
{
	struct fan_job *f = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	__atomic_add_fetch(&f->done, 1, __ATOMIC_SEQ_CST);
}

/* Two refreshes fan out at once: every index once each, never more than
 * the slow limit in flight across the pool; NULL job: all, inline. */
static void
test_fan_out(void)
{
	struct worker_pool *pool = pool_limits(6, 2, 1, 2, 1);
	struct fan_board fb;
	struct fan_job f[2] = {{.fb = &fb, .which = 0},
	    {.fb = &fb, .which = 1}};
	int i, w, once = 1;

	memset(&fb, 0, sizeof fb);
	pthread_mutex_init(&fb.m, NULL);
	for (w = 0; w < 2; w++)
		worker_submit_job(pool, &(struct job_spec){.class =
		    JOB_REFRESH, .fn = fan_run, .done = fan_done,
		    .arg = &f[w]});
	CU_ASSERT(pump_until(pool, &f[0].done, 1));
	CU_ASSERT(pump_until(pool, &f[1].done, 1));
	for (w = 0; w < 2; w++) {
		for (i = 0; i < FAN_N; i++)
			once &= fb.seen[w][i] == 1;
	}
	CHECK_LL(once, 1, "every index ran once");
	CU_ASSERT(fb.max_inflight <= 2);
	CHECK_LL(f[0].outside_job + f[1].outside_job, 0,
	    "items run on a job");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	memset(fb.seen, 0, sizeof fb.seen);
	job_fan_out(NULL, FAN_N, fan_item, &f[0]);
	once = 1;
	for (i = 0; i < FAN_N; i++)
		once &= fb.seen[0][i] == 1;
	CHECK_LL(once, 1, "NULL job: every index ran once");
	pthread_mutex_destroy(&fb.m);
}

/* --- the slow class shared between fan-outs and jobs ------------------- */

struct share_board {
	pthread_mutex_t m;
	int gate;        /* the jobs may fan out */
	int items_open;  /* the items may end */
	int started;     /* jobs that reached their function */
	int inflight[2];
	int max_inflight[2];
	int total;
	int done;
};

struct share_job {
	struct share_board *sb;
	int which;
};

static void
share_item(void *arg, size_t i)
{
	struct share_job *sj = arg;
	struct share_board *sb = sj->sb;
	int w = sj->which;

	(void)i;
	pthread_mutex_lock(&sb->m);
	if (++sb->inflight[w] > sb->max_inflight[w])
		sb->max_inflight[w] = sb->inflight[w];
	sb->total++;
	pthread_mutex_unlock(&sb->m);
	while (!__atomic_load_n(&sb->items_open, __ATOMIC_SEQ_CST) &&
	    !job_cancelled(job_current()))
		usleep(1000);
	pthread_mutex_lock(&sb->m);
	sb->inflight[w]--;
	pthread_mutex_unlock(&sb->m);
}

static void *
share_run(struct job *job, void *arg, char **cause)
{
	struct share_job *sj = arg;

	(void)cause;
	__atomic_add_fetch(&sj->sb->started, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&sj->sb->gate, __ATOMIC_SEQ_CST))
		usleep(1000);
	job_fan_out(job, 8, share_item, sj);
	return NULL;
}

static void
share_done(void *arg, void *result, char *cause, int timed_out)
{
	struct share_job *sj = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	__atomic_add_fetch(&sj->sb->done, 1, __ATOMIC_SEQ_CST);
}

static int
share_load(struct share_board *sb, const int *v)
{
	int n;

	pthread_mutex_lock(&sb->m);
	n = *v;
	pthread_mutex_unlock(&sb->m);
	return n;
}

/* Two slow jobs fan out while two other slow jobs hold the rest of a
 * class of 4; once those end, each fan-out gets one of the two slots
 * (half the class each), not the first both because its helpers are
 * older. The items wait until the class is full. */
static void
test_fan_out_share(void)
{
	struct worker_pool *pool = pool_limits(8, 1, 1, 4, 1);
	struct share_board sb;
	struct share_job sj[2] = {{.sb = &sb, .which = 0},
	    {.sb = &sb, .which = 1}};
	struct board b;
	struct tjob h[2] = {{.id = 1, .class = JOB_SLOW, .hold = 1},
	    {.id = 2, .class = JOB_SLOW, .hold = 1}};
	long long until;
	int w;

	memset(&sb, 0, sizeof sb);
	pthread_mutex_init(&sb.m, NULL);
	board_init(&b);
	for (w = 0; w < 2; w++) {
		h[w].b = &b;
		tjob_submit(pool, &h[w], &h[w], 0, 0);
	}
	CU_ASSERT(board_wait(&b, &b.started, 2));
	__atomic_store_n(&sb.gate, 1, __ATOMIC_SEQ_CST);
	for (w = 0; w < 2; w++)
		worker_submit_job(pool, &(struct job_spec){.class = JOB_SLOW,
		    .key = &sj[w], .fn = share_run, .done = share_done,
		    .arg = &sj[w]});
	/* Both callers run an item in their own slot: the class is full. */
	until = clock_now_ms() + 10000;
	while (share_load(&sb, &sb.total) < 2 && clock_now_ms() < until)
		usleep(1000);
	for (w = 0; w < 2; w++)
		tjob_open(&h[w]);
	until = clock_now_ms() + 10000;
	while (share_load(&sb, &sb.total) < 4 && clock_now_ms() < until)
		usleep(1000);
	usleep(100000); /* a fifth would start now if it could */
	CHECK_LL(share_load(&sb, &sb.total), 4, "the class full, no more");
	CHECK_LL(sb.max_inflight[0], 2, "the first fan-out: half");
	CHECK_LL(sb.max_inflight[1], 2, "the second fan-out: half");
	__atomic_store_n(&sb.items_open, 1, __ATOMIC_SEQ_CST);
	CU_ASSERT(pump_until(pool, &sb.done, 2));
	CU_ASSERT(pump_until(pool, &b.done, 2));
	CHECK_LL(sb.total, 16, "every item ran");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
	for (w = 0; w < 2; w++)
		free(h[w].cause);
	pthread_mutex_destroy(&sb.m);
}

/* A slow job waiting to start goes before another job's fan-out
 * helpers: one host's fan-out cannot keep the other hosts' rounds out. */
static void
test_job_before_helpers(void)
{
	struct worker_pool *pool = pool_limits(8, 1, 1, 2, 1);
	struct share_board sb;
	struct share_job fan = {.sb = &sb, .which = 0};
	struct board b;
	struct tjob hold = {.id = 1, .class = JOB_SLOW, .hold = 1};
	struct tjob late = {.id = 2, .class = JOB_SLOW, .hold = 1};
	long long until;

	memset(&sb, 0, sizeof sb);
	pthread_mutex_init(&sb.m, NULL);
	board_init(&b);
	hold.b = late.b = &b;
	tjob_submit(pool, &hold, &hold, 0, 0);
	CU_ASSERT(board_wait(&b, &b.started, 1));
	/* The fan-out takes the other slot; its helpers wait for one. */
	__atomic_store_n(&sb.gate, 1, __ATOMIC_SEQ_CST);
	worker_submit_job(pool, &(struct job_spec){.class = JOB_SLOW,
	    .key = &fan, .fn = share_run, .done = share_done, .arg = &fan});
	until = clock_now_ms() + 10000;
	while (share_load(&sb, &sb.total) < 1 && clock_now_ms() < until)
		usleep(1000);
	tjob_submit(pool, &late, &late, 0, 0);
	tjob_open(&hold);
	/* The freed slot goes to late, queued after the helpers. */
	CU_ASSERT(board_wait(&b, &late.ran, 1));
	CHECK_LL(share_load(&sb, &sb.total), 1,
	    "no helper started before the late job");
	tjob_open(&late);
	__atomic_store_n(&sb.items_open, 1, __ATOMIC_SEQ_CST);
	CU_ASSERT(pump_until(pool, &sb.done, 1));
	CU_ASSERT(pump_until(pool, &b.done, 2));
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	board_free(&b);
	free(hold.cause);
	free(late.cause);
	pthread_mutex_destroy(&sb.m);
}

/* A cancelled fan-out starts no more items. */
static void
fan_item_cancel(void *arg, size_t i)
{
	struct fan_job *f = arg;

	pthread_mutex_lock(&f->fb->m);
	f->fb->seen[0][i]++;
	pthread_mutex_unlock(&f->fb->m);
	/* The first items wait for the cancel. */
	while (!job_cancelled(job_current()))
		usleep(1000);
}

static void *
fan_run_cancel(struct job *job, void *arg, char **cause)
{
	(void)cause;
	job_fan_out(job, FAN_N, fan_item_cancel, arg);
	return NULL;
}

static void
test_fan_out_cancel(void)
{
	struct worker_pool *pool = pool_limits(6, 2, 1, 2, 1);
	struct fan_board fb;
	struct fan_job f = {.fb = &fb};
	int key, i, started = 0;

	memset(&fb, 0, sizeof fb);
	pthread_mutex_init(&fb.m, NULL);
	worker_submit_job(pool, &(struct job_spec){.key = &key,
	    .class = JOB_REFRESH, .fn = fan_run_cancel, .done = fan_done,
	    .arg = &f});
	for (;;) { /* wait for the two slow slots to be taken */
		pthread_mutex_lock(&fb.m);
		for (started = 0, i = 0; i < FAN_N; i++)
			started += fb.seen[0][i];
		pthread_mutex_unlock(&fb.m);
		if (started >= 2)
			break;
		usleep(1000);
	}
	worker_cancel_key(pool, &key);
	CU_ASSERT(pump_until(pool, &f.done, 1));
	for (started = 0, i = 0; i < FAN_N; i++)
		started += fb.seen[0][i];
	CU_ASSERT(started <= 3); /* the two in flight, and one racing */
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	pthread_mutex_destroy(&fb.m);
}

/* --- backoff ------------------------------------------------------------- */

static void
test_backoff(void)
{
	struct backoff b = {0};
	unsigned seed = 7;
	long long d, full, first = -1;
	int f, varied = 0;

	CHECK_LL(backoff_due(&b, 0), 1, "a new host is due");
	for (f = 1; f <= 40; f++) {
		full = f > 7 ? 60000 : 1000LL << (f - 1);
		if (full > 60000)
			full = 60000;
		d = backoff_failed(&b, 5000, &seed);
		CU_ASSERT(d >= full / 2 && d <= full);
		CHECK_LL(b.next_ms, 5000 + d, "next retry");
		if (f > 7) {
			if (first < 0)
				first = d;
			varied |= d != first;
		}
	}
	CHECK_LL(varied, 1, "capped delays are jittered");
	CHECK_LL(backoff_due(&b, b.next_ms - 1), 0, "not due before");
	CHECK_LL(backoff_due(&b, b.next_ms), 1, "due at next_ms");
	backoff_reset(&b);
	CHECK_LL(b.failures, 0, "reset");
	CHECK_LL(backoff_due(&b, 0), 1, "due after reset");
	d = backoff_failed(&b, 0, &seed);
	CU_ASSERT(d >= 500 && d <= 1000);
}

/* --- questions ----------------------------------------------------------- */

struct asker {
	struct question *q;
	int asked;
};

static void
asker_ask(void *ctx, struct question *q)
{
	struct asker *a = ctx;

	a->q = q;
	a->asked++;
}

struct asking_job {
	enum question_kind kind;
	int rc;
	char *answer;
	int done;
};

static void *
asking_run(struct job *job, void *arg, char **cause)
{
	struct asking_job *aj = arg;

	(void)cause;
	aj->rc = job_ask(job, aj->kind, "Trust this host?", &aj->answer);
	return NULL;
}

static void
asking_done(void *arg, void *result, char *cause, int timed_out)
{
	struct asking_job *aj = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	aj->done++;
}

/* Submit an asking job and pump until the asker has its question. */
static void
ask_start(struct worker_pool *pool, struct asker *a, struct asking_job *aj,
    const void *key)
{
	worker_submit_job(pool, &(struct job_spec){.key = key,
	    .class = JOB_CONNECT, .fn = asking_run, .done = asking_done,
	    .arg = aj});
	CU_ASSERT_FATAL(pump_until(pool, &a->asked, 1));
}

static void
test_question(void)
{
	struct worker_pool *pool = pool_limits(4, 1, 1, 1, 1);
	struct asker a = {0};
	struct asking_job yes = {.kind = QUESTION_YES_NO};
	struct asking_job secret = {.kind = QUESTION_SECRET};
	struct asking_job no = {.kind = QUESTION_YES_NO};

	worker_pool_set_asker(pool, asker_ask, &a);
	ask_start(pool, &a, &yes, NULL);
	CHECK_LL(question_kind(a.q), QUESTION_YES_NO, "kind");
	CHECK_STR(question_prompt(a.q), "Trust this host?", "prompt");
	question_answer(a.q, "y");
	CU_ASSERT(pump_until(pool, &yes.done, 1));
	CHECK_LL(yes.rc, 0, "answered");
	CHECK_STR(yes.answer, "y", "yes");
	a.asked = 0;
	ask_start(pool, &a, &secret, NULL);
	CHECK_LL(question_kind(a.q), QUESTION_SECRET, "kind");
	question_answer(a.q, "hunter2");
	CU_ASSERT(pump_until(pool, &secret.done, 1));
	CHECK_LL(secret.rc, 0, "answered");
	CHECK_STR(secret.answer, "hunter2", "the secret");
	a.asked = 0;
	ask_start(pool, &a, &no, NULL);
	question_answer(a.q, NULL);
	CU_ASSERT(pump_until(pool, &no.done, 1));
	CHECK_LL(no.rc, -1, "declined");
	CU_ASSERT_PTR_NULL(no.answer);
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	free(yes.answer);
	explicit_bzero(secret.answer, strlen(secret.answer));
	free(secret.answer);
}

/* Cancel wakes a job waiting for its answer; the late answer is taken
 * and dropped. Without an asker, job_ask says no at once. */
static void
test_question_cancel(void)
{
	struct worker_pool *pool = pool_limits(4, 1, 1, 1, 1);
	struct asker a = {0};
	struct asking_job aj = {.kind = QUESTION_SECRET};
	struct asking_job none = {.kind = QUESTION_YES_NO};
	int key;

	worker_submit_job(pool, &(struct job_spec){.class = JOB_CONNECT,
	    .fn = asking_run, .done = asking_done, .arg = &none});
	CU_ASSERT(pump_until(pool, &none.done, 1));
	CHECK_LL(none.rc, -1, "no asker: -1");
	worker_pool_set_asker(pool, asker_ask, &a);
	ask_start(pool, &a, &aj, &key);
	worker_cancel_key(pool, &key);
	CU_ASSERT(pump_until(pool, &aj.done, 1));
	CHECK_LL(aj.rc, -1, "cancelled while waiting");
	CU_ASSERT_PTR_NULL(aj.answer);
	question_answer(a.q, "too late");
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
}

/* Shutdown: a job polling its token ends within the grace time, a job
 * waiting for an answer is woken, every done() runs once. */
static void
test_free_joins(void)
{
	struct worker_pool *pool = pool_limits(4, 2, 1, 1, 1);
	struct board b;
	struct tjob t = {.id = 1, .hold = 1};
	struct asker a = {0};
	struct asking_job aj = {.kind = QUESTION_SECRET};
	long long start;

	board_init(&b);
	t.b = &b;
	worker_pool_set_asker(pool, asker_ask, &a);
	tjob_submit(pool, &t, NULL, 0, 0);
	ask_start(pool, &a, &aj, NULL); /* shown, never answered */
	CU_ASSERT_FATAL(board_wait(&b, &b.started, 1));
	start = clock_now_ms();
	CHECK_LL(worker_pool_free(pool, 5000), 0, "pool freed");
	CU_ASSERT(clock_now_ms() - start < 5000);
	CHECK_LL(t.done, 1, "done() once");
	CHECK_LL(t.saw_cancel, 1, "the job saw its token");
	CHECK_LL(aj.done, 1, "asking job's done() once");
	CHECK_LL(aj.rc, -1, "its question declined");
	board_free(&b);
}

/* --- run_argv on a cancelled job ----------------------------------------- */

struct sleeper {
	char *pidfile;
	int rc;
	int err;
	char *cause;
	int done;
};

static void *
sleeper_run(struct job *job, void *arg, char **cause)
{
	struct sleeper *s = arg;
	char *script = xasprintf("echo $$ > %s.tmp && mv %s.tmp %s && "
	    "exec sleep 30", s->pidfile, s->pidfile, s->pidfile);
	char sh[] = "sh", c[] = "-c";
	char *argv[] = {sh, c, script, NULL};
	struct run_result r;

	(void)job;
	(void)cause;
	s->rc = run_argv("/bin/sh", argv, NULL, NULL, 60000, &r, &s->cause);
	s->err = errno;
	run_result_free(&r);
	free(script);
	return NULL;
}

static void
sleeper_done(void *arg, void *result, char *cause, int timed_out)
{
	struct sleeper *s = arg;

	(void)result;
	(void)timed_out;
	free(cause);
	s->done++;
}

/* A cancelled job's program is killed (and reaped) within moments. */
static void
test_run_cancelled(void)
{
	struct worker_pool *pool = pool_one();
	char *dir = unit_temp_dir("worker");
	struct sleeper s = {0};
	char *text = NULL;
	long long until, start;
	pid_t pid;
	int key;

	CU_ASSERT_FATAL(dir != NULL);
	s.pidfile = xasprintf("%s/pid", dir);
	worker_submit_job(pool, &(struct job_spec){.key = &key,
	    .class = JOB_SLOW, .fn = sleeper_run, .done = sleeper_done,
	    .arg = &s});
	until = clock_now_ms() + 10000;
	while ((text = unit_read_file(s.pidfile, NULL)) == NULL &&
	    clock_now_ms() < until)
		usleep(5000);
	CU_ASSERT_FATAL(text != NULL);
	pid = (pid_t)atoi(text);
	free(text);
	CU_ASSERT_FATAL(pid > 0 && kill(pid, 0) == 0);
	start = clock_now_ms();
	worker_cancel_key(pool, &key);
	CU_ASSERT(pump_until(pool, &s.done, 1));
	CU_ASSERT(clock_now_ms() - start < 10000);
	CHECK_LL(s.rc, -1, "run_argv failed");
	CHECK_LL(s.err, ECANCELED, "errno");
	CHECK_CONTAINS(s.cause, "cancelled", "cause");
	CU_ASSERT(kill(pid, 0) == -1 && errno == ESRCH);
	CHECK_LL(worker_pool_free(pool, 2000), 0, "pool freed");
	free(s.cause);
	free(s.pidfile);
	unit_remove_tree(dir);
	free(dir);
}

static void
worker_add_tests(CU_pSuite s)
{
	CU_add_test(s, "free hands back a finished job",
	    test_free_hands_back_jobs);
	CU_add_test(s, "free hands back a queued job",
	    test_free_queued_never_run);
	CU_add_test(s, "free leaves a stuck worker", test_free_stuck_worker);
	CU_add_test(s, "threads start as jobs need them",
	    test_threads_on_demand);
	CU_add_test(s, "threads a worker starts are as nice as the others",
	    test_workers_started_by_workers);
	CU_add_test(s, "one job at a time per key, in order", test_key_order);
	CU_add_test(s, "one job at a time per group", test_groups);
	CU_add_test(s, "class limits", test_class_limits);
	CU_add_test(s, "BMC class: 64 at once beside refreshes", test_bmc_class);
	CU_add_test(s, "visible jobs first", test_visible_first);
	CU_add_test(s, "deadline", test_deadline);
	CU_add_test(s, "workers are nicer than the UI", test_workers_nicer);
	CU_add_test(s, "an urgent job at the UI's nice value",
	    test_urgent_job);
	CU_add_test(s, "free_arg after the function returned",
	    test_free_arg_after_return);
	CU_add_test(s, "cancel by key", test_cancel_key);
	CU_add_test(s, "fan-out", test_fan_out);
	CU_add_test(s, "fan-out stops when cancelled", test_fan_out_cancel);
	CU_add_test(s, "fan-outs share the slow class", test_fan_out_share);
	CU_add_test(s, "a job before another's fan-out helpers",
	            test_job_before_helpers);
	CU_add_test(s, "backoff", test_backoff);
	CU_add_test(s, "questions", test_question);
	CU_add_test(s, "question cancelled while waiting",
	    test_question_cancel);
	CU_add_test(s, "free joins and wakes", test_free_joins);
	CU_add_test(s, "run_argv kills a cancelled job's program",
	    test_run_cancelled);
}
