#!/bin/sh
# Escape sequences on slow lines: a sequence split by a pause (a serial
# console or SOL delivers bytes in bursts) is still one key, with
# --escape-delay and by default on a slow line; and under TERM=vt100 the
# xterm forms of F10, PgDn, PgUp, Home and End work as well. Esc and a key
# in one burst are Meta-key only when the keymap binds that; else the two.
. tests/regress/lib.sh

# Send hex bytes, a pause (this sleep is the split being tested), then more.
send_split() {
	tm send-keys -t "$RC_SESSION" -H $1
	sleep "$2"
	tm send-keys -t "$RC_SESSION" -H $3
}

say "TERM=vt100, --escape-delay 600: ESC, 0.2 s, O B is Down"
rc_start -t vt100 -- --escape-delay 600
wait_for '10/10 *$'
wait_selected loop0
send_split 1b 0.2 '4f 42'
wait_selected md0
assert_not_screen 'not bound'

say "xterm forms under vt100: ESC[6~ PgDn, ESC[5~ PgUp, ESC[4~ End, ESC[1~ Home"
send_keys -H 1b 5b 36 7e
wait_selected vda
send_keys -H 1b 5b 35 7e
wait_selected loop0
send_keys -H 1b 5b 34 7e
wait_selected vda
send_keys -H 1b 5b 31 7e
wait_selected loop0
send_keys -H 1b 5b 46
wait_selected vda
send_keys -H 1b 5b 48
wait_selected loop0
assert_not_screen 'not bound'

say "Esc and : in one burst (typed ahead): Esc closes the help, : opens the prompt"
send_keys F1
wait_for 'Keys in the Disks panel:'
send_keys -H 1b 3a
wait_gone 'Keys in the Disks panel:'
wait_for '^: *$'
send_text 'cursor-bottom'
send_keys Enter
wait_selected vda
assert_not_screen 'not bound'

say "xterm F10 (ESC[21~) quits under vt100"
send_keys -H 1b 5b 32 31 7e
wait_exit
[ "$(exit_status)" = 0 ] || fail "exit status $(exit_status)"

say "a 2400-baud line waits longer by itself: ESC, 0.15 s, O B is Down"
rc_start -c
wait_for '^rc-shell\$'
send_text "stty 2400; clear; $(rc_cmdline)"
send_keys Enter
wait_for '10/10 *$'
wait_selected loop0
send_split 1b 0.15 '4f 42'
wait_selected md0
assert_not_screen 'not bound'
send_keys q
wait_for '^rc-shell\$'

say "the config file's escape-delay is used"
printf 'escape-delay = 600\n' >"$tmpdir/config.rc"
rc_start -- --config "$tmpdir/config.rc"
wait_for '10/10 *$'
wait_selected loop0
send_split 1b 0.2 '4f 42'
wait_selected md0
assert_not_screen 'not bound'

say "--keymap emacs binds M->: Esc > in one burst is that key"
rc_start -- --keymap emacs
wait_for '10/10 *$'
wait_selected loop0
send_keys -H 1b 3e
wait_selected vda
assert_not_screen 'not bound'
echo "escape: ok"
