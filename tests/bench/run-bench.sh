#!/bin/sh
# `make bench`: what a Disks snapshot costs at 256, 512 and 1024 disks, and
# what the real binary writes to an 80x24 terminal, with htop as the anchor.
# Prints figures and a table against the targets; asserts nothing.
#
# The RAID part (issue 3): 64 arrays of 16 members, half of them rebuilding
# (tests/fixtures/make-many-arrays.sh): CPU per refresh of the raid plugin
# (tests/bench/bench-raid, built here with the flags of the Makefile's
# bench-disks rule) and of the whole program, and what rackcon --panel raid
# writes to 80x24 when only the rebuilds' progress figures change (the
# generator's -s rewrites proc/mdstat: a temporary file renamed over it)
# and when nothing changes.
#
# The fleet part (issue 8), 64 fixture-tree hosts in one inventory, is
# tests/bench/run-fleet.sh, run last with its own temporary folder; the SSH
# part (issue 9) is tests/bench/run-remote.sh, after it, then
# tests/bench/run-ssh-fleet.sh (50 sshd on loopback against ssh itself);
# the IPMI part (issue 10) is tests/bench/run-ipmi-fleet.sh (64 and 256
# ipmi_sim against ipmi-power and ipmitool), then tests/bench/run-sol-bench.sh
# (a 115200-baud SOL flood: lines lost, bytes rackcon writes to its terminal
# per second of SOL output and at idle, ipmiconsole as the reference), last.
#
# SMART is left out throughout: bench-disks passes PLUGIN_SNAP_NO_SLOW, and
# the sysroots get an empty bin/ so the TUI finds no smartctl there (rather
# than running this machine's smartctl 1024 times in the background).
#
# First frames are timed by tests/bench/frame-time: the program on its own
# 80x24 pseudo-terminal (TERM=vt100, LANG=C.UTF-8), every byte it writes
# fed to libvterm, the screen looked at after each read; the clock runs
# from the fork to the read that completed the screen. Nothing samples, so
# the figures are good to the scheduler's wake-up, for rackcon and htop
# alike. (Polling a tmux pane, as this script did before, only saw a frame
# at its next capture: 10 to 40 ms late on this kind of machine, as process
# starts cost a few ms each here.)
#
# Idle and per-change figures come from tmux (private sockets, 80x24, the
# same environment) with `pipe-pane -o 'cat >> FILE'` counting the bytes
# the program writes. The program waits on `read` behind `stty -echo` until
# the pipe is in place and starts when Enter is sent.
set -u
cd "$(dirname "$0")/../.." || exit 1

RUNS=9              # launches for the first-frame median
SNAP_RUNS=10        # timed snapshots per sysroot in bench-disks
IDLE_S=5            # seconds of idle output counted
QUIET_MS=300        # output quiet this long ends a frame
DISKS=1024
RAID_ARRAYS=64      # the RAID part: arrays of RAID_MEMBERS members each
RAID_MEMBERS=16
RAID_RUNS=20        # timed snapshots in bench-raid

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
. tests/bench/bench-lib.sh

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
raid_gen=tests/fixtures/make-many-arrays.sh
arrays=$tmp/arrays-${RAID_ARRAYS}x$RAID_MEMBERS
t0=$(now_us)
if sh "$raid_gen" "$RAID_ARRAYS" "$RAID_MEMBERS" "$arrays"; then
	mkdir "$arrays/bin" # no smartctl here either
	echo "generated $RAID_ARRAYS arrays x $RAID_MEMBERS members in" \
	    "$(ms $(($(now_us) - t0))) ms"
else
	echo "run-bench: $raid_gen failed: no RAID figures"
	arrays=""
fi

# --- snapshot cost ---------------------------------------------------------
echo
echo "== snapshot as the steady refresh takes it (plugin linked in, caches warm, mean of" \
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
	# shellcheck disable=SC2154 # quick_ms too
	# shellcheck disable=SC2154 # recheck_cpu_ms too
	[ "$n" = "$DISKS" ] && snap_cpu=$cpu_ms && snap_wall=$wall_ms &&
	    snap_rss=$rss_max_kib && snap_quick=$quick_ms &&
	    snap_recheck=$recheck_cpu_ms
done
# Linear when the CPU cost per disk at 1024 is within 25% of that at 256.
linear=$(awk -v a="$first_cpu" -v b="$cpu_us_per_disk" 'BEGIN {
	verdict = b <= a * 1.25 ? "linear" : "NOT linear"
	printf "%s (x%.2f per disk)", verdict, b / a }')
echo "cpu us/disk at 256/512/$DISKS: $per_disk: $linear from 256 to $DISKS"

