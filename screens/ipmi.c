/* The IPMI panel: a BMC's user slots as `ipmitool user list` shows them, and its power. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bmc-target.h"
#include "cmd.h"
#include "ipmi-plan.h"
#include "ipmi-audit.h"
#include "ipmi.h"
#include "json-out.h"
#include "screen.h"
#include "strutil.h"
#include "xmalloc.h"

#define IPMI(v) ((const struct ipmi_snapshot *)(v)->snap)
#define USER(v, row) (&IPMI(v)->users[row])

enum {
	COL_ID,
	COL_NAME,
	COL_ENABLED,
	COL_CALLIN,
	COL_LINK_AUTH,
	COL_IPMI_MSG,
	COL_PRIV,
	COL_SLOT
};

/* ipmitool's titles and order; ENABLED, which ipmitool leaves out, after
 * NAME; SLOT ("used" or "empty") last, for the filter. */
static const struct column ipmi_columns[] = {
	[COL_ID] = { "id", "ID", 3, 1 },
	[COL_NAME] = { "name", "NAME", 16, 0 },
	[COL_ENABLED] = { "enabled", "ENABLED", 7, 0 },
	[COL_CALLIN] = { "callin", "CALLIN", 6, 0 },
	[COL_LINK_AUTH] = { "link_auth", "LINK AUTH", 9, 0 },
	[COL_IPMI_MSG] = { "ipmi_msg", "IPMI MSG", 8, 0 },
	[COL_PRIV] = { "channel_priv_limit", "CHANNEL PRIV LIMIT", 18, 0 },
	[COL_SLOT] = { "in_use", "SLOT", 5, 0 },
};

