/*
 * Serial-over-LAN through a BMC's SSH: its SMASH-CLP shell on a terminal
 * stream of the BMC's transport (transport.h: "terminal:..."), the dialog
 * that starts SOL there (smash-clp.h), then the server's console relayed
 * to a descriptor the core polls, as the plugin ABI's consoles are
 * (plugin.h: console_open). For BMCs reached only over SSH, also through
 * jump hosts: the transport brings those.
 *
 * A thread of the console's own runs the dialog and the relay, so nothing
 * here blocks the core: smash_console_open (a worker) only opens the
 * stream and starts it; the first byte the core reads is one NUL once
 * SOL runs, and end of file means it ended or never started
 * (smash_console_end says why). smash_console_close (any thread) does
 * not wait: the console's thread leaves SOL as a person would (Enter,
 * Esc, T), logs out (exit), waits up to 3 s for the BMC to end the
 * session (closing at once lost those keys), and frees the console.
 */
#ifndef RACKCON_SMASH_CONSOLE_H
#define RACKCON_SMASH_CONSOLE_H

struct transport;
struct smash_console;

/* How long each step of the dialog may wait for the BMC's answer. */
#define SMASH_STEP_TIMEOUT_S 15

/* SOL on the BMC whose SSH login t is (name for messages): the console,
 * its descriptor in *fd (non-blocking, the core's to poll, read and
 * write; close it with smash_console_close), or NULL with *cause. Worker
 * thread: it waits for the SSH login (the transport's deadlines). */
struct smash_console *smash_console_open(struct transport *t,
    const char *name, int *fd, char **cause);
/* Why the stream ended, as fresh text in *text; PLUGIN_CONSOLE_FAILED
 * (SMASH-CLP says nothing another session could give up). Any thread. */
int smash_console_end(struct smash_console *c, char **text);
void smash_console_close(struct smash_console *c);

#endif
