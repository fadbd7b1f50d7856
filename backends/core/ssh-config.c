/* OpenSSH client configuration resolved for one host (see ssh-config.h). */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssh-config.h"
#include "strutil.h"
#include "xmalloc.h"

#define SSH_CONFIG_MAX_DEPTH      16  /* Include nesting, as OpenSSH */
#define SSH_CONFIG_MAX_IDENTITIES 100 /* SSH_MAX_IDENTITY_FILES */
#define SSH_CONFIG_MAX_INCLUDED   256 /* files an apply reads: a file that
                                         includes itself twice would
                                         otherwise be read 2^16 times */

/* set_flags: set, though the field reads as unset. */
#define SET_CONNECT_TIMEOUT 0x1
#define SET_PROXY_COMMAND   0x2

enum keyword {
	K_OTHER, /* known to OpenSSH, not read here */
	K_HOST,
	K_MATCH,
	K_INCLUDE,
	K_IGNORE_UNKNOWN,
	K_HOSTNAME,
	K_USER,
	K_PORT,
	K_IDENTITY_FILE,
	K_IDENTITIES_ONLY,
	K_PROXY_JUMP,
	K_PROXY_COMMAND,
	K_CONNECT_TIMEOUT,
	K_SERVER_ALIVE_INTERVAL,
	K_SERVER_ALIVE_COUNT_MAX,
	K_KEX_ALGORITHMS,
	K_HOST_KEY_ALGORITHMS,
	K_MACS,
	K_CIPHERS,
	K_USER_KNOWN_HOSTS_FILE,
	K_GLOBAL_KNOWN_HOSTS_FILE,
	K_STRICT_HOST_KEY_CHECKING,
	K_BATCH_MODE,
};

static const struct {
	const char *name;
	enum keyword kw;
} keywords[] = {
	{"host", K_HOST},
	{"match", K_MATCH},
	{"include", K_INCLUDE},
	{"ignoreunknown", K_IGNORE_UNKNOWN},
	{"hostname", K_HOSTNAME},
	{"user", K_USER},
	{"port", K_PORT},
	{"identityfile", K_IDENTITY_FILE},
	{"identityfile2", K_IDENTITY_FILE},
	{"identitiesonly", K_IDENTITIES_ONLY},
	{"proxyjump", K_PROXY_JUMP},
	{"proxycommand", K_PROXY_COMMAND},
	{"connecttimeout", K_CONNECT_TIMEOUT},
	{"serveraliveinterval", K_SERVER_ALIVE_INTERVAL},
	{"serveralivecountmax", K_SERVER_ALIVE_COUNT_MAX},
	{"kexalgorithms", K_KEX_ALGORITHMS},
	{"hostkeyalgorithms", K_HOST_KEY_ALGORITHMS},
	{"macs", K_MACS},
	{"ciphers", K_CIPHERS},
	{"userknownhostsfile", K_USER_KNOWN_HOSTS_FILE},
	{"globalknownhostsfile", K_GLOBAL_KNOWN_HOSTS_FILE},
	{"stricthostkeychecking", K_STRICT_HOST_KEY_CHECKING},
	{"batchmode", K_BATCH_MODE},
};

/* The other keywords OpenSSH 9 (with Debian's GSSAPI ones) knows: read
 * and ignored here; any other word is a warning, as it is an error to
 * ssh. */
