/* Parsing /proc/mdstat into the RAID model, and procfs's figures from it. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mdstat.h"
#include "strutil.h"
#include "xmalloc.h"

/* How much of a bad token an error message quotes. */
#define SHOWN_MAX 40
/* Larger counts of disks or indexes are nonsense, not arrays. */
#define MDSTAT_MAX_DISKS 100000
#define WHITE " \t\r"

/* Where the parse is. */
struct mdstat_parser {
	struct md_array *arrays;
	size_t count;
	struct md_array *cur;  /* the array whose lines follow, or NULL */
	int have_blocks;       /* cur's "N blocks" line was seen */
	char *personalities;
	size_t line;           /* 1-based */
	char *error;
};

/* --- errors -------------------------------------------------------------- */

static int
mdstat_fail(struct mdstat_parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Note the first error, with its line number. Returns -1. */
static int
mdstat_fail(struct mdstat_parser *ps, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (ps->error != NULL)
		return -1;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	ps->error = xasprintf("line %zu: %s", ps->line, msg);
	free(msg);
	return -1;
}

/* --- small parsers ------------------------------------------------------- */

/* A run of digits at *pp, at most max; advances *pp. */
static int
take_count(const char **pp, long long max, long long *out)
{
	const char *p = *pp;
	long long v = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (max - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*pp = p;
	*out = v;
	return 0;
}

/* A whole token of digits, at most max. */
static int
token_count(const char *s, long long max, long long *out)
{
	return take_count(&s, max, out) == 0 && *s == '\0' ? 0 : -1;
}

/* A decimal like "8.5", "17", "0.2" at *pp; no sign, exponent or hex. */
static int
take_decimal(const char **pp, double *out)
{
	const char *p = *pp;
	double v = 0, scale = 1;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > 1e15)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		for (; isdigit((unsigned char)*p); p++) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
	}
	*pp = p;
	*out = v;
	return 0;
}

static const char *
skip_white(const char *p)
{
	return p + strspn(p, WHITE);
}

