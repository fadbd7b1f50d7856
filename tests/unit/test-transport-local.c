/* Unit tests for the local transport, on a sysroot tree built in /tmp. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("transport-local", transport_local_add_tests)

/* A sysroot in /tmp; each test makes its own and removes it at the end, so
 * only non-fatal asserts are used in between. */
struct test_tree {
	char *dir; /* absolute, symbolic links resolved */
	struct transport *t;
};

static const char test_fake_smartctl[] = "#!/bin/sh\n"
                                         "echo \"fake smartctl $*\"\n"
                                         "echo \"root=$RACKCON_SYSROOT\"\n";

static void
test_mkdir(const struct test_tree *tt, const char *rel)
{
	char *path = xasprintf("%s/%s", tt->dir, rel);

	CU_ASSERT_EQUAL(mkdir(path, 0755), 0);
	free(path);
}

static void
test_put(const struct test_tree *tt, const char *rel, const char *data,
         mode_t mode)
{
	char *path = xasprintf("%s/%s", tt->dir, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	CU_ASSERT(fd != -1);
	if (fd != -1) {
		CU_ASSERT(write(fd, data, strlen(data)) ==
		          (ssize_t)strlen(data));
		fchmod(fd, mode);
		close(fd);
	}
	free(path);
}

/* Contents of a file in the tree, or NULL. Caller frees. */
static char *
test_get(const struct test_tree *tt, const char *rel)
{
	char *path = xasprintf("%s/%s", tt->dir, rel);
	char *data = unit_read_file(path, NULL);

	free(path);
	return data;
}

static int
test_remove_one(const char *path, const struct stat *sb, int flag,
                struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
test_tree_make(struct test_tree *tt)
{
	char tmpl[] = "/tmp/rackcon-transport-XXXXXX";
	char *big;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
	tt->dir = realpath(tmpl, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tt->dir);
	test_mkdir(tt, "sys");
	test_mkdir(tt, "sys/block");
	test_mkdir(tt, "sys/block/sda");
	test_mkdir(tt, "sys/block/sda/queue");
	test_put(tt, "sys/block/sda/size", "1953525168\n", 0644);
	test_put(tt, "sys/block/sda/queue/scheduler", "[mq-deadline] none\n",
	         0644);
	big = xmalloc(100001);
	memset(big, 'z', 100000);
	big[100000] = '\0';
	test_put(tt, "sys/block/sda/big", big, 0644);
	free(big);
	test_mkdir(tt, "list");
	test_put(tt, "list/b", "", 0644);
	test_put(tt, "list/a1", "", 0644);
	test_put(tt, "list/C", "", 0644);
	test_mkdir(tt, "list/a");
	test_mkdir(tt, "etc");
	test_mkdir(tt, "bin");
	test_put(tt, "bin/smartctl", test_fake_smartctl, 0755);
	test_put(tt, "bin/not-executable", "#!/bin/sh\n", 0644);
	tt->t = NULL;
}

static void
test_tree_symlink(const struct test_tree *tt, const char *target,
                  const char *rel)
{
	char *path = xasprintf("%s/%s", tt->dir, rel);

	CU_ASSERT_EQUAL(symlink(target, path), 0);
	free(path);
}

static void
test_tree_remove(struct test_tree *tt)
{
	transport_free(tt->t);
	CU_ASSERT_EQUAL(
	    nftw(tt->dir, test_remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(tt->dir);
}

/* Run argv through t; returns run's result, with errno saved in *e. */
static int
test_trun(struct transport *t, char **argv, struct run_result *r, char **cause,
          int *e)
{
	int rc;

	rc = t->ops->run(t, argv, NULL, 5000, r, cause);
	*e = errno;
	unit_argv_free(argv);
	return rc;
}

static void
test_description(void)
{
	struct test_tree tt;
	struct transport *t;
	char *with_slash, *expect;

	t = transport_local_new(NULL);
	CU_ASSERT_STRING_EQUAL(t->description, "this machine");
	transport_free(t);
	t = transport_local_new("/");
	CU_ASSERT_STRING_EQUAL(t->description, "this machine");
	transport_free(t);
	transport_free(NULL);

	test_tree_make(&tt);
	with_slash = xasprintf("%s//", tt.dir);
	expect = xasprintf("sysroot %s", tt.dir);
	tt.t = transport_local_new(with_slash);
	CU_ASSERT_STRING_EQUAL(tt.t->description, expect);
	free(expect);
	free(with_slash);
	test_tree_remove(&tt);
}

/* A relative sysroot is made absolute when the transport is created. */
static void
test_relative_sysroot(void)
{
	struct test_tree tt;
	struct buf rel = {0};
	char cwd[PATH_MAX], *p, *got, *expect;

	test_tree_make(&tt);
	CU_ASSERT(getcwd(cwd, sizeof cwd) != NULL);
	buf_addstr(&rel, ".");
	for (p = cwd; *p != '\0'; p++) {
		if (*p == '/' && p[1] != '\0')
			buf_addstr(&rel, "/..");
	}
	buf_addstr(&rel, tt.dir);
	tt.t = transport_local_new(rel.data);
	got = tt.t->ops->local_path(tt.t, "/dev/sda");
	expect = xasprintf("%s/dev/sda", tt.dir);
	CU_ASSERT_STRING_EQUAL(got, expect);
	free(expect);
	free(got);
	buf_free(&rel);
	test_tree_remove(&tt);
}

static void
test_read_file(void)
{
	struct test_tree tt;
	char *data = NULL, *cause = NULL;
	size_t len = 0;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(tt.t->ops->read_file(tt.t, "/sys/block/sda/size", &data,
	                                     &len, &cause),
	                0);
	CU_ASSERT(data != NULL && strcmp(data, "1953525168\n") == 0);
	CU_ASSERT_EQUAL(len, 11);
	free(data);
	data = NULL;
	CU_ASSERT_EQUAL(tt.t->ops->read_file(tt.t, "/sys/block/sda/big", &data,
	                                     &len, &cause),
	                0);
	CU_ASSERT_EQUAL(len, 100000);
	CU_ASSERT(data != NULL && strlen(data) == 100000);
	free(data);
	CU_ASSERT_PTR_NULL(cause);
	test_tree_remove(&tt);
}

static void
test_read_file_errors(void)
{
	struct test_tree tt;
	char *data = NULL, *cause = NULL;
	size_t len;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(
	    tt.t->ops->read_file(tt.t, "/sys/block/sda", &data, &len, &cause),
	    -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause, "/sys/block/sda: Is a directory") == 0);
	CU_ASSERT_EQUAL(tt.t->ops->read_file(tt.t, "/sys/block/sdz/size", &data,
	                                     &len, &cause),
	                -1);
	CU_ASSERT(
	    cause != NULL &&
	    strcmp(cause, "/sys/block/sdz/size: No such file or directory") ==
	        0);
	CU_ASSERT_PTR_NULL(data);
	free(cause);
	test_tree_remove(&tt);
}

/* reread of a kept file: its text now (a copy, as the kept buffer is the
 * file's); NULL (and *err set) when it fails. */
static char *
test_reread(struct transport *t, struct transport_kept *k, size_t *len,
            int *err)
{
	char *data = NULL, *cause = NULL;

	*err = 0;
	if (t->ops->reread(t, k, &data, len, &cause) != 0) {
		*err = errno;
		CU_ASSERT_PTR_NOT_NULL(cause);
		CU_ASSERT_PTR_NULL(data);
		data = NULL;
	} else {
		CU_ASSERT_EQUAL(strlen(data), *len);
		data = xstrdup(data);
	}
	free(cause);
	return data;
}

/* A kept file shows each new content: in place, longer, shorter, large. */
static void
test_keep_reread(void)
{
	struct test_tree tt;
	struct transport_kept *k = NULL, *big = NULL;
	char *data, *cause = NULL;
	size_t len = 0;
	int err;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tt.t->ops->keep_open);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t,
	    "/sys/block/sda/queue/scheduler", &k, &cause), 0);
	data = test_reread(tt.t, k, &len, &err);
	CHECK_STR(data, "[mq-deadline] none\n", "first read");
	CHECK_LL(len, 19, "its length");
	free(data);
	test_put(&tt, "sys/block/sda/queue/scheduler", "mq-deadline [none]\n",
	         0644);
	data = test_reread(tt.t, k, &len, &err);
	CHECK_STR(data, "mq-deadline [none]\n", "written in place");
	free(data);
	test_put(&tt, "sys/block/sda/queue/scheduler", "[none]\n", 0644);
	data = test_reread(tt.t, k, &len, &err);
	CHECK_STR(data, "[none]\n", "shorter");
	CHECK_LL(len, 7, "its length");
	free(data);
	CU_ASSERT_EQUAL(tt.t->ops->keep_open(tt.t, "/sys/block/sda/big", &big,
	                                     &cause), 0);
	data = test_reread(tt.t, big, &len, &err);
	CHECK_LL(len, 100000, "a large file, whole");
	free(data);
	data = test_reread(tt.t, big, &len, &err);
	CHECK_LL(len, 100000, "and again");
	free(data);
	tt.t->ops->keep_close(tt.t, big);
	tt.t->ops->keep_close(tt.t, k);
	CU_ASSERT_PTR_NULL(cause);
	test_tree_remove(&tt);
}