/* "2024-05-01 14:02:11", local time; "-" never read. */
static void
when_text(time_t when, char *out, size_t len)
{
	struct tm tm;

	if (when == 0 || localtime_r(&when, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(out, len, "-");
}

static size_t
ipmi_row_count(const struct view *v)
{
	return IPMI(v)->user_count;
}

/* The slot's id as text, for {sel}: "2". Ids are 1..63 (6 bits). */
static const char *
ipmi_row_name(const struct view *v, size_t row)
{
	static char names[64][4];
	int id = USER(v, row)->id;

	if (id < 0 || id > 63)
		return "?";
	if (names[id][0] == '\0')
		snprintf(names[id], sizeof names[id], "%d", id);
	return names[id];
}

/* A flag as ipmitool prints it ("true", "false"), JSON true/false. */
static void
flag_cell(int value, struct cell *out)
{
	if (value < 0)
		return;
	out->kind = CELL_BOOL;
	out->num = value;
	out->str = value ? "true" : "false";
}

static void
ipmi_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct ipmi_user *u = USER(v, row);

	memset(out, 0, sizeof *out);
	switch (col) {
	case COL_ID:
		out->kind = CELL_NUM;
		out->num = u->id;
		break;
	case COL_NAME:
		if (u->name != NULL) {
			out->kind = CELL_STR;
			out->str = u->name;
		} else
			out->str = "?";
		break;
	case COL_ENABLED:
		/* ipmi_sim, and some BMCs, answer "unspecified". */
		if (u->enabled >= 0) {
			out->kind = CELL_BOOL;
			out->num = u->enabled;
		} else if (u->error == NULL)
			out->str = "-";
		break;
	case COL_CALLIN:
		flag_cell(u->callin, out);
		break;
	case COL_LINK_AUTH:
		flag_cell(u->link_auth, out);
		break;
	case COL_IPMI_MSG:
		flag_cell(u->ipmi_msg, out);
		break;
	case COL_PRIV:
		if (u->priv_limit >= 0) {
			out->kind = CELL_STR;
			out->str = bmc_privilege_name(u->priv_limit);
		}
		break;
	case COL_SLOT:
		out->kind = CELL_BOOL;
		out->num = !u->empty;
		out->str = u->error != NULL ? "error" : u->empty ? "empty" :
		    "used";
		out->alert = u->error != NULL;
		break;
	}
}

/* A probe's verdict and time: "accepted (2026-12-05 18:00:00)". */
static void
probe_text(enum ipmi_probe p, time_t at, const char *yes, const char *no,
    char *out, size_t len)
{
	char when[32];

	when_text(at, when, sizeof when);
	if (p == IPMI_PROBE_NOT_RUN)
		snprintf(out, len, "not probed (ipmi-audit)");
	else
		snprintf(out, len, "%s (%s)", p == IPMI_PROBE_YES ? yes :
		    p == IPMI_PROBE_NO ? no : "no verdict", when);
}

/* The audit: badges, then what each says and when a probe found it. */
static void
detail_audit(const struct ipmi_snapshot *s, struct buf *b)
{
	const struct ipmi_audit *a = &s->audit;
	unsigned badges = ipmi_snapshot_badges(s);
	char c0[80], fac[80];

	probe_text(a->cipher0, a->cipher0_at, "ACCEPTED", "refused", c0,
	    sizeof c0);
	probe_text(a->factory, a->factory_at, "VALID", "none valid", fac,
	    sizeof fac);
	buf_printf(b, "Audit: %s; cipher 0 %s; factory logins %s%s%s%s\n",
	    badges != 0 ? ipmi_badges_text(badges) : "no findings", c0, fac,
	    a->factory_users != NULL ? " (" : "",
	    a->factory_users != NULL ? a->factory_users : "",
	    a->factory_users != NULL ? ")" : "");
	if (!a->authcap_read)
		buf_addstr(b, "  authentication capabilities not read\n");
	else
		buf_printf(b, "  null user: anonymous login %s, null user "
		    "names %s; IPMI 1.5 auth none %s, straight %s, md5 %s%s\n",
		    a->anonymous_login == 1 ? "ON" : "off",
		    a->null_usernames == 1 ? "ON" : "off",
		    a->auth_none == 1 ? "ON" : "off",
		    a->auth_straight == 1 ? "ON" : "off",
		    a->auth_md5 == 1 ? "on" : "off",
		    a->session_factory ? "; rackcon logged in with a "
		    "factory login" : "");
	if (a->probe_error != NULL)
		buf_printf(b, "  state file: %s\n", a->probe_error);
}

/* The BMC: address, session, power, channel and counts. */
static void
detail_bmc(const struct ipmi_snapshot *s, struct buf *b)
{
	char when[32];

	when_text(s->taken, when, sizeof when);
	buf_printf(b, "BMC %s: power %s; logged in as %s (%s), read %s\n",
	    s->address != NULL ? s->address : "?", ipmi_power_name(s->power),
	    s->session_user != NULL && *s->session_user != '\0' ?
	    s->session_user : "the null user",
	    bmc_privilege_name(s->session_priv), when);
	when_text(s->users_taken, when, sizeof when);
	buf_printf(b, "LAN channel %d: %d user ids, %d enabled, %zu "
	    "usable administrator(s), read %s\n", s->channel, s->max_users,
	    s->enabled_users, ipmi_snapshot_admin_count(s), when);
	detail_audit(s, b);
}

static void
ipmi_detail(const struct view *v, size_t row, struct buf *b)
{
	const struct ipmi_snapshot *s = IPMI(v);
	const struct ipmi_user *u = USER(v, row);

	detail_bmc(s, b);
	if (u->error != NULL) {
		buf_printf(b, "Slot %d: could not be read: %s\n", u->id,
		    u->error);
		return;
	}
	if (u->empty) {
		buf_printf(b, "Slot %d: empty%s\n", u->id, u->id == 1 ?
		    " (the null user, disabled)" : "");
		return;
	}
	buf_printf(b, "Slot %d: %s%s, %s, privilege limit %s, IPMI messaging "
	    "%s, link auth %s%s\n", u->id,
	    u->name != NULL && *u->name != '\0' ? u->name : "(no name)",
	    u->id == 1 ? " (the null user)" : "",
	    u->enabled == 1 ? "enabled" : u->enabled == 0 ? "disabled" :
	    "enable status unspecified",
	    bmc_privilege_name(u->priv_limit), u->ipmi_msg == 1 ? "on" : "off",
	    u->link_auth == 1 ? "on" : "off",
	    ipmi_user_usable(u) ? "" : "; cannot log in");
}

/* The protocol number beside the words, and a slot's error. */
static void
ipmi_json_extra(const struct view *v, size_t row, struct buf *b)
{
	const struct ipmi_user *u = USER(v, row);

	json_put_key(b, "priv_limit_level", 0);
	if (u->priv_limit >= 0)
		buf_printf(b, "%d", u->priv_limit);
	else
		buf_addstr(b, "null");
	json_put_key(b, "error", 0);
	json_put_string(b, u->error);
}

static const char *
ipmi_notice(const struct view *v)
{
	const struct ipmi_snapshot *s = IPMI(v);

	if (s->error == NULL && s->quick)
		return "reading the user slots";
	return s->error;
}

/* The tab bar: the audit's badges ("c0 dflt"). */
static const char *
ipmi_alert(const struct view *v)
{
	unsigned badges = ipmi_snapshot_badges(IPMI(v));

	return badges != 0 ? ipmi_badges_text(badges) : NULL;
}

static size_t
ipmi_alert_count(const struct view *v)
{
	unsigned badges = ipmi_snapshot_badges(IPMI(v));
	size_t n = 0;

	for (; badges != 0; badges >>= 1)
		n += badges & 1;
	return n;
}

/* --- ipmi-audit: the probes that log in ----------------------------- */

static int
ipmi_audit_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	const struct ipmi_snapshot *s = IPMI(v);
	const char *addr = s->address != NULL ? s->address : "?";
	const char *user = s->session_user != NULL ? s->session_user : "";
	char *summary, *shell, *pairs;
	char c0name[] = "ipmi-audit-cipher0", facname[] = "ipmi-audit-factory";
	char *c0[] = { c0name, NULL };
	char *fac[] = { facname, NULL };
	struct buf names = { 0 };
	size_t i;

	if (argc == 1 && strcmp(argv[0], addr) != 0) {
		set_cause(cause, "ipmi-audit: %s is not this host's BMC (%s); "
		    "name the host with -t HOST", argv[0], addr);
		return -1;
	}
	for (i = 0; i < ipmi_factory_login_count; i++)
		buf_printf(&names, "%s%s (%s)", i > 0 ? ", " : "",
		    ipmi_factory_logins[i].user, ipmi_factory_logins[i].vendor);
	pairs = names.data;
	summary = xasprintf("probe BMC %s: a login with cipher suite 0 and a "
	    "wrong password, then %zu factory logins: %s", addr,
	    ipmi_factory_login_count, pairs);
	change_plan_init(plan, "ipmi-audit", summary);
	free(summary);
	plan->destructive = 1;
	plan->warning = xasprintf("each probe is a login that fails on a BMC "
	    "that is not vulnerable: %zu failed logins at most, and some BMCs "
	    "lock an account after a few failed logins",
	    ipmi_factory_login_count + 1);
	shell = xasprintf("ipmi-power -D LAN_2_0 -h %s -u %s -I 0 "
	    "-p WRONG-PASSWORD --stat", addr, *user != '\0' ? user : "''");
	change_plan_add_call(plan, addr, c0, shell, "cipher suite 0: "
	    "accepted means the BMC checks no password");
	free(shell);
	shell = xasprintf("ipmi-power -D LAN_2_0 -h %s -u USER "
	    "-p FACTORY-PASSWORD --stat  # for each user above", addr);
	change_plan_add_call(plan, addr, fac, shell, "factory logins still "
	    "valid");
	free(shell);
	free(pairs);
	return 0;
}

