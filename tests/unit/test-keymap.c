/* Unit tests for key names (keynames.c) and keymap files (keymap.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("keymap", keymap_add_tests)

/* The commands the built-in keymaps may use: exactly these. */
static const char *const keymap_test_commands[] = {
	"quit", "help", "prompt", "form", "pick", "filter", "filter-clear",
	"refresh",
	"redraw", "panel-next", "panel-prev", "panel-menu", "actions",
	"sort-next", "sort-prev", "sort-reverse",
	"cursor-up", "cursor-down", "page-up", "page-down", "cursor-top",
	"cursor-bottom", "detail-scroll-up", "detail-scroll-down",
	"scroll-left", "scroll-right",
	"disks-raid-safe-timeouts", "disk-smart-refresh",
	"md-check", "md-idle", "md-fix-timeouts", "host", "host-next",
	"host-prev", "panel", "ipmi-sol", "console-leave", "console-zoom",
	"console-log", "sol-break",
	NULL
};

/* Every name the parser knows, each with its aliases. */
static const char *const keymap_test_names[] = {
	"Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn",
	"PageUp", "PageDown", "NPage", "PPage", "Insert", "IC", "Delete",
	"DC", "Backspace", "BSpace", "Enter", "Return", "Tab", "BTab",
	"Shift-Tab", "S-Tab", "Esc", "Escape", "Space", "Hash", "KPEnter",
	"Resize", "Mouse", "C-a", "C-z", "^X", "C-Space", "C-@", "C-[",
	"C-\\", "C-]", "C-^", "C-_", "C-?", "M-x", "M-C-a", "C-M-a", "M-Up",
	"M-<", "M->", "M-Esc", "M-Enter", "M-F1", "M-é", "M--", "q", "Q",
	"?", "#", "<", "[", "]", "\"", "'", "\\", "~", "é", "ß", "€", "日",
	"\xf0\x9f\x98\x80", "U+0085", "U+00A0", "U+10FFFF", "Key-400",
	"Key-1000", NULL
};

static int
keymap_test_check(const char *name, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; keymap_test_commands[i] != NULL; i++) {
		if (strcmp(keymap_test_commands[i], name) == 0)
			return 0;
	}
	return -1;
}

/* key_from_name(key_to_name(k)) == k for the key that name stands for. */
static void
keymap_test_round_trip_one(const char *name)
{
	char buf[KEYC_NAME_MAX];
	int key = key_from_name(name);

	CU_ASSERT_NOT_EQUAL(key, KEYC_NONE);
	if (key == KEYC_NONE) {
		fprintf(stderr, "\nkey name %s not known\n", name);
		return;
	}
	key_to_name(key, buf, sizeof buf);
	CU_ASSERT_EQUAL(key_from_name(buf), key);
	if (key_from_name(buf) != key)
		fprintf(stderr, "\n%s -> %s does not round-trip\n", name, buf);
}

static void
keymap_test_round_trip(void)
{
	size_t i;

	for (i = 0; keymap_test_names[i] != NULL; i++)
		keymap_test_round_trip_one(keymap_test_names[i]);
}

static void
keymap_test_function_keys(void)
{
	char name[16], buf[KEYC_NAME_MAX], lower[16];
	int n, key;

	for (n = 1; n <= 24; n++) {
		snprintf(name, sizeof name, "F%d", n);
		snprintf(lower, sizeof lower, "f%d", n);
		key = key_from_name(name);
		CU_ASSERT(key & KEYC_FUNC);
		CU_ASSERT_EQUAL(key_from_name(lower), key);
		CU_ASSERT_STRING_EQUAL(key_to_name(key, buf, sizeof buf), name);
		snprintf(name, sizeof name, "M-F%d", n);
		CU_ASSERT_STRING_EQUAL(
		    key_to_name(key | KEYC_META, buf, sizeof buf), name);
	}
	CU_ASSERT_NOT_EQUAL(key_from_name("F1"), key_from_name("F2"));
}

