#!/bin/sh
# An idle screen writes nothing: with a 0.5 s refresh and unchanged data,
# rackcon keeps re-reading the fixture yet sends no bytes at all.
. tests/regress/lib.sh

out=$tmpdir/pane-output

say "start rackcon -d 0.5 from a shell, recording the pane's output"
rc_start -c
wait_for '^rc-shell\$'
tm pipe-pane -t "$RC_SESSION" -o "cat >>'$out'" || fail "pipe-pane failed"
send_text "$(rc_cmdline) -d 0.5"
send_keys Enter
wait_for '10/10 *$'
wait_for '^loop0: '

# Let the first frame (and anything the first refresh changes) settle:
# poll until the output has not grown for 1.5 s, at most 10 s.
prev=-1
still=0
n=100
while [ $n -gt 0 ] && [ $still -lt 15 ]; do
	size=$(wc -c <"$out")
	if [ "$size" = "$prev" ]; then
		still=$((still + 1))
	else
		still=0
	fi
	prev=$size
	sleep 0.1
	n=$((n - 1))
done
[ $still -ge 15 ] || fail "the output never stopped growing (now $size bytes)"

say "measure: 3 s idle (this sleep is the measurement)"
a=$(wc -c <"$out")
sleep 3
b=$(wc -c <"$out")
echo "bytes written: $a after the first frame, $b after 3 s idle, grew by $((b - a))"
[ "$a" -gt 500 ] || fail "the first frame is only $a bytes: was it recorded?"
[ "$b" = "$a" ] || {
	tail -c $((b - a)) "$out" | od -c | head -20
	fail "the idle screen wrote $((b - a)) bytes in 3 s"
}

say "a key still redraws (so the recording works)"
send_keys Down Down Down
wait_selected nvme0n1
c=$(wc -c <"$out")
[ "$c" -gt "$b" ] || fail "moving the selection wrote nothing"
echo "after Down: $c bytes (+$((c - b)))"
send_text q
wait_for '^rc-shell\$'
echo "idle: ok"