static int
is_blank(const char *s)
{
	return s[strspn(s, WHITE)] == '\0';
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* --- the progress line --------------------------------------------------- */

static int
progress_action_known(const char *action)
{
	static const char *const actions[] = { "resync", "recovery", "check",
		"repair", "reshape" };
	size_t i;

	for (i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		if (strcmp(action, actions[i]) == 0)
			return 1;
	}
	return 0;
}

/* "[=>....]" at *pp. */
static int
progress_bar(const char **pp)
{
	const char *p = skip_white(*pp);

	if (*p != '[')
		return -1;
	p++;
	p += strspn(p, "=>.");
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return 0;
}

/* "recovery =  8.5% (16775552/195310144)" at *pp. */
static int
progress_figures(const char **pp, struct md_progress *p, char **cause)
{
	const char *s = skip_white(*pp), *start = s;

	while (islower((unsigned char)*s))
		s++;
	p->action = xstrndup(start, (size_t)(s - start));
	if (!progress_action_known(p->action)) {
		set_cause(cause, "unknown action");
		return -1;
	}
	s = skip_white(s);
	if (*s++ != '=')
		return -1;
	s = skip_white(s);
	if (take_decimal(&s, &p->percent) != 0 || *s++ != '%' ||
	    p->percent > 100)
		return -1;
	s = skip_white(s);
	if (*s++ != '(' || take_count(&s, LLONG_MAX, &p->done) != 0 ||
	    *s++ != '/' || take_count(&s, LLONG_MAX, &p->total) != 0 ||
	    *s++ != ')')
		return -1;
	*pp = s;
	return 0;
}

/* The optional "finish=17.0min" and "speed=259783K/sec" words. */
static int
progress_rates(const char *s, struct md_progress *p)
{
	s = skip_white(s);
	if (starts_with(s, "finish=")) {
		s += 7;
		if (take_decimal(&s, &p->finish) != 0 || !starts_with(s, "min"))
			return -1;
		s = skip_white(s + 3);
	}
	if (starts_with(s, "speed=")) {
		s += 6;
		if (take_count(&s, LLONG_MAX, &p->speed) != 0 ||
		    !starts_with(s, "K/sec"))
			return -1;
		s = skip_white(s + 5);
	}
	return *s == '\0' ? 0 : -1;
}

int
mdstat_parse_progress(const char *line, struct md_progress *p, char **cause)
{
	const char *s = line;
	char *bad = NULL;

	md_progress_clear(p);
	if (progress_bar(&s) != 0)
		bad = xstrdup("no [=>...] bar");
	else if (progress_figures(&s, p, &bad) != 0) {
		if (bad == NULL)
			bad = xstrdup("expected 'ACTION = P% (DONE/TOTAL)'");
	} else if (progress_rates(s, p) != 0)
		bad = xstrdup("malformed finish= or speed=");
	if (bad != NULL) {
		char *what = str_shown(skip_white(line), SHOWN_MAX);

		set_cause(cause, "progress line '%s': %s", what, bad);
		free(what);
		free(bad);
		md_progress_clear(p);
		return -1;
	}
	p->valid = 1;
	return 0;
}

/* --- the array line ------------------------------------------------------ */

static unsigned
member_flag(char c)
{
	switch (c) {
	case 'W':
		return MD_MEMBER_WRITE_MOSTLY;
	case 'J':
		return MD_MEMBER_JOURNAL;
	case 'F':
		return MD_MEMBER_FAULTY;
	case 'S':
		return MD_MEMBER_SPARE;
	case 'R':
		return MD_MEMBER_REPLACEMENT;
	}
	return 0;
}

/* "sdb2[2](F)": name, descriptor index, flags. -1 for a malformed token,
 * -2 for a name that is not a kernel device name (md_name_valid). */
static int
parse_member(struct mdstat_parser *ps, const char *tok)
{
	const char *open = strchr(tok, '['), *p;
	struct md_member *m;
	unsigned state = 0, bit;
	long long index;
	char *name;

	if (open == NULL || open == tok)
		return -1;
	p = open + 1;
	if (take_count(&p, MDSTAT_MAX_DISKS, &index) != 0 || *p++ != ']')
		return -1;
	while (*p == '(') {
		bit = member_flag(p[1]);
		if (bit == 0 || p[2] != ')')
			return -1;
		state |= bit;
		p += 3;
	}
	if (*p != '\0')
		return -1;
	name = xstrndup(tok, (size_t)(open - tok));
	if (!md_name_valid(name)) {
		free(name);
		return -2;
	}
	m = md_array_add_member(ps->cur, name);
	free(name);
	m->index = (int)index;
	m->state = state;
	m->disk = md_disk_from_name(m->name);
	return 0;
}

/* The words after "NAME : ": state, read-only flags, level, members. */
static int
parse_array_words(struct mdstat_parser *ps, char **save)
{
	struct md_array *a = ps->cur;
	char *tok, *what;
	int rc = 0;

	while ((tok = strtok_r(NULL, WHITE, save)) != NULL) {
		if (strcmp(tok, "(read-only)") == 0 ||
		    strcmp(tok, "(auto-read-only)") == 0) {
			if (a->inactive || a->level != NULL ||
			    a->member_count > 0)
				break;
			free(a->array_state);
			a->array_state = xstrdup(tok[1] == 'r' ? "readonly" :
			    "read-auto");
		} else if (strcmp(tok, "super") == 0) {
			/* No members, so no "blocks" line: it is here. */
			if ((tok = strtok_r(NULL, WHITE, save)) == NULL)
				break;
			free(a->metadata);
			a->metadata = xstrdup(tok);
		} else if (strchr(tok, '[') == NULL && a->level == NULL &&
		    a->member_count == 0 && tok[0] != '(') {
			a->level = xstrdup(tok);
		} else if ((rc = parse_member(ps, tok)) != 0)
			break;
	}
	if (tok == NULL)
		return 0;
	what = str_shown(tok, SHOWN_MAX);
	if (rc == -2)
		mdstat_fail(ps, "%s: member '%s' does not have a kernel device "
		    "name", a->name, what);
	else
		mdstat_fail(ps, "%s: '%s' is not a member (name[N] with (W), "
		    "(J), (F), (S) or (R) flags)", a->name, what);
	free(what);
	return -1;
}

static struct md_array *
add_array(struct mdstat_parser *ps, const char *name)
{
	struct md_array *a;

	ps->arrays = xreallocarray(ps->arrays, ps->count + 1,
	    sizeof *ps->arrays);
	a = &ps->arrays[ps->count++];
	md_array_init(a, name);
	return a;
}

static int
array_listed(const struct mdstat_parser *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->count; i++) {
		if (strcmp(ps->arrays[i].name, name) == 0)
			return 1;
	}
	return 0;
}

