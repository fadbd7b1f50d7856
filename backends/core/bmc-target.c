/* A BMC as named on the command line or in the inventory, FreeIPMI's config file, and the session password's sources (see bmc-target.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bmc-target.h"
#include "ssh-target.h"
#include "strutil.h"
#include "xmalloc.h"

static const struct {
	const char *name;
	unsigned bit;
} workaround_table[] = {
	{ "authcap", BMC_WA_AUTHCAP },
	{ "intel20", BMC_WA_INTEL20 },
	{ "supermicro20", BMC_WA_SUPERMICRO20 },
	{ "sun20", BMC_WA_SUN20 },
	{ "opensesspriv", BMC_WA_OPENSESSPRIV },
	{ "integritycheckvalue", BMC_WA_INTEGRITYCHECKVALUE },
	{ "nochecksumcheck", BMC_WA_NOCHECKSUMCHECK },
	{ "solpayloadsize", BMC_WA_SOLPAYLOADSIZE },
	{ "solport", BMC_WA_SOLPORT },
	{ "solstatus", BMC_WA_SOLSTATUS },
	{ "solchannelsupport", BMC_WA_SOLCHANNELSUPPORT },
	{ "serialalertsdeferred", BMC_WA_SERIALALERTSDEFERRED },
	{ "solpacketseq", BMC_WA_SOLPACKETSEQ },
};
#define WORKAROUND_COUNT (sizeof workaround_table / sizeof workaround_table[0])

void
bmc_target_init(struct bmc_target *t)
{
	memset(t, 0, sizeof *t);
	t->port = BMC_PORT_DEFAULT;
	t->cipher_suite = BMC_CIPHER_DEFAULT;
	t->privilege = BMC_PRIV_ADMIN;
	t->password_from = BMC_PASSWORD_ASK;
	t->timeout_ms = BMC_TIMEOUT_MS_DEFAULT;
}

void
bmc_target_clear(struct bmc_target *t)
{
	free(t->host);
	free(t->ssh);
	free(t->user);
	free(t->password_file);
	free(t->freeipmi_conf);
	memset(t, 0, sizeof *t);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
bmc_target_copy(struct bmc_target *dst, const struct bmc_target *src)
{
	*dst = *src;
	dst->host = dup_or_null(src->host);
	dst->ssh = dup_or_null(src->ssh);
	dst->user = dup_or_null(src->user);
	dst->password_file = dup_or_null(src->password_file);
	dst->freeipmi_conf = dup_or_null(src->freeipmi_conf);
}

/* A host name or address: printable, no blanks, no brackets or slashes. */
static int
host_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 255 || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && strchr(".-_:%", c) == NULL)
			return 0;
	}
	return 1;
}

/* "1".."65535" into *port. */
static int
port_parse(const char *s, int *port)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/* "ssh://[USER@]HOST[:PORT]": a BMC reached through its SSH. */
static int
bmc_target_set_ssh(struct bmc_target *t, const char *word, char **cause)
{
	struct ssh_target st;
	char *why = NULL;

	if (ssh_target_parse(word, &st, &why) != 0) {
		/* why names the destination already. */
		*cause = xasprintf("BMC %s", why);
		free(why);
		return -1;
	}
	free(t->host);
	t->host = st.host;
	st.host = NULL;
	t->port = st.port;
	if (st.user != NULL) {
		free(t->user);
		t->user = st.user;
		st.user = NULL;
	}
	free(t->ssh);
	t->ssh = xstrdup(word);
	ssh_target_clear(&st);
	return 0;
}

