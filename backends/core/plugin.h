/*
 * The plugin ABI: a backend is a shared object exporting one descriptor,
 * `const struct plugin_descriptor rackcon_plugin`, that rackcon loads at run
 * time from the plugin directory (or the build tree when run uninstalled).
 * A plugin whose ABI differs from PLUGIN_ABI is refused with a message.
 *
 * Plugins talk to the world through the host's transport and never include
 * curses. All operations except describe-type fields run on worker threads.
 */
#ifndef RACKCON_PLUGIN_H
#define RACKCON_PLUGIN_H

#include "transport.h"

/*
 * 2: the descriptor names the model its snapshots are (model, and
 * model_version, which the model's header bumps whenever its structs
 * change), and rackcon refuses a plugin whose model is not the one the
 * screen reads, instead of reading memory laid out another way.
 * 3: per-process init and teardown; open() takes the host's target;
 * snapshot() takes the job (its cancel token); execute() for plan steps
 * that are library calls; notify() to wake the UI.
 * 4: the transport's verbs a plugin calls grew (written, prefetch,
 * prefetch_end): struct transport_ops is laid out anew.
 * 5: the target names the host's BMC (bmc).
 * 6: a plan step may carry a secret for execute() (change.h:
 * wants_secret, secret): struct change_step is laid out anew.
 * 7: consoles (console_open, console_end, console_break, console_close).
 * 8: the target has the transport of a BMC reached through its SSH
 * (bmc_transport).
 * 9: quick: whether snapshot() makes less of PLUGIN_SNAP_QUICK.
 */
#define PLUGIN_ABI 9

struct job;
struct bmc_target;
struct change_step;
struct run_result;

/* Flags for snapshot(). */
#define PLUGIN_SNAP_FORCE_SLOW 0x1 /* refresh slow data now (SMART) */
#define PLUGIN_SNAP_NO_SLOW    0x2 /* run no slow probe (SMART): keep
					      what the last ones found; the
					      core runs them in a job of the
					      slow class now and then */
#define PLUGIN_SNAP_QUICK      0x4 /* only what is cheap: the first frame
					      (given only to a plugin whose
					      descriptor says quick) */

/* console_open()'s flags. */
#define PLUGIN_CONSOLE_STEAL 0x1 /* take the console over from another
				    session that holds it */

/* Why a console's stream ended (console_end()). */
enum plugin_console_end {
	PLUGIN_CONSOLE_FAILED, /* activation failed, or the far side ended it */
	PLUGIN_CONSOLE_IN_USE, /* another session holds it: may be taken over
				  with PLUGIN_CONSOLE_STEAL */
	PLUGIN_CONSOLE_SILENT  /* no data and no answer for a while */
};

/* The host a handle talks to. Strings and transport live as long as the
 * handle. */
struct plugin_target {
	const char *host;           /* its name: "local", "web3" */
	struct transport *transport; /* how its files and programs are
					reached */
	const char *sysroot;        /* a fixture tree, or NULL */
	const char *address;        /* a remote address, or NULL (local) */
	const char *credentials;    /* where secrets come from (the IPMI
				       and SSH issues), or NULL */
	const struct bmc_target *bmc; /* the host's BMC (bmc-target.h), or
					 NULL when it has none; a BMC
					 alone has no transport */
	struct transport *bmc_transport; /* bmc->ssh: the login to that
					 BMC's SSH (its SMASH-CLP shell;
					 streams only), else NULL */
};

/* What rackcon gives a plugin when it opens a handle. */
struct plugin_host {
	int abi;
	const struct plugin_target *target;
	struct transport *transport; /* target->transport */
	int command_timeout_ms;  /* deadline for each program the plugin runs */
	int slow_interval_s;     /* how often slow data (SMART) is refreshed */
	/*
	 * For a plugin with a connection of its own: say there is news (an
	 * asynchronous notification) and the panels it feeds are refreshed
	 * soon. Any thread, cheap, never blocks: notify(notify_arg).
	 */
	void (*notify)(void *notify_arg);
	void *notify_arg;
};

