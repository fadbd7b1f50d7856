/* The far side's sh: request framing, answers, prefetch text and records. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "remote-sh.h"
#include "xmalloc.h"

void
remote_sh_token(char token[REMOTE_SH_TOKEN_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[REMOTE_SH_TOKEN_LEN / 2];
	size_t i;

	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
		/* Not on any kernel rackcon runs on (3.17 and later); a
		 * token that still differs each time rather than none. */
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		for (i = 0; i < sizeof raw; i++)
			raw[i] = (unsigned char)((uint64_t)now.tv_nsec >>
			    (i % 4 * 8) ^ (uint64_t)rand());
	}
	for (i = 0; i < sizeof raw; i++) {
		token[2 * i] = hex[raw[i] >> 4];
		token[2 * i + 1] = hex[raw[i] & 0xf];
	}
	token[REMOTE_SH_TOKEN_LEN] = '\0';
}

/*
 * Once a connection, with no process (on Linux): the temporary files
 * $t.e (a request's error output), $t.b (a prefetch's separator), $t.l
 * (the list of files its cat reads) and $t.o (its records), $t being
 * "${TMPDIR:-/tmp}/rackcon.", the sh's pid and a name rackcon drew from
 * getrandom (no mktemp). Each is made with umask 077 under set -C
 * (noclobber) by printf, a regular builtin (a redirection that fails on
 * ':', a special one, ends dash): dash and bash then create a name that
 * does not exist with O_CREAT|O_EXCL, which refuses a file or a symlink
 * (dangling or not) that appears there, and the [ -e ] || [ -L ] ahead
 * refuses what is already there, a symlink to a device or a fifo
 * included (noclobber alone opens those). A name refused is said
 * ("@@rackcon-refused PATH") and the sh ends, removing only what it made
 * (m lists those); the trap removes them at the end (one rm), also when
 * a signal ends it (sshd hangs up a session whose channel closed while a
 * request ran: a signal with no trap of its own ends sh without its EXIT
 * trap: two SSH fleet bench runs left 60 sessions' files in /tmp). The
 * EXIT trap first ignores those signals: a second one (HUP, then TERM)
 * ended it before its rm (lab/ssh-faults' cut part left a session's
 * files).
 * A sh killed outright (SIGKILL: the OOM killer, sshd's cgroup stopped)
 * runs no trap: each login first removes the files of such a sh, regular
 * files this user owns whose pid names no process (kill -0, a builtin).
 * A pid reused since only keeps its files until a later login.
 * Then the login's effective uid read from /proc/self/status by the read
 * builtin (id -u where there is no /proc), and the ready line. Whether
 * find has -printf is asked later, once, by the first prefetch that
 * reads links (remote_sh_find_probe).
 */
void
remote_sh_init(struct buf *b, const char *name)
{
	buf_printf(b, "umask 077; fp=; m=; d=\"${TMPDIR:-/tmp}\"; set --; "
	    "for f in \"$d\"/rackcon.*.*.[bleo]; do p=${f#\"$d/rackcon.\"}; "
	    "p=${p%%%%.*}; case $p in ''|*[!0-9]*) continue;; esac; "
	    "[ -f \"$f\" ] && [ ! -L \"$f\" ] && [ -O \"$f\" ] && "
	    "! kill -0 \"$p\" 2>/dev/null && set -- \"$@\" \"$f\"; done; "
	    "[ $# = 0 ] || rm -f -- \"$@\" 2>/dev/null; "
	    "t=\"$d/rackcon.$$.%s\"; "
	    "trap 'trap \"\" HUP INT PIPE TERM; set --; "
	    "for s in $m; do set -- \"$@\" \"$t.$s\"; done; "
	    "[ $# = 0 ] || rm -f -- \"$@\"' EXIT; trap 'exit 129' HUP; "
	    "trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM; "
	    "set -C; "
	    "for s in e b l o; do if [ -e \"$t.$s\" ] || [ -L \"$t.$s\" ] || "
	    "! printf '' 2>/dev/null >\"$t.$s\"; then "
	    "printf '@@rackcon-refused %%s\\n' \"$t.$s\"; exit 1; fi; "
	    "m=\"$m $s\"; done; set +C; u=; "
	    "while read -r k r e x; do if [ \"$k\" = Uid: ]; then u=$e; break; "
	    "fi; done </proc/self/status 2>/dev/null; "
	    "[ -n \"$u\" ] || u=$(id -u); "
	    "printf '@@rackcon-ready %%s\\n' \"$u\"\n", name);
}

