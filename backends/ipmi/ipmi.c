/* The IPMI model: a BMC's user table and power, and the lookups screens need. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bmc-target.h"
#include "ipmi.h"

void
ipmi_user_clear(struct ipmi_user *u)
{
	free(u->name);
	free(u->error);
	u->name = u->error = NULL;
}

void
ipmi_snapshot_free(struct ipmi_snapshot *snap)
{
	size_t i;

	if (snap == NULL)
		return;
	for (i = 0; i < snap->user_count; i++)
		ipmi_user_clear(&snap->users[i]);
	free(snap->users);
	free(snap->address);
	free(snap->session_user);
	free(snap->error);
	free(snap->verified);
	ipmi_audit_clear(&snap->audit);
	free(snap);
}

const struct ipmi_user *
ipmi_snapshot_find(const struct ipmi_snapshot *snap, int id)
{
	size_t i;

	if (snap == NULL)
		return NULL;
	for (i = 0; i < snap->user_count; i++) {
		if (snap->users[i].id == id)
			return &snap->users[i];
	}
	return NULL;
}

const struct ipmi_user *
ipmi_snapshot_find_name(const struct ipmi_snapshot *snap, const char *name)
{
	size_t i;

	if (snap == NULL || name == NULL)
		return NULL;
	for (i = 0; i < snap->user_count; i++) {
		if (snap->users[i].name != NULL && !snap->users[i].empty &&
		    strcmp(snap->users[i].name, name) == 0)
			return &snap->users[i];
	}
	return NULL;
}

int
ipmi_snapshot_first_free(const struct ipmi_snapshot *snap)
{
	size_t i;

	if (snap == NULL)
		return -1;
	for (i = 0; i < snap->user_count; i++) {
		if (snap->users[i].id > 1 && snap->users[i].empty &&
		    snap->users[i].error == NULL)
			return snap->users[i].id;
	}
	return -1;
}

int
ipmi_user_usable(const struct ipmi_user *u)
{
	return u != NULL && !u->empty && u->error == NULL && u->ipmi_msg == 1 &&
	    u->enabled != 0;
}

size_t
ipmi_snapshot_admin_count(const struct ipmi_snapshot *snap)
{
	size_t i, n = 0;

	if (snap == NULL)
		return 0;
	for (i = 0; i < snap->user_count; i++) {
		if (ipmi_user_usable(&snap->users[i]) &&
		    snap->users[i].priv_limit == BMC_PRIV_ADMIN)
			n++;
	}
	return n;
}

int
ipmi_snapshot_verified(const struct ipmi_snapshot *snap, int id)
{
	size_t i;

	if (snap == NULL)
		return 0;
	for (i = 0; i < snap->verified_count; i++) {
		if (snap->verified[i] == id)
			return 1;
	}
	return 0;
}

const char *
ipmi_power_name(enum ipmi_power p)
{
	switch (p) {
	case IPMI_POWER_ON:
		return "on";
	case IPMI_POWER_OFF:
		return "off";
	default:
		return "unknown";
	}
}

void
ipmi_audit_clear(struct ipmi_audit *a)
{
	free(a->factory_users);
	free(a->probe_error);
	a->factory_users = a->probe_error = NULL;
}

unsigned
ipmi_snapshot_badges(const struct ipmi_snapshot *snap)
{
	const struct ipmi_audit *a;
	const struct ipmi_user *null_user;
	unsigned b = 0;

	if (snap == NULL)
		return 0;
	a = &snap->audit;
	if (a->cipher0 == IPMI_PROBE_YES)
		b |= IPMI_BADGE_CIPHER0;
	null_user = ipmi_snapshot_find(snap, 1);
	if (a->anonymous_login == 1 || a->null_usernames == 1 ||
	    (ipmi_user_usable(null_user) && null_user->priv_limit > 0 &&
	    null_user->priv_limit != BMC_PRIV_NO_ACCESS))
		b |= IPMI_BADGE_NULL;
	if (a->auth_none == 1 || a->auth_straight == 1)
		b |= IPMI_BADGE_15;
	if (a->session_factory || a->factory == IPMI_PROBE_YES)
		b |= IPMI_BADGE_FACTORY;
	return b;
}

const char *
ipmi_badges_text(unsigned badges)
{
	static const char *const texts[16] = {
		"", "c0", "null", "c0 null", "1.5", "c0 1.5", "null 1.5",
		"c0 null 1.5", "dflt", "c0 dflt", "null dflt", "c0 null dflt",
		"1.5 dflt", "c0 1.5 dflt", "null 1.5 dflt", "c0 null 1.5 dflt"
	};

	return texts[badges & 0xf];
}
