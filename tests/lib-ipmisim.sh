# shellcheck shell=sh
# Simulated BMCs for the tests: OpenIPMI's ipmi_sim on loopback, started,
# waited for and stopped, with the fake serial line of their SOL.
#
# Source it from the repository root (after tests/regress/lib.sh when the
# test drives rackcon too):  . tests/lib-ipmisim.sh
# Needs openipmi (ipmi_sim) and, to wait for an answer rather than only for
# the bound port, freeipmi-tools (ipmi-power): ./setup.sh deps. Root is not
# needed. Every file lives in the DIR a test gives (no spaces in it: the
# sim runs chassis.sh through popen). ../shared/labs/ipmi.md is the recipe
# and the list of the sim's quirks; its lan.conf, bmc.emu and chassis.sh
# are the ones written here. Call the functions in the test's own shell,
# never inside $(...): they keep their bookkeeping in shell variables and
# own the sims as children. Call ipmisim_stop_all from the EXIT trap.
#
#   ipmisim_require [TOOL...]
#       a lab's needs: ipmi_sim and each TOOL, the IPMI plugin configured
#       (else skip), rackcon and backends/ipmi.so built (else fail)
#   ipmisim_start DIR NAME [-p PORT] [-u 'USERLINE']... [-w] [-n]
#                 [-s SOLPORT] [-o 'LINE']...
#       start ipmi_sim -n as a child of the test with DIR/NAME/lan.conf and
#       DIR/NAME/bmc.emu, a fresh state dir DIR/NAME/state (removed first
#       if it was there), on UDP 127.0.0.1 at a free port of the ranges this
#       project may use (9001-9020, 9100-9399), or at PORT. Free means no
#       UDP socket has it: ipmi_sim binds with SO_REUSEADDR, so a second
#       sim on a taken port would start without a word; after the start
#       the port must hold exactly one socket, the sim's own (else another
#       port is tried). It waits (at most $IPMISIM_WAIT s, default 10)
#       until the sim answers an RMCP+ session open (ipmi-power --stat as
#       an unknown user: "username invalid" is an answer); on failure it
#       says why, prints the sim's output and returns 1.
#       -u 'N enabled "name" "pw" priv maxsess' is a `user` line of
#       lan.conf (used only while the state dir has no users.mc20); without
#       any -u the one user is  2 true "ADMIN" "ADMIN" admin 10.
#       -n adds the enabled null user  1 true "" "" admin 10.
#       -w allows the weak IPMI 1.5 auth types (none md2 md5 straight)
#       instead of md5 alone.
#       -s SOLPORT adds  sol "tcp:127.0.0.1:SOLPORT" 115200: the sim is the
#       TCP client and retries only every 10 s, so start the serial peer
#       (solpeer_start) first; ipmisim_start warns when nothing listens.
#       -o LINE adds a line of lan.conf to the MC's section.
#       Power goes through DIR/chassis.sh into DIR/NAME/power ("0"/"1");
#       resets, soft shutdowns and boot flags are appended to
#       DIR/NAME/events ("reset 1", "shutdown 1"). The sim's stdout and
#       stderr go to DIR/NAME/log; IPMISIM_DEBUG=1 adds ipmi_sim -d.
#   ipmisim_start_many DIR COUNT PREFIX [options]
#       start PREFIX1 ... PREFIXCOUNT as ipmisim_start would, with the same
#       options (no -p), launching them all before waiting for any, then
#       probing them all with one ipmi-power (64 in about 2 s, 256 in
#       8 s here with the machine at load 20: about 30 ms a launch).
#   ipmisim_restart NAME
#       stop NAME and start it again on the same port with the same
#       lan.conf and the state dir it left (what persisted is kept).
#   ipmisim_mark NAME, then ipmisim_wait_saved NAME
#       the sim writes user changes to its state dir (users.mc20) on its
#       next 1-second tick, and SIGTERM ends it without writing. Mark
#       before the changes; ipmisim_wait_saved waits (at most
#       $IPMISIM_WAIT s) until users.mc20 was written after the mark and
#       then not for 1.5 s (more than a tick): every change made before
#       the wait is saved. Returns 1, saying so, otherwise.
#   ipmisim_stop NAME...
#       SIGTERM the sims (all at once; the lab saw 1.9 s each to exit, here
#       about 0.1 s), SIGKILL what is left after $IPMISIM_STOP_WAIT s
#       (default 5), reap them. The files stay.
#   ipmisim_stop_all
#       stop every sim and serial peer of the test (EXIT trap).
#   ipmisim_port NAME, ipmisim_pid NAME, ipmisim_dir NAME,
#   ipmisim_power NAME, ipmisim_events NAME, ipmisim_state NAME,
#   ipmisim_log NAME
#       print the sim's UDP port, PID, folder, power file, events file,
#       state dir (the -s given to ipmi_sim), output log
#   ipmisim_hosts NAME...
#       print "127.0.0.1:PORT,127.0.0.1:PORT,..." for FreeIPMI's -h
#   solpeer_start DIR NAME [sol-peer options]
#       start tests/lab/sol-peer (build it with make tests/lab/sol-peer)
#       as a child on a loopback TCP port the kernel picks, logging what it
#       receives to DIR/NAME.sol.log and its own messages to
#       DIR/NAME.sol.err; waits until it listens. Options are sol-peer's
#       (-f BYTES, -r RATE, -F FILE ...; see its usage).
#   solpeer_port NAME, solpeer_pid NAME, solpeer_log NAME
#       its TCP port (for ipmisim_start -s), PID, received-bytes log
#   solpeer_stop NAME
#       SIGTERM it (SIGKILL after 2 s) and reap it
#
# Environment: IPMISIM_WAIT (seconds to wait for an answer, default 10),
# IPMISIM_STOP_WAIT (seconds before SIGKILL, default 5), IPMISIM_DEBUG.

