/* Parsing `mdadm --examine --export` output: one member's superblock. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mdadm-export.h"
#include "strutil.h"
#include "xmalloc.h"

#define SHOWN_MAX 40
#define NAME_MAX_LEN 32 /* the 1.x superblock's set_name */

/* Printable ASCII only: values end up on a terminal and in JSON. */
static int
value_ok(const char *v, size_t max)
{
	size_t n = strlen(v), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] < 0x20 || v[i] > 0x7e)
			return 0;
	}
	return 1;
}

static int
number_ok(const char *v, long long *out)
{
	long long n;

	if (parse_ll(v, &n) != 0 || n < 0 || v[0] == '+' || v[0] == '-' ||
	    isspace((unsigned char)v[0]))
		return 0;
	*out = n;
	return 1;
}

/* One KEY=VALUE; 0, or -1 with *why (fresh). */
static int
take_pair(struct md_super *s, const char *key, const char *v, char **why)
{
	long long n;

	if (strcmp(key, "MD_LEVEL") == 0) {
		if (!value_ok(v, 16) || strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-") != strlen(v))
			return -1;
		free(s->level);
		s->level = xstrdup(v);
	} else if (strcmp(key, "MD_DEVICES") == 0) {
		if (!number_ok(v, &n) || n > INT_MAX)
			return -1;
		s->devices = (int)n;
	} else if (strcmp(key, "MD_UUID") == 0) {
		if (!md_uuid_is_mdadm(v))
			return -1;
		free(s->uuid);
		s->uuid = xstrdup(v);
	} else if (strcmp(key, "MD_NAME") == 0) {
		if (!value_ok(v, NAME_MAX_LEN))
			return -1;
		free(s->name);
		s->name = xstrdup(v);
	} else if (strcmp(key, "MD_EVENTS") == 0) {
		if (!number_ok(v, &s->events))
			return -1;
	} else if (strcmp(key, "MD_UPDATE_TIME") == 0) {
		if (!number_ok(v, &s->update_time))
			return -1;
	} else if (!value_ok(v, 256) && *v != '\0') {
		*why = xstrdup("unprintable value");
		return -1;
	}
	return 0;
}

static int
key_ok(const char *key)
{
	return strncmp(key, "MD_", 3) == 0 && key[3] != '\0' &&
	    strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
	    strlen(key);
}

/* Line n (1-based): 0, or -1 with *cause. */
static int
parse_line(struct md_super *s, char *line, size_t n, char **cause)
{
	char *eq = strchr(line, '='), *shown, *why = NULL;

	if (eq == NULL) {
		shown = str_shown(line, SHOWN_MAX);
		set_cause(cause, "line %zu: '%s' is not KEY=VALUE", n, shown);
		free(shown);
		return -1;
	}
	*eq = '\0';
	if (!key_ok(line) || take_pair(s, line, eq + 1, &why) != 0) {
		*eq = '=';
		shown = str_shown(line, SHOWN_MAX);
		set_cause(cause, "line %zu: malformed '%s'%s%s", n, shown,
		    why != NULL ? ": " : "", why != NULL ? why : "");
		free(shown);
		free(why);
		return -1;
	}
	return 0;
}

int
mdadm_export_parse(const char *text, struct md_super *out, char **cause)
{
	char *copy = xstrdup(text), **lines, *line;
	size_t n = split_lines(copy, &lines), i;
	int rc = 0;

	md_super_init(out);
	for (i = 0; i < n && rc == 0; i++) {
		line = lines[i];
		if (*line == '\0')
			continue;
		rc = parse_line(out, line, i + 1, cause);
	}
	if (rc == 0 && out->uuid == NULL) {
		set_cause(cause, "no MD_UUID: no superblock was read");
		rc = -1;
	}
	if (rc != 0)
		md_super_clear(out);
	free(lines);
	free(copy);
	return rc;
}
