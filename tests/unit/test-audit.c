/* Unit tests for the audit log: path, modes, format, escaping, threads, refusals. */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("audit", audit_add_tests)

#define AUDIT_THREADS 4
#define AUDIT_LINES 200

/* One entry read back from the log. */
struct entry {
	char *user;
	char *host;
	char *sysroot;
	char *target;
	char *command;
	char *shell;
	char *result;
};

static void
entry_clear(struct entry *e)
{
	free(e->user);
	free(e->host);
	free(e->sysroot);
	free(e->target);
	free(e->command);
	free(e->shell);
	free(e->result);
	memset(e, 0, sizeof *e);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One escape after a backslash at *p into b; -1 if malformed. A quote
 * is escaped only inside quotes. */
static int
unescape_one(const char **p, struct buf *b, int quoted)
{
	const char *s = *p;
	char c;

	switch (*s) {
	case '"':
		if (!quoted)
			return -1;
		c = *s;
		break;
	case '\\':
		c = *s;
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case 'x':
		if (hex_value(s[1]) < 0 || hex_value(s[2]) < 0)
			return -1;
		c = (char)(hex_value(s[1]) * 16 + hex_value(s[2]));
		s += 2;
		break;
	default:
		return -1;
	}
	buf_add(b, &c, 1);
	*p = s + 1;
	return 0;
}

/* A quoted string at *p, unescaped; NULL if malformed. */
static char *
parse_quoted(const char **p)
{
	struct buf b = {0};
	const char *s = *p + 1;

	buf_addstr(&b, "");
	while (*s != '"') {
		if (*s == '\0' || (unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_free(&b);
			return NULL;
		}
		if (*s != '\\') {
			buf_add(&b, s++, 1);
			continue;
		}
		s++;
		if (unescape_one(&s, &b, 1) != 0) {
			buf_free(&b);
			return NULL;
		}
	}
	*p = s + 1;
	return b.data;
}

/* A bare word up to a space, or a quoted string, at *p. NULL if bad. */
static char *
parse_value(const char **p)
{
	const char *s = *p;
	size_t len;

	if (*s == '"')
		return parse_quoted(p);
	len = strcspn(s, " ");
	if (len == 0)
		return NULL;
	*p = s + len;
	return xstrndup(s, len);
}

/* " key=" then a value at *p into *out; -1 if missing or bad. */
static int
parse_field(const char **p, const char *key, char **out)
{
	size_t len = strlen(key);

	if (**p != ' ' || strncmp(*p + 1, key, len) != 0 ||
	    (*p)[len + 1] != '=')
		return -1;
	*p += len + 2;
	*out = parse_value(p);
	return *out != NULL ? 0 : -1;
}

/* A continuation line's text (after the tab), unescaped, appended to b
 * after a newline; -1 if malformed. */
static int
parse_continuation(const char *s, struct buf *b)
{
	buf_addstr(b, "\n");
	while (*s != '\0' && *s != '\n') {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return -1;
		if (*s != '\\') {
			buf_add(b, s++, 1);
			continue;
		}
		s++;
		if (unescape_one(&s, b, 0) != 0)
			return -1;
	}
	return 0;
}

/* " more=N" and N lines of "\n\t..." at *p, appended to e->shell. */
static int
parse_more(const char **p, struct entry *e)
{
	struct buf b = {0};
	const char *s = *p;
	long n;
	char *end;

	if (strncmp(s, " more=", 6) != 0)
		return -1;
	n = strtol(s + 6, &end, 10);
	if (end == s + 6 || n <= 0)
		return -1;
	buf_addstr(&b, e->shell);
	for (s = end; n > 0; n--) {
		if (s[0] != '\n' || s[1] != '\t' ||
		    parse_continuation(s + 2, &b) != 0) {
			buf_free(&b);
			return -1;
		}
		s += 2 + strcspn(s + 2, "\n");
	}
	free(e->shell);
	e->shell = b.data;
	*p = s;
	return 0;
}

/* "2026-11-22T03:50:00Z user=... result=... [more=N\n\t...]" (one entry,
 * continuation lines included, no final newline) into e; -1 if
 * malformed. */
static int
parse_line(const char *line, struct entry *e)
{
	const char *p = line;
	int i;

	memset(e, 0, sizeof *e);
	for (i = 0; i < 20; i++) {
		if (strchr("0123456789", p[i]) == NULL && i != 4 && i != 7 &&
		    i != 10 && i != 13 && i != 16 && i != 19)
			return -1;
		if (p[i] == '\0')
			return -1;
	}
	if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' ||
	    p[16] != ':' || p[19] != 'Z')
		return -1;
	p += 20;
	if (parse_field(&p, "user", &e->user) != 0 ||
	    parse_field(&p, "host", &e->host) != 0 ||
	    parse_field(&p, "sysroot", &e->sysroot) != 0 ||
	    parse_field(&p, "target", &e->target) != 0 ||
	    parse_field(&p, "command", &e->command) != 0 ||
	    parse_field(&p, "shell", &e->shell) != 0 ||
	    parse_field(&p, "result", &e->result) != 0 ||
	    (*p != '\0' && parse_more(&p, e) != 0) || *p != '\0') {
		entry_clear(e);
		return -1;
	}
	return 0;
}

/* The log's entries, a line each with its continuation lines (those
 * starting with a tab) joined on; free with string_list_free. Checks the
 * final newline. */
static char **
read_lines(const char *path, size_t *n)
{
	char *text = unit_read_file(path, NULL), **lines, **entries = NULL;
	size_t len, count = 0, i;
	struct buf b = {0};

	*n = 0;
	if (text == NULL)
		return NULL;
	len = strlen(text);
	CU_ASSERT(len == 0 || text[len - 1] == '\n');
	free(text);
	lines = unit_read_lines(path, &count);
	for (i = 0; i < count; i++) {
		if (lines[i][0] == '\t' && b.data != NULL) {
			buf_printf(&b, "\n%s", lines[i]);
			continue;
		}
		if (b.data != NULL) {
			strv_push(&entries, n, b.data);
			buf_free(&b);
			memset(&b, 0, sizeof b);
		}
		buf_addstr(&b, lines[i]);
	}
	if (b.data != NULL) {
		strv_push(&entries, n, b.data);
		buf_free(&b);
	}
	string_list_free(lines, count);
	return entries;
}

static char *
expected_user(void)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL)
		return xstrdup(pw->pw_name);
	return xasprintf("%lu", (unsigned long)geteuid());
}