# bench-raid: the Makefile's bench-disks rule, flags and all, with the raid
# plugin's sources instead of the disks plugin's (read from the Makefile
# itself, which stays as it is).
echo
echo "== raid snapshot (plugin linked in, mean of $RAID_RUNS runs)"
raid_wall=- raid_cpu=- raid_cpu_array=- raid_cpu_member=- raid_rss=-
if [ -n "$arrays" ] && make -s --no-print-directory -f Makefile -f - \
    tests/bench/bench-raid <<'EOF'
tests/bench/bench-raid: tests/bench/bench-raid.c $(BACKEND_SRCS) $(RAID_SRCS)
	$(CC) $(ALL_CFLAGS) -O2 -rdynamic -o $@ $^ $(LIBS)
EOF
then
	if line=$(tests/bench/bench-raid -n "$RAID_RUNS" "$arrays"); then
		echo "$line"
		# key=value pairs, as raid_KEY shell variables
		eval "$(printf '%s\n' "$line" | sed 's/\([a-z_]*\)=/raid_\1=/g')"
		# shellcheck disable=SC2154 # set by the eval
		raid_wall=$raid_wall_ms raid_cpu=$raid_cpu_ms \
		    raid_cpu_array=$raid_cpu_us_per_array \
		    raid_cpu_member=$raid_cpu_us_per_member \
		    raid_rss=$raid_rss_max_kib
	else
		echo "run-bench: bench-raid failed"
	fi
else
	echo "run-bench: no tests/bench/bench-raid (no fixture, or it did not build)"
fi

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

# True when the screen matches every grep -E pattern given.
screen_has() {
	tmux -L "$sock" capture-pane -p >"$tmp/screen" 2>/dev/null || return 1
	for p in "$@"; do
		grep -Eq -- "$p" "$tmp/screen" || return 1
	done
}