static const char *const other_keywords[] = {
	"addkeystoagent", "addressfamily", "afstokenpassing", "bindaddress",
	"bindinterface", "canonicaldomains", "canonicalizefallbacklocal",
	"canonicalizehostname", "canonicalizemaxdots",
	"canonicalizepermittedcnames", "casignaturealgorithms",
	"certificatefile", "challengeresponseauthentication", "channeltimeout",
	"checkhostip", "cipher", "clearallforwardings", "compression",
	"compressionlevel", "connectionattempts", "controlmaster",
	"controlpath", "controlpersist", "dsaauthentication", "dynamicforward",
	"enableescapecommandline", "enablesshkeysign", "escapechar",
	"exitonforwardfailure", "fallbacktorsh", "fingerprinthash",
	"forkafterauthentication", "forwardagent", "forwardx11",
	"forwardx11timeout", "forwardx11trusted", "gatewayports",
	"globalknownhostsfile2", "gssapiauthentication",
	"gssapiclientidentity", "gssapidelegatecredentials",
	"gssapikeyexchange", "gssapikexalgorithms", "gssapirenewalforcesrekey",
	"gssapiserveridentity", "gssapitrustdns", "hashknownhosts",
	"hostbasedacceptedalgorithms", "hostbasedauthentication",
	"hostbasedkeytypes", "hostkeyalias", "identityagent", "ipqos",
	"kbdinteractiveauthentication", "kbdinteractivedevices", "keepalive",
	"kerberosauthentication", "kerberostgtpassing", "knownhostscommand",
	"localcommand", "localforward", "loglevel", "logverbose",
	"nohostauthenticationforlocalhost", "numberofpasswordprompts",
	"obscurekeystroketiming", "passwordauthentication",
	"permitlocalcommand", "permitremoteopen", "pkcs11provider",
	"preferredauthentications", "protocol", "proxyusefdpass",
	"pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes",
	"pubkeyauthentication", "rekeylimit", "remotecommand",
	"remoteforward", "requesttty", "requiredrsasize", "revokedhostkeys",
	"rhostsauthentication", "rhostsrsaauthentication", "rsaauthentication",
	"securitykeyprovider", "sendenv", "sessiontype", "setenv",
	"skeyauthentication", "smartcarddevice", "stdinnull",
	"streamlocalbindmask", "streamlocalbindunlink", "syslogfacility",
	"tag", "tcpkeepalive", "tisauthentication", "tunnel", "tunneldevice",
	"updatehostkeys", "useprivilegedport", "userknownhostsfile2",
	"useroaming", "usersh", "verifyhostkeydns", "visualhostkey",
	"xauthlocation",
};

/* One apply call: what it resolves for, and where messages go. */
struct parse {
	struct ssh_host_config *c;
	const char *host;
	const struct ssh_config_env *env;
	int system;
	char *ignore_unknown; /* IgnoreUnknown's patterns, first wins */
	size_t included;      /* files read through Include */
	int warned_depth;     /* the Include limits are said once */
	int warned_files;
	char ***warnings;
	size_t *warning_count;
};

/* Where a line is: its file and number, and the block's state. */
struct place {
	const char *source;
	size_t line;
	int depth;
	int never_match; /* in an Include from a block that did not match */
	int *active;
};

static void apply_text(struct parse *p, const char *text, const char *source,
    int depth, int never_match, int *active);

static void __attribute__((format(printf, 3, 4)))
warn(struct parse *p, const struct place *at, const char *fmt, ...)
{
	va_list ap;
	char *what, *msg, *source;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	/* An included file's name comes from a glob: shown safely too. */
	source = str_shown(at->source, 256);
	msg = xasprintf("%s:%zu: %s", source, at->line, what);
	strv_push(p->warnings, p->warning_count, msg);
	free(msg);
	free(source);
	free(what);
}

/* A value from the file, fit for a message. Fresh. */
static char *
shown(const char *s)
{
	return str_shown(s, 64);
}

void
ssh_host_config_init(struct ssh_host_config *c)
{
	memset(c, 0, sizeof *c);
	c->identity_files = xcalloc(1, sizeof *c->identity_files);
	c->proxy_jumps = xcalloc(1, sizeof *c->proxy_jumps);
	c->identities_only = -1;
	c->server_alive_interval = -1;
	c->server_alive_count_max = -1;
	c->batch_mode = -1;
}

void
ssh_host_config_clear(struct ssh_host_config *c)
{
	free(c->hostname);
	free(c->user);
	string_list_free(c->identity_files, c->identity_count);
	string_list_free(c->proxy_jumps, c->proxy_jump_count);
	free(c->proxy_command);
	free(c->kex_algorithms);
	free(c->host_key_algorithms);
	free(c->macs);
	free(c->ciphers);
	free(c->user_known_hosts_file);
	free(c->global_known_hosts_file);
	free(c->strict_host_key_checking);
	string_list_free(c->identity_written, c->identity_written_count);
	free(c->identity_written_system);
	free(c->user_known_hosts_written);
	memset(c, 0, sizeof *c);
}

/* --- patterns ------------------------------------------------------------ */

/* s against one pattern of '*' and '?' (OpenSSH's match_pattern), in
 * time linear in their lengths times the stars, never exponential. */
static int
match_one(const char *s, const char *pat, size_t plen, int fold)
{
	const char *star = NULL, *back = NULL, *end = pat + plen;
	char a, b;

	for (;;) {
		if (pat < end && *pat == '*') {
			star = ++pat;
			back = s;
			continue;
		}
		if (*s == '\0' && pat == end)
			return 1;
		if (*s != '\0' && pat < end) {
			a = fold ? (char)tolower((unsigned char)*s) : *s;
			b = fold ? (char)tolower((unsigned char)*pat) : *pat;
			if (*pat == '?' || a == b) {
				s++;
				pat++;
				continue;
			}
		}
		if (star == NULL || *back == '\0')
			return 0;
		s = ++back;
		pat = star;
	}
}

