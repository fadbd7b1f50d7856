/* The scheduler: keyed job order, class limits, deadlines, questions. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "worker.h"
#include "xmalloc.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_FINISHED };

/* How much nicer than the UI thread the workers run. */
#define WORKER_NICE 10

struct fan;

struct job {
	struct worker_pool *pool;
	const void *key;
	const void *group;     /* one running job per non-NULL group */
	enum job_class class;
	int visible;
	int urgent;
	job_fn fn;
	job_done_fn done;
	job_free_fn free_result;
	void *arg;
	int timeout_ms;        /* from the start; <= 0: none */
	long long deadline_ms; /* monotonic, set when it starts; 0 = none */
	job_free_fn free_arg;  /* frees arg when the job is forgotten */
	enum job_state state;
	int cancelled;         /* atomic: the cancel token */
	int reported;          /* done() has been called (timed out) */
	struct job *after;     /* same key, submitted before, not returned */
	struct fan *fan;       /* a fan-out helper's fan (no done()) */
	struct job *parent;    /* a helper's job: its token is ours too */
	void *result;
	char *cause;
	struct job *next;
};

/* One job_fan_out(); lives on the caller's stack, guarded by the pool lock. */
struct fan {
	struct job *job;
	size_t n;
	size_t next;
	int helpers_running;
	void (*fn)(void *, size_t);
	void *arg;
};

enum question_state { Q_PENDING, Q_ASKED, Q_ANSWERED };

struct question {
	struct worker_pool *pool;
	enum question_kind kind;
	char *prompt;
	char *answer;  /* NULL: declined */
	enum question_state state;
	int abandoned; /* the job gave up; question_answer frees it */
	struct question *next;
};

struct worker_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;       /* workers: a job may be startable */
	pthread_cond_t slot_cond;  /* fan-outs: a slow slot or helper freed */
	pthread_cond_t ask_cond;   /* job_ask: answered or cancelled */
	pthread_cond_t exit_cond;  /* a job finished or a thread exited */
	struct job *jobs;          /* every job not yet freed, oldest first */
	struct job *last;
	struct question *questions;
	question_fn ask;
	void *ask_ctx;
	int limit[JOB_CLASS_COUNT];
	int running[JOB_CLASS_COUNT];
	int fans;                  /* fan-outs under way */
	int stopping;
	int exited;                /* threads that have left worker_main */
	int pipe_fd[2];
	int thread_count;          /* at most this many threads */
	int nice, nice_set;        /* the workers' (pool_set_nice) */
	int base_nice;             /* the creator's: an urgent job's */
	int unnice_denied;         /* atomic: lowering it back failed */
	int started;               /* threads started so far */
	int starting;              /* ... not yet looking for a job */
	int idle;                  /* workers waiting on cond */
	int wakes;                 /* ... of them signalled, not yet up */
	pthread_t *threads;
};

static _Thread_local struct job *worker_current;
/* This worker runs at the pool's base_nice (an urgent job's). */
static _Thread_local int worker_hurried;

static const int worker_defaults[JOB_CLASS_COUNT] = {
	[JOB_REFRESH] = WORKER_DEFAULT_REFRESH,
	[JOB_CHANGE] = WORKER_DEFAULT_CHANGE,
	[JOB_SLOW] = WORKER_DEFAULT_SLOW,
	[JOB_CONNECT] = WORKER_DEFAULT_CONNECT,
	[JOB_BMC] = WORKER_DEFAULT_BMC,
};

static void
pool_wake(struct worker_pool *pool)
{
	char c = 1;

	/* A full pipe already means "wake up"; nothing else can fail here. */
	while (write(pool->pipe_fd[1], &c, 1) < 0 && errno == EINTR)
		;
}

static void pool_wake_worker(struct worker_pool *pool);

static void
pool_append(struct worker_pool *pool, struct job *j)
{
	j->next = NULL;
	if (pool->last != NULL)
		pool->last->next = j;
	else
		pool->jobs = j;
	pool->last = j;
}

