/*
 * Plans for the Disks commands: validate against a snapshot and build the
 * steps (smartctl argv, sysfs writes, a udev rule). Pure functions: no I/O,
 * safe on the UI thread. Each returns 0 with *plan filled, or -1 with *cause
 * set to a message for the user and *plan untouched.
 *
 * plan->command is the rackcon command line ("disk-set-erc sda 70 70",
 * "disk-set-timeout sda 180", "disk-set-queue-depth sda 1",
 * "disk-set-scheduler sda none",
 * "disks-raid-safe-timeouts [--all] [--udev-rule]");
 * every plan is destructive (confirmation needed). The four disk-set plans
 * stop at the first error; raid-safe goes on so every disk gets its row.
 */
#ifndef RACKCON_DISK_PLAN_H
#define RACKCON_DISK_PLAN_H

#include "change.h"
#include "disk.h"

/* Where the udev rule goes; never overwritten unless rackcon wrote it. */
#define DISK_UDEV_RULE_PATH "/etc/udev/rules.d/60-rackcon-raid-timeouts.rules"
#define DISK_UDEV_RULE_MARK "# Written by rackcon (disks-raid-safe-timeouts)."

#define DISK_ERC_MAX_DS 32767 /* deciseconds */
#define DISK_TIMEOUT_MAX 3600 /* seconds */
#define DISK_QUEUE_DEPTH_MAX_ATA 32 /* SATA NCQ (31 before Linux 4.18) */
#define DISK_QUEUE_DEPTH_MAX 1024   /* SAS/SCSI; the host may allow fewer */
#define DISK_RAID_ERC_DS 70   /* 7 s, what RAID-edition drives use */
#define DISK_RAID_TIMEOUT 180 /* seconds, for drives without SCT ERC */

/* smartctl -q errorsonly -l scterc,R,W /dev/NAME; refused for drives
 * without SCT ERC (NVMe, SCSI, ERC unsupported) or without smartctl. */
int disk_plan_set_erc(const struct disk_snapshot *snap, const char *disk,
    int read_ds, int write_ds, struct change_plan *plan, char **cause);
int disk_plan_set_timeout(const struct disk_snapshot *snap, const char *disk,
    int seconds, struct change_plan *plan, char **cause);
/* 1..DISK_QUEUE_DEPTH_MAX_ATA for ATA (or unknown) disks, else
 * 1..DISK_QUEUE_DEPTH_MAX; 1 turns command queuing off (plan->warning). */
int disk_plan_set_queue_depth(const struct disk_snapshot *snap,
    const char *disk, int depth, struct change_plan *plan, char **cause);
int disk_plan_set_scheduler(const struct disk_snapshot *snap,
    const char *disk, const char *scheduler, struct change_plan *plan,
    char **cause);
/* disk_plan_raid_safe() flags. */
#define DISK_RAID_ALL       0x1 /* every disk, not only MD members */
#define DISK_RAID_UDEV_RULE 0x2 /* also write DISK_UDEV_RULE_PATH */

/*
 * For every disk that is a member of an MD array (with DISK_RAID_ALL: every
 * disk that is not removable, USB or a loop device): SCT ERC to 7 s where
 * supported, else the kernel timeout to 180 s; a note for disks where
 * neither applies (NVMe, virtio...). Refused when no disk qualifies. With
 * DISK_RAID_UDEV_RULE, also write DISK_UDEV_RULE_PATH for the same disks:
 * created when absent (snap->udev_rule == NULL), rewritten when it holds
 * DISK_UDEV_RULE_MARK, refused when it is the user's own file.
 */
int disk_plan_raid_safe(const struct disk_snapshot *snap, int flags,
    struct change_plan *plan, char **cause);
/*
 * The same policy for the named disks only (a name given twice counts once;
 * no udev rule): the RAID panel's md-fix-timeouts for one array's members.
 * Refused when a name is not in snap. plan->command is
 * "disks-raid-safe-timeouts NAME...", for the caller to replace with its
 * own command line.
 */
int disk_plan_raid_safe_only(const struct disk_snapshot *snap,
    char *const *names, size_t count, struct change_plan *plan, char **cause);
/*
 * Why command ("disk-set-erc", "disk-set-timeout", ...) makes no sense for
 * disk, as the plan would refuse it (a drive without SCT ERC, a device
 * without a kernel timeout); NULL when it may be offered, or when disk or
 * command is unknown. Fresh; the caller frees it.
 */
char *disk_plan_refusal(const struct disk_snapshot *snap,
    const char *command, const char *disk);
/* The udev rule text that re-applies the policy to the same disks as
 * disk_plan_raid_safe() with or without DISK_RAID_ALL (caller frees). */
char *disk_udev_rule(const struct disk_snapshot *snap, int all);

#endif
