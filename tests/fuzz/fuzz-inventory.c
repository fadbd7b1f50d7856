/* libFuzzer target: the inventory parser (backends/core/inventory.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "ssh-target.h"
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

/* An ssh entry names a destination ssh_target_parse takes, a port in
 * range, and a far-side sysroot that is absolute; nothing else has
 * them, but for the jumps of a BMC reached through its SSH. */
static void
check_ssh(const struct inventory_host *h)
{
	struct ssh_target t = {0};
	char *cause = NULL;
	int bmc_ssh = h->bmc != NULL && h->bmc->ssh != NULL;

	if (h->reach != INVENTORY_SSH) {
		if (h->destination != NULL || h->port != 0 ||
		    h->user != NULL || (h->jumps != NULL && !bmc_ssh) ||
		    h->sudo != -1)
			abort();
		no_control(h->jumps);
		return;
	}
	if (h->destination == NULL ||
	    ssh_target_parse(h->destination, &t, &cause) != 0)
		abort();
	if (h->port < 0 || h->port > 65535 || (h->port > 0 && t.port > 0) ||
	    (h->user != NULL && t.user != NULL) || h->sudo < -1 ||
	    h->sudo > 1 || (h->sysroot != NULL && h->sysroot[0] != '/') ||
	    h->ssh_line <= h->line)
		abort();
	no_control(h->user);
	no_control(h->jumps);
	ssh_target_clear(&t);
	free(cause);
}

/* A BMC alone has a BMC; a BMC has a host, a port (0 only through its
 * SSH: OpenSSH's config says), never cipher 0; its user at most IPMI's
 * 16 bytes, or, through its SSH, a login name of at most ssh-target.c's
 * 255 (iLO's SSH takes 39). */
static void
check_bmc(const struct inventory_host *h)
{
	const struct bmc_target *b = h->bmc;

	if (h->reach == INVENTORY_BMC && b == NULL)
		abort();
	if (b == NULL) {
		if (h->bmc_said != 0 || h->bmc_line != 0)
			abort();
		return;
	}
	if (b->host == NULL || *b->host == '\0' ||
	    b->port < (b->ssh != NULL ? 0 : 1) ||
	    b->port > 65535 || b->cipher_suite <= 0 ||
	    h->bmc_line <= h->line ||
	    (b->password_from == BMC_PASSWORD_FILE) !=
	    (b->password_file != NULL) ||
	    (b->user != NULL &&
	    strlen(b->user) > (b->ssh != NULL ? 255 : BMC_USER_MAX)))
		abort();
	no_control(b->host);
	no_control(b->ssh);
	no_control(b->user);
	no_control(b->password_file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	char *text = xmalloc(size + 1), **errors = NULL;
	const char *p;
	size_t n = 0, i, j;

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
		if (inv.hosts[i].reach == INVENTORY_SYSROOT &&
		    inv.hosts[i].sysroot == NULL)
			abort();
		no_control(inv.hosts[i].sysroot);
		for (j = 0; j < inv.hosts[i].tag_count; j++) {
			if (*inv.hosts[i].tags[j] == '\0' ||
			    strpbrk(inv.hosts[i].tags[j], ", \t") != NULL)
				abort();
		}
		check_ssh(&inv.hosts[i]);
		check_bmc(&inv.hosts[i]);
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