static void
pool_unlink(struct worker_pool *pool, struct job *target)
{
	struct job **jp, *prev = NULL;

	for (jp = &pool->jobs; *jp != NULL; prev = *jp, jp = &(*jp)->next) {
		if (*jp == target) {
			*jp = target->next;
			if (pool->last == target)
				pool->last = prev;
			return;
		}
	}
}

/* j has returned or will never run: the job of its key that waited for it
 * waits for what j waited for. The caller wakes a worker for it (a worker
 * that finished j looks for a job itself). Lock held. */
static void
pool_release(struct worker_pool *pool, struct job *j)
{
	struct job *k;

	for (k = pool->jobs; k != NULL; k = k->next) {
		if (k->after == j)
			k->after = j->after;
	}
	j->after = NULL;
}

/* Set the cancel token and wake whoever waits on it. Lock held. */
static void
pool_cancel(struct worker_pool *pool, struct job *j)
{
	__atomic_store_n(&j->cancelled, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&pool->ask_cond);
	pthread_cond_broadcast(&pool->slot_cond);
}

/* A job of group runs. Lock held. */
static int
pool_group_busy(const struct worker_pool *pool, const void *group)
{
	const struct job *j;

	if (group == NULL)
		return 0;
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->group == group && j->state == JOB_RUNNING)
			return 1;
	}
	return 0;
}

/* How much a queued job goes first: a visible one before the rest, and
 * a job before another job's fan-out helpers, so that one host's fan-out
 * (smartctl for each of its disks) cannot fill the class while other
 * hosts' jobs wait to start. */
static int
job_rank(const struct job *j)
{
	return (j->visible ? 2 : 0) + (j->fan == NULL ? 1 : 0);
}

/* Slow jobs waiting to start (not fan-out helpers). Lock held. */
static int
pool_slow_waiting(const struct worker_pool *pool)
{
	const struct job *j;
	int n = 0;

	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->state == JOB_QUEUED && j->class == JOB_SLOW &&
		    j->fan == NULL && !job_cancelled(j))
			n++;
	}
	return n;
}

/*
 * The slow class is shared fairly between the fan-outs under way and the
 * slow jobs waiting to start: each gets limit / their number slots (at
 * least one), so one host whose smartctl hangs on every disk does not
 * hold every slot while the other hosts' rounds wait. Alone, a fan-out
 * gets them all. Lock held.
 */
static int
fan_share(const struct worker_pool *pool, int slow_waiting)
{
	int sharing = pool->fans + slow_waiting;
	int share = pool->limit[JOB_SLOW] / (sharing > 0 ? sharing : 1);

	return share > 0 ? share : 1;
}

/* The slow slots f holds: its helpers', and its caller's when that job is
 * of the slow class. */
static int
fan_slots(const struct fan *f)
{
	return f->helpers_running + (f->job->class == JOB_SLOW);
}

/* The job a worker should start: the oldest that may run of the best
 * rank (job_rank); NULL when none. Lock held. */
static struct job *
pool_take(struct worker_pool *pool)
{
	struct job *j, *found = NULL;
	int slow_waiting = pool_slow_waiting(pool);

	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->state != JOB_QUEUED || j->after != NULL ||
		    pool->running[j->class] >= pool->limit[j->class] ||
		    (j->fan == NULL && job_cancelled(j)))
			continue;
		if (found != NULL && job_rank(j) <= job_rank(found))
			continue; /* an older one is taken anyway */
		if (pool_group_busy(pool, j->group))
			continue;
		if (j->fan != NULL &&
		    fan_slots(j->fan) >= fan_share(pool, slow_waiting))
			continue; /* its fan-out has its share */
		found = j;
		if (job_rank(j) == 3)
			break;
	}
	return found;
}

/* Take fan-out items until there are none or the job is cancelled. Lock
 * held; released around each item. */
