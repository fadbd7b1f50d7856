/* The inventory file's parser: hosts and how each is reached (see inventory.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory.h"
#include "ssh-target.h"
#include "strutil.h"
#include "xmalloc.h"

/* Keywords, in the order the "known:" message lists them after `host`. */
enum keyword {
	KW_BMC, KW_BMC_CIPHER, KW_BMC_PASSWORD, KW_BMC_PASSWORD_FILE,
	KW_BMC_PRIVILEGE, KW_BMC_USER, KW_BMC_WORKAROUNDS,
	KW_JUMP, KW_LOCAL, KW_PORT, KW_SSH, KW_SUDO, KW_SYSROOT, KW_TAGS,
	KW_USER, KW_COUNT
};

static const char *const keyword_names[KW_COUNT] = {
	[KW_BMC] = "bmc", [KW_BMC_CIPHER] = "bmc-cipher",
	[KW_BMC_PASSWORD] = "bmc-password",
	[KW_BMC_PASSWORD_FILE] = "bmc-password-file",
	[KW_BMC_PRIVILEGE] = "bmc-privilege", [KW_BMC_USER] = "bmc-user",
	[KW_BMC_WORKAROUNDS] = "bmc-workarounds",
	[KW_JUMP] = "jump", [KW_LOCAL] = "local", [KW_PORT] = "port",
	[KW_SSH] = "ssh", [KW_SUDO] = "sudo", [KW_SYSROOT] = "sysroot",
	[KW_TAGS] = "tags", [KW_USER] = "user",
};

/* The keywords that only a host with a `bmc` line may say. */
static const enum keyword bmc_only[] = { KW_BMC_CIPHER, KW_BMC_PASSWORD,
    KW_BMC_PASSWORD_FILE, KW_BMC_PRIVILEGE, KW_BMC_USER,
    KW_BMC_WORKAROUNDS };
#define BMC_ONLY_COUNT (sizeof bmc_only / sizeof bmc_only[0])

/* An entry being read: the host, and whether a line of it was bad. */
struct entry {
	struct inventory_host host;
	int at[KW_COUNT]; /* the line that gave each keyword, 0 none */
	char *sysroot;    /* as written (made a path at the end) */
	struct bmc_target bmc; /* what the bmc keywords said */
	char *bmc_password_file; /* as written (made a path at the end) */
	int bad;
	int open;         /* a `host` line started it */
};

static void
host_clear(struct inventory_host *h)
{
	free(h->name);
	free(h->sysroot);
	free(h->destination);
	free(h->user);
	free(h->jumps);
	string_list_free(h->tags, h->tag_count);
	if (h->bmc != NULL) {
		bmc_target_clear(h->bmc);
		free(h->bmc);
	}
	memset(h, 0, sizeof *h);
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

/* `tags a,b`: names as host names are, comma-separated; a repeat is kept
 * once. Returns 0, or -1 (nothing added). */
static int
tags_parse(struct inventory_host *h, const char *value)
{
	char *copy = xstrdup(value), *p = copy, *tag;
	size_t i;
	int rc = 0;

	while (rc == 0 && (tag = strsep(&p, ",")) != NULL) {
		if (!name_valid(tag))
			rc = -1;
	}
	free(copy);
	if (rc != 0)
		return -1;
	copy = xstrdup(value);
	p = copy;
	while ((tag = strsep(&p, ",")) != NULL) {
		for (i = 0; i < h->tag_count; i++) {
			if (strcmp(h->tags[i], tag) == 0)
				break;
		}
		if (i == h->tag_count)
			strv_push(&h->tags, &h->tag_count, tag);
	}
	free(copy);
	return 0;
}

/* `port N`: 1..65535, or 0. */
static int
port_parse(const char *value)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)value[0]))
		return 0;
	n = strtol(value, &end, 10);
	return *end == '\0' && n >= 1 && n <= 65535 ? (int)n : 0;
}

