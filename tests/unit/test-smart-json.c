/* Unit tests for the smartctl --json parser, driven by shared/corpus. */
#include "config.h"

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "smart-json.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

#define CORPUS_SUBDIR "smartctl-json"

/* Corpus files that must fail, and a word their message must contain. */
static const struct {
	const char *file;
	const char *word;
} bad_files[] = {
    {"libblockdev_02_exit_err.json", "exit status 7"},
    {"libblockdev_04_malformed.json", "malformed"},
    {"libblockdev_05_empty.json", "no JSON"},
};

/* How an EXPECTED.tsv field maps onto struct smart_info. */
enum expect_kind { EXPECT_STR, EXPECT_LL, EXPECT_INT, EXPECT_HEALTH };

static const struct expect_field {
	const char *name; /* EXPECTED.tsv field, or its prefix */
	enum expect_kind kind;
	size_t offset;
} expect_fields[] = {
    {"device.model", EXPECT_STR, offsetof(struct smart_info, model)},
    {"scsi_model", EXPECT_STR, offsetof(struct smart_info, model)},
    {"device.serial", EXPECT_STR, offsetof(struct smart_info, serial)},
    {"device.type", EXPECT_STR, offsetof(struct smart_info, device_type)},
    {"device.vendor", EXPECT_STR, offsetof(struct smart_info, vendor)},
    {"firmware", EXPECT_STR, offsetof(struct smart_info, firmware)},
    {"capacity", EXPECT_LL, offsetof(struct smart_info, capacity)},
    {"health_ok", EXPECT_HEALTH, offsetof(struct smart_info, health)},
    {"power_on_hours", EXPECT_LL, offsetof(struct smart_info, power_on_hours)},
    {"temperature", EXPECT_LL, offsetof(struct smart_info, temperature)},
    {"percentage_used", EXPECT_LL,
     offsetof(struct smart_info, nvme_percentage_used)},
    {"media_errors", EXPECT_LL, offsetof(struct smart_info, nvme_media_errors)},
    {"critical_warning", EXPECT_LL,
     offsetof(struct smart_info, nvme_critical_warning)},
    {"available_spare", EXPECT_LL,
     offsetof(struct smart_info, nvme_available_spare)},
    {"ata_attribute_rows", EXPECT_INT,
     offsetof(struct smart_info, ata_attribute_count)},
};

/* Tallies of one pass over EXPECTED.tsv. */
struct expect_tally {
	int checked;
	int skipped;      /* fields we do not model */
	int zero_default; /* source printed 0 for a field the JSON lacks */
	int blank;        /* source printed "" (it reads no fallback key) */
};

static int
is_bad_file(const char *name, const char **word)
{
	size_t i;

	for (i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		if (strcmp(bad_files[i].file, name) == 0) {
			*word = bad_files[i].word;
			return 1;
		}
	}
	return 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Names of every *.json in the corpus directory; free with
 * string_list_free(). */
static size_t
corpus_list(char ***names)
{
	char *dir = unit_corpus_path(CORPUS_SUBDIR);
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	*names = NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d)) != NULL) {
		if (has_suffix(e->d_name, ".json"))
			strv_push(names, &n, e->d_name);
	}
	closedir(d);
	free(dir);
	return n;
}

static char *
corpus_read(const char *name, size_t *len)
{
	char *rel = xasprintf("%s/%s", CORPUS_SUBDIR, name);
	char *path = unit_corpus_path(rel);
	char *data = unit_read_file(path, len);

	if (data == NULL)
		fprintf(stderr, "\ncannot read %s\n", path);
	free(path);
	free(rel);
	return data;
}

