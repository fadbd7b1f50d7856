/*
 * The /proc/mdstat parser: text in, md_array structs out, no I/O.
 *
 * Callers: the raid plugin on a worker thread, the unit tests and the fuzz
 * target. Nothing here keeps state, so any thread may call any function,
 * several at once.
 */
#ifndef RACKCON_MDSTAT_H
#define RACKCON_MDSTAT_H

#include "md.h"

/*
 * Parse /proc/mdstat text into out->arrays, out->count and
 * out->personalities; out's other fields are left alone, and those three
 * must be empty on entry. Arrays keep the file's order and members the
 * order of their line (sort them with md_snapshot_sort() and
 * md_array_sort_members()). Lines before the first array may be blank
 * (samples embedded in other projects' tests start with one); the "unused
 * devices" line and unknown lines inside an array are skipped.
 *
 * Returns 0, or -1 with *cause ("line 3: md127: member 'sdj2[1](Z)' has an
 * unknown flag") and nothing added to out, for: an array line that is not
 * "NAME : active|inactive ...", an array or member name that is not a
 * kernel device name (md_name_valid: "../x", control characters), a
 * member that is not "name[N]" with
 * (W)(J)(F)(S)(R) flags, an array without its "N blocks" line (or with a
 * blank line before it), a malformed "[n/m] [U_]" pair, progress line,
 * "resync=" state or Personalities line, a continuation line outside any
 * array, or an array listed twice.
 */
int mdstat_parse(const char *text, struct md_snapshot *out, char **cause);

/*
 * One progress line, trimmed or not: "[=>....]  recovery =  8.5%
 * (16775552/195310144) finish=17.0min speed=259783K/sec". finish= and
 * speed= may be absent (left -1). Returns 0 with *p filled (valid 1, a
 * fresh action), or -1 with *cause and *p cleared. p must be cleared
 * (md_progress_clear) or zeroed on entry.
 */
int mdstat_parse_progress(const char *line, struct md_progress *p,
    char **cause);

/*
 * The figures prometheus/procfs (and telegraf, its ancestor) derive from
 * /proc/mdstat for one array, computed from an array as mdstat_parse()
 * made it (before sysfs changes it):
 * - type: the level, or "unknown";
 * - activity_state: "recovering", "reshaping", "checking", "repairing" or
 *   "resyncing" while such a line (or resync=DELAYED/PENDING) is shown,
 *   else "inactive" or "active";
 * - disks: raid0 and linear count every member as active and total;
 *   inactive arrays have 0 active, total and down; others take [n/m] and
 *   down = n - m; failed and spare count (F) and (S) members;
 * - blocks (1 KiB): total is the array's size; synced and to_be_synced are
 *   the progress line's pair, synced is 0 when DELAYED or PENDING, and
 *   both are the size when nothing runs;
 * - synced_pct, finish_min and speed_kib_s from the progress line, else 0.
 */
struct mdstat_figures {
	const char *type;            /* static or a's own string */
	const char *activity_state;  /* static */
	long long disks_active;
	long long disks_total;
	long long disks_failed;
	long long disks_down;
	long long disks_spare;
	long long blocks_total;
	long long blocks_synced;
	long long blocks_to_be_synced;
	double synced_pct;
	double finish_min;
	double speed_kib_s;
};

void mdstat_figures(const struct md_array *a, struct mdstat_figures *f);
/* Members as mdstat lists them: "sdb2[2](F) sdc[1](S) sda2[0]". Fresh. */
char *mdstat_devices_text(const struct md_array *a);

#endif
