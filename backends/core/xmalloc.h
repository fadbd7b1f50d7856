/* Allocation wrappers that never return NULL, and fatal() for broken invariants. */
#ifndef RACKCON_XMALLOC_H
#define RACKCON_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Like asprintf(), but the result is always a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
/* Free *cause if set, then set it to a formatted message. NULL cause is ok. */
void set_cause(char **cause, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a message and exit(2): only for out-of-memory and broken invariants. */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/* Called by fatal() before it exits, so the terminal can be restored. */
extern void (*fatal_hook)(void);

/* Overwrite a secret in memory in a way the compiler cannot elide. */
void wipe_memory(void *p, size_t len);

#endif
