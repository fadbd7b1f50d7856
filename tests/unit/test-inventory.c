/* Unit tests for the inventory parser (backends/core/inventory.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "strutil.h"
#include "unit.h"

UNIT_SUITE("inventory", add_tests)

/* An ssh entry as "ssh:DEST", then ";port=N", ";user=U", ";jump=J",
 * ";sudo=0|1", ";sysroot=DIR" for what it says. */
static void
ssh_entry(struct buf *b, const struct inventory_host *h)
{
	buf_printf(b, "ssh:%s", h->destination);
	if (h->port != 0)
		buf_printf(b, ";port=%d", h->port);
	if (h->user != NULL)
		buf_printf(b, ";user=%s", h->user);
	if (h->jumps != NULL)
		buf_printf(b, ";jump=%s", h->jumps);
	if (h->sudo >= 0)
		buf_printf(b, ";sudo=%d", h->sudo);
	if (h->sysroot != NULL)
		buf_printf(b, ";sysroot=%s", h->sysroot);
}

/* A host's BMC as ";bmc=HOST:PORT" then ",user=U", ",cipher=N",
 * ",priv=N", ",wa=NAMES", ",pw=ask|env|freeipmi|file:PATH" and
 * ",said=HEX" for what it says. */
static void
bmc_entry(struct buf *b, const struct inventory_host *h)
{
	static const char *const from[] = { "ask", "env", "file", "freeipmi" };
	char *a = bmc_target_address(h->bmc), *wa;

	buf_printf(b, ";bmc=%s", a);
	free(a);
	if (h->bmc->user != NULL)
		buf_printf(b, ",user=%s", h->bmc->user);
	if (h->bmc->cipher_suite != BMC_CIPHER_DEFAULT)
		buf_printf(b, ",cipher=%d", h->bmc->cipher_suite);
	if (h->bmc->privilege != BMC_PRIV_ADMIN)
		buf_printf(b, ",priv=%d", h->bmc->privilege);
	if (h->bmc->workarounds != 0) {
		wa = bmc_workaround_names(h->bmc->workarounds);
		buf_printf(b, ",wa=%s", wa);
		free(wa);
	}
	buf_printf(b, ",pw=%s", from[h->bmc->password_from]);
	if (h->bmc->password_file != NULL)
		buf_printf(b, ":%s", h->bmc->password_file);
	if (h->bmc_said != 0)
		buf_printf(b, ",said=%x", h->bmc_said);
	CU_ASSERT(h->bmc_line > h->line);
}

/* Parse text as /etc/rackcon/hosts: the hosts as "name=local",
 * "name=sysroot:DIR" or "name=ssh:..." (ssh_entry), then "[tag,tag]" when
 * it has tags, joined by blanks, and the errors joined by " | ". */
static void
check(const char *text, const char *want_hosts, const char *want_errors)
{
	struct inventory inv;
	const struct inventory_host *h;
	struct buf hosts = {0};
	char **errors = NULL, *joined;
	size_t n = 0, bad, i, j;

	bad = inventory_parse("/etc/rackcon/hosts", text, &inv, &errors, &n);
	CU_ASSERT_EQUAL(bad, n);
	buf_addstr(&hosts, "");
	for (i = 0; i < inv.count; i++) {
		h = &inv.hosts[i];
		buf_printf(&hosts, "%s%s=", i > 0 ? " " : "", h->name);
		if (h->reach == INVENTORY_LOCAL)
			buf_addstr(&hosts, "local");
		else if (h->reach == INVENTORY_SYSROOT)
			buf_printf(&hosts, "sysroot:%s", h->sysroot);
		else if (h->reach == INVENTORY_SSH)
			ssh_entry(&hosts, h);
		else
			buf_addstr(&hosts, "bmc-alone");
		if (h->reach != INVENTORY_SSH && h->jumps != NULL)
			buf_printf(&hosts, ";jump=%s", h->jumps);
		if (h->bmc != NULL)
			bmc_entry(&hosts, h);
		for (j = 0; j < h->tag_count; j++)
			buf_printf(&hosts, "%s%s", j == 0 ? "[" : ",",
			    h->tags[j]);
		if (h->tag_count > 0)
			buf_addstr(&hosts, "]");
	}
	joined = str_join(errors, n, " | ");
	CU_ASSERT_STRING_EQUAL(hosts.data, want_hosts);
	CU_ASSERT_STRING_EQUAL(joined, want_errors);
	if (strcmp(hosts.data, want_hosts) != 0 ||
	    strcmp(joined, want_errors) != 0)
		fprintf(stderr, "\nhosts '%s'\nerrors '%s'\n", hosts.data,
		    joined);
	free(joined);
	buf_free(&hosts);
	string_list_free(errors, n);
	inventory_free(&inv);
}

