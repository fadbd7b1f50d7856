/* libFuzzer target: stream target text (backends/core/stream.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stream.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A message or a name taken: no control bytes. */
static void
check_text(const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		abort();
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream_target st;
	char *text = xmalloc(size + 1), *cause = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	if (stream_target_parse(text, &st, &cause) == 0) {
		if (cause != NULL)
			abort();
		if (st.kind == STREAM_TCP) {
			check_text(st.host);
			if (st.host[0] == '\0' || st.host[0] == '-' ||
			    st.port < 1 || st.port > 65535 || st.path != NULL)
				abort();
		} else if (st.kind == STREAM_TERMINAL) {
			check_text(st.term);
			if (st.term[0] == '\0' || strlen(st.term) > 31 ||
			    st.cols < 1 || st.rows < 1 ||
			    st.cols > STREAM_TERMINAL_MAX ||
			    st.rows > STREAM_TERMINAL_MAX ||
			    st.host != NULL || st.path != NULL)
				abort();
		} else {
			check_text(st.path);
			if (st.path[0] != '/' || st.host != NULL)
				abort();
		}
	} else {
		check_text(cause);
		if (st.host != NULL || st.path != NULL || st.term != NULL)
			abort();
	}
	stream_target_clear(&st);
	free(cause);
	free(text);
	return 0;
}
