# shellcheck shell=sh
# Private sshd instances for the tests: started, waited for and stopped.
#
# Source it from the repository root (after tests/regress/lib.sh when the
# test drives rackcon too):  . tests/lib-sshd.sh
# Needs root (sshd's privilege separation, the test users), openssh-server
# and openssh-client (./setup.sh deps). Nothing under /etc/ssh or ~/.ssh is
# read or written: every key, config and log lives in the DIR a test gives.
# Call the functions in the test's own shell, never inside $(...): they
# keep their bookkeeping in shell variables and own sshd as a child.
#
#   sshd_start DIR NAME [-n NETNS] [-a ADDR] [-p PORT] [-J JUMP] [-k]
#              [-o 'Keyword value']... [-m 'line']...
#       start /usr/sbin/sshd -D -e -f DIR/NAME.sshd_config as a child of
#       the test, listening on ADDR (default 127.0.0.1) at a free port (or
#       PORT), inside network namespace NETNS when -n is given (ip netns
#       exec). It waits (at most $SSHD_WAIT s, default 10) until the port
#       listens; on failure it says why, prints the sshd log and returns 1.
#       Root logs in with the instance's client key (PermitRootLogin
#       prohibit-password); users of sshd_add_user with the same key or
#       their password. The sshd logs (LogLevel VERBOSE) to DIR/NAME.log.
#       -o lines come first in the config, so they win (sshd takes a
#       keyword's first value); -m lines come last (Match blocks).
#       -k gives the instance a host key of its own; by default all the
#       instances in DIR share one (made once, so 50 start cheaply).
#       -J JUMP adds "ProxyJump JUMP" to NAME's block in DIR/ssh_config.
#       For the client side it writes:
#         DIR/id_NAME, DIR/id_NAME.pub  the client key pair (a copy of one
#                                       key made once per DIR)
#         DIR/NAME.known_hosts          "[ADDR]:PORT ssh-ed25519 AAAA..."
#         DIR/ssh_config                a "Host NAME" block per instance
#                                       (HostName, Port, User root, the key,
#                                       that known_hosts, BatchMode yes ...)
#       so that  ssh -F DIR/ssh_config NAME true  works.
#   sshd_start_many DIR COUNT PREFIX [options]
#       start PREFIX1 ... PREFIXCOUNT as sshd_start would, with the same
#       options, launching them all before waiting for any (50 in about the
#       time of a few).
#   sshd_stop NAME
#       SIGTERM the listener and every process of its sessions (its
#       descendants, and whatever carries its session tag: sshd's SetEnv
#       RC_SSHD_TAG, so a command that left its session is found too), then
#       SIGKILL what is left after 3 s. The files stay (a test may still
#       check that a connection is refused). When the last instance stops,
#       the users of sshd_add_user are removed.
#   sshd_stop_all
#       stop every instance and remove the users: call it from the test's
#       EXIT trap.
#   sshd_add_user USER [PASSWORD]
#       create USER (home under the first DIR, shell /bin/sh) with
#       PASSWORD, or with none but not locked ('*'), and let every instance
#       (running or started later) accept its client key for USER. A user
#       that already exists is refused (return 1): only users made here are
#       ever removed.
#   sshd_port NAME, sshd_pid NAME, sshd_addr NAME, sshd_log NAME
#       print the instance's port, listener PID, address, log file
#   sshd_tag NAME
#       print the RC_SSHD_TAG value its sessions carry
#   sshd_session_pids NAME
#       print the PIDs of its session processes (not the listener)
#
# Environment: SSHD_WAIT (seconds to wait for the port, default 10).

SSHD_BIN=/usr/sbin/sshd # absolute: sshd re-execs itself by its own path
_sd_dirs=""             # the DIRs in use, space separated (no spaces inside)
_sd_users=""            # users made by sshd_add_user
_sd_home_dir=""         # where their homes are
_sd_serial=0            # numbers the session tags
_sd_umask0=$(umask)     # the test's own, put back after each file

_sd_say() { printf '%s\n' "sshd: $*" >&2; }

