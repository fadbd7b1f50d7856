#!/bin/sh
# Forms: the actions menu opens a form for a command's values, started at
# what is set now; a bad value is refused inside the form with every value
# kept; a good one goes on to the Confirm dialog; Esc cancels. At 80x24.
. tests/regress/lib.sh

fixture_timeout=$RC_FIXTURE/sys/block/sdb/device/timeout
before=$(cat "$fixture_timeout") || fail "cannot read $fixture_timeout"

# open_form DISK COMMAND: open DISK's actions (DISK is selected), choose
# COMMAND, wait for the form.
open_form() {
	wait_selected "$1"
	send_keys Enter
	wait_for "Actions: $1"
	press_until ">$2 " Down
	send_keys Enter
	wait_for 'Enter: run +Tab: next field +Esc: cancel'
}

rc_start
wait_for '10/10'
wait_disks_read
send_keys Down Down Down Down Down
say "disk-set-timeout from the actions menu: a form, SECONDS at sdb's 30"
open_form sdb disk-set-timeout
assert_screen "set the kernel's command timeout"
assert_screen 'disk-set-timeout sdb'
assert_screen "Timeout \(seconds\) +\\[$before *\\]"

say "a bad value: refused in the form, the value kept, nothing changed"
send_keys C-u
send_text 'abc'
wait_for 'Timeout \(seconds\) +\[abc *\]'
send_keys Enter
wait_for "must be a whole number.*'abc'"
assert_screen 'Timeout \(seconds\) +\[abc *\]'
assert_not_screen 'Confirm'
[ "$(cat "$fixture_timeout")" = "$before" ] || fail "the fixture changed"

say "an empty value: 'a value is needed'"
send_keys C-u
send_keys Enter
wait_for 'Timeout \(seconds\): a value is needed'

say "a good value goes on to the Confirm dialog; n cancels"
send_text 180
send_keys Enter
wait_for 'Confirm'
assert_screen 'echo 180 > /sys/block/sdb/device/timeout'
assert_not_screen 'Tab: next field'
send_text n
wait_for 'disk-set-timeout sdb 180: cancelled'
[ "$(cat "$fixture_timeout")" = "$before" ] || fail "the fixture changed"

say "sdb has no SCT ERC: its form does not open, the refusal is shown whole"
wait_selected sdb
send_keys e
wait_for 'SCT ERC of sdb cannot be set: the drive does not support it'
assert_screen 'disk-set-timeout sdb 180'
assert_not_screen 'Tab: next field'
send_keys Escape
wait_gone 'disk-set-timeout sdb 180'

say "two fields on sda (7.0/7.0 s now): disk-set-erc, Tab moves between them"
send_keys Up
open_form sda disk-set-erc
assert_screen 'Read limit \(deciseconds\) +\[70 *\]'
assert_screen 'Write limit \(deciseconds\) +\[70 *\]'
send_keys C-u
send_text 50
send_keys Tab C-u
send_text 60
wait_for 'Read limit \(deciseconds\) +\[50 *\]'
wait_for 'Write limit \(deciseconds\) +\[60 *\]'
send_keys Enter
wait_for 'Confirm'
assert_screen 'smartctl -q errorsonly -l scterc,50,60 /dev/sda'
send_keys Escape
wait_gone 'Confirm'
send_keys Down

say "a resize keeps the form and what was typed; a menu too (it crashed once)"
open_form sdb disk-set-timeout
send_keys C-u
send_text 16
wait_for 'Timeout \(seconds\) +\[16 *\]'
tm resize-window -t "$RC_SESSION" -x 100 -y 30
wait_for 'Timeout \(seconds\) +\[16 *\]'
tm resize-window -t "$RC_SESSION" -x 80 -y 24
wait_for 'Timeout \(seconds\) +\[16 *\]'
send_keys Escape
wait_gone 'Tab: next field'
send_keys Enter
wait_for 'Actions: sdb'
send_keys Down
tm resize-window -t "$RC_SESSION" -x 100 -y 30
wait_for '>disk-set-queue-depth '
tm resize-window -t "$RC_SESSION" -x 80 -y 24
wait_for '>disk-set-queue-depth '
send_keys Escape
wait_gone 'Actions: sdb'

say "Esc in a form cancels and says so"
open_form sdb disk-set-queue-depth
assert_screen 'Queue depth +\[32 *\]'
send_keys Escape
wait_gone 'Tab: next field'
assert_screen 'disk-set-queue-depth sdb: cancelled, nothing was changed'

say ":form opens one too; a command with nothing to fill in is refused"
send_text :
wait_for '^: *$'
send_text 'form disk-set-scheduler {sel}'
send_keys Enter
wait_for 'I/O scheduler +<[a-z-]+ *>'
send_keys Escape
wait_gone 'I/O scheduler +<' # closed: a key typed sooner would be M-key
send_text :
wait_for '^: *$'
send_text 'form disk-set-timeout sdb 30'
send_keys Enter
wait_for 'form: disk-set-timeout has no values to fill in'
say "RAID panel: L opens md-speed-limit's form at the limits set now"
rc_start -r "$RC_ROOT/tests/fixtures/sysroot-raid" --panel raid
wait_for '/[0-9]+ *$'
send_text L
wait_for 'md-speed-limit'
wait_for 'Minimum speed \(KB/s\) +\[100 *\]'
assert_screen 'Maximum speed \(KB/s\) +\[1000 *\]'
send_keys Escape
wait_for 'md-speed-limit: cancelled, nothing was changed'
echo "form: ok"
