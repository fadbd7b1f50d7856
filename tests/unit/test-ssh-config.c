/* Unit tests for the ssh_config resolver (backends/core/ssh-config.c), and
 * the same files resolved by OpenSSH's own `ssh -G`. */
#include "config.h"

#include <sys/wait.h>

#include <ctype.h>
#include <fcntl.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ssh-config.h"
#include "strutil.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("ssh-config", add_tests)

static int
env_read(void *arg, const char *path, char **text)
{
	char *cause = NULL;
	size_t len;

	(void)arg;
	if (read_whole_file(path, text, &len, &cause) != 0) {
		free(cause);
		return -1;
	}
	return 0;
}

static int
env_glob(void *arg, const char *pattern, char ***paths, size_t *count)
{
	glob_t g;
	size_t i;

	(void)arg;
	*paths = NULL;
	*count = 0;
	if (glob(pattern, 0, NULL, &g) != 0)
		return -1;
	for (i = 0; i < g.gl_pathc; i++)
		strv_push(paths, count, g.gl_pathv[i]);
	globfree(&g);
	return 0;
}

static void
env_fake(struct ssh_config_env *env, const char *home, const char *host)
{
	memset(env, 0, sizeof *env);
	env->home = home;
	env->local_user = "ops";
	env->original_host = host;
	env->read_file = env_read;
	env->glob = env_glob;
}

/* The settings of c in one line: only what is set, in a fixed order. */
static char *
dump(const struct ssh_host_config *c)
{
	struct buf b = {0};
	char *list;

	buf_addstr(&b, "");
	if (c->hostname != NULL)
		buf_printf(&b, " hostname=%s", c->hostname);
	if (c->user != NULL)
		buf_printf(&b, " user=%s", c->user);
	if (c->port != 0)
		buf_printf(&b, " port=%d", c->port);
	if (c->identity_count > 0) {
		list = str_join(c->identity_files, c->identity_count, "|");
		buf_printf(&b, " id=%s", list);
		free(list);
	}
	if (c->identities_only != -1)
		buf_printf(&b, " idonly=%d", c->identities_only);
	if (c->proxy_jump_set) {
		list = str_join(c->proxy_jumps, c->proxy_jump_count, "|");
		buf_printf(&b, " jump=%s", c->proxy_jump_count > 0 ? list :
		    "none");
		free(list);
	}
	if (c->proxy_command != NULL)
		buf_printf(&b, " cmd=%s", c->proxy_command);
	if (c->connect_timeout != 0)
		buf_printf(&b, " timeout=%d", c->connect_timeout);
	if (c->server_alive_interval != -1)
		buf_printf(&b, " alive=%d", c->server_alive_interval);
	if (c->server_alive_count_max != -1)
		buf_printf(&b, " alivemax=%d", c->server_alive_count_max);
	if (c->kex_algorithms != NULL)
		buf_printf(&b, " kex=%s", c->kex_algorithms);
	if (c->host_key_algorithms != NULL)
		buf_printf(&b, " hostkey=%s", c->host_key_algorithms);
	if (c->macs != NULL)
		buf_printf(&b, " macs=%s", c->macs);
	if (c->ciphers != NULL)
		buf_printf(&b, " ciphers=%s", c->ciphers);
	if (c->user_known_hosts_file != NULL)
		buf_printf(&b, " known=%s", c->user_known_hosts_file);
	if (c->global_known_hosts_file != NULL)
		buf_printf(&b, " global=%s", c->global_known_hosts_file);
	if (c->strict_host_key_checking != NULL)
		buf_printf(&b, " strict=%s", c->strict_host_key_checking);
	if (c->batch_mode != -1)
		buf_printf(&b, " batch=%d", c->batch_mode);
	/* The NULL terminators the header promises. */
	CU_ASSERT_PTR_NULL(c->identity_files[c->identity_count]);
	CU_ASSERT_PTR_NULL(c->proxy_jumps[c->proxy_jump_count]);
	list = xstrdup(b.data[0] == ' ' ? b.data + 1 : b.data);
	buf_free(&b);
	return list;
}

