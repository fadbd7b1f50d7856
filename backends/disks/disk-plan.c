/* Plans for the Disks commands: validate against a snapshot, build steps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk-plan.h"
#include "strutil.h"
#include "xmalloc.h"

#define DISK_RAID_COMMAND "disks-raid-safe-timeouts"
#define DISK_SMARTCTL_FAIL_MASK 0x07 /* bits 0-2: the command failed */

/* What raid-safe does to one disk. */
enum disk_raid_policy {
	DISK_RAID_SET_ERC,     /* the drive has SCT ERC: 7 s */
	DISK_RAID_SET_TIMEOUT, /* no (known) SCT ERC: kernel timeout 180 s */
	DISK_RAID_NONE         /* neither: no SCSI command timeout */
};

static enum disk_raid_policy
disk_raid_policy(const struct disk *d)
{
	if (d->smart.erc == ERC_ENABLED || d->smart.erc == ERC_DISABLED)
		return DISK_RAID_SET_ERC;
	if (d->timeout < 0)
		return DISK_RAID_NONE;
	return DISK_RAID_SET_TIMEOUT;
}

/* The kernel timeout raid-safe wants: 180 s, or more if already more. */
static int
disk_raid_timeout(const struct disk *d)
{
	return d->timeout > DISK_RAID_TIMEOUT ? d->timeout : DISK_RAID_TIMEOUT;
}

static int
disk_str_is(const char *s, const char *value)
{
	return s != NULL && strcmp(s, value) == 0;
}

static int
disk_is_nvme(const struct disk *d)
{
	return disk_str_is(d->transport, "nvme") ||
	    disk_str_is(d->smart.protocol, "NVMe") ||
	    strncmp(d->name, "nvme", 4) == 0;
}

/* ATA, or unknown: the SATA NCQ limits apply. */
static int
disk_is_ata(const struct disk *d)
{
	if (d->transport != NULL)
		return disk_str_is(d->transport, "sata") ||
		    disk_str_is(d->transport, "ata") ||
		    disk_str_is(d->transport, "pata");
	return d->smart.protocol == NULL ||
	    disk_str_is(d->smart.protocol, "ATA");
}

/* A plan needs the full snapshot: the first frame's has names and sizes
 * only. -1 with a cause for that one. */
static int
disk_plan_quick_refuse(const struct disk_snapshot *snap, char **cause)
{
	if (snap == NULL || !snap->quick)
		return 0;
	set_cause(cause, "the disks' details are not read yet: try again "
	    "in a moment");
	return -1;
}

/* The disk called name, or NULL with a cause listing the known ones. */
static const struct disk *
disk_plan_find(const struct disk_snapshot *snap, const char *name,
    char **cause)
{
	const struct disk *d;
	struct buf known = {0};
	size_t i;

	if (name == NULL || *name == '\0') {
		set_cause(cause, "no disk given");
		return NULL;
	}
	if (disk_plan_quick_refuse(snap, cause) != 0)
		return NULL;
	if ((d = disk_snapshot_find(snap, name)) != NULL)
		return d;
	buf_addstr(&known, "");
	for (i = 0; snap != NULL && i < snap->count; i++) {
		if (snap->disks[i].kind == DISK_KIND_DISK)
			buf_printf(&known, "%s%s", known.len > 0 ? " " : "",
			    snap->disks[i].name);
	}
	if (known.len == 0)
		set_cause(cause, "no disk called %s (no disks are known)",
		    name);
	else
		set_cause(cause, "no disk called %s (known: %s)", name,
		    known.data);
	buf_free(&known);
	return NULL;
}

/* An MD array or a mapping is no drive: -1 with a cause naming command. */
static int
disk_kind_refuse(const struct disk *d, const char *command, char **cause)
{
	if (d->kind == DISK_KIND_DISK)
		return 0;
	set_cause(cause, "%s is %s, not a disk: %s applies to the disks "
	    "under it", d->name, d->kind == DISK_KIND_MD ? "an MD array" :
	    "a device-mapper device", command);
	return -1;
}

