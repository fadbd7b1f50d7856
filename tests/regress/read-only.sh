#!/bin/sh
# --read-only: a key for a change is refused when it is pressed, before a
# form or a prompt opens, and the actions menu marks the changing entries
# "(read-only)" and refuses them when chosen.
. tests/regress/lib.sh

say "t (form disk-set-timeout) is refused at once, no form opens"
rc_start --read-only
wait_for '10/10'
send_keys Down Down Down Down Down
wait_selected sdb
send_text t
wait_for 'refused \(read-only mode\): disk-set-timeout changes the machine'
assert_not_screen 'Enter: run'
assert_not_screen 'SECONDS'
echo "status: $(screen | tail -1)"
# Too long for the status line beside "10/10": it is shown whole in a dialog.
if screen | grep -q 'Error'; then
	send_keys Enter
	wait_gone 'Error'
fi

say "the actions menu marks the changes and refuses them"
send_text '>'
wait_for 'sorted by name'
wait_selected sdb
send_keys Enter
wait_for 'Actions: sdb'
assert_screen '\(read-only\) disk-set-timeout '
assert_screen '^ *x *disk-smart-refresh'
press_until '>\(read-only\) disk-set-timeout' Down 20
send_keys Enter
wait_gone 'Actions: sdb'
wait_for 'refused \(read-only mode\): disk-set-timeout'
assert_not_screen 'SECONDS'

say "RAID: f (prompt md-fail) is refused before the prompt opens"
rc_start -r tests/fixtures/sysroot-raid --read-only --panel raid
wait_for 'md'
send_text f
wait_for 'refused \(read-only mode\): md-fail changes the machine'
assert_not_screen '^:md-fail'

say "without --read-only the same key opens the form"
rc_start
wait_for '10/10'
wait_disks_read
send_keys Down Down Down Down Down
wait_selected sdb
send_text t
wait_for 'SECONDS|[Ss]econds'
assert_not_screen 'read-only'
echo "read-only: ok"
