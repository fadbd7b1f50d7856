#!/bin/sh
# What the members' superblocks say (mdadm --examine, the fixture's fake)
# in the RAID detail pane: the inactive md3's member role ("Active device
# 1") and the slot no member holds, and each array's creation and update
# time (mdadm's local times, read here in UTC).
. tests/regress/lib.sh

rc_start -s 132x40 -r tests/fixtures/sysroot-raid -- --panel raid
wait_for '^md3 +inactive'
wait_selected md3
wait_for 'created 2026-11-22 03:13:00 UTC, updated 2026-11-22 03:13:21 UTC'
assert_screen '^ *sde1 +- +spare +Active device 1 +8:65 events 19'
assert_screen "Missing: slot 0 \\(held by no member's superblock; 1 of 2 roles present\\)"
send_keys Down
wait_selected md0
wait_for 'created 2026-11-22 03:12:35 UTC, updated 2026-11-22 03:12:45 UTC'
# A running array's roles are mdadm --detail's words, from sysfs.
assert_screen '^ *sda1 +0 +in_sync +active sync +8:1'
echo "raid-super: ok"
