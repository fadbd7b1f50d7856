#!/bin/sh
# The RAID commands on a copy of tests/fixtures/sysroot-raid whose bin/mdadm
# is a fake that logs its argv: from the actions menu (Enter), the : prompt
# and -c. Each shows its mdadm or sysfs command in a Confirm dialog, y runs
# exactly that and logs it; commands that would lose data, remove an active
# member or scrub a degraded array are refused and run nothing;
# --read-only refuses and --dry-run runs nothing.
. tests/regress/lib.sh

# Checks whose failure does not stop the script (what they see is a fault
# in rackcon, not in the test): reported again at the end, which fails.
faults=""
fault() {
	printf '%s\n' "FAIL (going on): $*"
	faults="$faults
  - $*"
}

root=$tmpdir/sysroot
cp -a tests/fixtures/sysroot-raid "$root" || fail "cp -a failed"
[ -L "$root/sys/block/md1" ] || fail "the copy lost the sys/block symlinks"
log=$tmpdir/mdadm.log
fake_mdadm "$root" "$log"
audit=$tmpdir/audit.log
md1_action=$root/sys/block/md1/md/sync_action
raid=$root/proc/sys/dev/raid

calls() {
	if [ -f "$log" ]; then wc -l <"$log" | tr -d ' '; else echo 0; fi
}

# expect_call N ARGV: mdadm ran N times in all, the last with ARGV.
expect_call() {
	[ "$(calls)" = "$1" ] ||
		fail "mdadm ran $(calls) times, expected $1: $(cat "$log" 2>/dev/null)"
	[ "$(tail -1 "$log")" = "$2" ] ||
		fail "mdadm's argv was '$(tail -1 "$log")', expected '$2'"
	echo "mdadm ran with $(tail -1 "$log")"
}

expect_calls() {
	[ "$(calls)" = "$1" ] ||
		fail "mdadm ran $(calls) times, expected $1: $(cat "$log")"
}

# expect_audit COMMAND SHELL: the audit log's last line logs a run of it.
expect_audit() {
	last=$(tail -1 "$audit" 2>/dev/null)
	case $last in
	*"command=\"$1\" shell=\"$2\" result=\"ok\""*) ;;
	*) fail "the last audit line is '$last', expected $1 / $2" ;;
	esac
	echo "audit: $last"
}

# expect_last_two FIRST SECOND: the audit log ends with runs of the shell
# commands FIRST, then SECOND (the order they ran in).
expect_last_two() {
	case $(tail -2 "$audit" | sed -n 1p) in
	*"shell=\"$1\" result=\"ok\""*) ;;
	*) fail "the audit log does not end with $1, then $2: $(tail -2 "$audit")" ;;
	esac
	case $(tail -1 "$audit") in
	*"shell=\"$2\" result=\"ok\""*) ;;
	*) fail "the audit log does not end with $1, then $2: $(tail -2 "$audit")" ;;
	esac
}

audit_lines() {
	if [ -f "$audit" ]; then wc -l <"$audit" | tr -d ' '; else echo 0; fi
}

# Type a command at the : prompt and run it.
prompt_run() {
	send_text :
	wait_for '^: *$'
	send_text "$1"
	wait_for "^:$1 *\$"
	send_keys Enter
}

status_line() { screen | tail -1; }

# The screen as one line, dialog borders left out: wrapped text joins up.
screen_joined() {
	screen | sed -E 's/^ *x //; s/ *x *$//' | tr '\n' ' ' | tr -s ' '
}

# refused COMMAND START WHY: at the : prompt COMMAND is refused: a message
# starting with START appears (in the status line, and whole in an Error
# dialog when the line is too short for it), and the screen should show
# WHY (a fault, not an error, when it does not: the reason is cut off).
# No Confirm dialog opens.
refused() {
	prompt_run "$1"
	wait_for "$2"
	if ! screen_joined | grep -Eq -- "$3"; then
		fault "at 80x24 the refusal of '$1' does not show /$3/: the status line is '$(status_line)'"
	fi
	assert_not_screen 'Confirm|y: run it'
	echo "refused: $(status_line)"
	if screen | grep -Eq '(q|─)Error(q|─)'; then
		echo "  (and in an Error dialog)"
		send_keys Escape
		wait_gone '(q|─)Error(q|─)'
	fi
}

rc_start -r "$root" -- --panel raid
wait_for '^md2 +ok +raid1 '
wait_for 'Timeout risk' # the Disks panel's data is in

