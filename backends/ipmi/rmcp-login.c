/* One RMCP+ login, Get Chassis Status and Close Session over datagrams,
 * on libfreeipmi's packet layer (see rmcp-login.h). The checks follow
 * libfreeipmi's own login (ipmi_ctx_open_outofband_2_0) and ipmipower. */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "rmcp-login.h"

#define RMCP_NO_SUITE \
	RMCPPLUS_STATUS_NO_CIPHER_SUITE_MATCH_WITH_PROPOSED_SECURITY_ALGORITHMS

int
rmcp_objs_init(struct rmcp_objs *o)
{
	memset(o, 0, sizeof *o);
	if (ipmi_rmcpplus_init() < 0)
		return -1;
	o->rmcp = fiid_obj_create(tmpl_rmcp_hdr);
	o->session_hdr = fiid_obj_create(tmpl_rmcpplus_session_hdr);
	o->msg_hdr_rq = fiid_obj_create(tmpl_lan_msg_hdr_rq);
	o->msg_hdr_rs = fiid_obj_create(tmpl_lan_msg_hdr_rs);
	o->trailer_rq = fiid_obj_create(tmpl_rmcpplus_session_trlr);
	o->trailer_rs = fiid_obj_create(tmpl_rmcpplus_session_trlr);
	o->payload = fiid_obj_create(tmpl_rmcpplus_payload);
	o->msg_trailer = fiid_obj_create(tmpl_lan_msg_trlr);
	o->open_rq = fiid_obj_create(tmpl_rmcpplus_open_session_request);
	o->open_rs = fiid_obj_create(tmpl_rmcpplus_open_session_response);
	o->rakp1 = fiid_obj_create(tmpl_rmcpplus_rakp_message_1);
	o->rakp2 = fiid_obj_create(tmpl_rmcpplus_rakp_message_2);
	o->rakp3 = fiid_obj_create(tmpl_rmcpplus_rakp_message_3);
	o->rakp4 = fiid_obj_create(tmpl_rmcpplus_rakp_message_4);
	o->chassis_rq = fiid_obj_create(tmpl_cmd_get_chassis_status_rq);
	o->chassis_rs = fiid_obj_create(tmpl_cmd_get_chassis_status_rs);
	o->close_rq = fiid_obj_create(tmpl_cmd_close_session_rq);
	o->close_rs = fiid_obj_create(tmpl_cmd_close_session_rs);
	if (o->rmcp == NULL || o->session_hdr == NULL ||
	    o->msg_hdr_rq == NULL || o->msg_hdr_rs == NULL ||
	    o->trailer_rq == NULL || o->trailer_rs == NULL ||
	    o->payload == NULL || o->msg_trailer == NULL ||
	    o->open_rq == NULL || o->open_rs == NULL || o->rakp1 == NULL ||
	    o->rakp2 == NULL || o->rakp3 == NULL || o->rakp4 == NULL ||
	    o->chassis_rq == NULL || o->chassis_rs == NULL ||
	    o->close_rq == NULL || o->close_rs == NULL) {
		rmcp_objs_free(o);
		return -1;
	}
	return 0;
}

void
rmcp_objs_free(struct rmcp_objs *o)
{
	fiid_obj_t *all[] = { &o->rmcp, &o->session_hdr, &o->msg_hdr_rq,
	    &o->msg_hdr_rs, &o->trailer_rq, &o->trailer_rs, &o->payload,
	    &o->msg_trailer, &o->open_rq, &o->open_rs, &o->rakp1, &o->rakp2,
	    &o->rakp3, &o->rakp4, &o->chassis_rq, &o->chassis_rs,
	    &o->close_rq, &o->close_rs };
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (*all[i] != NULL)
			fiid_obj_destroy(*all[i]);
		*all[i] = NULL;
	}
}

