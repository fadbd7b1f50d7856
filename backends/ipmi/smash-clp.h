/*
 * SMASH-CLP's SOL start as a BMC's SSH shell speaks it (DMTF DSP0214 as
 * ATEN and Insyde firmware have it): fed the BMC's bytes, it says what to
 * send and when the console is up. No I/O; any thread; one dialog per
 * console.
 *
 * The dialog: wait for the prompt ("-> " at the start of a line, after
 * the banner), send "cd /system1/sol1\r"; its answer runs up to the next
 * prompt and succeeds when a line of it is the path (the PTY's echo of
 * the command is not); else "cd system1/sol1\r" once (firmware that
 * wants it relative), else SMASH_FAILED. Then "start\r": SOL is up after
 * the line "press <Enter>, <Esc>, and then <T> to terminate session" and
 * an optional "(press the keys in sequence...)" line; a prompt instead
 * is SMASH_FAILED with the BMC's words ("start answered ...").
 *
 * The BMC's text is kept for the answers' words only: the line being
 * read (SMASH_LINE_MAX) and two answers (SMASH_ANSWER_MAX each), escape
 * sequences and control characters dropped as they come, so a BMC that
 * babbles without a prompt grows nothing; each byte is looked at once.
 *
 * Built into the IPMI plugin (ipmi.so), whose SSH SOL thread runs it
 * over the transport's terminal stream ("terminal:TERM:COLSxROWS",
 * transport.h); also linked into the unit tests and fuzz-smash-clp.
 * Uses text_safe() and xasprintf() (rackcon's).
 */
#ifndef RACKCON_SMASH_CLP_H
#define RACKCON_SMASH_CLP_H

#include <stddef.h>

enum smash_step {
	SMASH_MORE,   /* nothing decided yet: feed more */
	SMASH_SEND,   /* write d->send to the BMC, then feed the rest */
	SMASH_UP,     /* SOL runs: the bytes after *used are the console's */
	SMASH_FAILED  /* d->why says why (the BMC's own words when it said any) */
};

#define SMASH_LINE_MAX   256 /* bytes of a line kept (the rest is read) */
#define SMASH_ANSWER_MAX 512 /* bytes of an answer's words kept */

struct smash_dialog {
	/* Private: smash-clp.c's state. */
	int state;
	int esc;      /* where in an escape sequence the BMC's text is */
	int seen_lf;  /* a line ended since the last command was sent */
	int found;    /* this cd answer had the path */
	size_t press; /* bytes of "(press" matched after the last line */
	char line[SMASH_LINE_MAX];
	size_t line_len;
	char answer[SMASH_ANSWER_MAX]; /* this answer's words */
	size_t answer_len;
	char first[SMASH_ANSWER_MAX]; /* the absolute cd's answer */

	/* Public. */
	char send[64];   /* SMASH_SEND: NUL-terminated bytes to write */
	char *why;       /* SMASH_FAILED: owned by the dialog */
};

#define SMASH_SOL_LEAVE "\r\033T"  /* Enter, Esc, T: ends SOL */
#define SMASH_EXIT "exit\r"

void smash_dialog_init(struct smash_dialog *d);
/*
 * Feed len bytes from the BMC. Stops at the first decision: *used says
 * how many bytes were taken; the caller acts on the step, then feeds
 * buf + *used again (for SMASH_UP those bytes are the console's first
 * output and are not fed again). SMASH_MORE takes all len bytes. Once
 * SMASH_UP or SMASH_FAILED, every feed answers it again and takes none.
 *
 * The one split that matters: after the "to terminate session" line, a
 * feed that ends inside what may be the "(press" line (a prefix of
 * "(press", any case) takes those bytes; if the next feed shows they
 * were the console's after all, SOL is up at its first byte and those
 * few bytes are lost. A BMC that prints no "(press" line and whose console stays
 * silent is SMASH_UP only with the console's first byte: until then
 * smash_dialog_waiting_for() says "the answer to start".
 */
enum smash_step smash_dialog_feed(struct smash_dialog *d, const char *buf,
    size_t len, size_t *used);
/* What the dialog waits for, for a timeout's message: "a SMASH-CLP
 * prompt (->)", "the answer to cd /system1/sol1" (or cd system1/sol1),
 * "the answer to start". Static strings. */
const char *smash_dialog_waiting_for(const struct smash_dialog *d);
/* 1 once the BMC said SOL started (its "to terminate session" line):
 * a console that then stays silent is up all the same, which the caller
 * decides after a moment of silence (the dialog cannot tell time). */
int smash_dialog_started(const struct smash_dialog *d);
/* Frees why; d may be initialised again. */
void smash_dialog_free(struct smash_dialog *d);

#endif
