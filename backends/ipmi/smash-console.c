/* SOL through a BMC's SSH SMASH-CLP shell: the dialog, then the relay. */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "plugin.h"
#include "smash-clp.h"
#include "smash-console.h"
#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

/* The terminal the SMASH-CLP shell is told it runs on. The server's
 * console does not learn it (SOL has no size), so a VT100's 80x24. */
#define SMASH_TERMINAL "terminal:vt100:80x24"

#define SMASH_BUF 16384

/* After the BMC said SOL started: this long without a byte and the
 * console is up (a server that prints nothing yet). */
#define SMASH_SETTLE_MS 1000

/* On close, how long the BMC has to end the session after exit. */
#define SMASH_LEAVE_MS 3000

struct smash_console {
	char *name;
	int bmc;         /* the terminal stream, non-blocking */
	int ours;        /* our end of the core's socketpair, non-blocking */
	int core;        /* the core's end */
	int wake[2];     /* smash_console_close wakes the thread */
	pthread_t thread;
	pthread_mutex_t lock;
	char *why;       /* under lock: why it ended, or NULL */
	int up;          /* SOL runs (the thread's; read after the join) */
	int closing;     /* under lock: smash_console_close was called */
	int finished;    /* under lock: the thread is through with c */
	struct smash_dialog dialog;
	char to_core[SMASH_BUF];
	size_t to_core_off, to_core_len;
	char to_bmc[SMASH_BUF];
	size_t to_bmc_off, to_bmc_len;
};

/* The thread's end: why, kept for smash_console_end (the first reason
 * wins). */
static void
smash_set_why(struct smash_console *c, char *why)
{
	pthread_mutex_lock(&c->lock);
	if (c->why == NULL)
		c->why = why;
	else
		free(why);
	pthread_mutex_unlock(&c->lock);
}

/* Write what is pending from buf to fd, as far as fd takes it now. -1
 * when fd is gone. */
