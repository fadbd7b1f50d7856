#!/bin/sh
# `make bench`, the SOL part (issue 10): a 115200-byte flood at 115200 baud
# (11520 B/s, 8N1) through a simulated BMC's Serial-over-LAN, shown by
# rackcon at 80x24 (TERM=vt100) and, as the reference of what a bare SOL
# client writes, by FreeIPMI's ipmiconsole on the same harness. Prints,
# asserts nothing:
#
# - per client: the SOL bytes the far side sent (its log's flood-end), the
#   seconds from the key that starts the flood to its END on the screen,
#   the bytes the client wrote to its own terminal meanwhile (until its
#   output rested after END), their rate per second of SOL output and per
#   SOL byte, the client's CPU, and the bytes it wrote in IDLE_MS of idle
#   after (the target is 0: an idle screen writes nothing);
# - for rackcon, whether every line arrived: 1440 numbered lines, each
#   whole and with a timestamp, in the file of its console-log command (as
#   tests/lab/ipmi-sol.sh checks).
#
# The far side is tests/lab/sol-peer (the sim is its TCP client: '!' sends
# 1440 numbered 80-byte lines paced at 11520 B/s, then END); one fresh sim
# and peer per client (tests/lib-ipmisim.sh), ADMIN/ADMIN. The terminal is
# tests/bench/sol-term (libvterm on a pty, tests/bench/vterm-child.c): it
# opens the console, waits for it, types '!' and counts every byte the
# client writes. The machine's load is printed with the figures.
#
# Needs root (as the other IPMI part), ipmi_sim, a tree configured with the
# IPMI plugin and libvterm; says what is missing and exits 0 without them.
# Without ipmiconsole (freeipmi-tools) the reference is left out, said.
# Every sim and peer is stopped and the temporary folder removed on exit
# (failure and interrupt too). Run on its own: sh tests/bench/run-sol-bench.sh
set -u
cd "$(dirname "$0")/../.." || exit 1

IDLE_MS=3000   # idle window after the flood
LINES=1440     # the flood's lines: 115200 bytes of 80
FLOOD=115200

say() { printf '%s\n' "$*"; }
skip() { say "== sol: skipped ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v ipmi_sim >/dev/null 2>&1 || skip "no ipmi_sim: ./setup.sh deps"
grep -q '^BUILD_IPMI *= *yes' Makefile 2>/dev/null ||
	skip "the IPMI plugin is not configured (libfreeipmi-dev)"
grep -q '^HAVE_VTERM *= *yes' Makefile 2>/dev/null ||
	skip "libvterm is not configured (libvterm-dev)"
${MAKE:-make} -s rackcon backends/ipmi.so tests/lab/sol-peer \
    tests/bench/sol-term >/dev/null || { say "run-sol-bench: cannot build"; exit 1; }

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rc-solbench.XXXXXX") || exit 1
cleanup() {
	status=$?
	ipmisim_stop_all
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A reader that stops early (| head) must not kill the run past its trap.
trap 'exit 141' PIPE

load() { cut -d' ' -f1-3 /proc/loadavg; }

# bmc NAME: a fresh peer, then a sim whose SOL connects to it; waits for
# the connection; sets $port (the sim's UDP port) and $peer_log.
bmc() {
	solpeer_start "$tmp" "$1" || return 1
	ipmisim_start "$tmp" "$1" -s "$(solpeer_port "$1")" || return 1
	port=$(ipmisim_port "$1")
	peer_log=$(solpeer_log "$1")
	n=0
	until grep -q ' connect$' "$peer_log" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -lt 150 ] || { say "run-sol-bench: the sim of $1 never connected"; return 1; }
		sleep 0.1
	done
}

# measure NAME STEP... -- COMMAND...: sol-term with the steps, '!' as the
# flood's key, END as its marker; its figures become NAME_KEY variables.
measure() {
	name=$1
	shift
	home=$tmp/home-$name
	mkdir -p "$home/.config" "$home/.local/state"
	if ! line=$(env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
	    XDG_STATE_HOME="$home/.local/state" TERM=vt100 LANG=C.UTF-8 \
	    tests/bench/sol-term -i "$IDLE_MS" -f '!' -e 'END*' "$@"); then
		say "run-sol-bench: $name: sol-term failed"
		return 1
	fi
	eval "$(printf '%s\n' "$line" | sed "s/\([a-z_]*\)=/${name}_\1=/g")"
}

# report NAME LABEL: the figures of NAME's run.
report() {
	eval "us=\$${1}_flood_us tb=\$${1}_term_bytes cpu=\$${1}_cpu_ms \
	    idle=\$${1}_idle_bytes idle_ms=\$${1}_idle_ms reads=\$${1}_reads"
	sent=$(awk '$2 == "flood-end" { n = $3 } END { print n + 0 }' "$peer_log")
	# shellcheck disable=SC2154 # set by the eval
	awk -v l="$2" -v sent="$sent" -v us="$us" -v tb="$tb" -v cpu="$cpu" \
	    -v idle="$idle" -v ims="$idle_ms" -v reads="$reads" \
	    -v extra="$3" -v ld="$(load)" 'BEGIN {
		s = us / 1e6
		printf "%s: SOL %d B in %.2f s (%.0f B/s)%s; terminal %d B in" \
		    " %d writes (reads), %.0f B per s of SOL output, %.2f B per" \
		    " SOL byte; CPU %d ms; idle %d B in %.1f s; load %s\n",
		    l, sent, s, sent / s, extra, tb, reads, tb / s, tb / sent,
		    cpu, idle, ims / 1000, ld
	}'
}

