/*
 * The scheduler: every blocking backend call runs on its threads, never on
 * the UI thread. The UI submits a job (a function, its argument, a key, a
 * class, a deadline), polls worker_pool_fd() with the terminal, and calls
 * worker_pool_dispatch() when it is readable; finished jobs' done
 * callbacks and questions for the user then run on the UI thread.
 *
 * Rules, in the order a worker applies them when it takes a job:
 *   - jobs with the same non-NULL key run one at a time, in submission
 *     order (a key is a (host, plugin) handle: a change never runs beside
 *     a refresh on it);
 *   - jobs with the same non-NULL group run one at a time, in any order
 *     (a group is a remote host: its jobs share one connection, so a
 *     second would only wait for it while holding a class slot another
 *     host could use);
 *   - at most per_class[c] jobs of class c run at once; by default the
 *     threads are the sum of the class limits, so no class ever waits for
 *     a thread another class holds (256 slow hosts cannot starve the
 *     visible one); they start as jobs first need them;
 *   - a visible job runs ahead of the invisible ones queued before it;
 *     otherwise first come, first served.
 *
 * A job still queued or running at its deadline is reported to done() as
 * timed out at once; it is marked cancelled, and its result, when it comes,
 * is freed with free_result and never shown. Functions check
 * job_cancelled() between slow steps; run_argv() checks it while a program
 * runs and kills the program when it is set.
 */
#ifndef RACKCON_WORKER_H
#define RACKCON_WORKER_H

#include <stddef.h>

struct worker_pool;
struct job;

/* Runs on a worker thread. Return a result (or NULL with *cause set). */
typedef void *(*job_fn)(struct job *job, void *arg, char **cause);
/* Runs on the UI thread, exactly once per job. result and cause belong to
 * the callee (result is NULL and timed_out 1 when the deadline passed;
 * result NULL and cause "cancelled" for a queued job cancelled by key). */
typedef void (*job_done_fn)(void *arg, void *result, char *cause,
    int timed_out);
typedef void (*job_free_fn)(void *result);

/* JOB_BMC: a BMC's polls (the IPMI panel's refreshes), which wait on the
 * network and cost this machine almost nothing: FreeIPMI's fan-out. */
enum job_class { JOB_REFRESH, JOB_CHANGE, JOB_SLOW, JOB_CONNECT, JOB_BMC,
	JOB_CLASS_COUNT };

struct job_spec {
	/* Jobs with the same non-NULL key run one at a time, in submission
	 * order: a (host, plugin) pair, so a change never runs beside a
	 * refresh on the same plugin handle. */
	const void *key;
	/* Jobs with the same non-NULL group (whatever their key and class)
	 * run one at a time, the others of the group waiting queued, not
	 * in a slot: a remote host, whose jobs take turns on its
	 * connection anyway. NULL: none. */
	const void *group;
	enum job_class class;
	/* Runs ahead of queued invisible jobs of its class (the panel on
	 * screen first). */
	int visible;
	/* Runs at the nice value of the thread that made the pool (the
	 * UI's), not WORKER_NICE above it, where this process may lower a
	 * nice value again (root, or RLIMIT_NICE): a first frame, short
	 * and waited for. The thread's next job that is not urgent runs
	 * at the workers' value again. Elsewhere it runs as any job. */
	int urgent;
	/* Deadline, counted from when the job starts (waiting for a slot
	 * or for its key is not its fault); <= 0 none. At the deadline
	 * done() is told timed_out at once and the job is cancelled; its
	 * function may still be running then. */
	int timeout_ms;
	job_fn fn;
	job_done_fn done;
	job_free_fn free_result; /* frees a result nobody took; may be NULL */
	void *arg;
	/* Frees arg once the pool forgets the job: after done() and after
	 * the function returned (or when it never ran). With a deadline the
	 * function may outlive done(), so done() must leave arg to this.
	 * May be NULL (arg is the caller's to free; then no deadline). */
	job_free_fn free_arg;
};

/* Defaults of worker_pool_new(NULL): refresh 4, change 2, slow 8 (as
 * many smartctl at once as the Disks plugin's own threads ran before),
 * connect 2, BMC 64 (ipmi-power's default fan-out), and threads their
 * sum (80); rackcon's own pools give the BMC class as many as it has
 * BMCs, up to 64. */
#define WORKER_DEFAULT_REFRESH 4
#define WORKER_DEFAULT_CHANGE  2
#define WORKER_DEFAULT_SLOW    8
#define WORKER_DEFAULT_CONNECT 2
#define WORKER_DEFAULT_BMC     64

/* threads total (<= 0: the sum of per_class); at most per_class[c] jobs of
 * class c run at once (<= 0: that class's default). */
struct worker_limits {
	int threads;
	int per_class[JOB_CLASS_COUNT];
};

/* limits NULL: the defaults above. UI thread. Free with worker_pool_free. */
struct worker_pool *worker_pool_new(const struct worker_limits *limits);
/* Readable when finished jobs or questions wait for
 * worker_pool_dispatch(). */
