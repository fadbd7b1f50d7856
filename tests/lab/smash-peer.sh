#!/bin/sh
# Lab test of the fake SMASH-CLP BMC itself (tests/lab/smash-peer behind a
# private sshd, tests/lib-smash.sh), with OpenSSH's own client:
#  1. ssh -tt in tmux (80x24): the banner, the prompt, cd /system1/sol1,
#     start with its notice, the boot lines up to "fakehost login: ", the
#     echo of typed keys (which reach the keys file), what the test writes
#     into the feed FIFO shown as console output, Enter Esc T back to the
#     prompt, exit ends ssh; the events logged.
#  2. Without a PTY (ssh -T, a pipe): no echo, the exact bytes of the
#     banner, cd, show, Invalid target, start, the boot lines, Enter Esc T
#     and exit, compared with what ../shared/labs/ssh.md section 2 says.
#  3. ssh NAME 'show /system1/sol1' (SSH_ORIGINAL_COMMAND): that one
#     command, no banner.
#  4. The variants: --insyde (banner), --relative (cd system1/sol1 works,
#     the absolute path is an invalid target), --sol-busy (start answers an
#     error and the prompt).
#  5. Through a jump host (network namespaces, tests/lib-netns.sh; the
#     fake reachable only from the jump host): ssh -J, start, Enter Esc T.
# Needs root, /usr/sbin/sshd, ssh and tmux; otherwise it exits 77 with the
# reason (case 5 also network namespaces: skipped without, saying so).
# Run from the repo root: sh tests/lab/smash-peer.sh.
set -u

skip() {
	echo "smash-peer: skipped: $*"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd, a test user)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
for p in ssh tmux od; do
	command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
done
${MAKE:-make} -s tests/lab/smash-peer >/dev/null || {
	echo "FAIL: cannot build tests/lab/smash-peer"
	exit 1
}

. tests/lib-sshd.sh
. tests/lib-smash.sh
. tests/lib-netns.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-smashpeer.XXXXXX") || exit 1
sock="smash-peer-$$"
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
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

# shellcheck source=tests/lib-tmux.sh
. tests/lib-tmux.sh
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen 2>/dev/null
	exit 1
}
ok() {
	echo "ok $*"
}
# The last line of the pane, trailing blanks cut.
last_line() {
	screen | sed 's/ *$//' | grep -v '^$' | tail -n 1
}
last_is() {
	[ "$(last_line)" = "$1" ]
}
# hexstr TEXT: printf's format TEXT as hex.
hexstr() {
	# shellcheck disable=SC2059 # TEXT is a format on purpose
	printf "$1" >"$dir/hexstr"
	hex "$dir/hexstr"
}

smash_start "$dir" bmc || fail "the fake BMC's sshd did not start"
smash_start "$dir" insyde --insyde || fail "the --insyde fake did not start"
smash_start "$dir" rel --relative || fail "the --relative fake did not start"
smash_start "$dir" busy --sol-busy || fail "the --sol-busy fake did not start"
SSH="ssh -F $dir/ssh_config -l $SMASH_USER -o EscapeChar=none"

# --- 1: ssh -tt in tmux --------------------------------------------------
tmux -L "$sock" new-session -d -x 80 -y 24 \
    "$SSH -tt bmc 2>'$dir/ssh.err'; echo SSH-EXIT \$?; sleep 600"
wait_for 10 last_is "->" || fail "no prompt after the banner"
screen | head -n 5 >"$dir/top"
printf '%s\n' \
    "ATEN SMASH-CLP System Management Shell, version 1.05" \
    "Copyright (c) 2008-2009 by ATEN International CO., Ltd." \
    "All Rights Reserved" "" "" >"$dir/want"
sed 's/ *$//' "$dir/top" | cmp -s - "$dir/want" || fail "not the ATEN banner"
keys c d ' ' / s y s t e m 1 / s o l 1
wait_for 5 last_is "-> cd /system1/sol1" || fail "the command line is not echoed"
keys Enter
wait_for 5 last_is "->" || fail "no prompt after cd"
# the pane's bottom: the command, its answer, a blank line, the prompt
screen | sed 's/ *$//' | grep -A3 -- "-> cd /system1/sol1" | head -n 4 \
    >"$dir/got"