/* The disk called name that command may act on, or NULL with a cause. */
static const struct disk *
disk_plan_find_drive(const struct disk_snapshot *snap, const char *name,
    const char *command, char **cause)
{
	const struct disk *d = disk_plan_find(snap, name, cause);

	if (d != NULL && disk_kind_refuse(d, command, cause) != 0)
		return NULL;
	return d;
}

/* Deciseconds for people: "7.0 s", "off", "unknown". Caller frees. */
static char *
disk_ds_text(int ds)
{
	if (ds < 0)
		return xstrdup("unknown");
	if (ds == 0)
		return xstrdup("off");
	return xasprintf("%d.%d s", ds / 10, ds % 10);
}

static char *
disk_erc_now_text(const struct disk *d)
{
	char *r, *w, *text;

	if (d->smart.erc == ERC_UNKNOWN)
		return xstrdup("unknown");
	r = disk_ds_text(d->smart.erc_read_ds);
	w = disk_ds_text(d->smart.erc_write_ds);
	text = xasprintf("read %s, write %s", r, w);
	free(w);
	free(r);
	return text;
}

static void
disk_add_scterc(struct change_plan *p, const char *name, int read_ds,
    int write_ds, const char *note)
{
	char *arg = xasprintf("scterc,%d,%d", read_ds, write_ds);
	char *dev = xasprintf("/dev/%s", name);
	const char *words[] = {
		"smartctl", "-q", "errorsonly", "-l", arg, dev
	};
	char **argv = NULL;
	size_t n = 0, i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		strv_push(&argv, &n, words[i]);
	argv = xreallocarray(argv, n + 1, sizeof *argv);
	argv[n] = NULL;
	change_plan_add_run(p, name, argv, DISK_SMARTCTL_FAIL_MASK, note);
	string_list_free(argv, n);
	free(dev);
	free(arg);
}

static void
disk_add_sysfs_write(struct change_plan *p, const char *name,
    const char *attr, const char *value, const char *note)
{
	char *path = xasprintf("/sys/block/%s/%s", name, attr);

	change_plan_add_write(p, name, path, value, note);
	free(path);
}

static void
disk_add_timeout(struct change_plan *p, const char *name, int seconds,
    const char *note)
{
	char *value = xasprintf("%d", seconds);

	disk_add_sysfs_write(p, name, "device/timeout", value, note);
	free(value);
}

static int
disk_erc_value_ok(int ds)
{
	return ds >= 0 && ds <= DISK_ERC_MAX_DS;
}

/* -1 with a cause when SCT ERC of d cannot be set; 0 when worth a try. */
static int
disk_erc_refuse(const struct disk_snapshot *snap, const struct disk *d,
    char **cause)
{
	if (d->smart.erc == ERC_UNSUPPORTED && d->timeout >= 0) {
		set_cause(cause, "SCT ERC of %s cannot be set: the drive does "
		    "not support it; raise its kernel timeout instead: "
		    "disk-set-timeout %s %d", d->name, d->name,
		    DISK_RAID_TIMEOUT);
		return -1;
	}
	if (d->smart.erc == ERC_UNSUPPORTED ||
	    (d->smart.erc == ERC_UNKNOWN && disk_is_nvme(d))) {
		set_cause(cause, "SCT ERC of %s cannot be set: the drive does "
		    "not support it", d->name);
		return -1;
	}
	if (disk_str_is(d->smart.protocol, "SCSI")) {
		/* smartctl would print nothing and exit 0: refuse here. */
		set_cause(cause, "SCT ERC of %s cannot be set: it is an ATA "
		    "feature and %s is a SCSI disk", d->name, d->name);
		return -1;
	}
	if (snap->smartctl_missing) {
		set_cause(cause, "SCT ERC of %s cannot be set: smartctl is not "
		    "installed", d->name);
		return -1;
	}
	return 0;
}

