/* Unit tests of several hosts in one app: two copies of the sysroot-disks
 * fixture in an inventory, each panel reading its own tree, command
 * targets (-t HOST, HOST:ARG) writing only into theirs, inventory and
 * --host errors, and the Hosts panel fed by the core. */
#include "config.h"

#include <sys/stat.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "bmc-target.h"
#include "screen.h"
#include "change.h"
#include "clock.h"
#include "complete.h"
#include "disk.h"
#include "frontend.h"
#include "strutil.h"
#include "unit.h"
#include "worker.h"
#include "xmalloc.h"

UNIT_SUITE("hosts", add_tests)

#if HAVE_DISKS_PLUGIN
/* A front end that answers confirm() as told and remembers the plan's
 * host and how it is reached. */
struct hosts_fe {
	struct app *app;
	int answer;             /* confirm(): 1 yes, 0 no */
	int confirms;
	char *host;             /* the last plan's */
	char *where;
	char *command;
	char *message;          /* the last message */
	int message_flags;
};

static void
hosts_fe_confirm(void *fe, const struct change_plan *plan, int dry_run)
{
	struct hosts_fe *f = fe;

	(void)dry_run;
	f->confirms++;
	free(f->host);
	free(f->where);
	free(f->command);
	f->host = plan->host != NULL ? xstrdup(plan->host) : NULL;
	f->where = plan->where != NULL ? xstrdup(plan->where) : NULL;
	f->command = xstrdup(plan->command);
	app_confirm(f->app, f->answer);
}

static void
hosts_fe_message(void *fe, int flags, const char *text)
{
	struct hosts_fe *f = fe;

	free(f->message);
	f->message = xstrdup(text);
	f->message_flags = flags;
}

static const struct frontend_ops hosts_fe_ops = {
	.name = "fake-batch",
	.interactive = 0,
	.help_where = "rackcon --help",
	.confirm = hosts_fe_confirm,
	.message = hosts_fe_message,
};

/* Two copies of the fixture, DIR/A and DIR/B, and DIR/hosts naming them
 * (relative paths: taken from the inventory's folder). */
struct two_trees {
	char *dir;
	char *a, *b;
	char *inventory;
};

static void
copy_fixture(const char *dst)
{
	char *src = unit_fixture_path("sysroot-disks"), **argv;

	argv = unit_argv("/bin/cp", "-a", src, dst, NULL);
	CU_ASSERT_FATAL(unit_run_quiet(argv) == 0);
	unit_argv_free(argv);
	free(src);
}

/* DIR/name holding text, mode 0600 whatever the umask. */
static char *
put_private(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);

	unit_put_file(dir, name, text);
	CU_ASSERT(chmod(path, 0600) == 0);
	return path;
}

static void
trees_make(struct two_trees *t)
{
	t->dir = unit_temp_dir("hosts");
	CU_ASSERT_FATAL(t->dir != NULL);
	t->a = xasprintf("%s/A", t->dir);
	t->b = xasprintf("%s/B", t->dir);
	copy_fixture(t->a);
	copy_fixture(t->b);
	t->inventory = put_private(t->dir, "hosts",
	    "# two copies of one fixture\n"
	    "host A\n"
	    "    sysroot A\n"
	    "host B\n"
	    "\tsysroot \"B\"\n");
}

static void
trees_free(struct two_trees *t)
{
	unit_remove_tree(t->dir);
	free(t->dir);
	free(t->a);
	free(t->b);
	free(t->inventory);
}

static struct app app;
static struct hosts_fe fe;
static const char *start_ssh_config; /* -F for app_start_inventory */

/* The app on an inventory (plugins from the build tree), no worker pool:
 * the way batch mode runs it. host: --host, or NULL. */
static int
app_start_inventory(const char *inventory, const char *host,
    char ***errors, size_t *error_count)
{
	int rc;

	setenv("RACKCON_PLUGIN_DIR", "backends", 1);
	memset(&app, 0, sizeof app);
	options_defaults(&app.opt);
	app.opt.inventory = xstrdup(inventory);
	app.opt.host = host != NULL ? xstrdup(host) : NULL;
	app.opt.ssh_config = start_ssh_config != NULL ?
	    xstrdup(start_ssh_config) : NULL;
	rc = app_init(&app, errors, error_count);
	memset(&fe, 0, sizeof fe);
	fe.app = &app;
	fe.answer = 1;
	if (rc == 0)
		app_set_frontend(&app, &hosts_fe_ops, &fe);
	return rc;
}

static void
app_stop(void)
{
	app_free(&app);
	options_free(&app.opt);
	free(fe.host);
	free(fe.where);
	free(fe.command);
	free(fe.message);
	memset(&fe, 0, sizeof fe);
}

