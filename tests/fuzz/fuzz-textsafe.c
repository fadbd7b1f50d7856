/* libFuzzer target: the text sanitizer and JSON strings, with invariants. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "strutil.h"
#include "textsafe.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every character of s is valid UTF-8 and safe (newlines allowed). */
static void
fuzz_check_clean(const char *s)
{
	size_t len = strlen(s), used;
	int cp;

	while (len > 0) {
		cp = text_decode(s, len, &used);
		if (cp != '\n' && text_is_unsafe(cp))
			abort();
		s += used;
		len -= used;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), *safe;
	struct buf b = {0};

	memcpy(s, data, size);
	s[size] = '\0';
	safe = text_safe(s, 0);
	fuzz_check_clean(safe);
	if (strchr(safe, '\n') != NULL)
		abort();
	free(safe);
	safe = text_safe(s, TEXT_KEEP_NL);
	fuzz_check_clean(safe);
	free(safe);
	buf_addstr(&b, "");
	json_put_string(&b, s);
	/* JSON output is ASCII controls-free, valid UTF-8 text. */
	fuzz_check_clean(b.data);
	if (strchr(b.data, '\n') != NULL)
		abort();
	buf_free(&b);
	free(s);
	return 0;
}
