/* Runs the CUnit suites registered by tests/unit/test-*.c, and holds the
 * helpers they share (unit.h). */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "audit.h"
#include "change.h"
#include "md.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

struct unit_suite {
	const char *name;
	void (*add)(CU_pSuite);
};

static struct unit_suite suites[128];
static size_t suite_count;

void
unit_add_suite(const char *name, void (*add)(CU_pSuite))
{
	if (suite_count == sizeof suites / sizeof suites[0])
		fatal("too many unit suites");
	suites[suite_count].name = name;
	suites[suite_count].add = add;
	suite_count++;
}

char *
unit_corpus_path(const char *rel)
{
	const char *dir = getenv("CORPUS_DIR");

	return xasprintf("%s/%s", dir != NULL ? dir : CORPUS_DIR, rel);
}

char *
unit_fixture_path(const char *rel)
{
	return xasprintf("%s/%s", FIXTURE_DIR, rel);
}

char *
unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			data = xreallocarray(data, cap, 1);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len != NULL)
		*len = n;
	return data;
}

char **
unit_read_lines(const char *path, size_t *n)
{
	char *text = unit_read_file(path, NULL), **lines, **copy = NULL;
	size_t count, i;

	*n = 0;
	if (text == NULL)
		return NULL;
	count = split_lines(text, &lines);
	for (i = 0; i < count; i++)
		strv_push(&copy, n, lines[i]);
	free(lines);
	free(text);
	return copy;
}

char *
unit_corpus_text(const char *rel)
{
	char *path = unit_corpus_path(rel), *text;

	text = unit_read_file(path, NULL);
	if (text == NULL)
		fprintf(stderr, "\ncannot read %s\n", path);
	free(path);
	return text;
}

size_t
unit_tsv_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *tab;

	while (n < max) {
		fields[n++] = line;
		tab = strchr(line, '\t');
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

/* --- assertions ---------------------------------------------------------- */

int
unit_same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *
or_null(const char *s)
{
	return s != NULL ? s : "(null)";
}

void
unit_check_str(const char *got, const char *want, const char *what,
    const char *file, int line)
{
	int ok = unit_same_str(got, want);

	if (!ok)
		fprintf(stderr, "\n%s:%d: %s is '%s', want '%s'\n", file, line,
		    what, or_null(got), or_null(want));
	CU_assertImplementation(ok, (unsigned)line, what, file, "", CU_FALSE);
}

void
unit_check_ll(long long got, long long want, const char *what,
    const char *file, int line)
{
	int ok = got == want;

	if (!ok)
		fprintf(stderr, "\n%s:%d: %s is %lld, want %lld\n", file, line,
		    what, got, want);
	CU_assertImplementation(ok, (unsigned)line, what, file, "", CU_FALSE);
}

void
unit_check_dbl(double got, double want, const char *what, const char *file,
    int line)
{
	int ok = fabs(got - want) <= 1e-9 * (fabs(want) > 1 ? fabs(want) : 1);

	if (!ok)
		fprintf(stderr, "\n%s:%d: %s is %.12g, want %.12g\n", file,
		    line, what, got, want);
	CU_assertImplementation(ok, (unsigned)line, what, file, "", CU_FALSE);
}

void
unit_check_contains(const char *got, const char *want, const char *what,
    const char *file, int line)
{
	int ok = got != NULL && strstr(got, want) != NULL;

	if (!ok)
		fprintf(stderr, "\n%s:%d: %s is '%s', want it to hold '%s'\n",
		    file, line, what, or_null(got), want);
	CU_assertImplementation(ok, (unsigned)line, what, file, "", CU_FALSE);
}

/* --- argv, processes and directories ------------------------------------- */

char **
unit_argv(const char *first, ...)
{
	char **argv = NULL;
	size_t n = 0;
	const char *a;
	va_list ap;

	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *))
		strv_push(&argv, &n, a);
	va_end(ap);
	argv = xreallocarray(argv, n + 1, sizeof *argv);
	argv[n] = NULL;
	return argv;
}

void
unit_argv_free(char **argv)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	string_list_free(argv, n);
}

