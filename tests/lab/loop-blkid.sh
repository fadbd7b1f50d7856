#!/bin/sh
# Lab test: real loop devices holding ext4, vfat and swap must show up in
# `rackcon --list disks --json` and in the Disks panel's detail pane with
# the fstype, label and UUID that libblkid reads from them. The swap one is
# switched on (swapon) and must read "[SWAP]" in the mounts column, as
# lsblk -J says in the same run; every loop's fstype and mount column is
# compared with blkid and lsblk. Then, with the panel running, the ext4
# loop's scheduler is written and its image grown (losetup -c) outside
# rackcon: the panel must show both within a few refreshes (the write is
# heard through inotify on sysfs, the resize through the kernel's uevent
# count). Swap goes off, the scheduler goes back and the devices are
# detached however the test ends.
#
# Needs root, losetup, mkfs.ext4, mkfs.vfat, mkswap, blkid, lsblk, python3
# and tmux, and a kernel that lets this sandbox attach loop devices;
# otherwise it exits 77 with the reason on its last line. Where swapon is
# not permitted, the swap comparison is skipped and said so. Run from the
# repo root.
set -u

ext4_uuid=3a1c0d5e-7b2f-4c11-9e0a-5d4f3b2a1c01
swap_uuid=7e9f1b2c-4d3a-4e5f-8a6b-0c1d2e3f4a02
vfat_id=1A2B3C4D
vfat_uuid=1A2B-3C4D # how blkid prints a FAT volume id