struct plugin_descriptor {
	int abi;               /* PLUGIN_ABI */
	const char *model;     /* "disk_snapshot": the struct snapshot()
				  returns (DISK_MODEL, MD_MODEL) */
	int model_version;     /* that model header's *_MODEL_VERSION */
	const char *name;      /* "disks": what screens name in .plugin */
	const char *summary;
	/* Once per process, when loaded, before any open (a library's
	 * global state: libipmiconsole's engine). May be NULL. 0, or -1
	 * with *cause: the plugin is refused. UI thread. */
	int (*init)(char **cause);
	/* Once, after the last close, before unloading. May be NULL. */
	void (*teardown)(void);
	/* Open a handle on the target; NULL with *cause on failure. The
	 * host struct lives only during the call (copy what you keep);
	 * its target lives as long as the handle. Any thread. */
	void *(*open)(const struct plugin_host *host, char **cause);
	/* Close it (log out of remote sessions). Called once for every
	 * handle at exit, never while a job uses it. Any thread. */
	void (*close)(void *handle);
	/* Build a fresh snapshot (the model type is the panel's, e.g. struct
	 * disk_snapshot). Worker thread. Returns NULL with *cause on failure;
	 * the caller frees the result with free_snapshot. Calls on one handle
	 * are serialised by the caller. job is the cancel token (may be
	 * NULL in batch mode): check job_cancelled(job) between slow steps,
	 * and fan slow probes out with job_fan_out(job, ...). */
	void *(*snapshot)(void *handle, int flags, struct job *job,
	    char **cause);
	void (*free_snapshot)(void *snapshot);
	/* Run a plan step that is a library call (STEP_CALL: an IPMI or IPP
	 * request), whose equivalent shell command was shown before it ran.
	 * Worker thread, serialised with snapshot() on the handle. 0 when it
	 * worked (*cause may then say what it found, shown as the step's
	 * message), else -1 with *cause (the step's failure). May be NULL for
	 * a plugin whose plans only run programs and write files. */
	int (*execute)(void *handle, const struct change_step *step,
	    struct job *job, char **cause);
	/*
	 * Consoles (a BMC's Serial-over-LAN): all four NULL for a plugin
	 * without one. The plugin's library does the console's I/O on
	 * threads of its own; rackcon sees one descriptor per console.
	 *
	 * console_open: start the handle's host's console. Worker thread
	 * (it may read or ask a password); it does not wait for the far
	 * side. Returns the console and in *fd a non-blocking descriptor
	 * the UI thread polls, reads (the console's bytes) and writes (keys);
	 * the first byte read is one NUL once the console is up, and end
	 * of file (or EPIPE on a write) means it ended or never came up.
	 * NULL with *cause when it cannot even start.
	 * console_end: why the stream ended, as fresh text in *text
	 * (the library's words); returns PLUGIN_CONSOLE_*. UI thread,
	 * does not block.
	 * console_break: send a serial break. UI thread, does not block;
	 * 0, or -1 with *cause.
	 * console_close: close the descriptor and free the console (the
	 * library logs out by itself). Any thread, does not block.
	 */
	void *(*console_open)(void *handle, unsigned flags, struct job *job,
	    int *fd, char **cause);
	int (*console_end)(void *console, char **text);
	int (*console_break)(void *console, char **cause);
	void (*console_close)(void *console);
	/* 1: snapshot() with PLUGIN_SNAP_QUICK returns less (the Disks
	 * plugin: no SMART; the IPMI plugin: power, no user slots), so the
	 * core asks for the full one at once after it. 0: every snapshot
	 * is whole, and the core never asks twice for the first frame. */
	int quick;
};

struct plugin {
	const struct plugin_descriptor *desc;
	void *dl;       /* dlopen handle, NULL for built-in */
	char *path;
};

/*
 * Load the plugin called name ("disks") from the first directory that has
 * "<name>.so": $RACKCON_PLUGIN_DIR, the build tree next to the running
 * binary (backends/), then PLUGIN_DIR (the first folder that has the file
 * decides); its snapshots must be model at model_version. Then its init().
 * Returns NULL with *cause saying what was tried and why it failed
 * (missing, unloadable, ABI or model mismatch, init failed).
 *
 * Core symbols a plugin may use (the binary exports them with -rdynamic):
 * xmalloc.h, strutil.h, textsafe.h, clock.h, json-out.h, the transport's
 * run_result_free and string_list_free, from worker.h job_cancelled,
 * job_current, job_fan_out and job_ask, and the model helpers of its own
 * model header (disk.h, md.h). Nothing from tui/ or screens/. The SSH
 * transport's module (backends/ssh.so) uses the same, and ssh-target.h
 * (quoting, known_hosts names), run.h (run_argv for ssh-keygen -F) and
 * stream.h (the stream verb's target and words). A plugin reaches a
 * stream through its transport's stream verb, not stream.h.
 */
/* Load NAME.so from the plugin folders (the first that has it) and find
 * symbol in it: for modules that are not panels' plugins (the SSH
 * transport). It stays loaded. NULL with *cause when it cannot. */
void *module_load(const char *name, const char *symbol, char **cause);
struct plugin *plugin_load(const char *name, const char *model,
    int model_version, char **cause);
/* teardown(), then unload. */
void plugin_unload(struct plugin *p);

#endif
