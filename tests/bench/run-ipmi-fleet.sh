#!/bin/sh
# `make bench`, the IPMI fleet part (issue 10): 64 and then 256 simulated
# BMCs (ipmi_sim on loopback through tests/lib-ipmisim.sh, without SOL,
# ADMIN/ADMIN, md5 only) and the baselines the IPMI plugin is measured
# against, in the same run. Prints, asserts nothing:
#
# - the harness itself: launching the N sims until all answer, and
#   stopping them all;
# - `ipmi-power -D LAN_2_0 -W opensesspriv -h LIST --stat` (LIST is
#   127.0.0.1:PORT,...) at its default fan-out (64) and at -F 16, the
#   median wall time of RUNS runs each, and how many BMCs answered "on" or
#   "off" in the last run (ipmi-power's lines drop the port, so only the
#   count can be checked);
# - the IPMI plugin's first-frame engine alone (tests/lab/rmcp-power on
#   64 threads: login, Get Chassis Status, logout; the median of RUNS);
# - a sequential loop of `ipmitool -I lanplus -C 3 ... chassis power
#   status`, one BMC after the other: all of them when the first 32
#   project to under 20 s, else those 32 only and the projection (said);
# - rackcon's own figures for the same fleet (an inventory of the N
#   BMCs), in parts never to be taken for each other:
#   ONE COMPLETE READ: batch --list hosts --json, which logs in to every
#   BMC, reads its power and every user slot (63 on the sim: Get User
#   Access and Get User Name each) and logs out (median of RUNS; how many
#   answered; the ratio to ipmi-power's -F 64 and -F 16 medians); the CPU
#   of one read on both sides and the floor it sets here: the sims' CPU
#   for rackcon's read over the CPUs, which no client reading the user
#   slots can beat on this machine;
#   THE HOSTS PANEL of a running rackcon (-d 1): every BMC's power shown
#   (the first frames: login and power; the target, at most 0.9x
#   ipmi-power's time while also reading users, against ipmi-power -F 64
#   runs between the launches), every BMC's user slots read too (they
#   follow once the first frames are in: frame-time -f), then every sim's
#   power file turned to "on" and the time until all N rows say so
#   (frame-time -a/-g: up to the 1 s interval plus one poll round, which
#   is Get Chassis Status alone: the user slots are read again every 30
#   s, after a change and on request); and keypress to screen while the N
#   BMCs are read (tests/bench/key-time, -d 1: median, p95, max; target
#   under 16 ms; its quit time includes the logouts).
#
# RACKCON_BEFORE=DIR (another built worktree, e.g. main's) times that
# build's rackcon too, in the same run and against the same sims: the
# batch reads and the panel launches alternate between the two builds
# (the launches take turns at going first, and the sims settle before
# each: a launch that follows another would pay for its logouts), then
# each build's keypress figures; a before/after pair on a noisy machine.
# IPMI_PANEL_RUNS (default 9): launches per build to a complete panel,
# each given 90 s. Single launches of the same build differ by up to a
# factor of two here (64 BMCs: 74 to 185 ms in one run), so the median
# of three moved by more than the margin to the target.
#
# Where the time of one read goes (one sim, strace): 136 datagrams, each a
# round trip: the login 6, Get Chassis Status 1 (the sim runs chassis.sh
# for it: a fork and exec, ipmi-power pays it too; with the login, the
# first frame), the capabilities outside the session 1, Get Channel Info
# 1, the user slots 126, Close Session 1. ipmi-power's is 8.
#
# ../shared/labs/ipmi.md, section 6, has the lab's anchors (256 BMCs:
# ipmi-power 0.33-0.45 s at -F 64, 0.56 s at -F 16, the ipmitool loop
# 11.3 s). The machine's load is printed first and last: other work skews
# every figure.
#
# Needs root (as the SSH fleet part does), ipmi_sim, ipmi-power and
# ipmitool; says what is missing and exits 0 without them. Every sim is
# stopped and the temporary folder removed on exit (failure and interrupt
# too). Run on its own: sh tests/bench/run-ipmi-fleet.sh
set -u
cd "$(dirname "$0")/../.." || exit 1

