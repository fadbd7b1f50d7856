/* Unit tests for the remote sh's protocol (backends/core/remote-sh.c), run
 * by this machine's /bin/sh as the far side's would run it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "remote-sh.h"
#include "run.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

static void add_tests(CU_pSuite s);
static int sh_run_after(char *const env[], const char *first,
                        const char *name, const char *script,
                        struct run_result *r);
UNIT_SUITE("remote-sh", add_tests)

/* /bin/sh run with env (NULL: none more) on remote_sh_init (its
 * temporary files named with name) then script: 0 with *r, or -1. */
static int
sh_run(char *const env[], const char *name, const char *script,
       struct run_result *r)
{
	return sh_run_after(env, NULL, name, script, r);
}

/* sh_run, with first (when not NULL) run by the same sh, as $$, before
 * it reads remote_sh_init and script. */
static int
sh_run_after(char *const env[], const char *first, const char *name,
             const char *script, struct run_result *r)
{
	char sh[] = "sh", opt[] = "-c", *argv[] = {sh, NULL, NULL, NULL};
	char *cause = NULL, *cmd = NULL;
	struct buf in = {0};
	int rc;

	if (first != NULL) {
		cmd = xasprintf("%s\nexec /bin/sh", first);
		argv[1] = opt;
		argv[2] = cmd;
	}
	remote_sh_init(&in, name);
	buf_addstr(&in, script);
	rc = run_argv("/bin/sh", argv, env, in.data, 20000, r, &cause);
	free(cmd);
	if (rc != 0) {
		fprintf(stderr, "\nsh: %s", cause);
		free(cause);
	}
	buf_free(&in);
	return rc;
}

/* What /bin/sh printed for remote_sh_init then script, after its ready
 * line; NULL when it did not run or said nothing ready. Caller frees. */
static char *
sh_session(const char *script, size_t *len)
{
	char name[REMOTE_SH_TOKEN_LEN + 1], *start, *out;
	struct run_result r = {0};

	remote_sh_token(name);
	if (sh_run(NULL, name, script, &r) != 0)
		return NULL;
	start = strstr(r.out, "@@rackcon-ready ");
	start = start != NULL ? strchr(start, '\n') : NULL;
	if (start == NULL) {
		fprintf(stderr, "\nsh said: %s / %s", r.out, r.err);
		free(r.out);
		free(r.err);
		return NULL;
	}
	start++;
	*len = r.out_len - (size_t)(start - r.out);
	out = xmalloc(*len + 1);
	memcpy(out, start, *len + 1);
	free(r.out);
	free(r.err);
	return out;
}

/* The answer of one request at text (more may follow): 1, 0 or -1 as
 * remote_sh_answer_parse. */
static int
parse_whole(const char *text, size_t len, const char *token,
            struct remote_sh_answer *a)
{
	struct remote_sh_scan scan = {0};

	return remote_sh_answer_parse(&scan, text, len, token, a);
}

