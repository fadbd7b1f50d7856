/* Unit tests for Tab completion, quoting, pickers' values and the RAID
 * actions menu, on the sysroot-md-add fixture read by both plugins. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "complete.h"
#include "disk.h"
#include "md.h"
#include "plugin.h"
#include "screen.h"
#include "strutil.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"
#if HAVE_DISKS_PLUGIN
#include "disk-sysfs.h"
#endif

UNIT_SUITE("complete", add_tests)

/* Words that need quoting come back whole through cmd_split. */
static void
test_quote(void)
{
	static const char *const words[] = { "sdb1", "a\"b", "with space",
	    "back\\slash", "", "\"", "md-fail \"x\" " };
	char **argv, *cause = NULL, *q;
	size_t i;
	int argc;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		q = cmd_quote(words[i]);
		argv = NULL;
		CU_ASSERT_EQUAL_FATAL(cmd_split(q, &argv, &argc, &cause), 0);
		CU_ASSERT_EQUAL_FATAL(argc, 1);
		CU_ASSERT_STRING_EQUAL(argv[0], words[i]);
		string_list_free(argv, (size_t)argc);
		free(q);
	}
	q = cmd_quote("sdb1");
	CU_ASSERT_STRING_EQUAL(q, "sdb1");
	free(q);
	q = cmd_quote("a\"b");
	CU_ASSERT_STRING_EQUAL(q, "\"a\\\"b\"");
	free(q);
}

/* {sel} pasted into a prompt's line is quoted, so the line splits right. */
static void
test_subst(void)
{
	char *q = cmd_quote("md\"7"), *w, **argv = NULL, *cause = NULL;
	int argc;

	w = cmd_subst_sel(xstrdup("md-fail {sel} "), q);
	CU_ASSERT_STRING_EQUAL(w, "md-fail \"md\\\"7\" ");
	CU_ASSERT_EQUAL(cmd_split(w, &argv, &argc, &cause), 0);
	CU_ASSERT_EQUAL(argc, 2);
	if (argc == 2)
		CU_ASSERT_STRING_EQUAL(argv[1], "md\"7");
	string_list_free(argv, (size_t)argc);
	free(w);
	free(q);
	CU_ASSERT_EQUAL(cmd_arg_kind(cmd_find("prompt"), 0), ARG_LINE);
	CU_ASSERT_EQUAL(cmd_arg_kind(cmd_find("form"), 3), ARG_ARGS);
	CU_ASSERT_EQUAL(cmd_arg_kind(cmd_find("md-fail"), 1), ARG_VALUE);
	CU_ASSERT_EQUAL(cmd_arg_kind(cmd_find("md-fail"), 2), ARG_NONE);
}

/* completion_apply on a made-up completion: quoting, the open quote. */
static void
test_apply(void)
{
	struct completion c;
	char *out;

	memset(&c, 0, sizeof c);
	c.start = 7;
	choice_push(&c.found, "my disk", NULL);
	c.common = xstrdup("my disk");
	out = completion_apply("filter my", &c);
	CU_ASSERT_STRING_EQUAL(out, "filter \"my disk\" ");
	free(out);
	choice_push(&c.found, "my disk 2", NULL);
	out = completion_apply("filter my", &c);
	CU_ASSERT_STRING_EQUAL(out, "filter \"my disk");
	free(out);
	completion_free(&c);
}

#if HAVE_DISKS_PLUGIN
extern const struct plugin_descriptor raid_plugin;

static struct app app;
static struct host *hosts;
static struct panel_state *disks_panel, *raid_panel;
static struct panel_state **shown;
static void *raid_handle;

static void
app_load(void)
{
	struct plugin_host host = { .abi = PLUGIN_ABI };
	struct hosts_source src = { .sysroot = FIXTURE_DIR "/sysroot-md-add" };
	char *cause = NULL, **errors = NULL;
	size_t count = 0, n = 0, i;
	int from_inventory;

	CU_ASSERT_EQUAL_FATAL(hosts_load(&src, &hosts, &count,
	    &from_inventory, &errors, &n), 0);
	memset(&app, 0, sizeof app);
	app.hosts = hosts;
	app.host_count = count;
	shown = xcalloc(screens_count, sizeof *shown);
	for (i = 0; i < screens_count; i++)
		shown[i] = &hosts[0].panels[i];
	app.panels = shown;
	app.panel_count = screens_count;
	disks_panel = app_panel(&app, "disks");
	raid_panel = app_panel(&app, "raid");
	host.transport = hosts[0].transport;
	disks_panel->snap = disk_sysfs_scan(host.transport, &cause);
	raid_panel->related = disks_panel;
	raid_handle = raid_plugin.open(&host, &cause);
	if (raid_handle != NULL)
		raid_panel->snap = raid_plugin.snapshot(raid_handle, 0, NULL,
		    &cause);
	free(cause);
	for (i = 0; i < screens_count; i++) {
		if (shown[i] == raid_panel)
			app.current = i;
	}
}