/* written(): 1 until a reread after the watch began, then 0 until a write
 * in place or a file renamed over, heard at keep_sync. */
static void
test_keep_written(void)
{
	struct test_tree tt;
	struct transport_kept *k = NULL;
	char *data, *cause = NULL, *from, *to;
	size_t len;
	int err;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tt.t->ops->written);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t,
	    "/sys/block/sda/queue/scheduler", &k, &cause), 0);
	free(test_reread(tt.t, k, &len, &err));
	CHECK_LL(tt.t->ops->written(tt.t, k), 1, "the first call");
	/* Written after the read that came before the watch. */
	test_put(&tt, "sys/block/sda/queue/scheduler", "[none]\n", 0644);
	tt.t->ops->keep_sync(tt.t);
	CHECK_LL(tt.t->ops->written(tt.t, k), 1, "no read since the watch");
	data = test_reread(tt.t, k, &len, &err);
	CHECK_STR(data, "[none]\n", "read");
	free(data);
	tt.t->ops->keep_sync(tt.t);
	CHECK_LL(tt.t->ops->written(tt.t, k), 0, "nothing written");
	CHECK_LL(tt.t->ops->written(tt.t, k), 0, "asked again");
	test_put(&tt, "sys/block/sda/queue/scheduler", "none [bfq]\n", 0644);
	CHECK_LL(tt.t->ops->written(tt.t, k), 0, "written, not yet synced");
	tt.t->ops->keep_sync(tt.t);
	CHECK_LL(tt.t->ops->written(tt.t, k), 1, "written in place");
	free(test_reread(tt.t, k, &len, &err));
	tt.t->ops->keep_sync(tt.t);
	CHECK_LL(tt.t->ops->written(tt.t, k), 0, "read since");
	/* Renamed over: the old file loses its link. */
	test_put(&tt, "sys/block/sda/queue/scheduler.new", "[bfq]\n", 0644);
	from = xasprintf("%s/sys/block/sda/queue/scheduler.new", tt.dir);
	to = xasprintf("%s/sys/block/sda/queue/scheduler", tt.dir);
	CU_ASSERT_EQUAL(rename(from, to), 0);
	tt.t->ops->keep_sync(tt.t);
	CHECK_LL(tt.t->ops->written(tt.t, k), 1, "renamed over");
	tt.t->ops->keep_close(tt.t, k);
	CU_ASSERT_PTR_NULL(cause);
	free(from);
	free(to);
	test_tree_remove(&tt);
}