static void
test_good(void)
{
	check("# the lab\n"
	    "host here\n"
	    "    local\n"
	    "\n"
	    "Host lab-a\n"
	    "\tSysRoot /srv/fixtures/a\n"
	    "host lab_b.2\n"
	    "    sysroot fixtures/b   \r\n"
	    "host spaced\n"
	    "    sysroot \"/srv/with blanks\"\n"
	    "    # a comment inside an entry\n",
	    "here=local lab-a=sysroot:/srv/fixtures/a "
	    "lab_b.2=sysroot:/etc/rackcon/fixtures/b "
	    "spaced=sysroot:/srv/with blanks", "");
	check("", "", "");
	check("# nothing but comments\n\n   # indented\n", "", "");
}

/* A bad line names the file and line, and leaves its entry out; the
 * other entries load. */
static void
test_errors(void)
{
	check("local\nhost a\n  local\n", "a=local",
	    "/etc/rackcon/hosts:1: 'local' before any host line");
	check("host a\n  lcoal\nhost b\n  local\n", "b=local",
	    "/etc/rackcon/hosts:2: unknown keyword 'lcoal' (known: host, "
	    "bmc, bmc-cipher, bmc-password, bmc-password-file, "
	    "bmc-privilege, bmc-user, bmc-workarounds, jump, local, port, "
	    "ssh, sudo, sysroot, tags, user)");
	check("host a\n", "",
	    "/etc/rackcon/hosts:1: host a says neither local, sysroot DIR, "
	    "ssh DESTINATION nor bmc ADDRESS");
	check("host a\n  local\n  sysroot /x\n", "",
	    "/etc/rackcon/hosts:3: host a: says how it is reached twice "
	    "(line 2 first)");
	check("host a\n  local yes\n", "",
	    "/etc/rackcon/hosts:2: local takes no value, not 'yes'");
	check("host a\n  sysroot\n", "",
	    "/etc/rackcon/hosts:2: sysroot needs a folder");
	check("host a\n  sysroot /x /y\n", "",
	    "/etc/rackcon/hosts:2: sysroot: one value, quoted if it holds "
	    "blanks");
	check("host a\n  sysroot \"/x\n", "",
	    "/etc/rackcon/hosts:2: sysroot: one value, quoted if it holds "
	    "blanks");
	check("host\n  local\nhost c\n  local\n", "c=local",
	    "/etc/rackcon/hosts:1: host needs one name");
	check("host a b\n  local\n", "",
	    "/etc/rackcon/hosts:1: host needs one name");
	check("host ../etc\n  local\n", "",
	    "/etc/rackcon/hosts:1: host name '../etc': letters, digits, '.', "
	    "'_' and '-' (not first), at most 63");
	check("host a\n  local\nhost a\n  sysroot /x\n", "a=local",
	    "/etc/rackcon/hosts:3: host a is named twice; this one is left "
	    "out");
	/* Control characters are never echoed as they are. */
	check("host a\n  sysroot \"/x\033[2J\"\n", "",
	    "/etc/rackcon/hosts:2: sysroot: control characters in the value");
	check("host a\n  \033]0;x\a\n", "",
	    "/etc/rackcon/hosts:2: unknown keyword '?]0;x?' (known: host, "
	    "bmc, bmc-cipher, bmc-password, bmc-password-file, "
	    "bmc-privilege, bmc-user, bmc-workarounds, jump, local, port, "
	    "ssh, sudo, sysroot, tags, user)");
}

/* SSH entries: the destination as written (an alias, user@host,
 * ssh://...), what goes with it, and a sysroot on the far side. */
static void
test_ssh(void)
{
	check("host web3\n"
	    "    ssh web3\n"
	    "host db1\n"
	    "    SSH admin@10.0.0.7\n"
	    "    Port 2222\n"
	    "    jump bastion,ops@gw2:2200\n"
	    "    sudo YES\n"
	    "    tags db,rack4,db\n"
	    "host lab\n"
	    "    sysroot /srv/tree\n"
	    "    ssh ssh://root@127.0.0.1:2201\n"
	    "    sudo no\n"
	    "host quoted\n"
	    "    user \"ops\"\n"
	    "    ssh \"[::1]\"\n"
	    "host here\n"
	    "    tags a\n"
	    "    local\n",
	    "web3=ssh:web3 "
	    "db1=ssh:admin@10.0.0.7;port=2222;jump=bastion,ops@gw2:2200;"
	    "sudo=1[db,rack4] "
	    "lab=ssh:ssh://root@127.0.0.1:2201;sudo=0;sysroot=/srv/tree "
	    "quoted=ssh:[::1];user=ops here=local[a]", "");
}

