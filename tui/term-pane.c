/* A terminal pane's model: libvterm's screen and its damage per row. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "term-pane.h"
#include "xmalloc.h"

#if HAVE_LIBVTERM
#include <vterm.h>

/* The least rows and columns a pane has: libvterm 0.1.4 writes through
 * a NULL pointer on some input into one column (fuzz-term-pane found it;
 * the seed is kept). */
#define TERM_PANE_MIN 2

/* Answers to the far side wait here until the console writes them; a far
 * side that asks without reading loses the oldest beyond this. */
#define TERM_OUT_MAX 4096

/* A CSI longer than this is passed on as it comes: no REP is this long. */
#define TERM_CSI_MAX 64

/* The parameters libvterm 0.1.4 keeps of a CSI. It does not check: the
 * 17th goes past its array, over the pointers after it (fuzz-term-pane
 * found it). A CSI with more is dropped whole (term_pane_scan). */
#define TERM_CSI_ARGS 16

struct term_pane {
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	int *from, *to;      /* per row: damaged columns [from, to) */
	int damaged;
	int cursor_row, cursor_col, cursor_visible;
	char out[TERM_OUT_MAX];
	size_t out_len;
	int probing;         /* term_pane_app_cursor: output is a probe */
	char probe[16];
	size_t probe_len;
	/* The guard in front of libvterm (term_pane_scan): where the
	 * stream is, the CSI held back until its final byte, and whether a
	 * graphic character was printed since the last reset. */
	enum { SCAN_GROUND, SCAN_ESC, SCAN_CSI, SCAN_STRING, SCAN_DROP } scan;
	char csi[TERM_CSI_MAX];
	size_t csi_len;
	int csi_inter;       /* the held CSI has an intermediate byte */
	int csi_params;      /* its parameters so far, less one */
	int graphic;
};

static void
term_pane_mark(struct term_pane *p, int row, int from, int to)
{
	if (row < 0 || row >= p->rows)
		return;
	if (from < 0)
		from = 0;
	if (to > p->cols)
		to = p->cols;
	if (from >= to)
		return;
	if (p->from[row] >= p->to[row]) {
		p->from[row] = from;
		p->to[row] = to;
	} else {
		if (from < p->from[row])
			p->from[row] = from;
		if (to > p->to[row])
			p->to[row] = to;
	}
	p->damaged = 1;
}

static int
term_pane_on_damage(VTermRect r, void *arg)
{
	struct term_pane *p = arg;
	int row;

	for (row = r.start_row; row < r.end_row; row++)
		term_pane_mark(p, row, r.start_col, r.end_col);
	return 1;
}

static int
term_pane_on_cursor(VTermPos pos, VTermPos old, int visible, void *arg)
{
	struct term_pane *p = arg;

	/* Both cells are drawn again: the cursor leaves one, enters one. */
	term_pane_mark(p, old.row, old.col, old.col + 1);
	term_pane_mark(p, pos.row, pos.col, pos.col + 1);
	p->cursor_row = pos.row;
	p->cursor_col = pos.col;
	p->cursor_visible = visible;
	return 1;
}

static int
term_pane_on_prop(VTermProp prop, VTermValue *val, void *arg)
{
	struct term_pane *p = arg;

	if (prop == VTERM_PROP_CURSORVISIBLE) {
		p->cursor_visible = val->boolean;
		term_pane_mark(p, p->cursor_row, p->cursor_col,
		    p->cursor_col + 1);
	}
	return 1;
}

static void
term_pane_on_output(const char *s, size_t len, void *arg)
{
	struct term_pane *p = arg;
	size_t keep;

	if (p->probing) {
		if (len > sizeof p->probe - p->probe_len)
			len = sizeof p->probe - p->probe_len;
		memcpy(p->probe + p->probe_len, s, len);
		p->probe_len += len;
		return;
	}
	if (len >= TERM_OUT_MAX) {
		s += len - TERM_OUT_MAX;
		len = TERM_OUT_MAX;
	}
	if (p->out_len + len > TERM_OUT_MAX) {
		keep = TERM_OUT_MAX - len;
		memmove(p->out, p->out + p->out_len - keep, keep);
		p->out_len = keep;
	}
	memcpy(p->out + p->out_len, s, len);
	p->out_len += len;
}

