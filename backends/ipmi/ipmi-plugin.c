/* The IPMI plugin: a BMC's user table and power over IPMI 2.0 (libfreeipmi),
 * and its Serial-over-LAN console (libipmiconsole). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <freeipmi/freeipmi.h>
#include <ipmiconsole.h>

#include "bmc-target.h"
#include "change.h"
#include "ipmi-audit.h"
#include "ipmi.h"
#include "plugin.h"
#include "rmcp-quick.h"
#include "smash-console.h"
#include "strutil.h"
#include "worker.h"
#include "xmalloc.h"

/*
 * One libfreeipmi session (ipmi_ctx) per handle, opened on the first
 * snapshot on the worker and kept open across refreshes (BMCs have few
 * session slots; a login costs a few round trips); a call that times out
 * or loses the session closes it and the next snapshot logs in again.
 * A ctx is not thread-safe: the core serialises a handle's jobs and never
 * closes a handle while one runs.
 *
 * The password: from the environment, a file or freeipmi.conf it is read
 * for each login and wiped right after it; a typed one (job_ask) is kept
 * in the handle, since asking again at every re-login would be worse, and
 * wiped at close or when the BMC calls it invalid. A question dismissed,
 * or IPMI_TYPED_TRIES typed passwords the BMC called invalid in a row,
 * hold the asking (ask_held) until the admin asks for it: a refresh of
 * the panel, a change or a console; polls then fail at once with why.
 */
struct ipmi_handle {
	const struct bmc_target *bmc; /* the core's; lives as long as we do */
	char *address;        /* "127.0.0.1:9001"; "ssh://..." for ssh */
	struct transport *ssh; /* a BMC reached through its SSH (bmc->ssh):
				  the core's login to it; only SOL, through
				  SMASH-CLP (smash-console.h); else NULL */
	ipmi_ctx_t ctx;       /* NULL: no session */
	/* The first frame's session (rmcp-quick.h), left open once the power
	 * was read so that the BMC answers no Close Session while the other
	 * BMCs' first reads need its CPU; ended before the next login
	 * (ipmi_session_begin) or at close. NULL: none. */
	struct rmcp_quick *held;
	int channel;          /* the LAN channel, found once a session */
	char *asked;          /* a typed password, or NULL */
	int typed_wrong;      /* typed ones the BMC refused, in a row */
	char *ask_held;       /* why polls ask no more, or NULL */
	/*
	 * The slots whose new credentials logged in (verify-login) during
	 * this run: the fact the lockout rules lean on ("another
	 * administrator has been verified in this session") lives here, in
	 * the handle, for as long as rackcon runs, and every snapshot
	 * carries a copy (ipmi_snapshot's verified) for the plans to read.
	 */
	int *verified;
	size_t verified_count;
	/* The user slots read last (users_taken 0: none yet): a refresh
	 * that asks for no slow data shows them again instead of 126 more
	 * round trips a poll (256 BMCs every 2 s never settled). */
	struct ipmi_user *users;
	size_t user_count;
	int max_users, enabled_users;
	time_t users_taken;
	struct ipmi_audit caps; /* the capabilities, read with the first
				   whole read of each session, and whether
				   its login was a factory pair (no probe
				   fields) */
	int caps_due;         /* a login since the capabilities were read */
};

/* One BMC_WA_* bit and the library flag it stands for. */
struct workaround_map {
	unsigned bmc, lib;
};

/* The library flags of the BMC_WA_* bits in wa that map names. */
static unsigned
workaround_map_flags(const struct workaround_map *map, size_t n, unsigned wa)
{
	unsigned flags = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (wa & map[i].bmc)
			flags |= map[i].lib;
	}
	return flags;
}

/* BMC_WA_* (FreeIPMI's -W names) to the library's out-of-band 2.0 flags. */
static unsigned
ipmi_workaround_flags(unsigned wa)
{
	static const struct workaround_map map[] = {
		{ BMC_WA_AUTHCAP,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_AUTHENTICATION_CAPABILITIES },
		{ BMC_WA_INTEL20,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION },
		{ BMC_WA_SUPERMICRO20,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUPERMICRO_2_0_SESSION },
		{ BMC_WA_SUN20,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUN_2_0_SESSION },
		{ BMC_WA_OPENSESSPRIV,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE },
		{ BMC_WA_INTEGRITYCHECKVALUE,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE },
		{ BMC_WA_NOCHECKSUMCHECK,
		    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NO_CHECKSUM_CHECK },
	};

	return workaround_map_flags(map, sizeof map / sizeof map[0], wa);
}

/* End the first frame's held session, if any (job may be NULL). */
static void
ipmi_held_logout(struct ipmi_handle *h, struct job *job)
{
	if (h->held == NULL)
		return;
	(void)rmcp_quick_logout(h->held, job);
	free(h->held);
	h->held = NULL;
}

static void
ipmi_session_end(struct ipmi_handle *h)
{
	if (h->ctx == NULL)
		return;
	ipmi_ctx_close(h->ctx); /* Close Session: the BMC's slot is free */
	ipmi_ctx_destroy(h->ctx);
	h->ctx = NULL;
	h->channel = -1;
}

/* What IPMI_ERR_* e means, in words an admin acts on. */
static char *
ipmi_errnum_text(struct ipmi_handle *h, int e)
{
	int ms = h->bmc->timeout_ms > 0 ? h->bmc->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;

	switch (e) {
	case IPMI_ERR_CONNECTION_TIMEOUT:
	case IPMI_ERR_SESSION_TIMEOUT:
		if (ms % 1000 == 0)
			return xasprintf("%s: %s (no answer in %d s)",
			    h->address, ipmi_ctx_strerror(e), ms / 1000);
		return xasprintf("%s: %s (no answer in %.1f s)", h->address,
		    ipmi_ctx_strerror(e), ms / 1000.0);
	case IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
		return xasprintf("%s: %s (try -W opensesspriv)", h->address,
		    ipmi_ctx_strerror(e));
	default:
		return xasprintf("%s: %s", h->address, ipmi_ctx_strerror(e));
	}
}

/* What went wrong with the ctx's last call (ipmi_errnum_text). */
static char *
ipmi_error_text(struct ipmi_handle *h, ipmi_ctx_t ctx)
{
	return ipmi_errnum_text(h, ipmi_ctx_errnum(ctx));
}

/* A session lost during a poll: why, as ipmi_error_text says it, then
 * what was being read ("127.0.0.1:623: session timeout (no answer in
 * 3 s), reading the chassis status"). Fresh. */
static char *
ipmi_lost_text(struct ipmi_handle *h, const char *what)
{
	char *base = ipmi_error_text(h, h->ctx), *text;

	text = xasprintf("%s, reading %s", base, what);
	free(base);
	return text;
}

/* Typed passwords the BMC may refuse in a row before polls stop asking
 * (ssh's NumberOfPasswordPrompts). */
#define IPMI_TYPED_TRIES 3

/* The admin asked for this (a refresh, a change, a console): ask again. */
static void
ipmi_ask_release(struct ipmi_handle *h)
{
	free(h->ask_held);
	h->ask_held = NULL;
	h->typed_wrong = 0;
}

/* The password for a login: 0 with a fresh *pw, or -1 with *cause. */
static int
ipmi_password(struct ipmi_handle *h, struct job *job, char **pw,
    char **cause)
{
	char *prompt, *answer = NULL;

	if (h->bmc->password_from != BMC_PASSWORD_ASK) {
		if (bmc_password_read(h->bmc, pw, cause) == 0)
			return 0;
		prompt = *cause;
		*cause = xasprintf("%s: %s", h->address, prompt);
		free(prompt);
		return -1;
	}
	if (h->asked == NULL && h->ask_held != NULL) {
		*cause = xstrdup(h->ask_held);
		return -1;
	}
	if (h->asked == NULL) {
		prompt = xasprintf("IPMI password for %s@%s",
		    h->bmc->user != NULL ? h->bmc->user : "(null user)",
		    h->address);
		if (job_ask(job, QUESTION_SECRET, prompt, &answer) != 0) {
			*cause = xasprintf("%s: no password (none was typed; "
			    "-E takes it from IPMI_PASSWORD, -f or the "
			    "inventory's bmc-password-file from a file, or "
			    "FreeIPMI's freeipmi.conf)",
			    h->address);
			free(prompt);
			if (!job_cancelled(job))
				h->ask_held = xasprintf("%s: no password was "
				    "typed; a refresh (F5) of its IPMI panel "
				    "asks again", h->address);
			return -1;
		}
		free(prompt);
		h->asked = answer;
	}
	*pw = xstrdup(h->asked);
	return 0;
}