static void
fan_run_items(struct worker_pool *pool, struct fan *f)
{
	size_t i;

	while (f->next < f->n && !job_cancelled(f->job)) {
		/* Over f's share now (others came since it started): the
		 * slot goes back, the items are left to the others. */
		if (fan_slots(f) > fan_share(pool, pool_slow_waiting(pool)))
			break;
		i = f->next++;
		pthread_mutex_unlock(&pool->lock);
		f->fn(f->arg, i);
		pthread_mutex_lock(&pool->lock);
	}
}

/* A worker ran j's function (or fan-out items); bookkeeping. Lock held. */
static void
worker_finish(struct worker_pool *pool, struct job *j, void *result,
    char *cause)
{
	pool->running[j->class]--;
	pool_release(pool, j);
	pthread_cond_broadcast(&pool->slot_cond);
	if (j->fan != NULL) {
		j->fan->helpers_running--;
		pool_unlink(pool, j);
		free(j);
		return;
	}
	j->result = result;
	j->cause = cause;
	j->state = JOB_FINISHED;
	pthread_cond_broadcast(&pool->exit_cond);
	pool_wake(pool);
}

/* The workers' nice value into pool: WORKER_NICE above the thread that
 * makes the pool (the UI thread), at most 19; none when it cannot be
 * read. */
static void
pool_set_nice(struct worker_pool *pool)
{
	int nice;

	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	if (nice == -1 && errno != 0)
		return;
	pool->base_nice = nice;
	pool->nice = nice + WORKER_NICE > 19 ? 19 : nice + WORKER_NICE;
	pool->nice_set = 1;
}

/* This thread at the pool's nice value. A thread inherits its creator's,
 * and a worker may start another: the value is the pool's, not the
 * creator's plus WORKER_NICE again. */
static void
worker_be_nice(const struct worker_pool *pool)
{
	if (pool->nice_set)
		(void)setpriority(PRIO_PROCESS, 0, pool->nice);
}

/* This thread at the nice value job j runs at (worker.h: urgent). A
 * process that may not lower a nice value (EACCES) is not asked again:
 * its urgent jobs run as the others. */
static void
worker_nice_for(struct worker_pool *pool, const struct job *j)
{
	int urgent = j->urgent && pool->nice_set &&
	    !__atomic_load_n(&pool->unnice_denied, __ATOMIC_RELAXED);

	if (urgent == worker_hurried)
		return;
	if (setpriority(PRIO_PROCESS, 0, urgent ? pool->base_nice :
	    pool->nice) != 0) {
		if (urgent)
			__atomic_store_n(&pool->unnice_denied, 1,
			    __ATOMIC_RELAXED);
		return;
	}
	worker_hurried = urgent;
}

