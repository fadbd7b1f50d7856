#!/bin/sh
# A --sysroot that is missing or not a directory is named in the error,
# with the reason, before anything is read below it.
. tests/regress/lib.sh

say "--sysroot /nonexistent"
rc_batch -r /nonexistent -- --list disks
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -qx 'rackcon: --sysroot /nonexistent: No such file or directory' \
    "$tmpdir/stderr" || fail "stderr: $(cat "$tmpdir/stderr")"

say "--sysroot naming a file"
: >"$tmpdir/file"
rc_batch -r "$tmpdir/file" -- --list disks
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -qx "rackcon: --sysroot $tmpdir/file: Not a directory" \
    "$tmpdir/stderr" || fail "stderr: $(cat "$tmpdir/stderr")"

say "the interactive UI refuses it too, before taking the terminal"
rc_start -c -r /nonexistent
wait_for '^rc-shell\$'
send_text "$(rc_cmdline); echo status=\$?"
send_keys Enter
wait_for '^status=2'
assert_screen '^rackcon: --sysroot /nonexistent: No such file or directory'
echo "sysroot: ok"
