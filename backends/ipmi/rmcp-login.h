/* One RMCP+ (IPMI 2.0) login, Get Chassis Status and Close Session as a
 * state machine over datagrams, on libfreeipmi's packet layer: no socket,
 * no clock, no thread; rmcp-quick.c drives many of them at once. */
#ifndef RMCP_LOGIN_H
#define RMCP_LOGIN_H

#include <stddef.h>
#include <stdint.h>

#include <freeipmi/freeipmi.h>

enum rmcp_step {
	RMCP_OPEN,      /* Open Session Request sent */
	RMCP_RAKP1,     /* RAKP Message 1 sent */
	RMCP_RAKP3,     /* RAKP Message 3 sent */
	RMCP_CHASSIS,   /* Get Chassis Status sent, in the session */
	RMCP_CLOSE,     /* Close Session sent; power_on is known */
	RMCP_DONE,      /* logged out; power_on is known */
	RMCP_FAILED     /* errnum says why */
};

/* The largest key a cipher suite derives (SHA-256). */
#define RMCP_KEY_MAX 32
/* A request or an answer of this exchange fits in this many bytes. */
#define RMCP_PACKET_MAX 512

/*
 * The session's algorithms come from its cipher suite. The privilege is
 * the one asked for in RAKP Message 1; open_privilege the one in the Open
 * Session Request (the privilege with FreeIPMI's opensesspriv workaround,
 * else 0: the highest the algorithms allow), as libfreeipmi's own login
 * asks. Get Chassis Status needs no more than User, which every session
 * starts at, so no Set Session Privilege Level is sent.
 */
struct rmcp_login {
	const char *user;      /* NULL: the null user */
	const char *password;  /* the caller's; NULL: none */
	uint8_t privilege, open_privilege;
	uint8_t auth, integrity, confidentiality;

	enum rmcp_step step;
	int errnum;            /* IPMI_ERR_* once RMCP_FAILED */
	int power_on;          /* 1 or 0 from RMCP_CLOSE on */
	uint8_t tag;           /* the message tag of the pending request */
	uint8_t rq_seq;        /* the IPMI requester sequence number */
	uint32_t console_id;   /* our session ID, random */
	uint32_t bmc_id;       /* the BMC's, from its Open Session Response */
	uint32_t seq;          /* the session sequence number sent last */
	uint32_t rx_highest, rx_seen; /* the BMC's numbers taken (a replayed
	                                 or stale answer is not) */
	uint8_t console_rand[IPMI_REMOTE_CONSOLE_RANDOM_NUMBER_LENGTH];
	uint8_t bmc_rand[IPMI_MANAGED_SYSTEM_RANDOM_NUMBER_LENGTH];
	uint8_t guid[IPMI_MANAGED_SYSTEM_GUID_LENGTH];
	uint8_t sik[RMCP_KEY_MAX], k1[RMCP_KEY_MAX], k2[RMCP_KEY_MAX];
	void *sik_p, *k1_p, *k2_p;
	unsigned sik_len, k1_len, k2_len;
};

/* The libfreeipmi objects packets are built and taken apart in: one set
 * per thread that runs logins (rmcp-quick.c: the engine's, under its
 * lock). */
struct rmcp_objs {
	fiid_obj_t rmcp, session_hdr, msg_hdr_rq, msg_hdr_rs, trailer_rq,
	    trailer_rs, payload, msg_trailer;
	fiid_obj_t open_rq, open_rs, rakp1, rakp2, rakp3, rakp4;
	fiid_obj_t chassis_rq, chassis_rs, close_rq, close_rs;
};

/* 0, or -1 (out of memory, or libfreeipmi's crypto failed to start). */
int rmcp_objs_init(struct rmcp_objs *o);
void rmcp_objs_free(struct rmcp_objs *o);

/* Start l (its inputs set) at RMCP_OPEN with fresh random IDs: 0, or -1
 * with l->errnum (a cipher suite libfreeipmi does not know). */
int rmcp_login_start(struct rmcp_login *l, int cipher_suite);

/* The request of l's step into buf: its length, or -1 (l is done or
 * failed, or the packet cannot be built). Asked again after a timeout,
 * it is the same request; one in the session gets a new sequence
 * number, as the BMC takes each number once. */
int rmcp_login_request(struct rmcp_login *l, struct rmcp_objs *o,
    uint8_t *buf, size_t len);

/* One datagram from the BMC: 1 when it answered l's request (l moved on:
 * a next request, RMCP_DONE or RMCP_FAILED), 0 when it is not that answer
 * (garbage, a stray or late datagram, a failed integrity check: ignored,
 * as the request will be sent again). */
int rmcp_login_reply(struct rmcp_login *l, struct rmcp_objs *o,
    const uint8_t *buf, size_t len);

/* Wipe the keys and randoms (the caller wipes the password). */
void rmcp_login_wipe(struct rmcp_login *l);

#endif
