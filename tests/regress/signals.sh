#!/bin/sh
# The terminal comes back as it was whatever ends rackcon: SIGTERM, SIGHUP,
# a crash (SIGSEGV), and ^Z with fg.
. tests/regress/lib.sh

# The pid of the rackcon started from the pane's shell: the shell's child.
# (Not the newest process with rackcon's command line: a program rackcon is
# starting has that command line too until it execs.)
rackcon_pid() {
	pgrep -P "$(tm display-message -p -t "$RC_SESSION" '#{pane_pid}')" \
	    -f "^$RC_ROOT/rackcon --sysroot" 2>/dev/null
}

# Run rackcon from the shell, end it with signal $1, check the exit status
# the shell saw ($2) and that the modes are those from before.
end_with() {
	send_text "stty -g >$tmpdir/before; clear; $(rc_cmdline); echo status=\$?"
	send_keys Enter
	wait_for '10/10 *$'
	pid=$(rackcon_pid)
	[ -n "$pid" ] || fail "no rackcon process found"
	kill "-$1" "$pid"
	wait_for "^status=$2"
	send_text "stty -g >$tmpdir/after; echo saved-$1"
	send_keys Enter
	wait_for "^saved-$1"
	cmp -s "$tmpdir/before" "$tmpdir/after" ||
		fail "after SIG$1 the modes differ: $(cat "$tmpdir/before") / $(cat "$tmpdir/after")"
	echo "SIG$1: exit status $2, terminal modes as before"
}

rc_start -c
wait_for '^rc-shell\$'

say "SIGTERM ends rackcon and restores the terminal"
end_with TERM 143
say "SIGHUP ends rackcon and restores the terminal"
end_with HUP 129
say "a crash (SIGSEGV) still restores the terminal"
end_with SEGV 139

say "^Z suspends with the terminal restored, fg brings the screen back"
send_text "stty -g >$tmpdir/before; clear; $(rc_cmdline)"
send_keys Enter
wait_for '10/10 *$'
send_keys C-z
wait_for 'Stopped|stopped|suspended'
send_text "stty -g >$tmpdir/after; echo saved-tstp"
send_keys Enter
wait_for '^saved-tstp'
cmp -s "$tmpdir/before" "$tmpdir/after" ||
	fail "while suspended the modes differ from before"
send_text "fg"
send_keys Enter
wait_for '^NAME +SIZE'
send_keys q
wait_for '^rc-shell\$'
echo "^Z: modes restored while suspended, the screen is back after fg"
echo "signals: ok"
