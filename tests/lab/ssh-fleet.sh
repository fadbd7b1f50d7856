#!/bin/sh
# Lab test of a fleet in one inventory: three private sshd on loopback
# (tests/lib-sshd.sh), each `ssh` entry reading its own fixture tree on the
# far side (sysroot-disks, sysroot-raid, 16 generated disks):
# - `--list hosts --json` has the three up, each with the disks and arrays
#   counts of the same tree's local listing, and the kernel, uptime and
#   load of the tree's proc/sys/kernel/osrelease, proc/uptime and
#   proc/loadavg, and a round-trip time; tags as the inventory says;
# - one sshd stopped: that host is failing with "Connection refused" in
#   WHY (and in the whole failure), the other two stay up with their data;
# - in tmux at 80x24 (TERM=vt100): the Hosts panel lists the three with
#   their disks, RTT and load; Enter on one shows its Disks panel with its
#   own disks; } shows the next host's.
# The inventory names the hosts by the aliases of the harness's ssh_config,
# which -F gives (it applies to inventory entries as to the command line).
#
# Needs root (sshd), /usr/sbin/sshd, ssh-keygen, tmux, python3 and a built
# tree with the SSH transport; otherwise it exits 77 with the reason on its
# last line. Run from the repo root: sh tests/lab/ssh-fleet.sh.
set -u

skip() {
	echo "ssh-fleet: skipped: $*"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
[ -f backends/ssh.so ] || skip "built without the SSH transport (libssh)"

# tmux on a private socket, $tmpdir, fail; its EXIT trap is replaced below
# so that the sshd go too.
. tests/regress/lib.sh
. tests/lib-sshd.sh
# shellcheck disable=SC2154 # rc_status is set inside the trap
trap 'rc_status=$?; sshd_stop_all; rc_cleanup; exit $rc_status' EXIT

ok() {
	echo "ok: $*"
}

sdir=$tmpdir/sshd
mkdir -p "$sdir" || fail "mkdir $sdir"
sshd_start_many "$sdir" 3 fl || fail "the sshd did not start"
cfg=$sdir/ssh_config

t1=$RC_ROOT/tests/fixtures/sysroot-disks
t2=$RC_ROOT/tests/fixtures/sysroot-raid
t3=$tmpdir/disks16
sh tests/fixtures/make-many-disks.sh 16 "$t3" >/dev/null ||
	fail "make-many-disks.sh"
inv=$tmpdir/fleet
cat >"$inv" <<EOF
# three servers, each showing a fixture tree
host web1
    ssh fl1
    sysroot $t1
    tags web,rack1
host web2
    SSH fl2
    sysroot $t2
host web3
    ssh fl3
    sysroot "$t3"
    sudo no
EOF
chmod 600 "$inv"

# Each tree's own listing, through the local transport.
for i in 1 2 3; do
	eval "tree=\$t$i"
	rc_batch -r "$tree" -- --list hosts --json
	[ "$status" = 0 ] || fail "local listing of $tree: exit $status"
	cp "$tmpdir/stdout" "$tmpdir/local$i.json"
done

# check_fleet DOWN: --list hosts --json over SSH against the trees; DOWN
# is the host that must be failing with Connection refused, or "".
check_fleet() {
	rc_batch -r '' -- -F "$cfg" --inventory "$inv" --list hosts --json
	python3 - "$tmpdir" "$1" "$t1" "$t2" "$t3" <<'PY' ||
import json, sys
tmp, down, trees = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = json.load(open(tmp + "/stdout"))
by = {r["host"]: r for r in rows}
assert sorted(by) == ["web1", "web2", "web3"], sorted(by)
for i, tree in enumerate(trees, 1):
    name = "web%d" % i
    r = by[name]
    if name == down:
        assert r["state"] == "failing", r
        assert r["why"] == "Connection refused", r
        assert "Connection refused" in r["failure"], r
        assert r["rtt_ms"] is None and r["load"] is None, r
        continue
    local = json.load(open("%s/local%d.json" % (tmp, i)))[0]
    assert r["state"] == "up" and r["why"] is None, r
    for k in ("disks", "disks_at_risk", "arrays", "arrays_degraded",
              "worst_smart_health", "slowest_sync_percent"):
        assert r[k] == local[k], (name, k, r[k], local[k])
    assert r["disks"] > 0, r
    kernel = open(tree + "/proc/sys/kernel/osrelease").read().strip()
    uptime = int(float(open(tree + "/proc/uptime").read().split()[0]))
    load = [float(x) for x in open(tree + "/proc/loadavg").read().split()[:3]]
    assert r["kernel"] == kernel, (r["kernel"], kernel)
    assert r["uptime_s"] == uptime, (r["uptime_s"], uptime)
    assert r["load"] == load and r["load_1min"] == load[0], (r["load"], load)
    # A round trip on loopback: more than nothing, less than a second.
    assert r["rtt_ms"] is not None and 0 < r["rtt_ms"] < 1000, r
    assert r["reach"].startswith("ssh root@127.0.0.1, sysroot "), r
assert by["web1"]["tags"] == ["web", "rack1"], by["web1"]
assert by["web2"]["tags"] == [], by["web2"]
print("  " + ", ".join("%s %s rtt %s ms" % (r["host"], r["state"],
      r["rtt_ms"]) for r in rows))
PY
		fail "--list hosts --json (down: ${1:-none}): $(cat "$tmpdir/stdout")"
}

check_fleet ""
ok "three hosts up, each with its tree's disks, arrays, kernel, uptime and load"

# --- the Hosts panel and a host switch, at 80x24 --------------------------------
rc_start -r '' -- -F "$cfg" --inventory "$inv"
wait_for '^HOST +STATE +DISKS +RISK +SMART +MD +DEGR +RTT +LOAD +WHY'
wait_for '^web1 +up +8 +2 +FAILED +0 +0 +[0-9.]+ms +0\.42 +- *$'
wait_for '^web2 +up +12 +5 +- +[-0-9]+ +[-0-9]+ +[0-9.]+ms +2\.15 +- *$'
wait_for '^web3 +up +16 +0 +- +0 +0 +[0-9.]+ms +0\.16 +- *$'
select_row web2
wait_for '^Kernel: 5\.10\.0-28-amd64'
send_keys Enter
wait_for '^NAME +SIZE'
# The tab bar names the host (its way of reaching it is cut at 80).
wait_for '^rackcon .* web2( \(ssh .*)? *$'
wait_for ' web2 16/16 *$'
wait_for '^sda +32M +scsi +no .* md0 '
assert_not_screen '^nvme0n1 '
send_text '}'
wait_for '^rackcon .* web3( \(ssh .*)? *$'
wait_for ' web3 16/16 *$'
wait_for '^sda +3\.6T +sata +yes '
assert_not_screen '^loop0 '
send_text '}'
wait_for '^rackcon .* web1( \(ssh .*)? *$'
wait_for ' web1 10/10 *$'
wait_for '^nvme0n1 '
send_text H
wait_for '^HOST +STATE +DISKS'
wait_for '^web2 +up +12 +5 +- +5 +3 +[0-9.]+ms +2\.15 +- *$' 60
ok "Hosts panel lists the three; Enter shows web2's disks, } web3's, then web1's"
send_keys F10
wait_exit 10 || fail "rackcon did not quit"

# --- one sshd stopped: that host fails, the others stay up ---------------------
sshd_stop fl2
check_fleet web2
ok "fl2 stopped: web2 fails with Connection refused, web1 and web3 stay up"
echo "ssh-fleet: ok"