/* What an ssh entry may not say, each at the line that says it. */
static void
test_ssh_errors(void)
{
	check("host a\n  ssh\n", "", "/etc/rackcon/hosts:2: ssh needs a "
	    "destination");
	check("host a\n  ssh -oProxyCommand=x\n", "",
	    "/etc/rackcon/hosts:2: ssh: -oProxyCommand=x: a host name may "
	    "not begin with '-'");
	check("host a\n  ssh web;id\nhost b\n  ssh b\n", "b=ssh:b",
	    "/etc/rackcon/hosts:2: ssh: web;id: a host name may not "
	    "contain ';'");
	check("host a\n  local\n  ssh web\n", "",
	    "/etc/rackcon/hosts:3: host a: says how it is reached twice "
	    "(line 2 first)");
	check("host a\n  ssh web\n  local\n", "",
	    "/etc/rackcon/hosts:3: host a: says how it is reached twice "
	    "(line 2 first)");
	check("host a\n  ssh web\n  ssh db\n", "",
	    "/etc/rackcon/hosts:3: host a: says how it is reached twice "
	    "(line 2 first)");
	check("host a\n  ssh web\n  port 22\n  port 23\n", "",
	    "/etc/rackcon/hosts:4: host a: port given twice (line 3 first)");
	check("host a\n  ssh web\n  port 0\n", "",
	    "/etc/rackcon/hosts:3: port: a number from 1 to 65535, not '0'");
	check("host a\n  ssh web\n  port 65536\n", "",
	    "/etc/rackcon/hosts:3: port: a number from 1 to 65535, not "
	    "'65536'");
	check("host a\n  ssh web\n  port +22\n", "",
	    "/etc/rackcon/hosts:3: port: a number from 1 to 65535, not "
	    "'+22'");
	check("host a\n  ssh web\n  user -l\n", "",
	    "/etc/rackcon/hosts:3: user '-l': a name may not begin with '-'");
	check("host a\n  ssh web\n  sudo maybe\n", "",
	    "/etc/rackcon/hosts:3: sudo: yes or no, not 'maybe'");
	check("host a\n  ssh web\n  jump gw,-x\n", "",
	    "/etc/rackcon/hosts:3: jump: -x: a host name may not begin with "
	    "'-'");
	check("host a\n  ssh web\n  tags a,,b\n", "",
	    "/etc/rackcon/hosts:3: tags 'a,,b': names of letters, digits, "
	    "'.', '_' and '-' (not first), separated by commas");
	check("host a\n  ssh web\n  tags\n", "",
	    "/etc/rackcon/hosts:3: tags needs names");
	/* Only an ssh host has a port, user, jump or sudo. */
	check("host a\n  sysroot /x\n  port 22\n", "",
	    "/etc/rackcon/hosts:3: host a: port is for a host reached by ssh");
	check("host a\n  sudo yes\n  local\n", "",
	    "/etc/rackcon/hosts:2: host a: sudo is for a host reached by ssh");
	/* The far side's tree: an absolute path there. */
	check("host a\n  sysroot tree\n  ssh web\n", "",
	    "/etc/rackcon/hosts:2: host a: the sysroot of an ssh host is a "
	    "folder on the far side: an absolute path");
	/* Said twice: in the destination and on a line of its own. */
	check("host a\n  ssh root@web\n  user ops\n", "",
	    "/etc/rackcon/hosts:3: host a: user given twice: here and in "
	    "'ssh root@web' (line 2)");
	check("host a\n  port 2222\n  ssh ssh://web:2200\n", "",
	    "/etc/rackcon/hosts:2: host a: port given twice: here and in "
	    "'ssh ssh://web:2200' (line 3)");
}

static void
test_find(void)
{
	struct inventory inv;
	char **errors = NULL;
	size_t n = 0;

	inventory_parse("hosts", "host a\n local\nhost b\n sysroot t\n", &inv,
	    &errors, &n);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(inventory_find(&inv, "b"));
	/* A file named without a folder: a relative DIR stays as it is. */
	CU_ASSERT_STRING_EQUAL(inventory_find(&inv, "b")->sysroot, "t");
	CU_ASSERT_EQUAL(inventory_find(&inv, "b")->line, 3);
	CU_ASSERT_PTR_NULL(inventory_find(&inv, "c"));
	inventory_free(&inv);
}

/* A host's BMC, or a BMC alone. */
static void
test_bmc(void)
{
	check("host rack1-bmc\n"
	    "    bmc 127.0.0.1:9001\n"
	    "    bmc-user ADMIN\n"
	    "    bmc-workarounds opensesspriv\n"
	    "    bmc-password env\n"
	    "host web3\n"
	    "    ssh web3.example.org\n"
	    "    bmc [fe80::1]\n"
	    "    bmc-cipher 17\n"
	    "    BMC-Privilege operator\n"
	    "    bmc-password-file secrets/web3\n"
	    "host lab\n"
	    "    sysroot /srv/a\n"
	    "    bmc bmc-lab\n",
	    "rack1-bmc=bmc-alone;bmc=127.0.0.1:9001,user=ADMIN,"
	    "wa=opensesspriv,pw=env,said=19 "
	    "web3=ssh:web3.example.org;bmc=[fe80::1]:623,cipher=17,priv=3,"
	    "pw=file:/etc/rackcon/secrets/web3,said=16 "
	    "lab=sysroot:/srv/a;bmc=bmc-lab:623,pw=ask", "");
}

