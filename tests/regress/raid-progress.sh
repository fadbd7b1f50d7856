#!/bin/sh
# The RAID panel on a machine that changes between refreshes
# (tests/fixtures/make-raid-steps.sh): md0's recovery advances and ends, md1
# loses a member. The progress bar moves, the degraded marker appears,
# `--list raid --json` agrees with the screen, and a refresh that changes
# only progress figures rewrites only those cells (an idle one writes none).
. tests/regress/lib.sh

command -v jq >/dev/null 2>&1 || skip "jq is not installed"

steps=$tmpdir/steps
sh tests/fixtures/make-raid-steps.sh "$steps" || fail "make-raid-steps.sh failed"
live=$steps/live
pane=$tmpdir/pane.out

# Point $steps/current at $steps/NAME with one rename, as
# make-raid-steps.sh -s does, for the states this test makes itself.
switch_state() {
	rm -f "$steps/current.new"
	ln -s "$1" "$steps/current.new" || fail "ln -s $1 failed"
	mv -T "$steps/current.new" "$steps/current" || fail "mv -T failed"
}

# "NAME HEALTH" of each table row, in screen order.
screen_health() {
	screen | awk 'NR > 2 && /^md[0-9]+ +(failed|inactive|degraded|warning|ok) / {
		print $1, $2 }'
}

# Fails unless failed arrays come first, then inactive, degraded, warning, ok.
check_order() {
	rows=$(screen_health)
	echo "rows: $(printf '%s\n' "$rows" | tr '\n' ',' | sed 's/,$//')"
	printf '%s\n' "$rows" | awk '
		BEGIN { r["failed"] = 0; r["inactive"] = 1; r["degraded"] = 2;
			r["warning"] = 3; r["ok"] = 4; last = -1 }
		{ if (r[$2] < last) exit 1; last = r[$2] }' ||
		fail "arrays needing attention are not listed first: $rows"
	[ "$(printf '%s\n' "$rows" | sed -n 1p)" = "$1" ] ||
		fail "first row is '$(printf '%s\n' "$rows" | sed -n 1p)', expected '$1'"
}

# "NAME HEALTH DISKS MISSING PERCENT" per table row as the screen shows it
# ("-" for an empty cell; PERCENT as printed, without the %).
screen_tuples() {
	screen | sed -nE 's/^(md[0-9]+) +([a-z]+) +[^ ]+ +([^ ]+) +(slot [0-9,]+|-) +[^ ]+ +(\[[^]]*\] +([0-9.]+)%|DELAYED|PENDING|-) .*/\1 \2 \3 \4 =\6/p' |
	    sed 's/ =$/ -/; s/ =/ /'
}

# The same from `rackcon --list raid --json`, percent printed as %.1f; the
# missing column must also agree with missing_slots.
json_tuples() {
	rc_batch -r "$live" -- --list raid --json >/dev/null
	[ "$status" = 0 ] || fail "--list raid --json exited with $status"
	jq -e 'type == "array"' "$tmpdir/stdout" >/dev/null ||
		fail "--list raid --json is not a JSON array: $(head -c 300 "$tmpdir/stdout")"
	jq -r '.[] | [.name, .health, (.disks // "-"), (.missing // "-"),
	    (if (.missing_slots | length) > 0 then "slot " +
	     (.missing_slots | map(tostring) | join(",")) else "-" end),
	    (.progress_percent // "-" | tostring)] | @tsv' \
	    "$tmpdir/stdout" | awk -F '\t' '{
		if ($4 != $5) {
			printf "%s: missing \"%s\" but missing_slots say \"%s\"\n",
			    $1, $4, $5 > "/dev/stderr"
			exit 1
		}
		printf "%s %s %s %s %s\n", $1, $2, $3, $4,
		    $6 == "-" ? "-" : sprintf("%.1f", $6)
	}' || fail "the JSON contradicts itself"
}

# The screen's rows and the JSON's, field by field and in the same order.
compare_json() {
	screen_tuples >"$tmpdir/screen.rows"
	json_tuples >"$tmpdir/json.rows"
	echo "screen rows (name health disks missing percent):"
	sed 's/^/  /' "$tmpdir/screen.rows"
	[ -s "$tmpdir/screen.rows" ] || { show_screen; fail "no rows parsed"; }
	if ! cmp -s "$tmpdir/screen.rows" "$tmpdir/json.rows"; then
		show_screen
		diff "$tmpdir/screen.rows" "$tmpdir/json.rows" |
		    sed 's/^/  diff screen json: /'
		fail "--list raid --json disagrees with the screen"
	fi
	echo "--list raid --json: the same $(wc -l <"$tmpdir/json.rows") rows"
}

