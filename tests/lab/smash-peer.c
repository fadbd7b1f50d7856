/* Lab fake of a BMC's SSH SMASH-CLP shell with its SOL (sshd ForceCommand). */

/*
 * The fake of ../shared/labs/ssh.md, section 2, byte for byte: sshd runs it
 * as the ForceCommand of the BMC's user (tests/lab/smash-peer.sh shows the
 * Match block). Standard input and output are the SSH channel: a PTY (put in
 * raw mode here; the shell does its own echo, CR -> CR LF, backspace and ^C)
 * or pipes (no echo). Every line it writes ends in CR LF.
 *
 *   - the ATEN banner (or Insyde's), a blank line and the prompt "\r\n-> ";
 *   - cd [TARGET], show [TARGET], help, version, exit, quit; start, stop and
 *     reset [TARGET]; the tree is /, /system1, /system1/sol1 and
 *     /system1/pwrmgtsvc1 (whose start/stop/reset print "VERB done...");
 *     a target outside it prints "Invalid target: X";
 *   - start in /system1/sol1 prints its notice, boot lines
 *     (FAKE_SMASH_BOOT_DELAY seconds apart, default 0.02) and
 *     "fakehost login: ", then is the serial line: keys are echoed, Enter
 *     gives CR LF (and another "fakehost login: " after an empty line),
 *     CR LF counts as one Enter, and Enter Esc T (or t) returns to the
 *     prompt;
 *   - with SSH_ORIGINAL_COMMAND set (ssh bmc 'show /system1/sol1') it runs
 *     that one command, without banner or prompt, and exits.
 *
 * Options for the tests (on the ForceCommand line):
 *   --feed FIFO   while in SOL, what the test writes into FIFO goes out as
 *                 the server's console output (the FIFO is opened read-write
 *                 at start, so a writer never blocks and never sees EOF)
 *   --keys FILE   every byte received in SOL is appended to FILE at once
 *   --log FILE    one line per event: "cd PATH" (the path reached),
 *                 "start", "start busy", "sol-end", "exit", "eof"
 *   --insyde      the Insyde banner
 *   --relative    only relative targets: an absolute one is invalid
 *   --sol-busy    start in /system1/sol1 answers that SOL is in use by
 *                 another session, and the prompt
 *
 * It exits on exit/quit (status 0) or at the end of its input (the SSH
 * session gone: logged "eof"). No curses, no threads: one poll loop.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_LEN 512
#define PATH_LEN     128

static const char *aten_banner =
    "ATEN SMASH-CLP System Management Shell, version 1.05\r\n"
    "Copyright (c) 2008-2009 by ATEN International CO., Ltd.\r\n"
    "All Rights Reserved \r\n"
    "\r\n";
static const char *insyde_banner =
    "Insyde SMASH-CLP System Management Shell, versions 1.05\r\n"
    "Copyright (c) 2013-2015 by Insyde Software Corp.\r\n"
    "All Rights Reserved \r\n"
    "\r\n";
static const char *prompt = "\r\n-> ";
static const char *sol_notice =
    "/system1/sol1\r\n\r\n"
    "press <Enter>, <Esc>, and then <T> to terminate session\r\n"
    "(press the keys in sequence, one after the other)\r\n";
static const char *sol_busy =
    "start failed: SOL is in use by another session\r\n";
static const char *boot_lines[] = {
	"\r\n",
	"[    0.000000] Linux version 6.1.0-fake (fake@fakehost) #1 SMP\r\n",
	"[    0.000000] Command line: console=ttyS1,115200n8\r\n",
	"[    1.234567] fake: reached target Multi-User System\r\n",
	"\r\n",
	"Debian GNU/Linux 12 fakehost ttyS1\r\n",
	"\r\n",
	"fakehost login: ",
};
static const char *login = "fakehost login: ";

/* The tree: each node, its children, properties and verbs. */
struct node {
	const char *path;
	const char *targets;	/* children, space separated */
	const char *props;	/* "name=value" lines, space separated */
	const char *verbs;
};
static const struct node tree[] = {
	{ "/", "system1", "", "cd show help version exit" },
	{ "/system1", "sol1 pwrmgtsvc1", "name=fakehost enabledstate=enabled",
	  "cd show help version exit" },
	{ "/system1/sol1", "", "enabledstate=enabled baudrate=115200",
	  "cd show start help version exit" },
	{ "/system1/pwrmgtsvc1", "", "powerstate=on",
	  "cd show start stop reset help version exit" },
};

