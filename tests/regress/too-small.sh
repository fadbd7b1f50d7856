#!/bin/sh
# While the window is too small, keys other than quit and redraw do
# nothing: no form, menu or prompt opens under the "Too small" message.
. tests/regress/lib.sh

shrink() {
	tm resize-window -t "$RC_SESSION" -x 30 -y 8 || fail "resize failed"
	wait_for '^Too small: 30x8'
}

rc_start
wait_for '10/10 *$'

say "keys that open a form, a menu, the prompt or help do nothing"
shrink
send_keys t Enter : F1 F2 /
send_keys C-l
wait_for '^Too small: 30x8'
tm resize-window -t "$RC_SESSION" -x 80 -y 24
wait_for '10/10 *$'
wait_for '^NAME +SIZE'
assert_not_screen 'Timeout|Actions|Panels|Keys in|^[:/]'
assert_not_screen 'disk-set-timeout'
echo "80x24 again: the plain Disks panel, nothing opened"

say "q still quits"
shrink
send_keys q
wait_exit
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"
echo "too-small: ok"