/* --- --list ipmi-audit: the BMC's findings, one row ----------------- */

enum {
	ACOL_BMC,
	ACOL_BADGES,
	ACOL_CIPHER0,
	ACOL_CIPHER0_AT,
	ACOL_NULL,
	ACOL_ANON,
	ACOL_NULL_NAMES,
	ACOL_SLOT1,
	ACOL_AUTH_NONE,
	ACOL_AUTH_STRAIGHT,
	ACOL_AUTH_MD5,
	ACOL_FACTORY,
	ACOL_FACTORY_AT,
	ACOL_FACTORY_USERS,
	ACOL_SESSION_FACTORY
};

static const struct column audit_columns[] = {
	[ACOL_BMC] = { "bmc", "BMC", 22, 0 },
	[ACOL_BADGES] = { "badges", "BADGES", 16, 0 },
	[ACOL_CIPHER0] = { "cipher0_accepted", "C0", 5, 0 },
	[ACOL_CIPHER0_AT] = { "cipher0_probed_at", "C0 PROBED", 19, 0 },
	[ACOL_NULL] = { "null_user", "NULL", 5, 0 },
	[ACOL_ANON] = { "anonymous_login", "ANON", 5, 0 },
	[ACOL_NULL_NAMES] = { "null_usernames", "NULLNAMES", 9, 0 },
	[ACOL_SLOT1] = { "slot1_usable", "SLOT1", 5, 0 },
	[ACOL_AUTH_NONE] = { "ipmi15_auth_none", "1.5NONE", 7, 0 },
	[ACOL_AUTH_STRAIGHT] = { "ipmi15_auth_straight", "1.5PW", 5, 0 },
	[ACOL_AUTH_MD5] = { "ipmi15_auth_md5", "1.5MD5", 6, 0 },
	[ACOL_FACTORY] = { "factory_login_valid", "DFLT", 5, 0 },
	[ACOL_FACTORY_AT] = { "factory_probed_at", "DFLT PROBED", 19, 0 },
	[ACOL_FACTORY_USERS] = { "factory_users", "DFLT USERS", 16, 0 },
	[ACOL_SESSION_FACTORY] = { "session_factory_login", "OWN", 5, 0 },
};

