/*
 * The SSH transport: a remote Linux host's files and programs through one
 * libssh connection, so the plugins and parsers read it as they read this
 * machine. It lives in its own shared object (backends/ssh.so, linked
 * with libssh), loaded the first time a host needs it, so the core binary
 * needs no libssh.
 *
 * Connection: made by the first verb that needs it, on that worker thread;
 * kept and shared by every worker of the host (one verb at a time on it);
 * made again by the next verb after it is lost. A failed connection is
 * remembered for a moment, so the verbs of one refresh fail at once rather
 * than each waiting out the connect timeout. The host key is checked
 * against known_hosts as OpenSSH does; an unknown key is asked about
 * through the job's question channel (declined without an asker: batch
 * mode), a changed key refused. Authentication: the agent (unless
 * identities_only), the identity files (a passphrase asked), then a
 * password or keyboard-interactive answers asked (never in batch mode).
 * Secrets are wiped after use and never logged.
 *
 * Verbs: one remote `sh` per connection reads the requests; every path and
 * argument is quoted for it (shell_quote), every answer comes back framed
 * with its exit status and lengths, so any bytes are safe. A remote
 * sysroot (--sysroot on the far side) prefixes every path and makes
 * SYSROOT/bin the only place programs are looked for, as locally.
 *
 * Streams: a terminal session (a pty and the login's shell, as ssh -tt
 * opens it) or a direct-tcpip channel (direct-streamlocal@openssh.com for a
 * unix socket, the sysroot prefixed) on the same connection, relayed to
 * a socketpair by a thread of the transport's own (started with the first
 * stream, joined by free) and by any worker waiting for an answer, so a
 * stream flows while a refresh runs. A refused unix socket is looked at
 * on the far side (one request) to tell ENOENT, ENOTSOCK and
 * ECONNREFUSED apart; sshd's AllowTcpForwarding or
 * AllowStreamLocalForwarding "no" is EACCES. Streams end when the
 * connection is dropped (a verb past its deadline drops it too).
 *
 * Deadlines and cancel: every verb waits for its answer until its
 * deadline (run's timeout_ms, else command_timeout_ms, else 30 s; the
 * stream's timeout_ms for its channel) or until the calling job is
 * cancelled (job_current), checked every 100 ms; the request is then
 * given up with its connection (ECONNABORTED: whether it ran is unknown;
 * run says timed_out). The wait for a handshake slot is cancellable too;
 * the TCP connect and SSH handshake themselves are bounded by
 * ConnectTimeout (connect_timeout_s), not by the verb's deadline.
 */
#ifndef RACKCON_TRANSPORT_SSH_H
#define RACKCON_TRANSPORT_SSH_H

#include <stddef.h>

#include "transport.h"

struct transport_ssh_options {
	const char *name; /* as the user named the host, for messages */
	const char *host; /* address or name to connect to */
	const char *user; /* NULL: the local user's name */
	int port;         /* 0: 22 */
	char *const *identity_files; /* NULL-terminated; NULL: the defaults */
	int identities_only;         /* no agent keys */
	const char *known_hosts;     /* NULL: ~/.ssh/known_hosts */
	const char *global_known_hosts; /* NULL: /etc/ssh/ssh_known_hosts */
	int connect_timeout_s;       /* 0: 10 */
	int alive_interval_s;        /* 0: 5 (a silent peer is dead in 15 s) */
	const char *kex_algorithms;  /* full lists or NULL: libssh's */
	const char *host_key_algorithms;
	const char *macs;
	const char *ciphers;
	const char *sysroot;  /* on the far side, or NULL */
	int sudo;             /* a non-root login runs programs with sudo -n */
	int batch;            /* never ask the user anything */
	int command_timeout_ms; /* a verb without its own deadline */
	int no_shell;         /* the far side has no POSIX sh (a BMC's
				 SMASH-CLP): the connection only logs in;
				 streams work, the verbs that read files or
				 run programs fail (EOPNOTSUPP) */
	/* Jump hosts in order, each resolved as a host of its own (name,
	 * host, user, port, keys, known_hosts); the last reaches host. */
	const struct transport_ssh_options *jumps;
	size_t jump_count;
};

/* The module's descriptor, exported as rackcon_transport_ssh. */
#define TRANSPORT_SSH_ABI 2
struct transport_ssh_module {
	int abi;
	/* A transport for o (nothing is connected yet). Copies o. */
	struct transport *(*open)(const struct transport_ssh_options *o);
};

/* Core side: load backends/ssh.so (as plugins are found) and open a
 * transport for o; NULL with *cause when the module cannot be loaded. */
struct transport *transport_ssh_new(const struct transport_ssh_options *o,
    char **cause);

#endif
