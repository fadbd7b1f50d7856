/* Running a program by argv (never through a shell) with a deadline. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "run.h"
#include "strutil.h"
#include "worker.h"
#include "xmalloc.h"

/* glibc 2.34 can close every other descriptor in the child; elsewhere only
 * our own pipes are kept out of it (they are close-on-exec). */
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define RUN_HAVE_CLOSEFROM 1
#endif

extern char **environ;

/* How long a SIGKILLed child may take to die before a thread reaps it. */
#define RUN_KILL_GRACE_MS 1000
/* Poll interval for noticing the child's exit when there is no pidfd. */
#define RUN_TICK_MS 20
/* How often a job's cancel token is looked at while its program runs. */
#define RUN_CANCEL_TICK_MS 100
/* Most input written in one go. */
#define RUN_WRITE_CHUNK 65536

/* One output stream of the child. */
struct run_stream {
	int fd; /* our read end, -1 once at EOF */
	struct buf b;
};

/* Everything the poll loop works on. */
struct run_io {
	int in_fd; /* our write end of stdin, -1 when all is written */
	const char *input;
	size_t input_len;
	size_t input_off;
	struct run_stream out;
	struct run_stream err;
	pid_t pid;
	int pid_fd;       /* pidfd for the child, -1 if unsupported */
	int reaped;       /* 1 once waitpid returned for the child */
	int status_known; /* 0 if someone else reaped it (SIGCHLD ignored) */
	int status;
};

static void
run_close(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Length of the NAME in "NAME=value"; 0 if there is no '='. */
static size_t
run_env_name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq == NULL ? 0 : (size_t)(eq - entry);
}

static int
run_env_is(const char *entry, const char *name, size_t len)
{
	return run_env_name_len(entry) == len && strncmp(entry, name, len) == 0;
}

/* 1 if the environment entry is one run_argv forces (LC_ALL, TZ). */
static int
run_env_forced(const char *entry)
{
	return run_env_is(entry, "LC_ALL", 6) || run_env_is(entry, "TZ", 2);
}

/* 1 if the environment entry is replaced by one in extra or a forced one. */
static int
run_env_replaced(const char *entry, char *const extra[])
{
	size_t i;

	if (run_env_forced(entry))
		return 1;
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		if (run_env_is(entry, extra[i], run_env_name_len(extra[i])))
			return 1;
	}
	return 0;
}

/* The child's environment, NULL-terminated; free with string_list_free. */
static char **
run_env_build(char *const extra[], size_t *count)
{
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; environ != NULL && environ[i] != NULL; i++) {
		if (!run_env_replaced(environ[i], extra))
			strv_push(&v, &n, environ[i]);
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		if (run_env_name_len(extra[i]) != 0 &&
		    !run_env_forced(extra[i]))
			strv_push(&v, &n, extra[i]);
	}
	strv_push(&v, &n, "LC_ALL=C");
	strv_push(&v, &n, "TZ=UTC0");
	v = xreallocarray(v, n + 1, sizeof *v);
	v[n] = NULL;
	*count = n;
	return v;
}

/* A close-on-exec pipe with both ends above 2, so the child's dup2 onto
 * 0, 1 and 2 never lands on another of our ends. */
static int
run_pipe(int fds[2])
{
	int i, fd, saved;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (fds[i] > 2)
			continue;
		fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
		if (fd == -1) {
			saved = errno;
			run_close(&fds[0]);
			run_close(&fds[1]);
			errno = saved;
			return -1;
		}
		close(fds[i]);
		fds[i] = fd;
	}
	return 0;
}

/* The three pipes; in stays -1, -1 when the input is /dev/null. */
static int
run_pipes(int want_in, int in[2], int out[2], int err[2])
{
	int saved;

	if (want_in && run_pipe(in) == -1)
		return -1;
	if (run_pipe(out) == 0) {
		if (run_pipe(err) == 0)
			return 0;
		saved = errno;
		run_close(&out[0]);
		run_close(&out[1]);
		errno = saved;
	}
	saved = errno;
	run_close(&in[0]);
	run_close(&in[1]);
	errno = saved;
	return -1;
}

static int
run_spawn_actions(posix_spawn_file_actions_t *fa, const int in[2],
                  const int out[2], const int err[2])
{
	int e;

	if (in[0] == -1)
		e = posix_spawn_file_actions_addopen(fa, 0, "/dev/null",
		                                     O_RDONLY, 0);
	else
		e = posix_spawn_file_actions_adddup2(fa, in[0], 0);
	if (e == 0)
		e = posix_spawn_file_actions_adddup2(fa, out[1], 1);
	if (e == 0)
		e = posix_spawn_file_actions_adddup2(fa, err[1], 2);
#ifdef RUN_HAVE_CLOSEFROM
	if (e == 0)
		e = posix_spawn_file_actions_addclosefrom_np(fa, 3);
#endif
	return e;
}