int
bmc_target_set_address(struct bmc_target *t, const char *word, char **cause)
{
	const char *host = word, *colon, *port_text = NULL;
	char *shown;
	size_t n;
	int port = BMC_PORT_DEFAULT;

	if (strncmp(word, "ssh://", 6) == 0)
		return bmc_target_set_ssh(t, word, cause);

	if (word[0] == '[') {
		/* [V6] or [V6]:PORT */
		const char *close = strchr(word, ']');

		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			goto bad;
		host = word + 1;
		n = (size_t)(close - host);
		if (close[1] == ':')
			port_text = close + 2;
	} else {
		colon = strchr(word, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			/* HOST:PORT */
			n = (size_t)(colon - word);
			port_text = colon + 1;
		} else {
			/* HOST, or a bare IPv6 address */
			n = strlen(word);
		}
	}
	if (!host_valid(host, n))
		goto bad;
	if (port_text != NULL && port_parse(port_text, &port) != 0) {
		shown = str_shown(word, 64);
		*cause = xasprintf("BMC '%s': the port must be 1-65535",
		    shown);
		free(shown);
		return -1;
	}
	free(t->host);
	t->host = xstrndup(host, n);
	t->port = port;
	free(t->ssh);
	t->ssh = NULL;
	return 0;
bad:
	shown = str_shown(word, 64);
	*cause = xasprintf("BMC '%s': not a host name or address (HOST, "
	    "HOST:PORT or [IPV6]:PORT)", shown);
	free(shown);
	return -1;
}

static unsigned
workaround_bit(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < WORKAROUND_COUNT; i++) {
		if (strlen(workaround_table[i].name) == n &&
		    strncasecmp(workaround_table[i].name, name, n) == 0)
			return workaround_table[i].bit;
	}
	return 0;
}

/* The names taken, for messages. Fresh. */
static char *
workaround_all(void)
{
	return bmc_workaround_names(~0u);
}

/* list's names into *bits; with strict, an unknown name is an error,
 * else skipped (freeipmi.conf also holds other tools' workarounds). */
static int
workarounds_parse(const char *list, unsigned *bits, int strict,
    char **cause)
{
	const char *p = list;
	unsigned add = 0, bit;
	int none = 0;
	size_t n;

	for (;;) {
		p += strspn(p, ", \t");
		if (*p == '\0')
			break;
		n = strcspn(p, ", \t");
		if (n == 4 && strncasecmp(p, "none", 4) == 0) {
			none = 1;
		} else if ((bit = workaround_bit(p, n)) != 0) {
			add |= bit;
		} else if (strict) {
			char *word = xstrndup(p, n), *shown, *all;

			shown = str_shown(word, 32);
			all = workaround_all();
			*cause = xasprintf("unknown workaround '%s' (rackcon "
			    "takes FreeIPMI's IPMI 2.0 and SOL ones: %s)",
			    shown, all);
			free(all);
			free(shown);
			free(word);
			return -1;
		}
		p += n;
	}
	*bits = none ? add : *bits | add;
	return 0;
}

int
bmc_target_set_workarounds(struct bmc_target *t, const char *list,
    char **cause)
{
	return workarounds_parse(list, &t->workarounds, 1, cause);
}

/* FreeIPMI's suites; 0 is refused where it is parsed. */
static int
cipher_supported(long id)
{
	return (id >= 0 && id <= 3) || (id >= 6 && id <= 8) ||
	    (id >= 11 && id <= 12) || (id >= 15 && id <= 17);
}

static int
cipher_parse(const char *word, int *id, char **cause)
{
	char *end, *shown;
	long v;

	errno = 0;
	v = isdigit((unsigned char)*word) ? strtol(word, &end, 10) : -1;
	if (v < 0 || errno != 0 || *end != '\0' || !cipher_supported(v)) {
		shown = str_shown(word, 32);
		*cause = xasprintf("cipher suite '%s': FreeIPMI supports 1, "
		    "2, 3, 6, 7, 8, 11, 12, 15, 16 and 17", shown);
		free(shown);
		return -1;
	}
	if (v == 0) {
		*cause = xstrdup("cipher suite 0 is refused: it logs anyone "
		    "in with any password (use 3, or 17 where offered)");
		return -1;
	}
	*id = (int)v;
	return 0;
}

int
bmc_target_set_cipher(struct bmc_target *t, const char *word, char **cause)
{
	return cipher_parse(word, &t->cipher_suite, cause);
}

static int
privilege_parse(const char *word, int *level, char **cause)
{
	char *shown;

	if (strcasecmp(word, "user") == 0)
		*level = BMC_PRIV_USER;
	else if (strcasecmp(word, "operator") == 0)
		*level = BMC_PRIV_OPERATOR;
	else if (strcasecmp(word, "admin") == 0 ||
	    strcasecmp(word, "administrator") == 0)
		*level = BMC_PRIV_ADMIN;
	else {
		shown = str_shown(word, 32);
		*cause = xasprintf("privilege '%s': one of user, operator, "
		    "admin", shown);
		free(shown);
		return -1;
	}
	return 0;
}

