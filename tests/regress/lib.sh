# shellcheck shell=sh
# Shared helpers for the regress tests: rackcon in tmux on a private socket.
#
# Source it from the repository root:  . tests/regress/lib.sh
#
# It makes a temporary directory ($tmpdir) holding the tmux socket, a tmux
# config, and the HOME, XDG_CONFIG_HOME and XDG_STATE_HOME rackcon sees, so
# the user's own files are never read or written.  An EXIT/INT/TERM trap
# kills the tmux server and removes $tmpdir however the test ends.
#
#   rc_start [-s WxH] [-t TERM] [-l LANG] [-r SYSROOT] [-c] [--] [ARGS...]
#       start "./rackcon --sysroot SYSROOT --audit-log $tmpdir/audit.log
#       ARGS" in a new tmux session (default 80x24, TERM=vt100,
#       LANG=C.UTF-8, NO_COLOR=1, sysroot tests/fixtures/sysroot-disks;
#       LOCPATH=$RC_LOCPATH when that is set).
#       -r '' passes no --sysroot (an --inventory names the trees).
#       With -c an interactive sh runs in the pane instead, with the same
#       environment; rc_cmdline prints the rackcon command line to type.
#   send_keys KEY...        tmux send-keys (key names: Down Escape F1 ...)
#   send_text TEXT          type TEXT literally
#   wait_for PATTERN [SECS] poll the screen until grep -E PATTERN matches
#                           (every wait: at least $RC_WAIT s, default 30)
#   wait_gone PATTERN [SECS] poll until PATTERN no longer matches
#   wait_exit [SECS]        poll until the pane's process has ended;
#                           pane_dead tests it now, exit_status says how
#   press_until PATTERN KEY [MAX]  press KEY (at most MAX times, default
#                           40) until the screen matches PATTERN
#   assert_screen PATTERN, assert_not_screen PATTERN   check it now
#   screen, screen_attr     the screen now (screen_attr: with attributes)
#   selected_row            the first word of the highlighted table row
#   wait_selected NAME [SECS]  poll until the highlighted row is NAME
#   select_row NAME         press Up/Down until NAME is highlighted
#   fake_mdadm ROOT LOG     ROOT/bin/mdadm logs its changing runs to LOG
#   row_line NAME           the screen line of the table row NAME
#   table_rows              the fixture disks on screen, in table order
#   rc_batch [-r SYSROOT] [--] ARGS...  run rackcon without tmux (-r '':
#                           no --sysroot), in the
#                           same private environment; sets $status and
#                           leaves the output in $tmpdir/stdout, $tmpdir/stderr
#   pane_record FILE        from now on append what the program writes to
#                           its terminal to FILE (tmux pipe-pane)
#   pane_record_stop        stop appending
#   file_bytes FILE         FILE's size in bytes (0 when it does not exist)
#   wait_quiet FILE [QUIET] [SECS]  poll until FILE has not grown for QUIET
#                           seconds (default 1), failing after SECS (10)
#   say TEXT, fail TEXT, skip REASON

set -u

say() { printf '%s\n' "== $*"; }

fail() {
	printf '%s\n' "FAIL: $*"
	exit 1
}

skip() {
	printf '%s\n' "$*"
	exit 77
}

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
[ -x ./rackcon ] || fail "./rackcon is not built (run make first)"

RC_ROOT=$(pwd)
RC_FIXTURE=tests/fixtures/sysroot-disks
RC_DISKS="loop0 md0 md1 nvme0n1 sda sdb sdc sdd sde vda"
RC_SESSION=rc

tmpdir=$(mktemp -d /tmp/rc-regress.XXXXXX) || fail "mktemp -d failed"
RC_SOCK=$tmpdir/tmux.sock
mkdir -p "$tmpdir/home" "$tmpdir/config" "$tmpdir/state"
cat >"$tmpdir/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g escape-time 0
set -g status off
set -g history-limit 100
set -g default-terminal vt100
set -g exit-empty off
EOF

rc_cleanup() {
	pids=$(tmux -S "$RC_SOCK" list-panes -a -F '#{pane_pid}' 2>/dev/null)
	tmux -S "$RC_SOCK" kill-server >/dev/null 2>&1
	# A rackcon stuck in a loop may not die of the SIGHUP: end it.
	for p in $pids; do
		kill -0 "$p" 2>/dev/null || continue
		sleep 0.2
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$tmpdir"
}
# shellcheck disable=SC2154 # rc_status is set inside the trap
trap 'rc_status=$?; rc_cleanup; exit $rc_status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# tmux with a clean environment, our socket and our config.
tm() {
	env -i PATH="$PATH" HOME="$tmpdir/home" LANG=C.UTF-8 \
	    tmux -u -S "$RC_SOCK" -f "$tmpdir/tmux.conf" "$@"
}

