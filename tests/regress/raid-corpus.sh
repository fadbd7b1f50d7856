#!/bin/sh
# Every /proc/mdstat sample of the corpus, rendered at 80x24: the RAID panel
# of a sysroot holding only that proc/mdstat (and an empty sys/block) lists
# every array of the sample, or for a sample its project calls invalid shows
# an error naming /proc/mdstat and keeps running; `--list raid --json` is
# valid JSON with the same arrays (invalid: a message on stderr, and either
# valid JSON or a non-zero exit). One tmux server for all of them.
. tests/regress/lib.sh

command -v jq >/dev/null 2>&1 || skip "jq is not installed"
corpus=${CORPUS_DIR:-../shared/corpus}
[ -d "$corpus/mdstat" ] || skip "no corpus at $corpus (set CORPUS_DIR)"
expected=$corpus/mdstat/EXPECTED.tsv

# Samples the source project's tests expect its parser to reject.
invalid=$(awk -F '\t' '$2 == "*" && /ERROR expected/ { print $1 }' \
    "$expected" 2>/dev/null)

# The array names a sample declares ("md0 : active ..."), sorted.
sample_names() {
	sed -nE 's/^([A-Za-z0-9_]+) : (active|inactive)( .*|$)/\1/p' "$1" |
	    sort
}

# Lines as one line of words.
words() {
	printf '%s\n' "$1" | tr '\n' ' ' | sed 's/ *$//'
}

# Words in the first column of the screen.
screen_first_words() {
	screen | awk 'NR > 2 { print $1 }'
}

# Alive and responsive: the : prompt opens and Escape closes it.
check_alive() {
	pane_dead && { show_screen; fail "$1: rackcon died ($(exit_status))"; }
	send_text :
	wait_for '^: *$' 5
	send_keys Escape
	wait_gone '^: *$' 5
}

# check_sample LABEL FILE: one sample, on screen and as JSON.
check_sample() {
	label=$1
	sample=$2
	s=$tmpdir/s-$count
	mkdir -p "$s/proc" "$s/sys/block"
	cp "$sample" "$s/proc/mdstat"
	bad=no
	printf '%s\n' "$invalid" | grep -qxF -- "${label##*/}" && bad=yes
	names=$(sample_names "$sample")
	narr=$(printf '%s' "$names" | grep -c .)

	rc_start -r "$s" -- --panel raid
	if [ $bad = yes ]; then
		wait_for '/proc/mdstat line [0-9]+: ' 5
		shown=$(screen | grep -oE '/proc/mdstat line [0-9]+: .*' |
		    sed 's/q*$//')
		check_alive "$label"
		rc_batch -r "$s" -- --list raid --json >/dev/null
		grep -q 'mdstat' "$tmpdir/stderr" ||
			fail "$label: --list raid --json says nothing about mdstat on stderr"
		if [ "$status" = 0 ]; then
			jq -e 'type == "array"' "$tmpdir/stdout" >/dev/null ||
				fail "$label: exit 0 but not a JSON array: $(head -c 200 "$tmpdir/stdout")"
		fi
		echo "$label: invalid; shown: $shown; --list exit $status"
		return
	fi

	wait_for " $narr/$narr *\$" 5
	assert_not_screen '/proc/mdstat line [0-9]+:'
	missing=""
	for name in $names; do
		screen_first_words | grep -qx -- "$name" || missing="$missing $name"
	done
	if [ -n "$missing" ]; then
		# More arrays than table rows: the rest are below.
		send_text :
		wait_for '^: *$' 5
		send_text cursor-bottom
		send_keys Enter
		for name in $missing; do
			wait_for "^$name " 5
		done
	fi
	[ "$narr" != 0 ] || assert_screen 'nothing here'
	! pane_dead || { show_screen; fail "$label: rackcon died ($(exit_status))"; }

	rc_batch -r "$s" -- --list raid --json >/dev/null
	[ "$status" = 0 ] || fail "$label: --list raid --json exited with $status"
	jq -e 'type == "array"' "$tmpdir/stdout" >/dev/null ||
		fail "$label: --list raid --json is not a JSON array"
	got=$(jq -r '.[].name' "$tmpdir/stdout" | sort)
	[ "$got" = "$names" ] ||
		fail "$label: JSON names '$(words "$got")', the sample has '$(words "$names")'"
	# The arrays the sample's own project asserts are there too.
	awk -F '\t' -v f="${label##*/}" '$1 == f && $2 != "*" { print $2 }' \
	    "$expected" >"$tmpdir/expected.names"
	while read -r name; do
		printf '%s\n' "$got" | grep -qx -- "$name" ||
			fail "$label: $name (in EXPECTED.tsv) is not in the JSON"
	done <"$tmpdir/expected.names"
	echo "$label: $narr array(s) on screen and in JSON${missing:+ (scrolled for$missing)}"
}

start=$(date +%s)
count=0
say "corpus/mdstat samples"
for f in "$corpus"/mdstat/*.txt; do
	count=$((count + 1))
	check_sample "mdstat/${f##*/}" "$f"
done
say "corpus/mdstat-qemu captures (proc/mdstat)"
for f in "$corpus"/mdstat-qemu/*/proc/mdstat; do
	[ -f "$f" ] || continue
	count=$((count + 1))
	d=${f%/proc/mdstat}
	check_sample "mdstat-qemu/${d##*/}" "$f"
done
[ "$count" -gt 0 ] || fail "no samples found under $corpus"
echo "raid-corpus: ok ($count samples in $(($(date +%s) - start)) s)"
