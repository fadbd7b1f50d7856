/* rackcon: options, config and keymap loading, then the UI or batch mode. */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "bmc-target.h"
#include "audit.h"
#include "batch.h"
#include "cmd.h"
#include "config-file.h"
#include "help.h"
#include "keymap.h"
#include "strutil.h"
#include "textsafe.h"
#include "ui.h"
#include "worker.h"
#include "xmalloc.h"

enum {
	OPT_YES = 256, OPT_LIST, OPT_JSON, OPT_PANEL, OPT_KEYMAP,
	OPT_READ_ONLY, OPT_DRY_RUN, OPT_SYSROOT, OPT_CONFIG, OPT_AUDIT_LOG,
	OPT_NO_COLOR, OPT_SMART_INTERVAL, OPT_COMMAND_TIMEOUT, OPT_VERSION,
	OPT_COMMANDS_ROFF, OPT_ESCAPE_DELAY, OPT_NO_AUDIT, OPT_INVENTORY,
	OPT_HOST, OPT_SUDO, OPT_BMC
};

static const struct option long_options[] = {
	{ "command", required_argument, NULL, 'c' },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "list", required_argument, NULL, OPT_LIST },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "panel", required_argument, NULL, OPT_PANEL },
	{ "delay", required_argument, NULL, 'd' },
	{ "refresh", required_argument, NULL, 'd' },
	{ "keymap", required_argument, NULL, OPT_KEYMAP },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "inventory", required_argument, NULL, OPT_INVENTORY },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "sudo", no_argument, NULL, OPT_SUDO },
	{ "bmc", required_argument, NULL, OPT_BMC },
	{ "bmc-user", required_argument, NULL, 'U' },
	{ "workarounds", required_argument, NULL, 'W' },
	{ "cipher", required_argument, NULL, 'C' },
	{ "privilege", required_argument, NULL, 'L' },
	{ "bmc-password-file", required_argument, NULL, 'f' },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "audit-log", required_argument, NULL, OPT_AUDIT_LOG },
	{ "no-audit", no_argument, NULL, OPT_NO_AUDIT },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "smart-interval", required_argument, NULL, OPT_SMART_INTERVAL },
	{ "command-timeout", required_argument, NULL, OPT_COMMAND_TIMEOUT },
	{ "escape-delay", required_argument, NULL, OPT_ESCAPE_DELAY },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "commands-roff", no_argument, NULL, OPT_COMMANDS_ROFF },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	char *commands = help_commands();

	fprintf(f,
"usage: rackcon [options] [[USER@]HOST | ssh://[USER@]HOST[:PORT]]\n"
"       rackcon --list PANEL [--json]\n"
"       rackcon -c 'COMMAND ARGS' [--yes | --dry-run]\n"
"\n"
"  -c, --command CMD       run one command without a terminal\n"
"      --yes               run a command that changes the machine\n"
"      --dry-run           show what would run, run nothing\n"
"      --read-only         refuse every command that changes anything\n"
"      --list PANEL        print a panel's rows (disks, raid, hosts)\n"
"      --json              ... as a JSON array of objects\n"
"      --panel NAME        open on panel NAME\n"
"  -d, --refresh SECONDS   refresh interval (default 2)\n"
"      --keymap NAME|FILE  default, vi, emacs, or a keymap file\n"
"      --config FILE       read FILE instead of ~/.config/rackcon/config\n"
"      --audit-log FILE    log changes to FILE\n"
"      --no-audit          run changes without the audit log file (a change\n"
"                          is refused when the log cannot be written)\n"
"      --sysroot DIR       read /proc, /sys, /dev, /etc below DIR\n"
"      --inventory FILE    the hosts to show (default\n"
"                          ~/.config/rackcon/hosts when it exists)\n"
"      --host NAME         show, list or change the inventory's host NAME\n"
"                          (not the inventory's: a host to reach by ssh)\n"
"  -p PORT                 the SSH port (as ssh -p)\n"
"  -J JUMP[,JUMP2]         jump hosts (as ssh -J)\n"
"  -F FILE                 the ssh_config to read (as ssh -F)\n"
"      --sudo              a non-root SSH login runs programs with sudo -n\n"
"      --bmc HOST[:PORT]   the host's BMC (IPMI 2.0, port 623); alone, a\n"
"                          BMC by itself\n"
"  -U, --bmc-user NAME     the BMC user (as ipmitool -U)\n"
"  -W, --workarounds LIST  FreeIPMI's workarounds (as ipmi-power -W)\n"
"  -C, --cipher N          the cipher suite (default 3; 0 is refused)\n"
"  -L, --privilege LEVEL   user, operator or admin (default admin)\n"
"  -E                      the BMC password from $IPMI_PASSWORD\n"
"  -f, --bmc-password-file FILE\n"
"                          ... from a file only its owner can read\n"
"                          (else asked; FreeIPMI's freeipmi.conf gives\n"
"                          what these do not say)\n"
"      --no-color          no colours (also NO_COLOR=1)\n"
"      --smart-interval S  re-read SMART every S seconds (default 300)\n"
"      --command-timeout S deadline for each program run (default 30)\n"
"      --escape-delay MS   wait for split escape sequences (default: by\n"
"                          the line speed, 50 ms on fast lines)\n"
"      --version, --help\n"
"\n"
"Commands (for -c, the : prompt and keymaps; 'COMMAND -t HOST ARGS' or\n"
"'COMMAND HOST:ARG' acts on the inventory's host HOST):\n%s", commands);
	free(commands);
}