/* A flag that may be unknown (-1: null). */
static void
tri_cell(int value, struct cell *out)
{
	if (value >= 0)
		flag_cell(value, out);
}

/* A probe: true, false, or null (not run, or no verdict). */
static void
probe_cell(enum ipmi_probe p, struct cell *out)
{
	if (p == IPMI_PROBE_YES || p == IPMI_PROBE_NO)
		flag_cell(p == IPMI_PROBE_YES, out);
	else
		out->str = p == IPMI_PROBE_ERROR ? "error" : "-";
	out->alert = p == IPMI_PROBE_YES;
}

static void
time_cell(time_t at, struct cell *out)
{
	if (at == 0)
		return;
	out->kind = CELL_NUM;
	out->num = (long long)at;
	when_text(at, out->text, sizeof out->text);
	out->str = out->text;
}

static void
audit_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct ipmi_snapshot *s = IPMI(v);
	const struct ipmi_audit *a = &s->audit;
	const struct ipmi_user *slot1 = ipmi_snapshot_find(s, 1);
	unsigned badges = ipmi_snapshot_badges(s);

	(void)row;
	memset(out, 0, sizeof *out);
	switch (col) {
	case ACOL_BMC:
		out->kind = CELL_STR;
		out->str = s->address;
		break;
	case ACOL_BADGES:
		out->kind = CELL_STR;
		out->str = ipmi_badges_text(badges);
		out->alert = badges != 0;
		break;
	case ACOL_CIPHER0:
		probe_cell(a->cipher0, out);
		break;
	case ACOL_CIPHER0_AT:
		time_cell(a->cipher0_at, out);
		break;
	case ACOL_NULL:
		flag_cell((badges & IPMI_BADGE_NULL) != 0, out);
		out->alert = (badges & IPMI_BADGE_NULL) != 0;
		break;
	case ACOL_ANON:
		tri_cell(a->anonymous_login, out);
		break;
	case ACOL_NULL_NAMES:
		tri_cell(a->null_usernames, out);
		break;
	case ACOL_SLOT1:
		if (slot1 != NULL && slot1->error == NULL)
			flag_cell(ipmi_user_usable(slot1), out);
		break;
	case ACOL_AUTH_NONE:
		tri_cell(a->auth_none, out);
		break;
	case ACOL_AUTH_STRAIGHT:
		tri_cell(a->auth_straight, out);
		break;
	case ACOL_AUTH_MD5:
		tri_cell(a->auth_md5, out);
		break;
	case ACOL_FACTORY:
		probe_cell(a->factory, out);
		break;
	case ACOL_FACTORY_AT:
		time_cell(a->factory_at, out);
		break;
	case ACOL_FACTORY_USERS:
		if (a->factory_users != NULL) {
			out->kind = CELL_STR;
			out->str = a->factory_users;
		}
		break;
	case ACOL_SESSION_FACTORY:
		flag_cell(a->session_factory, out);
		out->alert = a->session_factory;
		break;
	}
}

