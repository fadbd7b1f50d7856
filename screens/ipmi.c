/* The IPMI panel: a BMC's user slots as `ipmitool user list` shows them, and its power. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bmc-target.h"
#include "cmd.h"
#include "ipmi-plan.h"
#include "ipmi.h"
#include "json-out.h"
#include "screen.h"
#include "strutil.h"

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
	buf_printf(b, "LAN channel %d: %d user ids, %d enabled, %zu "
	    "usable administrator(s)\n", s->channel, s->max_users,
	    s->enabled_users, ipmi_snapshot_admin_count(s));
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
	return IPMI(v)->error;
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

static const struct screen *const ipmi_lists[] = {
	&ipmi_users_list,
	&ipmi_power_list,
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
	.free_snapshot = ipmi_free_snapshot,
};