# _sd_dir_of NAME: print the DIR holding the running instance NAME.
_sd_dir_of() {
	for _sd_d in $_sd_dirs; do
		if [ -f "$_sd_d/$1.pid" ]; then
			printf '%s\n' "$_sd_d"
			return 0
		fi
	done
	_sd_say "no running instance named '$1'"
	return 1
}

# _sd_alive PID: the process exists and is not a zombie (no fork: the
# state is the word after the parenthesised command name in its stat).
_sd_alive() {
	{ read -r _sd_stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	_sd_state=${_sd_stat##*) }
	_sd_state=${_sd_state%% *}
	[ -n "$_sd_state" ] && [ "$_sd_state" != Z ] && [ "$_sd_state" != X ]
}

# _sd_random_port: a port below Linux's ephemeral range (32768 and up),
# so no outgoing connection of the machine holds it by chance.
_sd_random_port() {
	_sd_r=$(od -An -N2 -tu2 /dev/urandom)
	echo $((10000 + _sd_r % 20000))
}

# _sd_listening NETNS ADDR PORT: a TCP socket listens on ADDR:PORT in
# NETNS (empty: this network namespace).
_sd_listening() {
	if [ -n "$1" ]; then
		ss -N "$1" -Hltn "sport = :$3" 2>/dev/null | grep -q "$2:$3"
	else
		_sd_tcp_listens /proc/self/net/tcp "$2" "$3"
	fi
}

# _sd_tcp_listens FILE ADDR PORT: FILE (a /proc/PID/net/tcp, which shows
# the network namespace of PID) has a LISTEN socket on IPv4 ADDR:PORT. Read
# with builtins: forks cost tens of ms on a loaded machine.
_sd_tcp_listens() {
	_sd_oifs=$IFS
	IFS=.
	# shellcheck disable=SC2086 # split the dotted quad
	set -- "$1" $2 "$3"
	IFS=$_sd_oifs
	_sd_want=$(printf '%02X%02X%02X%02X:%04X' "$5" "$4" "$3" "$2" "$6")
	while read -r _sd_sl _sd_local _sd_rem _sd_st _sd_rest; do
		[ "$_sd_local" = "$_sd_want" ] && [ "$_sd_st" = 0A ] && return 0
	done <"$1"
	return 1
}

# _sd_keygen FILE: an ed25519 key pair without a passphrase, made once.
_sd_keygen() {
	[ -f "$1" ] && return 0
	ssh-keygen -q -t ed25519 -N '' -C "rackcon-test" -f "$1" </dev/null ||
	    { _sd_say "ssh-keygen -f $1 failed"; return 1; }
}

# _sd_write_sshd_config DIR NAME ADDR PORT HOSTKEY TAG EXTRA_FIRST EXTRA_LAST
_sd_write_sshd_config() {
	{
		[ -z "$7" ] || printf '%s\n' "$7"
		cat <<EOF
ListenAddress $3:$4
HostKey $5
PidFile none
AuthorizedKeysFile $1/ak/$2/%u
StrictModes no
UsePAM yes
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
LogLevel VERBOSE
MaxStartups 200:30:300
MaxSessions 64
ClientAliveInterval 2
ClientAliveCountMax 3
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
SetEnv RC_SSHD_TAG=$6
EOF
		[ -z "$8" ] || printf '%s\n' "$8"
	} >"$1/$2.sshd_config"
}

# _sd_write_client DIR NAME ADDR PORT HOSTKEY JUMP: known_hosts, the
# instance's block, and DIR/ssh_config rebuilt from every instance's block.
_sd_write_client() {
	printf '[%s]:%s %s\n' "$3" "$4" "$(cut -d' ' -f1,2 "$5.pub")" \
	    >"$1/$2.known_hosts"
	{
		printf 'Host %s\n' "$2"
		printf '\tHostName %s\n\tPort %s\n\tUser root\n' "$3" "$4"
		printf '\tIdentityFile %s/id_%s\n\tIdentitiesOnly yes\n' "$1" "$2"
		printf '\tUserKnownHostsFile %s/%s.known_hosts\n' "$1" "$2"
		printf '\tGlobalKnownHostsFile /dev/null\n'
		printf '\tStrictHostKeyChecking yes\n\tBatchMode yes\n'
		printf '\tControlMaster no\n\tControlPath none\n'
		printf '\tConnectTimeout 10\n\tLogLevel ERROR\n'
		[ -z "$6" ] || printf '\tProxyJump %s\n' "$6"
	} >"$1/$2.host"
	cat "$1"/*.host >"$1/ssh_config"
}

# _sd_copy SRC DST: copy a small text file with builtins (a fork costs
# tens of ms on a loaded machine, and 50 instances add up), mode 0600.
_sd_copy() {
	umask 077
	{
		while IFS= read -r _sd_line; do
			printf '%s\n' "$_sd_line"
		done <"$1" >"$2"
	} 2>/dev/null
	_sd_crc=$?
	umask "$_sd_umask0"
	[ $_sd_crc = 0 ] || _sd_say "cannot copy $1 to $2"
	return $_sd_crc
}

# _sd_authorize DIR NAME USER: NAME accepts its client key for USER (the
# file is read by sshd as USER: 0644 in a 0755 directory).
_sd_authorize() {
	{ read -r _sd_line <"$1/id_$2.pub" &&
	    printf '%s\n' "$_sd_line" >"$1/ak/$2/$3"; } 2>/dev/null ||
	    { _sd_say "cannot write $1/ak/$2/$3"; return 1; }
}

# _sd_launch NETNS CONFIG LOG: start sshd in the background; sets _sd_pid.
# sshd runs in a mount namespace of its own in which root's ~/.bashrc is
# an empty file: Debian's bash reads ~/.bashrc for every command sshd
# runs, and the labs must see root as a fresh Debian has it, not this
# machine's dotfiles (here one runs `pyenv init`, which waits 60 s on a
# lock that a killed login left behind). ip netns exec, unshare and sh
# all exec the next program, so the PID is sshd's own.
_sd_launch() {
	_sd_l_ns=$1 _sd_l_cfg=$2 _sd_l_log=$3
	_sd_root_home=$(getent passwd root | cut -d: -f6)
	: >"$_sd_dir/empty-rc" || return 1
	set -- unshare --mount --propagation private -- sh -c '
		[ ! -f "$1" ] || mount --bind "$0" "$1" || exit 1
		shift; exec "$@"' "$_sd_dir/empty-rc" "${_sd_root_home:-/root}/.bashrc" \
	    "$SSHD_BIN" -D -e -f "$_sd_l_cfg"
	[ -z "$_sd_l_ns" ] || set -- ip netns exec "$_sd_l_ns" "$@"
	"$@" </dev/null 2>"$_sd_l_log" &
	_sd_pid=$!
}

# _sd_await ADDR PORT LOG: 0 once the launched sshd (_sd_pid) listens;
# 1 if it died; 2 after $SSHD_WAIT s. Listening means sshd itself logged
# "Server listening on ADDR port PORT" (after its listen(): another
# process's socket on that port must not count) and the socket table of
# sshd's own network namespace shows it. Polls, never a fixed sleep.
_sd_await() {
	_sd_end=$(($(date +%s) + ${SSHD_WAIT:-10}))
	_sd_n=0
	while :; do
		if _sd_logged "$3" "Server listening on $1 port $2." &&
		    _sd_tcp_listens "/proc/$_sd_pid/net/tcp" "$1" "$2" 2>/dev/null
		then
			_sd_alive "$_sd_pid" && return 0
		fi
		_sd_alive "$_sd_pid" || return 1
		_sd_n=$((_sd_n + 1))
		if [ $((_sd_n % 25)) = 0 ]; then
			[ "$(date +%s)" -lt "$_sd_end" ] || return 2
		fi
		sleep 0.02
	done
}

# _sd_logged FILE LINE: FILE has the line LINE (sshd -e ends its lines in
# CR LF: the CR is allowed). Builtins only.
_sd_logged() {
	while IFS= read -r _sd_line; do
		case $_sd_line in
		"$2" | "$2"?) return 0 ;;
		esac
	done <"$1"
	return 1
}

# _sd_parse OPTION...: sshd_start's options into _sd_ns, _sd_addr ...
_sd_parse() {
	_sd_ns="" _sd_addr=127.0.0.1 _sd_fixed="" _sd_jump="" _sd_ownkey=no
	_sd_first="" _sd_last=""
	while [ $# -gt 0 ]; do
		case $1 in
		-n) _sd_ns=$2; shift 2 ;;
		-a) _sd_addr=$2; shift 2 ;;
		-p) _sd_fixed=$2; shift 2 ;;
		-J) _sd_jump=$2; shift 2 ;;
		-k) _sd_ownkey=yes; shift ;;
		-o) _sd_first="$_sd_first$2
"; shift 2 ;;
		-m) _sd_last="$_sd_last$2
"; shift 2 ;;
		*) _sd_say "sshd_start: unknown option $1"; return 2 ;;
		esac
	done
}

# _sd_use_dir DIR: make DIR (absolute) the current one; sets _sd_dir.
_sd_use_dir() {
	case $1 in
	/*) _sd_dir=$1 ;;
	*) _sd_dir=$(pwd)/$1 ;;
	esac
	[ -x "$SSHD_BIN" ] || { _sd_say "$SSHD_BIN missing (./setup.sh deps)"; return 1; }
	# users of sshd_add_user read their keys (and have homes) under DIR:
	# it must be searchable (mktemp -d makes it 0700); its files are not
	# made readable by this
	mkdir -p "$_sd_dir" && chmod go+x "$_sd_dir" || return 1
	case " $_sd_dirs " in
	*" $_sd_dir "*) ;;
	*) _sd_dirs="$_sd_dirs $_sd_dir" ;;
	esac
	# sshd's privilege separation directory (built into the binary)
	[ -d /run/sshd ] || mkdir -m 0755 /run/sshd || return 1
	_sd_keygen "$_sd_dir/ssh_host_ed25519_key" &&
	    _sd_keygen "$_sd_dir/id_client"
}

# _sd_prepare NAME: keys, authorized keys, tag and log of instance NAME in
# _sd_dir; sets _sd_name, _sd_hostkey, _sd_tag, _sd_log.
_sd_prepare() {
	_sd_name=$1
	case $_sd_name in
	*[!A-Za-z0-9_-]* | '') _sd_say "bad instance name '$_sd_name'"; return 2 ;;
	esac
	if [ -f "$_sd_dir/$_sd_name.pid" ] &&
	    _sd_alive "$(cat "$_sd_dir/$_sd_name.pid")"; then
		_sd_say "$_sd_name is already running"
		return 1
	fi
	_sd_hostkey=$_sd_dir/ssh_host_ed25519_key
	if [ "$_sd_ownkey" = yes ]; then
		_sd_hostkey=$_sd_dir/ssh_host_${_sd_name}_key
		_sd_keygen "$_sd_hostkey" || return 1
	fi
	_sd_copy "$_sd_dir/id_client" "$_sd_dir/id_$_sd_name" &&
	    _sd_copy "$_sd_dir/id_client.pub" "$_sd_dir/id_$_sd_name.pub" ||
	    return 1
	umask 022 # sshd reads the authorized keys as the user
	mkdir -p "$_sd_dir/ak/$_sd_name" || { umask "$_sd_umask0"; return 1; }
	for _sd_u in root $_sd_users; do
		_sd_authorize "$_sd_dir" "$_sd_name" "$_sd_u" ||
		    { umask "$_sd_umask0"; return 1; }
	done
	umask "$_sd_umask0"
	_sd_serial=$((_sd_serial + 1))
	_sd_tag="$_sd_name.$$.$_sd_serial"
	_sd_log=$_sd_dir/$_sd_name.log
	_sd_try=0
}

# _sd_spawn: pick a port that nothing listens on (or the fixed one), write
# the config, launch sshd; sets _sd_port and _sd_pid. It does not wait.
_sd_spawn() {
	while :; do
		_sd_try=$((_sd_try + 1))
		if [ $_sd_try -gt 50 ]; then
			_sd_say "$_sd_name: no free port found in 50 tries"
			return 1
		fi
		_sd_port=${_sd_fixed:-$(_sd_random_port)}
		[ -n "$_sd_fixed" ] ||
		    ! _sd_listening "$_sd_ns" "$_sd_addr" "$_sd_port" || continue
		_sd_write_sshd_config "$_sd_dir" "$_sd_name" "$_sd_addr" \
		    "$_sd_port" "$_sd_hostkey" "$_sd_tag" "$_sd_first" "$_sd_last"
		_sd_launch "$_sd_ns" "$_sd_dir/$_sd_name.sshd_config" "$_sd_log"
		return 0
	done
}

# _sd_settle: wait until the spawned sshd listens, then record it and
# write the client's files. A port free when picked may be taken before
# sshd binds it: sshd then dies with "Address already in use" and another
# port is tried.
_sd_settle() {
	while :; do
		_sd_await "$_sd_addr" "$_sd_port" "$_sd_log"
		_sd_status=$?
		[ $_sd_status = 0 ] && break
		if [ $_sd_status = 1 ] && [ -z "$_sd_fixed" ] &&
		    grep -q 'Address already in use' "$_sd_log"; then
			wait "$_sd_pid" 2>/dev/null
			_sd_spawn || return 1
			continue
		fi
		if [ $_sd_status = 2 ]; then
			_sd_say "$_sd_name: not listening on $_sd_addr:$_sd_port" \
			    "after ${SSHD_WAIT:-10} s${_sd_ns:+ (netns $_sd_ns)}"
			kill -KILL "$_sd_pid" 2>/dev/null
		else
			_sd_say "$_sd_name: sshd exited before listening on" \
			    "$_sd_addr:$_sd_port${_sd_ns:+ (netns $_sd_ns)}"
		fi
		wait "$_sd_pid" 2>/dev/null
		_sd_say "---- $_sd_log ----"
		sed 's/^/sshd:   /' "$_sd_log" >&2
		return 1
	done
	echo "$_sd_pid" >"$_sd_dir/$_sd_name.pid"
	echo "$_sd_port" >"$_sd_dir/$_sd_name.port"
	echo "$_sd_addr" >"$_sd_dir/$_sd_name.addr"
	echo "$_sd_tag" >"$_sd_dir/$_sd_name.tag"
	_sd_write_client "$_sd_dir" "$_sd_name" "$_sd_addr" "$_sd_port" \
	    "$_sd_hostkey" "$_sd_jump"
}

sshd_start() {
	[ $# -ge 2 ] || { _sd_say "usage: sshd_start DIR NAME [options]"; return 2; }
	_sd_sdir=$1 _sd_sname=$2
	shift 2
	_sd_parse "$@" && _sd_use_dir "$_sd_sdir" &&
	    _sd_prepare "$_sd_sname" && _sd_spawn && _sd_settle
}

sshd_start_many() {
	[ $# -ge 3 ] ||
	    { _sd_say "usage: sshd_start_many DIR COUNT PREFIX [options]"; return 2; }
	_sd_sdir=$1 _sd_count=$2 _sd_prefix=$3
	shift 3
	_sd_parse "$@" && _sd_use_dir "$_sd_sdir" || return 1
	_sd_spawned=""
	_sd_i=1
	while [ "$_sd_i" -le "$_sd_count" ]; do
		_sd_prepare "$_sd_prefix$_sd_i" && _sd_spawn || return 1
		_sd_spawned="$_sd_spawned $_sd_name:$_sd_pid:$_sd_port:$_sd_tag:$_sd_hostkey"
		_sd_i=$((_sd_i + 1))
	done
	for _sd_one in $_sd_spawned; do
		IFS=: read -r _sd_name _sd_pid _sd_port _sd_tag _sd_hostkey <<EOF
$_sd_one
EOF
		_sd_log=$_sd_dir/$_sd_name.log
		_sd_try=1
		_sd_settle || return 1
	done
}

sshd_port() { _sd_d=$(_sd_dir_of "$1") && cat "$_sd_d/$1.port"; }
sshd_pid() { _sd_d=$(_sd_dir_of "$1") && cat "$_sd_d/$1.pid"; }
sshd_addr() { _sd_d=$(_sd_dir_of "$1") && cat "$_sd_d/$1.addr"; }
sshd_tag() { _sd_d=$(_sd_dir_of "$1") && cat "$_sd_d/$1.tag"; }
sshd_log() { _sd_d=$(_sd_dir_of "$1") && echo "$_sd_d/$1.log"; }

# _sd_descendants PID...: every descendant of the PIDs, one per line.
_sd_descendants() {
	ps -eo pid=,ppid= | awk -v roots="$*" '
		{ parent[$1] = $2; pids[NR] = $1 }
		END {
			n = split(roots, r, " ")
			for (i = 1; i <= n; i++)
				want[r[i]] = root[r[i]] = 1
			do {
				more = 0
				for (i = 1; i <= NR; i++) {
					p = pids[i]
					if (!(p in want) && (parent[p] in want)) {
						want[p] = 1
						more = 1
					}
				}
			} while (more)
			for (p in want)
				if (!(p in root))
					print p
		}'
}

# _sd_tagged TAG...: the PIDs whose environment holds RC_SSHD_TAG=TAG for
# one of the TAGs (one grep over /proc, however many instances).
_sd_tagged() {
	_sd_pats=""
	for _sd_t; do
		_sd_pats="$_sd_pats -e RC_SSHD_TAG=$_sd_t"
	done
	# shellcheck disable=SC2086 # the -e words; tags have no spaces
	grep -lzxF $_sd_pats /proc/[0-9]*/environ 2>/dev/null |
	    sed -n 's,^/proc/\([0-9]*\)/environ$,\1,p'
}

sshd_session_pids() {
	_sd_d=$(_sd_dir_of "$1") || return 1
	{
		_sd_descendants "$(cat "$_sd_d/$1.pid")"
		_sd_tagged "$(cat "$_sd_d/$1.tag")"
	} | sort -un
}

# _sd_kill_wait PIDS: SIGTERM them, wait up to 3 s until none is alive
# (zombies count as gone), SIGKILL the rest and wait for them too.
_sd_kill_wait() {
	[ -n "$1" ] || return 0
	# shellcheck disable=SC2086 # a list of PIDs
	kill -TERM $1 2>/dev/null
	for _sd_sig in KILL none; do
		_sd_end=$(($(date +%s) + 3))
		while :; do
			_sd_left=""
			for _sd_p in $1; do
				_sd_alive "$_sd_p" && _sd_left="$_sd_left $_sd_p"
			done
			[ -n "$_sd_left" ] || return 0
			[ "$(date +%s)" -lt "$_sd_end" ] || break
			sleep 0.05
		done
		[ $_sd_sig = none ] && break
		# shellcheck disable=SC2086
		kill -KILL $_sd_left 2>/dev/null
	done
	_sd_say "still alive after SIGKILL:$_sd_left"
	return 1
}

# _sd_stop_files FILE...: stop the instances of these DIR/NAME.pid files
# together: collect listeners and sessions first (once a listener dies its
# sessions move to init), end them all, reap the listeners (our children).
# The tree is frozen (SIGSTOP) while it is collected, until a look finds
# nothing new: a listener that accepts a connection meanwhile (a client
# reconnecting at once) forks a session whose post-login child renames
# itself over its environment (no tag left) and, once its parents are
# gone, would go on serving that client.
_sd_stop_files() {
	_sd_lpids="" _sd_tags=""
	for _sd_sf; do
		_sd_lpids="$_sd_lpids $(cat "$_sd_sf")"
		_sd_tags="$_sd_tags $(cat "${_sd_sf%.pid}.tag")"
	done
	_sd_victims=$_sd_lpids
	while :; do
		# shellcheck disable=SC2086 # lists of PIDs and tags
		kill -STOP $_sd_victims 2>/dev/null
		# shellcheck disable=SC2086
		_sd_more=$(
			_sd_descendants $_sd_victims
			_sd_tagged $_sd_tags
		)
		_sd_new=""
		for _sd_p in $_sd_more; do
			case " $_sd_victims $_sd_new " in
			*" $_sd_p "*) ;;
			*) _sd_new="$_sd_new $_sd_p" ;;
			esac
		done
		[ -n "$_sd_new" ] || break
		_sd_victims="$_sd_victims$_sd_new"
	done
	# shellcheck disable=SC2086
	kill -TERM $_sd_victims 2>/dev/null
	# shellcheck disable=SC2086
	kill -CONT $_sd_victims 2>/dev/null
	_sd_kill_wait "$_sd_victims"
	_sd_rc=$?
	# A remote sh of rackcon's may end without its EXIT trap and leave
	# its temporary files (rackcon.PID.TOKEN.[bleo]): in lab/ssh-faults'
	# change part it was writing into a FIFO when the tree was stopped,
	# and its TERM trap ran but not the EXIT trap. rackcon's next login
	# there would remove them; none comes after the stop.
	for _sd_p in $_sd_victims; do
		_sd_alive "$_sd_p" ||
		    rm -f "${TMPDIR:-/tmp}/rackcon.$_sd_p."*.[bleo] 2>/dev/null
	done
	for _sd_p in $_sd_lpids; do
		wait "$_sd_p" 2>/dev/null
	done
	rm -f "$@"
	return $_sd_rc
}

