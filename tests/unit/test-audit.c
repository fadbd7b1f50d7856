/* Unit tests for the audit log: path, modes, line format, escaping, threads. */
#include "config.h"

#include <sys/stat.h>

#include <pthread.h>
#include <pwd.h>
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
	char *target;
	char *command;
	char *shell;
	char *result;
};

static void
entry_clear(struct entry *e)
{
	free(e->user);
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

/* One escape after a backslash at *p into b; -1 if malformed. */
static int
unescape_one(const char **p, struct buf *b)
{
	const char *s = *p;
	char c;

	switch (*s) {
	case '"':
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
		if (unescape_one(&s, &b) != 0) {
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

/* "2026-11-22T03:50:00Z user=... result=..." into e; -1 if malformed. */
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
	    parse_field(&p, "target", &e->target) != 0 ||
	    parse_field(&p, "command", &e->command) != 0 ||
	    parse_field(&p, "shell", &e->shell) != 0 ||
	    parse_field(&p, "result", &e->result) != 0 || *p != '\0') {
		entry_clear(e);
		return -1;
	}
	return 0;
}

/* The log's lines; free with string_list_free. Checks the final newline. */
static char **
read_lines(const char *path, size_t *n)
{
	char *text = unit_read_file(path, NULL);
	size_t len;

	if (text != NULL) {
		len = strlen(text);
		CU_ASSERT(len == 0 || text[len - 1] == '\n');
	}
	free(text);
	return unit_read_lines(path, n);
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
	CU_ASSERT_EQUAL(audit_record("sda", "disk-test sda", "true", "ok"), 0);
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
	CU_ASSERT_EQUAL(audit_record("sdb", "disk-set-timeout sdb 180",
	    "echo 180 > /sys/block/sdb/device/timeout", "ok"), 0);
	CU_ASSERT_EQUAL(audit_record("sda", "disk-set-erc sda 70 70",
	    "smartctl -q errorsonly -l scterc,70,70 /dev/sda",
	    "failed: not installed"), 0);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[0], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.user, user);
	CU_ASSERT_STRING_EQUAL(e.target, "sdb");
	CU_ASSERT_STRING_EQUAL(e.command, "disk-set-timeout sdb 180");
	CU_ASSERT_STRING_EQUAL(e.shell,
	    "echo 180 > /sys/block/sdb/device/timeout");
	CU_ASSERT_STRING_EQUAL(e.result, "ok");
	CU_ASSERT_STRING_EQUAL(strchr(lines[0], ' ') + 1 + strlen("user=") +
	    strlen(user), " target=sdb command=\"disk-set-timeout sdb 180\" "
	    "shell=\"echo 180 > /sys/block/sdb/device/timeout\" "
	    "result=\"ok\"");
	entry_clear(&e);
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[1], &e), 0);
	CU_ASSERT_STRING_EQUAL(e.result, "failed: not installed");
	entry_clear(&e);
	string_list_free(lines, n);
	free(user);
	unit_audit_log_clear(&t);
}

static void
test_escaping(void)
{
	const char *command = "say \"hi\" C:\\dir";
	const char *shell = "(set -C; cat > /x) <<'EOF'\nA \"b\"\r\tc\nEOF";
	const char *result = "failed: bell\a del\x7f é";
	struct unit_audit_log t;
	struct entry e;
	char **lines;
	size_t n;

	unit_audit_log_init(&t, "audit");
	CU_ASSERT_EQUAL(audit_record("udev rule", command, shell, result), 0);
	CU_ASSERT_EQUAL(audit_record(NULL, NULL, NULL, NULL), 0);
	lines = read_lines(t.path, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(lines[0], " target=\"udev rule\" "
	    "command=\"say \\\"hi\\\" C:\\\\dir\" shell=\"(set -C; cat > /x) "
	    "<<'EOF'\\nA \\\"b\\\"\\r\\tc\\nEOF\" result=\"failed: bell\\x07 "
	    "del\\x7f é\""));
	CU_ASSERT_EQUAL_FATAL(parse_line(lines[0], &e), 0);
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

static void *
audit_thread(void *arg)
{
	int id = *(int *)arg, i;
	char *command;

	for (i = 0; i < AUDIT_LINES; i++) {
		command = xasprintf("thread %d line %d", id, i);
		audit_record("sda", command, "echo x > /sys/block/sda/x\nmore",
		    "ok");
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
	audit_set_path(below);
	CU_ASSERT_EQUAL(audit_record("sda", "c", "s", "ok"), -1);
	/* A symbolic link is never followed. */
	link = xasprintf("%s/link.log", t.dir);
	CU_ASSERT_FATAL(symlink(file, link) == 0);
	audit_set_path(link);
	CU_ASSERT_EQUAL(audit_record("sda", "c", "s", "ok"), -1);
	data = unit_read_file(file, NULL);
	CU_ASSERT_STRING_EQUAL(data, "");
	free(data);
	/* Nor is a directory written. */
	audit_set_path(t.dir);
	CU_ASSERT_EQUAL(audit_record("sda", "c", "s", "ok"), -1);
	unlink(link);
	unlink(file);
	free(link);
	free(below);
	free(file);
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
}
