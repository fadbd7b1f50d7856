/* The command table: lookup, completion, and splitting command lines. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "screen.h"
#include "strutil.h"
#include "xmalloc.h"

size_t
cmd_count(void)
{
	size_t n = cmd_core_count, i;

	for (i = 0; i < screens_count; i++)
		n += screens_list[i]->command_count;
	return n;
}

const struct command *
cmd_get(size_t i)
{
	size_t s;

	if (i < cmd_core_count)
		return &cmd_core_table[i];
	i -= cmd_core_count;
	for (s = 0; s < screens_count; s++) {
		if (i < screens_list[s]->command_count)
			return &screens_list[s]->commands[i];
		i -= screens_list[s]->command_count;
	}
	return NULL;
}

const struct command *
cmd_find(const char *name)
{
	size_t i, n = cmd_count();

	for (i = 0; i < n; i++) {
		if (strcmp(cmd_get(i)->name, name) == 0)
			return cmd_get(i);
	}
	return NULL;
}

int
cmd_check_name(const char *name, void *arg)
{
	(void)arg;
	return cmd_find(name) != NULL ? 0 : -1;
}

int
cmd_split(const char *line, char ***argv, int *argc, char **cause)
{
	struct buf word = {0};
	char **v = NULL;
	size_t n = 0;
	int in_word = 0, quoted = 0;
	const char *p;

	for (p = line;; p++) {
		if (*p == '\0' || (!quoted && (*p == ' ' || *p == '\t'))) {
			if (in_word) {
				strv_push(&v, &n, word.data != NULL ?
				    word.data : "");
				buf_free(&word);
				in_word = 0;
			}
			if (*p == '\0')
				break;
			continue;
		}
		in_word = 1;
		if (*p == '"') {
			quoted = !quoted;
			buf_add(&word, "", 0);
		} else if (*p == '\\' && p[1] != '\0')
			buf_add(&word, ++p, 1);
		else
			buf_add(&word, p, 1);
	}
	if (quoted) {
		string_list_free(v, n);
		buf_free(&word);
		set_cause(cause, "unterminated quote in: %s", line);
		return -1;
	}
	*argv = v;
	*argc = (int)n;
	return 0;
}

char *
cmd_usage(const struct command *cmd)
{
	if (cmd->args == NULL || *cmd->args == '\0')
		return xasprintf("usage: %s", cmd->name);
	return xasprintf("usage: %s %s", cmd->name, cmd->args);
}

int
cmd_check_args(const struct command *cmd, int argc, char **cause)
{
	char *usage;

	if (argc >= cmd->min_args &&
	    (cmd->max_args < 0 || argc <= cmd->max_args))
		return 0;
	usage = cmd_usage(cmd);
	set_cause(cause, "%s: %s arguments (%s)", cmd->name,
	    argc < cmd->min_args ? "too few" : "too many", usage);
	free(usage);
	return -1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
cmd_complete(const char *prefix, char ***matches)
{
	size_t i, n = 0, len = strlen(prefix), total = cmd_count();
	char **v = NULL;

	for (i = 0; i < total; i++) {
		if (strncmp(cmd_get(i)->name, prefix, len) == 0)
			strv_push(&v, &n, cmd_get(i)->name);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_str);
	*matches = v;
	return n;
}