/* "md6 : active raid1 sdb2[2](F) sdc[1](S) sda2[0]" */
static int
parse_array_line(struct mdstat_parser *ps, char *line)
{
	char *save = NULL, *name, *colon, *state, *what = str_shown(line, SHOWN_MAX);

	name = strtok_r(line, WHITE, &save);
	colon = strtok_r(NULL, WHITE, &save);
	state = strtok_r(NULL, WHITE, &save);
	if (name == NULL || colon == NULL || strcmp(colon, ":") != 0 ||
	    state == NULL || (strcmp(state, "active") != 0 &&
	    strcmp(state, "inactive") != 0)) {
		mdstat_fail(ps, "'%s' is not 'NAME : active|inactive ...'",
		    what);
		free(what);
		return -1;
	}
	if (!md_name_valid(name)) {
		mdstat_fail(ps, "'%s' does not start with a kernel device "
		    "name", what);
		free(what);
		return -1;
	}
	free(what);
	if (array_listed(ps, name))
		return mdstat_fail(ps, "%s is listed twice", name);
	ps->cur = add_array(ps, name);
	ps->have_blocks = 0;
	ps->cur->inactive = state[0] == 'i';
	ps->cur->array_state = xstrdup(state);
	return parse_array_words(ps, &save);
}

/* --- the lines below it -------------------------------------------------- */

static int
level_is(const struct md_array *a, const char *level)
{
	return a->level != NULL && strcmp(a->level, level) == 0;
}

/* "[2/1]" then "[U_]". */
static int
parse_disk_counts(struct md_array *a, const char *counts, const char *status)
{
	const char *p = counts + 1;
	long long n, m;
	size_t len;
	char *roles;

	if (take_count(&p, MDSTAT_MAX_DISKS, &n) != 0 || *p++ != '/' ||
	    take_count(&p, MDSTAT_MAX_DISKS, &m) != 0 || strcmp(p, "]") != 0)
		return -1;
	if (status == NULL || status[0] != '[')
		return -1;
	len = strlen(status);
	if (len < 3 || status[len - 1] != ']' ||
	    strspn(status + 1, "U_") != len - 2)
		return -1;
	a->raid_disks = (int)n;
	a->active_disks = (int)m;
	a->degraded = n >= m ? (int)(n - m) : 0;
	roles = xstrndup(status + 1, len - 2);
	md_array_missing_from_status(a, roles);
	free(roles);
	return 0;
}

/* "64k" before "chunk," or "chunks": the chunk size. */
static void
parse_chunk(struct md_array *a, const char *tok, const char *next)
{
	size_t len = strlen(tok);
	long long kib;
	char *digits;

	if (next == NULL || (strcmp(next, "chunk,") != 0 &&
	    strcmp(next, "chunks") != 0 && strcmp(next, "chunk") != 0))
		return;
	if (len < 2 || (tok[len - 1] != 'k' && tok[len - 1] != 'K'))
		return;
	digits = xstrndup(tok, len - 1);
	if (token_count(digits, LLONG_MAX / 1024, &kib) == 0 && kib > 0)
		a->chunk = kib * 1024;
	free(digits);
}

/* Members count as the roles of raid0 and linear, which show no [n/m]. */
static void
striped_roles(struct md_array *a)
{
	size_t i;
	int n = 0;

	if (a->inactive || a->raid_disks >= 0 ||
	    (!level_is(a, "raid0") && !level_is(a, "linear")))
		return;
	for (i = 0; i < a->member_count; i++) {
		if ((a->members[i].state & (MD_MEMBER_FAULTY |
		    MD_MEMBER_SPARE)) == 0)
			n++;
	}
	a->raid_disks = n;
	a->active_disks = n;
	a->degraded = 0;
}

/* "5853468288 blocks super 1.2 level 6, 64k chunk, algorithm 2 [8/8]
 * [UUUUUUUU]" */
static int
parse_blocks_line(struct mdstat_parser *ps, char *line)
{
	struct md_array *a = ps->cur;
	char *save = NULL, *tok, *next, *what = str_shown(line, SHOWN_MAX);
	long long blocks;

	tok = strtok_r(line, WHITE, &save);
	next = strtok_r(NULL, WHITE, &save);
	if (tok == NULL || token_count(tok, LLONG_MAX / 1024, &blocks) != 0 ||
	    next == NULL || strcmp(next, "blocks") != 0) {
		mdstat_fail(ps, "%s: '%s' is not 'N blocks ...'", a->name,
		    what);
		free(what);
		return -1;
	}
	free(what);
	a->size = blocks * 1024;
	ps->have_blocks = 1;
	for (tok = strtok_r(NULL, WHITE, &save); tok != NULL; tok = next) {
		next = strtok_r(NULL, WHITE, &save);
		if (strcmp(tok, "super") == 0 && next != NULL) {
			free(a->metadata);
			a->metadata = xstrdup(next);
			next = strtok_r(NULL, WHITE, &save);
		} else if (tok[0] == '[' && strchr(tok, '/') != NULL) {
			if (parse_disk_counts(a, tok, next) != 0)
				return mdstat_fail(ps, "%s: malformed "
				    "'[n/m] [U_]' disk counts", a->name);
			next = strtok_r(NULL, WHITE, &save);
		} else
			parse_chunk(a, tok, next);
	}
	striped_roles(a);
	free(a->container);
	a->container = md_container_from_metadata(a->metadata);
	return 0;
}

