#!/bin/sh
# `rackcon --list raid --json` on tests/fixtures/sysroot-raid, field by
# field: UUIDs in mdadm's colon form (md4 is 0.90 metadata), stable JSON
# types (progress_percent a number or null, sync_state a word or null),
# a check's mismatches in health_note, raid0 never "degraded", superblock
# facts from mdadm --examine (creation and update time: mdadm runs with
# TZ=UTC0, so rackcon's own zone changes nothing; an inactive array's
# member roles and missing slots, 0.90 and
# 1.x), and on a copy of the fixture: resync=DELAYED and a raid0 that lost
# a member.
. tests/regress/lib.sh

command -v jq >/dev/null 2>&1 || skip "jq is not installed"
fixture=tests/fixtures/sysroot-raid

# jq FILTER on array NAME of the last listing; prints the compact value.
field() {
	jq -c --arg n "$1" ".[] | select(.name == \$n) | $2" "$tmpdir/stdout"
}

# Fails unless array $1's $2 is JSON $3.
expect() {
	got=$(field "$1" "$2")
	[ "$got" = "$3" ] || fail "$1 $2 is $got, expected $3"
}

list() {
	rc_batch -r "$1" -- --list raid --json
	[ "$status" = 0 ] || fail "--list raid --json exited with $status"
	jq -e 'type == "array"' "$tmpdir/stdout" >/dev/null ||
		fail "not a JSON array: $(head -c 300 "$tmpdir/stdout")"
	# Types that never change with the state of an array.
	jq -e 'all(.[]; (.progress_percent | type) as $t |
	    ($t == "number" or $t == "null")) and
	    all(.[]; (.sync_state | type) as $t | ($t == "string" or
	    $t == "null")) and
	    all(.[]; (.health_note | type) as $t | ($t == "string" or
	    $t == "null"))' "$tmpdir/stdout" >/dev/null ||
		fail "a field changes JSON type: $(cat "$tmpdir/stdout")"
}

say "the fixture"
list "$fixture"
expect md0 .uuid '"01dd534e:178ea158:6c2db6cc:70000d37"'
expect md1 .uuid '"f0ded972:b113ee78:ac8e2d73:0b49c205"'
# As mdadm --detail --scan printed them in the lab (corpus mdstat-qemu).
scan=${CORPUS_DIR:-../shared/corpus}/mdstat-qemu/mdadm-detail-scan.txt
if [ -f "$scan" ]; then
	for n in md0 md1; do
		u=$(field $n .uuid | tr -d '"')
		grep -q "^ARRAY /dev/$n .*UUID=$u\$" "$scan" ||
			fail "$n uuid $u is not mdadm's ($(grep "/dev/$n " "$scan"))"
	done
fi
expect md4 .metadata '"0.90"'
expect md4 .uuid '"c3d9a870:5b1e4f26:8d047e61:b2a9f35c"'
expect md0 .progress_percent 9.6
expect md0 .sync_state '"running"'
expect md1 .progress_percent null
expect md1 .sync_state null
expect md2 .health '"ok"'
expect md2 .mismatch_cnt 512
expect md2 .health_note '"check found 512 mismatched sectors so far"'
expect md1 .health_note null

say "inactive md3: its member's superblock (the fixture's fake mdadm)"
expect md3 .health '"inactive"'
expect md3 .level '"raid1"'
expect md3 .uuid '"9b3f5e21:0c7d4a88:e5f1b2c3:7a6d8e90"'
expect md3 .array_name '"mdlab:3"'
expect md3 .events 19
expect md3 .raid_disks 2
expect md3 .size null
expect md3 .start_command '"mdadm --run /dev/md3"'
expect md3 '.members[0].events' 19
expect md0 .start_command null
# sde1's superblock holds role 1 (sysfs calls it a spare: an inactive
# array has no roles): slot 0 is the one missing.
expect md3 '[.members[] | [.name, .role, .slot]]' '[["sde1","Active device 1",null]]'
expect md3 .missing_slots '[0]'
expect md3 .update_time 1795317201
expect md3 .creation_time 1795317180

say "what mdadm --detail says: name, events, layout, counts, members"
# md0 as mdadm --detail showed it in 08-raid1-recovery (corpus): 2 total,
# 1 active, 2 working, 0 failed, 1 spare; sdb1 "spare rebuilding" 8:17.
expect md0 .array_name '"mdlab:0"'
expect md0 .events 17
expect md0 .update_time 1795317165
# "Creation Time : Sun Nov 22 03:12:35 2026" in the lab's capture (UTC).
expect md0 .creation_time 1795317155
expect md1 .creation_time 1795317160
expect md0 '[.total_devices, .active_devices, .working_devices, .failed_devices, .spare_devices]' '[2,1,2,0,1]'
expect md0 '[.members[] | [.name, .role, .dev]]' \
    '[["sda1","active sync","8:1"],["sdb1","spare rebuilding","8:17"]]'
expect md1 .layout '"left-symmetric"'
expect md1 .array_name '"mdlab:1"'
expect md2 .bitmap_chunk 67108864
expect md2 .layout null
expect md4 '[.total_devices, .active_devices, .working_devices, .failed_devices, .spare_devices]' '[4,2,3,1,1]'
expect md4 .array_name null
expect md4 .events 42
# 0.90: mdadm --examine --export prints the creation time as
# MD_UPDATE_TIME; the human form tells them apart.
expect md4 .update_time 1795316850
expect md4 .creation_time 1795316700
expect md4 '[.members[] | .role]' \
    '["active sync","active sync","spare","faulty"]'