/* The name key_to_name() gives for the key called name. */
static void
keymap_test_canonical_one(const char *name, const char *want)
{
	char buf[KEYC_NAME_MAX];

	CU_ASSERT_STRING_EQUAL(key_to_name(key_from_name(name), buf,
	    sizeof buf), want);
}

static void
keymap_test_canonical(void)
{
	keymap_test_canonical_one("return", "Enter");
	keymap_test_canonical_one("C-m", "Enter");
	keymap_test_canonical_one("C-j", "C-j");
	keymap_test_canonical_one("escape", "Esc");
	keymap_test_canonical_one("C-[", "Esc");
	keymap_test_canonical_one("C-i", "Tab");
	keymap_test_canonical_one("Hash", "#");
	keymap_test_canonical_one("PAGEDOWN", "PgDn");
	keymap_test_canonical_one("npage", "PgDn");
	keymap_test_canonical_one("dc", "Delete");
	keymap_test_canonical_one("S-Tab", "BTab");
	keymap_test_canonical_one("^A", "C-a");
	keymap_test_canonical_one("c-A", "C-a");
	keymap_test_canonical_one("C-@", "C-Space");
	keymap_test_canonical_one("C-?", "Backspace");
	keymap_test_canonical_one("C-M-a", "M-C-a");
	keymap_test_canonical_one("m-x", "M-x");
	keymap_test_canonical_one("U+e9", "é");
	keymap_test_canonical_one("U+20", "Space");
	keymap_test_canonical_one("U+1", "C-a");
	keymap_test_canonical_one("Key-259", "Up");
}

static void
keymap_test_values(void)
{
	CU_ASSERT_EQUAL(key_from_name("Enter"), 13);
	CU_ASSERT_EQUAL(key_from_name("Tab"), 9);
	CU_ASSERT_EQUAL(key_from_name("Esc"), 27);
	CU_ASSERT_EQUAL(key_from_name("Space"), ' ');
	CU_ASSERT_EQUAL(key_from_name("Backspace"), 127);
	CU_ASSERT_EQUAL(key_from_name("C-a"), 1);
	CU_ASSERT_EQUAL(key_from_name("C-z"), 26);
	CU_ASSERT_EQUAL(key_from_name("C-Space"), 0);
	CU_ASSERT_EQUAL(key_from_name("C-h"), 8);
	CU_ASSERT_EQUAL(key_from_name("M-x"), KEYC_META | 'x');
	CU_ASSERT_EQUAL(key_from_name("M-C-a"), KEYC_META | 1);
	CU_ASSERT_EQUAL(key_from_name("#"), '#');
	CU_ASSERT_EQUAL(key_from_name("q"), 'q');
	CU_ASSERT_EQUAL(key_from_name("Q"), 'Q');
	CU_ASSERT_EQUAL(key_from_name("é"), 0xe9);
	CU_ASSERT_EQUAL(key_from_name("€"), 0x20ac);
	CU_ASSERT_EQUAL(key_from_name("\xf0\x9f\x98\x80"), 0x1f600);
	CU_ASSERT_EQUAL(key_from_name("UP"), key_from_name("up"));
	CU_ASSERT(key_from_name("Up") & KEYC_FUNC);
	CU_ASSERT_EQUAL(key_from_name("M-Up"),
	    KEYC_META | key_from_name("Up"));
	CU_ASSERT_EQUAL(key_from_name("C-C"), 3);
	CU_ASSERT_EQUAL(key_from_name("M-M"), KEYC_META | 'M');
}

static void
keymap_test_utf8_names(void)
{
	static const char *const chars[] = { "é", "ß", "€", "日", "Ω",
		"\xf0\x9f\x98\x80", "\xc2\xa0", NULL };
	char buf[KEYC_NAME_MAX];
	size_t i;

	for (i = 0; chars[i] != NULL; i++) {
		CU_ASSERT_STRING_EQUAL(key_to_name(key_from_name(chars[i]),
		    buf, sizeof buf), chars[i]);
	}
	CU_ASSERT_STRING_EQUAL(key_to_name(0x85, buf, sizeof buf), "U+0085");
	CU_ASSERT_STRING_EQUAL(key_to_name(KEYC_META | 0xe9, buf, sizeof buf),
	    "M-é");
}

