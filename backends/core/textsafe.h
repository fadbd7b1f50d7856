/*
 * Text from outside (disk models, names read from /proc and /sys, config
 * values, command arguments) made safe for a terminal and for JSON. The
 * one place that decides which characters may reach either: the TUI's
 * cells, --list text, stderr messages and JSON strings all use it.
 *
 * Unsafe: invalid UTF-8 (a stray byte, an overlong form, a surrogate, a
 * value above U+10FFFF), C0 controls, DEL, C1 controls (U+0080..U+009F),
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069), zero-width characters (U+200B..U+200D, U+2060, U+FEFF)
 * and the line and paragraph separators U+2028, U+2029.
 *
 * Pure functions, safe on any thread; text_warn() writes to stderr.
 */
#ifndef RACKCON_TEXTSAFE_H
#define RACKCON_TEXTSAFE_H

#include <stddef.h>

#define TEXT_INVALID (-1)

/* text_safe() flags. */
#define TEXT_KEEP_NL 0x1 /* keep '\n' (multi-line text such as a plan) */
#define TEXT_ASCII   0x2 /* replace every non-ASCII character too (for a
			    terminal whose locale is not UTF-8) */

/* The code point of the UTF-8 character at s (len > 0 bytes left), or
 * TEXT_INVALID; *used is the bytes it takes (1 for an invalid byte). */
int text_decode(const char *s, size_t len, size_t *used);
/* 1 if code point cp (or TEXT_INVALID) must not reach a terminal as it
 * is, else 0. */
int text_is_unsafe(int cp);
/* s with every unsafe character replaced by one '?'. Fresh string, caller
 * frees; NULL gives NULL. */
char *text_safe(const char *s, int flags);
/* 1 if the locale's character set (LC_CTYPE, as set by setlocale()) is
 * UTF-8, else 0. */
int text_locale_utf8(void);
/* "rackcon: MESSAGE\n" on stderr, the message made safe. */
void text_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
