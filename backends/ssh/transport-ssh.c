/* The SSH transport (backends/ssh.so): a remote host through libssh. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <fcntl.h>
#include <unistd.h>

#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libssh/libssh.h>

#include "clock.h"
#include "remote-sh.h"
#include "run.h"
#include "ssh-target.h"
#include "stream.h"
#include "strutil.h"
#include "textsafe.h"
#include "transport-ssh.h"
#include "worker.h"
#include "xmalloc.h"

/* Exit statuses of the request scripts, chosen not to clash with a
 * program's own: not there, not a link/directory, program not installed. */
#define RS_NOT_FOUND     244
#define RS_WRONG_TYPE    245
#define RS_NOT_INSTALLED 246
#define RS_IS_DIR        247

/* Largest answer taken (as the local transport's largest file). */
#define SSH_ANSWER_MAX (64 * 1024 * 1024)

/* A failed connection is the answer for this long (or as long as the
 * attempt took, if longer): one refresh does not try it once a verb. */
#define SSH_FAIL_HOLD_MS 2000

/* Where programs are looked for after the remote $PATH. */
#define SSH_ADMIN_PATH "/usr/local/sbin:/usr/sbin:/sbin"

/* What one thread's prefetch read, until its prefetch_end; next is what
 * an earlier prefetch of the same thread read (newest first). */
struct pf_cache {
	pthread_t thread;
	const struct transport_prefetch *spec;
	struct remote_sh_entries e;
	struct pf_cache *next;
};

/*
 * Jump hosts: each hop's session carries a direct-tcpip channel to the
 * next hop (or the target), whose session reads and writes one end of a
 * socketpair; the relay thread copies between the other end and the
 * channel. Only the relay thread touches the hops' sessions once their
 * channel is open; the target's session stays the workers'.
 */
struct jump_link {
	ssh_session s;  /* the hop's session */
	ssh_channel ch; /* to the next one */
	int fd;         /* our end of the socketpair */
	int eof_sent;   /* fd said EOF: channel EOF sent */
	int eof_got;    /* the channel said EOF: fd shut for writing */
};

struct jump_relay {
	pthread_t thread;
	int running;
	pthread_mutex_t lock; /* links, stop */
	struct jump_link *links;
	size_t count;
	int stop;
	int wake[2]; /* a link added, or stop */
};

struct transport_ssh {
	struct transport base;
	pthread_mutex_t lock; /* everything below; one verb at a time */
	struct transport_ssh_options o; /* its strings in owned */
	char **owned;                   /* copies of the caller's strings */
	size_t owned_count;
	char **identities;              /* o.identity_files' copy */
	ssh_session s;                  /* NULL: not connected */
	ssh_channel shell;              /* the remote sh reading requests */
	char *failure;      /* why the last attempt failed, or NULL */
	double failed_at;   /* (double)clock_now_ms() of that failure */
	double fail_hold;   /* how long it stands */
	int remote_uid;     /* -1: not known */
	char *declined_fp;  /* the host key the user said no to */
	pthread_mutex_t pf_lock; /* caches */
	struct pf_cache **caches;
	size_t cache_count;
	/* Jump hosts, in order (each a transport_ssh of its own for its
	 * options, identities and failure text; never a transport). */
	struct transport_ssh **hops;
	size_t hop_count;
	int proxy_fd;  /* the socketpair end this session uses, or -1 */
	struct jump_relay relay;
	struct ssh_streams *streams; /* the stream verb's; NULL until one */
};

static struct transport_ssh *
ssh_from(struct transport *t)
{
	return (struct transport_ssh *)t;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* --- connecting ---------------------------------------------------------- */

static void relay_stop(struct jump_relay *r);
static void streams_end_all(struct transport_ssh *ts);
static void streams_pump(struct transport_ssh *ts);
static int streams_open(const struct transport_ssh *ts);
static void streams_free(struct transport_ssh *ts);

/* End the session (and the hops' behind it). */
static void
ssh_drop(struct transport_ssh *ts)
{
	size_t i;

	streams_end_all(ts);
	if (ts->shell != NULL) {
		ssh_channel_free(ts->shell);
		ts->shell = NULL;
	}
	if (ts->s != NULL) {
		ssh_disconnect(ts->s);
		ssh_free(ts->s);
		ts->s = NULL;
	}
	relay_stop(&ts->relay);
	for (i = 0; i < ts->hop_count; i++)
		ssh_drop(ts->hops[i]);
	if (ts->proxy_fd >= 0) {
		close(ts->proxy_fd);
		ts->proxy_fd = -1;
	}
}

/* A silent peer (no RST) is noticed within 15 s: TCP keepalive probes
 * after 3 s of silence (or ServerAliveInterval's), 3 more 2 s apart, and
 * the same limit on unacknowledged data. 3 + 3 * 2 = 9 s, plus the time a
 * refresh takes to notice: lab/ssh-faults measured 14 s with 5 + 3 * 3. */
static void
ssh_tune_socket(struct transport_ssh *ts)
{
	int fd = ssh_get_fd(ts->s), on = 1;
	int idle = ts->o.alive_interval_s > 0 ? ts->o.alive_interval_s : 3;
	int intvl = 2, cnt = 3;
	unsigned int user_timeout = (unsigned int)(idle + intvl * cnt) * 1000;

	if (fd < 0)
		return;
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout,
	    sizeof user_timeout);
}

static int
ssh_set_options(struct transport_ssh *ts, char **cause)
{
	const struct transport_ssh_options *o = &ts->o;
	long timeout = o->connect_timeout_s > 0 ? o->connect_timeout_s : 10;
	int zero = 0, one = 1, port = o->port > 0 ? o->port : 22;
	struct {
		enum ssh_options_e opt;
		const void *value;
		const char *what;
	} set[] = {
	    {SSH_OPTIONS_HOST, o->host, "host"},
	    {SSH_OPTIONS_PORT, &port, "port"},
	    {SSH_OPTIONS_PROCESS_CONFIG, &zero, "config"},
	    {SSH_OPTIONS_NODELAY, &one, "nodelay"},
	    {SSH_OPTIONS_TIMEOUT, &timeout, "ConnectTimeout"},
	    {SSH_OPTIONS_USER, o->user, "user"},
	    {SSH_OPTIONS_KNOWNHOSTS, o->known_hosts, "UserKnownHostsFile"},
	    {SSH_OPTIONS_GLOBAL_KNOWNHOSTS, o->global_known_hosts,
	     "GlobalKnownHostsFile"},
	    {SSH_OPTIONS_KEY_EXCHANGE, o->kex_algorithms, "KexAlgorithms"},
	    {SSH_OPTIONS_HOSTKEYS, o->host_key_algorithms,
	     "HostKeyAlgorithms"},
	    {SSH_OPTIONS_HMAC_C_S, o->macs, "MACs"},
	    {SSH_OPTIONS_HMAC_S_C, o->macs, "MACs"},
	    {SSH_OPTIONS_CIPHERS_C_S, o->ciphers, "Ciphers"},
	    {SSH_OPTIONS_CIPHERS_S_C, o->ciphers, "Ciphers"},
	};
	size_t i;

	for (i = 0; i < sizeof set / sizeof set[0]; i++) {
		if (set[i].value == NULL)
			continue;
		if (ssh_options_set(ts->s, set[i].opt, set[i].value) != 0) {
			set_cause(cause, "%s: %s not accepted: %s", o->name,
			    set[i].what, ssh_get_error(ts->s));
			return -1;
		}
	}
	/* Behind a jump host: the socketpair, owned by the session now. */
	if (ts->proxy_fd >= 0) {
		if (ssh_options_set(ts->s, SSH_OPTIONS_FD, &ts->proxy_fd) != 0) {
			set_cause(cause, "%s: %s", o->name,
			    ssh_get_error(ts->s));
			return -1;
		}
		ts->proxy_fd = -1;
	}
	return 0;
}

/* "SHA256:..." for the server's key, as ssh-keygen -l prints it. */
static char *
ssh_fingerprint(ssh_session s, char **type)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp, *out;

	*type = NULL;
	if (ssh_get_server_publickey(s, &key) != SSH_OK)
		return NULL;
	*type = xstrdup(ssh_key_type_to_char(ssh_key_type(key)));
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != 0) {
		ssh_key_free(key);
		return NULL;
	}
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	out = dup_or_null(fp);
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return out;
}

static char *
ssh_known_hosts_file(const struct transport_ssh *ts)
{
	const char *home = getenv("HOME");

	if (ts->o.known_hosts != NULL)
		return xstrdup(ts->o.known_hosts);
	return xasprintf("%s/.ssh/known_hosts", home != NULL ? home : "");
}

/* A key type as OpenSSH shows it ("ssh-ed25519" -> "ED25519"). */
static const char *
key_type_label(const char *type)
{
	if (type == NULL)
		return "host";
	if (strcmp(type, "ssh-ed25519") == 0)
		return "ED25519";
	if (strcmp(type, "ssh-rsa") == 0)
		return "RSA";
	if (strncmp(type, "ecdsa-", 6) == 0)
		return "ECDSA";
	if (strcmp(type, "ssh-dss") == 0)
		return "DSA";
	return type;
}

/*
 * In ssh-keygen -F's output (a "# Host NAME found: line N" comment before
 * each entry "[@marker] hosts type key"), the line of the first key of
 * type, else of the first key of any type; *found_type is that entry's
 * type (fresh). 0 when there is none. Modifies out.
 */
static long
keygen_pick(char *out, const char *type, char **found_type)
{
	char *line, *next, *mark, *f[3];
	long at = 0, first = 0;
	int n;

	for (line = out; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (line[0] == '#') {
			mark = strstr(line, " found: line ");
			at = mark != NULL ? strtol(mark + 13, NULL, 10) : 0;
			continue;
		}
		n = sscanf(line, "%ms %ms %ms", &f[0], &f[1], &f[2]);
		if (at > 0 && n == 3) {
			mark = f[0][0] == '@' ? f[2] : f[1];
			if (first == 0 || (type != NULL &&
			    strcmp(mark, type) == 0)) {
				free(*found_type);
				*found_type = xstrdup(mark);
				first = at;
			}
			if (type != NULL && strcmp(mark, type) == 0)
				at = -1; /* found: stop */
		}
		while (n > 0)
			free(f[--n]);
		if (at == -1)
			break;
		at = 0;
	}
	return first;
}

/*
 * Where file holds a key for name, found as OpenSSH finds it (ssh-keygen
 * -F, run by argv: hashed entries too). Returns the line number, with
 * *found_type that key's type (fresh), or 0 when ssh-keygen is missing or
 * finds nothing. A worker thread (or batch mode's only one).
 */
