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
struct host_facts;
struct bmc_target;
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
	char *sysroot;          /* a fixture tree (on the far side for an
				   SSH host), or NULL: the machine itself */
	char **tags;            /* the inventory's `tags` */
	size_t tag_count;
	struct transport *transport; /* NULL for a BMC alone: no files */
	int remote;             /* reached over the network (SSH) */
	struct bmc_target *bmc; /* its BMC, or NULL */
	struct transport *bmc_transport; /* a BMC reached through its SSH
				   (bmc->ssh): that login, no remote sh;
				   else NULL */
	unsigned bmc_said;      /* BMC_SAID_*: what the inventory or the
				   command line said of it (the rest comes
				   from FreeIPMI's config file) */
	char *reach;            /* how it is reached, for host_reach() */
	enum host_state state;
	long long failing_since; /* wall clock seconds, 0 when up */
	char *failure;          /* why, or NULL */
	struct backoff backoff; /* retries of a failing host */
	unsigned seed;          /* the backoff's jitter */
	long long retry_ms;     /* monotonic: the next try of a failing host */
	struct app *app;        /* the app it belongs to */
	/* Kernel, uptime, load, round trip: read by the core (app.c) on a
	 * worker through the transport, replaced in its done(). */
	struct host_facts *facts; /* the last that were read, or NULL */
	char *facts_error;      /* why the last read failed, or NULL */
	int facts_reading;      /* a facts job is queued or running */
	int facts_jobs;         /* jobs holding the host until the scheduler
				   is through with them */
	long long next_facts_ms; /* monotonic: the next read */
	struct panel_state *panels; /* one per screen, screens_list order */
};

/* The inventory file to read: --inventory's, or the default
 * ($XDG_CONFIG_HOME/rackcon/hosts or ~/.config/rackcon/hosts). Fresh. */
char *hosts_default_path(void);
/* What the command line says about the hosts to load. */
struct hosts_source {
	const char *inventory;   /* --inventory FILE, or NULL: the default */
	const char *sysroot;     /* --sysroot DIR, or NULL */
	const char *ssh_config;  /* -F FILE for the inventory's ssh hosts */
	int sudo;                /* --sudo: for ssh hosts that say nothing */
	int batch;               /* never ask the user (batch mode) */
	int command_timeout_ms;
	const char *jumps;       /* -J: for a --bmc ssh:// */
	/* --bmc: the one host's BMC (with --sysroot, the tree's; else a
	 * BMC alone). Refused with an inventory, whose entries name their
	 * BMCs. */
	const struct bmc_target *bmc;
	unsigned bmc_said;
};

/*
 * Make the host list: the inventory's entries in file order (the file at
 * src->inventory, which must exist; or the default one when it exists
 * and no sysroot is given), and *from_inventory 1; else one host,
 * "local", for this machine or the sysroot tree. With both an inventory
 * and a sysroot, the inventory's `local` entries read the tree. An `ssh`
 * entry gets an SSH transport as host_ssh_transport() makes one (with
 * src->ssh_config), connected later; one it refuses is an error of that
 * entry's `ssh` line. An inventory that cannot be read (or that others
 * could write) or has errors is an error: -1 with "FILE:LINE: ..."
 * messages in *errors (free with string_list_free) and no hosts. The ssh
 * config's skipped lines are in *errors as warnings even on success.
 * Start-up only.
 */
int hosts_load(const struct hosts_source *src, struct host **hosts,
    size_t *count, int *from_inventory, char ***errors,
    size_t *error_count);
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
/* Give host h the BMC b (copied); said: BMC_SAID_*. */
void host_set_bmc(struct host *h, const struct bmc_target *b,
    unsigned said);
/* For a BMC reached through its SSH (h->bmc->ssh): that login's transport
 * (h->bmc_transport; no remote sh), through jumps (-J's words, or NULL)
 * and OpenSSH's config (config_file: -F, or NULL). Nothing for another
 * host. 0, or -1 with *cause. Start-up only. */
int host_set_bmc_ssh(struct host *h, const char *config_file,
    const char *jumps, int batch, int command_timeout_ms, char **cause);
/*
 * What the hosts' BMCs do not say, from FreeIPMI's config file
 * (freeipmi_conf_path()), as FreeIPMI's tools take it. Read only when a
 * host has a BMC. A file that cannot be read (other than missing) or has
 * errors: -1 with "FILE:LINE: ..." in *errors. Start-up only.
 */
int hosts_fill_bmc(struct host *hosts, size_t count, char ***errors,
    size_t *error_count);
/* Whether h has what a screen needs (SCREEN_NEEDS_*, screen.h); else
 * why not (fresh) in *why when why is not NULL. */
int host_has(const struct host *h, unsigned needs, char **why);
/* The host called name, or NULL. */
struct host *hosts_find(struct host *hosts, size_t count, const char *name);
/* How the host is reached, for the status line and the Hosts panel:
 * "this machine", "sysroot /srv/a", "BMC 10.0.0.9:623", "ssh
 * root@web3, BMC 10.0.0.9:623". */
const char *host_reach(const struct host *h);

#endif
