#!/bin/sh
# Lab test of the transport's stream verb and of every SSH verb's deadline
# and cancel token, against a private sshd on loopback (tests/lib-sshd.sh)
# whose far side is a fixture tree (--sysroot there):
# - an echo server (python3, started and stopped here) on the far side's
#   loopback and on a unix socket in the tree: 1 MiB of random bytes
#   round-trips exactly through a stream to each, EOF going both ways;
# - a refused port is ECONNREFUSED and a missing socket ENOENT, a file
#   that is no socket ENOTSOCK, each with its message;
# - the stream keeps working while a refresh runs on the same connection
#   (a slow program among its verbs): no line waits for the slow one;
# - "not found" is ENOENT over SSH exactly where it is locally (and the
#   wrong kinds of path EISDIR, ENOTDIR, EINVAL), for every case of
#   tests/unit/transport-contract.h;
# - every verb on a host that hangs (its remote sh stopped; a port that
#   never accepts for the stream) returns by its deadline, and promptly
#   when its job is cancelled.
# The client is tests/lab/ssh-stream-client (built here).
#
# Needs root (sshd), /usr/sbin/sshd, ssh-keygen and python3, and a built
# tree; otherwise it exits 77 with the reason on its last line. Run from
# the repo root: sh tests/lab/ssh-stream.sh.
set -u

