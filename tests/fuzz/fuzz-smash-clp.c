/* libFuzzer target: the SMASH-CLP SOL dialog (backends/ipmi/smash-clp.c) fed a BMC's arbitrary bytes, split arbitrarily. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smash-clp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one run did: where it ended, what it sent. */
struct run {
	enum smash_step step;
	size_t end;       /* bytes taken: the console starts here when up */
	char sends[256];
	char *why;
};

/* The next chunk's length at pos: whole (mode 0), one byte (1), or a
 * length the input's own bytes choose (2). */
static size_t
chunk_len(const uint8_t *data, size_t size, size_t pos, int mode)
{
	if (mode == 0)
		return size - pos;
	if (mode == 1)
		return 1;
	return data[pos] % 9 + 1 < size - pos ? data[pos] % 9 + 1 : size - pos;
}

static void
feed_all(const uint8_t *data, size_t size, int mode, struct run *r)
{
	struct smash_dialog d;
	size_t pos = 0, end, used, sends = 0;
	enum smash_step step = SMASH_MORE;

	memset(r, 0, sizeof *r);
	smash_dialog_init(&d);
	while (pos < size && (step == SMASH_MORE || step == SMASH_SEND)) {
		end = pos + chunk_len(data, size, pos, mode);
		while (pos < end) {
			step = smash_dialog_feed(&d, (const char *)data + pos,
			    end - pos, &used);
			if (used > end - pos || smash_dialog_waiting_for(&d) ==
			    NULL || (d.why != NULL) != (step == SMASH_FAILED))
				abort();
			pos += used;
			if (step == SMASH_MORE && pos != end)
				abort();
			if (step != SMASH_SEND)
				break;
			/* a command, NUL-terminated, ending in CR; at most
			 * cd, cd relative and start */
			if (used == 0 || memchr(d.send, '\0', sizeof d.send) ==
			    NULL || d.send[0] == '\0' ||
			    d.send[strlen(d.send) - 1] != '\r' || ++sends > 3)
				abort();
			strcat(r->sends, d.send);
		}
	}
	if (step == SMASH_UP || step == SMASH_FAILED) {
		if (smash_dialog_feed(&d, "x", 1, &used) != step || used != 0)
			abort();
		if (step == SMASH_FAILED && (d.why == NULL || strlen(d.why) >
		    3 * SMASH_ANSWER_MAX + 200))
			abort();
	}
	r->step = step;
	r->end = pos;
	r->why = d.why != NULL ? strdup(d.why) : NULL;
	smash_dialog_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, parts;
	size_t i;
	int mode;

	feed_all(data, size, 0, &whole);
	for (mode = 1; mode <= 2; mode++) {
		feed_all(data, size, mode, &parts);
		/* the same decisions, the same words, wherever it was cut */
		if (parts.step != whole.step ||
		    strcmp(parts.sends, whole.sends) != 0 ||
		    (parts.why == NULL) != (whole.why == NULL) ||
		    (parts.why != NULL && strcmp(parts.why, whole.why) != 0))
			abort();
		/* only SMASH_UP's start may move, over a prefix of "(press"
		 * a split held (smash-clp.h) */
		if (whole.step == SMASH_UP && parts.end != whole.end) {
			if (parts.end < whole.end ||
			    parts.end - whole.end >= strlen("(press"))
				abort();
			for (i = whole.end; i < parts.end; i++) {
				if (data[i] == '\0' || strchr("(pPrReEsS",
				    data[i]) == NULL)
					abort();
			}
		} else if (parts.end != whole.end)
			abort();
		free(parts.why);
	}
	free(whole.why);
	return 0;
}