/* A pattern list: any negated pattern that matches refuses the list,
 * whatever its place; else one plain pattern must match. */
static int
match_list(const char *s, const char *patterns, const char *sep, int fold)
{
	const char *p = patterns;
	size_t len;
	int negated, positive = 0;

	while (*p != '\0') {
		if (strchr(sep, *p) != NULL) {
			p++;
			continue;
		}
		negated = *p == '!';
		if (negated)
			p++;
		len = strcspn(p, sep);
		if (match_one(s, p, len, fold)) {
			if (negated)
				return 0;
			positive = 1;
		}
		p += len;
	}
	return positive;
}

int
ssh_config_match_list(const char *host, const char *patterns,
    const char *sep)
{
	return match_list(host, patterns, sep, 0);
}

/* --- values -------------------------------------------------------------- */

/*
 * The arguments of a line as OpenSSH splits them (argv_split): blanks
 * separate, "double" or 'single' quotes hold blanks, a backslash escapes
 * a quote, a backslash or (outside quotes) a blank, and a word that starts
 * with '#' ends the line. Returns the count, or -1 for an open quote.
 */
static int
split_args(const char *s, char ***argv, size_t *argc)
{
	char *arg, quote;
	size_t j;

	*argv = NULL;
	*argc = 0;
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (*s == '#')
			break;
		arg = xmalloc(strlen(s) + 1);
		quote = 0;
		for (j = 0; *s != '\0'; s++) {
			if (*s == '\\' && (s[1] == '\'' || s[1] == '"' ||
			    s[1] == '\\' || (quote == 0 && s[1] == ' ')))
				arg[j++] = *++s;
			else if (quote == 0 && (*s == ' ' || *s == '\t'))
				break;
			else if (quote == 0 && (*s == '"' || *s == '\''))
				quote = *s;
			else if (quote != 0 && *s == quote)
				quote = 0;
			else
				arg[j++] = *s;
		}
		arg[j] = '\0';
		strv_push(argv, argc, arg);
		free(arg);
		if (quote != 0) {
			string_list_free(*argv, *argc);
			*argv = NULL;
			*argc = 0;
			return -1;
		}
	}
	return (int)*argc;
}

/* Seconds in a time unit (none: seconds); 0 for no unit. */
static int
time_unit(char c)
{
	static const char units[] = "sSmMhHdDwW";
	static const int seconds[] = {1, 60, 3600, 86400, 604800};
	const char *u;

	if (c == '\0')
		return 1;
	if ((u = strchr(units, c)) == NULL)
		return 0;
	return seconds[(u - units) / 2];
}

/* OpenSSH's time format: 90, 90s, 1m30s, 2h, 1d, 1w. -1 when bad. */
static int
parse_time(const char *s)
{
	long long total = 0, n;
	int mult;

	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return -1;
		for (n = 0; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (n > INT_MAX)
				return -1;
		}
		mult = time_unit(*s);
		if (mult == 0)
			return -1;
		if (*s != '\0')
			s++;
		total += n * mult;
		if (total > INT_MAX)
			return -1;
	}
	return (int)total;
}

/* yes/true 1, no/false 0, else -1. */
static int
parse_flag(const char *s)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
		return 1;
	if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0)
		return 0;
	return -1;
}

/* The values tokens expand to; NULL: the token is not allowed there. */
struct tokens {
	const char *d, *h, *n, *p, *r, *u;
};

/* What token c expands to with t; NULL when it is not allowed. */
static const char *
token_value(const struct tokens *t, char c)
{
	switch (c) {
	case '%':
		return "%";
	case 'd':
		return t->d;
	case 'h':
		return t->h;
	case 'n':
		return t->n;
	case 'p':
		return t->p;
	case 'r':
		return t->r;
	case 'u':
		return t->u;
	default:
		return NULL;
	}
}

/* s with its %-tokens expanded; NULL and *bad the token (0 for a lone
 * '%' at the end) when one is not allowed. Fresh. */
static char *
expand_tokens(const char *s, const struct tokens *t, char *bad)
{
	struct buf b = {0};
	const char *v;

	buf_addstr(&b, "");
	for (; *s != '\0'; s++) {
		if (*s != '%') {
			buf_add(&b, s, 1);
			continue;
		}
		v = token_value(t, *++s);
		if (v == NULL) {
			*bad = *s;
			buf_free(&b);
			return NULL;
		}
		buf_addstr(&b, v);
	}
	return b.data;
}

