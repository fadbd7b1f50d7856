#!/bin/sh
# `make bench`: what a Disks snapshot costs at 256, 512 and 1024 disks, and
# what the real binary writes to an 80x24 terminal, with htop as the anchor.
# Prints figures and a table against the targets; asserts nothing.
#
# SMART is left out throughout: bench-disks passes PLUGIN_SNAP_NO_SLOW, and
# the sysroots get an empty bin/ so the TUI finds no smartctl there (rather
# than running this machine's smartctl 1024 times in the background).
#
# Terminal figures come from tmux (private sockets, 80x24, TERM=vt100,
# LANG=C.UTF-8) with `pipe-pane -o 'cat >> FILE'` counting the bytes the
# program writes. The program waits on `read` behind `stty -echo` until the
# pipe is in place; the clock starts when the Enter that releases it is
# sent. Frames are found by polling capture-pane every 10 ms, so times are
# good to about the poll period plus one capture (a few ms).
set -u
cd "$(dirname "$0")/../.." || exit 1

RUNS=5              # launches for the first-frame median
SNAP_RUNS=10        # timed snapshots per sysroot in bench-disks
IDLE_S=5            # seconds of idle output counted
QUIET_MS=300        # output quiet this long ends a frame
DISKS=1024

die() {
	echo "run-bench: $*" >&2
	exit 1
}