int worker_pool_fd(struct worker_pool *pool);
/* Make worker_pool_fd() readable so the UI loop runs (a plugin's own
 * connection has news). Any thread. */
void worker_pool_wake(struct worker_pool *pool);
/* Queue a job (the spec is copied). UI thread. */
void worker_submit_job(struct worker_pool *pool, const struct job_spec *spec);
/* The old form: key NULL, JOB_REFRESH, invisible. UI thread. */
void worker_submit(struct worker_pool *pool, job_fn fn, job_done_fn done,
    job_free_fn free_result, void *arg, int timeout_ms);
/*
 * Cancel every queued and running job of key (a host being removed):
 * queued ones never run and get done(arg, NULL, "cancelled", 0) at the next
 * dispatch; running ones see job_cancelled(), a question they wait on is
 * declined, and their done() gets what they return. UI thread.
 */
void worker_cancel_key(struct worker_pool *pool, const void *key);
/* Call done() for finished, cancelled and overdue jobs and ask the
 * questions that wait. UI thread. Returns how many things it did. */
int worker_pool_dispatch(struct worker_pool *pool);
/* Milliseconds until the next job deadline, or -1 when none. UI thread. */
int worker_pool_next_deadline_ms(struct worker_pool *pool);
/* Jobs queued or running and not cancelled. Any thread. */
int worker_pool_busy(struct worker_pool *pool);
/* The threads started so far: they start as jobs first need them, up to
 * the pool's limit. Any thread. */
int worker_pool_threads(struct worker_pool *pool);

/* The cancel token: 1 after worker_cancel_key, the deadline or shutdown.
 * NULL job: 0. Any thread. */
int job_cancelled(const struct job *job);
/* The job this worker thread runs (thread-local); NULL on other threads. */
struct job *job_current(void);

/*
 * Fan-out on the JOB_SLOW class (the disks plugin's smartctl calls): run
 * fn(arg, i) for every i < n, at most per_class[JOB_SLOW] at once across
 * the whole pool, the calling thread running items too (so it cannot
 * deadlock when all threads are busy; a JOB_SLOW job runs its items in its
 * own slot). Returns when every started item has returned; stops starting
 * items once job is cancelled. job NULL: all of them on the calling thread,
 * one after another (batch mode). fn runs on the caller's thread or a
 * worker thread, several at once: it must be thread-safe.
 */
void job_fan_out(struct job *job, size_t n, void (*fn)(void *arg, size_t i),
    void *arg);

/* The question channel: a job asks the user and waits without blocking
 * the UI. */
enum question_kind { QUESTION_YES_NO, QUESTION_SECRET };
struct question;
/* Called on the UI thread from worker_pool_dispatch: show q, and later
 * call question_answer(q, ...) once. q stays valid until then (or until
 * worker_pool_free, after which it must not be touched). */
typedef void (*question_fn)(void *ctx, struct question *q);
/* UI thread, before jobs ask. ask NULL: jobs' questions are declined. */
void worker_pool_set_asker(struct worker_pool *pool, question_fn ask,
    void *ctx);
/*
 * Worker thread: ask and block until answered. Returns 0 with *answer a
 * fresh string ("y" or "n" for yes/no; the secret, which the caller wipes
 * with explicit_bzero before free), or -1 with *answer NULL when there is
 * no asker, the user declined, or the job is cancelled meanwhile (cancel
 * wakes it).
 */
int job_ask(struct job *job, enum question_kind kind, const char *prompt,
    char **answer);
enum question_kind question_kind(const struct question *q);
/* The prompt; valid until question_answer. */
const char *question_prompt(const struct question *q);
/* UI thread, exactly once per question; answer NULL: declined. The copy
 * kept inside is wiped once the job took it (or gave up). */
void question_answer(struct question *q, const char *answer);

/* Backoff with jitter for a host that keeps failing: the delay after
 * failure f is min(60 s, 1 s * 2^(f-1)), then drawn from [delay/2, delay]. */
#define BACKOFF_BASE_MS 1000LL
#define BACKOFF_MAX_MS  60000LL
struct backoff {
	int failures;
	long long next_ms; /* not due before this (clock_now_ms); 0: now */
};
/* One more failure at now_ms: sets next_ms and returns the delay. seed is
 * the caller's rand_r state. Any thread; the caller serialises. */
long long backoff_failed(struct backoff *b, long long now_ms,
    unsigned *seed);
/* A success: due at once, and the next failure starts from the base. */
void backoff_reset(struct backoff *b);
/* 1 when a retry may run at now_ms. */
int backoff_due(const struct backoff *b, long long now_ms);

/*
 * Stop the scheduler: every job is cancelled, questions are declined, and
 * the threads get up to grace_ms to return. When every thread has ended,
 * the jobs left get their done() here, on the caller's thread (a finished
 * one its result, one that never ran NULL with a cause), the pool is freed
 * and 0 is returned. Else -1: the pool is left to the threads still in a
 * slow call, and the caller must not free what their jobs use (the process
 * is exiting). UI thread.
 */
int worker_pool_free(struct worker_pool *pool, int grace_ms);

#endif