static void
test_answers(void)
{
	static const char *const bodies[] = {
	    "printf 'a\\nb'; printf 'oops' >&2; exit 3",
	    "", /* nothing at all */
	    "printf 'x\\000y'",
	    /* output that looks like the end of an answer, with another
	     * token: not taken for it */
	    "printf '%s 0\\n' 0123456789abcdef0123456789abcdef; "
	    "printf 'still\\n'",
	    "exit 300", /* sh makes it 44 */
	};
	char tokens[5][REMOTE_SH_TOKEN_LEN + 1];
	struct remote_sh_answer a;
	struct buf script = {0};
	size_t len, i, at = 0;
	char *out;

	for (i = 0; i < 5; i++) {
		remote_sh_token(tokens[i]);
		CU_ASSERT_EQUAL(strlen(tokens[i]), REMOTE_SH_TOKEN_LEN);
		CU_ASSERT_EQUAL(strspn(tokens[i], "0123456789abcdef"),
		                REMOTE_SH_TOKEN_LEN);
		remote_sh_request(&script, bodies[i], tokens[i]);
	}
	CU_ASSERT(strcmp(tokens[0], tokens[1]) != 0);
	out = sh_session(script.data, &len);
	buf_free(&script);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);

	CU_ASSERT_EQUAL_FATAL(parse_whole(out, len, tokens[0], &a), 1);
	CU_ASSERT_EQUAL(a.status, 3);
	CU_ASSERT(a.out_len == 3 && memcmp(a.out, "a\nb", 3) == 0);
	CU_ASSERT(a.err_len == 4 && memcmp(a.err, "oops", 4) == 0);
	at += a.used;
	CU_ASSERT_EQUAL_FATAL(parse_whole(out + at, len - at, tokens[1], &a), 1);
	CU_ASSERT(a.status == 0 && a.out_len == 0 && a.err_len == 0);
	at += a.used;
	CU_ASSERT_EQUAL_FATAL(parse_whole(out + at, len - at, tokens[2], &a), 1);
	CU_ASSERT(a.out_len == 3 && memcmp(a.out, "x\0y", 3) == 0);
	at += a.used;
	CU_ASSERT_EQUAL_FATAL(parse_whole(out + at, len - at, tokens[3], &a), 1);
	CU_ASSERT(a.out_len == REMOTE_SH_TOKEN_LEN + 3 + 6);
	CU_ASSERT(a.out_len > 6 &&
	          memcmp(a.out + a.out_len - 6, "still\n", 6) == 0);
	at += a.used;
	CU_ASSERT_EQUAL_FATAL(parse_whole(out + at, len - at, tokens[4], &a), 1);
	CU_ASSERT_EQUAL(a.status, 300 & 0xff);
	at += a.used;
	CHECK_LL(at, len, "nothing after the last answer");
	free(out);
}

/* An answer that comes a byte at a time is found once, when whole. */
static void
test_answer_in_pieces(void)
{
	char token[REMOTE_SH_TOKEN_LEN + 1];
	struct remote_sh_scan scan = {0};
	struct remote_sh_answer a;
	struct buf script = {0};
	size_t len, n;
	char *out;
	int rc = 0;

	remote_sh_token(token);
	remote_sh_request(&script, "printf 'some output\\n'; echo err >&2",
	                  token);
	out = sh_session(script.data, &len);
	buf_free(&script);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (n = 1; n <= len; n++) {
		rc = remote_sh_answer_parse(&scan, out, n, token, &a);
		if (rc != 0)
			break;
	}
	CU_ASSERT_EQUAL(rc, 1);
	CHECK_LL(n, len, "found with its last byte");
	CU_ASSERT(a.out_len == 12 && memcmp(a.out, "some output\n", 12) == 0);
	CU_ASSERT(a.err_len == 4 && memcmp(a.err, "err\n", 4) == 0);
	free(out);
}

static void
test_answer_malformed(void)
{
	const char *tok = "0123456789abcdef0123456789abcdef";
	struct remote_sh_answer a;
	char text[256];

	snprintf(text, sizeof text, "out%s x\n", tok);
	CU_ASSERT_EQUAL(parse_whole(text, strlen(text), tok, &a), -1);
	snprintf(text, sizeof text, "out%s 7", tok);
	CU_ASSERT_EQUAL(parse_whole(text, strlen(text), tok, &a), 0);
	snprintf(text, sizeof text, "out%s 256\n%s\n", tok, tok);
	CU_ASSERT_EQUAL(parse_whole(text, strlen(text), tok, &a), -1);
	snprintf(text, sizeof text, "out%s 7\nerr%s", tok, tok);
	CU_ASSERT_EQUAL(parse_whole(text, strlen(text), tok, &a), 0);
	snprintf(text, sizeof text, "out%s 7\nerr%sx", tok, tok);
	CU_ASSERT_EQUAL(parse_whole(text, strlen(text), tok, &a), -1);
	snprintf(text, sizeof text, "out%s 7\nerr%s\n", tok, tok);
	CU_ASSERT_EQUAL_FATAL(parse_whole(text, strlen(text), tok, &a), 1);
	CU_ASSERT(a.status == 7 && a.out_len == 3 && a.err_len == 3);
}

/* The entries of a prefetch of spec below root, run by /bin/sh; *raw
 * (when not NULL) gets its records as they came. */
static int
prefetch_here_after(const char *before, const struct transport_prefetch *spec,
                    const char *root, struct remote_sh_entries *e,
                    struct buf *raw)
{
	char token[REMOTE_SH_TOKEN_LEN + 1], sep[REMOTE_SH_TOKEN_LEN + 1];
	struct buf body = {0}, script = {0};
	struct remote_sh_answer a;
	size_t len;
	char *out, *text;