const char remote_sh_find_probe[] =
    "[ -n \"$fp\" ] || { fp=0; find / -maxdepth 0 -printf '' >/dev/null "
    "2>&1 && fp=1; }\n";

const char *
remote_sh_prefetch_pre(const struct transport_prefetch *spec)
{
	return spec->links != NULL && spec->links[0] != NULL
	           ? remote_sh_find_probe
	           : "";
}

void
remote_sh_request(struct buf *req, const char *body, const char *token)
{
	/* The body's output goes straight out: no file, no stat, no cat. */
	buf_printf(req, "( :; %s\n) 2>\"$t.e\" </dev/null; "
	    "printf '%s %%d\\n' \"$?\"; "
	    "[ -s \"$t.e\" ] && cat \"$t.e\"; printf '%s\\n'\n",
	    body, token, token);
}

/* The first token at or after scan->from in text, or NULL; scan->from
 * moves past what cannot start one. */
static const char *
find_token(struct remote_sh_scan *scan, const char *text, size_t len,
    const char *token, size_t token_len)
{
	const char *hit;

	if (len < scan->from + token_len)
		return NULL;
	hit = memmem(text + scan->from, len - scan->from, token, token_len);
	if (hit == NULL)
		scan->from = len - token_len + 1;
	return hit;
}

int
remote_sh_answer_parse(struct remote_sh_scan *scan, const char *text,
    size_t len, const char *token, struct remote_sh_answer *a)
{
	size_t token_len = strlen(token), at;
	const char *hit, *eol, *p;
	char *end;
	long status;

	if (scan->first == 0) {
		hit = find_token(scan, text, len, token, token_len);
		if (hit == NULL)
			return 0;
		scan->first = (size_t)(hit - text) + 1;
		scan->from = scan->first - 1 + token_len;
	}
	at = scan->first - 1;
	p = text + at + token_len;
	eol = memchr(p, '\n', len - (size_t)(p - text));
	if (eol == NULL)
		return 0;
	if (*p != ' ')
		return -1;
	errno = 0;
	status = strtol(p + 1, &end, 10);
	if (errno != 0 || end == p + 1 || end != eol || status < 0 ||
	    status > 255)
		return -1;
	if (scan->from < (size_t)(eol + 1 - text))
		scan->from = (size_t)(eol + 1 - text);
	hit = find_token(scan, text, len, token, token_len);
	if (hit == NULL)
		return 0;
	if ((size_t)(hit - text) + token_len >= len)
		return 0; /* its newline */
	if (hit[token_len] != '\n')
		return -1;
	a->status = (int)status;
	a->out = text;
	a->out_len = at;
	a->err = eol + 1;
	a->err_len = (size_t)(hit - (eol + 1));
	a->used = (size_t)(hit - text) + token_len + 1;
	return 1;
}

/* --- prefetch ------------------------------------------------------------ */

/*
 * The remote side of a prefetch: sh functions that print what they read
 * as records (a path never holds a newline here: such a name is skipped).
 * Paths are printed below the sysroot (R).
 *   C PATH: a file that the one cat reads (xargs -0 cat, from a list in
 *     $t.l, since growing "$@" a file at a time costs the square of their
 *     number): after every C record comes K, then each C file's bytes
 *     followed by the separator (a token, kept in $t.b), in order, then
 *     "k" when cat read them all, or "k!" when it failed on one (an
 *     attribute whose read fails): then those C records count for
 *     nothing and each file is read again by itself (bf: a process a
 *     file, the price of knowing which one failed);
 *   F PATH, then "E" (unreadable) or "Ed" (a directory);
 *   B PATH, then od -An -tx1 lines, then "." or "E";
 *   D PATH, then "NNAME" for each entry, then ".";
 *   L PATH, then "TTARGET";
 *   Z, then PATH NUL TARGET NUL for each link, a NUL and a newline (every
 *     link of the patterns read by one find -printf, given them all in
 *     one expansion; lk, one readlink a link, where find has no -printf:
 *     fp, which remote_sh_find_probe sets in the remote sh itself, is
 *     not 1).
 * ($t names the request's temporary files: no function may set it.)
 * ck says whether a file goes in the cat's list; af puts it there (or
 * says at once that it is a directory or unreadable); ld lists a
 * directory with the shell's own glob (no process).
 */