/* Resolve host with the user's text and the system's (either NULL) under
 * home; check the settings and the warnings (joined by " | "). */
static void
check_env(const struct ssh_config_env *env, const char *host,
    const char *user_text, const char *system_text, const char *want,
    const char *want_warnings, const char *file, int line)
{
	struct ssh_host_config c;
	char **warnings = NULL, *got, *joined;
	size_t n = 0;

	ssh_host_config_init(&c);
	if (user_text != NULL)
		CU_ASSERT_EQUAL(ssh_config_apply(&c, user_text,
		    "~/.ssh/config", 0, host, env, &warnings, &n), 0);
	if (system_text != NULL)
		CU_ASSERT_EQUAL(ssh_config_apply(&c, system_text,
		    "/etc/ssh/ssh_config", 1, host, env, &warnings, &n), 0);
	got = dump(&c);
	joined = str_join(warnings, n, " | ");
	unit_check_str(got, want, host, file, line);
	unit_check_str(joined, want_warnings, "warnings", file, line);
	free(got);
	free(joined);
	string_list_free(warnings, n);
	ssh_host_config_clear(&c);
}

#define CHECK(host, user_text, system_text, want, warnings)                \
	do {                                                              \
		struct ssh_config_env env_;                               \
		env_fake(&env_, "/home/ops", (host));                     \
		check_env(&env_, (host), (user_text), (system_text),      \
		    (want), (warnings), __FILE__, __LINE__);              \
	} while (0)

static void
test_keywords(void)
{
	CHECK("web1",
	    "# the fleet\n"
	    "Host web1\n"
	    "  HostName 192.0.2.10\n"
	    "  User admin\n"
	    "  Port 2222\n"
	    "  IdentityFile ~/.ssh/id_web\n"
	    "  IdentityFile /etc/keys/fleet\n"
	    "  IdentitiesOnly yes\n"
	    "  ProxyJump jump1,bob@jump2:2200,ssh://carol@jump3:22\n"
	    "  ConnectTimeout 7\n"
	    "  ServerAliveInterval 15\n"
	    "  ServerAliveCountMax 2\n"
	    "  KexAlgorithms diffie-hellman-group14-sha1\n"
	    "  HostKeyAlgorithms +ssh-rsa\n"
	    "  MACs hmac-sha1,hmac-sha2-256\n"
	    "  Ciphers ^aes128-ctr\n"
	    "  UserKnownHostsFile ~/.ssh/known_fleet ~/.ssh/other\n"
	    "  GlobalKnownHostsFile /etc/ssh/fleet_known\n"
	    "  StrictHostKeyChecking Accept-New\n"
	    "  BatchMode no\n"
	    "  ProxyCommand nc %h %p\n"
	    "  ForwardAgent yes\n",
	    NULL,
	    "hostname=192.0.2.10 user=admin port=2222 "
	    "id=/home/ops/.ssh/id_web|/etc/keys/fleet idonly=1 "
	    "jump=jump1|bob@jump2:2200|ssh://carol@jump3:22 timeout=7 "
	    "alive=15 alivemax=2 kex=diffie-hellman-group14-sha1 "
	    "hostkey=+ssh-rsa macs=hmac-sha1,hmac-sha2-256 "
	    "ciphers=^aes128-ctr known=/home/ops/.ssh/known_fleet "
	    "global=/etc/ssh/fleet_known strict=accept-new batch=0",
	    "");
	/* Nothing for another host; keywords in any case; Keyword=value,
	 * quoted values, tabs, comments, CRLF. */
	CHECK("db1", "Host web1\n  User admin\n", NULL, "", "");
	CHECK("db1",
	    "HOST db1 # the database\r\n"
	    "\tuser=\"o p s\"\r\n"
	    "  PORT = 2200\n"
	    "  IdentityFile \"/keys/with space\"\n"
	    "  identityfile=/keys/a\\ b\n"
	    "  ConnectTimeout 1m30s\n"
	    "  batchmode=yes\n",
	    NULL,
	    "user=o p s port=2200 id=/keys/with space|/keys/a b "
	    "timeout=90 batch=1", "");
}

