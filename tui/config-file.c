/* The config file: `key = value` lines applied to the options. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config-file.h"
#include "strutil.h"
#include "xmalloc.h"

char *
config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/rackcon/config", xdg);
	return xasprintf("%s/.config/rackcon/config",
	    home != NULL ? home : "");
}

static int
parse_bool(const char *key, const char *value, int *out, char **cause)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
	    strcmp(value, "1") == 0)
		*out = 1;
	else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "0") == 0)
		*out = 0;
	else {
		set_cause(cause, "%s must be yes or no, not '%s'", key, value);
		return -1;
	}
	return 0;
}

/* Seconds with up to one decimal ("0.5"), as milliseconds. */
static int
parse_seconds(const char *key, const char *value, int min_ms, int max_ms,
    int *out_ms, char **cause)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end != '\0' || v * 1000 < min_ms ||
	    v * 1000 > max_ms) {
		set_cause(cause, "%s must be %g..%g seconds, not '%s'", key,
		    min_ms / 1000.0, max_ms / 1000.0, value);
		return -1;
	}
	*out_ms = (int)(v * 1000 + 0.5);
	return 0;
}

static void
replace(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

int
config_set(struct options *o, const char *key, const char *value,
    char **cause)
{
	int ms;

	if (strcmp(key, "refresh") == 0)
		return parse_seconds(key, value, 100, 3600000, &o->refresh_ms,
		    cause);
	if (strcmp(key, "smart-interval") == 0) {
		if (parse_seconds(key, value, 1000, 86400000, &ms, cause))
			return -1;
		o->smart_interval_s = ms / 1000;
		return 0;
	}
	if (strcmp(key, "command-timeout") == 0)
		return parse_seconds(key, value, 1000, 3600000,
		    &o->command_timeout_ms, cause);
	if (strcmp(key, "escape-delay") == 0) {
		if (strcmp(value, "auto") == 0) {
			o->escape_delay_ms = -1;
			return 0;
		}
		if (parse_int_range(value, 1, 5000, &o->escape_delay_ms) != 0) {
			set_cause(cause, "%s must be auto or 1..5000 "
			    "milliseconds, not '%s'", key, value);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "read-only") == 0)
		return parse_bool(key, value, &o->read_only, cause);
	if (strcmp(key, "no-color") == 0)
		return parse_bool(key, value, &o->no_color, cause);
	if (strcmp(key, "keymap") == 0)
		replace(&o->keymap, value);
	else if (strcmp(key, "panel") == 0)
		replace(&o->panel, value);
	else if (strcmp(key, "audit-log") == 0)
		replace(&o->audit_log, value);
	else {
		set_cause(cause, "unknown setting '%s'", key);
		return -1;
	}
	return 0;
}

int
config_parse(struct options *o, const char *source, const char *text,
    char ***errors, size_t *error_count)
{
	char *copy = xstrdup(text), **lines, *line, *eq, *hash, *cause;
	size_t n = split_lines(copy, &lines), i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		cause = NULL;
		line = lines[i];
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		line = str_trim(line);
		if (*line == '\0')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL)
			cause = xstrdup("expected 'key = value'");
		else {
			*eq = '\0';
			if (config_set(o, str_trim(line), str_trim(eq + 1),
			    &cause) == 0)
				continue;
		}
		line = xasprintf("%s:%zu: %s", source, i + 1, cause);
		strv_push(errors, error_count, line);
		free(line);
		free(cause);
		bad++;
	}
	free(lines);
	free(copy);
	return bad;
}
