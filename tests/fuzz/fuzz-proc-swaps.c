/* libFuzzer target: the /proc/swaps parser (backends/disks/proc-swaps.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc-swaps.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_swaps *s;
	char *text = xmalloc(size + 1);
	const char *name;
	size_t bad, i;

	memcpy(text, data, size);
	text[size] = '\0';
	s = proc_swaps_parse(text, &bad);
	for (i = 0; i < s->n; i++) {
		if (s->v[i].path == NULL || s->v[i].type == NULL ||
		    s->v[i].size_kib < 0 || s->v[i].used_kib < 0)
			abort();
		name = proc_swap_dev_name(&s->v[i]);
		if (name != NULL && (strncmp(s->v[i].path, "/dev/", 5) != 0 ||
		    *name == '\0' || strstr(name, "..") != NULL))
			abort();
	}
	proc_swaps_free(s);
	free(text);
	return 0;
}
