/*
 * The IPMI security audit's parts that need no FreeIPMI: the
 * pre-session Get Channel Authentication Capabilities request and its
 * answer, the list of factory logins, and the state file that keeps the
 * probes' results per BMC address.
 *
 * Linked into rackcon (the IPMI panel, --list ipmi-audit); the IPMI plugin
 * (ipmi.so) calls these through rackcon's exported symbols on its worker
 * threads. Every function is reentrant; none keeps state. No curses.
 *
 * The state file, $XDG_STATE_HOME/rackcon/ipmi-audit/ADDRESS (the folder
 * audit.c keeps audit.log in; ADDRESS with every byte but letters, digits
 * and .:-[] as '_'), 0600, in a 0700 folder, one line per probe:
 *
 *   cipher0 1733420000 yes
 *   factory 1733420000 yes ADMIN root
 *
 * the probe, when it ran (seconds since the epoch), yes / no / error, and
 * for factory the user names that logged in with their factory password
 * (never a password). Lines starting with '#' and unknown probes are
 * skipped; a malformed line is skipped, never fatal.
 */
#ifndef RACKCON_IPMI_AUDIT_H
#define RACKCON_IPMI_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "ipmi.h"

/* A well-known vendor login, and who ships it. */
struct ipmi_factory_login {
	const char *user;
	const char *password;
	const char *vendor;
};
extern const struct ipmi_factory_login ipmi_factory_logins[];
extern const size_t ipmi_factory_login_count;
/* Whether user/password is one of the factory logins (in memory only;
 * user NULL is the null user, which is never one). */
int ipmi_factory_match(const char *user, const char *password);

/* The RMCP packet of a pre-session Get Channel Authentication
 * Capabilities (current channel, IPMI 2.0 extended data, ADMIN) into buf
 * (at least 23 bytes); its length. */
size_t ipmi_authcap_request(uint8_t *buf, size_t len);
/* Parse the BMC's answer into a's authcap_* fields. 0, or -1 with *cause
 * (not an answer to that request, a completion code, truncated). */
int ipmi_authcap_parse(const uint8_t *pkt, size_t len,
    struct ipmi_audit *a, char **cause);

/* The state file's path for address (NULL when no state folder is
 * known). Fresh. */
char *ipmi_audit_state_path(const char *address);
/* Parse the state file's text into a's probe fields (cipher0, factory,
 * their times and factory_users); lines it cannot read are skipped. */
void ipmi_audit_state_parse(const char *text, size_t len,
    struct ipmi_audit *a);
/* The state file's text for a's probes. Fresh. */
char *ipmi_audit_state_format(const struct ipmi_audit *a);
/* Read address's state file into a (a missing file: nothing probed).
 * Worker threads (I/O). 0, or -1 with *cause. */
int ipmi_audit_state_load(const char *address, struct ipmi_audit *a,
    char **cause);
/* Write a's probes as address's state file (a new file renamed over the
 * old, so a reader sees the old or the new). Worker threads. 0, or -1
 * with *cause. */
int ipmi_audit_state_store(const char *address, const struct ipmi_audit *a,
    char **cause);

#endif
