#!/bin/sh
# Quitting while smartctl hangs: the scheduler cancels the refresh, run_argv
# kills the hung program's process group, and rackcon exits promptly,
# leaving no child behind. Meanwhile keys still work.
. tests/regress/lib.sh

command -v pgrep >/dev/null 2>&1 || skip "pgrep not found"
root=$tmpdir/sysroot
cp -a "$RC_FIXTURE" "$root" || fail "cp -a failed"
mv "$root/bin/smartctl" "$root/bin/smartctl.real"
# sdc's smartctl hangs (and says its pid); the others answer as usual.
cat >"$root/bin/smartctl" <<'SH'
#!/bin/sh
for a in "$@"; do dev=$a; done
if [ "${dev##*/}" = sdc ]; then
	echo $$ >>"$RACKCON_SYSROOT/hung.pids"
	exec sleep 600
fi
exec "$RACKCON_SYSROOT/bin/smartctl.real" "$@"
SH
chmod +x "$root/bin/smartctl"

say "smartctl for sdc hangs; the screen still answers keys"
rc_start -r "$root"
wait_for '10/10 *$'
end=$(rc_deadline 30)
while [ ! -s "$root/hung.pids" ] && rc_before "$end"; do sleep 0.1; done
[ -s "$root/hung.pids" ] || fail "the hanging smartctl never ran"
pid=$(head -n 1 "$root/hung.pids")
kill -0 "$pid" 2>/dev/null || fail "the hanging smartctl ($pid) is not running"
press_until '^sdb: ' Down 10

say "q: rackcon exits and the hung smartctl is gone"
start=$(date +%s.%N)
send_keys q
wait_exit 10
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid" 2>/dev/null
	fail "smartctl ($pid) was left running after rackcon exited"
fi
echo "  exited in ${took}s; smartctl $pid is gone"
echo "quit-hung: ok"