static void *
worker_main(void *arg)
{
	struct worker_pool *pool = arg;
	struct job *j = NULL;
	void *result;
	char *cause;

	/*
	 * Workers yield the CPU to the UI thread: a key is drawn at once
	 * while a fleet refreshes. On Linux the nice value is a thread's
	 * own (who 0: this thread); the programs a job runs inherit it.
	 * Raising it needs no privilege; a failure only costs latency.
	 */
	worker_be_nice(pool);
	pthread_mutex_lock(&pool->lock);
	pool->starting--;
	for (;;) {
		while (!pool->stopping && (j = pool_take(pool)) == NULL) {
			pool->idle++;
			pthread_cond_wait(&pool->cond, &pool->lock);
			pool->idle--;
			if (pool->wakes > 0)
				pool->wakes--;
		}
		if (pool->stopping)
			break;
		j->state = JOB_RUNNING;
		if (j->timeout_ms > 0)
			j->deadline_ms = clock_now_ms() + j->timeout_ms;
		pool->running[j->class]++;
		/* A wake-up wakes one worker (not all of them, which a fleet
		 * of hosts' threads would pay for at every job): if another
		 * job may start too, this one passes it on. */
		if (pool_take(pool) != NULL)
			pool_wake_worker(pool);
		result = NULL;
		cause = NULL;
		worker_current = j;
		worker_nice_for(pool, j);
		if (j->fan != NULL) {
			j->fan->helpers_running++;
			fan_run_items(pool, j->fan);
		} else {
			pthread_mutex_unlock(&pool->lock);
			result = j->fn(j, j->arg, &cause);
			pthread_mutex_lock(&pool->lock);
		}
		worker_current = NULL;
		worker_finish(pool, j, result, cause);
	}
	pool->exited++;
	pthread_cond_broadcast(&pool->exit_cond);
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

static void
pool_set_limits(struct worker_pool *pool, const struct worker_limits *limits)
{
	int c, sum = 0;

	for (c = 0; c < JOB_CLASS_COUNT; c++) {
		pool->limit[c] = worker_defaults[c];
		if (limits != NULL && limits->per_class[c] > 0)
			pool->limit[c] = limits->per_class[c];
		sum += pool->limit[c];
	}
	pool->thread_count = sum;
	if (limits != NULL && limits->threads > 0)
		pool->thread_count = limits->threads;
}

static void
pool_init_sync(struct worker_pool *pool)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->cond, NULL);
	pthread_cond_init(&pool->slot_cond, NULL);
	pthread_cond_init(&pool->ask_cond, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&pool->exit_cond, &attr);
	pthread_condattr_destroy(&attr);
}

struct worker_pool *
worker_pool_new(const struct worker_limits *limits)
{
	struct worker_pool *pool = xcalloc(1, sizeof *pool);

	pool_init_sync(pool);
	if (pipe2(pool->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", "cannot create the worker wake-up pipe");
	pool_set_limits(pool, limits);
	pool_set_nice(pool);
	pool->threads = xcalloc((size_t)pool->thread_count,
	    sizeof *pool->threads);
	return pool;
}

/*
 * One more worker thread: 0, or -1 when none could be started. Workers
 * block every signal (the mask is inherited), so SIGWINCH, SIGTERM and ^Z
 * always reach the UI thread, where the terminal is. Lock held.
 */
static int
pool_start_thread(struct worker_pool *pool)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&pool->threads[pool->started], NULL, worker_main,
	    pool);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		if (pool->started == 0)
			fatal("cannot start a worker thread: %s", strerror(rc));
		return -1; /* the jobs wait for the threads there are */
	}
	pool->started++;
	pool->starting++;
	return 0;
}

/* How many queued jobs could start now, taken one after another as
 * pool_take takes them (a class's free slots, a key's order, a busy
 * group), counted up to enough; fan-out shares are not, so it may say
 * more. Lock held. */
static int
pool_startable(const struct worker_pool *pool, int enough)
{
	int free_slots[JOB_CLASS_COUNT], c, n = 0;
	const struct job *j;

	for (c = 0; c < JOB_CLASS_COUNT; c++)
		free_slots[c] = pool->limit[c] - pool->running[c];
	for (j = pool->jobs; j != NULL && n < enough; j = j->next) {
		if (j->state != JOB_QUEUED || j->after != NULL ||
		    (j->fan == NULL && job_cancelled(j)) ||
		    free_slots[j->class] <= 0 ||
		    pool_group_busy(pool, j->group))
			continue;
		free_slots[j->class]--;
		n++;
	}
	return n;
}

/*
 * A job may start: wake a waiting worker that no one woke yet; when none
 * waits, start threads until there is one for each job that could start
 * (the threads woken or starting are on their way to one each). Threads
 * start as the work first needs them, up to thread_count: rackcon on one
 * host's disks starts a few, not the 80 every class could use at once
 * (starting those cost the first frame 3 ms before any job ran). Lock
 * held.
 */
static void
pool_wake_worker(struct worker_pool *pool)
{
	int coming;

	if (pool->idle > pool->wakes) {
		pool->wakes++;
		pthread_cond_signal(&pool->cond);
		return;
	}
	while (!pool->stopping && pool->started < pool->thread_count) {
		coming = pool->starting + pool->wakes;
		if (pool_startable(pool, coming + 1) <= coming)
			break;
		if (pool_start_thread(pool) != 0)
			break;
	}
}

