/*
 * One line of text being edited: the `:` and `/` prompt and each field of a
 * form. UTF-8 text, the cursor a byte offset on a character boundary.
 * Emacs-style keys as in readline: arrows, Home/End, C-a C-e C-b C-f, BS,
 * Del/C-d, C-u (to the start), C-k (to the end).
 */
#ifndef RACKCON_LINE_EDIT_H
#define RACKCON_LINE_EDIT_H

#include <stddef.h>

struct line_edit {
	char *text; /* never NULL once set */
	size_t len;
	size_t size;
	size_t cursor;
};

/* Replace the text (the cursor goes to its end). */
void line_edit_set(struct line_edit *le, const char *text);
/* Insert n bytes at the cursor. */
void line_edit_insert(struct line_edit *le, const char *bytes, size_t n);
/* Apply an editing key (a keys.h code, normalised): 1 when the text
 * changed, 0 when only the cursor moved, -1 when it is no editing key. */
int line_edit_key(struct line_edit *le, int key);
void line_edit_free(struct line_edit *le);

#endif
