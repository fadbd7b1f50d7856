#!/bin/sh
# `make bench`, the fleet part (issue 8): 64 fixture-tree hosts of 16 disks
# and 4 arrays each (half rebuilding: tests/fixtures/make-many-arrays.sh 4 4,
# copied 64 times) in one inventory file. Prints, and asserts nothing:
#
# - one `rackcon --list hosts --json` of them all: wall, CPU, max RSS;
# - the time to a complete Hosts panel (every host's row up, with its disk
#   and array counts), timed by tests/bench/frame-time -m on a 90x100
#   terminal where all 64 rows fit;
# - with -d 1 in tmux: the process CPU per refresh of all of them, its RSS
#   and peak RSS, the bytes an idle refresh writes, and how long a change in
#   the last host's tree (a rebuild further on) takes to show;
# - keypress-to-screen latency (tests/bench/key-time, 80x24: Down and Up in
#   turn, each timed to the read that moved the selected row) while they
#   refresh, and again while 8 of them hang: those trees get a bin/smartctl
#   that notes its pid and sleeps for a day, bounded by --command-timeout;
#   with them hanging, the change figure again, the time F10 takes to quit,
#   and any hanging smartctl left behind.
#
# SMART is out of the first figures: the trees' bin/ has no smartctl (as in
# run-bench.sh's other parts). Everything lives in one temporary folder that
# is removed on exit, failure and interrupt included; tmux servers started
# here are killed, and so is any hanging smartctl still alive (by the pids
# it noted). Run on its own: sh tests/bench/run-fleet.sh
set -u
cd "$(dirname "$0")/../.." || exit 1

HOSTS=64
ARRAYS=4          # per host
MEMBERS=4         # per array: ARRAYS * MEMBERS disks per host
HANG=8            # hosts whose smartctl hangs: h00, h08, ... (every 8th)
HANG_TIMEOUT=5    # --command-timeout while they hang
KEYS=50           # keypresses timed per run
RUNS=5            # launches for the complete-panel median
MEASURE_S=5       # seconds of steady refresh measured
ROWS=90           # the terminal where every host's row fits
COLS=100

die() {
	echo "run-fleet: $*" >&2
	exit 1
}

[ -x ./rackcon ] || die "./rackcon is not built (run make)"
command -v tmux >/dev/null 2>&1 || die "tmux is not installed"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rc-fleet.XXXXXX") || die "mktemp failed"
socks=""
# On EXIT (INT and TERM exit too): stop all we started, remove all we made,
# keep the status.
cleanup() {
	status=$?
	for s in $socks; do
		tmux -L "$s" kill-server >/dev/null 2>&1
	done
	for pid in $(hang_alive); do
		kill -KILL "$pid" 2>/dev/null
	done
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
. tests/bench/bench-lib.sh

# The hanging smartctls' pids that still run a sleep (a pid noted and
# then reused by something else is not ours to touch).
hang_alive() {
	for f in "$tmp"/hang/pids/*; do
		[ -f "$f" ] || continue
		pid=${f##*/}
		[ -r "/proc/$pid/cmdline" ] || continue
		if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" |
		    grep -q '^sleep 86400'; then
			echo "$pid"
		fi
	done
}

# --- fixtures ----------------------------------------------------------------
echo "== fleet: $HOSTS hosts of $((ARRAYS * MEMBERS)) disks and $ARRAYS arrays;" \
    "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now_us)
one=$tmp/one
sh tests/fixtures/make-many-arrays.sh "$ARRAYS" "$MEMBERS" "$one" ||
    die "make-many-arrays.sh failed"
mkdir "$one/bin" # no smartctl
inv=$tmp/inventory
: >"$inv"
i=0
while [ "$i" -lt "$HOSTS" ]; do
	name=$(printf 'h%02d' "$i")
	cp -a "$one" "$tmp/$name" || die "cp failed"
	printf 'host %s\n    sysroot %s\n' "$name" "$tmp/$name" >>"$inv"
	i=$((i + 1))
