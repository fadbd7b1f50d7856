#!/bin/sh
# Plain terminals: TERM=vt100 with LANG=C draws lines with ASCII '-', and
# everything is still there; TERM=xterm-256color with NO_COLOR works too.
. tests/regress/lib.sh

# The screen must show the whole table, a rule, the detail and status line.
check_screen() {
	wait_for '10/10 *$'
	wait_disks_read
	assert_screen '^rackcon +Disks'
	assert_screen '^NAME +SIZE +TRAN +ROT +SMART'
	for d in $RC_DISKS; do
		assert_screen "^$d +[0-9.]+[KMGT] "
	done
	assert_screen '^loop0: '
	assert_screen '^F1 help'
	wait_selected loop0
	send_keys Down Down Down
	wait_selected nvme0n1
	wait_for '^nvme0n1: '
}

say "TERM=vt100 LANG=C: the rule under the table is 80 ASCII '-'"
rc_start -t vt100 -l C
check_screen
rule=$(printf '%080d' 0 | tr 0 -)
assert_screen "^$rule\$"
# Nothing on the screen outside printable ASCII.
if screen | LC_ALL=C grep -q '[^ -~]'; then
	screen | LC_ALL=C grep -n '[^ -~]' | head -5
	fail "non-ASCII bytes on the screen in the C locale"
fi
echo "all screen bytes are printable ASCII"
# No alternate character set either: the SGR/charset dump has no SO/SI.
if screen_attr | LC_ALL=C grep -q "$(printf '[\016\017]')"; then
	fail "the alternate character set is used in the C locale"
fi

say "LANG=C: dialogs are boxed with ASCII too"
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout sdb 180'
send_keys Enter
wait_for 'Confirm'
assert_screen '\+-+Confirm-+\+'
assert_screen '\| +y: run it'
send_text n
wait_gone 'Confirm'

say "TERM=xterm-256color NO_COLOR=1: works, no colours in the output"
rc_start -t xterm-256color
check_screen
if screen_attr | grep -Eq "$(printf '\033')\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)"; then
	screen_attr | cat -v | head -5
	fail "colours are used although NO_COLOR=1"
fi
echo "no colour sequences"
send_keys F1
wait_for 'Keys in the Disks panel:'
send_keys Escape
wait_gone 'Keys in the Disks panel:'
send_keys F10
wait_exit 5
[ "$(exit_status)" = 0 ] || fail "F10 quit with status $(exit_status)"

say "vt100 has no alternate screen: quitting clears the last frame"
rc_start -c
wait_for '^rc-shell\$'
send_text "$(rc_cmdline)"
send_keys Enter
wait_for 'F1 help'
send_keys q
wait_for '^rc-shell\$'
assert_not_screen 'NAME +SIZE|F1 help|Scheduler:'
echo "vt100: ok"
