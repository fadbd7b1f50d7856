/* The audit log: one escaped entry per change step, to a file and to syslog. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "strutil.h"
#include "xmalloc.h"

/* Free space audit_check() wants: room for a few long entries. */
#define AUDIT_ROOM (64 * 1024)

static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t audit_syslog_once = PTHREAD_ONCE_INIT;
static char *audit_override; /* audit_set_path(); under audit_lock */
static int audit_syslog = 1; /* under audit_lock */
static int audit_file_enabled = 1; /* under audit_lock */

void
audit_set_path(const char *path)
{
	pthread_mutex_lock(&audit_lock);
	free(audit_override);
	audit_override = path != NULL ? xstrdup(path) : NULL;
	pthread_mutex_unlock(&audit_lock);
}

void
audit_set_file(int enable)
{
	pthread_mutex_lock(&audit_lock);
	audit_file_enabled = enable;
	pthread_mutex_unlock(&audit_lock);
}

void
audit_set_syslog(int enable)
{
	pthread_mutex_lock(&audit_lock);
	audit_syslog = enable;
	pthread_mutex_unlock(&audit_lock);
}

/* The effective user's passwd entry into pw/buf; NULL when there is none. */
static struct passwd *
audit_getpw(struct passwd *pw, char **buf)
{
	struct passwd *found = NULL;
	long size = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t len = size > 0 ? (size_t)size : 1024;
	int error;

	for (;;) {
		*buf = xreallocarray(*buf, len, 1);
		error = getpwuid_r(geteuid(), pw, *buf, len, &found);
		if (error != ERANGE || len >= 1024 * 1024)
			break;
		len *= 2;
	}
	return error == 0 ? found : NULL;
}

/* The effective user's name, or its uid number. Caller frees. */
static char *
audit_user(void)
{
	struct passwd pw, *found;
	char *buf = NULL, *name;

	found = audit_getpw(&pw, &buf);
	if (found != NULL && found->pw_name != NULL && *found->pw_name != '\0')
		name = xstrdup(found->pw_name);
	else
		name = xasprintf("%lu", (unsigned long)geteuid());
	free(buf);
	return name;
}

/* The home directory from the passwd database, or NULL. Caller frees. */
static char *
audit_pw_home(void)
{
	struct passwd pw, *found;
	char *buf = NULL, *home = NULL;

	found = audit_getpw(&pw, &buf);
	if (found != NULL && found->pw_dir != NULL && *found->pw_dir == '/')
		home = xstrdup(found->pw_dir);
	free(buf);
	return home;
}

static char *
audit_default_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *pw_home, *path;

	/* The XDG spec says relative values are to be ignored. */
	if (state != NULL && *state == '/')
		return xasprintf("%s/rackcon/audit.log", state);
	if (home != NULL && *home == '/')
		return xasprintf("%s/.local/state/rackcon/audit.log", home);
	if ((pw_home = audit_pw_home()) == NULL)
		return NULL;
	path = xasprintf("%s/.local/state/rackcon/audit.log", pw_home);
	free(pw_home);
	return path;
}

char *
audit_path(void)
{
	char *path = NULL;

	pthread_mutex_lock(&audit_lock);
	if (audit_override != NULL)
		path = xstrdup(audit_override);
	pthread_mutex_unlock(&audit_lock);
	return path != NULL ? path : audit_default_path();
}

static int
audit_is_bare(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if ((*s < 'a' || *s > 'z') && (*s < 'A' || *s > 'Z') &&
		    (*s < '0' || *s > '9') && strchr("._:/@+,-", *s) == NULL)
			return 0;
	}
	return 1;
}

/* s with quotes (when quote), backslashes and controls escaped. */
static void
audit_add_escaped(struct buf *b, const char *s, size_t len, int quote)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c == '"' && quote) || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_addstr(b, "\\n");
		else if (c == '\r')
			buf_addstr(b, "\\r");
		else if (c == '\t')
			buf_addstr(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_add(b, s + i, 1);
	}
}

/* s in double quotes, escaped. */
static void
audit_add_quoted(struct buf *b, const char *s, size_t len)
{
	buf_addstr(b, "\"");
	audit_add_escaped(b, s, len, 1);
	buf_addstr(b, "\"");
}

/* " key=value", value bare when it can be and quoted otherwise. */
static void
audit_add_field(struct buf *b, const char *key, const char *value,
    int may_be_bare)
{
	if (value == NULL)
		value = "";
	buf_printf(b, " %s=", key);
	if (may_be_bare && audit_is_bare(value))
		buf_addstr(b, value);
	else
		audit_add_quoted(b, value, strlen(value));
}

/*
 * The entry without the time, into b. With lines, a multi-line shell
 * command keeps only its first line in shell="...", "more=N" ends the entry,
 * and the N lines after the first follow as continuation lines, each a tab
 * and the line escaped (quotes left as they are); else it is all escaped
 * into shell="..." on one line. No final newline.
 */
static void
audit_format(struct buf *b, const char *host, const char *where,
    const char *target, const char *command, const char *shell,
    const char *result, int lines)
{
	char *user = audit_user();
	const char *nl, *p;
	size_t more = 0;

	if (shell == NULL)
		shell = "";
	nl = lines ? strchr(shell, '\n') : NULL;
	audit_add_field(b, "user", user, 1);
	audit_add_field(b, "host", host != NULL ? host : "local", 1);
	audit_add_field(b, "sysroot", where != NULL ? where : "/", 1);
	audit_add_field(b, "target", target != NULL ? target : "-", 1);
	audit_add_field(b, "command", command, 0);
	buf_addstr(b, " shell=");
	audit_add_quoted(b, shell, nl != NULL ? (size_t)(nl - shell) :
	    strlen(shell));
	audit_add_field(b, "result", result, 0);
	for (p = nl; p != NULL; p = strchr(p + 1, '\n'))
		more++;
	if (more > 0)
		buf_printf(b, " more=%zu", more);
	for (p = nl; p != NULL; p = nl) {
		nl = strchr(p + 1, '\n');
		buf_addstr(b, "\n\t");
		audit_add_escaped(b, p + 1, nl != NULL ? (size_t)(nl - p - 1) :
		    strlen(p + 1), 0);
	}
	free(user);
}

