/* The RAID model: freeing, lookups, health and redundancy of MD arrays. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "strutil.h"
#include "xmalloc.h"

/* The sysfs state words, in the order they are shown. */
static const struct {
	unsigned bit;
	const char *word;    /* as dev-X/state writes it */
	const char *shown;   /* for display */
} md_state_words[] = {
	{ MD_MEMBER_FAULTY, "faulty", "faulty" },
	{ MD_MEMBER_IN_SYNC, "in_sync", "in_sync" },
	{ MD_MEMBER_SPARE, "spare", "spare" },
	{ MD_MEMBER_JOURNAL, "journal", "journal" },
	{ MD_MEMBER_WRITE_MOSTLY, "write_mostly", "write-mostly" },
	{ MD_MEMBER_REPLACEMENT, "replacement", "replacement" },
	{ MD_MEMBER_WANT_REPLACEMENT, "want_replacement", "want-replacement" },
	{ MD_MEMBER_BLOCKED, "blocked", "blocked" },
	{ MD_MEMBER_WRITE_ERROR, "write_error", "write-error" },
	{ MD_MEMBER_FAILFAST, "failfast", "failfast" },
	{ MD_MEMBER_EXTERNAL_BBL, "external_bbl", "external-bbl" },
};

#define MD_STATE_WORDS (sizeof md_state_words / sizeof md_state_words[0])

/* --- life cycle ---------------------------------------------------------- */

void
md_super_init(struct md_super *s)
{
	memset(s, 0, sizeof *s);
	s->devices = -1;
	s->events = -1;
	s->creation_time = -1;
	s->update_time = -1;
	s->role_slot = -1;
}

void
md_super_clear(struct md_super *s)
{
	free(s->level);
	free(s->uuid);
	free(s->name);
	free(s->role);
	md_super_init(s);
}

void
md_member_init(struct md_member *m, const char *name)
{
	memset(m, 0, sizeof *m);
	m->name = xstrdup(name);
	m->slot = -1;
	m->errors = -1;
	m->index = -1;
	m->major = -1;
	m->minor = -1;
	md_super_init(&m->super);
}

void
md_member_clear(struct md_member *m)
{
	md_super_clear(&m->super);
	free(m->name);
	free(m->disk);
	free(m->state_text);
	memset(m, 0, sizeof *m);
}

void
md_progress_clear(struct md_progress *p)
{
	free(p->action);
	memset(p, 0, sizeof *p);
	p->percent = -1;
	p->done = -1;
	p->total = -1;
	p->finish = -1;
	p->speed = -1;
}

void
md_array_init(struct md_array *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->name = xstrdup(name);
	a->size = -1;
	a->component_size = -1;
	a->chunk = -1;
	a->raid_disks = -1;
	a->active_disks = -1;
	a->degraded = -1;
	a->mismatch_cnt = -1;
	a->sync_completed = -1;
	a->sync_total = -1;
	a->sync_speed = -1;
	a->sync_speed_min = -1;
	a->sync_speed_max = -1;
	a->layout = -1;
	a->bitmap_chunk = -1;
	md_super_init(&a->super);
	md_progress_clear(&a->progress);
}

void
md_array_clear(struct md_array *a)
{
	size_t i;

	free(a->name);
	free(a->level);
	free(a->metadata);
	free(a->uuid);
	free(a->array_state);
	free(a->missing);
	free(a->bitmap);
	free(a->sync_action);
	free(a->last_sync_action);
	free(a->container);
	free(a->error);
	md_super_clear(&a->super);
	md_progress_clear(&a->progress);
	for (i = 0; i < a->member_count; i++)
		md_member_clear(&a->members[i]);
	free(a->members);
	memset(a, 0, sizeof *a);
}

void
md_snapshot_free(struct md_snapshot *snap)
{
	size_t i;

	if (snap == NULL)
		return;
	for (i = 0; i < snap->count; i++)
		md_array_clear(&snap->arrays[i]);
	free(snap->arrays);
	free(snap->personalities);
	free(snap->error);
	free(snap);
}

/* --- lookups ------------------------------------------------------------- */

