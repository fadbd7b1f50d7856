/* libFuzzer target: SSH host names, jump lists and remote shell quoting
 * (backends/core/ssh-target.c, shell_quote in strutil.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssh-target.h"
#include "strutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes a name that was accepted may never hold. */
static const char never[] = " \t\n\r\v\f'\"`$\\;&|<>(){}*?[]!#~";

static void
check_name(const char *s, int is_host)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0' || *s == '-' || strlen(s) > 255 ||
	    strpbrk(s, never) != NULL)
		abort();
	if (is_host && strpbrk(s, ",@/") != NULL)
		abort();
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

static void
check_target(const struct ssh_target *t)
{
	char *k;

	check_name(t->host, 1);
	if (t->user != NULL)
		check_name(t->user, 0);
	if (t->port < 0 || t->port > 65535)
		abort();
	k = ssh_known_hosts_name(t->host, t->port);
	if ((t->port == 0 || t->port == 22) != (strcmp(k, t->host) == 0))
		abort();
	free(k);
}

/* A message names the input safely: no control bytes. */
static void
check_cause(const char *cause)
{
	const unsigned char *p;

	if (cause == NULL)
		abort();
	for (p = (const unsigned char *)cause; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

static void
fuzz_parse(const char *text)
{
	struct ssh_target t, *hops;
	char *cause = NULL;
	size_t n, i;

	if (ssh_target_parse(text, &t, &cause) == 0) {
		if (cause != NULL)
			abort();
		check_target(&t);
	} else {
		check_cause(cause);
		if (t.user != NULL || t.host != NULL || t.port != 0)
			abort();
	}
	ssh_target_clear(&t);
	free(cause);
	cause = NULL;
	if (ssh_target_parse_jumps(text, &hops, &n, &cause) == 0) {
		if (cause != NULL || (n == 0) != (hops == NULL))
			abort();
		for (i = 0; i < n; i++) {
			check_target(&hops[i]);
			ssh_target_clear(&hops[i]);
		}
		free(hops);
	} else {
		check_cause(cause);
		if (hops != NULL || n != 0)
			abort();
	}
	free(cause);
}

/* 1 if c may stand bare in a word shell_quote() leaves unquoted. */
static int
bare(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("@%+=:,./_-", c) != NULL;
}

/*
 * The oracle: read s as words a POSIX shell would see, accepting only
 * what our quoting makes: words parted by one blank, each made of bare
 * characters, '...' (no ' inside) and \' . Anything else aborts. With
 * all_quoted, each word must open with a quote. The words, count in *n.
 */
static char **
read_words(const char *s, int all_quoted, size_t *n)
{
	char **v = NULL;
	size_t count = 0;
	struct buf w;

	*n = 0;
	if (*s == '\0')
		return NULL;
	for (;;) {
		memset(&w, 0, sizeof w);
		buf_addstr(&w, "");
		if (all_quoted && *s != '\'')
			abort();
		while (*s != '\0' && *s != ' ') {
			if (*s == '\'') {
				const char *end = strchr(s + 1, '\'');

				if (end == NULL)
					abort();
				buf_add(&w, s + 1, (size_t)(end - s - 1));
				s = end + 1;
			} else if (s[0] == '\\' && s[1] == '\'') {
				buf_add(&w, "'", 1);
				s += 2;
			} else if (bare(*s) && !(w.len == 0 && *s == '=')) {
				buf_add(&w, s, 1);
				s++;
			} else
				abort();
		}
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count++] = w.data;
		if (*s == '\0')
			break;
		s++;
		if (*s == ' ' || *s == '\0')
			abort();
	}
	*n = count;
	return v;
}

/* data split at its NULs is an argv; quoted and read back, it must come
 * back whole, both as one command and word by word. */
static void
fuzz_quote(const uint8_t *data, size_t size)
{
	char **argv = NULL, **back, *line, *q;
	size_t count = 0, n, i, start = 0;

	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\0')
			continue;
		argv = xreallocarray(argv, count + 2, sizeof *argv);
		argv[count++] = xstrndup((const char *)data + start, i - start);
		start = i + 1;
	}
	argv[count] = NULL;

	line = shell_quote_argv(argv);
	back = read_words(line, 1, &n);
	if (n != count)
		abort();
	for (i = 0; i < n; i++) {
		if (strcmp(back[i], argv[i]) != 0)
			abort();
		free(back[i]);
	}
	free(back);
	free(line);

	for (i = 0; i < count; i++) {
		q = shell_quote(argv[i]);
		back = read_words(q, 0, &n);
		if (n != 1 || strcmp(back[0], argv[i]) != 0)
			abort();
		free(back[0]);
		free(back);
		free(q);
	}
	string_list_free(argv, count);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_parse(text);
	free(text);
	fuzz_quote(data, size);
	return 0;
}
