/* SSH host names, jump lists and remote shell quoting (see ssh-target.h). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssh-target.h"
#include "strutil.h"
#include "textsafe.h"
#include "xmalloc.h"

/* Longer host or user names are refused (a DNS name is at most 253). */
#define SSH_NAME_MAX 255

/* Quotes, and what a POSIX shell reads as syntax or expands. OpenSSH 9.6
 * refuses "'`\"$\\;&<>|(){}," in a host from the command line and
 * "'`\";&<>|(){}" in a user; we refuse more, in both. */
static const char ssh_meta[] = "'\"`$\\;&|<>(){}*?[]!#~";

/* The text for messages: unprintable bytes as '?', cut at 64 bytes. */
static char *
shown(const char *s)
{
	return str_shown(s, 64);
}

/* A phrase naming the byte at s, for "may not contain ...". */
static char *
describe_char(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c == ' ' || c == '\t')
		return xstrdup("a blank");
	if (c == '\'' || c == '"' || c == '`')
		return xasprintf("a quote (%c)", c);
	if (c < 0x20 || c == 0x7f || c >= 0x80)
		return xstrdup("a control character or bad UTF-8");
	return xasprintf("'%c'", c);
}

/* 1 if s (a host without brackets) is an IPv6 address, with an optional
 * "%zone" of letters, digits, '.', '_' and '-'. */
static int
is_ipv6(const char *s)
{
	struct in6_addr a;
	char buf[INET6_ADDRSTRLEN + 1];
	const char *zone = strchr(s, '%');
	size_t n = zone != NULL ? (size_t)(zone - s) : strlen(s);

	if (n == 0 || n >= sizeof buf || memchr(s, ':', n) == NULL)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, &a) != 1)
		return 0;
	if (zone == NULL)
		return 1;
	for (zone++; *zone != '\0'; zone++)
		if (!isalnum((unsigned char)*zone) &&
		    strchr("._-", *zone) == NULL)
			return 0;
	return zone[-1] != '%';
}

/* The first byte of s that may not be in a name, or NULL. refuse lists
 * bytes refused beyond the shell's. Bytes of unsafe UTF-8 (controls,
 * bidi, invalid) count as refused. */
static const char *
bad_char(const char *s, const char *refuse)
{
	size_t used;
	int cp;

	while (*s != '\0') {
		if (isspace((unsigned char)*s) || strchr(ssh_meta, *s) != NULL ||
		    strchr(refuse, *s) != NULL)
			return s;
		cp = text_decode(s, strlen(s), &used);
		if (text_is_unsafe(cp))
			return s;
		s += used;
	}
	return NULL;
}

/* 0 if name is fit as a `what` ("host name" or "user name"), else -1
 * with *cause "TEXT: ...". */
static int
check_name(const char *text, const char *what, const char *name,
    const char *refuse, char **cause)
{
	char *t = shown(text), *c;
	const char *bad;

	if (*name == '\0')
		set_cause(cause, "%s: no %s", t, what);
	else if (name[0] == '-')
		set_cause(cause, "%s: a %s may not begin with '-'", t, what);
	else if (strlen(name) > SSH_NAME_MAX)
		set_cause(cause, "%s: a %s longer than %d bytes", t, what,
		    SSH_NAME_MAX);
	else if ((bad = bad_char(name, refuse)) != NULL) {
		c = describe_char(bad);
		set_cause(cause, "%s: a %s may not contain %s", t, what, c);
		free(c);
	} else {
		free(t);
		return 0;
	}
	free(t);
	return -1;
}

static int
check_user(const char *text, const char *user, char **cause)
{
	return check_name(text, "user name", user, "", cause);
}

/* A host, after its brackets are gone: also no ',' (it separates hops),
 * '@', '/' or '%' outside an IPv6 zone, and ':' only in an IPv6 address. */
