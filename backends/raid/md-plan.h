/*
 * Plans for the RAID commands: validate against an md_snapshot and build the
 * steps (mdadm argv, md sysfs and /proc/sys/dev/raid writes). Pure
 * functions: no I/O, safe on the UI thread. Each returns 0 with *plan
 * filled, or -1 with *cause set to a message for the admin and *plan
 * untouched.
 *
 * The safety rules: nothing fails or resyncs a member that holds data when
 * its array has no redundancy left (md_array_redundancy_left() == 0), a
 * member still active is never removed, and no scrub is stopped when what
 * runs is a recovery or a reshape. Array and member names are kernel names
 * ("md0", "sda3"); "/dev/md0" and "/dev/sda3" are accepted too.
 *
 * plan->command is the rackcon command line ("md-fail md0 sda3",
 * "md-check md0", "md-speed-limit 1000 200000", "md-fix-timeouts md0");
 * every plan is destructive (confirmation needed) and stops at the first
 * error, except md-fix-timeouts, which goes on so every disk gets its row.
 */
#ifndef RACKCON_MD_PLAN_H
#define RACKCON_MD_PLAN_H

#include "change.h"
#include "disk.h"
#include "md.h"

#define MD_SPEED_LIMIT_MAX 10000000 /* KB/s: what md-speed-limit accepts */
#define MD_SPEED_LIMIT_MIN_PATH "/proc/sys/dev/raid/speed_limit_min"
#define MD_SPEED_LIMIT_MAX_PATH "/proc/sys/dev/raid/speed_limit_max"

/* mdadm /dev/ARRAY --fail /dev/MEMBER. Refused for a member already
 * faulty, the write journal, an inactive array or a container, and for a
 * member holding data when the array has no redundancy left. */
int md_plan_fail(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause);
/* mdadm /dev/ARRAY --remove /dev/MEMBER: faulty members and spares only. */
int md_plan_remove(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause);
/*
 * mdadm /dev/ARRAY --add /dev/MEMBER. MEMBER is any kernel device name
 * (sdb1, nvme0n1p2, loop3) not already used by an array, nor on a disk
 * that is. Refused for raid0 and linear (no redundancy to rebuild),
 * inactive or failed arrays, and the member arrays of a container (add to
 * the container instead). disks is the Disks snapshot of the same machine
 * (NULL until it has data, then every add is refused): MEMBER must be
 * there, and not an MD array, not used by an array the Disks panel knows
 * (holders), not mounted (nor any partition of it, for a whole disk), not
 * a disk with partitions, and at least as large as the array's
 * component_size. plan->warning when the array already has a member on
 * the same disk.
 */
int md_plan_add(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    struct change_plan *plan, char **cause);
/* mdadm /dev/ARRAY --re-add /dev/MEMBER: md_plan_add's checks (and not on a
 * container). It works when the array has a write-intent bitmap or the
 * member left recently; else mdadm refuses and suggests --add. */
int md_plan_re_add(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    struct change_plan *plan, char **cause);
/* md_plan_add's checks alone: 0 when MEMBER could be added to ARRAY, else
 * -1 with the same *cause. */
int md_plan_add_check(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, const char *member,
    char **cause);
/*
 * The devices of the Disks snapshot (disks and partitions, in its order)
 * that md_plan_add would accept for array; with re_add, only those that
 * carry array's superblock (blkid type linux_raid_member with the array's
 * UUID), as a member removed from it does. Their number; free *names with
 * string_list_free.
 */
size_t md_plan_add_candidates(const struct md_snapshot *snap,
    const struct disk_snapshot *disks, const char *array, int re_add,
    char ***names);
/*
 * Make MD rewrite every block of a working member (after bad sectors):
 * fail, remove, mdadm --zero-superblock (so the add is a full recovery,
 * not a bitmap re-add), add. Refused when the member is not working, when
 * the array has no redundancy left, while any sync action runs or sync is
 * frozen, and for external metadata (wiping would hit the container's).
 */
int md_plan_resync_member(const struct md_snapshot *snap, const char *array,
    const char *member, struct change_plan *plan, char **cause);
/*
 * Write action to /sys/block/ARRAY/md/sync_action: "check" (md-check),
 * "repair" (md-repair) or "idle" (md-idle). check and repair need a whole,
 * running array with redundancy and nothing else running; idle stops a
 * check, a repair or a resync (which md resumes later), never a recovery or
 * a reshape.
 */
int md_plan_sync_action(const struct md_snapshot *snap, const char *array,
    const char *action, struct change_plan *plan, char **cause);
/* /proc/sys/dev/raid/speed_limit_min and _max, in KB/s: 1 <= min <= max <=
 * MD_SPEED_LIMIT_MAX, written in the order that never leaves min > max.
 * snap (may be NULL) gives the old values for the summary. */
int md_plan_speed_limit(const struct md_snapshot *snap, int min, int max,
    struct change_plan *plan, char **cause);
/*
 * disks-raid-safe-timeouts for the disks holding array's members only (see
 * disk_plan_raid_safe_only()), with a note for member disks the Disks panel
 * does not know. Refused when disks is NULL (no data yet) and when no member
 * disk is at timeout risk (disk_timeout_risk()).
 */
int md_plan_fix_timeouts(const struct md_snapshot *md,
    const struct disk_snapshot *disks, const char *array,
    struct change_plan *plan, char **cause);

#endif
