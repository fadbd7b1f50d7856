#!/bin/sh
# Lab test of SSH trust and secrets in the full-screen UI (tmux, 80x24,
# TERM=vt100) against private sshd on loopback (tests/lib-sshd.sh), with
# an ssh_config of its own that does not say BatchMode:
# (a) an unknown host key: the question shows the SHA256 fingerprint
#     exactly as ssh-keygen -lf prints it for the server's key; n leaves
#     known_hosts as it was and the panel says why; y adds exactly one line,
#     which OpenSSH's own client then accepts (StrictHostKeyChecking yes),
#     and the Disks panel shows the far side's fixture disks;
# (b) a password login (a user whose sshd Match block allows the password
#     only): typed into the question, never on the screen, and it works; a
#     wrong one is asked again at once, saying so, as ssh does (three tries,
#     then the host fails with "wrong password, 3 tries"; Esc stops asking);
# (c) a passphrase-protected client key: asked once, and it works;
# (d) while connected, no secret is in any process's argv or environment
#     (rackcon's, its children's, sshd's), in the audit log or any file of
#     the test, or anywhere in rackcon's memory (gcore) once the login is
#     over.
#
# Needs root (sshd, test users), /usr/sbin/sshd, ssh, ssh-keygen, tmux and a
# built tree (gdb's gcore for the memory check, else that part is skipped);
# otherwise it exits 77 with the reason on its last line. Run from the repo
# root: sh tests/lab/ssh-interactive.sh.
set -u

[ "$(id -u)" = 0 ] || { echo "ssh-interactive: skipped: needs root (sshd)"; exit 77; }
[ -x /usr/sbin/sshd ] ||
	{ echo "ssh-interactive: skipped: openssh-server is not installed"; exit 77; }
for tool in ssh ssh-keygen useradd; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "ssh-interactive: skipped: $tool is not installed"; exit 77; }
done
[ -f backends/ssh.so ] ||
	{ echo "ssh-interactive: skipped: built without the SSH transport"; exit 77; }

. tests/regress/lib.sh
. tests/lib-sshd.sh
# shellcheck disable=SC2154 # rc_status is set inside the trap
trap 'rc_status=$?; sshd_stop_all; rc_cleanup; exit $rc_status' EXIT

ok() { echo "ok: $*"; }
# ere TEXT: TEXT as an extended regular expression matching itself.
ere() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'; }

d=$tmpdir/sshd
tree=$RC_ROOT/tests/fixtures/sysroot-disks
sshd_start "$d" fx || fail "sshd did not start"
port=$(sshd_port fx)
user=rcpw$$
# Longer than the prompt's first buffer (64 bytes): a copy left behind when
# it grows would show.
password="Pw-$$-zebra!quartz-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
sshd_add_user "$user" "$password" || fail "sshd_add_user"
sshd_start "$d" pw -m "Match User $user" \
    -m "	AuthenticationMethods password" || fail "password sshd did not start"
pwport=$(sshd_port pw)
cfg=$tmpdir/ssh_config
kh=$tmpdir/known_hosts
# host NAME PORT USER IDENTITY KNOWN_HOSTS: a block for this test's config.
host() {
	printf 'Host %s\n\tHostName 127.0.0.1\n\tPort %s\n\tUser %s\n' "$1" \
	    "$2" "$3"
	printf '\tIdentityFile %s\n\tIdentitiesOnly yes\n' "$4"
	printf '\tUserKnownHostsFile %s\n\tGlobalKnownHostsFile /dev/null\n' "$5"
}
{
	host fx "$port" root "$d/id_fx" "$kh"
	host pw "$pwport" "$user" "$d/no-such-key" "$d/pw.known_hosts"
	host locked "$port" root "$tmpdir/id_locked" "$d/fx.known_hosts"
} >"$cfg"
grep -qi batchmode "$cfg" && fail "the test's config says BatchMode"

# connected: the Disks panel shows the far side's fixture disks.
connected() {
	wait_for '^ *nvme0n1 ' 30
	assert_screen '^ *sda '
}

# --- (a) an unknown host key ----------------------------------------------------
fp=$(ssh-keygen -lf "$d/ssh_host_ed25519_key.pub" | awk '{ print $2 }')
case $fp in SHA256:?*) ;; *) fail "ssh-keygen -lf printed '$fp'" ;; esac
: >"$kh"
rc_start -r "$tree" -- -F "$cfg" fx
wait_for "key fingerprint is $(ere "$fp")\\." 20
assert_screen "ED25519( key|$)"
ok "the question shows $fp as ssh-keygen -lf prints it"
send_keys n
# (The notice may wrap anywhere before it.)
wait_for "\\(answered no\\)" 20
[ -s "$kh" ] && fail "answering n wrote to known_hosts: $(cat "$kh")"
ok "n: known_hosts unchanged, the panel says the key was not accepted"
# The retries after it do not ask again: they say so.
wait_for "restart rackcon" 30
assert_not_screen "Answer y or n"
ok "n: not asked again at the next retry"
send_keys F10
wait_exit 20

