/* Plans for the IPMI commands: users, channel access and power, as library calls shown as ipmitool. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bmc-target.h"
#include "change.h"
#include "ipmi-plan.h"
#include "ipmi.h"
#include "strutil.h"
#include "xmalloc.h"

int
ipmi_plan_privilege(const char *word)
{
	static const struct {
		const char *name;
		int level;
	} names[] = {
		{ "callback", BMC_PRIV_CALLBACK },
		{ "user", BMC_PRIV_USER },
		{ "operator", BMC_PRIV_OPERATOR },
		{ "admin", BMC_PRIV_ADMIN },
		{ "administrator", BMC_PRIV_ADMIN },
		{ "oem", BMC_PRIV_OEM },
		{ "no-access", BMC_PRIV_NO_ACCESS },
		{ "no_access", BMC_PRIV_NO_ACCESS },
	};
	size_t i;
	char *end;
	long n;

	if (word == NULL || *word == '\0')
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(word, names[i].name) == 0)
			return names[i].level;
	}
	n = strtol(word, &end, 10);
	if (*end == '\0' && ((n >= 1 && n <= 5) || n == 15))
		return (int)n;
	return -1;
}

static int
ipmi_plan_privilege_refuse(const char *word, char **cause)
{
	int level = ipmi_plan_privilege(word);

	if (level < 0)
		set_cause(cause, "unknown privilege '%s' (admin, operator, "
		    "user, callback, no-access); nothing was changed", word);
	return level;
}

/* "ipmitool -I lanplus -H HOST -p PORT -C N -U USER -E": the session's
 * own credentials come from the environment, never from the line. */
static char *
ipmi_plan_ipmitool(const struct ipmi_snapshot *snap, const char *user)
{
	const char *addr = snap->address != NULL ? snap->address : "?";
	const char *colon = strrchr(addr, ':');
	char *host, *quser, *out;
	size_t hlen;

	if (colon == NULL)
		colon = addr + strlen(addr);
	hlen = (size_t)(colon - addr);
	if (hlen >= 2 && addr[0] == '[' && addr[hlen - 1] == ']')
		host = xstrndup(addr + 1, hlen - 2);
	else
		host = xstrndup(addr, hlen);
	quser = shell_quote(user != NULL ? user : "");
	out = xasprintf("ipmitool -I lanplus -H %s -p %s -C %d -U %s", host,
	    *colon == ':' ? colon + 1 : "623",
	    snap->cipher_suite > 0 ? snap->cipher_suite : BMC_CIPHER_DEFAULT,
	    quser);
	free(quser);
	free(host);
	return out;
}

/* A first frame has no user slots yet (the login and the power only):
 * a plan on it would say a slot does not exist. -1 with *cause then. */
static int
ipmi_plan_quick_refuse(const struct ipmi_snapshot *snap, char **cause)
{
	if (!snap->quick)
		return 0;
	set_cause(cause, "the user slots of %s are not read yet: try again "
	    "in a moment", snap->address != NULL ? snap->address : "the BMC");
	return -1;
}

/* The slot named by word, 2..max (1 with allow_null), or NULL. */
static const struct ipmi_user *
ipmi_plan_slot(const struct ipmi_snapshot *snap, const char *word,
    int allow_null, char **cause)
{
	const struct ipmi_user *u;
	char *end;
	long id;

	if (ipmi_plan_quick_refuse(snap, cause) != 0)
		return NULL;
	id = strtol(word, &end, 10);
	if (*word == '\0' || *end != '\0' || id < 1 ||
	    (size_t)id > snap->user_count ||
	    (u = ipmi_snapshot_find(snap, (int)id)) == NULL) {
		set_cause(cause, "no user slot '%s' on %s (slots 1 to %zu); "
		    "nothing was changed", word,
		    snap->address != NULL ? snap->address : "the BMC",
		    snap->user_count);
		return NULL;
	}
	if (id == 1 && !allow_null) {
		set_cause(cause, "slot 1 is the null (anonymous) user: it has "
		    "no name to set (the BMC answers cc 0xCC); nothing was "
		    "changed");
		return NULL;
	}
	if (u->error != NULL) {
		set_cause(cause, "slot %ld could not be read (%s); nothing "
		    "was changed", id, u->error);
		return NULL;
	}
	return u;
}

