/* The IPMI audit without FreeIPMI: factory logins, the pre-session capabilities packet, the probes' state file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipmi-audit.h"
#include "strutil.h"
#include "xmalloc.h"

/*
 * Short on purpose: each pair is a failed login on a BMC that does not
 * take it, and some lock an account after a few. The pairs admins meet
 * most (vendors' manuals; the Metasploit and nmap IPMI default lists).
 */
const struct ipmi_factory_login ipmi_factory_logins[] = {
	{ "ADMIN", "ADMIN", "Supermicro" },
	{ "root", "calvin", "Dell iDRAC" },
	{ "USERID", "PASSW0RD", "IBM/Lenovo IMM" },
	{ "admin", "admin", "ASUS, Gigabyte, ASRockRack and more" },
	{ "root", "changeme", "Oracle/Sun ILOM" },
	{ "Administrator", "", "HP iLO, blank on some" },
};
const size_t ipmi_factory_login_count =
    sizeof ipmi_factory_logins / sizeof ipmi_factory_logins[0];

int
ipmi_factory_match(const char *user, const char *password)
{
	size_t i;

	if (user == NULL || password == NULL)
		return 0;
	for (i = 0; i < ipmi_factory_login_count; i++) {
		if (strcmp(user, ipmi_factory_logins[i].user) == 0 &&
		    strcmp(password, ipmi_factory_logins[i].password) == 0)
			return 1;
	}
	return 0;
}

/* --- Get Channel Authentication Capabilities, outside a session ------ */

static uint8_t
ipmi_checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n-- > 0)
		sum = (uint8_t)(sum + *p++);
	return (uint8_t)-sum;
}

size_t
ipmi_authcap_request(uint8_t *buf, size_t len)
{
	static const uint8_t head[] = {
		0x06, 0x00, 0xff, 0x07,  /* RMCP: version, seq, IPMI class */
		0x00,                    /* session: auth type none */
		0, 0, 0, 0, 0, 0, 0, 0,  /* sequence, session id */
		0x09,                    /* message length */
		0x20, 0x18,              /* BMC, netfn App (6) request */
	};
	size_t n = sizeof head;

	if (len < n + 7)
		return 0;
	memcpy(buf, head, n);
	buf[n] = ipmi_checksum(buf + 14, 2);
	buf[n + 1] = 0x81;       /* remote console software id */
	buf[n + 2] = 0x00;       /* sequence 0, LUN 0 */
	buf[n + 3] = 0x38;       /* Get Channel Authentication Capabilities */
	buf[n + 4] = 0x8e;       /* IPMI 2.0 extended data, this channel */
	buf[n + 5] = 0x04;       /* for ADMINISTRATOR */
	buf[n + 6] = ipmi_checksum(buf + n + 1, 5);
	return n + 7;
}

int
ipmi_authcap_parse(const uint8_t *pkt, size_t len, struct ipmi_audit *a,
    char **cause)
{
	size_t off, msglen;
	const uint8_t *m, *d;

	if (len < 14 || pkt[0] != 0x06 || (pkt[3] & 0x1f) != 0x07) {
		set_cause(cause, "capabilities: not an IPMI answer");
		return -1;
	}
	/* Session header: auth type, sequence, id, [16-byte code], length. */
	off = 4 + 1 + 4 + 4;
	if (pkt[4] != 0x00)
		off += 16;
	if (len < off + 1) {
		set_cause(cause, "capabilities: answer cut short");
		return -1;
	}
	msglen = pkt[off++];
	if (msglen > len - off) {
		set_cause(cause, "capabilities: answer cut short");
		return -1;
	}
	m = pkt + off;
	/* rqAddr, netfn, checksum, rsAddr, seq, cmd, cc, data[8], checksum */
	if (msglen < 8 || (m[1] >> 2) != 0x07 || m[5] != 0x38) {
		set_cause(cause, "capabilities: not an answer to the request");
		return -1;
	}
	if (m[6] != 0) {
		set_cause(cause, "capabilities: completion code 0x%02x", m[6]);
		return -1;
	}
	if (msglen < 7 + 8 + 1) {
		set_cause(cause, "capabilities: answer cut short");
		return -1;
	}
	d = m + 7;
	a->auth_none = (d[1] & 0x01) != 0;
	a->auth_md2 = (d[1] & 0x02) != 0;
	a->auth_md5 = (d[1] & 0x04) != 0;
	a->auth_straight = (d[1] & 0x10) != 0;
	a->anonymous_login = (d[2] & 0x01) != 0;
	a->null_usernames = (d[2] & 0x02) != 0;
	a->ipmi20 = (d[1] & 0x80) != 0 && (d[3] & 0x02) != 0;
	a->authcap_read = 1;
	return 0;
}

/* --- the state file -------------------------------------------------- */

static char *
ipmi_audit_state_dir(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	/* As audit.c finds audit.log's folder (relative values ignored). */
	if (state != NULL && *state == '/')
		return xasprintf("%s/rackcon/ipmi-audit", state);
	if (home != NULL && *home == '/')
		return xasprintf("%s/.local/state/rackcon/ipmi-audit", home);
	return NULL;
}