done
rm -rf "$one"
last=$(printf 'h%02d' $((HOSTS - 1)))
echo "generated $HOSTS trees in $(ms $(($(now_us) - t0))) ms"

# A row with the host up and its counts: HOST STATE DISKS RISK SMART MD.
row_glob="h[0-9][0-9] *up *$((ARRAYS * MEMBERS)) *[0-9]* *[!0-9 ]* *$ARRAYS *"
row_re="^h[0-9][0-9] +up +$((ARRAYS * MEMBERS)) +[0-9]+ +[^ ]+ +$ARRAYS "

run_env() {
	home=$tmp/home
	mkdir -p "$home/.config" "$home/.local/state"
	env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
	    XDG_STATE_HOME="$home/.local/state" TERM=vt100 LANG=C.UTF-8 "$@"
}

# --- batch -------------------------------------------------------------------
echo
echo "== rackcon --list hosts --json (every host read once, one thread)"
b_wall=- b_cpu=- b_rss=-
if [ -x /usr/bin/time ]; then
	if run_env /usr/bin/time -o "$tmp/time" -f '%e %U %S %M' ./rackcon \
	    --inventory "$inv" --list hosts --json >"$tmp/hosts.json"; then
		read -r e u s m <"$tmp/time"
		b_wall=$(awk -v e="$e" 'BEGIN { printf "%.0f", e * 1000 }')
		b_cpu=$(awk -v u="$u" -v s="$s" \
		    'BEGIN { printf "%.0f", (u + s) * 1000 }')
		b_rss=$m
		up=$(grep -c '"state":"up","disks":16,' "$tmp/hosts.json")
		echo "wall $b_wall ms, cpu $b_cpu ms (user $u s, sys $s s)," \
		    "max RSS $b_rss KiB; $up of $HOSTS hosts up with 16 disks"
	else
		echo "run-fleet: rackcon --list hosts failed"
	fi
else
	echo "run-fleet: no /usr/bin/time (GNU time): no batch figures"
fi

# --- complete Hosts panel ----------------------------------------------------
echo
echo "== a complete Hosts panel ($ROWS x $COLS, every host up with its counts)"
c_ms=- c_paint=-
if [ -x tests/bench/frame-time ]; then
	times="" paints=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		figures=$(run_env tests/bench/frame-time -s "${ROWS}x$COLS" \
		    -m "$HOSTS" "$row_glob" ./rackcon -d 1 --inventory "$inv") ||
			break
		paint_us=0 frame_us=0 bytes=0
		eval "$figures" # paint_us= frame_us= bytes=
		times="$times $frame_us" paints="$paints $paint_us"
		echo "run $((i + 1)): first paint $(ms "$paint_us") ms," \
		    "complete $(ms "$frame_us") ms, $bytes bytes"
		i=$((i + 1))
	done
	if [ -n "$times" ]; then
		# shellcheck disable=SC2086 # word lists
		c_ms=$(ms "$(median $times)") c_paint=$(ms "$(median $paints)")
		echo "median: first paint $c_paint ms, complete $c_ms ms"
	fi
else
	echo "no figures: tests/bench/frame-time is not built" \
	    "(apt-get install libvterm-dev, then ./configure)"
fi

# --- steady refresh in tmux ----------------------------------------------------
run=0
# Start rackcon with the arguments given in a $ROWS x $COLS tmux pane on a
# fresh socket, its output counted in $out, once Enter is sent; sets $sock.
term_start() {
	run=$((run + 1))
	sock=rc-fleet-$$-$run
	out=$tmp/out-$run
	socks="$socks $sock"
	mkdir -p "$tmp/home/.config" "$tmp/home/.local/state"
	tmux -L "$sock" -f /dev/null new-session -d -x "$COLS" -y "$ROWS" \
	    "stty -echo; read x; exec env HOME=$tmp/home \
	    XDG_CONFIG_HOME=$tmp/home/.config \
	    XDG_STATE_HOME=$tmp/home/.local/state TERM=vt100 LANG=C.UTF-8 \
	    ./rackcon $*" || die "tmux could not start"
	tmux -L "$sock" pipe-pane -o "cat >> $out" || die "pipe-pane failed"
	tmux -L "$sock" send-keys Enter
}