static void
test_first_wins(void)
{
	/* Within a file: the first value, even from a broader block. */
	CHECK("web1",
	    "Host web*\n  Port 2200\n  User first\n"
	    "Host web1\n  Port 2300\n  User second\n  HostName a\n",
	    NULL, "hostname=a user=first port=2200", "");
	/* Across files: the user's first, the system's only for what the
	 * user's left unset; IdentityFile from both, in order. */
	CHECK("web1",
	    "Host web1\n  Port 2200\n  IdentityFile /k/user\n"
	    "  ConnectTimeout 5\n",
	    "Host *\n  Port 22\n  User sys\n  IdentityFile /k/system\n"
	    "  ConnectTimeout 30\n  ServerAliveInterval 20\n",
	    "user=sys port=2200 id=/k/user|/k/system timeout=5 alive=20",
	    "");
	/* The same IdentityFile twice in one kind of file is one. */
	CHECK("x", "IdentityFile /k/a\nIdentityFile /k/b\nIdentityFile /k/a\n",
	    "IdentityFile /k/a\n", "id=/k/a|/k/b|/k/a", "");
	/* "none" reads as unset for times (a later value is taken), but a
	 * 0 is a value. */
	CHECK("x", "ConnectTimeout none\nServerAliveInterval none\n"
	    "ConnectTimeout 5\nServerAliveInterval 7\n", NULL,
	    "timeout=5 alive=7", "");
	CHECK("x", "ConnectTimeout 0\nServerAliveInterval 0\n",
	    "ConnectTimeout 9\nServerAliveInterval 9\n", "alive=0", "");
	/* The command line's values come first: set before the files. */
	{
		struct ssh_config_env env;
		struct ssh_host_config c;
		char **w = NULL, *got;
		size_t n = 0;

		env_fake(&env, "/home/ops", "x");
		ssh_host_config_init(&c);
		c.port = 2022;
		c.user = xstrdup("cli");
		ssh_config_apply(&c, "Port 1\nUser u\nIdentityFile %r@%p\n",
		    "cfg", 0, "x", &env, &w, &n);
		got = dump(&c);
		CHECK_STR(got, "user=cli port=2022 id=cli@2022", "cli");
		free(got);
		CHECK_LL(n, 0, "warnings");
		ssh_host_config_clear(&c);
	}
}

static void
test_host_patterns(void)
{
	const char *text = "Host web* !web3\n  User web\n"
	    "Host !db1\n  Port 1\n"
	    "Host db? *.example.org\n  Port 2\n";

	CHECK("web1", text, NULL, "user=web", "");
	CHECK("web3", text, NULL, "", "");
	CHECK("db1", text, NULL, "port=2", "");
	CHECK("db2", text, NULL, "port=2", "");
	CHECK("zz", text, NULL, "", "");
	CHECK("a.example.org", text, NULL, "port=2", "");
	CHECK("db10", text, NULL, "", "");
	/* A negation stops the line wherever it is; Host is case-sensitive. */
	CHECK("web3", "Host !web3 web*\n  User x\n", NULL, "", "");
	CHECK("WEB1", "Host web*\n  User x\n", NULL, "", "");

	CU_ASSERT_TRUE(ssh_config_match_list("web1", "web* !web3", " "));
	CU_ASSERT_FALSE(ssh_config_match_list("web3", "web* !web3", " "));
	CU_ASSERT_FALSE(ssh_config_match_list("web3", "!web3,web*", ","));
	CU_ASSERT_FALSE(ssh_config_match_list("host3", "!host1,!host2", ","));
	CU_ASSERT_TRUE(ssh_config_match_list("host3", "!host1,!host2,*", ","));
	CU_ASSERT_TRUE(ssh_config_match_list("abc", "a*c", ","));
	CU_ASSERT_TRUE(ssh_config_match_list("ac", "a*c", ","));
	CU_ASSERT_TRUE(ssh_config_match_list("a.b.c", "*.*", ","));
	CU_ASSERT_FALSE(ssh_config_match_list("ab", "a?b", ","));
	CU_ASSERT_FALSE(ssh_config_match_list("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c", ","));
}

