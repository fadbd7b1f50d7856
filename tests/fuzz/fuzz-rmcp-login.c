/* libFuzzer target: a BMC's datagrams into the first-frame engine's login
 * (backends/ipmi/rmcp-login.c), at any step and cipher suite.
 *
 * Input: a cipher suite byte (1, 2 or 3 by its value mod 3: suite 1 has
 * no integrity check, so made-up answers reach the Get Chassis Status and
 * Close Session parsing), a step byte (the login is put at that step,
 * with made-up keys from Get Chassis Status on), our session ID (4 bytes,
 * little-endian) and random number (16) instead of getrandom's, then
 * datagrams, each a length byte and that many bytes. The seeds
 * (seeds/rmcp-login/) are whole conversations with ipmi_sim from the
 * first step, which replay to the end: the password is ADMIN. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmcp-login.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rmcp_objs objs;
static int objs_up;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rmcp_login l;
	uint8_t out[RMCP_PACKET_MAX];
	enum rmcp_step before;
	size_t at = 22, n;
	int rc;

	if (!objs_up) {
		if (rmcp_objs_init(&objs) != 0)
			abort();
		objs_up = 1;
	}
	if (size < 22)
		return 0;
	memset(&l, 0, sizeof l);
	l.user = "ADMIN";
	l.password = "ADMIN";
	l.privilege = IPMI_PRIVILEGE_LEVEL_ADMIN;
	l.open_privilege = IPMI_PRIVILEGE_LEVEL_ADMIN;
	if (rmcp_login_start(&l, 1 + data[0] % 3) != 0)
		abort();
	l.console_id = (uint32_t)data[2] | (uint32_t)data[3] << 8 |
	    (uint32_t)data[4] << 16 | (uint32_t)data[5] << 24;
	memcpy(l.console_rand, data + 6, sizeof l.console_rand);
	l.step = (enum rmcp_step)(data[1] % (RMCP_DONE + 1));
	if (l.step >= RMCP_CHASSIS) {
		/* As after RAKP 2: keys of the suite's lengths. */
		memset(l.k1, 0x5a, sizeof l.k1);
		memset(l.k2, 0xa5, sizeof l.k2);
		l.k1_p = l.k1;
		l.k2_p = l.k2;
		l.k1_len = 20;
		l.k2_len = 16;
		l.bmc_id = 0x200;
	}
	if (l.step >= RMCP_CLOSE)
		l.power_on = 0; /* as after Get Chassis Status */
	while (at < size) {
		n = data[at++];
		if (n > size - at)
			n = size - at;
		before = l.step;
		rc = rmcp_login_reply(&l, &objs, data + at, n);
		at += n;
		if (rc != 0 && rc != 1)
			abort();
		if (rc == 0 && l.step != before)
			abort(); /* ignored, yet moved */
		if (rc == 1 && l.step == before)
			abort(); /* answered, yet stayed */
		if (l.step == RMCP_FAILED) {
			if (l.errnum == 0)
				abort();
			break;
		}
		if ((l.step == RMCP_CLOSE || l.step == RMCP_DONE) &&
		    l.power_on != 0 && l.power_on != 1)
			abort();
		if (l.step != RMCP_DONE &&
		    rmcp_login_request(&l, &objs, out, sizeof out) <= 0)
			abort(); /* every step's request can be built */
	}
	rmcp_login_wipe(&l);
	return 0;
}
