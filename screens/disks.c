/* The Disks panel: block devices, SMART, SCT ERC, timeouts and their fixes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "disk-plan.h"
#include "disk.h"
#include "json-out.h"
#include "screen.h"
#include "xmalloc.h"

/* Screen order: what decides a RAID timeout risk (SCT ERC, the kernel's
 * timeout, the risk itself and the array) comes first, so it fits in 80
 * columns; Left/Right scroll to the rest. */
enum disk_column {
	COL_NAME, COL_SIZE, COL_TRANSPORT, COL_TYPE, COL_HEALTH, COL_ERC,
	COL_TIMEOUT, COL_RAID_RISK, COL_MD, COL_QDEPTH, COL_SCHED, COL_TEMP,
	COL_MODEL, COL_SERIAL, COL_VENDOR, COL_REALLOC, COL_PENDING,
	COL_UNCORR, COL_POH, COL_NVME_WARN, COL_NVME_MEDIA, COL_NVME_USED,
	COL_MOUNTS, COL_FSTYPE, COL_LABEL, COL_UUID, COL_ERC_READ,
	COL_ERC_WRITE, COL_KIND
};

static const struct column disk_columns[] = {
	[COL_NAME] = { "name", "NAME", 8, 0 },
	[COL_SIZE] = { "size", "SIZE", 6, 1 },
	[COL_TRANSPORT] = { "transport", "TRAN", 6, 0 },
	[COL_TYPE] = { "rotational", "ROT", 3, 0 },
	[COL_HEALTH] = { "health", "SMART", 6, 0 },
	[COL_ERC] = { "erc", "SCT-ERC", 11, 0 },
	[COL_TIMEOUT] = { "timeout", "TMO", 4, 1 },
	[COL_RAID_RISK] = { "raid_timeout_risk", "RISK", 4, 0 },
	[COL_MD] = { "md", "MD", 6, 0 },
	[COL_QDEPTH] = { "queue_depth", "QD", 3, 1 },
	[COL_SCHED] = { "scheduler", "SCHED", 11, 0 },
	[COL_TEMP] = { "temperature", "TEMP", 4, 1 },
	[COL_MODEL] = { "model", "MODEL", 20, 0 },
	[COL_SERIAL] = { "serial", "SERIAL", 20, 0 },
	[COL_VENDOR] = { "vendor", "VENDOR", 8, 0 },
	[COL_REALLOC] = { "reallocated", "REALLOC", 7, 1 },
	[COL_PENDING] = { "pending", "PENDING", 7, 1 },
	[COL_UNCORR] = { "offline_uncorrectable", "UNCORR", 6, 1 },
	[COL_POH] = { "power_on_hours", "HOURS", 6, 1 },
	[COL_NVME_WARN] = { "nvme_critical_warning", "CRIT", 4, 1 },
	[COL_NVME_MEDIA] = { "nvme_media_errors", "MEDIA", 5, 1 },
	[COL_NVME_USED] = { "nvme_percentage_used", "USED%", 5, 1 },
	[COL_MOUNTS] = { "mountpoints", "MOUNTED", 16, 0 },
	[COL_FSTYPE] = { "fstype", "FSTYPE", 6, 0 },
	[COL_LABEL] = { "label", "LABEL", 12, 0 },
	[COL_UUID] = { "uuid", "UUID", 36, 0 },
	[COL_ERC_READ] = { "erc_read_ds", "ERC-R", 5, 1 },
	[COL_ERC_WRITE] = { "erc_write_ds", "ERC-W", 5, 1 },
	[COL_KIND] = { "type", "TYPE", 4, 0 },
};

#define DISK(v, row) (&((const struct disk_snapshot *)(v)->snap)->disks[row])

static size_t
disks_row_count(const struct view *v)
{
	return ((const struct disk_snapshot *)v->snap)->count;
}

static const char *
disks_row_name(const struct view *v, size_t row)
{
	return DISK(v, row)->name;
}