/* A kept file removed, or renamed over, fails; a missing one says ENOENT. */
static void
test_keep_gone(void)
{
	struct test_tree tt;
	struct transport_kept *k = NULL, *k2 = NULL;
	char *data, *cause = NULL, *from, *to;
	size_t len;
	int err;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(tt.t->ops->keep_open(tt.t, "/sys/block/sdz/size", &k,
	                                     &cause), -1);
	CHECK_LL(errno, ENOENT, "missing file");
	CHECK_STR(cause, "/sys/block/sdz/size: No such file or directory",
	          "its message");
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL(tt.t->ops->keep_open(tt.t, "/sys/block/sda", &k,
	                                     &cause), -1);
	free(cause);
	cause = NULL;
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t, "/sys/block/sda/size",
	                                           &k, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t,
	    "/sys/block/sda/queue/scheduler", &k2, &cause), 0);
	/* Deleted: gone. */
	from = xasprintf("%s/sys/block/sda/size", tt.dir);
	CU_ASSERT_EQUAL(unlink(from), 0);
	tt.t->ops->keep_sync(tt.t);
	data = test_reread(tt.t, k, &len, &err);
	CU_ASSERT_PTR_NULL(data);
	CHECK_LL(err, ENOENT, "deleted file");
	free(data);
	tt.t->ops->keep_close(tt.t, k);
	/* Renamed over (a new file in its place): gone too. */
	test_put(&tt, "sys/block/sda/queue/scheduler.new", "[bfq] none\n",
	         0644);
	to = xasprintf("%s/sys/block/sda/queue/scheduler", tt.dir);
	free(from);
	from = xasprintf("%s.new", to);
	CU_ASSERT_EQUAL(rename(from, to), 0);
	tt.t->ops->keep_sync(tt.t);
	data = test_reread(tt.t, k2, &len, &err);
	CU_ASSERT_PTR_NULL(data);
	CHECK_LL(err, ENOENT, "renamed over");
	free(data);
	tt.t->ops->keep_close(tt.t, k2);
	/* Opened afresh: the new file. */
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t,
	    "/sys/block/sda/queue/scheduler", &k2, &cause), 0);
	data = test_reread(tt.t, k2, &len, &err);
	CHECK_STR(data, "[bfq] none\n", "opened again");
	free(data);
	tt.t->ops->keep_close(tt.t, k2);
	CU_ASSERT_PTR_NULL(cause);
	free(from);
	free(to);
	test_tree_remove(&tt);
}

