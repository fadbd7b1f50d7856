/* Writing JSON text: escaped strings and numbers into a struct buf. */
#include "config.h"

#include <stdio.h>

#include "json-out.h"

void
json_put_string(struct buf *b, const char *s)
{
	const unsigned char *p;
	char esc[8];

	if (s == NULL) {
		buf_addstr(b, "null");
		return;
	}
	buf_addstr(b, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_addstr(b, "\\\"");
			break;
		case '\\':
			buf_addstr(b, "\\\\");
			break;
		case '\n':
			buf_addstr(b, "\\n");
			break;
		case '\t':
			buf_addstr(b, "\\t");
			break;
		case '\r':
			buf_addstr(b, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				buf_addstr(b, esc);
			} else
				buf_add(b, (const char *)p, 1);
		}
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
