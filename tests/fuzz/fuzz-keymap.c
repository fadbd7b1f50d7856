/* libFuzzer target: keymap files and key names, with round-trip checks. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_keymap_check(const char *name, void *arg)
{
	(void)name;
	(void)arg;
	return 0;
}

/* Every key must come back from its own name. */
static void
fuzz_keymap_round_trip(int key)
{
	char buf[KEYC_NAME_MAX];

	if (!key_is_valid(key))
		return;
	key_to_name(key, buf, sizeof buf);
	if (key_from_name(buf) != key)
		abort();
}

static void
fuzz_keymap_lookups(const struct keymap *km)
{
	static const char *const contexts[] = { NULL, "global", "table",
		"disks", "nosuch" };
	const char *context, *command;
	size_t i, c;
	int key;

	for (i = 0; keymap_get(km, i, &context, &key, &command) == 0; i++) {
		fuzz_keymap_round_trip(key);
		if (keymap_find(km, context, key) != command)
			abort();
		for (c = 0; c < sizeof contexts / sizeof contexts[0]; c++)
			(void)keymap_lookup(km, contexts[c], key);
	}
	for (key = 0; key < 300; key++)
		(void)keymap_lookup(km, "disks", key);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap *km;
	char *text, **errors = NULL;
	size_t n = 0;
	int bad;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	fuzz_keymap_round_trip(key_from_name(text));
	km = keymap_new();
	bad = keymap_parse(km, "fuzz", text, fuzz_keymap_check, NULL, &errors,
	    &n);
	if (bad < 0 || (size_t)bad != n)
		abort();
	fuzz_keymap_lookups(km);
	string_list_free(errors, n);
	keymap_free(km);
	free(text);
	return 0;
}