static int
smash_flush(int fd, const char *buf, size_t *off, size_t *len)
{
	ssize_t n;

	while (*off < *len) {
		n = send(fd, buf + *off, *len - *off, MSG_DONTWAIT |
		    MSG_NOSIGNAL);
		if (n > 0) {
			*off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return -1;
	}
	*off = *len = 0;
	return 0;
}

/* Append len bytes for the BMC (the dialog's commands; they are short,
 * and nothing else is pending before SOL runs). */
static void
smash_queue_bmc(struct smash_console *c, const char *data, size_t len)
{
	if (len > sizeof c->to_bmc - c->to_bmc_len)
		len = sizeof c->to_bmc - c->to_bmc_len;
	memcpy(c->to_bmc + c->to_bmc_len, data, len);
	c->to_bmc_len += len;
}

/* The BMC's bytes before SOL runs, through the dialog. 0 to go on, -1
 * when it failed (why said). */
static int
smash_dialog_bytes(struct smash_console *c, const char *buf, size_t len)
{
	size_t off = 0, used;

	for (;;) {
		switch (smash_dialog_feed(&c->dialog, buf + off, len - off,
		    &used)) {
		case SMASH_MORE:
			return 0;
		case SMASH_SEND:
			off += used;
			smash_queue_bmc(c, c->dialog.send,
			    strlen(c->dialog.send));
			if (off >= len)
				return 0;
			break;
		case SMASH_UP:
			off += used;
			c->up = 1;
			/* The core's sign that the console is up, then
			 * the console's first bytes. */
			c->to_core[0] = '\0';
			c->to_core_off = 0;
			c->to_core_len = 1 + (len - off);
			memcpy(c->to_core + 1, buf + off, len - off);
			return 0;
		case SMASH_FAILED:
			smash_set_why(c, xasprintf("%s: %s", c->name,
			    c->dialog.why != NULL ? c->dialog.why :
			    "SOL did not start"));
			return -1;
		}
	}
}

/* Read from the BMC. 0 to go on, -1 at its end (why said). */
static int
smash_from_bmc(struct smash_console *c)
{
	char buf[SMASH_BUF - 1];
	ssize_t n;

	n = read(c->bmc, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return 0;
	if (n <= 0) {
		smash_set_why(c, xasprintf(c->up ? "%s: the BMC's SSH session "
		    "ended (or its connection was lost)" : "%s: the BMC's "
		    "SSH session ended before SOL started", c->name));
		return -1;
	}
	if (!c->up)
		return smash_dialog_bytes(c, buf, (size_t)n);
	memcpy(c->to_core, buf, (size_t)n);
	c->to_core_off = 0;
	c->to_core_len = (size_t)n;
	return 0;
}

/* Read the core's keys. 0 to go on, -1 when the core closed its end. */
static int
smash_from_core(struct smash_console *c)
{
	ssize_t n;

	n = read(c->ours, c->to_bmc, sizeof c->to_bmc);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	c->to_bmc_off = 0;
	c->to_bmc_len = (size_t)n;
	return 0;
}

/*
 * Leave SOL and log out as a person would: the keys still pending, then
 * Enter Esc T and exit; then wait, at most SMASH_LEAVE_MS, for the BMC to
 * end the session. Closing the stream at once had sshd hang up the
 * shell's PTY before the shell read those keys (they were lost, and the
 * BMC kept SOL until its own timeout).
 */
static void
smash_leave(struct smash_console *c)
{
	static const char leave[] = SMASH_SOL_LEAVE SMASH_EXIT;
	size_t off = 0, len = sizeof leave - 1;
	long long end = clock_now_ms() + SMASH_LEAVE_MS, left;
	char buf[4096];
	struct pollfd p;
	ssize_t n;

	for (;;) {
		if (smash_flush(c->bmc, c->to_bmc, &c->to_bmc_off,
		    &c->to_bmc_len) != 0)
			return;
		if (c->to_bmc_len == 0 && smash_flush(c->bmc, leave, &off,
		    &len) != 0)
			return;
		left = end - clock_now_ms();
		if (left <= 0)
			return;
		p.fd = c->bmc;
		p.events = (short)(POLLIN | (c->to_bmc_len > 0 || len > 0 ?
		    POLLOUT : 0));
		p.revents = 0;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return;
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(c->bmc, buf, sizeof buf);
			if (n == 0 || (n < 0 && errno != EAGAIN &&
			    errno != EINTR))
				return; /* the BMC ended it */
		}
	}
}

static void
smash_free(struct smash_console *c)
{
	close(c->bmc);
	close(c->ours);
	close(c->core);
	close(c->wake[0]);
	close(c->wake[1]);
	smash_dialog_free(&c->dialog);
	pthread_mutex_destroy(&c->lock);
	free(c->why);
	free(c->name);
	free(c);
}

static void *
smash_main(void *arg)
{
	struct smash_console *c = arg;
	struct pollfd p[3];
	long long deadline = clock_now_ms() + SMASH_STEP_TIMEOUT_S * 1000LL;
	long long left;
	size_t sent_before;
	int n, closing;

	for (;;) {
		sent_before = c->to_bmc_len;
		if (smash_flush(c->bmc, c->to_bmc, &c->to_bmc_off,
		    &c->to_bmc_len) != 0) {
			smash_set_why(c, xasprintf("%s: the BMC's SSH session "
			    "ended", c->name));
			break;
		}
		if (!c->up && sent_before > 0)
			/* Each command gets its own time to be answered. */
			deadline = clock_now_ms() +
			    SMASH_STEP_TIMEOUT_S * 1000LL;
		if (smash_flush(c->ours, c->to_core, &c->to_core_off,
		    &c->to_core_len) != 0)
			break; /* the core closed its end */
		p[0].fd = c->wake[0];
		p[0].events = POLLIN;
		p[1].fd = c->bmc;
		p[1].events = (short)((c->to_core_len == 0 ? POLLIN : 0) |
		    (c->to_bmc_len > 0 ? POLLOUT : 0));
		p[2].fd = c->ours;
		p[2].events = (short)((c->up && c->to_bmc_len == 0 ? POLLIN :
		    0) | (c->to_core_len > 0 ? POLLOUT : 0));
		/* Not looked at while nothing is wanted of it (a hang-up
		 * waits until its bytes can be taken). */
		if (p[1].events == 0)
			p[1].fd = -1;
		if (p[2].events == 0)
			p[2].fd = -1;
		left = deadline - clock_now_ms();
		if (!c->up && smash_dialog_started(&c->dialog) &&
		    left > SMASH_SETTLE_MS)
			left = SMASH_SETTLE_MS;
		if (!c->up && left <= 0) {
			smash_set_why(c, xasprintf("%s: no answer from its "
			    "SMASH-CLP shell in %d s (waiting for %s)",
			    c->name, SMASH_STEP_TIMEOUT_S,
			    smash_dialog_waiting_for(&c->dialog)));
			break;
		}
		n = poll(p, 3, c->up ? -1 : (int)left);
		if (n < 0 && errno != EINTR)
			break;
		if (n == 0 && !c->up && smash_dialog_started(&c->dialog)) {
			/* Started, and the server is silent: up. */
			c->up = 1;
			c->to_core[0] = '\0';
			c->to_core_off = 0;
			c->to_core_len = 1;
			continue;
		}
		if (n <= 0)
			continue;
		if (p[0].revents != 0) {
			/* smash_console_close */
			if (c->up)
				smash_leave(c);
			break;
		}
		if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    c->to_core_len == 0 && smash_from_bmc(c) != 0)
			break;
		if ((p[2].revents & (POLLIN | POLLHUP | POLLERR)) && c->up &&
		    c->to_bmc_len == 0 && smash_from_core(c) != 0)
			break;
	}
	/* The core reads end of file (and asks smash_console_end why). */
	shutdown(c->ours, SHUT_RDWR);
	/* Whoever of this thread and smash_console_close comes last frees. */
	pthread_mutex_lock(&c->lock);
	c->finished = 1;
	closing = c->closing;
	pthread_mutex_unlock(&c->lock);
	if (closing)
		smash_free(c);
	return NULL;
}