const struct md_array *
md_snapshot_find(const struct md_snapshot *snap, const char *name)
{
	size_t i;

	if (snap == NULL || name == NULL)
		return NULL;
	for (i = 0; i < snap->count; i++) {
		if (strcmp(snap->arrays[i].name, name) == 0)
			return &snap->arrays[i];
	}
	return NULL;
}

const struct md_member *
md_array_find_member(const struct md_array *a, const char *name)
{
	size_t i;

	if (a == NULL || name == NULL)
		return NULL;
	for (i = 0; i < a->member_count; i++) {
		if (strcmp(a->members[i].name, name) == 0)
			return &a->members[i];
	}
	return NULL;
}

struct md_member *
md_array_add_member(struct md_array *a, const char *name)
{
	struct md_member *m;

	a->members = xreallocarray(a->members, a->member_count + 1,
	    sizeof *a->members);
	m = &a->members[a->member_count++];
	md_member_init(m, name);
	return m;
}

/* --- health -------------------------------------------------------------- */

static int
level_is(const struct md_array *a, const char *level)
{
	return a->level != NULL && strcmp(a->level, level) == 0;
}

int
md_member_is_working(const struct md_member *m)
{
	return m->slot >= 0 && (m->state & MD_MEMBER_IN_SYNC) != 0 &&
	    (m->state & (MD_MEMBER_FAULTY | MD_MEMBER_JOURNAL)) == 0;
}

int
md_member_is_rebuilding(const struct md_member *m)
{
	return m->slot >= 0 && (m->state & MD_MEMBER_IN_SYNC) == 0 &&
	    (m->state & (MD_MEMBER_FAULTY | MD_MEMBER_JOURNAL)) == 0 &&
	    m->state_text != NULL;
}

/* Roles lost: md/degraded, else the missing list, else the counts. */
static int
md_roles_lost(const struct md_array *a)
{
	if (a->degraded >= 0)
		return a->degraded;
	if (a->missing_count > 0)
		return (int)a->missing_count;
	if (a->raid_disks >= 0 && a->active_disks >= 0 &&
	    a->raid_disks > a->active_disks)
		return a->raid_disks - a->active_disks;
	return 0;
}

int
md_array_is_striped(const struct md_array *a)
{
	return level_is(a, "raid0") || level_is(a, "linear");
}

int
md_array_is_degraded(const struct md_array *a)
{
	return !md_array_is_striped(a) && md_roles_lost(a) > 0;
}

int
md_array_is_container(const struct md_array *a)
{
	const char *m = a->metadata;

	if (level_is(a, "container"))
		return 1;
	if (m == NULL || strncmp(m, "external:", 9) != 0)
		return 0;
	return m[9] != '/' && m[9] != '-' && m[9] != '\0';
}

/* Members that work: the count of roles held, else raid_disks - lost. */
static int
md_working(const struct md_array *a)
{
	if (a->active_disks >= 0)
		return a->active_disks;
	if (a->raid_disks >= 0)
		return a->raid_disks - md_roles_lost(a);
	return 0;
}

int
md_array_redundancy_left(const struct md_array *a)
{
	int lost = md_roles_lost(a), left = 0;

	if (a->inactive || md_array_is_container(a) ||
	    (a->array_state != NULL && strcmp(a->array_state, "broken") == 0))
		return 0;
	if (level_is(a, "raid1") || level_is(a, "multipath"))
		left = md_working(a) - 1;
	else if (level_is(a, "raid4") || level_is(a, "raid5") ||
	    level_is(a, "raid10"))
		left = lost == 0 ? 1 : 0;
	else if (level_is(a, "raid6"))
		left = 2 - lost;
	return left > 0 ? left : 0;
}

static int
md_any_faulty(const struct md_array *a)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (a->members[i].state & MD_MEMBER_FAULTY)
			return 1;
	}
	return 0;
}

/* Lost more than the level survives: raid0 or linear missing a role,
 * raid4/5 missing two, raid6 three, a mirror or raid10 with nothing left
 * (which raid10 losses it survives depends on its layout). */
