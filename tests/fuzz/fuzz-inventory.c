/* libFuzzer target: the inventory parser (backends/core/inventory.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	char *text = xmalloc(size + 1), **errors = NULL;
	const char *p;
	size_t n = 0, i;

	memcpy(text, data, size);
	text[size] = '\0';
	if (inventory_parse("dir/hosts", text, &inv, &errors, &n) != n)
		abort();
	/* What loads is whole: a valid, unique name and a way to reach it
	 * without control characters. */
	for (i = 0; i < inv.count; i++) {
		if (inv.hosts[i].name == NULL || *inv.hosts[i].name == '\0' ||
		    strlen(inv.hosts[i].name) > INVENTORY_NAME_MAX ||
		    strpbrk(inv.hosts[i].name, "/ \t") != NULL ||
		    inventory_find(&inv, inv.hosts[i].name) != &inv.hosts[i])
			abort();
		if (inv.hosts[i].reach == INVENTORY_SYSROOT) {
			if (inv.hosts[i].sysroot == NULL)
				abort();
			for (p = inv.hosts[i].sysroot; *p != '\0'; p++)
				if ((unsigned char)*p < 0x20)
					abort();
		}
	}
	/* Messages never carry control bytes from the input. */
	for (i = 0; i < n; i++) {
		for (p = errors[i]; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	}
	string_list_free(errors, n);
	inventory_free(&inv);
	free(text);
	return 0;
}