/* Set or unset an environment variable, returning its old value. */
static char *
env_swap(const char *name, const char *value)
{
	const char *old = getenv(name);
	char *saved = old != NULL ? xstrdup(old) : NULL;

	if (value != NULL)
		setenv(name, value, 1);
	else
		unsetenv(name);
	return saved;
}

static void
env_restore(const char *name, char *saved)
{
	if (saved != NULL)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

static void
check_path(const char *want)
{
	char *path = audit_path();

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_STRING_EQUAL(path, want);
	free(path);
}

static void
test_path(void)
{
	char *state = env_swap("XDG_STATE_HOME", "/x/state");
	char *home = env_swap("HOME", "/home/u");

	audit_set_path(NULL);
	check_path("/x/state/rackcon/audit.log");
	setenv("XDG_STATE_HOME", "relative/state", 1);
	check_path("/home/u/.local/state/rackcon/audit.log");
	unsetenv("XDG_STATE_HOME");
	check_path("/home/u/.local/state/rackcon/audit.log");
	audit_set_path("/var/log/rackcon-audit.log");
	check_path("/var/log/rackcon-audit.log");
	audit_set_path(NULL);
	check_path("/home/u/.local/state/rackcon/audit.log");
	env_restore("HOME", home);
	env_restore("XDG_STATE_HOME", state);
}

static void
test_creates_private(void)
{
	char dir[] = "/tmp/rackcon-audit-XXXXXX";
	char *base, *state, *rdir, *path, *saved;
	struct stat st;
	mode_t mask;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	base = xasprintf("%s/state", dir);
	rdir = xasprintf("%s/state/rackcon", dir);
	path = xasprintf("%s/state/rackcon/audit.log", dir);
	saved = env_swap("XDG_STATE_HOME", base);
	state = audit_path();
	CU_ASSERT_STRING_EQUAL(state, path);
	audit_set_syslog(0);
	mask = umask(022);
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "sda", "disk-test sda", "true", "ok", NULL), 0);
	umask(mask);
	CU_ASSERT_FATAL(stat(rdir, &st) == 0);
	CU_ASSERT(S_ISDIR(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
	CU_ASSERT_FATAL(stat(path, &st) == 0);
	CU_ASSERT(S_ISREG(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	env_restore("XDG_STATE_HOME", saved);
	unlink(path);
	rmdir(rdir);
	rmdir(base);
	rmdir(dir);
	free(state);
	free(path);
	free(rdir);
	free(base);
}

static void
test_line_format(void)
{
	struct unit_audit_log t;
	struct entry e;
	char **lines, *user = expected_user();
	size_t n;

	unit_audit_log_init(&t, "audit");
	CU_ASSERT_EQUAL(audit_record("lab-b", "/tmp/fixture", "sdb",
	    "disk-set-timeout sdb 180",
	    "echo 180 > /sys/block/sdb/device/timeout", "ok", NULL), 0);
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "sda", "disk-set-erc sda 70 70",
	    "smartctl -q errorsonly -l scterc,70,70 /dev/sda",
	    "failed: not installed", NULL), 0);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[0], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.user, user);
	CU_ASSERT_STRING_EQUAL(e.host, "lab-b");
	CU_ASSERT_STRING_EQUAL(e.sysroot, "/tmp/fixture");
	CU_ASSERT_STRING_EQUAL(e.target, "sdb");
	CU_ASSERT_STRING_EQUAL(e.command, "disk-set-timeout sdb 180");
	CU_ASSERT_STRING_EQUAL(e.shell,
	    "echo 180 > /sys/block/sdb/device/timeout");
	CU_ASSERT_STRING_EQUAL(e.result, "ok");
	CU_ASSERT_STRING_EQUAL(strchr(lines[0], ' ') + 1 + strlen("user=") +
	    strlen(user), " host=lab-b sysroot=/tmp/fixture target=sdb "
	    "command=\"disk-set-timeout sdb 180\" "
	    "shell=\"echo 180 > /sys/block/sdb/device/timeout\" "
	    "result=\"ok\"");
	entry_clear(&e);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[1], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.result, "failed: not installed");
	CU_ASSERT_STRING_EQUAL(e.host, "local");
	CU_ASSERT_STRING_EQUAL(e.sysroot, "/");
	entry_clear(&e);
	string_list_free(lines, n);
	free(user);
	unit_audit_log_clear(&t);
}

