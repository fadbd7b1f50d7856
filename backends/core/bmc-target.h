/*
 * A BMC as the command line or the inventory names it: where it listens,
 * who logs in and how (IPMI 2.0 / RMCP+ only), and where the password
 * comes from. The IPMI plugin gets one through its plugin_target; the
 * core builds it from `--bmc HOST[:PORT] -U USER -W LIST` or an
 * inventory entry's bmc keywords, with FreeIPMI's config file
 * (freeipmi.conf) filling what neither says, as FreeIPMI's tools do.
 *
 * bmc_target_* parse words and hold no secret; bmc_password_read() is the
 * one call that reads a secret (a file, the environment, freeipmi.conf),
 * on a worker. Nothing here links FreeIPMI: the plugin maps the
 * BMC_WA_* bits to the library's flags.
 */
#ifndef RACKCON_BMC_TARGET_H
#define RACKCON_BMC_TARGET_H

#include <stddef.h>

#define BMC_PORT_DEFAULT 623
#define BMC_CIPHER_DEFAULT 3      /* HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128 */
#define BMC_TIMEOUT_MS_DEFAULT 3000 /* per call; FreeIPMI's own is 20 s */
#define BMC_USER_MAX 16           /* IPMI user names: 16 bytes */
#define BMC_PASSWORD_MAX 20       /* IPMI 2.0 passwords: 20 bytes */

/* IPMI's privilege levels, by their protocol numbers. */
enum bmc_privilege {
	BMC_PRIV_CALLBACK = 1,
	BMC_PRIV_USER = 2,
	BMC_PRIV_OPERATOR = 3,
	BMC_PRIV_ADMIN = 4,
	BMC_PRIV_OEM = 5,
	BMC_PRIV_NO_ACCESS = 15
};

/* FreeIPMI's workarounds, by the names its tools take with -W. */
#define BMC_WA_AUTHCAP              0x0001 /* authcap */
#define BMC_WA_INTEL20              0x0002 /* intel20 */
#define BMC_WA_SUPERMICRO20         0x0004 /* supermicro20 */
#define BMC_WA_SUN20                0x0008 /* sun20 */
#define BMC_WA_OPENSESSPRIV         0x0010 /* opensesspriv */
#define BMC_WA_INTEGRITYCHECKVALUE  0x0020 /* integritycheckvalue */
#define BMC_WA_NOCHECKSUMCHECK      0x0040 /* nochecksumcheck */
/* libipmiconsole's (SOL) */
#define BMC_WA_SOLPAYLOADSIZE       0x0100 /* solpayloadsize */
#define BMC_WA_SOLPORT              0x0200 /* solport */
#define BMC_WA_SOLSTATUS            0x0400 /* solstatus */
#define BMC_WA_SOLCHANNELSUPPORT    0x0800 /* solchannelsupport */
#define BMC_WA_SERIALALERTSDEFERRED 0x1000 /* serialalertsdeferred */
#define BMC_WA_SOLPACKETSEQ         0x2000 /* solpacketseq */

/* Where the session's password comes from. */
enum bmc_password_from {
	BMC_PASSWORD_ASK,      /* a no-echo question (job_ask); batch
				  mode has none: an error naming the
				  other sources */
	BMC_PASSWORD_ENV,      /* $IPMI_PASSWORD, as ipmitool -E */
	BMC_PASSWORD_FILE,     /* the first line of a file only its owner
				  can read (refused otherwise) */
	BMC_PASSWORD_FREEIPMI  /* freeipmi.conf's `password` */
};

struct bmc_target {
	char *host;            /* a name or address as typed: "10.0.0.9",
				  "bmc3.example.org", "fe80::1" (no
				  brackets) */
	char *ssh;             /* a BMC reached through its SSH instead of
				  IPMI over LAN (its SMASH-CLP shell: SOL
				  only): the destination as typed,
				  "ssh://ADMIN@bmc3:22", resolved through
				  OpenSSH's config as ssh would; NULL: IPMI
				  over LAN at host:port */
	int port;              /* BMC_PORT_DEFAULT unless said */
	char *user;            /* NULL: the null (anonymous) user */
	int cipher_suite;      /* never 0 (refused when parsed) */
	enum bmc_privilege privilege; /* the session's: ADMIN by default */
	unsigned workarounds;  /* BMC_WA_* */
	enum bmc_password_from password_from;
	char *password_file;   /* BMC_PASSWORD_FILE: its path */
	char *freeipmi_conf;   /* BMC_PASSWORD_FREEIPMI: the file read */
	int timeout_ms;        /* each call's session timeout */
};

