#!/bin/sh
# Runs INSIDE the mdlab VM (tests/lab/qemu/mdlab.sh, started by
# tests/lab/md-qemu.sh), as PID 1's child under busybox sh, with rackcon in
# /opt/rackcon.  Real kernel, real devices: scsi_debug disks for the Disks
# panel's timeout and queue-depth commands, then a RAID1 on two scsi_debug
# partitions and a RAID5 on three loop devices for the RAID panel.
#
# Every check prints one "PASS: ..." or "FAIL: ..." line, and notes are
# "NOTE: ..." lines; all go to $MDLAB_OUT/results.txt too, next to the JSON
# each step captured.  The exit status is the number of failures (max 100).

# Conditions are shell code in single quotes, run by check and wait_until:
# shellcheck disable=SC2016,SC2317
set -u

OUT=${MDLAB_OUT:-/tmp/out}
RES=$OUT/results.txt
mkdir -p "$OUT"
: >"$RES"
failures=0

# Keys this test reads from `rackcon --list raid --json` (one object per
# array; the raid panel writes sync_action, progress_percent, mismatch_cnt
# and degraded today).  The first key found in each list is used, so a
# renamed key means one edit here.
RAID_ACTION_KEYS="sync_action"
RAID_PROGRESS_KEYS="progress_percent percent sync_percent progress"
RAID_MISMATCH_KEYS="mismatch_cnt"
RAID_DEGRADED_KEYS="degraded"

# --- reporting ---------------------------------------------------------

log() { printf '%s\n' "$*" | tee -a "$RES"; }
pass() { log "PASS: $*"; }
fail() {
	log "FAIL: $*"
	failures=$((failures + 1))
}
note() { log "NOTE: $*"; }
# check DESCRIPTION CONDITION: PASS when the shell code CONDITION is true.
# CONDITION is given in single quotes and evaluated here, after the
# command it judges has run; DESCRIPTION shows the values it saw.
check() {
	if eval "$2"; then pass "$1"; else fail "$1"; fi
}

# Seconds since boot, whole.
now() {
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

# wait_until SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds
# or SECONDS pass (then return 1).  No bare sleeps that hope for the best.
wait_until() {
	limit=$(($(now) + $1))
	shift
	until "$@"; do
		[ "$(now)" -lt "$limit" ] || return 1
		sleep 0.1
	done
}

# rc NAME COMMAND...: run COMMAND with a deadline, keep its output as
# $OUT/NAME.out and NAME.err, set $RC.  rackcon's own command deadline is
# 30 s; a hang here must not eat the whole VM budget.
rc() {
	name=$1
	shift
	rc_t0=$(cut -d" " -f1 /proc/uptime)
	timeout 60 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
	RC=$?
	echo "[$rc_t0-$(cut -d' ' -f1 /proc/uptime)] $* -> exit $RC" >>"$OUT/commands.log"
}

# logged NAME COMMAND...: COMMAND's output goes to $OUT/NAME.log.
logged() {
	lname=$1
	shift
	"$@" >"$OUT/$lname.log" 2>&1
}

sysval() { cat "$1" 2>/dev/null || echo "(unreadable)"; }

# --- JSON without jq -----------------------------------------------------

# json_rows < ARRAY.json: one line per top-level object, its top-level
# members as TAB-separated key=value (strings unquoted, escapes kept,
# nested objects and arrays as compact raw text).
json_rows() {
	awk '
	{ text = text $0 "\n" }
	function flush_member(  k, v, i, c, q) {
		if (member == "") return
		# key: the first string; value: after the first ":" outside it
		q = 0
		for (i = 1; i <= length(member); i++) {
			c = substr(member, i, 1)
			if (c == "\\" && q) { i++; continue }
			if (c == "\"") q = !q
			else if (c == ":" && !q) break
		}
		k = substr(member, 1, i - 1); v = substr(member, i + 1)
		gsub(/^"|"$/, "", k)
		if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
		row = row (row == "" ? "" : "\t") k "=" v
		member = ""
	}
	END {
		depth = 0; q = 0; row = ""; member = ""
		n = length(text)
		for (i = 1; i <= n; i++) {
			c = substr(text, i, 1)
			if (q) {
				if (depth >= 2) member = member c
				if (c == "\\") { i++; if (depth >= 2) member = member substr(text, i, 1); continue }
				if (c == "\"") q = 0
				continue
			}
			if (c == " " || c == "\t" || c == "\n" || c == "\r") continue
			if (c == "\"") { q = 1; if (depth >= 2) member = member c; continue }
			if (c == "{" || c == "[") {
				depth++
				if (depth > 2) member = member c
				continue
			}
			if (c == "}" || c == "]") {
				if (depth > 2) member = member c
				if (depth == 2) { flush_member(); print row; row = "" }
				depth--
				continue
			}
			if (c == "," && depth == 2) { flush_member(); continue }
			if (depth >= 2) member = member c
		}
	}'
}

# json_row FILE NAME: the row whose name is NAME (or /dev/NAME).
json_row() {
	json_rows <"$1" | awk -F'\t' -v n="$2" '{
		for (i = 1; i <= NF; i++)
			if ($i == "name=" n || $i == "name=/dev/" n) { print; exit }
	}'
}