# Poll the pane (every 10 ms, at most $2 s) until grep -E $1 matches at
# least $3 lines (default 1). Not a timer: it waits for the program.
term_wait() {
	deadline=$(($(now_us) + $2 * 1000000))
	while :; do
		if ! tmux -L "$sock" has-session 2>/dev/null; then
			echo "run-fleet: rackcon has ended (crashed?)"
			return 1
		fi
		n=$(tmux -L "$sock" capture-pane -p 2>/dev/null | grep -Ec -- "$1")
		[ "$n" -ge "${3:-1}" ] && return 0
		if [ "$(now_us)" -gt "$deadline" ]; then
			echo "run-fleet: no screen with ${3:-1} line(s) matching" \
			    "'$1' after $2 s:"
			tmux -L "$sock" capture-pane -p | sed 's/^/    |/'
			return 1
		fi
		sleep 0.01
	done
}

# User plus system CPU of process $1 so far, in ms.
proc_cpu_ms() {
	sed 's/.*) //' "/proc/$1/stat" |
	    awk -v hz="$(getconf CLK_TCK)" '{ print ($12 + $13) * 1000 / hz }'
}

# User plus system CPU of process $1's first thread (the UI thread) in ms.
ui_cpu_ms() {
	sed 's/.*) //' "/proc/$1/task/$1/stat" |
	    awk -v hz="$(getconf CLK_TCK)" '{ print ($12 + $13) * 1000 / hz }'
}

# A field of /proc/$1/status in KiB (VmRSS, VmHWM).
status_kib() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

step=0
# Advance the last host's rebuilds one step and time until its row shows
# the new slowest progress; sets $shown_ms ("-" when it never did).
change_shown() {
	step=$((step + 1))
	# md0 is the slowest: (50 + 7 * step) tenths of a percent.
	tenths=$((50 + 7 * step))
	pct="$((tenths / 10))\\.$((tenths % 10))%"
	t0=$(now_us)
	sh tests/fixtures/make-many-arrays.sh -s "$step" "$ARRAYS" "$MEMBERS" \
	    "$tmp/$last" || return 1
	shown_ms=-
	if term_wait "^$last .* $pct " 30 >/dev/null; then
		shown_ms=$(ms $(($(now_us) - t0)))
	fi
}