/* Rename path.new over path in the tree. */
static void
test_rename_over(struct test_tree *tt, const char *path, const char *text)
{
	char *to = xasprintf("%s/%s", tt->dir, path);
	char *from = xasprintf("%s.new", to);

	test_put(tt, strchr(from + strlen(tt->dir), '/') + 1, text, 0644);
	CU_ASSERT_EQUAL(rename(from, to), 0);
	free(from);
	free(to);
}

/* Past the watch budget, a kept file checks itself on each reread; a
 * watched one is checked after keep_sync; a sibling replaced makes its
 * directory's kept files look again, and still read. */
static void
test_keep_unwatched(void)
{
	struct test_tree tt;
	struct transport_kept *k = NULL, *k2 = NULL, *k3 = NULL;
	char *data, *cause = NULL;
	size_t len;
	int err;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	transport_local_set_watch_limit(tt.t, 1);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t, "/sys/block/sda/size",
	                                           &k, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t,
	    "/sys/block/sda/queue/scheduler", &k2, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(tt.t->ops->keep_open(tt.t, "/sys/block/sda/big",
	                                           &k3, &cause), 0);
	/* queue/ could not be watched: noticed without keep_sync. */
	test_rename_over(&tt, "sys/block/sda/queue/scheduler", "[bfq]\n");
	data = test_reread(tt.t, k2, &len, &err);
	CU_ASSERT_PTR_NULL(data);
	CHECK_LL(err, ENOENT, "unwatched, renamed over");
	tt.t->ops->keep_close(tt.t, k2);
	/* sda/ is watched: a sibling replaced, the kept files still read. */
	test_rename_over(&tt, "sys/block/sda/other", "x\n");
	tt.t->ops->keep_sync(tt.t);
	data = test_reread(tt.t, k, &len, &err);
	CU_ASSERT_PTR_NOT_NULL(data);
	CHECK_LL(err, 0, "watched, a sibling replaced");
	free(data);
	test_rename_over(&tt, "sys/block/sda/big", "small\n");
	tt.t->ops->keep_sync(tt.t);
	data = test_reread(tt.t, k3, &len, &err);
	CU_ASSERT_PTR_NULL(data);
	CHECK_LL(err, ENOENT, "watched, renamed over");
	data = test_reread(tt.t, k, &len, &err);
	CU_ASSERT_PTR_NOT_NULL(data);
	CHECK_LL(err, 0, "its sibling still reads");
	free(data);
	tt.t->ops->keep_close(tt.t, k3);
	tt.t->ops->keep_close(tt.t, k);
	CU_ASSERT_PTR_NULL(cause);
	test_tree_remove(&tt);
}