[ -x ./rackcon ] || die "./rackcon is not built (run make)"
[ -x tests/bench/bench-disks ] || die "tests/bench/bench-disks is not built"
gen=tests/fixtures/make-many-disks.sh
[ -f "$gen" ] || die "$gen is missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rc-bench.XXXXXX") || die "mktemp failed"
socks=""
# On EXIT (INT and TERM exit too): remove all we made, keep the status.
cleanup() {
	status=$?
	for s in $socks; do
		tmux -L "$s" kill-server >/dev/null 2>&1
	done
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_us() {
	date +%s%6N
}

# "12.3" for 12345 microseconds.
ms() {
	printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

fsize() {
	if [ -f "$1" ]; then
		wc -c <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# --- fixtures --------------------------------------------------------------
# Other work on the machine skews every figure; say how busy it was.
echo "== $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== fixtures"
for n in 256 512 $DISKS; do
	t0=$(now_us)
	sh "$gen" "$n" "$tmp/disks-$n" || die "$gen $n failed"
	mkdir "$tmp/disks-$n/bin" # no smartctl: SMART stays out of the TUI too
	echo "generated $n disks in $(ms $(($(now_us) - t0))) ms"
done
big=$tmp/disks-$DISKS

# --- snapshot cost ---------------------------------------------------------
echo
echo "== snapshot (plugin linked in, PLUGIN_SNAP_NO_SLOW, mean of" \
    "$((SNAP_RUNS * DISKS / 256))/$((SNAP_RUNS * DISKS / 512))/$SNAP_RUNS runs)"
printf '%6s %10s %10s %12s %12s %10s %10s\n' disks wall_ms cpu_ms \
    wall_us/disk cpu_us/disk rss0_KiB rss_KiB
per_disk=""
for n in 256 512 $DISKS; do
	# As many disks read at each size: small sizes are noisier.
	runs=$((SNAP_RUNS * DISKS / n))
	line=$(tests/bench/bench-disks -n "$runs" "$tmp/disks-$n") ||
		die "bench-disks failed on $n disks"
	# bench-disks prints key=value pairs; they become shell variables.
	eval "$line"
	# shellcheck disable=SC2154 # set by the eval
	printf '%6s %10s %10s %12s %12s %10s %10s\n' "$disks" "$wall_ms" \
	    "$cpu_ms" "$wall_us_per_disk" "$cpu_us_per_disk" "$rss_base_kib" \
	    "$rss_max_kib"
	per_disk="$per_disk${per_disk:+/}$cpu_us_per_disk"
	[ "$n" = 256 ] && first_cpu=$cpu_us_per_disk
	[ "$n" = "$DISKS" ] && snap_cpu=$cpu_ms && snap_wall=$wall_ms &&
	    snap_rss=$rss_max_kib
done
# Linear when the CPU cost per disk at 1024 is within 25% of that at 256.
linear=$(awk -v a="$first_cpu" -v b="$cpu_us_per_disk" 'BEGIN {
	verdict = b <= a * 1.25 ? "linear" : "NOT linear"
	printf "%s (x%.2f per disk)", verdict, b / a }')
echo "cpu us/disk at 256/512/$DISKS: $per_disk: $linear from 256 to $DISKS"

# --- terminal --------------------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
	echo "run-bench: tmux is not installed; no terminal figures"
	exit 0
fi

run=0
# Start a tmux server on a fresh socket whose pane runs $1 (a shell command)
# once Enter is sent; sets $sock, $out (the byte log) and $home.
term_start() {
	run=$((run + 1))
	sock=rc-bench-$$-$run
	home=$tmp/home-$run
	out=$tmp/out-$run
	mkdir -p "$home/.config" "$home/.local/state"
	socks="$socks $sock"
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	    "stty -echo; read x; exec env HOME=$home \
	    XDG_CONFIG_HOME=$home/.config XDG_STATE_HOME=$home/.local/state \
	    TERM=vt100 LANG=C.UTF-8 $1" || die "tmux could not start"
	tmux -L "$sock" pipe-pane -o "cat >> $out" || die "pipe-pane failed"
}

term_stop() {
	tmux -L "$sock" kill-server >/dev/null 2>&1
}

# True when the screen matches every grep -E pattern given.
screen_has() {
	tmux -L "$sock" capture-pane -p >"$tmp/screen" 2>/dev/null || return 1
	for p in "$@"; do
		grep -Eq -- "$p" "$tmp/screen" || return 1
	done
}

# term_launch_until GLOB [FIRST LAST]: send Enter, then poll every 10 ms
# until the screen (or its lines FIRST to LAST) matches the case pattern
# GLOB; $elapsed is the microseconds from launch to the capture that
# matched, $paint to the first capture that showed anything at all
# (a placeholder frame, say). Two processes a poll (date, tmux) and no
# grep: the poller shares the CPUs with the program it times.
term_launch_until() {
	glob=$1
	range=""
	[ $# -lt 3 ] || range="-S $2 -E $3"
	paint=""
	tmux -L "$sock" send-keys Enter
	t0=$(now_us)
	deadline=$((t0 + 20000000))
	while :; do
		t=$(now_us)
		# shellcheck disable=SC2086 # $range is two options or none
		text=$(tmux -L "$sock" capture-pane -p $range 2>/dev/null)
		# shellcheck disable=SC2254 # $glob is a pattern
		case $text in
		$glob) break ;;
		esac
		case $paint$text in
		*[![:space:]]*) paint=${paint:-$((t - t0))} ;;
		esac
		if [ "$t" -gt "$deadline" ]; then
			echo "run-bench: no frame matching '$glob' after 20 s:"
			tmux -L "$sock" capture-pane -p | sed 's/^/    |/'
			return 1
		fi
		sleep 0.01
	done
	elapsed=$((t - t0))
	paint=${paint:-$elapsed}
}

# Wait until $out has not grown for QUIET_MS (at most 5 s); $bytes is its size.
term_quiet() {
	last=$(fsize "$out")
	since=$(now_us)
	give_up=$((since + 5000000))
	while :; do
		sleep 0.05
		t=$(now_us)
		bytes=$(fsize "$out")
		if [ "$bytes" != "$last" ]; then
			last=$bytes
			since=$t
		elif [ $((t - since)) -ge $((QUIET_MS * 1000)) ]; then
			return 0
		fi
		[ "$t" -lt "$give_up" ] || return 0
	done
}

# first_frames NAME COMMAND GLOB [FIRST LAST]: $RUNS launches; sets $ff_ms
# and $fp_ms (median first frame and first paint) and $ff_bytes (median
# bytes until the output is quiet after the frame). The last server is left
# running for the idle figures.
first_frames() {
	name=$1
	cmd=$2
	shift 2
	times=""
	paints=""
	sizes=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		[ "$i" = 0 ] || term_stop
		term_start "$cmd"
		term_launch_until "$@" || return 1
		term_quiet
		times="$times $elapsed"
		paints="$paints $paint"
		sizes="$sizes $bytes"
		echo "$name run $((i + 1)): first paint $(ms "$paint") ms," \
		    "first frame $(ms "$elapsed") ms, $bytes bytes"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # word lists
	ff_ms=$(ms "$(median $times)")
	# shellcheck disable=SC2086
	fp_ms=$(ms "$(median $paints)")
	# shellcheck disable=SC2086
	ff_bytes=$(median $sizes)
	echo "$name: median first paint $fp_ms ms, first frame $ff_ms ms," \
	    "$ff_bytes bytes"
}

# Bytes written in IDLE_S seconds of a running, untouched program.
idle_bytes() {
	b0=$(fsize "$out")
	sleep "$IDLE_S" # a measuring window, not a wait for something
	idle=$(($(fsize "$out") - b0))
}

echo
echo "== rackcon --sysroot ($DISKS disks) in tmux 80x24, TERM=vt100"
rc_ms=- rc_paint=- rc_bytes=- rc_idle=- rc_idle_s=- rc_change=-
# The status line (the last) ends in "ROW/1024" once the table is there.
if first_frames rackcon "./rackcon -d 1 --sysroot $big" "*[0-9]/$DISKS*" 23 23
then
	rc_ms=$ff_ms
	rc_paint=$fp_ms
	rc_bytes=$ff_bytes
	idle_bytes
	rc_idle_s=$((idle / IDLE_S))
	rc_idle=$rc_idle_s # -d 1: one refresh a second
	echo "rackcon: idle with -d 1 for $IDLE_S s: $idle bytes" \
	    "($rc_idle bytes per refresh)"

	# One value changes: sda (the first row) gets a kernel timeout of 31.
	tfile=$big/sys/block/sda/device/timeout
	b0=$(fsize "$out")
	t0=$(now_us)
	printf '31\n' >"$tfile"
	deadline=$((t0 + 10000000))
	while ! screen_has '^sda +[^ ]+ .* 31 +32 '; do
		if [ "$(now_us)" -gt "$deadline" ]; then
			echo "rackcon: the change to 31 never showed; the screen:"
			sed 's/^/    |/' "$tmp/screen"
			break
		fi
		sleep 0.01
	done
	shown=$(($(now_us) - t0))
	term_quiet
	rc_change=$((bytes - b0))
	printf '30\n' >"$tfile"
	echo "rackcon: sda timeout 30 -> 31 shown after $(ms "$shown") ms;" \
	    "that refresh wrote $rc_change bytes"
	grep -E '^sda ' "$tmp/screen" | sed 's/^/    |/'
	echo "    bytes: $(tail -c "$rc_change" "$out" | od -An -c | tr -s ' \n' ' ')"
fi
term_stop

echo
ht_ms=- ht_paint=- ht_bytes=- ht_idle_s=-
if command -v htop >/dev/null 2>&1; then
	echo "== htop ($(htop --version | head -1)) in tmux 80x24, TERM=vt100"
	# Its header: the meters, then the column titles.
	if first_frames htop htop '*Load average*PID*USER*'; then
		ht_ms=$ff_ms
		ht_paint=$fp_ms
		ht_bytes=$ff_bytes
		idle_bytes
		ht_idle_s=$((idle / IDLE_S))
		echo "htop: idle at its default delay for $IDLE_S s: $idle bytes" \
		    "($ht_idle_s bytes per second)"
	fi
	term_stop
else
	echo "== htop is not installed: no anchor figures (apt-get install htop)"
fi

# --- the table -------------------------------------------------------------
echo
echo "== summary ($DISKS disks, 80x24, TERM=vt100)"
row() {
	printf '%-32s %-22s %-12s %s\n' "$@"
}
row figure rackcon htop target
row "first paint (median)" "$rc_paint ms" "$ht_paint ms" -
row "first complete frame (median)" "$rc_ms ms" "$ht_ms ms" "< 30 ms"
row "bytes of the first frame" "$rc_bytes B" "$ht_bytes B" "< 2500 B"
row "bytes per idle refresh" "$rc_idle B" - "0 B"
row "idle bytes per second" "$rc_idle_s B/s" "$ht_idle_s B/s" "0 B/s"
row "bytes for one changed value" "$rc_change B" - "small"
row "snapshot, $DISKS disks (wall/cpu)" "$snap_wall/$snap_cpu ms" - -
row "snapshot peak RSS" "$snap_rss KiB" - -
row "snapshot cpu us/disk 256/512/1k" "$per_disk" - "linear"
row "  growth" "$linear" - -
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