skip() {
	echo "loop-blkid: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
ok() {
	echo "ok: $*"
}

[ "$(id -u)" = 0 ] || skip "needs root (loop devices)"
for tool in losetup mkfs.ext4 mkfs.vfat mkswap blkid lsblk python3 tmux; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[ -e /dev/loop-control ] || skip "no /dev/loop-control in this sandbox"
[ -x ./rackcon ] || fail "./rackcon is not built (run make first)"

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-lab.XXXXXX") || fail "mktemp failed"
sock=rc-lab-$$
devs=""
swap_on=""
sched_back="" # "DEVICE SCHEDULER" to write back

# On EXIT (INT and TERM exit too): remove all we made, keep the status.
cleanup() {
	status=$?
	[ -z "${ssh_up:-}" ] || sshd_stop_all
	tmux -L "$sock" kill-server >/dev/null 2>&1
	[ -z "$swap_on" ] || swapoff "$swap_on" 2>/dev/null
	if [ -n "$sched_back" ]; then
		set -- $sched_back
		printf '%s' "$2" >"/sys/block/$1/queue/scheduler" 2>/dev/null
	fi
	# Swap on one of ours not yet recorded (a signal right after swapon).
	for d in $devs; do
		grep -q "^$d " /proc/swaps 2>/dev/null && swapoff "$d" 2>/dev/null
	done
	for d in $devs; do
		losetup -d "$d" 2>/dev/null
	done
	# A device attached just before a signal, before $devs recorded it:
	# only ours are backed by the images in $dir.
	for img in "$dir"/*.img; do
		[ -f "$img" ] || continue
		for d in $(losetup -n -O NAME -j "$img" 2>/dev/null); do
			losetup -d "$d" 2>/dev/null
		done
	done
	rm -rf "$dir"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_STATE_HOME="$dir/home/.local/state" \
    XDG_DATA_HOME="$dir/home/.local/share" XDG_CACHE_HOME="$dir/home/.cache" \
    XDG_RUNTIME_DIR="$dir/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" || fail "cannot make $HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# --- images and loop devices -----------------------------------------------
for fs in ext4 vfat swap; do
	truncate -s 8M "$dir/$fs.img" || fail "truncate $dir/$fs.img"
done
mkfs.ext4 -q -F -L rcext4 -U "$ext4_uuid" "$dir/ext4.img" \
    >"$dir/mkfs.log" 2>&1 ||
	fail "mkfs.ext4: $(cat "$dir/mkfs.log")"
mkfs.vfat -n RCVFAT -i "$vfat_id" "$dir/vfat.img" >"$dir/mkfs.log" 2>&1 ||
	fail "mkfs.vfat: $(cat "$dir/mkfs.log")"
mkswap -L rcswap -U "$swap_uuid" "$dir/swap.img" >"$dir/mkfs.log" 2>&1 ||
	fail "mkswap: $(cat "$dir/mkfs.log")"

for fs in ext4 vfat swap; do
	if ! dev=$(losetup --find --show "$dir/$fs.img" 2>"$dir/losetup.err"); then
		msg=$(cat "$dir/losetup.err")
		[ -z "$devs" ] || fail "losetup $fs.img: $msg"
		skip "losetup cannot attach a loop device here: $msg"
	fi
	devs="$devs $dev"
	case $fs in
	ext4) dev_ext4=${dev#/dev/} ;;
	vfat) dev_vfat=${dev#/dev/} ;;
	swap) dev_swap=${dev#/dev/} ;;
	esac
	echo "attached $dev <- $fs.img"
done

# Switch the swap device on, as lsblk and the kernel will then list it.
if swapon "/dev/$dev_swap" 2>"$dir/swapon.err"; then
	swap_on=/dev/$dev_swap
	grep -q "^/dev/$dev_swap " /proc/swaps ||
		fail "swapon /dev/$dev_swap: not in /proc/swaps"
	echo "swapon /dev/$dev_swap"
else
	echo "note: swapon not permitted here ($(cat "$dir/swapon.err")):" \
	    "the [SWAP] comparison is skipped"
fi

# --- batch mode: --list disks --json ----------------------------------------
./rackcon --list disks --json >"$dir/disks.json" 2>"$dir/disks.err" ||
	fail "rackcon --list disks --json exited $?: $(cat "$dir/disks.err")"

# Print "fstype|label|uuid|size" of disk $1 from the JSON, or "missing".
json_fields() {
	python3 -c '
import json, sys
def s(v):
    return "-" if v is None else str(v)
for d in json.load(open(sys.argv[1])):
    if d.get("name") == sys.argv[2]:
        keys = ("fstype", "label", "uuid", "size")
        print("|".join(s(d.get(k)) for k in keys))
        break
else:
    print("missing")
' "$dir/disks.json" "$1"
}

# check_json NAME FSTYPE LABEL UUID
check_json() {
	got=$(json_fields "$1") || fail "python3 could not parse the JSON"
	want="$2|$3|$4|8388608"
	[ "$got" = "$want" ] ||
		fail "--list disks --json: $1 is '$got', want '$want'"
	ok "json: $1 fstype=$2 label=$3 uuid=$4 size=8388608"
}
check_json "$dev_ext4" ext4 rcext4 "$ext4_uuid"
check_json "$dev_vfat" vfat RCVFAT "$vfat_uuid"
check_json "$dev_swap" swap rcswap "$swap_uuid"

# The same run's lsblk -J and blkid against the panel's JSON: fstype and
# the mounts column ("[SWAP]" for the active swap) of each of our loops.
lsblk -J -o NAME,FSTYPE,MOUNTPOINT "/dev/$dev_ext4" "/dev/$dev_vfat" \
    "/dev/$dev_swap" >"$dir/lsblk.json" 2>"$dir/lsblk.err" ||
	fail "lsblk -J: $(cat "$dir/lsblk.err")"
for d in $dev_ext4 $dev_vfat $dev_swap; do
	blkid -o value -s TYPE "/dev/$d" >"$dir/blkid.$d" 2>/dev/null
done
python3 - "$dir" "$dir/disks.json" "$dir/lsblk.json" "$swap_on" \
    $dev_ext4 $dev_vfat $dev_swap <<'PY' || fail "the panel disagrees with lsblk/blkid"
import json, sys
dir, ours, theirs, swap_on = sys.argv[1:5]
names = sys.argv[5:]
panel = {d["name"]: d for d in json.load(open(ours))}
lsblk = {d["name"]: d for d in json.load(open(theirs))["blockdevices"]}
for n in names:
    p, l = panel[n], lsblk[n]
    blkid = open("%s/blkid.%s" % (dir, n)).read().strip() or None
    # lsblk has FSTYPE from udev's database; without udevd it has none.
    assert p["fstype"] == blkid and l["fstype"] in (None, blkid), \
        "%s fstype: rackcon %s, blkid %s, lsblk %s" % (n, p["fstype"], blkid, l["fstype"])
    assert p["mountpoints"] == l["mountpoint"], \
        "%s mounts: rackcon %r, lsblk %r" % (n, p["mountpoints"], l["mountpoint"])
    print("ok: %s fstype %s, mounts %s: as blkid and lsblk -J" % (n, blkid, l["mountpoint"]))
if swap_on:
    n = swap_on[len("/dev/"):]
    assert panel[n]["mountpoints"] == "[SWAP]", panel[n]["mountpoints"]
    print("ok: %s is [SWAP] in the panel and in lsblk" % n)
PY

# rackcon's vfat label and UUID must read as blkid prints them.
blkid -o export "/dev/$dev_vfat" >"$dir/blkid.out" 2>&1 ||
	fail "blkid -o export /dev/$dev_vfat: $(cat "$dir/blkid.out")"
b_label=$(sed -n 's/^LABEL=//p' "$dir/blkid.out")
b_uuid=$(sed -n 's/^UUID=//p' "$dir/blkid.out")
got=$(json_fields "$dev_vfat" | cut -d'|' -f2,3)
[ "$got" = "$b_label|$b_uuid" ] ||
	fail "vfat: rackcon says label|uuid '$got', blkid says '$b_label|$b_uuid'"
ok "vfat label/uuid match blkid -o export: LABEL=$b_label UUID=$b_uuid"

# --- the same machine over SSH: blkid instead of libblkid -------------------
# A remote host's filesystems come from its blkid -o export: reached over
# SSH (a private sshd on loopback, no sysroot: this machine), every loop of
# ours shows the fstype, label, UUID and mounts that libblkid gave above.
if [ -x /usr/sbin/sshd ] && [ -f backends/ssh.so ]; then
	. tests/lib-sshd.sh
	sshd_start "$dir" self || fail "sshd did not start"
	ssh_up=1
	./rackcon -F "$dir/ssh_config" self --list disks --json \
	    >"$dir/ssh.json" 2>"$dir/ssh.err" ||
		fail "rackcon over SSH exited $?: $(cat "$dir/ssh.err")"
	python3 - "$dir/disks.json" "$dir/ssh.json" $dev_ext4 $dev_vfat \
	    $dev_swap <<'PY' || fail "over SSH the filesystems differ"
import json, sys
local = {d["name"]: d for d in json.load(open(sys.argv[1]))}
remote = {d["name"]: d for d in json.load(open(sys.argv[2]))}
for n in sys.argv[3:]:
    for k in ("fstype", "label", "uuid", "mountpoints", "size"):
        assert local[n][k] == remote[n][k], \
            "%s %s: libblkid %r, over SSH %r" % (n, k, local[n][k], remote[n][k])
    print("ok: %s over SSH: fstype %s label %s uuid %s, as libblkid" %
          (n, remote[n]["fstype"], remote[n]["label"], remote[n]["uuid"]))
PY
	sshd_stop_all
	ssh_up=""
else
	echo "note: no sshd or no SSH transport here: the SSH comparison is skipped"
fi

# --- the screen --------------------------------------------------------------
screen="$dir/screen.txt"
printf 'set -g remain-on-exit on\nset -g status off\n' >"$dir/tmux.conf"
tmux -L "$sock" -f "$dir/tmux.conf" new-session -d -x 80 -y 24 \
    "env TERM=vt100 LANG=C.UTF-8 ./rackcon" ||
	fail "tmux could not start rackcon"

capture() {
	tmux -L "$sock" capture-pane -p >"$screen" 2>/dev/null
}

# wait_for DESC GREP-E-PATTERN [SECONDS]: poll the screen until it matches.
wait_for() {
	deadline=$(($(date +%s) + ${3:-10}))
	while :; do
		capture && grep -Eq -- "$2" "$screen" && return 0
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "timed out waiting for $1; the screen:"
			sed 's/^/    |/' "$screen"
			exit 1
		fi
		sleep 0.05
	done
}

wait_for "the first frame" ' [0-9]+/[0-9]+ *$'
ok "screen: first frame"
tmux -L "$sock" send-keys / l o o p Enter
wait_for "the /loop filter" '/loop [0-9]+/[0-9]+ *$'
ok "screen: filter /loop applied"
for d in $dev_ext4 $dev_vfat $dev_swap; do
	grep -Eq "^$d +8\\.0M +loop " "$screen" ||
		fail "$d is not in the filtered table: $(cat "$screen")"
done
ok "screen: $dev_ext4 $dev_vfat $dev_swap listed with size 8.0M"

# The detail pane's title line is "NAME: ..."; which loop row is selected.
selected() {
	sed -n 's/^\(loop[0-9]*\): .*/\1/p' "$screen" | head -1
}

# check_detail NAME FSTYPE LABEL UUID: the whole-disk filesystem line.
check_detail() {
	line=$(grep -E "^  $1 " "$screen" | head -1)
	echo "detail: $line"
	echo "$line" | grep -Eq "^  $1 +[^ ]+ +$2 +$3 +$4( |$)" ||
		fail "$1: detail pane lacks '$2 $3 $4'"
	ok "detail: $1 shows fstype=$2 label=$3 uuid=$4"
	echo "$line" | grep -Eq "^  $1 +8\\.0M " ||
		fail "$1: detail pane gives the filesystem size as" \
		    "'$(echo "$line" | awk '{print $2}')', want 8.0M"
	ok "detail: $1 shows size 8.0M"
}

# Walk down the filtered rows from the top; check each of ours on the way.
tmux -L "$sock" send-keys Home
wait_for "the first loop row selected" '^loop[0-9]+: '
seen=""
rows=$(grep -Ec '^loop[0-9]+ ' "$screen")
i=0
while :; do
	cur=$(selected)
	case $cur in
	"$dev_ext4") check_detail "$cur" ext4 rcext4 "$ext4_uuid" ;;
	"$dev_vfat") check_detail "$cur" vfat RCVFAT "$vfat_uuid" ;;
	"$dev_swap") check_detail "$cur" swap rcswap "$swap_uuid" ;;
	*) echo "detail: $cur is not ours, next" ;;
	esac
	seen="$seen $cur"
	i=$((i + 1))
	[ "$i" -lt "$rows" ] || break
	tmux -L "$sock" send-keys Down
	wait_for "the row after $cur" "^loop[0-9]+: " 5
	deadline=$(($(date +%s) + 5))
	while [ "$(selected)" = "$cur" ]; do
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "Down did not move the selection off $cur"
		sleep 0.05
		capture
	done