/* A BMC reached only through its SSH: its jump hosts too, without an
 * ssh line; a BMC over LAN has none. */
static void
test_bmc_ssh(void)
{
	check("host r7\n"
	    "    bmc ssh://sslbmc@bmc7:2222\n"
	    "    jump gw1,gw2\n"
	    "host web3\n"
	    "    ssh web3\n"
	    "    jump gw1\n"
	    "    bmc ssh://web3-bmc\n",
	    "r7=bmc-alone;jump=gw1,gw2;bmc=ssh://sslbmc@bmc7:2222,"
	    "user=sslbmc,pw=ask "
	    "web3=ssh:web3;jump=gw1;bmc=ssh://web3-bmc,pw=ask", "");
	/* The user said last wins: bmc-user after bmc ssh://USER@ (the
	 * first was leaked; ASan's run says so). */
	check("host r6\n"
	    "    bmc ssh://alice@bmc6\n"
	    "    bmc-user bob\n",
	    "r6=bmc-alone;bmc=ssh://alice@bmc6,user=bob,pw=ask,said=1", "");
	check("host r8\n  bmc 10.0.0.8\n  jump gw1\n", "",
	    "/etc/rackcon/hosts:3: host r8: jump is for a host reached by "
	    "ssh");
	check("host r9\n  bmc ssh://-oProxy\n", "",
	    "/etc/rackcon/hosts:2: bmc: BMC ssh://-oProxy: a host name may "
	    "not begin with '-'");
}

static void
test_bmc_errors(void)
{
	check("host a\n  local\n  bmc-user ADMIN\n", "",
	    "/etc/rackcon/hosts:3: host a: bmc-user is for a host with a "
	    "bmc ADDRESS line");
	check("host a\n  bmc b:70000\n", "",
	    "/etc/rackcon/hosts:2: bmc: BMC 'b:70000': the port must be "
	    "1-65535");
	check("host a\n  bmc b\n  bmc-cipher 0\n", "",
	    "/etc/rackcon/hosts:3: bmc-cipher: cipher suite 0 is refused: it "
	    "logs anyone in with any password (use 3, or 17 where offered)");
	check("host a\n  bmc b\n  bmc-workarounds idzero\n", "",
	    "/etc/rackcon/hosts:3: bmc-workarounds: unknown workaround "
	    "'idzero' (rackcon takes FreeIPMI's IPMI 2.0 and SOL ones: "
	    "authcap,intel20,supermicro20,sun20,opensesspriv,"
	    "integritycheckvalue,nochecksumcheck,solpayloadsize,solport,"
	    "solstatus,solchannelsupport,serialalertsdeferred,solpacketseq)");
	check("host a\n  bmc b\n  bmc-password typed\n", "",
	    "/etc/rackcon/hosts:3: bmc-password: ask, env (IPMI_PASSWORD) or "
	    "freeipmi (FreeIPMI's config file), not 'typed'; a file is "
	    "bmc-password-file PATH");
	check("host a\n  bmc b\n  bmc-password env\n"
	    "  bmc-password-file /p\n", "",
	    "/etc/rackcon/hosts:4: host a: the password's source is named "
	    "twice (bmc-password, line 3)");
	check("host a\n  bmc b\n  bmc c\n", "",
	    "/etc/rackcon/hosts:3: host a: bmc given twice (line 2 first)");
	check("host a\n  bmc b\n  bmc-user 12345678901234567\n", "",
	    "/etc/rackcon/hosts:3: bmc-user: '12345678901234567' is longer "
	    "than 16 bytes (IPMI's limit)");
	check("host a\n  bmc\n", "",
	    "/etc/rackcon/hosts:2: bmc needs an address (HOST[:PORT] or "
	    "ssh://[USER@]HOST[:PORT])");
}

static void
add_tests(CU_pSuite s)
{
	CU_add_test(s, "bmc entries", test_bmc);
	CU_add_test(s, "bad bmc entries", test_bmc_errors);
	CU_add_test(s, "a bmc reached by ssh", test_bmc_ssh);
	CU_add_test(s, "good entries", test_good);
	CU_add_test(s, "bad lines", test_errors);
	CU_add_test(s, "ssh entries", test_ssh);
	CU_add_test(s, "bad ssh entries", test_ssh_errors);
	CU_add_test(s, "find", test_find);
}
