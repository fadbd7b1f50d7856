/*
 * Hosts: the machines one rackcon shows. A host has a name, the way it is
 * reached (this machine or a fixture tree now; SSH and BMCs later), the
 * transport its plugins and changes use, a state (up, or failing since when
 * and why, and when it is tried again) and one panel state per screen: the
 * plugin handle, the latest snapshot, the refresh state and the table's
 * selection, filter and sort. What a screen shows is (host, panel).
 *
 * Without an inventory there is one host, "local" (this machine, or the
 * --sysroot tree). With one (--inventory FILE, or ~/.config/rackcon/hosts
 * when it exists), its entries in file order.
 *
 * No curses, no I/O beyond what inventory loading names. Everything here
 * belongs to the UI thread (or batch mode's one thread).
 */
#ifndef RACKCON_HOST_H
#define RACKCON_HOST_H

#include <stddef.h>

#include "worker.h"

struct panel_state;
struct transport;
struct options;
struct app;

enum host_state {
	HOST_STARTING, /* nothing read yet */
	HOST_UP,       /* the last refresh of every panel worked */
	HOST_FAILING   /* a refresh failed: since, why, next retry */
};

struct host {
	char *name;             /* "local", an inventory entry's name */
	char *sysroot;          /* a fixture tree, or NULL: this machine */
	struct transport *transport;
	int remote;             /* reached over the network (SSH) */
	enum host_state state;
	long long failing_since; /* wall clock seconds, 0 when up */
	char *failure;          /* why, or NULL */
	struct backoff backoff; /* retries of a failing host */
	unsigned seed;          /* the backoff's jitter */
	long long retry_ms;     /* monotonic: the next try of a failing host */
	struct app *app;        /* the app it belongs to */
	struct panel_state *panels; /* one per screen, screens_list order */
};

/* The inventory file to read: --inventory's, or the default
 * ($XDG_CONFIG_HOME/rackcon/hosts or ~/.config/rackcon/hosts). Fresh. */
char *hosts_default_path(void);
/*
 * Make the host list: the inventory's entries in file order (the file at
 * inventory, which must exist; or the default one when it exists and no
 * sysroot is given), and *from_inventory 1; else one host, "local", for
 * this machine or the sysroot tree. With both an inventory and a
 * sysroot, the inventory's `local` entries read the tree. An inventory
 * that cannot be read (or that others could write) or has errors is an
 * error: -1 with "FILE:LINE: ..." messages in *errors (free with
 * string_list_free) and no hosts. Start-up only.
 */
int hosts_load(const char *inventory, const char *sysroot,
    struct host **hosts, size_t *count, int *from_inventory,
    char ***errors, size_t *error_count);
/*
 * One host reached over SSH as req names it (host-ssh.h), called as typed.
 * Returns 0, or -1 with the reason in *errors (config lines skipped are
 * there too, as warnings, even on success: *error_count may grow). Start-up
 * only.
 */
struct host_ssh_request;
int hosts_load_ssh(struct host_ssh_request *req, struct host **hosts,
    size_t *count, char ***errors, size_t *error_count);
void host_free(struct host *h);
/* The host called name, or NULL. */
struct host *hosts_find(struct host *hosts, size_t count, const char *name);
/* How the host is reached, for the status line and the Hosts panel:
 * "this machine", "sysroot /srv/a". */
const char *host_reach(const struct host *h);

#endif
