/* The RAID panel: MD arrays, members, rebuild progress and the everyday fixes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cmd.h"
#include "disk.h"
#include "json-out.h"
#include "md-plan.h"
#include "md.h"
#include "screen.h"
#include "xmalloc.h"

enum raid_column {
	COL_NAME, COL_HEALTH, COL_LEVEL, COL_DISKS, COL_MISSING, COL_ACTION,
	COL_PROGRESS, COL_SPEED, COL_FINISH, COL_SIZE, COL_STATE,
	COL_MISMATCH, COL_BITMAP, COL_METADATA, COL_RISK, COL_RAID_DISKS,
	COL_ACTIVE, COL_DEGRADED, COL_CHUNK, COL_CONTAINER, COL_UUID,
	COL_DELAYED, COL_PENDING, COL_SYNC_STATE, COL_HEALTH_NOTE
};

static const struct column raid_columns[] = {
	[COL_NAME] = { "name", "ARRAY", 6, 0 },
	[COL_HEALTH] = { "health", "HEALTH", 8, 0 },
	[COL_LEVEL] = { "level", "LEVEL", 6, 0 },
	[COL_DISKS] = { "disks", "DISKS", 5, 1 },
	[COL_MISSING] = { "missing", "MISSING", 7, 0 },
	[COL_ACTION] = { "sync_action", "ACTION", 8, 0 },
	[COL_PROGRESS] = { "progress_percent", "PROGRESS", 17, 0 },
	[COL_SPEED] = { "speed_kbs", "SPEED", 7, 1 },
	[COL_FINISH] = { "finish_s", "ETA", 6, 1 },
	[COL_SIZE] = { "size", "SIZE", 6, 1 },
	[COL_STATE] = { "array_state", "STATE", 9, 0 },
	[COL_MISMATCH] = { "mismatch_cnt", "MISMATCH", 8, 1 },
	[COL_BITMAP] = { "bitmap", "BITMAP", 8, 0 },
	[COL_METADATA] = { "metadata", "META", 8, 0 },
	[COL_RISK] = { "timeout_risk_members", "RISK", 4, 1 },
	[COL_RAID_DISKS] = { "raid_disks", "ROLES", 5, 1 },
	[COL_ACTIVE] = { "active_disks", "ACTIVE", 6, 1 },
	[COL_DEGRADED] = { "degraded", "DEGR", 4, 1 },
	[COL_CHUNK] = { "chunk", "CHUNK", 6, 1 },
	[COL_CONTAINER] = { "container", "CONTAINER", 9, 0 },
	[COL_UUID] = { "uuid", "UUID", 36, 0 },
	[COL_DELAYED] = { "delayed", "DELAYED", 7, 0 },
	[COL_PENDING] = { "pending", "PENDING", 7, 0 },
	[COL_SYNC_STATE] = { "sync_state", "SYNC", 7, 0 },
	[COL_HEALTH_NOTE] = { "health_note", "NOTE", 32, 0 },
};

#define MD(v) ((const struct md_snapshot *)(v)->snap)
#define ARRAY(v, row) (&MD(v)->arrays[row])

static size_t
raid_row_count(const struct view *v)
{
	return MD(v)->count;
}

static const char *
raid_row_name(const struct view *v, size_t row)
{
	return ARRAY(v, row)->name;
}

/* The Disks panel's record of the disk holding member m, or NULL. */
static const struct disk *
member_disk(const struct view *v, const struct md_member *m)
{
	if (v->related == NULL || m->disk == NULL)
		return NULL;
	return disk_snapshot_find(v->related, m->disk);
}

static int
member_at_risk(const struct view *v, const struct md_member *m)
{
	const struct disk *d = member_disk(v, m);

	return d != NULL && disk_timeout_risk(d);
}

/* Members at timeout risk, or -1 while the Disks panel has no data. */
static long long
array_risk_count(const struct view *v, const struct md_array *a)
{
	long long n = 0;
	size_t i;

	if (v->related == NULL)
		return -1;
	for (i = 0; i < a->member_count; i++)
		n += member_at_risk(v, &a->members[i]);
	return n;
}