skip() {
	echo "ssh-stream: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
ok() {
	echo "ok: $*"
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
[ -f backends/ssh.so ] || skip "built without the SSH transport (libssh)"
${MAKE:-make} -s tests/lab/ssh-stream-client || fail "cannot build the client"

. tests/lib-sshd.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-sshstream.XXXXXX") || fail "mktemp failed"
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	# The remote shells bin/hangme stopped: ended by TERM, so that their
	# traps remove their temporary files (KILLed, 14 of them left 56
	# files in /tmp); sshd_stop_all ends what is left. A sh that still
	# went without its trap (2 in 14, stopped in the middle of one) has
	# its files removed here: no login of rackcon's comes to sweep them.
	[ -f "$tree/stopped.pids" ] && while read -r p; do
		kill -TERM "$p" 2>/dev/null
		kill -CONT "$p" 2>/dev/null
	done <"$tree/stopped.pids"
	sshd_stop_all
	[ -f "$tree/stopped.pids" ] && while read -r p; do
		rm -f "${TMPDIR:-/tmp}/rackcon.$p."*.[bleo] 2>/dev/null
	done <"$tree/stopped.pids"
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME="$dir/home"
mkdir -p "$HOME" || fail "cannot make $HOME"
export RACKCON_PLUGIN_DIR="$PWD/backends"

tree=$dir/tree
mkdir -p "$tree/bin" "$tree/etc" "$tree/run" "$tree/dir" || fail "cannot make the tree"
echo 'ID=fixture' >"$tree/etc/os-release"
echo 'not a socket' >"$tree/run/plain"
ln -s target "$tree/link"
printf '#!/bin/sh\nsleep 0.5\n' >"$tree/bin/slow"
# Stops the remote sh that reads requests 300 ms after it answered, and
# leaves its PID for the cleanup. That sh is its parent, or its parent's
# when the transport runs programs under timeout(1).
cat >"$tree/bin/hangme" <<'EOS'
#!/bin/sh
sh_pid=$PPID
if [ "$(cat "/proc/$sh_pid/comm")" = timeout ]; then
	sh_pid=$(sed 's/.*) . \([0-9]*\) .*/\1/' "/proc/$sh_pid/stat")
fi
echo "$sh_pid" >>"$RACKCON_SYSROOT/stopped.pids"
( sleep 0.3; kill -STOP "$sh_pid" ) </dev/null >/dev/null 2>&1 &
exit 0
EOS
chmod 755 "$tree/bin/slow" "$tree/bin/hangme"

# The far side's servers: echo on 127.0.0.1 and on run/echo.sock (each
# connection echoed until its EOF, then closed), a port that never
# accepts (its backlog full), and a port nobody listens on. Their ports
# go to ports.txt once they listen.
cat >"$dir/servers.py" <<'EOS'
import os, socket, sys, threading
tree, out = sys.argv[1], sys.argv[2]
def echo(c):
    while True:
        b = c.recv(65536)
        if not b:
            break
        c.sendall(b)
    c.close()
def serve(s):
    while True:
        c, _ = s.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()
tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); tcp.listen(8)
unix = socket.socket(socket.AF_UNIX)
unix.bind(os.path.join(tree, "run/echo.sock")); unix.listen(8)
full = socket.socket(); full.bind(("127.0.0.1", 0)); full.listen(0)
fillers = []
for i in range(8):
    f = socket.socket(); f.setblocking(False)
    try:
        f.connect(full.getsockname())
    except BlockingIOError:
        pass
    fillers.append(f)
free = socket.socket(); free.bind(("127.0.0.1", 0))
free_port = free.getsockname()[1]; free.close()
for s in (tcp, unix):
    threading.Thread(target=serve, args=(s,), daemon=True).start()
with open(out + ".tmp", "w") as f:
    f.write("%d %d %d\n" % (tcp.getsockname()[1], full.getsockname()[1],
                            free_port))
os.rename(out + ".tmp", out)
threading.Event().wait()
EOS
python3 "$dir/servers.py" "$tree" "$dir/ports.txt" &
server_pid=$!
i=0
while [ ! -s "$dir/ports.txt" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the echo servers did not start"
	kill -0 "$server_pid" 2>/dev/null || fail "the echo servers died"
	sleep 0.05
done
read -r echo_port full_port free_port <"$dir/ports.txt"

sshd_start "$dir" st || fail "sshd did not start"
client() {
	tests/lab/ssh-stream-client -h 127.0.0.1 -p "$(sshd_port st)" \
	    -l root -i "$dir/id_st" -k "$dir/st.known_hosts" -r "$tree" "$@"
}

# --- bytes round-trip, EOF both ways --------------------------------------
head -c 1048576 /dev/urandom >"$dir/blob" || fail "no random bytes"
for target in "tcp:127.0.0.1:$echo_port" "unix:/run/echo.sock"; do
	out=$(client echo "$target" "$dir/blob")
	[ "$out" = "same 1048576" ] || fail "echo through $target: $out"
	ok "1 MiB through $target came back exactly, EOF both ways"
done

# --- refused, missing, not a socket -----------------------------------------
expect_open() { # TARGET WANT
	out=$(client open "$1")
	[ "$out" = "$2" ] || fail "open $1: '$out', wanted '$2'"
	ok "open $1: $out"
}
expect_open "tcp:127.0.0.1:$free_port" "ECONNREFUSED: fx: tcp:127.0.0.1:$free_port: connection refused: nothing listens there"
expect_open "unix:/run/missing.sock" "ENOENT: fx: unix:/run/missing.sock: no such socket"
expect_open "unix:/run/plain" "ENOTSOCK: fx: unix:/run/plain: not a socket"
expect_open "unix:run/x" "EINVAL: stream target 'unix:run/x': a socket path is absolute"

# --- not found, as transport.h says ------------------------------------------
out=$(client contract) || { echo "$out"; fail "SSH and local errors differ"; }
echo "$out"
ok "not found is ENOENT over SSH as locally ($(echo "$out" | wc -l) cases)"

# --- a stream during a refresh ------------------------------------------------
out=$(client echo-refresh "tcp:127.0.0.1:$echo_port") ||
	fail "stream during a refresh: $out"
echo "$out"
worst=$(echo "$out" | sed -n 's/.*worst \([0-9]*\) ms.*/\1/p')
slow=$(echo "$out" | sed -n 's/.*slow runs meanwhile \([0-9]*\),.*/\1/p')
[ "${slow:-0}" -ge 2 ] || fail "the refresh did not run beside the stream"
# A slow program holds the connection 500 ms: a line that waited for it
# would take that long (15-25 ms measured; 300 leaves room for a loaded
# machine).
[ "${worst:-9999}" -lt 300 ] ||
	fail "a line waited ${worst} ms for the refresh"
ok "200 lines through a stream while $slow slow programs ran, worst ${worst} ms"

# --- every verb's deadline and cancel token ------------------------------
check_verbs() { # MODE LOW HIGH: each verb failed, in LOW..HIGH ms
	client -T 1500 "$1" "tcp:127.0.0.1:$full_port" >"$dir/$1.out"
	cat "$dir/$1.out"
	[ "$(wc -l <"$dir/$1.out")" -eq 7 ] || fail "$1: not every verb ran"
	while read -r verb _ rc err ms _; do
		[ "$rc" = -1 ] || fail "$1: $verb succeeded on a hung host"
		[ "$ms" -ge "$2" ] && [ "$ms" -le "$3" ] ||
			fail "$1: $verb took $ms ms ($err), not $2 to $3"
	done <"$dir/$1.out"
}
check_verbs verbs-deadline 1400 3500
ok "every verb on a hung host returned by its 1500 ms deadline"
# In a job cancelled at 500 ms (the command deadline is the default 30 s
# then; 500-610 ms measured).
client "verbs-cancel" "tcp:127.0.0.1:$full_port" >"$dir/cancel.out"
cat "$dir/cancel.out"
[ "$(wc -l <"$dir/cancel.out")" -eq 7 ] || fail "verbs-cancel: not every verb ran"
while read -r verb _ rc err ms _; do
	[ "$rc" = -1 ] || fail "verbs-cancel: $verb succeeded on a hung host"
	[ "$ms" -ge 400 ] && [ "$ms" -le 3000 ] ||
		fail "verbs-cancel: $verb took $ms ms ($err), not about 500"
done <"$dir/cancel.out"
ok "every verb of a cancelled job returned promptly"
echo "ssh-stream: all passed"
