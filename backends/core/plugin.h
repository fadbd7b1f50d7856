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
 */
#define PLUGIN_ABI 2

/* Flags for snapshot(). */
#define PLUGIN_SNAP_FORCE_SLOW 0x1 /* refresh slow data now (SMART) */
#define PLUGIN_SNAP_NO_SLOW    0x2 /* skip the slowest data (SMART) */
#define PLUGIN_SNAP_QUICK      0x4 /* only what is cheap: the first frame */

/* What the host gives a plugin when it opens it. */
struct plugin_host {
	int abi;
	struct transport *transport;
	int command_timeout_ms;  /* deadline for each program the plugin runs */
	int slow_interval_s;     /* how often slow data (SMART) is refreshed */
};

struct plugin_descriptor {
	int abi;               /* PLUGIN_ABI */
	const char *model;     /* "disk_snapshot": the struct snapshot()
				  returns (DISK_MODEL, MD_MODEL) */
	int model_version;     /* that model header's *_MODEL_VERSION */
	const char *name;      /* "disks": matches the screen of that name */
	const char *summary;
	/* Open a handle; NULL with *cause on failure. Any thread. */
	void *(*open)(const struct plugin_host *host, char **cause);
	void (*close)(void *handle);
	/* Build a fresh snapshot (the model type is the panel's, e.g. struct
	 * disk_snapshot). Worker thread. Returns NULL with *cause on failure;
	 * the caller frees the result with free_snapshot. Calls on one handle
	 * are serialised by the caller. */
	void *(*snapshot)(void *handle, int flags, char **cause);
	void (*free_snapshot)(void *snapshot);
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
 * decides); its snapshots must be model at model_version. Returns NULL with *cause saying what was tried and why it
 * failed (missing, unloadable, ABI or model mismatch).
 *
 * Core symbols a plugin may use (the binary exports them with -rdynamic):
 * xmalloc.h, strutil.h, textsafe.h, clock.h, json-out.h, the transport's
 * run_result_free and string_list_free, and the model helpers of its own
 * model header (disk.h, md.h). Nothing from tui/ or screens/.
 */
struct plugin *plugin_load(const char *name, const char *model,
    int model_version, char **cause);
void plugin_unload(struct plugin *p);

#endif
