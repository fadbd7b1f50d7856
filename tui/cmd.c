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

const struct command *
cmd_final(int argc, char **argv)
{
	const struct command *cmd;
	char **words = NULL;
	int count = 0;

	if (argc == 0 || (cmd = cmd_find(argv[0])) == NULL)
		return NULL;
	if (argc < 2)
		return cmd;
	if (strcmp(cmd->name, "form") == 0 || strcmp(cmd->name, "pick") == 0)
		return cmd_find(argv[1]);
	if (strcmp(cmd->name, "prompt") != 0)
		return cmd;
	if (cmd_split(argv[1], &words, &count, NULL) != 0)
		return NULL;
	cmd = count > 0 ? cmd_find(words[0]) : NULL;
	string_list_free(words, (size_t)count);
	return cmd;
}

const struct command *
cmd_final_line(const char *line)
{
	const struct command *cmd = NULL;
	char **argv = NULL;
	int argc = 0;

	if (cmd_split(line, &argv, &argc, NULL) == 0)
		cmd = cmd_final(argc, argv);
	string_list_free(argv, (size_t)argc);
	return cmd;
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

char *
cmd_quote(const char *word)
{
	struct buf b = {0};
	const char *p;

	if (*word != '\0' && strpbrk(word, " \t\"\\") == NULL)
		return xstrdup(word);
	buf_addstr(&b, "\"");
	for (p = word; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_add(&b, "\\", 1);
		buf_add(&b, p, 1);
	}
	buf_addstr(&b, "\"");
	return b.data;
}

char *
cmd_join(char *const *words, size_t n)
{
	struct buf b = {0};
	char *q;
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < n; i++) {
		q = cmd_quote(words[i]);
		buf_printf(&b, "%s%s", i > 0 ? " " : "", q);
		free(q);
	}
	return b.data;
}

enum arg_kind
cmd_arg_kind(const struct command *cmd, int arg)
{
	int i;

	if (arg < 0)
		return ARG_NONE;
	for (i = 0; i < arg && i < CMD_ARG_MAX; i++) {
		if (cmd->arg[i].kind == ARG_ARGS)
			return ARG_ARGS;
	}
	return arg < CMD_ARG_MAX ? cmd->arg[arg].kind : ARG_NONE;
}

/* The usage's word for argument arg, brackets dropped ("asc|desc"), or
 * NULL. Fresh. */
static char *
cmd_usage_word(const struct command *cmd, int arg)
{
	char *copy, *w, *save = NULL, *found = NULL;
	int i = 0;

	if (cmd->args == NULL)
		return NULL;
	copy = xstrdup(cmd->args);
	for (w = strtok_r(copy, " ", &save); w != NULL && found == NULL;
	    w = strtok_r(NULL, " ", &save), i++) {
		if (i != arg)
			continue;
		w += strspn(w, "[");
		w[strcspn(w, "]")] = '\0';
		found = xstrdup(w);
	}
	free(copy);
	return found;
}

char *
cmd_arg_label(const struct command *cmd, int arg)
{
	char *w;

	if (arg >= 0 && arg < CMD_ARG_MAX && cmd->arg[arg].label != NULL)
		return xstrdup(cmd->arg[arg].label);
	w = cmd_usage_word(cmd, arg);
	return w != NULL ? w : xasprintf("Value %d", arg + 1);
}

size_t
cmd_arg_words(const struct command *cmd, int arg, char ***words)
{
	char *w = cmd_usage_word(cmd, arg), *p, *save = NULL;
	char **v = NULL;
	size_t n = 0;

	*words = NULL;
	if (w == NULL || cmd_arg_kind(cmd, arg) != ARG_WORD) {
		free(w);
		return 0;
	}
	for (p = strtok_r(w, "|", &save); p != NULL;
	    p = strtok_r(NULL, "|", &save))
		strv_push(&v, &n, p);
	free(w);
	*words = v;
	return n;
}

char *
cmd_subst_sel(char *word, const char *sel)
{
	struct buf b = {0};
	const char *at;

	buf_addstr(&b, "");
	for (at = word; *at != '\0';) {
		if (strncmp(at, "{sel}", 5) == 0) {
			buf_addstr(&b, sel);
			at += 5;
		} else
			buf_add(&b, at++, 1);
	}
	free(word);
	return b.data;
}
