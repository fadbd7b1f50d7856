/*
 * The audit log: every change rackcon makes, one line each, appended to
 * $XDG_STATE_HOME/rackcon/audit.log (~/.local/state/rackcon/audit.log) and
 * sent to syslog (LOG_USER | LOG_NOTICE, ident "rackcon", with the pid).
 * Directories are created 0700 and the file 0600 when missing; the file is
 * never followed through a symbolic link.
 *
 * One line per entry:
 *
 *   2026-11-22T03:50:00Z user=root target=sdb command="disk-set-timeout sdb
 *   180" shell="echo 180 > /sys/block/sdb/device/timeout" result="ok"
 *
 * (one line in the file; wrapped here). The time is UTC. user is the
 * effective user's name, or its uid number when it has none. user and target
 * are bare words when they hold only letters, digits and ._:/@+,- and are
 * quoted like the others otherwise. command, shell and result are always
 * double-quoted, with \" for a quote, \\ for a backslash, \n, \r and \t for
 * those controls and \xHH for any other control byte, so a multi-line shell
 * command (a here-document) stays on one line. result is "ok" or
 * "failed: reason". syslog gets the same line without the time.
 *
 * Secrets: the API takes none. Callers pass rackcon commands and their
 * shell equivalents, which never hold a password (secrets travel on stdin
 * or in files, never on an argv), so nothing secret can reach the log.
 *
 * Thread-safe: workers call audit_record() concurrently. Each entry is one
 * write() to a descriptor opened with O_APPEND, so lines from several
 * threads or rackcon processes never interleave.
 */
#ifndef RACKCON_AUDIT_H
#define RACKCON_AUDIT_H

/* Use path instead of the default (tests, --audit-log). NULL: default. */
void audit_set_path(const char *path);
/* The path in use; caller frees. NULL when neither $XDG_STATE_HOME nor a
 * home directory is known. */
char *audit_path(void);
/* Send entries to syslog too (the default), or not (unit tests). */
void audit_set_syslog(int enable);
/* Append one entry. Returns 0, or -1 when the file could not be written
 * (syslog still gets the entry). */
int audit_record(const char *target, const char *command, const char *shell,
    const char *result);

#endif
