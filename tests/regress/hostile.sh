#!/bin/sh
# Hostile text never reaches the terminal or breaks JSON: a disk whose
# model, vendor and serial hold escape sequences (window title, clipboard
# write, clear screen), invalid UTF-8, a C1 CSI, bidi overrides and
# zero-width characters (tests/fixtures/make-hostile.sh), and hostile
# config values and command names. Checked on every path: --list text,
# --list --json, stderr, and the TUI's cells.
. tests/regress/lib.sh

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
root=$tmpdir/hostile
sh tests/fixtures/make-hostile.sh "$root" || fail "make-hostile.sh failed"

# check_clean FILE WHAT: FILE holds none of the hostile characters.
check_clean() {
	python3 - "$1" "$2" <<'PY' || fail "$2 is not clean"
import sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("%s: invalid UTF-8 (%s)" % (sys.argv[2], e))
bad = set(range(0x00, 0x20)) - {0x0a} | set(range(0x7f, 0xa0)) | \
    {0x61c, 0x2028, 0x2029, 0xfeff} | set(range(0x200b, 0x2010)) | \
    set(range(0x202a, 0x202f)) | set(range(0x2060, 0x206a))
found = sorted({"U+%04X" % ord(c) for c in text if ord(c) in bad})
if found:
    sys.exit("%s: holds %s" % (sys.argv[2], " ".join(found)))
PY
}

say "--list disks: text with every hostile character as ?"
rc_batch -r "$root" -- --list disks
[ "$status" = 0 ] || fail "exit $status"
check_clean "$tmpdir/stdout" "--list text"
grep -qF 'EVIL?]0;pwned??[2J???drow?X?1m?' "$tmpdir/stdout" ||
	fail "model not shown as expected: $(grep sda "$tmpdir/stdout")"

say "--list disks --json: valid JSON, the text kept, unsafe characters escaped"
rc_batch -r "$root" -- --list disks --json
[ "$status" = 0 ] || fail "exit $status"
python3 -m json.tool "$tmpdir/stdout" >/dev/null || fail "not valid JSON"
check_clean "$tmpdir/stdout" "--json output"
python3 - "$tmpdir/stdout" <<'PY' || fail "the JSON values are wrong"
import json, sys
row = json.load(open(sys.argv[1]))[0]
want = ("EVIL\x1b]0;pwned\x07\x1b[2J\ufffd\ufffd\u202edrow\u200bX"
        "\x9b1m\u2066")
assert row["model"] == want, repr(row["model"])
assert row["vendor"] == "ATA\x1b]52;c;cm0gLXJmIC8K\x07", repr(row["vendor"])
assert row["serial"] == "SN\ufeff\u200f", repr(row["serial"])
PY

say "stderr: hostile config values and command names are shown safely"
printf 'refresh = \033]0;pwned\007\342\200\256\377\n' >"$tmpdir/bad.conf"
rc_batch -r "$root" -- --config "$tmpdir/bad.conf" --list disks
[ "$status" = 2 ] || fail "exit $status"
check_clean "$tmpdir/stderr" "config error"
grep -q "refresh must be" "$tmpdir/stderr" || fail "no config error"
# (rc_batch's echo of the arguments would send the ESC to this terminal.)
rc_batch -r "$root" -- -c "$(printf 'nope\033[2J\342\200\213')" >/dev/null
[ "$status" = 2 ] || fail "exit $status"
check_clean "$tmpdir/stderr" "unknown command error"
grep -qF 'unknown command: nope?[2J?' "$tmpdir/stderr" ||
	fail "stderr: $(cat -v "$tmpdir/stderr")"

say "the TUI: no title change, no bidi or zero-width characters on screen"
rc_start -s 250x30 -r "$root"
wait_for '1/1 *$'
wait_for 'EVIL'
screen >"$tmpdir/screen"
check_clean "$tmpdir/screen" "the screen"
grep -qF 'EVIL?]0;pwned??[2J???drow?X?1m?' "$tmpdir/screen" ||
	{ show_screen; fail "model not drawn as expected"; }
title=$(tm display-message -p -t "$RC_SESSION" '#{pane_title}')
[ "$title" != pwned ] || fail "the model set the window title"
send_keys q
wait_exit
echo "hostile: ok"
