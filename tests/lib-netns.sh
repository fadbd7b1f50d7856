# shellcheck shell=sh
# Network namespaces for the tests: a chain root -> jump1 -> jump2 -> target.
#
# Source it from the repository root:  . tests/lib-netns.sh
# Needs root and iproute2. Call the functions in the test's own shell (not
# in $(...)), and netns_teardown from its EXIT trap, after sshd_stop_all.
#
#   netns_setup PREFIX [NET]
#       NET is the first two octets of a /16 (default 10.251). First an
#       unreachable route for NET.0.0/16 goes into the root namespace, so
#       that nothing addressed to the test's range can leave the machine
#       by the default route; then three namespaces and three veth links:
#         root   PREFIXr0  NET.1.1/24 -- NET.1.2/24  PREFIXj1a  PREFIX-j1
#         PREFIX-j1  PREFIXj1b  NET.2.1/24 -- NET.2.2/24  PREFIXj2a  PREFIX-j2
#         PREFIX-j2  PREFIXj2b  NET.3.1/24 -- NET.3.2/24  PREFIXt0   PREFIX-t
#       No namespace forwards and none has a route beyond its own links, so
#       the target is reachable only from jump2, jump2 only from jump1, and
#       only jump1 from the root namespace. PREFIX: at most 9 characters
#       (interface names are at most 15). It sets NETNS_JUMP1, NETNS_JUMP2,
#       NETNS_TARGET (namespace names) and NETNS_JUMP1_ADDR,
#       NETNS_JUMP2_ADDR, NETNS_TARGET_ADDR (each one's address facing the
#       root side), for  sshd_start DIR NAME -n "$NETNS_TARGET"
#       -a "$NETNS_TARGET_ADDR"  (tests/lib-sshd.sh). It fails (return 1,
#       saying why) when the route exists already (another test on NET?)
#       or a namespace cannot be made; what it made is removed by
#       netns_teardown.
#   netns_cut HOP / netns_mend HOP
#       HOP is jump1, jump2 or target: set both ends of the link in front
#       of it (from the root side) down, or up again. Nothing answers a
#       packet on a link that is down: a peer sees silence, never a RST.
#   netns_teardown
#       end every process still in the namespaces (SIGTERM, SIGKILL after
#       3 s), delete the namespaces (their veths go with them), the root
#       side's veth and the unreachable route if netns_setup added it. It
#       works after a netns_setup that failed halfway, and twice.

_ns_prefix=""
_ns_net=""
_ns_route="" # the route netns_setup added, to be deleted

_ns_say() { printf '%s\n' "netns: $*" >&2; }

netns_setup() {
	[ -n "${1:-}" ] || { _ns_say "usage: netns_setup PREFIX [NET]"; return 2; }
	case $1 in
	*[!A-Za-z0-9]* | ??????????*)
		_ns_say "PREFIX '$1': letters and digits, at most 9"
		return 2
		;;
	esac
	_ns_prefix=$1
	_ns_net=${2:-10.251}
	NETNS_JUMP1=$1-j1 NETNS_JUMP2=$1-j2 NETNS_TARGET=$1-t
	# shellcheck disable=SC2034 # for the test that sources this
	NETNS_JUMP1_ADDR=$_ns_net.1.2
	# shellcheck disable=SC2034
	NETNS_JUMP2_ADDR=$_ns_net.2.2
	# shellcheck disable=SC2034
	NETNS_TARGET_ADDR=$_ns_net.3.2
	if ! _ns_err=$(ip route add unreachable "$_ns_net.0.0/16" 2>&1); then
		_ns_say "ip route add unreachable $_ns_net.0.0/16: $_ns_err" \
		    "(another test using $_ns_net?)"
		return 1
	fi
	_ns_route=$_ns_net.0.0/16
	_ns_p=$1
	_ns_n=$_ns_net
	# shellcheck disable=SC2015 # one chain of steps: any failure ends it
	ip netns add "$NETNS_JUMP1" && ip netns add "$NETNS_JUMP2" &&
	    ip netns add "$NETNS_TARGET" &&
	    ip link add "${_ns_p}r0" type veth peer name "${_ns_p}j1a" \
	    netns "$NETNS_JUMP1" &&
	    ip -n "$NETNS_JUMP1" link add "${_ns_p}j1b" type veth peer name \
	    "${_ns_p}j2a" netns "$NETNS_JUMP2" &&
	    ip -n "$NETNS_JUMP2" link add "${_ns_p}j2b" type veth peer name \
	    "${_ns_p}t0" netns "$NETNS_TARGET" &&
	    _ns_addr "" "${_ns_p}r0" "$_ns_n.1.1/24" &&
	    _ns_addr "$NETNS_JUMP1" "${_ns_p}j1a" "$_ns_n.1.2/24" &&
	    _ns_addr "$NETNS_JUMP1" "${_ns_p}j1b" "$_ns_n.2.1/24" &&
	    _ns_addr "$NETNS_JUMP2" "${_ns_p}j2a" "$_ns_n.2.2/24" &&
	    _ns_addr "$NETNS_JUMP2" "${_ns_p}j2b" "$_ns_n.3.1/24" &&
	    _ns_addr "$NETNS_TARGET" "${_ns_p}t0" "$_ns_n.3.2/24" &&
	    ip -n "$NETNS_JUMP1" link set lo up &&
	    ip -n "$NETNS_JUMP2" link set lo up &&
	    ip -n "$NETNS_TARGET" link set lo up || {
		_ns_say "netns_setup $1 failed (netns_teardown removes the rest)"
		return 1
	}
}

