#!/bin/sh
# A --sysroot that is missing or not a directory is named in the error,
# with the reason, before anything is read below it.
. tests/regress/lib.sh

# A path of our own that surely does not exist (/nonexistent can: it is
# the home of nobody, and tools create it).
missing=$tmpdir/nonexistent
say "--sysroot $missing"
rc_batch -r "$missing" -- --list disks
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -qx "rackcon: --sysroot $missing: No such file or directory" \
    "$tmpdir/stderr" || fail "stderr: $(cat "$tmpdir/stderr")"

say "--sysroot naming a file"
: >"$tmpdir/file"
rc_batch -r "$tmpdir/file" -- --list disks
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -qx "rackcon: --sysroot $tmpdir/file: Not a directory" \
    "$tmpdir/stderr" || fail "stderr: $(cat "$tmpdir/stderr")"

say "the interactive UI refuses it too, before taking the terminal"
rc_start -c -r "$missing"
wait_for '^rc-shell\$'
send_text "$(rc_cmdline); echo status=\$?"
send_keys Enter
wait_for '^status=2'
assert_screen "^rackcon: --sysroot $missing: No such file or directory"
echo "sysroot: ok"