static void
set_str(struct cell *out, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	out->kind = CELL_STR;
	out->str = s;
}

static void
set_num(struct cell *out, long long n)
{
	if (n >= 0) {
		out->kind = CELL_NUM;
		out->num = n;
	}
}

static void
missing_cell(const struct md_array *a, struct cell *out)
{
	size_t i, at = 0;
	int n;

	if (a->missing_count == 0)
		return;
	for (i = 0; i < a->missing_count && at < sizeof out->text - 8; i++) {
		n = snprintf(out->text + at, sizeof out->text - at, "%s%d",
		    i > 0 ? "," : "slot ", a->missing[i]);
		at += (size_t)n;
	}
	set_str(out, out->text);
	out->alert = 1;
}

static void
progress_cell(const struct md_array *a, struct cell *out)
{
	const struct md_progress *p = &a->progress;

	/* A number or null in JSON; the word is for the screen only (and
	 * sync_state says it in JSON). */
	if (p->delayed || p->pending) {
		out->str = p->delayed ? "DELAYED" : "PENDING";
		return;
	}
	if (!p->valid || p->percent < 0)
		return;
	out->kind = CELL_PROGRESS;
	out->num = (long long)(p->percent * 10 + 0.5);
}

static void
finish_cell(const struct md_array *a, struct cell *out)
{
	double m = a->progress.finish;

	if (!a->progress.valid || m < 0)
		return;
	out->kind = CELL_NUM;
	out->num = (long long)(m * 60 + 0.5);
	if (m < 10)
		snprintf(out->text, sizeof out->text, "%.1fm", m);
	else if (m < 60)
		snprintf(out->text, sizeof out->text, "%.0fm", m);
	else
		snprintf(out->text, sizeof out->text, "%dh%02dm", (int)m / 60,
		    (int)m % 60);
	out->str = out->text;
}

/* An ok array with a note (mismatches found) is highlighted too. */
static void
health_cell(const struct md_array *a, struct cell *out)
{
	enum md_health h = md_array_health(a);
	char *note = md_array_health_note(a);

	set_str(out, md_health_name(h));
	out->alert = h != MD_HEALTH_OK || note != NULL;
	free(note);
}

static void
note_cell(const struct md_array *a, struct cell *out)
{
	char *note = md_array_health_note(a);

	if (note == NULL)
		return;
	snprintf(out->text, sizeof out->text, "%s", note);
	set_str(out, out->text);
	out->alert = 1;
	free(note);
}

static void
raid_cell(const struct view *v, size_t row, size_t col, struct cell *out)
{
	const struct md_array *a = ARRAY(v, row);

	memset(out, 0, sizeof *out);
	switch ((enum raid_column)col) {
	case COL_NAME: set_str(out, a->name); break;
	case COL_HEALTH: health_cell(a, out); break;
	case COL_LEVEL: set_str(out, a->level); break;
	case COL_DISKS:
		if (a->raid_disks >= 0 && a->active_disks >= 0) {
			snprintf(out->text, sizeof out->text, "%d/%d",
			    a->active_disks, a->raid_disks);
			set_str(out, out->text);
			out->alert = a->active_disks < a->raid_disks;
		}
		break;
	case COL_MISSING: missing_cell(a, out); break;
	case COL_ACTION:
		/* sysfs wins where both speak ("recover", not "recovery"). */
		set_str(out, a->sync_action != NULL ? a->sync_action :
		    a->progress.action);
		break;
	case COL_PROGRESS: progress_cell(a, out); break;
	case COL_SPEED:
		set_num(out, a->progress.valid ? a->progress.speed :
		    a->sync_speed);
		if (out->kind == CELL_NUM) {
			snprintf(out->text, sizeof out->text, "%lldK",
			    out->num);
			out->str = out->text;
		}
		break;
	case COL_FINISH: finish_cell(a, out); break;
	case COL_SIZE:
		if (a->size >= 0) {
			out->kind = CELL_BYTES;
			out->num = a->size;
		}
		break;
	case COL_STATE: set_str(out, a->array_state); break;
	case COL_MISMATCH:
		set_num(out, a->mismatch_cnt);
		out->alert = a->mismatch_cnt > 0;
		break;
	case COL_BITMAP: set_str(out, a->bitmap); break;
	case COL_METADATA: set_str(out, a->metadata); break;
	case COL_RISK:
		set_num(out, array_risk_count(v, a));
		out->alert = out->num > 0;
		break;
	case COL_RAID_DISKS: set_num(out, a->raid_disks); break;
	case COL_ACTIVE: set_num(out, a->active_disks); break;
	case COL_DEGRADED:
		/* raid0 and linear are whole or failed, never degraded. */
		if (!md_array_is_striped(a))
			set_num(out, a->degraded);
		break;
	case COL_CHUNK:
		if (a->chunk >= 0) {
			out->kind = CELL_BYTES;
			out->num = a->chunk;
		}
		break;
	case COL_CONTAINER: set_str(out, a->container); break;
	case COL_UUID: set_str(out, a->uuid); break;
	case COL_DELAYED:
	case COL_PENDING:
		out->kind = CELL_BOOL;
		out->num = col == COL_DELAYED ? a->progress.delayed :
		    a->progress.pending;
		break;
	case COL_SYNC_STATE: set_str(out, md_sync_state(a)); break;
	case COL_HEALTH_NOTE: note_cell(a, out); break;
	}
}