int
worker_pool_fd(struct worker_pool *pool)
{
	return pool->pipe_fd[0];
}

void
worker_pool_wake(struct worker_pool *pool)
{
	pool_wake(pool);
}

/* The last job of key that has not returned yet, or NULL. Lock held. */
static struct job *
pool_last_of_key(struct worker_pool *pool, const void *key)
{
	struct job *j, *found = NULL;

	if (key == NULL)
		return NULL;
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->key == key && j->state != JOB_FINISHED)
			found = j;
	}
	return found;
}

void
worker_submit_job(struct worker_pool *pool, const struct job_spec *spec)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->pool = pool;
	j->key = spec->key;
	j->group = spec->group;
	j->class = spec->class < JOB_CLASS_COUNT ? spec->class : JOB_REFRESH;
	j->visible = spec->visible;
	j->urgent = spec->urgent;
	j->fn = spec->fn;
	j->done = spec->done;
	j->free_result = spec->free_result;
	j->arg = spec->arg;
	/* The deadline counts from the start: time spent waiting for a
	 * class slot or for the key's earlier job is not the job's fault. */
	j->timeout_ms = spec->timeout_ms;
	j->free_arg = spec->free_arg;
	j->state = JOB_QUEUED;
	pthread_mutex_lock(&pool->lock);
	j->after = pool_last_of_key(pool, j->key);
	pool_append(pool, j);
	pool_wake_worker(pool);
	pthread_mutex_unlock(&pool->lock);
}

void
worker_submit(struct worker_pool *pool, job_fn fn, job_done_fn done,
    job_free_fn free_result, void *arg, int timeout_ms)
{
	struct job_spec spec = {
		.class = JOB_REFRESH,
		.timeout_ms = timeout_ms,
		.fn = fn,
		.done = done,
		.free_result = free_result,
		.arg = arg,
	};

	worker_submit_job(pool, &spec);
}

void
worker_cancel_key(struct worker_pool *pool, const void *key)
{
	struct job *j;

	if (key == NULL)
		return;
	pthread_mutex_lock(&pool->lock);
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->key == key && j->state != JOB_FINISHED)
			pool_cancel(pool, j);
	}
	pool_wake(pool);
	pthread_mutex_unlock(&pool->lock);
}

static void
job_free(struct job *j)
{
	if (j->result != NULL && j->free_result != NULL)
		j->free_result(j->result);
	if (j->free_arg != NULL)
		j->free_arg(j->arg);
	free(j->cause);
	free(j);
}

/* What dispatch does with a job. */
enum ready { READY_NONE, READY_FINISHED, READY_DROPPED, READY_TIMED_OUT };

/* What j needs from the UI now, if anything; unlinks it when it goes. Lock
 * held. */
static enum ready
pool_ready_one(struct worker_pool *pool, struct job *j, long long now)
{
	if (j->fan != NULL)
		return READY_NONE;
	if (j->state == JOB_FINISHED) {
		pool_unlink(pool, j);
		return READY_FINISHED;
	}
	if (j->state == JOB_QUEUED && job_cancelled(j)) {
		pool_unlink(pool, j);
		pool_release(pool, j);
		pool_wake_worker(pool);
		return READY_DROPPED;
	}
	if (j->reported || j->deadline_ms == 0 || now < j->deadline_ms)
		return READY_NONE;
	/* Overdue: a running job is freed when its worker finishes. */
	j->reported = 1;
	pool_cancel(pool, j);
	if (j->state == JOB_QUEUED) {
		pool_unlink(pool, j);
		pool_release(pool, j);
		pool_wake_worker(pool);
	}
	return READY_TIMED_OUT;
}

