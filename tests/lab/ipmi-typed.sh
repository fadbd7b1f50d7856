#!/bin/sh
# A BMC password typed at the question, on a real ipmi_sim: rackcon asks
# when no -E, -f or freeipmi.conf gives one. A wrong one is said ("password
# invalid") and asked again at the next poll; after 3 wrong ones in a row,
# or when the question is dismissed with Esc, the polls stop asking (the
# panel says why and that a refresh asks again) and log in no more, so the
# admin is not asked every few seconds and the BMC's lockout counter is
# left alone; F5 on the panel asks again, and the right password shows the
# users. What was typed is on no screen.
#
# Needs ipmi_sim, tmux and a tree configured with the IPMI plugin;
# otherwise it exits 77. Run from the repo root: sh tests/lab/ipmi-typed.sh
. tests/regress/lib.sh

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require

trap 'rc_status=$?; ipmisim_stop_all; rc_cleanup; exit $rc_status' EXIT

ipmisim_start "$tmpdir" bmc || fail "ipmi_sim did not start"
port=$(ipmisim_port bmc)
RC_PLUGIN_DIR=$RC_ROOT/backends
QUESTION="IPMI password for ADMIN@127\.0\.0\.1:$port"
HELD="a refresh \(F5\) of its IPMI panel asks again"

# Every screen captured is checked for what was typed.
seen=$tmpdir/screens
: >"$seen"
grab() { screen | tee -a "$seen"; }
# held_for SECS: SECS of polls (-d 1) that neither ask nor log in.
held_for() {
	_end=$(rc_deadline "$1")
	while rc_before "$_end"; do
		grab | grep -Eq "$QUESTION" && { show_screen; fail "asked again while held"; }
		sleep 0.2
	done
}
type_answer() { send_text "$1"; send_keys Enter; grab >/dev/null; }

say "three wrong passwords: each said and asked again, then the asking holds"
rc_start -r '' -- -d 1 --bmc "127.0.0.1:$port" -U ADMIN -W opensesspriv
for n in 1 2 3; do
	wait_for "$QUESTION" 20
	grab >/dev/null
	type_answer "Wr0ng-typed-$n"
	[ $n = 3 ] || wait_for "password invalid" 15
done
wait_flat "password invalid \(typed 3 times\); $HELD" 15
echo "ok: held: $(flat | grep -Eo "failing since [^;]*; a refresh [^;]*" | head -1)"
held_for 8
echo "ok: 8 s of polls after that: no question"

say "F5 asks again; the right password shows the users"
send_keys F5
wait_for "$QUESTION" 15
type_answer ADMIN
wait_for "ADMINISTRATOR" 20
assert_not_screen "password invalid"
echo "ok: logged in after F5"
send_keys F10
wait_exit 20

say "Esc at the question: the polls stop asking, F5 asks again"
rc_start -r '' -- -d 1 --bmc "127.0.0.1:$port" -U ADMIN -W opensesspriv
wait_for "$QUESTION" 20
send_keys Escape
wait_flat "no password was typed; $HELD" 15
echo "ok: held: $(flat | grep -Eo "no password was typed; [^;]*" | head -1)"
held_for 6
echo "ok: 6 s of polls after Esc: no question"
send_keys F5
wait_for "$QUESTION" 15
type_answer ADMIN
wait_for "ADMINISTRATOR" 20
echo "ok: logged in after F5"
send_keys F10
wait_exit 20

if grep -q "Wr0ng-typed" "$seen"; then
	fail "a typed password was on the screen: $(grep -n "Wr0ng-typed" "$seen" | head -2)"
fi
if grep -q "Wr0ng-typed" "$tmpdir/audit.log" 2>/dev/null; then
	fail "a typed password is in the audit log"
fi
echo "ok: what was typed is on none of $(grep -c '' "$seen") screen lines"
echo "ipmi-typed: passed"
