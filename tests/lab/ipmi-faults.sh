#!/bin/sh
# Faulty BMCs in the running program, on real ipmi_sim BMCs: rackcon in
# tmux (80x24, TERM=vt100) on the Hosts panel of an inventory (mode 0600,
# each password from a bmc-password-file) of four BMCs alone:
#   wrongpw  a sim whose password in the inventory is not its own
#   silent   a port where nothing listens (a sim's, stopped)
#   doomed   a sim killed (SIGKILL) while rackcon polls it
#   good     a sim that answers throughout
# Each faulty row says what is wrong in words (WHY: "password invalid",
# "connection timeout"; the detail pane "no answer in 3 s" and "unreachable
# since HH:MM:SS, retrying"); doomed turns so within the refresh interval
# plus the call's timeout plus a margin (the time is printed); good stays
# up with its power shown, and the other rows keep what they said.
#
# Keys: with doomed dead and being retried (backoff), tests/bench/key-time
# runs a second rackcon on the same inventory and times Down/Up from the
# keypress to the screen. Asserted is only what holds on a loaded shared
# machine: every key answered (none missed in key-time's 2 s) and p95
# under 1 s, which a BMC call on the UI thread (3 s per silent BMC) breaks.
# The issue's goal, 100 ms, is printed next to the figures to compare:
# speed targets are met in benchmarks (make bench), not in timed tests.
#
# Needs ipmi_sim, tmux and tests/bench/key-time (libvterm; make check
# builds it), and a tree configured with the IPMI plugin; otherwise it
# exits 77. Every sim, tmux server and key-time run is stopped on exit.
# Run from the repo root: sh tests/lab/ipmi-faults.sh
. tests/regress/lib.sh

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require
[ -x tests/bench/key-time ] ||
	skip "tests/bench/key-time is not built (make tests/bench/key-time; needs libvterm)"

kt_pid=
stop_key_time() {
	[ -n "$kt_pid" ] || return 0
	# key-time's child (rackcon on its pty) first, then key-time
	for c in $(ps -o pid= --ppid "$kt_pid" 2>/dev/null); do
		kill -KILL "$c" 2>/dev/null
	done
	kill -KILL "$kt_pid" 2>/dev/null
	wait "$kt_pid" 2>/dev/null
	kt_pid=
}
trap 'rc_status=$?; stop_key_time; ipmisim_stop_all; rc_cleanup; exit $rc_status' EXIT
trap 'exit 141' PIPE

REFRESH_S=2   # rackcon's default -d
TIMEOUT_S=3   # BMC_TIMEOUT_MS_DEFAULT
# doomed's row must turn within a refresh, a call that times out, one
# more (a reconnect) and a margin for this machine
TURN_S=$((REFRESH_S + 2 * TIMEOUT_S + 10))
P95_BOUND_US=1000000
KEYS=60

ipmisim_start "$tmpdir" good || fail "ipmi_sim good did not start"
ipmisim_start "$tmpdir" wrongpw || fail "ipmi_sim wrongpw did not start"
ipmisim_start "$tmpdir" doomed || fail "ipmi_sim doomed did not start"
ipmisim_start "$tmpdir" silent || fail "ipmi_sim silent did not start"
P_GOOD=$(ipmisim_port good)
P_WRONG=$(ipmisim_port wrongpw)
P_DOOMED=$(ipmisim_port doomed)
P_SILENT=$(ipmisim_port silent)
ipmisim_stop silent || fail "cannot stop silent"

umask 077
printf 'ADMIN\n' >"$tmpdir/admin.pw"
printf 'n0t-its-password\n' >"$tmpdir/wrong.pw"
inv=$tmpdir/inventory
# wrongpw first: the shown host, whose row (failing, on top) key-time's
# first Down moves from
for e in "wrongpw $P_WRONG wrong" "silent $P_SILENT admin" \
    "doomed $P_DOOMED admin" "good $P_GOOD admin"; do
	# shellcheck disable=SC2086 # three words
	set -- $e
	printf 'host %s\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' "$1" "$2"
	printf '    bmc-workarounds opensesspriv\n'
	printf '    bmc-password-file %s\n' "$tmpdir/$3.pw"
done >"$inv"
chmod 600 "$inv"
umask 022
RC_PLUGIN_DIR=$RC_ROOT/backends
export TZ=UTC0   # rackcon's zone in tmux (lib.sh), for HH:MM:SS

# The detail pane (below the line of q's: vt100's line drawing), its
# wrapped lines joined by blanks.
detail() {
	screen | awk 'seen && !/^F1 help/ { printf "%s ", $0 } /^qqqq/ { seen = 1 }'
	echo
}
# detail_of NAME: select NAME's row; its detail in $d.
detail_of() {
	select_row "$1"
	wait_for "^$1 .*\(shown\)|^$1: " 5
	d=$(detail)
}
row() { screen | grep -E "^$1 "; }
# check WHAT TEXT ERE: TEXT matches ERE, else fail with the screen.
check() {
	printf '%s\n' "$2" | grep -Eq -- "$3" && return 0
	show_screen
	fail "$1: '$2' does not match /$3/"
}

