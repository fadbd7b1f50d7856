/* Hosts: the inventory or this machine, each with its transport and panels. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config-file.h"
#include "host.h"
#include "host-facts.h"
#include "host-ssh.h"
#include "inventory.h"
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

/* t: the host's transport (taken), or NULL: the local one for sysroot. */
static void
host_init(struct host *h, const char *name, const char *sysroot,
    struct transport *t)
{
	size_t i;

	memset(h, 0, sizeof *h);
	h->name = xstrdup(name);
	h->sysroot = sysroot != NULL ? xstrdup(sysroot) : NULL;
	h->transport = t != NULL ? t : transport_local_new(sysroot);
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
	host_init(&(*hosts)[0], "local", sysroot, NULL);
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
		    src->sysroot : e->sysroot, t[i]);
		h->remote = e->reach == INVENTORY_SSH;
		for (j = 0; j < e->tag_count; j++)
			strv_push(&h->tags, &h->tag_count, e->tags[j]);
	}
	*count = inv->count;
	free(t);
	return 0;
}

int
hosts_load(const struct hosts_source *src, struct host **hosts,
    size_t *count, int *from_inventory, char ***errors, size_t *error_count)
{
	const char *inventory = src->inventory, *sysroot = src->sysroot;
	struct inventory inv;
	char *path, *text = NULL, *cause = NULL, *msg;
	int rc;

	*hosts = NULL;
	*count = 0;
	*from_inventory = 0;
	*errors = NULL;
	*error_count = 0;
	/* --sysroot alone names one tree: the default inventory is not
	 * read then. */
	if (inventory == NULL && sysroot != NULL) {
		hosts_single(sysroot, hosts, count);
		return 0;
	}
	path = inventory != NULL ? xstrdup(inventory) : hosts_default_path();
	/* Read as the config file is: refused when others could write it. */
	rc = config_read(path, inventory != NULL, &text, &cause);
	if (rc < 0) {
		msg = xasprintf("inventory: %s", cause);
		strv_push(errors, error_count, msg);
		free(msg);
		free(cause);
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
	host_init(&(*hosts)[0], req->destination, req->sysroot, t);
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
	memset(h, 0, sizeof *h);
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
	return h->transport->description;
}
