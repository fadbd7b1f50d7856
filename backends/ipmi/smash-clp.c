/* SMASH-CLP's SOL start (cd /system1/sol1, start) as a dialog fed the BMC's bytes: no I/O. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smash-clp.h"
#include "textsafe.h"
#include "xmalloc.h"

/* Where the dialog is. */
enum {
	ST_PROMPT,     /* the banner, then the first prompt */
	ST_CD_ABS,     /* the answer to cd /system1/sol1 */
	ST_CD_REL,     /* the answer to cd system1/sol1 */
	ST_START,      /* the answer to start */
	ST_PRESS,      /* after "to terminate session": a "(press" line? */
	ST_PRESS_LINE, /* the rest of the "(press" line */
	ST_UP,
	ST_FAILED
};

/* Where in an escape sequence the BMC's text is (ECMA-48's shapes). */
enum {
	ESC_NONE,
	ESC_ESC,   /* after ESC */
	ESC_INTER, /* ESC and intermediates, up to a final byte */
	ESC_CSI,   /* ESC [ parameters, up to a final byte */
	ESC_STR    /* OSC, DCS, APC, PM, SOS: up to BEL or ESC \ */
};

#define SMASH_PATH      "/system1/sol1"
#define SMASH_PATH_REL  "system1/sol1"
#define SMASH_TERMINATE "to terminate session"
#define SMASH_PRESS     "(press"
#define SMASH_PRESS_MAX 256 /* bytes of the "(press" line skipped at most */

/* The command each answer state answers, as sent without its CR. */
static const char *const smash_commands[] = {
	[ST_CD_ABS] = "cd " SMASH_PATH,
	[ST_CD_REL] = "cd " SMASH_PATH_REL,
	[ST_START] = "start",
};