/* Capabilities not read (yet): every field unknown. */
static void
ipmi_caps_unknown(struct ipmi_audit *a)
{
	memset(a, 0, sizeof *a);
	a->anonymous_login = a->null_usernames = a->auth_none = -1;
	a->auth_straight = a->auth_md2 = a->auth_md5 = a->ipmi20 = -1;
	a->cipher0 = a->factory = IPMI_PROBE_NOT_RUN;
}

/* One datagram exchange with the BMC's RMCP port: 0 with the answer's
 * length in *got, or -1. Waits at most ms for each of two tries. */
static int
ipmi_udp_exchange(const char *host, int port, const uint8_t *req,
    size_t reqlen, uint8_t *ans, size_t anslen, int ms, size_t *got)
{
	struct addrinfo hints, *res = NULL;
	struct pollfd pfd;
	char portstr[16];
	ssize_t n;
	int fd, tries, rc = -1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	snprintf(portstr, sizeof portstr, "%d", port);
	if (getaddrinfo(host, portstr, &hints, &res) != 0 || res == NULL)
		return -1;
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) == 0) {
		for (tries = 0; rc != 0 && tries < 2; tries++) {
			if (send(fd, req, reqlen, 0) != (ssize_t)reqlen)
				break;
			pfd.fd = fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, ms) != 1)
				continue;
			n = recv(fd, ans, anslen, 0);
			if (n > 0) {
				*got = (size_t)n;
				rc = 0;
			}
		}
	}
	if (fd >= 0)
		close(fd);
	freeaddrinfo(res);
	return rc;
}

/*
 * Get Channel Authentication Capabilities outside the session, on a
 * socket of its own (ipmi_sim, like many BMCs, answers it only outside
 * one): the null user and the IPMI 1.5 authentication types, for the
 * audit. Once a session, with its first whole read (a first frame goes
 * without). One round trip; what does not answer leaves the fields
 * unknown (-1).
 */
static void
ipmi_authcap_read(struct ipmi_handle *h)
{
	uint8_t req[32], ans[256];
	size_t reqlen = ipmi_authcap_request(req, sizeof req), got = 0;
	int ms = h->bmc->timeout_ms > 0 ? h->bmc->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;
	struct ipmi_audit a;
	char *why = NULL;

	ipmi_caps_unknown(&a);
	if (ipmi_udp_exchange(h->bmc->host, h->bmc->port, req, reqlen, ans,
	    sizeof ans, ms / 2, &got) == 0 &&
	    ipmi_authcap_parse(ans, got, &a, &why) != 0)
		free(why);
	a.session_factory = h->caps.session_factory;
	h->caps = a;
}

/* A login the BMC refused with IPMI_ERR_* e: *cause, and a typed
 * password that was wrong is forgotten (asked again next time rather
 * than retried). */
static void
ipmi_login_failed(struct ipmi_handle *h, int e, char **cause)
{
	*cause = ipmi_errnum_text(h, e);
	if ((e != IPMI_ERR_PASSWORD_INVALID &&
	    e != IPMI_ERR_USERNAME_INVALID) ||
	    h->bmc->password_from != BMC_PASSWORD_ASK)
		return;
	bmc_password_free(h->asked);
	h->asked = NULL;
	if (++h->typed_wrong >= IPMI_TYPED_TRIES)
		h->ask_held = xasprintf("%s (typed %d times); a refresh (F5) "
		    "of its IPMI panel asks again", *cause, h->typed_wrong);
}

/* Log in unless a session is open. 0, or -1 with *cause. */
static int
ipmi_session_begin(struct ipmi_handle *h, struct job *job, char **cause)
{
	const struct bmc_target *t = h->bmc;
	unsigned timeout = t->timeout_ms > 0 ? (unsigned)t->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;
	unsigned retrans = timeout >= 2000 ? 0 : timeout / 2;
	char *pw = NULL;
	ipmi_ctx_t ctx;
	int rc;

	/* One session of ours at a time: the BMC has few slots. */
	ipmi_held_logout(h, job);
	if (h->ctx != NULL)
		return 0;
	if (h->ssh != NULL) {
		*cause = xasprintf("%s is reached through its SSH (SMASH-CLP): "
		    "only its SOL console works there (ipmi-sol); users, power "
		    "and the audit need IPMI over LAN (bmc HOST[:PORT])",
		    h->address);
		return -1;
	}
	if (ipmi_password(h, job, &pw, cause) != 0)
		return -1;
	ctx = ipmi_ctx_create();
	if (ctx == NULL) {
		bmc_password_free(pw);
		*cause = xstrdup("cannot create an IPMI context");
		return -1;
	}
	rc = ipmi_ctx_open_outofband_2_0(ctx, h->address, t->user, pw, NULL,
	    0, (uint8_t)t->privilege, (uint8_t)t->cipher_suite, timeout,
	    retrans, ipmi_workaround_flags(t->workarounds), IPMI_FLAGS_DEFAULT);
	/* Compared in memory, never kept or logged. */
	h->caps.session_factory = rc >= 0 && ipmi_factory_match(t->user, pw);
	bmc_password_free(pw);
	if (rc < 0) {
		ipmi_login_failed(h, ipmi_ctx_errnum(ctx), cause);
		ipmi_ctx_destroy(ctx);
		return -1;
	}
	h->typed_wrong = 0;
	h->ctx = ctx;
	h->channel = -1;
	h->caps_due = 1;
	return 0;
}

/* Whether the last call's failure means the session is gone. */
static int
ipmi_session_lost(ipmi_ctx_t ctx)
{
	switch (ipmi_ctx_errnum(ctx)) {
	case IPMI_ERR_SESSION_TIMEOUT:
	case IPMI_ERR_CONNECTION_TIMEOUT:
	case IPMI_ERR_MESSAGE_TIMEOUT:
	case IPMI_ERR_DEVICE_NOT_OPEN:
	case IPMI_ERR_SYSTEM_ERROR:
	case IPMI_ERR_INTERNAL_ERROR:
	case IPMI_ERR_OUT_OF_MEMORY:
		return 1;
	default:
		return 0;
	}
}

static void *
ipmi_open(const struct plugin_host *host, char **cause)
{
	const struct plugin_target *target = host->target;
	struct ipmi_handle *h;

	if (target == NULL || target->bmc == NULL) {
		*cause = xstrdup("no BMC for this host (--bmc HOST[:PORT] "
		    "-U USER, or the inventory's bmc)");
		return NULL;
	}
	if (target->bmc->host == NULL || *target->bmc->host == '\0') {
		*cause = xstrdup("the BMC has no address");
		return NULL;
	}
	if (target->bmc->ssh != NULL && target->bmc_transport == NULL) {
		*cause = xasprintf("%s: no SSH login to it", target->bmc->ssh);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->bmc = target->bmc;
	h->ssh = target->bmc->ssh != NULL ? target->bmc_transport : NULL;
	h->address = bmc_target_address(h->bmc);
	h->channel = -1;
	ipmi_caps_unknown(&h->caps);
	return h;
}

static void
ipmi_users_forget(struct ipmi_handle *h)
{
	size_t i;

	for (i = 0; i < h->user_count; i++)
		ipmi_user_clear(&h->users[i]);
	free(h->users);
	h->users = NULL;
	h->user_count = 0;
	h->users_taken = 0;
}

static void
ipmi_close(void *handle)
{
	struct ipmi_handle *h = handle;

	if (h == NULL)
		return;
	ipmi_held_logout(h, NULL);
	ipmi_session_end(h);
	bmc_password_free(h->asked);
	free(h->ask_held);
	ipmi_users_forget(h);
	free(h->verified);
	free(h->address);
	free(h);
}

/* The power state, or IPMI_POWER_UNKNOWN with a note in *why. */
static enum ipmi_power
ipmi_read_power(struct ipmi_handle *h, char **why)
{
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_get_chassis_status_rs);
	enum ipmi_power p = IPMI_POWER_UNKNOWN;
	uint64_t on;

	if (rs == NULL)
		return p;
	if (ipmi_cmd_get_chassis_status(h->ctx, rs) < 0)
		*why = xasprintf("chassis status: %s",
		    ipmi_ctx_errormsg(h->ctx));
	else if (FIID_OBJ_GET(rs, "current_power_state.power_is_on", &on) < 0)
		*why = xstrdup("chassis status: no power state");
	else
		p = on ? IPMI_POWER_ON : IPMI_POWER_OFF;
	fiid_obj_destroy(rs);
	return p;
}