int
unit_run_quiet(char *const argv[])
{
	pid_t pid = fork();
	int status, fd;

	if (pid == -1)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *
unit_temp_dir(const char *what)
{
	char *tmpl = xasprintf("/tmp/rackcon-%s-XXXXXX", what);

	if (mkdtemp(tmpl) != NULL)
		return tmpl;
	free(tmpl);
	return NULL;
}

void
unit_make_dirs(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel), *p;

	for (p = path + strlen(dir) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
	free(path);
}

void
unit_remove_tree(const char *dir)
{
	char rm[] = "/bin/rm", rf[] = "-rf", *path;
	char *argv[] = { rm, rf, NULL, NULL };

	if (dir == NULL)
		return;
	path = xstrdup(dir);
	argv[2] = path;
	unit_run_quiet(argv);
	free(path);
}

void
unit_put_file(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL(f);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

void
unit_put_link(const char *dir, const char *rel, const char *target)
{
	char *path = xasprintf("%s/%s", dir, rel);

	CU_ASSERT_EQUAL(symlink(target, path), 0);
	free(path);
}

void
unit_audit_log_init(struct unit_audit_log *a, const char *what)
{
	snprintf(a->dir, sizeof a->dir, "/tmp/rackcon-%s-XXXXXX", what);
	CU_ASSERT_FATAL(mkdtemp(a->dir) != NULL);
	a->path = xasprintf("%s/audit.log", a->dir);
	audit_set_syslog(0);
	audit_set_path(a->path);
}

void
unit_audit_log_clear(struct unit_audit_log *a)
{
	audit_set_path(NULL);
	unlink(a->path);
	rmdir(a->dir);
	free(a->path);
}

/* --- command plans ------------------------------------------------------- */

void
unit_plan_sentinel(struct change_plan *p)
{
	memset(p, 0, sizeof *p);
	p->step_count = 12345;
}

void
unit_check_refusal(int rc, char *cause, const struct change_plan *p,
    const char *want)
{
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_STRING_EQUAL(cause, want);
	CU_ASSERT_EQUAL(p->step_count, 12345);
	CU_ASSERT_PTR_NULL(p->steps);
	free(cause);
}

void
unit_check_write(const struct change_step *s, const char *target,
    const char *path, const char *data, const char *shell)
{
	CU_ASSERT_EQUAL_FATAL(s->kind, STEP_WRITE);
	CU_ASSERT_STRING_EQUAL(s->target, target);
	CU_ASSERT_STRING_EQUAL(s->path, path);
	CU_ASSERT_STRING_EQUAL(s->data, data);
	CU_ASSERT_STRING_EQUAL(s->shell, shell);
}

void
unit_check_note(const struct change_step *s, const char *target,
    const char *note)
{
	CU_ASSERT_EQUAL(s->kind, STEP_NOTE);
	CU_ASSERT_STRING_EQUAL(s->target, target);
	CU_ASSERT_STRING_EQUAL(s->note, note);
}

/* --- the RAID model ------------------------------------------------------ */

char *
unit_md_missing_text(const struct md_array *a)
{
	struct buf b = { 0 };
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < a->missing_count; i++)
		buf_printf(&b, "%s%d", i > 0 ? "," : "", a->missing[i]);
	return b.data;
}

/* --- the runner ---------------------------------------------------------- */

static int
wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], name) == 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned failed;
	size_t i;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (i = 0; i < suite_count; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		s = CU_add_suite(suites[i].name, NULL, NULL);
		if (s == NULL)
			return 2;
		suites[i].add(s);
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	printf("\nunit: %u passed, %u failed\n",
	    CU_get_number_of_tests_run() - CU_get_number_of_tests_failed(),
	    CU_get_number_of_tests_failed());
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
}

/* --- the covering transport (unit.h) -------------------------------------- */

static int
covered_by(const char *const *patterns, const char *path)
{
	size_t i;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++) {
		if (fnmatch(patterns[i], path, FNM_PATHNAME | FNM_PERIOD) == 0)
			return 1;
	}
	return 0;
}

/* Whether an open prefetch names path: kind 'F' (files and binary), 'D'
 * or 'L'. */
static int
covering_names(const struct unit_covering *c, char kind, const char *path)
{
	const struct transport_prefetch *sp;
	size_t i;

	for (i = 0; i < c->open; i++) {
		sp = c->specs[i];
		if (kind == 'F' ? covered_by(sp->files, path) ||
		                      covered_by(sp->binary, path)
		    : kind == 'D' ? covered_by(sp->dirs, path)
		                  : covered_by(sp->links, path))
			return 1;
	}
	return 0;
}

