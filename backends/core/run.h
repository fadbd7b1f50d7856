/* Running a program by argv (never through a shell) with a deadline. */
#ifndef RACKCON_RUN_H
#define RACKCON_RUN_H

#include "transport.h"

/* Each of standard output and standard error is kept up to this size; the
 * rest is read and thrown away so the child never blocks on a full pipe. */
#define RUN_OUTPUT_MAX (16 * 1024 * 1024)

/*
 * Run the program at path (a path, not looked up) with argv, input on its
 * standard input (NULL: /dev/null), and wait for it to finish or for
 * timeout_ms to pass (0 or less: no deadline). The child is the leader of a
 * new process group with default signal dispositions, an empty signal mask,
 * only descriptors 0, 1 and 2 open, and the current environment plus
 * envp_extra ("NAME=value" entries replacing any of the same name, array
 * NULL-terminated, may be NULL) with LC_ALL=C and TZ=UTC0 forced: a time
 * a program prints is UTC on every host, whatever zone it or rackcon is
 * in (mdadm --examine's, read back with timegm).
 *
 * At the deadline the whole process group gets SIGKILL, r->timed_out is 1
 * and r->exit_status is 128+SIGKILL. On a worker thread whose job is
 * cancelled (job_cancelled(job_current()), looked at every 100 ms), the
 * process group gets SIGKILL too and run_argv returns -1 with errno
 * ECANCELED and *cause "PATH: cancelled", so the thread is free at once. When the child exits while something it
 * started still holds its output open, run_argv returns after collecting
 * what is already there; that process is left alone (it may be a daemon).
 *
 * Returns 0 when the program ran, whatever its exit status; r->out and
 * r->err are then fresh NUL-terminated strings. Returns -1 with *cause and
 * errno set (ENOENT: no such program, EACCES: not executable, ...) when it
 * could not be started; r then holds nothing to free, but calling
 * run_result_free() on it is harmless.
 *
 * Threads: any thread, several at once; there is no global state. Writing
 * the input never raises SIGPIPE: SIGPIPE is blocked in the calling thread
 * around each write, and a SIGPIPE that write caused is consumed with
 * sigtimedwait() before the old mask is put back. The process-wide SIGPIPE
 * disposition is left as the application set it.
 *
 * The child is reaped before run_argv returns, except when it survives
 * SIGKILL for a second (stuck in the kernel on a dying disk): then a
 * detached thread reaps it whenever it dies, so the caller is not held.
 */
int run_argv(const char *path, char *const argv[], char *const envp_extra[],
             const char *input, int timeout_ms, struct run_result *r,
             char **cause);

/*
 * Find an executable regular file called name in search_path (directories
 * separated by colons; empty entries are skipped, never meaning "."). A name
 * with a slash is returned as it is if it is executable. Returns a fresh
 * path, or NULL when nothing matches. Any thread.
 */
char *run_find_program(const char *name, const char *search_path);

/*
 * Not installed: transport run verbs (transport_local's included) return -1
 * with errno set to ENOENT and *cause "NAME: not installed (looked in
 * DIR:DIR...)" when argv[0] cannot be found. Callers that show "not
 * installed" differently test errno == ENOENT right after the call, before
 * anything else can change errno.
 */

#endif
