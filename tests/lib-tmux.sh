# shellcheck shell=sh
# A program in a private tmux server, read and typed at: what the lab
# tests that drive a console pane share (ipmi-sol, smash-sol, smash-peer).
# Source it from the repository root; the caller sets $sock (the tmux -L
# socket of its server), starts and kills that server itself.
#
#   screen [capture-pane options]  the pane's text (-e: with its SGR)
#   on_screen PATTERN              grep's -- PATTERN is in it
#   wait_for SECONDS COMMAND...    poll every 0.1 s until COMMAND succeeds;
#                                  1 when SECONDS pass first
#   keys KEYS...                   tmux send-keys
#   reverse_at ROW COL             that cell (0-based) is in reverse video,
#                                  by the SGR state capture-pane -e carries
#                                  from cell to cell
#   hex FILE                       FILE's bytes as hex, no blanks

screen() {
	tmux -L "$sock" capture-pane -p "$@"
}
on_screen() {
	screen | grep -q -- "$1"
}
wait_for() {
	_wl=$1
	shift
	_wn=0
	while ! "$@" >/dev/null 2>&1; do
		_wn=$((_wn + 1))
		[ "$_wn" -ge $((_wl * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}
keys() {
	tmux -L "$sock" send-keys "$@"
}
reverse_at() {
	screen -e | LC_ALL=C awk -v row="$1" -v col="$2" '
		BEGIN { rev = 0; found = 0 }
		{
			line = $0; x = 0
			while (length(line) > 0) {
				if (match(line, /^\033\[[0-9;]*m/)) {
					n = split(substr(line, 3, RLENGTH - 3), ps, ";")
					if (n == 0) { n = 1; ps[1] = "" }
					for (i = 1; i <= n; i++) {
						if (ps[i] == "0" || ps[i] == "") rev = 0
						else if (ps[i] == "7") rev = 1
						else if (ps[i] == "27") rev = 0
					}
					line = substr(line, RLENGTH + 1)
					continue
				}
				if (NR - 1 == row && x == col) { found = 1; exit }
				x++
				line = substr(line, 2)
			}
		}
		END { exit !(found && rev) }'
}
hex() {
	od -An -v -tx1 "$1" | tr -d ' \n'
}