/* On this machine: procfs is read to its end each time, sysfs at once. */
static void
test_keep_proc_sys(void)
{
	struct transport *t = transport_local_new(NULL);
	struct transport_kept *k = NULL;
	char *data, *cause = NULL, *want;
	size_t len;
	int err;

	CU_ASSERT_EQUAL_FATAL(t->ops->keep_open(t, "/proc/self/mountinfo", &k,
	                                        &cause), 0);
	data = test_reread(t, k, &len, &err);
	want = unit_read_file("/proc/self/mountinfo", NULL);
	CU_ASSERT_PTR_NOT_NULL(data);
	CU_ASSERT(len > 0);
	CHECK_STR(data, want, "/proc/self/mountinfo");
	free(data);
	free(want);
	t->ops->keep_close(t, k);
	if (t->ops->keep_open(t, "/sys/kernel/mm/transparent_hugepage/enabled",
	                      &k, &cause) == 0) {
		data = test_reread(t, k, &len, &err);
		want = unit_read_file(
		    "/sys/kernel/mm/transparent_hugepage/enabled", NULL);
		CHECK_STR(data, want, "a sysfs attribute");
		free(data);
		data = test_reread(t, k, &len, &err);
		CHECK_STR(data, want, "read again");
		free(data);
		free(want);
		t->ops->keep_close(t, k);
	}
	free(cause);
	transport_free(t);
}

/* /proc files report a size of 0: read to EOF, not to st_size. */
static void
test_read_proc(void)
{
	struct transport *t;
	char *data = NULL;
	size_t len = 0;

	if (access("/proc/self/status", R_OK) != 0)
		return;
	t = transport_local_new(NULL);
	CU_ASSERT_EQUAL(
	    t->ops->read_file(t, "/proc/self/status", &data, &len, NULL), 0);
	CU_ASSERT(len > 0 && data != NULL && strncmp(data, "Name:", 5) == 0);
	CU_ASSERT(data != NULL && strlen(data) == len);
	free(data);
	transport_free(t);
}

static void
test_list_dir(void)
{
	struct test_tree tt;
	char **names = NULL, *cause = NULL;
	size_t n = 0;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(tt.t->ops->list_dir(tt.t, "/list", &names, &n, &cause),
	                0);
	CU_ASSERT_EQUAL(n, 4);
	if (n == 4) {
		CU_ASSERT_STRING_EQUAL(names[0], "C");
		CU_ASSERT_STRING_EQUAL(names[1], "a");
		CU_ASSERT_STRING_EQUAL(names[2], "a1");
		CU_ASSERT_STRING_EQUAL(names[3], "b");
	}
	string_list_free(names, n);
	CU_ASSERT_EQUAL(
	    tt.t->ops->list_dir(tt.t, "/list/b", &names, &n, &cause), -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause, "/list/b: Not a directory") == 0);
	CU_ASSERT_EQUAL(
	    tt.t->ops->list_dir(tt.t, "/nowhere", &names, &n, &cause), -1);
	CU_ASSERT(cause != NULL && strstr(cause, "/nowhere: ") == cause);
	free(cause);
	test_tree_remove(&tt);
}

