/* libFuzzer target for /proc/mdstat, the md sysfs value parsers and
 * mdadm --examine output. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "md-sysfs.h"
#include "md.h"
#include "mdadm-examine.h"
#include "mdstat.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What must hold of one parsed array, whatever the input was. */
static void
fuzz_array(struct md_array *a)
{
	struct mdstat_figures f;
	char *text;
	size_t i;

	if (a->name == NULL || !md_name_valid(a->name))
		abort();
	if (a->progress.valid && (a->progress.percent < 0 ||
	    a->progress.percent > 100 || a->progress.action == NULL))
		abort();
	for (i = 0; i < a->missing_count; i++) {
		if (a->missing[i] < 0)
			abort();
	}
	for (i = 0; i < a->member_count; i++) {
		if (a->members[i].name == NULL || a->members[i].disk == NULL ||
		    !md_name_valid(a->members[i].name))
			abort();
		text = md_member_state_text(a->members[i].state);
		free(text);
	}
	mdstat_figures(a, &f);
	if (f.type == NULL || f.activity_state == NULL)
		abort();
	free(mdstat_devices_text(a));
	if (md_array_redundancy_left(a) < 0)
		abort();
	md_array_health(a);
	md_array_sort_members(a);
}

static void
fuzz_mdstat(const char *text)
{
	struct md_snapshot *snap = xcalloc(1, sizeof *snap);
	char *cause = NULL;
	size_t i;

	if (mdstat_parse(text, snap, &cause) != 0) {
		if (cause == NULL || snap->arrays != NULL || snap->count != 0 ||
		    snap->personalities != NULL)
			abort();
	} else {
		if (cause != NULL)
			abort();
		for (i = 0; i < snap->count; i++)
			fuzz_array(&snap->arrays[i]);
		md_snapshot_sort(snap);
	}
	free(cause);
	md_snapshot_free(snap);
}

/* Each sysfs parser on the same text: their contracts on failure. */
static void
fuzz_sysfs_values(const char *text)
{
	long long v, done, total;
	unsigned state;
	char *bitmap;
	int slot;

	md_sysfs_parse_number(text, &v);
	md_sysfs_parse_slot(text, &slot);
	if (md_sysfs_parse_state(text, &state) != 0 && state != 0)
		abort();
	if (md_sysfs_parse_sync_completed(text, &done, &total) !=
	    MD_SYNC_NUMBERS && (done != -1 || total != -1))
		abort();
	if (md_sysfs_parse_bitmap_location(text, &bitmap) != 0 &&
	    bitmap != NULL)
		abort();
	free(bitmap);
	free(md_sysfs_disk_from_link(text, "sda1"));
	free(md_disk_from_name(text));
	free(md_container_from_metadata(text));
}

static void
fuzz_progress(const char *text)
{
	struct md_progress p;
	char *cause = NULL;

	memset(&p, 0, sizeof p);
	if (mdstat_parse_progress(text, &p, &cause) == 0 &&
	    (!p.valid || p.percent < 0 || p.percent > 100))
		abort();
	free(cause);
	md_progress_clear(&p);
}

/* Printable ASCII or NULL. */
static int
printable_or_null(const char *v)
{
	for (; v != NULL && *v != '\0'; v++) {
		if (*v < 0x20 || *v > 0x7e)
			return 0;
	}
	return 1;
}

/* mdadm --examine output: on success a valid UUID, printable name and
 * role, a role slot only for "Active device N"; on failure a cause and
 * nothing kept. */
static void
fuzz_mdadm_examine(const char *text)
{
	struct md_super s;
	char *cause = NULL;
	long long t = -2;

	if (mdadm_examine_parse(text, &s, &cause) != 0) {
		if (cause == NULL || s.uuid != NULL || s.level != NULL ||
		    s.name != NULL || s.role != NULL)
			abort();
	} else {
		if (!md_uuid_is_mdadm(s.uuid) || !printable_or_null(s.name) ||
		    !printable_or_null(s.role) || s.creation_time < -1 ||
		    s.update_time < -1 || (s.role_slot >= 0 && (s.role ==
		    NULL || strncmp(s.role, "Active device ", 14) != 0)))
			abort();
	}
	free(cause);
	md_super_clear(&s);
	if (mdadm_ctime_parse(text, &t) == 0 && t < -1)
		abort();
	free(md_uuid_mdadm(text, "0.90"));
	free(md_layout_name("raid10", (long long)strlen(text) * 257));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_mdstat(text);
	fuzz_progress(text);
	fuzz_sysfs_values(text);
	fuzz_mdadm_examine(text);
	md_name_cmp(text, "md10");
	free(text);
	return 0;
}