static void
ipmi_free_snapshot(void *snap)
{
	ipmi_snapshot_free(snap);
}

/* --- --list ipmi-power: the BMC, one row ----------------------------- */

enum {
	PCOL_BMC,
	PCOL_POWER,
	PCOL_REACHABLE,
	PCOL_USER,
	PCOL_PRIV,
	PCOL_CHANNEL,
	PCOL_MAX,
	PCOL_ENABLED,
	PCOL_READ
};

static const struct column power_columns[] = {
	[PCOL_BMC] = { "bmc", "BMC", 22, 0 },
	[PCOL_POWER] = { "power", "POWER", 7, 0 },
	[PCOL_REACHABLE] = { "reachable", "REACH", 5, 0 },
	[PCOL_USER] = { "session_user", "USER", 16, 0 },
	[PCOL_PRIV] = { "session_privilege", "PRIVILEGE", 13, 0 },
	[PCOL_CHANNEL] = { "channel", "CHAN", 4, 1 },
	[PCOL_MAX] = { "max_users", "MAX", 3, 1 },
	[PCOL_ENABLED] = { "enabled_users", "ENABLED", 7, 1 },
	[PCOL_READ] = { "read_at", "READ", 19, 0 },
};

static size_t
power_row_count(const struct view *v)
{
	(void)v;
	return 1;
}

static const char *
power_row_name(const struct view *v, size_t row)
{
	(void)row;
	return IPMI(v)->address != NULL ? IPMI(v)->address : "?";
}

static void
power_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct ipmi_snapshot *s = IPMI(v);

	(void)row;
	memset(out, 0, sizeof *out);
	switch (col) {
	case PCOL_BMC:
		out->kind = CELL_STR;
		out->str = s->address;
		break;
	case PCOL_POWER:
		if (s->power != IPMI_POWER_UNKNOWN) {
			out->kind = CELL_STR;
			out->str = ipmi_power_name(s->power);
		}
		break;
	case PCOL_REACHABLE:
		out->kind = CELL_BOOL;
		out->num = s->reachable;
		break;
	case PCOL_USER:
		out->kind = CELL_STR;
		out->str = s->session_user;
		break;
	case PCOL_PRIV:
		out->kind = CELL_STR;
		out->str = bmc_privilege_name(s->session_priv);
		break;
	case PCOL_CHANNEL:
		out->kind = CELL_NUM;
		out->num = s->channel;
		break;
	case PCOL_MAX:
	case PCOL_ENABLED:
		out->num = col == PCOL_MAX ? s->max_users : s->enabled_users;
		out->kind = out->num >= 0 ? CELL_NUM : CELL_NONE;
		break;
	case PCOL_READ:
		/* JSON: seconds since the epoch; on screen the time. */
		out->kind = CELL_NUM;
		out->num = (long long)s->taken;
		when_text(s->taken, out->text, sizeof out->text);
		out->str = out->text;
		break;
	}
}

/* --- commands: users, channel access, power ------------------------- */

static int
ipmi_rename_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_rename(v->snap, argv[0], argv[1], plan, cause);
}

