#!/bin/sh
# Lab test of SOL through a BMC's SSH SMASH-CLP: rackcon reaches the fake
# BMC of tests/lib-smash.sh (tests/lab/smash-peer behind a private sshd)
# with --bmc ssh://sslbmc@NAME (the instance's client key), runs in tmux at
# 80x24 with TERM=vt100 as tests/lab/ipmi-sol.sh does; the test plays the
# server's side of the serial line through the fake's feed FIFO. Cases:
#  1. IPMI panel, s: the pane shows the boot lines and "fakehost login: ";
#     a text line and a curses-style screen (cursor addressing, reverse
#     video) fed through the FIFO are shown; typed keys (and Up as ESC [ A)
#     reach the fake; the pane's title shows the escape key, which returns
#     to the table; console-close makes the fake log "sol-end" (Enter Esc
#     T) and "exit".
#  2. A fake that takes only relative targets (cd system1/sol1) still
#     gives the console.
#  3. A fake whose SOL another session holds (start answers an error): the
#     pane gives the BMC's words ("SOL did not start: start answered ...")
#     and offers to reconnect.
#  4. The BMC's sshd killed mid-console: the pane says "the BMC's SSH
#     session ended (or its connection was lost)" and offers to reconnect.
#  5. Through a jump host (network namespaces: the BMC is reachable only
#     from the jump host): -J j1, and an inventory's `bmc ssh://...` with
#     `jump j1`: boot lines, a fed line, keys, console-close.
# Needs root, /usr/sbin/sshd, tmux, a tree built with the SSH transport
# (libssh) and libvterm; otherwise it exits 77 with the reason. Case 5
# also needs network namespaces (iproute2): without them it is skipped,
# saying so. Run from the repo root: sh tests/lab/smash-sol.sh.
set -u

skip() {
	echo "smash-sol: skipped: $*"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd, a test user)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
for p in tmux od; do
	command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
done
grep -q '^BUILD_SSH *= *yes' Makefile 2>/dev/null ||
	skip "the SSH transport is not configured (libssh-dev)"
grep -q '^HAVE_VTERM *= *yes' Makefile 2>/dev/null ||
	skip "libvterm is not configured (libvterm-dev)"
${MAKE:-make} -s rackcon backends/ssh.so tests/lab/smash-peer >/dev/null || {
	echo "FAIL: cannot build rackcon and tests/lab/smash-peer"
	exit 1
}

. tests/lib-sshd.sh
. tests/lib-smash.sh
. tests/lib-netns.sh

top=$(pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-smashsol.XXXXXX") || exit 1
# A tmux server (socket) per rackcon run: a new one on a socket just
# killed can race its predecessor's exit.
runs=0
sock="smash-sol-$$-0"
socks=
cleanup() {
	for s in $socks; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	sshd_stop_all
	netns_teardown
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A reader that stops early (| grep -m1) must not kill the test before
# its EXIT trap: that left the sshd, the user and rackcon behind.
trap 'exit 141' PIPE
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_STATE_HOME="$dir/home/.local/state"
mkdir -p "$HOME" || exit 1
cfg=$dir/ssh_config

# shellcheck source=tests/lib-tmux.sh
. tests/lib-tmux.sh
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen 2>/dev/null
	[ ! -s "$dir/rackcon.err" ] || { echo "--- rackcon's stderr:"; cat "$dir/rackcon.err"; }
	exit 1
}
ok() {
	echo "ok $*"
}
# The screen as one line, blanks squeezed: a message the pane wrapped.
joined() {
	screen | tr -s ' \n' '  '
}
joined_has() {
	joined | grep -q -- "$1"
}
# keys_got NAME HEX: the fake NAME received the bytes HEX (in a row).
keys_got() {
	hex "$(smash_keys "$1")" | grep -q "$2"
}

# rackcon_start ARGS...: rackcon with ARGS in tmux (a new server), 80x24,
# TERM=vt100; RACKCON-EXIT and its status when it ends.
rackcon_start() {
	runs=$((runs + 1))
	sock="smash-sol-$$-$runs"
	socks="$socks $sock"
	: >"$dir/rackcon.err"
	tmux -L "$sock" new-session -d -x 80 -y 24 \
	    "cd '$top' && TERM=vt100 ./rackcon -F '$cfg' $* \
	    2>'$dir/rackcon.err'; echo RACKCON-EXIT \$?; sleep 600"
}
quit_rackcon() {
	keys C-] q
	wait_for 10 on_screen "RACKCON-EXIT 0" || fail "rackcon did not quit"
}
# sol_open NAME: the IPMI panel's s; the console up with the fake's boot
# lines and login prompt.
sol_open() {
	wait_for 15 on_screen "$1" || fail "no BMC $1 on the screen"
	keys s
	wait_for 15 on_screen "^fakehost login: *$" ||
		fail "no login prompt in the pane"
	on_screen "^Debian GNU/Linux 12 fakehost ttyS1" &&
	    on_screen "Linux version 6.1.0-fake" ||
		fail "the boot lines are not in the pane"
	smash_has_event "$1" start || fail "the fake logged no start"
}
# close_checked NAME: console-close (the pane left already); the fake got
# Enter Esc T and then exit.
close_checked() {
	keys : console-close Enter
	wait_for 10 smash_has_event "$1" exit ||
		fail "console-close: the fake did not log exit: $(tr '\n' ' ' <"$(smash_events "$1")"); keys: $(hex "$(smash_keys "$1")")"
	smash_has_event "$1" sol-end || fail "console-close: no sol-end before exit"
	[ "$(sed -n '$p' "$(smash_events "$1")")" = exit ] ||
		fail "console-close: not ended by exit: $(tr '\n' ' ' <"$(smash_events "$1")")"
	hex "$(smash_keys "$1")" | grep -q '0d1b54$' ||
		fail "console-close: the keys do not end in Enter Esc T: $(hex "$(smash_keys "$1")")"
}
sol_close() {
	keys C-]
	close_checked "$1"
}