/* UTF-8 of code point cp into out (4 bytes); its length, 0 for none. */
static size_t
term_pane_utf8(int cp, char *out)
{
	unsigned char *u = (unsigned char *)out;

	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static const VTermScreenCallbacks term_pane_callbacks = {
	.damage = term_pane_on_damage,
	.movecursor = term_pane_on_cursor,
	.settermprop = term_pane_on_prop,
};

static void
term_pane_alloc_rows(struct term_pane *p)
{
	free(p->from);
	free(p->to);
	p->from = xcalloc((size_t)p->rows, sizeof *p->from);
	p->to = xcalloc((size_t)p->rows, sizeof *p->to);
}

struct term_pane *
term_pane_new(int rows, int cols, char **cause)
{
	struct term_pane *p = xcalloc(1, sizeof *p);

	(void)cause;
	p->rows = rows < TERM_PANE_MIN ? TERM_PANE_MIN : rows;
	p->cols = cols < TERM_PANE_MIN ? TERM_PANE_MIN : cols;
	term_pane_alloc_rows(p);
	p->vt = vterm_new(p->rows, p->cols);
	if (p->vt == NULL)
		fatal("out of memory (vterm_new)");
	vterm_set_utf8(p->vt, 1);
	vterm_output_set_callback(p->vt, term_pane_on_output, p);
	p->screen = vterm_obtain_screen(p->vt);
	vterm_screen_set_callbacks(p->screen, &term_pane_callbacks, p);
	/* Damage merged per row and flushed after each feed: one rectangle
	 * a row a read, not one a cell. */
	vterm_screen_set_damage_merge(p->screen, VTERM_DAMAGE_ROW);
	vterm_screen_reset(p->screen, 1);
	p->cursor_visible = 1;
	term_pane_damage_all(p);
	return p;
}

void
term_pane_free(struct term_pane *p)
{
	if (p == NULL)
		return;
	vterm_free(p->vt);
	free(p->from);
	free(p->to);
	free(p);
}

/* Pass n bytes on to libvterm. */
static void
term_pane_write(struct term_pane *p, const char *buf, size_t n)
{
	if (n > 0)
		vterm_input_write(p->vt, buf, n);
}

/* Hold c after what is held (an escape sequence not yet whole). */
static int
term_pane_hold(struct term_pane *p, unsigned char c)
{
	if (p->csi_len == sizeof p->csi) {
		/* Too long for a REP: let it through as it comes. */
		term_pane_write(p, p->csi, p->csi_len);
		p->csi_len = 0;
	}
	p->csi[p->csi_len++] = (char)c;
	return 1;
}

/* Pass on what is held; 0, so that the byte at hand passes after it. */
static int
term_pane_release(struct term_pane *p)
{
	term_pane_write(p, p->csi, p->csi_len);
	p->csi_len = 0;
	return 0;
}

/*
 * Forget the sequence at hand: what is held goes, and libvterm gets a CAN
 * in its place, which aborts whatever sequence it has open: the part of
 * this one it already has (one too long to hold), or an earlier one that
 * only this one's ESC would have cancelled (libvterm took "ESC [ ;" then
 * "b" as one REP and looped: fuzz-term-pane found it). A CAN outside a
 * sequence does nothing.
 */
static void
term_pane_forget(struct term_pane *p)
{
	p->csi_len = 0;
	term_pane_write(p, "\030", 1);
}

/* Drop the CSI at hand (term_pane_forget); its remaining bytes are
 * swallowed up to its final byte. */
static int
term_pane_drop(struct term_pane *p)
{
	term_pane_forget(p);
	p->scan = SCAN_DROP;
	return 1;
}

/*
 * One byte of the stream through the guard in front of libvterm 0.1.4,
 * which crashes or hangs on two kinds of CSI that a console can send:
 * - REP (CSI Ps b) when no graphic character was printed since a reset
 *   loops forever: it repeats a glyph of width 0 and the cursor never
 *   moves. As xterm does, such a REP is dropped (also after a glyph that
 *   is not ASCII, whose width may be 0).
 * - A CSI of more than 16 parameters writes past libvterm's array of
 *   them. It is dropped whole (xterm too ignores what it cannot hold).
 * Everything else passes, in order. An escape sequence is held back from
 * its ESC until it is whole, so that libvterm sees all of a dropped one
 * or none. The states follow libvterm's parser where it matters: C0
 * controls run inside a sequence and leave it open, CAN and SUB abort it,
 * bytes from 0x7f up are skipped inside it, an ESC starts a new one (also
 * inside a string, which ESC \ or BEL ends). Returns 1 when c was held or
 * dropped, 0 to pass it.
 */
static int
term_pane_scan(struct term_pane *p, unsigned char c)
{
	if (p->scan == SCAN_DROP) {
		if (c == 0x1b) {
			p->scan = SCAN_ESC;
			return term_pane_hold(p, c);
		}
		if (c < 0x20) { /* runs, or aborts (CAN, SUB) */
			if (c == 0x18 || c == 0x1a)
				p->scan = SCAN_GROUND;
			return 0;
		}
		if (c >= 0x40 && c <= 0x7e)
			p->scan = SCAN_GROUND; /* its final byte */
		return 1;
	}
	if (p->scan != SCAN_GROUND && p->scan != SCAN_STRING) {
		if (c == 0x18 || c == 0x1a) { /* CAN, SUB: abort */
			p->scan = SCAN_GROUND;
			return term_pane_release(p);
		}
		if (c == 0x1b) { /* a new sequence */
			term_pane_release(p);
			p->scan = SCAN_ESC;
			return term_pane_hold(p, c);
		}
		if (c < 0x20 || c >= 0x7f) /* run or skipped: still open */
			return term_pane_hold(p, c);
	}
	switch (p->scan) {
	case SCAN_GROUND:
		if (c == 0x1b) {
			p->scan = SCAN_ESC;
			return term_pane_hold(p, c);
		}
		if (c >= 0x20 && c < 0x7f)
			p->graphic = 1;
		else if (c >= 0x80)
			p->graphic = 0;
		return 0;
	case SCAN_STRING:
		if (c == 0x07)
			p->scan = SCAN_GROUND;
		else if (c == 0x1b) {
			p->scan = SCAN_ESC;
			return term_pane_hold(p, c);
		}
		return 0;
	case SCAN_ESC:
		if (c == '[') {
			p->scan = SCAN_CSI;
			p->csi_inter = 0;
			p->csi_params = 0;
			return term_pane_hold(p, c);
		}
		/* Intermediates: libvterm stays in its escape state, where
		 * '[' still opens a CSI. */
		if (c >= 0x20 && c <= 0x2f)
			return term_pane_hold(p, c);
		if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X')
			p->scan = SCAN_STRING;
		else {
			if (c == 'c')
				p->graphic = 0; /* RIS: a full reset */
			p->scan = SCAN_GROUND;
		}
		return term_pane_release(p);
	case SCAN_CSI:
	case SCAN_DROP: /* handled above */
		break;
	}
	if (c < 0x40) {
		if (c <= 0x2f)
			p->csi_inter = 1;
		if ((c == ';' || c == ':') &&
		    ++p->csi_params >= TERM_CSI_ARGS)
			return term_pane_drop(p);
		return term_pane_hold(p, c);
	}
	/* The final byte: a REP with nothing to repeat goes, a soft reset
	 * (CSI ! p) forgets the glyph, the rest passes. */
	p->scan = SCAN_GROUND;
	if (c == 'b' && !p->graphic) {
		term_pane_forget(p);
		return 1;
	}
	if (c == 'p' && p->csi_inter)
		p->graphic = 0;
	return term_pane_release(p);
}

void
term_pane_feed(struct term_pane *p, const char *buf, size_t len)
{
	size_t i, start = 0;

	if (len == 0)
		return;
	for (i = 0; i < len; i++) {
		if (term_pane_scan(p, (unsigned char)buf[i])) {
			term_pane_write(p, buf + start, i - start);
			start = i + 1;
		}
	}
	term_pane_write(p, buf + start, len - start);
	vterm_screen_flush_damage(p->screen);
}

/*
 * After a resize, put libvterm's cursor and scroll region back inside the
 * pane. libvterm 0.1.4 moves the cursor up by the lines a smaller pane
 * pushes out at the top, to a negative row when it was near the top, and
 * keeps a scroll region's top row below a smaller pane's bottom; the next
 * erase or scroll then writes outside its rows (fuzz-term-pane found
 * both; the seeds are kept). xterm resets the scroll region on a resize
 * too: DECSTBM's reset is fed, then the cursor goes back where it was,
 * inside the pane. A string (an OSC title) open at that moment is ended
 * first, so that libvterm reads the two as sequences.
 */
static void
term_pane_repair(struct term_pane *p)
{
	VTermPos pos;
	char seq[32];
	int n;

	vterm_state_get_cursorpos(vterm_obtain_state(p->vt), &pos);
	if (pos.row < 0)
		pos.row = 0;
	if (pos.row >= p->rows)
		pos.row = p->rows - 1;
	if (pos.col < 0)
		pos.col = 0;
	if (pos.col >= p->cols)
		pos.col = p->cols - 1;
	if (p->scan == SCAN_STRING) {
		vterm_input_write(p->vt, "\033\\", 2);
		p->scan = SCAN_GROUND;
	}
	n = snprintf(seq, sizeof seq, "\033[r\033[%d;%dH", pos.row + 1,
	    pos.col + 1);
	vterm_input_write(p->vt, seq, (size_t)n);
}

void
term_pane_resize(struct term_pane *p, int rows, int cols)
{
	p->rows = rows < TERM_PANE_MIN ? TERM_PANE_MIN : rows;
	p->cols = cols < TERM_PANE_MIN ? TERM_PANE_MIN : cols;
	term_pane_alloc_rows(p); /* before libvterm's callbacks mark rows */
	vterm_set_size(p->vt, p->rows, p->cols);
	term_pane_repair(p);
	vterm_screen_flush_damage(p->screen);
	if (p->cursor_row >= p->rows)
		p->cursor_row = p->rows - 1;
	if (p->cursor_col >= p->cols)
		p->cursor_col = p->cols - 1;
	term_pane_damage_all(p);
}

void
term_pane_size(const struct term_pane *p, int *rows, int *cols)
{
	*rows = p->rows;
	*cols = p->cols;
}

int
term_pane_damaged(const struct term_pane *p)
{
	return p->damaged;
}

int
term_pane_row_damage(const struct term_pane *p, int row, int *from,
    int *to)
{
	if (row < 0 || row >= p->rows || p->from[row] >= p->to[row])
		return 0;
	*from = p->from[row];
	*to = p->to[row];
	return 1;
}

void
term_pane_clean(struct term_pane *p)
{
	memset(p->from, 0, (size_t)p->rows * sizeof *p->from);
	memset(p->to, 0, (size_t)p->rows * sizeof *p->to);
	p->damaged = 0;
}

void
term_pane_damage_all(struct term_pane *p)
{
	int row;

	for (row = 0; row < p->rows; row++)
		term_pane_mark(p, row, 0, p->cols);
}

/* A palette index for a libvterm colour: -1 for the default. */
static int
term_pane_color(const VTermScreen *screen, VTermColor c, int fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(&c))
		return c.indexed.idx;
	/* Direct colour: the nearest of the 8 basic ones. */
	(void)screen;
	return (c.rgb.red > 127 ? 1 : 0) | (c.rgb.green > 127 ? 2 : 0) |
	    (c.rgb.blue > 127 ? 4 : 0);
}