static void
set_str(struct cell *out, const char *s)
{
	if (s == NULL || *s == '\0') {
		out->kind = CELL_NONE;
		return;
	}
	out->kind = CELL_STR;
	out->str = s;
}

static void
set_num(struct cell *out, long long n)
{
	out->kind = n < 0 ? CELL_NONE : CELL_NUM;
	out->num = n;
}

static void
erc_cell(const struct disk *d, struct cell *out)
{
	if (d->smart.erc == ERC_ENABLED && d->smart.erc_read_ds >= 0) {
		snprintf(out->text, sizeof out->text, "%d.%d/%d.%ds",
		    d->smart.erc_read_ds / 10, d->smart.erc_read_ds % 10,
		    d->smart.erc_write_ds / 10, d->smart.erc_write_ds % 10);
		set_str(out, out->text);
	} else if (d->smart.erc == ERC_UNKNOWN)
		out->kind = CELL_NONE;
	else
		set_str(out, disk_erc_name(d->smart.erc));
	out->alert = disk_raid_timeout_risk(d);
}

static void
disks_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct disk *d = DISK(v, row);
	const struct smart_info *s = &d->smart;

	memset(out, 0, sizeof *out);
	switch ((enum disk_column)col) {
	case COL_NAME: set_str(out, d->name); break;
	case COL_SIZE:
		out->kind = d->size < 0 ? CELL_NONE : CELL_BYTES;
		out->num = d->size;
		break;
	case COL_TRANSPORT: set_str(out, d->transport); break;
	case COL_TYPE:
		if (d->rotational >= 0) {
			out->kind = CELL_BOOL;
			out->num = d->rotational;
		}
		break;
	case COL_HEALTH:
		if (s->health != SMART_HEALTH_UNKNOWN)
			set_str(out, disk_health_name(s->health));
		out->alert = s->health == SMART_HEALTH_FAILED;
		break;
	case COL_ERC: erc_cell(d, out); break;
	case COL_TIMEOUT:
		set_num(out, d->timeout);
		out->alert = disk_raid_timeout_risk(d);
		break;
	case COL_QDEPTH: set_num(out, d->queue_depth); break;
	case COL_SCHED: set_str(out, d->scheduler); break;
	case COL_TEMP: set_num(out, s->temperature); break;
	case COL_MD: set_str(out, d->md); break;
	case COL_MODEL: set_str(out, d->model); break;
	case COL_SERIAL: set_str(out, d->serial); break;
	case COL_VENDOR: set_str(out, d->vendor); break;
	case COL_REALLOC:
		set_num(out, s->reallocated);
		out->alert = s->reallocated > 0;
		break;
	case COL_PENDING:
		set_num(out, s->pending);
		out->alert = s->pending > 0;
		break;
	case COL_UNCORR:
		set_num(out, s->offline_uncorrectable);
		out->alert = s->offline_uncorrectable > 0;
		break;
	case COL_POH: set_num(out, s->power_on_hours); break;
	case COL_NVME_WARN:
		set_num(out, s->nvme_critical_warning);
		out->alert = s->nvme_critical_warning > 0;
		break;
	case COL_NVME_MEDIA:
		set_num(out, s->nvme_media_errors);
		out->alert = s->nvme_media_errors > 0;
		break;
	case COL_NVME_USED: set_num(out, s->nvme_percentage_used); break;
	case COL_MOUNTS: set_str(out, d->mountpoints); break;
	case COL_FSTYPE: set_str(out, d->whole.fstype); break;
	case COL_LABEL: set_str(out, d->whole.label); break;
	case COL_UUID: set_str(out, d->whole.uuid); break;
	case COL_ERC_READ: set_num(out, s->erc_read_ds); break;
	case COL_ERC_WRITE: set_num(out, s->erc_write_ds); break;
	case COL_KIND: set_str(out, disk_type_name(d)); break;
	case COL_RAID_RISK:
		if (d->kind != DISK_KIND_DISK)
			break; /* no such risk for an array or a mapping */
		out->kind = CELL_BOOL;
		out->num = disk_raid_timeout_risk(d);
		out->alert = out->num;
		/* in text, not only in bold: vt100 and NO_COLOR see it */
		out->str = out->num ? "!" : "";
		break;
	}
}

