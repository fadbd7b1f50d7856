#!/bin/sh
# The help screen describes a key bound to a form or a prompt by the
# command it opens, not by the wrapper; and a status message goes away at
# the next key instead of outliving what it was about.
. tests/regress/lib.sh

say "help: t (form disk-set-timeout) is described by disk-set-timeout's help"
rc_start -s 120x40
wait_for '10/10 *$'
send_keys F1
wait_for 'Keys in the Disks panel'
assert_screen " t +form disk-set-timeout \{sel\} +set the kernel's command timeout"
assert_not_screen "type COMMAND's values"
send_keys Escape
wait_gone 'Keys in the Disks panel'

say "help on the RAID panel: f (pick md-fail {sel}) says md-fail's words"
send_keys Tab
wait_for 'RAID'
send_keys F1
wait_for 'Keys in the RAID panel'
assert_screen ' f +pick md-fail \{sel\} +mark a member faulty'
assert_not_screen ' f +pick .*from a menu'
send_keys Escape
wait_gone 'Keys in the RAID panel'
send_keys BTab

say "a status message goes at the next key"
wait_for 'F1 help'
send_keys z
wait_for 'z is not bound'
send_keys Down
wait_gone 'z is not bound'
wait_for 'F1 help'
echo "help-status: ok"
