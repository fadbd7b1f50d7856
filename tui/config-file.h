/*
 * The config file: $XDG_CONFIG_HOME/rackcon/config (~/.config/rackcon/config)
 * or --config FILE. One `key = value` per line, `#` starts a comment.
 * Keys (each also a command-line option of the same name):
 *   refresh = SECONDS          screen refresh interval (default 2)
 *   keymap = NAME|FILE         default, vi, emacs, or a file
 *   panel = NAME               the panel to open on
 *   read-only = yes|no         refuse every change
 *   no-color = yes|no          no colours (NO_COLOR in the environment too)
 *   smart-interval = SECONDS   how often SMART is re-read (default 300)
 *   command-timeout = SECONDS  deadline for each program run (default 30)
 *   audit-log = FILE           where changes are logged
 *   escape-delay = MS|auto     how long to wait for the rest of an escape
 *                              sequence (auto: by the line speed)
 */
#ifndef RACKCON_CONFIG_FILE_H
#define RACKCON_CONFIG_FILE_H

#include <stddef.h>

struct options;

#define CONFIG_MAX_SIZE (16u << 20) /* bytes */

/* The default path (caller frees). */
char *config_default_path(void);
/*
 * Read the config file at path into *text (caller frees), refusing what
 * could have been written by someone else (as OpenSSH does): a file that
 * is not a regular file, is owned by neither the user nor root, or is
 * group- or world-writable; and one over CONFIG_MAX_SIZE, never read in
 * part. 0; 1 when it does not exist and !required (*text NULL); -1 with
 * *cause. Start-up only (main thread, before the UI).
 */
int config_read(const char *path, int required, char **text, char **cause);
/* Apply text to o; bad lines become "SOURCE:LINE: message" in *errors.
 * Returns the number of bad lines. */
int config_parse(struct options *o, const char *source, const char *text,
    char ***errors, size_t *error_count);
/* Set one option by name (shared with the command line). 0, or -1 with
 * *cause. */
int config_set(struct options *o, const char *key, const char *value,
    char **cause);

#endif
