#!/bin/sh
# Sorting: > and < step through the columns, I reverses; the sorted column's
# header carries ^ (ascending) or v (descending) and the rows follow.
. tests/regress/lib.sh

rows() { table_rows | tr '\n' ' '; }

# wait_rows "EXPECTED ORDER": poll until the table shows the rows in order.
wait_rows() {
	n=100
	while [ "$n" -gt 0 ]; do
		[ "$(rows)" = "$1 " ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	show_screen
	fail "rows are '$(rows)', expected '$1'"
}

by_name="loop0 md0 md1 nvme0n1 sda sdb sdc sdd sde vda"
# Sizes: loop0 4M, sdd 15G, vda 20G, sdb 466G, nvme0n1 = sde 932G (same
# byte count, so they keep name order), md1 1.6T, sdc 1.6T, md0 3.6T,
# sda 3.6T.
by_size="loop0 sdd vda sdb nvme0n1 sde md1 sdc md0 sda"
by_size_desc="sda md0 sdc md1 nvme0n1 sde sdb vda sdd loop0"

rc_start
wait_for '10/10 *$'
say "unsorted at start: rows in kernel order, no ^ or v in the header"
wait_rows "$by_name"
assert_screen '^NAME +SIZE +TRAN '

say "> sorts by NAME ascending (NAME^)"
send_text '>'
wait_for '^NAME\^ +SIZE '
wait_for 'sorted by name'
wait_rows "$by_name"

say "> again sorts by SIZE, smallest first (SIZE^)"
send_text '>'
wait_for '^NAME +SIZE\^ +TRAN'
wait_rows "$by_size"

say "I reverses: largest first (SIZEv)"
send_text I
wait_for '^NAME +SIZEv +TRAN'
wait_rows "$by_size_desc"

say "I again: back to smallest first"
send_text I
wait_for '^NAME +SIZE\^ +TRAN'
wait_rows "$by_size"

say "> sorts by TRAN: loop, nvme, sas, sata..., usb, virtio"
send_text '>'
wait_for '^NAME +SIZE +TRAN\^ +ROT'
wait_rows "loop0 nvme0n1 sdc sda sdb sde sdd vda md0 md1"

say "< goes back to SIZE, < again to NAME"
send_text '<'
wait_for '^NAME +SIZE\^ +TRAN '
wait_rows "$by_size"
send_text '<'
wait_for '^NAME\^ +SIZE '
wait_rows "$by_name"

say "I on NAME: reverse name order"
send_text I
wait_for '^NAMEv +SIZE '
wait_rows "vda sde sdd sdc sdb sda nvme0n1 md1 md0 loop0"

say "the selection stays on the same disk when the order changes"
wait_selected loop0
send_keys Up Up Up Up Up
wait_selected sdb
send_text '>'
wait_for '^NAME +SIZEv +TRAN'
wait_rows "$by_size_desc"
wait_selected sdb
wait_for '^sdb: '

say "the :sort command does the same: sort size asc, then sort name desc"
send_text :
wait_for '^: *$'
send_text 'sort size asc'
send_keys Enter
wait_for '^NAME +SIZE\^ +TRAN'
wait_rows "$by_size"
send_text :
wait_for '^: *$'
send_text 'sort name desc'
send_keys Enter
wait_for '^NAMEv +SIZE '
wait_rows "vda sde sdd sdc sdb sda nvme0n1 md1 md0 loop0"
echo "sort: ok"