/* "~" and "~/..." under home; NULL for "~user" or no home. Fresh. */
static char *
expand_tilde(const char *s, const char *home)
{
	if (s[0] != '~')
		return xstrdup(s);
	if ((s[1] != '\0' && s[1] != '/') || home == NULL)
		return NULL;
	return xasprintf("%s%s", home, s + 1);
}

/* A path keyword's value (IdentityFile, UserKnownHostsFile) expanded
 * with t: ~ first, then tokens. NULL when it cannot be. Fresh. */
static char *
expand_path(const char *s, const struct tokens *t, const char *home,
    char *bad)
{
	char *tilde, *out;

	*bad = '~';
	if ((tilde = expand_tilde(s, home)) == NULL)
		return NULL;
	out = expand_tokens(tilde, t, bad);
	free(tilde);
	return out;
}

/* Whether a path value can be expanded here; warns when not. */
static int
path_valid(struct parse *p, const struct place *at, const char *keyword,
    const char *value)
{
	static const struct tokens any = {"x", "x", "x", "x", "x", "x"};
	char bad, *out, *v;

	if ((out = expand_path(value, &any, p->env->home != NULL ?
	    p->env->home : "", &bad)) != NULL) {
		free(out);
		return 1;
	}
	v = shown(value);
	if (bad == '~')
		warn(p, at, "%s '%s': only ~ and ~/ are understood here",
		    keyword, v);
	else if (bad == '\0')
		warn(p, at, "%s '%s': a lone %% at the end", keyword, v);
	else if (isprint((unsigned char)bad))
		warn(p, at, "%s '%s': token %%%c is not supported", keyword,
		    v, bad);
	else
		warn(p, at, "%s '%s': bad token", keyword, v);
	free(v);
	return 0;
}

/* The host Match host and %h see: HostName when set, else the name. */
static const char *
current_host(const struct parse *p)
{
	return p->c->hostname != NULL ? p->c->hostname : p->host;
}

