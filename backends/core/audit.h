/*
 * The audit log: every change step rackcon runs, one entry each, appended to
 * $XDG_STATE_HOME/rackcon/audit.log (~/.local/state/rackcon/audit.log) and
 * sent to syslog (LOG_USER | LOG_NOTICE, ident "rackcon", with the pid).
 * Directories are created 0700 and the file 0600 when missing. The file is
 * opened without following a symbolic link and without blocking, and only
 * a regular file is written (not a FIFO, a device or a directory).
 *
 * One line per entry:
 *
 *   2026-11-22T03:50:00Z user=root host=local sysroot=/ target=sdb
 *   command="disk-set-timeout sdb 180"
 *   shell="echo 180 > /sys/block/sdb/device/timeout" result="ok"
 *
 * (one line in the file; wrapped here). The time is UTC. user is the
 * effective user's name, or its uid number when it has none. host is the
 * host the change acted on (its inventory name; "local" without an
 * inventory). sysroot is
 * the fixture tree the change went to (--sysroot), "/" for this machine.
 * user, host, sysroot and target are bare words when they hold only letters,
 * digits and ._:/@+,- and are quoted like the others otherwise. command,
 * shell and result are always double-quoted, with \" for a quote, \\ for a
 * backslash, \n, \r and \t for those controls and \xHH for any other
 * control byte. result is "ok" or "failed: reason".
 *
 * A shell command of several lines (a here-document) keeps its first line
 * in shell="..." and the entry ends with " more=N"; its other N lines
 * follow, each on a line of its own starting with a tab, escaped the same
 * way except that quotes stay as they are:
 *
 *   2026-11-22T03:50:00Z user=root host=local sysroot=/ target=udev-rule
 *   command="disks-raid-safe-timeouts --udev-rule" shell="(set -C; cat >
 *   /etc/udev/rules.d/60-rackcon-raid-timeouts.rules) <<'EOF'" result="ok"
 *   more=3
 *   <TAB># Written by rackcon (disks-raid-safe-timeouts).
 *   <TAB>ACTION=="add", ...
 *   <TAB>EOF
 *
 * So every line that does not start with a tab starts an entry. syslog gets
 * the whole entry on one line, without the time, the shell fully escaped.
 *
 * Secrets: the API takes none. Callers pass rackcon commands and their
 * shell equivalents, which never hold a password (secrets travel on stdin
 * or in files, never on an argv), so nothing secret can reach the log.
 *
 * Thread-safe: workers call audit_record() concurrently. Each entry is one
 * write() to a descriptor opened with O_APPEND, so entries from several
 * threads or rackcon processes never interleave; an entry that does not fit
 * (a full disk) is cut back off, so it is there whole or not at all.
 */
#ifndef RACKCON_AUDIT_H
#define RACKCON_AUDIT_H

/* Use path instead of the default (tests, --audit-log). NULL: default. */
void audit_set_path(const char *path);
/* The path in use; caller frees. NULL when neither $XDG_STATE_HOME nor a
 * home directory is known. */
char *audit_path(void);
/* Write the file (the default), or not (--no-audit: syslog only, and
 * audit_check() and audit_record() succeed without it). */
void audit_set_file(int enable);
/* Send entries to syslog too (the default), or not (unit tests). */
void audit_set_syslog(int enable);
/*
 * Whether an entry can be written now: the file opens as audit_record()
 * opens it (created when missing) and its file system has room. 0, or -1
 * with *cause ("cannot write the audit log: PATH is a FIFO, not a regular
 * file"). Worker threads (it does I/O), before a change runs.
 */
int audit_check(char **cause);
/*
 * Append one entry. host names the host (NULL: "local"); where is the
 * sysroot (NULL or "/" for this machine); the others may be NULL. Returns 0, or -1 with *cause (may be NULL) when
 * the file could not be written (syslog still gets the entry).
 */
int audit_record(const char *host, const char *where, const char *target,
    const char *command, const char *shell, const char *result, char **cause);

#endif
