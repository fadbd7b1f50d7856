/* Key names: turn "C-a", "PgDn", "M-x" or "é" into key codes and back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "curses-wrap.h"
#include "keys.h"

#define KEY_MOD_CTRL 0x1
#define KEY_MOD_META 0x2

#define KEY_FKEYS 63 /* curses has room for F0..F63 */

struct key_name {
	const char *name;
	int key;
};

/* The name key_to_name() gives each of these keys. */
static const struct key_name key_names[] = {
	{ "Tab", KEYC_TAB },
	{ "Enter", KEYC_ENTER },
	{ "Esc", KEYC_ESCAPE },
	{ "Space", KEYC_SPACE },
	{ "Backspace", KEYC_BSPACE },
	{ "Up", KEYC_FUNC | KEY_UP },
	{ "Down", KEYC_FUNC | KEY_DOWN },
	{ "Left", KEYC_FUNC | KEY_LEFT },
	{ "Right", KEYC_FUNC | KEY_RIGHT },
	{ "Home", KEYC_FUNC | KEY_HOME },
	{ "End", KEYC_FUNC | KEY_END },
	{ "PgUp", KEYC_FUNC | KEY_PPAGE },
	{ "PgDn", KEYC_FUNC | KEY_NPAGE },
	{ "Insert", KEYC_FUNC | KEY_IC },
	{ "Delete", KEYC_FUNC | KEY_DC },
	{ "BTab", KEYC_FUNC | KEY_BTAB },
	{ "KPEnter", KEYC_FUNC | KEY_ENTER },
	{ "Resize", KEYC_FUNC | KEY_RESIZE },
	{ "Mouse", KEYC_FUNC | KEY_MOUSE },
};

/* Other names accepted for the same keys. */
static const struct key_name key_aliases[] = {
	{ "Return", KEYC_ENTER },
	{ "Escape", KEYC_ESCAPE },
	{ "BSpace", KEYC_BSPACE },
	{ "Hash", '#' },
	{ "PageUp", KEYC_FUNC | KEY_PPAGE },
	{ "PPage", KEYC_FUNC | KEY_PPAGE },
	{ "PageDown", KEYC_FUNC | KEY_NPAGE },
	{ "NPage", KEYC_FUNC | KEY_NPAGE },
	{ "IC", KEYC_FUNC | KEY_IC },
	{ "DC", KEYC_FUNC | KEY_DC },
	{ "Shift-Tab", KEYC_FUNC | KEY_BTAB },
	{ "S-Tab", KEYC_FUNC | KEY_BTAB },
};

#define KEY_NITEMS(a) (sizeof(a) / sizeof(a)[0])

int
keys_from_wch(int rc, unsigned long ch)
{
	int key;

	if (rc == KEY_CODE_YES) {
		if (ch > KEYC_MASK)
			return KEYC_NONE;
		key = KEYC_FUNC | (int)ch;
	} else if (rc == OK) {
		if (ch > KEYC_MASK)
			return KEYC_NONE;
		key = (int)ch;
	} else
		return KEYC_NONE;
	return key_is_valid(key) ? key : KEYC_NONE;
}

int
key_normalise(int key)
{
	int meta, base;

	if (key < 0)
		return key;
	meta = key & KEYC_META;
	base = key & ~KEYC_META;
	if (base == '\n' || base == (KEYC_FUNC | KEY_ENTER))
		base = KEYC_ENTER;
	else if (base == (KEYC_FUNC | KEY_BACKSPACE))
		base = KEYC_BSPACE;
	return base | meta;
}

int
key_is_valid(int key)
{
	int code;

	if (key < 0 || (key & ~(KEYC_FUNC | KEYC_META | KEYC_MASK)) != 0)
		return 0;
	code = key & KEYC_MASK;
	if (key & KEYC_FUNC)
		return code >= KEY_MIN && code <= 0xffff;
	return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
}

/* ASCII-only case folding: key names must not depend on the locale. */
static int
key_name_equal(const char *a, const char *b)
{
	unsigned char ca, cb;

	for (;; a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return 0;
		if (ca == '\0')
			return 1;
	}
}

static int
key_table_find(const struct key_name *table, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (key_name_equal(table[i].name, name))
			return table[i].key;
	}
	return KEYC_NONE;
}

static const char *
key_table_name(int key)
{
	size_t i;

	for (i = 0; i < KEY_NITEMS(key_names); i++) {
		if (key_names[i].key == key)
			return key_names[i].name;
	}
	return NULL;
}

/* The code point of the one UTF-8 character s holds, or KEYC_NONE. */
static int
key_utf8_decode(const char *s)
{
	static const int least[] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s;
	int cp, n, i;

	if (p[0] < 0x80) {
		n = 0;
		cp = p[0];
	} else if ((p[0] & 0xe0) == 0xc0) {
		n = 1;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 3;
		cp = p[0] & 0x07;
	} else
		return KEYC_NONE;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return KEYC_NONE;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (p[0] == '\0' || p[n + 1] != '\0' || cp < least[n])
		return KEYC_NONE;
	return key_is_valid(cp) ? cp : KEYC_NONE;
}

