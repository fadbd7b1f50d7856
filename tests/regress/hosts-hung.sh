#!/bin/sh
# Two hosts, one whose smartctl hangs: the other host's refreshes, the keys
# and the drawing go on; after the deadline the hung host's panel says why;
# quitting while it hangs exits at once and leaves no child behind.
. tests/regress/lib.sh

command -v pgrep >/dev/null 2>&1 || skip "pgrep not found"
for h in a b; do
	cp -a "$RC_FIXTURE" "$tmpdir/$h" || fail "cp -a failed"
done
# Every smartctl on host a hangs, saying its pid first.
cat >"$tmpdir/a/bin/smartctl" <<'SH'
#!/bin/sh
echo $$ >>"$RACKCON_SYSROOT/hung.pids"
exec sleep 600
SH
chmod +x "$tmpdir/a/bin/smartctl"
printf 'host a\n    sysroot a\nhost b\n    sysroot b\n' >"$tmpdir/hosts"
chmod 600 "$tmpdir/hosts"

# hung_alive: how many of host a's smartctl processes still run
hung_alive() {
	n=0
	[ -s "$tmpdir/a/hung.pids" ] || { echo 0; return; }
	for pid in $(cat "$tmpdir/a/hung.pids"); do
		kill -0 "$pid" 2>/dev/null && n=$((n + 1))
	done
	echo "$n"
}

say "host a's smartctl hangs; host b is read all the same"
rc_start -- --inventory "$tmpdir/hosts" --command-timeout 8 -d 1 --host a
wait_for 'a \(sysroot '
end=$(rc_deadline 30)
while [ "$(hung_alive)" = 0 ] && rc_before "$end"; do sleep 0.1; done
[ "$(hung_alive)" != 0 ] || fail "host a's smartctl never hung"
# While a hangs, b's sdb timeout changes and b's panel shows it.
echo 77 >"$tmpdir/b/sys/block/sdb/device/timeout"
send_keys '}'
wait_for 'b \(sysroot '
select_row sdb
wait_for '^sdb .* 77 ' 6
[ "$(hung_alive)" != 0 ] ||
	fail "a's smartctl ended before b's refresh showed; nothing was proved"

say "after the deadline, host a's panel says why"
send_keys '{'
wait_for 'a \(sysroot '
select_row sda
wait_for 'SMART: smartctl did not answer within 8000 ms' 30
[ "$(hung_alive)" = 0 ] || fail "a timed-out smartctl is still running"

say "quitting while smartctl hangs again exits at once, no child left"
: >"$tmpdir/a/hung.pids"
send_keys S
end=$(rc_deadline 30)
while [ "$(hung_alive)" = 0 ] && rc_before "$end"; do sleep 0.1; done
[ "$(hung_alive)" != 0 ] || fail "disk-smart-refresh did not run smartctl"
start=$(date +%s.%N)
send_keys q
wait_exit 10
took=$(awk -v s="$start" -v e="$(date +%s.%N)" \
    'BEGIN { printf "%.2f", e - s }')
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"
[ "$(hung_alive)" = 0 ] || fail "smartctl was left running after rackcon exited"
echo "  exited in ${took}s; no smartctl left"
echo "hosts-hung: ok"