say "== sol: $FLOOD bytes at 115200 baud through ipmi_sim's SOL, 80x24," \
    "TERM=vt100; $(nproc) CPUs, load average $(load)"

# --- rackcon -----------------------------------------------------------------
bmc rc || exit 1
log=$tmp/rc-console.log
# s opens SOL; Ctrl-] back to the table for :console-log (it needs a
# console), s shows the console again; then the flood.
IPMI_PASSWORD=ADMIN
export IPMI_PASSWORD
if measure rc -w '*ADMIN*ADMINISTRATOR*' -k s -w '*SOL 127.0.0.1: up*' \
    -k '\x1d' -w '* ID NAME*' -k ":console-log $log\\r" \
    -w '*logging SOL*' -k s -w '*SOL 127.0.0.1: up*' \
    ./rackcon --bmc "127.0.0.1:$port" -U ADMIN -W opensesspriv,solchannelsupport,solpayloadsize -E \
    --panel ipmi; then
	lines=$(grep -cE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\] [0-9]{6} [a-z]{71}$' "$log")
	distinct=$(grep -oE '^\[[^]]*\] [0-9]{6} [a-z]{71}$' "$log" |
	    awk '{ print $3 }' | sort -u | wc -l | tr -d ' ')
	report rc rackcon ", $lines of $LINES lines whole in console-log ($distinct numbers)"
fi
unset IPMI_PASSWORD
ipmisim_stop_all

# --- ipmiconsole ---------------------------------------------------------------
if ! command -v ipmiconsole >/dev/null 2>&1; then
	say "ipmiconsole: not installed (freeipmi-tools): no reference"
	exit 0
fi
bmc ic || exit 1
# The password from a FreeIPMI configuration file, not the command line.
printf 'username ADMIN\npassword ADMIN\n' >"$tmp/freeipmi.conf"
chmod 600 "$tmp/freeipmi.conf"
if measure ic -w '*SOL established*' \
    ipmiconsole --config-file="$tmp/freeipmi.conf" -h "127.0.0.1:$port" \
    -W opensesspriv,solchannelsupport,solpayloadsize; then
	report ic "ipmiconsole ($(ipmiconsole --version | head -1))" ""
fi
say "== sol: load average at the end $(load)"