static void
test_escaping(void)
{
	const char *command = "say \"hi\" C:\\dir";
	const char *shell = "(set -C; cat > /x) <<'EOF'\nA \"b\"\r\tc \\\nEOF";
	const char *result = "failed: bell\a del\x7f é";
	struct unit_audit_log t;
	struct entry e;
	char **lines, *text;
	size_t n;

	unit_audit_log_init(&t, "audit");
	CU_ASSERT_EQUAL(audit_record(NULL, "/tmp/a b", "udev rule", command, shell,
	    result, NULL), 0);
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, NULL, NULL, NULL, NULL, NULL), 0);
	/* The here-document's lines stay lines, after a tab each. */
	text = unit_read_file(t.path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, " sysroot=\"/tmp/a b\" "
	    "target=\"udev rule\" command=\"say \\\"hi\\\" C:\\\\dir\" "
	    "shell=\"(set -C; cat > /x) <<'EOF'\" result=\"failed: bell\\x07 "
	    "del\\x7f é\" more=2\n\tA \"b\"\\r\\tc \\\\\n\tEOF\n"));
	free(text);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[0], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.sysroot, "/tmp/a b");
	CU_ASSERT_STRING_EQUAL(e.target, "udev rule");
	CU_ASSERT_STRING_EQUAL(e.command, command);
	CU_ASSERT_STRING_EQUAL(e.shell, shell);
	CU_ASSERT_STRING_EQUAL(e.result, result);
	entry_clear(&e);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[1],
	    " target=- command=\"\" shell=\"\" result=\"\""));
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[1], &e), 0);
	entry_clear(&e);
	string_list_free(lines, n);
	unit_audit_log_clear(&t);
}

/* A long here-document (the udev rule) is as many lines as it has, none
 * longer than the longest of its own plus the escapes. */
