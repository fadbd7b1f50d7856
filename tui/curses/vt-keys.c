/* Keys back into the bytes a VT sends (vt100, vt220, xterm). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "curses-wrap.h"
#include "keys.h"
#include "vt-keys.h"

enum vt_term
vt_term_from_name(const char *term)
{
	if (term != NULL && strcasecmp(term, "vt100+") == 0)
		return VT_VT100PLUS;
	if (term != NULL && strcasecmp(term, "linux") == 0)
		return VT_LINUX;
	if (term != NULL && (strncasecmp(term, "vt1", 3) == 0 ||
	    strncasecmp(term, "vt2", 3) == 0 ||
	    strncasecmp(term, "vt3", 3) == 0))
		return VT_VT100;
	return VT_XTERM;
}

/* UTF-8 of code point cp into out; its length (0: no code point). */
static size_t
vt_utf8(int cp, char *out)
{
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The sequence of a curses function key, or NULL. */
static const char *
vt_function_key(enum vt_term term, int app_cursor, int code)
{
	static const char *const f_xterm[] = { "\033OP", "\033OQ", "\033OR",
		"\033OS", "\033[15~", "\033[17~", "\033[18~", "\033[19~",
		"\033[20~", "\033[21~", "\033[23~", "\033[24~", "\033[1;2P",
		"\033[1;2Q", "\033[1;2R", "\033[1;2S", "\033[15;2~",
		"\033[17;2~", "\033[18;2~", "\033[19;2~" };
	/* vt220: PF1-PF4, then F6-F20 as CSI n ~ (F5 is local: Break). */
	static const char *const f_vt[] = { "\033OP", "\033OQ", "\033OR",
		"\033OS", NULL, "\033[17~", "\033[18~", "\033[19~",
		"\033[20~", "\033[21~", "\033[23~", "\033[24~", "\033[25~",
		"\033[26~", "\033[28~", "\033[29~", "\033[31~", "\033[32~",
		"\033[33~", "\033[34~" };
	/* The Linux console's F1-F5 (terminfo linux: kf1=\E[[A). */
	static const char *const f_linux[] = { "\033[[A", "\033[[B",
		"\033[[C", "\033[[D", "\033[[E" };
	/* vt100+: a BIOS's console redirection. */
	static const char *const f_plus[] = { "\0331", "\0332", "\0333",
		"\0334", "\0335", "\0336", "\0337", "\0338", "\0339",
		"\0330", "\033!", "\033@" };
	static const struct {
		int code;
		const char *seq;
	} plus[] = {
		{ KEY_HOME, "\033h" }, { KEY_END, "\033k" },
		{ KEY_IC, "\033+" }, { KEY_DC, "\033-" },
		{ KEY_PPAGE, "\033?" }, { KEY_NPAGE, "\033/" },
	};
	static const struct {
		int code;
		const char *normal, *app;
	} keys[] = {
		{ KEY_UP, "\033[A", "\033OA" },
		{ KEY_DOWN, "\033[B", "\033OB" },
		{ KEY_RIGHT, "\033[C", "\033OC" },
		{ KEY_LEFT, "\033[D", "\033OD" },
		{ KEY_HOME, "\033[1~", "\033[1~" },
		{ KEY_END, "\033[4~", "\033[4~" },
		{ KEY_PPAGE, "\033[5~", "\033[5~" },
		{ KEY_NPAGE, "\033[6~", "\033[6~" },
		{ KEY_IC, "\033[2~", "\033[2~" },
		{ KEY_DC, "\033[3~", "\033[3~" },
		{ KEY_BTAB, "\033[Z", "\033[Z" },
		{ KEY_ENTER, "\r", "\r" },
		{ KEY_BACKSPACE, "\177", "\177" },
	};
	size_t i;
	int n;

	if (term == VT_VT100PLUS && code >= KEY_F(1) && code <= KEY_F(12))
		return f_plus[code - KEY_F(1)];
	if (term == VT_VT100PLUS && code > KEY_F(12) && code <= KEY_F(20))
		return NULL;
	if (term == VT_LINUX && code >= KEY_F(1) && code <= KEY_F(5))
		return f_linux[code - KEY_F(1)];
	if (term == VT_LINUX && code == KEY_BTAB)
		return "\033\t";
	if (code >= KEY_F(1) && code <= KEY_F(20)) {
		n = code - KEY_F(1);
		return term == VT_XTERM ? f_xterm[n] : f_vt[n];
	}
	for (i = 0; term == VT_VT100PLUS && i < sizeof plus / sizeof plus[0];
	    i++) {
		if (plus[i].code == code)
			return plus[i].seq;
	}
	if (term == VT_XTERM && code == KEY_HOME)
		return app_cursor ? "\033OH" : "\033[H";
	if (term == VT_XTERM && code == KEY_END)
		return app_cursor ? "\033OF" : "\033[F";
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i].code == code)
			return app_cursor ? keys[i].app : keys[i].normal;
	}
	return NULL;
}

size_t
vt_key_bytes(enum vt_term term, int app_cursor, int key, char *out)
{
	const char *seq;
	size_t n = 0, len;

	if (key < 0)
		return 0;
	if (key & KEYC_META)
		out[n++] = '\033';
	if (key & KEYC_FUNC) {
		seq = vt_function_key(term, app_cursor, key & KEYC_MASK);
		if (seq == NULL)
			return 0;
		len = strlen(seq);
		memcpy(out + n, seq, len);
		return n + len;
	}
	len = vt_utf8(key & KEYC_MASK, out + n);
	return len == 0 ? 0 : n + len;
}