/* --- the detail pane ------------------------------------------------- */

static const char *
or_dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

static void
detail_progress(const struct md_array *a, struct buf *b)
{
	const struct md_progress *p = &a->progress;

	if (p->delayed || p->pending) {
		buf_printf(b, "%s: %s\n", or_dash(p->action),
		    p->delayed ? "DELAYED (waits for another array on the "
		    "same disks)" : "PENDING (starts at the first write)");
		return;
	}
	if (!p->valid)
		return;
	buf_printf(b, "%s: %.1f%%", or_dash(p->action), p->percent);
	if (p->done >= 0 && p->total >= 0)
		buf_printf(b, " (%lld/%lld KiB)", p->done, p->total);
	if (p->speed >= 0)
		buf_printf(b, "  %lld KB/s", p->speed);
	if (p->finish >= 0)
		buf_printf(b, "  about %.1f min left", p->finish);
	buf_addstr(b, "\n");
}

static void
detail_member(const struct view *v, const struct md_member *m,
    struct buf *b)
{
	const struct disk *d = member_disk(v, m);
	char *state = md_member_state_text(m->state);
	char slot[16];

	snprintf(slot, sizeof slot, m->slot >= 0 ? "%d" : "-", m->slot);
	buf_printf(b, "  %-10s %-4s %-22s %-16s", m->name, slot,
	    m->state_text != NULL ? m->state_text : state,
	    md_member_role_text(m));
	if (m->major >= 0)
		buf_printf(b, " %d:%d", m->major, m->minor);
	if (m->super.events >= 0)
		buf_printf(b, " events %lld", m->super.events);
	if (m->errors >= 0)
		buf_printf(b, " err %lld", m->errors);
	if (d != NULL) {
		buf_printf(b, "  %s", or_dash(d->model));
		if (d->timeout >= 0)
			buf_printf(b, " tmo %ds", d->timeout);
		buf_printf(b, " erc %s", disk_erc_name(d->smart.erc));
		if (disk_timeout_risk(d))
			buf_addstr(b, " RISK");
	}
	buf_addstr(b, "\n");
	free(state);
}

/* "Timeout risk: sdb (ERC unsupported, timeout 30 s), ...": each member
 * disk without working SCT ERC and a kernel timeout under 180 s, by name,
 * so the admin knows which drive it is. */
static void
detail_risk(const struct view *v, const struct md_array *a, struct buf *b)
{
	const struct disk *d;
	size_t i;
	int first = 1;

	buf_addstr(b, "Timeout risk:");
	for (i = 0; i < a->member_count; i++) {
		d = member_disk(v, &a->members[i]);
		if (d == NULL || !disk_timeout_risk(d))
			continue;
		buf_printf(b, "%s %s (ERC %s, timeout ", first ? "" : ",",
		    d->name, disk_erc_name(d->smart.erc));
		buf_printf(b, d->timeout >= 0 ? "%d s)" : "unknown)",
		    d->timeout);
		first = 0;
	}
	buf_printf(b, "; fix: md-fix-timeouts %s\n", a->name);
}

