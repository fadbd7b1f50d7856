#!/bin/sh
# Hosts whose smartctl hangs, more of them (5) than the scheduler runs
# refreshes at once (4): the other host's refreshes, the keys and the
# drawing go on (slow probes hold slow slots, never refresh slots); after
# the deadline a hung host's panel says why; quitting while they hang exits
# at once and leaves no child behind.
. tests/regress/lib.sh

command -v pgrep >/dev/null 2>&1 || skip "pgrep not found"
hung="a a2 a3 a4 a5"
: >"$tmpdir/hosts"
for h in $hung b; do
	cp -a "$RC_FIXTURE" "$tmpdir/$h" || fail "cp -a failed"
	printf 'host %s\n    sysroot %s\n' "$h" "$h" >>"$tmpdir/hosts"
done
chmod 600 "$tmpdir/hosts"
# Every smartctl on the a hosts hangs, saying its pid first.
for h in $hung; do
	cat >"$tmpdir/$h/bin/smartctl" <<'SH'
#!/bin/sh
echo $$ >>"$RACKCON_SYSROOT/hung.pids"
exec sleep 600
SH
	chmod +x "$tmpdir/$h/bin/smartctl"
done

# hung_alive [HOST...]: how many of those hosts' (default: all the a
# hosts') smartctl processes still run
hung_alive() {
	n=0
	for h in ${*:-$hung}; do
		[ -s "$tmpdir/$h/hung.pids" ] || continue
		for pid in $(cat "$tmpdir/$h/hung.pids"); do
			kill -0 "$pid" 2>/dev/null && n=$((n + 1))
		done
	done
	echo "$n"
}

# hung_hosts: how many a hosts have a smartctl hanging now
hung_hosts() {
	n=0
	for h in $hung; do
		[ -s "$tmpdir/$h/hung.pids" ] || continue
		for pid in $(cat "$tmpdir/$h/hung.pids"); do
			if kill -0 "$pid" 2>/dev/null; then
				n=$((n + 1))
				break
			fi
		done
	done
	echo "$n"
}

say "five hosts' smartctl hang; host b is read all the same"
rc_start -r '' -- --inventory "$tmpdir/hosts" --command-timeout 45 -d 1 \
    --host b
wait_for 'b \(sysroot '
end=$(rc_deadline 30)
while [ "$(hung_hosts)" -lt 5 ] && rc_before "$end"; do sleep 0.1; done
[ "$(hung_hosts)" = 5 ] || fail "not all five a hosts' smartctl hung"
# While they hang, b's sdb timeout changes and b's panel shows it.
echo 77 >"$tmpdir/b/sys/block/sdb/device/timeout"
select_row sdb
wait_for '^sdb .* 77 ' 6
[ "$(hung_hosts)" = 5 ] ||
	fail "a smartctl ended before b's refresh showed; nothing was proved"

# a's slow refresh may wait for a slow slot while the other hosts' hang (a
# deadline), then hang a deadline of its own: up to twice 45 s. The deadline
# is long so that, on a loaded machine, all five still hang when b's
# refresh shows (under a full check, 25 s once ran out before).
say "after the deadline, a hung host's panel says why"
send_keys '}'
wait_for 'a \(sysroot '
select_row sda
wait_for 'SMART: (smartctl did not answer|not asked: smartctl for [a-z0-9]+ did not answer) within 45000 ms' 100
[ "$(hung_alive a)" = 0 ] || fail "a timed-out smartctl of a is still running"

say "quitting while smartctl hangs again exits at once, no child left"
for h in $hung; do : >"$tmpdir/$h/hung.pids"; done
send_keys S
# a's refresh before this one may still hang until its own deadline.
end=$(rc_deadline 60)
while [ "$(hung_alive)" = 0 ] && rc_before "$end"; do sleep 0.1; done
[ "$(hung_alive)" != 0 ] || {
	show_screen
	fail "disk-smart-refresh did not run smartctl"
}
start=$(date +%s.%N)
send_keys q
wait_exit 10
took=$(awk -v s="$start" -v e="$(date +%s.%N)" \
    'BEGIN { printf "%.2f", e - s }')
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"
[ "$(hung_alive)" = 0 ] || fail "smartctl was left running after rackcon exited"
echo "  exited in ${took}s; no smartctl left"
echo "hosts-hung: ok"
