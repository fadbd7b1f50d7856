/* libFuzzer target for the smartctl --json parser (backends/disks/smart-json.c). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "smart-json.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smart_info s;
	char *cause = NULL;
	int rc;

	memset(&s, 0, sizeof s);
	rc = smart_json_parse((const char *)data, size, &s, &cause);
	if (rc != 0 && rc != -1)
		abort();
	if ((rc == 0) != (s.valid == 1) || (rc == -1) != (cause != NULL))
		abort();
	if (rc == -1 && (s.error == NULL || strcmp(s.error, cause) != 0))
		abort();
	disk_erc_name(s.erc);
	disk_health_name(s.health);
	free(cause);
	smart_info_clear(&s);

	/* The same output as a run that exited with the first byte as its
	 * status: the note never breaks the contract. */
	cause = NULL;
	memset(&s, 0, sizeof s);
	rc = smart_json_parse_run((const char *)data, size,
	    size > 0 ? data[0] : 0, 0, &s, &cause);
	if ((rc == 0) != (s.valid == 1) || (rc == -1) != (cause != NULL))
		abort();
	if (rc == -1 && (s.error == NULL || strcmp(s.error, cause) != 0))
		abort();
	free(cause);
	smart_info_clear(&s);
	return 0;
}