FLEETS=${IPMI_FLEETS:-64 256} # IPMI_FLEETS="16" for a quick look
# IPMI_FIRST_PORT=9200: the sims' ports from there on (lib-ipmisim's
# search, which starts at a random place otherwise), to keep to a range.
if [ -n "${IPMI_FIRST_PORT:-}" ]; then
	_is_first=$IPMI_FIRST_PORT
fi
RUNS=5         # ipmi-power runs per figure (median), rackcon --list runs
PANEL_RUNS=${IPMI_PANEL_RUNS:-9} # rackcon launches to a complete panel
PANEL_WAIT_S=90 # ... each given this long
here=$PWD
before=${RACKCON_BEFORE:-}
SAMPLE=32      # ipmitool loop: BMCs timed before deciding on all
SEQ_MAX_S=20   # ... all of them when they project to less than this

say() { printf '%s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "== ipmi fleet: skipped (needs root)"; exit 0; }
for tool in ipmi_sim ipmi-power ipmitool ss; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { say "== ipmi fleet: skipped (no $tool: ./setup.sh deps)"; exit 0; }
done

if [ -n "$before" ] && { [ ! -x "$before/rackcon" ] ||
    [ ! -f "$before/backends/ipmi.so" ]; }; then
	say "run-ipmi-fleet: RACKCON_BEFORE=$before has no rackcon with the IPMI plugin built"
	exit 1
fi

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
# The search's index (lib-ipmisim: 9001-9020 are 0-19, 9100-9399 20-319).
if [ -n "${_is_first:-}" ]; then
	if [ "$_is_first" -le 9020 ]; then
		_is_next=$((_is_first - 9001))
	else
		_is_next=$((_is_first - 9100 + 20))
	fi
fi
# shellcheck source=tests/bench/bench-lib.sh
. tests/bench/bench-lib.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rc-ipmifleet.XXXXXX") || exit 1
cleanup() {
	status=$?
	ipmisim_stop_all
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

row() {
	printf '%-44s %-16s %s\n' "$@"
}

# CPU, in microseconds, for the floor of a read on this machine: the sims
# and the client share its CPUs, so no client can finish a read sooner than
# the sims' CPU for it divided by the CPUs.
# sims_cpu_us: the running sims' CPU so far (/proc/PID/schedstat, exact;
# the chassis.sh each Get Chassis Status forks is not in it: every client
# pays that alike).
sims_cpu_us() {
	# shellcheck disable=SC2086 # a list of files
	awk '{ s += $1 } END { printf "%d\n", s / 1000 }' $sim_stats
}

# sims_settle: wait (at most 3 s) until the sims use less than 2 ms of CPU
# in 100 ms: a launch before (its logouts at SIGTERM) may have left them
# work, which the next timed client would pay for.
sims_settle() {
	_q0=$(sims_cpu_us)
	_n=0
	while [ $_n -lt 30 ]; do
		sleep 0.1
		_q1=$(sims_cpu_us)
		[ $((_q1 - _q0)) -lt 2000 ] && return 0
		_q0=$_q1
		_n=$((_n + 1))
	done
}

# children_cpu_us: the user and system CPU of this shell's finished
# children so far. `times` runs in this shell (a $(...) would fork and
# see none); its second line is the children's "0m1.230s 0m0.450s".
children_cpu_us() {
	times >"$tmp/times"
	awk 'NR == 2 {
		s = 0
		for (i = 1; i <= 2; i++) {
			split($i, t, "m")
			s += t[1] * 60 + substr(t[2], 1, length(t[2]) - 1)
		}
		printf "%d\n", s * 1000000
	}' "$tmp/times"
}

# timed_cpu CMD...: CMD with output to $tmp/cmd.out and errors to
# $tmp/cmd.err; sets $t_us (wall), $sims_us (the sims' CPU meanwhile)
# and $own_us (CMD's own CPU).
timed_cpu() {
	_s0=$(sims_cpu_us)
	children_cpu_us >"$tmp/c0"
	t0=$(now_us)
	"$@" >"$tmp/cmd.out" 2>"$tmp/cmd.err"
	t_us=$(($(now_us) - t0))
	children_cpu_us >"$tmp/c1"
	sims_us=$(($(sims_cpu_us) - _s0))
	own_us=$(($(cat "$tmp/c1") - $(cat "$tmp/c0")))
}

# power_stat LIST [OPTIONS]: one ipmi-power --stat over LIST; sets $t_us,
# $sims_us, $own_us and $answered (lines saying on or off).
power_stat() {
	_list=$1
	shift
	timed_cpu ipmi-power -D LAN_2_0 -W opensesspriv -h "$_list" \
	    -u ADMIN -p ADMIN --session-timeout=5000 "$@" --stat
	answered=$(grep -cE ': (on|off)$' "$tmp/cmd.out")
}

# power_median LIST [OPTIONS]: RUNS runs; sets $med_ms, $answered and the
# medians $sims_med_us and $own_med_us.
power_median() {
	_all="" _sims="" _own=""
	_i=0
	while [ $_i -lt $RUNS ]; do
		power_stat "$@"
		_all="$_all $t_us" _sims="$_sims $sims_us" _own="$_own $own_us"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	{
		med_ms=$(ms "$(median $_all)")
		sims_med_us=$(median $_sims)
		own_med_us=$(median $_own)
	}
}

# engine_median LIST STAT_MS: RUNS runs of the IPMI plugin's first-frame
# engine alone (tests/lab/rmcp-power: 64 threads, as the BMC class's
# workers) over LIST; one row, against ipmi-power's STAT_MS.
engine_median() {
	if ! ${MAKE:-make} -s tests/lab/rmcp-power >/dev/null 2>&1; then
		row "first-frame engine alone" "-" "tests/lab/rmcp-power not built"
		return 0
	fi
	_all="" _own=""
	_i=0
	while [ $_i -lt $RUNS ]; do
		# shellcheck disable=SC2046 # one word a BMC
		timed_cpu env IPMI_PASSWORD=ADMIN tests/lab/rmcp-power -U ADMIN \
		    -W opensesspriv -t 5000 -j 64 $(printf '%s' "$1" | tr ',' ' ')
		_all="$_all $t_us" _own="$_own $own_us"
		_i=$((_i + 1))
	done
	_ok=$(grep -cE ' (on|off)$' "$tmp/cmd.out")
	# shellcheck disable=SC2086 # lists of numbers
	row "first-frame engine alone, 64 at once" \
	    "$(ms "$(median $_all)") ms" \
	    "median of $RUNS; $_ok answered; $(ratio "$(median $_all)" "$2")x ipmi-power; its CPU $(ms "$(median $_own)") ms (tests/lab/rmcp-power)"
}

# ipmitool_loop COUNT PORTS...: the first COUNT of PORTS one after the
# other; sets $t_us and $failed.
ipmitool_loop() {
	_n=$1
	shift
	failed=0
	t0=$(now_us)
	for _p; do
		[ "$_n" -gt 0 ] || break
		ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$_p" -U ADMIN -P ADMIN \
		    chassis power status >/dev/null 2>&1 || failed=$((failed + 1))
		_n=$((_n - 1))
	done
	t_us=$(($(now_us) - t0))
}

# run_env CMD...: CMD with a home of its own (state, config) and the
# bench's terminal settings; the BMCs' password from IPMI_PASSWORD.
run_env() {
	mkdir -p "$tmp/home/.config" "$tmp/home/.local/state"
	env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
	    XDG_STATE_HOME="$tmp/home/.local/state" TERM=vt100 LANG=C.UTF-8 \
	    IPMI_PASSWORD=ADMIN "$@"
}

# build_run DIR CMD...: CMD in DIR (a built tree: its ./rackcon and its
# plugins), with run_env.
build_run() {
	(cd "$1" && shift && RACKCON_PLUGIN_DIR=$PWD/backends run_env "$@")
}

# rackcon_list DIR: one DIR's rackcon --list hosts --json over $tmp/inv,
# which reads every host's panels at once (a BMC's IPMI snapshot: login,
# power, every user slot; the sessions logged out at the end); sets $t_us,
# $sims_us, $own_us (timed_cpu) and $answered (BMCs whose power it read).
rackcon_list() {
	timed_cpu build_run "$1" ./rackcon --inventory "$tmp/inv" \
	    --list hosts --json
	answered=$(grep -cE '"power":"(on|off)"' "$tmp/cmd.out")
}

# write_power N VALUE: a program that writes VALUE into the N sims' power
# files (what their Get Chassis Status reads), as $tmp/power-VALUE.
write_power() {
	{
		echo '#!/bin/sh'
		_i=1
		while [ $_i -le "$1" ]; do
			echo "echo $2 >$(ipmisim_power "b$1-$_i")"
			_i=$((_i + 1))
		done
	} >"$tmp/power-$2"
	chmod 755 "$tmp/power-$2"
}

# panel_once DIR LABEL N: one launch of DIR's rackcon (-d 1) until every
# BMC's power shows in the Hosts panel ("off": the first frames, login and
# power), then until every BMC's user slots are read too (its BMC column
# says "ok", not "ok, reading the user slots": "ok" and three blanks), then
# every sim's power to "on" and the time until all N rows say so (the
# steady polls: sessions kept open); then the power back to "off". Sets
# $frame_us, $then_us, $change_us (-1: none).
panel_once() {
	frame_us=-1 then_us=-1 change_us=-1
	_fig=$(build_run "$1" "$here/tests/bench/frame-time" \
	    -s "$(($3 + 30))x200" -t "$PANEL_WAIT_S" -m "$3" \
	    -f "b[0-9][0-9][0-9] *up *off *ok   *" \
	    -a "$tmp/power-1" -g "b[0-9][0-9][0-9] *up *on *" \
	    "b[0-9][0-9][0-9] *up *off *" ./rackcon -d 1 \
	    --inventory "$tmp/inv" 2>"$tmp/frame.err")
	"$tmp/power-0"
	[ -n "$_fig" ] || { say "  $2: no complete panel in $PANEL_WAIT_S s"; return 1; }
	eval "$_fig" # paint_us= frame_us= bytes= cpu_ms= then_us= change_us=
	say "  $2: power on all $3 $(ms "$frame_us") ms (rackcon's CPU" \
	    "$cpu_ms ms), user slots too $([ "$then_us" -ge 0 ] &&
	    echo "$(ms "$then_us") ms" || echo never); power change seen" \
	    "on all $3 $([ "$change_us" -ge 0 ] && echo "$(ms "$change_us") ms" || echo never)"
}