smash_start "$dir" bmc || fail "the fake BMC's sshd did not start"
smash_start "$dir" rel --relative || fail "the --relative fake did not start"
smash_start "$dir" busy --sol-busy || fail "the --sol-busy fake did not start"
smash_start "$dir" doomed || fail "the fake BMC to kill did not start"

# --- 1: boot lines, text, a screen, keys, the escape key, console-close ---
rackcon_start --bmc "ssh://$SMASH_USER@bmc"
sol_open bmc
smash_has_event bmc "cd /system1/sol1" || fail "the fake logged no cd /system1/sol1"
on_screen "C-] back to rackcon" || fail "the escape key is not shown"
smash_feed bmc '\r\nSMASH-TEXT: hello from the serial line\r\n' ||
	fail "cannot write the feed"
wait_for 5 on_screen "^SMASH-TEXT: hello from the serial line" ||
	fail "the fed text is not in the pane"
keys r o o t Enter
wait_for 5 keys_got bmc 726f6f740d || fail "typed keys did not arrive: $(hex "$(smash_keys bmc)")"
wait_for 5 on_screen "^root" || fail "the fake's echo is not in the pane"
keys Up
wait_for 5 keys_got bmc 1b5b41 || fail "Up did not arrive as ESC [ A: $(hex "$(smash_keys bmc)")"
smash_feed bmc '\033[2J\033[H\033[7m Debian installer \033[0m\033[5;10H\033[1mChoose language\033[0m\033[7;12H\033[7m< English >\033[0m\033[8;12H  Deutsch\033[20;1HSCREEN-DONE\r\n' ||
	fail "cannot write the feed"
wait_for 5 on_screen SCREEN-DONE || fail "the fed screen is not in the pane"
# Row 5, column 10 of the far side's screen: the pane's row 0 is the
# terminal's row 2 (tab bar, title).
screen | sed -n 7p | grep -q '^         Choose language' ||
	fail "cursor addressing: 'Choose language' is not at row 5, column 10"
reverse_at 8 11 && reverse_at 2 1 || fail "reverse video is not shown"
reverse_at 9 13 || reverse_at 6 9 || reverse_at 3 1 && fail "reverse video where there is none"
ok "1a: boot lines, a fed line and a curses-style screen, keys and Up reach the BMC"
keys C-]
wait_for 5 sh -c "! tmux -L $sock capture-pane -p | grep -q 'back to rackcon'" ||
	fail "the escape key did not leave the pane"
