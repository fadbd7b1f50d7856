/* Attributes and line-drawing characters, chosen once for the terminal. */
#ifndef RACKCON_THEME_H
#define RACKCON_THEME_H

#include "curses-wrap.h"

struct theme {
	attr_t header;    /* table header */
	attr_t selected;  /* the selected row */
	attr_t alert;     /* a problem cell */
	attr_t tab;       /* the tab bar */
	attr_t tab_current;
	attr_t status;
	attr_t error;     /* an error message */
	attr_t title;     /* dialog titles, detail's first line */
	int color;        /* colours in use (a console pane's too) */
	int ascii;        /* draw lines with - | + (no UTF-8 locale) */
};

/* Pick attributes: colour unless no_color, NO_COLOR or a terminal without
 * colours; ASCII lines unless the locale is UTF-8. After initscr(). */
void theme_init(struct theme *t, int no_color);
/* A box and a horizontal line that honour t->ascii. */
void theme_box(const struct theme *t, WINDOW *win);
void theme_hline(const struct theme *t, WINDOW *win, int y, int x, int n);

#endif