	remote_sh_token(token);
	remote_sh_token(sep);
	if (remote_sh_prefetch_body(&body, spec, root, sep) != 0)
		return -1;
	buf_addstr(&script, before);
	buf_addstr(&script, remote_sh_prefetch_pre(spec));
	remote_sh_request(&script, body.data, token);
	buf_free(&body);
	out = sh_session(script.data, &len);
	buf_free(&script);
	if (out == NULL || parse_whole(out, len, token, &a) != 1) {
		free(out);
		return -1;
	}
	text = xmalloc(a.out_len + 1);
	memcpy(text, a.out, a.out_len);
	text[a.out_len] = '\0';
	if (raw != NULL)
		buf_add(raw, text, a.out_len);
	remote_sh_prefetch_parse(e, root, sep, text, a.out_len);
	free(text);
	free(out);
	return 0;
}

static int
prefetch_here(const struct transport_prefetch *spec, const char *root,
              struct remote_sh_entries *e, struct buf *raw)
{
	return prefetch_here_after("", spec, root, e, raw);
}

/* Whether b holds s (b may hold NUL bytes). */
static int
has(const struct buf *b, const char *s)
{
	return b->len > 0 && memmem(b->data, b->len, s, strlen(s)) != NULL;
}

/* Every path of the patterns that exists below root, as glob sees it. */
static size_t
count_matches(const char *root, const char *const *patterns, int want_dirs)
{
	size_t i, j, n = 0;
	glob_t g;
	char *p;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++) {
		p = xasprintf("%s%s", root, patterns[i]);
		if (glob(p, 0, NULL, &g) == 0) {
			for (j = 0; j < g.gl_pathc; j++) {
				struct transport *t = transport_local_new("/");
				char **names = NULL, *cause = NULL;
				size_t count = 0;
				int dir = t->ops->list_dir(t, g.gl_pathv[j],
				    &names, &count, &cause) == 0;

				string_list_free(names, count);
				free(cause);
				transport_free(t);
				n += want_dirs ? dir : 1;
			}
			globfree(&g);
		}
		free(p);
	}
	return n;
}

/* Each entry equals what the local transport reads of the same path. */
static void
check_against_local(const char *root, const struct remote_sh_entries *e,
                    const char *what)
{
	struct transport *t = transport_local_new(root);
	char *data, *cause = NULL, **names;
	size_t i, j, len, count;

	for (i = 0; i < e->n; i++) {
		const struct remote_sh_entry *x = &e->v[i];

		if (x->kind == 'F' && x->error == 0) {
			CU_ASSERT_EQUAL_FATAL(t->ops->read_file(t, x->path,
			    &data, &len, &cause), 0);
			if (len != x->len || memcmp(data, x->data, len) != 0)
				fprintf(stderr, "\n%s: %s differs", what,
				        x->path);
			CU_ASSERT(len == x->len &&
			          memcmp(data, x->data, len) == 0);
			free(data);
		} else if (x->kind == 'D') {
			CU_ASSERT_EQUAL_FATAL(t->ops->list_dir(t, x->path,
			    &names, &count, &cause), 0);
			CHECK_LL(x->name_count, count, x->path);
			for (j = 0; j < count && j < x->name_count; j++)
				CU_ASSERT_STRING_EQUAL(x->names[j], names[j]);
			string_list_free(names, count);
		} else if (x->kind == 'L') {
			CU_ASSERT_EQUAL_FATAL(t->ops->read_link(t, x->path,
			    &data, &cause), 0);
			CHECK_STR(x->data, data, x->path);
			free(data);
		}
	}
	free(cause);
	transport_free(t);
}

/* A fixture tree read by one prefetch equals its local reads, and every
 * file, directory and link the patterns name is in it. */
