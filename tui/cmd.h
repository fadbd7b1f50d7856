/*
 * The command table: every action rackcon can take has a name here. Three
 * doors lead to it: a key bound in a keymap, the `:` prompt, and
 * `rackcon -c 'COMMAND ARGS'`. The help screen, --help and the man page's
 * list come from the same table.
 *
 * A command either changes the machine (CMD_CHANGES: it builds a change
 * plan from the panel's snapshot; the caller shows the plan, asks, runs it on
 * a worker and audits it) or acts on the UI (run()).
 */
#ifndef RACKCON_CMD_H
#define RACKCON_CMD_H

#include <stddef.h>

#include "change.h"

struct app;
struct view;

#define CMD_CHANGES 0x1 /* changes the machine: refused by --read-only */
#define CMD_UI      0x2 /* only meaningful in the interactive UI */

/*
 * What an argument is, so that Tab completion, pickers and forms know what
 * it may be without an if-chain per command.
 */
enum arg_kind {
	ARG_NONE = 0, /* free text: nothing to offer */
	ARG_COMMAND,  /* a command name */
	ARG_ARGS,     /* this and the rest are the arguments of the command
			 named by the argument before (form, pick) */
	ARG_LINE,     /* a whole command line (prompt's TEXT): {sel} is
			 quoted into it */
	ARG_PANEL,    /* a panel name */
	ARG_HOST,     /* a host's name (the inventory's) */
	ARG_COLUMN,   /* a column key of the current panel */
	ARG_WORD,     /* one of the usage's words: "[asc|desc]" */
	ARG_ROW,      /* a row name of the command's panel (disk, array) */
	ARG_VALUE     /* what the panel's screen offers (its values hook) */
};

#define CMD_ARG_MAX 3

struct cmd_arg {
	enum arg_kind kind;
	const char *label; /* for a form: "Read limit (deciseconds)" */
	int fixed;         /* only the offered values are valid: a form
			      makes the field a choice list */
};

struct command {
	const char *name;  /* "disk-set-timeout" */
	const char *args;  /* "DISK SECONDS" */
	const char *help;  /* one line */
	int flags;
	int min_args;
	int max_args;      /* -1: any number */
	const char *panel; /* the panel whose snapshot plan() reads */
	/* CMD_CHANGES: validate and build the plan. UI thread, no I/O. */
	int (*plan)(const struct view *v, int argc, char **argv,
	    struct change_plan *plan, char **cause);
	/* Other commands: act. Returns 0, or -1 with *cause. */
	int (*run)(struct app *app, int argc, char **argv, char **cause);
	/* Each argument's kind and label; the last one with ARG_ARGS, or
	 * any beyond CMD_ARG_MAX, are ARG_NONE. */
	struct cmd_arg arg[CMD_ARG_MAX];
};

/* Every command: the core ones, then each screen's. */
size_t cmd_count(void);
const struct command *cmd_get(size_t i);
const struct command *cmd_find(const char *name);
/* The command a split line runs in the end: argv[0]'s own, or for "form
 * CMD ...", "pick CMD ..." and "prompt 'CMD ...'" the command they open.
 * NULL when the line names no known command. */
const struct command *cmd_final(int argc, char **argv);
/* The same for a whole command line; NULL also when it does not split. */
const struct command *cmd_final_line(const char *line);
/* For keymap_parse: 0 when name is a command. */
int cmd_check_name(const char *name, void *arg);

/*
 * Split a command line into words: blanks separate, double quotes group,
 * backslash escapes the next character. Returns 0, or -1 with *cause for an
 * unterminated quote. Free with string_list_free(argv, argc).
 */
int cmd_split(const char *line, char ***argv, int *argc, char **cause);
/* word as the command line reads it back as one word: itself when it
 * needs no quoting, else in double quotes with " and \ escaped. Fresh. */
char *cmd_quote(const char *word);
/* word with every {sel} replaced by sel; frees word. Fresh. */
char *cmd_subst_sel(char *word, const char *sel);
/* Join words into a command line, each quoted as needed. Fresh. */
char *cmd_join(char *const *words, size_t n);
/* The kind of argument arg (0-based) of cmd; ARG_NONE past the last. */
enum arg_kind cmd_arg_kind(const struct command *cmd, int arg);
/* The argument's label: its cmd_arg label, else the usage's word. Fresh. */
char *cmd_arg_label(const struct command *cmd, int arg);
/* The choices the usage gives for argument arg ("[asc|desc]" -> asc,
 * desc; "[--force]" -> --force). Free with string_list_free. */
size_t cmd_arg_words(const struct command *cmd, int arg, char ***words);
/* Check the argument count; -1 with a usage message in *cause. */
int cmd_check_args(const struct command *cmd, int argc, char **cause);
/* "usage: disk-set-timeout DISK SECONDS". Caller frees. */
char *cmd_usage(const struct command *cmd);
/* Names starting with prefix, sorted. Free with string_list_free. */
size_t cmd_complete(const char *prefix, char ***matches);

/* The core commands (quit, help, prompt, filter, ...), in cmd-core.c. */
extern const struct command cmd_core_table[];
extern const size_t cmd_core_count;

#endif