/* The workarounds the shared engine (rmcp-quick.h) does not know: a BMC
 * that needs one is read through libfreeipmi's login alone. */
#define IPMI_ENGINE_UNKNOWN_WA (BMC_WA_INTEL20 | BMC_WA_SUPERMICRO20 | \
	BMC_WA_SUN20 | BMC_WA_INTEGRITYCHECKVALUE | BMC_WA_NOCHECKSUMCHECK)

/* The BMC's address for a datagram socket into q: 0 or -1. */
static int
ipmi_engine_address(const struct bmc_target *t, struct rmcp_quick *q)
{
	struct addrinfo hints, *res = NULL;
	char port[16];
	int rc = -1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	snprintf(port, sizeof port, "%d", t->port > 0 ? t->port : 623);
	if (getaddrinfo(t->host, port, &hints, &res) != 0 || res == NULL)
		return -1;
	if (res->ai_addrlen <= sizeof q->addr) {
		memcpy(&q->addr, res->ai_addr, res->ai_addrlen);
		q->addr_len = res->ai_addrlen;
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

/*
 * The first frame's read of a BMC without a session: Open Session, RAKP
 * 1 and 3 and Get Chassis Status through the engine all BMCs' first reads
 * share (rmcp-quick.h: one thread at a time does the I/O of all; without
 * Get Channel Authentication Capabilities and Set Session Privilege
 * Level, which libfreeipmi's login sends). The session is held (h->held)
 * and ended by the Close Session before the whole read's libfreeipmi
 * login. 1 with *power; -1 with *cause when the BMC did not answer or
 * refused the name or password (said as libfreeipmi's login says it); 0
 * when this BMC is for libfreeipmi's login (a workaround the engine does
 * not know, or any other failure, which that login then names in its own
 * words).
 */
static int
ipmi_quick_engine(struct ipmi_handle *h, struct job *job,
    enum ipmi_power *power, char **cause)
{
	const struct bmc_target *t = h->bmc;
	unsigned timeout = t->timeout_ms > 0 ? (unsigned)t->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;
	struct rmcp_quick *q;
	char *pw = NULL;
	int rc, errnum;

	if (h->ctx != NULL || (t->workarounds & IPMI_ENGINE_UNKNOWN_WA))
		return 0;
	q = xcalloc(1, sizeof *q);
	if (ipmi_engine_address(t, q) != 0) {
		free(q);
		return 0;
	}
	if (ipmi_password(h, job, &pw, cause) != 0) {
		free(q);
		return -1;
	}
	q->timeout_ms = timeout;
	q->retrans_ms = timeout >= 2000 ?
	    IPMI_RETRANSMISSION_TIMEOUT_DEFAULT : timeout / 2;
	q->hold = 1;
	q->login.user = t->user;
	q->login.password = pw;
	q->login.privilege = (uint8_t)t->privilege;
	q->login.open_privilege = (t->workarounds & BMC_WA_OPENSESSPRIV) ?
	    (uint8_t)t->privilege : IPMI_PRIVILEGE_LEVEL_HIGHEST_LEVEL;
	rc = rmcp_quick_power(q, t->cipher_suite, job);
	if (rc == 0)
		h->caps.session_factory = ipmi_factory_match(t->user, pw);
	bmc_password_free(pw);
	q->login.password = NULL;
	errnum = q->login.errnum;
	if (rc == 0) {
		h->typed_wrong = 0;
		*power = q->login.power_on ? IPMI_POWER_ON : IPMI_POWER_OFF;
		if (q->fd >= 0)
			h->held = q;
		else
			free(q);
		return 1;
	}
	free(q);
	if (rc == -2) {
		*cause = xstrdup("cancelled");
		return -1;
	}
	switch (errnum) {
	case IPMI_ERR_CONNECTION_TIMEOUT:
	case IPMI_ERR_SESSION_TIMEOUT:
	case IPMI_ERR_USERNAME_INVALID:
	case IPMI_ERR_PASSWORD_INVALID:
		ipmi_login_failed(h, errnum, cause);
		return -1;
	default:
		return 0;
	}
}

/*
 * The LAN channel the session came in on, as `ipmitool user list` takes
 * it: one Get Channel Info for the present interface (0Eh) when it says
 * 802.3 LAN; else FreeIPMI's search for the first LAN channel (Get Device
 * ID and Get Channel Info for every channel number: nine round trips);
 * else 1, which BMCs use most. Once a session.
 */
static int
ipmi_lan_channel(struct ipmi_handle *h)
{
	fiid_obj_t rs;
	uint64_t medium, actual;
	uint8_t ch;
	int rc = -1;

	if (h->channel >= 0)
		return h->channel;
	if ((rs = fiid_obj_create(tmpl_cmd_get_channel_info_rs)) != NULL) {
		rc = ipmi_cmd_get_channel_info(h->ctx,
		    IPMI_CHANNEL_NUMBER_PRESENT_IF, rs);
		if (rc == 0 && FIID_OBJ_GET(rs, "channel_medium_type", &medium) >= 0 &&
		    medium == IPMI_CHANNEL_MEDIUM_TYPE_LAN_802_3 &&
		    FIID_OBJ_GET(rs, "actual_channel_number", &actual) >= 0 &&
		    actual < IPMI_CHANNEL_NUMBER_PRESENT_IF)
			h->channel = (int)actual;
		fiid_obj_destroy(rs);
	}
	if (h->channel >= 0)
		return h->channel;
	/* A BMC that stopped answering would make the search wait nine
	 * times; the user reads that follow report it once. */
	if ((rc < 0 && ipmi_session_lost(h->ctx)) ||
	    ipmi_get_channel_number(h->ctx,
	    IPMI_CHANNEL_MEDIUM_TYPE_LAN_802_3, &ch) < 0)
		h->channel = 1;
	else
		h->channel = ch;
	return h->channel;
}

static int
fiid_get(fiid_obj_t rs, const char *field)
{
	uint64_t v;

	if (FIID_OBJ_GET(rs, field, &v) < 0)
		return -1;
	return (int)v;
}

/* Slot id's name into u; 0, or -1 when the session is gone. */
static int
ipmi_read_name(struct ipmi_handle *h, fiid_obj_t rs, struct ipmi_user *u)
{
	char name[IPMI_MAX_USER_NAME_LENGTH + 1];
	int len;

	memset(name, 0, sizeof name);
	fiid_obj_clear(rs);
	if (ipmi_cmd_get_user_name(h->ctx, (uint8_t)u->id, rs) < 0) {
		/* 0xCC: the slot has no name to give (slot 1 on ipmi_sim,
		 * the null user's on many BMCs): empty, not an error. */
		if (ipmi_ctx_errnum(h->ctx) ==
		    IPMI_ERR_COMMAND_INVALID_OR_UNSUPPORTED) {
			u->name = xstrdup("");
			return 0;
		}
		u->error = xasprintf("user name: %s",
		    ipmi_ctx_errormsg(h->ctx));
		return ipmi_session_lost(h->ctx) ? -1 : 0;
	}
	len = fiid_obj_get_data(rs, "user_name", name,
	    IPMI_MAX_USER_NAME_LENGTH);
	if (len < 0)
		len = 0;
	name[len] = '\0';
	u->name = xstrdup(name); /* NUL-padded: strlen ends it */
	return 0;
}

/* Slot u->id's access on channel into u (and the counts from the
 * first); 0, or -1 when the session is gone. */
static int
ipmi_read_access(struct ipmi_handle *h, fiid_obj_t rs, int channel,
    struct ipmi_snapshot *snap, struct ipmi_user *u)
{
	int st;

	fiid_obj_clear(rs);
	if (ipmi_cmd_get_user_access(h->ctx, (uint8_t)channel,
	    (uint8_t)u->id, rs) < 0) {
		u->error = xasprintf("user access: %s",
		    ipmi_ctx_errormsg(h->ctx));
		return ipmi_session_lost(h->ctx) ? -1 : 0;
	}
	if (snap->max_users < 0) {
		snap->max_users = fiid_get(rs, "max_channel_user_ids");
		snap->enabled_users = fiid_get(rs, "current_channel_user_ids");
	}
	st = fiid_get(rs, "user_id_enable_status");
	u->enabled = st == IPMI_USER_ID_ENABLE_STATUS_ENABLED ? 1 :
	    st == IPMI_USER_ID_ENABLE_STATUS_DISABLED ? 0 : -1;
	u->ipmi_msg = fiid_get(rs, "user_ipmi_messaging");
	u->link_auth = fiid_get(rs, "user_link_authentication");
	st = fiid_get(rs, "user_restricted_to_callback");
	u->callin = st < 0 ? -1 : !st;
	u->priv_limit = fiid_get(rs, "user_privilege_level_limit");
	return 0;
}

/* Every slot's access and name; 0, or -1 with *cause. */
static int
ipmi_read_users(struct ipmi_handle *h, struct ipmi_snapshot *snap,
    struct job *job, char **cause)
{
	fiid_obj_t ua = fiid_obj_create(tmpl_cmd_get_user_access_rs);
	fiid_obj_t un = fiid_obj_create(tmpl_cmd_get_user_name_rs);
	struct ipmi_user *u;
	char *what;
	int id, rc = 0, max = 1;

	if (ua == NULL || un == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		rc = -1;
	}
	/* Slot 1 tells the maximum; then the rest. */
	for (id = 1; rc == 0 && id <= max; id++) {
		if (job_cancelled(job)) {
			*cause = xstrdup("cancelled");
			rc = -1;
			break;
		}
		snap->users = xreallocarray(snap->users, snap->user_count + 1,
		    sizeof *snap->users);
		u = &snap->users[snap->user_count++];
		memset(u, 0, sizeof *u);
		u->id = id;
		u->enabled = u->callin = u->link_auth = u->ipmi_msg = -1;
		u->priv_limit = -1;
		if (ipmi_read_access(h, ua, snap->channel, snap, u) != 0 ||
		    (u->error == NULL && ipmi_read_name(h, un, u) != 0)) {
			what = xasprintf("user slot %d", id);
			*cause = ipmi_lost_text(h, what);
			free(what);
			rc = -1;
			break;
		}
		if (id == 1)
			max = snap->max_users > 0 ? snap->max_users : 1;
		u->empty = u->error == NULL && u->name != NULL &&
		    u->name[0] == '\0' && u->ipmi_msg != 1 &&
		    u->link_auth != 1 && u->enabled != 1 &&
		    (u->priv_limit == 0 || u->priv_limit == BMC_PRIV_NO_ACCESS);
	}
	if (ua != NULL)
		fiid_obj_destroy(ua);
	if (un != NULL)
		fiid_obj_destroy(un);
	return rc;
}

/* The audit: the capabilities of this session's login, the probes' results
 * from the state file. */
static void
ipmi_snapshot_audit(struct ipmi_handle *h, struct ipmi_snapshot *snap)
{
	char *why = NULL;

	snap->audit = h->caps;
	snap->audit.cipher0 = snap->audit.factory = IPMI_PROBE_NOT_RUN;
	if (ipmi_audit_state_load(h->address, &snap->audit, &why) != 0)
		snap->audit.probe_error = why;
}

/* A BMC reached through its SSH: nothing is read over IPMI; the panel
 * says what works (no I/O). */
static void *
ipmi_snapshot_ssh(struct ipmi_handle *h)
{
	struct ipmi_snapshot *snap = xcalloc(1, sizeof *snap);

	snap->address = xstrdup(h->address);
	snap->session_user = xstrdup(h->bmc->user != NULL ? h->bmc->user :
	    "");
	snap->power = IPMI_POWER_UNKNOWN;
	snap->channel = snap->max_users = snap->enabled_users = -1;
	snap->cipher_suite = -1;
	snap->taken = time(NULL);
	ipmi_caps_unknown(&snap->audit);
	snap->error = xstrdup("reached through its SSH (SMASH-CLP): only its "
	    "SOL console (s, ipmi-sol); users, power and the audit need IPMI "
	    "over LAN");
	return snap;
}

/* n user slots from src into *dst (deep). */
static struct ipmi_user *
ipmi_users_copy(const struct ipmi_user *src, size_t n)
{
	struct ipmi_user *dst;
	size_t i;

	if (n == 0)
		return NULL;
	dst = xreallocarray(NULL, n, sizeof *dst);
	for (i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].name = src[i].name != NULL ? xstrdup(src[i].name) :
		    NULL;
		dst[i].error = src[i].error != NULL ? xstrdup(src[i].error) :
		    NULL;
	}
	return dst;
}

/* Keep snap's user slots for the refreshes that read none. */
static void
ipmi_users_keep(struct ipmi_handle *h, const struct ipmi_snapshot *snap)
{
	ipmi_users_forget(h);
	h->users = ipmi_users_copy(snap->users, snap->user_count);
	h->user_count = snap->user_count;
	h->max_users = snap->max_users;
	h->enabled_users = snap->enabled_users;
	h->users_taken = snap->users_taken;
}

/* A snapshot of h with what every read says (who, how, verified). */
static struct ipmi_snapshot *
ipmi_snapshot_new(struct ipmi_handle *h)
{
	struct ipmi_snapshot *snap = xcalloc(1, sizeof *snap);

	snap->address = xstrdup(h->address);
	snap->session_user = xstrdup(h->bmc->user != NULL ? h->bmc->user :
	    "");
	snap->session_priv = h->bmc->privilege;
	snap->cipher_suite = h->bmc->cipher_suite;
	if (h->verified_count > 0) {
		snap->verified = xreallocarray(NULL, h->verified_count,
		    sizeof *snap->verified);
		memcpy(snap->verified, h->verified,
		    h->verified_count * sizeof *h->verified);
		snap->verified_count = h->verified_count;
	}
	snap->max_users = snap->enabled_users = -1;
	return snap;
}

static void *
ipmi_snapshot(void *handle, int flags, struct job *job, char **cause)
{
	struct ipmi_handle *h = handle;
	struct ipmi_snapshot *snap;
	enum ipmi_power power;
	char *why = NULL;
	int rc;

	if (h->ssh != NULL)
		return ipmi_snapshot_ssh(h);
	if (flags & PLUGIN_SNAP_FORCE_SLOW)
		ipmi_ask_release(h);
	if (flags & PLUGIN_SNAP_QUICK) {
		rc = ipmi_quick_engine(h, job, &power, cause);
		if (rc < 0)
			return NULL;
		if (rc > 0) {
			snap = ipmi_snapshot_new(h);
			snap->power = power;
			snap->quick = 1;
			snap->channel = -1;
			snap->reachable = 1;
			snap->taken = time(NULL);
			ipmi_snapshot_audit(h, snap);
			return snap;
		}
	}
	if (ipmi_session_begin(h, job, cause) != 0)
		return NULL;
	snap = ipmi_snapshot_new(h);
	snap->power = ipmi_read_power(h, &why);
	if (why != NULL && ipmi_session_lost(h->ctx)) {
		*cause = ipmi_lost_text(h, "the chassis status");
		goto lost;
	}
	snap->error = why;
	if (h->caps_due && !(flags & PLUGIN_SNAP_QUICK)) {
		ipmi_authcap_read(h);
		h->caps_due = 0;
	}
	if (flags & PLUGIN_SNAP_QUICK) {
		/* The first frame: the login and the power (7 round
		 * trips) of every BMC come before anyone's 128 more (the
		 * capabilities, the channel, the user slots); the core
		 * asks for the whole read right after. */
		snap->quick = 1;
		snap->channel = -1;
	} else if ((flags & PLUGIN_SNAP_NO_SLOW) && h->users_taken != 0) {
		snap->channel = ipmi_lan_channel(h);
		/* The slots read last: they change by a command (which
		 * refreshes with them), rarely by another tool. */
		snap->users = ipmi_users_copy(h->users, h->user_count);
		snap->user_count = h->user_count;
		snap->max_users = h->max_users;
		snap->enabled_users = h->enabled_users;
		snap->users_taken = h->users_taken;
	} else {
		snap->channel = ipmi_lan_channel(h);
		if (ipmi_read_users(h, snap, job, cause) != 0)
			goto lost;
		snap->users_taken = time(NULL);
		ipmi_users_keep(h, snap);
	}
	snap->reachable = 1;
	snap->taken = time(NULL);
	ipmi_snapshot_audit(h, snap);
	return snap;

lost:
	if (why != snap->error)
		free(why);
	/* Log in afresh next time (a BMC that rebooted forgot us). */
	ipmi_session_end(h);
	ipmi_snapshot_free(snap);
	return NULL;
}

/* --- plan steps (STEP_CALL; ipmi-plan.h lists the argv) ------------- */

static int
ipmi_arg_int(const struct change_step *s, int i, int lo, int hi)
{
	char *end;
	long v;

	if (s->argv[i] == NULL)
		return -1;
	v = strtol(s->argv[i], &end, 10);
	if (*s->argv[i] == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	return (int)v;
}

/* The call failed: why, with the completion code when the BMC gave one. */
static int
ipmi_call_failed(struct ipmi_handle *h, fiid_obj_t rs, const char *what,
    char **cause)
{
	uint64_t cc = 0;

	if (rs != NULL && FIID_OBJ_GET(rs, "comp_code", &cc) >= 0 && cc != 0)
		*cause = xasprintf("%s: %s (cc 0x%02X)", what,
		    ipmi_ctx_errormsg(h->ctx), (unsigned)cc);
	else
		*cause = xasprintf("%s: %s", what, ipmi_ctx_errormsg(h->ctx));
	if (ipmi_session_lost(h->ctx))
		ipmi_session_end(h);
	return -1;
}

static int
ipmi_do_set_name(struct ipmi_handle *h, const struct change_step *s,
    char **cause)
{
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_set_user_name_rs);
	fiid_obj_t un = fiid_obj_create(tmpl_cmd_get_user_name_rs);
	int id = ipmi_arg_int(s, 1, 1, 63), rc = 0;
	const char *name = s->argv[2];
	const char *was = name != NULL ? s->argv[3] : NULL;
	struct ipmi_user now;

	memset(&now, 0, sizeof now);
	now.id = id;
	if (id < 0 || name == NULL || strlen(name) > IPMI_MAX_USER_NAME_LENGTH) {
		*cause = xstrdup("user-set-name: bad arguments");
		rc = -1;
	} else if (rs == NULL || un == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		rc = -1;
	} else if (was != NULL && (ipmi_read_name(h, un, &now) != 0 ||
	    now.error != NULL)) {
		*cause = xasprintf("slot %d: %s", id, now.error != NULL ?
		    now.error : "user name: no answer");
		rc = -1;
	} else if (was != NULL && strcmp(now.name, was) != 0 &&
	    strcmp(now.name, name) != 0) {
		/* Changed by another tool since the plan was made. */
		char *n = str_shown(now.name, 32), *w = str_shown(was, 32);

		*cause = xasprintf("slot %d now holds '%s' (it held '%s' when "
		    "this was planned): nothing was changed; look again "
		    "(refresh)", id, n, w);
		free(n);
		free(w);
		rc = -1;
	} else if (rs == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		rc = -1;
	} else if (ipmi_cmd_set_user_name(h->ctx, (uint8_t)id, name,
	    (unsigned)strlen(name), rs) < 0)
		rc = ipmi_call_failed(h, rs, "set user name", cause);
	if (rs != NULL)
		fiid_obj_destroy(rs);
	if (un != NULL)
		fiid_obj_destroy(un);
	ipmi_user_clear(&now);
	return rc;
}

/* Set Password (a 20-byte IPMI 2.0 password), Enable or Disable User. */
static int
ipmi_do_password_op(struct ipmi_handle *h, const struct change_step *s,
    uint8_t op, char **cause)
{
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_set_user_password_rs);
	int id = ipmi_arg_int(s, 1, 1, 63), rc = 0;
	const char *pw = op == IPMI_PASSWORD_OPERATION_SET_PASSWORD ?
	    s->secret : NULL;

	if (id < 0 || (op == IPMI_PASSWORD_OPERATION_SET_PASSWORD &&
	    (pw == NULL || strlen(pw) > IPMI_2_0_MAX_PASSWORD_LENGTH))) {
		*cause = xasprintf("%s: bad arguments", s->argv[0]);
		rc = -1;
	} else if (rs == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		rc = -1;
	} else if (ipmi_cmd_set_user_password(h->ctx, (uint8_t)id,
	    IPMI_PASSWORD_SIZE_20_BYTES, op, pw,
	    pw != NULL ? (unsigned)strlen(pw) : 0, rs) < 0)
		rc = ipmi_call_failed(h, rs, op ==
		    IPMI_PASSWORD_OPERATION_SET_PASSWORD ? "set user password" :
		    op == IPMI_PASSWORD_OPERATION_ENABLE_USER ? "enable user" :
		    "disable user", cause);
	if (rs != NULL)
		fiid_obj_destroy(rs);
	return rc;
}