/* One job that needs the UI's attention, or NULL. Lock held. */
static struct job *
pool_next_ready(struct worker_pool *pool, enum ready *what)
{
	struct job *j, *next;
	long long now = clock_now_ms();

	for (j = pool->jobs; j != NULL; j = next) {
		next = j->next;
		*what = pool_ready_one(pool, j, now);
		if (*what != READY_NONE)
			return j;
	}
	return NULL;
}

/* Call j's done() for what happened to it, and free it unless a worker
 * still runs it. UI thread, lock not held. */
static void
pool_report(struct job *j, enum ready what)
{
	switch (what) {
	case READY_TIMED_OUT:
		j->done(j->arg, NULL, NULL, 1);
		if (j->state == JOB_QUEUED)
			job_free(j);
		return;
	case READY_DROPPED:
		j->done(j->arg, NULL, xstrdup("cancelled"), 0);
		job_free(j);
		return;
	case READY_FINISHED:
		if (!j->reported) {
			j->done(j->arg, j->result, j->cause, 0);
			j->result = NULL;
			j->cause = NULL;
		}
		job_free(j);
		return;
	case READY_NONE:
		return;
	}
}

/* A question not yet shown, marked as shown; NULL when none. Lock held. */
static struct question *
pool_next_question(struct worker_pool *pool)
{
	struct question *q;

	for (q = pool->questions; q != NULL; q = q->next) {
		if (q->state == Q_PENDING) {
			q->state = Q_ASKED;
			return q;
		}
	}
	return NULL;
}