static void
lower_name(char *s)
{
	/* Addresses are left alone, as OpenSSH leaves them. */
	if (strchr(s, ':') != NULL)
		return;
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Expand the IdentityFile and UserKnownHostsFile values again with what
 * is known now. */
static void
expand_paths(struct parse *p)
{
	struct ssh_host_config *c = p->c;
	const struct ssh_config_env *env = p->env;
	struct tokens t;
	char port[16], *host, *out, bad;
	size_t i;

	host = xstrdup(current_host(p));
	lower_name(host);
	snprintf(port, sizeof port, "%d", c->port != 0 ? c->port : 22);
	t.d = env->home != NULL ? env->home : "";
	t.h = host;
	t.n = env->original_host != NULL ? env->original_host : p->host;
	t.p = port;
	t.u = env->local_user != NULL ? env->local_user : "";
	t.r = c->user != NULL ? c->user : t.u;

	string_list_free(c->identity_files, c->identity_count);
	c->identity_files = xcalloc(c->identity_written_count + 1,
	    sizeof *c->identity_files);
	c->identity_count = 0;
	for (i = 0; i < c->identity_written_count; i++) {
		out = expand_path(c->identity_written[i], &t, env->home, &bad);
		if (out != NULL)
			c->identity_files[c->identity_count++] = out;
	}
	free(c->user_known_hosts_file);
	c->user_known_hosts_file = NULL;
	if (c->user_known_hosts_written != NULL) {
		if (strcasecmp(c->user_known_hosts_written, "none") == 0)
			c->user_known_hosts_file = xstrdup("none");
		else
			c->user_known_hosts_file = expand_path(
			    c->user_known_hosts_written, &t, env->home, &bad);
	}
	free(host);
}

/* --- keywords ------------------------------------------------------------ */

static void
set_string(char **field, int active, const char *value)
{
	if (active && *field == NULL)
		*field = xstrdup(value);
}

static void
set_int(int *field, int unset, int active, int value)
{
	if (active && *field == unset)
		*field = value;
}

static void
do_host(struct parse *p, const struct place *at, char **argv, size_t argc)
{
	const char *pat;
	size_t i;

	*at->active = 0;
	for (i = 0; i < argc; i++) {
		if (*argv[i] == '\0') {
			warn(p, at, "Host: an empty pattern");
			*at->active = 0;
			return;
		}
	}
	if (at->never_match)
		return;
	for (i = 0; i < argc; i++) {
		pat = argv[i] + (argv[i][0] == '!');
		if (!match_one(p->host, pat, strlen(pat), 0))
			continue;
		if (argv[i][0] == '!') {
			*at->active = 0;
			return;
		}
		*at->active = 1;
	}
}

/* One Match criterion that takes an argument: 1 true, 0 false, -1 not
 * understood (warned). */
static int
match_criterion(struct parse *p, const struct place *at, const char *attrib,
    const char *arg)
{
	const char *local = p->env->local_user != NULL ? p->env->local_user : "";
	const char *orig = p->env->original_host != NULL ?
	    p->env->original_host : p->host;
	const char *ruser = p->c->user != NULL ? p->c->user : local;
	char *v;

	if (strcasecmp(attrib, "host") == 0)
		return match_list(current_host(p), arg, ",", 1);
	if (strcasecmp(attrib, "originalhost") == 0)
		return match_list(orig, arg, ",", 1);
	if (strcasecmp(attrib, "user") == 0)
		return match_list(ruser, arg, ",", 0);
	if (strcasecmp(attrib, "localuser") == 0)
		return match_list(local, arg, ",", 0);
	v = shown(attrib);
	warn(p, at, "Match: unsupported criterion '%s'", v);
	free(v);
	return -1;
}

/*
 * A Match line: 1 when all its criteria hold, 0 when one does not, -1 when
 * it cannot be read (warned). `exec` never matches (its block is skipped,
 * negated or not: rackcon runs no shell strings); `canonical` and `final`
 * never match (rackcon neither canonicalises names nor reads twice).
 */
static int
match_line(struct parse *p, const struct place *at, char **argv, size_t argc)
{
	const char *attrib;
	char *v;
	size_t i, attributes = 0;
	int result = 1, negate, r;

	if (argc == 0) {
		warn(p, at, "Match: no criteria");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		attrib = argv[i];
		if ((negate = attrib[0] == '!'))
			attrib++;
		if (strcasecmp(attrib, "all") == 0) {
			if (attributes > 1 || i + 1 < argc) {
				warn(p, at, "Match: 'all' cannot be combined "
				    "with other criteria");
				return -1;
			}
			return result && !negate;
		}
		attributes++;
		if (strcasecmp(attrib, "canonical") == 0 ||
		    strcasecmp(attrib, "final") == 0) {
			if (!negate)
				result = 0;
			continue;
		}
		if (++i == argc) {
			v = shown(attrib);
			warn(p, at, "Match: '%s' needs an argument", v);
			free(v);
			return -1;
		}
		if (strcasecmp(attrib, "exec") == 0) {
			warn(p, at, "Match exec is not run (no shell "
			    "strings); its block is skipped");
			result = 0;
			continue;
		}
		if ((r = match_criterion(p, at, attrib, argv[i])) < 0)
			return -1;
		if (r == negate)
			result = 0;
	}
	return result;
}

static void
do_include(struct parse *p, const struct place *at, char **argv,
    size_t argc)
{
	const struct ssh_config_env *env = p->env;
	char *rel, *pattern, **paths, *text, *v;
	size_t i, j, n;
	int outer = *at->active;

	for (i = 0; i < argc; i++) {
		v = shown(argv[i]);
		if (*argv[i] == '\0' || (p->system && argv[i][0] == '~')) {
			warn(p, at, "Include: bad path '%s'", v);
			free(v);
			return;
		}
		if (argv[i][0] == '/' || argv[i][0] == '~')
			rel = xstrdup(argv[i]);
		else
			rel = xasprintf("%s/%s", p->system ? "/etc/ssh" :
			    "~/.ssh", argv[i]);
		pattern = expand_tilde(rel, env->home);
		free(rel);
		if (pattern == NULL) {
			warn(p, at, "Include: only ~ and ~/ are understood "
			    "('%s')", v);
			free(v);
			continue;
		}
		free(v);
		if (at->depth + 1 > SSH_CONFIG_MAX_DEPTH) {
			if (!p->warned_depth++)
				warn(p, at, "Include: more than %d deep",
				    SSH_CONFIG_MAX_DEPTH);
			free(pattern);
			return;
		}
		paths = NULL;
		n = 0;
		if (env->glob == NULL)
			strv_push(&paths, &n, pattern);
		else if (env->glob(env->arg, pattern, &paths, &n) != 0) {
			paths = NULL;
			n = 0;
		}
		for (j = 0; j < n; j++) {
			if (p->included == SSH_CONFIG_MAX_INCLUDED) {
				if (!p->warned_files++)
					warn(p, at, "Include: more than %d "
					    "files", SSH_CONFIG_MAX_INCLUDED);
				break;
			}
			if (env->read_file(env->arg, paths[j], &text) != 0)
				continue;
			p->included++;
			apply_text(p, text, paths[j], at->depth + 1,
			    at->never_match || !outer, at->active);
			free(text);
			/* An included file's Host and Match lines end with
			 * it. */
			*at->active = outer;
		}
		string_list_free(paths, n);
		free(pattern);
	}
}

/* HostName: %h and %% expanded, lower case as ssh connects to it. */
static void
do_hostname(struct parse *p, const struct place *at, const char *value)
{
	struct tokens t = {NULL, p->host, NULL, NULL, NULL, NULL};
	char *out, bad, *v;

	if ((out = expand_tokens(value, &t, &bad)) == NULL) {
		v = shown(value);
		warn(p, at, "HostName '%s': only %%h and %%%% are expanded",
		    v);
		free(v);
		return;
	}
	lower_name(out);
	if (*at->active && p->c->hostname == NULL)
		p->c->hostname = out;
	else
		free(out);
}

static void
do_identity_file(struct parse *p, const struct place *at, const char *value)
{
	struct ssh_host_config *c = p->c;
	size_t i, n = c->identity_written_count;

	if (!path_valid(p, at, "IdentityFile", value) || !*at->active)
		return;
	/* OpenSSH drops a repeat from the same kind of file. */
	for (i = 0; i < n; i++) {
		if (c->identity_written_system[i] == p->system &&
		    strcmp(c->identity_written[i], value) == 0)
			return;
	}
	if (n == SSH_CONFIG_MAX_IDENTITIES) {
		warn(p, at, "IdentityFile: more than %d",
		    SSH_CONFIG_MAX_IDENTITIES);
		return;
	}
	c->identity_written_system = xreallocarray(c->identity_written_system,
	    n + 1, 1);
	c->identity_written_system[n] = (unsigned char)p->system;
	strv_push(&c->identity_written, &c->identity_written_count, value);
}

/* A hop of a jump list as written: something, with no blank, quote or
 * control character in it. */
static int
hop_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f ||
		    strchr("\"'\\", s[i]) != NULL)
			return 0;
	}
	return 1;
}

