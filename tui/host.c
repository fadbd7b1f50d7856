/* Hosts: the inventory or this machine, each with its transport and panels. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bmc-target.h"
#include "config-file.h"
#include "host.h"
#include "host-facts.h"
#include "host-ssh.h"
#include "inventory.h"
#include "screen.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

char *
hosts_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/rackcon/hosts", xdg);
	return xasprintf("%s/.config/rackcon/hosts",
	    home != NULL ? home : "");
}

/* The text host_reach() gives. */
static void
host_set_reach(struct host *h)
{
	char *bmc = h->bmc != NULL ? bmc_target_address(h->bmc) : NULL;

	free(h->reach);
	if (h->transport == NULL)
		h->reach = xasprintf("BMC %s", bmc != NULL ? bmc : "?");
	else if (bmc != NULL)
		h->reach = xasprintf("%s, BMC %s", h->transport->description,
		    bmc);
	else
		h->reach = xstrdup(h->transport->description);
	free(bmc);
}

/* t: the host's transport (taken), or NULL: the local one for sysroot,
 * unless files is 0 (a BMC alone has none). */
static void
host_init(struct host *h, const char *name, const char *sysroot,
    struct transport *t, int files)
{
	size_t i;

	memset(h, 0, sizeof *h);
	h->name = xstrdup(name);
	h->sysroot = sysroot != NULL ? xstrdup(sysroot) : NULL;
	h->transport = t != NULL ? t : files ? transport_local_new(sysroot) :
	    NULL;
	host_set_reach(h);
	h->state = HOST_STARTING;
	h->panels = xcalloc(screens_count, sizeof *h->panels);
	for (i = 0; i < screens_count; i++) {
		h->panels[i].screen = screens_list[i];
		h->panels[i].host = h;
		h->panels[i].sort_col = -1;
	}
}

/* The one host there is without an inventory. */
static void
hosts_single(const char *sysroot, struct host **hosts, size_t *count)
{
	*hosts = xcalloc(1, sizeof **hosts);
	host_init(&(*hosts)[0], "local", sysroot, NULL, 1);
	*count = 1;
}

/* The transport of inventory entry e, an ssh host; NULL with the reason,
 * as "FILE:LINE: ...", in *errors. */
static struct transport *
entry_ssh_transport(const struct hosts_source *src, const char *path,
    const struct inventory_host *e, char ***errors, size_t *error_count)
{
	struct host_ssh_request req = {0};
	struct transport *t;
	char *cause = NULL, *msg;
	size_t i;

	req.name = e->name;
	req.destination = e->destination;
	req.port = e->port;
	req.user = e->user;
	req.jumps = e->jumps;
	req.config_file = src->ssh_config;
	req.sysroot = e->sysroot;
	req.sudo = e->sudo >= 0 ? e->sudo : src->sudo;
	req.batch = src->batch;
	req.command_timeout_ms = src->command_timeout_ms;
	t = host_ssh_transport(&req, &cause);
	for (i = 0; i < req.warning_count; i++)
		strv_push(errors, error_count, req.warnings[i]);
	host_ssh_request_clear(&req);
	if (t == NULL) {
		msg = xasprintf("%s:%d: host %s: %s", path, e->ssh_line,
		    e->name, cause);
		strv_push(errors, error_count, msg);
		free(msg);
		free(cause);
	}
	return t;
}

/* The hosts of a parsed inventory; -1 when an ssh entry's transport
 * cannot be made (every such entry said). */
