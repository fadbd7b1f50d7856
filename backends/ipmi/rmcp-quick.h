/* The first power read of many BMCs at once: each BMC's job hands its
 * login (rmcp-login.h) to one engine and waits; whichever of the waiting
 * workers is free drives every login's datagrams in turn, as ipmipower
 * does in its one thread, instead of one blocked thread a BMC. */
#ifndef RMCP_QUICK_H
#define RMCP_QUICK_H

#include <sys/socket.h>

#include "rmcp-login.h"

struct job;

struct rmcp_quick {
	struct sockaddr_storage addr; /* the BMC's RMCP port */
	socklen_t addr_len;
	unsigned timeout_ms;  /* a request unanswered this long fails */
	unsigned retrans_ms;  /* ... and is sent again after this long */
	/* 1: leave the session open once the power is read, for
	 * rmcp_quick_logout to end later (the BMC then answers no Close
	 * Session while other BMCs' first reads still need it). */
	int hold;
	int fd;               /* a held session's socket, else -1 */
	struct rmcp_login login; /* its inputs set (rmcp-login.h) */
};

/*
 * Log in, read the chassis power and log out (with q->hold, leave the
 * session open in q->fd instead), on the calling worker: 0 with
 * q->login.power_on; -1 with q->login.errnum (IPMI_ERR_*:
 * IPMI_ERR_CONNECTION_TIMEOUT when the BMC did not answer a request of
 * the login within timeout_ms, IPMI_ERR_SESSION_TIMEOUT one in the
 * session, IPMI_ERR_SYSTEM_ERROR for a local failure); -2 when job was
 * cancelled first. A Close Session the BMC leaves unanswered is not a
 * failure: the power is known. q->fd is -1 unless a session is held.
 */
int rmcp_quick_power(struct rmcp_quick *q, int cipher_suite,
    struct job *job);

/* End a session rmcp_quick_power held (q->fd >= 0; else nothing to do):
 * Close Session through the engine, then the socket closed and the keys
 * wiped. 0 (an unanswered Close Session too: the BMC ends the session
 * when its timeout passes), or -2 when job was cancelled first (the
 * socket is closed and the keys wiped all the same). */
int rmcp_quick_logout(struct rmcp_quick *q, struct job *job);

#endif