say "actions menu: md-fail of a member of md2 (a healthy raid1)"
select_row md2
send_keys Enter
wait_for 'Actions: md2'
press_until '>Fail member sdc1 ' Down 10
send_keys Enter
wait_for 'Confirm'
assert_screen 'Mark sdc1 faulty in md2'
assert_screen '^ *x mdadm /dev/md2 --fail /dev/sdc1 +x'
assert_screen 'y: run it +n or Esc: cancel'
if ! screen | grep -q 'Until then one more failure loses data'; then
	fault "at 80x24 the Confirm dialog of md-fail md2 sdc1 cuts its warning: '$(screen | grep 'Note:' | sed 's/^ *x *//; s/ *x *$//')' (the dialog does not wrap; 'Until then one more failure loses data.' is never shown)"
fi
expect_calls 0
send_text y
wait_for 'Result'
wait_for '1 step\(s\), 0 failed'
expect_call 1 '[/dev/md2][--fail][/dev/sdc1]'
expect_audit 'md-fail md2 sdc1' 'mdadm /dev/md2 --fail /dev/sdc1'
send_keys Escape
wait_gone 'Result'
wait_for 'md-fail md2 sdc1: done'

say ": prompt: md-fail md2 sdd1; n cancels, y runs it"
prompt_run 'md-fail md2 sdd1'
wait_for 'Confirm'
assert_screen '^ *x mdadm /dev/md2 --fail /dev/sdd1 +x'
send_text n
wait_gone 'Confirm'
wait_for 'md-fail md2 sdd1: cancelled'
expect_calls 1
prompt_run 'md-fail md2 sdd1'
wait_for 'Confirm'
send_text y
wait_for '1 step\(s\), 0 failed'
expect_call 2 '[/dev/md2][--fail][/dev/sdd1]'
expect_audit 'md-fail md2 sdd1' 'mdadm /dev/md2 --fail /dev/sdd1'
send_keys Escape
wait_gone 'Result'

say "refused: md-fail of md0's last working member (data would be lost)"
n_audit=$(audit_lines)
refused 'md-fail md0 sda1' 'failing sda1 would take md0' 'data would be lost'

say "refused: md-remove of an active member (fail it first)"
refused 'md-remove md1 loop0' 'loop0 is still active in md1' \
    'fail it first \(md-fail md1 loop0\)'

say "refused: md-check of md0, which is degraded"
refused 'md-check md0' 'md0 is degraded' 'md0 is degraded: a check needs every member'
expect_calls 2
[ "$(audit_lines)" = "$n_audit" ] || fail "a refused command was logged"
[ "$(cat "$root/sys/block/md0/md/sync_action")" = recover ] ||
	fail "md0's sync_action changed"

say "md0's actions menu offers neither md-fail nor md-check"
select_row md0
send_keys Enter
wait_for 'Actions: md0'
assert_screen '>Add a device\.\.\.'
assert_not_screen 'Fail member|Check consistency|Remove member sda1'
echo "md0's actions: $(screen | sed -nE '/^ +x[> ][A-Z]/{s/^ +x[> ]//;s/ *x *$//;p;}' | tr '\n' ',' | sed 's/,$//')"
send_keys Escape
wait_gone 'Actions: md0'

say "md-check of md1 (clean) writes check into its sync_action"
[ "$(cat "$md1_action")" = idle ] || fail "md1's sync_action is not idle"
prompt_run 'md-check md1'
wait_for 'Confirm'
assert_screen 'Start a consistency check of md1'
assert_screen '^ *x echo check > /sys/block/md1/md/sync_action +x'
send_text y
wait_for '1 step\(s\), 0 failed'
now=$(cat "$md1_action")
[ "$now" = check ] || fail "the copy's md1 sync_action is '$now', expected check"
echo "copy's md1 sync_action: $now"
fixture=$(cat tests/fixtures/sysroot-raid/sys/block/md1/md/sync_action)
[ "$fixture" = idle ] || fail "the fixture's md1 sync_action changed: $fixture"
expect_audit 'md-check md1' 'echo check > /sys/block/md1/md/sync_action'
expect_calls 2
send_keys Escape
wait_gone 'Result'

say "md-speed-limit 2000 5000 (min above the old max 1000): max first"
[ "$(cat "$raid/speed_limit_min") $(cat "$raid/speed_limit_max")" = \
    "100 1000" ] || fail "the fixture's speed limits are not 100 1000"
prompt_run 'md-speed-limit 2000 5000'
wait_for 'Confirm'
max_at=$(screen | grep -n 'echo 5000 > /proc/sys/dev/raid/speed_limit_max' | cut -d: -f1)
min_at=$(screen | grep -n 'echo 2000 > /proc/sys/dev/raid/speed_limit_min' | cut -d: -f1)
if [ -z "$max_at" ] || [ -z "$min_at" ]; then
	show_screen
	fail "the dialog lacks the two writes"