/* "2026-11-22 03:12:45 UTC", or "-". */
static void
put_time(struct buf *b, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char text[32];

	if (t < 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		buf_addstr(b, "-");
		return;
	}
	buf_addstr(b, text);
}

/* What mdadm --detail shows that the table does not. */
static void
detail_mdadm(const struct md_array *a, struct buf *b)
{
	char *layout = md_layout_name(a->level, a->layout);
	char *start = md_array_start_command(a);
	char *problem = md_array_start_problem(a);
	struct md_counts c;

	md_array_counts(a, &c);
	buf_printf(b, "Name %s, UUID %s, events ", or_dash(a->super.name),
	    or_dash(a->uuid));
	buf_printf(b, a->super.events >= 0 ? "%lld" : "-", a->super.events);
	buf_addstr(b, ", created ");
	put_time(b, a->super.creation_time);
	buf_addstr(b, ", updated ");
	put_time(b, a->super.update_time);
	buf_printf(b, "\nDevices: %d total, %d active, %d working, %d failed, "
	    "%d spare", c.total, c.active, c.working, c.failed, c.spare);
	if (layout != NULL)
		buf_printf(b, "; layout %s", layout);
	if (a->bitmap_chunk > 0)
		buf_printf(b, "; bitmap chunk %lld KiB", a->bitmap_chunk / 1024);
	buf_addstr(b, "\n");
	if (md_array_health(a) == MD_HEALTH_INACTIVE) {
		buf_printf(b, "Inactive: assembled, not started (members' "
		    "superblocks: %s, ", or_dash(a->super.level));
		buf_printf(b, a->super.devices > 0 ? "%d devices)" :
		    "devices unknown)", a->super.devices);
		if (start != NULL)
			buf_printf(b, ". Start it: %s\n", start);
		else
			buf_printf(b, ". Cannot start: %s\n", problem);
	}
	free(layout);
	free(start);
	free(problem);
}

static void
raid_detail(const struct view *v, size_t row, struct buf *b)
{
	const struct md_array *a = ARRAY(v, row);
	long long risk = array_risk_count(v, a);
	char *note = md_array_health_note(a);
	size_t i;

	buf_printf(b, "%s: %s, %s%s%s%s, metadata %s, state %s, bitmap %s\n",
	    a->name, or_dash(a->level), md_health_name(md_array_health(a)),
	    note != NULL ? " (" : "", note != NULL ? note : "",
	    note != NULL ? ")" : "", or_dash(a->metadata),
	    or_dash(a->array_state), or_dash(a->bitmap));
	free(note);
	detail_progress(a, b);
	if (a->missing_count > 0) {
		buf_addstr(b, "Missing:");
		for (i = 0; i < a->missing_count; i++)
			buf_printf(b, " slot %d", a->missing[i]);
		if (md_array_health(a) == MD_HEALTH_INACTIVE)
			buf_printf(b, " (held by no member's superblock; %d "
			    "of %d roles present)\n",
			    a->raid_disks - (int)a->missing_count,
			    a->raid_disks);
		else
			buf_printf(b, " (%d of %d roles held; %d more "
			    "failure(s) survivable)\n", a->active_disks,
			    a->raid_disks, md_array_redundancy_left(a));
	}
	detail_mdadm(a, b);
	if (a->mismatch_cnt > 0)
		buf_printf(b, "mismatch_cnt %lld sectors (md-repair rewrites "
		    "them)\n", a->mismatch_cnt);
	if (risk > 0)
		detail_risk(v, a, b);
	buf_printf(b, "Members (%zu):\n", a->member_count);
	for (i = 0; i < a->member_count; i++)
		detail_member(v, &a->members[i], b);
	if (a->error != NULL)
		buf_printf(b, "Could not read: %s\n", a->error);
}

