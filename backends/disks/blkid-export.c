/* Parsing `blkid -o export`: what a remote host's blkid says. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "blkid-export.h"
#include "xmalloc.h"

/* value without blkid's backslash escapes; fresh. */
static char *
blkid_unescape(const char *value, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		if (value[i] == '\\' && i + 1 < len)
			i++;
		*o++ = value[i];
	}
	*o = '\0';
	return out;
}

/* The field of dev that key fills, or NULL for a key not read. */
static char **
blkid_field(struct blkid_export_dev *dev, const char *key, size_t len)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
	    {"TYPE", offsetof(struct blkid_export_dev, type)},
	    {"LABEL", offsetof(struct blkid_export_dev, label)},
	    {"UUID", offsetof(struct blkid_export_dev, uuid)},
	    {"PARTUUID", offsetof(struct blkid_export_dev, partuuid)},
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strlen(keys[i].key) == len &&
		    memcmp(keys[i].key, key, len) == 0)
			return (char **)((char *)dev + keys[i].offset);
	}
	return NULL;
}

struct blkid_export *
blkid_export_parse(const char *text, size_t *bad)
{
	struct blkid_export *e = xcalloc(1, sizeof *e);
	struct blkid_export_dev *dev = NULL;
	const char *line = text, *end, *eq;
	char **field;
	size_t cap = 0, len;

	*bad = 0;
	for (; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		len = (size_t)(end - line);
		if (len == 0)
			continue;
		eq = memchr(line, '=', len);
		if (eq == NULL || eq == line) {
			(*bad)++;
			continue;
		}
		if ((size_t)(eq - line) == 7 && memcmp(line, "DEVNAME", 7) == 0) {
			if (e->n == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				e->v = xreallocarray(e->v, cap, sizeof *e->v);
			}
			dev = &e->v[e->n++];
			memset(dev, 0, sizeof *dev);
			dev->devname = blkid_unescape(eq + 1,
			    (size_t)(end - eq - 1));
			continue;
		}
		if (dev == NULL)
			continue;
		field = blkid_field(dev, line, (size_t)(eq - line));
		if (field == NULL || *field != NULL)
			continue;
		*field = blkid_unescape(eq + 1, (size_t)(end - eq - 1));
		if (**field == '\0') {
			free(*field);
			*field = NULL;
		}
	}
	return e;
}

const struct blkid_export_dev *
blkid_export_find(const struct blkid_export *e, const char *devname)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		if (strcmp(e->v[i].devname, devname) == 0)
			return &e->v[i];
	}
	return NULL;
}

void
blkid_export_free(struct blkid_export *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++) {
		free(e->v[i].devname);
		free(e->v[i].type);
		free(e->v[i].label);
		free(e->v[i].uuid);
		free(e->v[i].partuuid);
	}
	free(e->v);
	free(e);
}
