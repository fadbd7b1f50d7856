#!/bin/sh
# Lab test of the IPMI commands against a real ipmi_sim on loopback
# (../shared/labs/ipmi.md): every command runs through
# `rackcon --bmc 127.0.0.1:PORT -U ADMIN -W opensesspriv -E -c '...' --yes`
# (passwords as one line on standard input) and ipmitool checks the result:
# ipmi-user-add (user list, channel getaccess, a login as the new user
# with its password), rename, set-access, set-password, disable and
# enable; the refusals (slot out of range, slot 1 rename, a taken name, a
# 17-byte name, an unknown privilege, an empty or 21-byte password,
# disabling the session's account or the last administrator) exit non-zero
# with their message and leave `user list` as it was; the whole
# replace-ADMIN flow (then ADMIN cannot log in and the new admin can), and
# its refusal when no user is named ADMIN; power on/off/cycle/reset/soft
# against chassis.sh's power and events files; the audit log holds every
# command and never a password.
#
# Needs ipmi_sim, ipmitool and a tree configured with the IPMI plugin;
# otherwise it exits 77. Sims come from tests/lib-ipmisim.sh, on port
# $IPMI_CHANGES_PORT (9031). Run from the repo root: sh tests/lab/ipmi-changes.sh.
set -u

skip() {
	echo "ipmi-changes: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmitool

PORT=${IPMI_CHANGES_PORT:-9031}
dir=$(mktemp -d /tmp/ipmi-changes.XXXXXX)
cleanup() {
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# start_sim USERLINE: a fresh sim (lib-ipmisim: fresh state) on $PORT;
# $power and $events are its chassis files.
nsim=0
start_sim() {
	[ $nsim -gt 0 ] && ipmisim_stop "bmc$nsim"
	nsim=$((nsim + 1))
	ipmisim_start "$dir" "bmc$nsim" -p "$PORT" -u "$1" ||
		fail "ipmi_sim did not start on $PORT"
	power=$(ipmisim_power "bmc$nsim")
	events=$(ipmisim_events "bmc$nsim")
}

AUDIT=$dir/audit.log
I="ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $PORT -U ADMIN -P ADMIN"
# rc WANT "PASSWORD-LINE|-" COMMAND: run rackcon; its output in $dir/out.
rc() {
	want=$1 line=$2
	shift 2
	if [ "$line" = - ]; then
		IPMI_PASSWORD=${SESSION_PW:-ADMIN} timeout 30 ./rackcon --bmc 127.0.0.1:$PORT \
		    -U "${SESSION_USER:-ADMIN}" -W opensesspriv -E --audit-log "$AUDIT" \
		    -c "$*" --yes < /dev/null > "$dir/out" 2>&1
	else
		printf '%s\n' "$line" | IPMI_PASSWORD=${SESSION_PW:-ADMIN} timeout 30 \
		    ./rackcon --bmc 127.0.0.1:$PORT -U "${SESSION_USER:-ADMIN}" \
		    -W opensesspriv -E --audit-log "$AUDIT" -c "$*" --yes > "$dir/out" 2>&1
	fi
	got=$?
	case $want in
	any) ;;
	0) [ $got -eq 0 ] || fail "'$*' exited $got: $(cat "$dir/out")" ;;
	*) [ $got -ne 0 ] || fail "'$*' was not refused: $(cat "$dir/out")" ;;
	esac
}
has() {
	grep -q -- "$1" "$dir/out" || fail "expected '$1' in: $(cat "$dir/out")"
}
users() {
	$I user list 1 > "$dir/users.$1" || fail "ipmitool user list"
}
same_users() {
	users now
	cmp -s "$dir/users.$1" "$dir/users.now" ||
		fail "user list changed: $(diff "$dir/users.$1" "$dir/users.now")"
}
login() { # NAME PASSWORD: 0 when it logs in
	ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $PORT -U "$1" -P "$2" \
	    chassis power status >/dev/null 2>&1
}
row() { # SLOT: its user list line
	awk -v id="$1" '$1 == id' "$dir/users.now"
}

start_sim '2 true "ADMIN" "ADMIN" admin 10'

