/* Editing one line of UTF-8 text (see line-edit.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "line-edit.h"
#include "ui-internal.h"
#include "xmalloc.h"

/* Room for len bytes and a NUL. A larger buffer is a fresh one and the
 * old is wiped before it is freed: the line may be a secret being typed. */
static void
line_edit_reserve(struct line_edit *le, size_t len)
{
	char *text;

	if (le->size < len + 1) {
		text = xmalloc(len + 64);
		if (le->text != NULL) {
			memcpy(text, le->text, le->size);
			explicit_bzero(le->text, le->size);
			free(le->text);
		}
		le->text = text;
		le->size = len + 64;
	}
}

void
line_edit_set(struct line_edit *le, const char *text)
{
	le->len = strlen(text);
	line_edit_reserve(le, le->len);
	memcpy(le->text, text, le->len + 1);
	le->cursor = le->len;
}

void
line_edit_insert(struct line_edit *le, const char *bytes, size_t n)
{
	line_edit_reserve(le, le->len + n);
	memmove(le->text + le->cursor + n, le->text + le->cursor,
	    le->len - le->cursor + 1);
	memcpy(le->text + le->cursor, bytes, n);
	le->len += n;
	le->cursor += n;
}

/* Byte offset of the character before / after offset at. */
static size_t
line_edit_prev(const struct line_edit *le, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)le->text[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t
line_edit_next(const struct line_edit *le, size_t at)
{
	if (at >= le->len)
		return le->len;
	at++;
	while (at < le->len && ((unsigned char)le->text[at] & 0xc0) == 0x80)
		at++;
	return at;
}

static void
line_edit_delete(struct line_edit *le, size_t from, size_t to)
{
	memmove(le->text + from, le->text + to, le->len - to + 1);
	le->len -= to - from;
	le->cursor = from;
}

int
line_edit_key(struct line_edit *le, int key)
{
	char utf8[8];
	size_t n;

	if (le->text == NULL)
		line_edit_set(le, "");
	switch (key) {
	case KEYC_FUNC | KEY_LEFT:
	case 2: /* C-b */
		le->cursor = line_edit_prev(le, le->cursor);
		return 0;
	case KEYC_FUNC | KEY_RIGHT:
	case 6: /* C-f */
		le->cursor = line_edit_next(le, le->cursor);
		return 0;
	case KEYC_FUNC | KEY_HOME:
	case 1: /* C-a */
		le->cursor = 0;
		return 0;
	case KEYC_FUNC | KEY_END:
	case 5: /* C-e */
		le->cursor = le->len;
		return 0;
	case KEYC_FUNC | KEY_BACKSPACE:
	case 127:
	case 8:
		line_edit_delete(le, line_edit_prev(le, le->cursor),
		    le->cursor);
		return 1;
	case KEYC_FUNC | KEY_DC:
	case 4: /* C-d */
		line_edit_delete(le, le->cursor,
		    line_edit_next(le, le->cursor));
		return 1;
	case 21: /* C-u */
		line_edit_delete(le, 0, le->cursor);
		return 1;
	case 11: /* C-k */
		le->text[le->cursor] = '\0';
		le->len = le->cursor;
		return 1;
	}
	if (key < 32 || (key & (KEYC_FUNC | KEYC_META)) != 0)
		return -1;
	n = utf8_encode(key, utf8);
	line_edit_insert(le, utf8, n);
	return 1;
}

void
line_edit_free(struct line_edit *le)
{
	free(le->text);
	memset(le, 0, sizeof *le);
}
