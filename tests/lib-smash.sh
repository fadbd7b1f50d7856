# shellcheck shell=sh
# Fake SMASH-CLP BMCs for the tests: a private sshd (tests/lib-sshd.sh)
# whose BMC user runs tests/lab/smash-peer as its ForceCommand.
#
# Source it from the repository root after tests/lib-sshd.sh:
#   . tests/lib-sshd.sh; . tests/lib-smash.sh
# Needs what lib-sshd.sh needs, and tests/lab/smash-peer built (make
# tests/lab/smash-peer). Stop everything with sshd_stop_all (EXIT trap).
#
#   smash_start DIR NAME [FAKE-OPTION]... [-- SSHD-OPTION...]
#       start sshd instance NAME (sshd_start DIR NAME SSHD-OPTIONs) whose
#       user $SMASH_USER (default sslbmc, password ADMIN, or the instance's
#       client key) gets, in a Match block:
#         ForceCommand DIR/smash-peer --feed F --keys K --log L FAKE-OPTIONs
#         AllowTcpForwarding no
#         X11Forwarding no
#       (FAKE-OPTIONs: --insyde, --relative, --sol-busy). The user is made
#       with the first instance; the fake's files are
#         DIR/smash/NAME.feed    a FIFO: what is written there goes out as
#                                the server's console output while in SOL
#         DIR/smash/NAME.keys    every byte the fake received in SOL
#         DIR/smash/NAME.events  its events, one a line ("cd /system1/sol1",
#                                "start", "start busy", "sol-end", "exit",
#                                "eof")
#       so that  ssh -F DIR/ssh_config -l sslbmc NAME  reaches the fake.
#   smash_feed NAME TEXT
#       write TEXT (printf's format: \r, \033 ...) into NAME's feed; fails
#       after 5 s when no fake holds the FIFO open.
#   smash_keys NAME, smash_events NAME
#       print the path of NAME's keys or events file.
#   smash_has_event NAME LINE
#       NAME's events file has LINE.
#
# Environment: SMASH_USER (default sslbmc), SMASH_PEER (the fake, default
# tests/lab/smash-peer). sshd passes no environment: the boot lines come
# 0.02 s apart, the fake's default.

SMASH_USER=${SMASH_USER:-sslbmc}
_sm_dir=""

smash_start() {
	[ $# -ge 2 ] || { echo "smash: usage: smash_start DIR NAME [opts] [-- sshd opts]" >&2; return 2; }
	_sm_d=$1 _sm_name=$2
	shift 2
	case $_sm_d in
	/*) ;;
	*) _sm_d=$(pwd)/$_sm_d ;;
	esac
	_sm_opts=""
	while [ $# -gt 0 ]; do
		case $1 in
		--) shift; break ;;
		--insyde | --relative | --sol-busy) _sm_opts="$_sm_opts $1"; shift ;;
		*) echo "smash: unknown fake option $1" >&2; return 2 ;;
		esac
	done
	_sm_dir=$_sm_d
	mkdir -p "$_sm_d/smash" && chmod 755 "$_sm_d/smash" || return 1
	if [ ! -x "$_sm_d/smash-peer" ]; then
		# a copy under DIR: the user must reach it whatever the
		# checkout's modes
		cp "${SMASH_PEER:-tests/lab/smash-peer}" "$_sm_d/smash-peer" &&
		    chmod 755 "$_sm_d/smash-peer" ||
		    { echo "smash: no ${SMASH_PEER:-tests/lab/smash-peer} (make tests/lab/smash-peer)" >&2; return 1; }
	fi
	_sm_f=$_sm_d/smash/$_sm_name
	rm -f "$_sm_f.feed"
	mkfifo -m 0600 "$_sm_f.feed" && : >"$_sm_f.keys" && : >"$_sm_f.events" ||
	    return 1
	sshd_start "$_sm_d" "$_sm_name" "$@" \
	    -m "Match User $SMASH_USER" \
	    -m "	ForceCommand $_sm_d/smash-peer --feed $_sm_f.feed --keys $_sm_f.keys --log $_sm_f.events$_sm_opts" \
	    -m "	AllowTcpForwarding no" \
	    -m "	X11Forwarding no" || return 1
	# made with the first instance, removed by lib-sshd with the last
	# shellcheck disable=SC2154 # lib-sshd.sh's list of its users
	case " $_sd_users " in
	*" $SMASH_USER "*) ;;
	*) sshd_add_user "$SMASH_USER" ADMIN || {
		echo "smash: cannot make user $SMASH_USER (another test's? SMASH_USER=NAME picks another)" >&2
		return 1
	} ;;
	esac
	chown "$SMASH_USER" "$_sm_d/smash" "$_sm_f.feed" "$_sm_f.keys" \
	    "$_sm_f.events"
}

smash_keys() { echo "$_sm_dir/smash/$1.keys"; }
smash_events() { echo "$_sm_dir/smash/$1.events"; }

smash_has_event() {
	grep -qxF -- "$2" "$_sm_dir/smash/$1.events"
}

smash_feed() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 5 sh -c 'printf "$1" >"$2"' sh "$2" "$_sm_dir/smash/$1.feed"
}