rc_start -r "$tree" -- -F "$cfg" fx
wait_for "key fingerprint is $(ere "$fp")\\." 20
send_keys y
connected
[ "$(wc -l <"$kh")" = 1 ] || fail "y added $(wc -l <"$kh") lines: $(cat "$kh")"
ssh -F "$cfg" -o StrictHostKeyChecking=yes -o BatchMode=yes fx true \
    </dev/null 2>"$tmpdir/ssh.err" ||
	fail "ssh does not accept the line added: $(cat "$tmpdir/ssh.err")"
ok "y: one line added, which ssh accepts; the Disks panel shows the remote tree"
send_keys F10
wait_exit 20

# --- (b) a password --------------------------------------------------------------
# rackcon's memory (gcore) and every process's argv and environment on this
# machine must not hold the secret; the audit log and the test's files
# neither. Called while connected, the login over.
no_copies() {
	secret=$1 what=$2
	pid=$(tm display-message -p -t "$RC_SESSION" '#{pane_pid}')
	for f in /proc/[0-9]*/cmdline /proc/[0-9]*/environ; do
		p=${f#/proc/}
		p=${p%%/*}
		[ "$p" = $$ ] && continue
		grep -qF -- "$secret" "$f" 2>/dev/null &&
			fail "$what in $f: $(tr '\0' ' ' <"$f" | cut -c1-200)"
	done
	grep -rlF -- "$secret" "$tmpdir" 2>/dev/null | grep . &&
		fail "$what in a file (above)"
	[ -f "$tmpdir/audit.log" ] && grep -qF -- "$secret" "$tmpdir/audit.log" &&
		fail "$what in the audit log"
	if command -v gcore >/dev/null 2>&1; then
		gcore -o "$tmpdir/../rc-core.$$" "$pid" >/dev/null 2>&1 ||
			fail "gcore $pid failed"
		core=$tmpdir/../rc-core.$$.$pid
		# the secret, or for a long one 16 bytes of its middle (a part
		# left in a freed buffer, whose first bytes malloc reuses)
		part=$secret
		[ ${#secret} -lt 40 ] || part=$(printf '%s' "$secret" | cut -c21-36)
		n=$(grep -caF -e "$secret" -e "$part" "$core")
		# the control: what rackcon surely holds is found in the dump
		seen=$(grep -caF -- "$tmpdir/audit.log" "$core")
		rm -f "$core"
		[ "$seen" -gt 0 ] || fail "gcore's dump does not show rackcon's memory"
		[ "$n" = 0 ] || fail "$what in rackcon's memory ($n places)"
		ok "$what: not in rackcon's memory"
	else
		echo "ssh-interactive: gcore not installed: memory not looked at"
	fi
	ok "$what: in no process's argv or environment, no file, no audit log"
}

rc_start -r "$tree" -- -F "$cfg" pw
wait_for "$user@pw's password:" 20
send_text "not-$password"
assert_not_screen "not-"
send_keys Enter
wait_for "Permission denied, please try again\\. $user@pw's password:" 20
ok "a wrong password is asked again at once, saying so"
send_text "$password"
assert_not_screen "$(ere "$password")"
assert_not_screen "zebra"
send_keys Enter
connected
assert_not_screen "zebra"
ok "password login: typed unseen, and the Disks panel shows the remote tree"
no_copies "$password" "the password"
no_copies "not-$password" "the wrong password"
send_keys F10
wait_exit 20

# Three wrong ones: the host fails saying so.
rc_start -r "$tree" -- -F "$cfg" pw
for try in 1 2 3; do
	wait_for "$user@pw's password:" 20
	send_text "bad$try"
	send_keys Enter
	[ $try = 3 ] || wait_for "please try again" 20
done
wait_for "permission denied \\(password\\): wrong password" 20
# The notice wraps where the screen ends: read it as one line.
screen | tr '\n' ' ' | tr -s ' ' | grep -q "wrong password, 3 tries" ||
	fail "the notice does not say 3 tries: $(screen)"
ok "three wrong passwords: the host fails with 'wrong password, 3 tries'"
send_keys F10
wait_exit 20

# --- (c) a passphrase-protected key ------------------------------------------------
phrase="Ph-$$-walrus"
ssh-keygen -q -t ed25519 -N "$phrase" -f "$tmpdir/id_locked" ||
	fail "ssh-keygen"
cat "$tmpdir/id_locked.pub" >>"$d/ak/fx/root"
# Recorded from before rackcon starts (a shell in the pane runs it), so
# every time the question is drawn is in the record.
rc_start -c -r "$tree" -- -F "$cfg" locked
wait_for 'rc-shell\$' 20
pane_record "$tmpdir/pane.out"
send_text "exec $(rc_cmdline)"
send_keys Enter
wait_for "Passphrase for key $(ere "$tmpdir/id_locked"):" 20
send_text "$phrase"
assert_not_screen "walrus"
send_keys Enter
connected
# Refreshes of both panels reuse the connection: never asked again.
send_keys F5
send_keys Tab
send_keys F5
send_keys BTab
connected
send_keys F5
connected
assert_not_screen "Passphrase"
pane_record_stop
n=$(grep -ao "Passphrase for key" "$tmpdir/pane.out" | wc -l)
[ "$n" = 1 ] || fail "the passphrase was asked $n times"
ok "a passphrase-protected key: asked once, and the login works"
no_copies "$phrase" "the passphrase"
send_keys F10
wait_exit 20
echo "ssh-interactive: passed"