/*
 * ProxyJump, from the rest of the line as written: "none", or hops split
 * on commas. The first of ProxyJump and ProxyCommand wins over the other.
 */
static void
do_proxy_jump(struct parse *p, const struct place *at, const char *rest)
{
	struct ssh_host_config *c = p->c;
	char *text = xstrdup(rest), *hop, *v;
	size_t len, count = 0;
	const char *s;
	char **hops = NULL;

	text[strcspn(text, "#")] = '\0';
	len = strlen(text);
	while (len > 0 && strchr(" \t", text[len - 1]) != NULL)
		text[--len] = '\0';
	if (strcasecmp(text, "none") == 0) {
		if (*at->active && !c->proxy_jump_set)
			c->proxy_jump_set = 1;
		free(text);
		return;
	}
	for (s = text;; s += len + 1) {
		len = strcspn(s, ",");
		if (!hop_valid(s, len)) {
			v = shown(text);
			warn(p, at, "ProxyJump: bad jump list '%s'", v);
			free(v);
			string_list_free(hops, count);
			free(text);
			return;
		}
		hop = xstrndup(s, len);
		strv_push(&hops, &count, hop);
		free(hop);
		if (s[len] == '\0')
			break;
	}
	free(text);
	if (!*at->active || c->proxy_jump_set ||
	    (c->set_flags & SET_PROXY_COMMAND) != 0) {
		string_list_free(hops, count);
		return;
	}
	string_list_free(c->proxy_jumps, c->proxy_jump_count);
	c->proxy_jumps = xreallocarray(hops, count + 1, sizeof *hops);
	c->proxy_jumps[count] = NULL;
	c->proxy_jump_count = count;
	c->proxy_jump_set = 1;
}

static void
do_proxy_command(struct parse *p, const struct place *at, const char *rest)
{
	struct ssh_host_config *c = p->c;

	if (!*at->active || (c->set_flags & SET_PROXY_COMMAND) != 0 ||
	    c->proxy_jump_count > 0)
		return;
	c->set_flags |= SET_PROXY_COMMAND;
	if (strcasecmp(rest, "none") != 0)
		c->proxy_command = xstrdup(rest);
}

/* ConnectTimeout and ServerAliveInterval: a time, or none (which OpenSSH
 * reads as not set). */
static void
do_time(struct parse *p, const struct place *at, const char *keyword,
    const char *value, int *field, int unset)
{
	int t;
	char *v;

	if (strcmp(value, "none") == 0)
		return;
	if ((t = parse_time(value)) < 0) {
		v = shown(value);
		warn(p, at, "%s: bad time '%s'", keyword, v);
		free(v);
		return;
	}
	if (field == &p->c->connect_timeout) {
		if (*at->active &&
		    (p->c->set_flags & SET_CONNECT_TIMEOUT) == 0) {
			p->c->set_flags |= SET_CONNECT_TIMEOUT;
			*field = t;
		}
		return;
	}
	set_int(field, unset, *at->active, t);
}

