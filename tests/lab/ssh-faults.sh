#!/bin/sh
# Lab test of network faults in the full-screen UI (tmux, 80x24, TERM=vt100)
# against private sshd (tests/lib-sshd.sh) reading a fixture tree on the
# far side. Each fault shows a clear message on the screen, and while it
# lasts a second rackcon, under tests/bench/key-time on the same host,
# answers keys within 100 ms (95% of them; every one within 1 s, where a
# UI thread waiting on the fault would take seconds), measured from the
# write of the key to the read that moved the selection:
#
#   kill    sshd killed while a refresh runs (the fixture's smartctl is
#           slow): the rows stay, the panel says since when, why, how old
#           they are and when it retries; it comes back once sshd listens
#           again;
#   cut     the link cut silently (netns, no RST) during a refresh: noticed
#           within 15 s (measured), said, and mended after netns_mend;
#   change  the link cut while a confirmed disk-set-timeout's write is on
#           the far side (the file is a FIFO, so the write waits): the
#           result and the audit log say "outcome unknown" with the
#           command, never done; the write then did happen;
#   hang    the fixture's smartctl hangs: the command timeout ends it, the
#           message names it, the other host's panels carry on, and on the
#           far side no smartctl is left running;
#   sudo    a user whose sudo wants a password, with --sudo: the message
#           says so at once; with NOPASSWD, smartctl runs as root.
#
# Needs root (sshd, test users, network namespaces), /usr/sbin/sshd, ssh,
# ssh-keygen, iproute2, tmux, sudo and a built tree with the SSH transport
# and tests/bench/key-time (libvterm); otherwise it exits 77 with the reason
# on its last line. Run from the repo root: sh tests/lab/ssh-faults.sh
# [PART...] (default: all of kill cut change hang sudo).
set -u

[ "$(id -u)" = 0 ] || { echo "ssh-faults: skipped: needs root"; exit 77; }
[ -x /usr/sbin/sshd ] ||
	{ echo "ssh-faults: skipped: openssh-server is not installed"; exit 77; }
for tool in ssh ssh-keygen useradd ip tmux; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "ssh-faults: skipped: $tool is not installed"; exit 77; }
done
[ -f backends/ssh.so ] ||
	{ echo "ssh-faults: skipped: built without the SSH transport"; exit 77; }
[ -x tests/bench/key-time ] ||
	{ echo "ssh-faults: skipped: tests/bench/key-time is not built (libvterm)"; exit 77; }

parts=${*:-kill cut change hang sudo}

. tests/regress/lib.sh
. tests/lib-sshd.sh
. tests/lib-netns.sh
sudoers=/etc/sudoers.d/rackcon-faults-$$
kt_pid=""
# shellcheck disable=SC2154 # rc_status is set inside the trap
trap 'rc_status=$?; [ -z "$kt_pid" ] || kill "$kt_pid" 2>/dev/null;
	rm -f "$sudoers"; hang_reap; sshd_stop_all; netns_teardown; rc_cleanup;
	exit $rc_status' EXIT

ok() { echo "ok: $*"; }
hms='[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'
now_ms() { echo $(($(date +%s%N) / 1000000)); }