static void
keymap_test_bad_names(void)
{
	static const char *const bad[] = { "", "Foo", "ab", "C-", "M-", "^-",
		"C-1", "C-Up", "C-Tab", "C--", "M-M-x", "C-C-a", "^C-a",
		"F0", "F64", "F1x", "Key-0", "Key-100", "U+D800", "U+110000",
		"U+", "U+12345678", " ", "\t", "\x7f", "\x01", "\xc3",
		"\xc3\xa9x", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xff", "bind", NULL };
	size_t i;

	for (i = 0; bad[i] != NULL; i++) {
		CU_ASSERT_EQUAL(key_from_name(bad[i]), KEYC_NONE);
		if (key_from_name(bad[i]) != KEYC_NONE)
			fprintf(stderr, "\nbad name %zu known\n", i);
	}
}

static void
keymap_test_to_name_edges(void)
{
	char buf[KEYC_NAME_MAX], tiny[4];
	int key;

	CU_ASSERT_STRING_EQUAL(key_to_name(-1, buf, sizeof buf), "Invalid");
	CU_ASSERT_STRING_EQUAL(key_to_name(0xd800, buf, sizeof buf),
	    "Invalid");
	CU_ASSERT_STRING_EQUAL(key_to_name(0x110000, buf, sizeof buf),
	    "Invalid");
	CU_ASSERT_STRING_EQUAL(key_to_name(KEYC_FUNC | 5, buf, sizeof buf),
	    "Invalid");
	CU_ASSERT_STRING_EQUAL(key_to_name(0x04000000 | 'a', buf, sizeof buf),
	    "Invalid");
	CU_ASSERT_EQUAL(key_is_valid(0x04000000 | 'a'), 0);
	key = key_from_name("M-Backspace");
	CU_ASSERT_STRING_EQUAL(key_to_name(key, tiny, sizeof tiny), "M-B");
	CU_ASSERT_PTR_EQUAL(key_to_name(key, tiny, 0), tiny);
}

static void
keymap_test_from_wch(void)
{
	/* wget_wch() returns OK (0), KEY_CODE_YES (0400) or ERR (-1);
	 * KEY_UP is 0403 in every curses. */
	CU_ASSERT_EQUAL(keys_from_wch(0, 'a'), 'a');
	CU_ASSERT_EQUAL(keys_from_wch(0, 0xe9), 0xe9);
	CU_ASSERT_EQUAL(keys_from_wch(0, 13), KEYC_ENTER);
	CU_ASSERT_EQUAL(keys_from_wch(0400, 0403), key_from_name("Up"));
	CU_ASSERT_EQUAL(keys_from_wch(-1, 'a'), KEYC_NONE);
	CU_ASSERT_EQUAL(keys_from_wch(0, 0xd800), KEYC_NONE);
	CU_ASSERT_EQUAL(keys_from_wch(0, 0x7fffffffUL), KEYC_NONE);
	CU_ASSERT_EQUAL(keys_from_wch(0400, 0x7fffffffUL), KEYC_NONE);
}

static void
keymap_test_normalise(void)
{
	int kp_enter = key_from_name("KPEnter");

	CU_ASSERT_EQUAL(key_normalise('\n'), KEYC_ENTER);
	CU_ASSERT_EQUAL(key_normalise('\r'), KEYC_ENTER);
	CU_ASSERT_EQUAL(key_normalise(kp_enter), KEYC_ENTER);
	CU_ASSERT_EQUAL(key_normalise(KEYC_META | '\n'),
	    KEYC_META | KEYC_ENTER);
	CU_ASSERT_EQUAL(key_normalise(keys_from_wch(0400, 0407)), KEYC_BSPACE);
	CU_ASSERT_EQUAL(key_normalise(8), 8);
	CU_ASSERT_EQUAL(key_normalise('q'), 'q');
	CU_ASSERT_EQUAL(key_normalise(KEYC_NONE), KEYC_NONE);
}

/* A keymap from text that must parse without errors. */
static struct keymap *
keymap_test_load(const char *text)
{
	struct keymap *km = keymap_new();
	char **errors = NULL;
	size_t n = 0, i;

	CU_ASSERT_EQUAL(keymap_parse(km, "test", text, keymap_test_check,
	    NULL, &errors, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	for (i = 0; i < n; i++)
		fprintf(stderr, "\n%s\n", errors[i]);
	string_list_free(errors, n);
	return km;
}

static int
keymap_test_bound(const struct keymap *km, const char *command)
{
	const char *cmd;
	size_t i, len = strlen(command);

	for (i = 0; keymap_get(km, i, NULL, NULL, &cmd) == 0; i++) {
		if (strncmp(cmd, command, len) == 0 &&
		    (cmd[len] == '\0' || cmd[len] == ' '))
			return 1;
	}
	return 0;
}

static void
keymap_test_builtin_one(const char *name)
{
	const char *text = keymap_builtin_text(name);
	struct keymap *km;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	km = keymap_test_load(text);
	CU_ASSERT(keymap_count(km) > 30);
	for (i = 0; keymap_test_commands[i] != NULL; i++) {
		CU_ASSERT(keymap_test_bound(km, keymap_test_commands[i]));
		if (!keymap_test_bound(km, keymap_test_commands[i]))
			fprintf(stderr, "\n%s: %s not bound\n", name,
			    keymap_test_commands[i]);
	}
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 't'),
	    "form disk-set-timeout {sel}");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'e'),
	    "form disk-set-erc {sel}");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'q'), "quit");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", key_from_name("F1")),
	    "help");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '\n'), "actions");
	CU_ASSERT_PTR_NULL(keymap_lookup(km, NULL, 't'));
	keymap_free(km);
}