# field ROW KEY...: the value of the first KEY the row has; status 1 if none.
field() {
	f_row=$1
	shift
	for f_key in "$@"; do
		if printf '%s\n' "$f_row" | tr '\t' '\n' | grep -q "^$f_key="; then
			printf '%s\n' "$f_row" | tr '\t' '\n' |
			    sed -n "s/^$f_key=//p" | head -1
			return 0
		fi
	done
	return 1
}

# A percentage: a plain number, or the "percent" inside a progress object.
percent_of() {
	case $1 in
	\{*) printf '%s\n' "$1" | sed -n 's/.*"percent":\([0-9.]*\).*/\1/p' ;;
	*) printf '%s\n' "$1" ;;
	esac
}

is_percent() { # VALUE: a number from 0 to 100
	printf '%s\n' "$1" | grep -Eq '^[0-9]+(\.[0-9]+)?$' || return 1
	awk -v p="$1" 'BEGIN { exit !(p >= 0 && p <= 100) }'
}

# --- the disks --------------------------------------------------------------

disk_checks() {
	# add_host=3 with per_host_store=1: three disks with a store each
	# (one shared store would make RAID members alias each other).
	# delay=0: no per-command jiffy.  Without udev, sd_mod is explicit.
	check "modprobe scsi_debug" 'modprobe scsi_debug add_host=3 \
	    per_host_store=1 dev_size_mb=32 delay=0'
	modprobe sd_mod
	if ! wait_until 20 test -e /sys/block/sdc/device/timeout; then
		fail "scsi_debug disks sda sdb sdc did not appear: $(ls /sys/block)"
		return 1
	fi
	pass "scsi_debug disks: $(cd /sys/block && echo sd*)"

	rc disks-list rackcon --list disks --json
	mv "$OUT/disks-list.out" "$OUT/disks.json"
	if [ "$RC" != 0 ]; then
		fail "rackcon --list disks --json exit $RC: $(cat "$OUT/disks-list.err")"
		return 1
	fi
	pass "rackcon --list disks --json exit 0"
	for d in sda sdb sdc; do
		row=$(json_row "$OUT/disks.json" $d)
		model=$(field "$row" model)
		if [ -n "$row" ] && [ "$model" = scsi_debug ]; then
			pass "disks json lists $d (model $model)"
		else
			fail "disks json: $d missing or model '$model' is not scsi_debug"
		fi
	done
	row=$(json_row "$OUT/disks.json" sda)
	t=$(field "$row" timeout)
	q=$(field "$row" queue_depth)
	check "disks json: sda timeout $t = sysfs $(sysval /sys/block/sda/device/timeout)" \
	    '[ "$t" = "$(sysval /sys/block/sda/device/timeout)" ]'
	check "disks json: sda queue_depth $q = sysfs $(sysval /sys/block/sda/device/queue_depth)" \
	    '[ "$q" = "$(sysval /sys/block/sda/device/queue_depth)" ]'

	timeout_file=/sys/block/sda/device/timeout
	depth_file=/sys/block/sda/device/queue_depth
	t0=$(sysval $timeout_file)
	q0=$(sysval $depth_file)

	# --dry-run shows the plan and changes nothing.
	rc dry-timeout rackcon -c 'disk-set-timeout sda 45' --dry-run
	check "--dry-run disk-set-timeout sda 45: exit $RC, timeout still $t0 (now $(sysval $timeout_file))" \
	    '[ "$RC" = 0 ] && [ "$(sysval $timeout_file)" = "$t0" ]'
	rc dry-depth rackcon -c 'disk-set-queue-depth sda 8' --dry-run
	check "--dry-run disk-set-queue-depth sda 8: exit $RC, queue_depth still $q0 (now $(sysval $depth_file))" \
	    '[ "$RC" = 0 ] && [ "$(sysval $depth_file)" = "$q0" ]'

	rc set-timeout rackcon -c 'disk-set-timeout sda 45' --yes
	check "disk-set-timeout sda 45 --yes: exit $RC, timeout $(sysval $timeout_file)" \
	    '[ "$RC" = 0 ] && [ "$(sysval $timeout_file)" = 45 ]'
	rc set-depth rackcon -c 'disk-set-queue-depth sda 8' --yes
	check "disk-set-queue-depth sda 8 --yes: exit $RC, queue_depth $(sysval $depth_file)" \
	    '[ "$RC" = 0 ] && [ "$(sysval $depth_file)" = 8 ]'

	# A bad value is refused as a usage error, before touching anything.
	rc bad-depth rackcon -c 'disk-set-queue-depth sda 0' --yes
	check "disk-set-queue-depth sda 0 refused: exit $RC (want 2), queue_depth still $(sysval $depth_file)" \
	    '[ "$RC" = 2 ] && [ "$(sysval $depth_file)" = 8 ]'
	[ -s "$OUT/bad-depth.err" ] && note "refusal said: $(head -1 "$OUT/bad-depth.err")"

	# The panel reads back what the commands wrote.
	rc disks-after rackcon --list disks --json
	mv "$OUT/disks-after.out" "$OUT/disks-after.json"
	row=$(json_row "$OUT/disks-after.json" sda)
	check "disks json after: sda timeout $(field "$row" timeout), queue_depth $(field "$row" queue_depth)" \
	    '[ "$(field "$row" timeout)" = 45 ] && [ "$(field "$row" queue_depth)" = 8 ]'
}

