#!/bin/sh
# Several hosts from an inventory (two copies of the fixture, A and B):
# rackcon opens on the Hosts panel (with each tree's load at 80 columns,
# its uptime and kernel a Right away, and all of them in the detail pane
# and the JSON; no round trip for a tree on this machine), Enter shows a
# host's Disks and the tab
# bar and status line name it, } { switch hosts and H goes back; a change
# typed with -t B asks naming B and writes only into B's tree; in batch
# mode --host picks the host for --list and -c; --list hosts has both.
# XDG_CONFIG_HOME is lib.sh's empty folder: a user's inventory is never read.
. tests/regress/lib.sh

A=$tmpdir/A
B=$tmpdir/B
cp -a "$RC_FIXTURE" "$A" || fail "cp -a failed"
cp -a "$RC_FIXTURE" "$B" || fail "cp -a failed"
inv=$tmpdir/hosts
cat >"$inv" <<EOF
# two copies of the fixture
host A
    sysroot $A
host B
    sysroot $B
EOF
chmod 600 "$inv"

timeout_of() { # TREE DISK
	cat "$1/sys/block/$2/device/timeout"
}
# check_timeout TREE DISK WANT
check_timeout() {
	got=$(timeout_of "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: $2's timeout is '$got', expected $3"
}

# The Hosts panel, both hosts up, and the shown host's name in the tab bar.
hosts_panel_up() {
	wait_for '^rackcon +Hosts.*A \(sysroot '
	wait_for '^A +up +8 +2 '
	wait_for '^B +up +8 +2 '
}

# Both hosts' full snapshots are in (SMART read): a change planned on the
# first frame's names and sizes is refused as not read yet.
hosts_read() {
	wait_for '^A +up +8 +2 +FAILED '
	wait_for '^B +up +8 +2 +FAILED '
}

for term in xterm vt100; do
	say "TERM=$term: rackcon --inventory opens on the Hosts panel"
	rc_start -t $term -r '' -- --inventory "$inv"
	hosts_panel_up
	assert_screen '^HOST +STATE +DISKS +RISK +SMART +MD +DEGR +RTT +LOAD +WHY'
	assert_screen 'A \(shown\): sysroot '
	wait_for '^A +up +8 +2 +FAILED +0 +0 +- +0\.42 +- *$'
	wait_for '^Kernel: 6\.1\.0-18-amd64'
	assert_screen '^Up: 4d01h; load 0\.42 0\.35 0\.30'

	say "TERM=$term: Enter on B shows B's Disks; tab bar and status name B"
	send_keys Down
	wait_selected B
	send_keys Enter
	wait_for '^NAME +SIZE'
	wait_for "^rackcon .* B \\(sysroot $B\\) *\$"
	wait_for ' B 10/10 *$'
	assert_screen '^sdb +466G '
done

say "{ and } switch hosts, H goes back to the Hosts panel"
send_text '{'
wait_for "^rackcon .* A \\(sysroot $A\\) *\$"
wait_for ' A 10/10 *$'
assert_screen '^NAME +SIZE'
send_text '}'
wait_for "^rackcon .* B \\(sysroot $B\\) *\$"
wait_for ' B 10/10 *$'
send_text '}'
wait_for ' A 10/10 *$'
send_text H
wait_for '^HOST +STATE +DISKS'
assert_screen '^A +up '

say "Right shows uptime and kernel past WHY (no BMC columns: no host has a BMC); Left comes back"
assert_not_screen 'POWER'
send_keys Right Right Right Right Right Right Right Right Right
wait_for '^HOST +< *UP +SYNC +SINCE +KERNEL'
wait_for '^A +4d01h +- +- +6\.1\.0-18-amd64'
assert_not_screen 'POWER|AUDIT'
send_keys Left Left Left Left Left Left Left Left Left
wait_for '^HOST +STATE +DISKS'

say "a change typed on A's panel with -t B asks naming B; y runs it on B"
rc_start -t xterm -r '' -- --inventory "$inv"
hosts_panel_up
hosts_read
send_keys Enter
wait_for ' A 10/10 *$'
send_text :
wait_for '^: *$'
send_text 'disk-set-timeout -t B sdb 180'
wait_for '^:disk-set-timeout -t B sdb 180 *$'
send_keys Enter
wait_for 'Confirm'
wait_for "On host B \\(sysroot $B\\)"
assert_screen 'timeout of sdb to 180 s'
assert_not_screen 'On host A'
check_timeout "$B" sdb 30
send_text y
wait_for 'Result'
wait_for 'sdb +ok'
check_timeout "$B" sdb 180
check_timeout "$A" sdb 30
grep 'target=sdb' "$tmpdir/audit.log" | grep -q 'host=B ' ||
	fail "no audit line with host=B: $(cat "$tmpdir/audit.log")"
grep -q 'host=A' "$tmpdir/audit.log" &&
	fail "an audit line names A: $(cat "$tmpdir/audit.log")"
send_keys Escape
wait_gone 'Result'

say "each host's Disks panel shows its own tree: A 30, B 180"
wait_for ' A 10/10 *$'
wait_for '^sdb +466G .* 30 ! +md0 '
send_text '}'
wait_for ' B 10/10 *$'
wait_for '^sdb +466G .* 180 +md0 '

say "--host B --list disks --json lists B's rows, --host A A's"
rc_batch -r '' -- --inventory "$inv" --host B --list disks --json
[ "$status" = 0 ] || fail "exit $status"
grep -q '"name":"sdb".*"timeout":180' "$tmpdir/stdout" ||
	fail "B's sdb is not 180: $(grep '"sdb"' "$tmpdir/stdout")"
rc_batch -r '' -- --inventory "$inv" --host A --list disks --json
[ "$status" = 0 ] || fail "exit $status"
grep -q '"name":"sdb".*"timeout":30,' "$tmpdir/stdout" ||
	fail "A's sdb is not 30: $(grep '"sdb"' "$tmpdir/stdout")"

say "-c ... --yes --host B changes only B, and says so"
rm -f "$tmpdir/audit.log"
rc_batch -r '' -- --inventory "$inv" --host B -c 'disk-set-timeout sdc 120' \
    --yes
[ "$status" = 0 ] || fail "exit $status: $(cat "$tmpdir/stderr")"
grep -qx "On host B (sysroot $B)" "$tmpdir/stdout" ||
	fail "stdout does not name B: $(cat "$tmpdir/stdout")"
check_timeout "$B" sdc 120
check_timeout "$A" sdc 30
grep -q 'host=B .*target=sdc' "$tmpdir/audit.log" ||
	fail "no audit line with host=B: $(cat "$tmpdir/audit.log")"

say "-c with B:ARG and no --host acts on B too"
rc_batch -r '' -- --inventory "$inv" -c 'disk-set-timeout B:sdd 90' --yes
[ "$status" = 0 ] || fail "exit $status: $(cat "$tmpdir/stderr")"
check_timeout "$B" sdd 90
check_timeout "$A" sdd 30

say "no --host and no HOST: with two hosts: refused (exit 2), nothing changed"
rc_batch -r '' -- --inventory "$inv" -c 'disk-set-timeout sdb 60' --yes
[ "$status" = 2 ] || fail "-c: exit $status, expected 2"
grep -q "disk-set-timeout: the inventory has 2 hosts (A, B): name one with -t HOST, HOST:ARG or --host NAME" "$tmpdir/stderr" ||
	fail "-c: stderr: $(cat "$tmpdir/stderr")"
check_timeout "$A" sdb 30
check_timeout "$B" sdb 180
rc_batch -r '' -- --inventory "$inv" --list disks --json
[ "$status" = 2 ] || fail "--list: exit $status, expected 2"
[ -s "$tmpdir/stdout" ] && fail "--list printed: $(head -3 "$tmpdir/stdout")"
grep -q -- "--list disks: the inventory has 2 hosts (A, B): name one with --host NAME" "$tmpdir/stderr" ||
	fail "--list: stderr: $(cat "$tmpdir/stderr")"

say "--host naming no host of the inventory fails, and changes nothing"
# (Since issue 9 such a name is an ssh destination: it fails to resolve or
# to connect, exit 1, rather than being refused with exit 2.)
rc_batch -r '' -- --inventory "$inv" --host C -c 'disk-set-timeout sdb 60' \
    --yes
[ "$status" != 0 ] || fail "exit 0"
grep -q 'C' "$tmpdir/stderr" || fail "stderr: $(cat "$tmpdir/stderr")"
check_timeout "$A" sdb 30
check_timeout "$B" sdb 180

say "--list hosts --json has both hosts"
rc_batch -r '' -- --inventory "$inv" --list hosts --json
[ "$status" = 0 ] || fail "exit $status"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmpdir/stdout" "$A" "$B" <<'EOF' || fail "the JSON rows are wrong"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["host"] for r in rows] == ["A", "B"], rows
by = {r["host"]: r for r in rows}
assert by["A"]["reach"] == "sysroot " + sys.argv[2], by["A"]
assert by["B"]["reach"] == "sysroot " + sys.argv[3], by["B"]
assert all(r["state"] == "up" and r["disks"] == 8 for r in rows), rows
# The tree's proc/sys/kernel/osrelease, proc/uptime and proc/loadavg; no
# round trip to this machine.
for r in rows:
    assert r["kernel"] == "6.1.0-18-amd64", r
    assert r["uptime_s"] == 350735, r
    assert r["load_1min"] == 0.42 and r["load"] == [0.42, 0.35, 0.3], r
    assert r["rtt_ms"] is None and r["why"] is None, r
    assert r["failure"] is None and r["tags"] == [], r
EOF
else
	grep -q '"host":"A"' "$tmpdir/stdout" || fail "no host A"
	grep -q '"host":"B"' "$tmpdir/stdout" || fail "no host B"
fi

say "the default inventory: \$XDG_CONFIG_HOME/rackcon/hosts; --sysroot alone skips it"
mkdir -p "$tmpdir/config/rackcon"
cp "$inv" "$tmpdir/config/rackcon/hosts"
rc_batch -r '' -- --list hosts
[ "$status" = 0 ] || fail "exit $status"
[ "$(awk 'NR > 1 { print $1 }' "$tmpdir/stdout" | tr '\n' ' ')" = "A B " ] ||
	fail "not A and B: $(cat "$tmpdir/stdout")"
rc_batch -- --list hosts
[ "$status" = 0 ] || fail "exit $status"
[ "$(awk 'NR > 1 { print $1 }' "$tmpdir/stdout" | tr '\n' ' ')" = "local " ] ||
	fail "not local alone: $(cat "$tmpdir/stdout")"
chmod 666 "$tmpdir/config/rackcon/hosts"
rc_batch -r '' -- --list hosts
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q "rackcon/hosts: bad owner or permissions" "$tmpdir/stderr" ||
	fail "stderr: $(cat "$tmpdir/stderr")"
rm -r "$tmpdir/config/rackcon"
echo "hosts: ok"
