/* Batch mode: --list PANEL [--json] and -c COMMAND, without a terminal. */
#ifndef RACKCON_BATCH_H
#define RACKCON_BATCH_H

struct app;

/* Print the panel's rows (a table, or a JSON array of objects with the
 * columns' keys). Returns the exit status. */
int batch_list(struct app *app, const char *panel, int json);
/* Plan, show, and (with --yes, unless --dry-run) run one command. Returns
 * the exit status: 0 done, 1 a step failed, 2 refused or bad input. */
int batch_command(struct app *app, const char *line);

#endif
