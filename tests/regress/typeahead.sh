#!/bin/sh
# Typing ahead on a slow line: keys that arrive while the last frame is
# still on its way are all handled before the next frame, so the screens in
# between are never sent. On a (simulated) 2400-baud line, nine Down keys
# typed in quick succession must cost about what one Down costs, not nine
# times as much.
. tests/regress/lib.sh

out=$tmpdir/pane-output

rc_start -c
wait_for '^rc-shell\$'
send_text "stty 2400; clear; $(rc_cmdline)"
send_keys Enter
wait_for '10/10 *$'
wait_for '^loop0: '
pane_record "$out"
wait_quiet "$out" 1.5 20

say "one Down"
a=$(file_bytes "$out")
send_keys Down
wait_selected md0
wait_quiet "$out" 1
b=$(file_bytes "$out")
one=$((b - a))
send_keys Up
wait_selected loop0
wait_quiet "$out" 1
c=$(file_bytes "$out")

say "nine Down keys in one burst"
# One tmux call: nine separate ones are spawned tens of ms apart on a
# loaded machine, and keys that far apart are rightly each drawn.
send_keys Down Down Down Down Down Down Down Down Down
wait_selected vda
wait_quiet "$out" 1
d=$(file_bytes "$out")
nine=$((d - c))
echo "bytes: one Down $one, nine Downs $nine"
[ "$one" -gt 0 ] || fail "one Down wrote nothing: was it recorded?"
[ "$nine" -le $((one * 3)) ] ||
	fail "nine Downs wrote $nine bytes, more than 3 x $one: every screen in between was sent"
send_keys q
wait_for '^rc-shell\$'
echo "typeahead: ok"