printf '%s\n' "-> cd /system1/sol1" "/system1/sol1" "" "->" >"$dir/want"
cmp -s "$dir/got" "$dir/want" || fail "cd: $(cat "$dir/got")"
wait_for 5 smash_has_event bmc "cd /system1/sol1" || fail "cd not logged"
keys s t a r t Enter
wait_for 5 last_is "fakehost login:" || fail "start did not reach the login prompt"
on_screen "^press <Enter>, <Esc>, and then <T> to terminate session" &&
    on_screen "^(press the keys in sequence, one after the other)" &&
    on_screen "^\[    0.000000\] Linux version 6.1.0-fake" &&
    on_screen "^Debian GNU/Linux 12 fakehost ttyS1" ||
	fail "start's notice or boot lines are missing"
smash_has_event bmc start || fail "start not logged"
keys r o o t
wait_for 5 last_is "fakehost login: root" || fail "SOL keys are not echoed"
keys Enter
wait_for 5 on_screen "^fakehost login: root" || fail "Enter in SOL"
# Enter after an empty line: a further login prompt
keys Enter
wait_for 5 sh -c "[ \$(tmux -L $sock capture-pane -p | grep -c '^fakehost login:') -ge 2 ]" ||
	fail "Enter on an empty line gave no further login prompt"
smash_feed bmc 'FROM-THE-SERVER line one\r\n' || fail "cannot write the feed"
wait_for 5 on_screen "FROM-THE-SERVER line one" || fail "the feed is not shown"
[ "$(hex "$(smash_keys bmc)")" = "$(hexstr 'root\r\r')" ] ||
	fail "keys file: $(hex "$(smash_keys bmc)")"
# Esc alone (not after Enter) is a key like any other; Enter Esc T ends SOL
keys x Enter Escape T
wait_for 5 last_is "->" || fail "Enter Esc T did not return to the prompt"
wait_for 5 smash_has_event bmc sol-end || fail "sol-end not logged"
[ "$(hex "$(smash_keys bmc)")" = "$(hexstr 'root\r\rx\r\033T')" ] ||
	fail "keys file after Enter Esc T: $(hex "$(smash_keys bmc)")"
# the feed outside SOL is not shown
smash_feed bmc 'NOT-IN-SOL\r\n' || fail "cannot write the feed"
keys e x i t Enter
wait_for 10 on_screen "^SSH-EXIT 0" || fail "exit did not end ssh with 0"
on_screen NOT-IN-SOL && fail "the feed was shown outside SOL"
wait_for 5 smash_has_event bmc exit || fail "exit not logged"
ok "1: ssh -tt: banner, cd, start, boot lines, echo, keys, feed, Enter Esc T, exit"

# --- 2: no PTY: the exact bytes -------------------------------------------
banner='ATEN SMASH-CLP System Management Shell, version 1.05\r\nCopyright (c) 2008-2009 by ATEN International CO., Ltd.\r\nAll Rights Reserved \r\n\r\n'
P='\r\n-> '
notice='/system1/sol1\r\n\r\npress <Enter>, <Esc>, and then <T> to terminate session\r\n(press the keys in sequence, one after the other)\r\n'
boot='\r\n[    0.000000] Linux version 6.1.0-fake (fake@fakehost) #1 SMP\r\n[    0.000000] Command line: console=ttyS1,115200n8\r\n[    1.234567] fake: reached target Multi-User System\r\n\r\nDebian GNU/Linux 12 fakehost ttyS1\r\n\r\nfakehost login: '
printf 'cd /system1/sol1\r\nshow\rcd /nowhere\rstart\rab\r\033Texit\r' |
    $SSH -T bmc >"$dir/out" 2>"$dir/ssh.err" || fail "ssh -T: $(cat "$dir/ssh.err")"
want="$banner$P/system1/sol1\r\n$P/system1/sol1\r\n  Targets:\r\n  Properties:\r\n    enabledstate=enabled\r\n    baudrate=115200\r\n  Verbs:\r\n    cd\r\n    show\r\n    start\r\n    help\r\n    version\r\n    exit\r\n${P}Invalid target: /nowhere\r\n$P$notice${boot}ab\r\n$P"
[ "$(hex "$dir/out")" = "$(hexstr "$want")" ] ||
	fail "no PTY: got $(od -c "$dir/out")"
