/* libFuzzer target: FreeIPMI's config file and the BMC words of the command line and inventory (backends/core/bmc-target.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bmc-target.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
no_control(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
	}
}

/* The first line as each of the words a user types. */
static void
words(const char *text)
{
	struct bmc_target t;
	char *line = xstrndup(text, strcspn(text, "\n")), *cause = NULL, *a;

	bmc_target_init(&t);
	if (bmc_target_set_address(&t, line, &cause) == 0) {
		/* A host is whole and printable; the address round-trips.
		 * A BMC reached through its SSH may leave the port to
		 * OpenSSH's config (0). */
		if (t.host == NULL || *t.host == '\0' ||
		    t.port < (t.ssh != NULL ? 0 : 1) || t.port > 65535 ||
		    strpbrk(t.host, " []/") != NULL)
			abort();
		a = bmc_target_address(&t);
		if (bmc_target_set_address(&t, a, &cause) != 0)
			abort();
		free(a);
	} else {
		no_control(cause);
		free(cause);
	}
	cause = NULL;
	if (bmc_target_set_workarounds(&t, line, &cause) != 0) {
		no_control(cause);
		free(cause);
	}
	cause = NULL;
	if (bmc_target_set_cipher(&t, line, &cause) == 0) {
		if (t.cipher_suite <= 0 || t.cipher_suite > 17)
			abort();
	} else {
		no_control(cause);
		free(cause);
	}
	bmc_target_clear(&t);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct freeipmi_conf c;
	char *text = xmalloc(size + 1), **errors = NULL;
	size_t n = 0, i;

	memcpy(text, data, size);
	text[size] = '\0';
	if (freeipmi_conf_parse("freeipmi.conf", text, &c, &errors, &n) != n)
		abort();
	/* What it takes is within IPMI's bounds, never cipher 0. */
	if ((c.username != NULL && strlen(c.username) > BMC_USER_MAX) ||
	    (c.password != NULL && strlen(c.password) > BMC_PASSWORD_MAX) ||
	    c.cipher_suite == 0 || c.cipher_suite > 17 ||
	    (c.privilege != -1 && (c.privilege < 2 || c.privilege > 4)) ||
	    c.session_timeout_ms == 0)
		abort();
	/* Messages carry no control bytes from the input. */
	for (i = 0; i < n; i++)
		no_control(errors[i]);
	string_list_free(errors, n);
	freeipmi_conf_free(&c);
	words(text);
	free(text);
	return 0;
}
