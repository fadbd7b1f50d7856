/* Keymaps: parse keymap files into per-context bindings and look keys up. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "xmalloc.h"

#define KEYMAP_GLOBAL    "global"
#define KEYMAP_QUOTE_MAX 40 /* bytes of user text quoted in a message */

struct keymap_binding {
	char *context;
	int key; /* normalised */
	char *command;
};

struct keymap {
	struct keymap_binding *list;
	size_t count;
	size_t size;
};

/* The state of one keymap_parse() call. */
struct keymap_parser {
	struct keymap *km;
	const char *source;
	size_t line;
	char *context; /* the current section; NULL after a bad section line */
	int (*check)(const char *, void *);
	void *arg;
	char ***errors;
	size_t *error_count;
	int bad;
};

const char *
keymap_builtin_text(const char *name)
{
	const struct builtin_keymap *b;

	for (b = builtin_keymaps; b->name != NULL; b++) {
		if (strcmp(b->name, name) == 0)
			return b->text;
	}
	return NULL;
}

struct keymap *
keymap_new(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

void
keymap_free(struct keymap *km)
{
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < km->count; i++) {
		free(km->list[i].context);
		free(km->list[i].command);
	}
	free(km->list);
	free(km);
}

/* The index of key's binding in context, or km->count. */
static size_t
keymap_index(const struct keymap *km, const char *context, int key)
{
	size_t i;

	for (i = 0; i < km->count; i++) {
		if (km->list[i].key == key &&
		    strcmp(km->list[i].context, context) == 0)
			break;
	}
	return i;
}

static void
keymap_set(struct keymap *km, const char *context, int key,
    const char *command)
{
	size_t i = keymap_index(km, context, key);
	struct keymap_binding *b;

	if (i < km->count) {
		free(km->list[i].command);
		km->list[i].command = xstrdup(command);
		return;
	}
	if (km->count == km->size) {
		km->size = km->size == 0 ? 32 : km->size * 2;
		km->list = xreallocarray(km->list, km->size, sizeof *km->list);
	}
	b = &km->list[km->count++];
	b->context = xstrdup(context);
	b->key = key;
	b->command = xstrdup(command);
}

static void
keymap_unset(struct keymap *km, const char *context, int key)
{
	size_t i = keymap_index(km, context, key);

	if (i == km->count)
		return;
	free(km->list[i].context);
	free(km->list[i].command);
	memmove(&km->list[i], &km->list[i + 1],
	    (km->count - i - 1) * sizeof *km->list);
	km->count--;
}

const char *
keymap_lookup(const struct keymap *km, const char *context, int key)
{
	const struct keymap_binding *b, *global = NULL;
	size_t i;

	if (context == NULL)
		context = KEYMAP_GLOBAL;
	key = key_normalise(key);
	for (i = 0; i < km->count; i++) {
		b = &km->list[i];
		if (b->key != key)
			continue;
		if (strcmp(b->context, context) == 0)
			return b->command;
		if (global == NULL && strcmp(b->context, KEYMAP_GLOBAL) == 0)
			global = b;
	}
	return global != NULL ? global->command : NULL;
}

const char *
keymap_find(const struct keymap *km, const char *context, int key)
{
	size_t i;

	if (context == NULL)
		context = KEYMAP_GLOBAL;
	i = keymap_index(km, context, key_normalise(key));
	return i < km->count ? km->list[i].command : NULL;
}

size_t
keymap_count(const struct keymap *km)
{
	return km->count;
}

int
keymap_get(const struct keymap *km, size_t i, const char **context,
    int *key, const char **command)
{
	if (i >= km->count)
		return -1;
	if (context != NULL)
		*context = km->list[i].context;
	if (key != NULL)
		*key = km->list[i].key;
	if (command != NULL)
		*command = km->list[i].command;
	return 0;
}

/* User text made safe and short for a message: control bytes become '?'
 * and long text is cut at a character boundary. Caller frees. */