static int
md_beyond_repair(const struct md_array *a)
{
	int lost = md_roles_lost(a);

	if (lost == 0)
		return 0;
	if (level_is(a, "raid1") || level_is(a, "multipath") ||
	    level_is(a, "raid10"))
		return md_working(a) <= 0;
	if (level_is(a, "raid4") || level_is(a, "raid5"))
		return lost > 1;
	if (level_is(a, "raid6"))
		return lost > 2;
	return level_is(a, "raid0") || level_is(a, "linear");
}

enum md_health
md_array_health(const struct md_array *a)
{
	if (md_array_is_container(a))
		return md_any_faulty(a) ? MD_HEALTH_WARNING : MD_HEALTH_OK;
	if (a->inactive || (a->array_state != NULL &&
	    strcmp(a->array_state, "inactive") == 0))
		return MD_HEALTH_INACTIVE;
	if (md_beyond_repair(a) || (a->array_state != NULL &&
	    strcmp(a->array_state, "broken") == 0))
		return MD_HEALTH_FAILED;
	if (md_array_is_degraded(a))
		return MD_HEALTH_DEGRADED;
	if (md_any_faulty(a))
		return MD_HEALTH_WARNING;
	return MD_HEALTH_OK;
}

const char *
md_health_name(enum md_health h)
{
	switch (h) {
	case MD_HEALTH_FAILED:
		return "failed";
	case MD_HEALTH_INACTIVE:
		return "inactive";
	case MD_HEALTH_DEGRADED:
		return "degraded";
	case MD_HEALTH_WARNING:
		return "warning";
	case MD_HEALTH_OK:
		break;
	}
	return "ok";
}

static int
str_is(const char *s, const char *value)
{
	return s != NULL && strcmp(s, value) == 0;
}

char *
md_array_health_note(const struct md_array *a)
{
	const char *run = a->sync_action, *last = a->last_sync_action;
	long long n = a->mismatch_cnt;

	if (n <= 0)
		return NULL;
	if (str_is(run, "check") || str_is(run, "repair"))
		return xasprintf("%s found %lld mismatched sector%s so far",
		    run, n, n == 1 ? "" : "s");
	if (str_is(last, "check"))
		return xasprintf("check found %lld mismatched sector%s", n,
		    n == 1 ? "" : "s");
	if (str_is(last, "repair"))
		return xasprintf("repair rewrote %lld mismatched sector%s", n,
		    n == 1 ? "" : "s");
	return NULL;
}

const char *
md_sync_state(const struct md_array *a)
{
	const struct md_progress *p = &a->progress;
	const char *run = a->sync_action;

	if (p->delayed)
		return "delayed";
	if (p->pending)
		return "pending";
	if (p->valid || (run != NULL && strcmp(run, "idle") != 0 &&
	    strcmp(run, "frozen") != 0))
		return "running";
	return NULL;
}

/* --- what mdadm --detail says -------------------------------------------- */

/* raid4/5/6 algorithms (the kernel's raid5.h), as mdadm names them. */
static const char *
md_parity_layout(long long layout)
{
	static const char *const names[] = { "left-asymmetric",
		"right-asymmetric", "left-symmetric", "right-symmetric",
		"parity-first", "parity-last", NULL, NULL, "ddf-zero-restart",
		"ddf-N-restart", "ddf-N-continue" };
	static const char *const six[] = { "left-asymmetric-6",
		"right-asymmetric-6", "left-symmetric-6", "right-symmetric-6",
		"parity-first-6" };

	if (layout >= 0 && layout < (long long)(sizeof names / sizeof names[0]))
		return names[layout];
	if (layout >= 16 && layout < 16 + (long long)(sizeof six /
	    sizeof six[0]))
		return six[layout - 16];
	return NULL;
}