/* Encode a valid code point as UTF-8 into out (5 bytes or more). */
static void
key_utf8_encode(int cp, char *out)
{
	unsigned char *p = (unsigned char *)out;

	if (cp < 0x80)
		*p++ = (unsigned char)cp;
	else if (cp < 0x800) {
		*p++ = (unsigned char)(0xc0 | (cp >> 6));
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*p++ = (unsigned char)(0xe0 | (cp >> 12));
		*p++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*p++ = (unsigned char)(0xf0 | (cp >> 18));
		*p++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*p++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*p = '\0';
}

/* A number in the given base made of 1 to maxdigits digits, or -1. */
static long
key_parse_number(const char *s, int base, size_t maxdigits)
{
	long v = 0;
	size_t n;
	int d;

	for (n = 0; s[n] != '\0'; n++) {
		if (n == maxdigits)
			return -1;
		if (s[n] >= '0' && s[n] <= '9')
			d = s[n] - '0';
		else if (base == 16 && s[n] >= 'a' && s[n] <= 'f')
			d = s[n] - 'a' + 10;
		else if (base == 16 && s[n] >= 'A' && s[n] <= 'F')
			d = s[n] - 'A' + 10;
		else
			return -1;
		v = v * base + d;
	}
	return n == 0 ? -1 : v;
}

/* F1..F63, Key-N (any curses code) and U+XXXX (any code point). */
static int
key_numbered_from_name(const char *name)
{
	long v;

	if (name[0] == 'F' || name[0] == 'f') {
		v = key_parse_number(name + 1, 10, 2);
		if (v >= 1 && v <= KEY_FKEYS)
			return KEYC_FUNC | KEY_F((int)v);
	} else if (strncmp(name, "Key-", 4) == 0 ||
	    strncmp(name, "key-", 4) == 0) {
		v = key_parse_number(name + 4, 10, 5);
		if (v >= KEY_MIN && v <= 0xffff)
			return KEYC_FUNC | (int)v;
	} else if (name[0] == 'U' && name[1] == '+') {
		v = key_parse_number(name + 2, 16, 6);
		if (v >= 0 && key_is_valid((int)v))
			return (int)v;
	}
	return KEYC_NONE;
}

/* A key name without modifiers. */
static int
key_base_from_name(const char *name)
{
	int key;

	key = key_utf8_decode(name);
	if (key > KEYC_SPACE && key != KEYC_BSPACE)
		return key;
	key = key_table_find(key_names, KEY_NITEMS(key_names), name);
	if (key == KEYC_NONE)
		key = key_table_find(key_aliases, KEY_NITEMS(key_aliases), name);
	if (key == KEYC_NONE)
		key = key_numbered_from_name(name);
	return key;
}

/* The modifier that name starts with and its length, or 0. */
static int
key_modifier(const char *name, size_t *len)
{
	if (name[0] == '^' && name[1] != '\0') {
		*len = 1;
		return KEY_MOD_CTRL;
	}
	if (name[0] == '\0' || name[1] != '-' || name[2] == '\0')
		return 0;
	*len = 2;
	if (name[0] == 'C' || name[0] == 'c')
		return KEY_MOD_CTRL;
	if (name[0] == 'M' || name[0] == 'm')
		return KEY_MOD_META;
	return 0;
}

/* The control key for key: C-a is 1, C-Space and C-@ 0, C-? Backspace. */
static int
key_apply_ctrl(int key)
{
	if (key == ' ' || key == '@')
		return 0;
	if (key == '?')
		return KEYC_BSPACE;
	if (key >= 'a' && key <= 'z')
		return key - 'a' + 1;
	if (key >= 'A' && key <= '_')
		return KEYC_CTRL(key);
	return KEYC_NONE;
}

int
key_from_name(const char *name)
{
	int mods = 0, m, key;
	size_t len;

	while ((m = key_modifier(name, &len)) != 0) {
		if (mods & m)
			return KEYC_NONE;
		mods |= m;
		name += len;
	}
	key = key_base_from_name(name);
	if (key != KEYC_NONE && (mods & KEY_MOD_CTRL))
		key = key_apply_ctrl(key);
	if (key != KEYC_NONE && (mods & KEY_MOD_META))
		key |= KEYC_META;
	return key;
}

/* The name of a key without KEYC_META. */
static void
key_base_name(int key, char *out, size_t size)
{
	const char *name = key_table_name(key);
	int code = key & KEYC_MASK;

	if (name != NULL)
		snprintf(out, size, "%s", name);
	else if ((key & KEYC_FUNC) && code >= KEY_F(1) &&
	    code <= KEY_F(KEY_FKEYS))
		snprintf(out, size, "F%d", code - KEY_F0);
	else if (key & KEYC_FUNC)
		snprintf(out, size, "Key-%d", code);
	else if (key == 0)
		snprintf(out, size, "C-Space");
	else if (key <= 26)
		snprintf(out, size, "C-%c", 'a' + key - 1);
	else if (key < KEYC_SPACE)
		snprintf(out, size, "C-%c", key | 0x40);
	else if (key >= 0x80 && key < 0xa0)
		snprintf(out, size, "U+%04X", (unsigned)key);
	else
		key_utf8_encode(key, out);
}

const char *
key_to_name(int key, char *buf, size_t len)
{
	char base[KEYC_NAME_MAX];

	if (len == 0)
		return buf;
	if (!key_is_valid(key)) {
		snprintf(buf, len, "Invalid");
		return buf;
	}
	key_base_name(key & ~KEYC_META, base, sizeof base);
	snprintf(buf, len, "%s%s", (key & KEYC_META) ? "M-" : "", base);
	return buf;
}