static int
ipmi_do_set_access(struct ipmi_handle *h, const struct change_step *s,
    char **cause)
{
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_set_user_access_rs);
	int ch = ipmi_arg_int(s, 1, 0, 15), id = ipmi_arg_int(s, 2, 1, 63);
	int priv = ipmi_arg_int(s, 3, 1, 15), msg = ipmi_arg_int(s, 4, 0, 1);
	int link = ipmi_arg_int(s, 5, 0, 1), callin = ipmi_arg_int(s, 6, 0, 1);
	int rc = 0;

	if (ch < 0 || id < 0 || priv < 0 || msg < 0 || link < 0 ||
	    callin < 0) {
		*cause = xstrdup("user-set-access: bad arguments");
		rc = -1;
	} else if (rs == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		rc = -1;
	} else if (ipmi_cmd_set_user_access(h->ctx, (uint8_t)ch, (uint8_t)msg,
	    (uint8_t)link, (uint8_t)!callin, IPMI_CHANGE_BITS_YES,
	    (uint8_t)id, (uint8_t)priv, 0, rs) < 0)
		rc = ipmi_call_failed(h, rs, "set user access", cause);
	if (rs != NULL)
		fiid_obj_destroy(rs);
	return rc;
}

/* Remember that slot id's credentials logged in (see struct
 * ipmi_handle). */