/* A bmc keyword's value into e->bmc; else the message in *why. */
static int
bmc_value_check(struct entry *e, enum keyword kw, const char *value,
    const char *v, char **why)
{
	char *cause = NULL;

	switch (kw) {
	case KW_BMC:
		(void)bmc_target_set_address(&e->bmc, value, &cause);
		break;
	case KW_BMC_CIPHER:
		(void)bmc_target_set_cipher(&e->bmc, value, &cause);
		break;
	case KW_BMC_PRIVILEGE:
		(void)bmc_target_set_privilege(&e->bmc, value, &cause);
		break;
	case KW_BMC_WORKAROUNDS:
		(void)bmc_target_set_workarounds(&e->bmc, value, &cause);
		break;
	case KW_BMC_USER:
		if (strlen(value) > BMC_USER_MAX)
			cause = xasprintf("'%s' is longer than %d bytes "
			    "(IPMI's limit)", v, BMC_USER_MAX);
		else {
			/* Said last wins (over a bmc ssh://USER@). */
			free(e->bmc.user);
			e->bmc.user = xstrdup(value);
		}
		break;
	case KW_BMC_PASSWORD:
		if (strcasecmp(value, "ask") == 0)
			e->bmc.password_from = BMC_PASSWORD_ASK;
		else if (strcasecmp(value, "env") == 0)
			e->bmc.password_from = BMC_PASSWORD_ENV;
		else if (strcasecmp(value, "freeipmi") == 0) {
			e->bmc.password_from = BMC_PASSWORD_FREEIPMI;
		} else
			cause = xasprintf("ask, env (IPMI_PASSWORD) or "
			    "freeipmi (FreeIPMI's config file), not '%s'; a "
			    "file is bmc-password-file PATH", v);
		break;
	case KW_BMC_PASSWORD_FILE:
		e->bmc_password_file = xstrdup(value);
		e->bmc.password_from = BMC_PASSWORD_FILE;
		break;
	default:
		break;
	}
	if (cause != NULL) {
		*why = xasprintf("%s: %s", keyword_names[kw], cause);
		free(cause);
	}
	return *why == NULL;
}

/* Whether the value of keyword kw is fit; else the message in *why
 * (fresh). v is the value fit for a message. */
static int
value_check(struct entry *e, enum keyword kw, int words, const char *value,
    const char *v, char **why)
{
	struct ssh_target target = {0}, *hops = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	*why = NULL;
	if (kw == KW_LOCAL) {
		if (words != 0)
			*why = xasprintf("local takes no value, not '%s'", v);
		return *why == NULL;
	}
	if (words != 1 || *value == '\0') {
		*why = xasprintf("%s needs %s", keyword_names[kw],
		    kw == KW_SYSROOT ? "a folder" : kw == KW_SSH ?
		    "a destination" : kw == KW_PORT ? "a number" :
		    kw == KW_USER || kw == KW_BMC_USER ? "a name" :
		    kw == KW_JUMP ? "a host list" :
		    kw == KW_SUDO ? "yes or no" : kw == KW_BMC ?
		    "an address (HOST[:PORT] or ssh://[USER@]HOST[:PORT])" : kw == KW_BMC_CIPHER ?
		    "a cipher suite id" : kw == KW_BMC_PASSWORD ?
		    "ask, env or freeipmi" : kw == KW_BMC_PASSWORD_FILE ?
		    "a file" : kw == KW_BMC_PRIVILEGE ?
		    "user, operator or admin" : "names");
		return 0;
	}
	if (kw >= KW_BMC && kw <= KW_BMC_WORKAROUNDS)
		return bmc_value_check(e, kw, value, v, why);
	switch (kw) {
	case KW_SSH:
		if (ssh_target_parse(value, &target, &cause) == 0)
			e->host.destination = xstrdup(value);
		ssh_target_clear(&target);
		break;
	case KW_JUMP:
		if (ssh_target_parse_jumps(value, &hops, &n, &cause) == 0)
			e->host.jumps = xstrdup(value);
		for (i = 0; i < n; i++)
			ssh_target_clear(&hops[i]);
		free(hops);
		break;
	case KW_PORT:
		if ((e->host.port = port_parse(value)) == 0)
			*why = xasprintf("port: a number from 1 to 65535, not "
			    "'%s'", v);
		break;
	case KW_USER:
		if (value[0] == '-')
			*why = xasprintf("user '%s': a name may not begin with "
			    "'-'", v);
		else
			e->host.user = xstrdup(value);
		break;
	case KW_SUDO:
		if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "no") == 0)
			e->host.sudo = strcasecmp(value, "yes") == 0;
		else
			*why = xasprintf("sudo: yes or no, not '%s'", v);
		break;
	case KW_TAGS:
		if (tags_parse(&e->host, value) != 0)
			*why = xasprintf("tags '%s': names of letters, digits, "
			    "'.', '_' and '-' (not first), separated by commas",
			    v);
		break;
	case KW_SYSROOT:
		e->sysroot = xstrdup(value);
		break;
	case KW_LOCAL:
	case KW_BMC:
	case KW_BMC_CIPHER:
	case KW_BMC_PASSWORD:
	case KW_BMC_PASSWORD_FILE:
	case KW_BMC_PRIVILEGE:
	case KW_BMC_USER:
	case KW_BMC_WORKAROUNDS:
	case KW_COUNT:
		break;
	}
	if (cause != NULL) {
		*why = xasprintf("%s: %s", keyword_names[kw], cause);
		free(cause);
	}
	return *why == NULL;
}