/* A user name a slot can take: 1..16 printable bytes, no blank, not
 * another slot's. */
static int
ipmi_plan_name_refuse(const struct ipmi_snapshot *snap, int slot,
    const char *name, char **cause)
{
	const struct ipmi_user *other;
	size_t len = strlen(name), i;

	if (len == 0) {
		set_cause(cause, "a user name cannot be empty; nothing was "
		    "changed");
		return -1;
	}
	if (len > IPMI_PLAN_NAME_MAX) {
		set_cause(cause, "user name '%s' is %zu bytes; IPMI allows %d; "
		    "nothing was changed", name, len, IPMI_PLAN_NAME_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] <= ' ' ||
		    (unsigned char)name[i] >= 0x7f) {
			set_cause(cause, "user name '%s' has a blank or a "
			    "byte that is not printable ASCII; nothing was "
			    "changed", name);
			return -1;
		}
	}
	other = ipmi_snapshot_find_name(snap, name);
	if (other != NULL && other->id != slot) {
		set_cause(cause, "the name %s is taken by slot %d; nothing was "
		    "changed", name, other->id);
		return -1;
	}
	return 0;
}

/* The call's words (NULL-terminated const strings) as a fresh argv. */
static char **
ipmi_plan_argv(const char *first, va_list ap)
{
	char **argv = NULL;
	const char *w;
	size_t n = 0;

	for (w = first; w != NULL; w = va_arg(ap, const char *)) {
		argv = xreallocarray(argv, n + 2, sizeof *argv);
		argv[n++] = xstrdup(w);
	}
	argv[n] = NULL;
	return argv;
}

/* A STEP_CALL: shell is the equivalent command; the words after note,
 * up to a NULL, the call's argv. With secret, it takes the plan's
 * secret. */
static void
ipmi_plan_callv(struct change_plan *p, int secret, const char *target,
    const char *shell, const char *note, const char *first, ...)
{
	va_list ap;
	char **argv;
	size_t n;

	va_start(ap, first);
	argv = ipmi_plan_argv(first, ap);
	va_end(ap);
	if (secret)
		change_plan_add_secret_call(p, target, argv, shell, note);
	else
		change_plan_add_call(p, target, argv, shell, note);
	for (n = 0; argv[n] != NULL; n++)
		free(argv[n]);
	free(argv);
}

/* The session's ipmitool line with what after it. Fresh. */
static char *
ipmi_plan_shell(const struct ipmi_snapshot *snap, const char *what)
{
	char *tool = ipmi_plan_ipmitool(snap, snap->session_user);
	char *shell = xasprintf("%s -E %s", tool, what);

	free(tool);
	return shell;
}

/* Name slot; the step carries the name the slot has in snap ("" empty),
 * which execute() checks first: a slot another tool changed since it was
 * read is not overwritten. */
static void
ipmi_plan_step_name(struct change_plan *p, const struct ipmi_snapshot *snap,
    int slot, const char *name)
{
	const struct ipmi_user *u = ipmi_snapshot_find(snap, slot);
	char id[16], *qname = shell_quote(name), *what, *shell;

	snprintf(id, sizeof id, "%d", slot);
	what = xasprintf("user set name %d %s", slot, qname);
	shell = ipmi_plan_shell(snap, what);
	ipmi_plan_callv(p, 0, id, shell, NULL, "user-set-name", id, name,
	    u != NULL && u->name != NULL ? u->name : "", (const char *)NULL);
	free(shell);
	free(what);
	free(qname);
}

static void
ipmi_plan_step_password(struct change_plan *p,
    const struct ipmi_snapshot *snap, int slot)
{
	char id[16], *what, *shell;

	snprintf(id, sizeof id, "%d", slot);
	what = xasprintf("user set password %d <typed> 20", slot);
	shell = ipmi_plan_shell(snap, what);
	ipmi_plan_callv(p, 1, id, shell, NULL, "user-set-password", id,
	    (const char *)NULL);
	free(shell);
	free(what);
}

static void
ipmi_plan_step_enable(struct change_plan *p, const struct ipmi_snapshot *snap,
    int slot, int enable, const char *note)
{
	char id[16], *what, *shell;

	snprintf(id, sizeof id, "%d", slot);
	what = xasprintf("user %s %d", enable ? "enable" : "disable", slot);
	shell = ipmi_plan_shell(snap, what);
	ipmi_plan_callv(p, 0, id, shell, note, enable ? "user-enable" :
	    "user-disable", id, (const char *)NULL);
	free(shell);
	free(what);
}

