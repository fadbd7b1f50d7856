/*
 * OpenSSH client configuration (ssh_config(5)) resolved for one host, as
 * OpenSSH resolves it, so an admin's aliases mean in rackcon what they
 * mean to ssh: the user's file first, then the system's; within and across
 * them the first value of a keyword wins (IdentityFile accumulates);
 * `Host` patterns with `*`, `?` and `!` negation; `Match all`, `Match
 * host`, `Match originalhost`, `Match user`, `Match localuser` (a `Match
 * exec` never matches here, with a warning: rackcon runs no shell
 * strings; `Match canonical` and `Match final` never match either: rackcon
 * neither canonicalises names nor reads the files twice); `Include` with
 * globs, relative names under ~/.ssh (user file) or /etc/ssh (system
 * file), at most 16 deep and 256 files an apply, an Include in a block
 * that does not match applying nothing. libssh's own config reader is not
 * used: it lets a later value win and turns ProxyJump into a ProxyCommand
 * that forks ssh.
 *
 * Keywords read: HostName (%h and %% expanded; lower case unless an IPv6
 * address, as ssh connects to it), User, Port, IdentityFile (~, %d %u %h
 * %r %p %n %% expanded; a value with a token rackcon cannot fill, %C %i %k
 * %L %l, or ~user is dropped with a warning; ${VAR} is not expanded; a
 * repeat from the same kind of file is dropped), IdentitiesOnly, ProxyJump
 * (one or more hops, or none), ProxyCommand (kept, so the caller can say it
 * is not supported; the first of ProxyJump and ProxyCommand stops the
 * other, as in ssh), ConnectTimeout and ServerAliveInterval (ssh's time
 * format: 90, 1m30s; "none" reads as unset, as in ssh),
 * ServerAliveCountMax, KexAlgorithms, HostKeyAlgorithms, MACs, Ciphers (as
 * written: a leading + - ^ is the caller's to resolve), UserKnownHostsFile
 * (first file; ~ and tokens as IdentityFile; "none" kept as "none"),
 * GlobalKnownHostsFile (first file), StrictHostKeyChecking, BatchMode.
 * Defaults are the caller's (Debian's ssh gives BatchMode yes a
 * ServerAliveInterval of 300). The other keywords OpenSSH knows are
 * ignored; a word it does not know is a warning unless IgnoreUnknown names
 * it. Keywords are case-insensitive, values are split as ssh splits them
 * ("double" or 'single' quotes, backslash escapes, # comments), and
 * `Keyword=value` works as in OpenSSH.
 *
 * Pure text in, settings out; Include files are read through the caller's
 * callback. Any thread; no global state.
 */
#ifndef RACKCON_SSH_CONFIG_H
#define RACKCON_SSH_CONFIG_H

#include <stddef.h>

struct ssh_host_config {
	char *hostname;     /* HostName, expanded; NULL: not set */
	char *user;         /* NULL: not set */
	int port;           /* 0: not set */
	char **identity_files; /* expanded, in order; NULL-terminated */
	size_t identity_count;
	int identities_only;   /* -1: not set, else 0 or 1 */
	int proxy_jump_set;    /* ProxyJump seen (even "none") */
	char **proxy_jumps;    /* hops as written ("[user@]host[:port]" or
	                          ssh://...), NULL-terminated; none: 0 hops */
	size_t proxy_jump_count;
	char *proxy_command;   /* NULL: not set (or "none") */
	int connect_timeout;   /* seconds; 0: not set, or set to 0 (which,
	                          as in ssh, stops a later value) */
	int server_alive_interval;  /* seconds; -1: not set */
	int server_alive_count_max; /* -1: not set */
	char *kex_algorithms;       /* each NULL: not set */
	char *host_key_algorithms;
	char *macs;
	char *ciphers;
	char *user_known_hosts_file;   /* first file named, ~ expanded */
	char *global_known_hosts_file; /* first file named, ~ expanded */
	char *strict_host_key_checking; /* "yes", "no", "ask", "accept-new"
	                                   ... as written, lower case */
	int batch_mode;                 /* -1: not set, else 0 or 1 */

	/* Private to ssh-config.c: values that were set though they read as
	 * unset (ConnectTimeout 0, ProxyCommand none), and the IdentityFile
	 * and UserKnownHostsFile values as written, expanded again after
	 * each file (%r and %p may come from a later file). */
	unsigned int set_flags;
	char **identity_written;
	unsigned char *identity_written_system;
	size_t identity_written_count;
	char *user_known_hosts_written;
};

/* What the expansions and Include need to know about the caller. */
struct ssh_config_env {
	const char *home;       /* for ~ and ~/.ssh */
	const char *local_user; /* %u, Match localuser */
	const char *original_host; /* the name the user typed (%n, Host) */
	/* Read path (an Include'd file, or one a glob found) into *text
	 * (caller frees); -1 when it cannot be read (skipped silently, as
	 * OpenSSH skips a missing Include). NULL: Include is ignored. */
	int (*read_file)(void *arg, const char *path, char **text);
	/* List the paths a glob pattern matches (sorted, as glob(3));
	 * NULL: the pattern is taken as one path. Caller frees. */
	int (*glob)(void *arg, const char *pattern, char ***paths,
	    size_t *count);
	void *arg;
};

/* Start out with nothing set (the -1 fields -1). */
void ssh_host_config_init(struct ssh_host_config *c);
void ssh_host_config_clear(struct ssh_host_config *c);

/*
 * Apply the config text of file source (for messages; "user" or "system"
 * decides where relative Include names go: ~/.ssh or /etc/ssh) to c for
 * host: only keywords not yet set in c are set (first value wins). Call
 * with the user's file, then the system's; command-line values (-p, -l,
 * -J) go into c before the first call. IdentityFile and
 * UserKnownHostsFile are expanded again at the end of each call, with the
 * User and Port known by then. A line that cannot be parsed
 * (an unknown Match criterion, a bad number, a bad quote) is skipped with
 * "SOURCE:LINE: message" appended to *warnings (string list; free with
 * string_list_free). Returns 0.
 */
int ssh_config_apply(struct ssh_host_config *c, const char *text,
    const char *source, int system, const char *host,
    const struct ssh_config_env *env, char ***warnings,
    size_t *warning_count);

/* Whether host matches an ssh_config pattern list ("web* !web3 db?"),
 * with separators sep (" " for Host lines, "," for Match and ProxyJump):
 * a negated pattern that matches refuses the list wherever it stands, and
 * one plain pattern must match. Case-sensitive, as Host lines are. */
int ssh_config_match_list(const char *host, const char *patterns,
    const char *sep);

#endif