struct smash_console *
smash_console_open(struct transport *t, const char *name, int *fd,
    char **cause)
{
	struct smash_console *c;
	int sv[2];

	*fd = -1;
	if (t->ops->stream == NULL) {
		*cause = xasprintf("%s: its transport has no terminal "
		    "sessions", name);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	c->bmc = c->ours = c->core = c->wake[0] = c->wake[1] = -1;
	pthread_mutex_init(&c->lock, NULL);
	smash_dialog_init(&c->dialog);
	if (t->ops->stream(t, SMASH_TERMINAL, 0, &c->bmc, cause) != 0)
		goto fail;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		*cause = xasprintf("%s: SOL: %s", name, strerror(errno));
		goto fail;
	}
	c->core = sv[0];
	c->ours = sv[1];
	if (pipe2(c->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		*cause = xasprintf("%s: SOL: %s", name, strerror(errno));
		goto fail;
	}
	(void)fcntl(c->bmc, F_SETFL, fcntl(c->bmc, F_GETFL) | O_NONBLOCK);
	(void)fcntl(c->ours, F_SETFL, fcntl(c->ours, F_GETFL) | O_NONBLOCK);
	(void)fcntl(c->core, F_SETFL, fcntl(c->core, F_GETFL) | O_NONBLOCK);
	if (pthread_create(&c->thread, NULL, smash_main, c) != 0) {
		*cause = xasprintf("%s: SOL: cannot start its thread", name);
		goto fail;
	}
	*fd = c->core;
	return c;

fail:
	if (c->bmc >= 0)
		close(c->bmc);
	if (c->ours >= 0)
		close(c->ours);
	if (c->core >= 0)
		close(c->core);
	if (c->wake[0] >= 0) {
		close(c->wake[0]);
		close(c->wake[1]);
	}
	smash_dialog_free(&c->dialog);
	pthread_mutex_destroy(&c->lock);
	free(c->name);
	free(c);
	return NULL;
}

int
smash_console_end(struct smash_console *c, char **text)
{
	pthread_mutex_lock(&c->lock);
	*text = c->why != NULL ? xstrdup(c->why) :
	    xasprintf("%s: the console ended", c->name);
	pthread_mutex_unlock(&c->lock);
	return PLUGIN_CONSOLE_FAILED;
}

void
smash_console_close(struct smash_console *c)
{
	int finished;

	if (c == NULL)
		return;
	/* Under the lock: the thread frees c only after taking it. */
	pthread_mutex_lock(&c->lock);
	c->closing = 1;
	finished = c->finished;
	if (!finished) {
		/* The thread leaves SOL (smash_leave), logs out and frees
		 * c: no network wait here. */
		(void)!write(c->wake[1], "", 1);
		pthread_detach(c->thread);
	}
	pthread_mutex_unlock(&c->lock);
	if (finished) {
		pthread_join(c->thread, NULL);
		smash_free(c);
	}
}
