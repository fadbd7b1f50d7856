/* Parsing `mdadm --examine DEVICE` output: one member's superblock. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdadm-examine.h"
#include "strutil.h"
#include "xmalloc.h"

#define SHOWN_MAX 60
#define NAME_MAX_LEN 32   /* the 1.x superblock's set_name */
#define ROLE_MAX_LEN 40
#define DEVICES_MAX 4096  /* far above what any metadata holds */
#define WORDS_MAX 8       /* state words on a 0.90 "this" row */

static const char *const wday_names[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* The index of s in names, or -1. */
static int
name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return i;
	}
	return -1;
}

/* Digits only (1 to max of them), no sign, no space. */
static int
digits_ok(const char *s, size_t max, long long *out)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || strspn(s, "0123456789") != n)
		return 0;
	return parse_ll(s, out) == 0;
}

/* Printable ASCII, 1 to max bytes: values end on a terminal and in JSON. */
static int
printable_ok(const char *v, size_t max)
{
	size_t n = strlen(v), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] < 0x20 || v[i] > 0x7e)
			return 0;
	}
	return 1;
}

/* Split s in place at runs of spaces into at most max words; the count,
 * or max + 1 when there were more. */
static size_t
split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return n;
		if (n == max)
			return max + 1;
		words[n++] = s;
		s += strcspn(s, " ");
		if (*s != '\0')
			*s++ = '\0';
	}
}

/* "HH:MM:SS" into tm. */
static int
clock_ok(const char *s, struct tm *tm)
{
	long long h, m, sec;
	char part[3] = "";

	if (strlen(s) != 8 || s[2] != ':' || s[5] != ':')
		return 0;
	memcpy(part, s, 2);
	if (!digits_ok(part, 2, &h))
		return 0;
	memcpy(part, s + 3, 2);
	if (!digits_ok(part, 2, &m))
		return 0;
	memcpy(part, s + 6, 2);
	if (!digits_ok(part, 2, &sec) || h > 23 || m > 59 || sec > 60)
		return 0;
	tm->tm_hour = (int)h;
	tm->tm_min = (int)m;
	tm->tm_sec = (int)sec;
	return 1;
}

int
mdadm_ctime_parse(const char *s, long long *out)
{
	char copy[40], *w[5];
	long long mday, year;
	struct tm tm;
	int wday, mon;
	time_t t;

	if (strlen(s) >= sizeof copy)
		return -1;
	strcpy(copy, s);
	memset(&tm, 0, sizeof tm);
	if (split_words(copy, w, 5) != 5 ||
	    (wday = name_index(wday_names, 7, w[0])) < 0 ||
	    (mon = name_index(month_names, 12, w[1])) < 0 ||
	    !digits_ok(w[2], 2, &mday) || mday < 1 || mday > 31 ||
	    !clock_ok(w[3], &tm) || !digits_ok(w[4], 4, &year) ||
	    year < 1970)
		return -1;
	tm.tm_mday = (int)mday;
	tm.tm_mon = mon;
	tm.tm_year = (int)year - 1900;
	/* mdadm runs with TZ=UTC0 (run_argv, and the SSH transport on the
	 * far side): its times are UTC, wherever the host is. */
	t = timegm(&tm);
	/* timegm moves Feb 30 to March: a date that does not exist, or a
	 * weekday that does not match it, is not mdadm's. */
	if (tm.tm_mday != (int)mday || tm.tm_mon != mon || tm.tm_wday != wday)
		return -1;
	*out = t < 0 ? -1 : (long long)t;
	return 0;
}

/* Cut mdadm's "  (local to host H)" off v (in place). */
static void
drop_local_remark(char *v)
{
	char *p = strstr(v, " (local to host ");
	size_t n = strlen(v);

	if (p != NULL && n > 0 && v[n - 1] == ')') {
		*p = '\0';
		str_trim(v);
	}
}

/* 1.x "Device Role": "Active device 0" holds role 0. */
static int
take_role(struct md_super *s, const char *v)
{
	long long n;

	if (!printable_ok(v, ROLE_MAX_LEN))
		return -1;
	free(s->role);
	s->role = xstrdup(v);
	s->role_slot = -1;
	if (strncmp(v, "Active device ", 14) == 0) {
		if (!digits_ok(v + 14, 4, &n) || n >= DEVICES_MAX)
			return -1;
		s->role_slot = (int)n;
	}
	return 0;
}

/*
 * 0.90's own row of the device table, after "this":
 * "    0       8       17        0      active sync   /dev/sdb1": number,
 * major, minor, RaidDevice, the state words, the device if mdadm found
 * it. Read as the 1.x words say it: "Active device N" for an active, in
 * sync member in RaidDevice N, else "faulty", else the words ("spare").
 */