static void
test_read_link(void)
{
	struct test_tree tt;
	char *target = NULL, *cause = NULL;

	test_tree_make(&tt);
	test_tree_symlink(&tt, "../../devices/pci0000:00/ata1/sda",
	                  "sys/block/sda/device");
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(tt.t->ops->read_link(tt.t, "/sys/block/sda/device",
	                                     &target, &cause),
	                0);
	CU_ASSERT(target != NULL &&
	          strcmp(target, "../../devices/pci0000:00/ata1/sda") == 0);
	free(target);
	CU_ASSERT_EQUAL(
	    tt.t->ops->read_link(tt.t, "/sys/block/sda/size", &target, &cause),
	    -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause, "/sys/block/sda/size: Invalid argument") == 0);
	free(cause);
	test_tree_remove(&tt);
}

static void
test_write_existing(void)
{
	struct test_tree tt;
	const char *sched = "/sys/block/sda/queue/scheduler";
	char *cause = NULL, *data, *missing;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(
	    tt.t->ops->write_file(tt.t, sched, "none", 4, 0, &cause), 0);
	data = test_get(&tt, "sys/block/sda/queue/scheduler");
	CU_ASSERT(data != NULL && strcmp(data, "none") == 0);
	free(data);
	/* Without TRANSPORT_WRITE_CREATE nothing is created. */
	CU_ASSERT_EQUAL(tt.t->ops->write_file(tt.t, "/sys/block/sda/new", "1",
	                                      1, 0, &cause),
	                -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause,
	                 "/sys/block/sda/new: No such file or directory") == 0);
	missing = xasprintf("%s/sys/block/sda/new", tt.dir);
	CU_ASSERT(access(missing, F_OK) == -1 && errno == ENOENT);
	free(missing);
	CU_ASSERT_EQUAL(
	    tt.t->ops->write_file(tt.t, "/sys/block", "1", 1, 0, &cause), -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause, "/sys/block: Is a directory") == 0);
	free(cause);
	test_tree_remove(&tt);
}

static void
test_write_create(void)
{
	struct test_tree tt;
	const char *rules = "/etc/60-rackcon.rules";
	char *cause = NULL, *data, *path;
	struct stat sb;
	mode_t mask = umask(022);

	umask(mask);
	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(tt.t->ops->write_file(tt.t, rules, "first\n", 6,
	                                      TRANSPORT_WRITE_CREATE, &cause),
	                0);
	CU_ASSERT_PTR_NULL(cause);
	path = xasprintf("%s%s", tt.dir, rules);
	CU_ASSERT(stat(path, &sb) == 0 &&
	          (sb.st_mode & 07777) == (0644 & ~mask));
	free(path);
	/* An existing file is refused and left alone. */
	CU_ASSERT_EQUAL(tt.t->ops->write_file(tt.t, rules, "second\n", 7,
	                                      TRANSPORT_WRITE_CREATE, &cause),
	                -1);
	CU_ASSERT(cause != NULL &&
	          strcmp(cause, "/etc/60-rackcon.rules: File exists") == 0);
	data = test_get(&tt, "etc/60-rackcon.rules");
	CU_ASSERT(data != NULL && strcmp(data, "first\n") == 0);
	free(data);
	free(cause);
	test_tree_remove(&tt);
}

static void
test_local_path(void)
{
	struct test_tree tt;
	struct transport *t;
	char *p, *expect;

	t = transport_local_new(NULL);
	p = t->ops->local_path(t, "/dev/sda");
	CU_ASSERT_STRING_EQUAL(p, "/dev/sda");
	free(p);
	transport_free(t);
	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	p = tt.t->ops->local_path(tt.t, "/dev/sda");
	expect = xasprintf("%s/dev/sda", tt.dir);
	CU_ASSERT_STRING_EQUAL(p, expect);
	free(expect);
	free(p);
	test_tree_remove(&tt);
}