IPMISIM_BIN=${IPMISIM_BIN:-ipmi_sim}
SOLPEER_BIN=${SOLPEER_BIN:-tests/lab/sol-peer}
_is_dirs=""   # the DIRs in use, space separated (no spaces inside)
_is_taken=""  # ports given out by this shell, " 9100 9101 "
_is_peers=""  # DIR/NAME of running serial peers
_is_next=""   # where the search for a free port goes on (random at first)

_is_say() { printf '%s\n' "ipmisim: $*" >&2; }

# _is_alive PID: the process exists and is not a zombie (builtins only).
_is_alive() {
	{ read -r _is_stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	_is_state=${_is_stat##*) }
	_is_state=${_is_state%% *}
	[ -n "$_is_state" ] && [ "$_is_state" != Z ] && [ "$_is_state" != X ]
}

# _is_now_ms: milliseconds since the epoch.
_is_now_ms() {
	_is_t=$(date +%s%3N)
	echo "$_is_t"
}

# _is_udp_ports: print " P1 P2 ... " for every local UDP port in use on
# this machine (IPv4 and IPv6, any address). Builtins only.
_is_udp_ports() {
	_is_list=" "
	for _is_f in /proc/net/udp /proc/net/udp6; do
		[ -r "$_is_f" ] || continue
		while read -r _is_sl _is_local _is_rest; do
			case $_is_local in
			*:*) _is_list="$_is_list$((0x${_is_local##*:})) " ;;
			esac
		done <"$_is_f"
	done
	printf '%s\n' "$_is_list"
}

# _is_udp_count PORT: how many UDP sockets have local port PORT.
_is_udp_count() {
	_is_hex=$(printf '%04X' "$1")
	_is_n=0
	for _is_f in /proc/net/udp /proc/net/udp6; do
		[ -r "$_is_f" ] || continue
		while read -r _is_sl _is_local _is_rest; do
			case $_is_local in
			*:"$_is_hex") _is_n=$((_is_n + 1)) ;;
			esac
		done <"$_is_f"
	done
	echo "$_is_n"
}