static void
app_start_ok(const char *inventory, const char *host)
{
	char **errors = NULL;
	size_t n = 0;
	int rc = app_start_inventory(inventory, host, &errors, &n);

	if (rc != 0 && n > 0)
		fprintf(stderr, "\napp_init: %s\n", errors[0]);
	string_list_free(errors, n);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
}

/* app_init must fail with a message holding want. */
static void
app_start_fails(const char *inventory, const char *host, const char *want)
{
	char **errors = NULL;
	size_t n = 0;
	int rc = app_start_inventory(inventory, host, &errors, &n);

	CHECK_LL(rc, -1, "app_init");
	CU_ASSERT(n > 0);
	CHECK_CONTAINS(n > 0 ? errors[0] : "", want, "the message");
	if (rc == 0)
		app_stop();
	else
		options_free(&app.opt);
	string_list_free(errors, n);
}

static char *
timeout_of(const char *root, const char *disk)
{
	char *path = xasprintf("%s/sys/block/%s/device/timeout", root, disk);
	char *text = unit_read_file(path, NULL);

	free(path);
	/* The fixture's files end in a newline, what a change writes not. */
	if (text != NULL)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

static void
check_timeout(const char *root, const char *disk, const char *want,
    const char *what)
{
	char *t = timeout_of(root, disk);

	CHECK_STR(t, want, what);
	free(t);
}

/* The timeout host name's Disks panel reads for disk, -2 when the panel
 * cannot be read or has no such disk. */
static int
panel_timeout(const char *name, const char *disk)
{
	struct host *h = app_find_host(&app, name);
	struct panel_state *p;
	const struct disk *d;
	char *cause = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	p = app_host_panel(&app, h, "disks");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_EQUAL(p->host, h);
	if (app_snapshot_now(&app, p, &cause) != 0) {
		fprintf(stderr, "\n%s: %s\n", name, cause);
		free(cause);
		return -2;
	}
	d = disk_snapshot_find(p->snap, disk);
	return d != NULL ? d->timeout : -2;
}

/* Each host's panels read its own tree: a file changed in A's shows on
 * A's Disks panel only; RAID reads Disks on the same host. */
static void
test_each_host_its_tree(void)
{
	struct two_trees t;
	struct host *a, *b;
	struct panel_state *raid;

	trees_make(&t);
	unit_put_file(t.a, "sys/block/sdb/device/timeout", "45\n");
	app_start_ok(t.inventory, NULL);
	CHECK_LL(app.host_count, 2, "hosts");
	CHECK_LL(app.hosts_from_inventory, 1, "from the inventory");
	a = app_find_host(&app, "A");
	b = app_find_host(&app, "B");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_EQUAL(app_host(&app), a);
	CHECK_STR(a->sysroot, t.a, "A's tree, from the inventory's folder");
	CHECK_STR(b->sysroot, t.b, "B's quoted tree");
	CHECK_LL(panel_timeout("A", "sdb"), 45, "A's sdb timeout");
	CHECK_LL(panel_timeout("B", "sdb"), 30, "B's sdb timeout");

	/* And the other way round, read again. */
	unit_put_file(t.b, "sys/block/sdb/device/timeout", "77\n");
	unit_put_file(t.a, "sys/block/sdb/device/timeout", "30\n");
	CHECK_LL(panel_timeout("B", "sdb"), 77, "B's sdb timeout");
	CHECK_LL(panel_timeout("A", "sdb"), 30, "A's sdb timeout");

	raid = app_host_panel(&app, b, "raid");
	CU_ASSERT_PTR_NOT_NULL_FATAL(raid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(raid->related);
	CU_ASSERT_PTR_EQUAL(raid->related->host, b);
	CU_ASSERT_PTR_EQUAL(raid->related, app_host_panel(&app, b, "disks"));

	/* app_panel follows the shown host. */
	app_show_host(&app, b);
	CU_ASSERT_PTR_EQUAL(app_panel(&app, "disks")->host, b);
	app_stop();
	trees_free(&t);
}

/* A change planned with -t B or B:ARG runs on B's tree only, the plan
 * and confirmation name B, and so does the audit line. */
static void
test_change_on_b(void)
{
	struct unit_audit_log log;
	struct two_trees t;
	char *text, *want;

	trees_make(&t);
	unit_audit_log_init(&log, "hosts-audit");
	app_start_ok(t.inventory, NULL);
	CHECK_STR(app_host(&app)->name, "A", "shown first");

	CHECK_LL(app_run_line(&app, "disk-set-timeout -t B sdb 180"),
	    APP_RUN_OK, "-t B");
	CHECK_LL(fe.confirms, 1, "confirm() calls");
	CHECK_STR(fe.host, "B", "the plan's host");
	want = xasprintf("sysroot %s", t.b);
	CHECK_STR(fe.where, want, "how B is reached");
	free(want);
	CHECK_STR(fe.command, "disk-set-timeout sdb 180", "the command");
	check_timeout(t.b, "sdb", "180", "B's sdb");
	check_timeout(t.a, "sdb", "30", "A's sdb");
	CHECK_STR(app_host(&app)->name, "A", "a change does not switch hosts");
	text = unit_read_file(log.path, NULL);
	CHECK_CONTAINS(text, "host=B ", "the audit line names B");
	CHECK_CONTAINS(text, "target=sdb", "and sdb");
	CU_ASSERT(text == NULL || strstr(text, "host=A") == NULL);
	free(text);

	/* HOST:ARG, and -t HOST: with the colon. */
	CHECK_LL(app_run_line(&app, "disk-set-timeout B:sdc 90"), APP_RUN_OK,
	    "B:sdc");
	CHECK_LL(fe.confirms, 2, "confirm() calls");
	CHECK_STR(fe.host, "B", "the plan's host");
	CHECK_STR(fe.command, "disk-set-timeout sdc 90", "the command");
	check_timeout(t.b, "sdc", "90", "B's sdc");
	check_timeout(t.a, "sdc", "30", "A's sdc");
	CHECK_LL(app_run_line(&app, "disk-set-timeout -t B: sdd 120"),
	    APP_RUN_OK, "-t B:");
	check_timeout(t.b, "sdd", "120", "B's sdd");
	check_timeout(t.a, "sdd", "30", "A's sdd");

	/* From B, A: acts on A. */
	app_show_host(&app, app_find_host(&app, "B"));
	CHECK_LL(app_run_line(&app, "disk-set-timeout A:sdb 60"), APP_RUN_OK,
	    "A:sdb");
	CHECK_STR(fe.host, "A", "the plan's host");
	check_timeout(t.a, "sdb", "60", "A's sdb");
	check_timeout(t.b, "sdb", "180", "B's sdb");
	text = unit_read_file(log.path, NULL);
	CHECK_CONTAINS(text, "host=A ", "the audit line names A");
	free(text);

	/* No: nothing written on B. */
	fe.answer = 0;
	CHECK_LL(app_run_line(&app, "disk-set-timeout -t B sdb 30"),
	    APP_RUN_OK, "-t B, no");
	CHECK_STR(fe.host, "B", "the plan's host");
	check_timeout(t.b, "sdb", "180", "B's sdb");
	app_stop();
	unit_audit_log_clear(&log);
	trees_free(&t);
}

/* A target naming no host is refused, and nothing changes anywhere. */
static void
test_unknown_target(void)
{
	static const char *const lines[] = {
		"disk-set-timeout -t C sdb 180",
		"disk-set-timeout -t C: sdb 180",
		"disk-set-timeout -t",
		"disk-set-timeout C:sdb 180",
	};
	static const char *const want[] = {
		"no host called C", "no host called C", "-t needs a host",
		"C:sdb",
	};
	struct two_trees t;
	size_t i;

	trees_make(&t);
	app_start_ok(t.inventory, NULL);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		CHECK_LL(app_run_line(&app, lines[i]), APP_RUN_REFUSED,
		    lines[i]);
		CHECK_CONTAINS(fe.message, want[i], lines[i]);
		CHECK_LL(fe.message_flags, FE_MSG_ERROR, "an error");
	}
	CHECK_LL(fe.confirms, 0, "confirm() calls");
	check_timeout(t.a, "sdb", "30", "A's sdb");
	check_timeout(t.b, "sdb", "30", "B's sdb");
	CHECK_STR(app_host(&app)->name, "A", "still shown");
	app_stop();
	trees_free(&t);
}

/* Inventory errors name the file (and line); app_init fails. */
static void
test_inventory_errors(void)
{
	struct two_trees t;
	char *path, *want, *missing;

	trees_make(&t);
	path = put_private(t.dir, "bad", "host A\n    sysroot A\n"
	    "host B\n    frobnicate yes\n");
	want = xasprintf("%s:4: ", path);
	app_start_fails(path, NULL, want);
	free(want);
	free(path);

	path = put_private(t.dir, "empty", "# nothing\n");
	want = xasprintf("%s: no host entries", path);
	app_start_fails(path, NULL, want);
	free(want);
	free(path);

	missing = xasprintf("%s/missing", t.dir);
	want = xasprintf("%s: No such file", missing);
	app_start_fails(missing, NULL, want);
	free(want);
	free(missing);

	/* Others could write it: refused, not read. */
	CU_ASSERT(chmod(t.inventory, 0620) == 0);
	want = xasprintf("%s: bad owner or permissions", t.inventory);
	app_start_fails(t.inventory, NULL, want);
	free(want);
	CU_ASSERT(chmod(t.inventory, 0602) == 0);
	app_start_fails(t.inventory, NULL, "bad owner or permissions");
	CU_ASSERT(chmod(t.inventory, 0600) == 0);
	app_start_ok(t.inventory, NULL);
	app_stop();
	trees_free(&t);
}

/*
 * SSH entries: each gets an SSH transport resolved through the -F file
 * the command line names (nothing is connected), its tags and the far
 * side's tree, and is remote; a destination host_ssh_transport refuses
 * is an error of the entry's `ssh` line.
 */
static void
test_inventory_ssh(void)
{
	struct two_trees t;
	struct host *h;
	char *cfg, *path, *want;

	if (access("backends/ssh.so", F_OK) != 0)
		return; /* built without libssh */
	trees_make(&t);
	cfg = put_private(t.dir, "ssh_config",
	    "Host fx\n  HostName 127.0.0.9\n  User cfguser\n  Port 2299\n"
	    "Host viaproxy\n  ProxyCommand nc %h %p\n");
	path = put_private(t.dir, "fleet",
	    "host A\n  sysroot A\n"
	    "host web\n  ssh fx\n  tags web,rack4\n"
	    "host db\n  ssh fx\n  user ops\n  sysroot /srv/t\n  sudo yes\n");
	start_ssh_config = cfg;
	app_start_ok(path, NULL);
	CHECK_LL(app.host_count, 3, "hosts");
	CHECK_CONTAINS(host_reach(&app.hosts[0]), "sysroot /", "A, a tree");
	h = app_find_host(&app, "web");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CHECK_STR(host_reach(h), "ssh cfguser@127.0.0.9", "web through -F");
	/* remote: main gives each such host a refresh slot of its own. */
	CHECK_LL(h->remote, 1, "web is remote");
	CHECK_LL(app.hosts[0].remote, 0, "A, a tree, is not");
	CHECK_LL(h->tag_count, 2, "web's tags");
	if (h->tag_count == 2) {
		CHECK_STR(h->tags[0], "web", "tag 1");
		CHECK_STR(h->tags[1], "rack4", "tag 2");
	}
	CU_ASSERT_PTR_NULL(h->sysroot);
	h = app_find_host(&app, "db");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CHECK_STR(host_reach(h), "ssh ops@127.0.0.9, sysroot /srv/t",
	    "db: user beats the config's User");
	CHECK_STR(h->sysroot, "/srv/t", "db's tree on the far side");
	app_stop();
	free(path);

	/* Refused by host_ssh_transport: FILE:LINE of the ssh line. */
	path = put_private(t.dir, "refused",
	    "host A\n  sysroot A\n"
	    "host p\n  tags x\n  ssh viaproxy\n");
	want = xasprintf("%s:5: host p: viaproxy: ProxyCommand is not "
	    "supported", path);
	app_start_fails(path, NULL, want);
	free(want);
	free(path);
	start_ssh_config = NULL;
	free(cfg);
	trees_free(&t);
}

/* BMCs: a host with one and a BMC alone; what an entry does not say
 * comes from FreeIPMI's config file (~/.freeipmi/freeipmi.conf under
 * HOME); a BMC alone has no Disks or RAID panel, and never reads facts. */
static void
test_inventory_bmc(void)
{
	struct two_trees t;
	struct host *h;
	char *path, *home, *old_home, *why = NULL;
	const char *env = getenv("HOME");
	size_t i;

	trees_make(&t);
	old_home = env != NULL ? xstrdup(env) : NULL;
	home = xasprintf("%s/home", t.dir);
	unit_make_dirs(t.dir, "home/.freeipmi");
	free(put_private(t.dir, "home/.freeipmi/freeipmi.conf",
	    "username confuser\npassword confpw\ncipher-suite-id 17\n"
	    "workaround-flags opensesspriv\n"));
	setenv("HOME", home, 1);
	path = put_private(t.dir, "bmcs",
	    "host A\n  sysroot A\n  bmc 127.0.0.1:9001\n"
	    "  bmc-user ADMIN\n  bmc-password env\n"
	    "host rack1\n  bmc 127.0.0.1:9002\n");
	app_start_ok(path, NULL);
	CHECK_LL(app.host_count, 2, "hosts");
	h = app_find_host(&app, "A");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h->bmc);
	CHECK_CONTAINS(host_reach(h), ", BMC 127.0.0.1:9001", "A's reach");
	/* Said in the entry: kept; not said: FreeIPMI's config. */
	CHECK_STR(h->bmc->user, "ADMIN", "A's user");
	CHECK_LL(h->bmc->password_from, BMC_PASSWORD_ENV, "A's password");
	CHECK_LL(h->bmc->cipher_suite, 17, "A's cipher from the config");
	CHECK_LL(h->bmc->workarounds, BMC_WA_OPENSESSPRIV, "A's workarounds");
	CU_ASSERT(host_has(h, SCREEN_NEEDS_FILES, NULL));
	h = app_find_host(&app, "rack1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NULL(h->transport);
	CHECK_STR(host_reach(h), "BMC 127.0.0.1:9002", "rack1's reach");
	CHECK_STR(h->bmc->user, "confuser", "rack1's user from the config");
	CHECK_LL(h->bmc->password_from, BMC_PASSWORD_FREEIPMI,
	    "rack1's password from the config");
	CU_ASSERT(!host_has(h, SCREEN_NEEDS_FILES, &why));
	CHECK_STR(why, "host rack1 is a BMC alone: it has no files, disks "
	    "or arrays to read", "why");
	free(why);
	/* Its panels: none that reads files. */
	app_show_host(&app, h);
	for (i = 0; i < app.panel_count; i++)
		CU_ASSERT(!(app.panels[i]->screen->needs & SCREEN_NEEDS_FILES));
	CU_ASSERT_PTR_NULL(app_host_panel(&app, h, "disks")->handle);
	app_stop();
	free(path);

	if (old_home != NULL)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_home);
	free(home);
	trees_free(&t);
}