/* A program in DIR/bin is found and told where the sysroot is. */
static void
test_run_sysroot_bin(void)
{
	struct test_tree tt;
	struct run_result r;
	char *cause = NULL, *expect;
	int e;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	expect = xasprintf("fake smartctl -a /dev/sda\nroot=%s\n", tt.dir);
	CU_ASSERT_EQUAL(test_trun(tt.t,
	                          unit_argv("smartctl", "-a", "/dev/sda", NULL),
	                          &r, &cause, &e),
	                0);
	CU_ASSERT(r.out != NULL && strcmp(r.out, expect) == 0);
	CU_ASSERT_EQUAL(r.exit_status, 0);
	run_result_free(&r);
	/* An absolute argv[0] is below the sysroot too. */
	CU_ASSERT_EQUAL(
	    test_trun(tt.t, unit_argv("/bin/smartctl", "-a", "/dev/sda", NULL),
	              &r, &cause, &e),
	    0);
	CU_ASSERT(r.out != NULL && strcmp(r.out, expect) == 0);
	run_result_free(&r);
	CU_ASSERT_PTR_NULL(cause);
	free(expect);
	test_tree_remove(&tt);
}

/* With DIR/bin, nothing outside it is run: "not installed", ENOENT. */
static void
test_run_sysroot_missing(void)
{
	struct test_tree tt;
	struct run_result r;
	char *cause = NULL, *expect;
	int e;

	test_tree_make(&tt);
	tt.t = transport_local_new(tt.dir);
	CU_ASSERT_EQUAL(test_trun(tt.t, unit_argv("sh", "-c", "true", NULL), &r,
	                          &cause, &e),
	                -1);
	CU_ASSERT_EQUAL(e, ENOENT);
	expect = xasprintf("sh: not installed (looked in %s/bin)", tt.dir);
	CU_ASSERT(cause != NULL && strcmp(cause, expect) == 0);
	free(expect);
	CU_ASSERT_EQUAL(r.exit_status, -1);
	run_result_free(&r);
	/* Present but not executable is not installed either. */
	CU_ASSERT_EQUAL(
	    test_trun(tt.t, unit_argv("not-executable", NULL), &r, &cause, &e),
	    -1);
	CU_ASSERT_EQUAL(e, ENOENT);
	CU_ASSERT_EQUAL(test_trun(tt.t, unit_argv("", NULL), &r, &cause, &e),
	                -1);
	CU_ASSERT_EQUAL(e, EINVAL);
	free(cause);
	test_tree_remove(&tt);
}

/* A sysroot without bin/ has no programs: the host's are never run there. */
static void
test_run_sysroot_no_bin(void)
{
	struct test_tree tt;
	struct run_result r;
	char *cause = NULL, *sys, *expect;
	int e;

	test_tree_make(&tt);
	sys = xasprintf("%s/sys", tt.dir);
	tt.t = transport_local_new(sys);
	CU_ASSERT_EQUAL(test_trun(tt.t, unit_argv("sh", "-c", "true", NULL),
	                          &r, &cause, &e),
	                -1);
	CU_ASSERT_EQUAL(e, ENOENT);
	expect = xasprintf("sh: not installed (looked in %s/bin)", sys);
	CU_ASSERT(cause != NULL && strcmp(cause, expect) == 0);
	run_result_free(&r);
	free(cause);
	free(expect);
	free(sys);
	test_tree_remove(&tt);
}

static void
test_run_this_machine(void)
{
	struct transport *t = transport_local_new(NULL);
	struct run_result r;
	char *cause = NULL;
	int e;

	unsetenv("RACKCON_SYSROOT");
	CU_ASSERT_EQUAL(
	    test_trun(t,
	              unit_argv("sh", "-c",
	                        "echo \"${RACKCON_SYSROOT-unset}\"; exit 2",
	                        NULL),
	              &r, &cause, &e),
	    0);
	CU_ASSERT(r.out != NULL && strcmp(r.out, "unset\n") == 0);
	CU_ASSERT_EQUAL(r.exit_status, 2);
	run_result_free(&r);
	CU_ASSERT_EQUAL(test_trun(t, unit_argv("rackcon-no-such-tool", NULL),
	                          &r, &cause, &e),
	                -1);
	CU_ASSERT_EQUAL(e, ENOENT);
	CU_ASSERT(cause != NULL &&
	          strncmp(cause,
	                  "rackcon-no-such-tool: not installed (looked in ",
	                  47) == 0);
	CU_ASSERT(cause != NULL &&
	          strstr(cause, ":/usr/local/sbin:/usr/sbin:/sbin)") != NULL);
	free(cause);
	transport_free(t);
}

