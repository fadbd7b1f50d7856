#!/bin/sh
# `make bench`, the SSH fleet part (issue 9): 50 private sshd on loopback
# (tests/lib-sshd.sh, one each), an inventory of 50 `ssh` entries, each
# reading on the far side the same generated tree of 4 SATA disks and one
# rebuilding RAID6 array (tests/fixtures/make-many-arrays.sh 1 4), with -F
# the harness's ssh_config (ControlMaster no). Prints, asserts nothing:
#
# - the time to a complete Hosts panel (every host's row up with its disk
#   and array counts) by tests/bench/frame-time -m on a 90x100 terminal,
#   median of several launches, at the default refresh interval (2 s: at
#   -d 1 the far side of 50 hosts' refreshes, on the same 2 CPUs here,
#   held the first logins back past a minute);
# - with -d 1 in tmux: the process CPU per refresh of all 50, and the wall
#   time from a change in the tree (a rebuild step further on in
#   proc/mdstat) until all 50 rows show it;
# - in the same run, the baselines: `ssh -F cfg hN CMD` for the 50 in a
#   sequential loop, and 50 of them in parallel (background jobs, wait),
#   each timed; CMD is one `cat` of the tree's regular files under proc/ and
#   sys/ (119 files, 2.8 KB: what a refresh of the Disks and RAID panels and
#   the host facts reads there, as strace of the far side showed; rackcon
#   also lists the directories and reads the links); and the floor under
#   them all: tests/bench/ssh-fanout (libssh, one thread and one session a
#   host, all at once) execing the same CMD once on each host;
# - for every method (the three baselines, each launch of rackcon to a
#   complete panel), the far-side CPU it cost: the sum over the 50 sshd
#   listeners of cutime + cstime (/proc/PID/stat fields 16 and 17: their
#   sessions' processes, reaped), read before and after once no listener
#   has a session left. On loopback the far sides share these 2 CPUs with
#   the client, so this is what bounds the wall times here;
# - keypress-to-screen latency (tests/bench/key-time, 80x24) while the 50
#   refresh, and while 5 of them hang: their sshd listeners get SIGSTOP
#   before rackcon starts, so the kernel completes the TCP handshake but no
#   banner ever comes (a host whose sshd is wedged); rackcon waits for them
#   up to the config's ConnectTimeout (10 s), then retries. While they
#   refresh, once more with the far sides at nice 10: on loopback they
#   share this machine's CPUs with rackcon's UI thread, in use they are
#   other machines.
#
# The hosts log in as a user made for the run (sshd_add_user, shell
# /bin/sh), not root, so no login reads a dotfile of this machine's root
# (lib-sshd.sh blanks root's ~/.bashrc for its sshd too). One ssh as root
# and one as the user are timed and printed.
#
# RACKCON_BEFORE=DIR (another built worktree, e.g. main's) times that
# build's rackcon too, in the same run and against the same sshd, for the
# complete Hosts panel (launches alternate between the two builds) and the
# keypress figures: a before/after pair on a noisy machine.
#
# Needs root (sshd, the user); says so and exits 0 without it. Everything
# lives in one temporary folder removed on exit (failure and interrupt
# too); stopped sshd get SIGCONT and every sshd is stopped, tmux servers
# started here are killed. Run on its own: sh tests/bench/run-ssh-fleet.sh
set -u
cd "$(dirname "$0")/../.." || exit 1

HOSTS=50
HANG=5         # hosts whose sshd listener is stopped: h01, h11, ...
RUNS=${RUNS:-3} # launches for the complete-panel median (RUNS=N to change)
KEYS=50        # keypresses timed per key-time run
MEASURE_S=5    # seconds of steady refresh measured
ROWS=90        # a terminal where every host's row fits
COLS=100
USER_NAME=rcbench

