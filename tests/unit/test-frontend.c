/* Unit tests for app's one command path, driven through a fake front end
 * that records every call, on the sysroot-disks fixture; and for the one
 * result formatter. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "change.h"
#include "frontend.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("frontend", add_tests)

/* A front end that answers confirm() as told and remembers what app said. */
struct fake_fe {
	struct app *app;
	int answer;             /* confirm(): 1 yes, 0 no, -1 leave it */
	int confirms;
	char *confirm_summary;  /* the last plan's */
	char *confirm_command;
	int confirm_dry_run;
	int results;
	char *result_text;      /* CHANGE_TEXT_TABLE of the last */
	int result_failed;
	int messages;
	int message_flags;      /* the last message's */
	char *message;
};

static void
fake_confirm(void *fe, const struct change_plan *plan, int dry_run)
{
	struct fake_fe *f = fe;

	f->confirms++;
	free(f->confirm_summary);
	free(f->confirm_command);
	f->confirm_summary = xstrdup(plan->summary);
	f->confirm_command = xstrdup(plan->command);
	f->confirm_dry_run = dry_run;
	if (f->answer >= 0)
		app_confirm(f->app, f->answer);
}

static void
fake_show_result(void *fe, const struct change_plan *plan,
    const struct change_result *r)
{
	struct fake_fe *f = fe;

	f->results++;
	free(f->result_text);
	f->result_text = change_result_text(plan, r, CHANGE_TEXT_TABLE);
	f->result_failed = r->failed;
}

static void
fake_message(void *fe, int flags, const char *text)
{
	struct fake_fe *f = fe;

	f->messages++;
	f->message_flags = flags;
	free(f->message);
	f->message = xstrdup(text);
}

static const struct frontend_ops fake_batch_ops = {
	.name = "fake-batch",
	.interactive = 0,
	.help_where = "rackcon --help",
	.confirm = fake_confirm,
	.show_result = fake_show_result,
	.message = fake_message,
};

static const struct frontend_ops fake_ui_ops = {
	.name = "fake-ui",
	.interactive = 1,
	.help_where = "F1",
	.confirm = fake_confirm,
	.show_result = fake_show_result,
	.message = fake_message,
};

/* A front end that cannot ask. */
static const struct frontend_ops fake_mute_ops = {
	.name = "fake-mute",
	.message = fake_message,
};

#if HAVE_DISKS_PLUGIN
static struct app app;
static struct fake_fe fake;

/* The app on sysroot (plugins from the build tree), no worker pool: the
 * way batch mode runs it. */
static void
app_start(const char *sysroot, const struct frontend_ops *ops)
{
	char **errors = NULL;
	size_t n = 0;

	setenv("RACKCON_PLUGIN_DIR", "backends", 1);
	memset(&app, 0, sizeof app);
	options_defaults(&app.opt);
	app.opt.sysroot = xstrdup(sysroot);
	CU_ASSERT_EQUAL_FATAL(app_init(&app, &errors, &n), 0);
	memset(&fake, 0, sizeof fake);
	fake.app = &app;
	fake.answer = -1;
	app_set_frontend(&app, ops, &fake);
}

static void
app_stop(void)
{
	app_free(&app);
	options_free(&app.opt);
	free(fake.confirm_summary);
	free(fake.confirm_command);
	free(fake.result_text);
	free(fake.message);
}

static char *
timeout_of(const char *sysroot, const char *disk)
{
	char *path = xasprintf("%s/sys/block/%s/device/timeout", sysroot,
	    disk);
	char *text = unit_read_file(path, NULL);

	free(path);
	return text;
}

/* A change asks confirm() once, naming the target; yes runs it on this
 * thread and hands the result over; no runs nothing. */
