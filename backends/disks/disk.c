/* Freeing and looking up the Disks model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "disk-plan.h"

/*
 * Free the strings and put s back in the unknown state, not zero: the model
 * says unknown numbers are -1, and a 0 here would read as "0 reallocated
 * sectors". On a zeroed struct this is how one starts out unknown.
 */
void
smart_info_clear(struct smart_info *s)
{
	free(s->error);
	free(s->protocol);
	free(s->device_type);
	free(s->model);
	free(s->serial);
	free(s->vendor);
	free(s->firmware);
	memset(s, 0, sizeof *s);
	s->capacity = -1;
	s->health = SMART_HEALTH_UNKNOWN;
	s->erc = ERC_UNKNOWN;
	s->erc_read_ds = -1;
	s->erc_write_ds = -1;
	s->power_on_hours = -1;
	s->temperature = -1;
	s->reallocated = -1;
	s->pending = -1;
	s->offline_uncorrectable = -1;
	s->nvme_critical_warning = -1;
	s->nvme_media_errors = -1;
	s->nvme_percentage_used = -1;
	s->nvme_available_spare = -1;
	s->ata_attribute_count = -1;
	s->exit_status = -1;
}

void
partition_clear(struct partition *p)
{
	free(p->name);
	free(p->fstype);
	free(p->label);
	free(p->uuid);
	free(p->partuuid);
	free(p->mountpoint);
	free(p->md);
	memset(p, 0, sizeof *p);
}

void
disk_clear(struct disk *d)
{
	size_t i;

	free(d->name);
	free(d->model);
	free(d->serial);
	free(d->vendor);
	free(d->transport);
	free(d->scheduler);
	for (i = 0; i < d->scheduler_count; i++)
		free(d->schedulers[i]);
	free(d->schedulers);
	smart_info_clear(&d->smart);
	free(d->md);
	free(d->mountpoints);
	partition_clear(&d->whole);
	for (i = 0; i < d->partition_count; i++)
		partition_clear(&d->partitions[i]);
	free(d->partitions);
	free(d->error);
	memset(d, 0, sizeof *d);
}

void
disk_snapshot_free(struct disk_snapshot *snap)
{
	size_t i;

	if (snap == NULL)
		return;
	for (i = 0; i < snap->count; i++)
		disk_clear(&snap->disks[i]);
	free(snap->disks);
	free(snap->error);
	free(snap->udev_rule);
	free(snap);
}

const struct disk *
disk_snapshot_find(const struct disk_snapshot *snap, const char *name)
{
	size_t i;

	if (snap == NULL || name == NULL)
		return NULL;
	for (i = 0; i < snap->count; i++) {
		if (strcmp(snap->disks[i].name, name) == 0)
			return &snap->disks[i];
	}
	return NULL;
}

int
disk_timeout_risk(const struct disk *d)
{
	if (d->kind != DISK_KIND_DISK || d->timeout < 0 ||
	    d->smart.erc == ERC_ENABLED)
		return 0;
	return d->timeout < DISK_RAID_TIMEOUT;
}

int
disk_raid_timeout_risk(const struct disk *d)
{
	return d->kind == DISK_KIND_DISK && d->md != NULL &&
	    disk_timeout_risk(d);
}

const char *
disk_type_name(const struct disk *d)
{
	switch (d->kind) {
	case DISK_KIND_MD:
		return "md";
	case DISK_KIND_DM:
		return "dm";
	case DISK_KIND_DISK:
		break;
	}
	if (d->transport != NULL && strcmp(d->transport, "loop") == 0)
		return "loop";
	return "disk";
}

enum disk_kind
disk_kind_of(const char *name)
{
	if (strncmp(name, "md", 2) == 0)
		return DISK_KIND_MD;
	if (strncmp(name, "dm-", 3) == 0)
		return DISK_KIND_DM;
	return DISK_KIND_DISK;
}

int
disk_is_removable(const struct disk *d)
{
	return d->removable == 1 ||
	    (d->transport != NULL && strcmp(d->transport, "usb") == 0);
}

const char *
disk_erc_name(enum erc_state erc)
{
	switch (erc) {
	case ERC_UNSUPPORTED:
		return "unsupported";
	case ERC_DISABLED:
		return "disabled";
	case ERC_ENABLED:
		return "enabled";
	case ERC_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
disk_health_name(enum smart_health health)
{
	switch (health) {
	case SMART_HEALTH_PASSED:
		return "PASSED";
	case SMART_HEALTH_FAILED:
		return "FAILED";
	case SMART_HEALTH_UNKNOWN:
		break;
	}
	return "-";
}