/* A file over the default changes only its keys; unbind-all starts over. */
static void
keymap_test_unbind_all(void)
{
	struct keymap *km = keymap_test_load(keymap_builtin_text("default"));
	char **errors = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(keymap_parse(km, "over", "[global]\nbind x help\n",
	    keymap_test_check, NULL, NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'x'), "help");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'q'), "quit");
	CU_ASSERT_EQUAL(keymap_parse(km, "all", "unbind-all\n[global]\n"
	    "bind x quit\n", keymap_test_check, NULL, NULL, NULL), 0);
	CU_ASSERT_EQUAL(keymap_count(km), 1);
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "disks", 'q'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "disks", 't'));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'x'), "quit");
	CU_ASSERT_EQUAL(keymap_parse(km, "f", "unbind-all now\n",
	    keymap_test_check, NULL, &errors, &n), 1);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(errors[0], "f:1: unbind-all: unexpected text: "
	    "'now'");
	CU_ASSERT_EQUAL(keymap_count(km), 1);
	string_list_free(errors, n);
	keymap_free(km);
}

static void
keymap_test_builtins(void)
{
	keymap_test_builtin_one("default");
	keymap_test_builtin_one("vi");
	keymap_test_builtin_one("emacs");
	CU_ASSERT_PTR_NULL(keymap_builtin_text("nope"));
}

static void
keymap_test_builtin_specifics(void)
{
	struct keymap *km;

	km = keymap_test_load(keymap_builtin_text("default"));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table",
	    key_from_name("PgDn")), "page-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '/'), "filter");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'I'), "sort-reverse");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, KEYC_ESCAPE),
	    "filter-clear");
	keymap_free(km);
	km = keymap_test_load(keymap_builtin_text("vi"));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'j'), "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'G'),
	    "cursor-bottom");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", KEYC_CTRL('f')),
	    "page-down");
	keymap_free(km);
	km = keymap_test_load(keymap_builtin_text("emacs"));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", KEYC_CTRL('n')),
	    "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", KEYC_META | 'v'),
	    "page-up");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, KEYC_META | 'x'),
	    "prompt");
	keymap_free(km);
}

