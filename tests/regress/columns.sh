#!/bin/sh
# At 80x24 the Disks table shows the columns that fit, the timeout risk
# before the model, marked "!" in text (vt100, no colour); Left/Right
# scroll the columns after the name; the RAID detail names the risky disks.
. tests/regress/lib.sh

rc_start
wait_for '^sdb .* FAILED'
say "the risk and the array fit in 80 columns, whole"
assert_screen '^NAME .* TMO RISK MD +QD'
assert_screen '^sdb .* 30 ! +md0 '
assert_screen '^sdc .* 30 ! +md1 '
assert_not_screen '^sdd .* !'   # a USB stick in no array
assert_screen '>$'              # more columns to the right
assert_not_screen 'MODEL'

say "Right scrolls the columns after NAME; Left brings them back"
press_until '^NAME +<.*MODEL' Right 12
assert_screen '^sda +<?.*WDC WD40EFRX'
press_until '^NAME +SIZE' Left 40
assert_not_screen '^NAME +<'

say "the RAID detail names the disks at risk"
rc_start -r tests/fixtures/sysroot-raid -- --panel raid
wait_for '^md0 '
select_row md0
wait_for 'Timeout risk'
press_until 'md-fix-timeouts md0' ']' 8
assert_screen 'Timeout risk: sda \(ERC [a-z]+, timeout 30 s\), sdb'
assert_screen 'sdb \(ERC [a-z]+, timeout 30 s\);'
assert_screen 'fix: md-fix-timeouts md0'
echo "columns: ok"
