#!/bin/sh
# A keymap file is loaded over the default: a file that binds one key
# changes that key only, and q still quits. A file that starts with
# unbind-all is the whole keymap.
. tests/regress/lib.sh

say "a file binding only x: x opens help, q still quits"
printf '[global]\nbind x help\n' >"$tmpdir/x.keys"
rc_start --keymap "$tmpdir/x.keys"
wait_for '10/10 *$'
send_keys x
wait_for 'Keys in the Disks panel'
send_keys Escape
wait_gone 'Keys in the Disks panel'
send_keys q
wait_exit
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"

say "a file starting with unbind-all: q is unbound, x quits"
printf 'unbind-all\n[global]\nbind x quit\n' >"$tmpdir/all.keys"
rc_start --keymap "$tmpdir/all.keys"
wait_for '10/10 *$'
send_keys q
wait_for 'q is not bound'
send_keys x
wait_exit
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"
echo "keymap-file: ok"