struct shell {
	int tty;		/* standard input is a terminal: echo */
	int feed_fd;		/* --feed, or -1 */
	int keys_fd;		/* --keys, or -1 */
	FILE *log;		/* --log, or NULL */
	int insyde, relative, busy;
	double boot_delay;
	char cwd[PATH_LEN];
	char line[LINE_MAX_LEN];
	size_t len;
	int last_cr;		/* the previous byte was CR (a LF after it is eaten) */
	unsigned char in[4096];	/* what was read and not yet taken */
	size_t in_pos, in_len;
	struct termios saved;
	int saved_ok;
};

static void
say(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* the session is gone: the read sees it */
		s += w;
		n -= (size_t)w;
	}
}

static void
say_byte(unsigned char c)
{
	char b[2] = { (char)c, '\0' };

	if (c == '\0')
		(void)!write(STDOUT_FILENO, b, 1);
	else
		say(b);
}

static void
sayf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	say(buf);
}

static void
log_event(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	if (sh->log == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(sh->log, fmt, ap);
	va_end(ap);
	fputc('\n', sh->log);
	fflush(sh->log);
}

static void
restore_tty(struct shell *sh)
{
	if (sh->saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &sh->saved);
}

static void
finish(struct shell *sh, const char *event, int status)
{
	log_event(sh, "%s", event);
	restore_tty(sh);
	exit(status);
}

static const struct node *
find_node(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof tree / sizeof tree[0]; i++)
		if (strcmp(tree[i].path, path) == 0)
			return &tree[i];
	return NULL;
}

/*
 * Resolve TARGET against the current path into OUT; the node, or NULL for
 * an invalid target (an absolute one under --relative too).
 */
static const struct node *
resolve(struct shell *sh, const char *target, char *out)
{
	char work[PATH_LEN * 2], *p, *save = NULL;

	if (target == NULL || *target == '\0') {
		snprintf(out, PATH_LEN, "%s", sh->cwd);
		return find_node(out);
	}
	if (target[0] == '/') {
		if (sh->relative)
			return NULL;
		snprintf(work, sizeof work, "%s", target);
	} else
		snprintf(work, sizeof work, "%s/%s", sh->cwd, target);
	if (strlen(work) >= PATH_LEN)
		return NULL;
	out[0] = '\0';
	for (p = strtok_r(work, "/", &save); p != NULL;
	    p = strtok_r(NULL, "/", &save)) {
		if (strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0) {
			char *slash = strrchr(out, '/');

			if (slash != NULL)
				*slash = '\0';
			continue;
		}
		strcat(out, "/");
		strcat(out, p);
	}
	if (out[0] == '\0')
		strcpy(out, "/");
	return find_node(out);
}

/* Print a space-separated list, one item a line, indented by four. */
static void
list(const char *items)
{
	char buf[256], *p, *save = NULL;

	snprintf(buf, sizeof buf, "%s", items);
	for (p = strtok_r(buf, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save))
		sayf("    %s\r\n", p);
}

