/*
 * The inventory: the hosts rackcon knows, in the shape admins know from
 * ssh_config. A `host NAME` line starts an entry; indented `keyword value`
 * lines describe it; a line whose first non-blank is `#` is a comment:
 *
 *     # two fixture trees and this machine
 *     host here
 *         local
 *     host lab-a
 *         sysroot /srv/fixtures/a
 *     host web3
 *         ssh web3.example.org
 *         user admin
 *         port 2222
 *         jump bastion,gw2
 *         sudo yes
 *         tags web,rack4
 *
 * Keywords (case-insensitive, as in ssh_config), each at most once an
 * entry. How the host is reached, one of: `local` (this machine),
 * `sysroot DIR` (a fixture tree; a relative DIR is taken from the
 * inventory file's folder), `ssh DESTINATION` (a remote host named as
 * ssh(1) names one: an alias of the ssh config, [USER@]HOST or
 * ssh://[USER@]HOST[:PORT]). With `ssh`: `port N`, `user NAME`, `jump
 * LIST` (as -J), `sudo yes|no` (as --sudo), and `sysroot DIR`, then a
 * tree on the far side (an absolute path there). For any host: `tags
 * a,b` (names, comma-separated). A value may be double-quoted to hold
 * blanks.
 *
 * A host's BMC (IPMI 2.0 over LAN): `bmc HOST[:PORT]` (port 623 unless
 * said; [V6]:PORT for IPv6), with `bmc-user NAME`, `bmc-cipher N` (3 by
 * default; 0 is refused), `bmc-privilege user|operator|admin`,
 * `bmc-workarounds LIST` (FreeIPMI's names, as -W), and where the
 * password comes from: `bmc-password ask|env|freeipmi` (a no-echo
 * question; $IPMI_PASSWORD; FreeIPMI's config file) or
 * `bmc-password-file PATH` (a file only its owner can read; a relative
 * PATH is taken from the inventory file's folder). An entry with `bmc`
 * and no other way to reach it is a BMC alone. What an entry does not
 * say, FreeIPMI's config file gives when rackcon loads it (bmc_said
 * tells which). `bmc ssh://[USER@]HOST[:PORT]` is a BMC reached through
 * its SSH instead (its SMASH-CLP shell: SOL only), resolved through
 * OpenSSH's config as an ssh host is, through the entry's `jump` hosts
 * (also in an entry without `ssh`).
 *
 * Pure text in, hosts out, no I/O: the caller reads the file (config_read,
 * which refuses one that others could write). Any thread; no state.
 */
#ifndef RACKCON_INVENTORY_H
#define RACKCON_INVENTORY_H

#include <stddef.h>

#include "bmc-target.h"

#define INVENTORY_NAME_MAX 63

enum inventory_reach {
	INVENTORY_LOCAL,   /* this machine */
	INVENTORY_SYSROOT, /* a fixture tree: sysroot DIR */
	INVENTORY_SSH,     /* a remote host: ssh DESTINATION */
	INVENTORY_BMC      /* a BMC alone: bmc ADDRESS, nothing else */
};

struct inventory_host {
	char *name;                /* [A-Za-z0-9._-], 1..63, not "-" first */
	enum inventory_reach reach;
	char *sysroot;             /* INVENTORY_SYSROOT: the tree's path;
				      INVENTORY_SSH: the tree on the far
				      side, or NULL */
	char *destination;         /* INVENTORY_SSH: as written */
	int port;                  /* INVENTORY_SSH: port N, or 0 */
	char *user;                /* INVENTORY_SSH: user NAME, or NULL */
	char *jumps;               /* INVENTORY_SSH, or a BMC reached through
				      its SSH: jump LIST, or NULL */
	int sudo;                  /* INVENTORY_SSH: 1 yes, 0 no, -1 not
				      said (--sudo decides) */
	char **tags;               /* tags a,b: in file order, no repeats */
	size_t tag_count;
	int line;                  /* the `host` line, from 1 */
	int ssh_line;              /* INVENTORY_SSH: the `ssh` line */
	struct bmc_target *bmc;    /* its BMC, or NULL */
	unsigned bmc_said;         /* BMC_SAID_*: what the entry said */
	int bmc_line;              /* the `bmc` line */
};

struct inventory {
	struct inventory_host *hosts; /* in file order */
	size_t count;
};

/*
 * Parse text (the file at source, used for messages and relative paths)
 * into *out. A bad line, or an entry that says nothing or two things
 * about how it is reached, becomes "SOURCE:LINE: message" in *errors and
 * that entry is left out; the other entries load. Returns the number of
 * errors. Free out with inventory_free(), errors with string_list_free().
 */
size_t inventory_parse(const char *source, const char *text,
    struct inventory *out, char ***errors, size_t *error_count);
void inventory_free(struct inventory *inv);
/* The host called name, or NULL. */
const struct inventory_host *inventory_find(const struct inventory *inv,
    const char *name);

#endif
