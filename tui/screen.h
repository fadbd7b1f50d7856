/*
 * A screen (panel): what it shows and which commands it offers.
 *
 * Each screens/NAME.c exports one `const struct screen NAME_screen`; the
 * table in tui/screens-list.c lists them all. A screen never draws and never
 * does I/O: it describes its rows as typed cells, a detail text for the
 * selected row, and its commands. The table widget draws the cells, batch
 * mode prints them as JSON, and the plugin the screen names produces the
 * snapshot it reads, one per host (or, for a screen about all hosts such as
 * Hosts, the core builds it: core_snapshot). All hooks run on the UI thread (or in batch
 * mode) and must be cheap; snap is never NULL.
 */
#ifndef RACKCON_SCREEN_H
#define RACKCON_SCREEN_H

#include <stddef.h>

#include "strutil.h"

struct command;
struct app;

/* Values offered for something (an argument, an action), each with a label
 * for a menu: "sdb1" labelled "sdb1  in_sync, slot 1". */
struct choice_list {
	char **values;
	char **labels;
	size_t count;
};

/* Append a value; label NULL: the value itself. */
void choice_push(struct choice_list *l, const char *value,
    const char *label);
void choice_list_free(struct choice_list *l);

/*
 * What a screen's hooks read: its own panel's snapshot, and the snapshot of
 * the panel it names as related (NULL until that one has data). The RAID
 * panel reads the Disks panel's timeouts and SCT ERC this way.
 */
struct view {
	const void *snap;
	const void *related;
};

enum cell_kind {
	CELL_NONE,  /* unknown: "-" (or str) on screen, null in JSON */
	CELL_STR,
	CELL_NUM,
	CELL_BYTES, /* a size: human units on screen, a number in JSON */
	CELL_BOOL,
	CELL_PROGRESS, /* num is per mille: a bar on screen, percent in JSON */
	CELL_CENTI    /* num is hundredths: "0.42" on screen and in JSON */
};

struct cell {
	enum cell_kind kind;
	long long num;
	const char *str;  /* CELL_STR: into the snapshot, or into text; for
			     other kinds, what the screen shows instead of
			     the number (JSON keeps the number) */
	char text[48];    /* room for a string the screen formats */
	int alert;        /* draw highlighted: a problem the admin must see */
};

struct column {
	const char *key;   /* JSON key and sort name: "queue_depth" */
	const char *title; /* header: "QD" */
	int width;         /* columns on screen */
	int right;         /* right-aligned (numbers) */
};

/* What a screen needs of a host (struct screen's needs). */
#define SCREEN_NEEDS_FILES 0x1 /* files and programs: a transport */
#define SCREEN_NEEDS_BMC   0x2 /* a BMC */

struct screen {
	const char *name;  /* "disks": panel name and keymap context */
	const char *plugin; /* the plugin that feeds it ("disks"); several
			       screens may name one plugin. NULL: the core
			       feeds it (core_snapshot) */
	const char *model; /* the snapshot struct it reads: DISK_MODEL */
	int model_version; /* and its version: DISK_MODEL_VERSION */
	const char *title; /* "Disks" */
	const struct column *columns;
	size_t column_count;
	const struct command *commands;
	size_t command_count;
	const char *related; /* the panel whose snapshot v->related is */
	unsigned needs;    /* what a host must have for this panel to be
			      there (SCREEN_NEEDS_*): a BMC alone has no
			      Disks, a host without a BMC no IPMI */
	/* Other listings of the same snapshot for --list ("ipmi-power": the
	 * BMC's power in one row), each a screen of its own that is in no
	 * tab bar (name, columns, row_count, row_name, cell, maybe
	 * json_extra and notice; nothing else is read). May be NULL. */
	const struct screen *const *lists;
	size_t list_count;

	size_t (*row_count)(const struct view *v);
	/* The row's name, substituted for {sel} in key bindings. */
	const char *(*row_name)(const struct view *v, size_t row);
	void (*cell)(const struct view *v, size_t row, size_t col,
	    struct cell *out);
	/* The detail pane's text for a row, lines separated by '\n'. */
	void (*detail)(const struct view *v, size_t row, struct buf *out);
	/* Extra JSON members for a row (",\"partitions\":[...]"), or NULL. */
	void (*json_extra)(const struct view *v, size_t row, struct buf *out);
	/* Whether column col (not the first) is on screen now: 0 for one
	 * no row can fill (the Hosts panel's disk columns when every host
	 * is a BMC alone), so that at 80 columns the ones that can are
	 * seen. JSON keeps every column. May be NULL: all are shown. */
	int (*column_shown)(const struct view *v, size_t col);
	/* A panel-wide notice ("smartctl is not installed: ..."), or NULL. */
	const char *(*notice)(const struct view *v);
	/* Something is wrong that the tab bar must show (a degraded array),
	 * or NULL when all is well. May be NULL. */
	const char *(*alert)(const struct view *v);
	/* How many things are wrong, for the tab bar ("Hosts 2!"). May be
	 * NULL: then only the alert's "!". */
	size_t (*alert_count)(const struct view *v);
	/* The actions menu for a row: command lines ("md-fail md0 sda3") as
	 * values, labelled in plain words ("Fail member sda3"). May be NULL:
	 * then the menu offers each of the screen's commands with the row's
	 * name filled in. */
	void (*actions)(const struct view *v, size_t row,
	    struct choice_list *out);
	/* The values argument arg (0-based) of one of the screen's commands
	 * may take, given the arguments before it in argv (their number is
	 * arg): members of the named array, schedulers the disk offers.
	 * For Tab completion, pickers and form choice lists. May be NULL. */
	void (*values)(const struct view *v, const char *command, int arg,
	    char **argv, struct choice_list *out);
	/* A form's starting value for argument arg (0-based, as in the
	 * command's usage) of one of the screen's commands, whose first
	 * argument is target: what is set now (disk-set-timeout sda: sda's
	 * timeout). Fresh; NULL for none. May be NULL. */
	char *(*form_value)(const struct view *v, const char *command,
	    const char *target, int arg);
	/* Why one of the screen's commands makes no sense for the row named
	 * target (disk-set-erc on a drive without SCT ERC): fresh text, or
	 * NULL when it applies. The actions menu leaves such a command out
	 * and its form does not open; typed, the command's plan refuses it
	 * with the same reason. May be NULL. */
	char *(*refuse)(const struct view *v, const char *command,
	    const char *target);
	/* Free a snapshot (the plugin's free_snapshot when it has one). */
	void (*free_snapshot)(void *snap);
	/* A screen the core feeds: a fresh snapshot of the app's state (all
	 * hosts), built on the UI thread when a host changed. Cheap. NULL
	 * for a screen a plugin feeds. */
	void *(*core_snapshot)(struct app *app);
};

extern const struct screen *const screens_list[];
extern const size_t screens_count;
const struct screen *screens_find(const char *name);

/* Format a cell for the screen into buf, in at most width cells (a
 * progress bar fills them). */
void cell_format(const struct cell *c, int width, char *buf, size_t len);
/* Order two cells for sorting (unknown last). */
int cell_compare(const struct cell *a, const struct cell *b);

#endif
