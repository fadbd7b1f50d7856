/* Small string helpers: strict number parsing, string vectors, shell quoting. */
#ifndef RACKCON_STRUTIL_H
#define RACKCON_STRUTIL_H

#include <stddef.h>

/* Strip leading and trailing white space in place; returns s moved forward. */
char *str_trim(char *s);
/* The value of hex digit c (either case), or -1. */
int hex_digit(char c);
/* Strict decimal: the whole string (after trimming spaces and a final newline)
 * must be a number. Returns 0 on success, -1 otherwise (out untouched). */
int parse_ll(const char *s, long long *out);
int parse_int_range(const char *s, int min, int max, int *out);

/* A growable vector of strings; free with string_list_free(v, n). */
void strv_push(char ***v, size_t *n, const char *s);
void string_list_free(char **list, size_t count);
/* Push "SOURCE:LINE: message" onto *v: a parser's error about a line of
 * a file. Values from the file go through str_shown() first. */
void strv_push_at(char ***v, size_t *n, const char *source, size_t line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Join n strings with sep; returns a fresh string. */
char *str_join(char *const *v, size_t n, const char *sep);

/* Append a message to *notes ("first; second"), the way the models'
 * error fields collect what could not be read. */
void note_append(char **notes, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append "LABEL: malformed 'VALUE'" with VALUE shown safely. */
void note_malformed(char **notes, const char *label, const char *value);
/* s fit for a message: unprintable bytes as '?', at most max bytes, then
 * "...". Fresh string. */
char *str_shown(const char *s, size_t max);
/* Natural order: runs of digits compare by value ("md2" < "md10",
 * "sda2" < "sda10"); equal values fall back to the bytes. */
int str_natural_cmp(const char *a, const char *b);

/* Quote s as one POSIX shell word ('it'\''s'): a word of letters, digits
 * and @%+=:,./_- (not starting with '=', which zsh expands) stays bare,
 * anything else goes in single quotes. What a plan shows; safe for a
 * shell, but a remote command string is made by shell_quote_argv()
 * (ssh-target.h). Caller frees. */
char *shell_quote(const char *s);
/* argv as a shell command line for display. Caller frees. */
char *argv_to_shell(char *const argv[]);

/* A growable byte buffer. */
struct buf {
	char *data; /* always NUL-terminated after buf_add* */
	size_t len;
	size_t size;
};
void buf_add(struct buf *b, const char *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* The blank-separated fields of line (blanks, tabs, CR), cut in place
 * into fields[]: at most max + 1, so a caller can tell a line with too
 * many. Returns the count. */
size_t str_split_fields(char *line, char **fields, size_t max);
/* Split text into lines in place (newlines become NULs). Returns the count;
 * *lines points into text and is freed with free(). */
size_t split_lines(char *text, char ***lines);



/* Read a whole (small) file into *data, NUL-terminated. 0, or -1 with
 * *cause naming the path. Caller frees. For start-up files only (config,
 * keymaps); backends read through their transport. */
int read_whole_file(const char *path, char **data, size_t *len,
    char **cause);
#endif
