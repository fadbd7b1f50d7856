/* libFuzzer target: a BMC's authentication capabilities answer and the audit's state file (backends/ipmi/ipmi-audit.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi-audit.h"
#include "ipmi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
audit_unknown(struct ipmi_audit *a)
{
	memset(a, 0, sizeof *a);
	a->anonymous_login = a->null_usernames = a->auth_none = -1;
	a->auth_straight = a->auth_md2 = a->auth_md5 = a->ipmi20 = -1;
	a->cipher0 = a->factory = IPMI_PROBE_NOT_RUN;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipmi_audit a, b;
	char *cause = NULL, *text;
	const char *p;

	audit_unknown(&a);
	if (ipmi_authcap_parse(data, size, &a, &cause) == 0) {
		if (!a.authcap_read || a.auth_none < 0 || a.anonymous_login < 0)
			abort();
	} else if (cause == NULL || a.authcap_read)
		abort();
	free(cause);

	/* The state file: what is read is written back as it was read. */
	audit_unknown(&a);
	ipmi_audit_state_parse((const char *)data, size, &a);
	if ((a.cipher0 != IPMI_PROBE_NOT_RUN && a.cipher0_at <= 0) ||
	    (a.factory != IPMI_PROBE_NOT_RUN && a.factory_at <= 0))
		abort();
	for (p = a.factory_users; p != NULL && *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			abort();
	}
	text = ipmi_audit_state_format(&a);
	audit_unknown(&b);
	ipmi_audit_state_parse(text, strlen(text), &b);
	if (b.cipher0 != a.cipher0 || b.cipher0_at != a.cipher0_at ||
	    b.factory != a.factory || b.factory_at != a.factory_at ||
	    (a.factory_users == NULL) != (b.factory_users == NULL) ||
	    (a.factory_users != NULL &&
	    strcmp(a.factory_users, b.factory_users) != 0))
		abort();
	free(text);
	ipmi_audit_clear(&a);
	ipmi_audit_clear(&b);
	return 0;
}