static void
test_prefetch_fixture(void)
{
	static const char *const files[] = {
	    "/proc/*", "/sys/block/*/size", "/sys/block/*/device/model",
	    "/sys/block/*/queue/scheduler", "/sys/block/*/*/size", NULL,
	};
	static const char *const dirs[] = {"/sys/block", "/sys/block/*", NULL};
	static const char *const links[] = {"/sys/block/*", NULL};
	static const struct transport_prefetch spec = {
	    .files = files, .dirs = dirs, .links = links,
	};
	char *root = unit_fixture_path("sysroot-disks");
	struct buf raw = {0};
	struct remote_sh_entries e;
	size_t i, nf = 0, nd = 0, nl = 0;

	CU_ASSERT_EQUAL_FATAL(prefetch_here(&spec, root, &e, &raw), 0);
	/* One cat read them all: no record of the one-by-one reads. */
	CU_ASSERT(has(&raw, "\nK\n"));
	CU_ASSERT(!has(&raw, "k!\n"));
	for (i = 0; i < e.n; i++) {
		nf += e.v[i].kind == 'F' && e.v[i].error == 0;
		nd += e.v[i].kind == 'D';
		nl += e.v[i].kind == 'L';
	}
	CU_ASSERT(nf > 20);
	CHECK_LL(nf, count_matches(root, files, 0) -
	         count_matches(root, files, 1), "files read");
	CHECK_LL(nd, count_matches(root, dirs, 1), "directories listed");
	CU_ASSERT(nl > 0);
	check_against_local(root, &e, "sysroot-disks");
	remote_sh_entries_free(&e);
	buf_free(&raw);
	free(root);
}

/*
 * A file cat cannot read (/proc/self/mem fails with EIO at offset 0): the
 * files are read again one by one, which says which one failed; text
 * without a final newline, an empty file, a name with blanks and shell
 * syntax, and bytes with NULs come out exact either way.
 */
static void
test_prefetch_fallback(void)
{
	static const char *const files[] = {"/t/*", NULL};
	static const char *const binary[] = {"/b/*", NULL};
	static const struct transport_prefetch spec = {
	    .files = files, .binary = binary,
	};
	static const char bytes[] = {'\0', '\001', '\n', (char)0xff, '\0'};
	char *dir = unit_temp_dir("remote-sh"), *path;
	struct buf raw = {0};
	const struct remote_sh_entry *x;
	struct remote_sh_entries e;
	FILE *f;
	int pass;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	unit_make_dirs(dir, "t");
	unit_make_dirs(dir, "b");
	unit_put_file(dir, "t/plain", "one\ntwo\n");
	unit_put_file(dir, "t/no-newline", "last");
	unit_put_file(dir, "t/empty", "");
	unit_put_file(dir, "t/we ird;$(x)'\"", "odd\n");
	path = xasprintf("%s/b/vpd", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(bytes, 1, sizeof bytes, f);
	fclose(f);
	free(path);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			unit_put_link(dir, "t/unreadable", "/proc/self/mem");
		CU_ASSERT_EQUAL_FATAL(prefetch_here(&spec, dir, &e, &raw), 0);
		CU_ASSERT(has(&raw, "\nK\n"));
		CU_ASSERT(has(&raw, "k!\n") == (pass == 1));
		x = remote_sh_entries_find(&e, 'F', "/t/plain");
		CU_ASSERT(x != NULL && x->error == 0 &&
		          strcmp(x->data, "one\ntwo\n") == 0);
		x = remote_sh_entries_find(&e, 'F', "/t/no-newline");
		CU_ASSERT(x != NULL && x->error == 0 && x->len == 4 &&
		          strcmp(x->data, "last") == 0);
		x = remote_sh_entries_find(&e, 'F', "/t/empty");
		CU_ASSERT(x != NULL && x->error == 0 && x->len == 0);
		x = remote_sh_entries_find(&e, 'F', "/t/we ird;$(x)'\"");
		CU_ASSERT(x != NULL && x->error == 0 &&
		          strcmp(x->data, "odd\n") == 0);
		x = remote_sh_entries_find(&e, 'F', "/b/vpd");
		CU_ASSERT(x != NULL && x->error == 0 &&
		          x->len == sizeof bytes &&
		          memcmp(x->data, bytes, sizeof bytes) == 0);
		x = remote_sh_entries_find(&e, 'F', "/t/unreadable");
		if (pass == 1)
			CU_ASSERT(x != NULL && x->error == EIO);
		CU_ASSERT_PTR_NULL(remote_sh_entries_find(&e, 'F', "/t/none"));
		remote_sh_entries_free(&e);
		buf_free(&raw);
	}
	unit_remove_tree(dir);
	free(dir);
}

/* Where find has no -printf, links are read one by one (lk): the same
 * entries, and the files and listings of the same prefetch still come. */