static void
test_long_payload(void)
{
	struct unit_audit_log t;
	struct buf shell = {0};
	struct entry e;
	char **lines, **raw;
	size_t n, i;
	int k;

	buf_addstr(&shell, "(set -C; cat > /etc/udev/rules.d/60-x.rules) "
	    "<<'EOF'");
	for (k = 0; k < 40; k++)
		buf_printf(&shell, "\nACTION==\"add\", KERNEL==\"sd%c\", "
		    "ATTR{device/timeout}=\"180\"", 'a' + k % 26);
	buf_addstr(&shell, "\nEOF");
	unit_audit_log_init(&t, "audit");
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "udev-rule", "disks-raid-safe-"
	    "timeouts --udev-rule", shell.data, "ok", NULL), 0);
	raw = unit_read_lines(t.path, &n);
	CU_ASSERT_EQUAL(n, 42);
	for (i = 1; i < n; i++) {
		CU_ASSERT(raw[i][0] == '\t');
		CU_ASSERT(strlen(raw[i]) < 80);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(raw[0], " more=41"));
	string_list_free(raw, n);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[0], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.shell, shell.data);
	entry_clear(&e);
	string_list_free(lines, n);
	buf_free(&shell);
	unit_audit_log_clear(&t);
}

static void *
audit_thread(void *arg)
{
	int id = *(int *)arg, i;
	char *command;

	for (i = 0; i < AUDIT_LINES; i++) {
		command = xasprintf("thread %d line %d", id, i);
		audit_record(NULL, NULL, "sda", command,
		    "echo x > /sys/block/sda/x\nmore", "ok", NULL);
		free(command);
	}
	return NULL;
}

static void
test_threads(void)
{
	pthread_t threads[AUDIT_THREADS];
	int ids[AUDIT_THREADS], seen[AUDIT_THREADS][AUDIT_LINES];
	int bad = 0, dup = 0, missing = 0, id, line, i, j;
	struct unit_audit_log t;
	struct entry e;
	char **lines;
	size_t n, k;

	unit_audit_log_init(&t, "audit");
	memset(seen, 0, sizeof seen);
	for (i = 0; i < AUDIT_THREADS; i++) {
		ids[i] = i;
		CU_ASSERT_FATAL(pthread_create(&threads[i], NULL, audit_thread,
		    &ids[i]) == 0);
	}
	for (i = 0; i < AUDIT_THREADS; i++)
		pthread_join(threads[i], NULL);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL(n, AUDIT_THREADS * AUDIT_LINES);
	for (k = 0; k < n; k++) {
		if (parse_line(lines[k], &e) != 0 ||
		    sscanf(e.command, "thread %d line %d", &id, &line) != 2 ||
		    id < 0 || id >= AUDIT_THREADS || line < 0 ||
		    line >= AUDIT_LINES) {
			bad++;
			entry_clear(&e);
			continue;
		}
		dup += seen[id][line]++ > 0;
		entry_clear(&e);
	}
	for (i = 0; i < AUDIT_THREADS; i++) {
		for (j = 0; j < AUDIT_LINES; j++)
			missing += seen[i][j] == 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(dup, 0);
	CU_ASSERT_EQUAL(missing, 0);
	string_list_free(lines, n);
	unit_audit_log_clear(&t);
}

/* audit_check() and audit_record(NULL, ) both refuse the log at path, saying
 * why (want in the message), and nothing is written through it. */
static void
check_refused(const char *path, const char *want)
{
	char *cause = NULL;

	audit_set_path(path);
	CU_ASSERT_EQUAL(audit_check(&cause), -1);
	CHECK_CONTAINS(cause, want, "audit_check cause");
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "sda", "c", "s", "ok", &cause), -1);
	CHECK_CONTAINS(cause, want, "audit_record cause");
	free(cause);
}

static void
test_unwritable(void)
{
	struct unit_audit_log t;
	char *file, *below, *link, *data;

	unit_audit_log_init(&t, "audit");
	/* A path under a regular file cannot be created. */
	file = xasprintf("%s/file", t.dir);
	below = xasprintf("%s/file/audit.log", t.dir);
	CU_ASSERT_FATAL(fclose(fopen(file, "w")) == 0);
	check_refused(below, "Not a directory");
	/* A symbolic link is never followed. */
	link = xasprintf("%s/link.log", t.dir);
	CU_ASSERT_FATAL(symlink(file, link) == 0);
	check_refused(link, "is a symbolic link, not a regular file");
	data = unit_read_file(file, NULL);
	CU_ASSERT_STRING_EQUAL(data, "");
	free(data);
	/* Nor is a directory written. */
	check_refused(t.dir, "is a directory, not a regular file");
	/* Nor a device: /dev/full would take nothing. */
	check_refused("/dev/full", "/dev/full is a character device");
	check_refused("/dev/null", "/dev/null is a character device");
	unlink(link);
	unlink(file);
	free(link);
	free(below);
	free(file);
	unit_audit_log_clear(&t);
}