static const char *
or_dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

static void
detail_number(struct buf *b, const char *label, long long n,
    const char *unit)
{
	if (n >= 0)
		buf_printf(b, "  %s %lld%s", label, n, unit);
}

static void
detail_smart(const struct disk *d, struct buf *b)
{
	const struct smart_info *s = &d->smart;

	if (!s->valid) {
		buf_printf(b, "SMART: %s\n", or_dash(s->error));
		return;
	}
	buf_printf(b, "SMART: %s", s->health == SMART_HEALTH_UNKNOWN ?
	    "health unknown" : disk_health_name(s->health));
	detail_number(b, "temp", s->temperature, "C");
	detail_number(b, "power-on", s->power_on_hours, " h");
	detail_number(b, "realloc", s->reallocated, "");
	detail_number(b, "pending", s->pending, "");
	detail_number(b, "uncorrectable", s->offline_uncorrectable, "");
	detail_number(b, "crit-warning", s->nvme_critical_warning, "");
	detail_number(b, "media-errors", s->nvme_media_errors, "");
	detail_number(b, "used", s->nvme_percentage_used, "%");
	buf_addstr(b, "\n");
	/* Older data kept while the disk sleeps says so. */
	if (s->error != NULL)
		buf_printf(b, "SMART note: %s\n", s->error);
}

static void
detail_timeouts(const struct disk *d, struct buf *b)
{
	const struct smart_info *s = &d->smart;
	size_t i;

	if (s->erc == ERC_ENABLED && s->erc_read_ds >= 0)
		buf_printf(b, "SCT ERC: read %d.%d s, write %d.%d s",
		    s->erc_read_ds / 10, s->erc_read_ds % 10,
		    s->erc_write_ds / 10, s->erc_write_ds % 10);
	else if (s->erc == ERC_UNKNOWN)
		buf_printf(b, "SCT ERC: unknown%s", d->transport != NULL &&
		    strcmp(d->transport, "loop") == 0 ? "" : s->valid ?
		    " (smartctl did not report it)" : " (no SMART data)");
	else
		buf_printf(b, "SCT ERC: %s", disk_erc_name(s->erc));
	if (d->timeout >= 0)
		buf_printf(b, "   kernel timeout %d s", d->timeout);
	if (d->queue_depth >= 0)
		buf_printf(b, "   NCQ depth %d", d->queue_depth);
	buf_addstr(b, "\nScheduler:");
	for (i = 0; i < d->scheduler_count; i++)
		buf_printf(b, d->scheduler != NULL &&
		    strcmp(d->schedulers[i], d->scheduler) == 0 ?
		    " [%s]" : " %s", d->schedulers[i]);
	if (d->scheduler_count == 0)
		buf_addstr(b, " -");
	buf_addstr(b, "\n");
	if (disk_raid_timeout_risk(d))
		buf_printf(b, "RAID risk: no working SCT ERC and a kernel "
		    "timeout under %d s; a slow sector can get a healthy "
		    "drive kicked out of an array (fix: "
		    "disks-raid-safe-timeouts)\n", DISK_RAID_TIMEOUT);
}

static void
detail_partition(const struct partition *p, struct buf *b)
{
	char size[16];
	struct cell c = { .kind = CELL_BYTES, .num = p->size };

	cell_format(&c, 6, size, sizeof size);
	buf_printf(b, "  %-10s %6s %-6s %-12s %s", p->name,
	    p->size >= 0 ? size : "-", or_dash(p->fstype), or_dash(p->label),
	    or_dash(p->uuid));
	if (p->partuuid != NULL)
		buf_printf(b, " PARTUUID=%s", p->partuuid);
	if (p->md != NULL)
		buf_printf(b, " in %s", p->md);
	if (p->mountpoint != NULL)
		buf_printf(b, " on %s", p->mountpoint);
	buf_addstr(b, "\n");
}