# --- ipmi-user-add ---------------------------------------------------
rc 0 'alicepw12' ipmi-user-add 3 alice admin
has 'verified: alice logged in'
users now
row 3 | grep -q 'alice *true *true *true *ADMINISTRATOR' || fail "slot 3: $(row 3)"
$I channel getaccess 1 3 > "$dir/access" || fail "channel getaccess"
grep -q 'Link Authentication *: enabled' "$dir/access" &&
grep -q 'IPMI Messaging *: enabled' "$dir/access" &&
grep -q 'Privilege Level *: ADMINISTRATOR' "$dir/access" || fail "getaccess: $(cat "$dir/access")"
login alice alicepw12 || fail "alice cannot log in with her password"
login alice wrongpw && fail "alice logs in with a wrong password"

# a 16-byte password logs in; a 20-byte one (IPMI 2.0) is taken and set,
# and the verification says how the login went (on ipmi_sim 2.0.33 a
# FreeIPMI login with a 20-byte password says "password invalid" even
# when ipmitool set it: the verification shows that, the plan stops);
# 21 bytes and empty are refused before anything runs
rc 0 '1234567890123456' ipmi-user-add 4 bob operator
login bob 1234567890123456 || fail "bob's 16-byte password does not log in"
rc any '12345678901234567890' ipmi-user-add 6 erin operator
has 'ok *ok'
grep -q 'verified: erin logged in\|login as erin failed' "$dir/out" ||
	fail "no verification row: $(cat "$dir/out")"
users before
rc 1 '123456789012345678901' ipmi-user-add 5 carol user
has 'longer than the 20'
rc 1 '' ipmi-user-add 5 carol user
has 'password is empty'
rc 1 - ipmi-user-add 5 carol user
has 'no password on standard input'
same_users before

# --- refusals: bad input changes nothing -----------------------------
rc 1 - ipmi-user-rename 64 x; has 'no user slot'
rc 1 - ipmi-user-rename 0 x; has 'no user slot'
rc 1 - ipmi-user-rename 1 x; has 'cc 0xCC'
rc 1 - ipmi-user-rename 4 alice; has 'taken by slot 3'
rc 1 - ipmi-user-rename 4 abcdefghijklmnopq; has 'IPMI allows 16'
rc 1 - ipmi-user-set-access 4 king; has 'unknown privilege'
rc 1 'x' ipmi-user-add 3 dave admin; has 'slot 3 is taken by alice'
# the session's own account, and (below) the last administrator
rc 1 - ipmi-user-disable 2; has 'lock you out'
rc 1 - ipmi-user-set-access 2 operator; has 'lock you out'
rc 1 - ipmi-user-set-access 2 admin messaging=off; has 'lock you out'
same_users before

# --- rename, set-access, set-password, disable, enable ---------------
rc 0 - ipmi-user-rename 4 robert
users now; row 4 | grep -q robert || fail "rename: $(row 4)"
rc 0 - ipmi-user-set-access 4 user link=off callin=off
$I channel getaccess 1 4 > "$dir/access"
grep -q 'Privilege Level *: USER' "$dir/access" &&
grep -q 'Link Authentication *: disabled' "$dir/access" &&
grep -q 'Access Available *: callback' "$dir/access" || fail "set-access: $(cat "$dir/access")"
rc 0 'newpass77' ipmi-user-set-password 4
login robert newpass77 || fail "robert's new password does not log in"
rc 0 - ipmi-user-disable 4
users now; row 4 | grep -q 'robert *[a-z]* *false *false' || fail "disable: $(row 4)"
login robert newpass77 && fail "disabled robert still logs in"
rc 0 - ipmi-user-enable 4
login robert newpass77 || fail "enabled robert cannot log in"

# --- the last administrator (not the session's account) --------------
# Session as robert (USER limit; the sim does not enforce it); ADMIN and
# alice are administrators: disabling alice is allowed, then ADMIN is the
# last one and is refused.
SESSION_USER=robert SESSION_PW=newpass77 rc 0 - ipmi-user-disable 3
users before
SESSION_USER=robert SESSION_PW=newpass77 rc 1 - ipmi-user-disable 2
has 'last usable administrator'
same_users before
rc 0 - ipmi-user-enable 3