char *
md_layout_name(const char *level, long long layout)
{
	const char *name;
	int near, far;

	if (level == NULL || layout < 0)
		return NULL;
	if (strcmp(level, "raid4") == 0 || strcmp(level, "raid5") == 0 ||
	    strcmp(level, "raid6") == 0) {
		name = md_parity_layout(layout);
		return name != NULL ? xstrdup(name) : NULL;
	}
	if (strcmp(level, "raid10") == 0) {
		/* near copies in bits 0-7, far in 8-15, bit 16: offset. */
		near = (int)(layout & 255);
		far = (int)((layout >> 8) & 255);
		if (near > 1 && far > 1)
			return xasprintf("near=%d, %s=%d", near,
			    (layout >> 16) & 1 ? "offset" : "far", far);
		if (far > 1)
			return xasprintf("%s=%d", (layout >> 16) & 1 ?
			    "offset" : "far", far);
		return near > 0 ? xasprintf("near=%d", near) : NULL;
	}
	if (strcmp(level, "raid0") == 0 && (layout == 1 || layout == 2))
		return xstrdup(layout == 1 ? "original" : "alternate");
	return NULL;
}

void
md_array_counts(const struct md_array *a, struct md_counts *c)
{
	const struct md_member *m;
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		c->total++;
		if (m->state & MD_MEMBER_FAULTY) {
			c->failed++;
			continue;
		}
		c->working++;
		if (md_member_is_working(m))
			c->active++;
		else if (!(m->state & MD_MEMBER_JOURNAL))
			c->spare++;
	}
}

const char *
md_member_role_text(const struct md_member *m)
{
	if (m->super.role != NULL)
		return m->super.role;
	if (m->state & MD_MEMBER_FAULTY)
		return "faulty";
	if (m->state & MD_MEMBER_JOURNAL)
		return "journal";
	if (md_member_is_working(m))
		return "active sync";
	if (md_member_is_rebuilding(m))
		return "spare rebuilding";
	if (m->state & MD_MEMBER_SPARE)
		return "spare";
	return "-";
}

/* Roles an array of level and devices roles can start with: raid1 one,
 * raid4/5 all but one, raid6 all but two, raid10 (whatever its layout)
 * all but one, anything else all. */
static int
md_roles_needed(const char *level, int devices)
{
	if (level == NULL)
		return devices;
	if (strcmp(level, "raid1") == 0)
		return 1;
	if (strcmp(level, "raid4") == 0 || strcmp(level, "raid5") == 0 ||
	    strcmp(level, "raid10") == 0)
		return devices - 1;
	if (strcmp(level, "raid6") == 0)
		return devices - 2;
	return devices;
}

/* Roles held by members whose superblock is as new as the newest: a
 * member with fewer events is stale and md would not use its data. */
static int
md_roles_current(const struct md_array *a)
{
	const struct md_super *m;
	long long newest = -1;
	int held = 0, role;
	size_t i;

	for (i = 0; i < a->member_count; i++)
		if (a->members[i].super.events > newest)
			newest = a->members[i].super.events;
	for (role = 0; role < a->super.devices; role++) {
		for (i = 0; i < a->member_count; i++) {
			m = &a->members[i].super;
			if (m->role_slot == role && m->events == newest) {
				held++;
				break;
			}
		}
	}
	return held;
}

char *
md_array_start_problem(const struct md_array *a)
{
	int held, needed;

	if (md_array_health(a) != MD_HEALTH_INACTIVE)
		return NULL;
	if (a->super.uuid == NULL || a->super.devices <= 0)
		return xstrdup("no member's superblock could be read, so "
		    "whether it can start is not known");
	held = md_roles_current(a);
	needed = md_roles_needed(a->super.level, a->super.devices);
	if (held >= needed)
		return NULL;
	return xasprintf("%d of %d roles present with current data, and %s "
	    "needs %d: add the missing members (mdadm --add) or find them",
	    held, a->super.devices, a->super.level != NULL ? a->super.level :
	    "an array of unknown level", needed);
}

char *
md_array_start_command(const struct md_array *a)
{
	char *problem;

	if (md_array_health(a) != MD_HEALTH_INACTIVE)
		return NULL;
	problem = md_array_start_problem(a);
	if (problem != NULL) {
		free(problem);
		return NULL;
	}
	return xasprintf("mdadm --run /dev/%s", a->name);
}

/* --- member states ------------------------------------------------------- */