static void
app_unload(void)
{
	disk_snapshot_free(disks_panel->snap);
	raid_plugin.free_snapshot(raid_panel->snap);
	raid_plugin.close(raid_handle);
	host_free(&hosts[0]);
	free(hosts);
	free(shown);
}

/* Tab on text: the candidates joined by blanks, and the new text. */
static void
check_complete(const char *text, const char *want_found,
    const char *want_text)
{
	struct completion c;
	char *found, *out;

	complete_line(&app, text, &c);
	found = str_join(c.found.values, c.found.count, " ");
	out = completion_apply(text, &c);
	CU_ASSERT_STRING_EQUAL(found, want_found);
	CU_ASSERT_STRING_EQUAL(out, want_text);
	if (strcmp(found, want_found) != 0 || strcmp(out, want_text) != 0)
		fprintf(stderr, "\n'%s': found '%s', text '%s'\n", text, found,
		    out);
	free(found);
	free(out);
	completion_free(&c);
}

static void
test_complete(void)
{
	app_load();
	CU_ASSERT_PTR_NOT_NULL_FATAL(disks_panel->snap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(raid_panel->snap);
	check_complete("md-f", "md-fail md-fix-timeouts", "md-f");
	check_complete("md-fa", "md-fail", "md-fail ");
	check_complete("md-fail md", "md3 md0 md4 md1 md2", "md-fail md");
	/* md-fail offers what the plan takes: working members (not the
	 * spare sdi1), and none of degraded md0's (its last one). */
	check_complete("md-fail md4 ", "sdf1 sdh1", "md-fail md4 sd");
	check_complete("md-fail md0 ", "", "md-fail md0 ");
	check_complete("md-fail md4 sdh", "sdh1", "md-fail md4 sdh1 ");
	check_complete("md-remove md4 ", "sdi1 sdg1", "md-remove md4 sd");
	check_complete("md-add md4 ", "sdj1 sdm", "md-add md4 sd");
	check_complete("md-add md4 sdm", "sdm", "md-add md4 sdm ");
	check_complete("md-add md2 ", "sdj1 sdm", "md-add md2 sd");
	check_complete("md-add md1 sdk", "", "md-add md1 sdk");
	check_complete("disk-set-scheduler sdj ", "mq-deadline kyber bfq none",
	    "disk-set-scheduler sdj ");
	check_complete("disk-set-scheduler sdj k", "kyber",
	    "disk-set-scheduler sdj kyber ");
	check_complete("disk-set-timeout sdj", "sdj", "disk-set-timeout sdj ");
	check_complete("form md-fail md4 sdf", "sdf1", "form md-fail md4 sdf1 ");
	check_complete("pick md-a", "md-add", "pick md-add ");
	check_complete("help md-re",
	    "md-remove md-re-add md-resync-member md-repair", "help md-re");
	check_complete("quit --", "--force", "quit --force ");
	check_complete("sort mis", "missing mismatch_cnt", "sort mis");
	check_complete("sort health d", "desc", "sort health desc ");
	check_complete("panel d", "disks", "panel disks ");
	check_complete("nosuch x", "", "nosuch x");
	check_complete("md-fail \"md4\" \"sdh", "sdh1", "md-fail \"md4\" sdh1 ");
	app_unload();
}

/* The RAID actions menu: plain words, and each line a working command. */
static void
test_raid_actions(void)
{
	const struct screen *s = screens_find("raid");
	struct choice_list l = {0};
	struct view v;
	const struct md_snapshot *md;
	size_t row, i;
	char *labels;

	app_load();
	md = raid_panel->snap;
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	for (row = 0; row < md->count; row++) {
		if (strcmp(md->arrays[row].name, "md4") == 0)
			break;
	}
	CU_ASSERT_FATAL(row < md->count);
	v = panel_view(raid_panel);
	s->actions(&v, row, &l);
	labels = str_join(l.labels, l.count, "|");
	CU_ASSERT_PTR_NOT_NULL(strstr(labels, "Fail member sdf1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(labels, "Remove member sdg1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(labels, "Add a device..."));
	CU_ASSERT_PTR_NULL(strstr(labels, "prompt"));
	for (i = 0; i < l.count; i++) {
		if (strcmp(l.labels[i], "Fail member sdf1") == 0)
			CU_ASSERT_STRING_EQUAL(l.values[i],
			    "md-fail md4 sdf1");
		if (strcmp(l.labels[i], "Add a device...") == 0)
			CU_ASSERT_STRING_EQUAL(l.values[i], "pick md-add md4");
		CU_ASSERT_PTR_NOT_NULL(cmd_find(strtok(l.values[i], " ")));
	}
	free(labels);
	choice_list_free(&l);
	app_unload();
}
#endif

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "quote", test_quote);
	CU_add_test(s, "{sel} into a command line", test_subst);
	CU_add_test(s, "apply", test_apply);
#if HAVE_DISKS_PLUGIN
	CU_add_test(s, "complete on sysroot-md-add", test_complete);
	CU_add_test(s, "raid actions", test_raid_actions);
#endif
}
