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
# - a sequential loop of `ipmitool -I lanplus -C 3 ... chassis power
#   status`, one BMC after the other: all of them when the first 32
#   project to under 20 s, else those 32 only and the projection (said);
# - rackcon's own figures for the same fleet: the place for them is marked
#   below; until backends/ipmi.so exists it says so.
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
RUNS=5         # ipmi-power runs per figure (median)
SAMPLE=32      # ipmitool loop: BMCs timed before deciding on all
SEQ_MAX_S=20   # ... all of them when they project to less than this

say() { printf '%s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "== ipmi fleet: skipped (needs root)"; exit 0; }
for tool in ipmi_sim ipmi-power ipmitool ss; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { say "== ipmi fleet: skipped (no $tool: ./setup.sh deps)"; exit 0; }
done

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
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

# power_stat LIST [OPTIONS]: one ipmi-power --stat over LIST; sets $t_us
# and $answered (lines saying on or off).
power_stat() {
	_list=$1
	shift
	t0=$(now_us)
	ipmi-power -D LAN_2_0 -W opensesspriv -h "$_list" -u ADMIN -p ADMIN \
	    --session-timeout=5000 "$@" --stat >"$tmp/stat.out" 2>&1
	t_us=$(($(now_us) - t0))
	answered=$(grep -cE ': (on|off)$' "$tmp/stat.out")
}

# power_median LIST [OPTIONS]: RUNS runs; sets $med_ms and $answered.
power_median() {
	_all=""
	_i=0
	while [ $_i -lt $RUNS ]; do
		power_stat "$@"
		_all="$_all $t_us"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086 # a list of numbers
	med_ms=$(ms "$(median $_all)")
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

	row figure "wall time" note
	row "harness: start until all answer" "$(ms "$start_us") ms" \
	    "lib-ipmisim.sh"
	power_median "$list"
	row "ipmi-power --stat, default fan-out (64)" "$med_ms ms" \
	    "median of $RUNS; $answered/$n answered"
	power_median "$list" -F 16
	row "ipmi-power --stat -F 16" "$med_ms ms" \
	    "median of $RUNS; $answered/$n answered"

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

	# ---- rackcon's own figures go here ----------------------------------
	# Once the IPMI plugin exists: the power state and user lists of the
	# same $list through rackcon (batch: --list ipmi-power --json, and the
	# Hosts panel's BMC columns under tests/bench/frame-time), against
	# ipmi-power's median above (target: at most 0.9x while also reading
	# users), and keypress to screen while the $n polls are in flight
	# (tests/bench/key-time, target under 16 ms).
	if [ -f backends/ipmi.so ]; then
		row "rackcon" "-" "the IPMI plugin is built; its figures are not written yet"
	else
		row "rackcon" "-" "rackcon: not built with the IPMI plugin yet"
	fi

	t0=$(now_us)
	ipmisim_stop_all
	row "harness: stop all $n" "$(ms $(($(now_us) - t0))) ms" \
	    "SIGTERM together"
done
say "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