char *
md_member_state_text(unsigned state)
{
	struct buf b = {0};
	size_t i;

	for (i = 0; i < MD_STATE_WORDS; i++) {
		if ((state & md_state_words[i].bit) == 0)
			continue;
		if (b.len > 0)
			buf_addstr(&b, ",");
		buf_addstr(&b, md_state_words[i].shown);
	}
	if (b.len == 0)
		buf_addstr(&b, "-");
	return b.data;
}

unsigned
md_member_state_bit(const char *word)
{
	size_t i;

	for (i = 0; i < MD_STATE_WORDS; i++) {
		if (strcmp(word, md_state_words[i].word) == 0)
			return md_state_words[i].bit;
	}
	return 0;
}

/* --- names --------------------------------------------------------------- */

int
md_name_valid(const char *name)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.+";
	size_t len;

	if (name == NULL)
		return 0;
	len = strlen(name);
	if (len == 0 || len >= MD_NAME_MAX || name[0] == '-' ||
	    name[0] == '.' || name[0] == '+')
		return 0;
	return strspn(name, allowed) == len;
}

/* Does name start with a driver prefix whose disks are lettered (sda)?
 * Returns the length of prefix and letters, or 0. */
static size_t
md_lettered_disk(const char *name)
{
	static const char *const prefixes[] = { "sd", "vd", "hd", "xvd" };
	size_t i, n, letters;

	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], n) != 0)
			continue;
		letters = strspn(name + n, "abcdefghijklmnopqrstuvwxyz");
		if (letters > 0)
			return n + letters;
	}
	return 0;
}

char *
md_disk_from_name(const char *name)
{
	size_t len = strlen(name), digits, n;

	n = md_lettered_disk(name);
	if (n > 0 && name[n] != '\0' && strspn(name + n, "0123456789") ==
	    len - n)
		return xstrndup(name, n);
	digits = 0;
	while (digits < len && isdigit((unsigned char)name[len - 1 - digits]))
		digits++;
	/* "nvme0n1p2", "mmcblk0p1", "loop0p1": a 'p' after a digit. */
	if (digits > 0 && len > digits + 1 && name[len - digits - 1] == 'p' &&
	    isdigit((unsigned char)name[len - digits - 2]))
		return xstrndup(name, len - digits - 1);
	return xstrdup(name);
}

char *
md_uuid_mdadm(const char *sysfs_uuid, const char *metadata)
{
	unsigned char bytes[16];
	const char *p = sysfs_uuid;
	char *out, *o;
	size_t n = 0, i;
	int swap, any = 0;

	if (p == NULL)
		return NULL;
	for (; *p != '\0' && n < 32; p++) {
		if (*p == '-' || *p == ':')
			continue;
		if (!isxdigit((unsigned char)*p))
			return NULL;
		if (n % 2 == 0)
			bytes[n / 2] = 0;
		bytes[n / 2] = (unsigned char)(bytes[n / 2] << 4 |
		    (isdigit((unsigned char)*p) ? *p - '0' :
		    tolower((unsigned char)*p) - 'a' + 10));
		n++;
	}
	if (n != 32 || p[strspn(p, " \t\n")] != '\0')
		return NULL;
	for (i = 0; i < 16; i++)
		any |= bytes[i] != 0;
	if (!any)
		return NULL;
	swap = metadata != NULL && strcmp(metadata, "0.90") == 0;
	out = o = xmalloc(36);
	for (i = 0; i < 16; i++) {
		if (i > 0 && i % 4 == 0)
			*o++ = ':';
		snprintf(o, 3, "%02x", bytes[swap ? (i & ~3u) + 3 - (i & 3) :
		    i]);
		o += 2;
	}
	*o = '\0';
	return out;
}

