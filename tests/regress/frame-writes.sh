#!/bin/sh
# A frame leaves in a few write(2)s, not one per changed run: ncurses
# flushes at every cursor movement until the screen has been left and
# resumed once (tui/curses/ui.c: ui_buffer_frames). Each write wakes the
# terminal at the other end, and over SSH is often a packet of its own.
# strace counts rackcon's writes to the terminal (-d 60: no refresh
# writes to the trace while it is watched).
. tests/regress/lib.sh

command -v strace >/dev/null 2>&1 || skip "strace not found"
trace=$tmpdir/writes

# term_writes: how many write(2)s to the terminal (fd 1) so far
term_writes() {
	grep -c '^[0-9]* *write(1,' "$trace" || true
}

say "start rackcon under strace at 80x24, TERM=vt100"
rc_start -c
wait_for '^rc-shell\$'
send_text "strace -f -qq -e trace=write -o $trace $(rc_cmdline) -d 60"
send_keys Enter
wait_for '10/10 *$'
wait_for '^loop0: '
wait_quiet "$trace" 1 20
a=$(term_writes)
echo "writes to the terminal until the first frames settled: $a"

say "C-l repaints all 24 rows in at most 3 writes"
send_keys C-l
sleep 0.5
wait_quiet "$trace" 1
b=$(term_writes)
echo "the repaint: $((b - a)) writes"
[ $((b - a)) -ge 1 ] || fail "C-l wrote nothing: was the trace recorded?"
[ $((b - a)) -le 3 ] ||
	fail "a repaint of 24 rows took $((b - a)) writes (one per run?)"

say "each of three moves of the selection in one write"
send_keys Down
wait_selected md0
send_keys Down
wait_selected md1
send_keys Down
wait_selected nvme0n1
wait_quiet "$trace" 1
c=$(term_writes)
echo "three moves: $((c - b)) writes"
[ $((c - b)) -le 3 ] || fail "three moves took $((c - b)) writes"

send_text q
wait_for '^rc-shell\$'
echo "frame-writes: ok"
