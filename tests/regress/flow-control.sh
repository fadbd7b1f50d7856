#!/bin/sh
# C-s is a key, not XOFF: rackcon turns flow control (IXON, IXOFF) off while
# it owns the terminal, so the emacs keymap's C-s opens the filter, and puts
# it back when it quits and while it is suspended.
. tests/regress/lib.sh

rc_start -c
wait_for '^rc-shell\$'
send_text "stty ixon; clear; $(rc_cmdline) --keymap emacs"
send_keys Enter
wait_for '10/10 *$'

say "C-s opens the filter prompt"
send_keys C-s
send_text sdb
wait_for '^/sdb'
send_keys Escape
wait_gone '^/sdb'

say "^Z gives ixon back, fg takes it away again"
send_keys C-z
wait_for 'Stopped|stopped|suspended'
send_text "stty -a | tr ' ' '\n' | grep -x -e ixon -e -ixon | sed 's/^/mode=/'"
send_keys Enter
wait_for '^mode=-?ixon'
screen | grep -q '^mode=ixon' || fail "while suspended: $(screen | grep '^mode=')"
send_text "clear; fg"
send_keys Enter
wait_for '^NAME +SIZE'
send_keys C-s
send_text sdb
wait_for '^/sdb'
send_keys Escape
wait_gone '^/sdb'

say "after quitting, stty -a shows ixon again"
send_keys q
wait_for '^rc-shell\$'
send_text "clear; stty -a | tr ' ' '\n' | grep -x -e ixon -e -ixon | sed 's/^/mode=/'"
send_keys Enter
wait_for '^mode=-?ixon'
screen | grep -q '^mode=ixon' || fail "after quitting: $(screen | grep '^mode=')"
echo "flow-control: ok"
