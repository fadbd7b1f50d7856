#!/bin/sh
# The help overlay: F1 and ? open it, it lists the active bindings and the
# commands, Esc and q close it; with --keymap vi it shows the vi keys.
. tests/regress/lib.sh

rc_start
wait_for '10/10 *$'

say "F1 opens the help: the Disks panel's keys and disk-set-timeout"
send_keys F1
wait_for 'Keys in the Disks panel:'
assert_screen 'Help'
assert_screen ' t +form disk-set-timeout \{sel\}'
assert_screen 'Keys in tables:'
assert_screen 'Down +cursor-down'

say "Space pages down to the command list"
press_until 'disk-set-timeout DISK SECONDS' Space 20
assert_screen 'disk-set-timeout DISK SECONDS'

say "Esc closes it: the table is back, rackcon still runs"
send_keys Escape
wait_gone 'Keys in the Disks panel|disk-set-timeout DISK'
wait_for '^loop0 +4.0M '
assert_screen 'F1 help.* 10/10 *$'

say "? opens it too, q closes it without quitting"
send_text '?'
wait_for 'Keys in the Disks panel:'
send_text q
wait_gone 'Keys in the Disks panel:'
wait_for '^loop0 +4.0M '
pane_dead && fail "q in the help overlay quit rackcon"

say "F1 closes it again; a letter does nothing there (typed ahead)"
send_keys F1
wait_for 'Keys in the Disks panel:'
send_text t
assert_screen 'Keys in the Disks panel:'
assert_not_screen 'Timeout \(seconds\)'
send_keys F1
wait_gone 'Keys in the Disks panel:'
wait_for '^loop0 +4.0M '

say ":help disk-set-timeout shows that command's help"
send_text :
wait_for '^: *$'
send_text 'help disk-set-timeout'
send_keys Enter
wait_for 'disk-set-timeout DISK SECONDS'
send_keys Escape
wait_gone 'disk-set-timeout DISK SECONDS'

say "--keymap vi: j moves down, k up, the help lists j"
rc_start --keymap vi
wait_for '10/10 *$'
wait_selected loop0
send_text jjj
wait_selected nvme0n1
send_text jj
wait_selected sdb
send_text k
wait_selected sda
send_text '?'
wait_for 'Keys in the Disks panel:'
press_until ' j +cursor-down' Down 20
assert_not_screen ' Down +cursor-down +select the row above'
send_keys Escape
wait_gone 'Keys in the Disks panel|j +cursor-down'
echo "help: ok"