# _sd_running: print every running instance's DIR/NAME.pid file.
_sd_running() {
	for _sd_rd in $_sd_dirs; do
		for _sd_rf in "$_sd_rd"/*.pid; do
			[ -f "$_sd_rf" ] && echo "$_sd_rf"
		done
	done
}

sshd_stop() {
	_sd_d=$(_sd_dir_of "$1") || return 1
	_sd_stop_files "$_sd_d/$1.pid"
	_sd_src=$?
	[ -n "$(_sd_running)" ] || _sd_remove_users || _sd_src=1
	return $_sd_src
}

sshd_stop_all() {
	_sd_all_rc=0
	_sd_files=$(_sd_running)
	# shellcheck disable=SC2086 # paths without spaces
	[ -z "$_sd_files" ] || _sd_stop_files $_sd_files || _sd_all_rc=1
	_sd_remove_users || _sd_all_rc=1
	return $_sd_all_rc
}

sshd_add_user() {
	[ -n "${1:-}" ] || { _sd_say "usage: sshd_add_user USER [PASSWORD]"; return 2; }
	if id "$1" >/dev/null 2>&1; then
		_sd_say "user $1 exists already: not made (nor removed) here"
		return 1
	fi
	_sd_first_dir=${_sd_dirs# }
	_sd_first_dir=${_sd_first_dir%% *}
	[ -n "$_sd_first_dir" ] || { _sd_say "sshd_add_user: start an sshd first"; return 1; }
	_sd_home_dir=$_sd_first_dir/home
	mkdir -p "$_sd_home_dir" && chmod 755 "$_sd_home_dir" || return 1
	useradd -m -d "$_sd_home_dir/$1" -s /bin/sh "$1" ||
	    { _sd_say "useradd $1 failed"; return 1; }
	_sd_users="$_sd_users $1"
	if [ $# -ge 2 ]; then
		printf '%s:%s\n' "$1" "$2" | chpasswd || return 1
	else
		# '!' (useradd's) is "locked"; '*' has no password yet logs in
		usermod -p '*' "$1" || return 1
	fi
	for _sd_dd in $_sd_dirs; do
		for _sd_f in "$_sd_dd"/id_*.pub; do
			[ -f "$_sd_f" ] || continue
			_sd_n=${_sd_f##*/id_}
			_sd_n=${_sd_n%.pub}
			[ "$_sd_n" = client ] || (umask 022 &&
			    _sd_authorize "$_sd_dd" "$_sd_n" "$1") || return 1
		done
	done
}

# Remove the users made here, after ending whatever still runs as them.
_sd_remove_users() {
	_sd_urc=0
	for _sd_u in $_sd_users; do
		_sd_kill_wait "$(ps -o pid= -u "$_sd_u" 2>/dev/null | tr '\n' ' ')"
		userdel -r "$_sd_u" 2>/dev/null || userdel "$_sd_u" ||
		    { _sd_say "userdel $_sd_u failed"; _sd_urc=1; }
	done
	_sd_users=""
	return $_sd_urc
}