static void
test_change_confirms_once(void)
{
	struct unit_audit_log log;
	char *dir = unit_temp_dir("frontend"), *src, *dst, **argv, *t, *a;

	CU_ASSERT_FATAL(dir != NULL);
	src = unit_fixture_path("sysroot-disks");
	dst = xasprintf("%s/sysroot", dir);
	argv = unit_argv("/bin/cp", "-a", src, dst, NULL);
	CU_ASSERT_FATAL(unit_run_quiet(argv) == 0);
	unit_argv_free(argv);
	unit_audit_log_init(&log, "frontend-audit");
	app_start(dst, &fake_batch_ops);
	fake.answer = 1;

	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 180"), APP_RUN_OK,
	    "status");
	CHECK_LL(fake.confirms, 1, "confirm() calls");
	CHECK_CONTAINS(fake.confirm_summary, "sdb", "the plan names sdb");
	CHECK_STR(fake.confirm_command, "disk-set-timeout sdb 180",
	    "the plan's command");
	CHECK_LL(fake.confirm_dry_run, 0, "dry run");
	CHECK_LL(fake.results, 1, "show_result() calls");
	CHECK_LL(fake.result_failed, 0, "failed steps");
	CHECK_CONTAINS(fake.result_text, "sdb        ok", "result row");
	CHECK_CONTAINS(fake.result_text, "1 step(s), 0 failed", "count");
	CHECK_STR(fake.message, "disk-set-timeout sdb 180: done", "message");
	CHECK_LL(fake.message_flags, FE_MSG_NOTE, "a note");
	CU_ASSERT_PTR_NULL(app.pending);
	t = timeout_of(dst, "sdb");
	CHECK_STR(t, "180", "the copy's sdb timeout");
	free(t);
	a = unit_read_file(log.path, NULL);
	CHECK_CONTAINS(a, "target=sdb", "the audit line names sdb");
	free(a);

	/* No: confirm() again, once; nothing runs. */
	fake.answer = 0;
	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 60"), APP_RUN_OK,
	    "status");
	CHECK_LL(fake.confirms, 2, "confirm() calls");
	CHECK_LL(fake.results, 1, "show_result() calls");
	CHECK_STR(fake.message,
	    "disk-set-timeout sdb 60: cancelled, nothing was changed",
	    "message");
	t = timeout_of(dst, "sdb");
	CHECK_STR(t, "180", "the copy's sdb timeout");
	free(t);

	app_stop();
	unit_audit_log_clear(&log);
	unit_remove_tree(dir);
	free(dst);
	free(src);
	free(dir);
}

/* --dry-run: confirm() shows it as a dry run; even yes runs nothing. */
static void
test_dry_run(void)
{
	char *src = unit_fixture_path("sysroot-disks");

	app_start(src, &fake_batch_ops);
	app.opt.dry_run = 1;
	fake.answer = 1;
	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 180"), APP_RUN_OK,
	    "status");
	CHECK_LL(fake.confirms, 1, "confirm() calls");
	CHECK_LL(fake.confirm_dry_run, 1, "dry run");
	CHECK_LL(fake.results, 0, "show_result() calls");
	CHECK_STR(fake.message,
	    "disk-set-timeout sdb 180: dry run, nothing was run", "message");
	app_stop();
	free(src);
}

/* --read-only refuses before any plan: no confirm(), an error. */
static void
test_read_only(void)
{
	char *src = unit_fixture_path("sysroot-disks");
	const struct frontend_ops *ops[] = { &fake_batch_ops, &fake_ui_ops };
	size_t i;

	for (i = 0; i < 2; i++) {
		app_start(src, ops[i]);
		app.opt.read_only = 1;
		fake.answer = 1;
		CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 180"),
		    APP_RUN_REFUSED, "status");
		CHECK_LL(fake.confirms, 0, "confirm() calls");
		CHECK_LL(fake.message_flags, FE_MSG_ERROR, "an error");
		CHECK_STR(fake.message, "refused (read-only mode): "
		    "disk-set-timeout changes the machine", "message");
		app_stop();
	}
	/* A form for a change is refused before it opens. */
	app_start(src, &fake_ui_ops);
	app.opt.read_only = 1;
	CHECK_LL(app_run_line(&app, "form disk-set-timeout sdb"),
	    APP_RUN_REFUSED, "status");
	CHECK_LL(fake.confirms, 0, "confirm() calls");
	CHECK_CONTAINS(fake.message, "read-only", "message");
	app_stop();
	free(src);
}

/* A change to the current value: a message the user sees (not a note),
 * no confirm(), no result. */
static void
test_nothing_to_do(void)
{
	char *src = unit_fixture_path("sysroot-disks");

	app_start(src, &fake_batch_ops);
	fake.answer = 1;
	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 30"), APP_RUN_OK,
	    "status");
	CHECK_LL(fake.confirms, 0, "confirm() calls");
	CHECK_LL(fake.results, 0, "show_result() calls");
	CHECK_LL(fake.messages, 1, "messages");
	CHECK_STR(fake.message, "sdb: timeout already 30 s, nothing to do",
	    "message");
	CHECK_LL(fake.message_flags, 0, "neither an error nor a note");
	CU_ASSERT_PTR_NULL(app.pending);
	app_stop();
	free(src);
}

/* A UI-only command in batch mode is refused with a clear message; an
 * interactive front end runs it. Unknown commands say where the list
 * is. */
