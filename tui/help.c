/* The help text: active key bindings and the command list, from the tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "xmalloc.h"

static void
help_bindings(struct app *app, const char *context, const char *title,
    struct buf *b)
{
	const char *ctx, *command, *seen;
	char name[32];
	const struct command *cmd;
	size_t i, n = keymap_count(app->keymap);
	int key, any = 0;

	for (i = 0; i < n; i++) {
		if (keymap_get(app->keymap, i, &ctx, &key, &command) != 0 ||
		    strcmp(ctx, context) != 0)
			continue;
		/* Skip a global key the panel's own binding hides. */
		if (strcmp(context, "global") == 0) {
			seen = keymap_lookup(app->keymap,
			    app_current(app)->screen->name, key);
			if (seen != NULL && strcmp(seen, command) != 0)
				continue;
		}
		if (!any)
			buf_printf(b, "%s\n", title);
		any = 1;
		cmd = cmd_final_line(command);
		buf_printf(b, "  %-10s %-34s %s\n",
		    key_to_name(key, name, sizeof name), command,
		    cmd != NULL ? cmd->help : "");
	}
	if (any)
		buf_addstr(b, "\n");
}

static void
help_command(const struct command *cmd, struct buf *b)
{
	buf_printf(b, "  %s %s\n      %s%s\n", cmd->name,
	    cmd->args != NULL ? cmd->args : "", cmd->help,
	    (cmd->flags & CMD_CHANGES) ? " [changes the machine]" : "");
}

char *
help_commands(void)
{
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < cmd_count(); i++)
		help_command(cmd_get(i), &b);
	return b.data;
}

/* Escape roff's specials: backslash and a leading dot or quote. */
static void
roff_put(struct buf *b, const char *s)
{
	if (*s == '.' || *s == '\'')
		buf_addstr(b, "\\&");
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			buf_addstr(b, "\\e");
		else if (*s == '-')
			buf_addstr(b, "\\-");
		else
			buf_add(b, s, 1);
	}
}

char *
help_commands_roff(void)
{
	const struct command *cmd;
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < cmd_count(); i++) {
		cmd = cmd_get(i);
		buf_addstr(&b, ".TP\n.B ");
		roff_put(&b, cmd->name);
		if (cmd->args != NULL && *cmd->args != '\0') {
			buf_addstr(&b, " ");
			roff_put(&b, cmd->args);
		}
		buf_addstr(&b, "\n");
		roff_put(&b, cmd->help);
		if (cmd->flags & CMD_CHANGES)
			buf_addstr(&b, " (changes the machine)");
		buf_addstr(&b, "\n");
	}
	return b.data;
}

char *
help_text(struct app *app, const char *command)
{
	struct panel_state *p = app_current(app);
	const struct command *cmd;
	struct buf b = {0};
	char *title, *list;

	if (command != NULL) {
		cmd = cmd_find(command);
		if (cmd == NULL)
			return xasprintf("No command called %s.", command);
		help_command(cmd, &b);
		return b.data;
	}
	title = xasprintf("Keys in the %s panel:", p->screen->title);
	help_bindings(app, p->screen->name, title, &b);
	free(title);
	help_bindings(app, "table", "Keys in tables:", &b);
	help_bindings(app, "global", "Keys everywhere:", &b);
	buf_addstr(&b, "Commands (type : then a command; Tab completes):\n");
	list = help_commands();
	buf_addstr(&b, list);
	free(list);
	return b.data;
}
