#!/bin/sh
# The : command prompt: Tab completes command names, and mistakes get a
# clear message in the status line instead of doing anything; a message
# too long for it is a dialog, which keys typed ahead do not pass (but the
# next : opens the prompt).
. tests/regress/lib.sh

# The cursor column in the pane (0-based).
cursor_x() { tm display-message -p -t "$RC_SESSION" '#{cursor_x}'; }

# run_line TEXT PATTERN: type :TEXT Enter, wait for PATTERN.
run_line() {
	send_text :
	wait_for '^: *$'
	send_text "$1"
	wait_for "^:$(printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g') *$"
	send_keys Enter
	wait_for "$2"
	echo ":$1 -> $(screen | tail -1 | sed 's/  .*//')"
	# A message too long for the status line is shown whole in a dialog.
	if screen | grep -q 'Error'; then
		send_keys Enter
		wait_gone 'Error'
	fi
}

rc_start
wait_for '10/10 *$'
wait_disks_read

say ": opens the prompt on the last line"
send_text :
wait_for '^: *$'

say "'disk-set-ti' + Tab completes to 'disk-set-timeout '"
send_text disk-set-ti
wait_for '^:disk-set-ti *$'
send_keys Tab
wait_for '^:disk-set-timeout *$'
# capture-pane drops trailing blanks: the cursor shows the space.
n=50
while [ "$(cursor_x)" != 18 ] && [ $n -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
[ "$(cursor_x)" = 18 ] ||
	fail "cursor at column $(cursor_x) after Tab, expected 18 (after 'disk-set-timeout ')"
send_text 'sdb abc'
wait_for '^:disk-set-timeout sdb abc *$'

say "a bad argument: 'must be a whole number'"
send_keys Enter
wait_for "must be a whole number.*'abc'"
assert_not_screen 'Confirm'

say "Esc closes the prompt without running anything"
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout sdb 180'
send_keys Escape
wait_for '10/10 *$'
assert_not_screen 'Confirm'
assert_not_screen '^:'

say "an unknown command"
run_line frobnicate 'unknown command: frobnicate'

say "an unknown disk"
run_line 'disk-set-timeout nosuch 180' 'no disk called nosuch'

say "too few arguments shows the usage"
run_line 'disk-set-timeout sdb' 'too few arguments.*usage: disk-set-timeout DISK SECONDS'

say "a queue depth out of range for a SATA disk"
run_line 'disk-set-queue-depth sdb 99' 'queue depth must be 1\.\.32, not 99'

say "an unknown column for sort"
run_line 'sort nosuch' 'nosuch'
assert_not_screen 'Confirm'

say "t on a row opens the timeout form for the selected disk"
send_keys Down Down Down Down Down
wait_selected sdb
send_text t
wait_for 'disk-set-timeout sdb'
wait_for 'Timeout \(seconds\) +\[30 *\]'
send_keys Escape
wait_gone 'Timeout \(seconds\) +\['


say "rackcon still runs and the table is intact"
pane_dead && fail "rackcon exited"
assert_screen '^sdb +466G '

say "typed ahead after an error: letters are no keys, : opens the prompt"
# At 50 columns the refusal does not fit the status line: a dialog shows
# it. The next command line typed at once must not reach the panel as
# keys (t and s open forms here) before its : closes the dialog.
rc_start -s 50x20
wait_for '10/10 *$'
wait_disks_read
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout nosuch 180'
send_keys Enter
wait_for 'Error'
send_text 'ts:sort name'
wait_for '^:sort name *$'
assert_not_screen 'Error'
assert_not_screen 'disk-set-(timeout|scheduler) [a-z]'
send_keys Enter
wait_for 'sorted by name'
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout nosuch 180'
send_keys Enter
wait_for 'Error'
send_text 'x'
assert_screen 'Error'
send_keys Escape
wait_gone 'Error'
pane_dead && fail "rackcon exited"
echo "prompt: ok"
