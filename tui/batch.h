/* Batch mode: --list PANEL [--json] and -c COMMAND, without a terminal. */
#ifndef RACKCON_BATCH_H
#define RACKCON_BATCH_H

struct app;

/* Print the panel's rows (a table, or a JSON array of objects with the
 * columns' keys). Returns the exit status. */
int batch_list(struct app *app, const char *panel, int json);
/* Run one command line through app_run_line() with the batch front end:
 * a change's plan is printed and runs with --yes (or when it is not
 * destructive), never with --dry-run; its result table goes to stdout,
 * errors to stderr. Returns the exit status: 0 done, 1 a step failed or
 * the panel could not be read, 2 refused or bad input. */
int batch_command(struct app *app, const char *line);

#endif
