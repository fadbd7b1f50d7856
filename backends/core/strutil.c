/* Small string helpers: strict number parsing, string vectors, shell quoting. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "strutil.h"
#include "xmalloc.h"

char *
str_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
parse_ll(const char *s, long long *out)
{
	char *end;
	long long v;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
parse_int_range(const char *s, int min, int max, int *out)
{
	long long v;

	if (parse_ll(s, &v) != 0 || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

void
strv_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
strv_push_at(char ***v, size_t *n, const char *source, size_t line,
    const char *fmt, ...)
{
	va_list ap;
	char *what, *msg;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s:%zu: %s", source, line, what);
	strv_push(v, n, msg);
	free(msg);
	free(what);
}

void
string_list_free(char **list, size_t count)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

char *
str_join(char *const *v, size_t n, const char *sep)
{
	struct buf b = {0};
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addstr(&b, sep);
		buf_addstr(&b, v[i]);
	}
	return b.data;
}

static int
is_shell_safe(const char *s)
{
	if (*s == '\0' || *s == '=')
		return 0;
	for (; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s) && strchr("@%+=:,./_-", *s) == NULL)
			return 0;
	}
	return 1;
}

char *
shell_quote(const char *s)
{
	struct buf b = {0};

	if (is_shell_safe(s))
		return xstrdup(s);
	buf_addstr(&b, "'");
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_addstr(&b, "'\\''");
		else
			buf_add(&b, s, 1);
	}
	buf_addstr(&b, "'");
	return b.data;
}

char *
argv_to_shell(char *const argv[])
{
	struct buf b = {0};
	char *q;
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; argv[i] != NULL; i++) {
		q = shell_quote(argv[i]);
		if (i > 0)
			buf_addstr(&b, " ");
		buf_addstr(&b, q);
		free(q);
	}
	return b.data;
}

void
buf_add(struct buf *b, const char *data, size_t len)
{
	if (b->len + len + 1 > b->size) {
		while (b->len + len + 1 > b->size)
			b->size = b->size == 0 ? 64 : b->size * 2;
		b->data = xreallocarray(b->data, b->size, 1);
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_addstr(b, s);
	free(s);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

size_t
split_lines(char *text, char ***lines)
{
	size_t n = 0, cap = 0;
	char *p = text, *nl;

	*lines = NULL;
	while (*p != '\0') {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*lines = xreallocarray(*lines, cap, sizeof **lines);
		}
		(*lines)[n++] = p;
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

int
read_whole_file(const char *path, char **data, size_t *len, char **cause)
{
	struct buf b = {0};
	char chunk[8192];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf_addstr(&b, "");
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len > (16u << 20)) {
			set_cause(cause, "%s: %s", path, n < 0 ?
			    strerror(errno) : "file too large");
			close(fd);
			buf_free(&b);
			return -1;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*data = b.data;
	if (len != NULL)
		*len = b.len;
	return 0;
}

void
note_append(char **notes, const char *fmt, ...)
{
	va_list ap;
	char *msg, *joined;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (*notes == NULL) {
		*notes = msg;
		return;
	}
	joined = xasprintf("%s; %s", *notes, msg);
	free(*notes);
	free(msg);
	*notes = joined;
}

char *
str_shown(const char *s, size_t max)
{
	char *out = xmalloc(max + 4);
	size_t i;

	for (i = 0; s[i] != '\0' && i < max; i++)
		out[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	out[i] = '\0';
	if (s[i] != '\0')
		strcpy(out + i, "...");
	return out;
}

void
note_malformed(char **notes, const char *label, const char *value)
{
	char *shown = str_shown(value, 32);

	note_append(notes, "%s: malformed '%s'", label, shown);
	free(shown);
}

/* Compare the digit runs at *pa and *pb by value and step past them. */
static int
digits_cmp(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	size_t la, lb;
	int rc;

	while (*a == '0' && isdigit((unsigned char)a[1]))
		a++;
	while (*b == '0' && isdigit((unsigned char)b[1]))
		b++;
	la = strspn(a, "0123456789");
	lb = strspn(b, "0123456789");
	if (la != lb)
		return la < lb ? -1 : 1;
	rc = memcmp(a, b, la);
	*pa = a + la;
	*pb = b + lb;
	return rc < 0 ? -1 : rc > 0;
}

int
str_natural_cmp(const char *a, const char *b)
{
	const char *sa = a, *sb = b;
	int rc;

	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			if ((rc = digits_cmp(&a, &b)) != 0)
				return rc;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a != '\0' || *b != '\0')
		return (*a != '\0') - (*b != '\0');
	rc = strcmp(sa, sb);
	return rc < 0 ? -1 : rc > 0;
}

size_t
str_split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		p += strspn(p, " \t\r");
		if (*p == '\0' || n > max)
			return n;
		fields[n++] = p;
		p += strcspn(p, " \t\r");
		if (*p != '\0')
			*p++ = '\0';
	}
}

int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