int
disk_plan_set_erc(const struct disk_snapshot *snap, const char *disk,
    int read_ds, int write_ds, struct change_plan *plan, char **cause)
{
	const struct disk *d;
	struct change_plan p;
	char *command, *summary, *now, *r, *w;

	if ((d = disk_plan_find_drive(snap, disk, "disk-set-erc", cause)) ==
	    NULL)
		return -1;
	if (!disk_erc_value_ok(read_ds) || !disk_erc_value_ok(write_ds)) {
		set_cause(cause, "SCT ERC must be 0 (off) or 1..%d "
		    "deciseconds, not %d", DISK_ERC_MAX_DS,
		    disk_erc_value_ok(read_ds) ? write_ds : read_ds);
		return -1;
	}
	if (disk_erc_refuse(snap, d, cause) != 0)
		return -1;
	command = xasprintf("disk-set-erc %s %d %d", d->name, read_ds,
	    write_ds);
	now = disk_erc_now_text(d);
	r = disk_ds_text(read_ds);
	w = disk_ds_text(write_ds);
	summary = xasprintf("Set the SCT ERC limits of %s to read %s, write %s "
	    "(now %s)", d->name, r, w, now);
	change_plan_init(&p, command, summary);
	disk_add_scterc(&p, d->name, read_ds, write_ds, NULL);
	if (d->smart.erc == ERC_ENABLED && read_ds == d->smart.erc_read_ds &&
	    write_ds == d->smart.erc_write_ds)
		change_plan_nothing(&p, "%s: SCT ERC already read %s, write "
		    "%s, nothing to do", d->name, r, w);
	if (read_ds == 0 || write_ds == 0)
		p.warning = xasprintf("With SCT ERC off, %s may retry a bad "
		    "sector for minutes and a RAID array may drop it.",
		    d->name);
	p.destructive = 1;
	p.stop_on_error = 1;
	*plan = p;
	free(summary);
	free(w);
	free(r);
	free(now);
	free(command);
	return 0;
}

static char *
disk_timeout_warning(const struct disk *d, int seconds)
{
	int erc = d->smart.erc_read_ds > d->smart.erc_write_ds ?
	    d->smart.erc_read_ds : d->smart.erc_write_ds;

	if (d->smart.erc == ERC_ENABLED && erc > 0 && seconds * 10 <= erc)
		return xasprintf("A kernel timeout of %d s is not longer than "
		    "the SCT ERC of %s (%d.%d s): the kernel may reset the "
		    "drive while it is still recovering.", seconds, d->name,
		    erc / 10, erc % 10);
	if (d->smart.erc == ERC_UNSUPPORTED && seconds < DISK_RAID_TIMEOUT)
		return xasprintf("%s has no SCT ERC: under %d s the kernel may "
		    "reset it while it retries a bad sector, and a RAID array "
		    "may drop it.", d->name, DISK_RAID_TIMEOUT);
	return NULL;
}

int
disk_plan_set_timeout(const struct disk_snapshot *snap, const char *disk,
    int seconds, struct change_plan *plan, char **cause)
{
	const struct disk *d;
	struct change_plan p;
	char *command, *summary;

	if ((d = disk_plan_find_drive(snap, disk, "disk-set-timeout",
	    cause)) == NULL)
		return -1;
	if (d->timeout < 0) {
		set_cause(cause, "%s has no kernel command timeout "
		    "(device/timeout)%s", d->name, disk_is_nvme(d) ?
		    ": NVMe uses nvme_core.io_timeout" : "");
		return -1;
	}
	if (seconds < 1 || seconds > DISK_TIMEOUT_MAX) {
		set_cause(cause, "timeout must be 1..%d seconds, not %d",
		    DISK_TIMEOUT_MAX, seconds);
		return -1;
	}
	command = xasprintf("disk-set-timeout %s %d", d->name, seconds);
	summary = xasprintf("Set the kernel command timeout of %s to %d s "
	    "(now %d s)", d->name, seconds, d->timeout);
	change_plan_init(&p, command, summary);
	disk_add_timeout(&p, d->name, seconds, NULL);
	p.warning = disk_timeout_warning(d, seconds);
	if (seconds == d->timeout)
		change_plan_nothing(&p, "%s: timeout already %d s, nothing "
		    "to do", d->name, seconds);
	p.destructive = 1;
	p.stop_on_error = 1;
	*plan = p;
	free(summary);
	free(command);
	return 0;
}