static void
test_match(void)
{
	/* host sees HostName when it is set before; originalhost the name
	 * typed; user the User set so far (else the local user). */
	CHECK("web1",
	    "Host web1\n  HostName Web1.Example.COM\n"
	    "Match host *.example.com\n  Port 2200\n"
	    "Match originalhost web1 user ops\n  User admin\n"
	    "Match user admin\n  ConnectTimeout 3\n"
	    "Match localuser ops,root\n  IdentityFile /k/%u\n"
	    "Match !localuser ops\n  IdentityFile /k/never\n"
	    "Match all\n  ServerAliveInterval 9\n",
	    NULL,
	    "hostname=web1.example.com user=admin port=2200 id=/k/ops "
	    "timeout=3 alive=9", "");
	/* exec never runs nor matches, negated or not. */
	CHECK("web1",
	    "Match exec \"test -f /etc/x\"\n  Port 1\n"
	    "Match !exec true\n  Port 2\n"
	    "Match host web1\n  Port 3\n", NULL, "port=3",
	    "~/.ssh/config:1: Match exec is not run (no shell strings); its "
	    "block is skipped | ~/.ssh/config:3: Match exec is not run (no "
	    "shell strings); its block is skipped");
	/* A Match that cannot be read skips its block. */
	CHECK("web1",
	    "Match color blue\n  Port 1\n"
	    "Match all host web1\n  Port 2\n"
	    "Match host\n  Port 3\n"
	    "Match canonical\n  Port 4\n"
	    "Match !final host web1\n  Port 5\n",
	    NULL, "port=5",
	    "~/.ssh/config:1: Match: unsupported criterion 'color' | "
	    "~/.ssh/config:3: Match: 'all' cannot be combined with other "
	    "criteria | ~/.ssh/config:5: Match: 'host' needs an argument");
}

static void
test_tokens(void)
{
	/* %r and %p come from the system's file, read after the user's. */
	CHECK("web1",
	    "Host web1\n  HostName %h.lan\n"
	    "  IdentityFile ~/.ssh/id_%r_%h_%p_%n_%u_%d_%%\n"
	    "  UserKnownHostsFile ~/.ssh/known_%h\n",
	    "Host *\n  User admin\n  Port 2200\n",
	    "hostname=web1.lan user=admin port=2200 "
	    "id=/home/ops/.ssh/id_admin_web1.lan_2200_web1_ops_/home/ops_% "
	    "known=/home/ops/.ssh/known_web1.lan",
	    "");
	CHECK("web1", "IdentityFile /k/%r_%p_%h\n", NULL,
	    "id=/k/ops_22_web1", "");
	/* Tokens OpenSSH knows but rackcon cannot fill, and bad ones. */
	CHECK("web1",
	    "IdentityFile /k/%C\nIdentityFile ~root/k\nIdentityFile /k/%\n"
	    "HostName %n.lan\nHostName %h.ok\nUserKnownHostsFile none\n",
	    NULL, "hostname=web1.ok known=none",
	    "~/.ssh/config:1: IdentityFile '/k/%C': token %C is not "
	    "supported | ~/.ssh/config:2: IdentityFile '~root/k': only ~ and "
	    "~/ are understood here | ~/.ssh/config:3: IdentityFile '/k/%': "
	    "a lone % at the end | ~/.ssh/config:4: HostName '%n.lan': only "
	    "%h and %% are expanded");
}

