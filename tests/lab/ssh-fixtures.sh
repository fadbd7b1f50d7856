#!/bin/sh
# Lab test of the SSH transport against a private sshd on loopback
# (tests/lib-sshd.sh), the far side reading fixture trees through
# --sysroot:
# - `--list disks --json` and `--list raid --json` over SSH equal the same
#   through the local transport, byte for byte, for every fixture tree
#   (sysroot-disks, sysroot-raid, sysroot-md-add, 16 generated disks, 4
#   generated arrays), and so do their exit statuses;
# - a disk named with blanks, quotes, ';', $(...) and `...` reaches the
#   fixture's smartctl as the one argument it is, over SSH as locally, and
#   nothing in the name runs;
# - faults say what is wrong, promptly, and batch mode never asks: an
#   unknown host key (with its SHA256 fingerprint), a changed host key
#   (the known_hosts FILE:LINE to fix, as OpenSSH names it, in a plain and
#   in a hashed file), a key the server refuses, a user who may log in
#   only with a password (batch mode uses the agent and keys only), nothing
#   listening, a ProxyCommand (not supported), a bad destination.
# The host is named as ssh names it: an alias of the harness's ssh_config
# (-F), user@address with -p, and ssh://user@address:port.
#
# Needs root (sshd), /usr/sbin/sshd and ssh-keygen (./setup.sh deps) and a
# built tree; otherwise it exits 77 with the reason on its last line. Run
# from the repo root: sh tests/lab/ssh-fixtures.sh.
set -u