/*
 * Own process group, default dispositions, and only the job-control stops
 * blocked. Between posix_spawn's clone and its setpgid the child is still
 * in our process group: a ^Z then leaves SIGTSTP pending in it, and were
 * it unblocked before exec the child would stop there, holding the
 * spawning worker in its vfork wait, so rackcon could never finish
 * stopping and the shell would never say "Stopped". Blocked, the signal
 * stays pending through exec; the program, in a group of its own, never
 * gets another.
 */
static int
run_spawn_attr(posix_spawnattr_t *sa)
{
	sigset_t all, none;
	int e;

	sigfillset(&all);
	sigemptyset(&none);
	sigaddset(&none, SIGTSTP);
	sigaddset(&none, SIGTTIN);
	sigaddset(&none, SIGTTOU);
	e = posix_spawnattr_setflags(sa, POSIX_SPAWN_SETPGROUP |
	                                     POSIX_SPAWN_SETSIGDEF |
	                                     POSIX_SPAWN_SETSIGMASK);
	if (e == 0)
		e = posix_spawnattr_setpgroup(sa, 0);
	if (e == 0)
		e = posix_spawnattr_setsigdefault(sa, &all);
	if (e == 0)
		e = posix_spawnattr_setsigmask(sa, &none); /* the stops only */
	return e;
}