static void
covering_note(struct unit_covering *c, char kind, const char *path)
{
	char *what;

	c->alone += c->open == 0;
	if (c->open == 0 || covering_names(c, kind, path)) {
		c->reads += c->open > 0;
		return;
	}
	what = xasprintf("%s %s", kind == 'F' ? "file" : kind == 'D' ? "dir"
	                                       : "link", path);
	strv_push(&c->uncovered, &c->uncovered_count, what);
	free(what);
}

static int
covering_read_file(struct transport *t, const char *path, char **data,
                   size_t *len, char **cause)
{
	struct unit_covering *c = (struct unit_covering *)t;

	covering_note(c, 'F', path);
	return c->inner->ops->read_file(c->inner, path, data, len, cause);
}

static int
covering_list_dir(struct transport *t, const char *path, char ***names,
                  size_t *count, char **cause)
{
	struct unit_covering *c = (struct unit_covering *)t;

	covering_note(c, 'D', path);
	return c->inner->ops->list_dir(c->inner, path, names, count, cause);
}

static int
covering_read_link(struct transport *t, const char *path, char **target,
                   char **cause)
{
	struct unit_covering *c = (struct unit_covering *)t;

	covering_note(c, 'L', path);
	return c->inner->ops->read_link(c->inner, path, target, cause);
}

static int
covering_run(struct transport *t, char *const argv[], const char *input,
             int timeout_ms, struct run_result *result, char **cause)
{
	struct unit_covering *c = (struct unit_covering *)t;

	return c->inner->ops->run(c->inner, argv, input, timeout_ms, result,
	                          cause);
}

static int
covering_prefetch(struct transport *t, const struct transport_prefetch *spec,
                  char **cause)
{
	struct unit_covering *c = (struct unit_covering *)t;
	size_t i;

	/* As the SSH transport: nothing asked for what an open one named. */
	for (i = 0; i < c->open; i++) {
		if (transport_prefetch_within(spec, c->specs[i]))
			return 0;
	}
	if (c->open == sizeof c->specs / sizeof c->specs[0]) {
		*cause = xstrdup("covering: too many prefetches open");
		return -1;
	}
	c->specs[c->open++] = spec;
	c->prefetches++;
	return 0;
}

static void
covering_prefetch_end(struct transport *t)
{
	((struct unit_covering *)t)->open = 0;
}

static const struct transport_ops covering_ops = {
    .read_file = covering_read_file,
    .list_dir = covering_list_dir,
    .read_link = covering_read_link,
    .run = covering_run,
    .prefetch = covering_prefetch,
    .prefetch_end = covering_prefetch_end,
};

void
unit_covering_init(struct unit_covering *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->base.ops = &covering_ops;
	strcpy(c->description, "covering");
	c->base.description = c->description;
	c->inner = transport_local_new(root);
}

void
unit_covering_clear(struct unit_covering *c)
{
	string_list_free(c->uncovered, c->uncovered_count);
	transport_free(c->inner);
	memset(c, 0, sizeof *c);
}

void
unit_check_prefetch(const struct plugin_descriptor *pd, const char *root,
                    const int *flags, const unsigned *prefetches, size_t n,
                    const char *what)
{
	struct plugin_host host = {
	    .abi = PLUGIN_ABI,
	    .command_timeout_ms = 20000,
	    .slow_interval_s = 3600,
	};
	struct unit_covering c;
	char *cause = NULL;
	void *h, *snap;
	unsigned before;
	size_t i;

	unit_covering_init(&c, root);
	host.transport = &c.base;
	h = pd->open(&host, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < n; i++) {
		before = c.prefetches;
		snap = pd->snapshot(h, flags[i], NULL, &cause);
		CU_ASSERT_PTR_NOT_NULL(snap);
		if (snap != NULL)
			pd->free_snapshot(snap);
		CU_ASSERT_EQUAL(c.open, 0);
		if (c.prefetches - before != prefetches[i])
			fprintf(stderr, "\n%s: snapshot %zu (flags %#x): %u "
			        "prefetches, not %u", what, i, (unsigned)flags[i],
			        c.prefetches - before, prefetches[i]);
		CU_ASSERT_EQUAL(c.prefetches - before, prefetches[i]);
	}
	CU_ASSERT(c.reads > 10);
	for (i = 0; i < c.uncovered_count; i++)
		fprintf(stderr, "\n%s: not prefetched: %s", what,
		        c.uncovered[i]);
	CHECK_LL(c.uncovered_count, 0, "reads the prefetch does not name");
	pd->close(h);
	unit_covering_clear(&c);
	free(cause);
}
