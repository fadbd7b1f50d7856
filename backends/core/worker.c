/* Worker threads with a job queue, deadlines and a wake-up pipe for the UI. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "worker.h"
#include "xmalloc.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_FINISHED, JOB_REPORTED };

struct job {
	job_fn fn;
	job_done_fn done;
	job_free_fn free_result;
	void *arg;
	long long deadline_ms; /* monotonic; 0 = none */
	enum job_state state;
	int cancelled;
	int reported;          /* done() has been called (timed out) */
	void *result;
	char *cause;
	struct job *next;
};

struct worker_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *jobs; /* every job not yet freed, newest first */
	int stopping;
	int exited;       /* threads that have left worker_main */
	pthread_cond_t exit_cond; /* a job finished or a thread exited */
	int pipe_fd[2];
	int thread_count;
	pthread_t *threads;
};

static void
pool_wake(struct worker_pool *pool)
{
	char c = 1;

	/* A full pipe already means "wake up"; nothing else can fail here. */
	while (write(pool->pipe_fd[1], &c, 1) < 0 && errno == EINTR)
		;
}

/* The oldest queued job, or NULL. Called with the lock held. */
static struct job *
pool_take(struct worker_pool *pool)
{
	struct job *j, *found = NULL;

	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->state == JOB_QUEUED)
			found = j;
	}
	return found;
}

static void *
worker_main(void *arg)
{
	struct worker_pool *pool = arg;
	struct job *j;
	void *result;
	char *cause;

	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (!pool->stopping && (j = pool_take(pool)) == NULL)
			pthread_cond_wait(&pool->cond, &pool->lock);
		if (pool->stopping)
			break;
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&pool->lock);

		cause = NULL;
		result = j->fn(j, j->arg, &cause);

		pthread_mutex_lock(&pool->lock);
		j->result = result;
		j->cause = cause;
		j->state = JOB_FINISHED;
		pthread_cond_broadcast(&pool->exit_cond);
		pool_wake(pool);
	}
	pool->exited++;
	pthread_cond_broadcast(&pool->exit_cond);
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

struct worker_pool *
worker_pool_new(int threads)
{
	struct worker_pool *pool = xcalloc(1, sizeof *pool);
	pthread_condattr_t attr;
	sigset_t all, old;
	int i;

	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->cond, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&pool->exit_cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pipe2(pool->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", "cannot create the worker wake-up pipe");
	pool->thread_count = threads;
	pool->threads = xcalloc((size_t)threads, sizeof *pool->threads);
	/*
	 * Workers block every signal (they inherit this mask), so SIGWINCH,
	 * SIGTERM and ^Z always reach the UI thread, where the terminal is.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < threads; i++) {
		if (pthread_create(&pool->threads[i], NULL, worker_main,
		    pool) != 0)
			fatal("cannot start worker thread %d", i);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return pool;
}

int
worker_pool_fd(struct worker_pool *pool)
{
	return pool->pipe_fd[0];
}

void
worker_submit(struct worker_pool *pool, job_fn fn, job_done_fn done,
    job_free_fn free_result, void *arg, int timeout_ms)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->fn = fn;
	j->done = done;
	j->free_result = free_result;
	j->arg = arg;
	j->deadline_ms = timeout_ms > 0 ? clock_now_ms() + timeout_ms : 0;
	j->state = JOB_QUEUED;
	pthread_mutex_lock(&pool->lock);
	j->next = pool->jobs;
	pool->jobs = j;
	pthread_cond_signal(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
}

static void
job_free(struct job *j)
{
	if (j->result != NULL && j->free_result != NULL)
		j->free_result(j->result);
	free(j->cause);
	free(j);
}

static void
pool_unlink(struct worker_pool *pool, struct job *target)
{
	struct job **jp;

	for (jp = &pool->jobs; *jp != NULL; jp = &(*jp)->next) {
		if (*jp == target) {
			*jp = target->next;
			return;
		}
	}
}

/* Unlink and return one job that needs the UI's attention, or NULL. */
static struct job *
pool_next_ready(struct worker_pool *pool, int *timed_out)
{
	struct job **jp, *j;
	long long now = clock_now_ms();

	for (jp = &pool->jobs; (j = *jp) != NULL; jp = &j->next) {
		if (j->state == JOB_FINISHED) {
			*jp = j->next;
			*timed_out = 0;
			return j;
		}
		if (j->state != JOB_REPORTED && j->deadline_ms != 0 &&
		    now >= j->deadline_ms) {
			*timed_out = 1;
			return j;
		}
	}
	return NULL;
}

int
worker_pool_dispatch(struct worker_pool *pool)
{
	char drain[64];
	struct job *j;
	int count = 0, timed_out, never_ran;

	while (read(pool->pipe_fd[0], drain, sizeof drain) > 0)
		;
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		j = pool_next_ready(pool, &timed_out);
		never_ran = 0;
		if (j != NULL && timed_out) {
			never_ran = j->state == JOB_QUEUED;
			if (never_ran)
				pool_unlink(pool, j);
			/* A running job is freed when its worker finishes. */
			j->state = JOB_REPORTED;
			j->reported = 1;
			__atomic_store_n(&j->cancelled, 1, __ATOMIC_RELAXED);
		}
		pthread_mutex_unlock(&pool->lock);
		if (j == NULL)
			break;
		count++;
		if (timed_out) {
			j->done(j->arg, NULL, NULL, 1);
			if (never_ran)
				job_free(j);
			continue;
		}
		if (j->cancelled) {
			job_free(j); /* already reported as timed out */
			continue;
		}
		j->done(j->arg, j->result, j->cause, 0);
		j->result = NULL;
		j->cause = NULL;
		job_free(j);
	}
	return count;
}

int
worker_pool_next_deadline_ms(struct worker_pool *pool)
{
	struct job *j;
	long long best = -1, now = clock_now_ms(), left;

	pthread_mutex_lock(&pool->lock);
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->deadline_ms == 0 || j->cancelled)
			continue;
		left = j->deadline_ms - now;
		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left;
	}
	pthread_mutex_unlock(&pool->lock);
	return (int)best;
}