static int
ipmi_enable_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_enable(v->snap, argv[0], 1, plan, cause);
}

static int
ipmi_disable_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_enable(v->snap, argv[0], 0, plan, cause);
}

static int
ipmi_set_access_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return ipmi_plan_set_access(v->snap, argv[0], argv[1], argc - 2,
	    argv + 2, plan, cause);
}

static int
ipmi_set_password_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_set_password(v->snap, argv[0], plan, cause);
}

static int
ipmi_add_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_add(v->snap, argv[0], argv[1], argv[2], plan, cause);
}

static int
ipmi_replace_admin_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	(void)argc;
	return ipmi_plan_replace_default_admin(v->snap, argv[0], plan, cause);
}

#define POWER_PLAN(fn, word) \
	static int \
	fn(const struct view *v, int argc, char **argv, \
	    struct change_plan *plan, char **cause) \
	{ \
		(void)argc; \
		(void)argv; \
		return ipmi_plan_power(v->snap, word, plan, cause); \
	}
POWER_PLAN(ipmi_power_on_plan, "on")
POWER_PLAN(ipmi_power_off_plan, "off")
POWER_PLAN(ipmi_power_cycle_plan, "cycle")
POWER_PLAN(ipmi_power_reset_plan, "reset")
POWER_PLAN(ipmi_power_soft_plan, "soft")

#define IPMI_CMD(n, a, mn, mx, h, fn, ...) \
	{ .name = n, .args = a, .help = h, .flags = CMD_CHANGES, \
	  .min_args = mn, .max_args = mx, .panel = "ipmi", .plan = fn, \
	  .arg = { __VA_ARGS__ } }
#define SLOT_ARG { ARG_ROW, "User slot", 0 }
#define PRIV_ARG { ARG_VALUE, "Privilege", 1 }

static const struct command ipmi_commands[] = {
	IPMI_CMD("ipmi-user-add", "SLOT NAME PRIVILEGE", 3, 3,
	    "add a user: name, password typed twice, access, enable, then "
	    "a login to verify it", ipmi_add_plan, SLOT_ARG,
	    { ARG_NONE, "Name (at most 16 bytes)", 0 }, PRIV_ARG),
	IPMI_CMD("ipmi-user-rename", "SLOT NAME", 2, 2,
	    "rename a user (ipmitool user set name)", ipmi_rename_plan,
	    SLOT_ARG, { ARG_NONE, "New name (at most 16 bytes)", 0 }),
	IPMI_CMD("ipmi-user-enable", "SLOT", 1, 1,
	    "enable a user (ipmitool user enable)", ipmi_enable_plan,
	    SLOT_ARG),
	IPMI_CMD("ipmi-user-disable", "SLOT", 1, 1,
	    "disable a user (ipmitool user disable); refused when it "
	    "would lock you out", ipmi_disable_plan, SLOT_ARG),
	IPMI_CMD("ipmi-user-set-access",
	    "SLOT PRIVILEGE [messaging=on|off] [link=on|off] [callin=on|off]",
	    2, 5, "set a user's channel access (ipmitool channel setaccess)",
	    ipmi_set_access_plan, SLOT_ARG, PRIV_ARG),
	IPMI_CMD("ipmi-user-set-password", "SLOT", 1, 1,
	    "set a user's password, typed twice (at most 20 bytes)",
	    ipmi_set_password_plan, SLOT_ARG),
	IPMI_CMD("ipmi-replace-default-admin", "NEWNAME", 1, 1,
	    "add NEWNAME as administrator, verify its login, then disable "
	    "ADMIN", ipmi_replace_admin_plan,
	    { ARG_NONE, "New administrator's name", 0 }),
	IPMI_CMD("power-on", "", 0, 0, "power the server on (ipmi-power --on)",
	    ipmi_power_on_plan),
	IPMI_CMD("power-off", "", 0, 0,
	    "power the server off at once (ipmi-power --off)",
	    ipmi_power_off_plan),
	IPMI_CMD("power-cycle", "", 0, 0,
	    "power off, then on (ipmi-power --cycle)", ipmi_power_cycle_plan),
	IPMI_CMD("power-reset", "", 0, 0, "hard reset (ipmi-power --reset)",
	    ipmi_power_reset_plan),
	IPMI_CMD("power-soft", "", 0, 0,
	    "ask the OS to shut down (ACPI; ipmi-power --soft)",
	    ipmi_power_soft_plan),
	IPMI_CMD("ipmi-audit", "[BMC]", 0, 1,
	    "probe the BMC: cipher suite 0 with a wrong password and the "
	    "factory logins (logins that may lock accounts)",
	    ipmi_audit_plan, { ARG_NONE, "BMC address", 0 }),
};