int
disk_plan_set_queue_depth(const struct disk_snapshot *snap,
    const char *disk, int depth, struct change_plan *plan, char **cause)
{
	const struct disk *d;
	struct change_plan p;
	char *command, *summary, *value;
	int ata, max;

	if ((d = disk_plan_find_drive(snap, disk, "disk-set-queue-depth",
	    cause)) == NULL)
		return -1;
	ata = disk_is_ata(d);
	if (d->queue_depth < 0) {
		set_cause(cause, "%s has no %squeue depth (device/queue_depth)",
		    d->name, ata ? "NCQ " : "");
		return -1;
	}
	max = ata ? DISK_QUEUE_DEPTH_MAX_ATA : DISK_QUEUE_DEPTH_MAX;
	if (depth < 1 || depth > max) {
		set_cause(cause, "queue depth must be 1..%d, not %d", max,
		    depth);
		return -1;
	}
	command = xasprintf("disk-set-queue-depth %s %d", d->name, depth);
	summary = xasprintf("Set the queue depth of %s to %d (now %d)",
	    d->name, depth, d->queue_depth);
	value = xasprintf("%d", depth);
	change_plan_init(&p, command, summary);
	disk_add_sysfs_write(&p, d->name, "device/queue_depth", value, NULL);
	if (depth == d->queue_depth)
		change_plan_nothing(&p, "%s: queue depth already %d, nothing "
		    "to do", d->name, depth);
	if (depth == 1)
		p.warning = xasprintf("Queue depth 1 turns %s off for %s.",
		    ata ? "NCQ (native command queuing)" : "command queuing",
		    d->name);
	p.destructive = 1;
	p.stop_on_error = 1;
	*plan = p;
	free(value);
	free(summary);
	free(command);
	return 0;
}

static int
disk_offers_scheduler(const struct disk *d, const char *scheduler)
{
	size_t i;

	for (i = 0; i < d->scheduler_count; i++) {
		if (strcmp(d->schedulers[i], scheduler) == 0)
			return 1;
	}
	return 0;
}

static int
disk_scheduler_refuse(const struct disk *d, const char *scheduler,
    char **cause)
{
	char *offers;

	if (scheduler == NULL || *scheduler == '\0') {
		set_cause(cause, "no scheduler given");
		return -1;
	}
	if (d->scheduler_count == 0) {
		set_cause(cause, "%s has no I/O scheduler to choose "
		    "(queue/scheduler)", d->name);
		return -1;
	}
	if (disk_offers_scheduler(d, scheduler))
		return 0;
	offers = str_join(d->schedulers, d->scheduler_count, " ");
	set_cause(cause, "%s does not offer scheduler %s (it offers: %s)",
	    d->name, scheduler, offers);
	free(offers);
	return -1;
}

/* Whether scheduler is the one in use ("[bfq]" in the list, or alone). */
static int
disk_scheduler_is(const struct disk *d, const char *scheduler)
{
	char *marked;
	int found;

	if (d->scheduler == NULL)
		return 0;
	if (strcmp(d->scheduler, scheduler) == 0)
		return 1;
	marked = xasprintf("[%s]", scheduler);
	found = strstr(d->scheduler, marked) != NULL;
	free(marked);
	return found;
}

