#!/bin/sh
# Lab test of the IPMI plugin's first-frame engine (backends/ipmi/
# rmcp-login.c, rmcp-quick.c) against real ipmi_sims on loopback, through
# tests/lab/rmcp-power (the engine on 4 threads, as the scheduler's
# workers run it):
# - six BMCs, three powered on: each read's power equals what `ipmitool
#   chassis power status` says, with cipher suites 3 (the default), 1 and
#   2;
# - 12 reads of each in a row, each a login and a logout: afterwards
#   `ipmitool session info active` counts its own session only;
# - held sessions (rmcp-power -H, as the plugin's first frames hold
#   theirs until the whole read): one more active on each sim while held,
#   none once rmcp_quick_logout has ended them;
# - a wrong password, an unknown user, no opensesspriv (which ipmi_sim
#   needs), a cipher suite the sim does not offer (17), and a port where
#   nothing listens give libfreeipmi's words for them ("password
#   invalid", "username invalid", "privilege level cannot be obtained",
#   a refused cipher suite, "connection timeout" within the timeout).
#
# Needs ipmi_sim and ipmitool, and a tree configured with the IPMI
# plugin; otherwise it exits 77 with the reason on its last line.
# Run from the repo root: sh tests/lab/ipmi-engine.sh
set -u

skip() {
	echo "ipmi-engine: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmitool
${MAKE:-make} -s tests/lab/rmcp-power || fail "cannot build rmcp-power"

dir=$(mktemp -d /tmp/ipmi-engine.XXXXXX)
cleanup() {
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

names="e1 e2 e3 e4 e5 e6"
for n in $names dead; do
	ipmisim_start "$dir" "$n" || fail "ipmi_sim $n did not start"
done
DEAD=127.0.0.1:$(ipmisim_port dead)
ipmisim_stop dead
for n in e1 e3 e6; do
	echo 1 >"$(ipmisim_power "$n")"
done
list=""
for n in $names; do
	list="$list 127.0.0.1:$(ipmisim_port "$n")"
done

# What ipmitool says, one "127.0.0.1:PORT on|off" line a BMC.
: >"$dir/want"
for n in $names; do
	p=$(ipmisim_port "$n")
	s=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$p" -U ADMIN -P ADMIN \
	    chassis power status) || fail "ipmitool on $n: $s"
	case $s in
	*"is on") echo "127.0.0.1:$p on" ;;
	*"is off") echo "127.0.0.1:$p off" ;;
	*) fail "ipmitool on $n said '$s'" ;;
	esac >>"$dir/want"
done
grep -c ' on$' "$dir/want" | grep -qx 3 ||
	fail "not 3 powered on: $(cat "$dir/want")"

for c in 3 1 2; do
	# shellcheck disable=SC2086 # one word a BMC
	IPMI_PASSWORD=ADMIN tests/lab/rmcp-power -U ADMIN -W opensesspriv \
	    -C "$c" -j 4 -r 12 $list >"$dir/got" 2>&1 ||
		fail "cipher suite $c: $(cat "$dir/got")"
	cmp -s "$dir/want" "$dir/got" ||
		fail "cipher suite $c: got
$(cat "$dir/got")
ipmitool says
$(cat "$dir/want")"
	echo "ok: cipher suite $c: 6 BMCs, 12 reads each, as ipmitool says"
done
# Every read logged out: ipmitool's own session is the only one active.
for n in $names; do
	a=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$(ipmisim_port "$n")" \
	    -U ADMIN -P ADMIN session info active 2>&1 |
	    sed -n 's/^active sessions *: *//p')
	[ "$a" = 1 ] || fail "$n: $a sessions active after the reads, not 1"
done
echo "ok: no session left open (ipmitool session info active)"

# active N WHEN: every sim has N sessions active (ipmitool's own among them).
active() {
	for n in $names; do
		a=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 \
		    -p "$(ipmisim_port "$n")" -U ADMIN -P ADMIN \
		    session info active 2>&1 |
		    sed -n 's/^active sessions *: *//p')
		[ "$a" = "$1" ] || fail "$n: $a sessions active $2, not $1"
	done
}
# Held sessions (-H, as the plugin's first frames hold theirs until the
# whole read): open after the power is read, closed by
# rmcp_quick_logout.
mkfifo "$dir/go" || fail "mkfifo failed"
# shellcheck disable=SC2086 # one word a BMC
IPMI_PASSWORD=ADMIN tests/lab/rmcp-power -U ADMIN -W opensesspriv -H \
    -j 4 $list <"$dir/go" >"$dir/held" 2>&1 &
held_pid=$!
exec 3>"$dir/go"
end=$(($(date +%s) + 30))
until grep -qx held "$dir/held"; do
	[ "$(date +%s)" -lt "$end" ] || fail "no 'held' within 30 s: $(cat "$dir/held")"
	kill -0 "$held_pid" 2>/dev/null || fail "rmcp-power -H ended: $(cat "$dir/held")"
	sleep 0.1
done
grep -v '^held$' "$dir/held" | cmp -s "$dir/want" - ||
	fail "-H: got $(cat "$dir/held")"
active 2 "while held"
echo go >&3
exec 3>&-
wait "$held_pid" || fail "rmcp-power -H failed: $(cat "$dir/held")"
grep -qx 'logged out' "$dir/held" || fail "-H: $(cat "$dir/held")"
active 1 "after rmcp_quick_logout"
echo "ok: held sessions stay open until rmcp_quick_logout ends them"

# expect WHAT ARGS...: one read fails with WHAT.
expect() {
	_what=$1
	shift
	_got=$(tests/lab/rmcp-power "$@" 2>&1) && fail "$* worked: $_got"
	case $_got in
	*"error: $_what"*) echo "ok: $_what" ;;
	*) fail "$*: '$_got', not '$_what'" ;;
	esac
}
E1=127.0.0.1:$(ipmisim_port e1)
IPMI_PASSWORD=n0t-its-password expect "password invalid" \
    -U ADMIN -W opensesspriv "$E1"
IPMI_PASSWORD=ADMIN expect "username invalid" -U nosuchuser \
    -W opensesspriv "$E1"
IPMI_PASSWORD=ADMIN expect "privilege level cannot be obtained" -U ADMIN \
    "$E1"
IPMI_PASSWORD=ADMIN expect "bad rmcpplus status code" -U ADMIN \
    -W opensesspriv -C 17 "$E1"
start=$(date +%s)
IPMI_PASSWORD=ADMIN expect "connection timeout" -U ADMIN -W opensesspriv \
    -t 1000 "$DEAD"
took=$(($(date +%s) - start))
[ "$took" -le 3 ] || fail "nothing listening took $took s (timeout 1 s)"

# And the BMCs still take a login afterwards (no session left behind).
IPMI_PASSWORD=ADMIN tests/lab/rmcp-power -U ADMIN -W opensesspriv -r 12 \
    "$E1" >/dev/null || fail "e1 refused a login after the failed ones"
echo "ipmi-engine: passed"