static void
json_member(const struct view *v, const struct md_member *m, struct buf *b)
{
	const struct disk *d = member_disk(v, m);
	char *state = md_member_state_text(m->state);

	buf_addstr(b, "{");
	json_put_key(b, "name", 1);
	json_put_string(b, m->name);
	json_put_key(b, "disk", 0);
	json_put_string(b, m->disk);
	json_put_key(b, "slot", 0);
	buf_printf(b, m->slot >= 0 ? "%d" : "null", m->slot);
	json_put_key(b, "state", 0);
	json_put_string(b, m->state_text != NULL ? m->state_text : state);
	json_put_key(b, "errors", 0);
	buf_printf(b, m->errors >= 0 ? "%lld" : "null", m->errors);
	json_put_key(b, "role", 0);
	json_put_string(b, md_member_role_text(m));
	json_put_key(b, "dev", 0);
	if (m->major >= 0)
		buf_printf(b, "\"%d:%d\"", m->major, m->minor);
	else
		buf_addstr(b, "null");
	json_put_key(b, "events", 0);
	buf_printf(b, m->super.events >= 0 ? "%lld" : "null", m->super.events);
	json_put_key(b, "disk_timeout", 0);
	buf_printf(b, d != NULL && d->timeout >= 0 ? "%d" : "null",
	    d != NULL ? d->timeout : -1);
	json_put_key(b, "disk_erc", 0);
	json_put_string(b, d != NULL ? disk_erc_name(d->smart.erc) : NULL);
	json_put_key(b, "timeout_risk", 0);
	buf_addstr(b, d == NULL ? "null" : disk_timeout_risk(d) ? "true" :
	    "false");
	buf_addstr(b, "}");
	free(state);
}

static void
json_num(struct buf *b, const char *key, long long n)
{
	json_put_key(b, key, 0);
	buf_printf(b, n >= 0 ? "%lld" : "null", n);
}

/* The fields mdadm --detail has and the table does not. */
static void
json_mdadm(const struct md_array *a, struct buf *b)
{
	char *layout = md_layout_name(a->level, a->layout);
	char *start = md_array_start_command(a);
	char *problem = md_array_start_problem(a);
	struct md_counts c;

	md_array_counts(a, &c);
	json_put_key(b, "array_name", 0);
	json_put_string(b, a->super.name);
	json_num(b, "events", a->super.events);
	json_num(b, "update_time", a->super.update_time);
	json_num(b, "creation_time", a->super.creation_time);
	json_put_key(b, "layout", 0);
	json_put_string(b, layout);
	json_num(b, "bitmap_chunk", a->bitmap_chunk > 0 ? a->bitmap_chunk : -1);
	json_num(b, "total_devices", c.total);
	json_num(b, "active_devices", c.active);
	json_num(b, "working_devices", c.working);
	json_num(b, "failed_devices", c.failed);
	json_num(b, "spare_devices", c.spare);
	json_put_key(b, "start_command", 0);
	json_put_string(b, start);
	json_put_key(b, "start_problem", 0);
	json_put_string(b, problem);
	free(layout);
	free(start);
	free(problem);
}

static void
raid_json_extra(const struct view *v, size_t row, struct buf *b)
{
	const struct md_array *a = ARRAY(v, row);
	size_t i;

	json_put_key(b, "missing_slots", 0);
	buf_addstr(b, "[");
	for (i = 0; i < a->missing_count; i++)
		buf_printf(b, i > 0 ? ",%d" : "%d", a->missing[i]);
	buf_addstr(b, "]");
	json_put_key(b, "error", 0);
	json_put_string(b, a->error);
	json_mdadm(a, b);
	json_put_key(b, "members", 0);
	buf_addstr(b, "[");
	for (i = 0; i < a->member_count; i++) {
		if (i > 0)
			buf_addstr(b, ",");
		json_member(v, &a->members[i], b);
	}
	buf_addstr(b, "]");
}

static const char *
raid_notice(const struct view *v)
{
	return MD(v)->error;
}

