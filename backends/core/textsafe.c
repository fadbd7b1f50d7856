/* Text from outside made safe for a terminal and for JSON: one decoder, one rule. */
#include "config.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "textsafe.h"
#include "xmalloc.h"

int
text_decode(const char *s, size_t len, size_t *used)
{
	static const int least[] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i;
	int cp;

	*used = 1;
	if (p[0] < 0x80)
		return p[0];
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 1;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 3;
		cp = p[0] & 0x07;
	} else
		return TEXT_INVALID;
	if (n >= len)
		return TEXT_INVALID;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return TEXT_INVALID;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return TEXT_INVALID;
	*used = n + 1;
	return cp;
}

int
text_is_unsafe(int cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 1; /* TEXT_INVALID, C0, DEL, C1 */
	if (cp < 0x600)
		return 0;
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 &&
	    cp <= 0x2069) || cp == 0xfeff;
}

char *
text_safe(const char *s, int flags)
{
	struct buf b = {0};
	size_t len, used;
	int cp;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	buf_addstr(&b, "");
	while (len > 0) {
		cp = text_decode(s, len, &used);
		if (cp == '\n' && (flags & TEXT_KEEP_NL))
			buf_add(&b, "\n", 1);
		else if (text_is_unsafe(cp) ||
		    ((flags & TEXT_ASCII) && cp >= 0x80))
			buf_add(&b, "?", 1);
		else
			buf_add(&b, s, used);
		s += used;
		len -= used;
	}
	return b.data;
}

int
text_locale_utf8(void)
{
	const char *set = nl_langinfo(CODESET);

	return set != NULL && (strcmp(set, "UTF-8") == 0 ||
	    strcmp(set, "utf8") == 0);
}

void
text_warn(const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	safe = text_safe(msg, TEXT_KEEP_NL | (text_locale_utf8() ? 0 :
	    TEXT_ASCII));
	fprintf(stderr, "rackcon: %s\n", safe);
	free(safe);
	free(msg);
}
