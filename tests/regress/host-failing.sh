#!/bin/sh
# A host whose refresh fails keeps its last rows, and the panel says since
# when it fails, why, when it is tried again (counting down each second)
# and how old the rows are; it comes back by itself once the host answers.
# Issue 9: "marked with its age and the reason ... retrying in 8 s".
. tests/regress/lib.sh

hms='[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'

tree=$tmpdir/tree
cp -a "$RC_FIXTURE" "$tree" || fail "cp -a failed"
rc_start -r "$tree" -- -d 1
wait_for '^ *sda ' 20

say "the refresh fails: rows kept, since when, why, retry, age"
mv "$tree/sys/block" "$tree/sys/block.away" || fail "mv"
wait_flat "failing since $hms: [^;]*/sys/block: No such file or directory; (retrying in [0-9]+ s|retrying now); rows from $hms \\([0-9]+ s old\\)" 20
assert_screen '^ *sda '
assert_screen '^ *nvme0n1 '

say "the retry counts down on screen"
retry_s() { flat | sed -n 's/.*retrying in \([0-9]*\) s.*/\1/p'; }
down=""
end=$(rc_deadline 30)
n1=$(retry_s)
while rc_before "$end"; do
	sleep 0.2
	n2=$(retry_s)
	if [ -n "$n1" ] && [ -n "$n2" ] && [ "$n2" -lt "$n1" ]; then
		down="$n1 $n2"
		break
	fi
	n1=$n2
done
[ -n "$down" ] || fail "the retry never counted down (last '$n2')"
say "retrying in: $down s"

say "the host answers again: the notice goes"
mv "$tree/sys/block.away" "$tree/sys/block" || fail "mv back"
wait_gone "failing since" 30
assert_screen '^ *sda '
send_keys F10
wait_exit 10
echo "host-failing: passed"