# --- md arrays ------------------------------------------------------------------

md=/sys/block/md0/md

# throttle MIN MAX (KB/s): slow enough to catch a resync mid-way (~30 s
# for 31 MiB at 1000 KB/s); min must stay below max or it does not apply.
throttle() {
	echo "$1" >/proc/sys/dev/raid/speed_limit_min
	echo "$2" >/proc/sys/dev/raid/speed_limit_max
}
unthrottle() { throttle 1000 2000000; }

action_is() { # ARRAY ACTION
	[ "$(cat "/sys/block/$1/md/sync_action" 2>/dev/null)" = "$2" ]
}
idle() { action_is "$1" idle; }

# One RAID1 on scsi_debug partitions (partitioned with busybox fdisk as an
# admin would; devtmpfs makes the sdX1 nodes), one RAID5 on loop devices
# backed by tmpfs files.  mdadm needs --run: its stdin is not a terminal.
make_arrays() {
	for d in sda sdb; do
		printf 'n\np\n1\n\n\nt\nfd\nw\n' | fdisk /dev/$d >"$OUT/fdisk-$d.log" 2>&1
	done
	if ! wait_until 10 test -b /dev/sdb1 -a -b /dev/sda1; then
		fail "fdisk: no /dev/sda1 and /dev/sdb1"
		return 1
	fi
	for i in 0 1 2; do
		if ! truncate -s 32M /tmp/l$i.img ||
		    ! losetup /dev/loop$i /tmp/l$i.img; then
			fail "losetup /dev/loop$i /tmp/l$i.img"
			return 1
		fi
	done
	throttle 100 1000
	check "mdadm --create md0 (raid1 sda1 sdb1)" 'logged mdadm-md0 \
	    mdadm --create /dev/md0 --run --level=1 --raid-devices=2 \
	    --bitmap=none /dev/sda1 /dev/sdb1'
	check "mdadm --create md1 (raid5 loop0-2)" 'logged mdadm-md1 \
	    mdadm --create /dev/md1 --run --level=5 --raid-devices=3 \
	    --bitmap=none /dev/loop0 /dev/loop1 /dev/loop2'
	[ -d $md ] || return 1
	cat /proc/mdstat >"$OUT/mdstat-created.txt"

	# The Disks panel names the array a disk's partitions belong to.
	rc disks-md rackcon --list disks --json
	mv "$OUT/disks-md.out" "$OUT/disks-md.json"
	row=$(json_row "$OUT/disks-md.json" sda)
	check "disks json: sda md is '$(field "$row" md)' (want md0)" \
	    '[ "$(field "$row" md)" = md0 ]'
}