void
term_pane_cell(const struct term_pane *p, int row, int col,
    struct term_cell *out)
{
	VTermScreenCell c;
	VTermPos pos = { row, col };
	size_t n = 0, i;
	char tmp[8];

	memset(out, 0, sizeof *out);
	out->width = 1;
	out->fg = out->bg = -1;
	if (!vterm_screen_get_cell(p->screen, pos, &c)) {
		snprintf(out->text, sizeof out->text, " ");
		return;
	}
	for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i] != 0; i++) {
		size_t len = term_pane_utf8((int)c.chars[i], tmp);

		if (len == 0 || n + len >= sizeof out->text)
			break;
		memcpy(out->text + n, tmp, len);
		n += len;
	}
	out->text[n] = '\0';
	if (c.chars[0] == (uint32_t)-1) {
		out->text[0] = '\0';
		out->width = 0; /* the right half of a wide character */
	} else if (n == 0) {
		snprintf(out->text, sizeof out->text, " ");
	} else
		out->width = c.width;
	out->attrs = (c.attrs.bold ? TERM_ATTR_BOLD : 0) |
	    (c.attrs.underline ? TERM_ATTR_UNDERLINE : 0) |
	    (c.attrs.reverse ? TERM_ATTR_REVERSE : 0) |
	    (c.attrs.blink ? TERM_ATTR_BLINK : 0) |
	    (c.attrs.italic ? TERM_ATTR_ITALIC : 0);
	out->fg = term_pane_color(p->screen, c.fg, 1);
	out->bg = term_pane_color(p->screen, c.bg, 0);
}

