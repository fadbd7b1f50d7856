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

/* The default path (caller frees). */
char *config_default_path(void);
/* Apply text to o; bad lines become "SOURCE:LINE: message" in *errors.
 * Returns the number of bad lines. */
int config_parse(struct options *o, const char *source, const char *text,
    char ***errors, size_t *error_count);
/* Set one option by name (shared with the command line). 0, or -1 with
 * *cause. */
int config_set(struct options *o, const char *key, const char *value,
    char **cause);

#endif
