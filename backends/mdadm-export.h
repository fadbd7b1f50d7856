/*
 * The parser of `mdadm --examine --export DEVICE` output (KEY=VALUE lines
 * from a member's superblock): text in, struct md_super out, no I/O.
 *
 * Callers: the raid plugin on a worker thread, the unit tests and the fuzz
 * target. No state: any thread, several at once.
 */
#ifndef RACKCON_MDADM_EXPORT_H
#define RACKCON_MDADM_EXPORT_H

#include "md.h"

/*
 * Parse text into *out (cleared first; free with md_super_clear). Keys
 * rackcon uses: MD_LEVEL, MD_DEVICES, MD_UUID, MD_NAME (1.x only),
 * MD_EVENTS, MD_UPDATE_TIME; other MD_* keys are skipped. Returns 0, or -1
 * with *cause ("line 2: 'garbage' is not KEY=VALUE") and *out cleared, for
 * a line that is not MD_KEY=VALUE, a value with control bytes, a malformed
 * number or UUID, or no MD_UUID at all (no superblock was read).
 */
int mdadm_export_parse(const char *text, struct md_super *out, char **cause);

#endif
