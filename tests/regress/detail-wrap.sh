#!/bin/sh
# The detail pane wraps long lines at 80 columns instead of cutting them:
# the inactive md3's start command, at the end of a long line, is seen whole.
. tests/regress/lib.sh

rc_start -r tests/fixtures/sysroot-raid -- --panel raid
wait_for '^md3 +inactive'
wait_selected md3
wait_for 'mdadm --run /dev/md3'
assert_screen 'UUID 9b3f5e21:0c7d4a88:e5f1b2c3:7a6d8e90'
echo "detail-wrap: ok"