/* The compiled-in default is byte for byte the file users read. */
static void
keymap_test_builtin_is_file(void)
{
	static const char *const names[] = { "default", "vi", "emacs", NULL };
	char *path, *text;
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		path = xasprintf("keymaps/%s.keys", names[i]);
		text = unit_read_file(path, NULL);
		CU_ASSERT_PTR_NOT_NULL(text);
		if (text != NULL)
			CU_ASSERT_STRING_EQUAL(text,
			    keymap_builtin_text(names[i]));
		free(text);
		free(path);
	}
}

static const char keymap_test_bad_text[] =
    "# a bad file\n"                         /* 1 */
    "bind q quit\n"                          /* 2 */
    "bind Foo quit\n"                        /* 3: unknown key */
    "bind x frobnicate now\n"                /* 4: unknown command */
    "bind y\n"                               /* 5: no command */
    "this is garbage\n"                      /* 6 */
    "\n"                                     /* 7 */
    "[disks\n"                               /* 8: no ] */
    "bind t prompt \"disk-set-timeout\"\n"   /* 9: skipped */
    "[table]\n"                              /* 10 */
    "bind j cursor-down\n"                   /* 11 */
    "bind k prompt \"open\n"                 /* 12: unterminated */
    "bind\n"                                 /* 13: no key */
    "unbind\n"                               /* 14: no key */
    "unbind j k\n"                           /* 15: extra */
    "[Bad Name]\n"                           /* 16 */
    "[global]\n"                             /* 17 */
    "bind C-l redraw\n";                     /* 18 */

static void
keymap_test_bad_file(void)
{
	static const char *const want[] = {
		"my.keys:3: unknown key 'Foo'",
		"my.keys:4: unknown command 'frobnicate'",
		"my.keys:5: bind: missing command",
		"my.keys:6: expected bind, unbind, unbind-all, [section] or "
		    "# comment, not 'this'",
		"my.keys:8: missing ']' at the end of the section line; its "
		    "bindings are skipped",
		"my.keys:12: unterminated quote in 'prompt \"open'",
		"my.keys:13: bind: missing key",
		"my.keys:14: unbind: missing key",
		"my.keys:15: unbind: unexpected text after the key: 'k'",
		"my.keys:16: bad section name (use lowercase letters, digits, "
		    "'-' and '_'): 'Bad Name'",
	};
	struct keymap *km = keymap_new();
	char **errors = NULL;
	size_t n = 0, i, nwant = sizeof want / sizeof want[0];

	CU_ASSERT_EQUAL(keymap_parse(km, "my.keys", keymap_test_bad_text,
	    keymap_test_check, NULL, &errors, &n), (int)nwant);
	CU_ASSERT_EQUAL_FATAL(n, nwant);
	for (i = 0; i < n; i++) {
		CU_ASSERT_STRING_EQUAL(errors[i], want[i]);
		if (strcmp(errors[i], want[i]) != 0)
			fprintf(stderr, "\ngot  %s\nwant %s\n", errors[i],
			    want[i]);
	}
	CU_ASSERT_EQUAL(keymap_count(km), 3);
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'q'), "quit");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'j'), "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, KEYC_CTRL('l')),
	    "redraw");
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "disks", 't'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, NULL, 'x'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, NULL, 'y'));
	string_list_free(errors, n);
	keymap_free(km);
}

/* Errors may go uncollected; they are still counted. */
static void
keymap_test_errors_not_collected(void)
{
	struct keymap *km = keymap_new();

	CU_ASSERT_EQUAL(keymap_parse(km, "x", "bind Foo quit\nbind q quit\n",
	    keymap_test_check, NULL, NULL, NULL), 1);
	CU_ASSERT_EQUAL(keymap_count(km), 1);
	keymap_free(km);
}