/* Create the directories above path (mode 0700) that are missing. */
static void
audit_make_dirs(const char *path)
{
	char *dir = xstrdup(path), *p;

	for (p = strchr(dir + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(dir);
}

static const char *
audit_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

/* Why open() failed on path, in words. */
static void
audit_open_error(const char *path, int error, char **cause)
{
	struct stat st;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		set_cause(cause, "%s is %s, not a regular file", path,
		    audit_file_kind(st.st_mode));
	else
		set_cause(cause, "%s: %s", path, strerror(error));
}

/*
 * Open path for appending, creating it (and its directories) when missing:
 * never through a symbolic link, never blocking (a FIFO with no reader),
 * and only a regular file. The descriptor, or -1 with *cause.
 */
static int
audit_open(const char *path, char **cause)
{
	struct stat st;
	int fd;

	audit_make_dirs(path);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
	if (fd == -1) {
		audit_open_error(path, errno, cause);
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, "%s is %s, not a regular file", path,
		    audit_file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	return fd;
}

/* Enough free space on fd's file system for entries (AUDIT_ROOM bytes)? */
static int
audit_room(int fd, const char *path, char **cause)
{
	struct statvfs vfs;
	unsigned long long avail;

	if (fstatvfs(fd, &vfs) != 0)
		return 0; /* cannot tell: the write will */
	avail = (unsigned long long)(geteuid() == 0 ? vfs.f_bfree :
	    vfs.f_bavail) * vfs.f_frsize;
	if (avail >= AUDIT_ROOM)
		return 0;
	set_cause(cause, "%s: no space left on its file system", path);
	return -1;
}

/*
 * Append len bytes with one write(): whole or not at all. A short write (a
 * full disk, a size limit) is cut back off, under an exclusive lock so that
 * no other rackcon's entry is appended meanwhile. 0, or -1 with *cause.
 */
static int
audit_append(const char *path, const char *line, size_t len, char **cause)
{
	struct stat st;
	ssize_t n;
	int fd, error;

	if ((fd = audit_open(path, cause)) == -1)
		return -1;
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	if (fstat(fd, &st) != 0)
		st.st_size = -1;
	do
		n = write(fd, line, len);
	while (n == -1 && errno == EINTR);
	error = n == -1 ? errno : ENOSPC;
	if (n > 0 && n != (ssize_t)len && st.st_size >= 0 &&
	    ftruncate(fd, st.st_size) != 0)
		error = errno;
	if (close(fd) != 0 && n == (ssize_t)len) {
		n = -1;
		error = errno;
	}
	if (n == (ssize_t)len)
		return 0;
	set_cause(cause, "%s: %s", path, strerror(error));
	return -1;
}

static void
audit_open_syslog(void)
{
	openlog("rackcon", LOG_PID, LOG_USER);
}

/* The file's path when it is written, NULL when --no-audit. -1 with
 * *cause when no path is known. */
static int
audit_file(char **path, char **cause)
{
	int enabled;

	pthread_mutex_lock(&audit_lock);
	enabled = audit_file_enabled;
	pthread_mutex_unlock(&audit_lock);
	*path = NULL;
	if (!enabled)
		return 0;
	if ((*path = audit_path()) == NULL) {
		set_cause(cause, "no audit log path: neither XDG_STATE_HOME "
		    "nor a home directory is known (use --audit-log FILE)");
		return -1;
	}
	return 0;
}

int
audit_check(char **cause)
{
	char *path, *why = NULL;
	int fd, rc = 0;

	if (audit_file(&path, cause) != 0)
		return -1;
	if (path == NULL)
		return 0;
	pthread_mutex_lock(&audit_lock);
	fd = audit_open(path, &why);
	if (fd == -1 || audit_room(fd, path, &why) != 0)
		rc = -1;
	if (fd != -1)
		close(fd);
	pthread_mutex_unlock(&audit_lock);
	if (rc != 0)
		set_cause(cause, "cannot write the audit log: %s", why);
	free(why);
	free(path);
	return rc;
}

int
audit_record(const char *host, const char *where, const char *target,
    const char *command, const char *shell, const char *result, char **cause)
{
	struct buf entry = {0}, line = {0};
	char *path, stamp[32], *why = NULL;
	struct tm tm;
	time_t now = time(NULL);
	int rc, to_syslog;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(stamp, "0000-00-00T00:00:00Z");
	buf_addstr(&line, stamp);
	audit_format(&line, host, where, target, command, shell, result, 1);
	buf_addstr(&line, "\n");
	rc = audit_file(&path, &why);
	pthread_mutex_lock(&audit_lock);
	if (path != NULL)
		rc = audit_append(path, line.data, line.len, &why);
	to_syslog = audit_syslog;
	pthread_mutex_unlock(&audit_lock);
	if (to_syslog) {
		audit_format(&entry, host, where, target, command, shell, result, 0);
		pthread_once(&audit_syslog_once, audit_open_syslog);
		syslog(LOG_NOTICE | LOG_USER, "%s", entry.data + 1);
		buf_free(&entry);
	}
	if (rc != 0)
		set_cause(cause, "cannot write the audit log: %s", why);
	free(why);
	free(path);
	buf_free(&line);
	return rc;
}
