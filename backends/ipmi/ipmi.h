/*
 * The IPMI model: one BMC as its user table and chassis status describe it
 * (what `ipmitool user list` and `ipmitool chassis power status` print).
 *
 * The ipmi plugin builds an ipmi_snapshot on a worker thread; once
 * published it is immutable and shared read-only by the UI, batch mode and
 * command planning. Free it only with ipmi_snapshot_free(). Unknown
 * numbers are -1 and unknown strings NULL. No FreeIPMI here: this file is
 * linked into rackcon for the screens.
 */
#ifndef RACKCON_IPMI_H
#define RACKCON_IPMI_H

/* The model's name and version for the plugin ABI: bump the version
 * whenever a struct below changes, so a stale plugin is refused. */
#define IPMI_MODEL "ipmi_snapshot"
#define IPMI_MODEL_VERSION 5

#include <stddef.h>
#include <time.h>

/* Chassis power, from Get Chassis Status. */
enum ipmi_power {
	IPMI_POWER_UNKNOWN = -1,
	IPMI_POWER_OFF = 0,
	IPMI_POWER_ON = 1
};

/* One user slot (Get User Access and Get User Name on the LAN channel). */
struct ipmi_user {
	int id;           /* 1..max_users; 1 is the null (anonymous) user */
	char *name;       /* "" when the slot has none (slot 1 answers
			     cc 0xCC: empty, not an error); NULL when it
			     could not be read */
	int enabled;      /* 1, 0, or -1: the BMC says "unspecified"
			     (ipmi_sim always does) */
	int callin;       /* 1: not restricted to callback */
	int link_auth;    /* link authentication enabled */
	int ipmi_msg;     /* IPMI messaging enabled */
	int priv_limit;   /* the channel privilege limit, by its protocol
			     number (bmc_privilege_name: 0 is "Unknown
			     (0x00)", 15 "NO ACCESS"); -1 not read */
	int empty;        /* an unused slot: no name, no privilege, no
			     messaging */
	char *error;      /* why this slot could not be read, or NULL */
};

/* A probe that logs in (ipmi-audit) and what it found. */
enum ipmi_probe {
	IPMI_PROBE_NOT_RUN = -1, /* never asked for */
	IPMI_PROBE_NO = 0,       /* refused: not vulnerable */
	IPMI_PROBE_YES = 1,      /* accepted: vulnerable */
	IPMI_PROBE_ERROR = 2     /* no answer we can judge (timeout) */
};

/*
 * The security audit of one BMC. What needs no extra login is read with
 * every session: Get Channel Authentication Capabilities before it
 * (authcap_*; -1 not read) and whether rackcon itself logged in with a
 * factory pair. The probes that log in (cipher suite 0 with a wrong
 * password, the factory pairs) run only on ipmi-audit; their results come
 * from the state file (ipmi-audit.h), with the time of each.
 */
struct ipmi_audit {
	int authcap_read;      /* the capabilities answered */
	int anonymous_login;   /* authentication status bits */
	int null_usernames;
	int auth_none;         /* IPMI 1.5 authentication types enabled */
	int auth_straight;
	int auth_md2;
	int auth_md5;
	int ipmi20;            /* IPMI 2.0 supported (extended data) */
	int session_factory;   /* rackcon's own login is a factory pair */
	enum ipmi_probe cipher0;
	time_t cipher0_at;     /* when probed; 0 never */
	enum ipmi_probe factory;
	time_t factory_at;
	char *factory_users;   /* "ADMIN root": the user names whose factory
				  password worked, or NULL (never the
				  passwords) */
	char *probe_error;     /* what the last probe could not judge */
};

struct ipmi_snapshot {
	char *address;    /* "127.0.0.1:9001", as FreeIPMI takes it */
	int reachable;    /* a session was open for this read */
	char *session_user; /* who this session logged in as ("" the null
			       user) */
	int session_priv; /* the session's privilege (enum bmc_privilege) */
	time_t taken;     /* when it was read (the power: every refresh) */
	int quick;        /* the first frame's: the login and the power
			     only, no user slots (channel -1); the whole
			     read follows at once */
	time_t users_taken; /* when the user slots were read: at the first
			       read, every slow refresh (30 s), after a
			       change and on request; between those a
			       refresh shows the slots it read last */
	enum ipmi_power power;
	int channel;      /* the LAN channel the user access is of */
	int max_users;    /* the BMC's maximum user ids, -1 */
	int enabled_users; /* how many ids the BMC counts enabled, -1 */
	struct ipmi_user *users; /* slots 1..user_count, in order */
	size_t user_count;
	char *error;      /* a problem with part of the read, or NULL */
	int cipher_suite; /* the session's cipher suite (for the shell
			     equivalents: ipmitool -C) */
	/* The slots whose new credentials logged in during this run of
	 * rackcon (ipmi-user-add's and ipmi-replace-default-admin's
	 * verification). The plugin handle keeps the list (struct
	 * ipmi_handle's verified, ipmi-plugin.c) and copies it into every
	 * snapshot, so the plans' lockout rules can read it. */
	int *verified;
	size_t verified_count;
	struct ipmi_audit audit;
};

void ipmi_user_clear(struct ipmi_user *u);
void ipmi_snapshot_free(struct ipmi_snapshot *snap);

/* The slot with that id, or NULL. */
const struct ipmi_user *ipmi_snapshot_find(const struct ipmi_snapshot *snap,
    int id);
/* The first slot whose name is name (exactly), or NULL. */
const struct ipmi_user *ipmi_snapshot_find_name(
    const struct ipmi_snapshot *snap, const char *name);
/* The first empty slot a new user can take (never slot 1, the null
 * user), or -1 when all are taken. */
int ipmi_snapshot_first_free(const struct ipmi_snapshot *snap);
/* Whether u can log in: not empty, IPMI messaging on and not disabled
 * (enabled 1 or unspecified). */
int ipmi_user_usable(const struct ipmi_user *u);
/* How many usable slots have the ADMINISTRATOR limit. */
size_t ipmi_snapshot_admin_count(const struct ipmi_snapshot *snap);
/* Whether slot id's credentials were verified in this run. */
int ipmi_snapshot_verified(const struct ipmi_snapshot *snap, int id);
/* The audit's badges (IPMI_BADGE_*) from the snapshot: cipher 0
 * accepted, the null user (capabilities or a usable slot 1), IPMI 1.5 auth
 * none or straight password, a factory pair that logs in. */
#define IPMI_BADGE_CIPHER0 0x1
#define IPMI_BADGE_NULL    0x2
#define IPMI_BADGE_15      0x4
#define IPMI_BADGE_FACTORY 0x8
unsigned ipmi_snapshot_badges(const struct ipmi_snapshot *snap);
/* "c0 null 1.5 dflt" for badges (the ones set, in that order); "" none.
 * Static text. */
const char *ipmi_badges_text(unsigned badges);
void ipmi_audit_clear(struct ipmi_audit *a);
/* "on", "off", "unknown". */
const char *ipmi_power_name(enum ipmi_power p);

#endif