int
bmc_target_set_privilege(struct bmc_target *t, const char *word,
    char **cause)
{
	int level;

	if (privilege_parse(word, &level, cause) != 0)
		return -1;
	t->privilege = (enum bmc_privilege)level;
	return 0;
}

char *
bmc_target_address(const struct bmc_target *t)
{
	if (t->ssh != NULL)
		return xstrdup(t->ssh);
	if (t->host != NULL && strchr(t->host, ':') != NULL)
		return xasprintf("[%s]:%d", t->host, t->port);
	return xasprintf("%s:%d", t->host != NULL ? t->host : "", t->port);
}

const char *
bmc_privilege_name(int level)
{
	static const char *const unknown[16] = {
		"Unknown (0x00)", NULL, NULL, NULL, NULL, NULL,
		"Unknown (0x06)", "Unknown (0x07)", "Unknown (0x08)",
		"Unknown (0x09)", "Unknown (0x0A)", "Unknown (0x0B)",
		"Unknown (0x0C)", "Unknown (0x0D)", "Unknown (0x0E)", NULL
	};

	switch (level) {
	case BMC_PRIV_CALLBACK: return "CALLBACK";
	case BMC_PRIV_USER: return "USER";
	case BMC_PRIV_OPERATOR: return "OPERATOR";
	case BMC_PRIV_ADMIN: return "ADMINISTRATOR";
	case BMC_PRIV_OEM: return "OEM";
	case BMC_PRIV_NO_ACCESS: return "NO ACCESS";
	default:
		if (level >= 0 && level < 16 && unknown[level] != NULL)
			return unknown[level];
		return "Unknown";
	}
}

char *
bmc_workaround_names(unsigned workarounds)
{
	char *out = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < WORKAROUND_COUNT; i++) {
		if (!(workarounds & workaround_table[i].bit))
			continue;
		next = xasprintf("%s%s%s", out, *out != '\0' ? "," : "",
		    workaround_table[i].name);
		free(out);
		out = next;
	}
	return out;
}

void
bmc_target_fill(struct bmc_target *t, unsigned said,
    const struct freeipmi_conf *c, const char *path)
{
	if (c == NULL)
		return;
	if (!(said & BMC_SAID_USER) && c->username != NULL) {
		free(t->user);
		t->user = xstrdup(c->username);
	}
	if (!(said & BMC_SAID_CIPHER) && c->cipher_suite > 0)
		t->cipher_suite = c->cipher_suite;
	if (!(said & BMC_SAID_PRIVILEGE) && c->privilege > 0)
		t->privilege = (enum bmc_privilege)c->privilege;
	if (!(said & BMC_SAID_WORKAROUNDS))
		t->workarounds |= c->workarounds;
	if (c->session_timeout_ms > 0)
		t->timeout_ms = c->session_timeout_ms;
	if (!(said & BMC_SAID_PASSWORD) && c->password != NULL) {
		t->password_from = BMC_PASSWORD_FREEIPMI;
		free(t->freeipmi_conf);
		t->freeipmi_conf = xstrdup(path);
	}
}

/* --- the password's sources ---------------------------------------- */

void
bmc_password_free(char *password)
{
	if (password == NULL)
		return;
	wipe_memory(password, strlen(password));
	free(password);
}

/* The password as it may be used: at most BMC_PASSWORD_MAX bytes, no NUL
 * or newline inside. */