int
disk_plan_set_scheduler(const struct disk_snapshot *snap,
    const char *disk, const char *scheduler, struct change_plan *plan,
    char **cause)
{
	const struct disk *d;
	struct change_plan p;
	char *command, *summary;

	if ((d = disk_plan_find_drive(snap, disk, "disk-set-scheduler",
	    cause)) == NULL)
		return -1;
	if (disk_scheduler_refuse(d, scheduler, cause) != 0)
		return -1;
	command = xasprintf("disk-set-scheduler %s %s", d->name, scheduler);
	summary = xasprintf("Set the I/O scheduler of %s to %s (now %s)",
	    d->name, scheduler, d->scheduler != NULL ? d->scheduler :
	    "unknown");
	change_plan_init(&p, command, summary);
	disk_add_sysfs_write(&p, d->name, "queue/scheduler", scheduler, NULL);
	if (disk_scheduler_is(d, scheduler))
		change_plan_nothing(&p, "%s: scheduler already %s, nothing "
		    "to do", d->name, scheduler);
	p.destructive = 1;
	p.stop_on_error = 1;
	*plan = p;
	free(summary);
	free(command);
	return 0;
}

char *
disk_plan_refusal(const struct disk_snapshot *snap, const char *command,
    const char *disk)
{
	const struct disk *d = disk_snapshot_find(snap, disk);
	char *cause = NULL;

	if (d == NULL || command == NULL)
		return NULL;
	if (strncmp(command, "disk-set-", 9) == 0 &&
	    disk_plan_quick_refuse(snap, &cause) != 0)
		return cause;
	if (strncmp(command, "disk-set-", 9) == 0 &&
	    disk_kind_refuse(d, command, &cause) != 0)
		return cause;
	if (strcmp(command, "disk-set-erc") == 0)
		disk_erc_refuse(snap, d, &cause);
	else if (strcmp(command, "disk-set-timeout") == 0 && d->timeout < 0)
		set_cause(&cause, "%s has no kernel command timeout "
		    "(device/timeout)", d->name);
	else if (strcmp(command, "disk-set-queue-depth") == 0 &&
	    d->queue_depth < 0)
		set_cause(&cause, "%s has no queue depth (device/queue_depth)",
		    d->name);
	else if (strcmp(command, "disk-set-scheduler") == 0 &&
	    d->scheduler_count == 0)
		set_cause(&cause, "%s has no I/O scheduler to choose "
		    "(queue/scheduler)", d->name);
	return cause;
}

static void
disk_raid_erc_step(struct change_plan *p, const struct disk *d)
{
	if (d->smart.erc == ERC_ENABLED &&
	    d->smart.erc_read_ds == DISK_RAID_ERC_DS &&
	    d->smart.erc_write_ds == DISK_RAID_ERC_DS) {
		change_plan_add_note(p, d->name, "SCT ERC already 7 s");
		return;
	}
	disk_add_scterc(p, d->name, DISK_RAID_ERC_DS, DISK_RAID_ERC_DS,
	    "SCT ERC 7 s");
}

/* Why raid-safe falls back to the kernel timeout for d. */
static const char *
disk_raid_timeout_why(const struct disk_snapshot *snap, const struct disk *d)
{
	if (d->smart.erc == ERC_UNSUPPORTED)
		return "drive has no SCT ERC";
	if (snap->smartctl_missing)
		return "SCT ERC unknown (smartctl is not installed)";
	if (d->smart.error != NULL && !d->smart.valid)
		return "SCT ERC unknown (no SMART data)";
	return "SCT ERC unknown";
}