skip() {
	echo "ssh-fixtures: skipped: $*"
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
[ -x ./rackcon ] || fail "./rackcon is not built (run make first)"
[ -f backends/ssh.so ] || skip "built without the SSH transport (libssh)"

. tests/lib-sshd.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/rc-sshfx.XXXXXX") || fail "mktemp failed"
trap 'sshd_stop_all; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_STATE_HOME="$dir/home/.local/state"
mkdir -p "$HOME" || fail "cannot make $HOME"
cfg=$dir/ssh_config

sshd_start "$dir" fx || fail "sshd did not start"
port=$(sshd_port fx)

# --- the same rows over SSH as locally ---------------------------------------
trees="$PWD/tests/fixtures/sysroot-disks $PWD/tests/fixtures/sysroot-raid"
trees="$trees $PWD/tests/fixtures/sysroot-md-add"
sh tests/fixtures/make-many-disks.sh 16 "$dir/disks16" >/dev/null ||
	fail "make-many-disks.sh"
sh tests/fixtures/make-many-arrays.sh 4 4 "$dir/arrays" >/dev/null ||
	fail "make-many-arrays.sh"
trees="$trees $dir/disks16 $dir/arrays"

# same TREE PANEL DESTINATION...: local and remote listings agree.
same() {
	tree=$1 panel=$2
	shift 2
	./rackcon --sysroot "$tree" --list "$panel" --json >"$dir/local.json" \
	    2>"$dir/local.err"
	lst=$?
	./rackcon --sysroot "$tree" "$@" --list "$panel" --json \
	    >"$dir/remote.json" 2>"$dir/remote.err"
	rst=$?
	[ "$lst" = "$rst" ] ||
		fail "$panel of ${tree##*/} over SSH ($*): exit $rst, locally" \
		    "$lst; stderr: $(cat "$dir/remote.err")"
	cmp -s "$dir/local.json" "$dir/remote.json" || {
		diff "$dir/local.json" "$dir/remote.json" | head -20
		fail "$panel of ${tree##*/} over SSH ($*) differs from local"
	}
	[ -s "$dir/local.json" ] ||
		fail "$panel of ${tree##*/}: nothing listed locally"
}

for tree in $trees; do
	for panel in disks raid; do
		same "$tree" "$panel" -F "$cfg" fx
	done
	ok "${tree##*/}: disks and raid over SSH equal the local listing"
done
# The other ways of naming the host, one tree each.
key=$dir/id_fx
printf 'Host *\n\tIdentityFile %s\n\tIdentitiesOnly yes\n' "$key" \
    >"$dir/plain_config"
printf '\tUserKnownHostsFile %s\n\tGlobalKnownHostsFile /dev/null\n' \
    "$dir/fx.known_hosts" >>"$dir/plain_config"
same "$PWD/tests/fixtures/sysroot-disks" disks -F "$dir/plain_config" \
    -p "$port" root@127.0.0.1
same "$PWD/tests/fixtures/sysroot-disks" disks -F "$dir/plain_config" \
    "ssh://root@127.0.0.1:$port"
same "$PWD/tests/fixtures/sysroot-disks" disks -F "$cfg" --host fx
ok "root@127.0.0.1 -p PORT, ssh://root@127.0.0.1:PORT and --host fx: same rows"

# Remote programs run with TZ=UTC0 and LC_ALL=C, as local ones do (the
# fixture's mdadm logs them), whatever the login's own.
cp -a "$PWD/tests/fixtures/sysroot-raid" "$dir/raid-env" || fail "cp -a"
: >"$dir/raid-env/mdadm/env.log"
TZ=EST5EDT LC_ALL=C.UTF-8 ./rackcon --sysroot "$dir/raid-env" -F "$cfg" fx \
    --list raid --json >/dev/null 2>"$dir/remote.err" ||
	fail "raid of a sysroot-raid copy over SSH: $(cat "$dir/remote.err")"
envs=$(sort -u "$dir/raid-env/mdadm/env.log")
[ "$envs" = "TZ=UTC0 LC_ALL=C" ] || fail "remote mdadm ran with: '$envs'"
ok "remote mdadm ran with $envs"

# --- a hostile name is one argument, and runs nothing ---------------------------
# (No '/' in a name: the commands would leave PWNED-1 and PWNED-2 in their
# working folder, which is looked for in every likely place.)
hostile="sd b;\$(touch PWNED-1)\`touch PWNED-2\`'\" x"
tree=$dir/hostile
sh tests/fixtures/make-many-disks.sh 2 "$tree" >/dev/null ||
	fail "make-many-disks.sh"
mv "$tree/sys/block/sdb" "$tree/sys/block/$hostile" ||
	fail "cannot rename sdb to a hostile name"
: >"$tree/dev/$hostile"
mkdir -p "$tree/bin"
# Its smartctl writes a file a call: each argument it got, NUL-terminated,
# then says the device cannot be opened (exit 2), as smartctl does. (Calls
# run at once, so each writes its own file, and the calls are compared
# sorted.)
mkdir "$tree/argv" || fail "mkdir $tree/argv"
cat >"$tree/bin/smartctl" <<'EOF'
#!/bin/sh
{ for a; do printf '%s\0' "$a"; done; echo; } >"$RACKCON_SYSROOT/argv/$$"
echo '{"smartctl": {"exit_status": 2}}'
exit 2
EOF
chmod 755 "$tree/bin/smartctl"
./rackcon --sysroot "$tree" --list disks --json >"$dir/local.json" \
    2>"$dir/local.err"
# argv_calls: the calls logged in $tree/argv, one line each, sorted; empty
# them for the next run. Fails when there were none.
argv_calls() {
	set -- "$tree"/argv/*
	[ -f "$1" ] || return 1
	cat "$@" | LC_ALL=C sort && rm -f "$@"
}
argv_calls >"$dir/argv.local" || fail "smartctl never ran locally"
./rackcon --sysroot "$tree" -F "$cfg" fx --list disks --json \
    >"$dir/remote.json" 2>"$dir/remote.err"
argv_calls >"$dir/argv.remote" || fail "smartctl never ran over SSH"
cmp -s "$dir/local.json" "$dir/remote.json" ||
	fail "the hostile tree over SSH differs from local"
cmp -s "$dir/argv.local" "$dir/argv.remote" ||
	fail "smartctl's arguments over SSH differ: $(tr '\0' '|' \
	    <"$dir/argv.remote") (locally $(tr '\0' '|' <"$dir/argv.local"))"
tr '\0' '\n' <"$dir/argv.remote" | grep -qxF "/dev/$hostile" ||
	fail "smartctl never got /dev/$hostile as one argument"
grep -qF "\"name\":\"$(printf '%s' "$hostile" | sed 's/\\/\\\\/g; s/"/\\"/g')\"" \
    "$dir/remote.json" || fail "the hostile disk is not listed by its name"
for f in /PWNED-1 /PWNED-2 "$PWD/PWNED-1" "$PWD/PWNED-2" \
    "$HOME/PWNED-1" "$HOME/PWNED-2" "$tree/PWNED-1" "$tree/PWNED-2"; do
	[ -e "$f" ] && fail "the name ran a command: $f exists"
done
ok "a disk named '$hostile' is one argument over SSH, and nothing ran"

# --- faults ---------------------------------------------------------------------
# fault DESCRIPTION PATTERN rackcon-ARGS...: batch mode fails within 15 s
# with a message matching PATTERN (grep -E) and never waits for an answer.
fault() {
	what=$1 want=$2
	shift 2
	start=$(date +%s)
	./rackcon --sysroot "$PWD/tests/fixtures/sysroot-disks" "$@" \
	    --list disks --json >"$dir/out" 2>"$dir/err" </dev/null
	st=$?
	took=$(($(date +%s) - start))
	[ "$st" != 0 ] || fail "$what: exit 0"
	grep -Eq -- "$want" "$dir/err" ||
		fail "$what: no message like '$want': $(cat "$dir/err")"
	[ "$took" -le 15 ] || fail "$what: took $took s"
	ok "$what: $(head -c 300 "$dir/err" | tr '\n' ' ')"
}

# An unknown host key: batch mode does not ask, and names the key.
sed "s|$dir/fx.known_hosts|$dir/empty_known_hosts|" "$cfg" >"$dir/unknown_config"
: >"$dir/empty_known_hosts"
fault "unknown host key" "host key of fx .* is not known: .*SHA256:" \
    -F "$dir/unknown_config" fx
[ -s "$dir/empty_known_hosts" ] &&
	fail "batch mode added the unknown key to known_hosts"
# A changed host key: another key under this host's name, on line 4 (after
# a comment, another host and this host's RSA key), named FILE:LINE as
# OpenSSH names it; in a plain known_hosts and in a hashed one
# (ssh-keygen -H), where only ssh-keygen -F can find the line.
ssh-keygen -q -t ed25519 -N '' -f "$dir/other_host_key" ||
	fail "ssh-keygen"
ssh-keygen -q -t rsa -b 1024 -N '' -f "$dir/other_rsa_key" ||
	fail "ssh-keygen"
{
	echo "# hosts of the lab"
	printf '[10.9.9.9]:%s %s\n' "$port" \
	    "$(cut -d' ' -f1,2 "$dir/other_host_key.pub")"
	printf '[127.0.0.1]:%s %s\n' "$port" \
	    "$(cut -d' ' -f1,2 "$dir/other_rsa_key.pub")"
	printf '[127.0.0.1]:%s %s\n' "$port" \
	    "$(cut -d' ' -f1,2 "$dir/other_host_key.pub")"
} >"$dir/changed_known_hosts"
cp "$dir/changed_known_hosts" "$dir/hashed_known_hosts"
ssh-keygen -q -H -f "$dir/hashed_known_hosts" >/dev/null 2>&1 ||
	fail "ssh-keygen -H"
grep -q '^|1|' "$dir/hashed_known_hosts" && ! grep -q 127.0.0.1 \
    "$dir/hashed_known_hosts" || fail "ssh-keygen -H hashed nothing"
for kh in changed hashed; do
	sed "s|$dir/fx.known_hosts|$dir/${kh}_known_hosts|" "$cfg" \
	    >"$dir/${kh}_config"
	cp "$dir/${kh}_known_hosts" "$dir/${kh}_before"
	fault "changed host key ($kh known_hosts)" \
	    "IDENTIFICATION HAS CHANGED for fx.*Offending ED25519 key in $dir/${kh}_known_hosts:4\\..*ssh-keygen -R '\\[127.0.0.1\\]:$port' -f $dir/${kh}_known_hosts" \
	    -F "$dir/${kh}_config" fx
	cmp -s "$dir/${kh}_known_hosts" "$dir/${kh}_before" ||
		fail "a changed key altered $kh known_hosts"
	# OpenSSH's own client names the same line.
	ssh -F "$dir/${kh}_config" fx true >/dev/null 2>"$dir/ssh.err" </dev/null
	grep -q "Offending ED25519 key in $dir/${kh}_known_hosts:4" \
	    "$dir/ssh.err" || fail "ssh names another line: $(cat "$dir/ssh.err")"
done
# A key the server does not accept.
ssh-keygen -q -t ed25519 -N '' -f "$dir/stranger" || fail "ssh-keygen"
sed "s|IdentityFile .*|IdentityFile $dir/stranger|" "$cfg" >"$dir/refused_config"
fault "refused key" "permission denied" -F "$dir/refused_config" fx
# A user who may log in with a password only: batch mode does not ask for
# it, and says why at once.
pwuser=rcpw$$
sshd_add_user "$pwuser" 'pw-not-asked-7Q' || fail "sshd_add_user"
sshd_start "$dir" pwonly -m "Match User $pwuser" \
    -m "	AuthenticationMethods password" || fail "pwonly sshd did not start"
ssh -F "$cfg" -l "$pwuser" pwonly true </dev/null 2>"$dir/ssh.err" &&
	fail "$pwuser logged in with a key: not a password-only user"
grep -q 'Permission denied (password)' "$dir/ssh.err" ||
	fail "ssh: $(cat "$dir/ssh.err")"
fault "password-only user" \
    "permission denied \\(password\\).*batch mode uses the agent and keys only" \
    -F "$cfg" "$pwuser@pwonly"
grep -q "Failed password\|Accepted" "$(sshd_log pwonly)" &&
	fail "batch mode sent a password: $(grep 'password' "$(sshd_log pwonly)")"
# Nothing listening there.
sshd_start "$dir" gone || fail "second sshd did not start"
sshd_stop gone
fault "nothing listening" "[Cc]onnection refused" -F "$cfg" gone
# Old firmware: an sshd that offers only diffie-hellman-group14-sha1 and
# hmac-sha1. libssh's defaults cannot agree with it (a plain message); the
# lists named in the ssh config, as OpenSSH takes them, can.
sshd_start "$dir" old -o 'KexAlgorithms diffie-hellman-group14-sha1' \
    -o 'MACs hmac-sha1' || fail "old-algorithms sshd did not start"
fault "old firmware, default algorithms" "kex|algorithm|no match" \
    -F "$cfg" old
{
	printf 'Host old\n'
	printf '\tKexAlgorithms curve25519-sha256,diffie-hellman-group14-sha1\n'
	printf '\tMACs hmac-sha2-256,hmac-sha1\n'
	cat "$cfg"
} >"$dir/old_config"
same "$PWD/tests/fixtures/sysroot-disks" disks -F "$dir/old_config" old
ok "old firmware: KexAlgorithms and MACs from the ssh config are used"

# What rackcon does not do.
printf 'Host proxied\n\tProxyCommand nc %%h %%p\n' >"$dir/proxy_config"
fault "ProxyCommand" "ProxyCommand is not supported" -F "$dir/proxy_config" \
    proxied
fault "bad destination" "web3;id" --host 'web3;id'
echo "ssh-fixtures: passed"