/* The privileges a user may be given. */
static void
ipmi_values(const struct view *v, const char *command, int arg, char **argv,
    struct choice_list *out)
{
	(void)v;
	(void)argv;
	if ((strcmp(command, "ipmi-user-add") == 0 && arg == 2) ||
	    (strcmp(command, "ipmi-user-set-access") == 0 && arg == 1)) {
		choice_push(out, "admin", "ADMINISTRATOR");
		choice_push(out, "operator", "OPERATOR");
		choice_push(out, "user", "USER");
		choice_push(out, "callback", "CALLBACK");
		choice_push(out, "no-access", "NO ACCESS");
	}
}

static const struct screen ipmi_power_list = {
	.name = "ipmi-power",
	.plugin = "ipmi",
	.model = IPMI_MODEL,
	.model_version = IPMI_MODEL_VERSION,
	.title = "IPMI power",
	.columns = power_columns,
	.column_count = sizeof power_columns / sizeof power_columns[0],
	.row_count = power_row_count,
	.row_name = power_row_name,
	.cell = power_cell,
};

static const struct screen ipmi_users_list = {
	.name = "ipmi-users",
	.plugin = "ipmi",
	.model = IPMI_MODEL,
	.model_version = IPMI_MODEL_VERSION,
	.title = "IPMI users",
	.columns = ipmi_columns,
	.column_count = sizeof ipmi_columns / sizeof ipmi_columns[0],
	.row_count = ipmi_row_count,
	.row_name = ipmi_row_name,
	.cell = ipmi_cell,
	.json_extra = ipmi_json_extra,
	.notice = ipmi_notice,
};

static const struct screen ipmi_audit_list = {
	.name = "ipmi-audit",
	.plugin = "ipmi",
	.model = IPMI_MODEL,
	.model_version = IPMI_MODEL_VERSION,
	.title = "IPMI audit",
	.columns = audit_columns,
	.column_count = sizeof audit_columns / sizeof audit_columns[0],
	.row_count = power_row_count,
	.row_name = power_row_name,
	.cell = audit_cell,
};

static const struct screen *const ipmi_lists[] = {
	&ipmi_users_list,
	&ipmi_power_list,
	&ipmi_audit_list,
};

const struct screen ipmi_screen = {
	.name = "ipmi",
	.plugin = "ipmi",
	.model = IPMI_MODEL,
	.model_version = IPMI_MODEL_VERSION,
	.title = "IPMI",
	.needs = SCREEN_NEEDS_BMC,
	.commands = ipmi_commands,
	.command_count = sizeof ipmi_commands / sizeof ipmi_commands[0],
	.values = ipmi_values,
	.columns = ipmi_columns,
	.column_count = sizeof ipmi_columns / sizeof ipmi_columns[0],
	.lists = ipmi_lists,
	.list_count = sizeof ipmi_lists / sizeof ipmi_lists[0],
	.row_count = ipmi_row_count,
	.row_name = ipmi_row_name,
	.cell = ipmi_cell,
	.detail = ipmi_detail,
	.json_extra = ipmi_json_extra,
	.notice = ipmi_notice,
	.alert = ipmi_alert,
	.alert_count = ipmi_alert_count,
	.free_snapshot = ipmi_free_snapshot,
};