/* --host picks an entry; a name the inventory does not have is an ssh
 * destination, and one ssh would refuse fails with both reasons. */
static void
test_host_option(void)
{
	struct two_trees t;

	trees_make(&t);
	app_start_fails(t.inventory, "-C",
	    "--host -C: not in the inventory; as an ssh destination: ");
	app_start_ok(t.inventory, "B");
	CHECK_STR(app_host(&app)->name, "B", "--host B is shown");
	CU_ASSERT_PTR_EQUAL(app_panel(&app, "disks")->host, app_host(&app));
	/* A change without a target acts on it. */
	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 180"), APP_RUN_OK,
	    "status");
	CHECK_STR(fe.host, "B", "the plan's host");
	check_timeout(t.b, "sdb", "180", "B's sdb");
	check_timeout(t.a, "sdb", "30", "A's sdb");
	app_stop();
	trees_free(&t);
}

/* The Hosts panel: one row per host, problem hosts first. */
static void
test_hosts_panel(void)
{
	struct two_trees t;
	struct panel_state *p;
	struct view v;
	struct cell c;
	char *path, *cause = NULL, **names = NULL;
	size_t n = 0, i, rows, state_col = 1;
	int problems, seen_clean = 0;

	trees_make(&t);
	/* E: an empty tree, nothing wrong; C: no tree at all, failing. */
	unit_make_dirs(t.dir, "E/sys/block");
	unit_make_dirs(t.dir, "E/proc");
	path = put_private(t.dir, "three", "host E\n    sysroot E\n"
	    "host A\n    sysroot A\nhost C\n    sysroot nothere\n");
	app_start_ok(path, NULL);
	p = app_panel(&app, "hosts");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NULL(p->host);
	CHECK_LL(app_snapshot_now(&app, p, &cause), 0, "snapshot");
	free(cause);
	v = panel_view(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v.snap);
	rows = p->screen->row_count(&v);
	CHECK_LL(rows, 3, "one row per host");
	CHECK_STR(p->screen->columns[state_col].key, "state", "column");
	for (i = 0; i < rows; i++) {
		strv_push(&names, &n, p->screen->row_name(&v, i));
		p->screen->cell(&v, i, state_col, &c);
		problems = strcmp(p->screen->row_name(&v, i), "E") != 0;
		/* No host with a problem after one without. */
		CU_ASSERT(!(problems && seen_clean));
		seen_clean |= !problems;
		if (strcmp(names[i], "C") == 0)
			CHECK_STR(c.kind == CELL_STR ? c.str : NULL,
			    "failing", "C's state");
		else
			CHECK_STR(c.kind == CELL_STR ? c.str : NULL, "up",
			    "state");
	}
	CHECK_STR(n == 3 ? names[2] : NULL, "E", "the host with no problem "
	    "is last");
	CHECK_LL(p->screen->alert_count(&v), 2, "hosts with problems");
	string_list_free(names, n);
	app_stop();
	free(path);
	trees_free(&t);
}

