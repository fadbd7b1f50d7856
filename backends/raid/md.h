/*
 * The RAID model: Linux MD arrays and their members, as /proc/mdstat and
 * /sys/block/mdX/md/ describe them.
 *
 * The raid plugin builds an md_snapshot on a worker thread; once published
 * it is immutable and shared read-only by the UI, batch mode and command
 * planning. Free it only with md_snapshot_free(). Unknown numbers are -1
 * and unknown strings NULL, so "not known" never looks like zero. Where
 * mdstat and sysfs both speak, sysfs wins.
 */
#ifndef RACKCON_MD_H
#define RACKCON_MD_H

/* The model's name and version for the plugin ABI: bump the version
 * whenever a struct below changes, so a stale plugin is refused. */
#define MD_MODEL "md_snapshot"
#define MD_MODEL_VERSION 2

#include <stddef.h>
#include <time.h>

/* Member state bits: the words of sysfs dev-X/state, or mdstat's flags. */
#define MD_MEMBER_IN_SYNC          0x0001 /* in_sync */
#define MD_MEMBER_FAULTY           0x0002 /* faulty, mdstat (F) */
#define MD_MEMBER_SPARE            0x0004 /* spare, mdstat (S); also a
					     member being rebuilt */
#define MD_MEMBER_WRITE_MOSTLY     0x0008 /* write_mostly, mdstat (W) */
#define MD_MEMBER_REPLACEMENT      0x0010 /* replacement, mdstat (R) */
#define MD_MEMBER_BLOCKED          0x0020 /* blocked */
#define MD_MEMBER_WANT_REPLACEMENT 0x0040 /* want_replacement */
#define MD_MEMBER_JOURNAL          0x0080 /* journal, mdstat (J) */
#define MD_MEMBER_WRITE_ERROR      0x0100 /* write_error */
#define MD_MEMBER_FAILFAST         0x0200 /* failfast */
#define MD_MEMBER_EXTERNAL_BBL     0x0400 /* external_bbl */

/* What one member's superblock says (mdadm --examine). Unknown numbers
 * -1, strings NULL. */
struct md_super {
	char *level;          /* "raid1" */
	int devices;          /* roles of the array */
	char *uuid;           /* the array's, mdadm's colon form */
	char *name;           /* "mdlab:0"; 0.90 has none */
	long long events;     /* the superblock's event count */
	long long creation_time; /* seconds since the epoch */
	long long update_time;   /* seconds since the epoch */
	char *role;           /* this member's role in mdadm --examine's
				 words: "Active device 0", "Replacement
				 device 1", "spare", "Journal"; for 0.90
				 "Active device N" (active sync in RaidDevice
				 N), "faulty", "spare", else its state words */
	int role_slot;        /* N of "Active device N", else -1 */
};

struct md_member {
	char *name;        /* kernel name: "sda3", "nvme0n1p2", "loop0" */
	char *disk;        /* the whole disk: "sda", "nvme0n1"; name itself
			      when the member is a whole disk */
	int slot;          /* role in the array, -1 none (spare, faulty) */
	unsigned state;    /* MD_MEMBER_* bits */
	char *state_text;  /* dev-X/state as read ("in_sync,write_mostly"),
			      NULL when only mdstat spoke */
	long long errors;  /* dev-X/errors: read errors corrected, -1 */
	int index;         /* mdstat descriptor index, sda3[N]; -1 */
	int major;         /* dev-X/block/dev "8:65"; -1 */
	int minor;
	struct md_super super; /* read for an inactive array's members only
				  (a running array's speaks in
				  md_array.super) */
};

/* A resync, recovery, check, repair or reshape, mostly from /proc/mdstat:
 * "[==>....]  recovery =  8.5% (16775552/195310144) finish=17.0min
 * speed=259783K/sec", or "resync=DELAYED" / "resync=PENDING". */
struct md_progress {
	int valid;         /* 1 when the figures below were given */
	char *action;      /* "resync", "recovery", "check", "repair",
			      "reshape"; NULL when nothing runs */
	double percent;    /* 0 to 100, -1 */
	long long done;    /* 1 KiB blocks, -1 */
	long long total;   /* 1 KiB blocks, -1 */
	double finish;     /* minutes left, -1 */
	long long speed;   /* KB/s, -1 */
	int delayed;       /* waits for another array on the same disks */
	int pending;       /* waits for the array's first write (read-auto) */
};