static void
disk_raid_timeout_step(struct change_plan *p, const struct disk_snapshot *snap,
    const struct disk *d)
{
	const char *why = disk_raid_timeout_why(snap, d);
	char *note;

	if (d->timeout >= DISK_RAID_TIMEOUT) {
		note = xasprintf("%s: kernel timeout already %d s", why,
		    d->timeout);
		change_plan_add_note(p, d->name, note);
	} else {
		note = xasprintf("%s: kernel timeout raised to %d s", why,
		    DISK_RAID_TIMEOUT);
		disk_add_timeout(p, d->name, DISK_RAID_TIMEOUT, note);
	}
	free(note);
}

static void
disk_raid_disk_step(struct change_plan *p, const struct disk_snapshot *snap,
    const struct disk *d)
{
	switch (disk_raid_policy(d)) {
	case DISK_RAID_SET_ERC:
		disk_raid_erc_step(p, d);
		break;
	case DISK_RAID_SET_TIMEOUT:
		disk_raid_timeout_step(p, snap, d);
		break;
	case DISK_RAID_NONE:
		change_plan_add_note(p, d->name,
		    "not applicable (no SCSI command timeout)");
		break;
	}
}

/* -1 with a cause when the rule file exists and is not rackcon's. */
static int
disk_rule_refuse(const struct disk_snapshot *snap, char **cause)
{
	if (snap->udev_rule == NULL ||
	    strstr(snap->udev_rule, DISK_UDEV_RULE_MARK) != NULL)
		return 0;
	set_cause(cause, "%s exists and was not written by rackcon; it will "
	    "not be overwritten (move it away, or run without the udev rule)",
	    DISK_UDEV_RULE_PATH);
	return -1;
}

static void
disk_raid_rule_step(struct change_plan *p, const struct disk_snapshot *snap,
    int all)
{
	char *rule = disk_udev_rule(snap, all);
	const char *target = "udev-rule";

	if (snap->udev_rule == NULL)
		change_plan_add_create(p, target, DISK_UDEV_RULE_PATH, rule,
		    "re-apply these settings whenever a disk appears");
	else if (strcmp(snap->udev_rule, rule) == 0)
		change_plan_add_note(p, target, "udev rule already up to date");
	else
		change_plan_add_write(p, target, DISK_UDEV_RULE_PATH, rule,
		    "rewrite rackcon's udev rule for the disks present now");
	free(rule);
}

static char *
disk_raid_summary(const struct disk *const *list, size_t n, int udev_rule)
{
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "Make error recovery RAID-safe on");
	for (i = 0; i < n; i++)
		buf_printf(&b, " %s", list[i]->name);
	buf_printf(&b, ": SCT ERC %d s where supported, else a kernel "
	    "timeout of %d s", DISK_RAID_ERC_DS / 10, DISK_RAID_TIMEOUT);
	if (udev_rule)
		buf_printf(&b, "; write %s", DISK_UDEV_RULE_PATH);
	return b.data;
}

/* The raid-safe plan for the disks in list, one row each: what both
 * disks-raid-safe-timeouts and the RAID panel's per-array fix run. */
static void
disk_raid_plan(const struct disk_snapshot *snap,
    const struct disk *const *list, size_t n, const char *command, int all,
    int udev_rule, struct change_plan *plan)
{
	struct change_plan p;
	char *summary;
	size_t i;

	summary = disk_raid_summary(list, n, udev_rule);
	change_plan_init(&p, command, summary);
	free(summary);
	for (i = 0; i < n; i++)
		disk_raid_disk_step(&p, snap, list[i]);
	if (udev_rule)
		disk_raid_rule_step(&p, snap, all);
	if (snap->smartctl_missing)
		p.warning = xstrdup("smartctl is not installed: SCT ERC cannot "
		    "be read or set, so kernel timeouts are raised instead.");
	p.destructive = 1;
	p.stop_on_error = 0;
	*plan = p;
}

/* Does raid-safe act on d: an MD member by default; with all, every disk
 * that is not removable, USB or a loop device. */
