#!/bin/sh
# Lab test of the tests' own sshd harness (tests/lib-sshd.sh): two private
# sshd on loopback answer OpenSSH's client through the ssh_config the
# harness writes; a wrong client key and an unknown host key are refused in
# BatchMode; a test user logs in with its password; a taken port fails
# with the sshd log, and a port lost between the check and the bind is
# retried; sshd_stop_all leaves nothing listening, no process (not even
# one a session left behind in the background) and no test user.
# Then the namespaces of tests/lib-netns.sh: sshd in jump1, jump2 and the
# target; the target is unreachable from here (an unreachable route, no
# forwarding) and `ssh -J jump1,jump2 target` reaches it through the
# chain; netns_cut makes it silent and netns_mend brings it back;
# netns_teardown leaves no namespace, link or route.
#
# Needs root (sshd, useradd, ip netns), /usr/sbin/sshd, ssh and iproute2
# (./setup.sh deps); otherwise it exits 77 with the reason on its last
# line (where namespaces cannot be made, after the loopback part passed).
# Run from the repo root: sh tests/lab/sshd-harness.sh.
set -u

skip() {
	echo "sshd-harness: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
ok() {
	echo "ok: $*"
}

[ "$(id -u)" = 0 ] || skip "needs root (sshd, test users)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (./setup.sh deps)"
for tool in ssh ssh-keygen ss useradd userdel chpasswd; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done

. tests/lib-sshd.sh
. tests/lib-netns.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-sshd.XXXXXX") || fail "mktemp failed"
user=rcsshd$$
trap 'sshd_stop_all; netns_teardown; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cfg=$dir/ssh_config

# listening PORT: something listens on 127.0.0.1:PORT (ss, not the
# harness's own reader, so the check does not share its bugs).
listening() {
	[ -n "$(ss -Hltn "sport = :$1")" ]
}

# alive PID...: print those still running (zombies waiting for init to
# reap them do not count).
alive() {
	for p; do
		s=$(ps -o stat= -p "$p" 2>/dev/null) || continue
		case $s in Z*) ;; *) echo "$p" ;; esac
	done
}

sshd_start "$dir" a || fail "sshd_start a"
sshd_start "$dir" b || fail "sshd_start b"
pa=$(sshd_port a) pb=$(sshd_port b)
[ "$pa" != "$pb" ] || fail "a and b share port $pa"
listening "$pa" || fail "a is not listening on $pa"
listening "$pb" || fail "b is not listening on $pb"
grep -qx "\[127.0.0.1\]:$pa ssh-ed25519 [A-Za-z0-9+/=]*" "$dir/a.known_hosts" ||
    fail "a.known_hosts: $(cat "$dir/a.known_hosts")"
ok "two sshd: a on $pa, b on $pb"

for h in a b; do
	out=$(ssh -F "$cfg" "$h" cat /proc/loadavg </dev/null 2>"$dir/err") ||
	    fail "ssh $h cat /proc/loadavg: $(cat "$dir/err")"
	echo "$out" | grep -Eq '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' ||
	    fail "ssh $h: not a loadavg line: $out"
	grep -q "Accepted publickey for root" "$dir/$h.log" ||
	    fail "$h.log has no accepted login"
	ok "ssh -F ssh_config $h cat /proc/loadavg: $out"
done

# root's ~/.bashrc, which Debian's bash reads for every command sshd runs,
# is empty inside the labs' sshd, whatever this machine's holds
root_rc=$(getent passwd root | cut -d: -f6)/.bashrc
if [ -f "$root_rc" ]; then
	out=$(ssh -F "$cfg" a wc -c "$root_rc" </dev/null 2>"$dir/err") ||
	    fail "ssh a wc -c $root_rc: $(cat "$dir/err")"
	[ "$out" = "0 $root_rc" ] || fail "root's .bashrc seen by sshd: $out"
	[ -s "$root_rc" ] && ok "root's $root_rc is empty for the labs' sshd"
fi

# Everything explicit, nothing from ssh_config: only the options given.
ssh_plain() { # PORT KNOWN_HOSTS KEY COMMAND
	ssh -F /dev/null -p "$1" -o UserKnownHostsFile="$2" \
	    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes \
	    -o BatchMode=yes -o IdentitiesOnly=yes -o IdentityFile="$3" \
	    -o ControlMaster=no -o ControlPath=none root@127.0.0.1 "$4" \
	    </dev/null
}

ssh_plain "$pa" "$dir/a.known_hosts" "$dir/id_a" true 2>"$dir/err" ||
    fail "the explicit options do not log in: $(cat "$dir/err")"