# raid_json LABEL: capture --list raid --json as LABEL.json; ROW0 and ROW1
# are md0's and md1's rows.
raid_json() {
	rc "raid-$1" rackcon --list raid --json
	mv "$OUT/raid-$1.out" "$OUT/raid-$1.json"
	cat /proc/mdstat >"$OUT/mdstat-$1.txt"
	ROW0=$(json_row "$OUT/raid-$1.json" md0)
	ROW1=$(json_row "$OUT/raid-$1.json" md1)
	if [ "$RC" != 0 ] || [ -z "$ROW0" ]; then
		fail "--list raid --json ($1): exit $RC, md0 row '${ROW0:-missing}'"
		return 1
	fi
}

# check_progress LABEL ROW ARRAY ACTIONS: sync_action is one of ACTIONS
# (a |-list) and the progress is a percentage.
check_progress() {
	a=$(field "$2" $RAID_ACTION_KEYS)
	# shellcheck disable=SC2086 # key lists
	p=$(percent_of "$(field "$2" $RAID_PROGRESS_KEYS)")
	case "|$4|" in
	*"|$a|"*) pass "raid json ($1): $3 sync_action $a" ;;
	*) fail "raid json ($1): $3 sync_action '$a', want $4 (sysfs says $(sysval "/sys/block/$3/md/sync_action"))" ;;
	esac
	check "raid json ($1): $3 progress '$p' is a percentage (mdstat: $(grep -o '[0-9.]*%' /proc/mdstat | tr '\n' ' '))" \
	    'is_percent "$p"'
}

member_state() { sysval "$md/dev-$1/state"; }

