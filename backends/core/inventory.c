/* The inventory file's parser: hosts and how each is reached (see inventory.h). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory.h"
#include "strutil.h"
#include "xmalloc.h"

/* An entry being read: the host, and whether a line of it was bad. */
struct entry {
	struct inventory_host host;
	int reach_line;   /* the line that said how it is reached, 0 none */
	int bad;
	int open;         /* a `host` line started it */
};

static void
host_clear(struct inventory_host *h)
{
	free(h->name);
	free(h->sysroot);
	memset(h, 0, sizeof *h);
}

/* "SOURCE:LINE: message" into errors. Values from the file go through
 * shown() first. */
static void __attribute__((format(printf, 5, 6)))
add_error(char ***errors, size_t *count, const char *source, size_t line,
    const char *fmt, ...)
{
	va_list ap;
	char *what, *msg;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s:%zu: %s", source, line, what);
	strv_push(errors, count, msg);
	free(msg);
	free(what);
}

/* A value from the file, fit for a message. Fresh. */
static char *
shown(const char *s)
{
	return str_shown(s, 64);
}

static int
name_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > INVENTORY_NAME_MAX || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr("._-", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/*
 * The words of line after its keyword: one bare word, or one in double
 * quotes holding blanks; nothing may follow but blanks. Cut in place.
 * Returns how many words (0 or 1), or -1 for an unterminated quote or
 * more than one word.
 */
static int
line_value(char *p, char **value)
{
	char *end;

	*value = NULL;
	p += strspn(p, " \t");
	if (*p == '\0')
		return 0;
	if (*p == '"') {
		end = strchr(p + 1, '"');
		if (end == NULL)
			return -1;
		*end = '\0';
		*value = p + 1;
		p = end + 1;
	} else {
		*value = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	p += strspn(p, " \t");
	return *p == '\0' ? 1 : -1;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	}
	return 0;
}

/* A relative DIR is taken from the inventory file's folder. */
static char *
sysroot_path(const char *source, const char *dir)
{
	const char *slash = strrchr(source, '/');

	if (dir[0] == '/' || slash == NULL)
		return xstrdup(dir);
	return xasprintf("%.*s/%s", (int)(slash - source), source, dir);
}

/* Close the entry being read: keep it when it is whole, else say why. */
static void
entry_end(struct entry *e, struct inventory *out, const char *source,
    char ***errors, size_t *count)
{
	if (!e->open)
		return;
	if (!e->bad && e->reach_line == 0) {
		add_error(errors, count, source, (size_t)e->host.line,
		    "host %s says neither local nor sysroot DIR",
		    e->host.name);
		e->bad = 1;
	}
	if (!e->bad && inventory_find(out, e->host.name) != NULL) {
		add_error(errors, count, source, (size_t)e->host.line,
		    "host %s is named twice; this one is left out",
		    e->host.name);
		e->bad = 1;
	}
	if (e->bad)
		host_clear(&e->host);
	else {
		out->hosts = xreallocarray(out->hosts, out->count + 1,
		    sizeof *out->hosts);
		out->hosts[out->count++] = e->host;
	}
	memset(e, 0, sizeof *e);
}

/* One keyword line inside an entry. Returns 0, or -1 (an error said). */
static int
entry_keyword(struct entry *e, const char *source, size_t line,
    const char *key, char *rest, char ***errors, size_t *count)
{
	char *value, *k, *v;
	int words = line_value(rest, &value), rc = -1;

	k = shown(key);
	v = value != NULL ? shown(value) : NULL;
	if (words < 0)
		add_error(errors, count, source, line, "%s: one value, quoted "
		    "if it holds blanks", k);
	else if (value != NULL && has_control(value))
		add_error(errors, count, source, line, "%s: control "
		    "characters in the value", k);
	else if (strcasecmp(key, "local") != 0 &&
	    strcasecmp(key, "sysroot") != 0)
		add_error(errors, count, source, line, "unknown keyword '%s' "
		    "(known: host, local, sysroot)", k);
	else if (e->reach_line != 0)
		add_error(errors, count, source, line, "host %s: says how it "
		    "is reached twice (line %d first)", e->host.name,
		    e->reach_line);
	else if (strcasecmp(key, "local") == 0 && words != 0)
		add_error(errors, count, source, line, "local takes no value, "
		    "not '%s'", v);
	else if (strcasecmp(key, "sysroot") == 0 &&
	    (words != 1 || *value == '\0'))
		add_error(errors, count, source, line, "sysroot needs a "
		    "folder");
	else
		rc = 0;
	free(k);
	free(v);
	if (rc != 0)
		return -1;
	if (strcasecmp(key, "local") == 0)
		e->host.reach = INVENTORY_LOCAL;
	else {
		e->host.reach = INVENTORY_SYSROOT;
		e->host.sysroot = sysroot_path(source, value);
	}
	e->reach_line = (int)line;
	return 0;
}

/* A `host NAME` line: end the entry before, start a new one. */
static void
entry_start(struct entry *e, struct inventory *out, const char *source,
    size_t line, char *rest, char ***errors, size_t *count)
{
	char *name, *shown_name;
	int words;

	entry_end(e, out, source, errors, count);
	e->open = 1;
	e->host.line = (int)line;
	words = line_value(rest, &name);
	if (words != 1 || !name_valid(name)) {
		if (words != 1)
			add_error(errors, count, source, line,
			    "host needs one name");
		else {
			shown_name = shown(name);
			add_error(errors, count, source, line, "host name "
			    "'%s': letters, digits, '.', '_' and '-' (not "
			    "first), at most 63", shown_name);
			free(shown_name);
		}
		e->bad = 1;
		e->host.name = xstrdup("?");
		return;
	}
	e->host.name = xstrdup(name);
}

size_t
inventory_parse(const char *source, const char *text,
    struct inventory *out, char ***errors, size_t *error_count)
{
	char *copy = xstrdup(text), **lines, *p, *key;
	size_t n = split_lines(copy, &lines), i, before = *error_count;
	struct entry e;

	memset(out, 0, sizeof *out);
	memset(&e, 0, sizeof e);
	for (i = 0; i < n; i++) {
		p = lines[i];
		p[strcspn(p, "\r")] = '\0';
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		key = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
		if (strcasecmp(key, "host") == 0)
			entry_start(&e, out, source, i + 1, p, errors,
			    error_count);
		else if (!e.open) {
			key = shown(key);
			add_error(errors, error_count, source, i + 1,
			    "'%s' before any host line", key);
			free(key);
		}
		else if (entry_keyword(&e, source, i + 1, key, p, errors,
		    error_count) != 0)
			e.bad = 1;
	}
	entry_end(&e, out, source, errors, error_count);
	free(lines);
	free(copy);
	return *error_count - before;
}

void
inventory_free(struct inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->count; i++)
		host_clear(&inv->hosts[i]);
	free(inv->hosts);
	memset(inv, 0, sizeof *inv);
}

const struct inventory_host *
inventory_find(const struct inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->count; i++) {
		if (strcmp(inv->hosts[i].name, name) == 0)
			return &inv->hosts[i];
	}
	return NULL;
}