static const char *
raid_alert(const struct view *v)
{
	size_t i;

	/* A check's mismatches are said in the row (health_note), not in
	 * the tab bar: the array still serves its data whole. */
	for (i = 0; i < MD(v)->count; i++) {
		if (md_array_health(&MD(v)->arrays[i]) != MD_HEALTH_OK)
			return "an array needs attention";
	}
	return NULL;
}

/* "VERB ARRAY [MEMBER]" onto the action list, labelled in words. */
static void
push_action(struct choice_list *out, const char *label, const char *verb,
    const char *array, const char *member)
{
	char *qa = cmd_quote(array), *qm = NULL, *line;

	if (member != NULL)
		qm = cmd_quote(member);
	line = xasprintf("%s %s%s%s", verb, qa, qm != NULL ? " " : "",
	    qm != NULL ? qm : "");
	choice_push(out, line, label);
	free(line);
	free(qa);
	free(qm);
}

static void
push_member_action(struct choice_list *out, const char *what,
    const char *verb, const struct md_array *a, const char *member)
{
	char *label = xasprintf("%s %s", what, member);

	push_action(out, label, verb, a->name, member);
	free(label);
}

static int
array_syncing(const struct md_array *a)
{
	return a->sync_action != NULL && strcmp(a->sync_action, "idle") != 0;
}

static int
array_scrubbing(const struct md_array *a)
{
	return a->sync_action != NULL && (strcmp(a->sync_action, "check") == 0 ||
	    strcmp(a->sync_action, "repair") == 0);
}

/* A spare waiting for a role, not one being rebuilt into it. */
static int
member_idle_spare(const struct md_member *m)
{
	return (m->state & MD_MEMBER_SPARE) && !md_member_is_rebuilding(m) &&
	    !(m->state & MD_MEMBER_FAULTY);
}

/*
 * Is command offered for member m of a (in the actions menu, the pickers
 * and Tab completion alike)? Remove: a faulty member or an idle spare.
 * Fail: a working member while the array can lose one. Resync: the same,
 * when no sync runs. Anything else: a working member.
 */
static int
member_offered(const struct md_array *a, const struct md_member *m,
    const char *command)
{
	int can_lose_one = md_array_redundancy_left(a) > 0;

	if (strcmp(command, "md-remove") == 0)
		return (m->state & MD_MEMBER_FAULTY) || member_idle_spare(m);
	if (strcmp(command, "md-fail") == 0)
		return md_member_is_working(m) && can_lose_one;
	if (strcmp(command, "md-resync-member") == 0)
		return md_member_is_working(m) && can_lose_one &&
		    !array_syncing(a);
	return md_member_is_working(m);
}

/*
 * Offer only what can work now; the plans check again and explain when
 * something changed in between.
 */
static void
raid_actions(const struct view *v, size_t row, struct choice_list *out)
{
	const struct md_array *a = ARRAY(v, row);
	const struct md_member *m;
	int spare_redundancy = md_array_redundancy_left(a) > 0;
	char **re_add;
	size_t i, n;

	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		if (member_offered(a, m, "md-remove"))
			push_member_action(out, "Remove member", "md-remove",
			    a, m->name);
		if (member_offered(a, m, "md-fail"))
			push_member_action(out, "Fail member", "md-fail", a,
			    m->name);
		if (member_offered(a, m, "md-resync-member"))
			push_member_action(out, "Resync member",
			    "md-resync-member", a, m->name);
	}
	n = md_plan_add_candidates(MD(v), v->related, a->name, 1, &re_add);
	for (i = 0; i < n; i++)
		push_member_action(out, "Re-add", "md-re-add", a, re_add[i]);
	string_list_free(re_add, n);
	push_action(out, "Add a device...", "pick", "md-add", a->name);
	if (array_scrubbing(a))
		push_action(out, "Stop the check", "md-idle", a->name, NULL);
	else if (!array_syncing(a) && !md_array_is_degraded(a) &&
	    spare_redundancy) {
		push_action(out, "Check consistency (scrub)", "md-check",
		    a->name, NULL);
		push_action(out, "Check and repair mismatches", "md-repair",
		    a->name, NULL);
	}
	if (array_risk_count(v, a) > 0)
		push_action(out, "Fix member disk timeouts",
		    "md-fix-timeouts", a->name, NULL);
	push_action(out, "Set the resync speed limits...", "form",
	    "md-speed-limit", NULL);
}

