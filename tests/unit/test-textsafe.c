/* Unit tests for the one text sanitizer (textsafe.c) and JSON strings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "strutil.h"
#include "textsafe.h"
#include "unit.h"

UNIT_SUITE("textsafe", add_tests)

static const struct {
	const char *in;
	int flags;
	const char *out;
} safe_cases[] = {
	{ "WDC WD40EFRX", 0, "WDC WD40EFRX" },
	{ "", 0, "" },
	{ "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", 0,
	    "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80" },
	/* OSC title with BEL, CSI clear screen, DEL, tab, newline */
	{ "a\033]0;t\007b\033[2Jc\x7f\td\ne", 0, "a?]0;t?b?[2Jc??d?e" },
	{ "a\nb\tc", TEXT_KEEP_NL, "a\nb?c" },
	/* invalid UTF-8: stray bytes, truncated, overlong, surrogate, > max */
	{ "\xff\xfe", 0, "??" },
	{ "x\xe2\x80", 0, "x??" },
	{ "\xc0\xaf", 0, "??" },
	{ "\xe0\x80\xaf", 0, "???" },
	{ "\xed\xa0\x80", 0, "???" },
	{ "\xf4\x90\x80\x80", 0, "????" },
	/* C1 (U+009B CSI, U+0085 NEL) */
	{ "\xc2\x9b" "1m\xc2\x85", 0, "?1m?" },
	/* bidi: U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C */
	{ "\xe2\x80\xaa\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8e"
	    "\xe2\x80\x8f\xd8\x9c", 0, "???????" },
	/* zero width: U+200B..U+200D, U+2060, U+FEFF; separators U+2028/9 */
	{ "a\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf"
	    "\xe2\x80\xa8\xe2\x80\xa9z", 0, "a???????z" },
	/* neighbours that are fine: U+00A0, U+2010 hyphen, U+206A.. */
	{ "\xc2\xa0\xe2\x80\x90", 0, "\xc2\xa0\xe2\x80\x90" },
	{ "caf\xc3\xa9\033", TEXT_ASCII, "caf??" },
};

static void
test_safe(void)
{
	size_t i;
	char *out;

	for (i = 0; i < sizeof safe_cases / sizeof safe_cases[0]; i++) {
		out = text_safe(safe_cases[i].in, safe_cases[i].flags);
		CU_ASSERT_STRING_EQUAL(out, safe_cases[i].out);
		free(out);
	}
	CU_ASSERT_PTR_NULL(text_safe(NULL, 0));
}

static void
test_decode(void)
{
	size_t used;

	CU_ASSERT_EQUAL(text_decode("A", 1, &used), 'A');
	CU_ASSERT_EQUAL(used, 1);
	CU_ASSERT_EQUAL(text_decode("\xe2\x80\xae", 3, &used), 0x202e);
	CU_ASSERT_EQUAL(used, 3);
	CU_ASSERT_EQUAL(text_decode("\xe2\x80\xae", 2, &used), TEXT_INVALID);
	CU_ASSERT_EQUAL(used, 1);
	CU_ASSERT_EQUAL(text_decode("\xf0\x9f\x98\x80", 4, &used), 0x1f600);
	CU_ASSERT_EQUAL(used, 4);
	CU_ASSERT(text_is_unsafe(TEXT_INVALID));
	CU_ASSERT(text_is_unsafe(0x1b));
	CU_ASSERT(text_is_unsafe(0x9b));
	CU_ASSERT(!text_is_unsafe(' '));
	CU_ASSERT(!text_is_unsafe(0xe9));
}

static void
test_json(void)
{
	struct buf b = {0};

	buf_addstr(&b, "");
	json_put_string(&b, "a\"\\\n\t\r\033]0;t\007\xff\xe2\x80\xae"
	    "\xe2\x80\x8b\xc2\x9b\xc3\xa9\xef\xbb\xbf");
	CU_ASSERT_STRING_EQUAL(b.data, "\"a\\\"\\\\\\n\\t\\r\\u001b]0;t\\u0007"
	    "\\ufffd\\u202e\\u200b\\u009b\xc3\xa9\\ufeff\"");
	buf_free(&b);
	buf_addstr(&b, "");
	json_put_string(&b, NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "null");
	buf_free(&b);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "text_safe", test_safe);
	CU_add_test(s, "text_decode and text_is_unsafe", test_decode);
	CU_add_test(s, "json_put_string", test_json);
}
