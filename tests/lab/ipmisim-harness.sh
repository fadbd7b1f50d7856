#!/bin/sh
# Lab test of the tests' own simulated BMCs (tests/lib-ipmisim.sh): two
# ipmi_sim on loopback, a hardened one (md5 only, ADMIN/ADMIN in slot 2)
# and a weak one (IPMI 1.5 auth none..straight, the null user enabled,
# users given with -u). ipmitool and FreeIPMI answer on both ports;
# `chassis power on` and `reset` land in the power and events files; a
# user added with ipmitool is in the state dir and still there after a
# restart, and logs in; IPMI 1.5 auth NONE with a wrong password works on
# the weak sim only, FreeIPMI without a user on the null-user sim only; a
# second sim on a taken port is refused. Then SOL: tests/lab/sol-peer
# plays the server's console, `ipmitool sol activate` in tmux shows its
# echo of typed text (which arrives in the peer's log), a curses-style
# screen and a whole flood. At the end no ipmi_sim or sol-peer of the test
# is left. A failure prints the sims' logs.
#
# Needs openipmi, ipmitool and freeipmi-tools (./setup.sh deps), tmux and
# ss; root is not needed. Otherwise it exits 77 with the reason on its last
# line. Run from the repo root: sh tests/lab/ipmisim-harness.sh.
set -u

for tool in ipmi_sim ipmitool ipmi-power ss tmux; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "ipmisim-harness: skipped: $tool is not installed (./setup.sh deps)"
		exit 77
	}
done
${MAKE:-make} -s tests/lab/sol-peer || { echo "FAIL: cannot build sol-peer"; exit 1; }

. tests/regress/lib.sh
. tests/lib-ipmisim.sh

dir=$tmpdir/ipmi
# shellcheck disable=SC2154 # rc_status is set inside the trap
trap 'rc_status=$?; ipmisim_stop_all; rc_cleanup; exit $rc_status' EXIT

