/* Unit tests for the SMASH-CLP SOL dialog (backends/ipmi/smash-clp.c): transcripts of ATEN and Insyde firmware, fed whole and byte by byte. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "smash-clp.h"
#include "unit.h"
#include "xmalloc.h"

static void add_tests(CU_pSuite s);
UNIT_SUITE("smash-clp", add_tests)

/* What ../shared/labs/ssh.md gives for ATEN firmware, through a PTY (the
 * shell echoes each command). */
#define ATEN_BANNER \
	"ATEN SMASH-CLP System Management Shell, version 1.05\r\n" \
	"Copyright (c) 2008-2009 by ATEN International CO., Ltd.\r\n" \
	"All Rights Reserved \r\n" \
	"\r\n" \
	"\r\n-> "
#define PROMPT "\r\n-> "
#define CD_OK_ECHO "cd /system1/sol1\r\n/system1/sol1\r\n" PROMPT
#define PRESS \
	"press <Enter>, <Esc>, and then <T> to terminate session\r\n"
#define PRESS_KEYS "(press the keys in sequence, one after the other)\r\n"
#define START_OK "start\r\n/system1/sol1\r\n\r\n" PRESS PRESS_KEYS
#define BOOT \
	"[    0.000000] Linux version 6.1.0-fake (console=ttyS0,115200)\r\n" \
	"[    0.020000] Freeing unused kernel memory\r\n" \
	"\r\nfakehost login: "

#define INSYDE_BANNER \
	"Insyde SMASH-CLP System Management Shell, versions 1.05\r\n" \
	"Copyright (c) 2015-2016 by Insyde International CO., Ltd.\r\n" \
	"All Rights Reserved \r\n" \
	"\r\n" \
	"\r\n-> "

/* What a dialog did with one transcript. */
struct outcome {
	enum smash_step step;
	char sends[256];     /* every SMASH_SEND's bytes, in order */
	const char *console; /* SMASH_UP: the console's bytes in the input */
	char *why;
	const char *waiting; /* smash_dialog_waiting_for() at the end */
};

/* Feed in, chunk bytes at a time (0: whole), acting on each step as a
 * caller does; the result in *o (free o->why). */
static void
run_dialog(const char *in, size_t chunk, struct outcome *o)
{
	struct smash_dialog d;
	size_t len = strlen(in), pos = 0, end, used;
	enum smash_step step = SMASH_MORE;

	memset(o, 0, sizeof *o);
	smash_dialog_init(&d);
	while (pos < len && (step == SMASH_MORE || step == SMASH_SEND)) {
		end = chunk == 0 || len - pos < chunk ? len : pos + chunk;
		while (pos < end) {
			step = smash_dialog_feed(&d, in + pos, end - pos, &used);
			CU_ASSERT(used <= end - pos);
			pos += used;
			if (step == SMASH_SEND) {
				CU_ASSERT(used > 0);
				CU_ASSERT(strlen(o->sends) + strlen(d.send) <
				    sizeof o->sends);
				strcat(o->sends, d.send);
				continue;
			}
			if (step == SMASH_MORE)
				CU_ASSERT_EQUAL(pos, end);
			break;
		}
	}
	o->step = step;
	o->console = step == SMASH_UP ? in + pos : NULL;
	CU_ASSERT_EQUAL(d.why != NULL, step == SMASH_FAILED);
	o->why = d.why != NULL ? xstrdup(d.why) : NULL;
	o->waiting = smash_dialog_waiting_for(&d);
	if (step == SMASH_UP || step == SMASH_FAILED) {
		/* decided: it stays so and takes nothing more */
		CU_ASSERT_EQUAL(smash_dialog_feed(&d, "x", 1, &used), step);
		CU_ASSERT_EQUAL(used, 0);
	}
	smash_dialog_free(&d);
	CU_ASSERT_PTR_NULL(d.why);
}

/* in gives the same outcome whole and byte by byte: step, sends, why,
 * and the console (want_console when up). */
static void
check_dialog(const char *in, enum smash_step want, const char *want_sends,
    const char *want_console, const char *want_why)
{
	static const size_t chunks[] = { 0, 1, 2, 7 };
	struct outcome o;
	size_t i;

	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		run_dialog(in, chunks[i], &o);
		CHECK_LL(o.step, want, "step");
		CHECK_STR(o.sends, want_sends, "sent");
		CHECK_STR(o.console, want_console, "console");
		CHECK_STR(o.why, want_why, "why");
		free(o.why);
	}
}

static void
test_aten(void)
{
	check_dialog(ATEN_BANNER CD_OK_ECHO START_OK BOOT, SMASH_UP,
	    "cd /system1/sol1\rstart\r", BOOT, NULL);
}