void
term_pane_cursor(const struct term_pane *p, int *row, int *col,
    int *visible)
{
	/* Inside the pane whatever libvterm last said: a move it reported
	 * around a resize may lie outside the new size (fuzz-term-pane). */
	*row = p->cursor_row < 0 ? 0 : p->cursor_row >= p->rows ?
	    p->rows - 1 : p->cursor_row;
	*col = p->cursor_col < 0 ? 0 : p->cursor_col >= p->cols ?
	    p->cols - 1 : p->cursor_col;
	*visible = p->cursor_visible;
}

int
term_pane_app_cursor(struct term_pane *p)
{
	/* libvterm keeps DECCKM to itself: ask its keyboard what Up sends. */
	p->probing = 1;
	p->probe_len = 0;
	vterm_keyboard_key(p->vt, VTERM_KEY_UP, VTERM_MOD_NONE);
	p->probing = 0;
	return p->probe_len >= 2 && p->probe[1] == 'O';
}

size_t
term_pane_take_output(struct term_pane *p, char *buf, size_t len)
{
	if (len > p->out_len)
		len = p->out_len;
	memcpy(buf, p->out, len);
	memmove(p->out, p->out + len, p->out_len - len);
	p->out_len -= len;
	return len;
}

#else /* !HAVE_LIBVTERM */

struct term_pane *
term_pane_new(int rows, int cols, char **cause)
{
	set_cause(cause, "rackcon was built without libvterm "
	    "(apt-get install libvterm-dev, then configure again): "
	    "no console pane");
	return NULL;
}
void term_pane_free(struct term_pane *p) { (void)p; }
void term_pane_feed(struct term_pane *p, const char *b, size_t n) { }
void term_pane_resize(struct term_pane *p, int r, int c) { }
void term_pane_size(const struct term_pane *p, int *r, int *c) { *r = *c = 0; }
int term_pane_damaged(const struct term_pane *p) { return 0; }
int term_pane_row_damage(const struct term_pane *p, int r, int *f, int *t)
{ return 0; }
void term_pane_clean(struct term_pane *p) { }
void term_pane_damage_all(struct term_pane *p) { }
void term_pane_cell(const struct term_pane *p, int r, int c,
    struct term_cell *out) { memset(out, 0, sizeof *out); }
void term_pane_cursor(const struct term_pane *p, int *r, int *c, int *v)
{ *r = *c = *v = 0; }
int term_pane_app_cursor(struct term_pane *p) { return 0; }
size_t term_pane_take_output(struct term_pane *p, char *b, size_t n)
{ return 0; }

#endif