static int
check_host(const char *text, const char *host, char **cause)
{
	char *t;

	/* An IPv6 address (its zone too) is bounded as every name is. */
	if (is_ipv6(host))
		return check_name(text, "host name", host, "", cause);
	if (*host != '\0' && *host != '-' && strchr(host, ':') != NULL) {
		t = shown(text);
		set_cause(cause, "%s: a host name may not contain ':' (give a "
		    "port as -p PORT or ssh://HOST:PORT, an IPv6 address with "
		    "a port as ssh://[ADDRESS]:PORT)", t);
		free(t);
		return -1;
	}
	return check_name(text, "host name", host, ",@/%", cause);
}

/* A port: decimal digits only, 1 to 65535. */
static int
parse_port(const char *text, const char *s, int *port, char **cause)
{
	char *t;
	long v = 0;
	size_t i;

	for (i = 0; s[i] != '\0' && i < 6; i++) {
		if (!isdigit((unsigned char)s[i]))
			break;
		v = v * 10 + (s[i] - '0');
	}
	if (i > 0 && s[i] == '\0' && v >= 1 && v <= 65535) {
		*port = (int)v;
		return 0;
	}
	t = shown(text);
	if (*s == '\0')
		set_cause(cause, "%s: no port after ':'", t);
	else {
		char *p = shown(s);

		set_cause(cause, "%s: port '%s' is not a number from 1 to "
		    "65535", t, p);
		free(p);
	}
	free(t);
	return -1;
}

/* The user of an ssh:// URI decoded as ssh(1) does: %XX escapes (never
 * %00) and '+' as a blank. NULL if an escape is bad. */
static char *
uri_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] != '%')
			*o++ = s[i];
		else if (i + 2 < n && (hi = hex_digit(s[i + 1])) >= 0 &&
		    (lo = hex_digit(s[i + 2])) >= 0 && (hi | lo) != 0) {
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	return out;
}

/*
 * HOST[:PORT] or [HOST][:PORT] at s into t. With in_uri, a '/' may end it
 * (then nothing may follow but the end: ssh:// takes no path).
 */
static int
parse_host_port(const char *text, const char *s, int in_uri,
    struct ssh_target *t, char **cause)
{
	const char *end, *rest;
	char *q;

	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL) {
			q = shown(text);
			set_cause(cause, "%s: no ']' after '['", q);
			free(q);
			return -1;
		}
		t->host = xstrndup(s + 1, (size_t)(end - s - 1));
		rest = end + 1;
		if (*rest != '\0' && *rest != ':' && (!in_uri || *rest != '/')) {
			q = shown(text);
			set_cause(cause, "%s: nothing may follow ']' but :PORT",
			    q);
			free(q);
			return -1;
		}
	} else {
		rest = s + strcspn(s, in_uri ? ":/" : ":");
		t->host = xstrndup(s, (size_t)(rest - s));
		if (*rest == ':' && strchr(rest + 1, ':') != NULL &&
		    is_ipv6(s)) {
			q = shown(text);
			set_cause(cause, "%s: an IPv6 address goes in brackets "
			    "here: [ADDRESS]:PORT", q);
			free(q);
			return -1;
		}
	}
	if (check_host(text, t->host, cause) != 0)
		return -1;
	if (*rest == ':') {
		rest++;
		end = rest + strcspn(rest, in_uri ? "/" : "");
		q = xstrndup(rest, (size_t)(end - rest));
		if (parse_port(text, q, &t->port, cause) != 0) {
			free(q);
			return -1;
		}
		free(q);
		rest = end;
	}
	if (in_uri && *rest == '/')
		rest++;
	if (*rest != '\0') {
		q = shown(text);
		set_cause(cause, "%s: an ssh:// URI takes no path", q);
		free(q);
		return -1;
	}
	return 0;
}

/* ssh://[USER[;PARAMS]@]HOST[:PORT][/]: the user ends at the first '@'
 * and its connection parameters are ignored, as ssh(1) does. */
static int
parse_uri(const char *text, struct ssh_target *t, char **cause)
{
	const char *s = text + 6, *at = strchr(s, '@');
	size_t n;
	char *q;

	if (at != NULL) {
		n = strcspn(s, ";@");
		if (n == 0) {
			q = shown(text);
			set_cause(cause, "%s: no user name before '@'", q);
			free(q);
			return -1;
		}
		if ((t->user = uri_decode(s, n)) == NULL) {
			q = shown(text);
			set_cause(cause, "%s: a bad %%-escape in the user name",
			    q);
			free(q);
			return -1;
		}
		if (check_user(text, t->user, cause) != 0)
			return -1;
		s = at + 1;
	}
	return parse_host_port(text, s, 1, t, cause);
}