# json_field NAME FILTER: FILTER (jq) applied to array NAME in the last JSON.
json_field() {
	jq -c --arg n "$1" ".[] | select(.name == \$n) | $2" "$tmpdir/stdout"
}

# The bar of md0's PROGRESS cell, e.g. [====>    ].
md0_bar() {
	screen | sed -nE 's/^md0 .*(\[[=> ]+\]) +[0-9.]+% .*/\1/p'
}

say "step1: md0 recovering at 9.6 %, its missing slot 1 marked"
rc_start -r "$live" -- -d 0.5 --panel raid
wait_for '^md0 +degraded +raid1 +1/2 +slot 1 +[a-z]+ +\[[=> ]+\] +9\.6% '
assert_screen '^rackcon +Disks +RAID! '
esc=$(printf '\033')
screen_attr | grep -Eq "^.*md0 .*$esc\[([0-9]+;)*1m+slot 1" || {
	show_screen
	fail "md0's 'slot 1' is not drawn as an alert (bold)"
}
bar1=$(md0_bar)
echo "md0 bar at step1: $bar1"

say "step1: failed and degraded arrays are listed first"
check_order "md3 inactive"
screen_health | sed -n 2p | grep -qx 'md0 degraded' ||
	fail "md0 (degraded) is not second"

say "nothing changes: 0 bytes written in 2 s"
wait_for 'Timeout risk' # the Disks panel's data is in
pane_record "$pane"
wait_quiet "$pane" 1.2 10
b0=$(file_bytes "$pane")
sleep 2 # a measuring window (four refreshes at -d 0.5), not a wait
idle=$(($(file_bytes "$pane") - b0))
echo "idle for 2 s at -d 0.5: $idle bytes"
[ "$idle" -eq 0 ] || {
	tail -c "$idle" "$pane" | od -An -c | head -20
	fail "an idle screen wrote $idle bytes in 2 s"
}

say "only md0's progress figures change: only those cells are redrawn"
# step1b: step1 with md0's recovery at 14.2 %, 1070K/sec, 0.3 min left.
cp -RP "$steps/step1" "$steps/step1b"
md=$steps/step1b/sys/devices/virtual/block/md0/md
printf '9000 / 63360\n' >"$md/sync_completed"
printf '1070\n' >"$md/sync_speed"
printf '9000\n' >"$md/dev-sdb1/recovery_start"
sed 's|\[=>\.*\]  recovery =  9\.6% (3200/31680) finish=0\.4min speed=1066K/sec|[==>..................]  recovery = 14.2% (4500/31680) finish=0.3min speed=1070K/sec|' \
    "$steps/step1/proc/mdstat" >"$steps/step1b/proc/mdstat"
grep -q 'recovery = 14.2%' "$steps/step1b/proc/mdstat" ||
	fail "could not write step1b's mdstat"
b0=$(file_bytes "$pane")
switch_state step1b
wait_for '^md0 +degraded +raid1 +1/2 +slot 1 +[a-z]+ +\[[=> ]+\] +14\.2% +1070K +0\.3m( |$)'
wait_quiet "$pane" 1.2 10
change=$(($(file_bytes "$pane") - b0))
echo "the refresh showing md0 at 14.2 % wrote $change bytes (limit 400):"
tail -c "$change" "$pane" | od -An -c | sed 's/^/  /'
[ "$change" -gt 0 ] || fail "nothing was written for a change on screen"
[ "$change" -lt 400 ] ||
	fail "$change bytes for one array's progress figures (limit 400)"

say "step2: md0 at 47.5 %, md1's loop1 failed (degraded, slot 1 missing)"
b0=$(file_bytes "$pane")
sh tests/fixtures/make-raid-steps.sh -s 2 "$steps" || fail "-s 2 failed"
wait_for '^md0 +degraded +raid1 +1/2 +slot 1 +[a-z]+ +\[[=> ]+\] +47\.5% '
wait_for '^md1 +degraded +raid5 +2/3 +slot 1 '
assert_screen '^rackcon +Disks +RAID! '
bar2=$(md0_bar)
echo "md0 bar at step2: $bar2"
n1=$(printf '%s' "$bar1" | tr -cd '=' | wc -c)
n2=$(printf '%s' "$bar2" | tr -cd '=' | wc -c)
[ "$n2" -gt "$n1" ] || fail "the bar did not move: '$bar1' -> '$bar2'"
check_order "md3 inactive"
wait_quiet "$pane" 1.2 10
echo "that refresh wrote $(($(file_bytes "$pane") - b0)) bytes (two arrays changed)"
pane_record_stop

