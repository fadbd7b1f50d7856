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

/* One end of the connection (a jump host or the target) as configured. */
struct endpoint {
	struct ssh_target target;
	struct ssh_host_config c;
	struct transport_ssh_options o;
};

/*
 * Resolve e->target through the config files as ssh does (-F FILE instead
 * of both; else the user's file, then the system's, the first value of a
 * keyword winning) into e->o. The target's own user and port (typed) beat
 * the config's.
 */
/* "none" (no file), as ssh reads it, is /dev/null to libssh. */
static const char *
known_hosts_file(const char *value)
{
	return value != NULL && strcmp(value, "none") == 0 ? "/dev/null"
	                                                  : value;
}

static int
endpoint_resolve(struct endpoint *e, struct host_ssh_request *req,
    int jumps_given, const char *local_user, char **cause)
{
	struct ssh_config_env env = {0};
	const char *home = getenv("HOME");
	struct transport_ssh_options *o = &e->o;
	struct ssh_host_config *c = &e->c;
	char *user_file;

	env.home = home != NULL ? home : "";
	env.local_user = local_user;
	env.original_host = e->target.host;
	env.read_file = config_env_read;
	env.glob = config_env_glob;
	/* The command line first, so the files cannot override it, and
	 * %r, %p and Match user see it, as in ssh. */
	if (e->target.user != NULL)
		c->user = xstrdup(e->target.user);
	if (e->target.port > 0)
		c->port = e->target.port;
	if (jumps_given)
		c->proxy_jump_set = 1;
	if (req->config_file != NULL)
		apply_file(c, req->config_file, 0, e->target.host, &env, req);
	else {
		user_file = xasprintf("%s/.ssh/config", env.home);
		apply_file(c, user_file, 0, e->target.host, &env, req);
		apply_file(c, "/etc/ssh/ssh_config", 1, e->target.host, &env,
		    req);
		free(user_file);
	}
	if (c->proxy_command != NULL) {
		set_cause(cause, "%s: ProxyCommand is not supported (rackcon "
		    "runs no shell strings); use ProxyJump", e->target.host);
		return -1;
	}
	o->name = e->target.host;
	o->host = c->hostname != NULL ? c->hostname : e->target.host;
	o->user = c->user != NULL ? c->user : local_user;
	o->port = c->port > 0 ? c->port : 22;
	o->identity_files = c->identity_count > 0 ? c->identity_files : NULL;
	o->identities_only = c->identities_only == 1;
	o->known_hosts = known_hosts_file(c->user_known_hosts_file);
	o->global_known_hosts = known_hosts_file(c->global_known_hosts_file);
	o->connect_timeout_s = c->connect_timeout > 0 ? c->connect_timeout : 10;
	o->alive_interval_s = c->server_alive_interval > 0 ?
	    c->server_alive_interval : 5;
	o->kex_algorithms = algorithms(c->kex_algorithms, "KexAlgorithms", req);
	o->host_key_algorithms = algorithms(c->host_key_algorithms,
	    "HostKeyAlgorithms", req);
	o->macs = algorithms(c->macs, "MACs", req);
	o->ciphers = algorithms(c->ciphers, "Ciphers", req);
	o->batch = req->batch || c->batch_mode == 1;
	o->command_timeout_ms = req->command_timeout_ms;
	o->no_shell = req->no_shell;
	return 0;
}

static void
endpoint_clear(struct endpoint *e)
{
	ssh_target_clear(&e->target);
	ssh_host_config_clear(&e->c);
}

/* The jump list: -J's, else the target's ProxyJump; "none": no hops. */
static int
jumps_parse(const char *list, struct endpoint **hops, size_t *n,
    char **cause)
{
	struct ssh_target *t = NULL;
	size_t count = 0, i;

	*hops = NULL;
	*n = 0;
	if (list == NULL)
		return 0;
	if (ssh_target_parse_jumps(list, &t, &count, cause) != 0)
		return -1;
	if (count > 0)
		*hops = xcalloc(count, sizeof **hops);
	for (i = 0; i < count; i++) {
		ssh_host_config_init(&(*hops)[i].c);
		(*hops)[i].target = t[i]; /* taken */
	}
	free(t);
	*n = count;
	return 0;
}

struct transport *
host_ssh_transport(struct host_ssh_request *req, char **cause)
{
	struct endpoint target = {0}, *hops = NULL;
	struct transport_ssh_options *jumps = NULL;
	struct transport *t = NULL;
	char *local_user = local_user_name(), *why, *list;
	size_t hop_count = 0, i;

	ssh_host_config_init(&target.c);
	if (ssh_target_parse(req->destination, &target.target, cause) != 0)
		goto out;
	/* -p beats the destination's port, as in ssh; a user@ in it beats
	 * -l (the inventory's `user`, which the parser lets through only
	 * without one). */
	if (req->port > 0)
		target.target.port = req->port;
	if (target.target.user == NULL && req->user != NULL)
		target.target.user = xstrdup(req->user);
	if (endpoint_resolve(&target, req, req->jumps != NULL, local_user,
	    cause) != 0)
		goto out;
	if (req->jumps != NULL)
		list = xstrdup(req->jumps);
	else if (target.c.proxy_jump_set && target.c.proxy_jump_count > 0)
		list = str_join(target.c.proxy_jumps,
		    target.c.proxy_jump_count, ",");
	else
		list = NULL; /* none, or ProxyJump none */
	i = jumps_parse(list, &hops, &hop_count, cause);
	free(list);
	if (i != 0)
		goto out;
	if (hop_count > 0)
		jumps = xcalloc(hop_count, sizeof *jumps);
	for (i = 0; i < hop_count; i++) {
		if (endpoint_resolve(&hops[i], req, 0, local_user, cause) != 0)
			goto out;
		jumps[i] = hops[i].o;
	}
	target.o.name = req->name != NULL ? req->name : req->destination;
	target.o.sysroot = req->sysroot;
	target.o.sudo = req->sudo;
	target.o.jumps = jumps;
	target.o.jump_count = hop_count;
	t = transport_ssh_new(&target.o, &why);
	if (t == NULL) {
		set_cause(cause, "%s: %s", req->destination, why);
		free(why);
	}
out:
	for (i = 0; i < hop_count; i++)
		endpoint_clear(&hops[i]);
	free(hops);
	free(jumps);
	endpoint_clear(&target);
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