# _ns_addr NETNS IF ADDR: give IF the address and bring it up.
_ns_addr() {
	if [ -n "$1" ]; then
		ip -n "$1" addr add "$3" dev "$2" && ip -n "$1" link set "$2" up
	else
		ip addr add "$3" dev "$2" && ip link set "$2" up
	fi
}

# _ns_link HOP: print "NETNS-or-- IF NETNS IF": the two ends of the link
# in front of HOP (root side first; "-" is the root namespace).
_ns_link() {
	case $1 in
	jump1) echo "- ${_ns_prefix}r0 $NETNS_JUMP1 ${_ns_prefix}j1a" ;;
	jump2) echo "$NETNS_JUMP1 ${_ns_prefix}j1b $NETNS_JUMP2 ${_ns_prefix}j2a" ;;
	target) echo "$NETNS_JUMP2 ${_ns_prefix}j2b $NETNS_TARGET ${_ns_prefix}t0" ;;
	*) _ns_say "no hop '$1' (jump1, jump2, target)"; return 1 ;;
	esac
}

# _ns_set_link HOP up|down
_ns_set_link() {
	[ -n "$_ns_prefix" ] || { _ns_say "no netns_setup yet"; return 1; }
	_ns_l=$(_ns_link "$1") || return 1
	# shellcheck disable=SC2086 # four words
	set -- $_ns_l "$2"
	if [ "$1" = - ]; then
		ip link set "$2" "$5" || return 1
	else
		ip -n "$1" link set "$2" "$5" || return 1
	fi
	ip -n "$3" link set "$4" "$5"
}

netns_cut() { _ns_set_link "$1" down; }
netns_mend() { _ns_set_link "$1" up; }

netns_teardown() {
	[ -n "$_ns_prefix" ] || return 0
	_ns_trc=0
	_ns_all=""
	for _ns in "$_ns_prefix-j1" "$_ns_prefix-j2" "$_ns_prefix-t"; do
		[ -e "/run/netns/$_ns" ] || continue
		_ns_all="$_ns_all $_ns"
	done
	# shellcheck disable=SC2086 # namespace names, no spaces
	_ns_pids=$(for _ns in $_ns_all; do ip netns pids "$_ns"; done)
	if [ -n "$_ns_pids" ]; then
		# shellcheck disable=SC2086 # a list of PIDs
		kill -TERM $_ns_pids 2>/dev/null
		_ns_end=$(($(date +%s) + 3))
		while :; do
			_ns_left=""
			for _ns_pid in $_ns_pids; do
				[ -r "/proc/$_ns_pid/stat" ] || continue
				{ read -r _ns_stat <"/proc/$_ns_pid/stat"; } 2>/dev/null
				_ns_st=${_ns_stat##*) }
				case ${_ns_st%% *} in Z | X) ;; *) _ns_left="$_ns_left $_ns_pid" ;; esac
			done
			[ -n "$_ns_left" ] || break
			if [ "$(date +%s)" -ge "$_ns_end" ]; then
				# shellcheck disable=SC2086
				kill -KILL $_ns_left 2>/dev/null
				[ "$(date +%s)" -lt $((_ns_end + 3)) ] || {
					_ns_say "still alive after SIGKILL:$_ns_left"
					_ns_trc=1
					break
				}
			fi
			sleep 0.05
		done
	fi
	for _ns in $_ns_all; do
		ip netns del "$_ns" || _ns_trc=1
	done
	# the peer in jump1 went with its namespace; this is for a setup that
	# failed between the two
	if ip link show "${_ns_prefix}r0" >/dev/null 2>&1; then
		ip link del "${_ns_prefix}r0" || _ns_trc=1
	fi
	if [ -n "$_ns_route" ]; then
		ip route del unreachable "$_ns_route" || _ns_trc=1
		_ns_route=""
	fi
	_ns_prefix=""
	return $_ns_trc
}
