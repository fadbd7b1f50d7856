/* The config file: `key = value` lines applied to the options. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "config-file.h"
#include "console.h"
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
	else if (strcmp(key, "console-term") == 0) {
		if (!console_term_known(value)) {
			set_cause(cause, "%s: unknown terminal type '%s' (xterm, "
			    "linux, vt100, vt220, or vt100+ for a BIOS's "
			    "console redirection)", key, value);
			return -1;
		}
		replace(&o->console_term, value);
	} else {
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

/* Why a config file with st is not to be trusted, or NULL. */
static const char *
config_bad_owner(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return "not a regular file";
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return "owned by another user";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	return NULL;
}

/* The whole of fd (CONFIG_MAX_SIZE bytes at most) into *text. */
static int
config_read_fd(int fd, const char *path, char **text, char **cause)
{
	struct buf b = {0};
	char chunk[8192];
	ssize_t n;

	buf_addstr(&b, "");
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > CONFIG_MAX_SIZE) {
			set_cause(cause, "%s: %s", path, n < 0 ?
			    strerror(errno) : "grew past 16 MiB while read");
			buf_free(&b);
			return -1;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	*text = b.data;
	return 0;
}

int
config_read(const char *path, int required, char **text, char **cause)
{
	struct stat st;
	const char *why;
	int fd, rc;

	*text = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && !required)
			return 1;
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if ((why = config_bad_owner(&st)) != NULL) {
		set_cause(cause, "%s: bad owner or permissions (%s; it must "
		    "be yours or root's and not group- or world-writable: "
		    "chmod go-w %s)", path, why, path);
		close(fd);
		return -1;
	}
	if (st.st_size > CONFIG_MAX_SIZE) {
		set_cause(cause, "%s: too large (%lld bytes; a config file "
		    "may have 16 MiB at most)", path, (long long)st.st_size);
		close(fd);
		return -1;
	}
	rc = config_read_fd(fd, path, text, cause);
	close(fd);
	return rc;
}