# Quote one word for sh.
rc_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The environment rackcon runs with, as words for env(1).
rc_env() {
	for w in "TERM=$RC_TERM" "LANG=$RC_LANG" "TZ=${RC_TZ:-UTC0}" NO_COLOR=1 \
	    "RACKCON_PLUGIN_DIR=${RC_PLUGIN_DIR:-}" \
	    "HOME=$tmpdir/home" "XDG_CONFIG_HOME=$tmpdir/config" \
	    "XDG_STATE_HOME=$tmpdir/state" "PATH=$PATH" 'PS1=rc-shell$ '; do
		printf '%s ' "$(rc_quote "$w")"
	done
	# a locale built into the test's own folder (regress/locale.sh)
	[ -z "${RC_LOCPATH:-}" ] ||
	    printf '%s ' "$(rc_quote "LOCPATH=$RC_LOCPATH")"
}

# The rackcon command line, quoted, for the arguments given to rc_start.
rc_cmdline() {
	printf '%s' "$(rc_quote "$RC_ROOT/rackcon")"
	[ -z "$RC_SYSROOT" ] ||
	    printf ' --sysroot %s' "$(rc_quote "$RC_SYSROOT")"
	printf ' --audit-log %s' "$(rc_quote "$tmpdir/audit.log")"
	printf '%s' "$RC_ARGS"
}

rc_start() {
	size=80x24
	RC_TERM=vt100
	RC_LANG=C.UTF-8
	RC_SYSROOT=$RC_FIXTURE
	shell=no
	while [ $# -gt 0 ]; do
		case $1 in
		-s) size=$2; shift 2 ;;
		-t) RC_TERM=$2; shift 2 ;;
		-l) RC_LANG=$2; shift 2 ;;
		-r) RC_SYSROOT=$2; shift 2 ;;
		-c) shell=yes; shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	RC_ARGS=
	for a in "$@"; do
		RC_ARGS="$RC_ARGS $(rc_quote "$a")"
	done
	tm kill-session -t "$RC_SESSION" >/dev/null 2>&1
	if [ $shell = yes ]; then
		inner="exec env -i $(rc_env) sh -i"
	else
		inner="cd $(rc_quote "$RC_ROOT") && exec env -i $(rc_env) $(rc_cmdline)"
	fi
	tm new-session -d -s "$RC_SESSION" -x "${size%x*}" -y "${size#*x}" \
	    -c "$RC_ROOT" "$inner" || fail "tmux new-session failed"
}

send_keys() { tm send-keys -t "$RC_SESSION" "$@"; }
send_text() { tm send-keys -t "$RC_SESSION" -l "$1"; }

screen() { tm capture-pane -p -t "$RC_SESSION"; }
screen_attr() { tm capture-pane -p -e -t "$RC_SESSION"; }

show_screen() {
	printf '%s\n' "---- screen (${1:-now}) ----"
	screen | sed 's/^/|/'
	printf '%s\n' "---- pane: $(tm display-message -p -t "$RC_SESSION" \
	    'dead=#{pane_dead} status=#{pane_dead_status} size=#{pane_width}x#{pane_height} pid=#{pane_pid}' 2>&1)"
	pid=$(tm display-message -p -t "$RC_SESSION" '#{pane_pid}' 2>/dev/null)
	[ -z "$pid" ] || ps -o pid=,stat=,args= -p "$pid" | cut -c1-100
	# and its children (rackcon under an interactive sh): a stopped (T)
	# or sleeping process tells a hang from a slow machine
	[ -z "$pid" ] || ps -o pid=,stat=,wchan=,args= --ppid "$pid" 2>/dev/null |
	    cut -c1-100
}

# Seconds to a count of 0.1 s polls.
rc_ticks() { awk -v t="$1" 'BEGIN { n = int(t * 10); print (n < 1 ? 1 : n) }'; }