/* A user or port both in the ssh destination and on a line of its own:
 * said, -1. */
static int
ssh_twice(struct entry *e, const char *source, char ***errors,
    size_t *count)
{
	struct ssh_target t = {0};
	char *cause = NULL, *d;
	enum keyword kw = KW_COUNT;

	if (ssh_target_parse(e->host.destination, &t, &cause) == 0) {
		if (t.user != NULL && e->at[KW_USER] != 0)
			kw = KW_USER;
		else if (t.port > 0 && e->at[KW_PORT] != 0)
			kw = KW_PORT;
	}
	ssh_target_clear(&t);
	free(cause);
	if (kw == KW_COUNT)
		return 0;
	d = shown(e->host.destination);
	strv_push_at(errors, count, source, (size_t)e->at[kw], "host %s: %s "
	    "given twice: here and in 'ssh %s' (line %d)", e->host.name,
	    keyword_names[kw], d, e->at[KW_SSH]);
	free(d);
	return -1;
}

/* The entry's BMC, when it has a `bmc` line, into e->host; -1 when a
 * bmc keyword comes without one, or the password is named twice (said). */
static int
bmc_reach(struct entry *e, const char *source, char ***errors,
    size_t *count)
{
	static const unsigned said_bit[BMC_ONLY_COUNT] = { BMC_SAID_CIPHER,
	    BMC_SAID_PASSWORD, BMC_SAID_PASSWORD, BMC_SAID_PRIVILEGE,
	    BMC_SAID_USER, BMC_SAID_WORKAROUNDS };
	size_t i;

	for (i = 0; i < BMC_ONLY_COUNT; i++) {
		if (e->at[bmc_only[i]] == 0)
			continue;
		if (e->at[KW_BMC] == 0) {
			strv_push_at(errors, count, source,
			    (size_t)e->at[bmc_only[i]], "host %s: %s is for a "
			    "host with a bmc ADDRESS line", e->host.name,
			    keyword_names[bmc_only[i]]);
			return -1;
		}
		e->host.bmc_said |= said_bit[i];
	}
	if (e->at[KW_BMC] == 0)
		return 0;
	if (e->at[KW_BMC_PASSWORD] != 0 && e->at[KW_BMC_PASSWORD_FILE] != 0) {
		strv_push_at(errors, count, source,
		    (size_t)e->at[KW_BMC_PASSWORD_FILE], "host %s: the "
		    "password's source is named twice (bmc-password, line %d)",
		    e->host.name, e->at[KW_BMC_PASSWORD]);
		return -1;
	}
	if (e->bmc_password_file != NULL)
		e->bmc.password_file = sysroot_path(source,
		    e->bmc_password_file);
	e->host.bmc = xmalloc(sizeof *e->host.bmc);
	*e->host.bmc = e->bmc;
	memset(&e->bmc, 0, sizeof e->bmc);
	e->host.bmc_line = e->at[KW_BMC];
	return 0;
}

/* How the entry is reached, from its keywords; -1 when it says nothing
 * or something only an ssh host may say without ssh (said). */
static int
entry_reach(struct entry *e, const char *source, char ***errors,
    size_t *count)
{
	static const enum keyword ssh_only[] = { KW_PORT, KW_USER, KW_JUMP,
	    KW_SUDO };
	size_t i;

	if (bmc_reach(e, source, errors, count) != 0)
		return -1;
	if (e->at[KW_SSH] != 0) {
		e->host.reach = INVENTORY_SSH;
		e->host.ssh_line = e->at[KW_SSH];
		if (ssh_twice(e, source, errors, count) != 0)
			return -1;
		if (e->sysroot != NULL && e->sysroot[0] != '/') {
			strv_push_at(errors, count, source,
			    (size_t)e->at[KW_SYSROOT], "host %s: the sysroot "
			    "of an ssh host is a folder on the far side: an "
			    "absolute path", e->host.name);
			return -1;
		}
		e->host.sysroot = e->sysroot;
		e->sysroot = NULL;
		return 0;
	}
	for (i = 0; i < sizeof ssh_only / sizeof ssh_only[0]; i++) {
		if (e->at[ssh_only[i]] == 0)
			continue;
		/* A BMC reached through its SSH goes through the jumps. */
		if (ssh_only[i] == KW_JUMP && e->host.bmc != NULL &&
		    e->host.bmc->ssh != NULL)
			continue;
		strv_push_at(errors, count, source, (size_t)e->at[ssh_only[i]],
		    "host %s: %s is for a host reached by ssh", e->host.name,
		    keyword_names[ssh_only[i]]);
		return -1;
	}
	if (e->at[KW_SYSROOT] != 0) {
		e->host.reach = INVENTORY_SYSROOT;
		e->host.sysroot = sysroot_path(source, e->sysroot);
		return 0;
	}
	if (e->at[KW_LOCAL] != 0) {
		e->host.reach = INVENTORY_LOCAL;
		return 0;
	}
	if (e->at[KW_BMC] != 0) {
		e->host.reach = INVENTORY_BMC;
		return 0;
	}
	strv_push_at(errors, count, source, (size_t)e->host.line,
	    "host %s says neither local, sysroot DIR, ssh DESTINATION nor "
	    "bmc ADDRESS", e->host.name);
	return -1;
}