# term_launch_until GLOB [FIRST LAST]: send Enter, then poll until the
# screen (or its lines FIRST to LAST) matches the case pattern GLOB. Not a
# timer (frame-time is): it waits for the program to be up.
term_launch_until() {
	glob=$1
	range=""
	[ $# -lt 3 ] || range="-S $2 -E $3"
	tmux -L "$sock" send-keys Enter
	deadline=$(($(now_us) + 20000000))
	while :; do
		# shellcheck disable=SC2086 # $range is two options or none
		text=$(tmux -L "$sock" capture-pane -p $range 2>/dev/null)
		# shellcheck disable=SC2254 # $glob is a pattern
		case $text in
		$glob) return 0 ;;
		esac
		if [ "$(now_us)" -gt "$deadline" ]; then
			echo "run-bench: no frame matching '$glob' after 20 s:"
			tmux -L "$sock" capture-pane -p | sed 's/^/    |/'
			return 1
		fi
		sleep 0.01
	done
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

# first_frames NAME GLOB LINE COMMAND [ARG...]: $RUNS launches under
# frame-time, matching GLOB against screen line LINE (0-based; - for the
# whole screen); sets $ff_ms and $fp_ms (median first frame and first
# paint) and $ff_bytes (median bytes until the output rests 300 ms after
# the frame), or "-" for each when frame-time is not built.
first_frames() {
	name=$1
	glob=$2
	line=$3
	shift 3
	ff_ms=- fp_ms=- ff_bytes=-
	if [ ! -x tests/bench/frame-time ]; then
		echo "$name: no first-frame figures: tests/bench/frame-time is" \
		    "not built (apt-get install libvterm-dev, then ./configure)"
		return 1
	fi
	if [ "$line" = - ]; then
		set -- "$glob" "$@"
	else
		set -- -l "$line" "$glob" "$@"
	fi
	times=""
	paints=""
	sizes=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		home=$tmp/home-ff-$name-$i
		mkdir -p "$home/.config" "$home/.local/state"
		figures=$(env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
		    XDG_STATE_HOME="$home/.local/state" TERM=vt100 \
		    LANG=C.UTF-8 tests/bench/frame-time "$@") || return 1
		eval "$figures" # paint_us= frame_us= bytes=
		# shellcheck disable=SC2154 # set by the eval
		times="$times $frame_us" paints="$paints $paint_us" \
		    sizes="$sizes $bytes"
		echo "$name run $((i + 1)): first paint $(ms "$paint_us") ms," \
		    "first frame $(ms "$frame_us") ms, $bytes bytes"
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
echo "== rackcon --sysroot ($DISKS disks) in 80x24, TERM=vt100"
rc_ms=- rc_paint=- rc_bytes=- rc_idle=- rc_idle_s=- rc_change=-
# The status line (the last) ends in "ROW/1024" once the table is there.
if first_frames rackcon "*[0-9]/$DISKS*" 23 ./rackcon -d 1 --sysroot "$big"
then
	rc_ms=$ff_ms
	rc_paint=$fp_ms
	rc_bytes=$ff_bytes
fi
term_start "./rackcon -d 1 --sysroot $big"
if term_launch_until "*[0-9]/$DISKS*" 23 23; then
	term_quiet
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
	echo "== htop ($(htop --version | head -1)) in 80x24, TERM=vt100"
	# Its header: the meters, then the column titles.
	if first_frames htop '*Load average*PID*USER*' - htop; then
		ht_ms=$ff_ms
		ht_paint=$fp_ms
		ht_bytes=$ff_bytes
	fi
	term_start htop
	if term_launch_until '*Load average*PID*USER*'; then
		term_quiet
		idle_bytes
		ht_idle_s=$((idle / IDLE_S))
		echo "htop: idle at its default delay for $IDLE_S s: $idle bytes" \
		    "($ht_idle_s bytes per second)"
	fi
	term_stop
else
	echo "== htop is not installed: no anchor figures (apt-get install htop)"
fi

# --- the RAID panel in the terminal ------------------------------------------

# User plus system CPU of process $1 so far, in clock ticks.
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Wait until $out has not grown for $1 ms (at most 5 s); $bytes its size.
term_settle() {
	saved=$QUIET_MS
	QUIET_MS=$1
	term_quiet
	QUIET_MS=$saved
}

# The whole screen into file $1.
screen_capture() {
	tmux -L "$sock" capture-pane -p >"$1" 2>/dev/null
}

# raid_rows_written OFFSET: follow the bytes of $out from OFFSET as a vt100
# does (CUP, cursor up and down, LF) and print "ROW BYTES" for each screen
# row (1-based) that got printable bytes.
raid_rows_written() {
	tail -c +"$(($1 + 1))" "$out" | od -An -v -tu1 | awk '
	{
		for (i = 1; i <= NF; i++) {
			b = $i
			if (st == 0) {
				if (b == 27) st = 1
				else if (b == 10) row++
				else if (b >= 32 && b != 127) n[row]++
			} else if (st == 1) {
				if (b == 91) { st = 2; p = "" }
				else if (b == 40 || b == 41) st = 3
				else st = 0
			} else if (st == 3) st = 0
			else if (b >= 64 && b <= 126) {
				split(p, a, ";")
				c = sprintf("%c", b)
				if (c == "H" || c == "f") row = a[1] == "" ? 1 : a[1] + 0
				else if (c == "A") row -= a[1] == "" ? 1 : a[1]
				else if (c == "B") row += a[1] == "" ? 1 : a[1]
				st = 0
			} else p = p sprintf("%c", b)
		}
	}
	END { for (r in n) print r, n[r] }' | sort -n
}

# raid_progress_refresh STEP: advance the rebuilds to STEP; sets
# $raid_bytes (what the refresh showing it wrote), $raid_changed (table
# rows, screen lines 3..15, whose text changed: the changing visible
# arrays) and $raid_other (printable bytes into lines whose text did not
# change; the detail pane changes too when the selected array rebuilds).
raid_progress_refresh() {
	screen_capture "$tmp/table.before"
	b0=$(fsize "$out")
	sh "$raid_gen" -s "$1" "$RAID_ARRAYS" "$RAID_MEMBERS" "$arrays" ||
		return 1
	deadline=$(($(now_us) + 10000000))
	while screen_capture "$tmp/table.after" &&
	    cmp -s "$tmp/table.before" "$tmp/table.after"; do
		if [ "$(now_us)" -gt "$deadline" ]; then
			echo "run-bench: step $1 never showed"
			return 1
		fi
		sleep 0.01
	done
	term_quiet
	screen_capture "$tmp/table.after"
	raid_bytes=$((bytes - b0))
	awk 'NR == FNR { a[FNR] = $0; next }
	    $0 != a[FNR] { print FNR }' "$tmp/table.before" \
	    "$tmp/table.after" >"$tmp/rows.changed"
	raid_changed=$(awk '$1 >= 3 && $1 <= 15' "$tmp/rows.changed" |
	    wc -l | tr -d ' ')
	raid_rows_written "$b0" >"$tmp/rows.written"
	raid_other=$(awk 'NR == FNR { c[$1] = 1; next }
	    !($1 in c) { s += $2 } END { print s + 0 }' "$tmp/rows.changed" \
	    "$tmp/rows.written")
	echo "rackcon raid: step $1: $raid_bytes bytes; screen lines changed:" \
	    "$(tr '\n' ' ' <"$tmp/rows.changed")"
	echo "    printable bytes per screen row (row:bytes):" \
	    "$(tr ' \n' ': ' <"$tmp/rows.written")"
	echo "    bytes: $(tail -c "$raid_bytes" "$out" | od -An -c |
	    tr -s ' \n' ' ' | cut -c1-240) ..."
}

rd_ms=- rd_bytes=- rd_idle=- rd_cpu=- rd_change=- rd_per=- rd_rows=-
rd_sorted_per=- rd_other=-
if [ -n "$arrays" ]; then
	echo
	echo "== rackcon --panel raid ($RAID_ARRAYS arrays x $RAID_MEMBERS" \
	    "members, half rebuilding) in 80x24, TERM=vt100"
	# The status line ends in "ROWS/64" once the table is there.
	saved_runs=$RUNS
	RUNS=3
	first_frames "rackcon raid" "*[0-9]/$RAID_ARRAYS*" 23 \
	    ./rackcon -d 1 --panel raid --sysroot "$arrays" && rd_ms=$ff_ms
	RUNS=$saved_runs
	term_start "./rackcon -d 1 --panel raid --sysroot $arrays"
	if term_launch_until "*[0-9]/$RAID_ARRAYS*" 23 23; then
		# The Disks data (RISK, the detail pane) follows the first
		# frame: wait for 1.5 refreshes without output.
		term_settle 1500
		rd_bytes=$bytes
		echo "rackcon raid: $bytes bytes until the output rests"
		pid=$(pane_pid)
		c0=$(cpu_ticks "$pid")
		idle_bytes
		c1=$(cpu_ticks "$pid")
		rd_idle=$((idle / IDLE_S)) # -d 1: one refresh a second
		rd_cpu=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" \
		    -v n="$IDLE_S" 'BEGIN { printf "%.1f", t * 1000 / hz / n }')
		echo "rackcon raid: idle with -d 1 for $IDLE_S s: $idle bytes;" \
		    "process CPU $rd_cpu ms a refresh (the RAID data and the" \
		    "Disks data it uses: $((RAID_ARRAYS * RAID_MEMBERS)) disks)"
		# Only the rebuilds' progress figures change; in the default
		# order the rebuilding (degraded) arrays fill the visible rows.
		if raid_progress_refresh 1; then
			rd_change=$raid_bytes
			rd_rows=$raid_changed
			[ "$raid_changed" -gt 0 ] &&
			    rd_per=$((raid_bytes / raid_changed))
			echo "rackcon raid: $rd_per bytes per changing visible array"
		fi
		# Sorted by name, rebuilding and clean arrays alternate on
		# screen: the clean ones' rows should get nothing.
		tmux -L "$sock" send-keys : 'sort name' Enter
		term_settle 1500
		if raid_progress_refresh 2; then
			rd_other=$raid_other
			[ "$raid_changed" -gt 0 ] &&
			    rd_sorted_per=$((raid_bytes / raid_changed))
			echo "rackcon raid, sorted by name: $rd_sorted_per bytes" \
			    "per changing visible array; $raid_other printable" \
			    "bytes into rows that did not change"
		fi
	fi
	term_stop
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
row "snapshot, $DISKS disks (wall/cpu)" "$snap_wall/$snap_cpu ms" - "cpu < 20 ms"
row "  slow refresh's recheck (cpu)" "$snap_recheck ms" - "every 30 s"
row "quick listing, first frame's" "$snap_quick ms" - -
row "snapshot peak RSS" "$snap_rss KiB" - -
row "snapshot cpu us/disk 256/512/1k" "$per_disk" - "linear"
row "  growth" "$linear" - -
echo
echo "== summary, RAID panel ($RAID_ARRAYS arrays x $RAID_MEMBERS members," \
    "half rebuilding, 80x24, TERM=vt100)"
row figure rackcon - target
row "raid snapshot (wall/cpu)" "$raid_wall/$raid_cpu ms" - -
row "  cpu per array/per member" "$raid_cpu_array/$raid_cpu_member us" - -
row "  peak RSS" "$raid_rss KiB" - -
row "process cpu per refresh (-d 1)" "$rd_cpu ms" - -
row "first complete frame" "$rd_ms ms" - -
row "bytes until the output rests" "$rd_bytes B" - -
row "bytes per idle refresh" "$rd_idle B" - "0 B"
row "progress refresh, all bytes" "$rd_change B ($rd_rows rows)" - -
row "  per changing visible array" "$rd_per B" - "a few dozen B"
row "  same, sorted by name" "$rd_sorted_per B" - "a few dozen B"
row "  into rows that did not change" "$rd_other B" - "0 B (the rest)"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the fleet ---------------------------------------------------------------
echo
sh tests/bench/run-fleet.sh || echo "run-bench: the fleet part failed"

# --- SSH -----------------------------------------------------------------------
sh tests/bench/run-remote.sh || echo "run-bench: the SSH part failed"
sh tests/bench/run-ssh-fleet.sh || echo "run-bench: the SSH fleet part failed"

# --- IPMI ----------------------------------------------------------------------
sh tests/bench/run-ipmi-fleet.sh || echo "run-bench: the IPMI fleet part failed"
sh tests/bench/run-sol-bench.sh || echo "run-bench: the SOL part failed"
