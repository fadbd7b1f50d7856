/* libFuzzer target: the ssh_config resolver (backends/core/ssh-config.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssh-config.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int reads;

/* An Include reads the input again, so nesting is fuzzed too; only 20
 * times an input, to keep the runs fast (the limits have unit tests). */
static int
fuzz_read(void *arg, const char *path, char **text)
{
	(void)path;
	if (reads++ >= 20)
		return -1;
	*text = xstrdup(arg);
	return 0;
}

static int
fuzz_glob(void *arg, const char *pattern, char ***paths, size_t *count)
{
	(void)arg;
	*paths = NULL;
	*count = 0;
	if (strchr(pattern, '*') == NULL)
		return -1;
	strv_push(paths, count, pattern);
	strv_push(paths, count, "/etc/ssh/second");
	return 0;
}

static void
check_string(const char *s)
{
	if (s != NULL && strlen(s) > (size_t)1 << 20)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssh_config_env env = {"/home/ops", "ops", "web1", fuzz_read,
	    fuzz_glob, NULL};
	struct ssh_host_config c;
	char *text = xmalloc(size + 1), **warnings = NULL;
	const char *p;
	size_t n = 0, i;

	memcpy(text, data, size);
	text[size] = '\0';
	env.arg = text;
	reads = 0;
	ssh_host_config_init(&c);
	ssh_config_apply(&c, text, "user", 0, "web1", &env, &warnings, &n);
	ssh_config_apply(&c, text, "system", 1, "web1", &env, &warnings, &n);
	/* Lists are whole and NULL-terminated; hops are words. */
	if (c.identity_files[c.identity_count] != NULL ||
	    c.proxy_jumps[c.proxy_jump_count] != NULL ||
	    (c.proxy_jump_count > 0 && !c.proxy_jump_set))
		abort();
	for (i = 0; i < c.identity_count; i++)
		check_string(c.identity_files[i]);
	for (i = 0; i < c.proxy_jump_count; i++) {
		if (*c.proxy_jumps[i] == '\0' ||
		    strpbrk(c.proxy_jumps[i], " \t,\"'") != NULL)
			abort();
	}
	if (c.port < 0 || c.port > 65535 || c.connect_timeout < 0)
		abort();
	/* Messages never carry control bytes from the input. */
	for (i = 0; i < n; i++) {
		for (p = warnings[i]; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	}
	(void)ssh_config_match_list("web1", text, ", ");
	string_list_free(warnings, n);
	ssh_host_config_clear(&c);
	free(text);
	return 0;
}