# mdadm runs once per array (on one member), not once per member.
copy=$tmpdir/copy
cp -a "$fixture" "$copy" || fail "cp -a failed"
: >"$copy/mdadm/calls.log"
list "$copy"
calls=$(wc -l <"$copy/mdadm/calls.log")
[ "$calls" = 5 ] || fail "mdadm ran $calls times: $(cat "$copy/mdadm/calls.log")"
grep -v '^--examine /dev/[a-z0-9]*$' "$copy/mdadm/calls.log" &&
	fail "mdadm ran with other arguments than --examine /dev/MEMBER"
rm -rf "$copy"

say "mdadm runs with TZ=UTC0: its times are UTC whatever rackcon's zone"
cp -a "$fixture" "$copy" || fail "cp -a failed"
: >"$copy/mdadm/env.log"
RC_TZ=EST5EDT,M3.2.0,M11.1.0
list "$copy"
RC_TZ=
envs=$(sort -u "$copy/mdadm/env.log")
[ "$envs" = "TZ=UTC0 LC_ALL=C" ] || fail "mdadm ran with: $envs"
expect md0 .update_time 1795317165
expect md0 .creation_time 1795317155
rm -rf "$copy"

say "md4 (0.90) inactive: each member's \"this\" row names its role"
copy=$tmpdir/copy
cp -a "$fixture" "$copy" || fail "cp -a failed"
md=$copy/sys/devices/virtual/block/md4/md
sed -i '/^md4 : /{s/.*/md4 : inactive sdi1[3](S) sdh1[2](S) sdg1[1](S) sdf1[0](S)/;n;s/.*/      126912 blocks/;}' \
    "$copy/proc/mdstat"
echo inactive >"$md/array_state"
: >"$md/level"
echo 0 >"$md/raid_disks"
for m in sdf1 sdg1 sdh1 sdi1; do
	echo spare >"$md/dev-$m/state"
	echo none >"$md/dev-$m/slot"
done
rm -f "$md/rd0" "$md/rd1"
list "$copy"
expect md4 .health '"inactive"'
expect md4 .level '"raid1"'
expect md4 .uuid '"c3d9a870:5b1e4f26:8d047e61:b2a9f35c"'
expect md4 .array_name null
# The newest superblocks speak for the array; sdg1's is stale (events 30)
# and still claims slot 1, which sdh1 holds.
expect md4 .events 42
expect md4 '[.members[] | [.name, .role, .events]]' \
    '[["sdf1","Active device 0",42],["sdg1","Active device 1",30],["sdh1","Active device 1",42],["sdi1","spare",42]]'
expect md4 .missing_slots '[]'
expect md4 .error null
# Without sdf1 (its superblock unreadable), slot 0 is missing.
rm "$copy/mdadm/sdf1.examine"
list "$copy"
expect md4 .missing_slots '[0]'
expect md4 '[.members[] | .role]' '["spare","Active device 1","Active device 1","spare"]'
rm -rf "$copy"

say "resync=DELAYED, and a raid0 that lost a member"
copy=$tmpdir/copy
cp -a "$fixture" "$copy" || fail "cp -a failed"
awk '{ print } /^md1 : / { getline; print;
    print "      resync=DELAYED" }' "$fixture/proc/mdstat" \
    >"$copy/proc/mdstat" || fail "awk failed"
md=$copy/sys/devices/virtual/block/md1/md
echo idle >"$md/sync_action"
list "$copy"
expect md1 .progress_percent null
expect md1 .sync_state '"delayed"'
expect md1 .delayed true
# md1 as a raid0 whose loop1 failed: the kernel calls it broken.
sed 's/^md1 : active raid5/md1 : active raid0/; s/loop1\[1\]/loop1[1](F)/' \
    "$fixture/proc/mdstat" >"$copy/proc/mdstat"
sed -i '/^md1 : /{n;s/.*/      95232 blocks super 1.2 64k chunks/;}' \
    "$copy/proc/mdstat"
echo raid0 >"$md/level"
echo broken >"$md/array_state"
echo faulty >"$md/dev-loop1/state"
echo none >"$md/dev-loop1/slot"
rm -f "$md/degraded" "$md/rd1"
list "$copy"
expect md1 .level '"raid0"'
expect md1 .health '"failed"'
expect md1 .degraded null
expect md1 .missing_slots '[1]'
say "an mdadm that hangs: one refresh gives up after 10 s of mdadm, not 5 s a member"
copy=$tmpdir/hung
rm -rf "$copy"
cp -a "$fixture" "$copy"
printf '#!/bin/sh\nexec sleep 60\n' >"$copy/bin/mdadm"
start=$(date +%s)
list "$copy"
took=$(($(date +%s) - start))
# Five arrays at 5 s each took 25 s before; the budget is 10 s.
[ "$took" -lt 20 ] || fail "the listing took $took s"
jq -e '[.[].error // "" | select(test("timed out after 5 s"))] | length > 0' \
    "$tmpdir/stdout" >/dev/null || fail "no array says mdadm timed out"
echo "hung mdadm: the listing took $took s"
echo "ok"
