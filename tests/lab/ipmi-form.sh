#!/bin/sh
# A new BMC user through the screen, on a real ipmi_sim: `ipmi-user-add 3
# alice admin` at the : prompt asks for the password twice in the status
# line and never shows it; two entries that differ are asked again, one
# longer than 20 bytes is refused with the rule, Esc cancels and changes
# nothing; then the confirmation shows the plan with <typed> where the
# password goes, and y adds the user, whose login ipmitool checks. The
# password is nowhere on any screen captured, nor in the audit log. Then
# ipmitool names slot 4 behind rackcon's back: ipmi-user-add 4 (from the
# table rackcon read before) is refused when it runs, and eve stays.
#
# Needs ipmi_sim, ipmitool, tmux and a tree configured with the IPMI
# plugin; otherwise it exits 77. Run from the repo root:
# sh tests/lab/ipmi-form.sh
. tests/regress/lib.sh

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmitool

trap 'rc_status=$?; ipmisim_stop_all; rc_cleanup; exit $rc_status' EXIT

ipmisim_start "$tmpdir" bmc || fail "ipmi_sim did not start"
port=$(ipmisim_port bmc)
I="ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port"
printf 'ADMIN\n' >"$tmpdir/admin.pw"
chmod 600 "$tmpdir/admin.pw"
RC_PLUGIN_DIR=$RC_ROOT/backends

SECRET=Al1ce-secret
# Every screen captured is checked for the password, whole or in part.
seen=$tmpdir/screens
: >"$seen"
grab() { screen | tee -a "$seen"; }

rc_start -r '' --bmc "127.0.0.1:$port" -U ADMIN -W opensesspriv \
    -f "$tmpdir/admin.pw"
wait_for "ADMINISTRATOR" 15 || fail "the user table did not show"

say "Esc at the password cancels: nothing changes"
send_keys ":ipmi-user-add 3 alice admin" Enter
wait_for "not shown" 5 || fail "no password prompt"
grab >/dev/null
send_text "$SECRET"
grab >/dev/null
send_keys Escape
wait_for "cancelled, nothing was changed" 5 || fail "Esc did not cancel"
$I -U ADMIN -P ADMIN user list 1 | grep -q alice && fail "Esc added alice"

say "two entries that differ are asked again"
send_keys ":ipmi-user-add 3 alice admin" Enter
wait_for "not shown" 5 || fail "no password prompt"
send_text "$SECRET"
send_keys Enter
wait_for "Again, to check" 5 || fail "no second entry"
send_text "${SECRET}x"
send_keys Enter
wait_for "The two differ" 5 || fail "a mismatch was not said"
grab >/dev/null

say "longer than 20 bytes: refused with the rule"
send_text "123456789012345678901"
send_keys Enter
send_text "123456789012345678901"
send_keys Enter
wait_for "longer than the 20" 5 || { grab; fail "a 21-byte password was not refused"; }
# The why and the question again fit the line.
grab | grep -q "21 bytes: longer than the 20 the BMC keeps. Password (not shown)" ||
	{ grab; fail "the refusal hides the question"; }

say "then the confirmation, and y adds alice"
send_text "$SECRET"
send_keys Enter
send_text "$SECRET"
send_keys Enter
wait_for "y: run it" 10 || { grab; fail "no confirmation"; }
grab | grep -q "<typed>" || fail "the plan does not show <typed> for the password"
send_keys y
wait_for "verified: alice logged in" 15 || { grab; fail "alice was not verified"; }
grab >/dev/null
$I -U alice -P "$SECRET" user list 1 >"$tmpdir/list" 2>&1 ||
	fail "alice cannot log in: $(cat "$tmpdir/list")"
grep -q "alice.*ADMINISTRATOR" "$tmpdir/list" || fail "alice is not an administrator"

say "the password is on no screen and not in the audit log"
if grep -q -e "$SECRET" -e "Al1ce" -e "12345678901" "$seen"; then
	fail "the password was on the screen"
fi
[ -s "$tmpdir/audit.log" ] || fail "no audit log"
grep -q "user set name 3 alice" "$tmpdir/audit.log" || fail "the change is not audited"
if grep -q -e "$SECRET" "$tmpdir/audit.log"; then
	fail "the password is in the audit log"
fi

say "a slot another tool named after rackcon read it is not overwritten"
send_keys Escape
$I -U ADMIN -P ADMIN user set name 4 eve >/dev/null 2>&1 ||
	fail "ipmitool could not name slot 4"
send_keys ":ipmi-user-add 4 bob admin" Enter
if wait_for "not shown" 5; then
	send_text "Bob-secret1"
	send_keys Enter
	send_text "Bob-secret1"
	send_keys Enter
	wait_for "y: run it" 10 || { grab; fail "no confirmation for bob"; }
	send_keys y
	wait_for "now holds 'eve'" 15 ||
		{ grab; fail "slot 4 was named again with no word of eve"; }
	say "  refused when it ran"
else
	# A slow refresh saw eve before the command: refused when planned.
	wait_for "eve" 5 || { grab; fail "no word of slot 4's eve"; }
fi
$I -U ADMIN -P ADMIN user list 1 >"$tmpdir/list" 2>&1
grep -q "^4 *eve " "$tmpdir/list" ||
	fail "slot 4 is not eve any more: $(grep '^4 ' "$tmpdir/list")"
send_keys Escape q
echo "ipmi-form: passed"