/* "resync=DELAYED", "resync=PENDING" (and "resync=REMOTE" on a cluster). */
static int
parse_resync_state(struct mdstat_parser *ps, const char *s)
{
	struct md_progress *p = &ps->cur->progress;
	const char *state = s + strlen("resync=");
	char *what;

	if (strcmp(state, "DELAYED") != 0 && strcmp(state, "PENDING") != 0 &&
	    strcmp(state, "REMOTE") != 0) {
		what = str_shown(s, SHOWN_MAX);
		mdstat_fail(ps, "%s: unknown resync state '%s'",
		    ps->cur->name, what);
		free(what);
		return -1;
	}
	md_progress_clear(p);
	p->action = xstrdup("resync");
	p->delayed = state[0] == 'D' || state[0] == 'R';
	p->pending = state[0] == 'P';
	return 0;
}

/* "bitmap: 35/84 pages [140KB], 65536KB chunk[, file: /path]" */
static void
parse_bitmap(struct md_array *a, const char *s)
{
	free(a->bitmap);
	a->bitmap = xstrdup(strstr(s, ", file:") != NULL ? "file" :
	    "internal");
}

/* An indented line under an array. */
static int
parse_more(struct mdstat_parser *ps, char *line)
{
	char *s = str_trim(line), *cause = NULL;

	if (ps->cur == NULL)
		return mdstat_fail(ps, "indented line outside any array");
	if (!ps->have_blocks)
		return parse_blocks_line(ps, s);
	if (s[0] == '[') {
		if (mdstat_parse_progress(s, &ps->cur->progress, &cause) == 0)
			return 0;
		mdstat_fail(ps, "%s: %s", ps->cur->name, cause);
		free(cause);
		return -1;
	}
	if (starts_with(s, "resync="))
		return parse_resync_state(ps, s);
	if (starts_with(s, "bitmap:"))
		parse_bitmap(ps->cur, s);
	return 0;
}

/* --- the whole file ------------------------------------------------------ */

/* A blank line or a new section ends the current array. */
static int
close_array(struct mdstat_parser *ps)
{
	struct md_array *a = ps->cur;

	ps->cur = NULL;
	if (a == NULL || ps->have_blocks)
		return 0;
	if (!a->inactive || a->member_count > 0)
		return mdstat_fail(ps, "%s: no 'N blocks' line after its array "
		    "line", a->name);
	return 0;
}

/* "Personalities : [raid1] [raid6] [raid5] [raid4]" */
static int
parse_personalities(struct mdstat_parser *ps, char *line)
{
	char *colon = strchr(line, ':'), *save = NULL, *tok;
	size_t len;
	struct buf b = {0};

	if (colon == NULL)
		return mdstat_fail(ps, "Personalities line without ':'");
	for (tok = strtok_r(colon + 1, WHITE, &save); tok != NULL;
	    tok = strtok_r(NULL, WHITE, &save)) {
		len = strlen(tok);
		if (len < 3 || tok[0] != '[' || tok[len - 1] != ']') {
			buf_free(&b);
			return mdstat_fail(ps, "malformed personality");
		}
		if (b.len > 0)
			buf_addstr(&b, " ");
		buf_add(&b, tok + 1, len - 2);
	}
	free(ps->personalities);
	ps->personalities = b.data;
	return 0;
}

static int
parse_line(struct mdstat_parser *ps, char *line)
{
	if (is_blank(line))
		return close_array(ps);
	if (isspace((unsigned char)line[0]))
		return parse_more(ps, line);
	if (close_array(ps) != 0)
		return -1;
	if (starts_with(line, "Personalities"))
		return parse_personalities(ps, line);
	if (starts_with(line, "unused devices") ||
	    starts_with(line, "read_ahead"))
		return 0;
	return parse_array_line(ps, line);
}