int
worker_pool_dispatch(struct worker_pool *pool)
{
	char drain[64];
	struct question *q;
	struct job *j;
	enum ready what = READY_NONE;
	question_fn ask;
	int count = 0;

	while (read(pool->pipe_fd[0], drain, sizeof drain) > 0)
		;
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		ask = pool->ask;
		q = ask != NULL ? pool_next_question(pool) : NULL;
		j = q == NULL ? pool_next_ready(pool, &what) : NULL;
		pthread_mutex_unlock(&pool->lock);
		if (q != NULL)
			ask(pool->ask_ctx, q);
		else if (j != NULL)
			pool_report(j, what);
		else
			break;
		count++;
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
		if (j->deadline_ms == 0 || j->reported || job_cancelled(j))
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
worker_pool_threads(struct worker_pool *pool)
{
	int n;

	pthread_mutex_lock(&pool->lock);
	n = pool->started;
	pthread_mutex_unlock(&pool->lock);
	return n;
}

int
worker_pool_busy(struct worker_pool *pool)
{
	struct job *j;
	int n = 0;

	pthread_mutex_lock(&pool->lock);
	for (j = pool->jobs; j != NULL; j = j->next) {
		if (j->fan == NULL && !job_cancelled(j))
			n++;
	}
	pthread_mutex_unlock(&pool->lock);
	return n;
}

int
job_cancelled(const struct job *job)
{
	if (job == NULL)
		return 0;
	if (job->parent != NULL &&
	    __atomic_load_n(&job->parent->cancelled, __ATOMIC_RELAXED))
		return 1;
	return __atomic_load_n(&job->cancelled, __ATOMIC_RELAXED);
}

struct job *
job_current(void)
{
	return worker_current;
}

/* --- fan-out ------------------------------------------------------------- */

/* Queue up to count helpers that take items of f beside the caller. Lock
 * held. */
static void
fan_add_helpers(struct worker_pool *pool, struct fan *f, size_t count)
{
	struct job *h;
	size_t i;

	for (i = 0; i < count; i++) {
		h = xcalloc(1, sizeof *h);
		h->pool = pool;
		h->class = JOB_SLOW;
		h->visible = f->job->visible;
		h->urgent = f->job->urgent;
		h->fan = f;
		h->parent = f->job;
		h->state = JOB_QUEUED;
		pool_append(pool, h);
	}
	pool_wake_worker(pool);
}

/* Drop f's helpers that never started. Lock held. */
static void
fan_drop_helpers(struct worker_pool *pool, struct fan *f)
{
	struct job *j, *next;

	for (j = pool->jobs; j != NULL; j = next) {
		next = j->next;
		if (j->fan == f && j->state == JOB_QUEUED) {
			pool_unlink(pool, j);
			free(j);
		}
	}
}

/* The caller's share: items one at a time, each in a slow slot of its own
 * unless the caller's job already holds one. Lock held. */
static void
fan_caller_items(struct worker_pool *pool, struct fan *f)
{
	int own = f->job->class == JOB_SLOW;
	size_t i;

	while (f->next < f->n && !job_cancelled(f->job)) {
		if (!own && pool->running[JOB_SLOW] >= pool->limit[JOB_SLOW]) {
			pthread_cond_wait(&pool->slot_cond, &pool->lock);
			continue;
		}
		i = f->next++;
		if (!own)
			pool->running[JOB_SLOW]++;
		pthread_mutex_unlock(&pool->lock);
		f->fn(f->arg, i);
		pthread_mutex_lock(&pool->lock);
		if (!own) {
			pool->running[JOB_SLOW]--;
			pthread_cond_broadcast(&pool->slot_cond);
			pool_wake_worker(pool);
		}
	}
}

void
job_fan_out(struct job *job, size_t n, void (*fn)(void *arg, size_t i),
    void *arg)
{
	struct fan f = {.job = job, .n = n, .fn = fn, .arg = arg};
	struct worker_pool *pool;
	size_t i, helpers;

	if (job == NULL || n < 2) {
		for (i = 0; i < n && !job_cancelled(job); i++)
			fn(arg, i);
		return;
	}
	pool = job->pool;
	pthread_mutex_lock(&pool->lock);
	helpers = (size_t)pool->limit[JOB_SLOW];
	if (helpers > n - 1)
		helpers = n - 1;
	pool->fans++;
	fan_add_helpers(pool, &f, helpers);
	fan_caller_items(pool, &f);
	fan_drop_helpers(pool, &f);
	while (f.helpers_running > 0)
		pthread_cond_wait(&pool->slot_cond, &pool->lock);
	pool->fans--;
	/* Its share goes to the fan-outs still under way. */
	pool_wake_worker(pool);
	pthread_mutex_unlock(&pool->lock);
}

/* --- questions ----------------------------------------------------------- */

void
worker_pool_set_asker(struct worker_pool *pool, question_fn ask, void *ctx)
{
	pthread_mutex_lock(&pool->lock);
	pool->ask = ask;
	pool->ask_ctx = ctx;
	pthread_mutex_unlock(&pool->lock);
}

static void
question_unlink(struct worker_pool *pool, struct question *target)
{
	struct question **qp;

	for (qp = &pool->questions; *qp != NULL; qp = &(*qp)->next) {
		if (*qp == target) {
			*qp = target->next;
			return;
		}
	}
}

static void
question_free(struct question *q)
{
	if (q->answer != NULL) {
		explicit_bzero(q->answer, strlen(q->answer));
		free(q->answer);
	}
	free(q->prompt);
	free(q);
}

int
job_ask(struct job *job, enum question_kind kind, const char *prompt,
    char **answer)
{
	struct worker_pool *pool;
	struct question *q;
	int rc = -1;

	*answer = NULL;
	if (job == NULL)
		return -1;
	pool = job->pool;
	pthread_mutex_lock(&pool->lock);
	if (pool->ask == NULL || pool->stopping || job_cancelled(job)) {
		pthread_mutex_unlock(&pool->lock);
		return -1;
	}
	q = xcalloc(1, sizeof *q);
	q->pool = pool;
	q->kind = kind;
	q->prompt = xstrdup(prompt);
	q->next = pool->questions;
	pool->questions = q;
	pool_wake(pool);
	while (q->state != Q_ANSWERED && !job_cancelled(job))
		pthread_cond_wait(&pool->ask_cond, &pool->lock);
	if (q->state == Q_ANSWERED && q->answer != NULL) {
		*answer = xstrdup(q->answer);
		rc = 0;
	}
	/* Shown and not answered: the UI still holds it. */
	if (q->state == Q_ASKED)
		q->abandoned = 1;
	else {
		question_unlink(pool, q);
		question_free(q);
	}
	pthread_mutex_unlock(&pool->lock);
	return rc;
}

enum question_kind
question_kind(const struct question *q)
{
	return q->kind;
}

const char *
question_prompt(const struct question *q)
{
	return q->prompt;
}

void
question_answer(struct question *q, const char *answer)
{
	struct worker_pool *pool = q->pool;

	pthread_mutex_lock(&pool->lock);
	if (q->abandoned) {
		question_unlink(pool, q);
		question_free(q);
	} else {
		q->answer = answer != NULL ? xstrdup(answer) : NULL;
		q->state = Q_ANSWERED;
		pthread_cond_broadcast(&pool->ask_cond);
	}
	pthread_mutex_unlock(&pool->lock);
}

/* --- backoff ------------------------------------------------------------- */

long long
backoff_failed(struct backoff *b, long long now_ms, unsigned *seed)
{
	long long delay = BACKOFF_BASE_MS, half;
	int i;

	if (b->failures < 1000)
		b->failures++;
	for (i = 1; i < b->failures && delay < BACKOFF_MAX_MS; i++)
		delay *= 2;
	if (delay > BACKOFF_MAX_MS)
		delay = BACKOFF_MAX_MS;
	/* Jitter: hosts that failed together do not retry together. */
	half = delay / 2;
	delay = half + (long long)rand_r(seed) % (delay - half + 1);
	b->next_ms = now_ms + delay;
	return delay;
}

void
backoff_reset(struct backoff *b)
{
	b->failures = 0;
	b->next_ms = 0;
}

int
backoff_due(const struct backoff *b, long long now_ms)
{
	return now_ms >= b->next_ms;
}

/* --- shutdown ------------------------------------------------------------ */

/* Wait until every thread has left worker_main or grace_ms have passed
 * (every job is cancelled first, which also declines the questions jobs
 * wait on). Lock held; 1 when all have left. */
static int
pool_wait_exited(struct worker_pool *pool, int grace_ms)
{
	struct timespec until;
	struct job *j;

	for (j = pool->jobs; j != NULL; j = j->next)
		pool_cancel(pool, j);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += grace_ms / 1000;
	until.tv_nsec += (long)(grace_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	while (pool->exited < pool->started) {
		if (pthread_cond_timedwait(&pool->exit_cond, &pool->lock,
		    &until) == ETIMEDOUT)
			break;
	}
	return pool->exited == pool->started;
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
		if (j->fan != NULL || j->reported)
			;
		else if (j->state == JOB_FINISHED) {
			j->done(j->arg, j->result, j->cause, 0);
			j->result = NULL;
			j->cause = NULL;
		} else
			j->done(j->arg, NULL, xstrdup("not run: stopping"), 0);
		job_free(j);
	}
	pool->last = NULL;
	/* Questions the UI was shown and never answered. */
	while (pool->questions != NULL) {
		struct question *q = pool->questions;

		pool->questions = q->next;
		question_free(q);
	}
}

static void
pool_destroy(struct worker_pool *pool)
{
	close(pool->pipe_fd[0]);
	close(pool->pipe_fd[1]);
	pthread_cond_destroy(&pool->exit_cond);
	pthread_cond_destroy(&pool->ask_cond);
	pthread_cond_destroy(&pool->slot_cond);
	pthread_cond_destroy(&pool->cond);
	pthread_mutex_destroy(&pool->lock);
	free(pool->threads);
	free(pool);
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
	for (i = 0; i < pool->started; i++)
		pthread_join(pool->threads[i], NULL);
	pool_finish_jobs(pool);
	pool_destroy(pool);
	return 0;
}