static void
ipmi_plan_step_access(struct change_plan *p, const struct ipmi_snapshot *snap,
    int slot, int priv, int msg, int link, int callin)
{
	char id[16], ch[16], pv[16], *what, *shell;

	snprintf(id, sizeof id, "%d", slot);
	snprintf(ch, sizeof ch, "%d", snap->channel > 0 ? snap->channel : 1);
	snprintf(pv, sizeof pv, "%d", priv);
	what = xasprintf("channel setaccess %s %d link=%s ipmi=%s callin=%s "
	    "privilege=%d", ch, slot, link ? "on" : "off", msg ? "on" : "off",
	    callin ? "on" : "off", priv);
	shell = ipmi_plan_shell(snap, what);
	ipmi_plan_callv(p, 0, id, shell, NULL, "user-set-access", ch, id, pv,
	    msg ? "1" : "0", link ? "1" : "0", callin ? "1" : "0",
	    (const char *)NULL);
	free(shell);
	free(what);
}

/* A fresh session as name with the typed password. */
static void
ipmi_plan_step_verify(struct change_plan *p, const struct ipmi_snapshot *snap,
    int slot, const char *name, int priv)
{
	char id[16], pv[16], *tool, *shell;

	/* A session asks for at most ADMINISTRATOR; a user limited to
	 * callback, OEM or no access is tried at USER. */
	if (priv < BMC_PRIV_CALLBACK || priv > BMC_PRIV_ADMIN)
		priv = BMC_PRIV_USER;
	snprintf(id, sizeof id, "%d", slot);
	snprintf(pv, sizeof pv, "%d", priv);
	tool = ipmi_plan_ipmitool(snap, name);
	shell = xasprintf("%s -L %s -P <typed> chassis power status", tool,
	    priv == BMC_PRIV_ADMIN ? "ADMINISTRATOR" :
	    priv == BMC_PRIV_OPERATOR ? "OPERATOR" : priv == BMC_PRIV_CALLBACK ?
	    "CALLBACK" : "USER");
	ipmi_plan_callv(p, 1, id, shell, "verification: a new session with "
	    "the new credentials", "verify-login", id, name, pv,
	    (const char *)NULL);
	free(shell);
	free(tool);
}

/* Whether u is the account this session logged in with. */
static int
ipmi_plan_is_session_user(const struct ipmi_snapshot *snap,
    const struct ipmi_user *u)
{
	return snap->session_user != NULL && u->name != NULL &&
	    !u->empty && strcmp(snap->session_user, u->name) == 0;
}

/* Another usable administrator whose credentials were verified in this
 * run, or NULL. */
static const struct ipmi_user *
ipmi_plan_verified_admin(const struct ipmi_snapshot *snap, int not_id)
{
	const struct ipmi_user *v;
	size_t i;

	for (i = 0; i < snap->verified_count; i++) {
		v = ipmi_snapshot_find(snap, snap->verified[i]);
		if (v != NULL && v->id != not_id && ipmi_user_usable(v) &&
		    v->priv_limit == BMC_PRIV_ADMIN)
			return v;
	}
	return NULL;
}

/*
 * The lockout rule: u would be left unable to log in as an administrator
 * (loses: what the change does, "disabling", "demoting"). Refused when u
 * is this session's account or the last usable administrator, unless
 * another administrator was verified in this run.
 */
static int
ipmi_plan_lockout_refuse(const struct ipmi_snapshot *snap,
    const struct ipmi_user *u, const char *loses, char **cause)
{
	int self = ipmi_plan_is_session_user(snap, u);
	int last = ipmi_user_usable(u) && u->priv_limit == BMC_PRIV_ADMIN &&
	    ipmi_snapshot_admin_count(snap) <= 1;

	if (!self && !last)
		return 0;
	if (ipmi_plan_verified_admin(snap, u->id) != NULL)
		return 0;
	set_cause(cause, "refused: %s slot %d (%s) would lock you out: it is "
	    "%s; first add another administrator and verify it "
	    "(ipmi-user-add SLOT NAME admin, or ipmi-replace-default-admin "
	    "NEWNAME); nothing was changed", loses, u->id,
	    u->name != NULL ? u->name : "?", self ?
	    "the account this session is logged in with" :
	    "the last usable administrator");
	return -1;
}

