/* Parses `smartctl --json` output into a struct smart_info with json-c. */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "disk.h"
#include "smart-json.h"
#include "strutil.h"
#include "xmalloc.h"

/* smartctl exit status bits (smartctl(8) RETURN VALUES). */
#define SMARTCTL_EXIT_CMDLINE 0x01 /* command line did not parse */
#define SMARTCTL_EXIT_OPEN    0x02 /* open failed, or low-power mode */
#define SMARTCTL_EXIT_SMART   0x04 /* some SMART or other command failed */

/* Every bit of smartctl's exit status, as smartctl(8) EXIT STATUS says. */
static const char *const smartctl_exit_bits[8] = {
    "the command line did not parse",
    "the device did not open, did not identify itself, or is in a "
    "low-power mode",
    "a SMART or other command to the disk failed, or a SMART data "
    "structure had a bad checksum",
    "SMART status DISK FAILING",
    "prefail attributes at or below their threshold",
    "attributes at or below their threshold in the past",
    "the device error log has errors",
    "the self-test log has errors",
};

/* Signal names for the messages about a killed smartctl. */
static const struct {
	int signo;
	const char *name;
} smartctl_signals[] = {
    {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
    {SIGILL, "SIGILL"},   {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},
    {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"}, {SIGSEGV, "SIGSEGV"},
    {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
};

/* Short options of smartctl that take an argument (its getopt string is
 * "h?Vq:d:T:b:r:s:o:S:HcAl:iaxv:P:t:CXF:n:B:f:g:j"): the rest of a cluster
 * such as "-dsat" is that argument, not more options. */
#define SMARTCTL_ARG_OPTS "qdTbrsoSlvPtFnBfg"

/* A long long field of struct smart_info and where smartctl puts it. When
 * several rows name the same field, the first one the document has wins. */
struct smart_json_number {
	const char *path;
	size_t offset;
};

static const struct smart_json_number smart_json_numbers[] = {
    {"user_capacity.bytes", offsetof(struct smart_info, capacity)},
    {"nvme_total_capacity", offsetof(struct smart_info, capacity)},
    {"power_on_time.hours", offsetof(struct smart_info, power_on_hours)},
    {"nvme_smart_health_information_log.power_on_hours",
     offsetof(struct smart_info, power_on_hours)},
    {"temperature.current", offsetof(struct smart_info, temperature)},
    {"nvme_smart_health_information_log.temperature",
     offsetof(struct smart_info, temperature)},
    {"nvme_smart_health_information_log.critical_warning",
     offsetof(struct smart_info, nvme_critical_warning)},
    {"nvme_smart_health_information_log.media_errors",
     offsetof(struct smart_info, nvme_media_errors)},
    {"nvme_smart_health_information_log.percentage_used",
     offsetof(struct smart_info, nvme_percentage_used)},
    {"nvme_smart_health_information_log.available_spare",
     offsetof(struct smart_info, nvme_available_spare)},
};

static const char *const smart_json_model_keys[] = {
    "model_name", "scsi_model_name", "product", NULL};
static const char *const smart_json_vendor_keys[] = {"scsi_vendor", "vendor",
                                                     NULL};
static const char *const smart_json_firmware_keys[] = {
    "firmware_version", "scsi_revision", "revision", NULL};

/* Follow a dotted path of object keys ("user_capacity.bytes"); NULL when a
 * step is missing, is JSON null, or is not an object. */
static struct json_object *
smart_json_path(struct json_object *o, const char *path)
{
	char key[64];
	size_t n;

	while (o != NULL && *path != '\0') {
		n = strcspn(path, ".");
		if (n >= sizeof key)
			fatal("smart-json: key too long: %s", path);
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n;
		if (*path == '.')
			path++;
	}
	return o;
}

static int
smart_json_get_ll(struct json_object *root, const char *path, long long *out)
{
	struct json_object *o = smart_json_path(root, path);

	if (!json_object_is_type(o, json_type_int))
		return -1;
	*out = (long long)json_object_get_int64(o);
	return 0;
}

static int
smart_json_get_bool(struct json_object *root, const char *path, int *out)
{
	struct json_object *o = smart_json_path(root, path);

	if (!json_object_is_type(o, json_type_boolean))
		return -1;
	*out = json_object_get_boolean(o) ? 1 : 0;
	return 0;
}

/* A string value, or NULL when absent, not a string, or empty. */
static const char *
smart_json_get_str(struct json_object *root, const char *path)
{
	struct json_object *o = smart_json_path(root, path);
	const char *s;

	if (!json_object_is_type(o, json_type_string))
		return NULL;
	s = json_object_get_string(o);
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Drive-supplied text goes to a terminal: replace control bytes in place. */
static char *
smart_json_clean(char *s)
{
	unsigned char *p;

	for (p = (unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return s;
}

static char *
smart_json_dup_str(struct json_object *root, const char *path)
{
	const char *s = smart_json_get_str(root, path);

	return s != NULL ? smart_json_clean(xstrdup(s)) : NULL;
}

static char *
smart_json_dup_first(struct json_object *root, const char *const *keys)
{
	char *s;

	for (; *keys != NULL; keys++) {
		if ((s = smart_json_dup_str(root, *keys)) != NULL)
			return s;
	}
	return NULL;
}

/* Length of the JSON white space at the start of s. */
static size_t
smart_json_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			break;
	}
	return i;
}

static int
smart_json_blank(const char *s, size_t len)
{
	return smart_json_space(s, len) == len;
}

static int
smart_json_is_smartctl(struct json_object *root)
{
	return json_object_object_get_ex(root, "smartctl", NULL) ||
	       json_object_object_get_ex(root, "device", NULL) ||
	       json_object_object_get_ex(root, "json_format_version", NULL);
}

/* Tokenise the whole input; NULL with *msg set unless it is one object. */
static struct json_object *
smart_json_load(const char *json, size_t len, char **msg)
{
	struct json_tokener *tok;
	struct json_object *root;
	enum json_tokener_error err;
	size_t end;

	if (json == NULL || smart_json_blank(json, len)) {
		*msg = xstrdup("smartctl printed no JSON");
		return NULL;
	}
	if (json[smart_json_space(json, len)] != '{') {
		*msg = xstrdup("smartctl output is not a JSON object");
		return NULL;
	}
	if (len > INT_MAX) {
		*msg = xasprintf("smartctl JSON too large (%zu bytes)", len);
		return NULL;
	}
	if ((tok = json_tokener_new()) == NULL)
		fatal("out of memory");
	root = json_tokener_parse_ex(tok, json, (int)len);
	err = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (err == json_tokener_continue)
		*msg =
		    xasprintf("smartctl JSON truncated after %zu bytes", len);
	else if (err != json_tokener_success)
		*msg = xasprintf("malformed smartctl JSON at byte %zu: %s", end,
		                 json_tokener_error_desc(err));
	else if (!smart_json_blank(json + end, len - end))
		*msg = xasprintf("malformed smartctl JSON: data after the "
		                 "document at byte %zu",
		                 end);
	else if (!smart_json_is_smartctl(root))
		*msg = xstrdup("not smartctl JSON output");
	if (*msg != NULL) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* smartctl.messages[].string joined with "; ", or NULL if there are none. */
static char *
smart_json_messages(struct json_object *root)
{
	struct json_object *list = smart_json_path(root, "smartctl.messages");
	struct buf b = {NULL, 0, 0};
	const char *s;
	size_t i, n;

	if (!json_object_is_type(list, json_type_array))
		return NULL;
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		s = smart_json_get_str(json_object_array_get_idx(list, i),
		                       "string");
		if (s == NULL)
			continue;
		if (b.len != 0)
			buf_addstr(&b, "; ");
		buf_addstr(&b, s);
	}
	return b.data;
}

/* A message when smartctl could not open or identify the device. */
static char *
smart_json_exit_error(struct json_object *root)
{
	long long status;
	char *text, *msg;

	if (smart_json_get_ll(root, "smartctl.exit_status", &status) != 0 ||
	    (status & (SMARTCTL_EXIT_CMDLINE | SMARTCTL_EXIT_OPEN)) == 0)
		return NULL;
	if ((text = smart_json_messages(root)) != NULL) {
		msg =
		    xasprintf("smartctl: %s (exit status %lld)", text, status);
		free(text);
		return smart_json_clean(msg);
	}
	if (status & SMARTCTL_EXIT_CMDLINE)
		return xasprintf("smartctl did not accept its command line "
		                 "(exit status %lld)",
		                 status);
	return xasprintf("smartctl could not open the device (exit status "
	                 "%lld)",
	                 status);
}

static void
smart_json_numbers_fill(struct json_object *root, struct smart_info *s)
{
	const struct smart_json_number *n;
	long long *field, v;
	size_t i;

	for (i = 0; i < sizeof smart_json_numbers / sizeof *n; i++) {
		n = &smart_json_numbers[i];
		field = (long long *)(void *)((char *)s + n->offset);
		if (*field == -1 && smart_json_get_ll(root, n->path, &v) == 0)
			*field = v;
	}
}

static void
smart_json_strings_fill(struct json_object *root, struct smart_info *s)
{
	s->protocol = smart_json_dup_str(root, "device.protocol");
	s->device_type = smart_json_dup_str(root, "device.type");
	s->model = smart_json_dup_first(root, smart_json_model_keys);
	s->vendor = smart_json_dup_first(root, smart_json_vendor_keys);
	s->serial = smart_json_dup_str(root, "serial_number");
	s->firmware = smart_json_dup_first(root, smart_json_firmware_keys);
}

static void
smart_json_exit_fill(struct json_object *root, struct smart_info *s)
{
	long long status;

	if (smart_json_get_ll(root, "smartctl.exit_status", &status) == 0 &&
	    status >= 0 && status <= 255)
		s->exit_status = (int)status;
}

static void
smart_json_health_fill(struct json_object *root, struct smart_info *s)
{
	int passed;

	if (smart_json_get_bool(root, "smart_status.passed", &passed) == 0)
		s->health = passed ? SMART_HEALTH_PASSED : SMART_HEALTH_FAILED;
}

static int
smart_json_is_ata(const struct smart_info *s)
{
	return s->protocol != NULL && strcmp(s->protocol, "ATA") == 0;
}

/* Raw values of ATA attributes 5, 197 and 198, and the row count. */
static void
smart_json_attributes_fill(struct json_object *root, struct smart_info *s)
{
	struct json_object *table, *row;
	long long id, raw;
	size_t i, n;

	table = smart_json_path(root, "ata_smart_attributes.table");
	if (!json_object_is_type(table, json_type_array)) {
		if (s->protocol != NULL && !smart_json_is_ata(s))
			s->ata_attribute_count = 0;
		return;
	}
	n = json_object_array_length(table);
	s->ata_attribute_count = n > INT_MAX ? INT_MAX : (int)n;
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(table, i);
		if (smart_json_get_ll(row, "id", &id) != 0 ||
		    smart_json_get_ll(row, "raw.value", &raw) != 0)
			continue;
		if (id == 5)
			s->reallocated = raw;
		else if (id == 197)
			s->pending = raw;
		else if (id == 198)
			s->offline_uncorrectable = raw;
	}
}

/*
 * One direction of "ata_sct_erc" ("read" or "write"): 1 enabled, 0 disabled
 * (timer 0), -1 unknown. smartctl writes "enabled" always and "deciseconds"
 * only when the timer is not zero.
 */
static int
smart_json_erc_timer(struct json_object *erc, const char *dir, int *ds)
{
	struct json_object *timer = smart_json_path(erc, dir);
	long long v;
	int enabled;

	if (smart_json_get_bool(timer, "enabled", &enabled) != 0)
		return -1;
	if (!enabled) {
		*ds = 0;
		return 0;
	}
	if (smart_json_get_ll(timer, "deciseconds", &v) == 0 && v > 0 &&
	    v <= INT_MAX)
		*ds = (int)v;
	return 1;
}

static enum erc_state
smart_json_erc_object(struct json_object *erc, struct smart_info *s)
{
	int r, w;

	r = smart_json_erc_timer(erc, "read", &s->erc_read_ds);
	w = smart_json_erc_timer(erc, "write", &s->erc_write_ds);
	if (r == 0 || w == 0)
		return ERC_DISABLED;
	if (r == 1 && w == 1)
		return ERC_ENABLED;
	return ERC_UNKNOWN;
}

/* Did this command line ask for SCT ERC: -l scterc, --log=scterc, -x? */
static int
smart_json_arg_asks_erc(const char *arg)
{
	const char *p;

	if (strstr(arg, "scterc") != NULL)
		return 1;
	/* getopt_long takes any unambiguous prefix: --x, --xa, --xall. */
	if (strlen(arg) >= 3 && strncmp(arg, "--xall", strlen(arg)) == 0)
		return 1;
	if (arg[0] != '-' || arg[1] == '-')
		return 0;
	for (p = arg + 1; *p != '\0'; p++) {
		if (*p == 'x')
			return 1;
		if (strchr(SMARTCTL_ARG_OPTS, *p) != NULL)
			return 0;
	}
	return 0;
}

static int
smart_json_asked_erc(struct json_object *root)
{
	struct json_object *argv = smart_json_path(root, "smartctl.argv");
	struct json_object *arg;
	size_t i, n;

	if (!json_object_is_type(argv, json_type_array))
		return 0;
	n = json_object_array_length(argv);
	for (i = 1; i < n; i++) {
		arg = json_object_array_get_idx(argv, i);
		if (json_object_is_type(arg, json_type_string) &&
		    smart_json_arg_asks_erc(json_object_get_string(arg)))
			return 1;
	}
	return 0;
}

/* With --json=o smartctl copies its text lines into smartctl.output. */
static int
smart_json_output_has(struct json_object *root, const char *line)
{
	struct json_object *out = smart_json_path(root, "smartctl.output");
	struct json_object *o;
	size_t i, n;

	if (!json_object_is_type(out, json_type_array))
		return 0;
	n = json_object_array_length(out);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(out, i);
		if (json_object_is_type(o, json_type_string) &&
		    strcmp(json_object_get_string(o), line) == 0)
			return 1;
	}
	return 0;
}

/*
 * An ATA document without "ata_sct_erc". smartctl says "SCT Error Recovery
 * Control command not supported" (or "SCT Commands not supported") only as
 * text, which JSON leaves out; what the JSON does keep is the IDENTIFY bit
 * behind that text, ata_sct_capabilities.error_recovery_control_supported,
 * printed with -c (part of -a and -x), and the whole ata_sct_capabilities
 * object is left out when the drive has no SCT at all. A failed SCT ERC
 * query sets exit status bit 2, and a locked drive refuses SCT: unknown.
 */
static enum erc_state
smart_json_erc_missing(struct json_object *root)
{
	long long status = 0;
	int supported, locked = 0;

	if (smart_json_get_bool(root,
	                        "ata_sct_capabilities."
	                        "error_recovery_control_supported",
	                        &supported) == 0 &&
	    !supported)
		return ERC_UNSUPPORTED;
	if (smart_json_output_has(
	        root, "SCT Error Recovery Control command not supported") ||
	    smart_json_output_has(root, "SCT Commands not supported"))
		return ERC_UNSUPPORTED;
	if (!smart_json_asked_erc(root) ||
	    smart_json_path(root, "ata_sct_capabilities") != NULL)
		return ERC_UNKNOWN;
	if (smart_json_path(root, "ata_smart_data.capabilities") != NULL)
		return ERC_UNSUPPORTED;
	smart_json_get_ll(root, "smartctl.exit_status", &status);
	smart_json_get_bool(root, "ata_security.locked", &locked);
	if ((status & SMARTCTL_EXIT_SMART) || locked)
		return ERC_UNKNOWN;
	return ERC_UNSUPPORTED;
}

static void
smart_json_erc_fill(struct json_object *root, struct smart_info *s)
{
	struct json_object *erc = smart_json_path(root, "ata_sct_erc");

	if (erc != NULL)
		s->erc = smart_json_erc_object(erc, s);
	else if (s->protocol == NULL)
		s->erc = ERC_UNKNOWN;
	else if (!smart_json_is_ata(s))
		s->erc = ERC_UNSUPPORTED; /* SCT ERC is an ATA feature */
	else
		s->erc = smart_json_erc_missing(root);
}

int
smart_json_parse(const char *json, size_t len, struct smart_info *out,
                 char **cause)
{
	struct json_object *root;
	char *msg = NULL;

	smart_info_clear(out); /* every field unknown to start with */
	root = smart_json_load(json, len, &msg);
	if (root != NULL && (msg = smart_json_exit_error(root)) == NULL) {
		smart_json_strings_fill(root, out);
		smart_json_numbers_fill(root, out);
		smart_json_health_fill(root, out);
		smart_json_attributes_fill(root, out);
		smart_json_erc_fill(root, out);
		smart_json_exit_fill(root, out);
		out->valid = 1;
	}
	json_object_put(root);
	if (msg == NULL)
		return 0;
	free(out->error);
	out->error = msg;
	set_cause(cause, "%s", msg);
	return -1;
}

char *
smart_exit_status_text(int status)
{
	struct buf b = {NULL, 0, 0};
	int bit;

	if (status <= 0 || status > 255)
		return NULL;
	buf_printf(&b, "smartctl exit status %d:", status);
	for (bit = 0; bit < 8; bit++) {
		if (status & (1 << bit))
			buf_printf(&b, "%s %s", b.data[b.len - 1] == ':' ? "" :
			           ";", smartctl_exit_bits[bit]);
	}
	return b.data;
}

static const char *
smart_signal_name(int signo)
{
	size_t i;

	for (i = 0; i < sizeof smartctl_signals / sizeof *smartctl_signals;
	     i++) {
		if (smartctl_signals[i].signo == signo)
			return smartctl_signals[i].name;
	}
	return NULL;
}

/* Put note after whatever out->error says already. */
static void
smart_json_add_note(struct smart_info *out, char *note)
{
	char *joined;

	if (out->error == NULL) {
		out->error = note;
		return;
	}
	joined = xasprintf("%s (%s)", out->error, note);
	free(out->error);
	free(note);
	out->error = joined;
}

int
smart_json_parse_run(const char *json, size_t len, int exit_status,
                     int signo, struct smart_info *out, char **cause)
{
	const char *name;
	char *note;
	int rc;

	if (signo > 0) {
		smart_info_clear(out);
		name = smart_signal_name(signo);
		out->error = name != NULL ?
		    xasprintf("smartctl killed by signal %d (%s)", signo, name) :
		    xasprintf("smartctl killed by signal %d", signo);
		set_cause(cause, "%s", out->error);
		return -1;
	}
	rc = smart_json_parse(json, len, out, cause);
	if (exit_status > 0 && exit_status <= 255)
		out->exit_status = out->exit_status > 0 ?
		    (out->exit_status | exit_status) : exit_status;
	/* The parser's message may quote the status already (bits 0, 1). */
	if (rc != 0 && out->error != NULL &&
	    strstr(out->error, "(exit status ") != NULL)
		return rc;
	if ((note = smart_exit_status_text(out->exit_status)) != NULL)
		smart_json_add_note(out, note);
	if (rc != 0)
		set_cause(cause, "%s", out->error);
	return rc;
}