static void
ipmi_note_verified(struct ipmi_handle *h, int id)
{
	size_t i;

	for (i = 0; i < h->verified_count; i++) {
		if (h->verified[i] == id)
			return;
	}
	h->verified = xreallocarray(h->verified, h->verified_count + 1,
	    sizeof *h->verified);
	h->verified[h->verified_count++] = id;
}

/* A fresh session with the step's name and secret, the target's cipher
 * suite, workarounds and timeout; a Get Chassis Status in it; logged out. */
static int
ipmi_do_verify(struct ipmi_handle *h, const struct change_step *s,
    char **cause)
{
	const struct bmc_target *t = h->bmc;
	unsigned timeout = t->timeout_ms > 0 ? (unsigned)t->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;
	int id = ipmi_arg_int(s, 1, 1, 63), priv = ipmi_arg_int(s, 3, 1, 5);
	fiid_obj_t rs;
	ipmi_ctx_t ctx;
	int rc = 0;

	if (id < 0 || priv < 0 || s->argv[2] == NULL || s->secret == NULL) {
		*cause = xstrdup("verify-login: bad arguments");
		return -1;
	}
	if ((ctx = ipmi_ctx_create()) == NULL) {
		*cause = xstrdup("cannot create an IPMI context");
		return -1;
	}
	if (ipmi_ctx_open_outofband_2_0(ctx, h->address, s->argv[2], s->secret,
	    NULL, 0, (uint8_t)priv, (uint8_t)t->cipher_suite, timeout,
	    timeout >= 2000 ? 0 : timeout / 2,
	    ipmi_workaround_flags(t->workarounds), IPMI_FLAGS_DEFAULT) < 0) {
		*cause = xasprintf("login as %s failed: %s", s->argv[2],
		    ipmi_ctx_errormsg(ctx));
		ipmi_ctx_destroy(ctx);
		return -1;
	}
	rs = fiid_obj_create(tmpl_cmd_get_chassis_status_rs);
	if (rs == NULL || ipmi_cmd_get_chassis_status(ctx, rs) < 0) {
		*cause = xasprintf("%s logged in, but a command in the session "
		    "failed: %s", s->argv[2], ipmi_ctx_errormsg(ctx));
		rc = -1;
	}
	if (rs != NULL)
		fiid_obj_destroy(rs);
	ipmi_ctx_close(ctx);
	ipmi_ctx_destroy(ctx);
	if (rc == 0) {
		ipmi_note_verified(h, id);
		*cause = xasprintf("verified: %s logged in (a new %s session) "
		    "and read the chassis status", s->argv[2],
		    bmc_privilege_name(priv));
	}
	return rc;
}

