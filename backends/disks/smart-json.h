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

/*
 * One run of smartctl: its output, and how it ended (exit_status as the
 * process exited, or signo > 0 when a signal killed it). A killed smartctl
 * gives no data and the error "smartctl killed by signal N (SIGNAME)",
 * however much JSON it printed. Otherwise the output is parsed as by
 * smart_json_parse(), out->exit_status becomes the process's status OR'd
 * with the document's smartctl.exit_status, and when a bit is set
 * smart_exit_status_text() goes in out->error: as a note while out->valid
 * stays 1, or after the parser's own message when the output is no good.
 * Returns like smart_json_parse().
 */
int smart_json_parse_run(const char *json, size_t len, int exit_status,
                         int signo, struct smart_info *out, char **cause);
/*
 * smartctl's exit status in words, bit by bit as smartctl(8) documents it:
 * "smartctl exit status 8: SMART status DISK FAILING". Fresh; NULL for 0
 * or a status outside 0..255.
 */
char *smart_exit_status_text(int status);

/* The names of erc_state and smart_health: disk_erc_name() and
 * disk_health_name() in disk.h. */

#endif