static int
hosts_from(const struct hosts_source *src, const char *path,
    const struct inventory *inv, struct host **hosts, size_t *count,
    char ***errors, size_t *error_count)
{
	const struct inventory_host *e;
	struct transport **t = xcalloc(inv->count, sizeof *t);
	struct host *h;
	char *cause = NULL, *msg;
	size_t i, j;
	int failed = 0;

	for (i = 0; i < inv->count; i++) {
		if (inv->hosts[i].reach != INVENTORY_SSH)
			continue;
		t[i] = entry_ssh_transport(src, path, &inv->hosts[i], errors,
		    error_count);
		failed |= t[i] == NULL;
	}
	if (failed) {
		for (i = 0; i < inv->count; i++) {
			if (t[i] != NULL)
				transport_free(t[i]);
		}
		free(t);
		return -1;
	}
	*hosts = xcalloc(inv->count, sizeof **hosts);
	for (i = 0; i < inv->count; i++) {
		e = &inv->hosts[i];
		h = &(*hosts)[i];
		/* --sysroot with an inventory: its `local` entries read the
		 * tree. */
		host_init(h, e->name, e->reach == INVENTORY_LOCAL ?
		    src->sysroot : e->sysroot, t[i], e->reach != INVENTORY_BMC);
		h->remote = e->reach == INVENTORY_SSH;
		if (e->bmc != NULL)
			host_set_bmc(h, e->bmc, e->bmc_said);
		for (j = 0; j < e->tag_count; j++)
			strv_push(&h->tags, &h->tag_count, e->tags[j]);
	}
	*count = inv->count;
	free(t);
	for (i = 0; i < inv->count; i++) {
		e = &inv->hosts[i];
		if (host_set_bmc_ssh(&(*hosts)[i], src->ssh_config, e->jumps,
		    src->batch, src->command_timeout_ms, &cause) == 0)
			continue;
		msg = xasprintf("%s:%d: host %s: %s", path, e->bmc_line,
		    e->name, cause);
		strv_push(errors, error_count, msg);
		free(msg);
		free(cause);
		cause = NULL;
		failed = 1;
	}
	if (failed) {
		for (i = 0; i < inv->count; i++)
			host_free(&(*hosts)[i]);
		free(*hosts);
		*hosts = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

/* config_read(path, required, text), its failure as "WHAT: why" in
 * *errors. -1, 0 read, 1 missing (and not required). */
static int
hosts_read_file(const char *path, int required, const char *what,
    char **text, char ***errors, size_t *error_count)
{
	char *cause = NULL, *msg;
	int rc = config_read(path, required, text, &cause);

	if (rc < 0) {
		msg = xasprintf("%s: %s", what, cause);
		strv_push(errors, error_count, msg);
		free(msg);
		free(cause);
	}
	return rc;
}

/* --bmc: the --sysroot tree and its BMC, or a BMC alone named by its
 * host part; never with an inventory. */
static int
hosts_bmc_single(const struct hosts_source *src, struct host **hosts,
    size_t *count, char ***errors, size_t *error_count)
{
	struct host *h;
	char *cause = NULL;

	if (src->inventory != NULL) {
		strv_push(errors, error_count, "--bmc names one BMC; with "
		    "--inventory, name each host's BMC in its entry (bmc "
		    "ADDRESS)");
		return -1;
	}
	*hosts = xcalloc(1, sizeof **hosts);
	h = &(*hosts)[0];
	if (src->sysroot != NULL)
		host_init(h, "local", src->sysroot, NULL, 1);
	else
		host_init(h, src->bmc->host, NULL, NULL, 0);
	host_set_bmc(h, src->bmc, src->bmc_said);
	*count = 1;
	if (host_set_bmc_ssh(h, src->ssh_config, src->jumps, src->batch,
	    src->command_timeout_ms, &cause) != 0) {
		strv_push(errors, error_count, cause);
		free(cause);
		host_free(h);
		free(*hosts);
		*hosts = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

int
hosts_load(const struct hosts_source *src, struct host **hosts,
    size_t *count, int *from_inventory, char ***errors, size_t *error_count)
{
	const char *inventory = src->inventory, *sysroot = src->sysroot;
	struct inventory inv;
	char *path, *text = NULL, *msg;
	int rc;

	*hosts = NULL;
	*count = 0;
	*from_inventory = 0;
	*errors = NULL;
	*error_count = 0;
	if (src->bmc != NULL)
		return hosts_bmc_single(src, hosts, count, errors,
		    error_count);
	/* --sysroot alone names one tree: the default inventory is not
	 * read then. */
	if (inventory == NULL && sysroot != NULL) {
		hosts_single(sysroot, hosts, count);
		return 0;
	}
	path = inventory != NULL ? xstrdup(inventory) : hosts_default_path();
	/* Read as the config file is: refused when others could write it. */
	rc = hosts_read_file(path, inventory != NULL, "inventory", &text,
	    errors, error_count);
	if (rc < 0) {
		free(path);
		return -1;
	}
	if (rc > 0) {
		free(path);
		hosts_single(sysroot, hosts, count);
		return 0;
	}
	if (inventory_parse(path, text, &inv, errors, error_count) > 0 ||
	    inv.count == 0) {
		if (*error_count == 0) {
			msg = xasprintf("%s: no host entries", path);
			strv_push(errors, error_count, msg);
			free(msg);
		}
		inventory_free(&inv);
		free(text);
		free(path);
		return -1;
	}
	rc = hosts_from(src, path, &inv, hosts, count, errors, error_count);
	*from_inventory = rc == 0;
	inventory_free(&inv);
	free(text);
	free(path);
	return rc;
}

int
hosts_load_ssh(struct host_ssh_request *req, struct host **hosts,
    size_t *count, char ***errors, size_t *error_count)
{
	struct transport *t;
	char *cause = NULL, *msg;
	size_t i;

	*hosts = NULL;
	*count = 0;
	t = host_ssh_transport(req, &cause);
	for (i = 0; i < req->warning_count; i++)
		strv_push(errors, error_count, req->warnings[i]);
	if (t == NULL) {
		msg = xasprintf("%s", cause);
		strv_push(errors, error_count, msg);
		free(msg);
		free(cause);
		return -1;
	}
	*hosts = xcalloc(1, sizeof **hosts);
	host_init(&(*hosts)[0], req->destination, req->sysroot, t, 1);
	(*hosts)[0].remote = 1;
	*count = 1;
	return 0;
}

void
host_free(struct host *h)
{
	free(h->name);
	free(h->sysroot);
	free(h->failure);
	host_facts_free(h->facts);
	free(h->facts_error);
	string_list_free(h->tags, h->tag_count);
	free(h->panels);
	if (h->transport != NULL)
		transport_free(h->transport);
	if (h->bmc_transport != NULL)
		transport_free(h->bmc_transport);
	if (h->bmc != NULL) {
		bmc_target_clear(h->bmc);
		free(h->bmc);
	}
	free(h->reach);
	memset(h, 0, sizeof *h);
}

int
host_set_bmc_ssh(struct host *h, const char *config_file, const char *jumps,
    int batch, int command_timeout_ms, char **cause)
{
	struct host_ssh_request req = {0};
	char *why = NULL;

	if (h->bmc == NULL || h->bmc->ssh == NULL)
		return 0;
	req.name = h->name;
	req.destination = h->bmc->ssh;
	req.user = h->bmc->user;
	req.jumps = jumps;
	req.config_file = config_file;
	req.batch = batch;
	req.command_timeout_ms = command_timeout_ms;
	req.no_shell = 1;
	h->bmc_transport = host_ssh_transport(&req, &why);
	host_ssh_request_clear(&req);
	if (h->bmc_transport == NULL) {
		*cause = xasprintf("BMC %s: %s", h->bmc->ssh, why);
		free(why);
		return -1;
	}
	return 0;
}

void
host_set_bmc(struct host *h, const struct bmc_target *b, unsigned said)
{
	if (h->bmc != NULL)
		bmc_target_clear(h->bmc);
	else
		h->bmc = xmalloc(sizeof *h->bmc);
	bmc_target_copy(h->bmc, b);
	h->bmc_said = said;
	host_set_reach(h);
}

int
hosts_fill_bmc(struct host *hosts, size_t count, char ***errors,
    size_t *error_count)
{
	struct freeipmi_conf conf;
	char *path, *text = NULL, **bad = NULL;
	size_t i, nbad = 0;
	int rc, any = 0;

	for (i = 0; i < count; i++)
		any |= hosts[i].bmc != NULL;
	if (!any)
		return 0;
	path = freeipmi_conf_path();
	/* Read as the config file is: refused when others could write
	 * it; missing is fine. */
	rc = hosts_read_file(path, 0, "FreeIPMI's config", &text, errors,
	    error_count);
	if (rc < 0) {
		free(path);
		return -1;
	}
	if (rc > 0) {
		free(path);
		return 0;
	}
	freeipmi_conf_parse(path, text, &conf, &bad, &nbad);
	wipe_memory(text, strlen(text));
	free(text);
	for (i = 0; i < nbad; i++)
		strv_push(errors, error_count, bad[i]);
	string_list_free(bad, nbad);
	for (i = 0; i < count && nbad == 0; i++) {
		/* Not for a BMC reached through its SSH: no IPMI there. */
		if (hosts[i].bmc != NULL && hosts[i].bmc->ssh == NULL) {
			bmc_target_fill(hosts[i].bmc, hosts[i].bmc_said, &conf,
			    path);
			host_set_reach(&hosts[i]);
		}
	}
	freeipmi_conf_free(&conf);
	free(path);
	return nbad == 0 ? 0 : -1;
}

int
host_has(const struct host *h, unsigned needs, char **why)
{
	if ((needs & SCREEN_NEEDS_FILES) && h->transport == NULL) {
		if (why != NULL)
			*why = xasprintf("host %s is a BMC alone: it has no "
			    "files, disks or arrays to read", h->name);
		return 0;
	}
	if ((needs & SCREEN_NEEDS_BMC) && h->bmc == NULL) {
		if (why != NULL)
			*why = xasprintf("host %s has no BMC (give it one: "
			    "bmc ADDRESS in its inventory entry, or --bmc "
			    "HOST[:PORT])", h->name);
		return 0;
	}
	return 1;
}

struct host *
hosts_find(struct host *hosts, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(hosts[i].name, name) == 0)
			return &hosts[i];
	}
	return NULL;
}

const char *
host_reach(const struct host *h)
{
	return h->reach;
}