smash_has_event bmc sol-end && fail "leaving the pane ended SOL"
ok "1b: C-] (shown in the title) leaves the pane, SOL stays"
close_checked bmc
ok "1c: console-close: Enter Esc T, then exit ($(tr '\n' ' ' <"$(smash_events bmc)"))"
quit_rackcon

# --- 2: relative targets only ----------------------------------------------
rackcon_start --bmc "ssh://$SMASH_USER@rel"
sol_open rel
smash_has_event rel "cd /system1/sol1" || fail "--relative: no cd reached /system1/sol1"
keys a b c
wait_for 5 keys_got rel 616263 || fail "--relative: keys did not arrive"
ok "2: a BMC taking only 'cd system1/sol1' gives the console"
sol_close rel
quit_rackcon

# --- 3: SOL held by another session ---------------------------------------
rackcon_start --bmc "ssh://$SMASH_USER@busy"
wait_for 15 on_screen busy || fail "no BMC busy on the screen"
keys s
wait_for 15 smash_has_event busy "start busy" || fail "rackcon did not start SOL"
wait_for 10 on_screen "r: reconnect" || fail "--sol-busy: the pane offers nothing"
joined_has 'SOL did not start: start answered "start failed: SOL is in use by another session"' ||
	fail "--sol-busy: the pane does not give the BMC's words"
ok "3: SOL in use: '$(joined | grep -o 'SOL did not start[^.]*')'"
quit_rackcon

# --- 4: the BMC's sshd killed mid-console -----------------------------------
rackcon_start --bmc "ssh://$SMASH_USER@doomed"
sol_open doomed
sshd_stop doomed
t0=$(date +%s)
wait_for 30 on_screen "r: reconnect" || fail "a killed sshd gave no message"
joined_has "doomed: the BMC's SSH session ended (or its connection was lost)" ||
	fail "a killed sshd: the pane does not say the session ended"
ok "4: sshd killed: '$(joined | grep -o "[^ ]*doomed: the BMC's SSH session ended[^.]*")' after $(($(date +%s) - t0)) s"
quit_rackcon

# --- 5: through a jump host -------------------------------------------------
if ! command -v ip >/dev/null 2>&1; then
	echo "smash-sol: case 5 skipped: iproute2 is not installed"
elif ! netns_setup rcsmash 10.246; then
	echo "smash-sol: case 5 skipped: cannot make network namespaces here"
else
	sshd_start "$dir" j1 -n "$NETNS_JUMP1" -a "$NETNS_JUMP1_ADDR" ||
		fail "sshd in jump1"
	smash_start "$dir" far -- -n "$NETNS_JUMP2" -a "$NETNS_JUMP2_ADDR" ||
		fail "the fake BMC in jump2"
	# Every instance's known_hosts line in one file, for every hop.
	cat "$dir"/*.known_hosts >"$dir/all_known_hosts"
	sed -i "s|UserKnownHostsFile .*|UserKnownHostsFile $dir/all_known_hosts|" \
	    "$cfg"
	rackcon_start -J j1 --bmc "ssh://$SMASH_USER@far"
	sol_open far
	smash_feed far '\r\nTHROUGH-THE-JUMP-HOST\r\n' || fail "cannot write the feed"
	wait_for 5 on_screen "^THROUGH-THE-JUMP-HOST" || fail "-J: the fed line is not in the pane"
	keys x y z
	wait_for 5 keys_got far 78797a || fail "-J: keys did not arrive"
	sol_close far
	quit_rackcon
	ok "5a: -J j1: boot lines, a fed line, keys, console-close"
	: >"$(smash_events far)"
	: >"$(smash_keys far)"
	printf 'host far\n\tbmc ssh://%s@far\n\tjump j1\n' "$SMASH_USER" \
	    >"$dir/hosts"
	chmod 600 "$dir/hosts"
	rackcon_start --inventory "$dir/hosts"
	wait_for 15 on_screen far || fail "inventory: no host far"
	# the IPMI panel: the inventory opens on the Hosts panel
	keys : 'panel ipmi' Enter
	sol_open far
	keys q w
	wait_for 5 keys_got far 7177 || fail "inventory jump: keys did not arrive"
	sol_close far
	quit_rackcon
	ok "5b: an inventory's bmc ssh://...@far with jump j1"
fi
echo "smash-sol: all passed"
