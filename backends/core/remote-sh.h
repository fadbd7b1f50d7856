/* The far side's sh as the SSH transport drives it: a request's framing,
 * its answer, and the prefetch's sh text and records. No I/O here. */
#ifndef RACKCON_REMOTE_SH_H
#define RACKCON_REMOTE_SH_H

#include <stddef.h>

#include "strutil.h"
#include "transport.h"

/* A token: 32 hex digits from getrandom(), NUL-terminated. The far side
 * cannot guess it, so no file's content or program's output can fake the
 * end of an answer. */
#define REMOTE_SH_TOKEN_LEN 32
void remote_sh_token(char token[REMOTE_SH_TOKEN_LEN + 1]);

/*
 * The text that starts the remote sh, one per connection (remote-sh.c
 * says what it runs; no process on Linux): appended to b. name is a
 * token (remote_sh_token) for its temporary files' names; when one of
 * them exists already the sh prints "@@rackcon-refused PATH" and ends,
 * else "@@rackcon-ready UID".
 */
void remote_sh_init(struct buf *b, const char *name);

/*
 * The text that makes the remote sh run body (sh commands, every
 * argument already quoted) in a subshell with no input, and answer
 *   OUT TOKEN " " STATUS "\n" ERR TOKEN "\n"
 * where OUT and ERR are the body's standard output and error. Appended
 * to req. No process is started besides the subshell (and cat when there
 * is error output).
 */
void remote_sh_request(struct buf *req, const char *body, const char *token);

/* Text for the remote sh itself (not a request's subshell), sent before a
 * request: asks once a connection whether find has -printf. What a
 * prefetch of spec needs sent before its request: remote_sh_find_probe
 * when it reads links, else "". */
extern const char remote_sh_find_probe[];
const char *remote_sh_prefetch_pre(const struct transport_prefetch *spec);

/* An answer found in the bytes read so far: out and err point into them;
 * used is how many bytes it took. */
struct remote_sh_answer {
	int status;
	const char *out;
	size_t out_len;
	const char *err;
	size_t err_len;
	size_t used;
};

/* Where remote_sh_answer_parse goes on looking: zero it per answer. */
struct remote_sh_scan {
	size_t from;  /* no token starts before this */
	size_t first; /* where the first token is, + 1; 0: not found yet */
};

/*
 * Look for the whole answer framed with token in text[0..len). Returns 1
 * with *a, 0 when more bytes are needed (call again with the same scan
 * and the longer text), -1 when the status line is malformed.
 */
int remote_sh_answer_parse(struct remote_sh_scan *scan, const char *text,
    size_t len, const char *token, struct remote_sh_answer *a);

/* One path a prefetch read: a file's bytes ('F'), a directory's names
 * ('D'), a link's target ('L'); or error (errno: EIO unreadable, EISDIR
 * a directory read as a file). */
struct remote_sh_entry {
	char kind;
	char *path;
	int error;
	char *data; /* NUL-terminated; len bytes */
	size_t len;
	char **names;
	size_t name_count;
};

/* What one prefetch read, sorted by kind, then path. */
struct remote_sh_entries {
	struct remote_sh_entry *v;
	size_t n;
};

/*
 * Append to body the sh commands that read everything spec names below
 * sysroot (NULL: /) and print it as records (remote-sh.c describes
 * them); sep is a token that ends each file in the one cat that reads
 * them all. -1 when a pattern has characters other than letters,
 * digits, / . _ - and the glob characters (nothing appended then is to
 * be sent).
 */
int remote_sh_prefetch_body(struct buf *body,
    const struct transport_prefetch *spec, const char *sysroot,
    const char *sep);

/* The records in text[0..len) (changed in place) into *e, sorted. A
 * record cut short is dropped. */
void remote_sh_prefetch_parse(struct remote_sh_entries *e,
    const char *sysroot, const char *sep, char *text, size_t len);

/* The entry for path of kind, or NULL. */
const struct remote_sh_entry *remote_sh_entries_find(
    const struct remote_sh_entries *e, char kind, const char *path);

void remote_sh_entries_free(struct remote_sh_entries *e);

#endif
