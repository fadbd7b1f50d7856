#!/bin/sh
# `rackcon --list raid --json` on tests/fixtures/sysroot-raid, field by
# field: UUIDs in mdadm's colon form (md4 is 0.90 metadata), stable JSON
# types (progress_percent a number or null, sync_state a word or null),
# a check's mismatches in health_note, raid0 never "degraded", and on a
# copy of the fixture: resync=DELAYED and a raid0 that lost a member.
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

say "what mdadm --detail says: name, events, layout, counts, members"
# md0 as mdadm --detail showed it in 08-raid1-recovery (corpus): 2 total,
# 1 active, 2 working, 0 failed, 1 spare; sdb1 "spare rebuilding" 8:17.
expect md0 .array_name '"mdlab:0"'
expect md0 .events 17
expect md0 .update_time 1795317165
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
expect md4 '[.members[] | .role]' \
    '["active sync","active sync","spare","faulty"]'
# mdadm runs once per array (on one member), not once per member.
copy=$tmpdir/copy
cp -a "$fixture" "$copy" || fail "cp -a failed"
: >"$copy/mdadm/calls.log"
list "$copy"
calls=$(wc -l <"$copy/mdadm/calls.log")
[ "$calls" = 5 ] || fail "mdadm ran $calls times: $(cat "$copy/mdadm/calls.log")"
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
echo "ok"
