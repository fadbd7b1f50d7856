/* Unit tests of the console's parts: keys to VT bytes, the terminal
 * pane's damage, the log's timestamped lines. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>

#include "console.h"
#include "curses-wrap.h"
#include "keys.h"
#include "strutil.h"
#include "term-pane.h"
#include "unit.h"
#include "vt-keys.h"
#include "xmalloc.h"

UNIT_SUITE("console", console_add_tests)

static void
console_test_key_bytes(void)
{
	static const struct {
		enum vt_term term;
		int app_cursor;
		int key;
		const char *want;
	} cases[] = {
		{ VT_XTERM, 0, 'a', "a" },
		{ VT_XTERM, 0, 0xe9, "\xc3\xa9" },            /* é */
		{ VT_XTERM, 0, 0x20ac, "\xe2\x82\xac" },      /* € */
		{ VT_XTERM, 0, 0x1f600, "\xf0\x9f\x98\x80" },
		{ VT_XTERM, 0, KEYC_CTRL('c'), "\003" },
		{ VT_XTERM, 0, KEYC_CTRL(']'), "\035" },
		{ VT_XTERM, 0, KEYC_ENTER, "\r" },
		{ VT_XTERM, 0, KEYC_BSPACE, "\177" },
		{ VT_XTERM, 0, KEYC_ESCAPE, "\033" },
		{ VT_XTERM, 0, KEYC_META | 'x', "\033x" },
		{ VT_XTERM, 0, KEYC_META | KEYC_CTRL('a'), "\033\001" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_UP, "\033[A" },
		{ VT_XTERM, 1, KEYC_FUNC | KEY_UP, "\033OA" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_LEFT, "\033[D" },
		{ VT_XTERM, 1, KEYC_FUNC | KEY_RIGHT, "\033OC" },
		{ VT_XTERM, 0, KEYC_META | KEYC_FUNC | KEY_DOWN, "\033\033[B" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_HOME, "\033[H" },
		{ VT_XTERM, 1, KEYC_FUNC | KEY_END, "\033OF" },
		{ VT_VT100, 0, KEYC_FUNC | KEY_HOME, "\033[1~" },
		{ VT_VT100, 0, KEYC_FUNC | KEY_END, "\033[4~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_PPAGE, "\033[5~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_NPAGE, "\033[6~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_IC, "\033[2~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_DC, "\033[3~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_BTAB, "\033[Z" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(1), "\033OP" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(4), "\033OS" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(5), "\033[15~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(10), "\033[21~" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(12), "\033[24~" },
		{ VT_VT100, 0, KEYC_FUNC | KEY_F(1), "\033OP" },
		{ VT_VT100, 0, KEYC_FUNC | KEY_F(5), "" },  /* vt220: local */
		{ VT_VT100, 0, KEYC_FUNC | KEY_F(6), "\033[17~" },
		{ VT_VT100, 0, KEYC_FUNC | KEY_F(13), "\033[25~" },
		/* The Linux console (terminfo linux). */
		{ VT_LINUX, 0, KEYC_FUNC | KEY_F(1), "\033[[A" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_F(5), "\033[[E" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_F(6), "\033[17~" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_F(12), "\033[24~" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_HOME, "\033[1~" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_END, "\033[4~" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_BTAB, "\033\t" },
		{ VT_LINUX, 0, KEYC_FUNC | KEY_UP, "\033[A" },
		/* vt100+ (a BIOS's console redirection): Esc and a digit. */
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(1), "\0331" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(2), "\0332" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(10), "\0330" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(11), "\033!" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(12), "\033@" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_F(13), "" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_HOME, "\033h" },
		{ VT_VT100PLUS, 1, KEYC_FUNC | KEY_END, "\033k" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_IC, "\033+" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_DC, "\033-" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_PPAGE, "\033?" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_NPAGE, "\033/" },
		{ VT_VT100PLUS, 0, KEYC_FUNC | KEY_UP, "\033[A" },
		{ VT_VT100PLUS, 0, 'a', "a" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_F(21), "" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_RESIZE, "" },
		{ VT_XTERM, 0, KEYC_FUNC | KEY_MOUSE, "" },
		{ VT_XTERM, 0, KEYC_NONE, "" },
		{ VT_XTERM, 0, 0xd800, "" },                  /* a surrogate */
	};
	char out[VT_KEY_MAX + 1], what[64];
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(out, 0, sizeof out);
		n = vt_key_bytes(cases[i].term, cases[i].app_cursor,
		    cases[i].key, out);
		snprintf(what, sizeof what, "case %zu (key 0x%x)", i,
		    (unsigned)cases[i].key);
		CHECK_LL((long long)n, (long long)strlen(cases[i].want),
		    what);
		CHECK_STR(out, cases[i].want, what);
	}
	CU_ASSERT_EQUAL(vt_term_from_name("vt100"), VT_VT100);
	CU_ASSERT_EQUAL(vt_term_from_name("vt220"), VT_VT100);
	CU_ASSERT_EQUAL(vt_term_from_name("xterm-256color"), VT_XTERM);
	CU_ASSERT_EQUAL(vt_term_from_name(NULL), VT_XTERM);
	CU_ASSERT_EQUAL(vt_term_from_name("VT100+"), VT_VT100PLUS);
	CU_ASSERT_EQUAL(vt_term_from_name("vt320"), VT_VT100);
	CU_ASSERT_EQUAL(vt_term_from_name("linux"), VT_LINUX);
	CU_ASSERT(console_term_known("vt100+"));
	CU_ASSERT(console_term_known("xterm-256color"));
	CU_ASSERT(console_term_known("linux"));
	CU_ASSERT(!console_term_known("vt100x"));
	CU_ASSERT(!console_term_known(""));
	CU_ASSERT(!console_term_known("wyse50"));
}

