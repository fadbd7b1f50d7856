/* The audit log: one escaped line per change, to a file and to syslog. */
#include "config.h"

#include <sys/stat.h>
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

static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t audit_syslog_once = PTHREAD_ONCE_INIT;
static char *audit_override; /* audit_set_path(); under audit_lock */
static int audit_syslog = 1; /* under audit_lock */

void
audit_set_path(const char *path)
{
	pthread_mutex_lock(&audit_lock);
	free(audit_override);
	audit_override = path != NULL ? xstrdup(path) : NULL;
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

/* s in double quotes, with quotes, backslashes and controls escaped. */
static void
audit_add_quoted(struct buf *b, const char *s)
{
	unsigned char c;

	buf_addstr(b, "\"");
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '"' || c == '\\')
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
			buf_add(b, s, 1);
	}
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
		audit_add_quoted(b, value);
}

/* The entry without the time: "user=... result=\"...\"". Caller frees. */
static char *
audit_format(const char *target, const char *command, const char *shell,
    const char *result)
{
	struct buf b = {0};
	char *user = audit_user();

	audit_add_field(&b, "user", user, 1);
	audit_add_field(&b, "target", target != NULL ? target : "-", 1);
	audit_add_field(&b, "command", command, 0);
	audit_add_field(&b, "shell", shell, 0);
	audit_add_field(&b, "result", result, 0);
	free(user);
	memmove(b.data, b.data + 1, b.len); /* drop the leading space */
	return b.data;
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

/* Append line with one write(); the file must be a regular file. */
static int
audit_append(const char *path, const char *line, size_t len)
{
	struct stat st;
	ssize_t n;
	int fd;

	audit_make_dirs(path);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	do
		n = write(fd, line, len);
	while (n == -1 && errno == EINTR);
	if (close(fd) != 0 || n != (ssize_t)len)
		return -1;
	return 0;
}

static void
audit_open_syslog(void)
{
	openlog("rackcon", LOG_PID, LOG_USER);
}

int
audit_record(const char *target, const char *command, const char *shell,
    const char *result)
{
	char *entry, *line, *path, stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int rc = -1, to_syslog;

	entry = audit_format(target, command, shell, result);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(stamp, "0000-00-00T00:00:00Z");
	line = xasprintf("%s %s\n", stamp, entry);
	path = audit_path();
	pthread_mutex_lock(&audit_lock);
	if (path != NULL)
		rc = audit_append(path, line, strlen(line));
	to_syslog = audit_syslog;
	pthread_mutex_unlock(&audit_lock);
	if (to_syslog) {
		pthread_once(&audit_syslog_once, audit_open_syslog);
		syslog(LOG_NOTICE | LOG_USER, "%s", entry);
	}
	free(path);
	free(line);
	free(entry);
	return rc;
}