# --- the far side's tree: smartctl as the test says --------------------------
d=$tmpdir/sshd
ctl=$tmpdir/ctl
tree=$tmpdir/tree
mkdir -p "$ctl" && chmod 755 "$tmpdir" "$ctl" || fail "mkdir"
cp -a "$RC_ROOT/tests/fixtures/sysroot-disks" "$tree" || fail "cp -a"
chmod -R go+rX "$tree"
mv "$tree/bin/smartctl" "$tree/bin/smartctl.real" || fail "mv"
# $ctl/mode: slow (note the start, 3 s, then answer), hang (note the pid,
# sleep for a day) or empty (answer at once); $ctl/runs: who ran it.
cat >"$tree/bin/smartctl" <<EOF
#!/bin/sh
id -u >>$ctl/runs
echo "\$RACKCON_SYSROOT" >>$ctl/seen
case \$(cat $ctl/mode 2>/dev/null) in
slow) : >$ctl/started; sleep 3 ;;
hang) echo \$\$ >>$ctl/hang.pids; exec sleep 86400 ;;
esac
exec "\$RACKCON_SYSROOT/bin/smartctl.real" "\$@"
EOF
chmod 755 "$tree/bin/smartctl"
# key-time's rackcon reads the tree by another name, so that its smartctl
# runs are told apart: it has its rows once they start.
ln -s "$tree" "$tmpdir/tree-kt" || fail "ln -s"
chmod 666 "$ctl" 2>/dev/null
chmod 777 "$ctl"

