#!/bin/sh
# The disks table: every fixture disk, moving the selection, the detail pane,
# and quitting with q puts the terminal back as it was.
. tests/regress/lib.sh

say "start: every fixture disk is listed, 10/10 in the status line"
rc_start
wait_for '10/10 *$'
assert_screen '^NAME +SIZE +TRAN +ROT +SMART +SCT-ERC +TMO +RISK +MD +QD +SCHED'
for d in $RC_DISKS; do
	assert_screen "^$d +[0-9.]+[KMGT] "
done
[ "$(table_rows | tr '\n' ' ')" = "$RC_DISKS " ] ||
	fail "rows are '$(table_rows | tr '\n' ' ')', expected '$RC_DISKS'"

say "the first row is selected and described in the detail pane"
wait_selected loop0
wait_for '^loop0: '

say "Down moves the selection, and the detail pane follows it"
send_keys Down Down Down
wait_selected nvme0n1
wait_for '^nvme0n1: Sabrent Rocket'
assert_not_screen '^loop0: '
send_keys Down Down
wait_selected sdb
wait_for '^sdb: .*Hitachi'
send_keys Up
wait_selected sda
wait_for '^sda: '

say "q quits: the process ends with status 0"
send_keys q
wait_exit 5
[ "$(exit_status)" = 0 ] || fail "rackcon exited with status '$(exit_status)'"

say "from an interactive shell: after q the prompt is back, stty restored"
rc_start -c
wait_for '^rc-shell\$'
send_text "stty -g >$tmpdir/stty.before; clear; $(rc_cmdline)"
send_keys Enter
wait_for '10/10 *$'
send_keys q
wait_for '^rc-shell\$'
send_text "stty -g >$tmpdir/stty.after; stty -a >$tmpdir/stty.all; echo saved"
send_keys Enter
wait_for '^saved'
tr ' ;' '\n\n' <"$tmpdir/stty.all" | grep -qx echo || {
	cat "$tmpdir/stty.all"
	fail "echo is off after quitting"
}
tr ' ;' '\n\n' <"$tmpdir/stty.all" | grep -qx icanon || {
	cat "$tmpdir/stty.all"
	fail "icanon is off after quitting"
}
cmp -s "$tmpdir/stty.before" "$tmpdir/stty.after" ||
	fail "terminal modes differ: before $(cat "$tmpdir/stty.before"), after $(cat "$tmpdir/stty.after")"
echo "stty after quitting: echo and icanon on, same modes as before"

say "the shell still echoes what is typed"
send_text 'echo typed-$((6 * 7))'
wait_for 'echo typed-\$\(\(6 \* 7\)\)'
send_keys Enter
wait_for '^typed-42'
echo "table: ok"
