/* Tab completion and the values an argument may take (see complete.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "complete.h"
#include "strutil.h"
#include "xmalloc.h"

static void
values_commands(struct choice_list *out)
{
	size_t i, n = cmd_count();

	for (i = 0; i < n; i++)
		choice_push(out, cmd_get(i)->name, cmd_get(i)->help);
}

static void
values_panels(struct app *app, struct choice_list *out)
{
	size_t i;

	for (i = 0; i < app->panel_count; i++)
		choice_push(out, app->panels[i]->screen->name,
		    app->panels[i]->screen->title);
}

static void
values_hosts(struct app *app, struct choice_list *out)
{
	size_t i;

	for (i = 0; i < app->host_count; i++)
		choice_push(out, app->hosts[i].name,
		    host_reach(&app->hosts[i]));
}

static void
values_columns(struct app *app, struct choice_list *out)
{
	const struct screen *s;
	size_t i;

	if (app->panel_count == 0)
		return;
	s = app_current(app)->screen;
	for (i = 0; i < s->column_count; i++)
		choice_push(out, s->columns[i].key, s->columns[i].title);
}

static void
values_words(const struct command *cmd, int arg, struct choice_list *out)
{
	char **words;
	size_t n, i;

	n = cmd_arg_words(cmd, arg, &words);
	for (i = 0; i < n; i++)
		choice_push(out, words[i], NULL);
	string_list_free(words, n);
}

/* The rows of the command's panel on host h, in the snapshot's order. */
static void
values_rows(struct app *app, struct host *h, const struct command *cmd,
    struct choice_list *out)
{
	struct panel_state *p = cmd->panel != NULL ?
	    app_host_panel(app, h, cmd->panel) : NULL;
	struct view v;
	size_t i, n;

	if (p == NULL || p->snap == NULL)
		return;
	v = panel_view(p);
	n = p->screen->row_count(&v);
	for (i = 0; i < n; i++)
		choice_push(out, p->screen->row_name(&v, i), NULL);
}

static void
values_screen(struct app *app, struct host *h, const struct command *cmd,
    int arg, char **argv, struct choice_list *out)
{
	struct panel_state *p = cmd->panel != NULL ?
	    app_host_panel(app, h, cmd->panel) : NULL;
	struct view v;

	if (p == NULL || p->snap == NULL || p->screen->values == NULL)
		return;
	v = panel_view(p);
	p->screen->values(&v, cmd->name, arg, argv, out);
}

/* The values of cmd's argument arg when it acts on host h. */
static void
complete_values_on(struct app *app, struct host *h, const struct command *cmd,
    int arg, char **argv, struct choice_list *out)
{
	const struct command *sub;
	int i;

	switch (cmd_arg_kind(cmd, arg)) {
	case ARG_NONE:
	case ARG_LINE:
		break;
	case ARG_COMMAND: values_commands(out); break;
	case ARG_PANEL: values_panels(app, out); break;
	case ARG_HOST: values_hosts(app, out); break;
	case ARG_COLUMN: values_columns(app, out); break;
	case ARG_WORD: values_words(cmd, arg, out); break;
	case ARG_ROW: values_rows(app, h, cmd, out); break;
	case ARG_VALUE: values_screen(app, h, cmd, arg, argv, out); break;
	case ARG_ARGS:
		/* The words after the command they are the arguments of. */
		for (i = 0; i < arg && cmd_arg_kind(cmd, i) != ARG_ARGS; i++)
			;
		if (i == 0 || (sub = cmd_find(argv[i - 1])) == NULL)
			break;
		complete_values_on(app, h, sub, arg - i, argv + i, out);
		break;
	}
}

void
complete_values(struct app *app, const struct command *cmd, int arg,
    char **argv, struct choice_list *out)
{
	complete_values_on(app, app_host(app), cmd, arg, argv, out);
}

/* --- the prompt's line ------------------------------------------------- */

/*
 * Split text as cmd_split() does, but forgiving an open quote at the end:
 * the complete words into *words, and the last, unfinished one (possibly
 * empty) into *partial with its start in *start.
 */
static size_t
split_partial(const char *text, char ***words, char **partial,
    size_t *start)
{
	struct buf word = {0};
	char **v = NULL;
	size_t n = 0, at = 0;
	int in_word = 0, quoted = 0;
	const char *p;

	for (p = text; *p != '\0'; p++) {
		if (!quoted && (*p == ' ' || *p == '\t')) {
			if (in_word)
				strv_push(&v, &n, word.data != NULL ?
				    word.data : "");
			buf_free(&word);
			in_word = 0;
			continue;
		}
		if (!in_word)
			at = (size_t)(p - text);
		in_word = 1;
		buf_add(&word, "", 0);
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '\\' && p[1] != '\0')
			buf_add(&word, ++p, 1);
		else
			buf_add(&word, p, 1);
	}
	*start = in_word ? at : strlen(text);
	*partial = xstrdup(in_word && word.data != NULL ? word.data : "");
	buf_free(&word);
	*words = v;
	return n;
}