static long
known_hosts_line(const char *file, const char *name, const char *type,
    char **found_type)
{
	const char *path_env = getenv("PATH");
	char prog[] = "ssh-keygen", find[] = "-F", in[] = "-f";
	char *search, *keygen, *cause = NULL, *n = xstrdup(name);
	char *f = xstrdup(file);
	char *argv[] = {prog, find, n, in, f, NULL};
	struct run_result r;
	long line = 0;

	*found_type = NULL;
	search = xasprintf("%s:/usr/bin:/bin", path_env != NULL ? path_env :
	    "");
	keygen = run_find_program("ssh-keygen", search);
	free(search);
	if (keygen != NULL &&
	    run_argv(keygen, argv, NULL, NULL, 5000, &r, &cause) == 0) {
		if (r.exit_status == 0)
			line = keygen_pick(r.out, type, found_type);
		run_result_free(&r);
	}
	free(cause);
	free(keygen);
	free(n);
	free(f);
	return line;
}

/* "Offending ED25519 key in FILE:LINE" for name, looked for in the
 * user's known_hosts, then the global one; "" when neither holds one. */
static char *
ssh_offending(const struct transport_ssh *ts, const char *file,
    const char *name, const char *type)
{
	const char *files[] = {file, ts->o.global_known_hosts, NULL};
	char *found = NULL, *out;
	size_t i;
	long line;

	for (i = 0; files[i] != NULL; i++) {
		if (strcmp(files[i], "/dev/null") == 0)
			continue;
		line = known_hosts_line(files[i], name, type, &found);
		if (line > 0) {
			out = xasprintf(" Offending %s key in %s:%ld.",
			    key_type_label(found), files[i], line);
			free(found);
			return out;
		}
	}
	return xstrdup("");
}

static int
ssh_check_host_key(struct transport_ssh *ts, char **cause)
{
	enum ssh_known_hosts_e state = ssh_session_is_known_server(ts->s);
	char *type = NULL, *fp = ssh_fingerprint(ts->s, &type);
	char *file = ssh_known_hosts_file(ts), *prompt, *answer = NULL;
	char *where, *name = ssh_known_hosts_name(ts->o.host,
	    ts->o.port > 0 ? ts->o.port : 22);
	int rc = -1;

	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		rc = 0;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		where = ssh_offending(ts, file, name, type);
		set_cause(cause, "REMOTE HOST IDENTIFICATION HAS CHANGED for "
		    "%s (%s): it now offers %s key %s, which %s does not "
		    "hold; someone could be eavesdropping, or the host was "
		    "reinstalled. Connection refused.%s If the change is "
		    "expected, remove the old key with: ssh-keygen -R '%s' "
		    "-f %s", ts->o.name, name, key_type_label(type),
		    fp != NULL ? fp : "?", file, where, name, file);
		free(where);
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (ts->o.batch || fp == NULL) {
			set_cause(cause, "host key of %s (%s) is not known: "
			    "%s key %s is not in %s (batch mode does not "
			    "ask; connect once interactively, or add it "
			    "with ssh-keyscan)", ts->o.name, name,
			    key_type_label(type), fp != NULL ? fp : "?", file);
			break;
		}
		/* Asked once: a key the user refused is not asked about
		 * again at every retry (a new key would be). */
		if (ts->declined_fp != NULL && strcmp(ts->declined_fp, fp) == 0) {
			set_cause(cause, "host key of %s (%s) not accepted "
			    "(answered no): %s key %s was not added to %s; "
			    "restart rackcon to be asked again", ts->o.name,
			    name, key_type_label(type), fp, file);
			break;
		}
		prompt = xasprintf("The authenticity of host %s (%s) can't "
		    "be established. %s key fingerprint is %s. Add it to "
		    "%s and connect?", ts->o.name, name, key_type_label(type),
		    fp, file);
		if (job_ask(job_current(), QUESTION_YES_NO, prompt,
		    &answer) == 0 && strcmp(answer, "y") == 0) {
			if (ssh_session_update_known_hosts(ts->s) == SSH_OK)
				rc = 0;
			else
				set_cause(cause, "%s: cannot add the host key "
				    "to %s: %s", ts->o.name, file,
				    ssh_get_error(ts->s));
		} else {
			set_cause(cause, "host key of %s (%s) not accepted "
			    "(answered no): %s key %s was not added to %s",
			    ts->o.name, name, key_type_label(type), fp, file);
			if (!job_cancelled(job_current())) {
				free(ts->declined_fp);
				ts->declined_fp = xstrdup(fp);
			}
		}
		free(answer);
		free(prompt);
		break;
	default:
		set_cause(cause, "%s: cannot check the host key against %s: "
		    "%s", ts->o.name, file, ssh_get_error(ts->s));
		break;
	}
	free(name);
	free(file);
	free(fp);
	free(type);
	return rc;
}

/* Ask for a secret through the job's question channel; NULL when there is
 * no one to ask (batch mode) or the user declined. */
static char *
ssh_ask_secret(struct transport_ssh *ts, const char *prompt)
{
	char *answer = NULL;

	if (ts->o.batch)
		return NULL;
	if (job_ask(job_current(), QUESTION_SECRET, prompt, &answer) != 0)
		return NULL;
	return answer;
}

static void
secret_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

static int
ssh_auth_key_file(struct transport_ssh *ts, const char *path)
{
	ssh_key key = NULL;
	char *prompt, *pass;
	int rc;

	rc = ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key);
	if (rc == SSH_EOF)
		return SSH_AUTH_DENIED; /* no such file */
	if (rc != SSH_OK) {
		/* Encrypted (or unreadable): a passphrase, once. */
		prompt = xasprintf("Passphrase for key %s:", path);
		pass = ssh_ask_secret(ts, prompt);
		free(prompt);
		if (pass == NULL)
			return SSH_AUTH_DENIED;
		rc = ssh_pki_import_privkey_file(path, pass, NULL, NULL, &key);
		secret_free(pass);
		if (rc != SSH_OK)
			return SSH_AUTH_DENIED;
	}
	rc = ssh_userauth_publickey(ts->s, NULL, key);
	ssh_key_free(key);
	return rc;
}

static int
ssh_auth_keys(struct transport_ssh *ts)
{
	static const char *const defaults[] = {
	    "id_rsa", "id_ecdsa", "id_ed25519", NULL,
	};
	const char *home = getenv("HOME");
	char *path;
	size_t i;
	int rc = SSH_AUTH_DENIED;

	if (ts->identities != NULL) {
		for (i = 0; ts->identities[i] != NULL; i++) {
			rc = ssh_auth_key_file(ts, ts->identities[i]);
			if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_ERROR)
				return rc;
		}
		return rc;
	}
	for (i = 0; defaults[i] != NULL; i++) {
		path = xasprintf("%s/.ssh/%s", home != NULL ? home : "",
		    defaults[i]);
		rc = ssh_auth_key_file(ts, path);
		free(path);
		if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_ERROR)
			return rc;
	}
	return rc;
}

/* The login name libssh uses (the config's, else the local user's). */
static char *
ssh_login_name(struct transport_ssh *ts)
{
	char *user = NULL, *out;

	if (ssh_options_get(ts->s, SSH_OPTIONS_USER, &user) != SSH_OK ||
	    user == NULL)
		return xstrdup(ts->o.user != NULL ? ts->o.user : "");
	out = xstrdup(user);
	ssh_string_free_char(user);
	return out;
}

/* One keyboard-interactive conversation; *asked is set when the user
 * gave at least one answer (so a DENIED means a wrong one). */
static int
ssh_auth_kbdint(struct transport_ssh *ts, const char *again, int *asked)
{
	int rc = ssh_userauth_kbdint(ts->s, NULL, NULL);
	int n, i, rounds = 0;
	const char *q;
	char echo, *answer, *prompt, *user = ssh_login_name(ts);

	*asked = 0;
	while (rc == SSH_AUTH_INFO && rounds++ < 8) {
		n = ssh_userauth_kbdint_getnprompts(ts->s);
		for (i = 0; i < n; i++) {
			q = ssh_userauth_kbdint_getprompt(ts->s, (unsigned)i,
			    &echo);
			prompt = xasprintf("%s(%s@%s) %s", *asked ? "" : again,
			    user, ts->o.name, q != NULL ? q : "");
			answer = ssh_ask_secret(ts, prompt);
			free(prompt);
			if (answer == NULL) {
				free(user);
				return SSH_AUTH_DENIED;
			}
			*asked = 1;
			rc = ssh_userauth_kbdint_setanswer(ts->s, (unsigned)i,
			    answer);
			secret_free(answer);
			if (rc < 0) {
				free(user);
				return SSH_AUTH_ERROR;
			}
		}
		rc = ssh_userauth_kbdint(ts->s, NULL, NULL);
	}
	free(user);
	return rc;
}

/* One password asked and tried; *asked as for ssh_auth_kbdint. */
static int
ssh_auth_password(struct transport_ssh *ts, const char *again, int *asked)
{
	char *prompt, *pass, *user = ssh_login_name(ts);
	int rc;

	prompt = xasprintf("%s%s@%s's password:", again, user, ts->o.name);
	free(user);
	pass = ssh_ask_secret(ts, prompt);
	free(prompt);
	*asked = pass != NULL;
	if (pass == NULL)
		return SSH_AUTH_DENIED;
	rc = ssh_userauth_password(ts->s, NULL, pass);
	secret_free(pass);
	return rc;
}

/*
 * A password or keyboard-interactive login, as ssh does it: up to three
 * tries (NumberOfPasswordPrompts), a wrong answer asked again at once
 * saying so; Esc stops asking. *why says what went wrong.
 */
static int
ssh_auth_asked(struct transport_ssh *ts, int methods, const char **why)
{
	static const char again[] = "Permission denied, please try again. ";
	static const char *const wrong[] = {"wrong password",
	    "wrong password, 2 tries", "wrong password, 3 tries"};
	int tries, rc = SSH_AUTH_DENIED, asked;

	*why = NULL;
	for (tries = 0; tries < 3; tries++) {
		if (methods & SSH_AUTH_METHOD_INTERACTIVE)
			rc = ssh_auth_kbdint(ts, tries > 0 ? again : "", &asked);
		else
			rc = ssh_auth_password(ts, tries > 0 ? again : "",
			    &asked);
		if (rc != SSH_AUTH_DENIED)
			return rc;
		if (!asked) {
			*why = tries > 0 ? "no password given after a wrong one"
			                 : "no password given";
			return rc;
		}
		*why = wrong[tries];
	}
	return rc;
}

