/*
 * The parser of `mdadm --examine DEVICE` output, the form mdadm prints for
 * people (1.x and 0.90 metadata): one member's superblock, text in,
 * struct md_super out, no I/O.
 *
 * Callers: the raid plugin on a worker thread, the unit tests and the fuzz
 * target. No state of its own: any thread, several at once (the times are
 * read with mktime(), which reads the TZ environment variable).
 */
#ifndef RACKCON_MDADM_EXAMINE_H
#define RACKCON_MDADM_EXAMINE_H

#include "md.h"

/*
 * Parse text into *out (cleared first; free with md_super_clear). Lines
 * rackcon uses: "Array UUID" (1.x) or "UUID" (0.90), "Name" (1.x only),
 * "Creation Time", "Raid Level", "Raid Devices", "Update Time", "Events",
 * and the member's role: 1.x "Device Role : Active device 0", 0.90 the
 * "this  N  MAJ  MIN  RAIDDEV  STATE...  DEV" row of the device table.
 * mdadm's "(local to host H)" remark is dropped. Other lines are skipped.
 * Returns 0, or -1 with *cause ("line 7: malformed 'Events : x'") and *out
 * cleared, for a used line whose value is malformed or has control bytes,
 * two superblocks in one text, or no UUID at all (no superblock was read).
 */
int mdadm_examine_parse(const char *text, struct md_super *out, char **cause);

/*
 * A time as mdadm prints it, ctime(3) in the C locale less its newline:
 * "Sun Nov 22 03:12:45 2026", "Mon Nov  2 03:12:45 2026". It is the local
 * time of the machine mdadm ran on and is read in rackcon's own time zone
 * (mktime, daylight saving time left to the zone's rules), so the two must
 * agree. Returns 0 with *out seconds since the epoch (-1 for a time before
 * it), or -1 when s is not in that form or names no real date.
 */
int mdadm_ctime_parse(const char *s, long long *out);

#endif