# panel_take WHICH N: one launch of this build's rackcon (WHICH this) or
# RACKCON_BEFORE's (before: none without it) after the sims settled, its
# figures added to that build's lists.
panel_take() {
	case $1 in
	this) _dir=$here ;;
	*) [ -n "$before" ] || return 0; _dir=$before ;;
	esac
	sims_settle
	panel_once "$_dir" "$1" "$2" || return 0
	[ "$then_us" -ge 0 ] || then_us=""
	[ "$change_us" -ge 0 ] || change_us=""
	if [ "$1" = this ]; then
		_all="$_all $frame_us" _then="$_then $then_us" _ch="$_ch $change_us"
	else
		_ball="$_ball $frame_us" _bthen="$_bthen $then_us"
		_bch="$_bch $change_us"
	fi
}

# keys_once DIR LABEL N: key-time on DIR's rackcon while the N BMCs are
# read (-d 1); one row.
keys_once() {
	_kt=$(build_run "$1" "$here/tests/bench/key-time" -n 50 -t 60 \
	    "b[0-9][0-9][0-9] *" ./rackcon -d 1 --inventory "$tmp/inv") ||
	    { row "keypress, $3 polls, $2" "-" "no figures"; return 0; }
	keys=0 missed=0 median_us=0 p95_us=0 max_us=0 cpu_ms=0 wall_ms=0
	stop_ms=-1
	eval "$_kt"
	row "keypress, $3 polls (-d 1), $2" "p95 $(ms "$p95_us") ms" \
	    "median $(ms "$median_us"), max $(ms "$max_us") ms; $keys keys, $missed missed; CPU $cpu_ms ms in $wall_ms ms; quit (SIGTERM, logouts) $stop_ms ms"
}