# The hanging smartctls still alive (by the pids they noted).
hang_alive() {
	[ -f "$ctl/hang.pids" ] || return 0
	while read -r pid; do
		{ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null |
		    grep -q '^sleep 86400' && echo "$pid"
	done <"$ctl/hang.pids"
}
hang_reap() {
	for pid in $(hang_alive); do kill -KILL "$pid" 2>/dev/null; done
}

# --- keys while a fault lasts ---------------------------------------------------
# keys_start NAME ARGS...: rackcon ARGS under key-time (80x24, vt100), which
# waits for the rows and then for $tmpdir/go.NAME before it types. ARGS
# name the tree $kt_tree.
kt_tree=$tmpdir/tree-kt
keys_start() {
	kt_name=$1
	shift
	rm -f "$ctl/seen"
	rm -f "$tmpdir/go.$kt_name"
	env -i PATH="$PATH" TERM=vt100 LANG=C.UTF-8 TZ=UTC0 NO_COLOR=1 \
	    HOME="$tmpdir/home" XDG_CONFIG_HOME="$tmpdir/config" \
	    XDG_STATE_HOME="$tmpdir/state" \
	    tests/bench/key-time -n 30 -t 90 -w "$tmpdir/go.$kt_name" 'sda *' \
	    ./rackcon --audit-log "$tmpdir/kt-audit.log" "$@" \
	    >"$tmpdir/kt.$kt_name" 2>&1 </dev/null &
	kt_pid=$!
	end=$(rc_deadline 30)
	while ! grep -qx "$kt_tree" "$ctl/seen" 2>/dev/null &&
	    rc_before "$end"; do
		sleep 0.05
	done
	grep -qx "$kt_tree" "$ctl/seen" ||
		fail "key-time's rackcon ($kt_name) shows no rows"
}
# keys_check: type now; none missed, 95% shown within 100 ms (the issue's
# words) and every one within 1 s. A UI thread that waited on the fault
# (4 s and more in every part here) fails the last; one key the shared
# machine's scheduler held past 100 ms does not fail the test.
keys_check() {
	: >"$tmpdir/go.$kt_name"
	wait "$kt_pid"
	kt_rc=$?
	kt_pid=""
	out=$(cat "$tmpdir/kt.$kt_name")
	[ $kt_rc = 0 ] || fail "key-time ($kt_name) exit $kt_rc: $out"
	keys=0 missed=1 max_us=999999999 p95_us=999999999 median_us=0
	eval "$(grep '^keys=' "$tmpdir/kt.$kt_name")"
	[ "$keys" -gt 0 ] && [ "$missed" = 0 ] ||
		fail "$kt_name: keys not shown: $out"
	[ "$p95_us" -lt 100000 ] ||
		fail "$kt_name: 5% of the keys took over 100 ms: $out"
	[ "$max_us" -lt 1000000 ] ||
		fail "$kt_name: a key took $((max_us / 1000)) ms: $out"
	ok "$kt_name: $keys keys, median $((median_us / 1000)) ms," \
	    "p95 $((p95_us / 1000)) ms, max $((max_us / 1000)) ms while the" \
	    "fault lasted"
}

# --- kill: sshd killed mid-refresh --------------------------------------------
part_kill() {
	say "kill: sshd killed while a refresh runs"
	sshd_start "$d" fx || fail "sshd did not start"
	port=$(sshd_port fx)
	rm -f "$ctl/started" "$ctl/mode"
	rc_start -r "$tree" -- -F "$d/ssh_config" -d 1 fx
	wait_for '^ *sda ' 30
	keys_start kill --sysroot "$tmpdir/tree-kt" -F "$d/ssh_config" -d 1 fx
	echo slow >"$ctl/mode"
	send_keys F5 # SMART again: the slow smartctl
	end=$(rc_deadline 30)
	while [ ! -f "$ctl/started" ] && rc_before "$end"; do sleep 0.05; done
	[ -f "$ctl/started" ] || fail "the refresh did not run smartctl"
	sshd_stop fx || fail "sshd_stop"
	wait_flat "unreachable since $hms: [^;]*(connection lost|[Cc]onnection refused)[^;]*; (retrying in [0-9]+ s|retrying now); rows from $hms \\([0-9]+ (s|min) old\\)" 30
	assert_screen '^ *sda '
	ok "the rows stay; $(flat | grep -o 'unreachable since[^;]*;[^;]*;[^)]*)')"
	wait_flat "unreachable since $hms: [^;]*[Cc]onnection refused" 30
	ok "retried with backoff while sshd is down: refused"
	keys_check
	rm -f "$ctl/mode"
	sshd_start "$d" fx -p "$port" || fail "sshd did not start again"
	wait_gone "unreachable since" 60
	assert_screen '^ *sda '
	ok "back once sshd listens again"
	send_keys F10
	wait_exit 20
	sshd_stop fx
}

# Netns: the far sshd in jump1's namespace, reached directly.
netns_ready=no
netns_up() {
	[ $netns_ready = yes ] && return 0
	netns_setup rcfault 10.247 || skip "ssh-faults: skipped: no network namespaces"
	sshd_start "$d" nx -n "$NETNS_JUMP1" -a "$NETNS_JUMP1_ADDR" ||
		fail "sshd in the namespace"
	netns_ready=yes
}

# --- cut: the link cut silently during a refresh --------------------------------
part_cut() {
	say "cut: the link cut silently during a refresh"
	netns_up
	rm -f "$ctl/started" "$ctl/mode"
	rc_start -r "$tree" -- -F "$d/ssh_config" -d 1 nx
	wait_for '^ *sda ' 30
	keys_start cut --sysroot "$tmpdir/tree-kt" -F "$d/ssh_config" -d 1 nx
	echo slow >"$ctl/mode"
	send_keys F5
	end=$(rc_deadline 30)
	while [ ! -f "$ctl/started" ] && rc_before "$end"; do sleep 0.05; done
	[ -f "$ctl/started" ] || fail "the refresh did not run smartctl"
	netns_cut jump1 || fail "netns_cut"
	t0=$(now_ms)
	keys_check
	wait_flat "unreachable since $hms: " 30
	t1=$(now_ms)
	ms=$((t1 - t0))
	[ $ms -le 15000 ] || fail "the cut was noticed after $ms ms (over 15 s)"
	ok "the cut noticed after $ms ms: $(flat | grep -o 'unreachable since[^;]*;[^;]*;[^)]*)')"
	assert_screen '^ *sda '
	rm -f "$ctl/mode"
	netns_mend jump1 || fail "netns_mend"
	wait_gone "unreachable since" 60
	assert_screen '^ *sda '
	ok "mended: back"
	send_keys F10
	wait_exit 20
}

# --- change: the link cut while a confirmed change's write is out ---------------
part_change() {
	say "change: the link cut during a confirmed disk-set-timeout"
	netns_up
	rm -f "$ctl/mode"
	rc_start -r "$tree" -- -F "$d/ssh_config" -d 60 nx
	wait_for '^ *sda ' 30
	# its own copy of the tree, whose reads leave the FIFO below alone
	cp -a "$tree" "$tmpdir/tree-kc" || fail "cp -a"
	kt_tree=$tmpdir/tree-kc
	keys_start change --sysroot "$kt_tree" -F "$d/ssh_config" -d 1 nx
	kt_tree=$tmpdir/tree-kt
	select_row sda
	wait_for 'SMART: PASSED' 30 # the full snapshot: a change needs it
	# The far side's write waits for a reader: a FIFO for sda's timeout.
	f=$tree/sys/block/sda/device/timeout
	f=$(readlink -f "$f")
	cp "$f" "$tmpdir/timeout.saved" || fail "cp $f"
	rm -f "$f" && mkfifo -m 666 "$f" || fail "mkfifo $f"
	send_keys :
	send_text "disk-set-timeout sda 180"
	send_keys Enter
	wait_for "sda" 10
	press_until "running|outcome|done" y 3
	# The remote sh is waiting to open the FIFO: the request is out.
	end=$(rc_deadline 30)
	waiting=""
	while [ -z "$waiting" ] && rc_before "$end"; do
		for pid in $(sshd_session_pids nx); do
			[ "$(cat "/proc/$pid/wchan" 2>/dev/null)" = wait_for_partner ] &&
				waiting=$pid
		done
		[ -n "$waiting" ] || sleep 0.05
	done
	[ -n "$waiting" ] || fail "the write never reached the far side"
	netns_cut jump1 || fail "netns_cut"
	t0=$(now_ms)
	# The write happens on the far side after all (at once: before sshd
	# gives up on the silent client); its answer is lost.
	timeout 10 cat "$f" >"$tmpdir/written" || fail "reading the FIFO"
	[ "$(cat "$tmpdir/written")" = 180 ] ||
		fail "the far side got '$(cat "$tmpdir/written")'"
	keys_check
	wait_flat "outcome unknown" 40
	ms=$(($(now_ms) - t0))
	flat | grep -Eq "disk-set-timeout sda 180" ||
		{ show_screen; fail "the result does not name the command"; }
	assert_not_screen "disk-set-timeout sda 180: done"
	flat | grep -Eq "sda UNKNOWN outcome unknown: nx: connection lost" ||
		{ show_screen; fail "the result's row for sda"; }
	ok "outcome unknown after $ms ms: $(flat | grep -o 'outcome unknown: [^;]*' | head -1)"
	grep "disk-set-timeout sda 180" "$tmpdir/audit.log" >"$tmpdir/audit.lines"
	grep -q "outcome unknown" "$tmpdir/audit.lines" ||
		fail "the audit log: $(cat "$tmpdir/audit.lines")"
	grep -Eq 'result="?(ok|done|failed)' "$tmpdir/audit.lines" &&
		fail "the audit log says done or failed: $(cat "$tmpdir/audit.lines")"
	ok "the audit log: $(tail -1 "$tmpdir/audit.lines" | grep -o 'result=.*' | cut -c1-120)"
	rm -f "$f" && cp "$tmpdir/timeout.saved" "$f"
	netns_mend jump1 || fail "netns_mend"
	send_keys Escape
	wait_gone "Esc or q closes" 10
	wait_for "disk-set-timeout sda 180: outcome unknown" 10
	assert_not_screen "sda 180: done"
	ok "the status line: $(screen | grep -o 'disk-set-timeout sda 180: outcome unknown.*' | sed 's/ *[0-9]*\/[0-9]* *$//')"
	send_keys F10
	wait_exit 20
}

# --- hang: a remote command that never ends --------------------------------------
part_hang() {
	say "hang: smartctl hangs on the far side"
	sshd_start "$d" hx || fail "sshd did not start"
	rm -f "$ctl/hang.pids"
	echo hang >"$ctl/mode"
	rc_start -r "$tree" -- -F "$d/ssh_config" -d 1 --command-timeout 4 hx
	wait_for '^ *sda ' 30
	keys_start hang --sysroot "$tmpdir/tree-kt" -F "$d/ssh_config" -d 1 \
	    --command-timeout 6 hx
	end=$(rc_deadline 30)
	while [ -z "$(hang_alive)" ] && rc_before "$end"; do sleep 0.05; done
	[ -n "$(hang_alive)" ] || fail "smartctl did not start hanging"
	keys_check
	select_row nvme0n1
	wait_flat "SMART: smartctl (did not answer|no answer) within [0-9]+ m?s" 40
	ok "the message names it: $(flat | grep -Eo 'SMART: smartctl (did not answer|no answer) within [0-9]+ m?s' | head -1)"
	# Far side: nothing it started is left running.
	end=$(rc_deadline 20)
	while [ -n "$(hang_alive)" ] && rc_before "$end"; do sleep 0.2; done
	[ -z "$(hang_alive)" ] ||
		fail "hanging smartctl still running on the far side: $(hang_alive)"
	ok "no smartctl left running on the far side"
	# Quitting while smartctl hangs again (F5): the cancelled answers
	# drop the connection, and no verb after them logs in again.
	send_keys F5
	end=$(rc_deadline 20)
	while [ -z "$(hang_alive)" ] && rc_before "$end"; do sleep 0.05; done
	[ -n "$(hang_alive)" ] || fail "F5: smartctl did not hang again"
	logins=$(grep -c 'Accepted publickey' "$(sshd_log hx)")
	send_keys F10
	wait_exit 20
	sleep 1
	now=$(grep -c 'Accepted publickey' "$(sshd_log hx)")
	[ "$now" = "$logins" ] ||
		fail "quitting logged in $((now - logins)) more times"
	ok "quit during a hung read: no login after it ($logins in all)"
	rm -f "$ctl/mode"
}

# --- sudo: a password wanted, and NOPASSWD --------------------------------------
part_sudo() {
	say "sudo: a password wanted, then NOPASSWD"
	[ -x /usr/bin/sudo ] || skip "ssh-faults: skipped: sudo is not installed (./setup.sh deps)"
	sshd_start "$d" sx || fail "sshd did not start"
	user=rcsudo$$
	sshd_add_user "$user" "Pw-$$-unused" || fail "sshd_add_user"
	printf '%s ALL=(ALL) ALL\n' "$user" >"$sudoers"
	chmod 440 "$sudoers"
	rm -f "$ctl/runs" "$ctl/mode"
	rc_start -r "$tree" -- -F "$d/ssh_config" --sudo -d 1 "$user@sx"
	wait_for '^ *sda ' 30
	select_row sda
	t0=$(now_ms)
	wait_flat "sudo wants a password" 20
	ok "after $(($(now_ms) - t0)) ms: $(flat | grep -Eo 'SMART: [^;]*sudo wants a password[^;]*' | head -1)"
	send_keys F10
	wait_exit 20
	printf '%s ALL=(ALL) NOPASSWD: ALL\n' "$user" >"$sudoers"
	rm -f "$ctl/runs"
	rc_start -r "$tree" -- -F "$d/ssh_config" --sudo -d 1 "$user@sx"
	wait_for '^ *sda ' 30
	select_row sda
	wait_for "SMART: PASSED" 30
	grep -qx 0 "$ctl/runs" || fail "smartctl ran as $(sort -u "$ctl/runs" | tr '\n' ' ')"
	grep -vqx 0 "$ctl/runs" && fail "smartctl ran as $(sort -u "$ctl/runs" | tr '\n' ' ')"
	ok "NOPASSWD: smartctl ran as root through sudo -n"
	send_keys F10
	wait_exit 20
	rm -f "$sudoers"
}

for part in $parts; do
	"part_$part"
done
echo "ssh-faults: passed"