/* UserKnownHostsFile and GlobalKnownHostsFile: the first file named. */
static void
do_known_hosts(struct parse *p, const struct place *at, int user,
    char **argv, size_t argc)
{
	const char *keyword = user ? "UserKnownHostsFile" :
	    "GlobalKnownHostsFile";
	char *path;
	size_t i;

	for (i = 0; i < argc; i++) {
		if (*argv[i] == '\0' ||
		    (strcasecmp(argv[i], "none") == 0 && argc > 1)) {
			warn(p, at, "%s: 'none' or an empty name among others",
			    keyword);
			return;
		}
	}
	if (user) {
		if (path_valid(p, at, keyword, argv[0]))
			set_string(&p->c->user_known_hosts_written,
			    *at->active, argv[0]);
		return;
	}
	if ((path = expand_tilde(argv[0], p->env->home)) == NULL) {
		warn(p, at, "%s: only ~ and ~/ are understood", keyword);
		return;
	}
	set_string(&p->c->global_known_hosts_file, *at->active, path);
	free(path);
}

static void
do_strict(struct parse *p, const struct place *at, const char *value)
{
	static const char *const known[] = {"yes", "no", "ask", "accept-new",
	    "off", "true", "false"};
	char *lower, *v;
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcasecmp(value, known[i]) == 0)
			break;
	}
	if (i == sizeof known / sizeof known[0]) {
		v = shown(value);
		warn(p, at, "StrictHostKeyChecking: bad value '%s'", v);
		free(v);
		return;
	}
	lower = xstrdup(known[i]);
	set_string(&p->c->strict_host_key_checking, *at->active, lower);
	free(lower);
}

static enum keyword
keyword_find(const char *word, int *known)
{
	size_t i;

	*known = 1;
	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (strcasecmp(word, keywords[i].name) == 0)
			return keywords[i].kw;
	}
	for (i = 0; i < sizeof other_keywords / sizeof other_keywords[0]; i++) {
		if (strcasecmp(word, other_keywords[i]) == 0)
			return K_OTHER;
	}
	*known = 0;
	return K_OTHER;
}

/* Keywords that take one word. */
static int
takes_one(enum keyword kw)
{
	return kw != K_OTHER && kw != K_HOST && kw != K_MATCH &&
	    kw != K_INCLUDE && kw != K_PROXY_JUMP && kw != K_PROXY_COMMAND &&
	    kw != K_USER_KNOWN_HOSTS_FILE && kw != K_GLOBAL_KNOWN_HOSTS_FILE;
}

/* A keyword whose value is a number or a flag. */
static void
do_number(struct parse *p, const struct place *at, const char *keyword,
    enum keyword kw, const char *value)
{
	struct ssh_host_config *c = p->c;
	int n, ok;
	char *v;

	switch (kw) {
	case K_PORT:
		ok = parse_int_range(value, 1, 65535, &n) == 0;
		if (ok)
			set_int(&c->port, 0, *at->active, n);
		break;
	case K_SERVER_ALIVE_COUNT_MAX:
		ok = parse_int_range(value, 0, INT_MAX, &n) == 0;
		if (ok)
			set_int(&c->server_alive_count_max, -1, *at->active,
			    n);
		break;
	case K_IDENTITIES_ONLY:
	case K_BATCH_MODE:
		n = parse_flag(value);
		ok = n != -1;
		if (ok)
			set_int(kw == K_BATCH_MODE ? &c->batch_mode :
			    &c->identities_only, -1, *at->active, n);
		break;
	default:
		return;
	}
	if (!ok) {
		v = shown(value);
		warn(p, at, "%s: bad value '%s'", keyword, v);
		free(v);
	}
}

/* A keyword with its arguments split; rest is the line after it. */
static void
do_keyword(struct parse *p, const struct place *at, const char *keyword,
    enum keyword kw, char **argv, size_t argc, const char *rest)
{
	struct ssh_host_config *c = p->c;
	int active = *at->active, r;