static void
test_prefetch_links_without_find(void)
{
	static const char *const files[] = {"/proc/partitions", NULL};
	static const char *const dirs[] = {"/sys/block", NULL};
	static const char *const links[] = {"/sys/block/*", NULL};
	static const struct transport_prefetch spec = {
	    .files = files, .dirs = dirs, .links = links,
	};
	char *root = unit_fixture_path("sysroot-disks");
	struct remote_sh_entries with, without;
	size_t i, nl = 0;

	CU_ASSERT_EQUAL_FATAL(prefetch_here(&spec, root, &with, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(prefetch_here_after("fp=0\n", &spec, root,
	                                          &without, NULL), 0);
	CHECK_LL(without.n, with.n, "entries without find -printf");
	for (i = 0; i < with.n && i < without.n; i++) {
		CU_ASSERT_EQUAL(with.v[i].kind, without.v[i].kind);
		CHECK_STR(without.v[i].path, with.v[i].path, "path");
		nl += with.v[i].kind == 'L';
	}
	CU_ASSERT(nl > 0);
	CU_ASSERT_PTR_NOT_NULL(remote_sh_entries_find(&without, 'F',
	                                              "/proc/partitions"));
	check_against_local(root, &without, "without find -printf");
	remote_sh_entries_free(&with);
	remote_sh_entries_free(&without);
	free(root);
}

/* More files than one command line holds (xargs runs cat more than once):
 * each still whole and in its place. */
static void
test_prefetch_many(void)
{
	static const char *const files[] = {"/d/*/value", NULL};
	static const struct transport_prefetch spec = {.files = files};
	char *dir = unit_temp_dir("remote-sh-many"), *rel, *want;
	const struct remote_sh_entry *x;
	struct remote_sh_entries e;
	struct buf raw = {0};
	int i, n = 2000, bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	for (i = 0; i < n; i++) {
		rel = xasprintf("d/a-rather-long-directory-name-%05d", i);
		unit_make_dirs(dir, rel);
		free(rel);
		rel = xasprintf("d/a-rather-long-directory-name-%05d/value", i);
		want = xasprintf("%d\n", i);
		unit_put_file(dir, rel, want);
		free(want);
		free(rel);
	}
	CU_ASSERT_EQUAL_FATAL(prefetch_here(&spec, dir, &e, &raw), 0);
	CU_ASSERT(!has(&raw, "k!\n"));
	CHECK_LL(e.n, n, "entries");
	for (i = 0; i < n; i++) {
		rel = xasprintf("/d/a-rather-long-directory-name-%05d/value", i);
		want = xasprintf("%d\n", i);
		x = remote_sh_entries_find(&e, 'F', rel);
		bad += x == NULL || x->error != 0 || strcmp(x->data, want) != 0;
		free(want);
		free(rel);
	}
	CHECK_LL(bad, 0, "files not read as they are");
	remote_sh_entries_free(&e);
	buf_free(&raw);
	unit_remove_tree(dir);
	free(dir);
}

/* A pattern with shell syntax is refused before anything is sent. */
static void
test_prefetch_bad_pattern(void)
{
	static const char *const files[] = {"/sys/$(reboot)", NULL};
	static const char *const links[] = {"/dev/a b", NULL};
	static const struct transport_prefetch bad_files = {.files = files};
	static const struct transport_prefetch bad_links = {.links = links};
	struct buf b = {0};

	CU_ASSERT_EQUAL(remote_sh_prefetch_body(&b, &bad_files, NULL, "00"), -1);
	CU_ASSERT_EQUAL(remote_sh_prefetch_body(&b, &bad_links, NULL, "00"), -1);
	buf_free(&b);
}

/* Records cut short anywhere give no entry that is not whole: a cat's
 * files none, a file's own record an unreadable file (EIO). */
static void
test_prefetch_cut(void)
{
	const char *sep = "feedfacefeedfacefeedfacefeedface";
	char *text = xasprintf("C /a\nC /b\nK\nAAA%sBB", sep), *copy;
	const struct remote_sh_entry *x;
	struct remote_sh_entries e;
	size_t n, len = strlen(text);

	for (n = 0; n <= len; n++) {
		copy = xmalloc(n + 1);
		memcpy(copy, text, n);
		copy[n] = '\0';
		remote_sh_prefetch_parse(&e, NULL, sep, copy, n);
		CHECK_LL(e.n, 0, "a cat answer cut short");
		remote_sh_entries_free(&e);
		free(copy);
	}
	free(text);
	text = xasprintf("C /a\nC /b\nK\nAAA%sBB%sk\nF /c\n|x\n", sep, sep);
	remote_sh_prefetch_parse(&e, NULL, sep, text, strlen(text));
	CHECK_LL(e.n, 3, "a, b and c");
	CU_ASSERT(e.n == 3 && strcmp(e.v[0].data, "AAA") == 0 &&
	          strcmp(e.v[1].data, "BB") == 0);
	x = remote_sh_entries_find(&e, 'F', "/c");
	CU_ASSERT(x != NULL && x->error == EIO && x->data == NULL);
	remote_sh_entries_free(&e);
	free(text);
}

/* The names in dir, sorted, joined by blanks. Caller frees. */
static char *
dir_names(const char *dir)
{
	struct transport *t = transport_local_new("/");
	char **names = NULL, *cause = NULL;
	struct buf b = {0};
	size_t count = 0, i;

	if (t->ops->list_dir(t, dir, &names, &count, &cause) == 0) {
		for (i = 0; i < count; i++)
			buf_printf(&b, "%s%s", i > 0 ? " " : "", names[i]);
	}
	string_list_free(names, count);
	free(cause);
	transport_free(t);
	return b.data != NULL ? b.data : xstrdup("");
}

/*
 * The sh starts with no program (PATH leads nowhere: no mktemp, id or
 * find), in $TMPDIR, with its four files named after rackcon's token;
 * the ready line has the login's uid; run normally, or ended by a
 * signal, it leaves nothing.
 */
static void
test_init_no_process(void)
{
	char *dir = unit_temp_dir("remote-sh-init"), *tmpdir, *names, *want;
	char *pid;
	char name[REMOTE_SH_TOKEN_LEN + 1], path_none[] = "PATH=/nonexistent";
	char *env[] = {path_none, NULL, NULL};
	static const char *const endings[] = {
	    "", "kill -HUP $$; sleep 1\n", "kill -TERM $$; sleep 1\n",
	};
	struct run_result r = {0};
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	tmpdir = xasprintf("TMPDIR=%s", dir);
	env[1] = tmpdir;
	remote_sh_token(name);
	CU_ASSERT_EQUAL_FATAL(sh_run(env, name,
	    "printf 'in %s\\n%s\\n' \"$t\" \"$$\"\n", &r), 0);
	pid = strrchr(r.out != NULL ? r.out : "", '\n');
	while (pid != NULL && pid > r.out && pid[-1] != '\n')
		pid--;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pid);
	pid = xstrndup(pid, strcspn(pid, "\n"));
	want = xasprintf("@@rackcon-ready %u\nin %s/rackcon.%s.%s\n%s\n",
	                 (unsigned)geteuid(), dir, pid, name, pid);
	CHECK_STR(r.out, want, "ready with no program");
	free(want);
	names = dir_names(dir);
	want = xasprintf("rackcon.%s.%s.b rackcon.%s.%s.e rackcon.%s.%s.l "
	                 "rackcon.%s.%s.o", pid, name, pid, name, pid, name,
	                 pid, name);
	free(pid);
	CHECK_STR(names, want, "its files (no rm on that PATH)");
	free(want);
	free(names);
	free(r.out);
	free(r.err);

	/* With a PATH: the files are gone when the sh ends, also when a
	 * signal ends it (sshd hangs up a session whose channel closed
	 * mid-request; a kill). */
	env[0] = tmpdir;
	env[1] = NULL;
	for (i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		remote_sh_token(name);
		CU_ASSERT_EQUAL_FATAL(sh_run(env, name, endings[i], &r), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "@@rackcon-ready "));
		names = dir_names(dir);
		if (strstr(names, name) != NULL)
			fprintf(stderr, "\nleft after '%s': %s\n", endings[i],
			        names);
		CU_ASSERT(strstr(names, name) == NULL);
		free(names);
		free(r.out);
		free(r.err);
	}
	unit_remove_tree(dir);
	free(tmpdir);
	free(dir);
}

