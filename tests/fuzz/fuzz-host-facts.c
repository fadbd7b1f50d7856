/* libFuzzer target: a host's uptime, load and kernel parsers (backends/core/host-facts.c). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host-facts.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1), *k;
	const char *p;
	long long up = -1;
	double load[3];
	int i;

	memcpy(text, data, size);
	text[size] = '\0';
	/* What parses is a plain number: never negative, never NaN. */
	if (host_facts_parse_uptime(text, &up) == 0 && up < 0)
		abort();
	if (host_facts_parse_loadavg(text, load) == 0) {
		for (i = 0; i < 3; i++)
			if (!isfinite(load[i]) || load[i] < 0)
				abort();
	}
	/* The kernel is one line, cut, with nothing a terminal acts on. */
	k = host_facts_parse_kernel(text);
	if (k != NULL) {
		if (*k == '\0' || strlen(k) > HOST_FACTS_KERNEL_MAX)
			abort();
		for (p = k; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	}
	free(k);
	free(text);
	return 0;
}
