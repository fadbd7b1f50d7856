#!/bin/sh
# Lab test of the Serial-over-LAN console against a real ipmi_sim on
# loopback (../shared/labs/ipmi.md, section 4): the test plays the
# server's serial line (a TCP peer the sim connects to), rackcon runs in
# tmux at 80x24. A fresh sim per case (the sim drops the first key after
# a reactivation). Cases:
#  1. the pane shows the peer's text and a curses-style screen (cursor
#     movement, reverse video); typed keys (and an arrow key's bytes)
#     arrive at the peer; a 115200-byte flood at 115200 baud arrives with
#     nothing lost (every numbered line up to the peer's END marker in
#     rackcon's log of the console, one timestamp each); the escape key
#     returns to the table; quitting releases SOL: a second rackcon's
#     activation, which would ask before stealing, comes up at once.
#  2. a console in use asks before taking over; a steal from a second
#     client (ipmitool sol deactivate, sol activate) gives its message.
#  3. a killed sim gives "no data and no answer for 15 s".
#  4. a sim without SOL: the refusal says SOL may be disabled on the BMC.
# Sims through tests/lib-ipmisim.sh; the serial peer is the test's own
# (it also paints a curses-style screen). Needs ipmi_sim, ipmi-power,
# ipmitool, python3 and tmux, a tree configured with the
# IPMI plugin and libvterm; otherwise it exits 77 with the reason.
# Ports: UDP 9056-9059 (sims), TCP 9156-9158 (peers). Run from the repo
# root: sh tests/lab/ipmi-sol.sh.
set -u

skip() {
	echo "ipmi-sol: skipped: $*"
	exit 77
}

for p in ipmi_sim ipmi-power ipmitool python3 tmux; do
	command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
done
grep -q '^BUILD_IPMI *= *yes' Makefile 2>/dev/null ||
	skip "the IPMI plugin is not configured (libfreeipmi-dev)"
grep -q '^HAVE_VTERM *= *yes' Makefile 2>/dev/null ||
	skip "libvterm is not configured (libvterm-dev)"
${MAKE:-make} -s rackcon backends/ipmi.so >/dev/null || {
	echo "FAIL: cannot build rackcon"
	exit 1
}

. tests/lib-ipmisim.sh
top=$(pwd)
dir=$(mktemp -d /tmp/ipmi-sol.XXXXXX)
# A tmux server (socket) per rackcon run: a new one on a socket just
# killed can race its predecessor's exit.
runs=0
sock="ipmi-sol-$$-0"
socks=
pids=
cleanup() {
	for s in $socks; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	ipmisim_stop_all
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# shellcheck source=tests/lib-tmux.sh
. tests/lib-tmux.sh
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen 2>/dev/null
	exit 1
}

# The serial line's far side: echoes (CR as CRLF), '@' paints a
# curses-style screen, '!' sends 115200 bytes at 11520 B/s (115200 8N1)
# as numbered 80-byte lines and then END and their count; logs every byte
# it receives (RX in hex).
cat > "$dir/peer.py" <<'EOF'
import socket, sys, time
port, log, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', port))
s.listen(1)
open(ready, 'w').close()
lf = open(log, 'ab', buffering=0)
def paint(c):
    c.sendall(b'\x1b[2J\x1b[H\x1b[7m Debian installer \x1b[0m'
              b'\x1b[5;10H\x1b[1mChoose language\x1b[0m'
              b'\x1b[7;12H\x1b[7m< English >\x1b[0m\x1b[8;12H  Deutsch'
              b'\x1b[20;1HSCREEN-DONE\r\n')
def flood(c, total=115200, rate=11520):
    n = line = 0
    t0 = time.time()
    while n < total:
        body = b'%06d ' % line
        body += b'x' * (78 - len(body)) + b'\r\n'
        c.sendall(body)
        n += len(body)
        line += 1
        d = t0 + n / rate - time.time()
        if d > 0:
            time.sleep(d)
    c.sendall(b'\r\nEND %d\r\n' % line)
while True:
    c, _ = s.accept()
    lf.write(b'CONNECT\n')
    while True:
        d = c.recv(4096)
        if not d:
            break
        lf.write(b'RX %s\n' % d.hex().encode())
        for b in d:
            ch = bytes([b])
            if ch == b'@':
                paint(c)
            elif ch == b'!':
                flood(c)
            elif ch == b'\r':
                c.sendall(b'\r\n')
            else:
                c.sendall(ch)
    c.close()