/*
 * A file or a symlink (to a file that does not exist, to /dev/null)
 * already at one of the names: refused and said, the sh ends without
 * its ready line, what was there is left as it was (no target made) and
 * the files it had made before are removed.
 */
static void
test_init_refuses_existing(void)
{
	static const char *const kinds[] = {"file", "dangling", "device"};
	static const char *const makes[] = {
	    "printf 'keep\\n' >", "/bin/ln -s target", "/bin/ln -s /dev/null",
	};
	char *dir = unit_temp_dir("remote-sh-exist"), *tmpdir, *rel, *want;
	char name[REMOTE_SH_TOKEN_LEN + 1], *env[] = {NULL, NULL};
	char *first, *suffix;
	struct run_result r = {0};
	size_t k;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	tmpdir = xasprintf("TMPDIR=%s", dir);
	env[0] = tmpdir;
	for (k = 0; k < 3; k++) {
		remote_sh_token(name);
		/* The third name made, by the sh itself (its pid is in it). */
		first = xasprintf("%s \"$TMPDIR/rackcon.$$.%s.l\"", makes[k],
		                  name);
		CU_ASSERT_EQUAL_FATAL(sh_run_after(env, first, name,
		                                   "printf 'ran\\n'\n", &r), 0);
		free(first);
		/* Only what was there is left. */
		rel = dir_names(dir);
		suffix = xasprintf(".%s.l", name);
		CU_ASSERT(strncmp(rel, "rackcon.", 8) == 0 &&
		          strspn(rel + 8, "0123456789") > 0 &&
		          strcmp(rel + 8 + strspn(rel + 8, "0123456789"),
		                 suffix) == 0);
		free(suffix);
		want = xasprintf("@@rackcon-refused %s/%s\n", dir, rel);
		CHECK_STR(r.out, want, kinds[k]);
		CU_ASSERT_NOT_EQUAL(r.exit_status, 0);
		free(want);
		if (k == 0) {
			want = xasprintf("%s/%s", dir, rel);
			f = fopen(want, "r");
			CU_ASSERT_PTR_NOT_NULL_FATAL(f);
			CU_ASSERT(fgets(want, 6, f) != NULL &&
			          strcmp(want, "keep\n") == 0);
			fclose(f);
			free(want);
		}
		want = xasprintf("%s/%s", dir, rel);
		unlink(want);
		free(want);
		free(rel);
		free(r.out);
		free(r.err);
	}
	unit_remove_tree(dir);
	free(tmpdir);
	free(dir);
}

