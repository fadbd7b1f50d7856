/* Freeing and looking up the Disks model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "disk-plan.h"

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
	if (d->timeout < 0 || d->smart.erc == ERC_ENABLED)
		return 0;
	return d->timeout < DISK_RAID_TIMEOUT;
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
