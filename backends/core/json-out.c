/* Writing JSON text: escaped strings and numbers into a struct buf. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "json-out.h"
#include "textsafe.h"

/*
 * Valid UTF-8 is copied; what text_is_unsafe() flags is escaped as \uXXXX
 * (so the JSON is safe to cat to a terminal too), and invalid bytes become
 * U+FFFD, so the output is always JSON.
 */
void
json_put_string(struct buf *b, const char *s)
{
	char esc[16];
	size_t len, used;
	int cp;

	if (s == NULL) {
		buf_addstr(b, "null");
		return;
	}
	len = strlen(s);
	buf_addstr(b, "\"");
	while (len > 0) {
		cp = text_decode(s, len, &used);
		if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			buf_add(b, esc, 2);
		} else if (cp == '\n')
			buf_addstr(b, "\\n");
		else if (cp == '\t')
			buf_addstr(b, "\\t");
		else if (cp == '\r')
			buf_addstr(b, "\\r");
		else if (cp == TEXT_INVALID)
			buf_addstr(b, "\\ufffd");
		else if (text_is_unsafe(cp)) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			buf_addstr(b, esc);
		} else
			buf_add(b, s, used);
		s += used;
		len -= used;
	}
	buf_addstr(b, "\"");
}

void
json_put_key(struct buf *b, const char *key, int first)
{
	if (!first)
		buf_addstr(b, ",");
	json_put_string(b, key);
	buf_addstr(b, ":");
}
