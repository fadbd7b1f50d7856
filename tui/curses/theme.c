/* Attributes and line-drawing characters, chosen once for the terminal. */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

enum { PAIR_ALERT = 1, PAIR_TAB, PAIR_ERROR };

void
theme_init(struct theme *t, int no_color)
{
	const char *env = getenv("NO_COLOR");
	int color;

	memset(t, 0, sizeof *t);
	t->ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	color = !no_color && (env == NULL || *env == '\0') && has_colors();
	t->header = A_BOLD | A_UNDERLINE;
	t->selected = A_REVERSE;
	t->alert = A_BOLD;
	t->tab = A_NORMAL;
	t->tab_current = A_REVERSE | A_BOLD;
	t->status = A_NORMAL;
	t->error = A_BOLD;
	t->title = A_BOLD;
	if (!color)
		return;
	t->color = 1;
	start_color();
	use_default_colors();
	init_pair(PAIR_ALERT, COLOR_RED, -1);
	init_pair(PAIR_TAB, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	t->alert = A_BOLD | COLOR_PAIR(PAIR_ALERT);
	t->error = A_BOLD | COLOR_PAIR(PAIR_ERROR);
	t->tab_current = A_BOLD | COLOR_PAIR(PAIR_TAB);
}

void
theme_box(const struct theme *t, WINDOW *win)
{
	if (t->ascii)
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(win, 0, 0);
}

void
theme_hline(const struct theme *t, WINDOW *win, int y, int x, int n)
{
	if (t->ascii)
		mvwhline(win, y, x, '-', n);
	else
		mvwhline(win, y, x, ACS_HLINE, n);
}