/* Without check_command any first word is accepted. */
static void
keymap_test_no_check(void)
{
	struct keymap *km = keymap_new();

	CU_ASSERT_EQUAL(keymap_parse(km, "x", "bind z anything at all\n",
	    NULL, NULL, NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'z'),
	    "anything at all");
	keymap_free(km);
}

static void
keymap_test_unbind(void)
{
	struct keymap *km = keymap_test_load(keymap_builtin_text("default"));
	size_t before = keymap_count(km);
	char **errors = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(keymap_parse(km, "user", "unbind q\n[disks]\n"
	    "unbind t\nunbind C-x\n[table]\nunbind Up\n", keymap_test_check,
	    NULL, &errors, &n), 0);
	CU_ASSERT_EQUAL(keymap_count(km), before - 3);
	CU_ASSERT_PTR_NULL(keymap_lookup(km, NULL, 'q'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "disks", 't'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "table", key_from_name("Up")));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, key_from_name("F10")),
	    "quit");
	string_list_free(errors, n);
	keymap_free(km);
}

static void
keymap_test_replace(void)
{
	struct keymap *km = keymap_test_load("bind q quit\nbind h help\n"
	    "bind q   refresh  \n[table]\nbind q redraw\n");
	const char *ctx, *cmd;
	int key;

	CU_ASSERT_EQUAL(keymap_count(km), 3);
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'q'), "refresh");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'q'), "redraw");
	/* Replacing keeps the binding's place. */
	CU_ASSERT_EQUAL(keymap_get(km, 0, &ctx, &key, &cmd), 0);
	CU_ASSERT_STRING_EQUAL(ctx, "global");
	CU_ASSERT_EQUAL(key, 'q');
	CU_ASSERT_STRING_EQUAL(cmd, "refresh");
	CU_ASSERT_EQUAL(keymap_get(km, 2, &ctx, &key, &cmd), 0);
	CU_ASSERT_STRING_EQUAL(ctx, "table");
	CU_ASSERT_EQUAL(keymap_get(km, 3, &ctx, &key, &cmd), -1);
	keymap_free(km);
}

static void
keymap_test_fallback(void)
{
	struct keymap *km = keymap_test_load("bind q quit\n[global]\n"
	    "bind r refresh\n[table]\nbind r redraw\nbind j cursor-down\n"
	    "[disks]\nbind S disk-smart-refresh\n");

	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'q'), "quit");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'r'), "refresh");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'r'), "redraw");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "disks", 'S'),
	    "disk-smart-refresh");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "global", 'r'), "refresh");
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "disks", 'j'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, NULL, 'S'));
	CU_ASSERT_PTR_NULL(keymap_lookup(km, "nosuch", 'S'));
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "nosuch", 'q'), "quit");
	CU_ASSERT_PTR_NULL(keymap_find(km, "disks", 'q'));
	CU_ASSERT_STRING_EQUAL(keymap_find(km, "table", 'j'), "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_find(km, NULL, 'q'), "quit");
	keymap_free(km);
}

static void
keymap_test_enter(void)
{
	struct keymap *km = keymap_test_load("bind Enter actions\n"
	    "bind M-Return help\n[table]\nbind KPEnter cursor-down\n"
	    "bind Backspace cursor-up\n");
	char buf[KEYC_NAME_MAX];
	int key;

	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '\r'), "actions");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '\n'), "actions");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL,
	    key_from_name("KPEnter")), "actions");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, KEYC_META | '\n'),
	    "help");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", '\r'),
	    "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table",
	    keys_from_wch(0400, 0407)), "cursor-up");
	CU_ASSERT_EQUAL(keymap_get(km, 2, NULL, &key, NULL), 0);
	CU_ASSERT_STRING_EQUAL(key_to_name(key, buf, sizeof buf), "Enter");
	keymap_free(km);
}

