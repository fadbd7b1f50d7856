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

# --- main ---------------------------------------------------------------------------

echo "guest-md: $(uname -r), rackcon $(rackcon --version 2>&1 | head -1)"
disk_checks
if make_arrays; then
	# The RAID panel may not be in this build yet: then the disk part
	# decides, and the missing panel is a note, not a failure.
	rc raid-probe rackcon --list raid --json
	if [ "$RC" = 0 ]; then
		raid_checks
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