static int
ipmi_do_chassis(struct ipmi_handle *h, const struct change_step *s,
    char **cause)
{
	static const struct {
		const char *word;
		uint8_t control;
	} map[] = {
		{ "on", IPMI_CHASSIS_CONTROL_POWER_UP },
		{ "off", IPMI_CHASSIS_CONTROL_POWER_DOWN },
		{ "cycle", IPMI_CHASSIS_CONTROL_POWER_CYCLE },
		{ "reset", IPMI_CHASSIS_CONTROL_HARD_RESET },
		{ "soft", IPMI_CHASSIS_CONTROL_INITIATE_SOFT_SHUTDOWN },
	};
	fiid_obj_t rs;
	size_t i;
	int rc = 0;

	for (i = 0; s->argv[1] != NULL && i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(s->argv[1], map[i].word) == 0)
			break;
	}
	if (s->argv[1] == NULL || i == sizeof map / sizeof map[0]) {
		*cause = xstrdup("chassis-control: bad arguments");
		return -1;
	}
	if ((rs = fiid_obj_create(tmpl_cmd_chassis_control_rs)) == NULL) {
		*cause = xstrdup("out of memory (fiid)");
		return -1;
	}
	if (ipmi_cmd_chassis_control(h->ctx, map[i].control, rs) < 0)
		rc = ipmi_call_failed(h, rs, "chassis control", cause);
	fiid_obj_destroy(rs);
	return rc;
}

/* A login with user/pw at cipher suite cipher, logged out at once:
 * IPMI_PROBE_YES when it worked, NO when the BMC refused it, ERROR (with
 * *why) when it did not answer as a BMC that refuses. */
static enum ipmi_probe
ipmi_probe_login(struct ipmi_handle *h, const char *user, const char *pw,
    int cipher, char **why)
{
	const struct bmc_target *t = h->bmc;
	unsigned timeout = t->timeout_ms > 0 ? (unsigned)t->timeout_ms :
	    BMC_TIMEOUT_MS_DEFAULT;
	ipmi_ctx_t ctx = ipmi_ctx_create();
	enum ipmi_probe p;

	if (ctx == NULL) {
		*why = xstrdup("cannot create an IPMI context");
		return IPMI_PROBE_ERROR;
	}
	if (ipmi_ctx_open_outofband_2_0(ctx, h->address, user, pw, NULL, 0,
	    (uint8_t)t->privilege, (uint8_t)cipher, timeout,
	    timeout >= 2000 ? 0 : timeout / 2,
	    ipmi_workaround_flags(t->workarounds), IPMI_FLAGS_DEFAULT) == 0) {
		ipmi_ctx_close(ctx);
		p = IPMI_PROBE_YES;
	} else {
		switch (ipmi_ctx_errnum(ctx)) {
		case IPMI_ERR_PASSWORD_INVALID:
		case IPMI_ERR_USERNAME_INVALID:
		case IPMI_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
		case IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
		case IPMI_ERR_AUTHENTICATION_TYPE_UNAVAILABLE:
		case IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
		case IPMI_ERR_IPMI_2_0_UNAVAILABLE:
		case IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE:
			p = IPMI_PROBE_NO;
			break;
		default:
			free(*why);
			*why = ipmi_error_text(h, ctx);
			p = IPMI_PROBE_ERROR;
			break;
		}
	}
	ipmi_ctx_destroy(ctx);
	return p;
}

/* Cipher suite 0 with a deliberately wrong (random) password and the
 * session's user: a BMC that lets it in checks no password at all. */
static void
ipmi_probe_cipher0(struct ipmi_handle *h, struct ipmi_audit *a, char **why)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[16];
	char wrong[17];
	size_t i;

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		memset(rnd, 0x5a, sizeof rnd);
	for (i = 0; i < sizeof rnd; i++)
		wrong[i] = letters[rnd[i] % (sizeof letters - 1)];
	wrong[16] = '\0';
	a->cipher0 = ipmi_probe_login(h, h->bmc->user, wrong, 0, why);
	a->cipher0_at = time(NULL);
}

/* Each factory pair at the session's cipher suite; the names of those
 * that log in. */
static void
ipmi_probe_factory(struct ipmi_handle *h, struct ipmi_audit *a,
    struct job *job, char **why)
{
	struct buf users = { 0 };
	enum ipmi_probe p;
	int errors = 0, yes = 0;
	size_t i;

	for (i = 0; i < ipmi_factory_login_count && !job_cancelled(job);
	    i++) {
		p = ipmi_probe_login(h, ipmi_factory_logins[i].user,
		    ipmi_factory_logins[i].password, h->bmc->cipher_suite, why);
		if (p == IPMI_PROBE_YES) {
			yes++;
			if (users.len == 0 || strstr(users.data,
			    ipmi_factory_logins[i].user) == NULL)
				buf_printf(&users, "%s%s", users.len > 0 ?
				    " " : "", ipmi_factory_logins[i].user);
		} else if (p == IPMI_PROBE_ERROR)
			errors++;
	}
	a->factory = yes > 0 ? IPMI_PROBE_YES : errors > 0 ||
	    i < ipmi_factory_login_count ? IPMI_PROBE_ERROR : IPMI_PROBE_NO;
	a->factory_at = time(NULL);
	free(a->factory_users);
	a->factory_users = users.data;
}

/* What a probe found, for the Result dialog: the verdict the detail pane
 * shows as a badge, in words. */
static char *
ipmi_audit_verdict(const char *call, const struct ipmi_audit *a)
{
	if (strcmp(call, "ipmi-audit-cipher0") == 0)
		return xstrdup(a->cipher0 == IPMI_PROBE_YES ?
		    "ACCEPTED: a wrong password logged in with cipher suite 0 "
		    "(the BMC checks no password there)" :
		    "refused: cipher suite 0 does not let a wrong password in");
	if (a->factory == IPMI_PROBE_YES)
		return xasprintf("VALID: factory logins still work: %s",
		    a->factory_users != NULL ? a->factory_users : "?");
	return xasprintf("none of the %zu factory logins works",
	    ipmi_factory_login_count);
}