/* Close the entry being read: keep it when it is whole, else say why. */
static void
entry_end(struct entry *e, struct inventory *out, const char *source,
    char ***errors, size_t *count)
{
	if (!e->open)
		return;
	if (!e->bad && entry_reach(e, source, errors, count) != 0)
		e->bad = 1;
	if (!e->bad && inventory_find(out, e->host.name) != NULL) {
		strv_push_at(errors, count, source, (size_t)e->host.line,
		    "host %s is named twice; this one is left out",
		    e->host.name);
		e->bad = 1;
	}
	free(e->sysroot);
	free(e->bmc_password_file);
	bmc_target_clear(&e->bmc);
	if (e->bad)
		host_clear(&e->host);
	else {
		out->hosts = xreallocarray(out->hosts, out->count + 1,
		    sizeof *out->hosts);
		out->hosts[out->count++] = e->host;
	}
	memset(e, 0, sizeof *e);
}

/* The line that already said what kw says: how the host is reached
 * (local, or ssh or sysroot, which go together), or kw itself. */
static int
keyword_said(const struct entry *e, enum keyword kw)
{
	if (kw == KW_LOCAL)
		return e->at[KW_LOCAL] != 0 ? e->at[KW_LOCAL] :
		    e->at[KW_SSH] != 0 ? e->at[KW_SSH] : e->at[KW_SYSROOT];
	if (kw == KW_SSH || kw == KW_SYSROOT)
		return e->at[kw] != 0 ? e->at[kw] : e->at[KW_LOCAL];
	return e->at[kw];
}

/* One keyword line inside an entry. Returns 0, or -1 (an error said). */
static int
entry_keyword(struct entry *e, const char *source, size_t line,
    const char *key, char *rest, char ***errors, size_t *count)
{
	char *value, *k, *v, *why = NULL;
	int words = line_value(rest, &value), rc = -1, first;
	enum keyword kw;

	for (kw = 0; kw < KW_COUNT; kw++) {
		if (strcasecmp(key, keyword_names[kw]) == 0)
			break;
	}
	k = shown(key);
	v = value != NULL ? shown(value) : NULL;
	first = kw < KW_COUNT ? keyword_said(e, kw) : 0;
	if (words < 0)
		strv_push_at(errors, count, source, line, "%s: one value, quoted "
		    "if it holds blanks", k);
	else if (value != NULL && has_control(value))
		strv_push_at(errors, count, source, line, "%s: control "
		    "characters in the value", k);
	else if (kw == KW_COUNT)
		strv_push_at(errors, count, source, line, "unknown keyword '%s' "
		    "(known: host, bmc, bmc-cipher, bmc-password, "
		    "bmc-password-file, bmc-privilege, bmc-user, "
		    "bmc-workarounds, jump, local, port, ssh, sudo, sysroot, "
		    "tags, user)", k);
	else if (first != 0 && (kw == KW_LOCAL || kw == KW_SSH ||
	    kw == KW_SYSROOT))
		strv_push_at(errors, count, source, line, "host %s: says how it "
		    "is reached twice (line %d first)", e->host.name, first);
	else if (first != 0)
		strv_push_at(errors, count, source, line, "host %s: %s given "
		    "twice (line %d first)", e->host.name, keyword_names[kw],
		    first);
	else if (!value_check(e, kw, words, value, v, &why))
		strv_push_at(errors, count, source, line, "%s", why);
	else {
		e->at[kw] = (int)line;
		rc = 0;
	}
	free(why);
	free(k);
	free(v);
	return rc;
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
	e->host.sudo = -1;
	bmc_target_init(&e->bmc);
	words = line_value(rest, &name);
	if (words != 1 || !name_valid(name)) {
		if (words != 1)
			strv_push_at(errors, count, source, line,
			    "host needs one name");
		else {
			shown_name = shown(name);
			strv_push_at(errors, count, source, line, "host name "
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
			strv_push_at(errors, error_count, source, i + 1,
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
