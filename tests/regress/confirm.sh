#!/bin/sh
# A command that changes the machine: the Confirm dialog shows what it will
# do and the shell equivalent; n cancels and changes nothing (so does any
# other key, and the keys typed after it are dropped), y runs it (on a
# copy of the fixture) and logs it; --read-only refuses; --dry-run shows.
. tests/regress/lib.sh

fixture_timeout=$RC_FIXTURE/sys/block/sdb/device/timeout
before=$(cat "$fixture_timeout") || fail "cannot read $fixture_timeout"
echo "fixture sdb timeout before: $before"

# ask_timeout: select sdb and type :disk-set-timeout sdb 180 Enter.
ask_timeout() {
	wait_for '10/10'
	wait_disks_read
	send_keys Down Down Down Down Down
	wait_selected sdb
	send_text :
	wait_for '^: *$'
	send_text 'disk-set-timeout sdb 180'
	wait_for '^:disk-set-timeout sdb 180 *$'
	send_keys Enter
}

fixture_unchanged() {
	now=$(cat "$fixture_timeout")
	[ "$now" = "$before" ] || fail "the fixture's sdb timeout changed: '$before' -> '$now'"
	echo "fixture sdb timeout still: $now"
}

say "the Confirm dialog names sdb and shows the shell command"
rc_start
ask_timeout
wait_for 'Confirm'
assert_screen 'timeout of sdb to 180 s'
assert_screen 'echo 180 > /sys/block/sdb/device/timeout'
assert_screen 'y: run it +n or Esc: cancel'

say "n cancels: status says so, nothing changed, nothing logged"
send_text n
wait_gone 'Confirm'
wait_for 'disk-set-timeout sdb 180: cancelled'
fixture_unchanged
if grep -qs 'result="ok"' "$tmpdir/audit.log"; then
	fail "a cancelled command was logged as run: $(cat "$tmpdir/audit.log")"
fi

say "Esc cancels too"
send_text '>'
wait_for 'sorted by name'
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout sdb 180'
send_keys Enter
wait_for 'Confirm'
send_keys Escape
wait_gone 'Confirm'
wait_for 'disk-set-timeout sdb 180: cancelled'
fixture_unchanged

say "another key cancels, and what was typed after it is dropped"
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout sdb 180'
send_keys Enter
wait_for 'Confirm'
# x cancels; the t typed with it would open the timeout form.
send_text 'xt'
wait_gone 'Confirm'
wait_for 'disk-set-timeout sdb 180: cancelled'
assert_not_screen 'Timeout \(seconds\)'
fixture_unchanged

say "y runs it, on a copy of the fixture"
cp -a "$RC_FIXTURE" "$tmpdir/sysroot" || fail "cp -a failed"
copy_timeout=$tmpdir/sysroot/sys/block/sdb/device/timeout
[ -L "$tmpdir/sysroot/sys/block/sdb" ] || fail "the copy lost the sys/block symlinks"
rc_start -r "$tmpdir/sysroot"
ask_timeout
wait_for 'Confirm'
send_text y
wait_for 'Result'
wait_for 'sdb +ok'
assert_screen '1 step\(s\), 0 failed'
now=$(cat "$copy_timeout")
[ "$now" = 180 ] || fail "the copy's sdb timeout is '$now', expected 180"
echo "copy's sdb timeout now: $now"
fixture_unchanged
[ -f "$tmpdir/audit.log" ] || fail "no audit log written"
echo "audit log: $(cat "$tmpdir/audit.log")"
grep 'target=sdb' "$tmpdir/audit.log" | grep -q 'result="ok"' ||
	fail "no audit line with target=sdb and result=\"ok\""
grep -q 'shell="echo 180 > /sys/block/sdb/device/timeout"' "$tmpdir/audit.log" ||
	fail "the audit line lacks the shell command"
[ "$(wc -l <"$tmpdir/audit.log")" -eq 1 ] || fail "expected one audit line"
sysroot_abs=$(cd "$tmpdir/sysroot" && pwd -P)
grep -q " sysroot=$sysroot_abs target=sdb " "$tmpdir/audit.log" ||
	fail "the audit line does not name the sysroot $sysroot_abs"

say "Esc closes the Result; the table shows TMO 180 for sdb"
send_keys Escape
wait_gone 'Result'
wait_for '^sdb +466G .* 180 +md0 +32 '

say "--read-only refuses it with a message saying read-only"
rm -f "$tmpdir/audit.log"
rc_start --read-only
ask_timeout
wait_for 'refused \(read-only mode\): disk-set-timeout changes the machine'
assert_not_screen 'Confirm'
echo "status: $(screen | tail -1)"
fixture_unchanged
[ ! -s "$tmpdir/audit.log" ] || fail "read-only mode wrote the audit log"

say "--dry-run shows a Dry run dialog and changes nothing"
rc_start --dry-run
ask_timeout
wait_for 'Dry run'
assert_screen 'echo 180 > /sys/block/sdb/device/timeout'
assert_not_screen 'y: run it'
send_text y
wait_gone 'Dry run'
wait_for 'dry run, nothing was run'
fixture_unchanged
if grep -qs 'result="ok"' "$tmpdir/audit.log"; then
	fail "dry run logged a change: $(cat "$tmpdir/audit.log")"
fi
say "an audit log that cannot be written (a link to a FIFO) refuses the change before it runs"
mkfifo "$tmpdir/fifo.log" || fail "mkfifo failed"
rm -f "$tmpdir/audit.log"
ln -s "$tmpdir/fifo.log" "$tmpdir/audit.log"
echo 30 >"$copy_timeout"
rc_start -r "$tmpdir/sysroot"
ask_timeout
wait_for 'Confirm'
send_text y
wait_for 'Result'
wait_for 'Refused: cannot write the audit log'
assert_screen 'symbolic link'
[ "$(cat "$copy_timeout")" = 30 ] || fail "the change ran without an audit log"
send_keys Escape
wait_gone 'Result'
wait_for 'refused: cannot write the audit log'
rm -f "$tmpdir/audit.log"

say "a change to the current value: nothing to do, no Confirm, no log"
rc_start
wait_for '10/10'
wait_for '^sdb .* FAILED'
send_text :
wait_for '^: *$'
send_text "disk-set-timeout sdb $before"
send_keys Enter
wait_for "sdb: timeout already $before s, nothing to do"
assert_not_screen 'Confirm'
[ ! -e "$tmpdir/audit.log" ] || fail "nothing to do was logged: $(cat "$tmpdir/audit.log")"
rc_batch -c "disk-set-timeout sdb $before" --yes
[ "$status" = 0 ] || fail "batch nothing to do: exit $status"
grep -q "nothing to do" "$tmpdir/stdout" || fail "batch did not say nothing to do"
[ ! -e "$tmpdir/audit.log" ] || fail "batch nothing to do was logged"
echo "confirm: ok"
