/*
 * Parser for `smartctl --json` output: one document into a struct smart_info.
 *
 * Callers: the disks plugin's worker, after it has run smartctl through a
 * transport; tests and the fuzz target. It never blocks and keeps no state,
 * so any thread may call it, several at once on different structs.
 *
 * Memory: the caller passes *out zeroed; every string put into it is a fresh
 * copy that the caller frees with smart_info_clear(). *cause, when set, is a
 * fresh message the caller frees (cause may be NULL; *cause must start NULL
 * or hold an earlier message, which is freed).
 */
#ifndef RACKCON_SMART_JSON_H
#define RACKCON_SMART_JSON_H

#include <stddef.h>

#include "disk.h"

/*
 * Parse len bytes of json (need not be NUL-terminated). Returns 0 with
 * out->valid = 1 when it is a smartctl JSON object; fields the document does
 * not give stay unknown (-1, NULL, SMART_HEALTH_UNKNOWN, ERC_UNKNOWN).
 * Returns -1 with *cause set, out->valid = 0 and out->error a copy of the
 * message for empty input, malformed or truncated JSON, a document that is
 * not smartctl output, or a run where smartctl could not open or identify
 * the device (exit status bit 0 or 1; the message quotes smartctl's own).
 */
int smart_json_parse(const char *json, size_t len, struct smart_info *out,
                     char **cause);

/* "unknown", "unsupported", "disabled", "enabled". Static strings. */
const char *erc_state_name(enum erc_state state);
/* "-", "PASSED", "FAILED". Static strings. */
const char *smart_health_name(enum smart_health health);

#endif