say() { printf '%s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "== ssh fleet: skipped (needs root for sshd)"; exit 0; }
[ -x /usr/sbin/sshd ] || { say "== ssh fleet: skipped (no sshd: ./setup.sh deps)"; exit 0; }
[ -f backends/ssh.so ] || { say "== ssh fleet: skipped (built without libssh)"; exit 0; }
command -v tmux >/dev/null 2>&1 || { say "== ssh fleet: skipped (no tmux)"; exit 0; }
[ -x ./rackcon ] || { say "run-ssh-fleet: ./rackcon is not built"; exit 1; }
if id "$USER_NAME" >/dev/null 2>&1; then
	say "== ssh fleet: skipped (user $USER_NAME exists: not ours to use)"
	exit 0
fi

# shellcheck source=tests/lib-sshd.sh
. tests/lib-sshd.sh
# shellcheck source=tests/bench/bench-lib.sh
. tests/bench/bench-lib.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rc-sshfleet.XXXXXX") || exit 1
chmod 755 "$tmp" # the bench user reads the tree under it
socks=""
stopped="" # listener pids stopped with SIGSTOP
cleanup() {
	status=$?
	for p in $stopped; do
		kill -CONT "$p" 2>/dev/null
	done
	for s in $socks; do
		tmux -L "$s" kill-server >/dev/null 2>&1
	done
	sshd_stop_all
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export RACKCON_PLUGIN_DIR="$PWD/backends"

run_env() {
	home=$tmp/home
	mkdir -p "$home/.config" "$home/.local/state"
	env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
	    XDG_STATE_HOME="$home/.local/state" TERM=vt100 LANG=C.UTF-8 "$@"
}

# --- fixtures ----------------------------------------------------------------
say ""
say "== ssh fleet: $HOSTS sshd on loopback, 4 disks and 1 array each;" \
    "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
tree=$tmp/tree
sh tests/fixtures/make-many-arrays.sh 1 4 "$tree" >/dev/null ||
	{ say "run-ssh-fleet: make-many-arrays.sh failed"; exit 1; }
mkdir "$tree/bin" # no smartctl
chmod -R go+rX "$tree"
t0=$(now_us)
sshd_start_many "$tmp/sshd" "$HOSTS" h || { say "run-ssh-fleet: sshd failed"; exit 1; }
sshd_add_user "$USER_NAME" || { say "run-ssh-fleet: sshd_add_user failed"; exit 1; }
say "started $HOSTS sshd in $(ms $(($(now_us) - t0))) ms"
cfg=$tmp/sshd/ssh_config
inv=$tmp/inventory
: >"$inv"
i=1
while [ "$i" -le "$HOSTS" ]; do
	printf 'host h%02d\n    ssh h%d\n    user %s\n    sudo no\n    sysroot %s\n' \
	    "$i" "$i" "$USER_NAME" "$tree" >>"$inv"
	i=$((i + 1))
done
chmod 600 "$inv"

# A row with the host up and its counts: HOST STATE DISKS RISK SMART MD.
row_glob="h[0-9][0-9] *up *4 *[0-9]* *[!0-9 ]* *1 *"
row_re="^h[0-9][0-9] +up +4 +[0-9]+ +[^ ]+ +1 "

# The baseline's command: one cat of the tree's files under proc/ and sys/.
files=$(cd "$tree" && find proc sys -type f | sort | tr '\n' ' ')
# shellcheck disable=SC2086 # a word list of plain names
nfiles=$(printf '%s\n' $files | wc -l)
# shellcheck disable=SC2086
want_bytes=$(cd "$tree" && cat -- $files | wc -c)
remote="cd $tree && cat -- $files"

# One login as root and one as the bench user, timed (see the header).
for u in root "$USER_NAME"; do
	t0=$(now_us)
	ssh -F "$cfg" -l "$u" h1 true </dev/null
	say "ssh -l $u h1 true: $(ms $(($(now_us) - t0))) ms"
done

# --- far-side CPU --------------------------------------------------------------
# The listeners' pids, once (they do not change during the run).
listeners=""
i=1
while [ "$i" -le "$HOSTS" ]; do
	listeners="$listeners $(sshd_pid "h$i")"
	i=$((i + 1))
done
clk_tck=$(getconf CLK_TCK)

# far_settle: wait (at most 30 s) until no listener has a child: every
# session has ended and been reaped, so its CPU is in the listener's
# cutime + cstime. A stopped listener (the hang part) is not asked.
far_settle() {
	deadline=$(($(now_us) + 30000000))
	while ps -eo ppid= | awk -v l="$listeners" '
	    BEGIN { n = split(l, a, " "); for (i = 1; i <= n; i++) w[a[i]] = 1 }
	    ($1 in w) { found = 1 } END { exit !found }'; do
		if [ "$(now_us)" -gt "$deadline" ]; then
			say "run-ssh-fleet: sessions still open after 30 s"
			return 1
		fi
		sleep 0.05
	done
}

# far_cpu_ms: the sum of cutime + cstime over the listeners, in ms.
far_cpu_ms() {
	for p in $listeners; do
		sed 's/.*) //' "/proc/$p/stat"
	done | awk -v hz="$clk_tck" '{ t += $14 + $15 }
	    END { printf "%.0f\n", t * 1000 / hz }'
}

# logins: how many logins the sshd logs hold (LogLevel VERBOSE says
# "Accepted publickey for USER" once a login).
logins() {
	cat "$tmp"/sshd/h*.log | grep -c 'Accepted [a-z-]* for '
}

# far_begin / far_end: around a method; far_end prints the ms it cost
# the far sides in far_ms and the logins it took in far_logins.
far_begin() {
	far_settle
	far0=$(far_cpu_ms)
	logins0=$(logins)
}
far_end() {
	far_settle
	far_logins=$(($(logins) - logins0))
	far_ms=$(($(far_cpu_ms) - far0))
}

# --- baselines -----------------------------------------------------------------
say ""
say "== baselines: ssh -F cfg -l $USER_NAME hN 'cd TREE && cat -- FILES'" \
    "($nfiles files, $want_bytes B)"
far_begin
t0=$(now_us)
i=1 bad=0 seq_each=""
while [ "$i" -le "$HOSTS" ]; do
	t1=$(now_us)
	n=$(ssh -F "$cfg" -l "$USER_NAME" "h$i" "$remote" </dev/null | wc -c)
	seq_each="$seq_each $(($(now_us) - t1))"
	[ "$n" = "$want_bytes" ] || bad=$((bad + 1))
	i=$((i + 1))
done
seq_wall=$(ms $(($(now_us) - t0)))
far_end
seq_far="$far_ms ms, $far_logins logins"
# shellcheck disable=SC2086 # a word list
seq_med=$(ms "$(median $seq_each)")
say "sequential: $seq_wall ms for $HOSTS, median $seq_med ms each;" \
    "$bad short or failed; far-side CPU $seq_far"
mkdir "$tmp/par"
far_begin
t0=$(now_us)
i=1 jobs=""
while [ "$i" -le "$HOSTS" ]; do
	(
		t1=$(now_us)
		n=$(ssh -F "$cfg" -l "$USER_NAME" "h$i" "$remote" </dev/null | wc -c)
		echo "$(($(now_us) - t1)) $n" >"$tmp/par/$i"
	) &
	jobs="$jobs $!"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # a list of pids (a bare wait would wait for
# the sshd too: they are this shell's children)
wait $jobs
par_wall=$(ms $(($(now_us) - t0)))
far_end
par_far="$far_ms ms, $far_logins logins"
par_each=$(cut -d' ' -f1 "$tmp"/par/*)
bad=$(cut -d' ' -f2 "$tmp"/par/* | grep -cvx "$want_bytes")
# shellcheck disable=SC2086 # a word list
par_med=$(ms "$(median $par_each)")
# shellcheck disable=SC2086
par_max=$(ms "$(printf '%s\n' $par_each | sort -n | tail -1)")
say "parallel: $par_wall ms for $HOSTS, each median $par_med ms," \
    "max $par_max ms; $bad short or failed; far-side CPU $par_far"

# The floor: libssh, a thread and a session a host, the same CMD.
fan_wall=- fan_far=-
if [ -x tests/bench/ssh-fanout ]; then
	i=1
	while [ "$i" -le "$HOSTS" ]; do
		printf '%s %s %s %s\n' "$(sshd_addr "h$i")" "$(sshd_port "h$i")" \
		    "$tmp/sshd/id_h$i" "$tmp/sshd/h$i.known_hosts"
		i=$((i + 1))
	done >"$tmp/fanout-hosts"
	far_begin
	fan=$(tests/bench/ssh-fanout -l "$USER_NAME" -c "$remote" \
	    -b "$want_bytes" <"$tmp/fanout-hosts")
	far_end
	fan_far="$far_ms ms, $far_logins logins"
	wall_us=0 median_us=0 max_us=0 failed=0
	eval "$fan" # wall_us= median_us= max_us= failed=
	fan_wall=$(ms "$wall_us")
	say "libssh, $HOSTS threads x 1 session each: $fan_wall ms for" \
	    "$HOSTS, each median $(ms "$median_us") ms, max $(ms "$max_us")" \
	    "ms; $failed short or failed; far-side CPU $fan_far"
else
	say "libssh, $HOSTS threads x 1 session each: no figures" \
	    "(tests/bench/ssh-fanout is not built: make bench)"
fi

# --- complete Hosts panel ----------------------------------------------------
# The builds timed: this one, and RACKCON_BEFORE's when set.
here=$PWD
before=${RACKCON_BEFORE:-}
if [ -n "$before" ] && [ ! -x "$before/rackcon" ]; then
	say "run-ssh-fleet: RACKCON_BEFORE=$before has no rackcon built"
	exit 1
fi
# build_run DIR CMD...: CMD with DIR's rackcon as ./rackcon and its plugins.
build_run() {
	(cd "$1" && shift && RACKCON_PLUGIN_DIR=$PWD/backends run_env "$@")
}
# panel_once DIR LABEL: one launch to a complete panel; appends figures.
panel_once() {
	far_begin
	figures=$(build_run "$1" "$here/tests/bench/frame-time" \
	    -s "${ROWS}x$COLS" -t 120 -m "$HOSTS" "$row_glob" ./rackcon \
	    -F "$cfg" --inventory "$inv") || { say "$2 run $((i + 1)):" \
	    "no complete panel"; return 1; }
	far_end
	far=$far_ms
	paint_us=0 frame_us=0
	eval "$figures" # paint_us= frame_us= bytes=
	say "$2 run $((i + 1)): first paint $(ms "$paint_us") ms," \
	    "complete $(ms "$frame_us") ms; far-side CPU $far ms, $far_logins" \
	    "logins (until rackcon ended, 300 ms quiet after the frame)"
}
say ""
say "== rackcon: a complete Hosts panel ($ROWS x $COLS, all $HOSTS up with" \
    "their counts), -F the harness's ssh_config, -d 2 (the default)"
c_ms=- c_paint=- c_far=- b_ms=- b_paint=- b_far=-
if [ -x tests/bench/frame-time ]; then
	times="" paints="" fars="" btimes="" bpaints="" bfars=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if [ -n "$before" ] && panel_once "$before" before; then
			btimes="$btimes $frame_us" bpaints="$bpaints $paint_us"
			bfars="$bfars $far"
		fi
		panel_once "$here" this || break
		times="$times $frame_us" paints="$paints $paint_us"
		fars="$fars $far"
		i=$((i + 1))
	done
	if [ -n "$times" ]; then
		# shellcheck disable=SC2086 # word lists
		c_ms=$(ms "$(median $times)") c_paint=$(ms "$(median $paints)")
		# shellcheck disable=SC2086
		c_far=$(median $fars)
		say "median: first paint $c_paint ms, complete $c_ms ms;" \
		    "far-side CPU $c_far ms"
	fi
	if [ -n "$btimes" ]; then
		# shellcheck disable=SC2086 # word lists
		b_ms=$(ms "$(median $btimes)") b_paint=$(ms "$(median $bpaints)")
		# shellcheck disable=SC2086
		b_far=$(median $bfars)
		say "median, before: first paint $b_paint ms, complete $b_ms ms;" \
		    "far-side CPU $b_far ms"
	fi
else
	say "no figures: tests/bench/frame-time is not built" \
	    "(apt-get install libvterm-dev, then ./configure)"
fi

# --- steady refresh in tmux ----------------------------------------------------
run=0
term_start() {
	run=$((run + 1))
	sock=rc-sshfleet-$$-$run
	socks="$socks $sock"
	mkdir -p "$tmp/home/.config" "$tmp/home/.local/state"
	tmux -L "$sock" -f /dev/null new-session -d -x "$COLS" -y "$ROWS" \
	    "stty -echo; read x; exec env HOME=$tmp/home \
	    XDG_CONFIG_HOME=$tmp/home/.config \
	    XDG_STATE_HOME=$tmp/home/.local/state TERM=vt100 LANG=C.UTF-8 \
	    RACKCON_PLUGIN_DIR=$RACKCON_PLUGIN_DIR ./rackcon $*" ||
		{ say "run-ssh-fleet: tmux could not start"; exit 1; }
	tmux -L "$sock" send-keys Enter
}

# Poll the pane (every 10 ms, at most $2 s) until grep -E $1 matches at
# least $3 lines (default 1). Not a timer: it waits for the program.
term_wait() {
	deadline=$(($(now_us) + $2 * 1000000))
	while :; do
		if ! tmux -L "$sock" has-session 2>/dev/null; then
			say "run-ssh-fleet: rackcon has ended (crashed?)"
			return 1
		fi
		n=$(tmux -L "$sock" capture-pane -p 2>/dev/null | grep -Ec -- "$1")
		[ "$n" -ge "${3:-1}" ] && return 0
		if [ "$(now_us)" -gt "$deadline" ]; then
			say "run-ssh-fleet: no screen with ${3:-1} line(s) matching" \
			    "'$1' after $2 s:"
			tmux -L "$sock" capture-pane -p | sed 's/^/    |/'
			return 1
		fi
		sleep 0.01
	done
}

proc_cpu_ms() {
	sed 's/.*) //' "/proc/$1/stat" |
	    awk -v hz="$(getconf CLK_TCK)" '{ print ($12 + $13) * 1000 / hz }'
}

say ""
say "== rackcon -d 1 in tmux ($ROWS x $COLS), $HOSTS hosts refreshing"
s_cpu=- s_rss=- s_change=-
term_start -d 1 -F "$cfg" --inventory "$inv"
if term_wait "$row_re" 120 "$HOSTS"; then
	pid=$(pane_pid)
	c0=$(proc_cpu_ms "$pid")
	sleep "$MEASURE_S" # a measuring window, not a wait for something
	c1=$(proc_cpu_ms "$pid")
	s_cpu=$(awk -v a="$c0" -v b="$c1" -v n="$MEASURE_S" \
	    'BEGIN { printf "%.0f", (b - a) / n }')
	s_rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status")
	threads=$(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 | wc -l)
	say "process CPU $s_cpu ms a second (-d 1: a refresh of all $HOSTS);" \
	    "RSS $s_rss KiB; $threads threads"
	# A rebuild step further on in the shared tree: md0's progress is
	# (50 + 7 * step) tenths of a percent; time until all rows show it.
	changes=""
	for step in 1 2 3; do
		tenths=$((50 + 7 * step))
		pct="$((tenths / 10))\\.$((tenths % 10))%"
		t0=$(now_us)
		sh tests/fixtures/make-many-arrays.sh -s "$step" 1 4 "$tree" || break
		# The value may end the line (capture-pane drops the blanks).
		term_wait "^h[0-9][0-9] .* $pct( |\$)" 60 "$HOSTS" || break
		changes="$changes $(ms $(($(now_us) - t0)))"
	done
	# shellcheck disable=SC2086 # a word list
	[ -z "$changes" ] || s_change=$(median $changes)
	say "a rebuild step shown on all $HOSTS rows after$changes ms" \
	    "(median $s_change; the -d 1 interval included)"
fi
term_stop

# --- keypresses --------------------------------------------------------------
# key_run [DIR]: key-time on rackcon -d 1 at 80x24 (DIR's build, default
# this one); sets the figures.
key_run() {
	if [ ! -x tests/bench/key-time ]; then
		say "no figures: tests/bench/key-time is not built" \
		    "(apt-get install libvterm-dev, then ./configure)"
		return 1
	fi
	kt=$(build_run "${1:-$here}" "$here/tests/bench/key-time" \
	    -n "$KEYS" -t 60 "$row_glob" ./rackcon -d 1 -F "$cfg" \
	    --inventory "$inv") || return 1
	keys=0 missed=0 median_us=0 p95_us=0 max_us=0 cpu_ms=0 wall_ms=0
	eval "$kt" # keys= missed= median_us= p95_us= max_us= cpu_ms= ...
	k_fig="$(ms "$median_us")/$(ms "$p95_us")/$(ms "$max_us") ms"
	say "median $(ms "$median_us") ms, p95 $(ms "$p95_us") ms," \
	    "max $(ms "$max_us") ms over $keys keys ($missed missed);" \
	    "rackcon used $cpu_ms ms CPU in $wall_ms ms"
}

say ""
say "== keypress to screen, 80x24, while $HOSTS hosts refresh (-d 1)"
k_fig=-
key_run
k_all=$k_fig
kb_all=-
if [ -n "$before" ]; then
	say "before:"
	k_fig=-
	key_run "$before"
	kb_all=$k_fig
fi

# renice_far N: the sshd listeners (and so the sessions they start) at
# nice N.
renice_far() {
	i=1
	while [ "$i" -le "$HOSTS" ]; do
		renice -n "$1" -p "$(sshd_pid "h$i")" >/dev/null 2>&1
		i=$((i + 1))
	done
}
# On loopback the 50 far sides share this machine's CPUs with rackcon's
# UI thread; in use they are 50 other machines. The same figure with
# them at nice 10 tells rackcon's own latency from that.
say ""
say "== the same, the far sides (sshd and what they run) at nice 10"
k_fig=-
renice_far 10
key_run
renice_far 0
k_nice=$k_fig

hung=""
i=0
while [ "$i" -lt "$HANG" ]; do
	n=$((1 + i * HOSTS / HANG))
	p=$(sshd_pid "h$n")
	kill -STOP "$p" && stopped="$stopped $p"
	hung="$hung h$(printf '%02d' "$n")"
	i=$((i + 1))
done
say ""
say "== keypress to screen, 80x24, while$hung hang (sshd listener" \
    "stopped: TCP accepted, no banner)"
k_fig=-
key_run
k_hang=$k_fig
kb_hang=-
if [ -n "$before" ]; then
	say "before:"
	k_fig=-
	key_run "$before"
	kb_hang=$k_fig
fi
for p in $stopped; do
	kill -CONT "$p" 2>/dev/null
done
stopped=""

row() {
	printf '%-34s %-22s %s\n' "$@"
}
say ""
say "== summary, SSH fleet ($HOSTS sshd on loopback, 4 disks and 1 array each)"
row figure measured target
row "complete Hosts panel (median)" "$c_ms ms" "< 1500 ms"
row "  first paint (median)" "$c_paint ms" -
row "  far-side CPU (median)" "$c_far ms" -
[ -z "$before" ] || row "  before: complete, first paint" \
    "$b_ms ms, $b_paint ms" -
[ -z "$before" ] || row "  before: far-side CPU" "$b_far ms" -
row "sequential ssh, $HOSTS hosts" "$seq_wall ms" -
row "  far-side CPU" "$seq_far" -
row "parallel ssh, $HOSTS hosts" "$par_wall ms" -
row "  far-side CPU" "$par_far" -
row "libssh threads, $HOSTS hosts" "$fan_wall ms" -
row "  far-side CPU" "$fan_far" -
row "cpu per refresh of all (-d 1)" "$s_cpu ms" -
row "a change shown on all (median)" "$s_change ms" "< 1 refresh"
row "key to screen, refreshing" "$k_all" "< 16 ms"
row "  (median/p95/max)" "" -
[ -z "$before" ] || row "  before" "$kb_all" -
row "  far sides at nice 10" "$k_nice" "< 16 ms"
row "key to screen, $HANG hang" "$k_hang" "< 16 ms"
[ -z "$before" ] || row "  before" "$kb_hang" -
say "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