ssh-keygen -q -t ed25519 -N '' -f "$dir/wrong" || fail "ssh-keygen"
if ssh_plain "$pa" "$dir/a.known_hosts" "$dir/wrong" true 2>"$dir/err"; then
	fail "a wrong key logged in"
fi
grep -q 'Permission denied (publickey' "$dir/err" ||
    fail "wrong key: $(cat "$dir/err")"
grep -q 'Failed publickey for root' "$dir/a.log" || fail "a.log: no failed key"
ok "a wrong key is refused: $(cat "$dir/err")"

# b's port with a's known_hosts: b's host key is unknown there.
before=$(grep -c 'Accepted publickey' "$dir/b.log")
if ssh_plain "$pb" "$dir/a.known_hosts" "$dir/id_b" true 2>"$dir/err"; then
	fail "an unknown host key was accepted in BatchMode"
fi
grep -q 'Host key verification failed' "$dir/err" ||
    fail "unknown host key: $(cat "$dir/err")"
[ "$(grep -c 'Accepted publickey' "$dir/b.log")" = "$before" ] ||
    fail "b accepted a login after an unverified host key"
ok "an unknown host key is refused in BatchMode"

# A test user: its password (through SSH_ASKPASS, no tty) and the key.
# shellcheck disable=SC2016 # a password with a $ in it, on purpose
sshd_add_user "$user" 'pw 1;$x' || fail "sshd_add_user $user"
cat >"$dir/askpass" <<'EOF'
#!/bin/sh
printf '%s\n' 'pw 1;$x'
EOF
chmod 755 "$dir/askpass"
out=$(SSH_ASKPASS=$dir/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none \
    ssh -F "$cfg" -o BatchMode=no -o PreferredAuthentications=password \
    -o NumberOfPasswordPrompts=1 -l "$user" a id -un </dev/null 2>"$dir/err") ||
    fail "password login as $user: $(cat "$dir/err")"
[ "$out" = "$user" ] || fail "password login: id -un says '$out'"
out=$(ssh -F "$cfg" -l "$user" b id -un </dev/null 2>"$dir/err") ||
    fail "key login as $user: $(cat "$dir/err")"
[ "$out" = "$user" ] || fail "key login: id -un says '$out'"
ok "test user $user logs in with its password and with the key"

# A taken port is a clear failure with sshd's own words; a port taken
# between the check and the bind is retried (the check is made to miss).
if sshd_start "$dir" c -p "$pa" 2>"$dir/err"; then
	fail "sshd_start on a's port $pa succeeded"
fi
grep -q "sshd exited before listening" "$dir/err" ||
    fail "taken port: $(cat "$dir/err")"
grep -q 'Address already in use' "$dir/err" ||
    fail "taken port, no sshd log: $(cat "$dir/err")"
ok "a taken port fails with the sshd log"
# (called in $(...): what it remembers is kept in a file)
_sd_random_port() { # a's port first, then a free one
	if [ -e "$dir/raced" ]; then
		echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 5000))
	else
		: >"$dir/raced"
		echo "$pa"
	fi
}
_sd_listening() { return 1; }
sshd_start "$dir" c 2>"$dir/err" || fail "sshd_start c (race): $(cat "$dir/err")"
pc=$(sshd_port c)
[ "$pc" != "$pa" ] || fail "c was given a's port $pa"
listening "$pc" || fail "c is not listening on $pc"
[ "$(sshd_log c)" = "$dir/c.log" ] || fail "c's log is not $dir/c.log"
ok "a port lost to a race is retried: c on $pc"

# A session that leaves a process behind in the background.
ssh -F "$cfg" a 'setsid sleep 600 </dev/null >/dev/null 2>&1 &' </dev/null ||
    fail "ssh a with a background sleep"