/* "sda: WDC WD40EFRX, serial WD-1234, sata, rotational". */
static void
detail_title(const struct disk *d, struct buf *b)
{
	buf_printf(b, "%s:", d->name);
	if (d->kind != DISK_KIND_DISK) {
		buf_printf(b, " %s\n", d->kind == DISK_KIND_MD ? "MD array "
		    "(SMART, SCT ERC and timeouts are its member disks')" :
		    "device-mapper device");
		return;
	}
	if (d->vendor != NULL)
		buf_printf(b, " %s", d->vendor);
	if (d->model != NULL)
		buf_printf(b, " %s", d->model);
	if (d->vendor != NULL || d->model != NULL)
		buf_addstr(b, ",");
	if (d->serial != NULL)
		buf_printf(b, " serial %s,", d->serial);
	buf_printf(b, " %s", or_dash(d->transport));
	if (d->rotational >= 0)
		buf_printf(b, ", %s", d->rotational ? "rotational" :
		    "solid state");
	buf_addstr(b, "\n");
}

static void
disks_detail(const struct view *v, size_t row, struct buf *b)
{
	const struct disk *d = DISK(v, row);
	size_t i;

	detail_title(d, b);
	if (d->kind == DISK_KIND_DISK) {
		detail_smart(d, b);
		detail_timeouts(d, b);
	}
	if (d->md != NULL || d->mountpoints != NULL)
		buf_printf(b, "MD: %s   mounted: %s\n", or_dash(d->md),
		    or_dash(d->mountpoints));
	if (d->whole.fstype != NULL)
		detail_partition(&d->whole, b);
	if (d->partition_count > 0)
		buf_printf(b, "Partitions:\n");
	for (i = 0; i < d->partition_count; i++)
		detail_partition(&d->partitions[i], b);
	if (d->error != NULL)
		buf_printf(b, "Could not read: %s\n", d->error);
}

static void
json_partition(const struct partition *p, struct buf *b)
{
	buf_addstr(b, "{");
	json_put_key(b, "name", 1);
	json_put_string(b, p->name);
	json_put_key(b, "size", 0);
	buf_printf(b, p->size >= 0 ? "%lld" : "null", p->size);
	json_put_key(b, "fstype", 0);
	json_put_string(b, p->fstype);
	json_put_key(b, "label", 0);
	json_put_string(b, p->label);
	json_put_key(b, "uuid", 0);
	json_put_string(b, p->uuid);
	json_put_key(b, "partuuid", 0);
	json_put_string(b, p->partuuid);
	json_put_key(b, "mountpoint", 0);
	json_put_string(b, p->mountpoint);
	json_put_key(b, "md", 0);
	json_put_string(b, p->md);
	buf_addstr(b, "}");
}

static void
disks_json_extra(const struct view *v, size_t row, struct buf *b)
{
	const struct disk *d = DISK(v, row);
	size_t i;

	json_put_key(b, "smart_error", 0);
	json_put_string(b, d->smart.error);
	json_put_key(b, "smart_exit_status", 0);
	if (d->smart.exit_status >= 0)
		buf_printf(b, "%d", d->smart.exit_status);
	else
		buf_addstr(b, "null");
	json_put_key(b, "error", 0);
	json_put_string(b, d->error);
	json_put_key(b, "partitions", 0);
	buf_addstr(b, "[");
	for (i = 0; i < d->partition_count; i++) {
		if (i > 0)
			buf_addstr(b, ",");
		json_partition(&d->partitions[i], b);
	}
	buf_addstr(b, "]");
}

static const char *
disks_notice(const struct view *v)
{
	const struct disk_snapshot *s = v->snap;

	if (s->error != NULL)
		return s->error;
	if (s->smartctl_missing)
		return "smartctl is not installed (apt-get install "
		       "smartmontools): no SMART health or SCT ERC";
	return NULL;
}

