#!/bin/sh
# The Disks actions menu offers only the commands that make sense for the
# selected device: no disk-set-erc for a drive whose SCT ERC smartctl
# reports unsupported, and its key says why instead of opening a form.
. tests/regress/lib.sh

say "start: wait for the SMART data (sdb: SCT ERC unsupported)"
rc_start
wait_for '10/10 *$'
wait_for '^sdb .* unsupported' 20

say "sda (SCT ERC 7 s): the menu offers disk-set-erc"
press_until '^sda: ' Down 10
wait_selected sda
send_keys Enter
wait_for 'Actions: sda'
assert_screen 'disk-set-erc'
assert_screen 'disk-set-timeout'
send_keys Escape
wait_gone 'Actions: sda'

say "sdb (no SCT ERC): the menu leaves disk-set-erc out"
send_keys Down
wait_selected sdb
send_keys Enter
wait_for 'Actions: sdb'
assert_screen 'disk-set-timeout'
assert_not_screen 'disk-set-erc'
send_keys Escape
wait_gone 'Actions: sdb'

say "sdb: the e key says why, and no form opens"
send_keys e
wait_for 'SCT ERC of sdb cannot be set: the drive does not support it'
assert_not_screen 'READ_DS'

say "typed at the prompt, it is refused with the same reason"
rc_batch -c 'disk-set-erc sdb 70 70' --dry-run
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q 'SCT ERC of sdb cannot be set: the drive does not support it' \
    "$tmpdir/stderr" || fail "no reason: $(cat "$tmpdir/stderr")"

say "the detail pane and the raid-safe plan do not guess smartctl is missing"
rc_batch -c 'disks-raid-safe-timeouts' --dry-run
[ "$status" = 0 ] || fail "exit $status"
grep -q 'missing?' "$tmpdir/stdout" && fail "plan guesses: $(cat "$tmpdir/stdout")"
grep -q '^# sdb: drive has no SCT ERC: kernel timeout raised to 180 s$' \
    "$tmpdir/stdout" || fail "sdb line: $(cat "$tmpdir/stdout")"
echo "disks-offers: ok"
