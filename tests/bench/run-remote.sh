#!/bin/sh
# `make bench`, the SSH part (issue 9): a remote host with 64 disks behind
# a TCP relay that adds 25 ms each way (tests/bench/delay-relay), reached
# through a private sshd on loopback (tests/lib-sshd.sh) whose far side
# reads a generated 64-disk tree (--sysroot there). Prints the time to the
# first snapshot (connection, login, full scan), and for the steady Disks
# refresh its wall time and the round trips the relay counted, beside the
# same refresh without the relay. Asserts nothing. Needs root (sshd); says
# so and exits 0 without it.
set -u
cd "$(dirname "$0")/../.." || exit 1

DISKS=64
DELAY_MS=25
RUNS=10

say() { printf '%s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "== ssh: skipped (needs root for sshd)"; exit 0; }
[ -x /usr/sbin/sshd ] || { say "== ssh: skipped (no sshd: ./setup.sh deps)"; exit 0; }
[ -f backends/ssh.so ] || { say "== ssh: skipped (built without libssh)"; exit 0; }
[ -x tests/bench/bench-remote ] && [ -x tests/bench/delay-relay ] ||
	{ say "run-remote: build tests/bench/bench-remote and delay-relay"; exit 1; }

. tests/lib-sshd.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-bench-ssh.XXXXXX") || exit 1
relay_pid=""
cleanup() {
	[ -z "$relay_pid" ] || kill "$relay_pid" 2>/dev/null
	sshd_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME="$dir/home" RACKCON_PLUGIN_DIR="$PWD/backends"
mkdir -p "$HOME"

sh tests/fixtures/make-many-disks.sh "$DISKS" "$dir/tree" >/dev/null ||
	{ say "run-remote: make-many-disks.sh failed"; exit 1; }
sshd_start "$dir" far || exit 1
port=$(sshd_port far)
# A free port for the relay: the kernel picks one for a throwaway socket.
rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tests/bench/delay-relay "$rport" "$port" "$DELAY_MS" "$dir/stats" \
    >"$dir/relay.out" 2>&1 &
relay_pid=$!
i=0
until grep -q listening "$dir/relay.out" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { say "run-remote: the relay did not start"; exit 1; }
	sleep 0.05
done
# The host behind the relay: the same sshd, its key under the relay's port.
sed -n '/^Host far$/,/^Host /p' "$dir/ssh_config" | sed '$!b; /^Host /d' |
    sed "s/^Host far/Host wan/; s/Port .*/Port $rport/; s|UserKnownHostsFile .*|UserKnownHostsFile $dir/wan.known_hosts|" \
    >>"$dir/ssh_config"
sed "s/]:$port /]:$rport /" "$dir/far.known_hosts" >"$dir/wan.known_hosts"

say ""
say "== ssh: one host of $DISKS disks, steady Disks refresh (mean of $RUNS)"
printf '%-28s %10s %9s %10s %12s\n' link first_ms first_rt wall_ms round_trips
for name in far wan; do
	line=$(tests/bench/bench-remote -n "$RUNS" -F "$dir/ssh_config" \
	    -S "$dir/stats" "$name" "$dir/tree") ||
		{ say "run-remote: bench-remote failed on $name"; exit 1; }
	eval "$line"
	# shellcheck disable=SC2154 # set by the eval
	case $name in
	far) label="loopback" rt="-" frt="-" ;;
	wan) label="relay, ${DELAY_MS} ms each way" rt=$round_trips
	     frt=$first_round_trips ;;
	esac
	printf '%-28s %10s %9s %10s %12s\n' "$label" "$first_ms" "$frt" \
	    "$wall_ms" "$rt"
done
say "target: under 4 round trips and 0.25 s per refresh behind the relay"