raid_checks() {
	# Wait for the throttled resync to be under way, then look.
	wait_until 10 action_is md0 resync || note "md0 is not resyncing: $(sysval $md/sync_action)"
	sleep 1
	raid_json resync || return 1
	check_progress resync "$ROW0" md0 "resync"
	# A RAID5 --create builds degraded and recovers onto the last member.
	check_progress resync "$ROW1" md1 "recover|recovery|resync"

	unthrottle
	wait_until 90 eval 'idle md0 && idle md1'
	check "initial syncs finish: md0 $(sysval $md/sync_action), md1 $(sysval /sys/block/md1/md/sync_action)" \
	    'idle md0 && idle md1'

	# md-fail: the dry run changes nothing, then the real one.
	rc md-fail-dry rackcon -c 'md-fail md0 sdb1' --dry-run
	check "md-fail md0 sdb1 --dry-run: exit $RC, sdb1 still '$(member_state sdb1)'" \
	    '[ "$RC" = 0 ] && [ "$(member_state sdb1)" = in_sync ]'
	rc md-fail rackcon -c 'md-fail md0 sdb1' --yes
	check "md-fail md0 sdb1 --yes: exit $RC, sdb1 is '$(member_state sdb1)'" \
	    '[ "$RC" = 0 ] && member_state sdb1 | grep -q faulty'
	raid_json failed && {
		d=$(field "$ROW0" $RAID_DEGRADED_KEYS)
		check "raid json (failed): md0 degraded '$d' (sysfs $(sysval $md/degraded)), sdb1 shown faulty" \
		    '[ "$d" = 1 ] && printf "%s" "$ROW0" | grep -q faulty'
	}

	# Refusals that protect data: sda1 is now md0's last working member.
	rc md-fail-last rackcon -c 'md-fail md0 sda1' --yes
	check "md-fail of the last working member refused: exit $RC, sda1 '$(member_state sda1)'" \
	    '[ "$RC" != 0 ] && [ "$(member_state sda1)" = in_sync ]'
	rc md-remove-active rackcon -c 'md-remove md0 sda1' --yes
	check "md-remove of an active member refused: exit $RC, sda1 still in md0" \
	    '[ "$RC" != 0 ] && [ -d $md/dev-sda1 ]'

	rc md-remove rackcon -c 'md-remove md0 sdb1' --yes
	check "md-remove md0 sdb1 --yes: exit $RC, sdb1 gone from md0" \
	    '[ "$RC" = 0 ] && [ ! -e $md/dev-sdb1 ]'

	# No bitmap: md-add of the removed member is a full, throttled recovery.
	throttle 100 1000
	rc md-add rackcon -c 'md-add md0 sdb1' --yes
	check "md-add md0 sdb1 --yes: exit $RC, sdb1 back in md0" \
	    '[ "$RC" = 0 ] && [ -d $md/dev-sdb1 ]'
	wait_until 10 action_is md0 recover || note "md0 is not recovering: $(sysval $md/sync_action)"
	sleep 1
	raid_json recover && check_progress recover "$ROW0" md0 "recover|recovery"
	unthrottle
	wait_until 90 eval 'idle md0 && [ "$(sysval $md/degraded)" = 0 ]'
	check "md0 recovery finishes: sync_action $(sysval $md/sync_action), degraded $(sysval $md/degraded)" \
	    'idle md0 && [ "$(sysval $md/degraded)" = 0 ]'

	# Write behind md's back into sdb1's data area, so a check finds
	# mismatches.  offset is in sectors; 8 per 4 KiB block; 1 MiB in.
	off=$(sysval $md/dev-sdb1/offset)
	dd if=/dev/urandom of=/dev/sdb1 bs=4096 seek=$((off / 8 + 256)) count=64 \
	    oflag=direct 2>"$OUT/dd.log" || note "dd into sdb1 failed: $(cat "$OUT/dd.log")"
	rc md-check rackcon -c 'md-check md0' --yes
	check "md-check md0 --yes: exit $RC" '[ "$RC" = 0 ]'
	# "check" takes a moment to start; then wait for idle again.
	wait_until 10 eval '! idle md0 || [ "$(sysval $md/last_sync_action)" = check ]'
	wait_until 60 eval 'idle md0 && [ "$(sysval $md/last_sync_action)" = check ]'
	check "md0 check ran to the end: sync_action $(sysval $md/sync_action), last_sync_action $(sysval $md/last_sync_action)" \
	    'idle md0 && [ "$(sysval $md/last_sync_action)" = check ]'
	mm=$(sysval $md/mismatch_cnt)
	check "mismatch_cnt after the check: $mm (want > 0)" \
	    '[ "$mm" -gt 0 ] 2>/dev/null'
	raid_json checked && {
		j=$(field "$ROW0" $RAID_MISMATCH_KEYS)
		check "raid json (checked): md0 mismatch_cnt '$j' = sysfs $mm" \
		    '[ "$j" = "$mm" ]'
	}
}

# --- field by field against mdadm --detail, --examine, blkid and lsblk ----------