static void
test_waiting_for(void)
{
	static const char *const in[] = { ATEN_BANNER, CD_OK_ECHO,
	    "start\r\n/system1/sol1\r\n\r\n", PRESS };
	static const char *const want[] = { "a SMASH-CLP prompt (->)",
	    "the answer to cd /system1/sol1", "the answer to start",
	    "the answer to start", "the answer to start" };
	struct smash_dialog d;
	size_t i, used, off, len;
	enum smash_step step;

	smash_dialog_init(&d);
	CHECK_STR(smash_dialog_waiting_for(&d), want[0], "at first");
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		len = strlen(in[i]);
		for (off = 0; off < len; off += used) {
			step = smash_dialog_feed(&d, in[i] + off, len - off,
			    &used);
			CU_ASSERT(step == SMASH_SEND || step == SMASH_MORE);
		}
		CHECK_STR(smash_dialog_waiting_for(&d), want[i + 1], in[i]);
		/* Started once the terminate line is in, not before. */
		CU_ASSERT_EQUAL(smash_dialog_started(&d),
		    i + 1 == sizeof in / sizeof in[0]);
	}
	/* the console's first byte after the terminate line: up */
	CU_ASSERT_EQUAL(smash_dialog_feed(&d, "[", 1, &used), SMASH_UP);
	CU_ASSERT_EQUAL(used, 0);
	smash_dialog_free(&d);
}

/* Insyde's banner, no echo (no PTY), and no "(press" line: the console
 * starts right after the terminate line. */
static void
test_insyde(void)
{
	struct outcome o;

	check_dialog(INSYDE_BANNER "/system1/sol1\r\n" PROMPT
	    "/system1/sol1\r\n\r\n" PRESS BOOT, SMASH_UP,
	    "cd /system1/sol1\rstart\r", BOOT, NULL);
	check_dialog(INSYDE_BANNER "/system1/sol1\r\n" PROMPT
	    "/system1/sol1\r\n\r\n" PRESS PRESS_KEYS BOOT, SMASH_UP,
	    "cd /system1/sol1\rstart\r", BOOT, NULL);
	/* a console whose first line starts with "(p" is not the keys'
	 * line; byte by byte, the "(p" taken while it might have been is
	 * lost (smash-clp.h), no more */
	run_dialog(INSYDE_BANNER "/system1/sol1\r\n" PROMPT
	    "/system1/sol1\r\n\r\n" PRESS "(pxe boot)\r\n", 0, &o);
	CHECK_LL(o.step, SMASH_UP, "step");
	CHECK_STR(o.console, "(pxe boot)\r\n", "console");
	run_dialog(INSYDE_BANNER "/system1/sol1\r\n" PROMPT
	    "/system1/sol1\r\n\r\n" PRESS "(pxe boot)\r\n", 1, &o);
	CHECK_LL(o.step, SMASH_UP, "step");
	CHECK_STR(o.console, "xe boot)\r\n", "console");
	/* a CR first is the console's, whatever the split */
	check_dialog(INSYDE_BANNER "/system1/sol1\r\n" PROMPT
	    "/system1/sol1\r\n\r\n" PRESS "\r\n" BOOT, SMASH_UP,
	    "cd /system1/sol1\rstart\r", "\r\n" BOOT, NULL);
}

/* Echoes: a PTY's, a shell that redraws the prompt with the line, and
 * the echo line alone is no answer. */
static void
test_echo(void)
{
	check_dialog(ATEN_BANNER "\r-> cd /system1/sol1  \r\n"
	    "/system1/sol1 \r\n" PROMPT "\r-> start\r\n" PRESS BOOT, SMASH_UP,
	    "cd /system1/sol1\rstart\r", BOOT, NULL);
	/* only the echo, then a prompt: the relative cd is tried */
	check_dialog(ATEN_BANNER "cd /system1/sol1\r\n" PROMPT, SMASH_SEND,
	    "cd /system1/sol1\rcd system1/sol1\r", NULL, NULL);
}

static void
test_relative(void)
{
	check_dialog(ATEN_BANNER "cd /system1/sol1\r\n"
	    "Invalid target: /system1/sol1\r\n" PROMPT
	    "cd system1/sol1\r\n/system1/sol1\r\n" PROMPT START_OK BOOT,
	    SMASH_UP, "cd /system1/sol1\rcd system1/sol1\rstart\r", BOOT,
	    NULL);
}

/* Both cds fail: the BMC's words, without its escape sequences and
 * control characters. */