static size_t
text_len(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

int
rmcp_login_start(struct rmcp_login *l, int cipher_suite)
{
	l->step = RMCP_FAILED;
	l->power_on = -1;
	l->errnum = IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE;
	if (cipher_suite < 0 || cipher_suite > 255 ||
	    ipmi_cipher_suite_id_to_algorithms((uint8_t)cipher_suite,
	    &l->auth, &l->integrity, &l->confidentiality) < 0)
		return -1;
	l->errnum = IPMI_ERR_SYSTEM_ERROR;
	if (getrandom(&l->console_id, sizeof l->console_id, 0) !=
	    sizeof l->console_id ||
	    getrandom(l->console_rand, sizeof l->console_rand, 0) !=
	    sizeof l->console_rand)
		return -1;
	if (l->console_id == 0) /* 0 means "no session" */
		l->console_id = 1;
	l->errnum = 0;
	l->tag = 0;
	l->rq_seq = 0;
	l->seq = 0;
	if (ipmi_check_session_sequence_number_2_0_init(&l->rx_highest,
	    &l->rx_seen) < 0)
		return -1;
	l->step = RMCP_OPEN;
	return 0;
}

/* A packet outside the session (Open Session, RAKP 1 and 3). */
static int
pack_setup(struct rmcp_objs *o, uint8_t payload_type, fiid_obj_t cmd,
    uint8_t *buf, size_t len)
{
	if (fill_rmcp_hdr_ipmi(o->rmcp) < 0 ||
	    fill_rmcpplus_session_hdr(payload_type,
	    IPMI_PAYLOAD_FLAG_UNAUTHENTICATED, IPMI_PAYLOAD_FLAG_UNENCRYPTED,
	    0, 0, 0, 0, o->session_hdr) < 0 ||
	    fill_rmcpplus_session_trlr(o->trailer_rq) < 0)
		return -1;
	/* The message header is not sent with these payloads; the call
	 * wants one all the same. */
	if (fill_lan_msg_hdr(IPMI_SLAVE_ADDRESS_BMC, IPMI_NET_FN_APP_RQ,
	    IPMI_BMC_IPMB_LUN_BMC, 0, o->msg_hdr_rq) < 0)
		return -1;
	return assemble_ipmi_rmcpplus_pkt(
	    IPMI_AUTHENTICATION_ALGORITHM_RAKP_NONE,
	    IPMI_INTEGRITY_ALGORITHM_NONE,
	    IPMI_CONFIDENTIALITY_ALGORITHM_NONE, NULL, 0, NULL, 0, NULL, 0,
	    o->rmcp, o->session_hdr, o->msg_hdr_rq, cmd, o->trailer_rq, buf,
	    (unsigned)len, IPMI_INTERFACE_FLAGS_DEFAULT);
}

/* A request in the session: authenticated and encrypted as its cipher
 * suite says, with the next sequence number. */
static int
pack_session(struct rmcp_login *l, struct rmcp_objs *o, uint8_t net_fn,
    fiid_obj_t cmd, uint8_t *buf, size_t len)
{
	uint8_t authenticated = l->integrity != IPMI_INTEGRITY_ALGORITHM_NONE ?
	    IPMI_PAYLOAD_FLAG_AUTHENTICATED : IPMI_PAYLOAD_FLAG_UNAUTHENTICATED;
	uint8_t encrypted = l->confidentiality !=
	    IPMI_CONFIDENTIALITY_ALGORITHM_NONE ?
	    IPMI_PAYLOAD_FLAG_ENCRYPTED : IPMI_PAYLOAD_FLAG_UNENCRYPTED;

	l->seq++;
	if (l->seq == 0)
		l->seq = 1;
	l->rq_seq = (uint8_t)((l->rq_seq + 1) %
	    (IPMI_LAN_REQUESTER_SEQUENCE_NUMBER_MAX + 1));
	if (fill_rmcp_hdr_ipmi(o->rmcp) < 0 ||
	    fill_rmcpplus_session_hdr(IPMI_PAYLOAD_TYPE_IPMI, authenticated,
	    encrypted, 0, 0, l->bmc_id, l->seq, o->session_hdr) < 0 ||
	    fill_lan_msg_hdr(IPMI_SLAVE_ADDRESS_BMC, net_fn,
	    IPMI_BMC_IPMB_LUN_BMC, l->rq_seq, o->msg_hdr_rq) < 0 ||
	    fill_rmcpplus_session_trlr(o->trailer_rq) < 0)
		return -1;
	return assemble_ipmi_rmcpplus_pkt(l->auth, l->integrity,
	    l->confidentiality, l->k1_p, l->k1_len, l->k2_p, l->k2_len,
	    l->password, (unsigned)text_len(l->password), o->rmcp,
	    o->session_hdr, o->msg_hdr_rq, cmd, o->trailer_rq, buf,
	    (unsigned)len, IPMI_INTERFACE_FLAGS_DEFAULT);
}

int
rmcp_login_request(struct rmcp_login *l, struct rmcp_objs *o, uint8_t *buf,
    size_t len)
{
	uint8_t code[64]; /* an HMAC: SHA-256 is the longest, 32 */
	int n;

	switch (l->step) {
	case RMCP_OPEN:
		if (fill_rmcpplus_open_session(l->tag, l->open_privilege,
		    l->console_id, l->auth, l->integrity, l->confidentiality,
		    o->open_rq) < 0)
			return -1;
		return pack_setup(o,
		    IPMI_PAYLOAD_TYPE_RMCPPLUS_OPEN_SESSION_REQUEST, o->open_rq,
		    buf, len);
	case RMCP_RAKP1:
		if (fill_rmcpplus_rakp_message_1(l->tag, l->bmc_id,
		    l->console_rand, sizeof l->console_rand, l->privilege,
		    IPMI_NAME_ONLY_LOOKUP, l->user,
		    (unsigned)text_len(l->user), o->rakp1) < 0)
			return -1;
		return pack_setup(o, IPMI_PAYLOAD_TYPE_RAKP_MESSAGE_1,
		    o->rakp1, buf, len);
	case RMCP_RAKP3:
		n = ipmi_calculate_rakp_3_key_exchange_authentication_code(
		    l->auth, l->password, (unsigned)text_len(l->password),
		    l->bmc_rand, sizeof l->bmc_rand, l->console_id,
		    IPMI_NAME_ONLY_LOOKUP, l->privilege, l->user,
		    (unsigned)text_len(l->user), code, sizeof code);
		if (n < 0 || fill_rmcpplus_rakp_message_3(l->tag,
		    RMCPPLUS_STATUS_NO_ERRORS, l->bmc_id, code, (unsigned)n,
		    o->rakp3) < 0)
			n = -1;
		else
			n = pack_setup(o, IPMI_PAYLOAD_TYPE_RAKP_MESSAGE_3,
			    o->rakp3, buf, len);
		memset(code, 0, sizeof code);
		return n;
	case RMCP_CHASSIS:
		if (fill_cmd_get_chassis_status(o->chassis_rq) < 0)
			return -1;
		return pack_session(l, o, IPMI_NET_FN_CHASSIS_RQ,
		    o->chassis_rq, buf, len);
	case RMCP_CLOSE:
		if (fill_cmd_close_session(l->bmc_id, NULL, o->close_rq) < 0)
			return -1;
		return pack_session(l, o, IPMI_NET_FN_APP_RQ, o->close_rq,
		    buf, len);
	default:
		return -1;
	}
}

static void
fail(struct rmcp_login *l, int errnum)
{
	l->step = RMCP_FAILED;
	l->errnum = errnum;
}

/* An answer outside the session into cmd: 1 when it is the answer of
 * payload_type to our request, with its status code in *status. */
static int
unpack_setup(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len, uint8_t payload_type, fiid_obj_t cmd, uint8_t *status)
{
	uint64_t v;

	fiid_obj_clear(cmd);
	if (unassemble_ipmi_rmcpplus_pkt(
	    IPMI_AUTHENTICATION_ALGORITHM_RAKP_NONE,
	    IPMI_INTEGRITY_ALGORITHM_NONE,
	    IPMI_CONFIDENTIALITY_ALGORITHM_NONE, NULL, 0, NULL, 0, buf,
	    (unsigned)len, o->rmcp, o->session_hdr, o->payload, o->msg_hdr_rs,
	    cmd, o->msg_trailer, o->trailer_rs,
	    IPMI_INTERFACE_FLAGS_DEFAULT) < 0)
		return 0;
	if (ipmi_rmcpplus_check_payload_type(o->session_hdr,
	    payload_type) != 1 ||
	    ipmi_rmcpplus_check_message_tag(cmd, l->tag) != 1 ||
	    FIID_OBJ_GET(cmd, "rmcpplus_status_code", &v) < 0)
		return 0;
	*status = (uint8_t)v;
	/* A refusal may leave our session ID out (ipmi_sim's does). */
	if (*status == RMCPPLUS_STATUS_NO_ERRORS &&
	    ipmi_rmcpplus_check_remote_console_session_id(cmd,
	    l->console_id) != 1)
		return 0;
	return 1;
}

/* An answer in the session into cmd: 1 when it is whole, its integrity
 * checks out, its sequence number is new, and it answers our request
 * cmd_code. */
static int
unpack_session(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len, uint8_t net_fn, uint8_t cmd_code, fiid_obj_t cmd)
{
	uint64_t seq;

	fiid_obj_clear(cmd);
	if (unassemble_ipmi_rmcpplus_pkt(l->auth, l->integrity,
	    l->confidentiality, l->k1_p, l->k1_len, l->k2_p, l->k2_len, buf,
	    (unsigned)len, o->rmcp, o->session_hdr, o->payload, o->msg_hdr_rs,
	    cmd, o->msg_trailer, o->trailer_rs,
	    IPMI_INTERFACE_FLAGS_DEFAULT) < 0)
		return 0;
	if (ipmi_rmcpplus_check_payload_type(o->session_hdr,
	    IPMI_PAYLOAD_TYPE_IPMI) != 1 ||
	    ipmi_rmcpplus_check_session_id(o->session_hdr,
	    l->console_id) != 1)
		return 0;
	if (l->integrity != IPMI_INTEGRITY_ALGORITHM_NONE &&
	    (ipmi_rmcpplus_check_packet_session_authentication_code(
	    l->integrity, buf, (unsigned)len, l->k1_p, l->k1_len,
	    l->password, (unsigned)text_len(l->password),
	    o->trailer_rs) != 1 ||
	    ipmi_rmcpplus_check_integrity_pad(o->trailer_rs) != 1))
		return 0;
	if (l->confidentiality != IPMI_CONFIDENTIALITY_ALGORITHM_NONE &&
	    ipmi_rmcpplus_check_payload_pad(l->confidentiality,
	    o->payload) != 1)
		return 0;
	/* Within the window libfreeipmi's session keeps, and not taken
	 * before: a replayed answer is dropped. */
	if (FIID_OBJ_GET(o->session_hdr, "session_sequence_number", &seq) < 0 ||
	    ipmi_check_session_sequence_number_2_0((uint32_t)seq,
	    &l->rx_highest, &l->rx_seen, 0) != 1)
		return 0;
	if (ipmi_lan_check_checksum(o->msg_hdr_rs, cmd, o->msg_trailer) != 1 ||
	    ipmi_lan_check_net_fn(o->msg_hdr_rs, net_fn) != 1 ||
	    ipmi_lan_check_rq_seq(o->msg_hdr_rs, l->rq_seq) != 1 ||
	    ipmi_check_cmd(cmd, cmd_code) != 1)
		return 0;
	return 1;
}

/* A refusal (status not 0) fails l: with errnum when it is the status
 * libfreeipmi names so, else as a bad status code. 1 when refused. */
static int
refused(struct rmcp_login *l, uint8_t status, uint8_t named, int errnum)
{
	if (status == RMCPPLUS_STATUS_NO_ERRORS)
		return 0;
	fail(l, status == named ? errnum : IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE);
	return 1;
}

static int
reply_open(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len)
{
	uint8_t status;
	uint64_t v;

	if (!unpack_setup(l, o, buf, len,
	    IPMI_PAYLOAD_TYPE_RMCPPLUS_OPEN_SESSION_RESPONSE, o->open_rs,
	    &status))
		return 0;
	if (refused(l, status, RMCP_NO_SUITE,
	    IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE))
		return 1;
	if (FIID_OBJ_GET(o->open_rs, "managed_system_session_id", &v) < 0 ||
	    v == 0) {
		fail(l, IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE);
		return 1;
	}
	l->bmc_id = (uint32_t)v;
	/* The session may reach the privilege asked for (libfreeipmi
	 * checks it too; without opensesspriv ipmi_sim fails it). */
	if (ipmi_check_open_session_maximum_privilege(l->privilege,
	    o->open_rs) != 1) {
		fail(l, IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED);
		return 1;
	}
	l->tag++;
	l->step = RMCP_RAKP1;
	return 1;
}

static int
reply_rakp2(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len)
{
	uint8_t status;

	if (!unpack_setup(l, o, buf, len, IPMI_PAYLOAD_TYPE_RAKP_MESSAGE_2,
	    o->rakp2, &status))
		return 0;
	if (refused(l, status, RMCPPLUS_STATUS_UNAUTHORIZED_NAME,
	    IPMI_ERR_USERNAME_INVALID))
		return 1;
	if (fiid_obj_get_data(o->rakp2, "managed_system_random_number",
	    l->bmc_rand, sizeof l->bmc_rand) != (int)sizeof l->bmc_rand ||
	    fiid_obj_get_data(o->rakp2, "managed_system_guid", l->guid,
	    sizeof l->guid) != (int)sizeof l->guid) {
		fail(l, IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE);
		return 1;
	}
	/* The BMC proves it knows the password; a wrong one fails here,
	 * as libfreeipmi says it. */
	if (ipmi_rmcpplus_check_rakp_2_key_exchange_authentication_code(
	    l->auth, l->password, (unsigned)text_len(l->password),
	    l->console_id, l->bmc_id, l->console_rand,
	    sizeof l->console_rand, l->bmc_rand, sizeof l->bmc_rand,
	    l->guid, sizeof l->guid, IPMI_NAME_ONLY_LOOKUP, l->privilege,
	    l->user, (unsigned)text_len(l->user), o->rakp2) != 1) {
		fail(l, IPMI_ERR_PASSWORD_INVALID);
		return 1;
	}
	l->sik_p = l->sik;
	l->k1_p = l->k1;
	l->k2_p = l->k2;
	l->sik_len = l->k1_len = l->k2_len = RMCP_KEY_MAX;
	if (ipmi_calculate_rmcpplus_session_keys(l->auth, l->integrity,
	    l->confidentiality, l->password, (unsigned)text_len(l->password),
	    NULL, 0, l->console_rand, sizeof l->console_rand, l->bmc_rand,
	    sizeof l->bmc_rand, IPMI_NAME_ONLY_LOOKUP, l->privilege, l->user,
	    (unsigned)text_len(l->user), &l->sik_p, &l->sik_len, &l->k1_p,
	    &l->k1_len, &l->k2_p, &l->k2_len) < 0) {
		fail(l, IPMI_ERR_SYSTEM_ERROR);
		return 1;
	}
	l->tag++;
	l->step = RMCP_RAKP3;
	return 1;
}

static int
reply_rakp4(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len)
{
	uint8_t status;

	if (!unpack_setup(l, o, buf, len, IPMI_PAYLOAD_TYPE_RAKP_MESSAGE_4,
	    o->rakp4, &status))
		return 0;
	if (refused(l, status, RMCPPLUS_STATUS_INVALID_INTEGRITY_CHECK_VALUE,
	    IPMI_ERR_PASSWORD_INVALID))
		return 1;
	if (ipmi_rmcpplus_check_rakp_4_integrity_check_value(l->auth,
	    l->sik_p, l->sik_len, l->console_rand, sizeof l->console_rand,
	    l->bmc_id, l->guid, sizeof l->guid, o->rakp4) != 1) {
		fail(l, IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE);
		return 1;
	}
	l->step = RMCP_CHASSIS;
	return 1;
}

static int
reply_chassis(struct rmcp_login *l, struct rmcp_objs *o, const uint8_t *buf,
    size_t len)
{
	uint64_t on;

	if (!unpack_session(l, o, buf, len, IPMI_NET_FN_CHASSIS_RS,
	    IPMI_CMD_GET_CHASSIS_STATUS, o->chassis_rs))
		return 0;
	if (ipmi_check_completion_code_success(o->chassis_rs) != 1 ||
	    FIID_OBJ_GET(o->chassis_rs, "current_power_state.power_is_on",
	    &on) < 0) {
		/* Insufficient privilege and the like: the caller's
		 * libfreeipmi session says it in its own words. */
		fail(l, IPMI_ERR_BAD_COMPLETION_CODE);
		return 1;
	}
	l->power_on = on != 0;
	l->step = RMCP_CLOSE;
	return 1;
}

int
rmcp_login_reply(struct rmcp_login *l, struct rmcp_objs *o,
    const uint8_t *buf, size_t len)
{
	if (buf == NULL || len == 0 || len > RMCP_PACKET_MAX)
		return 0;
	switch (l->step) {
	case RMCP_OPEN:
		return reply_open(l, o, buf, len);
	case RMCP_RAKP1:
		return reply_rakp2(l, o, buf, len);
	case RMCP_RAKP3:
		return reply_rakp4(l, o, buf, len);
	case RMCP_CHASSIS:
		return reply_chassis(l, o, buf, len);
	case RMCP_CLOSE:
		if (!unpack_session(l, o, buf, len, IPMI_NET_FN_APP_RS,
		    IPMI_CMD_CLOSE_SESSION, o->close_rs))
			return 0;
		l->step = RMCP_DONE;
		return 1;
	default:
		return 0;
	}
}

void
rmcp_login_wipe(struct rmcp_login *l)
{
	explicit_bzero(l->sik, sizeof l->sik);
	explicit_bzero(l->k1, sizeof l->k1);
	explicit_bzero(l->k2, sizeof l->k2);
	explicit_bzero(l->console_rand, sizeof l->console_rand);
	explicit_bzero(l->bmc_rand, sizeof l->bmc_rand);
}