static void
keymap_test_special_chars(void)
{
	struct keymap *km = keymap_test_load("bind # help\nbind Hash quit\n"
	    "  # an indented comment\nbind [ redraw\nbind ] refresh\n"
	    "bind \" filter\nbind é actions\nbind Space panel-next\n"
	    "bind \\ filter-clear\n");

	CU_ASSERT_EQUAL(keymap_count(km), 7);
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '#'), "quit");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '['), "redraw");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, ']'), "refresh");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '"'), "filter");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 0xe9), "actions");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, ' '), "panel-next");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, '\\'), "filter-clear");
	keymap_free(km);
}

static void
keymap_test_commands_verbatim(void)
{
	struct keymap *km = keymap_test_load("bind\tx\t prompt  \"a  b\"  "
	    "{sel}\t \nbind y \"prompt\" x\nbind z pro\\mpt \"q\\\"\"\n"
	    "[a-b_2]\nbind w help\n");

	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'x'),
	    "prompt  \"a  b\"  {sel}");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'y'), "\"prompt\" x");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, NULL, 'z'),
	    "pro\\mpt \"q\\\"\"");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "a-b_2", 'w'), "help");
	keymap_free(km);
}

static void
keymap_test_crlf_bom(void)
{
	struct keymap *km = keymap_test_load("\xef\xbb\xbf[table]\r\n"
	    "bind j cursor-down\r\n\r\nbind k cursor-up");

	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'j'), "cursor-down");
	CU_ASSERT_STRING_EQUAL(keymap_lookup(km, "table", 'k'), "cursor-up");
	keymap_free(km);
}

/* Long or binary text is quoted short and printable. */
static void
keymap_test_error_quoting(void)
{
	struct keymap *km = keymap_new();
	char **errors = NULL;
	size_t n = 0;

	keymap_parse(km, "q", "bind \x1b[31m quit\n"
	    "bind ééééééééééééééééééééééééééééé quit\n", keymap_test_check,
	    NULL, &errors, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(errors[0], "q:1: unknown key '?[31m'");
	CU_ASSERT_STRING_EQUAL(errors[1],
	    "q:2: unknown key 'éééééééééééééééééééé...'");
	string_list_free(errors, n);
	keymap_free(km);
}

static void
keymap_add_tests(CU_pSuite s)
{
	CU_add_test(s, "key name round trips", keymap_test_round_trip);
	CU_add_test(s, "function keys F1..F24", keymap_test_function_keys);
	CU_add_test(s, "canonical key names", keymap_test_canonical);
	CU_add_test(s, "key values", keymap_test_values);
	CU_add_test(s, "UTF-8 key names", keymap_test_utf8_names);
	CU_add_test(s, "bad key names", keymap_test_bad_names);
	CU_add_test(s, "key_to_name edges", keymap_test_to_name_edges);
	CU_add_test(s, "keys_from_wch", keymap_test_from_wch);
	CU_add_test(s, "Enter and Backspace normalised",
	    keymap_test_normalise);
	CU_add_test(s, "built-in keymaps parse", keymap_test_builtins);
	CU_add_test(s, "built-in keymap bindings",
	    keymap_test_builtin_specifics);
	CU_add_test(s, "built-in text is the file", keymap_test_builtin_is_file);
	CU_add_test(s, "bad file", keymap_test_bad_file);
	CU_add_test(s, "errors not collected",
	    keymap_test_errors_not_collected);
	CU_add_test(s, "no command check", keymap_test_no_check);
	CU_add_test(s, "unbind", keymap_test_unbind);
	CU_add_test(s, "unbind-all and layering", keymap_test_unbind_all);
	CU_add_test(s, "later bind replaces", keymap_test_replace);
	CU_add_test(s, "context falls back to global", keymap_test_fallback);
	CU_add_test(s, "Enter bindings", keymap_test_enter);
	CU_add_test(s, "special characters", keymap_test_special_chars);
	CU_add_test(s, "commands kept verbatim",
	    keymap_test_commands_verbatim);
	CU_add_test(s, "CRLF and byte order mark", keymap_test_crlf_bom);
	CU_add_test(s, "error quoting", keymap_test_error_quoting);
}
