/*
 * Transport: how backends reach a machine's files and programs.
 *
 * A transport has four verbs: read a file, list a directory, read a symbolic
 * link, and run a program by argv (never a shell string); a fifth, write a
 * file, carries changes (sysfs attributes, a udev rule). The local transport
 * reads this machine, or a fixture tree given with --sysroot; later an SSH
 * transport does the same on a remote host, so parsers never know which.
 *
 * Files read again and again (sysfs attributes polled on every refresh)
 * may be kept open: keep_open, then reread as often as wanted, then
 * keep_close. These three are optional (NULL in the table when the
 * transport cannot keep a file open, as a remote one); callers then use
 * read_file. A caller calls keep_sync (when there is one) once before each
 * round of rereads, so the transport checks for replaced files once a round
 * rather than once a file.
 *
 * Threads: every verb may block, so only worker threads call them, never the
 * UI thread. A transport may be used by several workers at once.
 * Errors: verbs return 0 on success, -1 on failure with *cause set to a
 * message the caller frees (cause may be NULL), and errno, which the
 * caller reads (or saves) right after the call:
 *   - ENOENT is "not found", an answer and not a fault: the file, link,
 *     directory or program is not there, nor anything above it (a path
 *     under a file is not there either: ENOENT, never ENOTDIR). Every
 *     transport says it the same way and for nothing else: a link that
 *     is down, a refusal or an unreadable file is never ENOENT. A
 *     prefetched path the far side lacks is ENOENT at once.
 *   - a path there but of the wrong kind: EISDIR (read_file of a
 *     directory), ENOTDIR (list_dir of a file), EINVAL (read_link of what
 *     is no link);
 *   - EHOSTUNREACH: a remote machine is not reached (the request was not
 *     sent);
 *   - ECONNABORTED: the request was sent but its answer was lost (a
 *     remote transport's link went down, its deadline passed or the job
 *     was cancelled): whether a run or write_file took effect is unknown.
 * Deadlines and cancel: run has its timeout_ms and stream its own; a
 * remote transport gives the other verbs a deadline of its own
 * (transport-ssh.h), and every verb that waits on a program or on the
 * network gives up when the calling job is cancelled (job_current,
 * worker.h). The local transport's file verbs do not wait on anything but
 * the local kernel.
 */
#ifndef RACKCON_TRANSPORT_H
#define RACKCON_TRANSPORT_H

#include <stddef.h>

struct transport;
/* A file kept open by keep_open; only its transport looks inside. */
struct transport_kept;

/* What a finished program left behind. Free with run_result_free(). */
struct run_result {
	int exit_status;   /* exit code, or 128+signal, or -1 if it never ran */
	int timed_out;     /* 1 if killed because the deadline passed */
	int signal;        /* the signal that ended it, 0 when it exited;
			      tells 128+signal from the same exit code */
	char *out;         /* standard output, NUL-terminated */
	size_t out_len;
	char *err;         /* standard error, NUL-terminated */
	size_t err_len;
};

/*
 * What one refresh reads, named by sh glob patterns ('*', '?', '[...]';
 * each NULL-terminated list may be NULL): files read whole as text, files
 * read as bytes, directories listed, links read. Patterns are the
 * plugin's own constants: letters, digits, / . _ - and the glob
 * characters only.
 */
struct transport_prefetch {
	const char *const *files;
	const char *const *binary;
	const char *const *dirs;
	const char *const *links;
};

/* The stream verb's connect deadline when the caller gives none. */
#define TRANSPORT_STREAM_TIMEOUT_MS 10000

/* Flags for write_file. */
#define TRANSPORT_WRITE_CREATE 0x1 /* create; fail if the file exists */