/* Start the child; returns 0 or an error number. */
static int
run_spawn(pid_t *pid, const char *path, char *const argv[], char **envp,
          const int in[2], const int out[2], const int err[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t sa;
	int e;

	e = posix_spawn_file_actions_init(&fa);
	if (e != 0)
		return e;
	e = posix_spawnattr_init(&sa);
	if (e != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return e;
	}
	e = run_spawn_actions(&fa, in, out, err);
	if (e == 0)
		e = run_spawn_attr(&sa);
	if (e == 0)
		e = posix_spawn(pid, path, &fa, &sa, argv, envp);
	posix_spawnattr_destroy(&sa);
	posix_spawn_file_actions_destroy(&fa);
	return e;
}

static void
run_spawn_error(const char *path, int e, char **cause)
{
	struct stat sb;

	if ((e == ENOENT || e == ENOTDIR) && stat(path, &sb) == 0)
		set_cause(cause, "%s: cannot run: %s (missing interpreter?)",
		          path, strerror(e));
	else if (e == ENOENT || e == ENOTDIR)
		set_cause(cause, "%s: not found", path);
	else if (e == EACCES || e == EPERM)
		set_cause(cause, "%s: not executable: %s", path, strerror(e));
	else if (e == ENOEXEC)
		set_cause(cause, "%s: not an executable program", path);
	else
		set_cause(cause, "%s: cannot run: %s", path, strerror(e));
}

static int
run_pidfd_open(pid_t pid)
{
#if defined(__linux__) && defined(SYS_pidfd_open)
	/* Close-on-exec by definition. */
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/*
 * write() that cannot raise SIGPIPE: SIGPIPE is blocked in this thread, and
 * one our write raised is taken off the pending set before the old mask is
 * put back (unless one was already pending before, which is left alone).
 */
static ssize_t
run_write_nosigpipe(int fd, const void *data, size_t len)
{
	static const struct timespec zero = {0, 0};
	sigset_t pipe_set, old, pending;
	int was_pending, saved;
	ssize_t n;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	n = write(fd, data, len);
	saved = errno;
	if (n == -1 && saved == EPIPE && !was_pending) {
		while (sigtimedwait(&pipe_set, NULL, &zero) == -1 &&
		       errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return n;
}

/* Write the next piece of input; close stdin when done or the child has
 * stopped reading (EPIPE is not an error: it may not want the input). */
static void
run_feed(struct run_io *io)
{
	size_t left = io->input_len - io->input_off;
	ssize_t n;

	if (left > RUN_WRITE_CHUNK)
		left = RUN_WRITE_CHUNK;
	n = run_write_nosigpipe(io->in_fd, io->input + io->input_off, left);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0)
		io->input_off += (size_t)n;
	if (n <= 0 || io->input_off == io->input_len)
		run_close(&io->in_fd);
}

/* Read one chunk; anything past RUN_OUTPUT_MAX is read and dropped. */
static void
run_stream_read(struct run_stream *s)
{
	char chunk[32768];
	size_t room = RUN_OUTPUT_MAX - s->b.len;
	ssize_t n;

	n = read(s->fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		run_close(&s->fd);
		return;
	}
	buf_add(&s->b, chunk, (size_t)n < room ? (size_t)n : room);
}

static void
run_try_reap(struct run_io *io)
{
	pid_t p;

	if (io->reaped)
		return;
	do
		p = waitpid(io->pid, &io->status, WNOHANG);
	while (p == -1 && errno == EINTR);
	if (p == 0)
		return;
	io->reaped = 1;
	io->status_known = (p == io->pid);
	run_close(&io->pid_fd);
	run_close(&io->in_fd);
}

/* Fill pfd with what the loop waits on; returns the count. */
static nfds_t
run_poll_fill(const struct run_io *io, struct pollfd pfd[4])
{
	nfds_t n = 0;

	if (io->in_fd != -1)
		pfd[n++] = (struct pollfd){.fd = io->in_fd, .events = POLLOUT};
	if (io->out.fd != -1)
		pfd[n++] = (struct pollfd){.fd = io->out.fd, .events = POLLIN};
	if (io->err.fd != -1)
		pfd[n++] = (struct pollfd){.fd = io->err.fd, .events = POLLIN};
	if (io->pid_fd != -1)
		pfd[n++] = (struct pollfd){.fd = io->pid_fd, .events = POLLIN};
	return n;
}

static void
run_poll_handle(struct run_io *io, const struct pollfd *pfd, nfds_t n)
{
	nfds_t i;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		if (pfd[i].fd == io->in_fd)
			run_feed(io);
		else if (pfd[i].fd == io->out.fd)
			run_stream_read(&io->out);
		else if (pfd[i].fd == io->err.fd)
			run_stream_read(&io->err);
	}
}

/* How long the next poll may wait. Once the child is reaped, only what is
 * already in the pipes is taken. Without a pidfd, wake up now and then to
 * notice the child's exit; on a job, to look at its cancel token. */
static int
run_wait_ms(const struct run_io *io, long long deadline, int on_job)
{
	long long left;
	int tick = io->pid_fd == -1 ? RUN_TICK_MS : -1;

	if (on_job && tick == -1)
		tick = RUN_CANCEL_TICK_MS;

	if (io->reaped)
		return 0;
	if (deadline < 0)
		return tick;
	left = deadline - clock_now_ms();
	if (left < 0)
		left = 0;
	if (tick != -1 && left > tick)
		return tick;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* How run_loop ended. */
enum run_end { RUN_DONE, RUN_TIMED_OUT, RUN_CANCELLED };

/* Feed and collect until the child is gone and its output read, the
 * deadline (-1: none) passes, or the calling worker's job is cancelled. */
static enum run_end
run_loop(struct run_io *io, long long deadline)
{
	const struct job *job = job_current();
	struct pollfd pfd[4];
	nfds_t n;
	int rc;

	for (;;) {
		run_try_reap(io);
		if (io->reaped && io->out.fd == -1 && io->err.fd == -1)
			return RUN_DONE;
		if (deadline >= 0 && clock_now_ms() >= deadline)
			return io->reaped ? RUN_DONE : RUN_TIMED_OUT;
		if (job_cancelled(job))
			return io->reaped ? RUN_DONE : RUN_CANCELLED;
		n = run_poll_fill(io, pfd);
		rc = poll(pfd, n, run_wait_ms(io, deadline, job != NULL));
		if (rc == -1 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (rc == 0 && io->reaped)
			return RUN_DONE;
		if (rc > 0)
			run_poll_handle(io, pfd, n);
	}
}

static void *
run_reaper(void *arg)
{
	pid_t pid = (pid_t)(intptr_t)arg;

	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	return NULL;
}

/* Reap pid whenever it dies, without holding the caller. */
static void
run_reap_later(pid_t pid)
{
	pthread_attr_t attr;
	pthread_t thread;
	int e;

	if (pthread_attr_init(&attr) != 0) {
		run_reaper((void *)(intptr_t)pid);
		return;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	e = pthread_create(&thread, &attr, run_reaper, (void *)(intptr_t)pid);
	pthread_attr_destroy(&attr);
	if (e != 0)
		run_reaper((void *)(intptr_t)pid);
}

/* SIGKILL the child's process group and reap the child, waiting at most
 * RUN_KILL_GRACE_MS before leaving that to a thread. */
static void
run_kill(struct run_io *io)
{
	long long until = clock_now_ms() + RUN_KILL_GRACE_MS;
	struct pollfd pfd = {.fd = io->pid_fd, .events = POLLIN};

	kill(-io->pid, SIGKILL);
	for (;;) {
		run_try_reap(io);
		if (io->reaped || clock_now_ms() >= until)
			break;
		if (pfd.fd != -1)
			poll(&pfd, 1, RUN_TICK_MS);
		else
			poll(NULL, 0, 5);
	}
	if (!io->reaped)
		run_reap_later(io->pid);
}

static void
run_finish(struct run_io *io, int timed_out, struct run_result *r)
{
	r->timed_out = timed_out;
	r->signal = 0;
	if (timed_out) {
		r->exit_status = 128 + SIGKILL;
		r->signal = SIGKILL;
	} else if (io->status_known && WIFEXITED(io->status))
		r->exit_status = WEXITSTATUS(io->status);
	else if (io->status_known && WIFSIGNALED(io->status)) {
		r->exit_status = 128 + WTERMSIG(io->status);
		r->signal = WTERMSIG(io->status);
	} else
		r->exit_status = -1;
	r->out = io->out.b.data;
	r->out_len = io->out.b.len;
	r->err = io->err.b.data;
	r->err_len = io->err.b.len;
	run_close(&io->in_fd);
	run_close(&io->out.fd);
	run_close(&io->err.fd);
	run_close(&io->pid_fd);
}

static void
run_io_init(struct run_io *io, pid_t pid, int in_fd, int out_fd, int err_fd,
            const char *input)
{
	memset(io, 0, sizeof *io);
	io->pid = pid;
	io->pid_fd = run_pidfd_open(pid);
	io->in_fd = in_fd;
	io->input = input;
	io->input_len = input != NULL ? strlen(input) : 0;
	io->out.fd = out_fd;
	io->err.fd = err_fd;
	buf_add(&io->out.b, "", 0);
	buf_add(&io->err.b, "", 0);
	if (io->in_fd != -1 && io->input_len == 0)
		run_close(&io->in_fd);
	else if (io->in_fd != -1)
		fcntl(io->in_fd, F_SETFL,
		      fcntl(io->in_fd, F_GETFL) | O_NONBLOCK);
}

int
run_argv(const char *path, char *const argv[], char *const envp_extra[],
         const char *input, int timeout_ms, struct run_result *r, char **cause)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
	long long deadline = timeout_ms > 0 ? clock_now_ms() + timeout_ms : -1;
	struct run_io io;
	char **envp;
	size_t envc;
	pid_t pid;
	int e;

	memset(r, 0, sizeof *r);
	r->exit_status = -1;
	if (run_pipes(input != NULL, in, out, err) == -1) {
		e = errno;
		set_cause(cause, "%s: cannot run: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	envp = run_env_build(envp_extra, &envc);
	e = run_spawn(&pid, path, argv, envp, in, out, err);
	string_list_free(envp, envc);
	run_close(&in[0]);
	run_close(&out[1]);
	run_close(&err[1]);
	if (e != 0) {
		run_close(&in[1]);
		run_close(&out[0]);
		run_close(&err[0]);
		run_spawn_error(path, e, cause);
		errno = e;
		return -1;
	}
	run_io_init(&io, pid, in[1], out[0], err[0], input);
	switch (run_loop(&io, deadline)) {
	case RUN_DONE:
		run_finish(&io, 0, r);
		return 0;
	case RUN_TIMED_OUT:
		run_kill(&io);
		run_finish(&io, 1, r);
		return 0;
	case RUN_CANCELLED:
		break;
	}
	run_kill(&io);
	run_finish(&io, 1, r);
	run_result_free(r);
	r->exit_status = -1;
	r->timed_out = 0;
	r->signal = 0;
	set_cause(cause, "%s: cancelled", path);
	errno = ECANCELED;
	return -1;
}

void
run_result_free(struct run_result *r)
{
	if (r == NULL)
		return;
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
	r->out_len = r->err_len = 0;
}

/* 1 if path is a regular file we may execute. */
static int
run_is_executable(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	       access(path, X_OK) == 0;
}

char *
run_find_program(const char *name, const char *search_path)
{
	const char *p = search_path, *end;
	char *candidate;

	if (name == NULL || *name == '\0')
		return NULL;
	if (strchr(name, '/') != NULL)
		return run_is_executable(name) ? xstrdup(name) : NULL;
	while (p != NULL && *p != '\0') {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if (end != p) {
			candidate =
			    xasprintf("%.*s/%s", (int)(end - p), p, name);
			if (run_is_executable(candidate))
				return candidate;
			free(candidate);
		}
		p = *end == ':' ? end + 1 : end;
	}
	return NULL;
}
