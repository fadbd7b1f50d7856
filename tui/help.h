/* The help text: active key bindings and the command list, from the tables. */
#ifndef RACKCON_HELP_H
#define RACKCON_HELP_H

struct app;

/* Help for one command, or (command NULL) the bindings active in the
 * current panel and every command. Caller frees. */
char *help_text(struct app *app, const char *command);
/* The command list as plain text, for --help. Caller frees. */
char *help_commands(void);
/* The command list as man page (roff) text. Caller frees. */
char *help_commands_roff(void);

#endif