/* Two prefetches joined name both's patterns; a prefetch is within an
 * open one only when that one names each of its patterns as its kind. */
static void
test_prefetch_join(void)
{
	static const char *const a_files[] = {"/proc/mdstat", "/sys/block/*/size",
	                                      NULL};
	static const char *const a_dirs[] = {"/sys/block", NULL};
	static const char *const b_files[] = {"/proc/swaps", NULL};
	static const char *const b_links[] = {"/sys/block/*", NULL};
	static const char *const dir_as_file[] = {"/sys/block", NULL};
	const struct transport_prefetch a = {.files = a_files, .dirs = a_dirs};
	const struct transport_prefetch b = {.files = b_files, .links = b_links};
	const struct transport_prefetch kind = {.files = dir_as_file};
	const struct transport_prefetch none = {0};
	struct transport_prefetch_joined j;

	transport_prefetch_join(&j, &a, &b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j.spec.files);
	CU_ASSERT_STRING_EQUAL(j.spec.files[0], "/proc/mdstat");
	CU_ASSERT_STRING_EQUAL(j.spec.files[1], "/sys/block/*/size");
	CU_ASSERT_STRING_EQUAL(j.spec.files[2], "/proc/swaps");
	CU_ASSERT_PTR_NULL(j.spec.files[3]);
	CU_ASSERT_PTR_NULL(j.spec.binary);
	CU_ASSERT_STRING_EQUAL(j.spec.dirs[0], "/sys/block");
	CU_ASSERT_PTR_NULL(j.spec.dirs[1]);
	CU_ASSERT_STRING_EQUAL(j.spec.links[0], "/sys/block/*");
	CU_ASSERT(transport_prefetch_within(&a, &j.spec));
	CU_ASSERT(transport_prefetch_within(&b, &j.spec));
	CU_ASSERT(transport_prefetch_within(&none, &a));
	CU_ASSERT(!transport_prefetch_within(&j.spec, &a));
	CU_ASSERT(!transport_prefetch_within(&b, &a));
	/* A directory's pattern does not name the file of that path. */
	CU_ASSERT(!transport_prefetch_within(&kind, &a));
	transport_prefetch_joined_clear(&j);
	CU_ASSERT_PTR_NULL(j.spec.files);
}

static void
transport_local_add_tests(CU_pSuite s)
{
	CU_add_test(s, "description", test_description);
	CU_add_test(s, "prefetches joined, and within", test_prefetch_join);
	CU_add_test(s, "relative sysroot", test_relative_sysroot);
	CU_add_test(s, "read_file", test_read_file);
	CU_add_test(s, "read_file errors", test_read_file_errors);
	CU_add_test(s, "read_file /proc", test_read_proc);
	CU_add_test(s, "keep_open and reread", test_keep_reread);
	CU_add_test(s, "keep: written() hears writes", test_keep_written);
	CU_add_test(s, "kept files past the watch budget", test_keep_unwatched);
	CU_add_test(s, "reread of a file gone", test_keep_gone);
	CU_add_test(s, "reread of /proc and /sys", test_keep_proc_sys);
	CU_add_test(s, "list_dir", test_list_dir);
	CU_add_test(s, "read_link", test_read_link);
	CU_add_test(s, "write_file existing", test_write_existing);
	CU_add_test(s, "write_file create", test_write_create);
	CU_add_test(s, "local_path", test_local_path);
	CU_add_test(s, "run in sysroot bin", test_run_sysroot_bin);
	CU_add_test(s, "run outside sysroot bin", test_run_sysroot_missing);
	CU_add_test(s, "run with sysroot, no bin", test_run_sysroot_no_bin);
	CU_add_test(s, "run on this machine", test_run_this_machine);
}