say "the Hosts panel: two faults said, two sims up with their power"
rc_start -r '' --inventory "$inv"
wait_for '^wrongpw +failing .*password invalid' 30
wait_for '^silent +failing .*connection timeout' 30
wait_for '^good +up ' 30
wait_for '^doomed +up ' 30
detail_of good
check "good's detail" "$d" "BMC 127\.0\.0\.1:$P_GOOD: ok; power off"
detail_of doomed
check "doomed's detail" "$d" "BMC 127\.0\.0\.1:$P_DOOMED: ok; power off"
detail_of wrongpw
check "wrongpw's detail" "$d" \
    "BMC 127\.0\.0\.1:$P_WRONG: unreachable since [0-9]{2}:[0-9]{2}:[0-9]{2}, retrying \(127\.0\.0\.1:$P_WRONG: password invalid\)"
detail_of silent
check "silent's detail" "$d" \
    "BMC 127\.0\.0\.1:$P_SILENT: unreachable since [0-9]{2}:[0-9]{2}:[0-9]{2}, retrying \(127\.0\.0\.1:$P_SILENT: connection timeout \(no answer in $TIMEOUT_S s\)\)"
wrong_row=$(row wrongpw)
silent_row=$(row silent)

say "doomed killed mid-poll: its row turns within $TURN_S s"
select_row doomed
kill_at=$(date +%H:%M:%S)
t0=$(date +%s%3N)
kill -KILL "$(ipmisim_pid doomed)" || fail "cannot kill doomed"
end=$((t0 + TURN_S * 1000))
while ! row doomed | grep -Eq '^doomed +failing '; do
	[ "$(date +%s%3N)" -lt "$end" ] || { show_screen; fail "doomed still not failing $TURN_S s after SIGKILL"; }
	sleep 0.1
done
turned_ms=$(($(date +%s%3N) - t0))
ipmisim_stop doomed # reaps it
echo "doomed failing ${turned_ms} ms after SIGKILL (bound $TURN_S s: refresh ${REFRESH_S} s + 2 x timeout ${TIMEOUT_S} s + 10 s)"
check "doomed's row" "$(row doomed)" '^doomed +failing .*(connection|session) timeout'
detail_of doomed
check "doomed's detail" "$d" \
    "BMC 127\.0\.0\.1:$P_DOOMED: unreachable since [0-9]{2}:[0-9]{2}:[0-9]{2}, retrying \(127\.0\.0\.1:$P_DOOMED: [a-z]+ timeout \(no answer in $TIMEOUT_S s\)"
since=$(printf '%s\n' "$d" | sed -n "s/.*$P_DOOMED: unreachable since \([0-9:]*\),.*/\1/p")
# the same day: HH:MM:SS compare as text
if [ -z "$since" ] || expr "$since" \< "$kill_at" >/dev/null; then
	fail "doomed unreachable since '$since', killed at $kill_at"
fi
echo "doomed: unreachable since $since (killed at $kill_at); its row: $(row doomed)"
# Its power is what it said last, marked as not known now.
check "doomed's row, power last known" "$(row doomed)" ' off\? '
check "doomed's detail, power last known" "$d" \
    "power off when last read, at [0-9]{2}:[0-9]{2}:[0-9]{2}"

say "the rest keeps its meaning"
detail_of good
check "good's detail" "$d" "State: up .*BMC 127\.0\.0\.1:$P_GOOD: ok; power off"
check "good's row" "$(row good)" '^good +up .* off '
[ "$(row wrongpw)" = "$wrong_row" ] ||
	fail "wrongpw's row changed: '$wrong_row' -> '$(row wrongpw)'"
[ "$(row silent)" = "$silent_row" ] ||
	fail "silent's row changed: '$silent_row' -> '$(row silent)'"
send_keys F10
wait_exit 10

say "keys while doomed is retried: $KEYS Down/Up through key-time"
env -i TERM=vt100 LANG=C.UTF-8 TZ=UTC0 NO_COLOR=1 PATH="$PATH" \
    HOME="$tmpdir/home" XDG_CONFIG_HOME="$tmpdir/config" \
    XDG_STATE_HOME="$tmpdir/state" RACKCON_PLUGIN_DIR="$RC_PLUGIN_DIR" \
    tests/bench/key-time -n "$KEYS" -t 60 -m 3 '[a-z]* failing *' \
    ./rackcon --inventory "$inv" --audit-log "$tmpdir/audit-kt.log" \
    >"$tmpdir/kt.out" 2>"$tmpdir/kt.err" &
kt_pid=$!
wait "$kt_pid"
kt_rc=$?
kt_pid=
kt=$(tail -1 "$tmpdir/kt.out")
[ $kt_rc = 0 ] || fail "key-time: exit $kt_rc: $(cat "$tmpdir/kt.err") $kt"
val() { printf '%s\n' "$kt" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
keys=$(val keys) missed=$(val missed) med=$(val median_us) p95=$(val p95_us) max=$(val max_us)
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "keypress to screen: $keys keys, $missed missed, median $((med / 1000)) ms, p95 $((p95 / 1000)) ms, max $((max / 1000)) ms (goal 100 ms; load $load, $(nproc) CPUs)"
echo "key-time: $kt"
[ "$missed" = 0 ] || fail "$missed of $KEYS keys missed (not shown within 2 s): a poll blocks the UI"
[ "$keys" -ge "$KEYS" ] || fail "only $keys of $KEYS keys timed"
[ "$p95" -lt "$P95_BOUND_US" ] ||
	fail "p95 $((p95 / 1000)) ms: a poll blocks the UI (bound $((P95_BOUND_US / 1000)) ms)"
echo "ipmi-faults: passed"
