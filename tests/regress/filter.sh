#!/bin/sh
# The live filter: / narrows the rows as you type, Enter keeps the filter
# (shown in the status line), Esc clears it; no match says so.
. tests/regress/lib.sh

rc_start
wait_for '10/10 *$'

say "/ then 'sd' narrows the rows while typing"
send_text /
wait_for '^/ *$'
send_text sd
wait_for '^/sd *$'
wait_gone '^nvme0n1 '
for d in sda sdb sdc sdd sde; do
	assert_screen "^$d +[0-9.]+[KMGT] "
done
for d in loop0 nvme0n1 vda; do
	assert_not_screen "^$d +[0-9.]+[KMGT] "
done

say "Enter keeps the filter: '/sd' and '5/10' in the status line"
send_keys Enter
wait_for '/sd +5/10 *$'
assert_not_screen '^nvme0n1 '
[ "$(table_rows | tr '\n' ' ')" = "sda sdb sdc sdd sde " ] ||
	fail "filtered rows are '$(table_rows | tr '\n' ' ')'"

say "the filter narrows further when opened again: '/sdb' shows one row"
send_text /
wait_for '^/sd *$'
send_text b
wait_for '^/sdb *$'
send_keys Enter
wait_for '/sdb +1/10 *$'
[ "$(table_rows | tr '\n' ' ')" = "sdb " ] ||
	fail "rows for /sdb are '$(table_rows | tr '\n' ' ')'"
wait_for '^sdb: '

say "Esc clears the filter: all 8 rows again"
send_keys Escape
wait_for ' 10/10 *$'
assert_not_screen '/sdb'
[ "$(table_rows | tr '\n' ' ')" = "$RC_DISKS " ] ||
	fail "rows after Esc are '$(table_rows | tr '\n' ' ')'"

say "Esc while typing cancels the filter being typed"
send_text /
wait_for '^/ *$'
send_text nvme
wait_for '^/nvme *$'
wait_gone '^sda '
send_keys Escape
wait_for ' 10/10 *$'
assert_screen '^sda '
assert_not_screen '/nvme'

say "a filter that matches nothing says so, 0/10"
send_text /
wait_for '^/ *$'
send_text zzz
wait_for 'no row matches'
send_keys Enter
wait_for '/zzz +0/10 *$'
assert_screen 'no row matches the filter'
for d in $RC_DISKS; do
	assert_not_screen "^$d "
done
send_keys Escape
wait_for ' 10/10 *$'
assert_not_screen 'no row matches'
echo "filter: ok"
