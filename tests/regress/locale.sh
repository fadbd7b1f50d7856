#!/bin/sh
# An admin whose locale writes numbers with a decimal comma (LANG=
# de_DE.UTF-8): rackcon still reads the numbers of a host's /proc (load,
# uptime) as the kernel writes them, and shows them as the tools it is
# compared with do (0.42, not 0,42 and not a failed read). The locale is
# built into $tmpdir with localedef and reached through LOCPATH: nothing
# is installed on the machine.
. tests/regress/lib.sh

command -v localedef >/dev/null 2>&1 ||
	skip "no localedef (setup.sh installs the locales package)"
mkdir "$tmpdir/locale" || fail "mkdir failed"
localedef -i de_DE -f UTF-8 "$tmpdir/locale/de_DE.UTF-8" \
    >"$tmpdir/localedef.out" 2>&1 ||
	skip "localedef cannot build de_DE.UTF-8: $(tail -1 "$tmpdir/localedef.out")"
comma=$(LOCPATH=$tmpdir/locale LC_ALL=de_DE.UTF-8 python3 -c \
    'import locale; locale.setlocale(locale.LC_ALL, ""); print(locale.localeconv()["decimal_point"])')
[ "$comma" = "," ] || fail "the built de_DE.UTF-8 has decimal point '$comma', not ','"
RC_LOCPATH=$tmpdir/locale

inv=$tmpdir/hosts
printf 'host A\n    sysroot %s\n' "$(cd "$RC_FIXTURE" && pwd)" >"$inv"
chmod 600 "$inv"

say "LANG=de_DE.UTF-8: the Hosts panel reads and shows the load as 0.42"
rc_start -t vt100 -l de_DE.UTF-8 -r '' -- --inventory "$inv"
wait_for '^HOST +STATE +DISKS'
wait_for '^A +up +8 +2 +FAILED +0 +0 +- +0\.42 +- *$'
wait_for '^Up: 4d01h; load 0\.42 0\.35 0\.30'
assert_not_screen '0,42'
