/*
 * Streams to a port or socket: what the transports' stream verb shares.
 * The target text ("tcp:HOST:PORT", "unix:PATH", "terminal:TERM:COLSxROWS")
 * read strictly, and a connect that keeps a deadline and the calling job's
 * cancel token.
 *
 * Pure text (stream_target_parse) and blocking socket calls
 * (stream_connect): worker threads only for the latter, never the UI
 * thread. No state.
 */
#ifndef RACKCON_STREAM_H
#define RACKCON_STREAM_H

#include <sys/socket.h>

enum stream_kind { STREAM_TCP, STREAM_UNIX, STREAM_TERMINAL };

struct stream_target {
	enum stream_kind kind;
	char *host; /* tcp: a name or an address, without brackets */
	int port;   /* tcp: 1 to 65535 */
	char *path; /* unix: absolute, as given (the sysroot not applied) */
	char *term; /* terminal: its TERM ("vt100") */
	int cols, rows; /* terminal: its size, 1 to STREAM_TERMINAL_MAX */
};

/* The largest terminal a stream asks for, each way. */
#define STREAM_TERMINAL_MAX 1000

/*
 * Read text into st: "tcp:HOST:PORT" (HOST letters, digits, . - _, or an
 * IPv6 address in brackets: tcp:[::1]:7505), "unix:PATH" (absolute, no
 * control characters, shorter than a socket address holds) or
 * "terminal:TERM:COLSxROWS" (the far side's login session on a terminal,
 * as ssh -tt opens one: a BMC's SMASH-CLP shell; TERM letters, digits and
 * - . _, at most 31 of them). Returns 0, or
 * -1 with *cause (caller frees; it shows the text safely) and errno
 * EINVAL; st is then empty. Free with stream_target_clear.
 */
int stream_target_parse(const char *text, struct stream_target *st,
                        char **cause);
void stream_target_clear(struct stream_target *st);

/*
 * Connect a new stream socket of sa's family to sa by deadline_ms
 * (clock_now_ms), giving up when the calling thread's job is cancelled
 * (job_current). A unix listener whose backlog is full is tried again
 * until the deadline; a TCP one is waited for. Returns the socket
 * (blocking, close-on-exec; the caller's), or -1 with errno: ETIMEDOUT
 * at the deadline, ECANCELED, or what connect(2) said (ECONNREFUSED,
 * ENOENT for a unix path that is not there ...).
 */
int stream_connect(const struct sockaddr *sa, socklen_t len,
                   long long deadline_ms);

/* err from an open stream in plain words ("no such socket", "connection
 * refused: nothing listens there", "not a socket", "cancelled", ...);
 * timeout_ms names the deadline for ETIMEDOUT. Fresh string. */
char *stream_strerror(int err, int timeout_ms);

#endif