char *
ipmi_audit_state_path(const char *address)
{
	char *dir = ipmi_audit_state_dir(), *path, *p;
	size_t n;

	if (dir == NULL || address == NULL || *address == '\0') {
		free(dir);
		return NULL;
	}
	n = strlen(dir);
	path = xasprintf("%s/%.200s", dir, address);
	free(dir);
	for (p = path + n + 1; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(".:-[]", *p) != NULL))
			*p = '_';
	}
	if (path[n + 1] == '.')
		path[n + 1] = '_'; /* never "." or ".." */
	return path;
}

static int
probe_word(const char *w, enum ipmi_probe *out)
{
	if (strcmp(w, "yes") == 0)
		*out = IPMI_PROBE_YES;
	else if (strcmp(w, "no") == 0)
		*out = IPMI_PROBE_NO;
	else if (strcmp(w, "error") == 0)
		*out = IPMI_PROBE_ERROR;
	else
		return -1;
	return 0;
}

static const char *
probe_text(enum ipmi_probe p)
{
	return p == IPMI_PROBE_YES ? "yes" : p == IPMI_PROBE_NO ? "no" :
	    "error";
}

/* A user name as the file may hold it: printable ASCII, no blank. */
static int
user_word_ok(const char *w)
{
	size_t n = strlen(w);

	if (n == 0 || n > 16)
		return 0;
	for (; *w != '\0'; w++) {
		if (*w <= ' ' || *w > '~')
			return 0;
	}
	return 1;
}

static void
state_line(char *line, struct ipmi_audit *a)
{
	char *f[2 + 1 + 16 + 1];
	size_t n = str_split_fields(line, f, sizeof f / sizeof f[0] - 1);
	enum ipmi_probe p;
	char *end;
	long long t;
	struct buf users = { 0 };
	size_t i;

	if (n < 3 || f[0][0] == '#' || probe_word(f[2], &p) != 0)
		return;
	errno = 0;
	t = strtoll(f[1], &end, 10);
	if (errno != 0 || *end != '\0' || end == f[1] || t <= 0)
		return;
	if (strcmp(f[0], "cipher0") == 0 && n == 3) {
		a->cipher0 = p;
		a->cipher0_at = (time_t)t;
	} else if (strcmp(f[0], "factory") == 0 &&
	    n < sizeof f / sizeof f[0]) {
		for (i = 3; i < n; i++) {
			if (!user_word_ok(f[i])) {
				buf_free(&users);
				return;
			}
			buf_printf(&users, "%s%s", users.len > 0 ? " " : "",
			    f[i]);
		}
		a->factory = p;
		a->factory_at = (time_t)t;
		free(a->factory_users);
		a->factory_users = users.data;
	}
}

void
ipmi_audit_state_parse(const char *text, size_t len, struct ipmi_audit *a)
{
	char *copy = xmalloc(len + 1), *line, *next;

	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = copy; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strlen(line) < 512)
			state_line(line, a);
	}
	free(copy);
}

char *
ipmi_audit_state_format(const struct ipmi_audit *a)
{
	struct buf b = { 0 };

	buf_addstr(&b, "# rackcon ipmi-audit: probe, time, result\n");
	if (a->cipher0 != IPMI_PROBE_NOT_RUN && a->cipher0_at > 0)
		buf_printf(&b, "cipher0 %lld %s\n", (long long)a->cipher0_at,
		    probe_text(a->cipher0));
	if (a->factory != IPMI_PROBE_NOT_RUN && a->factory_at > 0)
		buf_printf(&b, "factory %lld %s%s%s\n",
		    (long long)a->factory_at, probe_text(a->factory),
		    a->factory_users != NULL ? " " : "",
		    a->factory_users != NULL ? a->factory_users : "");
	return b.data;
}

int
ipmi_audit_state_load(const char *address, struct ipmi_audit *a,
    char **cause)
{
	char *path = ipmi_audit_state_path(address), buf[4096];
	ssize_t n;
	int fd;

	if (path == NULL)
		return 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return errno == ENOENT ? 0 : -1;
	}
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	ipmi_audit_state_parse(buf, (size_t)n, a);
	return 0;
}

/* mkdir -p the file's folders, 0700. */
static int
state_mkdirs(char *path)
{
	char *p;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int
ipmi_audit_state_store(const char *address, const struct ipmi_audit *a,
    char **cause)
{
	char *path = ipmi_audit_state_path(address), *tmp, *text;
	size_t len;
	int fd, rc = -1;

	if (path == NULL) {
		set_cause(cause, "no state folder: neither XDG_STATE_HOME nor "
		    "HOME is set");
		return -1;
	}
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	text = ipmi_audit_state_format(a);
	len = strlen(text);
	if (state_mkdirs(path) != 0)
		set_cause(cause, "%s: %s", path, strerror(errno));
	else if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0)
		set_cause(cause, "%s: %s", tmp, strerror(errno));
	else {
		ssize_t w = write(fd, text, len);
		int e = w < 0 ? errno : ENOSPC;

		if (close(fd) != 0 && w == (ssize_t)len) {
			e = errno;
			w = -1;
		}
		if (w != (ssize_t)len)
			set_cause(cause, "%s: %s", tmp, strerror(e));
		else if (rename(tmp, path) != 0)
			set_cause(cause, "%s: %s", path, strerror(errno));
		else
			rc = 0;
		if (rc != 0)
			unlink(tmp);
	}
	free(text);
	free(tmp);
	free(path);
	return rc;
}