/* Parse a corpus file into *s; returns smart_json_parse's result. */
static int
corpus_parse(const char *name, struct smart_info *s, char **cause)
{
	char *data;
	size_t len;
	int rc;

	memset(s, 0, sizeof *s);
	data = corpus_read(name, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	rc = smart_json_parse(data, len, s, cause);
	free(data);
	return rc;
}

static int
parse_str(const char *json, struct smart_info *s, char **cause)
{
	memset(s, 0, sizeof *s);
	return smart_json_parse(json, strlen(json), s, cause);
}

static void
check_corpus_file(const char *name)
{
	struct smart_info s;
	char *cause = NULL;
	const char *word;
	int rc;

	rc = corpus_parse(name, &s, &cause);
	if (is_bad_file(name, &word)) {
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_EQUAL(s.valid, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
		CU_ASSERT_PTR_NOT_NULL(strstr(cause, word));
		CU_ASSERT_PTR_NOT_NULL_FATAL(s.error);
		CU_ASSERT_STRING_EQUAL(s.error, cause);
	} else {
		if (rc != 0)
			fprintf(stderr, "\n%s: %s\n", name, cause);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(s.valid, 1);
		CU_ASSERT_PTR_NULL(cause);
		CU_ASSERT_PTR_NULL(s.error);
		CU_ASSERT_PTR_NOT_NULL(s.protocol);
		CU_ASSERT_PTR_NOT_NULL(s.model);
		CU_ASSERT_PTR_NOT_NULL(s.serial);
	}
	free(cause);
	smart_info_clear(&s);
}

static void
test_corpus_all(void)
{
	char **names;
	size_t i, n = corpus_list(&names);

	CU_ASSERT(n >= 20);
	for (i = 0; i < n; i++)
		check_corpus_file(names[i]);
	string_list_free(names, n);
}

static const struct expect_field *
expect_find(const char *field)
{
	size_t i;

	for (i = 0; i < sizeof expect_fields / sizeof expect_fields[0]; i++) {
		if (strncmp(field, expect_fields[i].name,
		            strlen(expect_fields[i].name)) == 0)
			return &expect_fields[i];
	}
	return NULL;
}

static int
expect_string(const char *got, const char *want, struct expect_tally *t)
{
	if (*want == '\0') {
		t->blank++;
		return 1;
	}
	return got != NULL && strcmp(got, want) == 0;
}

static int
expect_number(long long got, const char *want, struct expect_tally *t)
{
	long long v;

	if (parse_ll(want, &v) != 0)
		return 0;
	if (got == -1 && v == 0) {
		t->zero_default++;
		return 1;
	}
	return got == v;
}

static int
expect_health(enum smart_health got, const char *want)
{
	if (strcmp(want, "true") == 0)
		return got == SMART_HEALTH_PASSED;
	if (strcmp(want, "false") == 0)
		return got == SMART_HEALTH_FAILED;
	return 0;
}

/* Compare one field of s with its EXPECTED.tsv value. */
static int
expect_match(const struct expect_field *f, const struct smart_info *s,
             const char *want, struct expect_tally *t)
{
	const char *base = (const char *)s + f->offset;

	switch (f->kind) {
	case EXPECT_STR:
		return expect_string(*(char *const *)(const void *)base, want,
		                     t);
	case EXPECT_LL:
		return expect_number(*(const long long *)(const void *)base,
		                     want, t);
	case EXPECT_INT:
		return expect_number(*(const int *)(const void *)base, want, t);
	case EXPECT_HEALTH:
		return expect_health(
		    *(const enum smart_health *)(const void *)base, want);
	}
	return 0;
}

/* One row: file, field, expected_value, asserted_by. */
static void
expect_row(char *line, struct smart_info *s, char **cur, struct expect_tally *t)
{
	char *file, *field, *want, *tab;
	const struct expect_field *f;

	file = line;
	if ((tab = strchr(file, '\t')) == NULL)
		return;
	*tab = '\0';
	field = tab + 1;
	if ((tab = strchr(field, '\t')) == NULL)
		return;
	*tab = '\0';
	want = tab + 1;
	if ((tab = strchr(want, '\t')) != NULL)
		*tab = '\0';
	if ((f = expect_find(field)) == NULL) {
		t->skipped++;
		return;
	}
	if (*cur == NULL || strcmp(*cur, file) != 0) {
		smart_info_clear(s);
		free(*cur);
		*cur = xstrdup(file);
		CU_ASSERT_EQUAL(corpus_parse(file, s, NULL), 0);
	}
	t->checked++;
	if (!expect_match(f, s, want, t)) {
		fprintf(stderr, "\n%s: %s: expected \"%s\"\n", file, field,
		        want);
		CU_FAIL("EXPECTED.tsv mismatch");
	}
}

static void
test_corpus_expected(void)
{
	struct expect_tally t = {0, 0, 0, 0};
	struct smart_info s;
	char *text, *cur = NULL, **lines;
	size_t i, n;

	memset(&s, 0, sizeof s);
	text = corpus_read("EXPECTED.tsv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	n = split_lines(text, &lines);
	for (i = 1; i < n; i++) {
		if (*lines[i] != '\0')
			expect_row(lines[i], &s, &cur, &t);
	}
	printf("\n  EXPECTED.tsv: %d rows checked (%d zero-for-missing, "
	       "%d blank), %d rows of unmodelled fields skipped\n",
	       t.checked, t.zero_default, t.blank, t.skipped);
	CU_ASSERT(t.checked >= 40);
	smart_info_clear(&s);
	free(cur);
	free(lines);
	free(text);
}

/*
 * Inline documents for the SCT ERC mapping, written with ' for " so they
 * stay readable; doc_json() swaps them back.
 */
#define ATA_DEV    "'device':{'type':'sat','protocol':'ATA'}"
#define ERC_ON(ds) "{'enabled':true,'deciseconds':" #ds "}"
#define ERC_OFF    "{'enabled':false}"

static const struct {
	const char *name;
	const char *doc;
	enum erc_state erc;
	int read_ds;
	int write_ds;
} erc_cases[] = {
    {"enabled 7.0s/7.0s",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda']}," ATA_DEV
     ",'ata_sct_erc':{'read':" ERC_ON(70) ",'write':" ERC_ON(70) "}}",
     ERC_ENABLED, 70, 70},
    {"enabled 12.0s/5.0s, --log=scterc",
     "{'smartctl':{'argv':['smartctl','-j','--log=scterc','/dev/sda']}," ATA_DEV
     ",'ata_sct_erc':{'read':" ERC_ON(120) ",'write':" ERC_ON(50) "}}",
     ERC_ENABLED, 120, 50},
    {"write disabled",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda']}," ATA_DEV
     ",'ata_sct_erc':{'read':" ERC_ON(70) ",'write':" ERC_OFF "}}",
     ERC_DISABLED, 70, 0},
    {"both disabled",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda']}," ATA_DEV
     ",'ata_sct_erc':{'read':" ERC_OFF ",'write':" ERC_OFF "}}",
     ERC_DISABLED, 0, 0},
    {"unsupported: capability bit clear, -x",
     "{'smartctl':{'argv':['smartctl','-x','-j','/dev/sda']}," ATA_DEV
     ",'ata_smart_data':{'capabilities':{}},'ata_sct_capabilities':"
     "{'value':37,'error_recovery_control_supported':false}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unsupported: capability bit clear, scterc not asked",
     "{'smartctl':{'argv':['smartctl','-a','-j','/dev/sda']}," ATA_DEV
     ",'ata_sct_capabilities':"
     "{'value':37,'error_recovery_control_supported':false}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unsupported: -l scterc alone printed nothing",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda'],"
     "'exit_status':0}," ATA_DEV ",'serial_number':'S'}",
     ERC_UNSUPPORTED, -1, -1},
    {"unsupported: no SCT at all, -xj cluster",
     "{'smartctl':{'argv':['smartctl','-xj','/dev/sda']}," ATA_DEV
     ",'ata_smart_data':{'capabilities':{'values':[0,0]}}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unsupported: --json=o text line",
     "{'smartctl':{'argv':['smartctl','--json=o','-a','/dev/sda'],"
     "'output':['','SCT Error Recovery Control command not "
     "supported','']}," ATA_DEV "}",
     ERC_UNSUPPORTED, -1, -1},
    {"unknown: SCT ERC query failed (exit bit 2)",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda'],"
     "'exit_status':4}," ATA_DEV ",'serial_number':'S'}",
     ERC_UNKNOWN, -1, -1},
    {"unknown: drive locked",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda'],"
     "'exit_status':0}," ATA_DEV ",'ata_security':{'locked':true}}",
     ERC_UNKNOWN, -1, -1},
    {"unknown: supported but no result",
     "{'smartctl':{'argv':['smartctl','-x','-j','/dev/sda']}," ATA_DEV
     ",'ata_sct_capabilities':"
     "{'value':61,'error_recovery_control_supported':true}}",
     ERC_UNKNOWN, -1, -1},
    {"unknown: ATA, scterc not asked",
     "{'smartctl':{'argv':['smartctl','-a','-j','-d','sat','/dev/"
     "sda']}," ATA_DEV ",'ata_smart_data':{'capabilities':{}}}",
     ERC_UNKNOWN, -1, -1},
    {"unsupported: --xa abbreviates --xall",
     "{'smartctl':{'argv':['smartctl','--xa','--json','/dev/sda']}," ATA_DEV
     ",'ata_smart_data':{'capabilities':{}}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unknown: -dx is an argument, not -x",
     "{'smartctl':{'argv':['smartctl','-j','-dx','/dev/sda']}," ATA_DEV
     ",'ata_smart_data':{'capabilities':{}}}",
     ERC_UNKNOWN, -1, -1},
    {"unknown: timers without 'enabled'",
     "{'smartctl':{'argv':['smartctl','-j','-l','scterc','/dev/sda']}," ATA_DEV
     ",'ata_sct_erc':{'read':{'deciseconds':70},'write':{}}}",
     ERC_UNKNOWN, -1, -1},
    {"unsupported: NVMe",
     "{'smartctl':{'argv':['smartctl','-x','-j']},"
     "'device':{'type':'nvme','protocol':'NVMe'}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unsupported: SCSI",
     "{'smartctl':{'argv':['smartctl','-l','scterc']},"
     "'device':{'type':'scsi','protocol':'SCSI'}}",
     ERC_UNSUPPORTED, -1, -1},
    {"unknown: no protocol", "{'smartctl':{'argv':['smartctl','-l','scterc']}}",
     ERC_UNKNOWN, -1, -1},
};

/* A test document with ' turned into ". Caller frees. */
static char *
doc_json(const char *doc)
{
	char *json = xstrdup(doc), *p;

	for (p = json; *p != '\0'; p++) {
		if (*p == '\'')
			*p = '"';
	}
	return json;
}

static int
check_erc_case(size_t i)
{
	struct smart_info s;
	char *json = doc_json(erc_cases[i].doc), *cause = NULL;
	int ok;

	ok = parse_str(json, &s, &cause) == 0 && s.erc == erc_cases[i].erc &&
	     s.erc_read_ds == erc_cases[i].read_ds &&
	     s.erc_write_ds == erc_cases[i].write_ds;
	if (!ok)
		fprintf(stderr, "\nERC case \"%s\": got %s %d/%d (%s)\n",
		        erc_cases[i].name, disk_erc_name(s.erc), s.erc_read_ds,
		        s.erc_write_ds, cause != NULL ? cause : "parsed");
	free(cause);
	free(json);
	smart_info_clear(&s);
	return ok;
}

static void
test_erc_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof erc_cases / sizeof erc_cases[0]; i++)
		CU_ASSERT(check_erc_case(i));
}

/* SCT ERC as the real samples show it. */
static const struct {
	const char *file;
	enum erc_state erc;
	int read_ds;
	int write_ds;
} erc_files[] = {
    {"scrutiny_smart-ata-full_sat_samsung860evo_scterc.json", ERC_DISABLED, 0,
     0},
    {"telegraf_nvme.json", ERC_UNSUPPORTED, -1, -1},
    {"scrutiny_smart-nvme.json", ERC_UNSUPPORTED, -1, -1},
    {"telegraf_scsi.json", ERC_UNSUPPORTED, -1, -1},
    {"libblockdev_WDC_WD10EFRX-68PJCN0.json", ERC_UNKNOWN, -1, -1},
    {"telegraf_megaraid.json", ERC_UNKNOWN, -1, -1},
};

static void
test_erc_corpus(void)
{
	struct smart_info s;
	size_t i;

	for (i = 0; i < sizeof erc_files / sizeof erc_files[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(corpus_parse(erc_files[i].file, &s, NULL),
		                      0);
		if (s.erc != erc_files[i].erc)
			fprintf(stderr, "\n%s: erc %s\n", erc_files[i].file,
			        disk_erc_name(s.erc));
		CU_ASSERT_EQUAL(s.erc, erc_files[i].erc);
		CU_ASSERT_EQUAL(s.erc_read_ds, erc_files[i].read_ds);
		CU_ASSERT_EQUAL(s.erc_write_ds, erc_files[i].write_ds);
		smart_info_clear(&s);
	}
}

static void
test_ata_fields(void)
{
	struct smart_info s;

	CU_ASSERT_EQUAL_FATAL(
	    corpus_parse("scrutiny_smart-fail2_ata.json", &s, NULL), 0);
	CU_ASSERT_STRING_EQUAL(s.protocol, "ATA");
	CU_ASSERT_STRING_EQUAL(s.device_type, "usbjmicron");
	CU_ASSERT_STRING_EQUAL(s.model, "Hitachi HDS721050DLE630");
	CU_ASSERT_STRING_EQUAL(s.firmware, "MS1OA650");
	CU_ASSERT_PTR_NULL(s.vendor);
	CU_ASSERT_EQUAL(s.health, SMART_HEALTH_FAILED);
	CU_ASSERT_EQUAL(s.capacity, 500107862016LL);
	CU_ASSERT_EQUAL(s.power_on_hours, 65592);
	CU_ASSERT_EQUAL(s.temperature, 25);
	CU_ASSERT_EQUAL(s.reallocated, 1975);
	CU_ASSERT_EQUAL(s.pending, 8);
	CU_ASSERT_EQUAL(s.offline_uncorrectable, 0);
	CU_ASSERT_EQUAL(s.ata_attribute_count, 17);
	CU_ASSERT_EQUAL(s.nvme_media_errors, -1);
	smart_info_clear(&s);

	/* An SSD without attributes 197 and 198: those stay unknown. */
	CU_ASSERT_EQUAL_FATAL(
	    corpus_parse(
	        "scrutiny_smart-ata-full_sat_samsung860evo_scterc.json", &s,
	        NULL),
	    0);
	CU_ASSERT_EQUAL(s.reallocated, 0);
	CU_ASSERT_EQUAL(s.pending, -1);
	CU_ASSERT_EQUAL(s.offline_uncorrectable, -1);
	CU_ASSERT_EQUAL(s.ata_attribute_count, 14);
	smart_info_clear(&s);
}

static void
test_scsi_fields(void)
{
	struct smart_info s;

	/* Old smartctl: vendor, product, model_name, revision. */
	CU_ASSERT_EQUAL_FATAL(corpus_parse("telegraf_scsi.json", &s, NULL), 0);
	CU_ASSERT_STRING_EQUAL(s.model, "XXXX XX0000NM123");
	CU_ASSERT_STRING_EQUAL(s.vendor, "XXXXXXX");
	CU_ASSERT_STRING_EQUAL(s.firmware, "RSL5");
	CU_ASSERT_EQUAL(s.ata_attribute_count, 0);
	CU_ASSERT_EQUAL(s.reallocated, -1);
	smart_info_clear(&s);

	/* smartctl 7.4: the scsi_ names. */
	CU_ASSERT_EQUAL_FATAL(
	    corpus_parse("telegraf_scsi_extended.json", &s, NULL), 0);
	CU_ASSERT_STRING_EQUAL(s.model, "SEAGATE ST0000000");
	CU_ASSERT_STRING_EQUAL(s.vendor, "XYZZZZZZ");
	CU_ASSERT_STRING_EQUAL(s.firmware, "RSL5");
	CU_ASSERT_STRING_EQUAL(s.protocol, "SCSI");
	smart_info_clear(&s);
}

static void
test_nvme_fields(void)
{
	struct smart_info s;

	/* No user_capacity here: nvme_total_capacity stands in. */
	CU_ASSERT_EQUAL_FATAL(
	    corpus_parse("smartctl_exporter_INTEL_SSDPE2KX080T8_1.json", &s,
	                 NULL),
	    0);
	CU_ASSERT_STRING_EQUAL(s.protocol, "NVMe");
	CU_ASSERT_EQUAL(s.capacity, 8001563222016LL);
	CU_ASSERT_EQUAL(s.nvme_available_spare, 100);
	CU_ASSERT_EQUAL(s.nvme_percentage_used, 0);
	CU_ASSERT_EQUAL(s.nvme_critical_warning, 0);
	CU_ASSERT_EQUAL(s.nvme_media_errors, 0);
	CU_ASSERT_EQUAL(s.ata_attribute_count, 0);
	CU_ASSERT_EQUAL(s.health, SMART_HEALTH_PASSED);
	smart_info_clear(&s);
}

/* Documents that must be refused (' for "), and a word of the message. */
static const struct {
	const char *doc;
	const char *word;
} bad_docs[] = {
    {"", "no JSON"},
    {" \n\t", "no JSON"},
    {"{'smartctl':{'exit_status':0},'device':{'protocol':", "truncated"},
    {"{'smartctl':{'exit_status':0}} trailing", "data after"},
    {"{'smartctl':{'exit_status':0}}{}", "data after"},
    {"{'smartctl' 1}", "malformed"},
    {"[1,2,3]", "not a JSON object"},
    {"null", "not a JSON object"},
    {"smartctl 6.6 2016-05-31 r4324", "not a JSON object"},
    {"{}", "not smartctl"},
    {"{'smartctl':{'exit_status':2,'messages':[{'string':"
     "'Smartctl open device: /dev/sdz failed: No such device',"
     "'severity':'error'}]}}",
     "No such device"},
    {"{'smartctl':{'exit_status':1},'device':{}}", "command line"},
    {"{'smartctl':{'exit_status':2}}", "could not open"},
};

static void
check_bad_doc(size_t i)
{
	struct smart_info s;
	char *json = doc_json(bad_docs[i].doc), *cause = NULL;

	CU_ASSERT_EQUAL(parse_str(json, &s, &cause), -1);
	CU_ASSERT_EQUAL(s.valid, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	if (strstr(cause, bad_docs[i].word) == NULL)
		fprintf(stderr, "\nbad doc %zu: \"%s\"\n", i, cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, bad_docs[i].word));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.error);
	CU_ASSERT_STRING_EQUAL(s.error, cause);
	free(cause);
	free(json);
	smart_info_clear(&s);
}

static void
test_bad_documents(void)
{
	struct smart_info s;
	size_t i;

	for (i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++)
		check_bad_doc(i);
	/* cause may be NULL; the message still lands in s.error. */
	CU_ASSERT_EQUAL(parse_str("{", &s, NULL), -1);
	CU_ASSERT_PTR_NOT_NULL(s.error);
	smart_info_clear(&s);
}

static void
test_partial_document(void)
{
	struct smart_info s;
	char *json =
	    doc_json("{'device':{'protocol':'ATA'},'model_name':'a\\u001bb',"
	             "'serial_number':'','temperature':{'current':'hot'},"
	             "'smart_status':{'passed':null},'ata_smart_attributes':"
	             "{'table':[{'id':5},7,{'id':197,'raw':{'value':3}}]}}");

	CU_ASSERT_EQUAL_FATAL(parse_str(json, &s, NULL), 0);
	CU_ASSERT_EQUAL(s.valid, 1);
	CU_ASSERT_STRING_EQUAL(s.model, "a?b");
	CU_ASSERT_PTR_NULL(s.serial);
	CU_ASSERT_PTR_NULL(s.firmware);
	CU_ASSERT_EQUAL(s.temperature, -1);
	CU_ASSERT_EQUAL(s.capacity, -1);
	CU_ASSERT_EQUAL(s.health, SMART_HEALTH_UNKNOWN);
	CU_ASSERT_EQUAL(s.erc, ERC_UNKNOWN);
	CU_ASSERT_EQUAL(s.reallocated, -1);
	CU_ASSERT_EQUAL(s.pending, 3);
	CU_ASSERT_EQUAL(s.ata_attribute_count, 3);
	smart_info_clear(&s);
	free(json);
}

/* Every corpus file cut short at many lengths: 0 or -1, never a crash. The
 * prefix is copied to an exact-size buffer so ASan sees any over-read. */
static void
check_truncations(const char *name)
{
	struct smart_info s;
	char *data, *cut, *cause = NULL;
	size_t len, at, step;
	int rc;

	data = corpus_read(name, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	step = len / 61 + 1;
	for (at = 0; at <= len; at += (at + 3 >= len ? 1 : step)) {
		cut = xmalloc(at + 1);
		memcpy(cut, data, at);
		memset(&s, 0, sizeof s);
		rc = smart_json_parse(cut, at, &s, &cause);
		CU_ASSERT(rc == 0 || rc == -1);
		CU_ASSERT_EQUAL(s.valid, rc == 0);
		CU_ASSERT_EQUAL(cause != NULL, rc == -1);
		free(cause);
		cause = NULL;
		smart_info_clear(&s);
		free(cut);
	}
	free(data);
}

static void
test_truncated_corpus(void)
{
	char **names;
	size_t i, n = corpus_list(&names);

	for (i = 0; i < n; i++)
		check_truncations(names[i]);
	string_list_free(names, n);
}

static void
test_names(void)
{
	CU_ASSERT_STRING_EQUAL(disk_erc_name(ERC_UNKNOWN), "unknown");
	CU_ASSERT_STRING_EQUAL(disk_erc_name(ERC_UNSUPPORTED), "unsupported");
	CU_ASSERT_STRING_EQUAL(disk_erc_name(ERC_DISABLED), "disabled");
	CU_ASSERT_STRING_EQUAL(disk_erc_name(ERC_ENABLED), "enabled");
	CU_ASSERT_STRING_EQUAL(disk_health_name(SMART_HEALTH_UNKNOWN), "-");
	CU_ASSERT_STRING_EQUAL(disk_health_name(SMART_HEALTH_PASSED),
	                       "PASSED");
	CU_ASSERT_STRING_EQUAL(disk_health_name(SMART_HEALTH_FAILED),
	                       "FAILED");
}

/* How a run of smartctl ended, and what the panel must say about it. */
static const struct {
	const char *file; /* corpus name, or fixture path with a '/' */
	int exit_status;
	int signo;
	int rc;
	int valid;
	enum smart_health health;
	const char *error; /* NULL: none */
} run_cases[] = {
    /* A whole document, exit 0: no note. */
    {"libblockdev_WDC_WD10EFRX-68PJCN0.json", 0, 0, 0, 1,
     SMART_HEALTH_PASSED, NULL},
    /* A whole document, yet exit 137: said, bit by bit. */
    {"libblockdev_WDC_WD10EFRX-68PJCN0.json", 137, 0, 0, 1,
     SMART_HEALTH_PASSED,
     "smartctl exit status 137: the command line did not parse; SMART "
     "status DISK FAILING; the self-test log has errors"},
    {"libblockdev_WDC_WD10EFRX-68PJCN0.json", 4, 0, 0, 1,
     SMART_HEALTH_PASSED,
     "smartctl exit status 4: a SMART or other command to the disk failed, "
     "or a SMART data structure had a bad checksum"},
    /* Killed after a whole document: still killed. */
    {"libblockdev_WDC_WD10EFRX-68PJCN0.json", 137, 9, -1, 0,
     SMART_HEALTH_UNKNOWN, "smartctl killed by signal 9 (SIGKILL)"},
    /* Killed midway: not "JSON truncated". */
    {"smartctl-exit/killed-midway.json", 143, 15, -1, 0,
     SMART_HEALTH_UNKNOWN, "smartctl killed by signal 15 (SIGTERM)"},
    {"smartctl-exit/killed-midway.json", 0, 64, -1, 0,
     SMART_HEALTH_UNKNOWN, "smartctl killed by signal 64"},
    /* Cut short but exited: truncated, with what the status says. */
    {"smartctl-exit/killed-midway.json", 0, 0, -1, 0, SMART_HEALTH_UNKNOWN,
     "smartctl JSON truncated after 1200 bytes"},
    {"smartctl-exit/killed-midway.json", 2, 0, -1, 0, SMART_HEALTH_UNKNOWN,
     "smartctl JSON truncated after 1200 bytes (smartctl exit status 2: "
     "the device did not open, did not identify itself, or is in a "
     "low-power mode)"},
    /* The document's own status: its failure message is not doubled. */
    {"libblockdev_02_exit_err.json", 2, 0, -1, 0, SMART_HEALTH_UNKNOWN,
     NULL},
    /* The sample's own exit status 216 is noted though the process said 0. */
    {"sysroot-disks/smartctl/sdb.json", 0, 0, 0, 1, SMART_HEALTH_FAILED,
     "smartctl exit status 216: SMART status DISK FAILING; prefail "
     "attributes at or below their threshold; the device error log has "
     "errors; the self-test log has errors"},
};

static char *
run_case_read(const char *file, size_t *len)
{
	char *path, *data;

	if (strchr(file, '/') == NULL)
		return corpus_read(file, len);
	path = unit_fixture_path(file);
	data = unit_read_file(path, len);
	free(path);
	return data;
}

static void
test_parse_run(void)
{
	struct smart_info s;
	char *data, *cause;
	size_t len, i;
	int rc;

	for (i = 0; i < sizeof run_cases / sizeof run_cases[0]; i++) {
		data = run_case_read(run_cases[i].file, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		memset(&s, 0, sizeof s);
		cause = NULL;
		rc = smart_json_parse_run(data, len, run_cases[i].exit_status,
		                          run_cases[i].signo, &s, &cause);
		if (rc != run_cases[i].rc || s.valid != run_cases[i].valid ||
		    s.health != run_cases[i].health ||
		    (run_cases[i].error != NULL &&
		     (s.error == NULL ||
		      strcmp(s.error, run_cases[i].error) != 0)) ||
		    (run_cases[i].error == NULL && rc == 0 && s.error != NULL))
			fprintf(stderr, "\nrun case %zu (%s, %d, %d): rc %d "
			        "valid %d health %d error %s\n", i,
			        run_cases[i].file, run_cases[i].exit_status,
			        run_cases[i].signo, rc, s.valid, s.health,
			        s.error != NULL ? s.error : "(none)");
		CU_ASSERT_EQUAL(rc, run_cases[i].rc);
		CU_ASSERT_EQUAL(s.valid, run_cases[i].valid);
		CU_ASSERT_EQUAL(s.health, run_cases[i].health);
		if (run_cases[i].error != NULL) {
			CU_ASSERT_PTR_NOT_NULL(s.error);
			if (s.error != NULL)
				CU_ASSERT_STRING_EQUAL(s.error,
				                       run_cases[i].error);
		} else if (rc == 0)
			CU_ASSERT_PTR_NULL(s.error);
		if (rc != 0) {
			CU_ASSERT_PTR_NOT_NULL(cause);
			if (cause != NULL && s.error != NULL)
				CU_ASSERT_STRING_EQUAL(cause, s.error);
		}
		free(cause);
		free(data);
		smart_info_clear(&s);
	}
}

static void
test_exit_status_text(void)
{
	char *t;

	CU_ASSERT_PTR_NULL(smart_exit_status_text(0));
	CU_ASSERT_PTR_NULL(smart_exit_status_text(-1));
	CU_ASSERT_PTR_NULL(smart_exit_status_text(256));
	t = smart_exit_status_text(255);
	CU_ASSERT_STRING_EQUAL(t, "smartctl exit status 255: the command "
	    "line did not parse; the device did not open, did not identify "
	    "itself, or is in a low-power mode; a SMART or other command to "
	    "the disk failed, or a SMART data structure had a bad checksum; "
	    "SMART status DISK FAILING; prefail attributes at or below their "
	    "threshold; attributes at or below their threshold in the past; "
	    "the device error log has errors; the self-test log has errors");
	free(t);
	t = smart_exit_status_text(32);
	CU_ASSERT_STRING_EQUAL(t, "smartctl exit status 32: attributes at or "
	    "below their threshold in the past");
	free(t);
}

UNIT_SUITE("smart-json", add_tests)

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "every corpus file parses or fails", test_corpus_all);
	CU_add_test(s, "corpus matches EXPECTED.tsv", test_corpus_expected);
	CU_add_test(s, "SCT ERC mapping, inline cases", test_erc_cases);
	CU_add_test(s, "SCT ERC in corpus samples", test_erc_corpus);
	CU_add_test(s, "ATA fields", test_ata_fields);
	CU_add_test(s, "SCSI fields and fallbacks", test_scsi_fields);
	CU_add_test(s, "NVMe fields", test_nvme_fields);
	CU_add_test(s, "bad documents fail with a message", test_bad_documents);
	CU_add_test(s, "partial document", test_partial_document);
	CU_add_test(s, "truncated corpus never crashes", test_truncated_corpus);
	CU_add_test(s, "state names", test_names);
	CU_add_test(s, "how the run ended", test_parse_run);
	CU_add_test(s, "exit status bits in words", test_exit_status_text);
}
