/* Lab client of the IPMI plugin: one snapshot of a BMC as --list prints it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmc-target.h"
#include "clock.h"
#include "ipmi.h"
#include "json-out.h"
#include "plugin.h"
#include "screen.h"
#include "strutil.h"
#include "xmalloc.h"

/*
 * ipmi-client ADDR USER WORKAROUNDS TIMEOUT_MS LISTING
 *     the password from IPMI_PASSWORD (-E); LISTING is ipmi-users or
 *     ipmi-power. Prints the listing's JSON as `rackcon --list LISTING
 *     --json` does (the same screen hooks), or the plugin's error on
 *     stderr with exit 1; then "ms N" (the snapshot's time) on stderr.
 * The IPMI plugin is linked in (ipmi_plugin), the screen from
 * screens/ipmi.c. Until `rackcon --bmc` reaches the plugin, this is how
 * the lab drives it with a struct bmc_target built by hand.
 */
extern const struct plugin_descriptor ipmi_plugin;
extern const struct screen ipmi_screen;

static void
put_cell(struct buf *b, const struct cell *c)
{
	switch (c->kind) {
	case CELL_STR:
		json_put_string(b, c->str);
		break;
	case CELL_NUM:
	case CELL_BYTES:
		buf_printf(b, "%lld", c->num);
		break;
	case CELL_BOOL:
		buf_addstr(b, c->num ? "true" : "false");
		break;
	default:
		buf_addstr(b, "null");
		break;
	}
}

static void
print_list(const struct screen *s, const void *snap)
{
	struct view v = { snap, NULL };
	struct buf b = {0};
	struct cell c;
	size_t row, col, n = s->row_count(&v);

	buf_addstr(&b, "[");
	for (row = 0; row < n; row++) {
		buf_addstr(&b, row > 0 ? ",\n{" : "\n{");
		for (col = 0; col < s->column_count; col++) {
			json_put_key(&b, s->columns[col].key, col == 0);
			s->cell(&v, row, col, &c);
			put_cell(&b, &c);
		}
		if (s->json_extra != NULL)
			s->json_extra(&v, row, &b);
		buf_addstr(&b, "}");
	}
	buf_addstr(&b, "\n]\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

int
main(int argc, char **argv)
{
	struct bmc_target t;
	struct plugin_target target;
	struct plugin_host host;
	const struct screen *list = NULL;
	char *cause = NULL;
	void *h, *snap;
	long long t0;
	size_t i;

	if (argc != 6) {
		fprintf(stderr, "usage: ipmi-client ADDR USER WORKAROUNDS "
		    "TIMEOUT_MS ipmi-users|ipmi-power\n");
		return 2;
	}
	for (i = 0; i < ipmi_screen.list_count; i++) {
		if (strcmp(ipmi_screen.lists[i]->name, argv[5]) == 0)
			list = ipmi_screen.lists[i];
	}
	bmc_target_init(&t);
	if (list == NULL || bmc_target_set_address(&t, argv[1], &cause) != 0 ||
	    bmc_target_set_workarounds(&t, argv[3], &cause) != 0) {
		fprintf(stderr, "ipmi-client: %s\n", cause != NULL ? cause :
		    "no such listing");
		return 2;
	}
	t.user = xstrdup(argv[2]);
	t.password_from = BMC_PASSWORD_ENV;
	t.timeout_ms = atoi(argv[4]);
	memset(&target, 0, sizeof target);
	target.host = argv[1];
	target.bmc = &t;
	memset(&host, 0, sizeof host);
	host.abi = PLUGIN_ABI;
	host.target = &target;
	if ((h = ipmi_plugin.open(&host, &cause)) == NULL) {
		fprintf(stderr, "ipmi-client: %s\n", cause);
		return 1;
	}
	t0 = clock_now_ms();
	snap = ipmi_plugin.snapshot(h, 0, NULL, &cause);
	fprintf(stderr, "ms %lld\n", clock_now_ms() - t0);
	if (snap == NULL) {
		fprintf(stderr, "ipmi-client: %s\n", cause);
		free(cause);
		ipmi_plugin.close(h);
		bmc_target_clear(&t);
		return 1;
	}
	print_list(list, snap);
	ipmi_plugin.free_snapshot(snap);
	ipmi_plugin.close(h);
	bmc_target_clear(&t);
	return 0;
}