static char *
keymap_quote(const char *s)
{
	size_t len = strlen(s), i;
	char *out;

	if (len > KEYMAP_QUOTE_MAX) {
		len = KEYMAP_QUOTE_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	out = xasprintf("%.*s%s", (int)len, s, s[len] != '\0' ? "..." : "");
	for (i = 0; i < len; i++) {
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
	}
	return out;
}

static void keymap_error(struct keymap_parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
keymap_error(struct keymap_parser *p, const char *fmt, ...)
{
	va_list ap;
	char *msg, *line;

	p->bad++;
	if (p->errors == NULL || p->error_count == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	line = xasprintf("%s:%zu: %s", p->source, p->line, msg);
	strv_push(p->errors, p->error_count, line);
	free(line);
	free(msg);
}

/* Report a message about one piece of user text, quoted. */
static void
keymap_error_about(struct keymap_parser *p, const char *what, const char *text)
{
	char *q = keymap_quote(text);

	keymap_error(p, "%s '%s'", what, q);
	free(q);
}

/* Split the next blank-separated word off *p; NULL at the end of the line. */
static char *
keymap_next_word(char **p)
{
	char *s = *p, *word;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	word = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return word;
}

/* 1 if every double quote is closed, with cmd_split()'s rules: double
 * quotes group and a backslash escapes the next character. */
static int
keymap_quotes_closed(const char *s)
{
	int quoted = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"')
			quoted = !quoted;
	}
	return !quoted;
}

/* The first word of a command line, unquoted as cmd_split() would. */
static char *
keymap_command_name(const char *s)
{
	struct buf b = {0};
	int quoted = 0;

	buf_addstr(&b, "");
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			buf_add(&b, ++s, 1);
		else if (*s == '"')
			quoted = !quoted;
		else if (!quoted && (*s == ' ' || *s == '\t'))
			break;
		else
			buf_add(&b, s, 1);
	}
	return b.data;
}

/* 1 if name is a context name: [a-z][a-z0-9_-]*. */
static int
keymap_context_valid(const char *name)
{
	if (*name < 'a' || *name > 'z')
		return 0;
	for (; *name != '\0'; name++) {
		if ((*name < 'a' || *name > 'z') && (*name < '0' || *name > '9') &&
		    *name != '-' && *name != '_')
			return 0;
	}
	return 1;
}

/* "[context]": later bindings go there; after a bad line, nowhere. */
static void
keymap_parse_section(struct keymap_parser *p, char *line)
{
	size_t len = strlen(line);
	char *name;

	free(p->context);
	p->context = NULL;
	if (len < 2 || line[len - 1] != ']') {
		keymap_error(p, "missing ']' at the end of the section line; "
		    "its bindings are skipped");
		return;
	}
	line[len - 1] = '\0';
	name = str_trim(line + 1);
	if (!keymap_context_valid(name)) {
		keymap_error_about(p, "bad section name (use lowercase letters, "
		    "digits, '-' and '_'):", name);
		return;
	}
	p->context = xstrdup(name);
}

/* Check a bound command line; 0 if it is good, else report it. */
static int
keymap_check_command(struct keymap_parser *p, const char *command)
{
	char *name;
	int rc = -1;

	if (!keymap_quotes_closed(command)) {
		keymap_error_about(p, "unterminated quote in", command);
		return -1;
	}
	name = keymap_command_name(command);
	if (*name == '\0')
		keymap_error(p, "bind: missing command");
	else if (p->check != NULL && p->check(name, p->arg) != 0)
		keymap_error_about(p, "unknown command", name);
	else
		rc = 0;
	free(name);
	return rc;
}

/* "bind KEY COMMAND [ARGS...]" (rest is what follows "bind"). */
static void
keymap_parse_bind(struct keymap_parser *p, char *rest)
{
	char *name, *command;
	int key;

	name = keymap_next_word(&rest);
	if (name == NULL) {
		keymap_error(p, "bind: missing key");
		return;
	}
	key = key_from_name(name);
	if (key == KEYC_NONE) {
		keymap_error_about(p, "unknown key", name);
		return;
	}
	command = str_trim(rest);
	if (*command == '\0') {
		keymap_error(p, "bind: missing command");
		return;
	}
	if (keymap_check_command(p, command) != 0)
		return;
	if (p->context != NULL)
		keymap_set(p->km, p->context, key_normalise(key), command);
}

/* "unbind KEY". */
static void
keymap_parse_unbind(struct keymap_parser *p, char *rest)
{
	char *name, *extra;
	int key;

	name = keymap_next_word(&rest);
	if (name == NULL) {
		keymap_error(p, "unbind: missing key");
		return;
	}
	key = key_from_name(name);
	if (key == KEYC_NONE) {
		keymap_error_about(p, "unknown key", name);
		return;
	}
	extra = keymap_next_word(&rest);
	if (extra != NULL) {
		keymap_error_about(p, "unbind: unexpected text after the key:",
		    extra);
		return;
	}
	if (p->context != NULL)
		keymap_unset(p->km, p->context, key_normalise(key));
}

/* "unbind-all": forget every binding made so far, in every section. */
static void
keymap_parse_unbind_all(struct keymap_parser *p, char *rest)
{
	struct keymap *km = p->km;
	char *extra = keymap_next_word(&rest);
	size_t i;

	if (extra != NULL) {
		keymap_error_about(p, "unbind-all: unexpected text:", extra);
		return;
	}
	for (i = 0; i < km->count; i++) {
		free(km->list[i].context);
		free(km->list[i].command);
	}
	km->count = 0;
}

static void
keymap_parse_line(struct keymap_parser *p, char *line)
{
	char *word;

	line = str_trim(line);
	if (*line == '\0' || *line == '#')
		return;
	if (*line == '[') {
		keymap_parse_section(p, line);
		return;
	}
	word = keymap_next_word(&line);
	if (strcmp(word, "bind") == 0)
		keymap_parse_bind(p, line);
	else if (strcmp(word, "unbind") == 0)
		keymap_parse_unbind(p, line);
	else if (strcmp(word, "unbind-all") == 0)
		keymap_parse_unbind_all(p, line);
	else
		keymap_error_about(p, "expected bind, unbind, unbind-all, "
		    "[section] or # comment, not", word);
}

int
keymap_parse(struct keymap *km, const char *source, const char *text,
    int (*check_command)(const char *name, void *arg), void *arg,
    char ***errors, size_t *error_count)
{
	struct keymap_parser p = { 0 };
	char *copy, *start, **lines;
	size_t n, i;

	p.km = km;
	p.source = source != NULL ? source : "keymap";
	p.context = xstrdup(KEYMAP_GLOBAL);
	p.check = check_command;
	p.arg = arg;
	p.errors = errors;
	p.error_count = error_count;

	copy = xstrdup(text);
	start = copy;
	if (strncmp(start, "\xef\xbb\xbf", 3) == 0)
		start += 3;
	n = split_lines(start, &lines);
	for (i = 0; i < n; i++) {
		p.line = i + 1;
		keymap_parse_line(&p, lines[i]);
	}
	free(lines);
	free(copy);
	free(p.context);
	return p.bad;
}