static int
password_check(const char *what, const char *pw, char **cause)
{
	if (strlen(pw) > BMC_PASSWORD_MAX) {
		*cause = xasprintf("%s: the password is longer than %d bytes "
		    "(IPMI 2.0's limit)", what, BMC_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

/* The first line of a file only its owner can read. */
static int
password_from_file(const char *path, char **password, char **cause)
{
	char buf[256];
	struct stat st;
	ssize_t n;
	size_t len;
	int fd;

	fd = open(path, O_RDONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		*cause = xasprintf("password file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("password file %s: not a regular file",
		    path);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		*cause = xasprintf("password file %s: refused, others can "
		    "read or write it (mode %04o; chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		*cause = xasprintf("password file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL || strlen(buf) != len) {
		wipe_memory(buf, sizeof buf);
		*cause = xasprintf("password file %s: a NUL byte in the "
		    "password", path);
		return -1;
	}
	if (password_check(path, buf, cause) != 0) {
		wipe_memory(buf, sizeof buf);
		return -1;
	}
	*password = xstrdup(buf);
	wipe_memory(buf, sizeof buf);
	return 0;
}

static int
password_from_freeipmi(const char *path, char **password, char **cause)
{
	struct freeipmi_conf conf;
	char *text = NULL, **errors = NULL;
	size_t len = 0, nerr = 0;
	struct stat st;
	int rc = -1;

	if (stat(path, &st) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		*cause = xasprintf("%s: its password is refused, others can "
		    "read or write the file (mode %04o; chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if (read_whole_file(path, &text, &len, cause) != 0)
		return -1;
	freeipmi_conf_parse(path, text, &conf, &errors, &nerr);
	string_list_free(errors, nerr);
	wipe_memory(text, len);
	free(text);
	if (conf.password == NULL)
		*cause = xasprintf("%s: no password in it", path);
	else if (password_check(path, conf.password, cause) == 0) {
		*password = conf.password;
		conf.password = NULL;
		rc = 0;
	}
	freeipmi_conf_free(&conf);
	return rc;
}

int
bmc_password_read(const struct bmc_target *t, char **password, char **cause)
{
	const char *env;

	*password = NULL;
	switch (t->password_from) {
	case BMC_PASSWORD_ENV:
		env = getenv("IPMI_PASSWORD");
		if (env == NULL) {
			*cause = xstrdup("IPMI_PASSWORD is not set (-E takes "
			    "the password from it)");
			return -1;
		}
		if (password_check("IPMI_PASSWORD", env, cause) != 0)
			return -1;
		*password = xstrdup(env);
		return 0;
	case BMC_PASSWORD_FILE:
		return password_from_file(t->password_file != NULL ?
		    t->password_file : "", password, cause);
	case BMC_PASSWORD_FREEIPMI:
		return password_from_freeipmi(t->freeipmi_conf != NULL ?
		    t->freeipmi_conf : "", password, cause);
	case BMC_PASSWORD_ASK:
	default:
		*cause = xstrdup("the password is asked, not read");
		return -1;
	}
}

/* --- FreeIPMI's config file ---------------------------------------- */

/*
 * The words of one logical line, as conffile splits them: blanks
 * between, "..." holding blanks, # to the end a comment. In place;
 * at most max words. Returns the count, or -1 for an open quote.
 */
static int
conf_words(char *p, char **words, int max)
{
	int n = 0;

	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			return n;
		if (n == max)
			return n + 1;
		if (*p == '"') {
			char *end = strchr(p + 1, '"');

			if (end == NULL)
				return -1;
			*end = '\0';
			words[n++] = p + 1;
			p = end + 1;
			continue;
		}
		words[n++] = p;
		p += strcspn(p, " \t#");
		if (*p == '#') {
			*p = '\0';
			return n;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
}

enum conf_key {
	CK_USERNAME, CK_PASSWORD, CK_CIPHER, CK_PRIVILEGE, CK_WORKAROUNDS,
	CK_TIMEOUT, CK_COUNT
};

static const char *const conf_keys[CK_COUNT] = {
	"username", "password", "cipher-suite-id", "privilege-level",
	"workaround-flags", "session-timeout"
};

static void
conf_line(struct freeipmi_conf *c, int seen[CK_COUNT], char *text,
    const char *source, size_t line, char ***errors, size_t *nerr)
{
	char *w[33], *cause = NULL, *shown;
	int n, k, i, level;
	long v;
	char *end;

	n = conf_words(text, w, 32);
	if (n == 0)
		return;
	if (n < 0) {
		strv_push_at(errors, nerr, source, line, "unterminated quote");
		return;
	}
	for (k = 0; k < CK_COUNT; k++) {
		if (strcasecmp(w[0], conf_keys[k]) == 0)
			break;
	}
	if (k == CK_COUNT)
		return; /* another tool's keyword */
	if (seen[k]) {
		strv_push_at(errors, nerr, source, line, "%s given twice "
		    "(line %d has it)", conf_keys[k], seen[k]);
		return;
	}
	if (n < 2 || (k != CK_WORKAROUNDS && n > 2)) {
		strv_push_at(errors, nerr, source, line, "%s takes %s",
		    conf_keys[k], k == CK_WORKAROUNDS ? "one or more names" :
		    "one value");
		return;
	}
	if (k == CK_USERNAME || k == CK_PASSWORD) {
		size_t max = k == CK_USERNAME ? BMC_USER_MAX : BMC_PASSWORD_MAX;

		if (strlen(w[1]) > max) {
			strv_push_at(errors, nerr, source, line, "%s is longer "
			    "than %zu bytes", conf_keys[k], max);
			return;
		}
	}
	seen[k] = (int)line;
	switch (k) {
	case CK_USERNAME:
		c->username = xstrdup(w[1]);
		break;
	case CK_PASSWORD:
		c->password = xstrdup(w[1]);
		wipe_memory(w[1], strlen(w[1]));
		break;
	case CK_CIPHER:
		if (cipher_parse(w[1], &c->cipher_suite, &cause) != 0) {
			strv_push_at(errors, nerr, source, line, "%s", cause);
			free(cause);
		}
		break;
	case CK_PRIVILEGE:
		if (privilege_parse(w[1], &level, &cause) != 0) {
			strv_push_at(errors, nerr, source, line, "%s", cause);
			free(cause);
		} else {
			c->privilege = level;
		}
		break;
	case CK_WORKAROUNDS:
		for (i = 1; i < n && i < 32; i++)
			(void)workarounds_parse(w[i], &c->workarounds, 0,
			    NULL);
		break;
	case CK_TIMEOUT:
		errno = 0;
		v = isdigit((unsigned char)*w[1]) ? strtol(w[1], &end, 10) : 0;
		if (v <= 0 || v > 600000 || errno != 0 || *end != '\0') {
			shown = str_shown(w[1], 32);
			strv_push_at(errors, nerr, source, line, "session-timeout "
			    "'%s': milliseconds, 1-600000", shown);
			free(shown);
		} else {
			c->session_timeout_ms = (int)v;
		}
		break;
	}
}

size_t
freeipmi_conf_parse(const char *source, const char *text,
    struct freeipmi_conf *out, char ***errors, size_t *error_count)
{
	int seen[CK_COUNT] = { 0 };
	size_t line = 1, first, before = *error_count;
	const char *p = text;
	char *logical = NULL;
	size_t used = 0;

	memset(out, 0, sizeof *out);
	/* One buffer as long as the text holds any logical line, so no
	 * copy of a password is left behind by a realloc. */
	logical = xmalloc(strlen(text) + 1);
	out->cipher_suite = -1;
	out->privilege = -1;
	out->session_timeout_ms = -1;
	while (*p != '\0') {
		/* A logical line: physical ones joined where one ends in \ */
		first = line;
		used = 0;
		for (;;) {
			size_t n = strcspn(p, "\n");
			int join = n > 0 && p[n - 1] == '\\';
			size_t take = join ? n - 1 : n;

			memcpy(logical + used, p, take);
			used += take;
			logical[used] = '\0';
			p += n;
			if (*p == '\n') {
				p++;
				line++;
			}
			if (!join || *p == '\0')
				break;
		}
		conf_line(out, seen, logical, source, first, errors,
		    error_count);
		wipe_memory(logical, used);
	}
	free(logical);
	return *error_count - before;
}

void
freeipmi_conf_free(struct freeipmi_conf *c)
{
	free(c->username);
	bmc_password_free(c->password);
	memset(c, 0, sizeof *c);
}

char *
freeipmi_conf_path(void)
{
	const char *home = getenv("HOME");
	char *path;

	if (home != NULL && *home == '/') {
		path = xasprintf("%s/.freeipmi/freeipmi.conf", home);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	return xstrdup("/etc/freeipmi/freeipmi.conf");
}
