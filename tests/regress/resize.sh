#!/bin/sh
# Resizing the terminal: the screen is laid out again for the new size
# (header on row 2, status line on the last row, as wide as the terminal);
# below the minimum size rackcon says so, and growing back restores it.
. tests/regress/lib.sh

# check_layout W H: the whole screen fits W x H as rackcon draws it.
check_layout() {
	tm resize-window -t "$RC_SESSION" -x "$1" -y "$2" ||
		fail "tmux resize-window $1x$2 failed"
	size=$(tm display-message -p -t "$RC_SESSION" '#{pane_width}x#{pane_height}')
	[ "$size" = "$1x$2" ] || fail "pane is $size, not $1x$2"
	# The status line, on the last row, ends with 10/10 at the right edge
	# (rackcon leaves the very last column alone, so W-1 or W wide).
	n=100
	while [ $n -gt 0 ]; do
		last=$(screen | sed -n "$2p")
		[ "${#last}" -ge $(($1 - 1)) ] && case $last in *' 10/10') break ;; esac
		sleep 0.1
		n=$((n - 1))
	done
	[ $n -gt 0 ] || { show_screen; fail "row $2 is not a $1-wide status line"; }
	assert_screen '^rackcon +Disks'
	[ "$(screen | sed -n 2p | cut -c1-20)" = "NAME       SIZE TRAN" ] ||
		{ show_screen; fail "row 2 is not the table header"; }
	assert_not_screen 'Too small: '
	for d in $RC_DISKS; do
		assert_screen "^$d +[0-9.]+[KMGT] "
	done
	echo "$1x$2: header on row 2, status line on row $2, all disks shown"
}

say "start at 100x30"
rc_start -s 100x30
wait_for '10/10 *$'
check_layout 100 30

say "shrink to 80x24"
check_layout 80 24

say "grow to 120x40"
check_layout 120 40

say "30x8 is too small: rackcon says so"
tm resize-window -t "$RC_SESSION" -x 30 -y 8
wait_for 'Too small: '
assert_not_screen '^NAME +SIZE'
pane_dead && fail "rackcon died at 30x8"

say "back to 80x24: the table returns"
check_layout 80 24
wait_selected loop0

say "again: 120x40, then 80x24"
check_layout 120 40
check_layout 80 24

say "keys still work after a resize: Down moves the selection"
send_keys Down Down Down
wait_selected nvme0n1
wait_for '^nvme0n1: '
send_keys Down Down
wait_selected sdb
check_layout 90 28
wait_selected sdb
wait_for '^sdb: '

say "a key pressed while too small does no harm"
tm resize-window -t "$RC_SESSION" -x 30 -y 8
wait_for 'Too small: '
send_keys Down
send_text /
send_keys Escape
check_layout 80 24
pane_dead && fail "rackcon died"
echo "resize: ok"