static const char *
ipmi_plan_addr(const struct ipmi_snapshot *snap)
{
	return snap->address != NULL ? snap->address : "the BMC";
}

int
ipmi_plan_rename(const struct ipmi_snapshot *snap, const char *slot,
    const char *name, struct change_plan *plan, char **cause)
{
	const struct ipmi_user *u;
	struct change_plan p;
	char *summary;

	if ((u = ipmi_plan_slot(snap, slot, 0, cause)) == NULL ||
	    ipmi_plan_name_refuse(snap, u->id, name, cause) != 0)
		return -1;
	summary = xasprintf("Rename user slot %d on %s from %s to %s", u->id,
	    ipmi_plan_addr(snap), u->name != NULL && *u->name != '\0' ?
	    u->name : "(no name)", name);
	change_plan_init(&p, "ipmi-user-rename", summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	if (u->name != NULL && strcmp(u->name, name) == 0)
		change_plan_nothing(&p, "slot %d is already called %s, "
		    "nothing to do", u->id, name);
	else
		ipmi_plan_step_name(&p, snap, u->id, name);
	if (ipmi_plan_is_session_user(snap, u))
		p.warning = xasprintf("this session logs in as %s: log in as "
		    "%s from now on (-U %s)", u->name, name, name);
	*plan = p;
	return 0;
}

int
ipmi_plan_enable(const struct ipmi_snapshot *snap, const char *slot,
    int enable, struct change_plan *plan, char **cause)
{
	const struct ipmi_user *u;
	struct change_plan p;
	char *summary;

	if ((u = ipmi_plan_slot(snap, slot, 1, cause)) == NULL)
		return -1;
	if (u->empty && enable) {
		set_cause(cause, "slot %d is empty: add a user there with "
		    "ipmi-user-add %d NAME PRIVILEGE; nothing was changed",
		    u->id, u->id);
		return -1;
	}
	if (!enable && ipmi_plan_lockout_refuse(snap, u, "disabling",
	    cause) != 0)
		return -1;
	summary = xasprintf("%s user slot %d (%s) on %s", enable ? "Enable" :
	    "Disable", u->id, u->name != NULL && *u->name != '\0' ? u->name :
	    "no name", ipmi_plan_addr(snap));
	change_plan_init(&p, enable ? "ipmi-user-enable" : "ipmi-user-disable",
	    summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	ipmi_plan_step_enable(&p, snap, u->id, enable, NULL);
	*plan = p;
	return 0;
}

/* "messaging=on" and the like into *msg, *link, *callin. */
static int
ipmi_plan_access_opt(const char *opt, int *msg, int *link, int *callin,
    char **cause)
{
	const char *eq = strchr(opt, '=');
	size_t klen = eq != NULL ? (size_t)(eq - opt) : 0;
	int *to = NULL, v;

	if (eq != NULL && klen == 9 && strncmp(opt, "messaging", 9) == 0)
		to = msg;
	else if (eq != NULL && klen == 4 && strncmp(opt, "ipmi", 4) == 0)
		to = msg;
	else if (eq != NULL && klen == 4 && strncmp(opt, "link", 4) == 0)
		to = link;
	else if (eq != NULL && klen == 6 && strncmp(opt, "callin", 6) == 0)
		to = callin;
	v = eq == NULL ? -1 : strcmp(eq + 1, "on") == 0 ? 1 :
	    strcmp(eq + 1, "off") == 0 ? 0 : -1;
	if (to == NULL || v < 0) {
		set_cause(cause, "'%s': expected messaging=on|off, link=on|off "
		    "or callin=on|off; nothing was changed", opt);
		return -1;
	}
	*to = v;
	return 0;
}

int
ipmi_plan_set_access(const struct ipmi_snapshot *snap, const char *slot,
    const char *privilege, int argc, char **opts, struct change_plan *plan,
    char **cause)
{
	const struct ipmi_user *u;
	struct change_plan p;
	int priv, msg, link, callin, i;
	char *summary;

	if ((u = ipmi_plan_slot(snap, slot, 1, cause)) == NULL ||
	    (priv = ipmi_plan_privilege_refuse(privilege, cause)) < 0)
		return -1;
	msg = u->ipmi_msg == 1;
	link = u->link_auth == 1;
	callin = u->callin != 0;
	for (i = 0; i < argc; i++) {
		if (ipmi_plan_access_opt(opts[i], &msg, &link, &callin,
		    cause) != 0)
			return -1;
	}
	if ((priv != BMC_PRIV_ADMIN || !msg) && ipmi_plan_lockout_refuse(snap,
	    u, priv != BMC_PRIV_ADMIN ? "demoting" : "turning IPMI messaging "
	    "off for", cause) != 0)
		return -1;
	summary = xasprintf("Set channel %d access of user slot %d (%s) on %s: "
	    "privilege %s, IPMI messaging %s, link auth %s, callin %s",
	    snap->channel > 0 ? snap->channel : 1, u->id,
	    u->name != NULL && *u->name != '\0' ? u->name : "no name",
	    ipmi_plan_addr(snap), bmc_privilege_name(priv), msg ? "on" : "off",
	    link ? "on" : "off", callin ? "on" : "off");
	change_plan_init(&p, "ipmi-user-set-access", summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	if (u->priv_limit == priv && u->ipmi_msg == msg &&
	    u->link_auth == link && u->callin == callin)
		change_plan_nothing(&p, "slot %d already has that access, "
		    "nothing to do", u->id);
	else
		ipmi_plan_step_access(&p, snap, u->id, priv, msg, link, callin);
	*plan = p;
	return 0;
}

int
ipmi_plan_set_password(const struct ipmi_snapshot *snap, const char *slot,
    struct change_plan *plan, char **cause)
{
	const struct ipmi_user *u;
	struct change_plan p;
	char *summary;

	if ((u = ipmi_plan_slot(snap, slot, 1, cause)) == NULL)
		return -1;
	if (u->empty) {
		set_cause(cause, "slot %d is empty: add a user there with "
		    "ipmi-user-add %d NAME PRIVILEGE; nothing was changed",
		    u->id, u->id);
		return -1;
	}
	summary = xasprintf("Set the password of user slot %d (%s) on %s",
	    u->id, u->name != NULL && *u->name != '\0' ? u->name : "no name",
	    ipmi_plan_addr(snap));
	change_plan_init(&p, "ipmi-user-set-password", summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	change_plan_want_secret(&p, IPMI_PLAN_PASSWORD_MAX, "New password for "
	    "%s (slot %d, at most %d bytes)", u->name != NULL &&
	    *u->name != '\0' ? u->name : "the user", u->id,
	    IPMI_PLAN_PASSWORD_MAX);
	ipmi_plan_step_password(&p, snap, u->id);
	if (ipmi_plan_is_session_user(snap, u))
		p.warning = xasprintf("this session logs in as %s: the next "
		    "login needs the new password", u->name);
	*plan = p;
	return 0;
}

/* The steps that make slot a working user: name, password, access,
 * enable, verify. */
static void
ipmi_plan_new_user(struct change_plan *p, const struct ipmi_snapshot *snap,
    int slot, const char *name, int priv)
{
	ipmi_plan_step_name(p, snap, slot, name);
	ipmi_plan_step_password(p, snap, slot);
	ipmi_plan_step_access(p, snap, slot, priv, 1, 1, 1);
	ipmi_plan_step_enable(p, snap, slot, 1, NULL);
	ipmi_plan_step_verify(p, snap, slot, name, priv);
	change_plan_want_secret(p, IPMI_PLAN_PASSWORD_MAX, "Password for "
	    "the new user %s (slot %d, at most %d bytes)", name, slot,
	    IPMI_PLAN_PASSWORD_MAX);
}

int
ipmi_plan_add(const struct ipmi_snapshot *snap, const char *slot,
    const char *name, const char *privilege, struct change_plan *plan,
    char **cause)
{
	const struct ipmi_user *u;
	struct change_plan p;
	int priv, free_slot;
	char *summary;

	if ((u = ipmi_plan_slot(snap, slot, 0, cause)) == NULL)
		return -1;
	if (!u->empty) {
		free_slot = ipmi_snapshot_first_free(snap);
		if (free_slot > 0)
			set_cause(cause, "slot %d is taken by %s; the first "
			    "free slot is %d; nothing was changed", u->id,
			    u->name != NULL && *u->name != '\0' ? u->name :
			    "a user with no name", free_slot);
		else
			set_cause(cause, "slot %d is taken by %s and no slot "
			    "is free; nothing was changed", u->id,
			    u->name != NULL && *u->name != '\0' ? u->name :
			    "a user with no name");
		return -1;
	}
	if (ipmi_plan_name_refuse(snap, u->id, name, cause) != 0 ||
	    (priv = ipmi_plan_privilege_refuse(privilege, cause)) < 0)
		return -1;
	summary = xasprintf("Add user %s in slot %d on %s (%s, IPMI "
	    "messaging, link auth and callin on), then log in as %s to verify",
	    name, u->id, ipmi_plan_addr(snap), bmc_privilege_name(priv), name);
	change_plan_init(&p, "ipmi-user-add", summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	ipmi_plan_new_user(&p, snap, u->id, name, priv);
	*plan = p;
	return 0;
}

int
ipmi_plan_replace_default_admin(const struct ipmi_snapshot *snap,
    const char *newname, struct change_plan *plan, char **cause)
{
	const struct ipmi_user *admin;
	struct change_plan p;
	char *summary;
	int slot;

	if (ipmi_plan_quick_refuse(snap, cause) != 0)
		return -1;
	admin = ipmi_snapshot_find_name(snap, "ADMIN");
	if (admin == NULL) {
		set_cause(cause, "no user is named ADMIN on %s; nothing was "
		    "changed", ipmi_plan_addr(snap));
		return -1;
	}
	if (strcmp(newname, "ADMIN") == 0) {
		set_cause(cause, "the new administrator needs a name other "
		    "than ADMIN; nothing was changed");
		return -1;
	}
	if (ipmi_plan_name_refuse(snap, -1, newname, cause) != 0)
		return -1;
	if ((slot = ipmi_snapshot_first_free(snap)) < 0) {
		set_cause(cause, "no free user slot on %s for %s; nothing was "
		    "changed", ipmi_plan_addr(snap), newname);
		return -1;
	}
	summary = xasprintf("Replace ADMIN (slot %d) on %s: add administrator "
	    "%s in slot %d, log in as %s to verify, then disable ADMIN",
	    admin->id, ipmi_plan_addr(snap), newname, slot, newname);
	change_plan_init(&p, "ipmi-replace-default-admin", summary);
	free(summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	ipmi_plan_new_user(&p, snap, slot, newname, BMC_PRIV_ADMIN);
	ipmi_plan_step_enable(&p, snap, admin->id, 0, "only once the "
	    "verification above logged in");
	if (ipmi_plan_is_session_user(snap, admin))
		p.warning = xasprintf("this session logs in as ADMIN: log in "
		    "as %s from now on (-U %s)", newname, newname);
	*plan = p;
	return 0;
}

int
ipmi_plan_power(const struct ipmi_snapshot *snap, const char *action,
    struct change_plan *plan, char **cause)
{
	static const char *const actions[] = { "on", "off", "cycle", "reset",
		"soft" };
	static const char *const says[] = { "Power on", "Power off (hard)",
		"Power cycle", "Hard reset", "Soft shutdown (ACPI) of" };
	char *command, *summary, *shell, *quser;
	struct change_plan p;
	size_t i;

	for (i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		if (strcmp(action, actions[i]) == 0)
			break;
	}
	if (i == sizeof actions / sizeof actions[0]) {
		set_cause(cause, "unknown power action '%s'", action);
		return -1;
	}
	command = xasprintf("power-%s", actions[i]);
	summary = xasprintf("%s the server behind BMC %s (power now %s)",
	    says[i], ipmi_plan_addr(snap), ipmi_power_name(snap->power));
	change_plan_init(&p, command, summary);
	p.destructive = 1;
	p.stop_on_error = 1;
	quser = shell_quote(snap->session_user != NULL ? snap->session_user :
	    "");
	shell = xasprintf("ipmi-power -D LAN_2_0 -h %s -u %s -I %d --%s",
	    ipmi_plan_addr(snap), quser, snap->cipher_suite > 0 ?
	    snap->cipher_suite : BMC_CIPHER_DEFAULT, actions[i]);
	ipmi_plan_callv(&p, 0, "power", shell, NULL, "chassis-control",
	    actions[i], (const char *)NULL);
	free(shell);
	free(quser);
	free(summary);
	free(command);
	*plan = p;
	return 0;
}
