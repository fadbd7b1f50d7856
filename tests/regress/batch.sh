#!/bin/sh
# Batch mode: --list (text and JSON), -c with and without --yes, --dry-run,
# --read-only, commands that need the UI, bad panels, and a keymap file
# with a bad line (reported as FILE:LINE; rackcon still starts).
. tests/regress/lib.sh

out=$tmpdir/stdout
err=$tmpdir/stderr
no_python=

say "--list disks --json is valid JSON, one object per disk, same keys"
rc_batch --list disks --json
[ "$status" = 0 ] || fail "exit $status"
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$out" >/dev/null || fail "not valid JSON"
	python3 - "$out" "$RC_DISKS" <<'EOF' || fail "the JSON rows are wrong"
import json, sys
rows = json.load(open(sys.argv[1]))
want = sys.argv[2].split()
assert isinstance(rows, list), "not an array"
names = [r["name"] for r in rows]
assert names == want, "names %s, expected %s" % (names, want)
need = {"name", "size", "transport", "rotational", "health", "erc",
        "timeout", "queue_depth", "scheduler", "model", "serial", "md",
        "mountpoints", "partitions"}
keys = set(rows[0])
assert need <= keys, "missing keys: %s" % sorted(need - keys)
for r in rows:
    assert set(r) == keys, "%s has keys %s" % (r["name"], sorted(set(r) ^ keys))
by = {r["name"]: r for r in rows}
assert by["sdb"]["timeout"] == 30, by["sdb"]["timeout"]
assert by["sdb"]["size"] == 500107862016, by["sdb"]["size"]
assert by["sdb"]["transport"] == "sata"
assert by["sdb"]["health"] == "FAILED"
assert by["sda"]["erc"] == "7.0/7.0s"
assert by["sda"]["queue_depth"] == 32
assert by["nvme0n1"]["timeout"] is None
assert isinstance(by["sda"]["partitions"], list)
# The timeout risk is for MD members only: sdb (md0) and sdc (md1), not
# the USB stick sdd that is in no array, though its timeout is as short.
risky = sorted(r["name"] for r in rows if r["raid_timeout_risk"])
assert risky == ["sdb", "sdc"], "raid_timeout_risk on %s" % risky
# MD arrays are block devices too: listed with their mount, no SMART, no
# timeout risk (null: it does not apply).
md0 = by["md0"]
assert md0["type"] == "md" and md0["mountpoints"] == "/srv/raid", md0
assert md0["size"] == 3999577145344, md0["size"]
assert md0["raid_timeout_risk"] is None and md0["health"] is None, md0
assert md0["transport"] is None and md0["timeout"] is None, md0
assert by["sda"]["type"] == "disk" and by["loop0"]["type"] == "loop"
print("  %d objects, %d keys each, values as in the fixture" % (len(rows), len(keys)))
EOF
else
	no_python="python3 not found: the JSON was not validated"
	echo "$no_python"
fi

say "--list disks (text): a header and one line per disk"
rc_batch --list disks
[ "$status" = 0 ] || fail "exit $status"
head -1 "$out" | grep -Eq '^NAME +SIZE +TRAN +ROT +SMART +SCT-ERC +TMO +RISK +MD +QD +SCHED' ||
	fail "bad header: $(head -1 "$out")"
[ "$(sed 1d "$out" | awk '{ print $1 }' | tr '\n' ' ')" = "$RC_DISKS " ] ||
	fail "rows: $(sed 1d "$out" | awk '{ print $1 }' | tr '\n' ' ')"
grep -Eq '^sdb +466G +sata +yes +FAILED +unsupported +30 +! +md0 +32 +bfq ' "$out" ||
	fail "the sdb line is wrong: $(grep '^sdb' "$out")"
[ ! -s "$err" ] || fail "stderr not empty: $(cat "$err")"

say "disk-set-* on an MD array is refused with the reason"
rc_batch -c 'disk-set-timeout md0 180' --dry-run
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'md0 is an MD array, not a disk: disk-set-timeout applies to the disks under it' \
    "$err" || fail "no reason: $(cat "$err")"

say "--list nosuch exits 2"
rc_batch --list nosuch
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'no panel called nosuch' "$err" || fail "no clear message"

cp -a "$RC_FIXTURE" "$tmpdir/sysroot" || fail "cp -a failed"
copy=$tmpdir/sysroot/sys/block/sdb/device/timeout
fixture=$RC_FIXTURE/sys/block/sdb/device/timeout
fixture_before=$(cat "$fixture")

say "-c 'disk-set-timeout sdb 180' without --yes: exit 2, nothing changed"
rc_batch -r "$tmpdir/sysroot" -c 'disk-set-timeout sdb 180'
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q -- '--yes' "$err" || fail "the message does not mention --yes"
grep -q 'echo 180 > /sys/block/sdb/device/timeout' "$out" ||
	fail "the plan is not shown"
[ "$(cat "$copy")" = 30 ] || fail "the timeout changed to $(cat "$copy")"
[ ! -s "$tmpdir/audit.log" ] || fail "audit log written: $(cat "$tmpdir/audit.log")"