fi
[ "$max_at" -lt "$min_at" ] || { show_screen; fail "the dialog writes min before max"; }
send_text y
wait_for '2 step\(s\), 0 failed'
send_keys Escape
wait_gone 'Result'
limits=$(cat "$raid/speed_limit_min") limits="$limits $(cat "$raid/speed_limit_max")"
[ "$limits" = "2000 5000" ] || fail "speed limits (min max) are '$limits'"
expect_last_two 'echo 5000 > /proc/sys/dev/raid/speed_limit_max' \
    'echo 2000 > /proc/sys/dev/raid/speed_limit_min'
echo "speed limits now min/max $limits, written max first"

say "--read-only refuses md-fail, from the prompt and the actions menu"
n_audit=$(audit_lines)
rc_start -r "$root" -- --panel raid --read-only
wait_for '^md2 +ok +raid1 '
prompt_run 'md-fail md2 sdc1'
wait_for 'refused \(read-only mode\): md-fail changes the machine'
assert_not_screen 'Confirm'
select_row md2
send_keys Enter
wait_for 'Actions: md2'
press_until '>\(read-only\) Fail member sdc1 ' Down 10
send_keys Enter
wait_for 'refused \(read-only mode\): md-fail changes the machine'
assert_not_screen 'Confirm'
expect_calls 2
[ "$(audit_lines)" = "$n_audit" ] || fail "read-only mode wrote the audit log"

say "--dry-run shows the mdadm command and runs nothing"
rc_start -r "$root" -- --panel raid --dry-run
wait_for '^md2 +ok +raid1 '
prompt_run 'md-fail md2 sdc1'
wait_for 'Dry run'
assert_screen '^ *x mdadm /dev/md2 --fail /dev/sdc1 +x'
assert_not_screen 'y: run it'
send_text y
wait_gone 'Dry run'
wait_for 'dry run, nothing was run'
expect_calls 2
[ "$(audit_lines)" = "$n_audit" ] || fail "dry-run mode wrote the audit log"
send_keys q
wait_exit 5

say "batch: -c 'md-fail md0 sdb1' needs --yes, runs with it"
rc_batch -r "$root" -- -c 'md-fail md0 sdb1'
[ "$status" = 2 ] || fail "without --yes: exit $status, expected 2"
grep -q 'add --yes' "$tmpdir/stderr" || fail "no hint to add --yes"
expect_calls 2
rc_batch -r "$root" -- -c 'md-fail md0 sdb1' --dry-run
[ "$status" = 0 ] || fail "--dry-run: exit $status"
grep -q '^mdadm /dev/md0 --fail /dev/sdb1$' "$tmpdir/stdout" ||
	fail "--dry-run does not show the mdadm command: $(cat "$tmpdir/stdout")"
expect_calls 2
rc_batch -r "$root" -- -c 'md-fail md0 sdb1' --yes --read-only
[ "$status" != 0 ] || fail "--read-only --yes ran it"
expect_calls 2
rc_batch -r "$root" -- -c 'md-fail md0 sdb1' --yes
[ "$status" = 0 ] || fail "--yes: exit $status"
expect_call 3 '[/dev/md0][--fail][/dev/sdb1]'
expect_audit 'md-fail md0 sdb1' 'mdadm /dev/md0 --fail /dev/sdb1'

say "batch: md-fail md0 sda1 --yes is refused, data would be lost"
rc_batch -r "$root" -- -c 'md-fail md0 sda1' --yes
[ "$status" != 0 ] || fail "exit 0 for a refused command"
grep -q 'data would be lost' "$tmpdir/stderr" ||
	fail "stderr does not say data would be lost"
expect_calls 3

say "batch: md-speed-limit 50 80 --yes (max above the old min): min first"
rc_batch -r "$root" -- -c 'md-speed-limit 50 80' --yes
[ "$status" = 0 ] || fail "exit $status"
limits="$(cat "$raid/speed_limit_min") $(cat "$raid/speed_limit_max")"
[ "$limits" = "50 80" ] || fail "speed limits (min max) are '$limits'"
expect_last_two 'echo 50 > /proc/sys/dev/raid/speed_limit_min' \
    'echo 80 > /proc/sys/dev/raid/speed_limit_max'
echo "speed limits now min/max $limits, written min first"
expect_calls 3

if [ -n "$faults" ]; then
	printf '%s\n' "raid-commands: everything else passed; faults in rackcon:$faults"
	exit 1
fi
echo "raid-commands: ok"
