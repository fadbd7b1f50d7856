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