say "--dry-run: exit 0, prints the echo command, nothing changed"
rc_batch -r "$tmpdir/sysroot" -c 'disk-set-timeout sdb 180' --dry-run
[ "$status" = 0 ] || fail "exit $status, expected 0"
grep -q '^echo 180 > /sys/block/sdb/device/timeout$' "$out" ||
	fail "no echo command in: $(cat "$out")"
grep -q 'dry run' "$out" || fail "does not say dry run"
[ "$(cat "$copy")" = 30 ] || fail "the timeout changed to $(cat "$copy")"
[ ! -s "$tmpdir/audit.log" ] || fail "audit log written: $(cat "$tmpdir/audit.log")"

say "--read-only -c ...: refused, non-zero, says read-only"
rc_batch -r "$tmpdir/sysroot" --read-only -c 'disk-set-timeout sdb 180' --yes
[ "$status" != 0 ] || fail "exit 0"
grep -q 'read-only' "$err" || fail "no read-only message"
[ "$(cat "$copy")" = 30 ] || fail "the timeout changed to $(cat "$copy")"

say "--yes on the copy: exit 0, the file says 180, one audit line"
rc_batch -r "$tmpdir/sysroot" -c 'disk-set-timeout sdb 180' --yes
[ "$status" = 0 ] || fail "exit $status, expected 0"
grep -Eq '^sdb +ok' "$out" || fail "no 'sdb ok' in: $(cat "$out")"
[ "$(cat "$copy")" = 180 ] || fail "the copy's timeout is $(cat "$copy")"
grep 'target=sdb' "$tmpdir/audit.log" | grep -q 'result="ok"' ||
	fail "no audit line: $(cat "$tmpdir/audit.log" 2>&1)"
[ "$(wc -l <"$tmpdir/audit.log")" -eq 1 ] || fail "expected one audit line"
[ "$(cat "$fixture")" = "$fixture_before" ] || fail "the fixture itself changed"

say "--list reads the changed value back"
rc_batch -r "$tmpdir/sysroot" --list disks --json
grep -q '"name":"sdb".*"timeout":180' "$out" ||
	fail "sdb timeout is not 180 in the JSON"

say "errors in -c: unknown disk, bad number, unknown command"
rc_batch -r "$tmpdir/sysroot" -c 'disk-set-timeout nosuch 180' --yes
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'no disk called nosuch' "$err" || fail "no clear message"
rc_batch -r "$tmpdir/sysroot" -c 'disk-set-timeout sdb abc' --yes
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'must be a whole number' "$err" || fail "no clear message"
rc_batch -c 'frobnicate' --yes
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'unknown command' "$err" || fail "no clear message"
[ "$(cat "$copy")" = 180 ] || fail "the copy changed again"

say "-c help: works only in the interactive UI"
rc_batch -c help
[ "$status" != 0 ] || fail "exit 0"
grep -q 'works only in the interactive UI' "$err" || fail "no clear message"

say "a keymap file with one bad line: FILE:LINE, good lines still work"
cat >"$tmpdir/bad.keys" <<'EOF'
# a user keymap with a mistake on line 4
[global]
bind x quit
frobnicate q
bind F1 help
[table]
bind j cursor-down
EOF
rc_batch --keymap "$tmpdir/bad.keys" --list disks
[ "$status" = 0 ] || fail "exit $status: a bad keymap line stopped --list"
grep -q "$tmpdir/bad.keys:4:" "$err" || fail "no FILE:LINE in the message"
rc_start --keymap "$tmpdir/bad.keys"
wait_for 'bad\.keys:4'
wait_for '^loop0 +4\.0M '
echo "status line: $(screen | tail -1)"
send_text jjj
wait_selected nvme0n1
send_text x
wait_exit 5
[ "$(exit_status)" = 0 ] || fail "x (quit) exited with $(exit_status)"
echo "the good lines (j, x) work"

say "a config file others can write, or one over 16 MiB, stops rackcon"
mkdir -p "$tmpdir/config/rackcon"
cfg=$tmpdir/config/rackcon/config
printf 'read-only = yes\n' >"$cfg"
chmod 0666 "$cfg"
rc_batch -c 'disk-set-timeout sdb 180' --dry-run
[ "$status" = 2 ] || fail "exit $status with a world-writable config"
grep -q 'bad owner or permissions' "$tmpdir/stderr" ||
	fail "no 'bad owner or permissions': $(cat "$tmpdir/stderr")"
chmod 0600 "$cfg"
truncate -s 17M "$cfg"
rc_batch -c 'disk-set-timeout sdb 180' --dry-run
[ "$status" = 2 ] || fail "exit $status with a 17 MiB config"
grep -q 'too large' "$tmpdir/stderr" || fail "no 'too large': $(cat "$tmpdir/stderr")"
printf 'read-only = yes\n' >"$cfg"
rc_batch -c 'disk-set-timeout sdb 180' --dry-run
[ "$status" = 2 ] || fail "exit $status: read-only = yes from the config was not applied"
grep -q 'read-only' "$tmpdir/stderr" || fail "no read-only refusal: $(cat "$tmpdir/stderr")"
rm -f "$cfg"
echo "config refused with the reason"

[ -z "$no_python" ] || skip "$no_python"
echo "batch: ok"