struct md_array {
	char *name;           /* "md0", "md127" */
	char *level;          /* "raid1", "raid10", "linear", "container";
				 NULL when not told (inactive arrays) */
	char *metadata;       /* "1.2", "0.90", "external:imsm",
				 "external:/md127/0" */
	char *uuid;           /* mdadm's colon form, as mdadm.conf wants it:
				 "01dd534e:178ea158:6c2db6cc:70000d37";
				 NULL when unknown (sysfs's all-zero uuid) */
	long long size;       /* bytes */
	long long component_size; /* bytes used on each member */
	long long chunk;      /* bytes; -1 for none (raid1) or unknown */
	char *array_state;    /* sysfs: "clean", "active", "inactive",
				 "readonly", "read-auto", "broken"...; from
				 mdstat alone: "active", "inactive",
				 "readonly", "read-auto" */
	int raid_disks;       /* roles the array has */
	int active_disks;     /* roles held by an in-sync working member */
	int degraded;         /* md/degraded, else from mdstat [n/m] */
	int *missing;         /* roles 0..raid_disks-1 with no working
				 member, ascending */
	size_t missing_count;
	char *bitmap;         /* "internal", "file", "clustered"; NULL none
				 or unknown */
	char *sync_action;    /* "idle", "resync", "recover", "check",
				 "repair", "reshape", "frozen" */
	char *last_sync_action;
	long long mismatch_cnt;   /* sectors found different by a check */
	long long sync_completed; /* sectors done of sync_total: md/ */
	long long sync_total;     /* sync_completed; -1 when none */
	long long sync_speed;     /* KB/s, -1 when idle */
	long long sync_speed_min; /* KB/s, this array's limits */
	long long sync_speed_max;
	struct md_progress progress;
	char *container;      /* "md127" for a member array of a container */
	int inactive;         /* 1: assembled but not running */
	long long layout;     /* md/layout as a number, -1 */
	long long bitmap_chunk; /* md/bitmap/chunksize, bytes; -1 */
	struct md_super super; /* one member's superblock: name, events,
				  creation and update time (and for an
				  inactive array, level and uuid); see
				  raid-plugin.c */
	struct md_member *members;
	size_t member_count;
	char *error;          /* attributes that could not be read, or NULL */
};

struct md_snapshot {
	struct md_array *arrays;
	size_t count;
	char *personalities;  /* "raid1 raid6 raid5 raid4", or NULL */
	int speed_limit_min;  /* KB/s, /proc/sys/dev/raid/speed_limit_min */
	int speed_limit_max;  /* -1 unknown */
	char *error;          /* a problem with the whole scan, or NULL */
	time_t taken;
};

/* How an array is doing, worst first. */
enum md_health {
	MD_HEALTH_FAILED = 0, /* broken, or more roles lost than it can
				 survive */
	MD_HEALTH_INACTIVE,   /* assembled, not started (not a container) */
	MD_HEALTH_DEGRADED,   /* running with roles missing */
	MD_HEALTH_WARNING,    /* whole, but a faulty member is still in it */
	MD_HEALTH_OK
};

void md_super_init(struct md_super *s);
void md_super_clear(struct md_super *s);

/* Fill a with unknowns (-1, NULL) and the name. */
void md_array_init(struct md_array *a, const char *name);
void md_member_init(struct md_member *m, const char *name);
void md_member_clear(struct md_member *m);
void md_progress_clear(struct md_progress *p);
void md_array_clear(struct md_array *a);
/* Free the arrays and strings of snap, and snap itself. NULL is fine. */
void md_snapshot_free(struct md_snapshot *snap);

/* The array called name, or NULL. */
const struct md_array *md_snapshot_find(const struct md_snapshot *snap,
    const char *name);
/* The member called name ("sda3"), or NULL. */
const struct md_member *md_array_find_member(const struct md_array *a,
    const char *name);
/* A new member called name at the end of a's list (unknowns set). */
struct md_member *md_array_add_member(struct md_array *a, const char *name);

/* Does the array run with fewer working members than roles? Never for
 * raid0 and linear: with a role lost they are failed, not degraded. */
int md_array_is_degraded(const struct md_array *a);
/* raid0 or linear: striped or concatenated, no redundancy at all. */
int md_array_is_striped(const struct md_array *a);
/* Is the array an external-metadata container (imsm, ddf)? Containers
 * are inactive by nature, and that is not a fault. */
int md_array_is_container(const struct md_array *a);
/* How many more members can fail before data is lost: raid1 working-1,
 * raid4/5 1 when whole else 0, raid6 2-degraded, raid10 (conservatively)
 * 1 when whole else 0, raid0, linear and anything unknown 0. */
int md_array_redundancy_left(const struct md_array *a);
enum md_health md_array_health(const struct md_array *a);
/*
 * mdadm's words for md/layout at a's level ("left-symmetric", "near=2",
 * "far=2", "offset=2", "near=2, far=2", raid0's "original"/"alternate"),
 * or NULL where the level has none (raid1) or it is unknown. Fresh.
 */
char *md_layout_name(const char *level, long long layout);
/* mdadm --detail's counts: total (members listed), active (working in a
 * role), working (not faulty), failed (faulty), spare (working, no role in
 * sync yet: idle and rebuilding spares). */
struct md_counts {
	int total, active, working, failed, spare;
};
void md_array_counts(const struct md_array *a, struct md_counts *c);
/* mdadm --detail's state of a member: "active sync", "spare rebuilding",
 * "spare", "faulty", "journal", or "-"; for a member whose superblock was
 * read (an inactive array's: sysfs knows no role then) the superblock's
 * role, "Active device 1". Not to be freed. */