/* Whether the word w (len bytes) is one of list's, words separated by
 * single spaces. */
static int
has_word(const char *list, const char *w, size_t len)
{
	const char *p;
	size_t n;

	for (p = list; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		if (n == len && strncmp(p, w, len) == 0)
			return 1;
	}
	return 0;
}

/* Whether two lists of distinct words (separated by single spaces) have
 * the same words, in any order. */
static int
same_words(const char *a, const char *b)
{
	const char *p;
	size_t n, na = 0, nb = 0;

	for (p = a; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		if (!has_word(b, p, n))
			return 0;
		na++;
	}
	for (p = b; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		nb++;
	}
	return na == nb;
}

/* A pid that names no process now: a child's that has been waited for. */
static pid_t
dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

/*
 * A login removes what a sh killed outright left (no trap ran): regular
 * files this user owns, named with a pid that names no process. What a
 * live sh has, a symlink, another user's file and names not of that form
 * are left alone.
 */
static void
test_init_sweeps_stale(void)
{
	char *dir = unit_temp_dir("remote-sh-stale"), *tmpdir, *names;
	char name[REMOTE_SH_TOKEN_LEN + 1], *env[] = {NULL, NULL};
	char *dead_e, *dead_o, *live, *link, *other, *path, *kept;
	struct run_result r = {0};
	pid_t dead = dead_pid();

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	CU_ASSERT_FATAL(dead > 0);
	dead_e = xasprintf("rackcon.%ld.0a1b.e", (long)dead);
	dead_o = xasprintf("rackcon.%ld.0a1b.o", (long)dead);
	live = xasprintf("rackcon.%ld.0a1b.e", (long)getpid());
	link = xasprintf("rackcon.%ld.2c3d.l", (long)dead);
	other = xasprintf("rackcon.%ld.4e5f.b", (long)dead);
	unit_put_file(dir, dead_e, "");
	unit_put_file(dir, dead_o, "x\n");
	unit_put_file(dir, live, "");
	unit_put_link(dir, link, "target");
	unit_put_file(dir, other, "");
	unit_put_file(dir, "rackcon.0a1b2c.e", "");      /* no pid */
	unit_put_file(dir, "rackcon.12ab.0a1b.e", "");   /* not a pid */
	unit_put_file(dir, "other.1.0a1b.e", "");
	path = xasprintf("%s/%s", dir, other);
	/* Another user's (root can give it away; others keep it theirs). */
	if (geteuid() == 0)
		CU_ASSERT_EQUAL(chown(path, 65534, 65534), 0);
	tmpdir = xasprintf("TMPDIR=%s", dir);
	env[0] = tmpdir;
	remote_sh_token(name);
	CU_ASSERT_EQUAL_FATAL(sh_run(env, name, "exit 0\n", &r), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "@@rackcon-ready "));
	names = dir_names(dir);
	kept = xasprintf("other.1.0a1b.e rackcon.0a1b2c.e rackcon.12ab.0a1b.e "
	                 "%s %s%s%s", live, link, geteuid() == 0 ? " " : "",
	                 geteuid() == 0 ? other : "");
	if (!same_words(names, kept))
		fprintf(stderr, "\nleft: %s\nwanted: %s\n", names, kept);
	CU_ASSERT(same_words(names, kept));
	free(kept);
	free(names);
	free(r.out);
	free(r.err);
	unit_remove_tree(dir);
	free(path);
	free(dead_e);
	free(dead_o);
	free(live);
	free(link);
	free(other);
	free(tmpdir);
	free(dir);
}