static const char pf_functions[] =
    "LC_ALL=C; export LC_ALL; nl='\n'; "
    "ck() { case $1 in *\"$nl\"*) return 1;; esac; [ ! -d \"$1\" ] && "
    "[ -r \"$1\" ]; }; "
    "af() { p=${1#\"$R\"}; if ck \"$1\"; then printf 'C %s\\n' \"$p\"; "
    "printf '%s\\0%s\\0' \"$1\" \"$t.b\" >&3; return; fi; "
    "case $1 in *\"$nl\"*) return;; esac; "
    "if [ -d \"$1\" ]; then printf 'F %s\\nEd\\n' \"$p\"; else "
    "printf 'F %s\\nE\\n' \"$p\"; fi; }; "
    "bf() { case $1 in *\"$nl\"*) return;; esac; p=${1#\"$R\"}; "
    "printf 'B %s\\n' \"$p\"; if od -An -v -tx1 -- \"$1\" 2>/dev/null; "
    "then printf '.\\n'; else printf 'E\\n'; fi; }; "
    "ld() { case $1 in *\"$nl\"*) return;; esac; [ -d \"$1\" ] || return; "
    "printf 'D %s\\n' \"${1#\"$R\"}\"; for e in \"$1\"/* \"$1\"/.[!.]* "
    "\"$1\"/..?*; do [ -e \"$e\" ] || [ -L \"$e\" ] || continue; "
    "e=${e##*/}; case $e in *\"$nl\"*) continue;; esac; "
    "printf 'N%s\\n' \"$e\"; done; printf '.\\n'; }; "
    "lk() { case $1 in *\"$nl\"*) return;; esac; [ -L \"$1\" ] || return; "
    "k=$(readlink -- \"$1\") || return; case $k in *\"$nl\"*) return;; "
    "esac; printf 'L %s\\nT%s\\n' \"${1#\"$R\"}\" \"$k\"; }; "
    "lz() { if [ \"$fp\" = 1 ]; then printf 'Z\\n'; find \"$@\" -maxdepth 0 "
    "-type l -printf '%p\\0%l\\0' 2>/dev/null; printf '\\0\\n'; else "
    "for f; do lk \"$f\"; done; fi; }; ";

/* A pattern a plugin may name: no quote, blank or other shell syntax. */
static int
pattern_ok(const char *p)
{
	if (p[0] != '/')
		return 0;
	for (; *p != '\0'; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789/._-*?[]!", *p) == NULL)
			return 0;
	}
	return 1;
}

static int
patterns_ok(const char *const *patterns)
{
	size_t i;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++) {
		if (!pattern_ok(patterns[i]))
			return 0;
	}
	return 1;
}

/* Each file of patterns through fn: af (into the cat's list), or bf
 * when it is one the list takes. */
static void
add_files(struct buf *b, const char *const *patterns, const char *fn)
{
	size_t i;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++)
		buf_printf(b, "for f in \"$R\"%s; do [ -e \"$f\" ] && %s; done; ",
		    patterns[i], strcmp(fn, "af") == 0 ? "af \"$f\""
		                                        : "ck \"$f\" && bf \"$f\"");
}

/* Each directory of patterns listed. */
static void
add_dirs(struct buf *b, const char *const *patterns)
{
	size_t i;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++)
		buf_printf(b, "for f in \"$R\"%s; do [ -e \"$f\" ] && ld \"$f\"; "
		    "done; ", patterns[i]);
}

/* The links of every pattern, read by one process (lz): every pattern
 * expanded by one set (growing "$@" a path at a time costs the square of
 * their number); find keeps the links, lk checks each. */
static void
add_links(struct buf *b, const char *const *patterns)
{
	size_t i;

	if (patterns == NULL || patterns[0] == NULL)
		return;
	buf_addstr(b, "set --");
	for (i = 0; patterns[i] != NULL; i++)
		buf_printf(b, " \"$R\"%s", patterns[i]);
	buf_addstr(b, "; lz \"$@\"; ");
}

