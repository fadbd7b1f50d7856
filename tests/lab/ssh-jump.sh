#!/bin/sh
# Lab test of jump hosts: three private sshd in a chain of network
# namespaces (tests/lib-netns.sh: root -> jump1 -> jump2 -> target; the
# target is reachable only from jump2, and an unreachable route keeps the
# test's range from leaving the machine). rackcon reaches the target
# through both hops, chained hop by hop over direct-tcpip channels, named
# with -J, with ProxyJump in the ssh_config and with an inventory's jump; `--list disks --json` and
# `--list raid --json` there equal the local listing of the same fixture
# tree. Without the hops the target cannot be reached, and says so; a hop
# that is down is named in the message.
#
# Needs root, /usr/sbin/sshd, ssh-keygen and iproute2 (./setup.sh deps),
# and network namespaces; otherwise it exits 77 with the reason on its last
# line. Run from the repo root: sh tests/lab/ssh-jump.sh.
set -u

skip() {
	echo "ssh-jump: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
ok() {
	echo "ok: $*"
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd, network namespaces)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
command -v ip >/dev/null 2>&1 || skip "iproute2 is not installed"
[ -x ./rackcon ] || fail "./rackcon is not built (run make first)"
[ -f backends/ssh.so ] || skip "built without the SSH transport (libssh)"

. tests/lib-sshd.sh
. tests/lib-netns.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-sshjump.XXXXXX") || fail "mktemp failed"
trap 'sshd_stop_all; netns_teardown; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_STATE_HOME="$dir/home/.local/state"
mkdir -p "$HOME" || fail "cannot make $HOME"
cfg=$dir/ssh_config

netns_setup rcjump 10.252 || skip "cannot make network namespaces here"
sshd_start "$dir" j1 -n "$NETNS_JUMP1" -a "$NETNS_JUMP1_ADDR" ||
	fail "sshd in jump1"
sshd_start "$dir" j2 -n "$NETNS_JUMP2" -a "$NETNS_JUMP2_ADDR" ||
	fail "sshd in jump2"
sshd_start "$dir" tgt -n "$NETNS_TARGET" -a "$NETNS_TARGET_ADDR" ||
	fail "sshd in the target"
sshd_start "$dir" viacfg -n "$NETNS_TARGET" -a "$NETNS_TARGET_ADDR" \
    -J j1,j2 || fail "second sshd in the target"
# Every instance's known_hosts line in one file, for every hop.
cat "$dir"/*.known_hosts >"$dir/all_known_hosts"
sed -i "s|UserKnownHostsFile .*|UserKnownHostsFile $dir/all_known_hosts|" \
    "$cfg"
# No shorter way: from here the target does not answer.
./rackcon -F "$cfg" --sysroot "$PWD/tests/fixtures/sysroot-disks" tgt \
    --list disks --json >"$dir/out" 2>"$dir/err" </dev/null &&
	fail "the target answered without the jump hosts"
grep -Eq "unreachable|No route|[Tt]imeout" "$dir/err" ||
	fail "unreachable target: $(cat "$dir/err")"
ok "without jump hosts: $(head -c 200 "$dir/err")"

for tree in "$PWD/tests/fixtures/sysroot-disks" \
    "$PWD/tests/fixtures/sysroot-raid"; do
	for panel in disks raid; do
		./rackcon --sysroot "$tree" --list "$panel" --json \
		    >"$dir/local.json" 2>/dev/null
		./rackcon -F "$cfg" -J j1,j2 --sysroot "$tree" tgt \
		    --list "$panel" --json >"$dir/j.json" 2>"$dir/err" ||
			fail "-J j1,j2: $(cat "$dir/err")"
		cmp -s "$dir/local.json" "$dir/j.json" ||
			fail "$panel of ${tree##*/} through -J j1,j2 differs"
		./rackcon -F "$cfg" --sysroot "$tree" viacfg \
		    --list "$panel" --json >"$dir/c.json" 2>"$dir/err" ||
			fail "ProxyJump j1,j2: $(cat "$dir/err")"
		cmp -s "$dir/local.json" "$dir/c.json" ||
			fail "$panel of ${tree##*/} through ProxyJump differs"
	done
	ok "${tree##*/} through jump1 and jump2 (-J and ProxyJump): as local"
done
# The inventory's `jump` says the same.
printf 'host far\n\tssh tgt\n\tjump j1,j2\n\tsysroot %s\n' \
    "$PWD/tests/fixtures/sysroot-disks" >"$dir/hosts"
chmod 600 "$dir/hosts"
./rackcon --sysroot "$PWD/tests/fixtures/sysroot-disks" --list disks \
    --json >"$dir/local.json" 2>/dev/null
./rackcon -F "$cfg" --inventory "$dir/hosts" --host far --list disks \
    --json >"$dir/i.json" 2>"$dir/err" ||
	fail "inventory jump j1,j2: $(cat "$dir/err")"
cmp -s "$dir/local.json" "$dir/i.json" ||
	fail "disks through the inventory's jump list differ from local"
ok "an inventory entry with jump j1,j2 lists as local"

# The sessions went through the chain: the target saw jump2's address.
grep -q "from $NETNS_JUMP2_ADDR\|from 10.252.3.1" "$(sshd_log tgt)" ||
	fail "the target's log shows no connection from jump2:" \
	    "$(grep -i "accepted\|connection from" "$(sshd_log tgt)" | head -3)"

# A hop that is down is named.
sshd_stop j2
./rackcon -F "$cfg" -J j1,j2 --sysroot "$PWD/tests/fixtures/sysroot-disks" \
    tgt --list disks --json >"$dir/out" 2>"$dir/err" </dev/null &&
	fail "the target answered with jump2 down"
grep -q "j1 cannot reach\|jump host j2" "$dir/err" ||
	fail "jump2 down: $(cat "$dir/err")"
ok "jump2 down: $(head -c 200 "$dir/err")"
echo "ssh-jump: passed"
