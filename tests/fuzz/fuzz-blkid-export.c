/* libFuzzer target: the `blkid -o export` parser (backends/disks/blkid-export.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blkid-export.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blkid_export *e;
	char *text = xmalloc(size + 1);
	size_t bad, i;

	memcpy(text, data, size);
	text[size] = '\0';
	e = blkid_export_parse(text, &bad);
	for (i = 0; i < e->n; i++) {
		/* Every device is found by its own name, values are never
		 * empty strings, and no value holds a newline. */
		if (e->v[i].devname == NULL ||
		    blkid_export_find(e, e->v[i].devname) == NULL ||
		    strchr(e->v[i].devname, '\n') != NULL)
			abort();
		if ((e->v[i].type != NULL && (*e->v[i].type == '\0' ||
		    strchr(e->v[i].type, '\n') != NULL)) ||
		    (e->v[i].label != NULL && *e->v[i].label == '\0'))
			abort();
	}
	blkid_export_free(e);
	free(text);
	return 0;
}