/* --- commands -------------------------------------------------------- */

static int
parse_arg(const char *what, const char *s, int *out, char **cause)
{
	if (parse_int_range(s, -1000000, 1000000, out) == 0)
		return 0;
	set_cause(cause, "%s must be a whole number, not '%s'", what, s);
	return -1;
}

static int
disk_set_erc_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	int r, w;

	if (parse_arg("the read limit (deciseconds)", argv[1], &r, cause) ||
	    parse_arg("the write limit (deciseconds)", argv[2], &w, cause))
		return -1;
	return disk_plan_set_erc(v->snap, argv[0], r, w, plan, cause);
}

static int
disk_set_timeout_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	int secs;

	if (parse_arg("the timeout (seconds)", argv[1], &secs, cause))
		return -1;
	return disk_plan_set_timeout(v->snap, argv[0], secs, plan, cause);
}

static int
disk_set_queue_depth_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	int depth;

	if (parse_arg("the queue depth", argv[1], &depth, cause))
		return -1;
	return disk_plan_set_queue_depth(v->snap, argv[0], depth, plan, cause);
}

static int
disk_set_scheduler_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return disk_plan_set_scheduler(v->snap, argv[0], argv[1], plan, cause);
}

static int
disks_raid_safe_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	int flags = 0, i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0)
			flags |= DISK_RAID_ALL;
		else if (strcmp(argv[i], "--udev-rule") == 0)
			flags |= DISK_RAID_UDEV_RULE;
		else {
			set_cause(cause, "disks-raid-safe-timeouts: unknown "
			    "option '%s' (only --all and --udev-rule)",
			    argv[i]);
			return -1;
		}
	}
	return disk_plan_raid_safe(v->snap, flags, plan, cause);
}

static int
disk_smart_refresh_run(struct app *app, int argc, char **argv, char **cause)
{
	struct panel_state *p = app_panel(app, "disks");

	app_refresh(app, p, 1);
	app_message(app, 0, "reading SMART data again...");
	return 0;
}

#define CHANGE_CMD(n, a, mn, mx, h, fn, ...) \
	{ .name = n, .args = a, .help = h, .flags = CMD_CHANGES, \
	  .min_args = mn, .max_args = mx, .panel = "disks", .plan = fn, \
	  .arg = { __VA_ARGS__ } }
#define DISK_ARG { ARG_ROW, "Disk", 1 }

static const struct command disk_commands[] = {
	CHANGE_CMD("disk-set-erc", "DISK READ_DS WRITE_DS", 3, 3,
	    "set SCT ERC limits in deciseconds (smartctl -l scterc,R,W)",
	    disk_set_erc_plan, DISK_ARG,
	    { ARG_VALUE, "Read limit (deciseconds)", 0 },
	    { ARG_VALUE, "Write limit (deciseconds)", 0 }),
	CHANGE_CMD("disk-set-timeout", "DISK SECONDS", 2, 2,
	    "set the kernel's command timeout (device/timeout)",
	    disk_set_timeout_plan, DISK_ARG,
	    { ARG_VALUE, "Timeout (seconds)", 0 }),
	CHANGE_CMD("disk-set-queue-depth", "DISK N", 2, 2,
	    "set the NCQ queue depth (1 turns NCQ off)",
	    disk_set_queue_depth_plan, DISK_ARG,
	    { ARG_VALUE, "Queue depth", 0 }),
	CHANGE_CMD("disk-set-scheduler", "DISK NAME", 2, 2,
	    "set the I/O scheduler (queue/scheduler)",
	    disk_set_scheduler_plan, DISK_ARG,
	    { ARG_VALUE, "I/O scheduler", 1 }),
	CHANGE_CMD("disks-raid-safe-timeouts", "[--all] [--udev-rule]", 0, 2,
	    "SCT ERC 7 s on MD member disks (--all: every disk not "
	    "removable or USB), else kernel timeout 180 s; --udev-rule "
	    "keeps it for the same disks",
	    disks_raid_safe_plan, { ARG_WORD, "All disks", 0 },
	    { ARG_WORD, "udev rule", 0 }),
	{ .name = "disk-smart-refresh", .args = "", .flags = CMD_UI,
	  .help = "read SMART and SCT ERC again now", .min_args = 0,
	  .max_args = 0, .run = disk_smart_refresh_run },
};