done
for d in $dev_ext4 $dev_vfat $dev_swap; do
	case " $seen " in
	*" $d "*) ;;
	*) fail "never selected $d (selected:$seen)" ;;
	esac
done

# --- changed outside rackcon --------------------------------------------------
# The ext4 loop alone in the table, selected: its detail pane shows its
# scheduler.
tmux -L "$sock" send-keys / C-u
tmux -L "$sock" send-keys -l "$dev_ext4"
tmux -L "$sock" send-keys Enter Home
wait_for "$dev_ext4 selected" "^$dev_ext4: "
sched_file=/sys/block/$dev_ext4/queue/scheduler
sched_now=$(sed -n 's/.*\[\([^]]*\)\].*/\1/p' "$sched_file")
sched_new=$(tr ' ' '\n' <"$sched_file" | grep -v '^\[' | grep . | head -1)
if [ -n "$sched_now" ] && [ -n "$sched_new" ]; then
	sched_back="$dev_ext4 $sched_now"
	printf '%s' "$sched_new" >"$sched_file" ||
		fail "cannot write $sched_new to $sched_file"
	grep -q "\[$sched_new\]" "$sched_file" ||
		fail "$sched_file did not take $sched_new: $(cat "$sched_file")"
	wait_for "the scheduler written outside rackcon ($sched_new)" \
	    "^Scheduler:.* \\[$sched_new\\]" 10
	ok "screen: $dev_ext4 scheduler $sched_new, as $sched_file says"
else
	echo "scheduler check skipped: $sched_file offers one scheduler" \
	    "($(cat "$sched_file"))"
fi
truncate -s 16M "$dir/ext4.img" || fail "truncate $dir/ext4.img to 16M"
losetup -c "/dev/$dev_ext4" || fail "losetup -c /dev/$dev_ext4"
kernel_bytes=$(($(cat "/sys/block/$dev_ext4/size") * 512))
[ "$kernel_bytes" = 16777216 ] ||
	fail "the kernel says $dev_ext4 has $kernel_bytes bytes, want 16777216"
wait_for "the resize outside rackcon (16M)" "^$dev_ext4 +16M " 10
ok "screen: $dev_ext4 grown to 16M, as /sys/block/$dev_ext4/size says"
tmux -L "$sock" send-keys q
echo "loop-blkid: passed"