ssh -F "$cfg" b 'sleep 600' </dev/null >/dev/null 2>&1 &
sshpid=$!
end=$(($(date +%s) + 20))
# cmdlines PID...: each process's command line, one a line
cmdlines() {
	for p; do
		{ tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null
		echo
	done
}
# shellcheck disable=SC2046 # a list of PIDs
while [ "$(cmdlines $(sshd_session_pids b) | grep -c '^sleep 600')" = 0 ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "b's session did not start"
	sleep 0.1
done
lpids="$(sshd_pid a) $(sshd_pid b) $(sshd_pid c)"
spids="$(sshd_session_pids a) $(sshd_session_pids b) $(sshd_session_pids c)"
# shellcheck disable=SC2086 # a list of PIDs
[ "$(cmdlines $spids | grep -c '^sleep 600')" = 2 ] ||
    fail "the sessions' two sleeps are not found: $(cmdlines $spids)"

sshd_stop_all || fail "sshd_stop_all"
wait "$sshpid" 2>/dev/null
for p in $pa $pb $pc; do
	listening "$p" && fail "port $p still listening after stop"
done
# shellcheck disable=SC2086 # lists of PIDs
left=$(alive $lpids $spids)
[ -z "$left" ] || fail "left after stop: $(ps -o pid=,args= -p "$(echo "$left" | tr '\n' ,)")"
! id "$user" >/dev/null 2>&1 || fail "user $user still exists after stop"
[ ! -d "$dir/home/$user" ] || fail "$user's home is still there"
ok "after sshd_stop_all: nothing listens, no process and no user is left"

# ---- network namespaces: a chain of two jump hosts ----
pfx=rch$$
ip netns add "$pfx-probe" 2>"$dir/err" ||
    skip "ip netns add is not permitted here: $(cat "$dir/err")"
ip netns del "$pfx-probe"
netns_setup "$pfx" || fail "netns_setup"
ip route show | grep -q '^unreachable 10.251.0.0/16' ||
    fail "no unreachable route for 10.251.0.0/16"
sshd_start "$dir" j1 -n "$NETNS_JUMP1" -a "$NETNS_JUMP1_ADDR" || fail "sshd j1"
sshd_start "$dir" j2 -n "$NETNS_JUMP2" -a "$NETNS_JUMP2_ADDR" || fail "sshd j2"
sshd_start "$dir" t -n "$NETNS_TARGET" -a "$NETNS_TARGET_ADDR" || fail "sshd t"
grep -q "^\[$NETNS_TARGET_ADDR\]:$(sshd_port t) " "$dir/t.known_hosts" ||
    fail "t.known_hosts: $(cat "$dir/t.known_hosts")"
ok "sshd in $NETNS_JUMP1, $NETNS_JUMP2 and $NETNS_TARGET"

ip route get "$NETNS_TARGET_ADDR" >"$dir/err" 2>&1 &&
    fail "a route to the target from here: $(cat "$dir/err")"
if ssh -F "$cfg" -o ConnectTimeout=5 t true </dev/null 2>"$dir/err"; then
	fail "the target answered without the jumps"
fi
grep -Eq 'No route to host|Network is unreachable' "$dir/err" ||
    fail "the target without the jumps: $(cat "$dir/err")"
if ssh -F "$cfg" -o ConnectTimeout=5 j2 true </dev/null 2>"$dir/err"; then
	fail "jump2 answered without jump1"
fi
ok "from here the target and jump2 are unreachable: $(cat "$dir/err")"

out=$(ssh -F "$cfg" -J j1,j2 t hostname -I </dev/null 2>"$dir/err") ||
    fail "ssh -J j1,j2 t: $(cat "$dir/err")"
out=${out% } # hostname -I ends in a space
[ "$out" = "$NETNS_TARGET_ADDR" ] || fail "ssh -J j1,j2 t: hostname -I is '$out'"
grep -q "Connection from ${NETNS_JUMP2_ADDR%.2}.1 " "$dir/j2.log" ||
    fail "j2 saw no connection from j1"
grep -q "Connection from ${NETNS_TARGET_ADDR%.2}.1 " "$dir/t.log" ||
    fail "the target saw no connection from jump2"
ok "ssh -J j1,j2 t reaches the target: hostname -I says $out"

netns_cut target || fail "netns_cut target"
if ssh -F "$cfg" -J j1,j2 -o ConnectTimeout=3 t true </dev/null 2>"$dir/err"
then
	fail "the target answered through a cut link"
fi
grep -Eq 'timed out|No route to host|forwarding failed' "$dir/err" ||
    fail "cut link: $(cat "$dir/err")"
echo "   (cut: $(tr '\n' ' ' <"$dir/err"))"
ssh -F "$cfg" -J j1 j2 true </dev/null 2>"$dir/err" ||
    fail "jump2 lost with the target's link: $(cat "$dir/err")"
netns_mend target || fail "netns_mend target"
ssh -F "$cfg" -J j1,j2 t true </dev/null 2>"$dir/err" ||
    fail "the target after netns_mend: $(cat "$dir/err")"
ok "netns_cut target: no answer, jump2 still up; netns_mend target: back"

sshd_stop_all || fail "sshd_stop_all (namespaces)"
netns_teardown || fail "netns_teardown"
ip netns list | grep -q "^$pfx-" && fail "namespaces left: $(ip netns list)"
ip link show | grep -q "$pfx" && fail "links left: $(ip link show | grep "$pfx")"
ip route show | grep -q '10\.251\.' && fail "routes left: $(ip route show)"
ok "netns_teardown leaves no namespace, link or route"
