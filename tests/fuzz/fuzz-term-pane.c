/* libFuzzer target: any byte stream (a SOL console's) into a terminal
 * pane, split into reads anywhere, with resizes; every cell and the
 * damage must stay inside the pane. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "term-pane.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_pane_check(struct term_pane *p)
{
	struct term_cell c;
	int rows, cols, row, col, from, to, vis;
	char out[64];

	term_pane_size(p, &rows, &cols);
	for (row = 0; row < rows; row++) {
		if (term_pane_row_damage(p, row, &from, &to) &&
		    (from < 0 || to > cols || from >= to))
			abort();
		for (col = 0; col < cols; col++) {
			term_pane_cell(p, row, col, &c);
			if (strlen(c.text) >= sizeof c.text ||
			    c.width < 0 || c.width > 2)
				abort();
		}
	}
	term_pane_cursor(p, &row, &col, &vis);
	if (row < 0 || row >= rows || col < 0 || col > cols)
		abort();
	(void)term_pane_app_cursor(p);
	while (term_pane_take_output(p, out, sizeof out) > 0)
		;
	term_pane_clean(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct term_pane *p;
	char *cause = NULL;
	size_t i, chunk;

	if (size < 2)
		return 0;
	p = term_pane_new(1 + data[0] % 40, 1 + data[1] % 100, &cause);
	if (p == NULL) {
		free(cause);
		return 0;
	}
	data += 2;
	size -= 2;
	for (i = 0; i < size; i += chunk) {
		/* A byte 0xff starts a resize; the next one's bits say how. */
		if (data[i] == 0xff && i + 2 < size) {
			term_pane_resize(p, 1 + data[i + 1] % 40,
			    1 + data[i + 2] % 100);
			chunk = 3;
			continue;
		}
		chunk = 1 + data[i] % 97;
		if (chunk > size - i)
			chunk = size - i;
		term_pane_feed(p, (const char *)data + i, chunk);
		if (data[i] % 7 == 0)
			fuzz_pane_check(p);
	}
	fuzz_pane_check(p);
	term_pane_free(p);
	return 0;
}