int
md_uuid_is_mdadm(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 35)
		return 0;
	for (i = 0; i < 35; i++) {
		if (i % 9 == 8 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

char *
md_container_from_metadata(const char *metadata)
{
	const char *p;
	size_t n;

	if (metadata == NULL || strncmp(metadata, "external:", 9) != 0)
		return NULL;
	p = metadata + 9;
	if (*p != '/' && *p != '-')
		return NULL;
	p++;
	n = strcspn(p, "/");
	if (n == 0 || p[n] != '/')
		return NULL;
	return xstrndup(p, n);
}

int
md_name_cmp(const char *a, const char *b)
{
	return str_natural_cmp(a, b);
}

/* --- roles --------------------------------------------------------------- */

static void
md_set_missing(struct md_array *a, const int *roles, size_t n)
{
	free(a->missing);
	a->missing = NULL;
	a->missing_count = n;
	if (n == 0)
		return;
	a->missing = xcalloc(n, sizeof *a->missing);
	memcpy(a->missing, roles, n * sizeof *roles);
}

void
md_array_missing_from_status(struct md_array *a, const char *status)
{
	size_t n = strlen(status), i, k = 0;
	int *roles = xcalloc(n + 1, sizeof *roles);

	for (i = 0; i < n; i++) {
		if (status[i] == '_')
			roles[k++] = (int)i;
	}
	md_set_missing(a, roles, k);
	free(roles);
}

/* Is role held by a working member? */
static int
md_role_held(const struct md_array *a, int role)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (a->members[i].slot == role &&
		    md_member_is_working(&a->members[i]))
			return 1;
	}
	return 0;
}

static int
md_any_slot_known(const struct md_array *a)
{
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (a->members[i].slot >= 0)
			return 1;
	}
	return 0;
}

void
md_array_count_roles(struct md_array *a, int have_degraded)
{
	int *roles, role, held = 0;
	size_t k = 0;

	if (a->raid_disks < 0 || !md_any_slot_known(a))
		return;
	roles = xcalloc((size_t)a->raid_disks + 1, sizeof *roles);
	for (role = 0; role < a->raid_disks; role++) {
		if (md_role_held(a, role))
			held++;
		else
			roles[k++] = role;
	}
	md_set_missing(a, roles, k);
	free(roles);
	a->active_disks = held;
	if (!have_degraded)
		a->degraded = a->raid_disks - held;
}

void
md_array_missing_from_supers(struct md_array *a)
{
	int *roles, role, held;
	size_t i, k = 0;

	if (a->super.uuid == NULL || a->super.devices < 0)
		return;
	roles = xcalloc((size_t)a->super.devices + 1, sizeof *roles);
	for (role = 0; role < a->super.devices; role++) {
		held = 0;
		for (i = 0; i < a->member_count && !held; i++)
			held = a->members[i].super.role_slot == role;
		if (!held)
			roles[k++] = role;
	}
	md_set_missing(a, roles, k);
	free(roles);
}

/* Sort rank: holding a role, rebuilding, spare, faulty. */
static int
md_member_rank(const struct md_member *m)
{
	if (m->state & MD_MEMBER_FAULTY)
		return 3;
	if (m->slot >= 0)
		return 0;
	if (m->state & MD_MEMBER_SPARE)
		return 2;
	return 1;
}

static int
md_member_cmp(const void *pa, const void *pb)
{
	const struct md_member *a = pa, *b = pb;
	int ra = md_member_rank(a), rb = md_member_rank(b);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 0 && a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (ra == 0 && (a->state & MD_MEMBER_REPLACEMENT) !=
	    (b->state & MD_MEMBER_REPLACEMENT))
		return (a->state & MD_MEMBER_REPLACEMENT) ? 1 : -1;
	return md_name_cmp(a->name, b->name);
}

void
md_array_sort_members(struct md_array *a)
{
	if (a->member_count > 1)
		qsort(a->members, a->member_count, sizeof *a->members,
		    md_member_cmp);
}

static int
md_array_cmp(const void *pa, const void *pb)
{
	const struct md_array *a = pa, *b = pb;
	enum md_health ha = md_array_health(a), hb = md_array_health(b);

	if (ha != hb)
		return ha < hb ? -1 : 1;
	return md_name_cmp(a->name, b->name);
}

void
md_snapshot_sort(struct md_snapshot *snap)
{
	if (snap->count > 1)
		qsort(snap->arrays, snap->count, sizeof *snap->arrays,
		    md_array_cmp);
}