# Waits end at a wall-clock deadline, never after a count of polls (a
# capture-pane can take a second on a loaded machine), and every wait is
# given at least $RC_WAIT seconds (default 30): a limit only costs time
# when a test fails, so it is generous, and CI on a busy machine does not
# fail for being slow.
rc_deadline() { # SECS: prints the epoch second the wait gives up at
	secs=${1%.*}
	[ -n "$secs" ] || secs=0
	[ "$secs" -ge "${RC_WAIT:-30}" ] || secs=${RC_WAIT:-30}
	echo $(($(date +%s) + secs))
}
rc_before() { [ "$(date +%s)" -lt "$1" ]; } # DEADLINE: not yet reached

# _wait_match VIEW ERE SECS NOTE: until what VIEW prints matches ERE, at
# most SECS; else the screen and a failure (NOTE after the pattern).
_wait_match() {
	end=$(rc_deadline "$3")
	while rc_before "$end"; do
		$1 | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	$1 | grep -Eq -- "$2" && return 0
	show_screen "after the wait"
	fail "timed out waiting for /$2/$4"
}
wait_for() { _wait_match screen "$1" "${2:-10}" ""; }

wait_gone() {
	end=$(rc_deadline "${2:-10}")
	while rc_before "$end"; do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
	done
	screen | grep -Eq -- "$1" || return 0
	show_screen "after the wait"
	fail "timed out waiting for /$1/ to go away"
}

press_until() {
	n=${3:-40}
	while ! screen | grep -Eq -- "$1"; do
		[ "$n" -gt 0 ] || { show_screen; fail "pressed $2 ${3:-40} times, no /$1/"; }
		send_keys "$2"
		n=$((n - 1))
		sleep 0.05
	done
}

# True once the pane's process has ended and tmux has its exit status.
# tmux built with libutempter can miss the SIGCHLD while utempter's own
# handler is in (tmux issue 311): a dead pane without a status gets the
# server a SIGCHLD of its own, so it reaps the child.
pane_dead() {
	case $(tm display-message -p -t "$RC_SESSION" \
	    '#{pane_dead}:#{pane_dead_status}#{pane_dead_signal}' 2>/dev/null) in
	1:?*) return 0 ;;
	1:) kill -CHLD "$(tm display-message -p '#{pid}')" 2>/dev/null ;;
	esac
	return 1
}

wait_exit() {
	end=$(rc_deadline "${1:-10}")
	while rc_before "$end"; do
		pane_dead && return 0
		sleep 0.1
	done
	pane_dead && return 0
	show_screen "after the wait"
	fail "rackcon did not exit"
}

# The exit status of the pane's process, or "signal N".
exit_status() {
	tm display-message -p -t "$RC_SESSION" \
	    '#{?pane_dead_signal,signal #{pane_dead_signal},#{pane_dead_status}}'
}

# The screen as one line (a long notice wraps at the width): lines joined
# with spaces, runs of spaces made one, the rule's ends (q on a vt100)
# left out. A notice drawn on the rule starts with its end, and may reach
# the other with no blank between ("...; rows fromq"): that end goes too
# (lab/ssh-faults waited for "rows from 08:21:43" and saw "rows fromq"
# whenever the notice was exactly as wide as the rule).
flat() {
	screen | sed '/^[q─]/s/[q─]$//; s/^[q─]//; s/ [q─]$//' | tr '\n' ' ' |
	    tr -s ' '
}
wait_flat() { _wait_match flat "$1" "${2:-10}" " (lines joined)"; }

# wait_disks_read [SECS]: the fixture's Disks panel shows the full snapshot
# (ROT and SMART read), not the first frame's names and sizes. A change
# typed before that is refused as "not read yet", so wait for this first.
wait_disks_read() { wait_for '^sda +3\.6T +sata +yes +PASSED' "${1:-10}"; }

assert_screen() {
	screen | grep -Eq -- "$1" && return 0
	show_screen
	fail "screen does not match /$1/"
}

assert_not_screen() {
	screen | grep -Eq -- "$1" || return 0
	show_screen
	fail "screen matches /$1/ but should not"
}