static int
disk_raid_chosen(const struct disk *d, int all)
{
	if (d->kind != DISK_KIND_DISK)
		return 0;
	if (!all)
		return d->md != NULL;
	return !disk_is_removable(d) && !disk_str_is(d->transport, "loop");
}

/* The disks raid-safe acts on, in snapshot order; *n their number. */
static const struct disk **
disk_raid_choose(const struct disk_snapshot *snap, int all, size_t *n)
{
	const struct disk **list = xcalloc(snap->count, sizeof *list);
	size_t i;

	*n = 0;
	for (i = 0; i < snap->count; i++) {
		if (disk_raid_chosen(&snap->disks[i], all))
			list[(*n)++] = &snap->disks[i];
	}
	return list;
}

static const char *
disk_raid_command(int flags)
{
	switch (flags & (DISK_RAID_ALL | DISK_RAID_UDEV_RULE)) {
	case DISK_RAID_ALL:
		return DISK_RAID_COMMAND " --all";
	case DISK_RAID_UDEV_RULE:
		return DISK_RAID_COMMAND " --udev-rule";
	case DISK_RAID_ALL | DISK_RAID_UDEV_RULE:
		return DISK_RAID_COMMAND " --all --udev-rule";
	}
	return DISK_RAID_COMMAND;
}

int
disk_plan_raid_safe(const struct disk_snapshot *snap, int flags,
    struct change_plan *plan, char **cause)
{
	const struct disk **list;
	int all = (flags & DISK_RAID_ALL) != 0;
	int udev_rule = (flags & DISK_RAID_UDEV_RULE) != 0;
	size_t n;

	if (snap == NULL || snap->count == 0) {
		set_cause(cause, "no disks are known");
		return -1;
	}
	if (disk_plan_quick_refuse(snap, cause) != 0)
		return -1;
	if (udev_rule && disk_rule_refuse(snap, cause) != 0)
		return -1;
	list = disk_raid_choose(snap, all, &n);
	if (n == 0) {
		free(list);
		if (all)
			set_cause(cause, "no disk to act on: every disk is "
			    "removable, USB or a loop device");
		else
			set_cause(cause, "no disk is in an MD array; "
			    "disks-raid-safe-timeouts --all acts on every disk "
			    "that is not removable or USB");
		return -1;
	}
	disk_raid_plan(snap, list, n, disk_raid_command(flags), all,
	    udev_rule, plan);
	free(list);
	return 0;
}

/* Look up the named disks into list, each once, in the order given; -1
 * with a cause at the first unknown name. */
static int
disk_raid_pick(const struct disk_snapshot *snap, char *const *names,
    size_t count, const struct disk **list, size_t *n, char **cause)
{
	const struct disk *d;
	size_t i, k;

	*n = 0;
	for (i = 0; i < count; i++) {
		if ((d = disk_plan_find(snap, names[i], cause)) == NULL)
			return -1;
		for (k = 0; k < *n && list[k] != d; k++)
			;
		if (k == *n)
			list[(*n)++] = d;
	}
	return 0;
}

int
disk_plan_raid_safe_only(const struct disk_snapshot *snap,
    char *const *names, size_t count, struct change_plan *plan, char **cause)
{
	const struct disk **list;
	struct buf command = {0};
	size_t n, i;

	if (snap == NULL || snap->count == 0) {
		set_cause(cause, "no disks are known");
		return -1;
	}
	if (names == NULL || count == 0) {
		set_cause(cause, "no disk given");
		return -1;
	}
	list = xcalloc(count, sizeof *list);
	if (disk_raid_pick(snap, names, count, list, &n, cause) != 0) {
		free(list);
		return -1;
	}
	buf_addstr(&command, DISK_RAID_COMMAND);
	for (i = 0; i < n; i++)
		buf_printf(&command, " %s", list[i]->name);
	disk_raid_plan(snap, list, n, command.data, 0, 0, plan);
	buf_free(&command);
	free(list);
	return 0;
}