/* What the command line or an inventory entry said, so FreeIPMI's
 * config file fills only the rest (bmc_target_fill). */
#define BMC_SAID_USER       0x01
#define BMC_SAID_CIPHER     0x02
#define BMC_SAID_PRIVILEGE  0x04
#define BMC_SAID_WORKAROUNDS 0x08
#define BMC_SAID_PASSWORD   0x10

/* A target with the defaults: port 623, cipher 3, ADMIN, ask for the
 * password, BMC_TIMEOUT_MS_DEFAULT. */
void bmc_target_init(struct bmc_target *t);
void bmc_target_clear(struct bmc_target *t);
/* A deep copy. */
void bmc_target_copy(struct bmc_target *dst, const struct bmc_target *src);

/* "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address into t's host
 * and port; "ssh://[USER@]HOST[:PORT]" a BMC reached through its SSH
 * (t->ssh; host, port and a USER given there are taken too; the port is
 * 0 when not said: OpenSSH's config or 22). 0, or -1 with *cause. */
int bmc_target_set_address(struct bmc_target *t, const char *word,
    char **cause);
/* "opensesspriv,solpayloadsize" (commas or blanks; "none" clears) added
 * to t's workarounds. Unknown names are refused, naming the ones taken. */
int bmc_target_set_workarounds(struct bmc_target *t, const char *list,
    char **cause);
/* "3", "17": a cipher suite id FreeIPMI supports; 0 is refused (it
 * lets anyone in with any password). */
int bmc_target_set_cipher(struct bmc_target *t, const char *word,
    char **cause);
/* "user", "operator", "admin" (any case; FreeIPMI's USER, OPERATOR,
 * ADMIN). */
int bmc_target_set_privilege(struct bmc_target *t, const char *word,
    char **cause);
/* "HOST:PORT" as FreeIPMI's calls take it ("[V6]:PORT" for IPv6). Fresh. */
char *bmc_target_address(const struct bmc_target *t);
/* The privilege's name, as ipmitool prints it: "ADMINISTRATOR",
 * "OPERATOR", "USER", "CALLBACK", "OEM", "NO ACCESS", or "Unknown (0xNN)". */
const char *bmc_privilege_name(int level);
/* The workaround bits back as FreeIPMI's names, comma-separated ("" for
 * none). Fresh. */
char *bmc_workaround_names(unsigned workarounds);

/*
 * The session's password from where t says (not BMC_PASSWORD_ASK, which
 * the caller asks): 0 with a fresh *password (wipe it with
 * bmc_password_free), or -1 with *cause naming the source and why (unset
 * variable, a file others can read, no `password` in freeipmi.conf). I/O:
 * a worker thread, or start-up.
 */
int bmc_password_read(const struct bmc_target *t, char **password,
    char **cause);
/* Wipe (explicit_bzero) and free. NULL is fine. */
void bmc_password_free(char *password);

struct freeipmi_conf;
/*
 * What t does not say (said: BMC_SAID_*), from FreeIPMI's config file c
 * read from path, as FreeIPMI's tools take it: the user, cipher suite,
 * privilege and workarounds; its session-timeout; and, when t names no
 * password source and c has a password, BMC_PASSWORD_FREEIPMI. c may be
 * NULL (no such file): nothing changes.
 */
void bmc_target_fill(struct bmc_target *t, unsigned said,
    const struct freeipmi_conf *c, const char *path);

/*
 * FreeIPMI's config file, as its tools read it: one `keyword value` a line,
 * blanks between, `#` to the end of a line a comment, a trailing `\`
 * joining the next line. What rackcon takes from it: username, password,
 * cipher-suite-id, privilege-level, workaround-flags (blank-separated),
 * session-timeout (ms). Other tools' keywords are skipped.
 */
struct freeipmi_conf {
	char *username;
	char *password;        /* wipe: bmc_password_free */
	int cipher_suite;      /* -1: not given */
	int privilege;         /* -1: not given */
	unsigned workarounds;
	int session_timeout_ms; /* -1: not given */
};

/* Parse text (source names it in messages). Bad values become
 * "SOURCE:LINE: message" in *errors; the rest is taken. Returns the error
 * count. Pure: any thread. Free with freeipmi_conf_free. */
size_t freeipmi_conf_parse(const char *source, const char *text,
    struct freeipmi_conf *out, char ***errors, size_t *error_count);
void freeipmi_conf_free(struct freeipmi_conf *c);
/* The file FreeIPMI's config is read from: ~/.freeipmi/freeipmi.conf when
 * it exists, else /etc/freeipmi/freeipmi.conf. Fresh. */
char *freeipmi_conf_path(void);

#endif