static void
filter_prefix(const struct choice_list *all, const char *prefix,
    struct choice_list *out)
{
	size_t i, j, len = strlen(prefix);

	for (i = 0; i < all->count; i++) {
		if (strncmp(all->values[i], prefix, len) != 0)
			continue;
		for (j = 0; j < out->count; j++) {
			if (strcmp(out->values[j], all->values[i]) == 0)
				break;
		}
		if (j == out->count)
			choice_push(out, all->values[i], all->labels[i]);
	}
}

static char *
common_start(const struct choice_list *l)
{
	size_t len, i;

	if (l->count == 0)
		return NULL;
	len = strlen(l->values[0]);
	for (i = 1; i < l->count; i++) {
		while (len > 0 && strncmp(l->values[0], l->values[i], len) != 0)
			len--;
	}
	return xstrndup(l->values[0], len);
}

/*
 * The values of the last of words[0]'s n - 1 arguments (the one being
 * typed, partial), on the host the line names as app_run_argv() reads a
 * target: after `-t`, the hosts; after `-t HOST`, the values on HOST; in
 * a first argument typed as HOST:ARG, HOST's values with "HOST:" before
 * them, and later arguments on HOST too. words may be changed.
 */
static void
complete_args(struct app *app, const struct command *cmd, char **words,
    size_t n, const char *partial, struct choice_list *out)
{
	struct choice_list on = {0};
	struct host *h = app_host(app), *t;
	const char *word = n >= 2 ? words[1] : partial, *colon;
	char *name, *value;
	size_t i;

	if (n >= 2 && strcmp(words[1], "-t") == 0) {
		if (n == 2) {
			values_hosts(app, out);
			return;
		}
		name = xstrndup(words[2], strcspn(words[2], ":"));
		h = app_find_host(app, name);
		free(name);
		if (h != NULL)
			complete_values_on(app, h, cmd, (int)n - 3, words + 3,
			    out);
		return;
	}
	colon = cmd_arg_kind(cmd, 0) != ARG_LINE ? strchr(word, ':') : NULL;
	if (colon != NULL) {
		name = xstrndup(word, (size_t)(colon - word));
		t = app_find_host(app, name);
		free(name);
		if (t != NULL && n >= 2) {
			/* HOST:ARG typed: the later arguments on HOST. */
			memmove(words[1], colon + 1, strlen(colon + 1) + 1);
			h = t;
		} else if (t != NULL) {
			complete_values_on(app, t, cmd, 0, words + 1, &on);
			for (i = 0; i < on.count; i++) {
				value = xasprintf("%.*s%s",
				    (int)(colon - word + 1), word,
				    on.values[i]);
				choice_push(out, value, on.labels[i]);
				free(value);
			}
			choice_list_free(&on);
			return;
		}
	}
	complete_values_on(app, h, cmd, (int)n - 1, words + 1, out);
}

void
complete_line(struct app *app, const char *text, struct completion *c)
{
	struct choice_list all = {0};
	const struct command *cmd;
	char **words, *partial;
	size_t n;

	memset(c, 0, sizeof *c);
	n = split_partial(text, &words, &partial, &c->start);
	if (n == 0)
		values_commands(&all);
	else if ((cmd = cmd_find(words[0])) != NULL)
		complete_args(app, cmd, words, n, partial, &all);
	filter_prefix(&all, partial, &c->found);
	c->common = common_start(&c->found);
	choice_list_free(&all);
	string_list_free(words, n);
	free(partial);
}

char *
completion_apply(const char *text, const struct completion *c)
{
	char *quoted, *out;

	if (c->common == NULL ||
	    (c->found.count > 1 && *c->common == '\0'))
		return xstrdup(text);
	quoted = cmd_quote(c->common);
	if (c->found.count > 1 && quoted[0] == '"')
		quoted[strlen(quoted) - 1] = '\0'; /* the quote stays open */
	out = xasprintf("%.*s%s%s", (int)c->start, text, quoted,
	    c->found.count == 1 ? " " : "");
	free(quoted);
	return out;
}

void
completion_free(struct completion *c)
{
	choice_list_free(&c->found);
	free(c->common);
	memset(c, 0, sizeof *c);
}
