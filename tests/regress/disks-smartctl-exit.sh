#!/bin/sh
# How smartctl ended is shown: a smartctl killed by a signal says so (not
# "JSON truncated"), and a whole document with a non-zero exit status gets
# a note that decodes the status bits as smartctl(8) documents them.
. tests/regress/lib.sh

root=$tmpdir/sysroot
cp -a "$RC_FIXTURE" "$root" || fail "cp -a failed"
echo KILL >"$root/smartctl/sdc.kill"
echo 137 >"$root/smartctl/sda.exit"

say "--list disks --json: sdc killed, sda noted, sdb's own status noted"
rc_batch -r "$root" --list disks --json
[ "$status" = 0 ] || fail "exit $status"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
python3 - "$tmpdir/stdout" <<'PY' || fail "the JSON is wrong"
import json, sys
by = {r["name"]: r for r in json.load(open(sys.argv[1]))}
sdc = by["sdc"]
assert sdc["smart_error"] == "smartctl killed by signal 9 (SIGKILL)", sdc["smart_error"]
assert sdc["health"] is None, sdc["health"]
sda = by["sda"]
assert sda["health"] == "PASSED", sda["health"]
assert sda["smart_error"] == ("smartctl exit status 137: the command line "
    "did not parse; SMART status DISK FAILING; the self-test log has "
    "errors"), sda["smart_error"]
assert sda["smart_exit_status"] == 137, sda["smart_exit_status"]
assert by["sdb"]["smart_exit_status"] == 216, by["sdb"]["smart_exit_status"]
assert by["nvme0n1"]["smart_error"] is None, by["nvme0n1"]["smart_error"]
assert by["nvme0n1"]["smart_exit_status"] == 0
print("  sdc: %s; sda: %s" % (sdc["smart_error"], sda["smart_error"][:40]))
PY

say "the detail pane says it too, at 80x24"
rc_start -r "$root"
wait_for '10/10 *$'
press_until '^sda: ' Down 10
wait_for '^SMART note: smartctl exit status 137: the command line did not' 20
press_until '^sdc: ' Down 10
wait_for '^SMART: smartctl killed by signal 9 \(SIGKILL\)' 20
assert_not_screen 'truncated'
echo "disks-smartctl-exit: ok"