/*
 * The audit's probes (ipmi-audit's plan): "ipmi-audit-cipher0" and
 * "ipmi-audit-factory", each kept in the state file with its time at
 * once. The session stays as it is: a probe is a login of its own.
 */
static int
ipmi_do_audit(struct ipmi_handle *h, const struct change_step *step,
    struct job *job, char **cause)
{
	struct ipmi_audit a;
	char *why = NULL, *err = NULL;
	int rc = 0;

	ipmi_caps_unknown(&a);
	if (ipmi_audit_state_load(h->address, &a, &err) != 0) {
		*cause = err;
		return -1;
	}
	if (strcmp(step->argv[0], "ipmi-audit-cipher0") == 0)
		ipmi_probe_cipher0(h, &a, &why);
	else if (strcmp(step->argv[0], "ipmi-audit-factory") == 0)
		ipmi_probe_factory(h, &a, job, &why);
	else {
		*cause = xasprintf("unknown call %s", step->argv[0]);
		ipmi_audit_clear(&a);
		return -1;
	}
	if (ipmi_audit_state_store(h->address, &a, cause) != 0)
		rc = -1;
	else if (why != NULL) {
		*cause = xasprintf("no verdict: %s", why);
		rc = -1;
	} else
		*cause = ipmi_audit_verdict(step->argv[0], &a);
	free(why);
	ipmi_audit_clear(&a);
	return rc;
}

static int
ipmi_execute(void *handle, const struct change_step *s, struct job *job,
    char **cause)
{
	struct ipmi_handle *h = handle;
	const char *call;

	if (s->argv == NULL || s->argv[0] == NULL) {
		*cause = xstrdup("an empty call");
		return -1;
	}
	call = s->argv[0];
	if (h->ssh != NULL)
		return ipmi_session_begin(h, job, cause); /* refuses: why */
	ipmi_ask_release(h);
	/* The verification is a session of its own. */
	if (strcmp(call, "verify-login") == 0)
		return ipmi_do_verify(h, s, cause);
	/* So are the audit's probes. */
	if (strncmp(call, "ipmi-audit-", 11) == 0)
		return ipmi_do_audit(h, s, job, cause);
	if (ipmi_session_begin(h, job, cause) != 0)
		return -1;
	if (strcmp(call, "user-set-name") == 0)
		return ipmi_do_set_name(h, s, cause);
	if (strcmp(call, "user-set-password") == 0)
		return ipmi_do_password_op(h, s,
		    IPMI_PASSWORD_OPERATION_SET_PASSWORD, cause);
	if (strcmp(call, "user-enable") == 0)
		return ipmi_do_password_op(h, s,
		    IPMI_PASSWORD_OPERATION_ENABLE_USER, cause);
	if (strcmp(call, "user-disable") == 0)
		return ipmi_do_password_op(h, s,
		    IPMI_PASSWORD_OPERATION_DISABLE_USER, cause);
	if (strcmp(call, "user-set-access") == 0)
		return ipmi_do_set_access(h, s, cause);
	if (strcmp(call, "chassis-control") == 0)
		return ipmi_do_chassis(h, s, cause);
	*cause = xasprintf("the IPMI plugin makes no call %s", call);
	return -1;
}

static void
ipmi_free_snapshot(void *snapshot)
{
	ipmi_snapshot_free(snapshot);
}

/* --- Serial-over-LAN (libipmiconsole) ------------------------------------ */

/*
 * One libipmiconsole engine per process (started by the first console,
 * stopped by teardown), a context per
 * console. The engine's threads do the network I/O; the core polls the
 * context's descriptor. A console the BMC stops answering ends after
 * IPMI_SOL_SILENT_S without data or keepalive answer (the library's
 * session timeout, which must exceed its keepalive interval).
 */
#define IPMI_SOL_SILENT_S    15
#define IPMI_SOL_KEEPALIVE_MS 5000
#define IPMI_SOL_RETRANS_MS  500

struct ipmi_console {
	struct smash_console *smash; /* SOL through SMASH-CLP, or NULL:
					the rest is libipmiconsole's */
	ipmiconsole_ctx_t ctx;
	char *address;
	int fd;
	atomic_int submitted; /* the engine's callback ran */
};

/* The engine starts with the first console (a process that opens none,
 * batch mode, starts no threads) and stops at teardown. Any thread. */
static pthread_mutex_t ipmi_sol_lock = PTHREAD_MUTEX_INITIALIZER;
static int ipmi_sol_started;

static int
ipmi_sol_start(char **cause)
{
	int rc = 0;

	pthread_mutex_lock(&ipmi_sol_lock);
	if (!ipmi_sol_started) {
		if (ipmiconsole_engine_init(1, 0) < 0) {
			*cause = xasprintf("libipmiconsole's engine does not "
			    "start: %s", strerror(errno));
			rc = -1;
		} else
			ipmi_sol_started = 1;
	}
	pthread_mutex_unlock(&ipmi_sol_lock);
	return rc;
}

static void
ipmi_sol_teardown(void)
{
	pthread_mutex_lock(&ipmi_sol_lock);
	/* 1: wait until every console has deactivated SOL and logged out,
	 * so the BMC does not keep it active for a session that is gone. */
	if (ipmi_sol_started)
		ipmiconsole_engine_teardown(1);
	ipmi_sol_started = 0;
	pthread_mutex_unlock(&ipmi_sol_lock);
}

/* BMC_WA_* to libipmiconsole's workaround flags. */
static unsigned
ipmi_sol_workarounds(unsigned wa)
{
	static const struct workaround_map map[] = {
		{ BMC_WA_AUTHCAP,
		    IPMICONSOLE_WORKAROUND_AUTHENTICATION_CAPABILITIES },
		{ BMC_WA_INTEL20, IPMICONSOLE_WORKAROUND_INTEL_2_0_SESSION },
		{ BMC_WA_SUPERMICRO20,
		    IPMICONSOLE_WORKAROUND_SUPERMICRO_2_0_SESSION },
		{ BMC_WA_SUN20, IPMICONSOLE_WORKAROUND_SUN_2_0_SESSION },
		{ BMC_WA_OPENSESSPRIV,
		    IPMICONSOLE_WORKAROUND_OPEN_SESSION_PRIVILEGE },
		{ BMC_WA_INTEGRITYCHECKVALUE,
		    IPMICONSOLE_WORKAROUND_NON_EMPTY_INTEGRITY_CHECK_VALUE },
		{ BMC_WA_NOCHECKSUMCHECK,
		    IPMICONSOLE_WORKAROUND_NO_CHECKSUM_CHECK },
		{ BMC_WA_SERIALALERTSDEFERRED,
		    IPMICONSOLE_WORKAROUND_SERIAL_ALERTS_DEFERRED },
		{ BMC_WA_SOLPACKETSEQ,
		    IPMICONSOLE_WORKAROUND_INCREMENT_SOL_PACKET_SEQUENCE },
		{ BMC_WA_SOLPAYLOADSIZE,
		    IPMICONSOLE_WORKAROUND_IGNORE_SOL_PAYLOAD_SIZE },
		{ BMC_WA_SOLPORT, IPMICONSOLE_WORKAROUND_IGNORE_SOL_PORT },
		{ BMC_WA_SOLSTATUS,
		    IPMICONSOLE_WORKAROUND_SKIP_SOL_ACTIVATION_STATUS },
		{ BMC_WA_SOLCHANNELSUPPORT,
		    IPMICONSOLE_WORKAROUND_SKIP_CHANNEL_PAYLOAD_SUPPORT },
	};

	return workaround_map_flags(map, sizeof map / sizeof map[0], wa);
}

static int
ipmi_sol_privilege(enum bmc_privilege p)
{
	switch (p) {
	case BMC_PRIV_USER:
	case BMC_PRIV_CALLBACK:
		return IPMICONSOLE_PRIVILEGE_USER;
	case BMC_PRIV_OPERATOR:
		return IPMICONSOLE_PRIVILEGE_OPERATOR;
	default:
		return IPMICONSOLE_PRIVILEGE_ADMIN;
	}
}