static void
test_proxy(void)
{
	CHECK("x", "ProxyJump none\nProxyJump a\n", NULL, "jump=none", "");
	/* The first of ProxyJump and ProxyCommand wins. */
	CHECK("x", "ProxyJump a,b # two hops\nProxyCommand nc %h %p\n", NULL,
	    "jump=a|b", "");
	CHECK("x", "ProxyCommand nc %h %p\nProxyJump a\n", NULL,
	    "cmd=nc %h %p", "");
	CHECK("x", "ProxyCommand none\nProxyJump a\n", NULL, "", "");
	CHECK("x", "ProxyJump none\nProxyCommand nc %h\n", NULL,
	    "jump=none cmd=nc %h", "");
	CHECK("x", "ProxyJump a,,b\nProxyJump \"a b\"\nProxyJump c\n", NULL,
	    "jump=c",
	    "~/.ssh/config:1: ProxyJump: bad jump list 'a,,b' | "
	    "~/.ssh/config:2: ProxyJump: bad jump list '\"a b\"'");
}

static void
test_malformed(void)
{
	CHECK("x",
	    "Port 0\nPort http\nPort 2222\n"
	    "ConnectTimeout 5x\nServerAliveCountMax -1\n"
	    "User \"open\nUser\nUser a b\nHots x\nBatchMode maybe\n"
	    "StrictHostKeyChecking sometimes\nSendEnv LANG\n"
	    "IgnoreUnknown UseKeychain,Foo*\nUseKeychain yes\nFooBar 1\n"
	    "User = ok\n",
	    NULL, "user=ok port=2222",
	    "~/.ssh/config:1: Port: bad value '0' | "
	    "~/.ssh/config:2: Port: bad value 'http' | "
	    "~/.ssh/config:4: ConnectTimeout: bad time '5x' | "
	    "~/.ssh/config:5: ServerAliveCountMax: bad value '-1' | "
	    "~/.ssh/config:6: User: a quote is not closed | "
	    "~/.ssh/config:7: User: no value | "
	    "~/.ssh/config:8: User: more than one value | "
	    "~/.ssh/config:9: unknown keyword 'Hots' | "
	    "~/.ssh/config:10: BatchMode: bad value 'maybe' | "
	    "~/.ssh/config:11: StrictHostKeyChecking: bad value 'sometimes'");
	/* A bad Host line skips its block; control bytes never reach a
	 * message. */
	CHECK("x", "Host \"x\nPort 1\nHost x\nP\001rt 2\n"
	    "Match h\002st x\nMatch h\003st\n", NULL, "",
	    "~/.ssh/config:1: Host: a quote is not closed | "
	    "~/.ssh/config:4: unknown keyword 'P?rt' | "
	    "~/.ssh/config:5: Match: unsupported criterion 'h?st' | "
	    "~/.ssh/config:6: Match: 'h?st' needs an argument");
}