static void
test_ui_only(void)
{
	char *src = unit_fixture_path("sysroot-disks");

	app_start(src, &fake_batch_ops);
	CHECK_LL(app_run_line(&app, "help"), APP_RUN_REFUSED, "status");
	CHECK_STR(fake.message, "help works only in the interactive UI",
	    "message");
	CHECK_LL(fake.message_flags, FE_MSG_ERROR, "an error");
	CHECK_LL(app_run_line(&app, "form disk-set-timeout sdb"),
	    APP_RUN_REFUSED, "status");
	CHECK_STR(fake.message, "form works only in the interactive UI",
	    "message");
	CHECK_LL(app_run_line(&app, "frobnicate"), APP_RUN_REFUSED, "status");
	CHECK_STR(fake.message,
	    "unknown command: frobnicate (rackcon --help lists them)",
	    "message");
	CHECK_LL(fake.confirms, 0, "confirm() calls");
	app_stop();

	app_start(src, &fake_ui_ops);
	CHECK_LL(app_run_line(&app, "sort name"), APP_RUN_OK, "status");
	CHECK_STR(fake.message, "sorted by name", "message");
	CHECK_LL(app_run_line(&app, "frobnicate"), APP_RUN_REFUSED, "status");
	CHECK_STR(fake.message, "unknown command: frobnicate (F1 lists them)",
	    "message");
	app_stop();
	free(src);
}

/* A front end without confirm() cannot run a change. */
static void
test_no_confirm(void)
{
	char *src = unit_fixture_path("sysroot-disks");

	app_start(src, &fake_mute_ops);
	CHECK_LL(app_run_line(&app, "disk-set-timeout sdb 180"),
	    APP_RUN_REFUSED, "status");
	CHECK_LL(fake.message_flags, FE_MSG_ERROR, "an error");
	CHECK_CONTAINS(fake.message, "nothing was changed", "message");
	CU_ASSERT_PTR_NULL(app.pending);
	app_stop();
	free(src);
}
#endif

/* The one result text, in both styles, and for a refused change. */
static void
test_result_text(void)
{
	struct change_plan p;
	struct change_result r;
	struct step_result steps[3];
	static char note[] = "degraded after this", busy[] = "mdadm: busy",
	    audit[] = "cannot write the audit log";
	char **argv = unit_argv("mdadm", "/dev/md0", "--fail", "/dev/sdb1",
	    NULL), *text;

	change_plan_init(&p, "md-fail md0 sdb1", "Mark sdb1 faulty in md0");
	change_plan_add_note(&p, "md0", "degraded after this");
	change_plan_add_run(&p, "sdb1", argv, ~0, NULL);
	unit_argv_free(argv);
	change_plan_add_write(&p, "sdb", "/sys/block/sdb/device/timeout",
	    "180", NULL);
	memset(&r, 0, sizeof r);
	memset(steps, 0, sizeof steps);
	steps[0] = (struct step_result){ .done = 0, .ok = 1, .message = note };
	steps[1] = (struct step_result){ .done = 1, .ok = 0, .message = busy };
	steps[2] = (struct step_result){ .done = 0, .ok = 0, .message = NULL };
	r.steps = steps;
	r.step_count = 3;
	r.failed = 1;

	text = change_result_text(&p, &r, CHANGE_TEXT_TABLE);
	CHECK_STR(text,
	    "md0        skipped degraded after this\n"
	    "sdb1       FAILED  mdadm: busy\n"
	    "sdb        skipped \n"
	    "3 step(s), 1 failed", "table");
	free(text);
	text = change_result_text(&p, &r, CHANGE_TEXT_REPORT);
	CHECK_STR(text,
	    "Mark sdb1 faulty in md0\n\n"
	    "md0        skipped degraded after this\n"
	    "sdb1       FAILED  mdadm: busy\n"
	    "           $ mdadm /dev/md0 --fail /dev/sdb1\n"
	    "sdb        skipped \n"
	    "           $ echo 180 > /sys/block/sdb/device/timeout\n"
	    "\n3 step(s), 1 failed.", "report");
	free(text);
	r.refused = audit;
	text = change_result_text(&p, &r, CHANGE_TEXT_REPORT);
	CHECK_STR(text, "Mark sdb1 faulty in md0\n\n"
	    "Refused: cannot write the audit log", "refused");
	free(text);
	change_plan_free(&p);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "result text", test_result_text);
#if HAVE_DISKS_PLUGIN
	CU_add_test(s, "a change confirms once", test_change_confirms_once);
	CU_add_test(s, "dry run", test_dry_run);
	CU_add_test(s, "read-only", test_read_only);
	CU_add_test(s, "nothing to do", test_nothing_to_do);
	CU_add_test(s, "UI-only commands", test_ui_only);
	CU_add_test(s, "no confirm op", test_no_confirm);
#endif
}