static void
member_values(const struct md_array *a, const char *command,
    struct choice_list *out)
{
	const struct md_member *m;
	char *state, *label;
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		if (!member_offered(a, m, command))
			continue;
		state = md_member_state_text(m->state);
		if (m->slot >= 0)
			label = xasprintf("%-10s %s, slot %d", m->name,
			    m->state_text != NULL ? m->state_text : state,
			    m->slot);
		else
			label = xasprintf("%-10s %s", m->name,
			    m->state_text != NULL ? m->state_text : state);
		choice_push(out, m->name, label);
		free(label);
		free(state);
	}
}

/* md-add and md-re-add: the devices the plan would take, with size and
 * model from the Disks panel. */
static void
device_values(const struct view *v, const char *array, int re_add,
    struct choice_list *out)
{
	const struct disk_snapshot *disks = v->related;
	const struct disk *d;
	char **names, *label, *disk;
	size_t i, n;

	n = md_plan_add_candidates(MD(v), disks, array, re_add, &names);
	for (i = 0; i < n; i++) {
		disk = md_disk_from_name(names[i]);
		d = disk_snapshot_find(disks, disk);
		label = xasprintf("%-10s on %s%s%s", names[i], disk,
		    d != NULL && d->model != NULL ? ", " : "",
		    d != NULL && d->model != NULL ? d->model : "");
		choice_push(out, names[i], label);
		free(label);
		free(disk);
	}
	string_list_free(names, n);
}

static void
raid_values(const struct view *v, const char *command, int arg, char **argv,
    struct choice_list *out)
{
	const struct md_array *a;

	if (arg != 1 || (a = md_snapshot_find(MD(v), argv[0])) == NULL)
		return;
	if (strcmp(command, "md-add") == 0 ||
	    strcmp(command, "md-re-add") == 0)
		device_values(v, a->name, command[3] == 'r', out);
	else
		member_values(a, command, out);
}

/* --- commands -------------------------------------------------------- */

static const char *
member_arg(const char *s)
{
	return strncmp(s, "/dev/", 5) == 0 ? s + 5 : s;
}

static int
md_fail_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_fail(v->snap, argv[0], member_arg(argv[1]), plan,
	    cause);
}

static int
md_remove_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_remove(v->snap, argv[0], member_arg(argv[1]), plan,
	    cause);
}

static int
md_add_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_add(v->snap, v->related, argv[0], member_arg(argv[1]),
	    plan, cause);
}

static int
md_re_add_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_re_add(v->snap, v->related, argv[0],
	    member_arg(argv[1]), plan, cause);
}

static int
md_resync_member_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_resync_member(v->snap, argv[0], member_arg(argv[1]),
	    plan, cause);
}

static int
md_check_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_sync_action(v->snap, argv[0], "check", plan, cause);
}

static int
md_repair_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_sync_action(v->snap, argv[0], "repair", plan, cause);
}

static int
md_idle_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_sync_action(v->snap, argv[0], "idle", plan, cause);
}

static int
md_speed_limit_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	int min, max, i;
	int *out[2] = { &min, &max };

	for (i = 0; i < 2; i++) {
		if (parse_int_range(argv[i], 0, 2000000000, out[i]) != 0) {
			set_cause(cause, "md-speed-limit: the %s speed is a "
			    "whole number of KB/s, not '%s'", i == 0 ?
			    "minimum" : "maximum", argv[i]);
			return -1;
		}
	}
	return md_plan_speed_limit(v->snap, min, max, plan, cause);
}

static int
md_fix_timeouts_plan(const struct view *v, int argc, char **argv,
    struct change_plan *plan, char **cause)
{
	return md_plan_fix_timeouts(v->snap, v->related, argv[0], plan,
	    cause);
}

