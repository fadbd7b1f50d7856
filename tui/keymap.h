/*
 * Keymaps: which command line each key runs, per context.
 *
 * A keymap file is UTF-8 text, one directive per line:
 *
 *   # comment            a line whose first non-blank character is '#';
 *                        there are no comments after a directive
 *   [context]            start a section: global, table, disks, prompt...
 *                        (a lowercase letter, then lowercase letters,
 *                        digits, '-' or '_'). Lines before the first
 *                        section are global. After a bad section line the
 *                        bindings up to the next good one are skipped.
 *   bind KEY COMMAND [ARGS...]
 *                        bind KEY in this section to the rest of the line,
 *                        trimmed and kept verbatim. Double quotes group
 *                        words, a backslash escapes the next character, and
 *                        {sel} stands for the selected row's name; the UI
 *                        splits and substitutes when the key is pressed.
 *                        A later bind of the same key in the same section
 *                        replaces the earlier one.
 *   unbind KEY           remove KEY's binding from this section (nothing
 *                        happens if it has none), so a user file loaded
 *                        after the default can take keys away.
 *   unbind-all           remove every binding made so far, in every
 *                        section: a keymap that is complete on its own
 *                        starts with it. rackcon loads the default keymap
 *                        first and every other keymap over it, so a file
 *                        without unbind-all only changes the keys it names.
 *
 * Blank lines are ignored, lines may end in CRLF and a UTF-8 byte order mark
 * is skipped. Key names are described in keys.h: q, ?, #, é, Enter, Esc,
 * Tab, BTab, Up, PgDn, F1..F24, C-x or ^X, M-x... Keys are looked up in the
 * current context first and then in global.
 *
 * The built-in keymaps are the keymaps/NAME.keys files themselves, compiled in
 * by tests/gen-keymaps.sh into tui/keymaps-builtin.c and parsed by
 * keymap_parse() like any user file.
 *
 * Everything here runs on the UI thread (or the batch-mode thread).
 */
#ifndef RACKCON_KEYMAP_H
#define RACKCON_KEYMAP_H

#include <stddef.h>

/* Opaque: bindings in the order they were first made. */
struct keymap;

/* One entry of the table tui/keymaps-builtin.c defines, ending in {NULL}. */
struct builtin_keymap {
	const char *name; /* "default", "vi", "emacs": the file's base name */
	const char *text; /* the whole file */
};
extern const struct builtin_keymap builtin_keymaps[];

/* The text of a built-in keymap, or NULL if there is none of that name. */
const char *keymap_builtin_text(const char *name);

/* An empty keymap; free with keymap_free(). */
struct keymap *keymap_new(void);
void keymap_free(struct keymap *km);

/*
 * Parse text into km, adding to (and replacing in) what it holds. source
 * names the text in messages ("/home/u/.config/rackcon/keymaps/vi.keys",
 * "built-in default"). check_command, if not NULL, is called with the first
 * word of each bound command line and arg; it returns 0 if the command
 * exists and -1 if not. Every bad line (unknown key, unknown command, a
 * bind without a command, an unterminated quote, a bad section line,
 * anything else) is skipped and reported as "SOURCE:LINE: message",
 * appended to *errors with strv_push() (errors and error_count may be NULL;
 * free with string_list_free()). The good lines still load. Returns the
 * number of bad lines.
 */
int keymap_parse(struct keymap *km, const char *source, const char *text,
    int (*check_command)(const char *name, void *arg), void *arg,
    char ***errors, size_t *error_count);

/*
 * The command line bound to key in context, else in global, else NULL.
 * context NULL means global. The key is normalised first (key_normalise()),
 * so '\n' and the keypad's Enter find a binding for Enter. Cheap: called for
 * every key press. The string belongs to km.
 */
const char *keymap_lookup(const struct keymap *km, const char *context,
    int key);
/* Like keymap_lookup() but in context only, without the global fallback:
 * for callers that try several contexts in turn (disks, then table). */
const char *keymap_find(const struct keymap *km, const char *context, int key);

/* The bindings, for the help screen: count, then each by index. Returns 0,
 * or -1 if i is out of range. The strings belong to km. */
size_t keymap_count(const struct keymap *km);
int keymap_get(const struct keymap *km, size_t i, const char **context,
    int *key, const char **command);

#endif