static void
sleep_boot(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void sol_run(struct shell *sh);

static void
cmd_start_sol(struct shell *sh)
{
	size_t i;

	if (sh->busy) {
		log_event(sh, "start busy");
		say(sol_busy);
		return;
	}
	log_event(sh, "start");
	say(sol_notice);
	for (i = 0; i < sizeof boot_lines / sizeof boot_lines[0]; i++) {
		sleep_boot(sh->boot_delay);
		say(boot_lines[i]);
	}
	sol_run(sh);
}

/* Run one command line; 1 when it ended the session. */
static int
run_command(struct shell *sh, char *cmd)
{
	char path[PATH_LEN], *verb, *target, *extra, *save = NULL;
	const struct node *n;

	verb = strtok_r(cmd, " \t", &save);
	if (verb == NULL)
		return 0;
	target = strtok_r(NULL, " \t", &save);
	extra = strtok_r(NULL, " \t", &save);
	if (strcmp(verb, "exit") == 0 || strcmp(verb, "quit") == 0)
		return 1;
	if (strcmp(verb, "help") == 0) {
		say("Supported commands:\r\n"
		    "    cd [target]       go to a target\r\n"
		    "    show [target]     show a target's targets, properties and verbs\r\n"
		    "    start [target]    start a service (in /system1/sol1: the serial console)\r\n"
		    "    stop [target]     stop a service\r\n"
		    "    reset [target]    reset a service\r\n"
		    "    help              this text\r\n"
		    "    version           the shell's version\r\n"
		    "    exit, quit        leave the shell\r\n");
		return 0;
	}
	if (strcmp(verb, "version") == 0) {
		say("SMASH-CLP version 1.05\r\n");
		return 0;
	}
	if (strcmp(verb, "cd") != 0 && strcmp(verb, "show") != 0 &&
	    strcmp(verb, "start") != 0 && strcmp(verb, "stop") != 0 &&
	    strcmp(verb, "reset") != 0) {
		sayf("Invalid command: %s\r\n", verb);
		return 0;
	}
	if (extra != NULL) {
		sayf("Invalid target: %s\r\n", extra);
		return 0;
	}
	n = resolve(sh, target, path);
	if (n == NULL) {
		sayf("Invalid target: %s\r\n", target ? target : "");
		return 0;
	}
	if (strcmp(verb, "cd") == 0) {
		snprintf(sh->cwd, sizeof sh->cwd, "%s", n->path);
		log_event(sh, "cd %s", n->path);
		sayf("%s\r\n", n->path);
		return 0;
	}
	if (strcmp(verb, "show") == 0) {
		sayf("%s\r\n  Targets:\r\n", n->path);
		list(n->targets);
		say("  Properties:\r\n");
		list(n->props);
		say("  Verbs:\r\n");
		list(n->verbs);
		return 0;
	}
	/* start, stop, reset */
	if (strcmp(n->path, "/system1/pwrmgtsvc1") == 0) {
		sayf("%s done...\r\n", verb);
		return 0;
	}
	if (strcmp(n->path, "/system1/sol1") == 0 && strcmp(verb, "start") == 0) {
		cmd_start_sol(sh);
		return 0;
	}
	sayf("Invalid command: %s\r\n", verb);
	return 0;
}

/*
 * Refill the input buffer when it is empty (a command line and what
 * follows it, "start\r" and the first keys, "\r\033Texit\r", may come in
 * one read: what one mode leaves is the next one's). 0 at the end.
 */
static int
fill_in(struct shell *sh)
{
	ssize_t r;

	if (sh->in_pos < sh->in_len)
		return 1;
	do
		r = read(STDIN_FILENO, sh->in, sizeof sh->in);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return 0;
	sh->in_pos = 0;
	sh->in_len = (size_t)r;
	return 1;
}

/* Append IN[FROM..TO) to --keys. */
static void
keys_out(struct shell *sh, size_t from, size_t to)
{
	while (sh->keys_fd >= 0 && from < to) {
		ssize_t w = write(sh->keys_fd, sh->in + from, to - from);

		if (w <= 0)
			return;
		from += (size_t)w;
	}
}

/* Copy what the test wrote into the feed FIFO out as console output. */
static void
feed_out(struct shell *sh)
{
	char buf[4096];
	ssize_t r;

	while ((r = read(sh->feed_fd, buf, sizeof buf)) > 0) {
		ssize_t off = 0;

		while (off < r) {
			ssize_t w = write(STDOUT_FILENO, buf + off,
			    (size_t)(r - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return;
			off += w;
		}
	}
}

/*
 * The serial line after start: echo keys, answer Enter, feed the test's
 * output, until Enter Esc T (back to the prompt) or the end of input.
 */
static void
sol_run(struct shell *sh)
{
	unsigned char c;
	/* 0: plain, 1: after Enter, 2: after Enter Esc (the Esc held back) */
	int state = 1, empty = 1;
	size_t from;

	for (;;) {
		struct pollfd p[2];
		nfds_t np = 1;

		if (sh->in_pos >= sh->in_len) {
			p[0].fd = STDIN_FILENO;
			p[0].events = POLLIN;
			if (sh->feed_fd >= 0) {
				p[1].fd = sh->feed_fd;
				p[1].events = POLLIN;
				np = 2;
			}
			if (poll(p, np, -1) < 0) {
				if (errno == EINTR)
					continue;
				finish(sh, "eof", 1);
			}
			if (np == 2 && (p[1].revents & POLLIN))
				feed_out(sh);
			if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (!fill_in(sh))
				finish(sh, "eof", 0);
		}
		from = sh->in_pos;
		while (sh->in_pos < sh->in_len) {
			c = sh->in[sh->in_pos++];
			if (c == '\n' && sh->last_cr) {
				sh->last_cr = 0;
				continue;	/* CR LF: one Enter */
			}
			sh->last_cr = c == '\r';
			if (state == 2) {
				if (c == 'T' || c == 't') {
					keys_out(sh, from, sh->in_pos);
					log_event(sh, "sol-end");
					return;	/* the caller prompts */
				}
				say("\033");	/* the held Esc: not the escape */
				state = 0;
			}
			if (state == 1 && c == 0x1b) {
				state = 2;
				continue;
			}
			if (c == '\r' || c == '\n') {
				say("\r\n");
				if (empty)
					say(login);
				empty = 1;
				state = 1;
				continue;
			}
			state = 0;
			empty = 0;
			say_byte(c);
		}
		keys_out(sh, from, sh->in_pos);
	}
}

/* Take one byte of the command line (echoed on a terminal); 1: a line. */
static int
edit_byte(struct shell *sh, unsigned char c)
{
	if (c == '\n' && sh->last_cr) {
		sh->last_cr = 0;
		return 0;
	}
	sh->last_cr = c == '\r';
	if (c == '\r' || c == '\n') {
		if (sh->tty)
			say("\r\n");
		return 1;
	}
	if (c == 0x7f || c == 0x08) {
		if (sh->len > 0) {
			sh->len--;
			if (sh->tty)
				say("\b \b");
		}
		return 0;
	}
	if (c == 0x03) {	/* ^C: the line is dropped */
		sh->len = 0;
		if (sh->tty)
			say("^C\r\n");
		say(prompt);
		return 0;
	}
	if (c < 0x20 || sh->len + 1 >= sizeof sh->line)
		return 0;
	sh->line[sh->len++] = (char)c;
	if (sh->tty)
		say_byte(c);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: smash-peer [--feed FIFO] [--keys FILE] "
	    "[--log FILE] [--insyde] [--relative] [--sol-busy]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct shell sh;
	const char *one, *delay;
	int i;

	memset(&sh, 0, sizeof sh);
	sh.feed_fd = sh.keys_fd = -1;
	strcpy(sh.cwd, "/");
	delay = getenv("FAKE_SMASH_BOOT_DELAY");
	sh.boot_delay = delay != NULL ? atof(delay) : 0.02;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--insyde") == 0)
			sh.insyde = 1;
		else if (strcmp(a, "--relative") == 0)
			sh.relative = 1;
		else if (strcmp(a, "--sol-busy") == 0)
			sh.busy = 1;
		else if (i + 1 < argc && strcmp(a, "--feed") == 0) {
			sh.feed_fd = open(argv[++i], O_RDWR | O_NONBLOCK |
			    O_CLOEXEC);
			if (sh.feed_fd < 0)
				perror(argv[i]);
		} else if (i + 1 < argc && strcmp(a, "--keys") == 0) {
			sh.keys_fd = open(argv[++i], O_WRONLY | O_APPEND |
			    O_CREAT | O_CLOEXEC, 0644);
			if (sh.keys_fd < 0)
				perror(argv[i]);
		} else if (i + 1 < argc && strcmp(a, "--log") == 0) {
			sh.log = fopen(argv[++i], "ae");
			if (sh.log == NULL)
				perror(argv[i]);
		} else
			usage();
	}
	/* A hung-up PTY is seen as the end of input, and logged. */
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);

	one = getenv("SSH_ORIGINAL_COMMAND");
	if (one != NULL && *one != '\0') {
		char cmd[LINE_MAX_LEN];

		snprintf(cmd, sizeof cmd, "%s", one);
		run_command(&sh, cmd);
		finish(&sh, "exit", 0);
	}

	sh.tty = isatty(STDIN_FILENO);
	if (sh.tty && tcgetattr(STDIN_FILENO, &sh.saved) == 0) {
		struct termios raw = sh.saved;

		cfmakeraw(&raw);
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
			sh.saved_ok = 1;
	}
	say(sh.insyde ? insyde_banner : aten_banner);
	say(prompt);
	for (;;) {
		if (!fill_in(&sh))
			finish(&sh, "eof", 0);
		if (!edit_byte(&sh, sh.in[sh.in_pos++]))
			continue;
		sh.line[sh.len] = '\0';
		sh.len = 0;
		if (run_command(&sh, sh.line))
			finish(&sh, "exit", 0);
		say(prompt);
	}
}