static void
test_include(void)
{
	char *dir = unit_temp_dir("ssh-config"), *home, *want, *abs;
	struct ssh_config_env env;

	CU_ASSERT_FATAL(dir != NULL);
	unit_make_dirs(dir, ".ssh/conf.d");
	home = xstrdup(dir);
	/* Relative names are under ~/.ssh; a glob in lexical order. */
	unit_put_file(dir, ".ssh/conf.d/20-web.conf",
	    "Host web1\n  Port 2020\n  IdentityFile /k/20\n");
	unit_put_file(dir, ".ssh/conf.d/10-web.conf",
	    "Host web1\n  User ten\n  IdentityFile /k/10\n"
	    "Host *\n  ServerAliveInterval 10\n");
	unit_put_file(dir, ".ssh/conf.d/skip.txt", "Port 1\n");
	unit_put_file(dir, ".ssh/deep", "Include deep\n");
	unit_put_file(dir, ".ssh/loop", "Include loop loop\nPort 1\n");
	unit_put_file(dir, ".ssh/other", "Host db1\n  Port 3333\n");
	unit_put_file(dir, ".ssh/other2", "Host web1\n  BatchMode yes\n");
	env_fake(&env, home, "web1");
	/* Lines after an Include keep the including block's state; an
	 * Include in a block that does not match applies nothing, whatever
	 * its Host lines say. */
	want = xasprintf("%s/.ssh/deep:1: Include: more than 16 deep", dir);
	check_env(&env, "web1",
	    "Include conf.d/*.conf missing.conf\n"
	    "Host web1\n"
	    "  Include ~/.ssh/other\n"
	    "  User after\n"
	    "  ConnectTimeout 4\n"
	    "Host nothere\n"
	    "  Include other2\n"
	    "Host web1\n"
	    "  Include deep\n",
	    NULL,
	    "user=ten port=2020 id=/k/10|/k/20 timeout=4 alive=10", want,
	    __FILE__, __LINE__);
	free(want);
	/* A file that includes itself twice is read at most 256 times (not
	 * 2^16), and each limit is said once. */
	want = xasprintf("%s/.ssh/loop:1: Include: more than 16 deep | "
	    "%s/.ssh/loop:1: Include: more than 256 files", dir, dir);
	check_env(&env, "web1", "Include loop\n", NULL, "port=1", want,
	    __FILE__, __LINE__);
	free(want);
	/* A system file includes under /etc/ssh and may not use ~; an
	 * absolute name is taken as it is. */
	abs = xasprintf("Include %s/.ssh/other\nInclude ~/.ssh/other\n", dir);
	want = xstrdup("port=3333");
	env_fake(&env, home, "db1");
	check_env(&env, "db1", NULL, abs, want,
	    "/etc/ssh/ssh_config:2: Include: bad path '~/.ssh/other'",
	    __FILE__, __LINE__);
	free(abs);
	free(want);
	/* No read callback: Include is ignored. */
	env.read_file = NULL;
	check_env(&env, "db1", "Include other\n", NULL, "", "", __FILE__,
	    __LINE__);
	unit_remove_tree(dir);
	free(home);
	free(dir);
}

/* --- against OpenSSH ----------------------------------------------------- */

/* s with each c replaced by with. Fresh. */
static char *
str_replace_all(const char *s, const char *c, const char *with)
{
	struct buf b = {0};

	buf_addstr(&b, "");
	for (; *s != '\0'; s++) {
		if (*s == *c)
			buf_addstr(&b, with);
		else
			buf_add(&b, s, 1);
	}
	return b.data;
}

/* `ssh -G -F file host` (run by argv), its output; NULL when it fails,
 * *missing set when there is no ssh to run. */
static char *
ssh_dump(const char *file, const char *host, int *missing)
{
	char **argv = unit_argv("ssh", "-G", "-F", file, host, (char *)NULL);
	struct buf b = {0};
	char chunk[4096];
	int fds[2], status, null;
	ssize_t got;
	pid_t pid;

	if (pipe(fds) != 0) {
		unit_argv_free(argv);
		return NULL;
	}
	pid = fork();
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 2);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp("ssh", argv);
		_exit(127);
	}
	close(fds[1]);
	buf_addstr(&b, "");
	while ((got = read(fds[0], chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)got);
	close(fds[0]);
	unit_argv_free(argv);
	*missing = pid < 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
			*missing = 1;
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* The fields we compare, from ssh -G's output, in dump()'s words. */
static char *
ssh_fields(char *out)
{
	static const char *const keys[] = {"hostname", "user", "port",
	    "identityfile", "proxyjump", "proxycommand", "connecttimeout",
	    "serveraliveinterval", "serveralivecountmax", "identitiesonly",
	    "batchmode", "stricthostkeychecking", "userknownhostsfile"};
	struct buf b = {0};
	char **lines, *sp;
	size_t n, i, k;

	buf_addstr(&b, "");
	n = split_lines(out, &lines);
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		for (i = 0; i < n; i++) {
			sp = strchr(lines[i], ' ');
			if (sp == NULL || (size_t)(sp - lines[i]) !=
			    strlen(keys[k]) ||
			    strncmp(lines[i], keys[k], strlen(keys[k])) != 0)
				continue;
			if (strcmp(keys[k], "userknownhostsfile") == 0 &&
			    strchr(sp + 1, ' ') != NULL)
				*strchr(sp + 1, ' ') = '\0';
			buf_printf(&b, "%s=%s\n", keys[k], sp + 1);
		}
	}
	free(lines);
	return b.data;
}