# steady LABEL ARGS: rackcon ARGS in tmux; prints CPU per refresh (-d 1),
# RSS, idle bytes and the change latency; sets $s_cpu $s_ui (the UI
# thread's part) $s_rss $s_hwm $s_idle $s_change.
steady() {
	label=$1
	shift
	s_cpu=- s_ui=- s_rss=- s_hwm=- s_idle=- s_change=-
	term_start "$@"
	if ! term_wait "$row_re" 60 "$HOSTS"; then
		term_stop
		return 1
	fi
	pid=$(pane_pid)
	# The full refresh follows the first frame at once: let one pass.
	c0=$(proc_cpu_ms "$pid")
	b0=$(fsize "$out")
	sleep "$MEASURE_S" # a measuring window, not a wait for something
	c1=$(proc_cpu_ms "$pid")
	u1=$(ui_cpu_ms "$pid")
	b1=$(fsize "$out")
	sleep "$MEASURE_S"
	c2=$(proc_cpu_ms "$pid")
	u2=$(ui_cpu_ms "$pid")
	b2=$(fsize "$out")
	s_cpu=$(awk -v a="$c1" -v b="$c2" -v n="$MEASURE_S" \
	    'BEGIN { printf "%.0f", (b - a) / n }')
	first=$(awk -v a="$c0" -v b="$c1" -v n="$MEASURE_S" \
	    'BEGIN { printf "%.0f", (b - a) / n }')
	s_ui=$(awk -v a="$u1" -v b="$u2" -v n="$MEASURE_S" \
	    'BEGIN { printf "%.0f", (b - a) / n }')
	s_idle=$(((b2 - b1) / MEASURE_S))
	s_rss=$(status_kib "$pid" VmRSS)
	s_hwm=$(status_kib "$pid" VmHWM)
	echo "$label: process CPU $first ms a second in the first $MEASURE_S s," \
	    "$s_cpu ms a second (-d 1: a refresh of all $HOSTS) in the next," \
	    "$s_ui ms of it on the UI thread;" \
	    "RSS $s_rss KiB, peak $s_hwm KiB; idle output $s_idle B a" \
	    "second ($((b1 - b0)) B in the first window)"
	changes=""
	for _ in 1 2 3; do
		change_shown || break
		changes="$changes $shown_ms"
	done
	# shellcheck disable=SC2086 # a word list
	s_change=$(median $changes)
	echo "$label: a rebuild step in $last shown after$changes ms" \
	    "(median $s_change)"
}

echo
echo "== rackcon -d 1 --inventory ($HOSTS hosts) in tmux, $ROWS x $COLS"
steady refresh -d 1 --inventory "$inv"
r_cpu=$s_cpu r_ui=$s_ui r_rss=$s_rss r_hwm=$s_hwm r_idle=$s_idle r_change=$s_change
term_stop

# --- keypresses --------------------------------------------------------------
k_med=- k_p95=- k_max=- k_cpu=-
h_med=- h_p95=- h_max=- h_cpu=-
# key_run [KEY-TIME OPTIONS]: key-time on rackcon -d 1 at 80x24; sets $kt.
key_run() {
	kt=""
	if [ ! -x tests/bench/key-time ]; then
		echo "no figures: tests/bench/key-time is not built" \
		    "(apt-get install libvterm-dev, then ./configure)"
		return 1
	fi
	kt=$(run_env tests/bench/key-time -n "$KEYS" -t 60 "$@" \
	    "$row_glob" ./rackcon -d 1 --command-timeout "$HANG_TIMEOUT" \
	    --inventory "$inv") || return 1
	echo "$kt"
	keys=0 missed=0 median_us=0 p95_us=0 max_us=0 cpu_ms=0 wall_ms=0 stop_ms=-
	eval "$kt" # keys= missed= median_us= p95_us= max_us= cpu_ms= ...
}

echo
echo "== keypress to screen, 80x24, while $HOSTS hosts refresh (-d 1)"
if key_run; then
	k_med=$(ms "$median_us") k_p95=$(ms "$p95_us") k_max=$(ms "$max_us")
	k_cpu="$cpu_ms ms in $wall_ms ms"
	echo "median $k_med ms, p95 $k_p95 ms, max $k_max ms over $keys keys" \
	    "($missed missed); rackcon used $k_cpu meanwhile"
fi

# --- 8 hosts hang --------------------------------------------------------------
mkdir -p "$tmp/hang/pids"
i=0
hung=""
while [ "$i" -lt "$HANG" ]; do
	name=$(printf 'h%02d' $((i * HOSTS / HANG)))
	hung="$hung $name"
	cat >"$tmp/$name/bin/smartctl" <<EOF
#!/bin/sh
# A smartctl that hangs (tests/bench/run-fleet.sh): notes its pid, sleeps.
: >"$tmp/hang/started"
echo \$\$ >"$tmp/hang/pids/\$\$"
exec sleep 86400
EOF
	chmod +x "$tmp/$name/bin/smartctl"
	i=$((i + 1))
