#!/bin/sh
# Lab test of what one read of a BMC costs in round trips: rackcon
# --list ipmi-users against a real ipmi_sim (63 user slots) may send at
# most 2 datagrams per slot (Get User Access, Get User Name) and 10 more
# (the login's six, Get Chassis Status, the capabilities outside the
# session, one Get Channel Info for the present interface, Close
# Session): 136. A running rackcon's first frame comes before them: its
# own login, Get Chassis Status and Close Session (5, lab/ipmi-engine).
# FreeIPMI's search for the LAN channel (Get Device ID and Get Channel
# Info for every channel number) cost 12 more and failed this budget.
# Then a running rackcon (tmux, -d 1) for 12 s: its refreshes after the
# first read cost a few datagrams each (the power), not the user slots
# again (1532 datagrams in 12 s when every refresh read them; 146 now).
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

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmitool strace
export RACKCON_PLUGIN_DIR="$PWD/backends"

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

# A running rackcon polls power every refresh and reads the user slots
# again only every slow refresh (30 s), after a change or on request: its
# refreshes between cost a few datagrams, not 2 per slot. Watched for 12 s
# at -d 1 in tmux (a terminal), after its first read (as the batch one).
# Meanwhile the BMC has one session of rackcon's, not two (the first
# frame's is held only until the whole read logs in).
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
sock="ipmi-rtt-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; cleanup' EXIT
tmux -L "$sock" new-session -d -x 80 -y 24 "env HOME=$dir/home \
    XDG_STATE_HOME=$dir/home/state IPMI_PASSWORD=ADMIN TERM=vt100 \
    RACKCON_PLUGIN_DIR=$PWD/backends strace -f -qq \
    -e trace=sendto,send,sendmsg -o $dir/trace2 ./rackcon -d 1 \
    --bmc 127.0.0.1:$PORT -U ADMIN -W opensesspriv -E --panel ipmi" ||
	fail "tmux did not start rackcon"
sleep 12 # the window measured, not a wait for a state
# One session of rackcon's on the BMC (the poll's), beside ipmitool's own:
# the first frame's, held until the whole read, was closed before it.
active=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$PORT" -U ADMIN -P ADMIN \
    session info active 2>&1 | sed -n 's/^active sessions *: *//p')
[ "$active" = 2 ] ||
	fail "$active sessions active on the BMC while rackcon polls, not 2"
tmux -L "$sock" kill-server 2>/dev/null
polled=$(grep -c -E '^[0-9]+ +(sendto|send|sendmsg)\(' "$dir/trace2")
echo "ipmi-round-trips: a running rackcon sent $polled datagrams in 12 s" \
    "at -d 1 (its first read $sent of them)"
[ "$polled" -ge $((sent + 2)) ] ||
	fail "no refresh after the first read in 12 s ($polled datagrams)"
[ "$polled" -le $((sent + 64)) ] ||
	fail "the refreshes read the user slots again ($polled datagrams)"
echo "ipmi-round-trips: ok"