EOF
# start_bmc N: a fresh peer on TCP 915N, then a fresh sim (lib-ipmisim)
# on UDP 905N whose SOL connects to it; sets sim_pid and case_dir.
start_bmc() {
	case_dir="$dir/case$1"
	mkdir -p "$case_dir"
	python3 "$dir/peer.py" "915$1" "$case_dir/peer.log" "$case_dir/ready" \
	    2>"$case_dir/peer.err" &
	pids="$pids $!"
	# The sim connects once at start and then every 10 s: listen first.
	wait_for 10 test -f "$case_dir/ready" || fail "the peer does not listen"
	ipmisim_start "$dir" "case$1" -p "905$1" -s "915$1" ||
		fail "ipmi_sim did not start"
	sim_pid=$(ipmisim_pid "case$1")
	wait_for 15 grep -q CONNECT "$case_dir/peer.log" ||
		fail "ipmi_sim did not connect to the peer"
}

# Every byte the peer received, in hex, in order.
peer_rx() {
	awk '$1 == "RX" { printf "%s", $2 }' "$case_dir/peer.log"
}
peer_got() {
	peer_rx | grep -q "$1"
}

# rackcon_start N: rackcon on the sim of case N in tmux (a new server).
rackcon_start() {
	runs=$((runs + 1))
	sock="ipmi-sol-$$-$runs"
	socks="$socks $sock"
	tmux -L "$sock" new-session -d -x 80 -y 24 \
	    "cd '$top' && IPMI_PASSWORD=ADMIN ./rackcon --bmc 127.0.0.1:905$1 \
	    -U ADMIN -W opensesspriv,solchannelsupport,solpayloadsize -E \
	    2>'$case_dir/rackcon.err'; echo RACKCON-EXIT \$?; sleep 600"
}
sol_up() {
	keys s
	wait_for 10 on_screen "SOL 127.0.0.1: up" || fail "SOL did not come up"
}

# --- 1: text, a screen, keys, a flood, the escape key, quitting ---------
start_bmc 6
rackcon_start 6
wait_for 10 on_screen "ADMIN .*ADMINISTRATOR" || fail "no IPMI panel"
sol_up
keys h e l l o Enter
wait_for 5 peer_got 68656c6c6f0d || fail "typed keys did not reach the peer: $(peer_rx)"
wait_for 5 on_screen "^hello" || fail "the echo is not in the pane"
keys Up
wait_for 5 peer_got 0d1b5b41 || fail "Up did not reach the peer as ESC [ A: $(peer_rx)"
keys @
wait_for 5 on_screen SCREEN-DONE || fail "the painted screen is not in the pane"
# Row 5, column 10 of the far side's screen: the pane's row 0 is the
# terminal's row 2 (tab bar, title).
screen | sed -n 7p | grep -q '^         Choose language' ||
	fail "cursor movement: 'Choose language' is not at row 5, column 10"
# Reverse video: "< English >" at row 6, column 11 (pane row 7 = line 8),
# the title at row 0; "Deutsch" beside them and "Choose" are not.
reverse_at 8 11 && reverse_at 2 1 || fail "reverse video is not shown"
reverse_at 9 13 || reverse_at 6 9 || reverse_at 3 1 && fail "reverse video where there is none"
echo "ok 1a: text, echo, keys, Up, a curses-style screen"

# A BIOS's console redirection reads F-keys as vt100+ sends them.
keys C-]
wait_for 5 on_screen " ID NAME" || fail "the escape key did not return to the table"
keys : "console-term wyse50" Enter
wait_for 5 on_screen "unknown type 'wyse50'" ||
	fail "a wrong console-term was not refused"
keys : "console-term vt100+" Enter
wait_for 5 on_screen "console keys are now sent as vt100+" ||
	fail "console-term vt100+ said nothing"
sol_up
keys F2 F10 Home
wait_for 5 peer_got 1b321b301b68 ||
	fail "F2 F10 Home did not reach the peer as ESC 2, ESC 0, ESC h: $(peer_rx)"
keys C-] : "console-term xterm" Enter
wait_for 5 on_screen "console keys are now sent as xterm" ||
	fail "console-term xterm said nothing"
sol_up
keys F2
wait_for 5 peer_got 1b321b301b681b4f51 ||
	fail "F2 did not reach the peer as xterm's ESC O Q: $(peer_rx)"
# The peer echoes the keys with no newline: Enter ends that line, so that
# an echo still on its way when the log below starts never joins the
# flood's first line.
keys Enter
wait_for 5 peer_got 1b321b301b681b4f510d ||
	fail "Enter did not reach the peer: $(peer_rx)"
echo "ok 1d: console-term: a wrong type refused; vt100+ sends F2 F10 Home as ESC 2, ESC 0, ESC h; xterm F2 as ESC O Q"