/* [USER@]HOST[:PORT] (a jump hop) or [USER@]HOST (a destination, where a
 * ':' belongs to an IPv6 address, as ssh(1) reads it). The user ends at
 * the last '@'. */
static int
parse_plain(const char *text, int with_port, struct ssh_target *t,
    char **cause)
{
	const char *at = strrchr(text, '@'), *s = text;
	size_t n;
	char *q;

	if (at != NULL) {
		if (at == text) {
			q = shown(text);
			set_cause(cause, "%s: no user name before '@'", q);
			free(q);
			return -1;
		}
		t->user = xstrndup(text, (size_t)(at - text));
		if (check_user(text, t->user, cause) != 0)
			return -1;
		s = at + 1;
	}
	if (with_port)
		return parse_host_port(text, s, 0, t, cause);
	n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
		t->host = xstrndup(s + 1, n - 2);
	else
		t->host = xstrdup(s);
	return check_host(text, t->host, cause);
}

/* One target into t (cleared on failure). */
static int
parse_one(const char *text, int with_port, struct ssh_target *t,
    char **cause)
{
	int rc;

	memset(t, 0, sizeof *t);
	if (*text == '\0') {
		set_cause(cause, "no host name");
		return -1;
	}
	if (strncmp(text, "ssh://", 6) == 0)
		rc = parse_uri(text, t, cause);
	else
		rc = parse_plain(text, with_port, t, cause);
	if (rc != 0)
		ssh_target_clear(t);
	return rc;
}

int
ssh_target_parse(const char *text, struct ssh_target *t, char **cause)
{
	return parse_one(text, 0, t, cause);
}

void
ssh_target_clear(struct ssh_target *t)
{
	free(t->user);
	free(t->host);
	memset(t, 0, sizeof *t);
}

static void
free_hops(struct ssh_target *hops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ssh_target_clear(&hops[i]);
	free(hops);
}

int
ssh_target_parse_jumps(const char *text, struct ssh_target **hops,
    size_t *n, char **cause)
{
	struct ssh_target *v = NULL;
	const char *s = text, *end;
	size_t count = 0;
	char *hop, *q;

	*hops = NULL;
	*n = 0;
	if (strcasecmp(text, "none") == 0)
		return 0;
	for (;;) {
		end = s + strcspn(s, ",");
		if (end == s) {
			q = shown(text);
			set_cause(cause, *text == '\0' ? "no jump host" :
			    "%s: an empty hop in the jump list", q);
			free(q);
			free_hops(v, count);
			return -1;
		}
		hop = xstrndup(s, (size_t)(end - s));
		v = xreallocarray(v, count + 1, sizeof *v);
		if (parse_one(hop, 1, &v[count], cause) != 0) {
			free(hop);
			free_hops(v, count);
			return -1;
		}
		free(hop);
		count++;
		if (*end == '\0')
			break;
		s = end + 1;
	}
	*hops = v;
	*n = count;
	return 0;
}

char *
ssh_known_hosts_name(const char *host, int port)
{
	if (port == 0 || port == 22)
		return xstrdup(host);
	return xasprintf("[%s]:%d", host, port);
}

/* arg in single quotes, each ' inside as '\''. */
static void
quote_into(struct buf *b, const char *arg)
{
	buf_addstr(b, "'");
	for (; *arg != '\0'; arg++) {
		if (*arg == '\'')
			buf_addstr(b, "'\\''");
		else
			buf_add(b, arg, 1);
	}
	buf_addstr(b, "'");
}

char *
shell_quote_argv(char *const argv[])
{
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; argv != NULL && argv[i] != NULL; i++) {
		if (i > 0)
			buf_addstr(&b, " ");
		quote_into(&b, argv[i]);
	}
	return b.data;
}
