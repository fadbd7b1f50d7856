/*
 * A terminal pane's model: the screen a byte stream (a SOL console, later
 * any console) paints, as a VT would, through libvterm; and which cells
 * changed since it was last drawn (libvterm's damage rectangles, kept per
 * row), so the curses side redraws only those: a console over a 9600-baud
 * line costs what changed, not a screen a frame.
 *
 * No curses here. Everything runs on the UI thread: the console's fd is
 * read there (it is a socketpair the console library's threads fill) and
 * fed in; the pane is drawn there. The caller owns the pane and frees it
 * with term_pane_free.
 */
#ifndef RACKCON_TERM_PANE_H
#define RACKCON_TERM_PANE_H

#include <stddef.h>

struct term_pane;

#define TERM_ATTR_BOLD      0x01
#define TERM_ATTR_UNDERLINE 0x02
#define TERM_ATTR_REVERSE   0x04
#define TERM_ATTR_BLINK     0x08
#define TERM_ATTR_ITALIC    0x10

/* One cell as the pane shows it. */
struct term_cell {
	char text[32];  /* UTF-8: the character and its combining marks;
			   "" for the right half of a wide character */
	int width;      /* 1, 2 (wide), 0 (right half of a wide one) */
	unsigned attrs; /* TERM_ATTR_* */
	int fg, bg;     /* a palette index 0..255, or -1: the default */
};

/* A pane of rows x cols (each at least 2: less is made 2), or NULL with *cause (built
 * without libvterm). */
struct term_pane *term_pane_new(int rows, int cols, char **cause);
void term_pane_free(struct term_pane *p);
/* Paint len bytes of the stream (any bytes: split sequences continue in
 * the next call). */
void term_pane_feed(struct term_pane *p, const char *buf, size_t len);
/* A new size; the whole pane is damaged. */
void term_pane_resize(struct term_pane *p, int rows, int cols);
void term_pane_size(const struct term_pane *p, int *rows, int *cols);

/* 1 when anything changed since term_pane_clean(). */
int term_pane_damaged(const struct term_pane *p);
/* 1 when row changed, with the columns [*from, *to) that did. */
int term_pane_row_damage(const struct term_pane *p, int row, int *from,
    int *to);
/* Everything drawn: forget the damage. */
void term_pane_clean(struct term_pane *p);
/* Damage everything (the pane was covered, the terminal repainted). */
void term_pane_damage_all(struct term_pane *p);

void term_pane_cell(const struct term_pane *p, int row, int col,
    struct term_cell *out);
/* Where the far side's cursor is, and whether it shows it. */
void term_pane_cursor(const struct term_pane *p, int *row, int *col,
    int *visible);
/* 1 when the far side asked for application cursor keys (DECCKM). */
int term_pane_app_cursor(struct term_pane *p);
/* Bytes the pane answers the far side with (a status or device
 * attributes report): at most len into buf; how many. */
size_t term_pane_take_output(struct term_pane *p, char *buf, size_t len);

#endif
