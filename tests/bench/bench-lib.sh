# shellcheck shell=sh
# Helpers shared by run-bench.sh and run-fleet.sh (sourced; $sock names the
# tmux server of the run in progress).

now_us() {
	date +%s%6N
}

# "12.3" for 12345 microseconds.
ms() {
	printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

# FILE's size in bytes, 0 when it does not exist.
fsize() {
	if [ -f "$1" ]; then
		wc -c <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# The pid of the program in the pane (the shell execs env, env execs it).
pane_pid() {
	tmux -L "$sock" display-message -p '#{pane_pid}'
}

term_stop() {
	tmux -L "$sock" kill-server >/dev/null 2>&1
}