/* Engine thread: the console came up or failed (the descriptor says
 * which too: a NUL, or end of file). */
static void
ipmi_sol_submitted(void *arg)
{
	struct ipmi_console *c = arg;

	atomic_store(&c->submitted, 1);
}

static void *
ipmi_console_open(void *handle, unsigned flags, struct job *job, int *fd,
    char **cause)
{
	struct ipmi_handle *h = handle;
	const struct bmc_target *t = h->bmc;
	struct ipmiconsole_ipmi_config ic;
	struct ipmiconsole_protocol_config pc;
	struct ipmiconsole_engine_config ec;
	struct ipmi_console *c;
	char *pw = NULL;

	if (h->ssh != NULL) {
		c = xcalloc(1, sizeof *c);
		c->fd = -1;
		c->smash = smash_console_open(h->ssh, h->address, fd, cause);
		if (c->smash == NULL) {
			free(c);
			return NULL;
		}
		return c;
	}
	if (ipmi_sol_start(cause) != 0)
		return NULL;
	ipmi_ask_release(h);
	if (ipmi_password(h, job, &pw, cause) != 0)
		return NULL;
	memset(&ic, 0, sizeof ic);
	ic.username = t->user;
	ic.password = pw;
	ic.privilege_level = ipmi_sol_privilege(t->privilege);
	ic.cipher_suite_id = t->cipher_suite;
	ic.workaround_flags = ipmi_sol_workarounds(t->workarounds);
	memset(&pc, 0, sizeof pc);
	pc.session_timeout_len = IPMI_SOL_SILENT_S * 1000;
	pc.retransmission_timeout_len = IPMI_SOL_RETRANS_MS;
	pc.retransmission_backoff_count = -1;
	pc.keepalive_timeout_len = IPMI_SOL_KEEPALIVE_MS;
	pc.retransmission_keepalive_timeout_len = -1;
	pc.acceptable_packet_errors_count = -1;
	pc.maximum_retransmission_count = -1;
	memset(&ec, 0, sizeof ec);
	ec.engine_flags = IPMICONSOLE_ENGINE_OUTPUT_ON_SOL_ESTABLISHED;
	ec.behavior_flags = (flags & PLUGIN_CONSOLE_STEAL) ? 0 :
	    IPMICONSOLE_BEHAVIOR_ERROR_ON_SOL_INUSE;
	c = xcalloc(1, sizeof *c);
	c->address = xstrdup(h->address);
	c->fd = -1;
	/* The context keeps its own copy of the password. */
	c->ctx = ipmiconsole_ctx_create(h->address, &ic, &pc, &ec);
	bmc_password_free(pw);
	if (c->ctx == NULL) {
		*cause = xasprintf("%s: cannot start SOL: %s", h->address,
		    strerror(errno));
		goto fail;
	}
	if (ipmiconsole_engine_submit(c->ctx, ipmi_sol_submitted, c) < 0) {
		*cause = xasprintf("%s: cannot start SOL: %s", h->address,
		    ipmiconsole_ctx_errormsg(c->ctx));
		goto fail;
	}
	c->fd = ipmiconsole_ctx_fd(c->ctx);
	if (c->fd < 0 || fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) |
	    O_NONBLOCK) != 0) {
		*cause = xasprintf("%s: SOL has no descriptor: %s",
		    h->address, ipmiconsole_ctx_errormsg(c->ctx));
		goto fail;
	}
	*fd = c->fd;
	return c;

fail:
	if (c->ctx != NULL)
		ipmiconsole_ctx_destroy(c->ctx);
	free(c->address);
	free(c);
	return NULL;
}

static int
ipmi_console_end(void *console, char **text)
{
	struct ipmi_console *c = console;
	int e;
	const char *msg;

	if (c->smash != NULL)
		return smash_console_end(c->smash, text);
	e = ipmiconsole_ctx_errnum(c->ctx);
	msg = ipmiconsole_ctx_errormsg(c->ctx);
	switch (e) {
	case IPMICONSOLE_ERR_SOL_INUSE:
		*text = xasprintf("%s: %s: another session holds the "
		    "console", c->address, msg);
		return PLUGIN_CONSOLE_IN_USE;
	case IPMICONSOLE_ERR_SESSION_TIMEOUT:
		*text = xasprintf("%s: no data and no answer for %d s (%s)",
		    c->address, IPMI_SOL_SILENT_S, msg);
		return PLUGIN_CONSOLE_SILENT;
	case IPMICONSOLE_ERR_EXCESS_RETRANSMISSIONS_SENT:
		/* What a BMC that took the console away without telling us
		 * (ipmi_sim does) looks like. */
		*text = xasprintf("%s: %s: the BMC stopped answering "
		    "(another session may have taken the console)",
		    c->address, msg);
		return PLUGIN_CONSOLE_FAILED;
	case IPMICONSOLE_ERR_SUCCESS:
		*text = xasprintf("%s: the BMC ended the console",
		    c->address);
		return PLUGIN_CONSOLE_FAILED;
	case IPMICONSOLE_ERR_SOL_UNAVAILABLE:
		*text = xasprintf("%s: %s: SOL is disabled on the BMC or "
		    "not allowed for this user", c->address, msg);
		return PLUGIN_CONSOLE_FAILED;
	case IPMICONSOLE_ERR_BMC_ERROR:
		/* An error completion code to a SOL command: ipmi_sim
		 * without a SOL console answers Get Payload Activation
		 * Status with C1h (invalid command). */
		*text = xasprintf("%s: %s: the BMC refused a SOL command; SOL "
		    "may be disabled or not supported on it", c->address,
		    msg);
		return PLUGIN_CONSOLE_FAILED;
	default:
		*text = xasprintf("%s: %s", c->address, msg);
		return PLUGIN_CONSOLE_FAILED;
	}
}

static int
ipmi_console_break(void *console, char **cause)
{
	struct ipmi_console *c = console;

	if (c->smash != NULL) {
		*cause = xstrdup("SMASH-CLP has no serial break (SOL through "
		    "the BMC's SSH)");
		return -1;
	}
	if (ipmiconsole_ctx_generate_break(c->ctx) < 0) {
		*cause = xasprintf("%s: no break: %s", c->address,
		    ipmiconsole_ctx_errormsg(c->ctx));
		return -1;
	}
	return 0;
}

static void
ipmi_console_close(void *console)
{
	struct ipmi_console *c = console;

	if (c == NULL)
		return;
	if (c->smash != NULL) {
		smash_console_close(c->smash);
		free(c);
		return;
	}
	/* Closing the descriptor (ours to close) tells the engine to
	 * deactivate SOL and log out; it frees the context once it has. */
	if (c->fd >= 0)
		close(c->fd);
	ipmiconsole_ctx_destroy(c->ctx);
	free(c->address);
	free(c);
}

extern const struct plugin_descriptor ipmi_plugin;
const struct plugin_descriptor ipmi_plugin = {
	.abi = PLUGIN_ABI,
	.model = IPMI_MODEL,
	.model_version = IPMI_MODEL_VERSION,
	.name = "ipmi",
	.summary = "BMC users, power and Serial-over-LAN over IPMI 2.0 / "
	    "RMCP+ (libfreeipmi, libipmiconsole)",
	.teardown = ipmi_sol_teardown,
	.open = ipmi_open,
	.close = ipmi_close,
	.snapshot = ipmi_snapshot,
	.free_snapshot = ipmi_free_snapshot,
	.quick = 1,
	.execute = ipmi_execute,
	.console_open = ipmi_console_open,
	.console_end = ipmi_console_end,
	.console_break = ipmi_console_break,
	.console_close = ipmi_console_close,
};

/* The name rackcon looks up in ipmi.so (weak, as raid.so's). */
extern const struct plugin_descriptor rackcon_plugin
    __attribute__((weak, alias("ipmi_plugin")));