# rackcon_fleet N LIST STAT_MS F16_MS: rackcon's figures for the N BMCs of
# LIST, this build's and RACKCON_BEFORE's (launches alternate).
rackcon_fleet() {
	: >"$tmp/inv"
	_i=1
	for _h in $(printf '%s' "$2" | tr ',' ' '); do
		printf 'host b%03d\n    bmc %s\n    bmc-user ADMIN\n' "$_i" "$_h"
		printf '    bmc-workarounds opensesspriv\n    bmc-password env\n'
		_i=$((_i + 1))
	done >>"$tmp/inv"
	chmod 600 "$tmp/inv"
	_all="" _ball="" _sims="" _own="" _j=0
	while [ $_j -lt $RUNS ]; do
		if [ -n "$before" ]; then
			rackcon_list "$before"
			_ball="$_ball $t_us"
			_banswered=$answered
		fi
		rackcon_list "$here"
		_all="$_all $t_us" _sims="$_sims $sims_us" _own="$_own $own_us"
		_j=$((_j + 1))
	done
	users=$(build_run "$here" ./rackcon --inventory "$tmp/inv" --host b001 \
	    --list ipmi-users --json 2>/dev/null | grep -c '"id":')
	# shellcheck disable=SC2086 # a list of numbers
	_med=$(median $_all)
	say "ONE COMPLETE READ of all $1: login, power," \
	    "$users user slots each, logout, in one batch run:"
	row "  rackcon --list hosts --json" "$(ms "$_med") ms" \
	    "median of $RUNS; $answered/$1 with power; $(ratio "$_med" "$3")x ipmi-power -F 64, $(ratio "$_med" "$4")x -F 16 (the floor below)"
	# shellcheck disable=SC2086 # lists of numbers
	{
		_sims=$(median $_sims)
		_own=$(median $_own)
	}
	row "  CPU of one read: the sims / the client" \
	    "$(ms "$_sims") / $(ms "$_own") ms" \
	    "medians; ipmi-power -F 64's: $(ms "$stat_sims_us") / $(ms "$stat_own_us") ms"
	row "  floor on $(nproc) CPUs: the sims' CPU / $(nproc)" \
	    "$(ms $((_sims / $(nproc)))) ms" \
	    "$(ratio $((_sims / $(nproc))) "$3")x ipmi-power -F 64: no client reads the users faster here"
	if [ -n "$before" ]; then
		# shellcheck disable=SC2086 # a list of numbers
		_bmed=$(median $_ball)
		row "  ... before ($before)" "$(ms "$_bmed") ms" \
		    "median of $RUNS; $_banswered/$1 with power; $(ratio "$_bmed" "$3")x -F 64, $(ratio "$_bmed" "$4")x -F 16"
	fi
	if [ ! -x tests/bench/frame-time ] || [ ! -x tests/bench/key-time ]; then
		row "rackcon panel and keys" "-" "tests/bench/frame-time or key-time not built (libvterm)"
		return 0
	fi
	say "THE HOSTS PANEL of a running rackcon (-d 1), $PANEL_RUNS launches each, with an ipmi-power -F 64 run before each pair (the builds take turns at going first; the sims settle before every timed run): every BMC's power (the first frames: login and power), then every BMC's user slots (read once the first frames are in), then a power change seen by the steady polls (sessions kept open: each BMC read again 1 s after its last read ended):"
	write_power "$1" 1
	write_power "$1" 0
	_all="" _then="" _ch="" _ball="" _bthen="" _bch="" _stat="" _j=0
	while [ $_j -lt "$PANEL_RUNS" ]; do
		sims_settle
		power_stat "$2"
		_stat="$_stat $t_us"
		# The two builds take turns at going first.
		if [ $((_j % 2)) = 0 ]; then
			panel_take before "$1"
			panel_take this "$1"
		else
			panel_take this "$1"
			panel_take before "$1"
		fi
		_j=$((_j + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	{
		_stat=$(median $_stat)
		row "  ipmi-power -F 64 between the launches" \
		    "$(ms "$_stat") ms" "median of $PANEL_RUNS"
		[ -z "$_all" ] || row "  power on all $1" \
		    "$(ms "$(median $_all)") ms" \
		    "median; $(ratio "$(median $_all)" "$(ms "$_stat")")x ipmi-power (target 0.9x while also reading users)"
		[ -z "$_then" ] || row "  user slots on all $1 too" \
		    "$(ms "$(median $_then)") ms" "median; from the launch"
		[ -z "$_ch" ] || row "  power change seen on all $1" \
		    "$(ms "$(median $_ch)") ms" "median; up to 1 s wait + a poll round"
		[ -z "$_ball" ] || row "  ... before: power on all $1" \
		    "$(ms "$(median $_ball)") ms" \
		    "median; $(ratio "$(median $_ball)" "$(ms "$_stat")")x ipmi-power"
		[ -z "$_bthen" ] || row "  ... before: user slots on all $1 too" \
		    "$(ms "$(median $_bthen)") ms" "median"
		[ -z "$_bch" ] || row "  ... before: power change seen on all $1" \
		    "$(ms "$(median $_bch)") ms" "median"
	}
	[ -z "$before" ] || keys_once "$before" before "$1"
	keys_once "$here" this "$1"
}

# ratio A B: A/B with two places ("0.84").
ratio() {
	[ "$2" != 0 ] && [ -n "$2" ] || { echo "?"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / 1000 / b }'
}

say "== ipmi fleet: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $FLEETS; do
	say ""
	say "== $n simulated BMCs (ipmi_sim on 127.0.0.1, cipher suite 3)"
	t0=$(now_us)
	if ! ipmisim_start_many "$tmp" "$n" "b$n-"; then
		say "run-ipmi-fleet: $n sims did not start (ports taken?)"
		ipmisim_stop_all
		continue
	fi
	start_us=$(($(now_us) - t0))
	names=""
	ports=""
	i=1
	while [ $i -le "$n" ]; do
		names="$names b$n-$i"
		ports="$ports $(ipmisim_port "b$n-$i")"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # instance names
	list=$(ipmisim_hosts $names)
	sim_stats=""
	for name in $names; do
		sim_stats="$sim_stats /proc/$(ipmisim_pid "$name")/schedstat"
	done

	row figure "wall time" note
	row "harness: start until all answer" "$(ms "$start_us") ms" \
	    "lib-ipmisim.sh"
	power_median "$list"
	stat_ms=$med_ms
	stat_sims_us=$sims_med_us
	stat_own_us=$own_med_us
	row "ipmi-power --stat, default fan-out (64)" "$med_ms ms" \
	    "median of $RUNS; $answered/$n answered"
	power_median "$list" -F 16
	f16_ms=$med_ms
	row "ipmi-power --stat -F 16" "$med_ms ms" \
	    "median of $RUNS; $answered/$n answered"
	engine_median "$list" "$stat_ms"

	# shellcheck disable=SC2086 # a list of ports
	ipmitool_loop "$SAMPLE" $ports
	sample_us=$t_us
	sample_n=$SAMPLE
	[ "$n" -ge "$SAMPLE" ] || sample_n=$n
	proj_us=$((sample_us * n / sample_n))
	if [ "$n" -le "$SAMPLE" ] || [ $proj_us -lt $((SEQ_MAX_S * 1000000)) ]
	then
		# shellcheck disable=SC2086 # a list of ports
		ipmitool_loop "$n" $ports
		row "ipmitool -C 3 power status, sequential" "$(ms "$t_us") ms" \
		    "all $n, $(ms $((t_us / n))) ms each; $failed failed"
	else
		row "ipmitool -C 3 power status, sequential" \
		    "$(ms "$proj_us") ms" \
		    "projected from the first $SAMPLE ($(ms "$sample_us") ms)"
	fi

	# ---- rackcon's own figures ------------------------------------------
	# The same $list through rackcon: an inventory of the n BMCs
	# (ADMIN/ADMIN from IPMI_PASSWORD), batch --list hosts --json (every
	# BMC's power and user slots: its IPMI snapshot), the Hosts panel complete with every BMC's power
	# (tests/bench/frame-time -m n), and keypress to screen while the n
	# polls are in flight (tests/bench/key-time, -d 1). Against
	# ipmi-power's default fan-out median above: target at most 0.9x while
	# also reading users.
	if [ -f backends/ipmi.so ]; then
		rackcon_fleet "$n" "$list" "$stat_ms" "$f16_ms"
	else
		row "rackcon" "-" "rackcon: not built with the IPMI plugin"
	fi

	t0=$(now_us)
	ipmisim_stop_all
	row "harness: stop all $n" "$(ms $(($(now_us) - t0))) ms" \
	    "SIGTERM together"
done
say "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