static int
take_this_row(struct md_super *s, char *rest)
{
	static const char *const known[] = {
		"faulty", "active", "sync", "removed", "write-mostly",
		"failfast", "spare"
	};
	char *w[4 + WORDS_MAX + 1], *words;
	size_t n = split_words(rest, w, 4 + WORDS_MAX + 1), i, k;
	int faulty = 0, active = 0, sync = 0;
	long long num[4];

	if (n < 5 || n > 4 + WORDS_MAX + 1)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!digits_ok(w[i], 10, &num[i]))
			return -1;
	}
	if (w[n - 1][0] == '/')
		n--;
	if (n == 4 || num[3] >= DEVICES_MAX)
		return -1;
	for (i = 4; i < n; i++) {
		if (name_index(known, 7, w[i]) < 0)
			return -1;
		faulty |= strcmp(w[i], "faulty") == 0;
		active |= strcmp(w[i], "active") == 0;
		sync |= strcmp(w[i], "sync") == 0;
	}
	free(s->role);
	s->role_slot = -1;
	if (faulty)
		s->role = xstrdup("faulty");
	else if (active && sync) {
		s->role = xasprintf("Active device %lld", num[3]);
		s->role_slot = (int)num[3];
	} else {
		words = str_join(w + 4, n - 4, " ");
		k = strlen(words);
		s->role = k <= ROLE_MAX_LEN ? words : NULL;
		if (s->role == NULL) {
			free(words);
			return -1;
		}
	}
	return 0;
}

static int
take_level(struct md_super *s, const char *v)
{
	size_t n = strlen(v);

	if (strcmp(v, "-unknown-") == 0)
		return 0;
	if (n == 0 || n > 16 ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return -1;
	free(s->level);
	s->level = xstrdup(v);
	return 0;
}

static int
take_uuid(struct md_super *s, char *v)
{
	drop_local_remark(v);
	if (s->uuid != NULL || !md_uuid_is_mdadm(v))
		return -1;
	s->uuid = xstrdup(v);
	return 0;
}

static int
take_name(struct md_super *s, char *v)
{
	drop_local_remark(v);
	if (*v == '\0')
		return 0;
	if (!printable_ok(v, NAME_MAX_LEN))
		return -1;
	free(s->name);
	s->name = xstrdup(v);
	return 0;
}

/* One "KEY : VALUE" line; v is trimmed. 0 (used or skipped) or -1. */
static int
take_pair(struct md_super *s, const char *key, char *v)
{
	long long n;

	if (strcmp(key, "Array UUID") == 0 || strcmp(key, "UUID") == 0)
		return take_uuid(s, v);
	if (strcmp(key, "Name") == 0)
		return take_name(s, v);
	if (strcmp(key, "Raid Level") == 0)
		return take_level(s, v);
	if (strcmp(key, "Raid Devices") == 0) {
		if (!digits_ok(v, 10, &n) || n > DEVICES_MAX)
			return -1;
		s->devices = (int)n;
	} else if (strcmp(key, "Events") == 0) {
		if (!digits_ok(v, 20, &s->events))
			return -1;
	} else if (strcmp(key, "Creation Time") == 0) {
		return mdadm_ctime_parse(v, &s->creation_time);
	} else if (strcmp(key, "Update Time") == 0) {
		return mdadm_ctime_parse(v, &s->update_time);
	} else if (strcmp(key, "Device Role") == 0)
		return take_role(s, v);
	return 0;
}

/* Line n (1-based): 0, or -1 with *cause. */
static int
parse_line(struct md_super *s, char *line, size_t n, char **cause)
{
	char *start = str_trim(line), *copy, *colon, *shown;
	int rc;

	if (strncmp(start, "this ", 5) != 0 && strchr(start, ':') == NULL)
		return 0;
	copy = xstrdup(start);
	if (strncmp(start, "this ", 5) == 0)
		rc = take_this_row(s, start + 5);
	else {
		colon = strchr(start, ':');
		*colon = '\0';
		rc = take_pair(s, str_trim(start), str_trim(colon + 1));
	}
	if (rc != 0) {
		shown = str_shown(copy, SHOWN_MAX);
		set_cause(cause, "line %zu: malformed '%s'", n, shown);
		free(shown);
	}
	free(copy);
	return rc;
}

int
mdadm_examine_parse(const char *text, struct md_super *out, char **cause)
{
	char *copy = xstrdup(text), **lines;
	size_t n = split_lines(copy, &lines), i;
	int rc = 0;

	md_super_init(out);
	for (i = 0; i < n && rc == 0; i++)
		rc = parse_line(out, lines[i], i + 1, cause);
	if (rc == 0 && out->uuid == NULL) {
		set_cause(cause, "no UUID: no superblock was read");
		rc = -1;
	}
	if (rc != 0)
		md_super_clear(out);
	free(lines);
	free(copy);
	return rc;
}
