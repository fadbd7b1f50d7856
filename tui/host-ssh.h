/*
 * A host named as ssh(1) names one (`web3`, `root@web3`,
 * `ssh://root@web3:2222`, with -p and -J), resolved through OpenSSH's own
 * configuration (-F FILE, else ~/.ssh/config then /etc/ssh/ssh_config,
 * first value winning) into an SSH transport. The command line (or an
 * inventory entry's keywords) beats the config: user@ and -l before User,
 * -p before Port, -J before ProxyJump.
 *
 * Start-up only (UI thread, before workers): it reads the config files,
 * and connects nothing (the transport connects on first use, on a
 * worker).
 */
#ifndef RACKCON_HOST_SSH_H
#define RACKCON_HOST_SSH_H

#include <stddef.h>

struct transport;

struct host_ssh_request {
	const char *name;        /* the host's name in rackcon, or NULL */
	const char *destination; /* as typed: "web3", "u@h", "ssh://..." */
	int port;                /* -p, or 0 */
	const char *user;        /* -l (an inventory's `user`), or NULL */
	const char *jumps;       /* -J, or NULL */
	const char *config_file; /* -F, or NULL */
	const char *sysroot;     /* on the far side, or NULL */
	int sudo;
	int batch;
	int command_timeout_ms;
	int no_shell;            /* a BMC's SSH: log in only, no remote sh */
	/* Out: config lines skipped, "FILE:LINE: why" (free with
	 * host_ssh_request_clear). */
	char **warnings;
	size_t warning_count;
};

/* The transport for req, or NULL with *cause (a bad destination, an
 * unsupported setting, no SSH module). */
struct transport *host_ssh_transport(struct host_ssh_request *req,
    char **cause);
void host_ssh_request_clear(struct host_ssh_request *req);

#endif