keys C-]
wait_for 5 on_screen " ID NAME" || fail "the escape key did not return to the table"
on_screen "SOL 127.0.0.1: up" && fail "the console pane is still shown"
keys : "console-log $case_dir/sol.log" Enter
wait_for 5 on_screen "logging SOL" || fail "console-log said nothing"
sol_up
t0=$(date +%s)
keys !
wait_for 40 on_screen "^END 1440" || fail "the flood's END is not in the pane"
t1=$(date +%s)
wait_for 10 grep -q "END 1440" "$case_dir/sol.log" || fail "no END in the log"
lines=$(grep -cE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\] [0-9]{6} x{71}$' "$case_dir/sol.log")
distinct=$(grep -oE '^\[[^]]*\] [0-9]{6} ' "$case_dir/sol.log" | awk '{ print $3 }' | sort -u | wc -l)
[ "$lines" -eq 1440 ] && [ "$distinct" -eq 1440 ] || {
	grep -vE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\] [0-9]{6} x{71}$' \
	    "$case_dir/sol.log" | head -5 | od -c | head -20
	fail "the log has $lines whole lines ($distinct numbers) of 1440"
}
echo "ok 1b: 115200 bytes at 115200 baud in $((t1 - t0)) s, 1440 of 1440 lines logged with timestamps"

keys C-] q
wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"
# A console in use would ask ("Take it over?"): this one must not.
rackcon_start 6
wait_for 10 on_screen "ADMIN .*ADMINISTRATOR" || fail "no IPMI panel (second run)"
keys s
wait_for 10 on_screen "SOL 127.0.0.1: \(up\|in use\)" || fail "no second activation"
on_screen "in use" && fail "quitting did not release SOL"
echo "ok 1c: quitting released SOL; a second activation came up without a steal"
keys C-] q
wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"

# --- 2: in use, take over; stolen by another client ---------------------
start_bmc 7
I="ipmitool -I lanplus -C 3 -H 127.0.0.1 -p 9057 -U ADMIN -P ADMIN"
other="ipmi-sol-$$-other1"
socks="$socks $other"
tmux -L "$other" new-session -d -x 80 -y 24 "$I sol activate; sleep 600"
wait_for 10 sh -c "tmux -L $other capture-pane -p | grep -q 'SOL Session operational'" ||
	fail "ipmitool sol activate did not start"
rackcon_start 7
wait_for 10 on_screen "ADMIN .*ADMINISTRATOR" || fail "no IPMI panel"
keys s
wait_for 10 on_screen "SOL in use" || fail "a console in use did not ask"
on_screen "Take it over?" && on_screen "y: yes, n: no" || fail "no take-over question"
keys y
wait_for 10 on_screen "SOL 127.0.0.1: up" || fail "taking over failed"
# The sim drops the first key after a reactivation: the second counts.
keys a b
wait_for 5 peer_got 62 || fail "keys after the take-over did not arrive: $(peer_rx)"
echo "ok 2a: a console in use asks; taken over on y"
$I sol deactivate >/dev/null 2>&1
other="ipmi-sol-$$-other2"
socks="$socks $other"
tmux -L "$other" new-session -d -x 80 -y 24 "$I sol activate; sleep 600"
wait_for 10 sh -c "tmux -L $other capture-pane -p | grep -q 'SOL Session operational'" ||
	fail "the second client did not take SOL"
# ipmi_sim does not tell the old session; it learns when it sends.
t0=$(date +%s)
keys z
wait_for 70 on_screen "r: reconnect" || fail "the stolen console said nothing"
on_screen "excess retransmissions sent\|SOL stolen" || fail "not libipmiconsole's words"
echo "ok 2b: stolen console: '$(screen | grep -m1 'excess\|stolen' | sed 's/^ *//')' after $(( $(date +%s) - t0 )) s"
keys C-] q
wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"

# --- 3: the sim killed ---------------------------------------------------
start_bmc 8
rackcon_start 8
wait_for 10 on_screen "ADMIN .*ADMINISTRATOR" || fail "no IPMI panel"
sol_up
kill -9 "$sim_pid"
t0=$(date +%s)
wait_for 40 on_screen "no data and no answer for 15 s" || fail "a dead BMC gave no message"
on_screen "r: reconnect" || fail "no reconnect offered"
echo "ok 3: killed sim: 'no data and no answer for 15 s' after $(( $(date +%s) - t0 )) s"
keys C-] q
wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"

# --- 4: a BMC without SOL -------------------------------------------------
case_dir="$dir/case9"
mkdir -p "$case_dir"
ipmisim_start "$dir" case9 -p 9059 || fail "ipmi_sim did not start"
rackcon_start 9
wait_for 10 on_screen "ADMIN .*ADMINISTRATOR" || fail "no IPMI panel"
keys s
wait_for 15 on_screen "BMC Error: the BMC refused a SOL command; SOL may be disabled" ||
	fail "a BMC without SOL gave no reason"
echo "ok 4: no SOL: $(screen | grep -o 'BMC Error.*disabled' | head -1)"
keys C-] q
wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"
echo "ipmi-sol: all passed"