# _is_pick_port USED: a port of 9001-9020 or 9100-9399 that is neither in
# USED (" P1 P2 ") nor in _is_taken, the one after the last given out
# (a random one at first: tests that run at once rarely meet); sets
# _is_port, returns 1 when none is left. Builtins only.
_is_pick_port() {
	[ -n "$_is_next" ] || _is_next=$(od -An -N2 -tu2 /dev/urandom)
	_is_k=0
	while [ $_is_k -lt 320 ]; do
		_is_j=$((_is_next % 320))
		_is_next=$((_is_j + 1))
		if [ $_is_j -lt 20 ]; then
			_is_port=$((9001 + _is_j))
		else
			_is_port=$((9100 + _is_j - 20))
		fi
		case "$1 $_is_taken " in
		*" $_is_port "*) ;;
		*) _is_taken="$_is_taken $_is_port "; return 0 ;;
		esac
		_is_k=$((_is_k + 1))
	done
	_is_say "no free UDP port left in 9001-9020, 9100-9399"
	return 1
}

# _is_release PORT: forget that this shell gave PORT out.
_is_release() {
	case $_is_taken in
	*" $1 "*) _is_taken="${_is_taken%%" $1 "*} ${_is_taken#*" $1 "}" ;;
	esac
}

# _is_get FILE: print the first line of FILE (builtins: no fork).
_is_get() {
	{ read -r _is_line <"$1"; } 2>/dev/null || return 1
	printf '%s\n' "$_is_line"
}

_is_write_chassis() {
	[ -f "$1/chassis.sh" ] && return 0
	cat >"$1/chassis.sh" <<'EOF' && chmod 755 "$1/chassis.sh"
#!/bin/sh
# ipmi_sim's chassis_control program (../shared/labs/ipmi.md): DIR get|set
d=$1; op=$2; shift 2
case $op in
get) for p in "$@"; do case $p in
       power) v=0; [ -f "$d/power" ] && read v < "$d/power"; echo "power:$v" ;;
       boot)  echo "boot:default" ;;
       *) echo "Invalid parameter: $p"; exit 1 ;; esac; done ;;
set) while [ $# -ge 2 ]; do case $1 in
       power) echo "$2" > "$d/power" ;;
       reset|boot|shutdown) echo "$1 $2" >> "$d/events" ;;
       identify) shift ;;
       *) echo "Invalid parameter: $1"; exit 1 ;; esac; shift 2; done ;;
*) exit 1 ;;
esac
exit 0
EOF
}