/* The methods the server offers, as ssh names them ("publickey,password"). */
static const char *
auth_methods_text(int methods)
{
	static const char *const text[] = {
	    "none", "publickey", "password", "publickey,password",
	    "keyboard-interactive", "publickey,keyboard-interactive",
	    "password,keyboard-interactive",
	    "publickey,password,keyboard-interactive",
	};
	int i = (methods & SSH_AUTH_METHOD_PUBLICKEY ? 1 : 0) |
	    (methods & SSH_AUTH_METHOD_PASSWORD ? 2 : 0) |
	    (methods & SSH_AUTH_METHOD_INTERACTIVE ? 4 : 0);

	return text[i];
}

static int
ssh_authenticate(struct transport_ssh *ts, char **cause)
{
	int rc, methods;
	const char *why = NULL;

	rc = ssh_userauth_none(ts->s, NULL);
	if (rc == SSH_AUTH_SUCCESS)
		return 0;
	methods = ssh_userauth_list(ts->s, NULL);
	if ((methods & SSH_AUTH_METHOD_PUBLICKEY) && !ts->o.identities_only &&
	    getenv("SSH_AUTH_SOCK") != NULL &&
	    ssh_userauth_agent(ts->s, NULL) == SSH_AUTH_SUCCESS)
		return 0;
	if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
		rc = ssh_auth_keys(ts);
		if (rc == SSH_AUTH_SUCCESS)
			return 0;
	}
	if ((methods & (SSH_AUTH_METHOD_INTERACTIVE |
	    SSH_AUTH_METHOD_PASSWORD)) && !ts->o.batch) {
		rc = ssh_auth_asked(ts, methods, &why);
		if (rc == SSH_AUTH_SUCCESS)
			return 0;
	}
	set_cause(cause, "%s: permission denied (%s)%s%s%s", ts->o.name,
	    auth_methods_text(methods), why != NULL ? ": " : "",
	    why != NULL ? why : "", ts->o.batch ?
	    "; batch mode uses the agent and keys only" : "");
	return -1;
}

/* --- jump hosts ---------------------------------------------------------- */