# detail ARRAY LABEL: what `mdadm --detail /dev/ARRAY` prints after
# "LABEL :", less mdadm's "(local to host mdlab)" remark
detail() {
	mdadm --detail "/dev/$1" 2>/dev/null |
	    sed -n "s/^ *$2 : //p" | sed 's/ *(local to host.*//' | head -1
}
# examine DEVICE LABEL: the same for `mdadm --examine /dev/DEVICE`
examine() {
	mdadm --examine "/dev/$1" 2>/dev/null |
	    sed -n "s/^ *$2 : //p" | sed 's/ *(local to host.*//' | head -1
}
# member_json ROW NAME: the member object called NAME in the row's members
member_json() {
	printf '%s\n' "$(field "$1" members)" |
	    grep -o "{\"name\":\"$2\"[^}]*}" | head -1
}
# member_field OBJECT KEY: a string or number member of one member object
member_field() {
	printf '%s\n' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",]*\)\"\{0,1\}[,}].*/\1/p"
}
# ctime EPOCH: the time as mdadm prints it (ctime(3), UTC in the guest)
ctime_of() { date -u -d "@$1" '+%a %b %e %H:%M:%S %Y' 2>/dev/null; }

# same WHAT GOT WANT: PASS when both are set and equal
same() {
	if [ -n "$3" ] && [ "$2" = "$3" ]; then
		pass "$1: rackcon '$2' = '$3'"
	else
		fail "$1: rackcon '$2', the tool says '$3'"
	fi
}