int
worker_pool_busy(struct worker_pool *pool)
{
	struct job *j;
	int n = 0;

	pthread_mutex_lock(&pool->lock);
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (!j->cancelled)
			n++;
	}
	pthread_mutex_unlock(&pool->lock);
	return n;
}

int
job_cancelled(struct job *job)
{
	return __atomic_load_n(&job->cancelled, __ATOMIC_RELAXED);
}

/* Wait until every thread has left worker_main or grace_ms have passed
 * (jobs still running are cancelled meanwhile). With the lock held; 1 when
 * all have left. */
static int
pool_wait_exited(struct worker_pool *pool, int grace_ms)
{
	struct timespec until;
	struct job *j;

	for (j = pool->jobs; j != NULL; j = j->next)
		__atomic_store_n(&j->cancelled, 1, __ATOMIC_RELAXED);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += grace_ms / 1000;
	until.tv_nsec += (long)(grace_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	while (pool->exited < pool->thread_count) {
		if (pthread_cond_timedwait(&pool->exit_cond, &pool->lock,
		    &until) == ETIMEDOUT)
			break;
	}
	return pool->exited == pool->thread_count;
}

/* Hand every job left to its done(), unless it had it (timed out): a
 * finished one its result, one that never ran NULL and a cause. The
 * threads have all left. */
static void
pool_finish_jobs(struct worker_pool *pool)
{
	struct job *j;

	while ((j = pool->jobs) != NULL) {
		pool->jobs = j->next;
		if (j->reported)
			;
		else if (j->state == JOB_FINISHED) {
			j->done(j->arg, j->result, j->cause, 0);
			j->result = NULL;
			j->cause = NULL;
		} else
			j->done(j->arg, NULL, xstrdup("not run: stopping"), 0);
		job_free(j);
	}
}

int
worker_pool_free(struct worker_pool *pool, int grace_ms)
{
	int i, all;

	pthread_mutex_lock(&pool->lock);
	pool->stopping = 1;
	pthread_cond_broadcast(&pool->cond);
	all = pool_wait_exited(pool, grace_ms);
	pthread_mutex_unlock(&pool->lock);
	/*
	 * Threads blocked in a slow call are left behind with the pool and
	 * its pipe: the process is exiting.
	 */
	if (!all)
		return -1;
	for (i = 0; i < pool->thread_count; i++)
		pthread_join(pool->threads[i], NULL);
	pool_finish_jobs(pool);
	close(pool->pipe_fd[0]);
	close(pool->pipe_fd[1]);
	pthread_cond_destroy(&pool->exit_cond);
	pthread_cond_destroy(&pool->cond);
	pthread_mutex_destroy(&pool->lock);
	free(pool->threads);
	free(pool);
	return 0;
}

/* SHIM until the scheduler lands. */
void
worker_submit_job(struct worker_pool *pool, const struct job_spec *s)
{
	worker_submit(pool, s->fn, s->done, s->free_result, s->arg,
	    s->timeout_ms);
}

void
worker_pool_wake(struct worker_pool *pool)
{
	pool_wake(pool);
}

long long
backoff_failed(struct backoff *b, long long now_ms, unsigned *seed)
{
	(void)seed;
	b->failures++;
	b->next_ms = now_ms + 2000;
	return 2000;
}

void
backoff_reset(struct backoff *b)
{
	b->failures = 0;
	b->next_ms = 0;
}