/* A FIFO, with and without a reader, is refused at once (a blocking open
 * would hang the worker; the alarm ends the run if it does). */
static void
test_fifo(void)
{
	struct unit_audit_log t;
	char *fifo;
	int fd;

	unit_audit_log_init(&t, "audit");
	fifo = xasprintf("%s/fifo", t.dir);
	CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
	alarm(10);
	check_refused(fifo, "is a FIFO, not a regular file");
	fd = open(fifo, O_RDONLY | O_NONBLOCK);
	CU_ASSERT(fd != -1);
	check_refused(fifo, "is a FIFO, not a regular file");
	alarm(0);
	if (fd != -1)
		close(fd);
	unlink(fifo);
	free(fifo);
	unit_audit_log_clear(&t);
}

/* A file the user may not write: refused with the reason. root may write
 * any file, so as root the check runs in a child as nobody. */
static void
test_read_only(void)
{
	struct unit_audit_log t;
	char *cause = NULL;
	pid_t pid;
	int status, rc;

	unit_audit_log_init(&t, "audit");
	CU_ASSERT_FATAL(fclose(fopen(t.path, "w")) == 0);
	CU_ASSERT(chmod(t.path, 0444) == 0);
	CU_ASSERT(chmod(t.dir, 0755) == 0);
	if (geteuid() != 0) {
		check_refused(t.path, "Permission denied");
		unit_audit_log_clear(&t);
		return;
	}
	pid = fork();
	CU_ASSERT_FATAL(pid != -1);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		rc = audit_check(&cause);
		_exit(rc == -1 && cause != NULL &&
		    strstr(cause, "Permission denied") != NULL ? 0 :
		    rc == 0 ? 1 : 2);
	}
	CU_ASSERT_FATAL(waitpid(pid, &status, 0) == pid);
	CU_ASSERT(WIFEXITED(status));
	CHECK_LL(WEXITSTATUS(status), 0, "child: 0 refused, 1 accepted");
	unit_audit_log_clear(&t);
}

/* An entry that does not fit (a full disk; here a file size limit) is
 * not left half written: the file is as it was. */
static void
test_whole_or_nothing(void)
{
	struct unit_audit_log t;
	struct rlimit old, small;
	struct stat st;
	char *cause = NULL, *before, *after;
	void (*old_handler)(int);
	int rc;

	unit_audit_log_init(&t, "audit");
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "sda", "first", "s", "ok", NULL),
	    0);
	CU_ASSERT_FATAL(stat(t.path, &st) == 0);
	before = unit_read_file(t.path, NULL);
	CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old) == 0);
	small = old;
	small.rlim_cur = (rlim_t)st.st_size + 20;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &small) == 0);
	rc = audit_record(NULL, NULL, "sda", "second, too long for the limit", "s",
	    "ok", &cause);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	after = unit_read_file(t.path, NULL);
	CU_ASSERT_STRING_EQUAL(after, before);
	free(after);
	free(before);
	free(cause);
	unit_audit_log_clear(&t);
}

/* --no-audit: nothing is written, and nothing is refused. */
static void
test_no_file(void)
{
	struct unit_audit_log t;
	struct stat st;

	unit_audit_log_init(&t, "audit");
	audit_set_file(0);
	CU_ASSERT_EQUAL(audit_check(NULL), 0);
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, "sda", "c", "s", "ok", NULL), 0);
	audit_set_file(1);
	CU_ASSERT(stat(t.path, &st) != 0);
	unit_audit_log_clear(&t);
}

static void
audit_add_tests(CU_pSuite s)
{
	CU_add_test(s, "path", test_path);
	CU_add_test(s, "creates private dirs and file", test_creates_private);
	CU_add_test(s, "line format", test_line_format);
	CU_add_test(s, "escaping", test_escaping);
	CU_add_test(s, "threads", test_threads);
	CU_add_test(s, "unwritable", test_unwritable);
	CU_add_test(s, "long payload keeps its lines", test_long_payload);
	CU_add_test(s, "a FIFO does not hang", test_fifo);
	CU_add_test(s, "read-only file", test_read_only);
	CU_add_test(s, "entry whole or not at all", test_whole_or_nothing);
	CU_add_test(s, "--no-audit", test_no_file);
}
