/*
 * How a user names an SSH host on the command line, with the meaning ssh(1)
 * gives the words: `HOST`, `USER@HOST`, `ssh://[USER@]HOST[:PORT]` (an IPv6
 * address in brackets there: ssh://[2001:db8::1]:2222), and jump lists
 * (`-J` and ProxyJump: comma-separated hops, each `[USER@]HOST[:PORT]` or
 * an ssh:// URI). A HOST that could be read as an option (leading `-`) or
 * holds blanks, control characters, quotes or shell metacharacters is
 * refused with a message, never passed on.
 *
 * And how an argv becomes the command string a remote shell runs: each
 * argument in single quotes (a ' inside becomes '\''), so a device named
 * `a b;$(rm -rf /)` reaches the program as one argument and runs nothing.
 *
 * Pure text; any thread; no state.
 */
#ifndef RACKCON_SSH_TARGET_H
#define RACKCON_SSH_TARGET_H

#include <stddef.h>

#include "strutil.h" /* shell_quote() */

struct ssh_target {
	char *user; /* NULL: not given */
	char *host; /* an alias or an address, without brackets */
	int port;   /* 0: not given */
};

/* Parse text into t. Returns 0, or -1 with *cause (caller frees). */
int ssh_target_parse(const char *text, struct ssh_target *t, char **cause);
void ssh_target_clear(struct ssh_target *t);

/* Parse a jump list ("a,user@b:2222,ssh://c") into *hops (count *n, free
 * each with ssh_target_clear, then the array). "none" gives 0 hops. */
int ssh_target_parse_jumps(const char *text, struct ssh_target **hops,
    size_t *n, char **cause);

/* The known_hosts name for host and port: "host", or "[host]:port" when
 * port is not 22 (as OpenSSH writes it). Caller frees. */
char *ssh_known_hosts_name(const char *host, int port);

/* argv as one remote shell command string (caller frees): every argument
 * in single quotes, the program's too (so no alias, reserved word or
 * assignment can take its place); "" for an empty argv. */
char *shell_quote_argv(char *const argv[]);
/* One argument quoted for a POSIX shell is shell_quote() in strutil.h
 * (single quotes unless it is a plain word), declared there since before
 * this header: a second definition here would not link. */

#endif
