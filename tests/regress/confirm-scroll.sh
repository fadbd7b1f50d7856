#!/bin/sh
# A confirmation taller than the terminal scrolls like the Result dialog,
# and y runs the plan only once all of it has been on screen: before that
# y says "scroll to the end first", and Down scrolls instead of cancelling.
# At 80x24 (the udev rule of disks-raid-safe-timeouts) and at 40x12.
. tests/regress/lib.sh

cp -a "$RC_FIXTURE" "$tmpdir/sysroot" || fail "cp -a failed"
rule=$tmpdir/sysroot/etc/udev/rules.d/60-rackcon-raid-timeouts.rules
copy_timeout=$tmpdir/sysroot/sys/block/sdb/device/timeout
mkdir -p "${rule%/*}" || fail "mkdir failed"

# run_prompt TEXT: type :TEXT and Enter.
run_prompt() {
	send_text :
	wait_for '^: *$'
	send_text "$1"
	send_keys Enter
}

say "80x24: the udev rule's confirmation does not fit; y waits for the end"
rc_start -r "$tmpdir/sysroot"
wait_for '10/10'
wait_disks_read
run_prompt 'disks-raid-safe-timeouts --udev-rule'
wait_for 'Confirm'
wait_for 'Down: more'
assert_not_screen '^ *x *EOF *x *$'
assert_not_screen 'y: run it'
send_text y
wait_for 'scroll to the end first'
assert_screen 'Confirm'
[ ! -e "$rule" ] || fail "y before the end wrote the rule"
say "Down scrolls, it does not cancel"
send_keys Down
assert_screen 'Confirm'
assert_not_screen 'cancelled'
press_until 'y: run it' Down 200
assert_screen 'EOF'
assert_not_screen 'cancelled'
send_text y
wait_for 'Result'
wait_for 'udev-rule: done'
[ -s "$rule" ] || { show_screen; fail "y at the end did not write the rule"; }
echo "rule written: $(wc -l <"$rule") lines"
grep -q 'more=' "$tmpdir/audit.log" || fail "the rule's audit entry has no continuation lines"

say "40x12: a plain disk-set-timeout (with its note) does not fit either"
echo 30 >"$copy_timeout"
rc_start -s 40x12 -r "$tmpdir/sysroot"
wait_for '^md1 '
wait_disks_read
run_prompt 'disk-set-timeout sdb 120'
wait_for 'Confirm'
wait_for 'Down: more'
send_text y
wait_for 'scroll to the end first'
[ "$(cat "$copy_timeout")" != 120 ] || fail "y before the end ran it"
# Space pages down (PgDn is not in vt100's terminfo).
send_keys Space
press_until 'y: run it' Space 50
send_keys Escape
wait_gone 'Confirm'
wait_for 'cancell'
[ "$(cat "$copy_timeout")" != 120 ] || fail "Esc ran it"
run_prompt 'disk-set-timeout sdb 120'
wait_for 'Confirm'
press_until 'y: run it' Down 50
send_text y
wait_for 'Result'
[ "$(cat "$copy_timeout")" = 120 ] || fail "y at the end did not run it"
echo "confirm-scroll: ok"