done

echo
echo "== keypress to screen, 80x24, while$hung hang" \
    "(--command-timeout $HANG_TIMEOUT)"
stop_ms=-
if key_run -w "$tmp/hang/started"; then
	h_med=$(ms "$median_us") h_p95=$(ms "$p95_us") h_max=$(ms "$max_us")
	h_cpu="$cpu_ms ms in $wall_ms ms"
	echo "median $h_med ms, p95 $h_p95 ms, max $h_max ms over $keys keys" \
	    "($missed missed); rackcon used $h_cpu meanwhile;" \
	    "$(find "$tmp/hang/pids" -type f | wc -l) hanging smartctl runs" \
	    "so far"
fi
sleep 1 # what SIGTERM's exit should have ended by now
left_term=$(hang_alive | wc -l)
echo "rackcon went ${stop_ms:--} ms after SIGTERM (-1: it needed SIGKILL);" \
    "hanging smartctl left a second later: $left_term"
for pid in $(hang_alive); do
	kill -KILL "$pid" 2>/dev/null
done

echo
echo "== rackcon -d 1 --command-timeout $HANG_TIMEOUT in tmux while$hung hang"
rm -f "$tmp/hang/started"
g_change=- g_cpu=- g_quit=- left_quit=- pid=""
if steady hang -d 1 --command-timeout "$HANG_TIMEOUT" --inventory "$inv"
then
	pid=$(pane_pid)
fi
g_change=$s_change g_cpu=$s_cpu
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
	running=$(hang_alive | wc -l)
	t0=$(now_us)
	tmux -L "$sock" send-keys F10
	deadline=$((t0 + 10000000))
	while kill -0 "$pid" 2>/dev/null && [ "$(now_us)" -lt "$deadline" ]; do
		sleep 0.01
	done
	if kill -0 "$pid" 2>/dev/null; then
		g_quit="> 10 s"
	else
		g_quit="$(ms $(($(now_us) - t0))) ms"
	fi
	sleep 1 # what the exit should have ended by now
	left_quit=$(hang_alive | wc -l)
	echo "hang: F10 with $running smartctl hanging: gone after $g_quit;" \
	    "$left_quit hanging smartctl left a second later"
else
	g_quit="it had ended"
	left_quit="$(hang_alive | wc -l) after that end,"
	echo "hang: rackcon had ended before F10 (crashed?);" \
	    "$left_quit hanging smartctl left"
fi
term_stop

row() {
	printf '%-32s %-22s %s\n' "$@"
}
echo
echo "== summary, fleet ($HOSTS hosts x $((ARRAYS * MEMBERS)) disks," \
    "$ARRAYS arrays; -d 1)"
row figure rackcon target
row "--list hosts (wall/cpu)" "$b_wall/$b_cpu ms" -
row "  max RSS" "$b_rss KiB" -
row "complete Hosts panel (median)" "$c_ms ms" -
row "cpu per refresh of all" "$r_cpu ms" -
row "  of it on the UI thread" "$r_ui ms" -
row "  RSS / peak RSS" "$r_rss/$r_hwm KiB" -
row "bytes per idle refresh" "$r_idle B" "0 B"
row "a change shown (median)" "$r_change ms" "< 1 refresh"
row "key to screen, refreshing" "$k_med/$k_p95/$k_max ms" "< 16 ms"
row "  (median/p95/max)" "$k_cpu" -
row "key to screen, $HANG hang" "$h_med/$h_p95/$h_max ms" "< 16 ms"
row "  (median/p95/max)" "$h_cpu" -
row "a change shown, $HANG hang" "$g_change ms" "< 1 refresh"
row "  cpu per second" "$g_cpu ms" -
row "quit while $HANG hang" "$g_quit" "< 1 s"
row "hanging smartctl left behind" "${left_term:--} (SIGTERM), $left_quit F10" "0"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
