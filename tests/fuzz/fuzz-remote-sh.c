/* libFuzzer target: the remote sh's answers and prefetch records
 * (backends/core/remote-sh.c), as an SSH peer may send them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "remote-sh.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The tokens the seeds use. */
#define TOKEN "0123456789abcdef0123456789abcdef"
#define SEP   "feedfacefeedfacefeedfacefeedface"

/* An answer found in pieces is the one found whole. */
static void
answer(const char *text, size_t size)
{
	struct remote_sh_scan whole = {0}, parts = {0};
	struct remote_sh_answer a, b;
	size_t n;
	int rc, rc2 = 0;

	rc = remote_sh_answer_parse(&whole, text, size, TOKEN, &a);
	if (rc == 1 && (a.used > size || a.out != text ||
	    a.out_len + a.err_len > size || a.status < 0 || a.status > 255))
		abort();
	for (n = 1; n <= size && rc2 == 0; n++)
		rc2 = remote_sh_answer_parse(&parts, text, n, TOKEN, &b);
	if (rc == 1 && (rc2 != 1 || b.used != a.used ||
	    b.out_len != a.out_len || b.err_len != a.err_len))
		abort();
}

/* Every entry is whole, sorted and found by its own path. */
static void
records(char *text, size_t size)
{
	struct remote_sh_entries e;
	size_t i;

	remote_sh_prefetch_parse(&e, "/root", SEP, text, size);
	for (i = 0; i < e.n; i++) {
		if (e.v[i].path == NULL || strchr("FDL", e.v[i].kind) == NULL ||
		    remote_sh_entries_find(&e, e.v[i].kind, e.v[i].path) ==
		    NULL)
			abort();
		if (e.v[i].kind == 'F' && e.v[i].error == 0 &&
		    (e.v[i].data == NULL || e.v[i].data[e.v[i].len] != '\0'))
			abort();
	}
	remote_sh_entries_free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	text = xmalloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] & 1)
		answer(text, size - 1);
	else
		records(text, size - 1);
	free(text);
	return 0;
}
