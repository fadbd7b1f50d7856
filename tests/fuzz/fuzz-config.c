/* libFuzzer target: the config file parser and the command-line splitter. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "config-file.h"
#include "strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o;
	char *text = malloc(size + 1), **errors = NULL, **argv = NULL;
	char *cause = NULL;
	size_t n = 0;
	int argc = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	options_defaults(&o);
	config_parse(&o, "fuzz", text, &errors, &n);
	string_list_free(errors, n);
	options_free(&o);
	if (cmd_split(text, &argv, &argc, &cause) == 0)
		string_list_free(argv, (size_t)argc);
	free(cause);
	free(text);
	return 0;
}