/* Values a command's argument may take: the schedulers the disk offers,
 * and the usual values for the numbers (what RAID wants first). */
static void
disks_values(const struct view *v, const char *command, int arg,
    char **argv, struct choice_list *out)
{
	const struct disk *d = arg >= 1 ? disk_snapshot_find(v->snap,
	    argv[0]) : NULL;
	char *label;
	size_t i;

	if (d == NULL)
		return;
	if (strcmp(command, "disk-set-scheduler") == 0) {
		for (i = 0; i < d->scheduler_count; i++) {
			label = xasprintf("%s%s", d->schedulers[i],
			    d->scheduler != NULL && strcmp(d->scheduler,
			    d->schedulers[i]) == 0 ? " (in use now)" : "");
			choice_push(out, d->schedulers[i], label);
			free(label);
		}
	} else if (strcmp(command, "disk-set-timeout") == 0) {
		choice_push(out, "180", "180 s: outlasts a desktop drive's "
		    "error recovery (RAID without SCT ERC)");
		choice_push(out, "30", "30 s: the kernel's default");
	} else if (strcmp(command, "disk-set-erc") == 0) {
		choice_push(out, "70", "7 s: what RAID wants");
		choice_push(out, "0", "0: recovery limit off");
	}
}

/* What each value command sets now, for its form. SCT ERC offers the
 * drive's limits when it has them, else 70 (7 s, what RAID wants). */
static char *
disks_form_value(const struct view *v, const char *command,
    const char *target, int arg)
{
	const struct disk *d = target != NULL && v->snap != NULL ?
	    disk_snapshot_find(v->snap, target) : NULL;
	int ds;

	if (d == NULL || arg < 1)
		return NULL;
	if (strcmp(command, "disk-set-timeout") == 0 && d->timeout >= 0)
		return xasprintf("%d", d->timeout);
	if (strcmp(command, "disk-set-queue-depth") == 0 &&
	    d->queue_depth >= 0)
		return xasprintf("%d", d->queue_depth);
	if (strcmp(command, "disk-set-scheduler") == 0 &&
	    d->scheduler != NULL)
		return xstrdup(d->scheduler);
	if (strcmp(command, "disk-set-erc") == 0) {
		ds = arg == 1 ? d->smart.erc_read_ds : d->smart.erc_write_ds;
		return xasprintf("%d", d->smart.erc == ERC_ENABLED && ds > 0 ?
		    ds : 70);
	}
	return NULL;
}

static char *
disks_refuse(const struct view *v, const char *command, const char *target)
{
	return disk_plan_refusal(v->snap, command, target);
}

static void
disks_free_snapshot(void *snap)
{
	disk_snapshot_free(snap);
}

const struct screen disks_screen = {
	.name = "disks",
	.plugin = "disks",
	.needs = SCREEN_NEEDS_FILES,
	.model = DISK_MODEL,
	.model_version = DISK_MODEL_VERSION,
	.title = "Disks",
	.columns = disk_columns,
	.column_count = sizeof disk_columns / sizeof disk_columns[0],
	.commands = disk_commands,
	.command_count = sizeof disk_commands / sizeof disk_commands[0],
	.row_count = disks_row_count,
	.row_name = disks_row_name,
	.cell = disks_cell,
	.detail = disks_detail,
	.json_extra = disks_json_extra,
	.notice = disks_notice,
	.form_value = disks_form_value,
	.values = disks_values,
	.refuse = disks_refuse,
	.free_snapshot = disks_free_snapshot,
};