static int
smash_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1 if text holds word, ASCII letters in either case. */
static int
smash_contains(const char *text, const char *word)
{
	size_t n = strlen(word), i;

	for (; *text != '\0'; text++) {
		for (i = 0; i < n && smash_lower((unsigned char)text[i]) ==
		    smash_lower((unsigned char)word[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* c as text for a line, or -1 when it is not text: control characters
 * and escape sequences are dropped, a tab is a blank. */
static int
smash_text_byte(struct smash_dialog *d, unsigned char c)
{
	int cancel = c == 0x18 || c == 0x1a;

	switch (d->esc) {
	case ESC_ESC:
		if (c == '[')
			d->esc = ESC_CSI;
		else if (c == ']' || c == 'P' || c == '_' || c == '^' ||
		    c == 'X')
			d->esc = ESC_STR;
		else if (c >= 0x20 && c <= 0x2f)
			d->esc = ESC_INTER;
		else if (c != 0x1b && (c >= 0x30 || cancel))
			d->esc = ESC_NONE;
		return -1;
	case ESC_INTER:
	case ESC_CSI:
		if (c == 0x1b)
			d->esc = ESC_ESC;
		else if (cancel || (c >= (d->esc == ESC_CSI ? 0x40 : 0x30) &&
		    c <= 0x7e))
			d->esc = ESC_NONE;
		return -1;
	case ESC_STR:
		if (c == 0x1b)
			d->esc = ESC_ESC; /* ESC \ ends it: '\' is a final */
		else if (c == 0x07 || cancel)
			d->esc = ESC_NONE;
		return -1;
	}
	if (c == 0x1b) {
		d->esc = ESC_ESC;
		return -1;
	}
	if (c == '\t')
		return ' ';
	if (c < 0x20 || c == 0x7f)
		return -1;
	return c;
}

/* line without its leading and trailing blanks, in place. */
static char *
smash_trim(char *line)
{
	size_t n;

	while (*line == ' ')
		line++;
	n = strlen(line);
	while (n > 0 && line[n - 1] == ' ')
		line[--n] = '\0';
	return line;
}

/* 1 if text is the echo of the command just sent (a PTY's, or a shell
 * that redraws its prompt with the line: "-> cd /system1/sol1"). */
static int
smash_is_echo(const struct smash_dialog *d, const char *text)
{
	if (strncmp(text, "->", 2) == 0) {
		for (text += 2; *text == ' '; text++)
			;
	}
	return strcmp(text, smash_commands[d->state]) == 0;
}

/* Append text to the answer's words, "; " between lines; what does not
 * fit is cut with "...", once. */
static void
smash_answer_add(struct smash_dialog *d, const char *text)
{
	const size_t max = SMASH_ANSWER_MAX - 4; /* room for "..." and NUL */
	const char *sep = d->answer_len > 0 ? "; " : "";
	size_t n = strlen(sep) + strlen(text), i;

	if (d->answer_len > max)
		return; /* cut already */
	for (i = 0; i < n && d->answer_len < max; i++) {
		d->answer[d->answer_len++] = *sep != '\0' ? *sep++ : *text++;
	}
	if (i < n) {
		memcpy(d->answer + d->answer_len, "...", 3);
		d->answer_len += 3;
	}
	d->answer[d->answer_len] = '\0';
}

/* A line of the BMC's ended: what it says in the state the dialog is. */
static void
smash_line_end(struct smash_dialog *d)
{
	char *text;

	d->line[d->line_len] = '\0';
	d->line_len = 0;
	d->esc = ESC_NONE;
	d->seen_lf = 1;
	if (d->state != ST_CD_ABS && d->state != ST_CD_REL &&
	    d->state != ST_START)
		return; /* the banner */
	text = smash_trim(d->line);
	if (*text == '\0' || smash_is_echo(d, text))
		return;
	if (strcmp(text, SMASH_PATH) == 0 || strcmp(text, SMASH_PATH_REL) == 0) {
		if (d->state != ST_START)
			d->found = 1;
		return; /* start says the path first, too */
	}
	if (d->state == ST_START && smash_contains(text, SMASH_TERMINATE)) {
		d->state = ST_PRESS;
		d->press = 0;
		return;
	}
	smash_answer_add(d, text);
}

/* Send command (the state whose answer comes next). */
static enum smash_step
smash_send(struct smash_dialog *d, int state)
{
	d->state = state;
	d->seen_lf = 0;
	d->found = 0;
	d->answer_len = 0;
	d->answer[0] = '\0';
	snprintf(d->send, sizeof d->send, "%s\r", smash_commands[state]);
	return SMASH_SEND;
}

/* A quoted answer, or "nothing". Caller frees. */
static char *
smash_words(const char *answer)
{
	if (*answer == '\0')
		return xstrdup("nothing");
	return xasprintf("\"%s\"", answer);
}

static enum smash_step
smash_fail(struct smash_dialog *d)
{
	char *raw, *a, *b;

	a = smash_words(d->state == ST_START ? d->answer : d->first);
	if (d->state == ST_START)
		raw = xasprintf("SOL did not start: start answered %s", a);
	else {
		b = smash_words(d->answer);
		raw = xasprintf("the BMC has no %s: %s answered %s, %s "
		    "answered %s", SMASH_PATH, smash_commands[ST_CD_ABS], a,
		    smash_commands[ST_CD_REL], b);
		free(b);
	}
	free(a);
	d->why = text_safe(raw, 0);
	free(raw);
	d->state = ST_FAILED;
	return SMASH_FAILED;
}

/* The BMC's prompt: its last answer is whole. */
static enum smash_step
smash_prompt(struct smash_dialog *d)
{
	switch (d->state) {
	case ST_PROMPT:
		return smash_send(d, ST_CD_ABS);
	case ST_CD_ABS:
		if (d->found)
			return smash_send(d, ST_START);
		memcpy(d->first, d->answer, sizeof d->first);
		return smash_send(d, ST_CD_REL);
	case ST_CD_REL:
		if (d->found)
			return smash_send(d, ST_START);
		return smash_fail(d);
	default:
		return smash_fail(d); /* start answered with a prompt */
	}
}

/* After the terminate line: c is a byte of the "(press" line, or the
 * console's first. 1 when SOL is up. */
static int
smash_press_byte(struct smash_dialog *d, unsigned char c)
{
	if (d->state == ST_PRESS_LINE)
		return c == '\n' || ++d->press >= SMASH_PRESS_MAX;
	if (smash_lower(c) != SMASH_PRESS[d->press])
		return 1;
	if (++d->press == strlen(SMASH_PRESS)) {
		d->state = ST_PRESS_LINE;
		d->press = 0;
	}
	return 0;
}

enum smash_step
smash_dialog_feed(struct smash_dialog *d, const char *buf, size_t len,
    size_t *used)
{
	size_t i, console = 0; /* where the console's output would start */
	unsigned char c;
	int ch;

	*used = 0;
	if (d->state == ST_UP)
		return SMASH_UP;
	if (d->state == ST_FAILED)
		return SMASH_FAILED;
	for (i = 0; i < len; i++) {
		c = (unsigned char)buf[i];
		if (d->state == ST_PRESS || d->state == ST_PRESS_LINE) {
			if (!smash_press_byte(d, c))
				continue;
			if (d->state == ST_PRESS_LINE)
				console = i + 1;
			d->state = ST_UP;
			*used = console;
			return SMASH_UP;
		}
		if (c == '\n') {
			smash_line_end(d);
			console = i + 1;
			continue;
		}
		if ((ch = smash_text_byte(d, c)) < 0)
			continue;
		if (d->line_len < SMASH_LINE_MAX - 1)
			d->line[d->line_len++] = (char)ch;
		if (d->line_len == 3 && memcmp(d->line, "-> ", 3) == 0 &&
		    (d->state == ST_PROMPT || d->seen_lf)) {
			d->line_len = 0;
			*used = i + 1;
			return smash_prompt(d);
		}
	}
	*used = len;
	return SMASH_MORE;
}

const char *
smash_dialog_waiting_for(const struct smash_dialog *d)
{
	switch (d->state) {
	case ST_PROMPT:
		return "a SMASH-CLP prompt (->)";
	case ST_CD_ABS:
		return "the answer to cd " SMASH_PATH;
	case ST_CD_REL:
		return "the answer to cd " SMASH_PATH_REL;
	case ST_UP:
		return "nothing: SOL is up";
	case ST_FAILED:
		return "nothing: the SOL start failed";
	default:
		return "the answer to start";
	}
}

int
smash_dialog_started(const struct smash_dialog *d)
{
	return d->state == ST_PRESS || d->state == ST_PRESS_LINE ||
	    d->state == ST_UP;
}

void
smash_dialog_init(struct smash_dialog *d)
{
	memset(d, 0, sizeof *d);
	d->state = ST_PROMPT;
	d->esc = ESC_NONE;
}

void
smash_dialog_free(struct smash_dialog *d)
{
	free(d->why);
	d->why = NULL;
}