# --- ipmi-replace-default-admin ---------------------------------------
# A failed verification stops the plan before ADMIN is disabled. On
# ipmi_sim 2.0.33 a FreeIPMI login with a 20-byte password is refused
# ("password invalid"), which makes a real failing verification.
start_sim '2 true "ADMIN" "ADMIN" admin 10'
rc 1 '12345678901234567890' ipmi-replace-default-admin ops
has 'login as ops failed'
has 'skipped'
login ADMIN ADMIN || fail "ADMIN was disabled although the verification failed"

start_sim '2 true "ADMIN" "ADMIN" admin 10'
rc 0 'S3cretAdm1n' ipmi-replace-default-admin ops
has 'verified: ops logged in'
login ops S3cretAdm1n || fail "ops cannot log in"
login ADMIN ADMIN && fail "ADMIN still logs in after replace-default-admin"
ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $PORT -U ops -P S3cretAdm1n user list 1 > "$dir/users.now" ||
	fail "ipmitool user list as ops"
row 3 | grep -q 'ops *true *true *true *ADMINISTRATOR' || fail "ops: $(row 3)"
row 2 | grep -q 'ADMIN *[a-z]* *[a-z]* *false' || fail "ADMIN not disabled: $(row 2)"

# no user named ADMIN: refused, nothing changed
start_sim '2 true "root" "calvin" admin 10'
SESSION_USER=root SESSION_PW=calvin rc 1 'x' ipmi-replace-default-admin ops
has 'no user is named ADMIN'
ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $PORT -U root -P calvin user list 1 > "$dir/users.now"
row 3 | grep -q 'ops' && fail "replace-default-admin changed a BMC without ADMIN"

# --- power -------------------------------------------------------------
start_sim '2 true "ADMIN" "ADMIN" admin 10'
rc 0 - power-on; has 'On host'
[ "$(cat "$power" 2>/dev/null)" = 1 ] || fail "power-on: power file $(cat "$power" 2>/dev/null)"
$I chassis power status | grep -q 'is on' || fail "ipmitool says power is not on"
rc 0 - power-off
[ "$(cat "$power")" = 0 ] || fail "power-off: power file $(cat "$power")"
rc 0 - power-reset
grep -q '^reset 1' "$events" 2>/dev/null || fail "power-reset: no reset event"
rc 0 - power-soft
grep -q '^shutdown 1' "$events" || fail "power-soft: no shutdown event: $(cat "$events")"
rc 0 - power-on
rc 0 - power-cycle
n=0
until [ "$(cat "$power")" = 1 ] && $I chassis power status | grep -q 'is on'; do
	n=$((n + 1)); [ $n -lt 100 ] || fail "power-cycle: not back on"
	sleep 0.1
done
# without --yes nothing runs
IPMI_PASSWORD=ADMIN ./rackcon --bmc 127.0.0.1:$PORT -U ADMIN -W opensesspriv -E \
    --audit-log "$AUDIT" -c power-off > "$dir/out" 2>&1 && fail "power-off ran without --yes"
[ "$(cat "$power")" = 1 ] || fail "power-off without --yes changed the power"

# --- the audit log: every command, never a password ------------------
for c in 'ipmi-user-add 3 alice admin' 'ipmi-user-rename 4 robert' \
    'ipmi-user-set-password 4' 'ipmi-user-set-access 4 user link=off callin=off' \
    'ipmi-user-disable 4' 'ipmi-user-enable 4' 'ipmi-replace-default-admin ops' \
    power-on power-off power-reset power-soft power-cycle; do
	grep -q "command=\"$c\"" "$AUDIT" || fail "audit log lacks $c"
done
grep -q 'user set password 3 <typed> 20' "$AUDIT" || fail "audit lacks the password step"
for pw in alicepw12 1234567890123456 12345678901234567890 newpass77 S3cretAdm1n; do
	grep -q -- "$pw" "$AUDIT" && fail "the audit log holds a password ($pw)"
done
echo "ipmi-changes: ok"
