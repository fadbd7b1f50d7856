/*
 * Worker threads: every blocking backend call runs here, never on the UI
 * thread. The UI submits a job (a function, its argument, a deadline), polls
 * worker_pool_fd() with the terminal, and calls worker_pool_dispatch() when
 * it is readable; finished jobs' done callbacks then run on the UI thread.
 *
 * A job still running at its deadline is reported to done() as timed out at
 * once; it is marked cancelled, and its result, when it comes, is freed with
 * free_result and never shown. Functions should check job_cancelled() between
 * slow steps; programs they run have their own deadline (run_argv).
 */
#ifndef RACKCON_WORKER_H
#define RACKCON_WORKER_H

struct worker_pool;
struct job;

/* Runs on a worker thread. Return a result (or NULL with *cause set). */
typedef void *(*job_fn)(struct job *job, void *arg, char **cause);
/* Runs on the UI thread. result and cause belong to the callee (result is
 * NULL and timed_out 1 when the deadline passed). */
typedef void (*job_done_fn)(void *arg, void *result, char *cause,
    int timed_out);
typedef void (*job_free_fn)(void *result);

struct worker_pool *worker_pool_new(int threads);
/* Readable when finished jobs wait for worker_pool_dispatch(). */
int worker_pool_fd(struct worker_pool *pool);
/* Queue a job; timeout_ms <= 0 means no deadline. UI thread. */
void worker_submit(struct worker_pool *pool, job_fn fn, job_done_fn done,
    job_free_fn free_result, void *arg, int timeout_ms);
/* Call done() for finished and overdue jobs. UI thread. Returns how many. */
int worker_pool_dispatch(struct worker_pool *pool);
/* Milliseconds until the next job deadline, or -1 when none. */
int worker_pool_next_deadline_ms(struct worker_pool *pool);
/* Jobs queued or running. */
int worker_pool_busy(struct worker_pool *pool);
int job_cancelled(struct job *job);
/*
 * Stop the threads. Jobs still running are cancelled and get up to grace_ms
 * to return. When every thread has ended, the jobs left get their done()
 * here, on the caller's thread (a finished one its result, one that never
 * ran NULL with a cause), the pool is freed and 0 is returned. Else -1: the
 * pool is left to the threads still in a slow call, and the caller must not
 * free what their jobs use (the process is exiting). UI thread.
 */
int worker_pool_free(struct worker_pool *pool, int grace_ms);

/* SHIM until the scheduler lands. */
enum job_class { JOB_REFRESH, JOB_CHANGE, JOB_SLOW, JOB_CONNECT,
	JOB_CLASS_COUNT };
struct job_spec {
	const void *key;
	enum job_class class;
	int visible;
	int timeout_ms;
	job_fn fn;
	job_done_fn done;
	job_free_fn free_result;
	void *arg;
};
void worker_submit_job(struct worker_pool *pool, const struct job_spec *s);
void worker_pool_wake(struct worker_pool *pool);
struct backoff { int failures; long long next_ms; };
long long backoff_failed(struct backoff *b, long long now_ms, unsigned *seed);
void backoff_reset(struct backoff *b);

#endif