# _is_use_dir DIR: make DIR (absolute) the current one; sets _is_dir.
_is_use_dir() {
	case $1 in
	/*) _is_dir=$1 ;;
	*) _is_dir=$(pwd)/$1 ;;
	esac
	case $_is_dir in
	*[!A-Za-z0-9._/+-]*)
		_is_say "DIR '$_is_dir': only letters, digits and ._/+- (popen)"
		return 2 ;;
	esac
	command -v "$IPMISIM_BIN" >/dev/null 2>&1 ||
	    { _is_say "$IPMISIM_BIN missing (./setup.sh deps: openipmi)"; return 1; }
	mkdir -p "$_is_dir" || return 1
	case " $_is_dirs " in
	*" $_is_dir "*) ;;
	*) _is_dirs="$_is_dirs $_is_dir" ;;
	esac
	_is_write_chassis "$_is_dir"
}

# _is_parse OPTION...: ipmisim_start's options into _is_fixed, _is_users ...
_is_parse() {
	_is_fixed="" _is_users="" _is_null=no _is_weak=no _is_sol="" _is_extra=""
	while [ $# -gt 0 ]; do
		case $1 in
		-p) _is_fixed=$2; shift 2 ;;
		-u) _is_users="${_is_users}  user $2
"; shift 2 ;;
		-n) _is_null=yes; shift ;;
		-w) _is_weak=yes; shift ;;
		-s) _is_sol=$2; shift 2 ;;
		-o) _is_extra="$_is_extra  $2
"; shift 2 ;;
		*) _is_say "ipmisim_start: unknown option $1"; return 2 ;;
		esac
	done
	[ -n "$_is_users" ] ||
	    _is_users='  user 2 true "ADMIN" "ADMIN" admin 10
'
	[ $_is_null = no ] ||
	    _is_users='  user 1 true "" "" admin 10
'"$_is_users"
}

# _is_write_conf D NAME PORT: D/lan.conf and D/bmc.emu from _is_parse's.
_is_write_conf() {
	if [ "$_is_weak" = yes ]; then
		_is_auths="none md2 md5 straight"
	else
		_is_auths="md5"
	fi
	{
		printf '# ipmi_sim LAN BMC %s on 127.0.0.1:%s (UDP)\n' "$2" "$3"
		printf 'name "%s"\nset_working_mc 0x20\n  startlan 1\n' "$2"
		printf '    addr 127.0.0.1 %s\n    priv_limit admin\n' "$3"
		for _is_p in callback user operator admin; do
			printf '    allowed_auths_%s %s\n' "$_is_p" "$_is_auths"
		done
		printf '    guid a123456789abcdefa123456789abcdef\n  endlan\n'
		printf '  chassis_control "%s/chassis.sh %s"\n' "$_is_dir" "$1"
		[ -z "$_is_sol" ] ||
		    printf '  sol "tcp:127.0.0.1:%s" 115200\n' "$_is_sol"
		printf '  # usernum enabled name password max-priv max-sessions\n'
		printf '%s%s' "$_is_users" "$_is_extra"
	} >"$1/lan.conf" || return 1
	printf '%s\n' "mc_setbmc 0x20" \
	    "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02" \
	    "sel_enable 0x20 1000 0x0a" "mc_enable 0x20" >"$1/bmc.emu"
}

# _is_prepare NAME FRESH: the folder of NAME (its state dir emptied when
# FRESH is yes); sets _is_name, _is_d.
_is_prepare() {
	_is_name=$1
	case $_is_name in
	*[!A-Za-z0-9_-]* | '') _is_say "bad instance name '$_is_name'"; return 2 ;;
	esac
	_is_d=$_is_dir/$_is_name
	if [ -f "$_is_d/pid" ] && _is_alive "$(_is_get "$_is_d/pid")"; then
		_is_say "$_is_name is already running"
		return 1
	fi
	if [ "$2" = yes ] && [ -e "$_is_d" ]; then
		rm -rf "$_is_d/state" "$_is_d/power" "$_is_d/events" || return 1
	fi
	[ -d "$_is_d/state" ] || mkdir -p "$_is_d/state" || return 1
	_is_try=0
}

# _is_launch D: start ipmi_sim on D's files in the background; sets
# _is_pid. No fork of our own between: $! is ipmi_sim.
_is_launch() {
	set -- -c "$1/lan.conf" -f "$1/bmc.emu" -s "$1/state" -n
	[ -z "${IPMISIM_DEBUG:-}" ] || set -- "$@" -d
	"$IPMISIM_BIN" "$@" </dev/null >"$_is_d/log" 2>&1 &
	_is_pid=$!
}

# _is_spawn USED: pick a port (or the fixed one), write the config, launch;
# sets _is_port and _is_pid. It does not wait.
_is_spawn() {
	_is_try=$((_is_try + 1))
	if [ $_is_try -gt 20 ]; then
		_is_say "$_is_name: no port found in 20 tries"
		return 1
	fi
	if [ -n "$_is_fixed" ]; then
		_is_port=$_is_fixed
		if [ "$(_is_udp_count "$_is_port")" != 0 ]; then
			_is_say "$_is_name: UDP port $_is_port is taken"
			return 1
		fi
	else
		_is_pick_port "$1" || return 1
	fi
	_is_write_conf "$_is_d" "$_is_name" "$_is_port" || return 1
	echo "$_is_port" >"$_is_d/port"
	_is_launch "$_is_d"
	echo "$_is_pid" >"$_is_d/pid"
}

# _is_unowned NAME:PID:PORT...: print those whose PORT is not held by
# exactly one UDP socket, PID's (one ss -p for all; it names the owner),
# with ":none" (not bound yet) or ":shared" (another socket has it too).
_is_unowned() {
	ss -Hunap 2>/dev/null | awk -v want="$*" '
		{
			port = $4
			sub(/.*:/, "", port)
			n[port]++
			if (match($0, /pid=[0-9]+,/))
				pids[port] = pids[port] " " substr($0, RSTART + 4, RLENGTH - 5)
		}
		END {
			k = split(want, w, " ")
			for (i = 1; i <= k; i++) {
				split(w[i], f, ":")
				if (!(f[3] in n))
					print w[i] ":none"
				else if (n[f[3]] != 1 || pids[f[3]] != " " f[2])
					print w[i] ((" " pids[f[3]] " ") ~ (" " f[2] " ") ? ":shared" : ":none")
			}
		}'
}

# _is_probe HOSTLIST: print how many of the sims of FreeIPMI's -h HOSTLIST
# answered an RMCP+ session open (an unknown user: "username invalid").
# Fan-out 16: on a loaded machine (load 80 on 2 CPUs) ipmi-power's default
# 64 ran into "session timeout" for all 64 of a fleet that answered at 16.
_is_probe() {
	ipmi-power -D LAN_2_0 -W opensesspriv -h "$1" -u rcprobe -p x -F 16 \
	    --session-timeout=2000 --retransmission-timeout=250 --stat 2>&1 |
	    grep -c -v -e 'timeout$' -e '^$'
}

# _is_settle NAME: wait for the launched sim (_is_name, _is_pid, _is_port,
# _is_d) to own its port and answer; relaunch on another port when the
# port turns out shared. 0 ready, 1 failed (said why, log printed).
_is_settle() {
	_is_end=$(($(_is_now_ms) + ${IPMISIM_WAIT:-10} * 1000))
	_is_why=""
	while :; do
		if ! _is_alive "$_is_pid"; then
			_is_why="ipmi_sim exited before answering"
			break
		fi
		if [ "$(_is_udp_count "$_is_port")" != 0 ]; then
			case $(_is_unowned "$_is_name:$_is_pid:$_is_port") in
			'')
				if ! command -v ipmi-power >/dev/null 2>&1; then
					_is_say "no ipmi-power: $_is_name taken as ready once bound"
					return 0
				fi
				[ "$(_is_probe "127.0.0.1:$_is_port")" = 1 ] &&
				    _is_alive "$_is_pid" && return 0 ;;
			*:shared)
				_is_say "$_is_name: UDP $_is_port is shared with another" \
				    "process; trying another port"
				kill -KILL "$_is_pid" 2>/dev/null
				wait "$_is_pid" 2>/dev/null
				if [ -n "$_is_fixed" ]; then
					_is_why="UDP port $_is_port is taken"
					break
				fi
				_is_spawn "$(_is_udp_ports)" || return 1
				continue ;;
			esac
		fi
		if [ "$(_is_now_ms)" -ge "$_is_end" ]; then
			_is_why="no answer on UDP 127.0.0.1:$_is_port after ${IPMISIM_WAIT:-10} s"
			kill -KILL "$_is_pid" 2>/dev/null
			break
		fi
		sleep 0.02
	done
	wait "$_is_pid" 2>/dev/null
	rm -f "$_is_d/pid"
	_is_say "$_is_name: $_is_why"
	_is_say "---- $_is_d/log ----"
	sed 's/^/ipmisim:   /' "$_is_d/log" >&2
	return 1
}

# _is_sol_check: warn when the sim's serial peer does not listen (the sim
# would try again only 10 s later).
_is_sol_check() {
	[ -n "$_is_sol" ] || return 0
	[ -n "$(ss -Hltn "sport = :$_is_sol" 2>/dev/null)" ] ||
	    _is_say "$_is_name: nothing listens on TCP $_is_sol for SOL" \
		"(start the peer first: the sim retries only every 10 s)"
}

ipmisim_start() {
	[ $# -ge 2 ] || { _is_say "usage: ipmisim_start DIR NAME [options]"; return 2; }
	_is_sdir=$1 _is_sname=$2
	shift 2
	_is_parse "$@" && _is_use_dir "$_is_sdir" &&
	    _is_prepare "$_is_sname" yes || return 1
	_is_sol_check
	_is_spawn "$(_is_udp_ports)" && _is_settle
}

ipmisim_restart() {
	_is_d=$(_is_dir_of "$1") || return 1
	ipmisim_stop "$1" || return 1
	_is_dir=${_is_d%/*}
	_is_name=$1 _is_try=0 _is_fixed=$(cat "$_is_d/port")
	_is_port=$_is_fixed
	if [ "$(_is_udp_count "$_is_port")" != 0 ]; then
		_is_say "$1: UDP port $_is_port was taken after the stop"
		return 1
	fi
	_is_launch "$_is_d"
	echo "$_is_pid" >"$_is_d/pid"
	_is_settle
}

ipmisim_start_many() {
	[ $# -ge 3 ] ||
	    { _is_say "usage: ipmisim_start_many DIR COUNT PREFIX [options]"; return 2; }
	_is_sdir=$1 _is_count=$2 _is_prefix=$3
	shift 3
	_is_parse "$@" && _is_use_dir "$_is_sdir" || return 1
	[ -z "$_is_fixed" ] || { _is_say "ipmisim_start_many: no -p"; return 2; }
	# the folders fresh with one rm and one mkdir (forks are dear)
	_is_old="" _is_new=""
	_is_i=1
	while [ "$_is_i" -le "$_is_count" ]; do
		_is_d=$_is_dir/$_is_prefix$_is_i
		[ ! -e "$_is_d" ] ||
		    _is_old="$_is_old $_is_d/state $_is_d/power $_is_d/events"
		_is_new="$_is_new $_is_d/state"
		_is_i=$((_is_i + 1))
	done
	# shellcheck disable=SC2086 # paths without spaces
	{ [ -z "$_is_old" ] || rm -rf $_is_old; } && mkdir -p $_is_new || return 1
	_is_used=$(_is_udp_ports)
	_is_spawned=""
	_is_i=1
	while [ "$_is_i" -le "$_is_count" ]; do
		_is_prepare "$_is_prefix$_is_i" no && _is_spawn "$_is_used" ||
		    return 1
		_is_spawned="$_is_spawned $_is_name:$_is_pid:$_is_port"
		_is_i=$((_is_i + 1))
	done
	# all bound and each port the sim's alone, with one ss; then one probe
	_is_end=$(($(_is_now_ms) + ${IPMISIM_WAIT:-10} * 1000))
	while :; do
		_is_bound=$(_is_udp_ports)
		_is_missing=""
		for _is_one in $_is_spawned; do
			case $_is_bound in
			*" ${_is_one##*:} "*) ;;
			*) _is_missing="$_is_missing ${_is_one%%:*}" ;;
			esac
		done
		[ -n "$_is_missing" ] || break
		[ "$(_is_now_ms)" -lt "$_is_end" ] || break
		sleep 0.05
	done
	_is_slow=$(_is_unowned "$_is_spawned" | sed 's/:[a-z]*$//')
	_is_hosts=""
	for _is_one in $_is_spawned; do
		case " $_is_slow " in
		*" $_is_one "*) ;;
		*) _is_hosts="$_is_hosts,127.0.0.1:${_is_one##*:}" ;;
		esac
	done
	# one probe for all (its lines drop the port: only the count tells);
	# after the deadline, each alone to name the silent ones
	if [ -n "$_is_hosts" ] && command -v ipmi-power >/dev/null 2>&1; then
		_is_hosts=${_is_hosts#,}
		_is_want=$(echo "$_is_hosts" | tr , '\n' | grep -c .)
		until [ "$(_is_probe "$_is_hosts")" = "$_is_want" ]; do
			[ "$(_is_now_ms)" -ge "$_is_end" ] || { sleep 0.2; continue; }
			for _is_one in $_is_spawned; do
				[ "$(_is_probe "127.0.0.1:${_is_one##*:}")" = 1 ] &&
				    continue
				_is_d=$_is_dir/${_is_one%%:*}
				_is_say "${_is_one%%:*}: no answer on UDP" \
				    "127.0.0.1:${_is_one##*:} after ${IPMISIM_WAIT:-10} s"
				_is_say "---- $_is_d/log ----"
				sed 's/^/ipmisim:   /' "$_is_d/log" >&2
				return 1
			done
			break
		done
	fi
	for _is_one in $_is_slow; do
		IFS=: read -r _is_name _is_pid _is_port <<EOF
$_is_one
EOF
		_is_d=$_is_dir/$_is_name
		_is_try=1
		_is_settle || return 1
	done
}

# _is_dir_of NAME: print the folder of instance NAME.
_is_dir_of() {
	for _is_dd in $_is_dirs; do
		if [ -f "$_is_dd/$1/port" ]; then
			printf '%s\n' "$_is_dd/$1"
			return 0
		fi
	done
	_is_say "no instance named '$1'"
	return 1
}

# ipmisim_require [TOOL...]: what an IPMI lab needs before it starts a
# sim: ipmi_sim and each TOOL on the PATH and the IPMI plugin configured
# (else skip: exit 77), rackcon and backends/ipmi.so built (else fail).
# Uses tests/regress/lib.sh's skip and fail.
ipmisim_require() {
	for _is_p in ipmi_sim "$@"; do
		command -v "$_is_p" >/dev/null 2>&1 ||
			skip "$_is_p is not installed (./setup.sh deps)"
	done
	grep -q '^BUILD_IPMI *= *yes' Makefile 2>/dev/null ||
		skip "the IPMI plugin is not configured (libfreeipmi-dev)"
	[ -x ./rackcon ] && [ -f backends/ipmi.so ] ||
		fail "rackcon or backends/ipmi.so is not built (make)"
}
ipmisim_port() { _is_dd=$(_is_dir_of "$1") && _is_get "$_is_dd/port"; }
ipmisim_pid() { _is_dd=$(_is_dir_of "$1") && _is_get "$_is_dd/pid"; }
ipmisim_dir() { _is_dir_of "$1"; }
ipmisim_power() { _is_dd=$(_is_dir_of "$1") && echo "$_is_dd/power"; }
ipmisim_events() { _is_dd=$(_is_dir_of "$1") && echo "$_is_dd/events"; }
ipmisim_state() { _is_dd=$(_is_dir_of "$1") && echo "$_is_dd/state"; }
ipmisim_log() { _is_dd=$(_is_dir_of "$1") && echo "$_is_dd/log"; }

ipmisim_mark() {
	_is_dd=$(_is_dir_of "$1") && : >"$_is_dd/mark"
}

ipmisim_wait_saved() {
	_is_dd=$(_is_dir_of "$1") || return 1
	_is_uf=$_is_dd/state/ipmi_sim/$1/users.mc20
	_is_end=$(($(_is_now_ms) + ${IPMISIM_WAIT:-10} * 1000))
	_is_seen="" _is_since=""
	while [ "$(_is_now_ms)" -lt "$_is_end" ]; do
		if [ -n "$(find "$_is_uf" -newer "$_is_dd/mark" 2>/dev/null)" ]; then
			_is_t=$(stat -c %.9Y "$_is_uf")
			if [ "$_is_t" != "$_is_seen" ]; then
				_is_seen=$_is_t _is_since=$(_is_now_ms)
			elif [ $(($(_is_now_ms) - _is_since)) -ge 1500 ]; then
				return 0
			fi
		fi
		sleep 0.1
	done
	_is_say "$1: $_is_uf not written and then quiet within ${IPMISIM_WAIT:-10} s"
	return 1
}

ipmisim_hosts() {
	_is_h=""
	for _is_n; do
		_is_h="$_is_h,127.0.0.1:$(ipmisim_port "$_is_n")" || return 1
	done
	echo "${_is_h#,}"
}

# _is_kill_wait SECONDS PID...: SIGTERM them all, wait until none is alive
# (zombies count as gone), SIGKILL the rest after SECONDS, reap.
_is_kill_wait() {
	_is_secs=$1
	shift
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null
	_is_krc=0
	for _is_sig in KILL none; do
		_is_end=$(($(_is_now_ms) + _is_secs * 1000))
		while :; do
			_is_left=""
			for _is_p; do
				_is_alive "$_is_p" && _is_left="$_is_left $_is_p"
			done
			[ -n "$_is_left" ] || break 2
			[ "$(_is_now_ms)" -lt "$_is_end" ] || break
			sleep 0.05
		done
		if [ $_is_sig = none ]; then
			_is_say "still alive after SIGKILL:$_is_left"
			_is_krc=1
			break
		fi
		# shellcheck disable=SC2086 # a list of PIDs
		kill -KILL $_is_left 2>/dev/null
		_is_secs=2
	done
	for _is_p; do
		wait "$_is_p" 2>/dev/null
	done
	return $_is_krc
}

# _is_stop_dirs D...: stop the sims of these folders together.
_is_stop_dirs() {
	_is_pids="" _is_pidfiles=""
	for _is_sd; do
		[ -f "$_is_sd/pid" ] || continue
		read -r _is_p <"$_is_sd/pid" && _is_pids="$_is_pids $_is_p"
		read -r _is_p <"$_is_sd/port" && _is_release "$_is_p"
		_is_pidfiles="$_is_pidfiles $_is_sd/pid"
	done
	# shellcheck disable=SC2086 # a list of PIDs
	_is_kill_wait "${IPMISIM_STOP_WAIT:-5}" $_is_pids
	_is_src=$?
	# shellcheck disable=SC2086 # paths without spaces
	[ -z "$_is_pidfiles" ] || rm -f $_is_pidfiles
	return $_is_src
}

ipmisim_stop() {
	_is_list=""
	for _is_n; do
		_is_list="$_is_list $(_is_dir_of "$_is_n")" || return 1
	done
	# shellcheck disable=SC2086 # folders without spaces
	_is_stop_dirs $_is_list
}

ipmisim_stop_all() {
	_is_list=""
	for _is_dd in $_is_dirs; do
		for _is_f in "$_is_dd"/*/pid; do
			[ -f "$_is_f" ] && _is_list="$_is_list ${_is_f%/pid}"
		done
	done
	_is_arc=0
	# shellcheck disable=SC2086 # folders without spaces
	_is_stop_dirs $_is_list || _is_arc=1
	for _is_pp in $_is_peers; do
		solpeer_stop "${_is_pp##*/}" || _is_arc=1
	done
	return $_is_arc
}