ok "2: without a PTY: banner, cd, show, Invalid target, start, boot lines, Enter Esc T, exit byte for byte, no echo"

# --- 3: SSH_ORIGINAL_COMMAND ----------------------------------------------
$SSH bmc 'cd /system1/pwrmgtsvc1' >"$dir/out" 2>"$dir/ssh.err" </dev/null ||
	fail "ssh bmc cd: $(cat "$dir/ssh.err")"
[ "$(hex "$dir/out")" = "$(hexstr '/system1/pwrmgtsvc1\r\n')" ] ||
	fail "one command: $(od -c "$dir/out")"
$SSH bmc 'start /system1/pwrmgtsvc1' >"$dir/out" 2>&1 </dev/null
[ "$(hex "$dir/out")" = "$(hexstr 'start done...\r\n')" ] ||
	fail "one command: $(od -c "$dir/out")"
ok "3: ssh bmc 'COMMAND' runs that one command"

# --- 4: variants -----------------------------------------------------------
printf 'exit\r' | $SSH -T insyde >"$dir/out" 2>&1
[ "$(hex "$dir/out")" = "$(hexstr 'Insyde SMASH-CLP System Management Shell, versions 1.05\r\nCopyright (c) 2013-2015 by Insyde Software Corp.\r\nAll Rights Reserved \r\n\r\n\r\n-> ')" ] ||
	fail "--insyde: $(od -c "$dir/out")"
printf 'cd /system1/sol1\rcd system1/sol1\rexit\r' | $SSH -T rel >"$dir/out" 2>&1
[ "$(hex "$dir/out")" = "$(hexstr "$banner${P}Invalid target: /system1/sol1\r\n$P/system1/sol1\r\n$P")" ] ||
	fail "--relative: $(od -c "$dir/out")"
printf 'cd /system1/sol1\rstart\rexit\r' | $SSH -T busy >"$dir/out" 2>&1
[ "$(hex "$dir/out")" = "$(hexstr "$banner$P/system1/sol1\r\n${P}start failed: SOL is in use by another session\r\n$P")" ] ||
	fail "--sol-busy: $(od -c "$dir/out")"
smash_has_event busy "start busy" || fail "--sol-busy: not logged"
ok "4: --insyde banner, --relative targets, --sol-busy's answer"

# --- 5: through a jump host --------------------------------------------------
if ! command -v ip >/dev/null 2>&1; then
	echo "smash-peer: case 5 skipped: iproute2 is not installed"
elif ! netns_setup rcsmashp 10.245; then
	echo "smash-peer: case 5 skipped: cannot make network namespaces here"
else
	sshd_start "$dir" j1 -n "$NETNS_JUMP1" -a "$NETNS_JUMP1_ADDR" ||
		fail "sshd in jump1"
	smash_start "$dir" far -- -n "$NETNS_JUMP2" -a "$NETNS_JUMP2_ADDR" ||
		fail "the fake BMC in jump2"
	cat "$dir"/*.known_hosts >"$dir/all_known_hosts"
	sed -i "s|UserKnownHostsFile .*|UserKnownHostsFile $dir/all_known_hosts|" \
	    "$dir/ssh_config"
	printf 'exit\r' | $SSH -T far >"$dir/out" 2>&1 &&
		fail "the fake answered without the jump host"
	printf 'cd /system1/sol1\rstart\r\r\033Texit\r' |
	    $SSH -J j1 -T far >"$dir/out" 2>"$dir/ssh.err" ||
		fail "ssh -J j1: $(cat "$dir/ssh.err")"
	[ "$(hex "$dir/out")" = "$(hexstr "$banner$P/system1/sol1\r\n$P$notice$boot\r\nfakehost login: $P")" ] ||
		fail "ssh -J j1: $(od -c "$dir/out")"
	smash_has_event far sol-end && smash_has_event far exit ||
		fail "ssh -J j1: events $(tr '\n' ' ' <"$(smash_events far)")"
	ok "5: through jump host j1: cd, start, boot lines, Enter Esc T, exit"
fi
echo "smash-peer: all passed"
