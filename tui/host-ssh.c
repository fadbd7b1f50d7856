/* A host named as ssh names one: its transport from OpenSSH's config. */
#include "config.h"

#include <glob.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-file.h"
#include "host-ssh.h"
#include "ssh-config.h"
#include "ssh-target.h"
#include "strutil.h"
#include "transport-ssh.h"
#include "xmalloc.h"

/* Include's files, read as ssh reads them (no permission rule here: ssh
 * has its own, and a missing one is skipped). */
static int
config_env_read(void *arg, const char *path, char **text)
{
	char *cause = NULL;
	int rc;

	(void)arg;
	rc = config_read(path, 0, text, &cause);
	free(cause);
	return rc == 0 ? 0 : -1;
}

static int
config_env_glob(void *arg, const char *pattern, char ***paths, size_t *count)
{
	glob_t g;
	size_t i;

	(void)arg;
	*paths = NULL;
	*count = 0;
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc; i++)
		strv_push(paths, count, g.gl_pathv[i]);
	globfree(&g);
	return 0;
}

static char *
local_user_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *env = getenv("USER");

	if (pw != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xstrdup(env != NULL ? env : "root");
}

/* Apply one config file when it exists; a warning a bad line. */
static void
apply_file(struct ssh_host_config *c, const char *path, int system,
    const char *host, const struct ssh_config_env *env,
    struct host_ssh_request *req)
{
	char *text = NULL, *cause = NULL;
	int rc;

	rc = config_read(path, 0, &text, &cause);
	if (rc != 0) {
		/* Missing: nothing to apply. Unreadable: said. */
		if (rc < 0 && cause != NULL)
			strv_push(&req->warnings, &req->warning_count, cause);
		free(cause);
		return;
	}
	ssh_config_apply(c, text, path, system, host, env, &req->warnings,
	    &req->warning_count);
	free(text);
}

/* An algorithm list as libssh 0.10 takes it: whole. OpenSSH's "+", "-"
 * and "^" forms change its own defaults, which libssh cannot: such a line
 * is left out with a warning. */
static const char *
algorithms(const char *value, const char *keyword,
    struct host_ssh_request *req)
{
	char *msg;

	if (value == NULL || strchr("+-^", value[0]) == NULL)
		return value;
	msg = xasprintf("%s %s: the %c form is not supported (give the whole "
	    "list); left out", keyword, value, value[0]);
	strv_push(&req->warnings, &req->warning_count, msg);
	free(msg);
	return NULL;
}

struct transport *
host_ssh_transport(struct host_ssh_request *req, char **cause)
{
	struct ssh_host_config c;
	struct ssh_config_env env = {0};
	struct transport_ssh_options o = {0};
	struct ssh_target target = {0};
	struct transport *t = NULL;
	const char *home = getenv("HOME");
	char *user_file = NULL, *local_user = local_user_name(), *why;

	ssh_host_config_init(&c);
	if (ssh_target_parse(req->destination, &target, cause) != 0)
		goto out;
	env.home = home != NULL ? home : "";
	env.local_user = local_user;
	env.original_host = target.host;
	env.read_file = config_env_read;
	env.glob = config_env_glob;
	/* As ssh: -F FILE instead of both files; else the user's file,
	 * then the system's, the first value of each keyword winning. */
	if (req->config_file != NULL)
		apply_file(&c, req->config_file, 0, target.host, &env, req);
	else {
		user_file = xasprintf("%s/.ssh/config", env.home);
		apply_file(&c, user_file, 0, target.host, &env, req);
		apply_file(&c, "/etc/ssh/ssh_config", 1, target.host, &env,
		    req);
	}
	if (c.proxy_command != NULL) {
		set_cause(cause, "%s: ProxyCommand is not supported (rackcon "
		    "runs no shell strings); use ProxyJump", req->destination);
		goto out;
	}
	if ((req->jumps != NULL && strcmp(req->jumps, "none") != 0) ||
	    (req->jumps == NULL && c.proxy_jump_count > 0)) {
		set_cause(cause, "%s: jump hosts are not supported yet",
		    req->destination);
		goto out;
	}
	o.name = req->name != NULL ? req->name : req->destination;
	o.host = c.hostname != NULL ? c.hostname : target.host;
	o.user = target.user != NULL ? target.user
	    : c.user != NULL ? c.user : local_user;
	o.port = req->port > 0 ? req->port
	    : target.port > 0 ? target.port : c.port > 0 ? c.port : 22;
	o.identity_files = c.identity_count > 0 ? c.identity_files : NULL;
	o.identities_only = c.identities_only == 1;
	o.known_hosts = c.user_known_hosts_file;
	o.global_known_hosts = c.global_known_hosts_file;
	o.connect_timeout_s = c.connect_timeout > 0 ? c.connect_timeout : 10;
	o.alive_interval_s = c.server_alive_interval > 0 ?
	    c.server_alive_interval : 5;
	o.kex_algorithms = algorithms(c.kex_algorithms, "KexAlgorithms", req);
	o.host_key_algorithms = algorithms(c.host_key_algorithms,
	    "HostKeyAlgorithms", req);
	o.macs = algorithms(c.macs, "MACs", req);
	o.ciphers = algorithms(c.ciphers, "Ciphers", req);
	o.sysroot = req->sysroot;
	o.sudo = req->sudo;
	o.batch = req->batch || c.batch_mode == 1;
	o.command_timeout_ms = req->command_timeout_ms;
	t = transport_ssh_new(&o, &why);
	if (t == NULL) {
		set_cause(cause, "%s: %s", req->destination, why);
		free(why);
	}
out:
	ssh_target_clear(&target);
	ssh_host_config_clear(&c);
	free(user_file);
	free(local_user);
	return t;
}

void
host_ssh_request_clear(struct host_ssh_request *req)
{
	string_list_free(req->warnings, req->warning_count);
	req->warnings = NULL;
	req->warning_count = 0;
}