# The first word of the table row drawn in reverse video (the selection):
# follow tmux's SGR sequences and report a line whose first character is
# drawn reversed and starts a word.
selected_row() {
	screen_attr | awk '
	function sgr(params,    n, p, i) {
		n = split(params, p, ";")
		if (n == 0) rev = 0
		for (i = 1; i <= n; i++) {
			if (p[i] == "" || p[i] == "0" || p[i] == "27") rev = 0
			else if (p[i] == "7") rev = 1
		}
	}
	{
		line = $0
		first = 1
		while (line != "") {
			if (match(line, /^\033\[[0-9;]*m/)) {
				sgr(substr(line, 3, RLENGTH - 3))
				line = substr(line, RLENGTH + 1)
			} else if (match(line, /^\033[^a-zA-Z]*[a-zA-Z]/)) {
				line = substr(line, RLENGTH + 1)
			} else {
				if (first && rev && match(line, /^[A-Za-z0-9_.-]+ /)) {
					print substr(line, 1, RLENGTH - 1)
					exit
				}
				first = 0
				if (match(line, /^[^\033]+/))
					line = substr(line, RLENGTH + 1)
				else
					line = substr(line, 2)
			}
		}
	}'
}

wait_selected() {
	end=$(rc_deadline "${2:-10}")
	while rc_before "$end"; do
		[ "$(selected_row)" = "$1" ] && return 0
		sleep 0.1
	done
	[ "$(selected_row)" = "$1" ] && return 0
	show_screen "after the wait"
	fail "selected row is '$(selected_row)', expected '$1'"
}

# The screen line number of the table row NAME (below the tab bar and the
# header).
row_line() {
	screen | awk -v n="$1" 'NR > 2 && $1 == n { print NR; exit }'
}

# Press Up or Down until NAME is the selected row.
select_row() {
	n=20
	while [ "$(selected_row)" != "$1" ]; do
		[ "$n" -gt 0 ] || { show_screen; fail "cannot select $1"; }
		if [ "$(row_line "$(selected_row)")" -lt "$(row_line "$1")" ]
		then
			send_keys Down
		else
			send_keys Up
		fi
		n=$((n - 1))
		sleep 0.1
	done
}

# fake_mdadm ROOT LOG: ROOT/bin/mdadm appends one line per run that would
# change something to LOG, each argument in brackets ([--fail][/dev/sdb1]);
# the RAID panel's superblock reads (--examine) change nothing, fail, and
# are not logged.
fake_mdadm() {
	mkdir -p "$1/bin"
	cat >"$1/bin/mdadm" <<FAKE
#!/bin/sh
[ "\$1" = --examine ] && exit 1
for a; do printf '[%s]' "\$a"; done >>$(rc_quote "$2")
echo >>$(rc_quote "$2")
FAKE
	chmod +x "$1/bin/mdadm"
}

# The disk names in table order, one per line.
table_rows() {
	screen | awk -v disks=" $RC_DISKS " '
		index(disks, " " $1 " ") { print $1 }'
}

# rackcon without a terminal: rc_batch [-r SYSROOT] [--] ARGS; stdout and
# stderr in $tmpdir, the exit status in $status. Like rc_start, in the time
# zone $RC_TZ (default UTC0, the zone of the fixtures' mdadm times).
rc_batch() {
	RC_SYSROOT=$RC_FIXTURE
	if [ "${1:-}" = -r ]; then
		RC_SYSROOT=$2
		shift 2
	fi
	[ "${1:-}" != -- ] || shift
	env -i PATH="$PATH" LANG=C.UTF-8 TZ="${RC_TZ:-UTC0}" NO_COLOR=1 \
	    RACKCON_PLUGIN_DIR="${RC_PLUGIN_DIR:-}" \
	    HOME="$tmpdir/home" XDG_CONFIG_HOME="$tmpdir/config" XDG_STATE_HOME="$tmpdir/state" \
	    ./rackcon ${RC_SYSROOT:+--sysroot "$RC_SYSROOT"} \
	    --audit-log "$tmpdir/audit.log" "$@" >"$tmpdir/stdout" 2>"$tmpdir/stderr" </dev/null
	status=$?
	echo "rackcon $*: exit $status"
	sed -n '1,3s/^/  stderr: /p' "$tmpdir/stderr"
}


pane_record() {
	tm pipe-pane -o -t "$RC_SESSION" "cat >> $(rc_quote "$1")" ||
	    fail "tmux pipe-pane failed"
}

pane_record_stop() { tm pipe-pane -t "$RC_SESSION"; }

file_bytes() {
	if [ -f "$1" ]; then
		wc -c <"$1" | tr -d ' '
	else
		echo 0
	fi
}

wait_quiet() {
	quiet=$(rc_ticks "${2:-1}")
	end=$(rc_deadline "${3:-10}")
	last=$(file_bytes "$1")
	still=0
	while rc_before "$end"; do
		sleep 0.1
		now=$(file_bytes "$1")
		if [ "$now" != "$last" ]; then
			last=$now
			still=0
		else
			still=$((still + 1))
			[ "$still" -lt "$quiet" ] || return 0
		fi
	done
	show_screen "after the wait"
	fail "$1 still grows (now $last bytes)"
}