static void
test_no_target(void)
{
	check_dialog(ATEN_BANNER "cd /system1/sol1\r\n"
	    "\033[1;31mInvalid target: /system1/sol1\033[0m\r\n" PROMPT
	    "cd system1/sol1\r\n\033]0;bmc\007Invalid\ttarget:\033(B "
	    "system1/sol1\a\r\n\033[K" PROMPT, SMASH_FAILED,
	    "cd /system1/sol1\rcd system1/sol1\r", NULL,
	    "the BMC has no /system1/sol1: cd /system1/sol1 answered "
	    "\"Invalid target: /system1/sol1\", cd system1/sol1 answered "
	    "\"Invalid target: system1/sol1\"");
	/* no answer at all, two lines, a byte that is no UTF-8 */
	check_dialog(ATEN_BANNER "\r\n-> " "No such\r\n\r\ncommand\xff\r\n"
	    PROMPT, SMASH_FAILED, "cd /system1/sol1\rcd system1/sol1\r", NULL,
	    "the BMC has no /system1/sol1: cd /system1/sol1 answered "
	    "nothing, cd system1/sol1 answered \"No such; command?\"");
}

/* start answered with a prompt: SOL did not start, in the BMC's words. */
static void
test_start_refused(void)
{
	check_dialog(ATEN_BANNER CD_OK_ECHO "start\r\n/system1/sol1\r\n\r\n"
	    "SOL session is in use by another client\r\n" PROMPT BOOT,
	    SMASH_FAILED, "cd /system1/sol1\rstart\r", NULL,
	    "SOL did not start: start answered \"SOL session is in use by "
	    "another client\"");
	check_dialog(ATEN_BANNER CD_OK_ECHO "start\r\n" PROMPT,
	    SMASH_FAILED, "cd /system1/sol1\rstart\r", NULL,
	    "SOL did not start: start answered nothing");
}

/* A long answer is cut, with "...". */
static void
test_long_answer(void)
{
	char *in = NULL, *line, *want;
	struct outcome o;
	size_t i;

	line = xmalloc(2001);
	memset(line, 'e', 2000);
	line[2000] = '\0';
	in = xstrdup(ATEN_BANNER CD_OK_ECHO "start\r\n");
	for (i = 0; i < 20; i++) {
		char *next = xasprintf("%s%s\r\n", in, line);

		free(in);
		in = next;
	}
	want = xasprintf("%s" PROMPT, in);
	free(in);
	run_dialog(want, 0, &o);
	CHECK_LL(o.step, SMASH_FAILED, "step");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o.why);
	CU_ASSERT(strlen(o.why) < SMASH_ANSWER_MAX + 64);
	CHECK_CONTAINS(o.why, "eee...\"", "cut");
	free(o.why);
	free(want);
	free(line);
}

/* A BMC that babbles and never prompts: nothing decided, nothing grows,
 * and each feed takes all it is given. */
static void
test_babble(void)
{
	static const char *const noise[] = {
		"All Rights Reserved -> x\r\n", "--> ", "->x", " -> \r\n",
		"\033[2J\033[H", "\033]0;title\a", "\r\r\r", "ATEN",
	};
	struct smash_dialog d;
	char chunk[4096];
	size_t i, j, n, used;

	smash_dialog_init(&d);
	for (i = 0; i < 512; i++) {
		n = 0;
		for (j = 0; n + 32 < sizeof chunk; j++) {
			size_t k = strlen(noise[(i + j) % 8]);

			memcpy(chunk + n, noise[(i + j) % 8], k);
			n += k;
		}
		CU_ASSERT_EQUAL(smash_dialog_feed(&d, chunk, n, &used),
		    SMASH_MORE);
		CU_ASSERT_EQUAL(used, n);
		CU_ASSERT(d.line_len < SMASH_LINE_MAX);
	}
	CU_ASSERT_PTR_NULL(d.why);
	CHECK_STR(smash_dialog_waiting_for(&d), "a SMASH-CLP prompt (->)",
	    "waiting");
	/* a long line without a newline: kept bounded, then a prompt */
	memset(chunk, 'a', sizeof chunk);
	for (i = 0; i < 256; i++) {
		smash_dialog_feed(&d, chunk, sizeof chunk, &used);
		CU_ASSERT_EQUAL(used, sizeof chunk);
	}
	CU_ASSERT(d.line_len < SMASH_LINE_MAX);
	CU_ASSERT_EQUAL(smash_dialog_feed(&d, PROMPT, 5, &used), SMASH_SEND);
	CU_ASSERT_EQUAL(used, 5);
	CHECK_STR(d.send, "cd /system1/sol1\r", "send");
	smash_dialog_free(&d);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "ATEN transcript, whole and split", test_aten);
	CU_add_test(s, "what it waits for", test_waiting_for);
	CU_add_test(s, "Insyde banner, no echo, no keys line", test_insyde);
	CU_add_test(s, "command echoes", test_echo);
	CU_add_test(s, "Invalid target, then relative cd", test_relative);
	CU_add_test(s, "no SOL target: the BMC's words", test_no_target);
	CU_add_test(s, "start answered by a prompt", test_start_refused);
	CU_add_test(s, "a long answer is cut", test_long_answer);
	CU_add_test(s, "a BMC babbling without prompt", test_babble);
}