/* Ours, in the words ssh -G prints, its defaults for what is unset. */
static char *
our_fields(const struct ssh_host_config *c, const char *host,
    const char *local_user, const char *home)
{
	static const char *const yes_no[] = {"no", "yes"};
	struct buf b = {0};
	const char *strict = c->strict_host_key_checking;
	char *lower = xstrdup(host), *p;
	size_t i;

	for (p = lower; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	buf_printf(&b, "hostname=%s\n",
	    c->hostname != NULL ? c->hostname : lower);
	buf_printf(&b, "user=%s\n", c->user != NULL ? c->user : local_user);
	buf_printf(&b, "port=%d\n", c->port != 0 ? c->port : 22);
	for (i = 0; i < c->identity_count; i++)
		buf_printf(&b, "identityfile=%s\n", c->identity_files[i]);
	if (c->proxy_jump_count > 0) {
		p = str_join(c->proxy_jumps, c->proxy_jump_count, ",");
		buf_printf(&b, "proxyjump=%s\n", p);
		free(p);
	}
	if (c->proxy_command != NULL)
		buf_printf(&b, "proxycommand=%s\n", c->proxy_command);
	if (c->connect_timeout != 0)
		buf_printf(&b, "connecttimeout=%d\n", c->connect_timeout);
	else
		buf_addstr(&b, "connecttimeout=none\n");
	/* Debian's ssh makes BatchMode's default interval 300 s. */
	buf_printf(&b, "serveraliveinterval=%d\n",
	    c->server_alive_interval != -1 ? c->server_alive_interval :
	    c->batch_mode == 1 ? 300 : 0);
	buf_printf(&b, "serveralivecountmax=%d\n",
	    c->server_alive_count_max != -1 ? c->server_alive_count_max : 3);
	buf_printf(&b, "identitiesonly=%s\n",
	    yes_no[c->identities_only == 1]);
	buf_printf(&b, "batchmode=%s\n", yes_no[c->batch_mode == 1]);
	if (strict == NULL)
		strict = "ask";
	else if (strcmp(strict, "yes") == 0)
		strict = "true";
	else if (strcmp(strict, "no") == 0 || strcmp(strict, "off") == 0)
		strict = "false";
	buf_printf(&b, "stricthostkeychecking=%s\n", strict);
	if (c->user_known_hosts_file != NULL)
		buf_printf(&b, "userknownhostsfile=%s\n",
		    c->user_known_hosts_file);
	else
		buf_printf(&b, "userknownhostsfile=%s/.ssh/known_hosts\n",
		    home);
	free(lower);
	return b.data;
}

/*
 * Each config, for each host, resolved by us and by `ssh -G -F`: the same
 * hostname, user, port, identity files, jump hosts, proxy command,
 * timeouts, flags and known_hosts file. The IdentityFiles here have no ~
 * or tokens, which ssh -G prints unexpanded.
 */
static void
test_against_openssh(void)
{
	static const struct {
		const char *text;
		const char *hosts;
	} cases[] = {
		{"Host web* !web3\n  HostName %h.Example.com\n  User=alice\n"
		 "  IdentityFile /k/web\n  ProxyJump bob@jump1:2222,jump2\n"
		 "  ConnectTimeout 1m\n"
		 "Host *\n  Port 2200\n  ServerAliveInterval 15\n"
		 "  IdentityFile /k/all\n  IdentityFile \"/k/with space\"\n"
		 "  ProxyCommand nc %h %p\n  StrictHostKeyChecking accept-new\n",
		 "web1 web3 WEB1 db"},
		{"Host db?\n  Port 3306\n  IdentitiesOnly yes\n"
		 "Match host db1,db2 !originalhost db2\n  User dba\n"
		 "Match originalhost db*\n  ConnectTimeout 4\n"
		 "Match all\n  ConnectTimeout 8\n  BatchMode yes\n"
		 "  ServerAliveCountMax 0\n  StrictHostKeyChecking no\n"
		 "  IdentityFile /k/match\n",
		 "db1 db2 db3 web1"},
		{"ProxyCommand none\nProxyJump j1\nHost a\n  Port 1\n"
		 "Host b\n  HostName real-b\nMatch host real-b\n  Port 2\n"
		 "Host *\n  UserKnownHostsFile /kh/one /kh/two\n"
		 "  ConnectTimeout none\n  ServerAliveInterval 2h\n"
		 "  IdentityFile /k/star\n",
		 "a b c"},
		{"Host web1\n  Include &/inc/*.conf &/none.conf\n"
		 "  ConnectTimeout=25\nHost db1\n  Include &/inc/*.conf\n"
		 "Host *\n  User \"o'p s\"\n  IdentityFile=\"/k/q s\"\n"
		 "  IdentityFile /k/esc\\ aped # comment\n"
		 "  Port = 2022\n",
		 "web1 db1 web2"},
		{"Host x y\n  ProxyJump none\n  ProxyCommand nc %h\n"
		 "Host z\n  ProxyJump u@j:2201\nHost *\n  ProxyJump j2\n"
		 "  IdentityFile /k/a\n  IdentityFile /k/b\n  IdentityFile /k/a\n",
		 "x z other"},
	};
	struct passwd *pw = getpwuid(getuid());
	char *dir = unit_temp_dir("ssh-config-G"), *path, *out, *theirs;
	char *ours, *hosts, *host, *save, **w = NULL, *text;
	struct ssh_config_env env;
	struct ssh_host_config c;
	size_t i, n = 0;
	int missing;

	CU_ASSERT_FATAL(dir != NULL && pw != NULL);
	unit_make_dirs(dir, "inc");
	unit_put_file(dir, "inc/b.conf", "Host web1\n  Port 2202\n");
	unit_put_file(dir, "inc/a.conf", "Host web*\n  User inc\n"
	    "  IdentityFile /k/inc\nHost db1\n  Port 3306\n");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* & stands for the temporary folder. */
		text = str_replace_all(cases[i].text, "&", dir);
		unit_put_file(dir, "config", text);
		path = xasprintf("%s/config", dir);
		hosts = xstrdup(cases[i].hosts);
		for (host = strtok_r(hosts, " ", &save); host != NULL;
		    host = strtok_r(NULL, " ", &save)) {
			if ((out = ssh_dump(path, host, &missing)) == NULL) {
				if (missing)
					fprintf(stderr, "\nno ssh to run: "
					    "comparison left out\n");
				else
					CU_FAIL("ssh -G refused a case");
				break;
			}
			theirs = ssh_fields(out);
			env_fake(&env, pw->pw_dir, host);
			env.local_user = pw->pw_name;
			ssh_host_config_init(&c);
			ssh_config_apply(&c, text, path, 0, host, &env, &w, &n);
			ours = our_fields(&c, host, pw->pw_name, pw->pw_dir);
			CHECK_STR(ours, theirs, host);
			CHECK_LL(n, 0, "warnings");
			string_list_free(w, n);
			w = NULL;
			n = 0;
			ssh_host_config_clear(&c);
			free(ours);
			free(theirs);
			free(out);
		}
		free(hosts);
		free(path);
		free(text);
	}
	unit_remove_tree(dir);
	free(dir);
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "keywords", test_keywords);
	CU_add_test(s, "first value wins", test_first_wins);
	CU_add_test(s, "Host patterns", test_host_patterns);
	CU_add_test(s, "Match", test_match);
	CU_add_test(s, "tokens", test_tokens);
	CU_add_test(s, "ProxyJump and ProxyCommand", test_proxy);
	CU_add_test(s, "malformed lines", test_malformed);
	CU_add_test(s, "Include", test_include);
	CU_add_test(s, "same as ssh -G", test_against_openssh);
}