struct transport_ops {
	/* Whole file into *data (NUL-terminated, caller frees). */
	int (*read_file)(struct transport *t, const char *path, char **data,
	    size_t *len, char **cause);
	/* Entry names except . and .., sorted; free with string_list_free. */
	int (*list_dir)(struct transport *t, const char *path, char ***names,
	    size_t *count, char **cause);
	/* Target of a symbolic link (caller frees). */
	int (*read_link)(struct transport *t, const char *path, char **target,
	    char **cause);
	/*
	 * Run argv[0] (looked up in the transport's PATH) with input on its
	 * standard input (may be NULL), killed after timeout_ms. Returns 0 when
	 * the program ran (whatever its exit status), -1 if it could not start.
	 */
	int (*run)(struct transport *t, char *const argv[], const char *input,
	    int timeout_ms, struct run_result *result, char **cause);
	/* Write data to path: an existing file unless TRANSPORT_WRITE_CREATE. */
	int (*write_file)(struct transport *t, const char *path,
	    const char *data, size_t len, int flags, char **cause);
	/* Path on this machine for path, for libraries that open files
	 * themselves (libblkid); NULL when the transport is remote. */
	char *(*local_path)(struct transport *t, const char *path);
	/*
	 * Optional, all three or none. keep_open opens path to be read again
	 * and again: *kept is the caller's until keep_close (errno ENOENT
	 * when path does not exist, as read_file). reread gives the file's
	 * whole current content as read_file does (a sysfs attribute read at
	 * offset 0 is made again by the kernel, as after poll()), in a
	 * buffer kept with the file (no allocation a read): *data belongs to
	 * kept, NUL-terminated, the caller may change it in place, and it is
	 * good until the next reread or keep_close of kept. It fails
	 * when the file is gone: a removed device's attribute (ENODEV), or a
	 * file unlinked or renamed over since keep_open (ENOENT): the caller
	 * closes it and opens path afresh. keep_close frees kept.
	 */
	int (*keep_open)(struct transport *t, const char *path,
	    struct transport_kept **kept, char **cause);
	int (*reread)(struct transport *t, struct transport_kept *kept,
	    char **data, size_t *len, char **cause);
	void (*keep_close)(struct transport *t, struct transport_kept *kept);
	/*
	 * Optional (NULL: reread checks each file by itself). Learn which
	 * kept files may have been replaced (unlinked, renamed over) since
	 * the last call; reread fails for those, as above. A file replaced
	 * after keep_sync is noticed by the reread after the next keep_sync.
	 * Cheap when nothing changed (one read() on the local transport).
	 */
	void (*keep_sync)(struct transport *t);
	/*
	 * Optional (NULL: always 1). 0 when the transport knows that nothing
	 * wrote the kept file since its last reread, as of the last
	 * keep_sync; 1 when it may have been. Only for files that change by
	 * being written (an admin's echo into a sysfs attribute), not values
	 * the kernel makes anew each read. The first call starts watching.
	 */
	int (*written)(struct transport *t, struct transport_kept *kept);
	/*
	 * Optional (NULL: every read asks the machine itself, as the local
	 * transport's do). Read everything spec names in one round trip;
	 * until prefetch_end on the same thread, read_file, list_dir and
	 * read_link of a path a pattern of the right kind covers are
	 * answered from it (one the far side lacks is ENOENT at once), the
	 * rest asked as usual. A prefetch while one is open on the same
	 * thread adds its reads (one more round trip; the newer answers a
	 * path both cover); prefetch_end ends them all. A remote
	 * transport's way of making a refresh a fixed number of round trips
	 * however many disks there are: a plugin names what every refresh
	 * reads, and the rest (what only a change makes it read again) once
	 * it knows that something changed.
	 */
	int (*prefetch)(struct transport *t,
	    const struct transport_prefetch *spec, char **cause);
	void (*prefetch_end)(struct transport *t);
	/*
	 * Optional (NULL: the transport has no streams). A byte stream to
	 * target on the machine the transport reaches: "tcp:HOST:PORT"
	 * (HOST as that machine resolves it; an IPv6 address in brackets)
	 * or "unix:PATH" (below the sysroot when there is one, as files
	 * are), for a management interface (OpenVPN's, cupsd's); or
	 * "terminal:TERM:COLSxROWS", a remote login's interactive session
	 * on a terminal of that size, as ssh -tt opens one (a BMC's
	 * SMASH-CLP shell; the SSH transport only: EOPNOTSUPP elsewhere). Connected
	 * within timeout_ms (<= 0: TRANSPORT_STREAM_TIMEOUT_MS); the
	 * calling job's cancel token stops the wait. *fd is a connected
	 * stream socket, blocking, close-on-exec, the caller's to read,
	 * write, poll and close (on any thread once it has it):
	 * shutdown(SHUT_WR) is EOF to the far end, a read of 0 the far
	 * end's EOF. A remote stream lives on the transport's connection
	 * and ends (EOF, then ECONNRESET) when that connection is lost.
	 * errno, each with its own message: ENOENT no socket at PATH,
	 * ENOTSOCK PATH is not a socket, ECONNREFUSED nothing listens,
	 * ETIMEDOUT the deadline passed, ECANCELED the job was cancelled,
	 * EINVAL target is malformed, EACCES the far side forbids
	 * forwarding, EHOSTUNREACH the machine is not reached (or HOST
	 * does not resolve there).
	 */
	int (*stream)(struct transport *t, const char *target, int timeout_ms,
	    int *fd, char **cause);
	void (*free)(struct transport *t);
};

struct transport {
	const struct transport_ops *ops;
	char *description; /* "this machine", "sysroot /x", "root@host" */
};

/* The local transport; sysroot may be NULL for the real machine. */
struct transport *transport_local_new(const char *sysroot);
void transport_free(struct transport *t);
/* A prefetch as a hint: made when the transport has the verb; a failure
 * is met again, and said, by the reads themselves. transport_prefetch_end
 * ends it (nothing without the verb). */
void transport_prefetch(struct transport *t,
    const struct transport_prefetch *spec);
void transport_prefetch_end(struct transport *t);
/*
 * What two prefetches name, as one: for a plugin that knows up front it
 * will want both (one round trip, not two). A later prefetch of either
 * while the joined one is open asks nothing: a transport skips a
 * prefetch whose every pattern one still open on the thread named.
 * Hand &j->spec to transport_prefetch; clear with
 * transport_prefetch_joined_clear (the strings stay a's and b's).
 */
struct transport_prefetch_joined {
	struct transport_prefetch spec;
	const char **lists[4];
};
void transport_prefetch_join(struct transport_prefetch_joined *j,
    const struct transport_prefetch *a, const struct transport_prefetch *b);
void transport_prefetch_joined_clear(struct transport_prefetch_joined *j);
/* Whether open names every pattern of spec, each as its kind, verbatim:
 * a transport asks nothing for spec while open is. */
int transport_prefetch_within(const struct transport_prefetch *spec,
    const struct transport_prefetch *open);
/* Tests: watch at most n directories of kept plain files (the rest are
 * checked one by one, as past the inotify watch budget); 0: no limit. */
void transport_local_set_watch_limit(struct transport *t, size_t n);

void run_result_free(struct run_result *r);
void string_list_free(char **list, size_t count);

#endif