# fail with every sim's and peer's log
fail() {
	printf '%s\n' "FAIL: $*"
	for f in "$dir"/*/log "$dir"/*.sol.err "$dir"/*.sol.log; do
		[ -s "$f" ] || continue
		echo "---- $f (last 30 lines) ----"
		tail -30 "$f"
	done
	exit 1
}
ok() { echo "ok: $*"; }

I() { # SIM ARGS...: ipmitool lanplus, cipher 3, ADMIN/ADMIN
	_p=$(ipmisim_port "$1")
	shift
	ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$_p" -U ADMIN -P ADMIN "$@" \
	    </dev/null 2>&1
}
F() { # SIM ARGS...: a FreeIPMI tool's -D LAN_2_0 -W opensesspriv -h
	_h=127.0.0.1:$(ipmisim_port "$1")
	_t=$2
	shift 2
	"$_t" -D LAN_2_0 -W opensesspriv -h "$_h" --session-timeout=3000 "$@" \
	    </dev/null 2>&1
}

ipmisim_start "$dir" hard || fail "ipmisim_start hard"
ipmisim_start "$dir" weak -w -n -u '2 true "ADMIN" "ADMIN" admin 10' \
    -u '4 true "bob" "bobpw" operator 10' || fail "ipmisim_start weak"
ph=$(ipmisim_port hard) pw=$(ipmisim_port weak)
[ "$ph" != "$pw" ] || fail "hard and weak share port $ph"
for s in hard weak; do
	p=$(ipmisim_port "$s")
	case $p in
	90[01][0-9] | 9020 | 91[0-9][0-9] | 92[0-9][0-9] | 93[0-9][0-9]) ;;
	*) fail "$s: port $p is outside 9001-9020, 9100-9399" ;;
	esac
	[ "$(ss -Hunap "sport = :$p" | grep -c "pid=$(ipmisim_pid "$s"),")" = 1 ] ||
	    fail "$s: UDP $p is not ipmi_sim's: $(ss -Hunap "sport = :$p")"
	[ -d "$(ipmisim_state "$s")" ] || fail "$s: no state dir"
done
ok "two sims: hard on $ph, weak on $pw"

for s in hard weak; do
	out=$(I "$s" user list 1) || fail "$s: ipmitool user list 1: $out"
	echo "$out" | grep -Eq '^2 +ADMIN +true +(true|false) +true +ADMINISTRATOR' ||
	    fail "$s: ADMIN not in slot 2: $out"
	out=$(F "$s" ipmi-power -u ADMIN -p ADMIN --stat) ||
	    fail "$s: ipmi-power --stat: $out"
	[ "$out" = "127.0.0.1: off" ] || fail "$s: ipmi-power --stat: $out"
done
I weak user list 1 | grep -Eq '^4 +bob +true +(true|false) +true +OPERATOR' ||
    fail "weak: bob (-u) not in slot 4: $(I weak user list 1)"
ok "ipmitool user list shows ADMIN in slot 2; ipmi-power --stat answers 'off'"

out=$(I hard chassis power on) || fail "chassis power on: $out"
[ "$(cat "$(ipmisim_power hard)")" = 1 ] ||
    fail "power file after power on: $(cat "$(ipmisim_power hard)" 2>&1)"
out=$(F hard ipmi-power -u ADMIN -p ADMIN --stat)
[ "$out" = "127.0.0.1: on" ] ||
    fail "ipmi-power --stat after power on: $out"
[ ! -e "$(ipmisim_power weak)" ] || fail "weak's power file changed too"
out=$(I hard chassis power reset) || fail "chassis power reset: $out"
grep -qx 'reset 1' "$(ipmisim_events hard)" ||
    fail "events after reset: $(cat "$(ipmisim_events hard)" 2>&1)"
ok "chassis power on writes 1 to $(ipmisim_power hard); reset is in the events"

# a user added with ipmitool is written to the state dir and persists
ipmisim_mark hard
for cmd in "user set name 3 alice" "user set password 3 secret123" \
    "channel setaccess 1 3 link=on ipmi=on callin=on privilege=4" \
    "user enable 3"; do
	# shellcheck disable=SC2086 # the command's words
	out=$(I hard $cmd) || fail "ipmitool $cmd: $out"
done
ipmisim_wait_saved hard || fail "the changes were not saved"
users=$(ipmisim_state hard)/ipmi_sim/hard/users.mc20
grep -aq alice "$users" || fail "alice not in $users"
oldpid=$(ipmisim_pid hard)
ipmisim_restart hard || fail "ipmisim_restart hard"
[ "$(ipmisim_pid hard)" != "$oldpid" ] || fail "restart kept pid $oldpid"
[ "$(ipmisim_port hard)" = "$ph" ] || fail "restart moved the port"
I hard user list 1 | grep -Eq '^3 +alice +true +true +true +ADMINISTRATOR' ||
    fail "alice after the restart: $(I hard user list 1)"
out=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$ph" -U alice -P secret123 \
    chassis power status 2>&1) || fail "alice's login after the restart: $out"
[ "$out" = "Chassis Power is on" ] || fail "alice: $out"
ok "alice, added with ipmitool, is in the state dir and logs in after a restart"

# IPMI 1.5 auth NONE with a wrong password: weak yes, hardened no
out=$(ipmitool -I lan -A NONE -H 127.0.0.1 -p "$pw" -U ADMIN -P wrong \
    chassis power status 2>&1) || fail "weak: auth NONE refused: $out"
if out=$(ipmitool -I lan -A NONE -H 127.0.0.1 -p "$ph" -U ADMIN -P wrong \
    chassis power status 2>&1); then
	fail "hard: auth NONE with a wrong password worked: $out"
fi
echo "$out" | grep -q 'Authentication type NONE not supported' ||
    fail "hard: auth NONE: $out"
ok "auth NONE, wrong password: weak accepts, hard refuses ($(echo "$out" | head -1))"

# the null user: FreeIPMI with no user at all
out=$(F weak ipmi-power --stat) || fail "weak: no user refused: $out"
[ "$out" = "127.0.0.1: off" ] || fail "weak, no user: $out"
if out=$(F hard ipmi-power --stat); then
	case $out in *": on" | *": off") fail "hard, no user: $out" ;; esac
fi
ok "no user: weak (null user) answers '127.0.0.1: off', hard says '$out'"

# a given port that a sim holds is refused, the holder keeps it
if ipmisim_start "$dir" dup -p "$ph" 2>"$tmpdir/err"; then
	fail "a second sim started on hard's port $ph"
fi
grep -q "port $ph is taken" "$tmpdir/err" || fail "dup: $(cat "$tmpdir/err")"
[ "$(ss -Hunap "sport = :$ph" | grep -c 'pid=')" = 1 ] ||
    fail "two sockets on $ph: $(ss -Hunap "sport = :$ph")"
ok "a sim on a taken port is refused: $(cat "$tmpdir/err")"

# ---- SOL: sol-peer as the server's console, ipmitool in tmux -------------
printf '\033[2J\033[H\033[7m BIOS SETUP UTILITY \033[0m\r\n\033[5;10HBoot order: disk\r\n' \
    >"$tmpdir/bios.screen"
solpeer_start "$dir" con -f 8000 -r 20000 -F "$tmpdir/bios.screen" ||
    fail "solpeer_start"
ipmisim_start "$dir" sol -s "$(solpeer_port con)" || fail "ipmisim_start sol"
log=$(solpeer_log con)
end=$(($(date +%s) + 15))
until grep -q ' connect$' "$log" 2>/dev/null; do
	[ "$(date +%s)" -lt "$end" ] || fail "the sim never connected to sol-peer"
	sleep 0.05
done
ok "the sim connected to sol-peer on TCP $(solpeer_port con)"

rc_start -c
wait_for 'rc-shell\$' 10
send_text "ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $(ipmisim_port sol) -U ADMIN -P ADMIN sol activate"
send_keys Enter
wait_for 'SOL Session operational' 10
send_text "hello sol"
send_keys Enter
wait_for '^hello sol' 10
for b in 68 65 6c 6c 6f 20 73 6f 6c 0d; do
	grep -q " rx $b\$" "$log" || fail "sol-peer did not receive byte $b"
done
ok "typed text reaches sol-peer and its echo the screen"
send_text "@"
wait_for 'BIOS SETUP UTILITY' 10
wait_for '^ {9}Boot order: disk' 10
ok "a curses-style screen shows as drawn"
send_text "!"
wait_for '^END' 20
assert_screen '^000100 '
grep -q ' flood-end 8000$' "$log" || fail "no flood-end in sol-peer's log"
ok "a flood of 100 numbered lines arrives to its END"
send_keys Enter
send_text "~."
wait_for '\[terminated ipmitool\]' 10
wait_for 'rc-shell\$ *$' 10
ok "~. leaves the SOL session"

# ---- nothing left ------------------------------------------------------------
pids="$(ipmisim_pid hard) $(ipmisim_pid weak) $(ipmisim_pid sol) $(solpeer_pid con)"
ipmisim_stop_all || fail "ipmisim_stop_all"
for p in $pids; do
	s=$(ps -o stat= -p "$p" 2>/dev/null) || continue
	case $s in Z*) ;; *) fail "pid $p left: $(ps -o args= -p "$p")" ;; esac
done
left=$(pgrep -f -- "$dir/" 2>/dev/null)
[ -z "$left" ] || fail "left: $(ps -o pid=,args= -p "$(echo "$left" | tr '\n' ,)")"
for p in $ph $pw; do
	! ss -Hunap "sport = :$p" | grep -q ipmi_sim ||
	    fail "UDP $p still held: $(ss -Hunap "sport = :$p")"
done
ok "after ipmisim_stop_all no ipmi_sim or sol-peer of the test is left"