# ---- the serial line's far side -------------------------------------------

# _is_peer_of NAME: print DIR/NAME of the running serial peer NAME.
_is_peer_of() {
	for _is_pp in $_is_peers; do
		[ "${_is_pp##*/}" = "$1" ] && { echo "$_is_pp"; return 0; }
	done
	_is_say "no serial peer named '$1'"
	return 1
}

solpeer_start() {
	[ $# -ge 2 ] || { _is_say "usage: solpeer_start DIR NAME [options]"; return 2; }
	_is_use_dir "$1" || return 1
	_is_pn=$2
	shift 2
	[ -x "$SOLPEER_BIN" ] ||
	    { _is_say "$SOLPEER_BIN is not built (make tests/lab/sol-peer)"; return 1; }
	_is_pb=$_is_dir/$_is_pn
	rm -f "$_is_pb.sol.port" "$_is_pb.sol.log"
	"$SOLPEER_BIN" -p 0 -P "$_is_pb.sol.port" -l "$_is_pb.sol.log" "$@" \
	    </dev/null >"$_is_pb.sol.err" 2>&1 &
	_is_ppid=$!
	echo "$_is_ppid" >"$_is_pb.sol.pid"
	_is_peers="$_is_peers $_is_pb"
	_is_end=$(($(_is_now_ms) + 5000))
	while [ ! -s "$_is_pb.sol.port" ]; do
		if ! _is_alive "$_is_ppid" || [ "$(_is_now_ms)" -ge "$_is_end" ]; then
			_is_say "$_is_pn: sol-peer did not start; its output:"
			sed 's/^/ipmisim:   /' "$_is_pb.sol.err" >&2
			solpeer_stop "$_is_pn"
			return 1
		fi
		sleep 0.01
	done
}

solpeer_port() { _is_pp=$(_is_peer_of "$1") && cat "$_is_pp.sol.port"; }
solpeer_pid() { _is_pp=$(_is_peer_of "$1") && cat "$_is_pp.sol.pid"; }
solpeer_log() { _is_pp=$(_is_peer_of "$1") && echo "$_is_pp.sol.log"; }

solpeer_stop() {
	_is_pp=$(_is_peer_of "$1") || return 1
	_is_kill_wait 2 "$(cat "$_is_pp.sol.pid")"
	_is_prc=$?
	_is_np=""
	for _is_q in $_is_peers; do
		[ "$_is_q" = "$_is_pp" ] || _is_np="$_is_np $_is_q"
	done
	_is_peers=$_is_np
	return $_is_prc
}
