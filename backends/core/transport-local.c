/* The local transport: this machine's files and programs, or a sysroot's. */
#include "config.h"

#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/vfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "run.h"
#include "stream.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

/* statfs f_type of sysfs and procfs (linux/magic.h). */
#define LOCAL_SYSFS_MAGIC 0x62656572
#define LOCAL_PROC_MAGIC  0x9fa0

/* Largest file read_file accepts. */
#define LOCAL_READ_MAX (64 * 1024 * 1024)

/* Where programs are looked for after $PATH: admin tools live there. */
#define LOCAL_ADMIN_PATH "/usr/local/sbin:/usr/sbin:/sbin"

/* What a directory watch hears: its entries made, removed, renamed in or
 * out, their attributes (link count) changed, or itself gone. */
#define LOCAL_WATCH_MASK                                                       \
	(IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM |                 \
	 IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_ONLYDIR)

/* What a watch on one kept file hears: a write, or the file gone. */
#define LOCAL_WRITE_MASK                                                       \
	(IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

/* A directory of kept plain files, or one kept file (written), watched
 * with inotify. */
struct local_watch {
	int wd;          /* -1 once the kernel dropped it (IN_IGNORED) */
	atomic_int dead; /* wd is -1: its files check themselves */
	size_t refs;     /* kept files using it */
	atomic_uint gen; /* bumped by keep_sync for each event on it */
};

struct transport_local {
	struct transport base;
	char *sysroot; /* absolute, no trailing slash; NULL for this machine */

	pthread_mutex_t lock; /* the fields below */
	int ifd;              /* inotify; -1 until needed, -2 if it failed */
	struct local_watch **watches; /* by wd, ascending */
	size_t nwatches;
	size_t watch_limit; /* tests; 0: no limit but the kernel's */
};

static struct transport_local *
local_from(struct transport *t)
{
	return (struct transport_local *)t;
}

/*
 * The path on this machine for path: unchanged without a sysroot, otherwise
 * below it. A relative path is taken from the sysroot's top as well, so
 * nothing on the host is reached by accident.
 */
static char *
local_map(struct transport_local *tl, const char *path)
{
	if (tl->sysroot == NULL)
		return xstrdup(path);
	while (*path == '/')
		path++;
	return xasprintf("%s/%s", tl->sysroot, path);
}

/*
 * "Not found" as every transport says it: a path under something that is
 * no directory ("a-file/x") names nothing either, so open's ENOTDIR
 * becomes ENOENT; ENOTDIR stays for a path that is there but is no
 * directory (list_dir of a file).
 */
static int
local_not_there(const char *lpath, int err)
{
	struct stat sb;

	if (err == ENOTDIR && lstat(lpath, &sb) == -1)
		return ENOENT;
	return err;
}

/* Read fd to EOF into *data; sysfs reports sizes of 0 or 4096, so the size
 * from fstat is never trusted. */
static int
local_read_all(int fd, char **data, size_t *len)
{
	struct buf b = {0};
	char chunk[16384];
	ssize_t n;

	buf_add(&b, "", 0);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > LOCAL_READ_MAX) {
			buf_free(&b);
			errno = EFBIG;
			return -1;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	*data = b.data;
	if (len != NULL)
		*len = b.len;
	return 0;
}

/* Open path for reading without hanging on a FIFO; refuse what is not a
 * file to read. Returns the descriptor, or -1 with errno set. */
static int
local_open_read(const char *lpath)
{
	struct stat sb;
	int fd, saved;

	fd = open(lpath, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return -1;
	if (fstat(fd, &sb) == -1)
		goto fail;
	if (S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	/* Regular files (and sysfs, procfs) ignore O_NONBLOCK; only a
	 * character device needs blocking reads back. Skipping the fcntl
	 * calls saves two system calls per attribute on every refresh. */
	if (S_ISCHR(sb.st_mode) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int
local_read_file(struct transport *t, const char *path, char **data, size_t *len,
                char **cause)
{
	char *lpath = local_map(local_from(t), path);
	int fd, rc;

	fd = local_open_read(lpath);
	if (fd == -1)
		errno = local_not_there(lpath, errno);
	free(lpath);
	if (fd == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = local_read_all(fd, data, len);
	if (rc == -1 && errno == EFBIG)
		set_cause(cause, "%s: larger than %d MiB", path,
		          LOCAL_READ_MAX / (1024 * 1024));
	else if (rc == -1)
		set_cause(cause, "%s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* A file kept open for reread. */
struct transport_kept {
	int fd;
	int one_read; /* a short read is the whole file (sysfs, a plain file) */
	int check_link;            /* a plain file: unlinked means gone */
	struct local_watch *watch; /* its directory's, or NULL: fstat each */
	unsigned gen;              /* watch->gen when last known in place */
	/* The file's own watch (written), and its gen at the last reread. */
	struct local_watch *writes;
	unsigned writes_gen;
	int writes_read; /* reread since the watch began */
	char *path;                /* as the caller named it, for messages */
	char *buf;  /* what reread gives, grown to the largest content */
	size_t cap; /* of buf */
};

/* First size of a kept file's buffer: a sysfs attribute fits. */
#define LOCAL_KEPT_BUF 64

/* The index in tl->watches of wd, or where it would go. */
static size_t
local_watch_index(struct transport_local *tl, int wd)
{
	size_t lo = 0, hi = tl->nwatches, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tl->watches[mid]->wd < wd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct local_watch *
local_watch_find(struct transport_local *tl, int wd)
{
	size_t i = local_watch_index(tl, wd);

	if (i < tl->nwatches && tl->watches[i]->wd == wd)
		return tl->watches[i];
	return NULL;
}

static void
local_watch_forget(struct transport_local *tl, struct local_watch *w)
{
	size_t i = local_watch_index(tl, w->wd);

	if (i < tl->nwatches && tl->watches[i] == w) {
		memmove(&tl->watches[i], &tl->watches[i + 1],
		        (tl->nwatches - i - 1) * sizeof *tl->watches);
		tl->nwatches--;
	}
	w->wd = -1;
	atomic_store(&w->dead, 1);
}

/*
 * Watch what (a directory, or a kept file) for the events in mask, or NULL
 * when it cannot be watched (the inotify watch budget spent, no inotify).
 */
static struct local_watch *
local_watch_path(struct transport_local *tl, const char *what, uint32_t mask)
{
	struct local_watch *w = NULL;
	size_t i;
	int wd;

	pthread_mutex_lock(&tl->lock);
	if (tl->ifd == -1) {
		tl->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (tl->ifd == -1)
			tl->ifd = -2;
	}
	if (tl->ifd < 0)
		goto out;
	wd = inotify_add_watch(tl->ifd, what, mask);
	if (wd == -1)
		goto out;
	w = local_watch_find(tl, wd);
	if (w == NULL && tl->watch_limit != 0 &&
	    tl->nwatches >= tl->watch_limit) {
		inotify_rm_watch(tl->ifd, wd);
		goto out;
	}
	if (w == NULL) {
		w = xcalloc(1, sizeof *w);
		w->wd = wd;
		i = local_watch_index(tl, wd);
		tl->watches = xreallocarray(tl->watches, tl->nwatches + 1,
		                            sizeof *tl->watches);
		memmove(&tl->watches[i + 1], &tl->watches[i],
		        (tl->nwatches - i) * sizeof *tl->watches);
		tl->watches[i] = w;
		tl->nwatches++;
	}
	w->refs++;
out:
	pthread_mutex_unlock(&tl->lock);
	return w;
}

/*
 * Watch the directory of lpath (a plain file about to be kept open), or
 * NULL when it cannot be watched: then each reread checks the file's link
 * count itself.
 */
static struct local_watch *
local_watch_add(struct transport_local *tl, const char *lpath)
{
	const char *slash = strrchr(lpath, '/');
	struct local_watch *w;
	char *dir;

	if (slash == NULL)
		return NULL;
	dir = xstrdup(lpath);
	dir[slash == lpath ? 1 : slash - lpath] = '\0';
	w = local_watch_path(tl, dir, LOCAL_WATCH_MASK);
	free(dir);
	return w;
}

static void
local_watch_drop(struct transport_local *tl, struct local_watch *w)
{
	pthread_mutex_lock(&tl->lock);
	if (--w->refs == 0) {
		if (w->wd != -1) {
			inotify_rm_watch(tl->ifd, w->wd);
			local_watch_forget(tl, w);
		}
		free(w);
	}
	pthread_mutex_unlock(&tl->lock);
}

/* Every event read from the inotify descriptor: its directory's kept files
 * are checked at their next reread. No event: one read() (EAGAIN). */
static void
local_keep_sync(struct transport *t)
{
	struct transport_local *tl = local_from(t);
	char events[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	struct local_watch *w;
	ssize_t n, off;
	size_t i;

	pthread_mutex_lock(&tl->lock);
	while (tl->ifd >= 0) {
		n = read(tl->ifd, events, sizeof events);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (off = 0; off < n; off += (ssize_t)(sizeof *ev + ev->len)) {
			ev = (const struct inotify_event *)(events + off);
			if (ev->mask & IN_Q_OVERFLOW) {
				for (i = 0; i < tl->nwatches; i++)
					atomic_fetch_add(&tl->watches[i]->gen,
					                 1);
				continue;
			}
			w = local_watch_find(tl, ev->wd);
			if (w == NULL)
				continue;
			atomic_fetch_add(&w->gen, 1);
			/* Gone with its directory: its files check
			 * themselves from now on. */
			if (ev->mask & IN_IGNORED)
				local_watch_forget(tl, w);
		}
	}
	pthread_mutex_unlock(&tl->lock);
}

static int
local_keep_open(struct transport *t, const char *path,
                struct transport_kept **kept, char **cause)
{
	struct transport_local *tl = local_from(t);
	char *lpath = local_map(tl, path);
	struct local_watch *w = NULL;
	struct transport_kept *k;
	struct statfs sfs;
	struct stat sb;
	unsigned gen = 0;
	int fd, saved;

	/* A fixture tree's plain files: their directory is watched before
	 * the file is opened, so no replacement goes unheard. Not /proc or
	 * /sys (no sysroot): those say themselves when a file is gone. */
	if (tl->sysroot != NULL) {
		w = local_watch_add(tl, lpath);
		if (w != NULL)
			gen = atomic_load(&w->gen);
	}
	fd = local_open_read(lpath);
	if (fd == -1)
		errno = local_not_there(lpath, errno);
	free(lpath);
	if (fd == -1 || fstat(fd, &sb) == -1 || fstatfs(fd, &sfs) == -1) {
		saved = errno;
		set_cause(cause, "%s: %s", path, strerror(saved));
		if (fd != -1)
			close(fd);
		if (w != NULL)
			local_watch_drop(tl, w);
		errno = saved;
		return -1;
	}
	k = xcalloc(1, sizeof *k);
	k->fd = fd;
	k->path = xstrdup(path);
	if (sfs.f_type == LOCAL_SYSFS_MAGIC)
		k->one_read = 1;
	else if (sfs.f_type != LOCAL_PROC_MAGIC && S_ISREG(sb.st_mode))
		k->one_read = k->check_link = 1;
	if (k->check_link) {
		k->watch = w;
		k->gen = gen;
	} else if (w != NULL)
		local_watch_drop(tl, w);
	*kept = k;
	return 0;
}

/* The whole file from offset 0 into k->buf: one pread for a sysfs
 * attribute or a plain file when it is shorter than the buffer, else until
 * end of file (the buffer grows and stays grown). */
static int
local_pread_all(struct transport_kept *k, char **data, size_t *len)
{
	size_t off = 0, want;
	ssize_t n;

	if (k->cap == 0) {
		k->cap = LOCAL_KEPT_BUF;
		k->buf = xmalloc(k->cap);
	}
	for (;;) {
		if (off + 1 == k->cap) {
			if (k->cap > LOCAL_READ_MAX) {
				errno = EFBIG;
				return -1;
			}
			k->cap *= 2;
			k->buf = xreallocarray(k->buf, k->cap, 1);
		}
		want = k->cap - 1 - off;
		n = pread(k->fd, k->buf + off, want, (off_t)off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		off += (size_t)n;
		if (k->one_read && (size_t)n < want)
			break;
	}
	if (off > LOCAL_READ_MAX) {
		errno = EFBIG;
		return -1;
	}
	k->buf[off] = '\0';
	*data = k->buf;
	if (len != NULL)
		*len = off;
	return 0;
}

/* Whether a kept plain file is still linked where it was opened: its link
 * count, looked at only when its directory changed since the last look
 * (or is not watched). Sysfs says ENODEV by itself. */
static int
local_still_linked(struct transport_kept *k)
{
	struct stat sb;
	unsigned gen = 0;

	if (!k->check_link)
		return 1;
	if (k->watch != NULL) {
		gen = atomic_load(&k->watch->gen);
		if (gen == k->gen && !atomic_load(&k->watch->dead))
			return 1;
	}
	if (fstat(k->fd, &sb) == -1 || sb.st_nlink == 0)
		return 0;
	k->gen = gen;
	return 1;
}

static int
local_reread(struct transport *t, struct transport_kept *k, char **data,
             size_t *len, char **cause)
{
	int saved;

	(void)t;
	/* Before the read: a write during it is heard next time. */
	if (k->writes != NULL) {
		k->writes_gen = atomic_load(&k->writes->gen);
		k->writes_read = 1;
	}
	if (local_pread_all(k, data, len) == -1) {
		saved = errno;
		*data = NULL;
		set_cause(cause, "%s: %s", k->path, strerror(saved));
		errno = saved;
		return -1;
	}
	/* A plain file removed (or renamed over) still reads. */
	if (!local_still_linked(k)) {
		*data = NULL;
		set_cause(cause, "%s: removed", k->path);
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static void
local_keep_close(struct transport *t, struct transport_kept *k)
{
	if (k == NULL)
		return;
	close(k->fd);
	if (k->watch != NULL)
		local_watch_drop(local_from(t), k->watch);
	if (k->writes != NULL)
		local_watch_drop(local_from(t), k->writes);
	free(k->buf);
	free(k->path);
	free(k);
}

/*
 * Whether kept may have been written since its last reread. Known only
 * for a file with a watch of its own (a sysfs attribute, a plain file),
 * made at the first call: until a reread after it, and once the watch is
 * gone, it says 1.
 */
static int
local_written(struct transport *t, struct transport_kept *k)
{
	struct transport_local *tl = local_from(t);
	char *lpath;

	if (!k->one_read)
		return 1; /* procfs: the kernel writes, inotify hears none */
	if (k->writes == NULL) {
		lpath = local_map(tl, k->path);
		k->writes = local_watch_path(tl, lpath, LOCAL_WRITE_MASK);
		free(lpath);
		return 1;
	}
	return !k->writes_read || atomic_load(&k->writes->dead) ||
	    atomic_load(&k->writes->gen) != k->writes_gen;
}

static int
local_compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
local_list_dir(struct transport *t, const char *path, char ***names,
               size_t *count, char **cause)
{
	char *lpath = local_map(local_from(t), path);
	DIR *d = opendir(lpath);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	if (d == NULL)
		errno = local_not_there(lpath, errno);
	free(lpath);
	if (d == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL)
			break;
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			strv_push(&v, &n, de->d_name);
	}
	if (errno != 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		string_list_free(v, n);
		closedir(d);
		return -1;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof *v, local_compare_names);
	*names = v;
	*count = n;
	return 0;
}

static int
local_read_link(struct transport *t, const char *path, char **target,
                char **cause)
{
	char *lpath = local_map(local_from(t), path);
	size_t size = 256;
	char *s = NULL;
	ssize_t n;

	for (;;) {
		s = xreallocarray(s, size, 1);
		n = readlink(lpath, s, size);
		if (n == -1 || (size_t)n < size)
			break;
		size *= 2;
	}
	if (n == -1)
		errno = local_not_there(lpath, errno);
	free(lpath);
	if (n == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(s);
		return -1;
	}
	s[n] = '\0';
	*target = s;
	return 0;
}

/* The search path for programs named without a slash. */
static char *
local_search_path(struct transport_local *tl)
{
	const char *env = getenv("PATH");

	/* A fixture tree is another machine: its programs are its bin/ and
	 * nothing else, so this machine's mdadm or smartctl never runs on
	 * this machine's /dev in its name. No bin/: nothing is installed. */
	if (tl->sysroot != NULL)
		return xasprintf("%s/bin", tl->sysroot);
	if (env == NULL || *env == '\0')
		return xstrdup(LOCAL_ADMIN_PATH);
	return xasprintf("%s:%s", env, LOCAL_ADMIN_PATH);
}

/* The program to start for argv[0], or NULL with errno ENOENT and *cause. */
static char *
local_find(struct transport_local *tl, const char *name, char **cause)
{
	char *search, *found;

	if (strchr(name, '/') != NULL)
		return local_map(tl, name);
	search = local_search_path(tl);
	found = run_find_program(name, search);
	if (found == NULL)
		set_cause(cause, "%s: not installed (looked in %s)", name,
		          search);
	free(search);
	if (found == NULL)
		errno = ENOENT;
	return found;
}

static int
local_run(struct transport *t, char *const argv[], const char *input,
          int timeout_ms, struct run_result *result, char **cause)
{
	struct transport_local *tl = local_from(t);
	char *env[2] = {NULL, NULL};
	char *path;
	int rc, saved;

	memset(result, 0, sizeof *result);
	result->exit_status = -1;
	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
		set_cause(cause, "no program to run");
		errno = EINVAL;
		return -1;
	}
	path = local_find(tl, argv[0], cause);
	if (path == NULL)
		return -1;
	if (tl->sysroot != NULL)
		env[0] = xasprintf("RACKCON_SYSROOT=%s", tl->sysroot);
	rc = run_argv(path, argv, env, input, timeout_ms, result, cause);
	saved = errno;
	free(env[0]);
	free(path);
	errno = saved;
	return rc;
}

/* Write all of data; a sysfs attribute takes it in one write() or refuses
 * it (EINVAL), so that error is reported as it is. */
static int
local_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
local_write_file(struct transport *t, const char *path, const char *data,
                 size_t len, int flags, char **cause)
{
	char *lpath = local_map(local_from(t), path);
	int create = (flags & TRANSPORT_WRITE_CREATE) != 0;
	int fd, rc, saved;

	if (create)
		fd = open(lpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	else
		fd = open(lpath, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		errno = local_not_there(lpath, errno);
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(lpath);
		return -1;
	}
	rc = local_write_all(fd, data, len);
	saved = errno;
	if (close(fd) == -1 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == -1) {
		set_cause(cause, "%s: write failed: %s", path, strerror(saved));
		if (create)
			unlink(lpath);
	}
	free(lpath);
	return rc;
}

static char *
local_local_path(struct transport *t, const char *path)
{
	return local_map(local_from(t), path);
}

/* A unix socket at lpath (in the tree); a file there that is no socket
 * is ENOTSOCK. */
static int
local_stream_unix(const char *lpath, long long deadline)
{
	struct sockaddr_un sun;
	struct stat sb;
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(lpath) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, lpath, strlen(lpath));
	fd = stream_connect((struct sockaddr *)&sun, sizeof sun, deadline);
	if (fd == -1 && errno == ECONNREFUSED && stat(lpath, &sb) == 0 &&
	    !S_ISSOCK(sb.st_mode))
		errno = ENOTSOCK;
	return fd;
}

/* Each address of HOST in turn until one answers (the deadline is the
 * whole attempt's); a name that does not resolve is EHOSTUNREACH. */
static int
local_stream_tcp(const struct stream_target *st, long long deadline, char **why)
{
	struct addrinfo hints, *res, *ai;
	char port[16];
	int fd = -1, rc, err = ECONNREFUSED;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof port, "%d", st->port);
	rc = getaddrinfo(st->host, port, &hints, &res);
	if (rc != 0) {
		set_cause(why, "%s", gai_strerror(rc));
		errno = EHOSTUNREACH;
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = stream_connect(ai->ai_addr, ai->ai_addrlen, deadline);
		if (fd != -1)
			break;
		err = errno;
		if (err == ETIMEDOUT || err == ECANCELED)
			break;
	}
	freeaddrinfo(res);
	if (fd == -1)
		errno = err;
	return fd;
}

static int
local_stream(struct transport *t, const char *target, int timeout_ms, int *fd,
             char **cause)
{
	struct stream_target st;
	long long deadline;
	char *lpath, *why = NULL;
	int saved;

	*fd = -1;
	if (stream_target_parse(target, &st, cause) != 0)
		return -1;
	if (timeout_ms <= 0)
		timeout_ms = TRANSPORT_STREAM_TIMEOUT_MS;
	if (st.kind == STREAM_TERMINAL) {
		stream_target_clear(&st);
		set_cause(cause, "%s: a terminal session is a remote "
		    "login's (an SSH host's or BMC's), not this machine's",
		    target);
		errno = EOPNOTSUPP;
		return -1;
	}
	deadline = clock_now_ms() + timeout_ms;
	if (st.kind == STREAM_UNIX) {
		lpath = local_map(local_from(t), st.path);
		*fd = local_stream_unix(lpath, deadline);
		free(lpath);
	} else
		*fd = local_stream_tcp(&st, deadline, &why);
	saved = errno;
	stream_target_clear(&st);
	if (*fd != -1)
		return 0;
	if (why == NULL)
		why = stream_strerror(saved, timeout_ms);
	set_cause(cause, "%s: %s", target, why);
	free(why);
	errno = saved;
	return -1;
}

static void
local_free(struct transport *t)
{
	struct transport_local *tl = local_from(t);

	size_t i;

	for (i = 0; i < tl->nwatches; i++)
		free(tl->watches[i]); /* kept files are closed before */
	free(tl->watches);
	if (tl->ifd >= 0)
		close(tl->ifd);
	pthread_mutex_destroy(&tl->lock);
	free(tl->sysroot);
	free(tl->base.description);
	free(tl);
}

static const struct transport_ops local_ops = {
    .read_file = local_read_file,
    .list_dir = local_list_dir,
    .read_link = local_read_link,
    .run = local_run,
    .write_file = local_write_file,
    .local_path = local_local_path,
    .keep_open = local_keep_open,
    .reread = local_reread,
    .keep_close = local_keep_close,
    .keep_sync = local_keep_sync,
    .written = local_written,
    .stream = local_stream,
    .free = local_free,
};

/* sysroot made absolute without a trailing slash: resolved when it exists,
 * else taken from the current directory; "/" becomes "". */
static char *
local_absolute(const char *sysroot)
{
	char cwd[PATH_MAX];
	char *abs;
	size_t n;

	abs = realpath(sysroot, NULL);
	if (abs != NULL && strcmp(abs, "/") == 0)
		abs[0] = '\0';
	if (abs != NULL)
		return abs;
	if (sysroot[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		abs = xstrdup(sysroot);
	else
		abs = xasprintf("%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd,
		                sysroot);
	n = strlen(abs);
	while (n > 0 && abs[n - 1] == '/')
		abs[--n] = '\0';
	return abs;
}

struct transport *
transport_local_new(const char *sysroot)
{
	struct transport_local *tl = xcalloc(1, sizeof *tl);

	tl->base.ops = &local_ops;
	tl->ifd = -1;
	pthread_mutex_init(&tl->lock, NULL);
	if (sysroot == NULL || *sysroot == '\0') {
		tl->base.description = xstrdup("this machine");
		return &tl->base;
	}
	tl->sysroot = local_absolute(sysroot);
	if (*tl->sysroot == '\0') {
		/* A sysroot of "/" is this machine. */
		free(tl->sysroot);
		tl->sysroot = NULL;
		tl->base.description = xstrdup("this machine");
		return &tl->base;
	}
	tl->base.description = xasprintf("sysroot %s", tl->sysroot);
	return &tl->base;
}

void
transport_local_set_watch_limit(struct transport *t, size_t n)
{
	struct transport_local *tl = local_from(t);

	pthread_mutex_lock(&tl->lock);
	tl->watch_limit = n;
	pthread_mutex_unlock(&tl->lock);
}

void
transport_free(struct transport *t)
{
	if (t != NULL)
		t->ops->free(t);
}

void
transport_prefetch(struct transport *t, const struct transport_prefetch *spec)
{
	char *why = NULL;

	if (t->ops->prefetch != NULL && t->ops->prefetch(t, spec, &why) != 0)
		free(why);
}

void
transport_prefetch_end(struct transport *t)
{
	if (t->ops->prefetch_end != NULL)
		t->ops->prefetch_end(t);
}

/* a's patterns then b's, NULL-terminated; NULL when neither has any. */
static const char **
pattern_list_join(const char *const *a, const char *const *b)
{
	const char **out;
	size_t na = 0, nb = 0;

	while (a != NULL && a[na] != NULL)
		na++;
	while (b != NULL && b[nb] != NULL)
		nb++;
	if (na + nb == 0)
		return NULL;
	out = xreallocarray(NULL, na + nb + 1, sizeof *out);
	if (na > 0)
		memcpy(out, a, na * sizeof *out);
	if (nb > 0)
		memcpy(out + na, b, nb * sizeof *out);
	out[na + nb] = NULL;
	return out;
}

void
transport_prefetch_join(struct transport_prefetch_joined *j,
    const struct transport_prefetch *a, const struct transport_prefetch *b)
{
	j->lists[0] = pattern_list_join(a->files, b->files);
	j->lists[1] = pattern_list_join(a->binary, b->binary);
	j->lists[2] = pattern_list_join(a->dirs, b->dirs);
	j->lists[3] = pattern_list_join(a->links, b->links);
	j->spec.files = j->lists[0];
	j->spec.binary = j->lists[1];
	j->spec.dirs = j->lists[2];
	j->spec.links = j->lists[3];
}

/* Whether every pattern of list is one of has's, verbatim. */
static int
pattern_list_within(const char *const *list, const char *const *has)
{
	size_t i, j;

	for (i = 0; list != NULL && list[i] != NULL; i++) {
		for (j = 0; has != NULL && has[j] != NULL; j++) {
			if (strcmp(list[i], has[j]) == 0)
				break;
		}
		if (has == NULL || has[j] == NULL)
			return 0;
	}
	return 1;
}

int
transport_prefetch_within(const struct transport_prefetch *spec,
    const struct transport_prefetch *open)
{
	return pattern_list_within(spec->files, open->files) &&
	    pattern_list_within(spec->binary, open->binary) &&
	    pattern_list_within(spec->dirs, open->dirs) &&
	    pattern_list_within(spec->links, open->links);
}

void
transport_prefetch_joined_clear(struct transport_prefetch_joined *j)
{
	size_t i;

	for (i = 0; i < sizeof j->lists / sizeof j->lists[0]; i++)
		free(j->lists[i]);
	memset(j, 0, sizeof *j);
}