/* Whether s can sit inside a udev match: no quote, backslash, control or
 * glob character (udev matches with fnmatch and | alternatives). */
static int
disk_udev_safe(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f ||
		    strchr("\"\\*?[]|", *s) != NULL)
			return 0;
	}
	return 1;
}

/* The serial as udev's ID_SERIAL_SHORT has it (blanks become _), or NULL
 * when the disk has none. Caller frees. */
static char *
disk_udev_serial(const struct disk *d)
{
	const char *serial = d->serial != NULL ? d->serial : d->smart.serial;
	char *copy, *s, *p;

	if (serial == NULL)
		return NULL;
	copy = xstrdup(serial);
	s = str_trim(copy);
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t')
			*p = '_';
	}
	s = xstrdup(s);
	free(copy);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* The match part of a rule line for d, or NULL (with a comment in b). */
static char *
disk_udev_match(struct buf *b, const struct disk *d)
{
	char *serial = disk_udev_serial(d), *match = NULL;

	if (serial != NULL && disk_udev_safe(serial))
		match = xasprintf("ENV{ID_SERIAL_SHORT}==\"%s\"", serial);
	else if (serial != NULL)
		buf_printf(b, "# %s: skipped, its serial number has characters "
		    "a udev rule cannot match.\n", d->name);
	else if (!disk_udev_safe(d->name))
		buf_printf(b, "# a disk without a serial number and with an "
		    "unusual kernel name: skipped.\n");
	else {
		buf_printf(b, "# %s has no serial number: matched by kernel "
		    "name, which can change between boots.\n", d->name);
		match = xasprintf("KERNEL==\"%s\"", d->name);
	}
	free(serial);
	return match;
}

static void
disk_udev_disk(struct buf *b, const struct disk *d)
{
	enum disk_raid_policy policy = disk_raid_policy(d);
	const char *head = "ACTION==\"add|change\", SUBSYSTEM==\"block\", "
	    "ENV{DEVTYPE}==\"disk\"";
	char *match;

	if (policy == DISK_RAID_NONE)
		return;
	buf_printf(b, "\n# %s: ", d->name);
	if (policy == DISK_RAID_SET_ERC)
		buf_printf(b, "SCT ERC %d s\n", DISK_RAID_ERC_DS / 10);
	else
		buf_printf(b, "kernel timeout %d s\n", disk_raid_timeout(d));
	if ((match = disk_udev_match(b, d)) == NULL)
		return;
	if (policy == DISK_RAID_SET_ERC)
		buf_printf(b, "%s, %s, RUN+=\"/usr/sbin/smartctl -q errorsonly "
		    "-l scterc,%d,%d /dev/%%k\"\n", head, match,
		    DISK_RAID_ERC_DS, DISK_RAID_ERC_DS);
	else
		buf_printf(b, "%s, %s, ATTR{device/timeout}=\"%d\"\n", head,
		    match, disk_raid_timeout(d));
	free(match);
}

char *
disk_udev_rule(const struct disk_snapshot *snap, int all)
{
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, DISK_UDEV_RULE_MARK "\n");
	buf_printf(&b, "# Re-applies RAID-safe error recovery when a disk "
	    "appears: SCT ERC %d s\n# on drives that have it, else a kernel "
	    "command timeout of %d s.\n", DISK_RAID_ERC_DS / 10,
	    DISK_RAID_TIMEOUT);
	buf_printf(&b, "# Disks: %s, each matched by its serial number.\n",
	    all ? "every disk that is not removable or USB (--all)" :
	    "the members of MD arrays");
	buf_addstr(&b, "# rackcon rewrites this file. To keep it as your own, "
	    "delete the first line.\n");
	for (i = 0; snap != NULL && i < snap->count; i++) {
		if (disk_raid_chosen(&snap->disks[i], all))
			disk_udev_disk(&b, &snap->disks[i]);
	}
	return b.data;
}