int
remote_sh_prefetch_body(struct buf *body,
    const struct transport_prefetch *spec, const char *sysroot,
    const char *sep)
{
	char *q;

	if (!patterns_ok(spec->files) || !patterns_ok(spec->binary) ||
	    !patterns_ok(spec->dirs) || !patterns_ok(spec->links))
		return -1;
	q = sysroot != NULL ? shell_quote(sysroot) : xstrdup("''");
	/* sep is hex: printed as it is. The records go to a file and out
	 * with one cat: printed straight, each of the shell's printf's was
	 * a write and an SSH packet of its own (a 64-disk host's first
	 * refresh behind a 25 ms relay took 1.2 s, then 0.9). */
	buf_printf(body, "R=%s; %sprintf %%s %s >\"$t.b\" || exit 1; { { ",
	    q, pf_functions, sep);
	free(q);
	add_files(body, spec->files, "af");
	add_files(body, spec->binary, "af");
	buf_addstr(body, "} 3>\"$t.l\"; if [ -s \"$t.l\" ]; then printf 'K\\n'; "
	    "if xargs -0 cat -- <\"$t.l\" 2>/dev/null; then printf 'k\\n'; "
	    "else printf 'k!\\n'; ");
	add_files(body, spec->files, "bf");
	add_files(body, spec->binary, "bf");
	buf_addstr(body, "fi; fi; ");
	add_dirs(body, spec->dirs);
	add_links(body, spec->links);
	buf_addstr(body, "} >\"$t.o\"; cat \"$t.o\"");
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct remote_sh_entry *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* The parse's state: entries so far, and the C records waiting for K. */
struct pf_parse {
	struct remote_sh_entries *e;
	size_t cap;
	char **pending;
	size_t pending_count;
	const char *sep;
	size_t sep_len;
};

static struct remote_sh_entry *
new_entry(struct pf_parse *ps, char kind, const char *path)
{
	struct remote_sh_entries *e = ps->e;
	struct remote_sh_entry *n;

	if (e->n == ps->cap) {
		ps->cap = ps->cap == 0 ? 64 : ps->cap * 2;
		e->v = xreallocarray(e->v, ps->cap, sizeof *e->v);
	}
	n = &e->v[e->n++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->path = xstrdup(path);
	return n;
}

/* od's hex bytes on a line, appended to b. */
static void
add_hex(struct buf *b, const char *line)
{
	char byte;
	int hi, lo;

	while (*line != '\0') {
		while (*line == ' ')
			line++;
		if (line[0] == '\0' || line[1] == '\0')
			break;
		hi = hex_digit(line[0]);
		lo = hex_digit(line[1]);
		if (hi < 0 || lo < 0)
			break;
		byte = (char)(hi << 4 | lo);
		buf_add(b, &byte, 1);
		line += 2;
	}
}

/* After "Z": PATH NUL TARGET NUL pairs up to an empty PATH, each a link
 * below sysroot; *eol moves to the newline after them. */
static void
take_links(struct pf_parse *ps, const char *sysroot, char **eol, char *end)
{
	struct remote_sh_entry *n;
	size_t root = sysroot != NULL ? strlen(sysroot) : 0;
	char *p, *path, *target, *nul;

	if (*eol >= end)
		return; /* "Z" ends the text */
	p = *eol + 1;
	while (p < end && *p != '\0') {
		path = p;
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			break;
		target = nul + 1;
		if (target >= end ||
		    (nul = memchr(target, '\0', (size_t)(end - target))) == NULL)
			break;
		p = nul + 1;
		if (root > 0 && strncmp(path, sysroot, root) == 0)
			path += root;
		n = new_entry(ps, 'L', path);
		n->data = xstrdup(target);
		n->len = strlen(target);
	}
	/* p: the closing NUL; the newline after it ends the record. */
	*eol = p + 1 < end ? p + 1 : end;
}

/*
 * After "K": each pending file's bytes up to the separator, then "k" (all
 * read: the files become entries) or "k!" (cat failed: they are read
 * again one by one in the records that follow). *eol moves to the
 * newline ending that line; when something is cut short, to end.
 */
static void
take_cat(struct pf_parse *ps, char **eol, char *end)
{
	struct remote_sh_entry *n;
	char *p, *hit, **data;
	size_t i, *lens;
	int ok = 0;

	if (*eol >= end) {
		/* "K" ends the text: its files say nothing. */
		string_list_free(ps->pending, ps->pending_count);
		ps->pending = NULL;
		ps->pending_count = 0;
		return;
	}
	p = *eol + 1;
	data = xcalloc(ps->pending_count + 1, sizeof *data);
	lens = xcalloc(ps->pending_count + 1, sizeof *lens);
	for (i = 0; i < ps->pending_count; i++) {
		hit = memmem(p, (size_t)(end - p), ps->sep, ps->sep_len);
		if (hit == NULL)
			break;
		data[i] = p;
		lens[i] = (size_t)(hit - p);
		p = hit + ps->sep_len;
	}
	if (i == ps->pending_count && end - p >= 2 && p[0] == 'k' &&
	    (p[1] == '\n' || (p[1] == '!' && end - p >= 3 && p[2] == '\n'))) {
		ok = p[1] == '\n';
		*eol = p + (ok ? 1 : 2);
	} else
		*eol = end;
	for (i = 0; ok && i < ps->pending_count; i++) {
		n = new_entry(ps, 'F', ps->pending[i]);
		n->data = xmalloc(lens[i] + 1);
		memcpy(n->data, data[i], lens[i]);
		n->data[lens[i]] = '\0';
		n->len = lens[i];
	}
	free(data);
	free(lens);
	string_list_free(ps->pending, ps->pending_count);
	ps->pending = NULL;
	ps->pending_count = 0;
}

void
remote_sh_prefetch_parse(struct remote_sh_entries *e, const char *sysroot,
    const char *sep, char *text, size_t len)
{
	struct pf_parse ps = {.e = e, .sep = sep, .sep_len = strlen(sep)};
	char *line = text, *end, *eol;
	struct remote_sh_entry *n = NULL;
	struct buf content = {0};

	memset(e, 0, sizeof *e);
	end = text + len;
	for (; line < end; line = eol + 1) {
		eol = memchr(line, '\n', (size_t)(end - line));
		if (eol == NULL)
			eol = end;
		*eol = '\0';
		if (line[0] == 'C' && line[1] == ' ') {
			strv_push(&ps.pending, &ps.pending_count, line + 2);
			n = NULL;
			continue;
		}
		if (line[0] == 'K' && line[1] == '\0') {
			take_cat(&ps, &eol, end);
			n = NULL;
			continue;
		}
		if (line[0] == 'Z' && line[1] == '\0') {
			take_links(&ps, sysroot, &eol, end);
			n = NULL;
			continue;
		}
		if (strchr("FBDL", line[0]) != NULL && line[1] == ' ') {
			n = new_entry(&ps, line[0] == 'B' ? 'F' : line[0],
			    line + 2);
			buf_free(&content);
			memset(&content, 0, sizeof content);
			if (line[0] == 'B')
				n->error = -1; /* hex lines follow */
			continue;
		}
		if (n == NULL)
			continue;
		switch (line[0]) {
		case '.':
			n->error = 0;
			n->data = content.data != NULL ? content.data
			                               : xstrdup("");
			n->len = content.len;
			memset(&content, 0, sizeof content);
			n = NULL;
			break;
		case 'E':
			n->error = line[1] == 'd' ? EISDIR : EIO;
			buf_free(&content);
			memset(&content, 0, sizeof content);
			n = NULL;
			break;
		case 'N':
			strv_push(&n->names, &n->name_count, line + 1);
			break;
		case 'T':
			n->data = xstrdup(line + 1);
			n->len = strlen(n->data);
			n = NULL;
			break;
		case ' ':
			if (n->kind == 'F' && n->error == -1)
				add_hex(&content, line);
			break;
		default:
			break;
		}
	}
	buf_free(&content);
	string_list_free(ps.pending, ps.pending_count);
	/* A record cut short (no "." or "E") says nothing. */
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].error == -1 || (e->v[i].kind == 'F' &&
		    e->v[i].error == 0 && e->v[i].data == NULL))
			e->v[i].error = EIO;
	}
	if (e->n > 1)
		qsort(e->v, e->n, sizeof *e->v, entry_cmp);
}

const struct remote_sh_entry *
remote_sh_entries_find(const struct remote_sh_entries *e, char kind,
    const char *path)
{
	struct remote_sh_entry key;

	if (e->n == 0)
		return NULL;
	key.kind = kind;
	key.path = (char *)(uintptr_t)path;
	return bsearch(&key, e->v, e->n, sizeof *e->v, entry_cmp);
}

void
remote_sh_entries_free(struct remote_sh_entries *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].data);
		string_list_free(e->v[i].names, e->v[i].name_count);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}
