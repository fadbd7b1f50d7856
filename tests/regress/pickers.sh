#!/bin/sh
# Pick instead of type, at 80x24 under TERM=vt100, on a copy of
# tests/fixtures/sysroot-md-add whose bin/mdadm logs its argv: the RAID
# actions menu in plain words; f and a offer the members and the devices
# md-add accepts (not the mounted, too small or partitioned ones); Tab
# completes arguments and lists candidates; Up/Down walk the : history;
# forms start at what is set now, a key replaces the value, a scheduler is
# a choice list, and a refusal names the bad value only.
. tests/regress/lib.sh

root=$tmpdir/sysroot
cp -a tests/fixtures/sysroot-md-add "$root" || fail "cp -a failed"
log=$tmpdir/mdadm.log
fake_mdadm "$root" "$log"

# A menu's items: the lines between its box's top and bottom.
menu_has() { wait_for "x[> ]$1 *x"; }

say "md-add refusals from -c"
rc_batch -r "$root" -- -c 'md-add md4 sdk1' --yes
[ "$status" != 0 ] || fail "md-add of the root filesystem ran"
grep -q 'sdk1 is mounted on / (the root filesystem)' "$tmpdir/stderr" ||
	fail "no reason given: $(cat "$tmpdir/stderr")"
rc_batch -r "$root" -- -c 'md-add md4 sdl1' --yes
grep -q 'sdl1 is too small for md4' "$tmpdir/stderr" ||
	fail "no reason given: $(cat "$tmpdir/stderr")"
rc_batch -r "$root" -- -c 'md-add md4 sdz' --yes
grep -q 'there is no device called sdz' "$tmpdir/stderr" ||
	fail "no reason given: $(cat "$tmpdir/stderr")"
[ ! -f "$log" ] || fail "mdadm ran: $(cat "$log")"

rc_start -r "$root" -- --panel raid
wait_for '^md4 +warning'
select_row md4
wait_for 'scsi_debug' 20 # the Disks panel's data is in (md4's members)

say "the actions menu speaks in words"
send_keys Enter
wait_for 'Actions: md4'
menu_has 'Fail member sdf1'
menu_has 'Remove member sdg1'
menu_has 'Add a device\.\.\.'
assert_not_screen 'prompt "|md-add md4'
send_keys Escape
wait_gone 'Actions: md4'

say "f offers the members to fail"
send_keys f
wait_for 'md-fail md4: Member'
menu_has 'sdf1 +in_sync, slot 0'
menu_has 'sdh1 +in_sync, slot 1'
assert_not_screen 'x[> ]sdg1 '
press_until 'x>sdh1 ' Down 5
send_keys Enter
wait_for 'mdadm /dev/md4 --fail /dev/sdh1'
send_keys y
wait_for 'Result'
grep -qx '\[/dev/md4\]\[--fail\]\[/dev/sdh1\]' "$log" ||
	fail "mdadm ran with: $(cat "$log" 2>/dev/null)"
send_keys Escape
wait_gone 'Result'

say "a offers only the devices md-add takes"
send_keys a
wait_for 'md-add md4: Device to add'
menu_has 'sdj1 +on sdj, scsi_debug'
menu_has 'sdm +on sdm, scsi_debug'
assert_not_screen 'x[> ](sdk1|sdl1|sdj|sdk|sdl|sde1) '
send_keys Escape
wait_gone 'md-add md4: Device'

say "Tab completes arguments and lists candidates"
send_text :
wait_for '^: *$'
send_text 'md-fail md4 '
send_keys Tab
wait_for '^:md-fail md4 sd *$'
wait_for '^sdf1 +sdh1 *$'  # not the spare sdi1: md-fail would refuse it
send_text 'h'
wait_gone '^sdf1 +sdh1'
send_keys Tab
wait_for '^:md-fail md4 sdh1 *$'
send_keys Escape
wait_gone '^:'
send_text :
send_text 'md-add md4 sd'
send_keys Tab
wait_for '^sdj1 +sdm *$'
send_keys C-u
send_text 'disk-set-scheduler sdj k'
send_keys Tab
wait_for '^:disk-set-scheduler sdj kyber *$'
send_keys Escape
wait_gone '^:'

say "Up and Down walk the : history"
send_text :
send_text 'filter md0'
send_keys Enter
wait_gone '^md4 '
send_text :
send_text 'filter-clear'
send_keys Enter
wait_for '^md4 '
send_text :
wait_for '^: *$'
send_text 'half'
send_keys Up
wait_for '^:filter-clear *$'
send_keys Up
wait_for '^:filter md0 *$'
send_keys Up
wait_for '^:filter md0 *$'
send_keys Down
wait_for '^:filter-clear *$'
send_keys Down
wait_for '^:half *$'
send_keys Escape
wait_gone '^:'

say "md-speed-limit's form starts at the limits set now"
send_keys L
wait_for 'Minimum speed \(KB/s\) \[100 '
wait_for 'Maximum speed \(KB/s\) \[1000 '
send_text '5x'
wait_for 'Minimum speed \(KB/s\) \[5x '
send_keys Enter
wait_for "the minimum speed is a whole number of KB/s, not"
assert_not_screen "'1000'"
send_keys Escape
wait_gone 'Minimum speed'

say "a scheduler is a choice list; a key replaces a prefilled value"
send_keys Tab
# sde: on screen at 80x24 below the arrays' rows, timeout 30 s.
wait_for '^sde +32M'
select_row sde
send_keys s
wait_for 'I/O scheduler <mq-deadline +>'
send_keys Right
wait_for 'I/O scheduler <kyber +>'
send_keys Space
wait_for 'I/O scheduler <bfq +>'
send_keys Left
wait_for 'I/O scheduler <kyber +>'
send_keys Escape
wait_gone 'I/O scheduler'
send_keys t
wait_for 'Timeout \(seconds\) \[30 '
send_text '1'
wait_for 'Timeout \(seconds\) \[1 '
send_text '80'
wait_for 'Timeout \(seconds\) \[180 '
send_keys Escape
wait_gone 'Timeout \(seconds\)'
# Moving the cursor first edits the value in place.
send_keys t
wait_for 'Timeout \(seconds\) \[30 '
send_keys C-a
send_text '1'
wait_for 'Timeout \(seconds\) \[130 '
send_keys C-e
send_text '0'
wait_for 'Timeout \(seconds\) \[1300 '
send_keys Escape
wait_gone 'Timeout \(seconds\)'

send_keys q
wait_exit
say "pickers: ok"
