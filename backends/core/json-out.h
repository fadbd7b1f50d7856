/* Writing JSON text: escaped strings and numbers into a struct buf. */
#ifndef RACKCON_JSON_OUT_H
#define RACKCON_JSON_OUT_H

#include "strutil.h"

/* Append s as a JSON string literal ("null" when s is NULL): controls,
 * bidi and zero-width characters escaped, invalid UTF-8 as \ufffd. */
void json_put_string(struct buf *b, const char *s);
/* Append "key": (with a leading comma unless first). */
void json_put_key(struct buf *b, const char *key, int first);

#endif
