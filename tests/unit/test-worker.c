/* Unit tests for the worker pool's shutdown: every job left is handed back. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "unit.h"
#include "worker.h"
#include "xmalloc.h"

UNIT_SUITE("worker", worker_add_tests)

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
	struct worker_pool *pool = worker_pool_new(1);
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
	struct worker_pool *pool = worker_pool_new(1);
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
	struct worker_pool *pool = worker_pool_new(1);
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

static void
worker_add_tests(CU_pSuite s)
{
	CU_add_test(s, "free hands back a finished job",
	    test_free_hands_back_jobs);
	CU_add_test(s, "free hands back a queued job",
	    test_free_queued_never_run);
	CU_add_test(s, "free leaves a stuck worker", test_free_stuck_worker);
}