	switch (kw) {
	case K_HOST:
		do_host(p, at, argv, argc);
		break;
	case K_MATCH:
		r = match_line(p, at, argv, argc);
		*at->active = at->never_match ? 0 : r == 1;
		break;
	case K_INCLUDE:
		if (p->env->read_file != NULL)
			do_include(p, at, argv, argc);
		break;
	case K_IGNORE_UNKNOWN:
		set_string(&p->ignore_unknown, active, argv[0]);
		break;
	case K_HOSTNAME:
		do_hostname(p, at, argv[0]);
		break;
	case K_USER:
		set_string(&c->user, active, argv[0]);
		break;
	case K_IDENTITY_FILE:
		do_identity_file(p, at, argv[0]);
		break;
	case K_PROXY_JUMP:
		do_proxy_jump(p, at, rest);
		break;
	case K_PROXY_COMMAND:
		do_proxy_command(p, at, rest);
		break;
	case K_CONNECT_TIMEOUT:
		do_time(p, at, keyword, argv[0], &c->connect_timeout, 0);
		break;
	case K_SERVER_ALIVE_INTERVAL:
		do_time(p, at, keyword, argv[0], &c->server_alive_interval, -1);
		break;
	case K_KEX_ALGORITHMS:
		set_string(&c->kex_algorithms, active, argv[0]);
		break;
	case K_HOST_KEY_ALGORITHMS:
		set_string(&c->host_key_algorithms, active, argv[0]);
		break;
	case K_MACS:
		set_string(&c->macs, active, argv[0]);
		break;
	case K_CIPHERS:
		set_string(&c->ciphers, active, argv[0]);
		break;
	case K_USER_KNOWN_HOSTS_FILE:
	case K_GLOBAL_KNOWN_HOSTS_FILE:
		do_known_hosts(p, at, kw == K_USER_KNOWN_HOSTS_FILE, argv,
		    argc);
		break;
	case K_STRICT_HOST_KEY_CHECKING:
		do_strict(p, at, argv[0]);
		break;
	default:
		do_number(p, at, keyword, kw, argv[0]);
		break;
	}
}

/* The keyword of a line (cut in place) and the rest after a blank or one
 * '=' (OpenSSH's strdelim); NULL keyword for a blank or comment line. */
static char *
line_keyword(char *line, char **rest)
{
	char *kw, *s;

	s = line + strspn(line, " \t\f\r");
	if (*s == '\0' || *s == '#')
		return NULL;
	kw = s;
	s += strcspn(s, " \t\f\r=");
	if (*s == '=') {
		*s++ = '\0';
	} else if (*s != '\0') {
		*s++ = '\0';
		s += strspn(s, " \t\f\r");
		if (*s == '=')
			s++;
	}
	*rest = s + strspn(s, " \t\f\r");
	return kw;
}

static void
apply_line(struct parse *p, const struct place *at, char *line)
{
	char *keyword, *rest, **argv, *v;
	size_t argc, len = strlen(line);
	enum keyword kw;
	int known;

	while (len > 0 && strchr(" \t\r\n\f", line[len - 1]) != NULL)
		line[--len] = '\0';
	if ((keyword = line_keyword(line, &rest)) == NULL)
		return;
	v = shown(keyword);
	kw = keyword_find(keyword, &known);
	if (!known) {
		if (p->ignore_unknown == NULL ||
		    !match_list(keyword, p->ignore_unknown, ",", 1))
			warn(p, at, "unknown keyword '%s'", v);
		free(v);
		return;
	}
	if (*rest == '\0') {
		warn(p, at, "%s: no value", v);
		free(v);
		return;
	}
	if (split_args(rest, &argv, &argc) < 0) {
		warn(p, at, "%s: a quote is not closed", v);
		free(v);
		if (kw == K_HOST || kw == K_MATCH)
			*at->active = 0;
		return;
	}
	if (kw != K_OTHER && kw != K_PROXY_JUMP && kw != K_PROXY_COMMAND &&
	    (argc == 0 || (argc > 1 && takes_one(kw)))) {
		warn(p, at, argc == 0 ? "%s: no value" : "%s: more than one "
		    "value", v);
		if (kw == K_HOST || kw == K_MATCH)
			*at->active = 0;
	} else if (kw != K_OTHER)
		do_keyword(p, at, v, kw, argv, argc, rest);
	string_list_free(argv, argc);
	free(v);
}

static void
apply_text(struct parse *p, const char *text, const char *source,
    int depth, int never_match, int *active)
{
	struct place at = {source, 0, depth, never_match, active};
	char *copy = xstrdup(text), **lines;
	size_t n, i;

	n = split_lines(copy, &lines);
	for (i = 0; i < n; i++) {
		at.line = i + 1;
		apply_line(p, &at, lines[i]);
	}
	free(lines);
	free(copy);
}

int
ssh_config_apply(struct ssh_host_config *c, const char *text,
    const char *source, int system, const char *host,
    const struct ssh_config_env *env, char ***warnings,
    size_t *warning_count)
{
	struct parse p = {c, host, env, system != 0, NULL, 0, 0, 0, warnings,
	    warning_count};
	int active = 1;

	apply_text(&p, text, source, 0, 0, &active);
	expand_paths(&p);
	free(p.ignore_unknown);
	return 0;
}
