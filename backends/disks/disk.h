/*
 * The Disks model: plain structs describing this machine's block devices.
 *
 * The disks plugin builds a disk_snapshot on a worker thread; once published
 * it is immutable and shared read-only by the UI, batch mode and command
 * planning. Free it only with disk_snapshot_free(). Unknown numbers are -1
 * and unknown strings NULL, so "not known" never looks like zero.
 */
#ifndef RACKCON_DISK_H
#define RACKCON_DISK_H

/* The model's name and version for the plugin ABI: bump the version
 * whenever a struct below changes, so a stale plugin is refused. */
#define DISK_MODEL "disk_snapshot"
#define DISK_MODEL_VERSION 3

#include <stddef.h>
#include <time.h>

/* SCT Error Recovery Control, as `smartctl -l scterc` reports it. */
enum erc_state {
	ERC_UNKNOWN = 0,   /* not asked yet, or smartctl missing */
	ERC_UNSUPPORTED,   /* the drive has no SCT ERC */
	ERC_DISABLED,      /* supported, but read or write recovery is off */
	ERC_ENABLED        /* both limits set; see erc_read_ds/erc_write_ds */
};

enum smart_health {
	SMART_HEALTH_UNKNOWN = 0,
	SMART_HEALTH_PASSED,
	SMART_HEALTH_FAILED
};

/* What smartctl --json told about one device. */
struct smart_info {
	int valid;            /* 1 when a JSON document was parsed */
	char *error;          /* why the data is missing or partial, or NULL */
	char *protocol;       /* "ATA", "SCSI", "NVMe" */
	char *device_type;    /* "sat", "scsi", "nvme", "megaraid,0" */
	char *model;
	char *serial;
	char *vendor;
	char *firmware;
	long long capacity;   /* bytes */
	enum smart_health health;
	enum erc_state erc;
	int erc_read_ds;      /* deciseconds, -1 when unknown */
	int erc_write_ds;
	long long power_on_hours;
	long long temperature;           /* Celsius */
	long long reallocated;           /* ATA 5 raw */
	long long pending;               /* ATA 197 raw */
	long long offline_uncorrectable; /* ATA 198 raw */
	long long nvme_critical_warning;
	long long nvme_media_errors;
	long long nvme_percentage_used;
	long long nvme_available_spare;
	int ata_attribute_count;         /* rows in the ATA attribute table */
	int exit_status;      /* smartctl's, -1 unknown; bits in smartctl(8) */
};

/* A partition, or the whole disk when it holds a filesystem itself. */
struct partition {
	char *name;           /* "sda1" */
	long long size;       /* bytes */
	char *fstype;         /* from libblkid: "ext4", "vfat", "swap"... */
	char *label;
	char *uuid;
	char *partuuid;
	char *mountpoint;     /* first mount point, or NULL */
	char *md;             /* MD array this partition belongs to, or NULL */
};

/* What kind of block device a row is, as lsblk's TYPE tells them. */
enum disk_kind {
	DISK_KIND_DISK = 0, /* a drive (or loop device): SMART, ERC, timeouts */
	DISK_KIND_MD,       /* an MD array: /dev/mdN */
	DISK_KIND_DM        /* a device-mapper device: /dev/dm-N */
};

struct disk {
	char *name;           /* kernel name: "sda", "nvme0n1", "md0" */
	enum disk_kind kind;  /* md and dm rows have no SMART, ERC or
	                       * timeout, and no disk-set-* command */
	long long size;       /* bytes, -1 unknown */
	char *model;
	char *serial;
	char *vendor;
	int rotational;       /* 1 spinning, 0 solid state, -1 unknown */
	int removable;        /* the removable attribute: 1, 0, -1 unknown */
	char *transport;      /* "sata", "sas", "nvme", "usb", "virtio", ... */
	char *scheduler;      /* the active I/O scheduler */
	char **schedulers;    /* all the kernel offers */
	size_t scheduler_count;
	int queue_depth;      /* device/queue_depth, -1 when absent */
	int timeout;          /* device/timeout in seconds, -1 when absent */
	long long writes;     /* write requests completed since boot, from
	                       * stat (partitions' included); -1 unknown */
	struct smart_info smart;
	char *md;             /* arrays using the disk or its partitions */
	char *mountpoints;    /* comma-separated, or NULL */
	struct partition whole; /* filesystem on the whole disk, if any */
	struct partition *partitions;
	size_t partition_count;
	char *error;          /* attributes that could not be read, or NULL */
};

struct disk_snapshot {
	struct disk *disks;
	size_t count;
	int smartctl_missing; /* 1 when smartctl is not installed */
	char *udev_rule;      /* text of DISK_UDEV_RULE_PATH, NULL if absent */
	char *error;          /* a problem with the whole scan, or NULL */
	time_t taken;
	int quick;            /* the first frame's: names and sizes only,
				 the rest not read yet (-1 is not "none") */
};

/* Free the strings and reset s to "nothing known" (numbers -1). */
void smart_info_clear(struct smart_info *s);
void partition_clear(struct partition *p);
void disk_clear(struct disk *d);
void disk_snapshot_free(struct disk_snapshot *snap);
/* "unknown", "unsupported", "disabled", "enabled". */
const char *disk_erc_name(enum erc_state erc);
/* "-", "PASSED", "FAILED". */
const char *disk_health_name(enum smart_health health);
/* "disk", "md", "dm"; "loop" for a disk whose transport is loop. */
const char *disk_type_name(const struct disk *d);
/* The kind of device a /sys/block name is: md*, dm-*, else a disk. */
enum disk_kind disk_kind_of(const char *name);
/*
 * Could a slow sector read get this healthy drive dropped from a RAID array
 * if it were in one? Yes when it has no working SCT ERC (unsupported,
 * disabled or unknown) and the kernel gives up on a command in under 180 s;
 * a drive without a kernel command timeout (NVMe, virtio) is not at risk
 * this way. Says nothing of whether the drive is in an array: callers that
 * know it is (the RAID panel's members) ask this.
 */
int disk_timeout_risk(const struct disk *d);
/* The risk the Disks panel flags: disk_timeout_risk() of a drive that is
 * (or has a partition that is) a member of an MD array. */
int disk_raid_timeout_risk(const struct disk *d);
/* Is d a removable or USB device, which disks-raid-safe-timeouts --all
 * leaves alone? */
int disk_is_removable(const struct disk *d);
/* The disk called name, or NULL. */
const struct disk *disk_snapshot_find(const struct disk_snapshot *snap,
    const char *name);

#endif