/* A BMC alone that fails: its WHY cell starts with why, not with the
 * panel's title or the BMC's address (they would fill the 18 cells). */
static void
test_hosts_why_bmc(void)
{
	struct two_trees t;
	struct panel_state *p;
	struct host *h;
	struct view v;
	struct cell c;
	char *path, *cause = NULL;
	void *snap;
	size_t why_col;

	trees_make(&t);
	path = put_private(t.dir, "bmcs", "host rack1\n  bmc 127.0.0.1:9002\n"
	    "  bmc-user ADMIN\n  bmc-password env\n");
	app_start_ok(path, NULL);
	h = app_find_host(&app, "rack1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	p = app_panel(&app, "hosts");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CHECK_LL(app_snapshot_now(&app, p, &cause), 0, "snapshot");
	free(cause);
	/* What the IPMI plugin says of a wrong password (IPMI_PASSWORD is
	 * not set here: that read failed otherwise). */
	free(h->failure);
	h->failure = xstrdup("IPMI: 127.0.0.1:9002: password invalid");
	h->state = HOST_FAILING;
	snap = p->screen->core_snapshot(&app);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	v = panel_view(p);
	v.snap = snap;
	for (why_col = 0; why_col < p->screen->column_count &&
	    strcmp(p->screen->columns[why_col].key, "why") != 0; why_col++)
		;
	CU_ASSERT_FATAL(why_col < p->screen->column_count);
	p->screen->cell(&v, 0, why_col, &c);
	CHECK_STR(c.kind == CELL_STR ? c.str : NULL, "password invalid",
	    "rack1's WHY");
	p->screen->free_snapshot(snap);
	app_stop();
	free(path);
	trees_free(&t);
}

/* The prompt's completions of text, joined by blanks. */
static char *
completions(const char *text)
{
	struct completion c;
	char *joined;

	complete_line(&app, text, &c);
	joined = str_join(c.found.values, c.found.count, " ");
	completion_free(&c);
	return joined;
}

static void
check_completions(const char *text, const char *want)
{
	char *got = completions(text);

	CHECK_STR(got, want, text);
	free(got);
}

/* Tab completes the hosts after -t, and a target's own rows after -t HOST
 * or in HOST:ARG (B has no vda). */
static void
test_complete_targets(void)
{
	struct two_trees t;
	char *vda = NULL, *cause = NULL;

	trees_make(&t);
	vda = xasprintf("%s/sys/block/vda", t.b);
	CU_ASSERT(unlink(vda) == 0);
	app_start_ok(t.inventory, NULL);
	CHECK_LL(panel_timeout("A", "vda"), -1, "A has vda");
	CHECK_LL(panel_timeout("B", "vda"), -2, "B has no vda");
	CHECK_LL(app_snapshot_now(&app, app_panel(&app, "hosts"), &cause), 0,
	    "hosts");
	free(cause);

	check_completions("disk-set-timeout -t ", "A B");
	check_completions("disk-set-timeout -t B", "B");
	check_completions("disk-set-timeout v", "vda");
	check_completions("disk-set-timeout -t B v", "");
	check_completions("disk-set-timeout -t B: v", "");
	check_completions("disk-set-timeout -t A v", "vda");
	check_completions("disk-set-timeout B:v", "");
	check_completions("disk-set-timeout B:sd", "B:sda B:sdb B:sdc B:sdd "
	    "B:sde");
	check_completions("host ", "A B");
	app_show_host(&app, app_find_host(&app, "B"));
	check_completions("disk-set-timeout v", "");
	check_completions("disk-set-timeout A:v", "A:vda");
	/* A HOST: naming no host is part of the word, as when it runs. */
	check_completions("disk-set-timeout C:v", "");
	app_stop();
	free(vda);
	trees_free(&t);
}

/* Put p on screen: the tab bar's panel that is p (the shown host's). */
static void
show_panel(const struct panel_state *p)
{
	size_t i;

	for (i = 0; i < app.panel_count; i++) {
		if (app.panels[i] == p)
			app.current = i;
	}
	CU_ASSERT_PTR_EQUAL_FATAL(app_current(&app), p);
}

/* Run the pool's finished jobs' done() until p is not refreshing (at
 * most 10 s). */
static void
settle_panel(struct panel_state *p)
{
	long long deadline = clock_now_ms() + 10000;
	struct pollfd pfd;

	while (p->refreshing && clock_now_ms() < deadline) {
		pfd.fd = worker_pool_fd(app.pool);
		pfd.events = POLLIN;
		(void)poll(&pfd, 1, 100);
		worker_pool_dispatch(app.pool);
	}
	CU_ASSERT_FATAL(!p->refreshing);
}

/*
 * The UI's schedule for a fleet: with the Hosts panel on screen, a host's
 * first reads run ahead of the re-reads of hosts already shown (the Hosts
 * panel lacks them); on a host's panel, only that panel is ahead. And the
 * refresh interval counts from a refresh's end: a host slower to answer
 * than the interval is not asked again the moment it answered (app_tick is
 * given a "now" long before the refresh ends).
 */
static void
test_fleet_schedule(void)
{
	struct two_trees t;
	struct panel_state *a_disks, *b_disks, *hosts;
	struct host *a, *b;
	long long before;
	const void *rows;

	trees_make(&t);
	app_start_ok(t.inventory, NULL);
	app.pool = worker_pool_new(NULL);
	a = app_find_host(&app, "A");
	b = app_find_host(&app, "B");
	a_disks = app_host_panel(&app, a, "disks");
	b_disks = app_host_panel(&app, b, "disks");
	hosts = app_host_panel(&app, a, "hosts");
	CU_ASSERT_FATAL(a_disks != NULL && b_disks != NULL && hosts != NULL);
	show_panel(hosts);
	CHECK_LL(app_refresh_visible(&app, a_disks), 1, "A's first read");
	CHECK_LL(app_refresh_visible(&app, b_disks), 1, "B's first read");
	CHECK_LL(app_facts_visible(&app, a), 1, "A's first facts");

	/* The first (quick) refresh, then the full one. */
	app_refresh(&app, a_disks, 0);
	settle_panel(a_disks);
	CU_ASSERT(a_disks->snap != NULL);
	CHECK_LL(a_disks->next_refresh_ms, 0, "the full one due at once");
	CHECK_LL(app_refresh_visible(&app, a_disks), 0, "A shown: a re-read");
	CHECK_LL(app_refresh_visible(&app, b_disks), 1, "B still lacks");
	/* A tick (one follows every result) leaves the Hosts panel's rows
	 * as they are; the next frame sums them up once (app_settle). */
	rows = hosts->snap;
	(void)app_tick(&app, 1000);
	CU_ASSERT(hosts->snap == rows);
	app_settle(&app);
	CU_ASSERT(hosts->snap != rows);
	before = clock_now_ms();
	settle_panel(a_disks);
	CU_ASSERT(a_disks->error == NULL);
	CU_ASSERT(a_disks->next_refresh_ms >= before + app.opt.refresh_ms);
	if (a_disks->next_refresh_ms < before + app.opt.refresh_ms)
		fprintf(stderr, "\nnext refresh at %lld, the last ended after "
		    "%lld\n", a_disks->next_refresh_ms, before);

	/* A host's own panel on screen: only it is ahead. */
	app_show_host(&app, b);
	show_panel(b_disks);
	CHECK_LL(app_refresh_visible(&app, b_disks), 1, "B's on screen");
	CHECK_LL(app_refresh_visible(&app, a_disks), 0, "A's is not");
	CHECK_LL(app_facts_visible(&app, b), 0, "B's facts");

	CU_ASSERT(worker_pool_free(app.pool, 5000) == 0);
	app.pool = NULL;
	app_stop();
	trees_free(&t);
}
#endif

#if HAVE_DISKS_PLUGIN
/*
 * A plugin whose snapshots are always whole (RAID) is read once for its
 * first frame: no quick snapshot and then the same full one again at
 * once. Disks and IPMI, which say quick (their first frames leave out
 * SMART, the user slots), get their quick frame and then the full one at
 * once.
 */
static void
test_whole_first_frame(void)
{
	struct two_trees t;
	struct panel_state *raid, *disks;
	struct host *a;
	long long before;

	trees_make(&t);
	app_start_ok(t.inventory, NULL);
	app.pool = worker_pool_new(NULL);
	a = app_find_host(&app, "A");
	raid = app_host_panel(&app, a, "raid");
	disks = app_host_panel(&app, a, "disks");
	CU_ASSERT_FATAL(raid != NULL && disks != NULL && raid->plugin != NULL);
	CU_ASSERT(!raid->plugin->desc->quick);
	CU_ASSERT(disks->plugin->desc->quick);
	before = clock_now_ms();
	app_refresh(&app, raid, 0);
	settle_panel(raid);
	CU_ASSERT(raid->error == NULL);
	CU_ASSERT(raid->snap != NULL);
	CU_ASSERT(raid->next_refresh_ms >= before + app.opt.refresh_ms);
	if (raid->next_refresh_ms < before + app.opt.refresh_ms)
		fprintf(stderr, "\nRAID's next read at %lld: not a whole first "
		    "frame\n", raid->next_refresh_ms);
	app_refresh(&app, disks, 0);
	settle_panel(disks);
	CHECK_LL(disks->next_refresh_ms, 0, "Disks' full one due at once");
	CU_ASSERT(worker_pool_free(app.pool, 5000) == 0);
	app.pool = NULL;
	app_stop();
	trees_free(&t);
}
#endif

#if HAVE_DISKS_PLUGIN
/* With shown on screen and a first frame out in class, p's whole read,
 * due now, starts at once. */
static void
whole_at_once(struct panel_state *p, const struct panel_state *shown,
    enum job_class class, const char *why)
{
	app.quick_reading[class] = 1;
	show_panel(shown);
	p->whole_due_ms = clock_now_ms();
	p->next_refresh_ms = 0;
	(void)app_tick(&app, p->whole_due_ms + 10);
	CHECK_LL(p->refreshing, 1, why);
	app.quick_reading[class] = 0;
	settle_panel(p);
}

/*
 * The first frames of a class before the whole reads of that class: after
 * its first frame, a panel's whole read waits while first frames are still
 * being read in the class it runs in (256 BMCs, both in the BMC class:
 * the user slots of the first answered took the CPU the last logins
 * needed), for at most 2 s; the last first frame ends the wait; the
 * panel on screen does not wait. The Disks panel's whole read (the slow
 * class) does not wait for other hosts' first frames (the refresh class:
 * over SSH, the logins).
 */
static void
test_first_frames_first(void)
{
	struct two_trees t;
	struct panel_state *a_disks, *hosts, *p;
	long long due, next, far = 1LL << 60;
	size_t k, i;

	trees_make(&t);
	app_start_ok(t.inventory, NULL);
	app.pool = worker_pool_new(NULL);
	a_disks = app_host_panel(&app, app_find_host(&app, "A"), "disks");
	hosts = app_host_panel(&app, app_find_host(&app, "A"), "hosts");
	CU_ASSERT_FATAL(a_disks != NULL && hosts != NULL);
	show_panel(hosts);
	/* Only A's Disks panel is read here; the rest is not due. */
	for (k = 0; k < app.host_count; k++) {
		app.hosts[k].next_facts_ms = far;
		for (i = 0; i < screens_count; i++) {
			p = &app.hosts[k].panels[i];
			if (p != a_disks)
				p->next_refresh_ms = far;
		}
	}
	app_refresh(&app, a_disks, 0);
	CHECK_LL(app.quick_reading[JOB_REFRESH], 1, "A's first frame out");
	CHECK_LL(app.first_frames_in, 0, "not in yet");
	settle_panel(a_disks);
	CHECK_LL(app.quick_reading[JOB_REFRESH], 0, "A's first frame in");
	/* The last first frame: drawn at once, not paced as news. */
	CHECK_LL(app.first_frames_in, 1, "the last first frame in");
	app.first_frames_in = 0;
	CU_ASSERT_FATAL(a_disks->whole_due_ms > 0);
	due = a_disks->whole_due_ms;

	/* Another host's first frame out in the class A's whole read runs
	 * in (as a BMC's): A's whole read waits, and the tick says until
	 * when. */
	app.quick_reading[JOB_SLOW] = 1;
	next = app_tick(&app, due + 10);
	CHECK_LL(a_disks->refreshing, 0, "A waits for the others");
	CU_ASSERT(next > 0 && next <= 2000 - 10);
	/* No longer than 2 s. */
	(void)app_tick(&app, due + 2000);
	CHECK_LL(a_disks->refreshing, 1, "A's whole read after 2 s");
	CHECK_LL(a_disks->whole_due_ms, 0, "A's wait is over");
	app.quick_reading[JOB_SLOW] = 0;
	settle_panel(a_disks);

	/* On screen, A's Disks panel does not wait. */
	whole_at_once(a_disks, a_disks, JOB_SLOW, "on screen: at once");
	/* Others' first frames out in another class (the Disks panel's,
	 * over SSH the logins): at once. */
	whole_at_once(a_disks, hosts, JOB_REFRESH, "another class's: at once");

	CU_ASSERT(worker_pool_free(app.pool, 5000) == 0);
	app.pool = NULL;
	app_stop();
	trees_free(&t);
}
#endif

/* The IPMI panel's refreshes go to the BMC class, the Disks panel's keep
 * theirs (refresh, or slow for a SMART round). */
static void
test_refresh_class(void)
{
	struct panel_state ipmi, disks;

	memset(&ipmi, 0, sizeof ipmi);
	memset(&disks, 0, sizeof disks);
	ipmi.screen = screens_find("ipmi");
	disks.screen = screens_find("disks");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ipmi.screen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(disks.screen);
	CU_ASSERT_EQUAL(app_refresh_class(&ipmi, JOB_REFRESH), JOB_BMC);
	CU_ASSERT_EQUAL(app_refresh_class(&ipmi, JOB_SLOW), JOB_BMC);
	CU_ASSERT_EQUAL(app_refresh_class(&disks, JOB_REFRESH), JOB_REFRESH);
	CU_ASSERT_EQUAL(app_refresh_class(&disks, JOB_SLOW), JOB_SLOW);
}

static void
add_tests(CU_pSuite s)
{
#if HAVE_DISKS_PLUGIN
	CU_add_test(s, "each host reads its tree", test_each_host_its_tree);
	CU_add_test(s, "a change on B", test_change_on_b);
	CU_add_test(s, "an unknown target", test_unknown_target);
	CU_add_test(s, "inventory errors", test_inventory_errors);
	CU_add_test(s, "--host", test_host_option);
	CU_add_test(s, "BMC entries", test_inventory_bmc);
	CU_add_test(s, "ssh entries", test_inventory_ssh);
	CU_add_test(s, "the Hosts panel", test_hosts_panel);
	CU_add_test(s, "a class's first frames first",
	    test_first_frames_first);
	CU_add_test(s, "a failing BMC's WHY", test_hosts_why_bmc);
	CU_add_test(s, "completing targets", test_complete_targets);
	CU_add_test(s, "a fleet's refresh schedule", test_fleet_schedule);
	CU_add_test(s, "a whole snapshot is read once for the first frame",
	    test_whole_first_frame);
	CU_add_test(s, "the IPMI panel refreshes on the BMC class",
	    test_refresh_class);
#else
	(void)s;
#endif
}