say "step2: --list raid --json agrees with the screen"
compare_json
[ "$(json_field md0 .progress_percent)" = 47.5 ] ||
	fail "JSON md0 progress_percent is $(json_field md0 .progress_percent)"
[ "$(json_field md1 .health)" = '"degraded"' ] ||
	fail "JSON md1 health is $(json_field md1 .health)"
[ "$(json_field md1 .missing_slots)" = '[1]' ] ||
	fail "JSON md1 missing_slots is $(json_field md1 .missing_slots)"
echo "JSON: md0 progress_percent 47.5, md1 degraded, missing_slots [1]"

say "step3: md0 recovered (ok, no progress), md1 still degraded"
sh tests/fixtures/make-raid-steps.sh -s 3 "$steps" || fail "-s 3 failed"
wait_for '^md0 +ok +raid1 +2/2 +- +idle +- '
assert_screen '^md1 +degraded +raid5 +2/3 +slot 1 '
assert_screen '^rackcon +Disks +RAID! '
check_order "md3 inactive"
compare_json
[ "$(json_field md0 '[.health, .progress_percent, .missing_slots]')" = \
    '["ok",null,[]]' ] || fail "JSON md0: $(json_field md0 .)"

say "the tab marker: RAID without ! while all is well, RAID! once md1 fails"
# calm: step3 without md3 and md4 and with md1 whole again (from step1).
cp -RP "$steps/step3" "$steps/calm"
vb=$steps/calm/sys/devices/virtual/block
rm -rf "$steps/calm/sys/block/md3" "$steps/calm/sys/block/md4" \
    "$vb/md3" "$vb/md4" "$vb/md1"
cp -RP "$steps/step1/sys/devices/virtual/block/md1" "$vb/md1"
cat >"$steps/calm/proc/mdstat" <<'EOF'
Personalities : [raid1] [raid6] [raid5] [raid4] 
md2 : active raid1 sdd1[1] sdc1[0]
      31680 blocks super 1.2 [2/2] [UU]
      [=>...................]  check =  9.6% (3200/31680) finish=0.4min speed=1066K/sec
      bitmap: 1/1 pages [4KB], 65536KB chunk

md1 : active raid5 loop2[3] loop1[1] loop0[0]
      63488 blocks super 1.2 level 5, 64k chunk, algorithm 2 [3/3] [UUU]
      
md0 : active raid1 sdb1[2] sda1[0]
      31680 blocks super 1.2 [2/2] [UU]
      
unused devices: <none>
EOF
# calm-md1: the same with md1 as at step2.
cp -RP "$steps/calm" "$steps/calm-md1"
rm -rf "$steps/calm-md1/sys/devices/virtual/block/md1"
cp -RP "$steps/step2/sys/devices/virtual/block/md1" \
    "$steps/calm-md1/sys/devices/virtual/block/md1"
sed 's/loop1\[1\] /loop1[1](F) /; s|\[3/3\] \[UUU\]|[3/2] [U_U]|' \
    "$steps/calm/proc/mdstat" >"$steps/calm-md1/proc/mdstat"
switch_state calm
wait_gone 'RAID!'
wait_for '^rackcon +Disks +RAID +local( |$)'
assert_not_screen '^md[0-9]+ +(failed|degraded|warning) '
assert_screen '^md1 +ok +raid5 +3/3 +- '
echo "tab bar: $(screen | sed -n 1p | sed 's/  *local.*//')"
switch_state calm-md1
wait_for '^md1 +degraded +raid5 +2/3 +slot 1 '
wait_for '^rackcon +Disks +RAID! '
check_order "md1 degraded"
echo "tab bar: $(screen | sed -n 1p | sed 's/  *local.*//')"
compare_json

say "q quits with status 0"
send_keys q
wait_exit 5
[ "$(exit_status)" = 0 ] || fail "rackcon exited with status '$(exit_status)'"
echo "raid-progress: ok"