/* The find probe, sent before a prefetch that reads links, runs in the
 * remote sh itself: once a connection (later requests see its answer),
 * and not for a prefetch without links. */
static void
test_find_probe(void)
{
	static const char *const links[] = {"/x", NULL};
	static const char *const files[] = {"/x", NULL};
	static const struct transport_prefetch with = {.links = links};
	static const struct transport_prefetch without = {.files = files};
	char token[REMOTE_SH_TOKEN_LEN + 1], later[REMOTE_SH_TOKEN_LEN + 1];
	struct remote_sh_answer a;
	struct buf script = {0};
	size_t len;
	char *out;

	CU_ASSERT_STRING_EQUAL(remote_sh_prefetch_pre(&without), "");
	CU_ASSERT_STRING_EQUAL(remote_sh_prefetch_pre(&with),
	                       remote_sh_find_probe);
	remote_sh_token(token);
	buf_printf(&script, "%s", remote_sh_prefetch_pre(&with));
	remote_sh_request(&script, "printf '%s' \"$fp\"", token);
	remote_sh_token(later);
	remote_sh_request(&script, "printf '%s' \"$fp\"", later);
	out = sh_session(script.data, &len);
	buf_free(&script);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL_FATAL(parse_whole(out, len, token, &a), 1);
	/* this machine's find is GNU's */
	CU_ASSERT(a.out_len == 1 && a.out[0] == '1');
	CU_ASSERT_EQUAL_FATAL(parse_whole(out + a.used, len - a.used, later,
	                                  &a), 1);
	CU_ASSERT(a.out_len == 1 && a.out[0] == '1');
	free(out);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "the sh starts with no program", test_init_no_process);
	CU_add_test(s, "a login removes a killed sh's files, nothing else",
	            test_init_sweeps_stale);
	CU_add_test(s, "an existing file at a temporary name is refused",
	            test_init_refuses_existing);
	CU_add_test(s, "find -printf probed once, in the sh itself",
	            test_find_probe);
	CU_add_test(s, "answers framed by a token", test_answers);
	CU_add_test(s, "an answer a byte at a time", test_answer_in_pieces);
	CU_add_test(s, "malformed answers", test_answer_malformed);
	CU_add_test(s, "prefetch of a fixture tree equals local reads",
	            test_prefetch_fixture);
	CU_add_test(s, "prefetch: a file cat cannot read", test_prefetch_fallback);
	CU_add_test(s, "prefetch: links without find -printf",
	            test_prefetch_links_without_find);
	CU_add_test(s, "prefetch: more files than a command line holds",
	            test_prefetch_many);
	CU_add_test(s, "prefetch: a pattern with shell syntax",
	            test_prefetch_bad_pattern);
	CU_add_test(s, "prefetch: records cut short", test_prefetch_cut);
}