# dval FILE LABEL: the value after "LABEL :" in a saved mdadm --detail
dval() {
	sed -n "s/^ *$2 : //p" "$1" | sed 's/ *(local to host.*//' | head -1
}
# events_of VALUE: mdadm --detail prints 0.90's event count as "HI.LO"
# (--examine and 1.x print one number); the count itself.
events_of() {
	case $1 in
	*.*) echo $((${1%.*} * 4294967296 + ${1#*.})) ;;
	*) echo "$1" ;;
	esac
}
# against WHAT GOT LABEL [FILTER]: GOT equals what mdadm --detail said for
# LABEL just before or just after rackcon looked (the superblock's update
# time moves when the array goes clean), through FILTER if given.
against() {
	w1=$(dval "$D1" "$3")
	w2=$(dval "$D2" "$3")
	if [ -n "${4:-}" ]; then
		w1=$($4 "$w1")
		w2=$($4 "$w2")
	fi
	if [ -n "$w1" ] && { [ "$2" = "$w1" ] || [ "$2" = "$w2" ]; }; then
		pass "$1: rackcon '$2' = mdadm --detail $3 '$w1'"
	else
		fail "$1: rackcon '$2', mdadm --detail $3 says '$w1' (then '$w2')"
	fi
}

# detail_checks ARRAY LABEL: the RAID panel's row for ARRAY against
# mdadm --detail, field by field, members included.
detail_checks() {
	D1=$OUT/detail-$1-$2-before.txt
	D2=$OUT/detail-$1-$2-after.txt
	mdadm --detail "/dev/$1" >"$D1" 2>&1
	raid_json "$2" || return 1
	mdadm --detail "/dev/$1" >"$D2" 2>&1
	row=$(json_row "$OUT/raid-$2.json" "$1")
	[ -n "$row" ] || { fail "raid json ($2): no row for $1"; return 1; }
	against "$1 uuid" "$(field "$row" uuid)" UUID
	against "$1 level" "$(field "$row" level)" 'Raid Level'
	against "$1 metadata" "$(field "$row" metadata)" Version
	against "$1 raid_disks" "$(field "$row" raid_disks)" 'Raid Devices'
	against "$1 total_devices" "$(field "$row" total_devices)" 'Total Devices'
	against "$1 active_devices" "$(field "$row" active_devices)" 'Active Devices'
	against "$1 working_devices" "$(field "$row" working_devices)" 'Working Devices'
	against "$1 failed_devices" "$(field "$row" failed_devices)" 'Failed Devices'
	against "$1 spare_devices" "$(field "$row" spare_devices)" 'Spare Devices'
	against "$1 events" "$(field "$row" events)" Events events_of
	against "$1 update_time" "$(ctime_of "$(field "$row" update_time)")" 'Update Time'
	against "$1 creation_time" "$(ctime_of "$(field "$row" creation_time)")" 'Creation Time'
	# 1.x: "mdlab:0  (local to host mdlab)"; 0.90 has no name.
	if [ -n "$(dval "$D1" Name)" ]; then
		against "$1 array_name" "$(field "$row" array_name)" Name
	else
		check "$1 (metadata $(dval "$D1" Version)) has no name, array_name '$(field "$row" array_name)'" \
		    '[ "$(field "$row" array_name)" = null ] || [ -z "$(field "$row" array_name)" ]'
	fi
	[ -z "$(dval "$D1" Layout)" ] ||
	    against "$1 layout" "$(field "$row" layout)" Layout
	# Members: "   0       8        1        0      active sync   /dev/sda1"
	awk '$NF ~ /^\/dev\// && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
		state = ""
		for (i = 5; i < NF; i++) state = state (state == "" ? "" : " ") $i
		sub(/^\/dev\//, "", $NF)
		print $NF "\t" $2 ":" $3 "\t" state
	    }' "$D1" >"$OUT/detail-members-$1-$2.txt"
	[ -s "$OUT/detail-members-$1-$2.txt" ] || fail "$1: no member lines in mdadm --detail"
	while IFS='	' read -r dev majmin state; do
		m=$(member_json "$row" "$dev")
		same "$1 member $dev dev vs Major:Minor" "$(member_field "$m" dev)" "$majmin"
		same "$1 member $dev role vs State" "$(member_field "$m" role)" "$state"
	done <"$OUT/detail-members-$1-$2.txt"
}

# A 0.90 array (its UUID is where mdadm and the kernel differ), a
# filesystem and an active swap for the Disks panel, then the 0.90 array
# assembled but not started: the members' superblocks must speak for it.
more_arrays() {
	for i in 3 4 5; do
		truncate -s 16M /tmp/l$i.img && losetup /dev/loop$i /tmp/l$i.img ||
		    { fail "losetup /dev/loop$i"; return 1; }
	done
	check "mdadm --create md2 (raid1, metadata 0.90, loop3 loop4)" 'logged mdadm-md2 \
	    mdadm --create /dev/md2 --run --metadata=0.90 --level=1 \
	    --raid-devices=2 /dev/loop3 /dev/loop4'
	wait_until 60 idle md2 || note "md2 still syncing: $(sysval /sys/block/md2/md/sync_action)"
	detail_checks md0 detail0
	detail_checks md1 detail1
	detail_checks md2 detail2

	# A filesystem on md1 and a swap on loop5, as lsblk and blkid see them.
	if command -v mkfs.ext4 >/dev/null 2>&1; then
		logged mkfs-md1 mkfs.ext4 -q -F -L rcdata /dev/md1
	else
		logged mkfs-md1 mke2fs -q -L rcdata /dev/md1
	fi
	mkdir -p /mnt/md1
	modprobe ext4 2>/dev/null
	mount /dev/md1 /mnt/md1 2>"$OUT/mount-md1.log" ||
	    note "mount /dev/md1 failed: $(cat "$OUT/mount-md1.log")"
	logged mkswap-loop5 mkswap /dev/loop5
	check "swapon /dev/loop5" 'swapon /dev/loop5 2>"$OUT/swapon.log"'
	cat /proc/swaps >"$OUT/swaps.txt"
	rc disks-fs rackcon --list disks --json
	mv "$OUT/disks-fs.out" "$OUT/disks-fs.json"
	row=$(json_row "$OUT/disks-fs.json" md1)
	check "disks json lists md1 as a block device (type '$(field "$row" type)')" \
	    '[ -n "$row" ] && [ "$(field "$row" type)" = md ]'
	blkid -o export /dev/md1 >"$OUT/blkid-md1.txt" 2>&1
	same "md1 fstype vs blkid TYPE" "$(field "$row" fstype)" "$(sed -n 's/^TYPE=//p' "$OUT/blkid-md1.txt")"
	same "md1 uuid vs blkid UUID" "$(field "$row" uuid)" "$(sed -n 's/^UUID=//p' "$OUT/blkid-md1.txt")"
	same "md1 label vs blkid LABEL" "$(field "$row" label)" "$(sed -n 's/^LABEL=//p' "$OUT/blkid-md1.txt")"
	if command -v lsblk >/dev/null 2>&1; then
		lsblk -rno NAME,MOUNTPOINT >"$OUT/lsblk.txt" 2>&1
		same "md1 mountpoints vs lsblk MOUNTPOINT" "$(field "$row" mountpoints)" \
		    "$(awk '$1 == "md1" { print $2; exit }' "$OUT/lsblk.txt")"
		row=$(json_row "$OUT/disks-fs.json" loop5)
		same "loop5 (active swap) mountpoints vs lsblk" "$(field "$row" mountpoints)" \
		    "$(awk '$1 == "loop5" { print $2; exit }' "$OUT/lsblk.txt")"
	else
		note "no lsblk in the guest: mount points checked against /proc only"
		row=$(json_row "$OUT/disks-fs.json" loop5)
		same "loop5 (active swap) mountpoints" "$(field "$row" mountpoints)" "[SWAP]"
	fi
	swapoff /dev/loop5
	umount /mnt/md1 2>/dev/null

	# md2 stopped, then one member offered the way boot-time assembly does
	# (mdadm --incremental): the array is assembled and left inactive,
	# waiting for the other.  mdadm picks the name (md2 or md127).
	uuid=$(detail md2 UUID)
	logged stop-md2 mdadm --stop /dev/md2
	mdadm --incremental /dev/loop3 >"$OUT/incremental-loop3.log" 2>&1
	cat /proc/mdstat >"$OUT/mdstat-incremental.txt"
	ina=$(awk '$3 == "inactive" { print $1; exit }' /proc/mdstat)
	if [ -z "$ina" ]; then
		fail "no inactive array after mdadm --incremental /dev/loop3: $(cat "$OUT/incremental-loop3.log")"
		return 1
	fi
	pass "mdadm --incremental /dev/loop3 left $ina inactive"
	raid_json inactive
	row=$(json_row "$OUT/raid-inactive.json" "$ina")
	same "inactive $ina health" "$(field "$row" health)" inactive
	same "inactive $ina array_state vs sysfs" "$(field "$row" array_state)" \
	    "$(sysval "/sys/block/$ina/md/array_state")"
	same "inactive $ina level vs examine Raid Level" "$(field "$row" level)" "$(examine loop3 'Raid Level')"
	same "inactive $ina uuid vs examine UUID" "$(field "$row" uuid)" "$(examine loop3 UUID)"
	same "inactive $ina uuid vs the running array's" "$(field "$row" uuid)" "$uuid"
	same "inactive $ina events vs examine Events" "$(field "$row" events)" "$(examine loop3 Events)"
	same "inactive $ina creation_time vs examine Creation Time" \
	    "$(ctime_of "$(field "$row" creation_time)")" "$(examine loop3 'Creation Time')"
	start=$(field "$row" start_command)
	same "inactive $ina start_command" "$start" "mdadm --run /dev/$ina"
	# The command it names does start it.
	# shellcheck disable=SC2086 # the command as the panel shows it
	[ -z "$start" ] || $start >"$OUT/run-inactive.log" 2>&1
	check "$ina runs after '$start': $(sysval "/sys/block/$ina/md/array_state")" \
	    '[ -n "$start" ] && [ "$(sysval "/sys/block/$ina/md/array_state")" != inactive ]'
}

# --- main ---------------------------------------------------------------------------

echo "guest-md: $(uname -r), rackcon $(rackcon --version 2>&1 | head -1)"
disk_checks
if make_arrays; then
	# The RAID panel may not be in this build yet: then the disk part
	# decides, and the missing panel is a note, not a failure.
	rc raid-probe rackcon --list raid --json
	if [ "$RC" = 0 ]; then
		raid_checks
		more_arrays
	elif grep -q 'no panel called raid' "$OUT/raid-probe.err"; then
		note "raid panel not available yet: $(head -1 "$OUT/raid-probe.err")"
	else
		fail "rackcon --list raid --json exit $RC: $(head -3 "$OUT/raid-probe.err")"
	fi
fi
cat /proc/mdstat >"$OUT/mdstat-final.txt"
dmesg >"$OUT/dmesg.txt" 2>/dev/null

echo "guest-md: $(grep -c '^PASS' "$RES") passed, $failures failed"
[ $failures -gt 100 ] && failures=100
exit $failures