/* The rows with damage, as "row:from-to" joined by spaces. */
static char *
damage_text(struct term_pane *p)
{
	struct buf b = {0};
	int rows, cols, row, from, to;

	buf_addstr(&b, "");
	term_pane_size(p, &rows, &cols);
	for (row = 0; row < rows; row++) {
		if (term_pane_row_damage(p, row, &from, &to))
			buf_printf(&b, "%s%d:%d-%d", b.len > 0 ? " " : "",
			    row, from, to);
	}
	return b.data;
}

static void
check_damage(struct term_pane *p, const char *want, const char *what)
{
	char *got = damage_text(p);

	CHECK_STR(got, want, what);
	free(got);
}

static void
console_test_pane_damage(void)
{
	struct term_pane *p;
	struct term_cell c;
	char *cause = NULL;
	char *full;

	p = term_pane_new(5, 20, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	full = damage_text(p);
	CHECK_STR(full, "0:0-20 1:0-20 2:0-20 3:0-20 4:0-20", "new pane");
	free(full);
	term_pane_clean(p);
	CU_ASSERT_FALSE(term_pane_damaged(p));
	check_damage(p, "", "clean");

	/* Text: its cells, and the cursor's old and new cells. */
	term_pane_feed(p, "abc", 3);
	CU_ASSERT_TRUE(term_pane_damaged(p));
	check_damage(p, "0:0-4", "abc at home");
	term_pane_clean(p);

	/* Cursor movement and reverse video far away: only those rows. */
	term_pane_feed(p, "\033[4;10H\033[7mXY\033[0m", 17);
	check_damage(p, "0:3-4 3:9-12", "CUP then reverse XY");
	term_pane_cell(p, 3, 9, &c);
	CHECK_STR(c.text, "X", "cell 3,9");
	CU_ASSERT_TRUE(c.attrs & TERM_ATTR_REVERSE);
	term_pane_cell(p, 0, 1, &c);
	CHECK_STR(c.text, "b", "cell 0,1");
	CU_ASSERT_FALSE(c.attrs & TERM_ATTR_REVERSE);
	term_pane_clean(p);

	/* A sequence split between two reads still works. */
	term_pane_feed(p, "\033[1", 3);
	term_pane_feed(p, ";1HZ", 4);
	term_pane_cell(p, 0, 0, &c);
	CHECK_STR(c.text, "Z", "split CUP");
	term_pane_clean(p);

	/* Colour, bold. */
	term_pane_feed(p, "\033[2;1H\033[1;34;47mB\033[0m", 20);
	term_pane_cell(p, 1, 0, &c);
	CU_ASSERT_TRUE(c.attrs & TERM_ATTR_BOLD);
	CU_ASSERT_EQUAL(c.fg, 4);
	CU_ASSERT_EQUAL(c.bg, 7);
	term_pane_cell(p, 1, 1, &c);
	CU_ASSERT_EQUAL(c.fg, -1);
	term_pane_clean(p);

	/* Nothing changes: nothing to draw (writing the same character
	 * again is damage libvterm reports; an empty feed is not). */
	term_pane_feed(p, "", 0);
	check_damage(p, "", "empty feed");

	/* Scrolling moves every row. */
	term_pane_feed(p, "\033[5;1H\n", 7);
	full = damage_text(p);
	CHECK_STR(full, "0:0-20 1:0-20 2:0-20 3:0-20 4:0-20", "scroll");
	free(full);
	term_pane_cell(p, 2, 9, &c);
	CHECK_STR(c.text, "X", "XY scrolled up a row");
	term_pane_clean(p);

	/* Resizing damages all of the new size. */
	term_pane_resize(p, 3, 10);
	check_damage(p, "0:0-10 1:0-10 2:0-10", "resize");
	term_pane_free(p);
}

static void
console_test_pane_modes(void)
{
	struct term_pane *p;
	char *cause = NULL, out[64];
	size_t n;
	int row, col, vis;

	p = term_pane_new(24, 80, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_FALSE(term_pane_app_cursor(p));
	term_pane_feed(p, "\033[?1h", 5);
	CU_ASSERT_TRUE(term_pane_app_cursor(p));
	term_pane_feed(p, "\033[?1l", 5);
	CU_ASSERT_FALSE(term_pane_app_cursor(p));
	/* The probe is not sent to the far side. */
	CU_ASSERT_EQUAL(term_pane_take_output(p, out, sizeof out), 0);
	/* A cursor position report is. */
	term_pane_feed(p, "\033[3;7H\033[6n", 10);
	n = term_pane_take_output(p, out, sizeof out - 1);
	out[n] = '\0';
	CHECK_STR(out, "\033[3;7R", "DSR answer");
	term_pane_cursor(p, &row, &col, &vis);
	CU_ASSERT_EQUAL(row, 2);
	CU_ASSERT_EQUAL(col, 6);
	CU_ASSERT_TRUE(vis);
	term_pane_feed(p, "\033[?25l", 6);
	term_pane_cursor(p, &row, &col, &vis);
	CU_ASSERT_FALSE(vis);
	term_pane_free(p);
}

static void
pane_feed_str(struct term_pane *p, const char *s)
{
	term_pane_feed(p, s, strlen(s));
}

/* A smaller pane keeps libvterm's cursor and scroll region inside it
 * (libvterm 0.1.4 left the cursor on row -1 and the region below the
 * pane; the next erase wrote outside its rows). */
static void
console_test_pane_shrink(void)
{
	struct term_pane *p;
	struct term_cell c;
	char *cause = NULL, out[64];
	size_t n;
	int row, col, vis;

	p = term_pane_new(5, 10, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* A line on the last row, the cursor home: one row less pushes the
	 * top line out and the cursor would go above the pane. */
	pane_feed_str(p, "\033[5;1HL\033[1;3H");
	term_pane_resize(p, 4, 10);
	term_pane_cursor(p, &row, &col, &vis);
	CU_ASSERT_EQUAL(row, 0);
	CU_ASSERT_EQUAL(col, 2);
	term_pane_feed(p, "\033[6n", 4);
	n = term_pane_take_output(p, out, sizeof out - 1);
	out[n] = '\0';
	CHECK_STR(out, "\033[1;3R", "the far side's cursor is inside");
	term_pane_cell(p, 3, 0, &c);
	CHECK_STR(c.text, "L", "the last line stays at the bottom");
	term_pane_feed(p, "\033[J", 3);
	term_pane_cell(p, 3, 0, &c);
	CHECK_STR(c.text, " ", "erased below");
	term_pane_free(p);

	/* A scroll region at the bottom of ten rows, then five rows: the
	 * region is reset as xterm does, a line feed at the bottom scrolls
	 * the whole pane. */
	p = term_pane_new(10, 10, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pane_feed_str(p, "\033[8;10r\033[1;1HT");
	term_pane_resize(p, 5, 10);
	pane_feed_str(p, "\033[5;1H\n\033[M\033[L");
	term_pane_cell(p, 0, 0, &c);
	CHECK_STR(c.text, " ", "the top line scrolled out");
	term_pane_free(p);
}

/* A CSI of more than 16 parameters is dropped whole, also one too long
 * to hold back; what follows it is drawn (libvterm 0.1.4 wrote the 17th
 * past its array). */
static void
console_test_pane_many_params(void)
{
	struct term_pane *p;
	struct term_cell c;
	char *cause = NULL, seq[256];
	int n;

	p = term_pane_new(5, 20, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pane_feed_str(p, "\033[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1mA");
	term_pane_cell(p, 0, 0, &c);
	CHECK_STR(c.text, "A", "the text after it");
	CU_ASSERT_FALSE(c.attrs & TERM_ATTR_BOLD);
	/* Sixteen parameters are still libvterm's. */
	pane_feed_str(p, "\033[0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;1mB");
	term_pane_cell(p, 0, 1, &c);
	CHECK_STR(c.text, "B", "sixteen parameters");
	CU_ASSERT_TRUE(c.attrs & TERM_ATTR_BOLD);
	/* Longer than what is held back: its start went on to libvterm,
	 * which is told to forget it. */
	n = snprintf(seq, sizeof seq, "\033[0m\033[%0100d;;;;;;;;;;;;;;;;;;;;1mC",
	    7);
	term_pane_feed(p, seq, (size_t)n);
	term_pane_cell(p, 0, 2, &c);
	CHECK_STR(c.text, "C", "a long one");
	CU_ASSERT_FALSE(c.attrs & TERM_ATTR_BOLD);
	/* A sequence cut short by the ESC of one that is dropped (a REP
	 * with nothing to repeat): libvterm must not take the next byte as
	 * the first one's final (it looped on "ESC [ ;" then "b"). */
	term_pane_free(p);
	p = term_pane_new(5, 20, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pane_feed_str(p, "\033[;;\033[;bA");
	term_pane_cell(p, 0, 0, &c);
	CHECK_STR(c.text, "A", "after a dropped REP");
	term_pane_free(p);
}

static void
console_test_log_format(void)
{
	struct buf b = {0};
	int start = 1;
	char *tz = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC0", 1);
	tzset();
	buf_addstr(&b, "");
	console_log_format(&b, "boot\r\nlog", 9, 0, &start);
	CU_ASSERT_FALSE(start);
	console_log_format(&b, "in: \r\n\r\n", 8, 60, &start);
	CU_ASSERT_TRUE(start);
	console_log_format(&b, "x", 1, 3600, &start);
	CHECK_STR(b.data, "[1970-01-01 00:00:00] boot\n"
	    "[1970-01-01 00:00:00] login: \n"
	    "[1970-01-01 00:01:00] \n"
	    "[1970-01-01 01:00:00] x", "log lines");
	buf_free(&b);
	if (tz != NULL)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
}

static void
console_add_tests(CU_pSuite s)
{
	CU_add_test(s, "keys to VT bytes", console_test_key_bytes);
	CU_add_test(s, "pane damage", console_test_pane_damage);
	CU_add_test(s, "pane modes and answers", console_test_pane_modes);
	CU_add_test(s, "pane shrink", console_test_pane_shrink);
	CU_add_test(s, "pane drops what libvterm cannot hold",
	    console_test_pane_many_params);
	CU_add_test(s, "log lines", console_test_log_format);
}
