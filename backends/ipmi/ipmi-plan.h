/*
 * Plans for the IPMI commands: validate against an ipmi_snapshot and build
 * the steps, each a library call the IPMI plugin's execute() makes
 * (STEP_CALL), shown and audited as the ipmitool or ipmi-power command
 * that does the same. Pure functions: no I/O, safe on the UI thread. Each
 * returns 0 with *plan filled, or -1 with *cause set to a message for the
 * admin and *plan untouched.
 *
 * A password never enters a plan as text: the plans that set one ask for
 * it (change_plan_want_secret: at most IPMI_PLAN_PASSWORD_MAX bytes, IPMI
 * 2.0's 20-byte passwords) and the front end hands it over with
 * change_plan_set_secret() just before the plan runs; the shell
 * equivalents say "<typed>" where it goes.
 *
 * The STEP_CALL argv the plugin reads (ipmi-plugin.c, ipmi_execute):
 *   user-set-name SLOT NAME
 *   user-set-password SLOT                  (the step's secret)
 *   user-enable SLOT, user-disable SLOT
 *   user-set-access CHANNEL SLOT PRIV MSG LINK CALLIN   (0/1 flags)
 *   verify-login SLOT NAME PRIV             (the step's secret: a fresh
 *                                            session with them)
 *   chassis-control on|off|cycle|reset|soft
 *
 * Lockout rules (ipmi-user-disable, ipmi-user-set-access): a change that
 * leaves the account this session logged in with, or the last usable
 * administrator, unable to log in as an administrator (disabled, IPMI
 * messaging off, privilege below ADMINISTRATOR) is refused, unless another
 * administrator's credentials were verified in this run
 * (snap->verified).
 */
#ifndef RACKCON_IPMI_PLAN_H
#define RACKCON_IPMI_PLAN_H

#include "change.h"
#include "ipmi.h"

#define IPMI_PLAN_NAME_MAX 16     /* user names: 16 bytes */
#define IPMI_PLAN_PASSWORD_MAX 20 /* IPMI 2.0 passwords: 20 bytes */

/* ipmi-user-rename SLOT NAME */
int ipmi_plan_rename(const struct ipmi_snapshot *snap, const char *slot,
    const char *name, struct change_plan *plan, char **cause);
/* ipmi-user-enable SLOT (enable 1) and ipmi-user-disable SLOT (0). */
int ipmi_plan_enable(const struct ipmi_snapshot *snap, const char *slot,
    int enable, struct change_plan *plan, char **cause);
/* ipmi-user-set-access SLOT PRIVILEGE [messaging=on|off] [link=on|off]
 * [callin=on|off]: opts are argc words after PRIVILEGE; what they do not
 * say keeps its value. */
int ipmi_plan_set_access(const struct ipmi_snapshot *snap, const char *slot,
    const char *privilege, int argc, char **opts, struct change_plan *plan,
    char **cause);
/* ipmi-user-set-password SLOT */
int ipmi_plan_set_password(const struct ipmi_snapshot *snap,
    const char *slot, struct change_plan *plan, char **cause);
/* ipmi-user-add SLOT NAME PRIVILEGE: name, password, access (link auth,
 * IPMI messaging, callin on), enable, then a verification login. */
int ipmi_plan_add(const struct ipmi_snapshot *snap, const char *slot,
    const char *name, const char *privilege, struct change_plan *plan,
    char **cause);
/* ipmi-replace-default-admin NEWNAME: NEWNAME as an administrator in the
 * first free slot, verified, then ADMIN disabled; stops (ADMIN left
 * enabled) when the verification fails. */
int ipmi_plan_replace_default_admin(const struct ipmi_snapshot *snap,
    const char *newname, struct change_plan *plan, char **cause);
/* power-on, power-off, power-cycle, power-reset, power-soft: action is
 * "on", "off", "cycle", "reset" or "soft". */
int ipmi_plan_power(const struct ipmi_snapshot *snap, const char *action,
    struct change_plan *plan, char **cause);

/* "admin", "administrator", "operator", "user", "callback", "oem",
 * "no-access" (any case) or the protocol number: the level, or -1. */
int ipmi_plan_privilege(const char *word);

#endif