static void
die_errors(char **errors, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		text_warn("%s", errors[i]);
	string_list_free(errors, count);
	exit(2);
}

/* Read the config file named by --config, or the default if it exists. */
static void
load_config(struct options *o, int argc, char **argv)
{
	char *path = NULL, *text = NULL, *cause = NULL, **errors = NULL;
	size_t n = 0;
	int i, rc, explicit = 0;

	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			path = xstrdup(argv[i + 1]);
			explicit = 1;
		}
	}
	if (path == NULL)
		path = config_default_path();
	/* A config it cannot read whole is no config to start with: it may
	 * hold read-only = yes. */
	rc = config_read(path, explicit, &text, &cause);
	if (rc < 0) {
		text_warn("config: %s", cause);
		exit(2);
	}
	if (rc == 0 && config_parse(o, path, text, &errors, &n) > 0)
		die_errors(errors, n);
	free(cause);
	free(text);
	free(path);
}

static void
set_or_die(struct options *o, const char *key, const char *value)
{
	char *cause = NULL;

	if (config_set(o, key, value, &cause) != 0) {
		text_warn("--%s: %s", key, cause);
		exit(2);
	}
}

/* -p PORT: 1..65535, or exit with a message. */
static int
parse_port_or_die(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 65535) {
		text_warn("-p %s: a port is a number from 1 to 65535", s);
		exit(2);
	}
	return (int)v;
}

/* One of the BMC options into t (said: BMC_SAID_*); exits on a bad
 * value, naming the option. */
static void
bmc_option(struct bmc_target *t, unsigned *said, int c, const char *arg)
{
	char *cause = NULL;
	int rc = 0;

	switch (c) {
	case OPT_BMC:
		rc = bmc_target_set_address(t, arg, &cause);
		break;
	case 'U':
		if (strlen(arg) > BMC_USER_MAX) {
			cause = xasprintf("-U: the name is longer than %d "
			    "bytes (IPMI's limit)", BMC_USER_MAX);
			rc = -1;
			break;
		}
		free(t->user);
		t->user = xstrdup(arg);
		*said |= BMC_SAID_USER;
		break;
	case 'W':
		rc = bmc_target_set_workarounds(t, arg, &cause);
		*said |= BMC_SAID_WORKAROUNDS;
		break;
	case 'C':
		rc = bmc_target_set_cipher(t, arg, &cause);
		*said |= BMC_SAID_CIPHER;
		break;
	case 'L':
		rc = bmc_target_set_privilege(t, arg, &cause);
		*said |= BMC_SAID_PRIVILEGE;
		break;
	case 'E':
	case 'f':
		if (*said & BMC_SAID_PASSWORD) {
			cause = xstrdup("-E and -f both name the BMC "
			    "password's source: give one");
			rc = -1;
			break;
		}
		t->password_from = c == 'E' ? BMC_PASSWORD_ENV :
		    BMC_PASSWORD_FILE;
		if (c == 'f')
			t->password_file = xstrdup(arg);
		*said |= BMC_SAID_PASSWORD;
		break;
	}
	if (rc != 0) {
		text_warn("%s", cause);
		free(cause);
		exit(2);
	}
}