#define CHANGE_CMD(n, a, mn, mx, h, fn, ...) \
	{ .name = n, .args = a, .help = h, .flags = CMD_CHANGES, \
	  .min_args = mn, .max_args = mx, .panel = "raid", .plan = fn, \
	  .arg = { __VA_ARGS__ } }
#define ARRAY_ARG { ARG_ROW, "Array", 1 }
#define MEMBER_ARG { ARG_VALUE, "Member", 1 }

static const struct command raid_commands[] = {
	CHANGE_CMD("md-fail", "ARRAY MEMBER", 2, 2,
	    "mark a member faulty (mdadm --fail)", md_fail_plan, ARRAY_ARG,
	    MEMBER_ARG),
	CHANGE_CMD("md-remove", "ARRAY MEMBER", 2, 2,
	    "remove a faulty or spare member (mdadm --remove)",
	    md_remove_plan, ARRAY_ARG, MEMBER_ARG),
	CHANGE_CMD("md-add", "ARRAY MEMBER", 2, 2,
	    "add a device as a member or spare (mdadm --add)", md_add_plan,
	    ARRAY_ARG, { ARG_VALUE, "Device to add", 1 }),
	CHANGE_CMD("md-re-add", "ARRAY MEMBER", 2, 2,
	    "put a removed member back (mdadm --re-add)", md_re_add_plan,
	    ARRAY_ARG, { ARG_VALUE, "Device to re-add", 1 }),
	CHANGE_CMD("md-resync-member", "ARRAY MEMBER", 2, 2,
	    "fail, remove, wipe and add a member so MD rewrites it",
	    md_resync_member_plan, ARRAY_ARG, MEMBER_ARG),
	CHANGE_CMD("md-check", "ARRAY", 1, 1,
	    "start a consistency check (scrub)", md_check_plan, ARRAY_ARG),
	CHANGE_CMD("md-repair", "ARRAY", 1, 1,
	    "start a check that rewrites mismatches", md_repair_plan,
	    ARRAY_ARG),
	CHANGE_CMD("md-idle", "ARRAY", 1, 1, "stop a running check or repair",
	    md_idle_plan, ARRAY_ARG),
	CHANGE_CMD("md-speed-limit", "MIN MAX", 2, 2,
	    "set the resync speed limits in KB/s", md_speed_limit_plan,
	    { ARG_NONE, "Minimum speed (KB/s)", 0 },
	    { ARG_NONE, "Maximum speed (KB/s)", 0 }),
	CHANGE_CMD("md-fix-timeouts", "ARRAY", 1, 1,
	    "SCT ERC 7 s or a 180 s timeout on the array's member disks",
	    md_fix_timeouts_plan, ARRAY_ARG),
};

/* md-speed-limit's form starts at the limits set now. */
static char *
raid_form_value(const struct view *v, const char *command,
    const char *target, int arg)
{
	int kbs;

	(void)target;
	if (v->snap == NULL || strcmp(command, "md-speed-limit") != 0)
		return NULL;
	kbs = arg == 0 ? MD(v)->speed_limit_min : MD(v)->speed_limit_max;
	return kbs >= 0 ? xasprintf("%d", kbs) : NULL;
}

static void
raid_free_snapshot(void *snap)
{
	md_snapshot_free(snap);
}

const struct screen raid_screen = {
	.name = "raid",
	.plugin = "raid",
	.needs = SCREEN_NEEDS_FILES,
	.model = MD_MODEL,
	.model_version = MD_MODEL_VERSION,
	.title = "RAID",
	.columns = raid_columns,
	.column_count = sizeof raid_columns / sizeof raid_columns[0],
	.commands = raid_commands,
	.command_count = sizeof raid_commands / sizeof raid_commands[0],
	.related = "disks",
	.row_count = raid_row_count,
	.row_name = raid_row_name,
	.cell = raid_cell,
	.detail = raid_detail,
	.json_extra = raid_json_extra,
	.notice = raid_notice,
	.alert = raid_alert,
	.actions = raid_actions,
	.values = raid_values,
	.form_value = raid_form_value,
	.free_snapshot = raid_free_snapshot,
};
