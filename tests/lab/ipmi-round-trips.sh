#!/bin/sh
# Lab test of what one read of a BMC costs in round trips: rackcon
# --list ipmi-users against a real ipmi_sim (63 user slots) may send at
# most 2 datagrams per slot (Get User Access, Get User Name) and 10 more
# (the pre-session capabilities, the login's six, Get Chassis Status, one
# Get Channel Info for the present interface, Close Session): 136.
# FreeIPMI's search for the LAN channel (Get Device ID and Get Channel
# Info for every channel number) cost 12 more and failed this budget.
# The datagrams are counted with strace (the sim's are encrypted).
#
# Needs ipmi_sim, ipmitool and strace, and a tree configured with the
# IPMI plugin; otherwise it exits 77 with the reason on its last line.
# Run from the repo root: sh tests/lab/ipmi-round-trips.sh
set -u

skip() {
	echo "ipmi-round-trips: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

for p in ipmi_sim ipmitool strace; do
	command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
done
grep -q '^BUILD_IPMI *= *yes' Makefile 2>/dev/null ||
	skip "the IPMI plugin is not configured (libfreeipmi-dev)"
[ -x ./rackcon ] && [ -f backends/ipmi.so ] || fail "rackcon or backends/ipmi.so is not built"
export RACKCON_PLUGIN_DIR="$PWD/backends"

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
dir=$(mktemp -d /tmp/ipmi-rtt.XXXXXX)
cleanup() {
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ipmisim_start "$dir" bmc || fail "ipmi_sim did not start"
PORT=$(ipmisim_port bmc)
mkdir -p "$dir/home"
env HOME="$dir/home" XDG_STATE_HOME="$dir/home/state" IPMI_PASSWORD=ADMIN \
    strace -f -qq -e trace=sendto,send,sendmsg -o "$dir/trace" \
    ./rackcon --bmc "127.0.0.1:$PORT" -U ADMIN -W opensesspriv -E \
    --list ipmi-users --json >"$dir/users.json" 2>"$dir/users.err" ||
	fail "--list ipmi-users: $(cat "$dir/users.err")"
slots=$(grep -c '"id":' "$dir/users.json")
theirs=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$PORT" -U ADMIN -P ADMIN \
    user list 1 | grep -c '^[0-9]')
[ "$slots" -gt 0 ] && [ "$slots" = "$theirs" ] ||
	fail "rackcon read $slots slots, ipmitool lists $theirs"
sent=$(grep -c -E '^[0-9]+ +(sendto|send|sendmsg)\(' "$dir/trace")
budget=$((2 * slots + 10))
echo "ipmi-round-trips: $sent datagrams for $slots slots (budget $budget)"
[ "$sent" -le "$budget" ] ||
	fail "$sent datagrams for one read of $slots slots: more than $budget"
echo "ipmi-round-trips: ok"