static void
parse_args(struct options *o, int argc, char **argv)
{
	char *commands;
	int c;

	struct bmc_target bmc;
	const char *bmc_opt = NULL; /* the first BMC option given */

	bmc_target_init(&bmc);
	while ((c = getopt_long(argc, argv, "c:d:hyp:J:F:U:W:C:L:Ef:",
	    long_options, NULL)) != -1) {
		/* c < 256: strchr() would find OPT_YES (256, the same char
		 * as the string's NUL) and take --yes for a BMC option. */
		if ((c > 0 && c < 256 && strchr("UWCLEf", c) != NULL) ||
		    c == OPT_BMC) {
			bmc_option(&bmc, &o->bmc_said, c, optarg);
			if (bmc_opt == NULL && c != OPT_BMC)
				bmc_opt = c == 'U' ? "-U" : c == 'W' ? "-W" :
				    c == 'C' ? "-C" : c == 'L' ? "-L" :
				    c == 'E' ? "-E" : "-f";
			continue;
		}
		switch (c) {
		case 'c': free(o->command); o->command = xstrdup(optarg); break;
		case 'y':
		case OPT_YES: o->yes = 1; break;
		case OPT_LIST: free(o->list); o->list = xstrdup(optarg); break;
		case OPT_JSON: o->json = 1; break;
		case OPT_PANEL: set_or_die(o, "panel", optarg); break;
		case 'd': set_or_die(o, "refresh", optarg); break;
		case OPT_KEYMAP: set_or_die(o, "keymap", optarg); break;
		case OPT_READ_ONLY: o->read_only = 1; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_SYSROOT:
			free(o->sysroot);
			o->sysroot = xstrdup(optarg);
			break;
		case OPT_INVENTORY:
			free(o->inventory);
			o->inventory = xstrdup(optarg);
			break;
		case OPT_HOST:
			free(o->host);
			o->host = xstrdup(optarg);
			break;
		case 'p':
			o->ssh_port = parse_port_or_die(optarg);
			break;
		case 'J':
			free(o->ssh_jumps);
			o->ssh_jumps = xstrdup(optarg);
			break;
		case 'F':
			free(o->ssh_config);
			o->ssh_config = xstrdup(optarg);
			break;
		case OPT_SUDO: o->sudo = 1; break;
		case OPT_CONFIG: break; /* read by load_config() */
		case OPT_AUDIT_LOG: set_or_die(o, "audit-log", optarg); break;
		case OPT_NO_AUDIT: o->no_audit = 1; break;
		case OPT_NO_COLOR: o->no_color = 1; break;
		case OPT_SMART_INTERVAL:
			set_or_die(o, "smart-interval", optarg);
			break;
		case OPT_COMMAND_TIMEOUT:
			set_or_die(o, "command-timeout", optarg);
			break;
		case OPT_ESCAPE_DELAY:
			set_or_die(o, "escape-delay", optarg);
			break;
		case OPT_VERSION:
			printf("rackcon %s\n", RACKCON_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_COMMANDS_ROFF: /* used to build the man page */
			commands = help_commands_roff();
			fputs(commands, stdout);
			free(commands);
			exit(0);
		default:
			fprintf(stderr, "Try 'rackcon --help'.\n");
			exit(2);
		}
	}
	/* One destination, as ssh takes it: [USER@]HOST or ssh://... */
	if (optind < argc)
		o->destination = xstrdup(argv[optind++]);
	if (optind < argc) {
		text_warn("unexpected argument '%s' (one host at a time; "
		    "an inventory names several)", argv[optind]);
		exit(2);
	}
	if (bmc.host != NULL) {
		o->bmc = xmalloc(sizeof *o->bmc);
		*o->bmc = bmc;
	} else {
		bmc_target_clear(&bmc);
		if (bmc_opt != NULL) {
			text_warn("%s is for a BMC: name it with --bmc "
			    "HOST[:PORT]", bmc_opt);
			exit(2);
		}
	}
	if (o->destination != NULL && o->host != NULL) {
		text_warn("a destination and --host %s: name the host once",
		    o->host);
		exit(2);
	}
}

/* Exit with a message naming --sysroot if dir is missing or not a
 * directory: otherwise the first error would name a path below it. */
static void
check_sysroot(const char *dir)
{
	struct stat st;

	if (dir == NULL)
		return;
	if (stat(dir, &st) != 0) {
		text_warn("--sysroot %s: %s", dir,
		    strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		text_warn("--sysroot %s: %s", dir,
		    strerror(ENOTDIR));
		exit(2);
	}
}

/* The keymap text for a name or a path; exits when it cannot be had. */
static char *
keymap_source(const char *name, char **source)
{
	const char *builtin, *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *path, *text = NULL, *cause = NULL;

	if (strchr(name, '/') != NULL)
		path = xstrdup(name);
	else if (xdg != NULL && *xdg == '/')
		path = xasprintf("%s/rackcon/keymaps/%s.keys", xdg, name);
	else
		path = xasprintf("%s/.config/rackcon/keymaps/%s.keys",
		    home != NULL ? home : "", name);
	if (read_whole_file(path, &text, NULL, &cause) == 0) {
		*source = path;
		return text;
	}
	builtin = strchr(name, '/') == NULL ? keymap_builtin_text(name) : NULL;
	if (builtin == NULL) {
		text_warn("keymap %s: %s (built-in keymaps: "
		    "default, vi, emacs)", name, cause);
		exit(2);
	}
	free(cause);
	free(path);
	*source = xasprintf("built-in %s", name);
	return xstrdup(builtin);
}

/* Parse one keymap's text into km, reporting bad lines on stderr and the
 * first one in the status line. */
static void
load_keymap_text(struct app *app, struct keymap *km, const char *name)
{
	char *source, *text, **errors = NULL;
	size_t n = 0, i;

	text = keymap_source(name, &source);
	keymap_parse(km, source, text, cmd_check_name, NULL, &errors, &n);
	for (i = 0; i < n; i++)
		text_warn("%s", errors[i]);
	if (n > 0)
		app_message(app, 1, "%s (and %zu more keymap error(s))",
		    errors[0], n - 1);
	string_list_free(errors, n);
	free(text);
	free(source);
}

/* Load the default keymap, then the chosen one over it (a keymap that is
 * complete on its own starts with unbind-all); bad lines are reported and
 * the rest loads. */
static struct keymap *
load_keymap(struct app *app)
{
	struct keymap *km = keymap_new();
	const char *name = app->opt.keymap;

	load_keymap_text(app, km, "default");
	if (name != NULL && strcmp(name, "default") != 0)
		load_keymap_text(app, km, name);
	return km;
}

/* The panel to open on: --panel's; the Hosts panel for an inventory when
 * no host is named; else app_init's choice (Disks). */
static int
choose_panel(struct app *app)
{
	struct panel_state *p;
	size_t i;

	if (app->opt.panel != NULL) {
		p = app_panel(app, app->opt.panel);
		if (p == NULL) {
			text_warn("no panel called %s",
			    app->opt.panel);
			return -1;
		}
	} else if (app->hosts_from_inventory && app->opt.host == NULL)
		p = app_panel(app, "hosts");
	else
		return 0; /* app_init's choice: the first about one host */
	for (i = 0; i < app->panel_count; i++) {
		if (app->panels[i] == p)
			app->current = i;
	}
	return 0;
}

/*
 * The pool's limits: the defaults, and a refresh slot more for each remote
 * host (up to 60): its refresh mostly waits on the network, so hosts that
 * do not answer never hold back the others' refreshes. A remote host runs
 * one job at a time (app.c gives its jobs the host as their group), so
 * that slot is its own: its Disks, RAID and facts take turns in it.
 */
static void
pool_limits(const struct app *app, struct worker_limits *l)
{
	size_t i, remote = 0, bmcs = 0;

	memset(l, 0, sizeof *l);
	for (i = 0; i < app->host_count; i++) {
		remote += app->hosts[i].remote != 0;
		bmcs += app->hosts[i].bmc != NULL;
	}
	l->per_class[JOB_REFRESH] = WORKER_DEFAULT_REFRESH +
	    (int)(remote < 60 ? remote : 60);
	/* BMC polls: as many at once as there are BMCs, up to FreeIPMI's
	 * fan-out (no thread waits for a BMC that is not there). */
	l->per_class[JOB_BMC] = bmcs == 0 ? 1 : bmcs < WORKER_DEFAULT_BMC ?
	    (int)bmcs : WORKER_DEFAULT_BMC;
}

static int
run_interactive(struct app *app)
{
	struct worker_limits limits;
	struct worker_pool *pool;
	int status;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		text_warn("not a terminal; use --list PANEL or "
		    "-c COMMAND without one");
		return 2;
	}
	pool_limits(app, &limits);
	app->pool = worker_pool_new(&limits);
	worker_pool_set_asker(app->pool, app_ask, app);
	status = ui_main(app);
	/* Jobs left get their done() now, with no pool to queue more on;
	 * when a worker is stuck in a slow call, the pool and what its job
	 * uses stay (main does not free the app then), but every handle no
	 * job holds is closed (remote sessions are logged out). */
	pool = app->pool;
	app->pool = NULL;
	if (worker_pool_free(pool, 1000) != 0) {
		app->pool = pool;
		app_close_plugins(app);
	}
	return status;
}

/* --list and -c: panels are read on workers (hosts at once, a plugin's
 * slow probes fanned out) while batch mode waits; a change runs on this
 * thread. */
static int
run_batch(struct app *app)
{
	struct worker_limits limits;
	struct worker_pool *reader;
	int status;

	pool_limits(app, &limits);
	app->reader = worker_pool_new(&limits);
	if (app->opt.list != NULL)
		status = batch_list(app, app->opt.list, app->opt.json);
	else
		status = batch_command(app, app->opt.command);
	reader = app->reader;
	app->reader = NULL;
	if (worker_pool_free(reader, 1000) != 0) {
		app->reader = reader;
		app_close_plugins(app);
	}
	return status;
}

/*
 * More descriptors: the Disks plugin keeps each disk's polled attributes
 * open (up to half the soft limit, for all hosts together), so the soft
 * limit goes up to the hard one, at most 65536. Programs run by argv get
 * it as well: posix_spawn cannot set a child's limit back.
 */
static void
raise_nofile(void)
{
	struct rlimit rl;
	rlim_t want = 65536;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
		want = rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int
main(int argc, char **argv)
{
	struct app app;
	char **errors = NULL;
	size_t n = 0;
	int status;

	/* The character set decides what text_safe() lets through. */
	setlocale(LC_CTYPE, "");
	raise_nofile();
	memset(&app, 0, sizeof app);
	options_defaults(&app.opt);
	load_config(&app.opt, argc, argv);
	parse_args(&app.opt, argc, argv);
	check_sysroot(app.opt.sysroot);
	if (app.opt.audit_log != NULL)
		audit_set_path(app.opt.audit_log);
	audit_set_file(!app.opt.no_audit);
	app.keymap = load_keymap(&app);
	if (app_init(&app, &errors, &n) != 0)
		die_errors(errors, n);
	if (app.opt.list != NULL || app.opt.command != NULL)
		status = run_batch(&app);
	else if (choose_panel(&app) != 0)
		status = 2;
	else
		status = run_interactive(&app);
	if (app.pool == NULL && app.reader == NULL)
		app_free(&app);
	keymap_free(app.keymap);
	options_free(&app.opt);
	return status;
}