static int
fd_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
channel_write_all(ssh_channel ch, const char *data, size_t len)
{
	int n;

	while (len > 0) {
		n = ssh_channel_write(ch, data,
		    len > 32768 ? 32768u : (uint32_t)len);
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Channel to socketpair for every link, as far as data is there. */
static void
relay_from_channels(struct jump_relay *r)
{
	char buf[32768];
	struct jump_link *l;
	size_t i;
	int n;

	for (i = 0; i < r->count; i++) {
		l = &r->links[i];
		if (l->eof_got)
			continue;
		while ((n = ssh_channel_read_nonblocking(l->ch, buf, sizeof buf,
		    0)) > 0) {
			if (fd_write_all(l->fd, buf, (size_t)n) != 0)
				break;
		}
		if (n == SSH_ERROR || ssh_channel_is_eof(l->ch) ||
		    !ssh_is_connected(l->s)) {
			/* The hop or the next one went away: the session
			 * behind it sees its socket end. */
			l->eof_got = 1;
			(void)shutdown(l->fd, SHUT_WR);
		}
	}
}

/* Socketpair to channel for the links poll found readable. */
static void
relay_to_channels(struct jump_relay *r, const struct pollfd *p, size_t np)
{
	char buf[32768];
	struct jump_link *l;
	size_t i;
	ssize_t n;

	/* p[0] is the wake pipe; then two a link: session, socketpair. */
	for (i = 0; i < r->count && 2 + 2 * i < np; i++) {
		l = &r->links[i];
		if (l->eof_sent || !(p[2 + 2 * i].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(l->fd, buf, sizeof buf);
		if (n > 0 && channel_write_all(l->ch, buf, (size_t)n) == 0)
			continue;
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		ssh_channel_send_eof(l->ch);
		l->eof_sent = 1;
	}
}

static void *
relay_main(void *arg)
{
	struct jump_relay *r = arg;
	struct pollfd *p = NULL;
	char drain[64];
	size_t np, i;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		relay_from_channels(r);
		np = 1 + 2 * r->count;
		p = xreallocarray(p, np, sizeof *p);
		p[0].fd = r->wake[0];
		p[0].events = POLLIN;
		for (i = 0; i < r->count; i++) {
			p[1 + 2 * i].fd = ssh_get_fd(r->links[i].s);
			p[1 + 2 * i].events = POLLIN;
			p[2 + 2 * i].fd = r->links[i].eof_sent ? -1
			                                       : r->links[i].fd;
			p[2 + 2 * i].events = POLLIN;
		}
		pthread_mutex_unlock(&r->lock);
		/* A short wait as well: libssh may hold data it already read
		 * from the socket, which poll cannot see. */
		if (poll(p, np, 20) > 0 && (p[0].revents & POLLIN))
			while (read(r->wake[0], drain, sizeof drain) > 0)
				;
		pthread_mutex_lock(&r->lock);
		relay_to_channels(r, p, np);
		pthread_mutex_unlock(&r->lock);
	}
	free(p);
	return NULL;
}

static int
relay_start(struct jump_relay *r, char **cause)
{
	if (r->running)
		return 0;
	if (pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		set_cause(cause, "jump hosts: pipe: %s", strerror(errno));
		return -1;
	}
	r->stop = 0;
	if (pthread_create(&r->thread, NULL, relay_main, r) != 0) {
		set_cause(cause, "jump hosts: cannot start the relay thread");
		close(r->wake[0]);
		close(r->wake[1]);
		return -1;
	}
	r->running = 1;
	return 0;
}

static void
relay_add(struct jump_relay *r, ssh_session s, ssh_channel ch, int fd)
{
	pthread_mutex_lock(&r->lock);
	r->links = xreallocarray(r->links, r->count + 1, sizeof *r->links);
	memset(&r->links[r->count], 0, sizeof r->links[r->count]);
	r->links[r->count].s = s;
	r->links[r->count].ch = ch;
	r->links[r->count].fd = fd;
	r->count++;
	pthread_mutex_unlock(&r->lock);
	(void)write(r->wake[1], "", 1);
}

/* Stop the relay and end every hop's session, the last hop first. */
static void
relay_stop(struct jump_relay *r)
{
	struct jump_link *l;

	if (r->running) {
		pthread_mutex_lock(&r->lock);
		r->stop = 1;
		pthread_mutex_unlock(&r->lock);
		(void)write(r->wake[1], "", 1);
		pthread_join(r->thread, NULL);
		close(r->wake[0]);
		close(r->wake[1]);
		r->running = 0;
	}
	while (r->count > 0) {
		l = &r->links[--r->count];
		ssh_channel_free(l->ch);
		ssh_disconnect(l->s);
		ssh_free(l->s);
		close(l->fd);
	}
	free(r->links);
	r->links = NULL;
}

static int ssh_check_host_key(struct transport_ssh *ts, char **cause);
static int ssh_authenticate(struct transport_ssh *ts, char **cause);

/* Connect and log in to one hop (over fd, the previous hop's socketpair,
 * or directly when fd is -1). */
static int
hop_connect(struct transport_ssh *hop, int fd, char **cause)
{
	char *why = NULL;

	hop->proxy_fd = fd;
	hop->s = ssh_new();
	if (hop->s == NULL) {
		set_cause(cause, "jump host %s: out of memory", hop->o.name);
		return -1;
	}
	if (ssh_set_options(hop, &why) != 0)
		goto fail;
	if (ssh_connect(hop->s) != SSH_OK) {
		set_cause(&why, "%s: %s", hop->o.name, ssh_get_error(hop->s));
		goto fail;
	}
	if (ssh_check_host_key(hop, &why) != 0 ||
	    ssh_authenticate(hop, &why) != 0)
		goto fail;
	if (fd == -1)
		ssh_tune_socket(hop);
	return 0;
fail:
	set_cause(cause, "jump host %s", why != NULL ? why : "failed");
	free(why);
	return -1;
}

/* Through every hop in turn to the target: ts->proxy_fd is then the
 * socketpair end its session is to use. */
static int
jump_connect(struct transport_ssh *ts, char **cause)
{
	struct transport_ssh *hop, *next;
	ssh_channel ch;
	int fd = -1, sv[2], port;
	size_t k;

	if (relay_start(&ts->relay, cause) != 0)
		return -1;
	for (k = 0; k < ts->hop_count; k++) {
		hop = ts->hops[k];
		if (hop_connect(hop, fd, cause) != 0)
			return -1;
		next = k + 1 < ts->hop_count ? ts->hops[k + 1] : ts;
		port = next->o.port > 0 ? next->o.port : 22;
		ch = ssh_channel_new(hop->s);
		if (ch == NULL || ssh_channel_open_forward(ch, next->o.host, port,
		    "127.0.0.1", 0) != SSH_OK) {
			set_cause(cause, "jump host %s cannot reach %s port %d: "
			    "%s", hop->o.name, next->o.host, port,
			    ssh_get_error(hop->s));
			if (ch != NULL)
				ssh_channel_free(ch);
			return -1;
		}
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
			set_cause(cause, "jump hosts: socketpair: %s",
			    strerror(errno));
			ssh_channel_free(ch);
			return -1;
		}
		/* From here the relay thread alone touches the hop. */
		relay_add(&ts->relay, hop->s, ch, sv[1]);
		hop->s = NULL;
		fd = sv[0];
	}
	ts->proxy_fd = fd;
	return 0;
}

/*
 * A read-only request sent with the remote sh's start, right after what
 * starts it: the first request of a connection then costs no round trip
 * of its own. Never a change: the far side has not yet said that a
 * remote sh of ours reads it.
 */
struct shell_rider {
	const struct buf *req; /* the request, or NULL: none rides */
	struct buf *in;        /* what came after the ready line: the
				  start of its answer */
	int sent;              /* set when it went with the start */
};

static int ssh_shell_start(struct transport_ssh *ts,
    struct shell_rider *rider, char **cause);

/*
 * Handshakes at once, per door: the sshd a TCP connect reaches (the
 * first jump host, or the host itself). A real sshd drops unauthenticated
 * connections past its MaxStartups (10 by default), and many hosts
 * behind one jump host all knock on it; hosts reached directly each have
 * their own sshd and do not wait for one another. A slot is held from
 * the TCP connect until logged in (ssh_login), not while the remote sh
 * starts.
 */
#define SSH_HANDSHAKES_PER_DOOR 8
struct handshake_door {
	char *door; /* "host port" */
	int busy;   /* handshakes in progress */
};
static pthread_mutex_t handshake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t handshake_free = PTHREAD_COND_INITIALIZER;
static struct handshake_door *doors;
static size_t door_count;

/* The door of ts's connections, as "host port". */
static char *
handshake_door_of(const struct transport_ssh *ts)
{
	const struct transport_ssh *first =
	    ts->hop_count > 0 ? ts->hops[0] : ts;

	return xasprintf("%s %d", first->o.host,
	    first->o.port > 0 ? first->o.port : 22);
}

/* The entry of door, added if new. Lock held. */
static struct handshake_door *
handshake_door_find(const char *door)
{
	size_t i;

	for (i = 0; i < door_count; i++) {
		if (strcmp(doors[i].door, door) == 0)
			return &doors[i];
	}
	doors = xreallocarray(doors, door_count + 1, sizeof *doors);
	doors[door_count].door = xstrdup(door);
	doors[door_count].busy = 0;
	return &doors[door_count++];
}

/* Wait for a handshake slot at door; -1 when the job is cancelled
 * meanwhile. */
static int
handshake_begin(const char *door)
{
	struct job *job = job_current();
	struct handshake_door *d;
	struct timespec until;
	int rc = 0;

	pthread_mutex_lock(&handshake_lock);
	while ((d = handshake_door_find(door))->busy >=
	    SSH_HANDSHAKES_PER_DOOR) {
		if (job != NULL && job_cancelled(job)) {
			rc = -1;
			break;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&handshake_free, &handshake_lock,
		    &until);
	}
	if (rc == 0)
		d->busy++;
	pthread_mutex_unlock(&handshake_lock);
	return rc;
}

static void
handshake_end(const char *door)
{
	pthread_mutex_lock(&handshake_lock);
	handshake_door_find(door)->busy--;
	pthread_cond_broadcast(&handshake_free);
	pthread_mutex_unlock(&handshake_lock);
}

/* Connected, the host key checked and logged in (jump hosts first), in
 * a handshake slot; 0, or -1 with ts->failure. */
static int
ssh_login(struct transport_ssh *ts)
{
	int rc;

	if (ts->hop_count > 0 && jump_connect(ts, &ts->failure) != 0)
		return -1;
	if ((ts->s = ssh_new()) == NULL) {
		set_cause(&ts->failure, "%s: out of memory", ts->o.name);
		return -1;
	}
	if ((rc = ssh_set_options(ts, &ts->failure)) != 0)
		return rc;
	if (ssh_connect(ts->s) != SSH_OK) {
		set_cause(&ts->failure, "%s: %s", ts->o.name,
		    ssh_get_error(ts->s));
		return -1;
	}
	if ((rc = ssh_check_host_key(ts, &ts->failure)) != 0 ||
	    (rc = ssh_authenticate(ts, &ts->failure)) != 0)
		return rc;
	if (ts->hop_count == 0)
		ssh_tune_socket(ts);
	return 0;
}

/* Connected and the remote sh ready, or -1 with *cause. A remote sh
 * started here takes rider's request along (rider may be NULL). */
static int
ssh_ready(struct transport_ssh *ts, struct shell_rider *rider, char **cause)
{
	double started;
	char *door;
	int rc;

	if (ts->s != NULL && (ts->shell != NULL || ts->o.no_shell) &&
	    ssh_is_connected(ts->s))
		return 0;
	if (job_current() != NULL && job_cancelled(job_current())) {
		/* A quit or the job's deadline: no new login for a job that
		 * is over (a cancelled answer dropped the connection, and
		 * every verb after it would log in again). */
		set_cause(cause, "%s: cancelled", ts->o.name);
		errno = ECANCELED;
		return -1;
	}
	ssh_drop(ts);
	if (ts->failure != NULL &&
	    (double)clock_now_ms() - ts->failed_at < ts->fail_hold) {
		set_cause(cause, "%s", ts->failure);
		errno = EHOSTUNREACH;
		return -1;
	}
	started = (double)clock_now_ms();
	free(ts->failure);
	ts->failure = NULL;
	door = handshake_door_of(ts);
	if (handshake_begin(door) != 0) {
		free(door);
		set_cause(cause, "%s: cancelled", ts->o.name);
		errno = ECANCELED;
		return -1;
	}
	rc = ssh_login(ts);
	/* The remote sh starts after the slot is given back: the slot
	 * bounds unauthenticated connections (sshd's MaxStartups), and a
	 * fleet's logins wait for it while shells start. */
	handshake_end(door);
	free(door);
	if (rc == 0 && !ts->o.no_shell)
		rc = ssh_shell_start(ts, rider, &ts->failure);
	if (rc == 0)
		return 0;
	ssh_drop(ts);
	if (job_current() != NULL && job_cancelled(job_current())) {
		/* The job's deadline or a quit, not the host: the next job
		 * tries at once. */
		set_cause(cause, "%s", ts->failure != NULL ? ts->failure :
		    "cancelled");
		free(ts->failure);
		ts->failure = NULL;
		errno = ECANCELED;
		return -1;
	}
	ts->failed_at = (double)clock_now_ms();
	ts->fail_hold = ts->failed_at - started;
	if (ts->fail_hold < SSH_FAIL_HOLD_MS)
		ts->fail_hold = SSH_FAIL_HOLD_MS;
	set_cause(cause, "%s", ts->failure);
	errno = EHOSTUNREACH;
	return -1;
}

/* --- the remote sh ------------------------------------------------------- */

/* Write all of data to the shell's stdin. */
static int
shell_write(struct transport_ssh *ts, const char *data, size_t len)
{
	return channel_write_all(ts->shell, data, len);
}

/*
 * Read the shell's stdout into b: wait for more bytes, then take all that
 * have come, by deadline (clock_ms; 0: none). Returns 0, 1 on the
 * deadline or a cancelled job, -1 when the channel or the connection
 * ended.
 */
static int
shell_read_more(struct transport_ssh *ts, struct buf *b, double deadline)
{
	char chunk[16384];
	struct pollfd p;
	struct job *job = job_current();
	size_t had = b->len;
	int n, left;

	for (;;) {
		n = ssh_channel_read_nonblocking(ts->shell, chunk, sizeof chunk,
		    0);
		if (n > 0) {
			buf_add(b, chunk, (size_t)n);
			continue;
		}
		if (b->len > had)
			return 0;
		if (n == SSH_ERROR || ssh_channel_is_eof(ts->shell) ||
		    !ssh_is_connected(ts->s))
			return -1;
		/* The remote sh's own complaints: drained, not kept. */
		while (ssh_channel_read_nonblocking(ts->shell, chunk,
		    sizeof chunk, 1) > 0)
			;
		/* Streams on this connection flow while it waits. */
		streams_pump(ts);
		/* Both read the socket, and may have queued the answer on
		 * the shell's channel: the socket then has nothing left to
		 * wake the poll below. */
		if (ssh_channel_poll(ts->shell, 0) > 0)
			continue;
		if (job != NULL && job_cancelled(job))
			return 1;
		left = streams_open(ts) ? 10 : 100;
		if (deadline > 0) {
			if ((double)clock_now_ms() >= deadline)
				return 1;
			if (deadline - (double)clock_now_ms() < left)
				left = (int)(deadline - (double)clock_now_ms()) + 1;
		}
		p.fd = ssh_get_fd(ts->s);
		p.events = POLLIN;
		p.revents = 0;
		(void)poll(&p, 1, left);
	}
}

/* The sh that reads requests (remote_sh_init), one a connection. */
static int
ssh_shell_start(struct transport_ssh *ts, struct shell_rider *rider,
    char **cause)
{
	struct buf b = {0};
	int wait_ms = ts->o.command_timeout_ms > 0 ? ts->o.command_timeout_ms
	                                           : 30000;
	double deadline = (double)clock_now_ms() + wait_ms;
	char *line, *refused = NULL, name[REMOTE_SH_TOKEN_LEN + 1];
	size_t head;
	int rc;

	ts->shell = ssh_channel_new(ts->s);
	if (ts->shell == NULL || ssh_channel_open_session(ts->shell) != SSH_OK ||
	    ssh_channel_request_exec(ts->shell, "exec sh") != SSH_OK) {
		set_cause(cause, "%s: cannot start a remote shell: %s",
		    ts->o.name, ssh_get_error(ts->s));
		return -1;
	}
	remote_sh_token(name);
	remote_sh_init(&b, name);
	if (rider != NULL && rider->req != NULL)
		buf_add(&b, rider->req->data, rider->req->len);
	rc = shell_write(ts, b.data, b.len);
	b.len = 0;
	if (rc == 0 && rider != NULL && rider->req != NULL)
		rider->sent = 1;
	if (rc != 0) {
		set_cause(cause, "%s: remote shell: %s", ts->o.name,
		    ssh_get_error(ts->s));
		return -1;
	}
	for (rc = 0; rc == 0;) {
		line = b.len > 0 ? memchr(b.data, '\n', b.len) : NULL;
		if (line == NULL) {
			rc = shell_read_more(ts, &b, deadline);
			continue;
		}
		*line = '\0';
		head = (size_t)(line + 1 - b.data);
		if (sscanf(b.data, "@@rackcon-ready %d", &ts->remote_uid) == 1) {
			/* The rider's answer may follow at once. */
			if (rider != NULL && rider->in != NULL)
				buf_add(rider->in, b.data + head, b.len - head);
			break;
		}
		if (strncmp(b.data, "@@rackcon-refused ", 18) == 0 &&
		    refused == NULL)
			refused = text_safe(b.data + 18, 0);
		/* A login banner or a profile's chatter: skipped. */
		memmove(b.data, line + 1, b.len - head);
		b.len -= head;
	}
	buf_free(&b);
	if (rc == 1 && job_current() != NULL && job_cancelled(job_current()))
		/* The job's deadline, not the far side: say so. */
		set_cause(cause, "%s: cancelled while the remote shell started",
		    ts->o.name);
	else if (rc == 1)
		set_cause(cause, "%s: the remote shell did not answer within "
		    "%d s", ts->o.name, wait_ms / 1000);
	else if (rc != 0 && refused != NULL)
		set_cause(cause, "%s: the remote shell did not start: %s "
		    "exists already (a temporary file rackcon makes afresh)",
		    ts->o.name, refused);
	else if (rc != 0)
		set_cause(cause, "%s: the remote shell ended at once (no sh, "
		    "or no writable temporary folder): %s", ts->o.name,
		    ssh_get_error(ts->s));
	free(refused);
	if (rc != 0)
		return -1;
	return 0;
}

/* One answer: exit status, stdout, stderr. */
struct answer {
	int status;
	char *out;
	size_t out_len;
	char *err;
	size_t err_len;
	int timed_out;
};

static void
answer_free(struct answer *a)
{
	free(a->out);
	free(a->err);
	memset(a, 0, sizeof *a);
}

/*
 * Run body (sh commands; paths and arguments already quoted) in a subshell
 * of the remote sh, its output and error to the answer. Returns 0 (the
 * answer's status is the body's), or -1 with *cause when the connection
 * failed or the deadline passed (a->timed_out; the remote sh is then
 * dropped, with what it ran). pre (sh text, "" for none) is run by the
 * remote sh itself just before, so what it sets lasts the connection.
 * A read_only request rides with the remote sh's start when this one
 * starts it (struct shell_rider).
 */
static int
ssh_request_after(struct transport_ssh *ts, const char *pre, const char *body,
    int read_only, int timeout_ms, struct answer *a, char **cause)
{
	struct buf req = {0}, in = {0};
	struct shell_rider rider = {0};
	struct remote_sh_scan scan = {0};
	struct remote_sh_answer got;
	char token[REMOTE_SH_TOKEN_LEN + 1];
	double deadline;
	int rc, found = 0;

	memset(a, 0, sizeof *a);
	if (ts->o.no_shell) {
		set_cause(cause, "%s: a BMC's SMASH-CLP shell has no files or "
		    "programs to read", ts->o.name);
		errno = EOPNOTSUPP;
		return -1;
	}
	remote_sh_token(token);
	buf_addstr(&req, pre);
	remote_sh_request(&req, body, token);
	rider.req = read_only ? &req : NULL;
	rider.in = &in;
	if (ssh_ready(ts, &rider, cause) != 0) {
		buf_free(&req);
		buf_free(&in);
		return -1;
	}
	if (timeout_ms <= 0)
		timeout_ms = ts->o.command_timeout_ms > 0 ?
		    ts->o.command_timeout_ms : 30000;
	deadline = (double)clock_now_ms() + timeout_ms;
	rc = rider.sent ? 0 : shell_write(ts, req.data, req.len);
	buf_free(&req);
	if (rc != 0) {
		set_cause(cause, "%s: connection lost: %s", ts->o.name,
		    ssh_get_error(ts->s));
		ssh_drop(ts);
		return -1;
	}
	while (rc == 0) {
		found = in.len > 0 ? remote_sh_answer_parse(&scan, in.data,
		    in.len, token, &got) : 0;
		if (found != 0)
			break;
		if (in.len > SSH_ANSWER_MAX)
			found = -1;
		else
			rc = shell_read_more(ts, &in, deadline);
	}
	if (found == -1)
		rc = -1;
	if (rc != 0) {
		/* Sent: whether it ran, or how it ended, is unknown. */
		if (rc == 1 && job_cancelled(job_current())) {
			a->timed_out = 1;
			set_cause(cause, "%s: cancelled while waiting for the "
			    "answer", ts->o.name);
		} else if (rc == 1) {
			a->timed_out = 1;
			set_cause(cause, "%s: no answer within %d ms",
			    ts->o.name, timeout_ms);
		} else if (found == -1)
			set_cause(cause, "%s: the remote shell's answer was "
			    "not understood", ts->o.name);
		else
			set_cause(cause, "%s: connection lost after the "
			    "request was sent: %s", ts->o.name,
			    ssh_get_error(ts->s));
		errno = ECONNABORTED;
		buf_free(&in);
		/* What it ran is left to the remote sh's end. */
		ssh_drop(ts);
		return -1;
	}
	a->status = got.status;
	a->out = xmalloc(got.out_len + 1);
	memcpy(a->out, got.out, got.out_len);
	a->out[got.out_len] = '\0';
	a->out_len = got.out_len;
	a->err = xmalloc(got.err_len + 1);
	memcpy(a->err, got.err, got.err_len);
	a->err[got.err_len] = '\0';
	a->err_len = got.err_len;
	buf_free(&in);
	return 0;
}

static int
ssh_request(struct transport_ssh *ts, const char *body, int timeout_ms,
    struct answer *a, char **cause)
{
	return ssh_request_after(ts, "", body, 0, timeout_ms, a, cause);
}

/* The path on the far side, quoted: the sysroot's when there is one. */
static char *
remote_path(const struct transport_ssh *ts, const char *path)
{
	char *full, *q;

	if (ts->o.sysroot == NULL)
		return shell_quote(path);
	full = xasprintf("%s%s", ts->o.sysroot, path);
	q = shell_quote(full);
	free(full);
	return q;
}

/* The answer's error text, trimmed, for a message. */
static const char *
answer_error(struct answer *a)
{
	return a->err_len > 0 ? str_trim(a->err) : "failed";
}

/* A read-type verb's status to errno and *cause. */
static int
answer_status(struct transport_ssh *ts, struct answer *a, const char *path,
    int wrong_type, char **cause)
{
	int err;

	if (a->status == 0)
		return 0;
	if (a->status == RS_NOT_FOUND || a->status == RS_IS_DIR) {
		err = a->status == RS_NOT_FOUND ? ENOENT : EISDIR;
		set_cause(cause, "%s: %s: %s", ts->o.name, path,
		    strerror(err));
		errno = err;
	} else if (a->status == RS_WRONG_TYPE) {
		set_cause(cause, "%s: %s: %s", ts->o.name, path,
		    strerror(wrong_type));
		errno = wrong_type;
	} else {
		set_cause(cause, "%s: %s: %s", ts->o.name, path,
		    answer_error(a));
		errno = strstr(a->err, "ermission denied") != NULL ? EACCES
		                                                    : EIO;
	}
	return -1;
}

/* --- prefetch: one refresh's reads in one round trip --------------------- */

/* A found entry's copy (pf_lookup), freed. */
static void
pf_entry_clear(struct remote_sh_entry *e)
{
	free(e->path);
	free(e->data);
	string_list_free(e->names, e->name_count);
}

static void
pf_cache_free(struct pf_cache *c)
{
	struct pf_cache *next;

	for (; c != NULL; c = next) {
		next = c->next;
		remote_sh_entries_free(&c->e);
		free(c);
	}
}

/* Whether a prefetch the calling thread still has open named every
 * pattern of spec (a plugin that joined two up front): nothing to ask. */
static int
pf_asked_already(struct transport_ssh *ts,
    const struct transport_prefetch *spec)
{
	struct pf_cache *c = NULL;
	size_t i;
	int asked = 0;

	pthread_mutex_lock(&ts->pf_lock);
	for (i = 0; i < ts->cache_count && c == NULL; i++) {
		if (pthread_equal(ts->caches[i]->thread, pthread_self()))
			c = ts->caches[i];
	}
	for (; c != NULL && !asked; c = c->next)
		asked = transport_prefetch_within(spec, c->spec);
	pthread_mutex_unlock(&ts->pf_lock);
	return asked;
}

static int
ssh_prefetch(struct transport *t, const struct transport_prefetch *spec,
    char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct buf body = {0};
	struct answer a;
	struct pf_cache *c;
	char sep[REMOTE_SH_TOKEN_LEN + 1];
	size_t i;
	int rc;

	if (pf_asked_already(ts, spec))
		return 0;
	remote_sh_token(sep);
	if (remote_sh_prefetch_body(&body, spec, ts->o.sysroot, sep) != 0) {
		set_cause(cause, "prefetch: a pattern with characters other "
		    "than letters, digits, / . _ - and globs");
		buf_free(&body);
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request_after(ts, remote_sh_prefetch_pre(spec), body.data, 1,
	    0, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	buf_free(&body);
	if (rc != 0) {
		answer_free(&a);
		return -1;
	}
	c = xcalloc(1, sizeof *c);
	c->thread = pthread_self();
	c->spec = spec;
	remote_sh_prefetch_parse(&c->e, ts->o.sysroot, sep, a.out, a.out_len);
	answer_free(&a);
	pthread_mutex_lock(&ts->pf_lock);
	for (i = 0; i < ts->cache_count; i++) {
		if (pthread_equal(ts->caches[i]->thread, c->thread)) {
			/* One more for the prefetch still open. */
			c->next = ts->caches[i];
			ts->caches[i] = c;
			c = NULL;
			break;
		}
	}
	if (c != NULL) {
		ts->caches = xreallocarray(ts->caches, ts->cache_count + 1,
		    sizeof *ts->caches);
		ts->caches[ts->cache_count++] = c;
	}
	pthread_mutex_unlock(&ts->pf_lock);
	return 0;
}

static void
ssh_prefetch_end(struct transport *t)
{
	struct transport_ssh *ts = ssh_from(t);
	size_t i;

	pthread_mutex_lock(&ts->pf_lock);
	for (i = 0; i < ts->cache_count; i++) {
		if (pthread_equal(ts->caches[i]->thread, pthread_self())) {
			pf_cache_free(ts->caches[i]);
			ts->caches[i] = ts->caches[--ts->cache_count];
			break;
		}
	}
	pthread_mutex_unlock(&ts->pf_lock);
}

static int
pf_covered(const char *const *patterns, const char *path)
{
	size_t i;

	for (i = 0; patterns != NULL && patterns[i] != NULL; i++) {
		if (fnmatch(patterns[i], path, FNM_PATHNAME | FNM_PERIOD) == 0)
			return 1;
	}
	return 0;
}

/* Whether spec's patterns of kind cover path. */
static int
pf_spec_covers(const struct transport_prefetch *sp, char kind,
    const char *path)
{
	if (kind == 'F')
		return pf_covered(sp->files, path) ||
		    pf_covered(sp->binary, path);
	if (kind == 'D')
		return pf_covered(sp->dirs, path);
	return pf_covered(sp->links, path);
}

/*
 * The calling thread's prefetched answer for path as kind: 1 with *found
 * (a copy; NULL when the far side lacks it: ENOENT), 0 when no prefetch
 * covers it. The newest prefetch that covers path answers.
 */
static int
pf_lookup(struct transport_ssh *ts, char kind, const char *path,
    struct remote_sh_entry *found)
{
	struct pf_cache *c = NULL;
	const struct remote_sh_entry *e;
	size_t i;

	memset(found, 0, sizeof *found);
	pthread_mutex_lock(&ts->pf_lock);
	for (i = 0; i < ts->cache_count; i++) {
		if (pthread_equal(ts->caches[i]->thread, pthread_self()))
			c = ts->caches[i];
	}
	pthread_mutex_unlock(&ts->pf_lock);
	/* Only this thread touches its own cache: no lock from here. */
	while (c != NULL && !pf_spec_covers(c->spec, kind, path))
		c = c->next;
	if (c == NULL)
		return 0;
	e = remote_sh_entries_find(&c->e, kind, path);
	if (e == NULL) {
		found->error = ENOENT;
		return 1;
	}
	found->error = e->error;
	if (e->data != NULL) {
		found->data = xmalloc(e->len + 1);
		memcpy(found->data, e->data, e->len);
		found->data[e->len] = '\0';
		found->len = e->len;
	}
	for (i = 0; i < e->name_count; i++)
		strv_push(&found->names, &found->name_count, e->names[i]);
	return 1;
}

/* A prefetched answer's failure as a verb's. */
static int
pf_failed(struct transport_ssh *ts, struct remote_sh_entry *e, const char *path,
    char **cause)
{
	if (e->error == 0)
		return 0;
	set_cause(cause, "%s: %s: %s", ts->o.name, path,
	    e->error == EIO ? "unreadable" : strerror(e->error));
	errno = e->error;
	pf_entry_clear(e);
	return -1;
}

/* --- the verbs ----------------------------------------------------------- */

static int
ssh_read_file(struct transport *t, const char *path, char **data,
    size_t *len, char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct remote_sh_entry e;
	struct answer a;
	char *q, *body;
	int rc;

	if (pf_lookup(ts, 'F', path, &e)) {
		if (pf_failed(ts, &e, path, cause) != 0)
			return -1;
		*data = e.data;
		if (len != NULL)
			*len = e.len;
		return 0;
	}
	q = remote_path(ts, path);
	body = xasprintf("f=%s; [ -e \"$f\" ] || [ -L \"$f\" ] || exit %d; "
	    "[ -d \"$f\" ] && exit %d; exec cat -- \"$f\"", q, RS_NOT_FOUND,
	    RS_IS_DIR);
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request(ts, body, 0, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	free(body);
	free(q);
	if (rc == 0 && (rc = answer_status(ts, &a, path, EINVAL, cause)) == 0) {
		*data = a.out;
		if (len != NULL)
			*len = a.out_len;
		a.out = NULL;
	}
	answer_free(&a);
	return rc;
}

static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
ssh_list_dir(struct transport *t, const char *path, char ***names,
    size_t *count, char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct remote_sh_entry e;
	struct answer a;
	char *q, *body, **v = NULL, *p, *end;
	size_t n = 0;
	int rc;

	if (pf_lookup(ts, 'D', path, &e)) {
		if (pf_failed(ts, &e, path, cause) != 0)
			return -1;
		if (e.name_count > 1)
			qsort(e.names, e.name_count, sizeof *e.names,
			    names_cmp);
		*names = e.names;
		*count = e.name_count;
		free(e.data);
		return 0;
	}
	q = remote_path(ts, path);
	body = xasprintf("d=%s; if [ ! -d \"$d\" ]; then [ -e \"$d\" ] && "
	    "exit %d; exit %d; fi; cd -- \"$d\" || exit 1; "
	    "for f in * .*; do case $f in .|..) continue;; esac; "
	    "if [ -e \"$f\" ] || [ -L \"$f\" ]; then printf '%%s\\0' \"$f\"; "
	    "fi; done", q, RS_WRONG_TYPE, RS_NOT_FOUND);
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request(ts, body, 0, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	free(body);
	free(q);
	if (rc == 0)
		rc = answer_status(ts, &a, path, ENOTDIR, cause);
	if (rc == 0) {
		for (p = a.out; p < a.out + a.out_len; p = end + 1) {
			end = memchr(p, '\0', (size_t)(a.out + a.out_len - p));
			if (end == NULL)
				break;
			strv_push(&v, &n, p);
		}
		if (n > 1)
			qsort(v, n, sizeof *v, names_cmp);
		*names = v;
		*count = n;
	}
	answer_free(&a);
	return rc;
}

static int
ssh_read_link(struct transport *t, const char *path, char **target,
    char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct remote_sh_entry e;
	struct answer a;
	char *q, *body;
	int rc;

	if (pf_lookup(ts, 'L', path, &e)) {
		if (pf_failed(ts, &e, path, cause) != 0)
			return -1;
		*target = e.data != NULL ? e.data : xstrdup("");
		return 0;
	}
	q = remote_path(ts, path);
	body = xasprintf("f=%s; if [ ! -L \"$f\" ]; then [ -e \"$f\" ] && "
	    "exit %d; exit %d; fi; exec readlink -- \"$f\"", q, RS_WRONG_TYPE,
	    RS_NOT_FOUND);
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request(ts, body, 0, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	free(body);
	free(q);
	if (rc == 0 && (rc = answer_status(ts, &a, path, EINVAL,
	    cause)) == 0) {
		if (a.out_len > 0 && a.out[a.out_len - 1] == '\n')
			a.out[--a.out_len] = '\0';
		*target = a.out;
		a.out = NULL;
	}
	answer_free(&a);
	return rc;
}

/*
 * How argv[0] is found and started, as the local transport does it: with
 * a sysroot, SYSROOT/bin/NAME and nothing else (a fixture tree is another
 * machine), with RACKCON_SYSROOT in its environment; else the remote
 * $PATH and the admin folders. Then exec with the quoted words after it.
 */
static void
run_prefix(const struct transport_ssh *ts, const char *name, struct buf *b)
{
	char *bin, *q;

	buf_addstr(b, "cd / || exit 1; ");
	if (ts->o.sysroot != NULL) {
		bin = strchr(name, '/') != NULL ?
		    xasprintf("%s%s", ts->o.sysroot, name) :
		    xasprintf("%s/bin/%s", ts->o.sysroot, name);
		q = shell_quote(bin);
		buf_printf(b, "p=%s; [ -f \"$p\" ] && [ -x \"$p\" ] || exit %d; ",
		    q, RS_NOT_INSTALLED);
		free(q);
		free(bin);
		q = shell_quote(ts->o.sysroot);
		buf_printf(b, "RACKCON_SYSROOT=%s; export RACKCON_SYSROOT; ",
		    q);
		free(q);
		return;
	}
	q = shell_quote(name);
	buf_printf(b, "PATH=\"$PATH:" SSH_ADMIN_PATH "\"; export PATH; "
	    "p=$(command -v %s) || exit %d; ", q, RS_NOT_INSTALLED);
	free(q);
}

static int
ssh_run(struct transport *t, char *const argv[], const char *input,
    int timeout_ms, struct run_result *result, char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct buf body = {0};
	struct answer a;
	char *q, *cmd;
	int rc, far_s, used_sudo;

	memset(result, 0, sizeof *result);
	result->exit_status = -1;
	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
		set_cause(cause, "no program to run");
		errno = EINVAL;
		return -1;
	}
	run_prefix(ts, argv[0], &body);
	/* The words after the program; "$p" is the program found. */
	cmd = shell_quote_argv(argv + 1);
	/* Ended on the far side too: when the deadline drops the connection
	 * the program would run on (a hung smartctl, for ever). timeout(1)
	 * signals its whole process group, sudo passes the signal on. */
	far_s = ((timeout_ms > 0 ? timeout_ms : ts->o.command_timeout_ms > 0 ?
	    ts->o.command_timeout_ms : 30000) + 999) / 1000 + 2;
	/* As run_argv forces them here: times a program prints are UTC
	 * (sudo keeps a TZ as plain as this one). */
	buf_addstr(&body, "LC_ALL=C; TZ=UTC0; export LC_ALL TZ; ");
	buf_printf(&body, "if command -v timeout >/dev/null 2>&1; then "
	    "set -- timeout -k 2 %d; else set --; fi; ", far_s);
	if (input != NULL) {
		q = shell_quote(input);
		buf_printf(&body, "printf '%%s' %s | ", q);
		free(q);
	}
	used_sudo = ts->o.sudo && ts->remote_uid != 0;
	/* sudo clears the environment: a fixture tree's programs find their
	 * tree through env (a sudoers that allows ALL allows env). */
	if (used_sudo && ts->o.sysroot != NULL)
		buf_printf(&body, "exec \"$@\" sudo -n -- env "
		    "RACKCON_SYSROOT=\"$RACKCON_SYSROOT\" \"$p\" %s", cmd);
	else if (used_sudo)
		buf_printf(&body, "exec \"$@\" sudo -n -- \"$p\" %s", cmd);
	else
		buf_printf(&body, "exec \"$@\" \"$p\" %s", cmd);
	free(cmd);
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request(ts, body.data, timeout_ms, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	buf_free(&body);
	if (rc != 0) {
		if (a.timed_out) {
			/* As run_argv: the program ran and was stopped. */
			result->timed_out = 1;
			result->out = xstrdup("");
			result->err = xstrdup("");
			answer_free(&a);
			return 0;
		}
		answer_free(&a);
		return -1;
	}
	if (used_sudo && a.status == 1 &&
	    strstr(a.err, "a password is required") != NULL) {
		/* sudo -n never asks: it says so and exits 1 at once. */
		set_cause(cause, "%s: sudo wants a password to run %s; allow "
		    "it without one (NOPASSWD in sudoers) or log in as root",
		    ts->o.name, argv[0]);
		answer_free(&a);
		errno = EACCES;
		return -1;
	}
	if (a.status == RS_NOT_INSTALLED) {
		/* Worded as the local transport words it. */
		if (ts->o.sysroot != NULL)
			set_cause(cause, "%s: not installed (looked in %s/bin)",
			    argv[0], ts->o.sysroot);
		else
			set_cause(cause, "%s: not installed (looked in the "
			    "remote PATH and %s)", argv[0], SSH_ADMIN_PATH);
		answer_free(&a);
		errno = ENOENT;
		return -1;
	}
	result->exit_status = a.status;
	result->out = a.out;
	result->out_len = a.out_len;
	result->err = a.err;
	result->err_len = a.err_len;
	return 0;
}

static int
ssh_write_file(struct transport *t, const char *path, const char *data,
    size_t len, int flags, char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct answer a;
	char *q, *text, *qd, *body;
	int rc;

	if (memchr(data, '\0', len) != NULL) {
		set_cause(cause, "%s: %s: cannot write a NUL byte remotely",
		    ts->o.name, path);
		errno = EINVAL;
		return -1;
	}
	q = remote_path(ts, path);
	text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	qd = shell_quote(text);
	free(text);
	/* printf is built in: one write() for a sysfs attribute. */
	if (flags & TRANSPORT_WRITE_CREATE)
		body = xasprintf("set -C; f=%s; printf '%%s' %s >\"$f\"", q, qd);
	else
		body = xasprintf("f=%s; [ -e \"$f\" ] || exit %d; "
		    "printf '%%s' %s >\"$f\"", q, RS_NOT_FOUND, qd);
	pthread_mutex_lock(&ts->lock);
	rc = ssh_request(ts, body, 0, &a, cause);
	pthread_mutex_unlock(&ts->lock);
	free(body);
	free(qd);
	free(q);
	if (rc == 0)
		rc = answer_status(ts, &a, path, EISDIR, cause);
	answer_free(&a);
	return rc;
}

static void
ssh_free_transport(struct transport *t)
{
	struct transport_ssh *ts = ssh_from(t);
	size_t i;

	streams_free(ts);
	ssh_drop(ts);
	for (i = 0; i < ts->hop_count; i++)
		ssh_free_transport(&ts->hops[i]->base);
	free(ts->hops);
	pthread_mutex_destroy(&ts->relay.lock);
	pthread_mutex_destroy(&ts->lock);
	while (ts->cache_count > 0)
		pf_cache_free(ts->caches[--ts->cache_count]);
	free(ts->caches);
	pthread_mutex_destroy(&ts->pf_lock);
	free(ts->failure);
	free(ts->declined_fp);
	for (i = 0; ts->identities != NULL && ts->identities[i] != NULL; i++)
		free(ts->identities[i]);
	free(ts->identities);
	string_list_free(ts->owned, ts->owned_count);
	free(ts->base.description);
	free(ts);
}

/* --- streams ------------------------------------------------------------- */

/*
 * The stream verb: a direct-tcpip channel (direct-streamlocal for a unix
 * socket) on the host's session, relayed to a socketpair whose other end
 * the caller has, as the jump hosts' channels are. The channels are the
 * session's, so every libssh call on them is made under ts->lock: by the
 * streams' relay thread, and by a worker waiting for an answer
 * (shell_read pumps them), so a stream flows while a refresh runs. Data
 * moves a chunk at a time and only as far as the far side's window and
 * the caller's socket take it: nothing blocks on a slow reader.
 */
#define STREAM_CHUNK 32768

struct ssh_stream {
	ssh_channel ch;
	int fd;                   /* our end of the socketpair, non-blocking */
	char to_fd[STREAM_CHUNK]; /* from the channel, not yet to fd */
	size_t to_fd_off, to_fd_len;
	char to_ch[STREAM_CHUNK]; /* from fd, not yet to the channel */
	size_t to_ch_off, to_ch_len;
	int fd_eof;   /* the caller shut down writing (or closed) */
	int eof_sent; /* and the channel was told */
	int ch_eof;   /* the far end's EOF: fd shut down for writing */
	int done;     /* both ways ended, or the caller closed: free it */
};

struct ssh_streams {
	struct transport_ssh *ts;
	pthread_t thread;
	int running;
	int stop;    /* under ts->lock */
	int wake[2]; /* a stream added, or stop */
	struct ssh_stream **v; /* under ts->lock */
	size_t n;
};

/* Channel to fd, as far as the caller's socket takes it. */
static void
stream_from_channel(struct ssh_stream *s)
{
	ssize_t w;
	int n;

	for (;;) {
		if (s->to_fd_off < s->to_fd_len) {
			w = send(s->fd, s->to_fd + s->to_fd_off,
			    s->to_fd_len - s->to_fd_off,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			if (w > 0) {
				s->to_fd_off += (size_t)w;
				continue;
			}
			if (w == -1 && (errno == EAGAIN || errno == EINTR))
				return;
			s->done = 1; /* the caller closed its end */
			return;
		}
		if (s->ch_eof)
			return;
		n = ssh_channel_read_nonblocking(s->ch, s->to_fd,
		    sizeof s->to_fd, 0);
		if (n > 0) {
			s->to_fd_off = 0;
			s->to_fd_len = (size_t)n;
			continue;
		}
		if (n == SSH_ERROR || n == SSH_EOF || ssh_channel_is_eof(s->ch) ||
		    ssh_channel_is_closed(s->ch)) {
			s->ch_eof = 1;
			(void)shutdown(s->fd, SHUT_WR);
		}
		return;
	}
}

/* fd to channel, as far as the far side's window takes it. */
static void
stream_to_channel(struct ssh_stream *s)
{
	uint32_t win, k;
	ssize_t r;
	int n;

	for (;;) {
		if (s->to_ch_off < s->to_ch_len) {
			win = ssh_channel_window_size(s->ch);
			if (win == 0)
				return;
			k = (uint32_t)(s->to_ch_len - s->to_ch_off);
			n = ssh_channel_write(s->ch, s->to_ch + s->to_ch_off,
			    k < win ? k : win);
			if (n < 0) {
				s->done = 1;
				return;
			}
			if (n == 0)
				return;
			s->to_ch_off += (size_t)n;
			continue;
		}
		if (s->fd_eof)
			break;
		r = recv(s->fd, s->to_ch, sizeof s->to_ch, MSG_DONTWAIT);
		if (r > 0) {
			s->to_ch_off = 0;
			s->to_ch_len = (size_t)r;
			continue;
		}
		if (r == 0) {
			s->fd_eof = 1;
			break;
		}
		if (errno != EAGAIN && errno != EINTR)
			s->done = 1;
		return;
	}
	if (!s->eof_sent) {
		ssh_channel_send_eof(s->ch);
		s->eof_sent = 1;
	}
}

static void
stream_pump_one(struct ssh_stream *s)
{
	struct pollfd p = {.fd = s->fd, .events = 0, .revents = 0};

	stream_from_channel(s);
	if (!s->done)
		stream_to_channel(s);
	if (s->eof_sent && s->ch_eof && s->to_fd_off >= s->to_fd_len)
		s->done = 1;
	/* Closed by the caller while the far side still talks. */
	if (!s->done && s->fd_eof && !s->ch_eof && poll(&p, 1, 0) == 1 &&
	    (p.revents & POLLHUP))
		s->done = 1;
}

/* The channel closed, the caller's socket at its EOF. */
static void
stream_end(struct ssh_stream *s)
{
	if (s->ch != NULL)
		ssh_channel_free(s->ch);
	close(s->fd);
	free(s);
}

/* Move what can move on every stream; end the finished ones. Under
 * ts->lock. */
static void
streams_pump(struct transport_ssh *ts)
{
	struct ssh_streams *ss = ts->streams;
	size_t i = 0;

	if (ss == NULL || ts->s == NULL)
		return;
	while (i < ss->n) {
		stream_pump_one(ss->v[i]);
		if (ss->v[i]->done) {
			stream_end(ss->v[i]);
			ss->v[i] = ss->v[--ss->n];
		} else
			i++;
	}
}

/* 1 when streams are open: a worker waiting for an answer pumps them
 * often then (the caller's bytes are not seen by its poll). */
static int
streams_open(const struct transport_ssh *ts)
{
	return ts->streams != NULL && ts->streams->n > 0;
}

/* The connection is going: every stream ends (the caller reads EOF).
 * Under ts->lock, or with the relay thread stopped. */
static void
streams_end_all(struct transport_ssh *ts)
{
	struct ssh_streams *ss = ts->streams;

	if (ss == NULL)
		return;
	while (ss->n > 0)
		stream_end(ss->v[--ss->n]);
}

static void *
streams_main(void *arg)
{
	struct ssh_streams *ss = arg;
	struct transport_ssh *ts = ss->ts;
	struct ssh_stream *s;
	struct pollfd *p = NULL;
	char drain[64];
	size_t np, i;
	int wait;

	for (;;) {
		pthread_mutex_lock(&ts->lock);
		if (ss->stop) {
			pthread_mutex_unlock(&ts->lock);
			break;
		}
		streams_pump(ts);
		np = 1 + ss->n + (ss->n > 0 && ts->s != NULL);
		p = xreallocarray(p, np, sizeof *p);
		p[0].fd = ss->wake[0];
		p[0].events = POLLIN;
		for (i = 0; i < ss->n; i++) {
			s = ss->v[i];
			p[1 + i].fd = s->fd;
			p[1 + i].events = (short)((!s->fd_eof &&
			    s->to_ch_off >= s->to_ch_len ? POLLIN : 0) |
			    (s->to_fd_off < s->to_fd_len ? POLLOUT : 0));
		}
		if (np > 1 + ss->n) {
			p[np - 1].fd = ssh_get_fd(ts->s);
			p[np - 1].events = POLLIN;
		}
		/* A short wait while streams are open: libssh may hold data
		 * it already read, and a full window opens unseen. */
		wait = ss->n > 0 ? 20 : -1;
		pthread_mutex_unlock(&ts->lock);
		if (poll(p, np, wait) > 0 && (p[0].revents & POLLIN))
			while (read(ss->wake[0], drain, sizeof drain) > 0)
				;
	}
	free(p);
	return NULL;
}

/* The relay thread, started with the first stream. Under ts->lock. */
static int
streams_start(struct transport_ssh *ts, char **cause)
{
	struct ssh_streams *ss = ts->streams;

	if (ss != NULL && ss->running)
		return 0;
	if (ss == NULL) {
		ss = ts->streams = xcalloc(1, sizeof *ss);
		ss->ts = ts;
		ss->wake[0] = ss->wake[1] = -1;
	}
	if (pipe2(ss->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		set_cause(cause, "%s: streams: pipe: %s", ts->o.name,
		    strerror(errno));
		return -1;
	}
	if (pthread_create(&ss->thread, NULL, streams_main, ss) != 0) {
		set_cause(cause, "%s: cannot start the streams' relay thread",
		    ts->o.name);
		close(ss->wake[0]);
		close(ss->wake[1]);
		return -1;
	}
	ss->running = 1;
	return 0;
}

/* Stop the relay thread and end every stream (the transport is freed). */
static void
streams_free(struct transport_ssh *ts)
{
	struct ssh_streams *ss = ts->streams;

	if (ss == NULL)
		return;
	if (ss->running) {
		pthread_mutex_lock(&ts->lock);
		ss->stop = 1;
		pthread_mutex_unlock(&ts->lock);
		(void)write(ss->wake[1], "", 1);
		pthread_join(ss->thread, NULL);
		close(ss->wake[0]);
		close(ss->wake[1]);
	}
	streams_end_all(ts);
	free(ss->v);
	free(ss);
	ts->streams = NULL;
}

/* Take ts->lock by deadline_ms, giving up when the job is cancelled: 0,
 * or -1 with errno ETIMEDOUT or ECANCELED. */
static int
ssh_lock_by(struct transport_ssh *ts, long long deadline_ms)
{
	struct job *job = job_current();
	struct timespec until;
	long long left;

	for (;;) {
		if (job_cancelled(job)) {
			errno = ECANCELED;
			return -1;
		}
		left = deadline_ms - clock_now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (left > 50)
			left = 50;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += left * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_mutex_timedlock(&ts->lock, &until) == 0)
			return 0;
	}
}

/* One step of opening a stream's channel; SSH_AGAIN until it is done.
 * A terminal takes three: a session, its pty, its shell. */
static int
stream_open_step(ssh_channel ch, const struct stream_target *st,
    const char *path, int *step)
{
	int rc;

	switch (st->kind) {
	case STREAM_TCP:
		return ssh_channel_open_forward(ch, st->host, st->port,
		    "127.0.0.1", 0);
	case STREAM_UNIX:
		return ssh_channel_open_forward_unix(ch, path, "127.0.0.1", 0);
	case STREAM_TERMINAL:
		break;
	}
	if (*step == 0) {
		if ((rc = ssh_channel_open_session(ch)) != SSH_OK)
			return rc;
		(*step)++;
	}
	if (*step == 1) {
		if ((rc = ssh_channel_request_pty_size(ch, st->term, st->cols,
		    st->rows)) != SSH_OK)
			return rc;
		(*step)++;
	}
	return ssh_channel_request_shell(ch);
}

/*
 * Open ch to st by deadline_ms, the session non-blocking meanwhile so the
 * deadline and the job's cancel token are looked at. Under ts->lock.
 * 0, or -1 with errno ETIMEDOUT, ECANCELED, or EIO (the far side said no:
 * ssh_get_error says why).
 */
static int
stream_open_channel(struct transport_ssh *ts, ssh_channel ch,
    const struct stream_target *st, const char *path, long long deadline_ms)
{
	struct pollfd p;
	long long left;
	int rc, step = 0;

	ssh_set_blocking(ts->s, 0);
	for (;;) {
		rc = stream_open_step(ch, st, path, &step);
		if (rc != SSH_AGAIN)
			break;
		left = deadline_ms - clock_now_ms();
		if (job_cancelled(job_current()) || left <= 0) {
			rc = left <= 0 ? ETIMEDOUT : ECANCELED;
			break;
		}
		p.fd = ssh_get_fd(ts->s);
		p.events = POLLIN;
		p.revents = 0;
		(void)poll(&p, 1, left < 50 ? (int)left : 50);
	}
	ssh_set_blocking(ts->s, 1);
	if (rc == SSH_OK)
		return 0;
	errno = rc == ETIMEDOUT || rc == ECANCELED ? rc : EIO;
	return -1;
}

/*
 * Why the far side refused a channel to a unix socket: the path looked at
 * there (one round trip, only on failure). ENOENT, ENOTSOCK, or
 * ECONNREFUSED (a socket nobody listens on). Under ts->lock.
 */
static int
stream_unix_why(struct transport_ssh *ts, const char *path, long long
    deadline_ms)
{
	struct answer a;
	char *q = shell_quote(path), *body, *cause = NULL;
	long long left = deadline_ms - clock_now_ms();
	int err = ECONNREFUSED;

	body = xasprintf("p=%s; [ -S \"$p\" ] && exit 0; [ -e \"$p\" ] && "
	    "exit %d; exit %d", q, RS_WRONG_TYPE, RS_NOT_FOUND);
	if (ssh_request(ts, body, left > 1000 ? (int)left : 1000, &a,
	    &cause) == 0) {
		if (a.status == RS_NOT_FOUND)
			err = ENOENT;
		else if (a.status == RS_WRONG_TYPE)
			err = ENOTSOCK;
	}
	answer_free(&a);
	free(cause);
	free(body);
	free(q);
	return err;
}

/* The errno for a refused channel, from libssh's words e for it. */
static int
stream_refusal(struct transport_ssh *ts, const char *e,
    const struct stream_target *st, const char *path, long long deadline_ms)
{
	if (strstr(e, "prohibited") != NULL)
		return EACCES;
	if (st->kind == STREAM_UNIX)
		return stream_unix_why(ts, path, deadline_ms);
	if (strstr(e, "refused") != NULL)
		return ECONNREFUSED;
	return EIO;
}

/* The channel opened: relayed to a socketpair, the caller's end in *fd.
 * Under ts->lock. */
static int
stream_add(struct transport_ssh *ts, ssh_channel ch, int *fd, char **cause)
{
	struct ssh_streams *ss;
	struct ssh_stream *s;
	int sv[2];

	if (streams_start(ts, cause) != 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		set_cause(cause, "%s: socketpair: %s", ts->o.name,
		    strerror(errno));
		return -1;
	}
	(void)fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	ss = ts->streams;
	s = xcalloc(1, sizeof *s);
	s->ch = ch;
	s->fd = sv[1];
	ss->v = xreallocarray(ss->v, ss->n + 1, sizeof *ss->v);
	ss->v[ss->n++] = s;
	(void)write(ss->wake[1], "", 1);
	*fd = sv[0];
	return 0;
}

/* The stream verb's message for err: the far side's own words (why) when
 * they say more than errno does. */
static void
stream_fail_cause(struct transport_ssh *ts, const char *target, int err,
    int timeout_ms, const char *why, char **cause)
{
	char *words;

	if (err == EHOSTUNREACH && why != NULL) {
		set_cause(cause, "%s", why); /* names the host already */
		return;
	}
	if (err == EACCES) {
		set_cause(cause, "%s: %s: sshd there forbids forwarding "
		    "(AllowTcpForwarding, AllowStreamLocalForwarding): %s",
		    ts->o.name, target, why != NULL ? why : "refused");
		return;
	}
	if (err == EIO && why != NULL) {
		set_cause(cause, "%s: %s: %s", ts->o.name, target, why);
		return;
	}
	words = stream_strerror(err, timeout_ms);
	set_cause(cause, "%s: %s: %s", ts->o.name, target, words);
	free(words);
}

static int
ssh_stream(struct transport *t, const char *target, int timeout_ms, int *fd,
    char **cause)
{
	struct transport_ssh *ts = ssh_from(t);
	struct stream_target st;
	ssh_channel ch = NULL;
	long long deadline;
	char *path = NULL, *why = NULL;
	int err = 0;

	*fd = -1;
	if (stream_target_parse(target, &st, cause) != 0)
		return -1;
	if (timeout_ms <= 0)
		timeout_ms = TRANSPORT_STREAM_TIMEOUT_MS;
	deadline = clock_now_ms() + timeout_ms;
	if (st.kind == STREAM_UNIX)
		path = xasprintf("%s%s", ts->o.sysroot != NULL ? ts->o.sysroot :
		    "", st.path);
	if (ssh_lock_by(ts, deadline) != 0) {
		err = errno;
		goto fail;
	}
	if (ssh_ready(ts, NULL, &why) != 0)
		err = errno;
	else if ((ch = ssh_channel_new(ts->s)) == NULL) {
		set_cause(&why, "%s", ssh_get_error(ts->s));
		err = EIO;
	} else if (stream_open_channel(ts, ch, &st, path, deadline) != 0) {
		err = errno;
		if (err == EIO)
			set_cause(&why, "%s", ssh_get_error(ts->s));
		ssh_channel_free(ch);
		if (err == EIO)
			err = stream_refusal(ts, why, &st, path, deadline);
	} else if (stream_add(ts, ch, fd, &why) != 0) {
		ssh_channel_free(ch);
		err = EIO;
	}
	pthread_mutex_unlock(&ts->lock);
fail:
	free(path);
	stream_target_clear(&st);
	if (err == 0)
		return 0;
	stream_fail_cause(ts, target, err, timeout_ms, why, cause);
	free(why);
	errno = err;
	return -1;
}

static const struct transport_ops ssh_ops = {
    .read_file = ssh_read_file,
    .list_dir = ssh_list_dir,
    .read_link = ssh_read_link,
    .run = ssh_run,
    .write_file = ssh_write_file,
    /* No local_path: libraries cannot open the far side's files. */
    .prefetch = ssh_prefetch,
    .prefetch_end = ssh_prefetch_end,
    .stream = ssh_stream,
    .free = ssh_free_transport,
};

/* A copy of s kept with ts (NULL stays NULL). */
static const char *
ssh_keep(struct transport_ssh *ts, const char *s)
{
	if (s == NULL)
		return NULL;
	strv_push(&ts->owned, &ts->owned_count, s);
	return ts->owned[ts->owned_count - 1];
}

static struct transport *
ssh_open(const struct transport_ssh_options *o)
{
	struct transport_ssh *ts = xcalloc(1, sizeof *ts);
	struct transport_ssh_options hop;
	size_t n = 0, i;

	ts->base.ops = &ssh_ops;
	pthread_mutex_init(&ts->lock, NULL);
	pthread_mutex_init(&ts->pf_lock, NULL);
	pthread_mutex_init(&ts->relay.lock, NULL);
	ts->proxy_fd = -1;
	ts->o = *o;
	ts->o.name = ssh_keep(ts, o->name != NULL ? o->name : o->host);
	ts->o.host = ssh_keep(ts, o->host);
	ts->o.user = ssh_keep(ts, o->user);
	ts->o.known_hosts = ssh_keep(ts, o->known_hosts);
	ts->o.global_known_hosts = ssh_keep(ts, o->global_known_hosts);
	ts->o.kex_algorithms = ssh_keep(ts, o->kex_algorithms);
	ts->o.host_key_algorithms = ssh_keep(ts, o->host_key_algorithms);
	ts->o.macs = ssh_keep(ts, o->macs);
	ts->o.ciphers = ssh_keep(ts, o->ciphers);
	ts->o.sysroot = ssh_keep(ts, o->sysroot);
	if (o->identity_files != NULL) {
		while (o->identity_files[n] != NULL)
			n++;
		ts->identities = xcalloc(n + 1, sizeof *ts->identities);
		for (i = 0; i < n; i++)
			ts->identities[i] = xstrdup(o->identity_files[i]);
	}
	ts->o.identity_files = NULL;
	ts->o.jumps = NULL;
	ts->o.jump_count = 0;
	ts->remote_uid = -1;
	/* The hops: each connects as a host of its own (its jumps are the
	 * chain's, given here in order, not its own). */
	for (i = 0; i < o->jump_count; i++) {
		hop = o->jumps[i];
		hop.jumps = NULL;
		hop.jump_count = 0;
		hop.batch = o->batch;
		ts->hops = xreallocarray(ts->hops, ts->hop_count + 1,
		    sizeof *ts->hops);
		ts->hops[ts->hop_count++] = ssh_from(ssh_open(&hop));
	}
	ts->base.description = xasprintf("ssh %s%s%s%s%s",
	    o->user != NULL ? o->user : "", o->user != NULL ? "@" : "",
	    o->host, o->sysroot != NULL ? ", sysroot " : "",
	    o->sysroot != NULL ? o->sysroot : "");
	return &ts->base;
}

const struct transport_ssh_module rackcon_transport_ssh = {
    .abi = TRANSPORT_SSH_ABI,
    .open = ssh_open,
};
