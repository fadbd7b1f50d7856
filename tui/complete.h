/*
 * Tab completion for the `:` prompt, and the values an argument may take
 * (also what pickers and form choice lists offer). Data-driven: each
 * command's arguments declare their kind in the command table (cmd.h); the
 * panel's screen offers the values of ARG_VALUE arguments. No curses.
 *
 * UI thread (reads the panels' current snapshots). Results are fresh:
 * free with choice_list_free() / completion_free().
 */
#ifndef RACKCON_COMPLETE_H
#define RACKCON_COMPLETE_H

#include <stddef.h>

#include "screen.h"

struct app;
struct command;

/* The values argument arg (0-based) of cmd may take, given its arguments
 * before it (argv[0..arg-1]), appended to out. */
void complete_values(struct app *app, const struct command *cmd, int arg,
    char **argv, struct choice_list *out);

struct completion {
	size_t start;         /* where the word being completed begins */
	struct choice_list found; /* the values that start with it */
	char *common;         /* their longest common start, unquoted */
};

/* Complete the last word of text (the prompt's text before the cursor). */
void complete_line(struct app *app, const char *text, struct completion *c);
/* text with the word replaced by the common start, quoted as the command
 * line needs, and a blank after it when it was the only match. Fresh. */
char *completion_apply(const char *text, const struct completion *c);
void completion_free(struct completion *c);

#endif