const char *md_member_role_text(const struct md_member *m);
/* An inactive array's missing roles: 0..super.devices-1 that no member's
 * superblock holds as "Active device N". Does nothing when the array's
 * superblock was not read. */
void md_array_missing_from_supers(struct md_array *a);
/* What an admin runs to start an inactive array ("mdadm --run /dev/md3"),
 * or NULL when a is not inactive or cannot start (see below). Fresh. */
char *md_array_start_command(const struct md_array *a);
/* Why an inactive array cannot start from the members present: fewer
 * roles held by members with the newest events than its level needs, or
 * no superblock read. NULL when it can (or is not inactive). Fresh. */
char *md_array_start_problem(const struct md_array *a);

/* "failed", "inactive", "degraded", "warning", "ok". Static. */
const char *md_health_name(enum md_health h);
/*
 * What the health word alone does not say, or NULL: a check or repair
 * that found mismatches ("check found 512 mismatched sectors", "check
 * found 512 mismatched sectors so far", "repair rewrote 512 mismatched
 * sectors"). mismatch_cnt after a resync or recovery means nothing (md
 * counts what it rewrote) and gives no note. Fresh string.
 */
char *md_array_health_note(const struct md_array *a);
/* The state of a sync action: "running" (figures known or sysfs says it
 * runs), "delayed" (waits for another array on the same disks),
 * "pending" (waits for the first write), or NULL when nothing runs.
 * Static. */
const char *md_sync_state(const struct md_array *a);
/* Is m a working member (in sync, not faulty, holding a role)? */
int md_member_is_working(const struct md_member *m);
/* Is m being rebuilt into a role (spare with a slot, not faulty)? */
int md_member_is_rebuilding(const struct md_member *m);

/* The state bits for display, strongest first: "faulty", "in_sync",
 * "spare", "write-mostly,in_sync"...; "-" for none. Fresh string. */
char *md_member_state_text(unsigned state);
/* The bit for one sysfs state word ("in_sync"), 0 when unknown. */
unsigned md_member_state_bit(const char *word);

/*
 * Is name fit to become part of a path (/dev/NAME, /sys/block/NAME/md,
 * dev-NAME) and an mdadm argument? Names come from /proc/mdstat, sysfs
 * listings and the command line, so a hostile or broken one ("../../etc",
 * "-", "sd\033]0;x") must never reach a path. A kernel block device name:
 * 1 to 31 bytes (DISK_NAME_LEN) of ASCII letters, digits, '_', '-', '.'
 * and '+', starting with a letter, a digit or '_' (so never "." or "..",
 * never an option). The parsers, the sysfs reader and every plan check it.
 */
int md_name_valid(const char *name);
#define MD_NAME_MAX 32 /* the kernel's DISK_NAME_LEN, with its NUL */

/* The whole disk holding a member, by name alone: "sda3" -> "sda",
 * "nvme0n1p2" -> "nvme0n1", "mmcblk0p1" -> "mmcblk0"; any other name is
 * a whole disk already ("sdc", "loop0", "dm-3"). Fresh string. */
char *md_disk_from_name(const char *name);
/*
 * The kernel's md/uuid ("01dd534e-178e-a158-6c2d-b6cc70000d37", its 16
 * bytes in memory order) in mdadm's colon form for the array's metadata.
 * 1.x and external metadata keep the byte order: "01dd534e:178ea158:...".
 * 0.90 keeps its UUID as four host-endian 32-bit words that mdadm prints
 * with %08x, while the kernel copies the words' bytes into md/uuid: on a
 * little-endian host each word reads byte-swapped there, so it is swapped
 * back ("4e53dd01-..." gives "01dd534e:..."). A big-endian 0.90 host would
 * need no swap; rackcon assumes little-endian (x86, arm64, ppc64le), and
 * mdadm's own answer (mdadm --examine) replaces this one when read.
 * Fresh string, or NULL for an all-zero or malformed uuid.
 */
char *md_uuid_mdadm(const char *sysfs_uuid, const char *metadata);
/* Is s already a UUID in mdadm's form (32 hex digits in four groups of 8
 * joined by ':')? */
int md_uuid_is_mdadm(const char *s);

/* The container named by external metadata: "external:/md127/0" and
 * "external:-md127/0" give "md127"; NULL otherwise. Fresh string. */
char *md_container_from_metadata(const char *metadata);

/* Recompute active_disks, degraded (unless sysfs told it) and missing from
 * the members' slots and states; does nothing when no member has a known
 * slot. have_degraded says md/degraded was read. */
void md_array_count_roles(struct md_array *a, int have_degraded);
/* Set the missing roles from mdstat's "[U_U]" string. */
void md_array_missing_from_status(struct md_array *a, const char *status);
/* Order members: by slot, then rebuilding, spares and faulty ones, then
 * by name. */
void md_array_sort_members(struct md_array *a);
/* Order arrays: failed first, then degraded, then with warnings, then the
 * rest; by name within each (md2 < md10). */
void md_snapshot_sort(struct md_snapshot *snap);
/* Natural order of names: md2 < md10, sda2 < sda10. */
int md_name_cmp(const char *a, const char *b);

#endif
