/* The RAID plugin: Linux MD arrays from /proc/mdstat and /sys/block/mdX/md. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "md-sysfs.h"
#include "md.h"
#include "mdstat.h"
#include "plugin.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

#define PROC_MDSTAT "/proc/mdstat"

struct raid_handle {
	struct transport *t;  /* the host's; not ours to free */
};


/* When /proc/mdstat cannot be read or does not parse: every assembled
 * array sysfs knows. Returns 0, or -1 with *cause when /sys/block cannot
 * be listed either. */
static int
raid_from_sysfs(struct raid_handle *h, struct md_snapshot *snap,
    char **cause)
{
	char **names = NULL;
	size_t count = 0, i;
	struct md_array *a;
	char *why = NULL;

	if (md_sysfs_list(h->t, &names, &count, cause) != 0)
		return -1;
	snap->arrays = xcalloc(count, sizeof *snap->arrays);
	for (i = 0; i < count; i++) {
		a = &snap->arrays[snap->count];
		md_array_init(a, names[i]);
		if (md_sysfs_read_array(h->t, a, &why) != 0 ||
		    a->array_state == NULL ||
		    strcmp(a->array_state, "clear") == 0) {
			md_array_clear(a);
			free(why);
			why = NULL;
			continue;
		}
		snap->count++;
	}
	string_list_free(names, count);
	return 0;
}

/* What became of /proc/mdstat. */
enum raid_mdstat {
	RAID_MDSTAT_UNREADABLE = -1, /* a failure of the transport */
	RAID_MDSTAT_PARSED = 0,
	RAID_MDSTAT_ABSENT,          /* no md driver: not a failure */
	RAID_MDSTAT_MALFORMED
};

/* Read and parse /proc/mdstat into snap; snap->error says why it is
 * absent or malformed, *cause why it was unreadable. */
static enum raid_mdstat
raid_read_mdstat(struct raid_handle *h, struct md_snapshot *snap,
    char **cause)
{
	char *data = NULL, *why = NULL;
	size_t len;
	int saved;

	if (h->t->ops->read_file(h->t, PROC_MDSTAT, &data, &len, &why) != 0) {
		saved = errno;
		if (saved != ENOENT) {
			set_cause(cause, "%s", why != NULL ? why :
			    strerror(saved));
			free(why);
			return RAID_MDSTAT_UNREADABLE;
		}
		free(why);
		snap->error = xstrdup("no " PROC_MDSTAT ": the md driver is "
		    "not loaded");
		return RAID_MDSTAT_ABSENT;
	}
	if (mdstat_parse(data, snap, &why) != 0) {
		snap->error = xasprintf(PROC_MDSTAT " %s; arrays are shown "
		    "from sysfs alone", why);
		free(why);
		free(data);
		return RAID_MDSTAT_MALFORMED;
	}
	free(data);
	return RAID_MDSTAT_PARSED;
}

/* Complete every array from sysfs; one that sysfs lacks says so. */
static void
raid_enrich(struct raid_handle *h, struct md_snapshot *snap)
{
	struct md_array *a;
	char *cause = NULL, *msg;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		a = &snap->arrays[i];
		if (md_sysfs_read_array(h->t, a, &cause) != 0) {
			msg = xasprintf("sysfs: %s", cause != NULL ? cause :
			    "unreadable");
			note_append(&a->error, "%s", msg);
			free(msg);
		}
		free(cause);
		cause = NULL;
	}
}

/* --- the descriptor ------------------------------------------------------ */

static void *
raid_open(const struct plugin_host *host, char **cause)
{
	struct raid_handle *h;

	if (host == NULL || host->abi != PLUGIN_ABI || host->transport == NULL) {
		set_cause(cause, "raid: host ABI %d, plugin ABI %d",
		    host != NULL ? host->abi : -1, PLUGIN_ABI);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->t = host->transport;
	return h;
}

static void
raid_close(void *handle)
{
	free(handle);
}

static void *
raid_snapshot(void *handle, int flags, char **cause)
{
	struct raid_handle *h = handle;
	struct md_snapshot *snap = xcalloc(1, sizeof *snap);
	char *why = NULL, *sysfs_why = NULL;
	size_t i;

	snap->speed_limit_min = -1;
	snap->speed_limit_max = -1;
	switch (raid_read_mdstat(h, snap, &why)) {
	case RAID_MDSTAT_UNREADABLE:
		/* sysfs may still tell every array; say what is missing. */
		if (raid_from_sysfs(h, snap, &sysfs_why) != 0) {
			set_cause(cause, "%s; %s", why, sysfs_why);
			free(sysfs_why);
			free(why);
			md_snapshot_free(snap);
			return NULL;
		}
		snap->error = xasprintf("%s: could not be read (%s); arrays "
		    "are shown from sysfs alone", PROC_MDSTAT, why);
		free(why);
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	case RAID_MDSTAT_ABSENT:
		break;
	case RAID_MDSTAT_PARSED:
		raid_enrich(h, snap);
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	case RAID_MDSTAT_MALFORMED:
		if (raid_from_sysfs(h, snap, &sysfs_why) != 0) {
			note_append(&snap->error, "%s", sysfs_why);
			free(sysfs_why);
		}
		md_sysfs_read_speed_limits(h->t, snap);
		break;
	}
	for (i = 0; i < snap->count; i++)
		md_array_sort_members(&snap->arrays[i]);
	md_snapshot_sort(snap);
	snap->taken = time(NULL);
	return snap;
}

static void
raid_free_snapshot(void *snapshot)
{
	md_snapshot_free(snapshot);
}

extern const struct plugin_descriptor raid_plugin;
const struct plugin_descriptor raid_plugin = {
	.abi = PLUGIN_ABI,
	.name = "raid",
	.summary = "Linux MD RAID arrays: /proc/mdstat and /sys/block/mdX/md",
	.open = raid_open,
	.close = raid_close,
	.snapshot = raid_snapshot,
	.free_snapshot = raid_free_snapshot,
};

/*
 * The name rackcon looks up in raid.so. Weak, so that the unit tests can
 * link every plugin into one program (where another plugin's strong
 * rackcon_plugin wins) and reach this one as raid_plugin.
 */
extern const struct plugin_descriptor rackcon_plugin
    __attribute__((weak, alias("raid_plugin")));