static void
parser_free_arrays(struct mdstat_parser *ps)
{
	size_t i;

	for (i = 0; i < ps->count; i++)
		md_array_clear(&ps->arrays[i]);
	free(ps->arrays);
	ps->arrays = NULL;
	ps->count = 0;
}

int
mdstat_parse(const char *text, struct md_snapshot *out, char **cause)
{
	struct mdstat_parser ps;
	char *copy = xstrdup(text), **lines;
	size_t n = split_lines(copy, &lines), i;
	int rc = 0;

	memset(&ps, 0, sizeof ps);
	for (i = 0; i < n && rc == 0; i++) {
		ps.line = i + 1;
		rc = parse_line(&ps, lines[i]);
	}
	ps.line = n + 1;
	if (rc == 0)
		rc = close_array(&ps);
	free(lines);
	free(copy);
	if (rc != 0) {
		parser_free_arrays(&ps);
		free(ps.personalities);
		set_cause(cause, "%s", ps.error);
		free(ps.error);
		return -1;
	}
	out->arrays = ps.arrays;
	out->count = ps.count;
	out->personalities = ps.personalities;
	return 0;
}

/* --- procfs's figures ---------------------------------------------------- */

static const char *
activity_state(const struct md_array *a)
{
	static const struct {
		const char *action;
		const char *state;
	} states[] = {
		{ "recovery", "recovering" },
		{ "reshape", "reshaping" },
		{ "check", "checking" },
		{ "repair", "repairing" },
		{ "resync", "resyncing" },
	};
	const struct md_progress *p = &a->progress;
	size_t i;

	for (i = 0; p->action != NULL && i < sizeof states /
	    sizeof states[0]; i++) {
		if (strcmp(p->action, states[i].action) == 0)
			return states[i].state;
	}
	return a->inactive ? "inactive" : "active";
}

static long long
count_flagged(const struct md_array *a, unsigned bit)
{
	long long n = 0;
	size_t i;

	for (i = 0; i < a->member_count; i++) {
		if (a->members[i].state & bit)
			n++;
	}
	return n;
}

static void
figures_disks(const struct md_array *a, struct mdstat_figures *f)
{
	f->disks_failed = count_flagged(a, MD_MEMBER_FAULTY);
	f->disks_spare = count_flagged(a, MD_MEMBER_SPARE);
	if (level_is(a, "raid0") || level_is(a, "linear")) {
		f->disks_total = (long long)a->member_count;
		f->disks_active = f->disks_total;
	} else if (!a->inactive && a->raid_disks >= 0) {
		f->disks_total = a->raid_disks;
		f->disks_active = a->active_disks;
		f->disks_down = (long long)a->missing_count;
	}
}

void
mdstat_figures(const struct md_array *a, struct mdstat_figures *f)
{
	const struct md_progress *p = &a->progress;

	memset(f, 0, sizeof *f);
	f->type = a->level != NULL ? a->level : "unknown";
	f->activity_state = activity_state(a);
	figures_disks(a, f);
	f->blocks_total = a->size >= 0 ? a->size / 1024 : 0;
	f->blocks_synced = f->blocks_total;
	f->blocks_to_be_synced = f->blocks_total;
	if (p->valid) {
		f->blocks_synced = p->done;
		f->blocks_to_be_synced = p->total;
		f->synced_pct = p->percent;
		f->finish_min = p->finish >= 0 ? p->finish : 0;
		f->speed_kib_s = p->speed >= 0 ? (double)p->speed : 0;
	} else if (p->delayed || p->pending)
		f->blocks_synced = 0;
}

char *
mdstat_devices_text(const struct md_array *a)
{
	static const struct {
		unsigned bit;
		const char *flag;
	} flags[] = {
		{ MD_MEMBER_WRITE_MOSTLY, "(W)" },
		{ MD_MEMBER_JOURNAL, "(J)" },
		{ MD_MEMBER_FAULTY, "(F)" },
		{ MD_MEMBER_SPARE, "(S)" },
		{ MD_MEMBER_REPLACEMENT, "(R)" },
	};
	const struct md_member *m;
	struct buf b = {0};
	size_t i, k;

	buf_addstr(&b, "");
	for (i = 0; i < a->member_count; i++) {
		m = &a->members[i];
		buf_printf(&b, "%s%s[%d]", i > 0 ? " " : "", m->name, m->index);
		for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
			if (m->state & flags[k].bit)
				buf_addstr(&b, flags[k].flag);
		}
	}
	return b.data;
}
