#!/bin/sh
# The bench's terminal tools read the real binary right: frame-time -m sees
# a screen with COUNT matching lines (and -s sizes its terminal), key-time
# sees every Down and Up move the highlighted row and ends the program.
# Built here when libvterm is there; skipped when it is not.
. tests/regress/lib.sh

${MAKE:-make} -s tests/bench/frame-time tests/bench/key-time \
    >"$tmpdir/make.log" 2>&1 ||
	skip "bench tools not built (libvterm missing?): $(tail -1 "$tmpdir/make.log")"

run() {
	env HOME="$tmpdir/home" XDG_CONFIG_HOME="$tmpdir/config" \
	    XDG_STATE_HOME="$tmpdir/state" TERM=vt100 LANG=C.UTF-8 NO_COLOR=1 \
	    "$@"
}
rc="./rackcon --no-audit --sysroot $RC_FIXTURE"

say "frame-time -m: five sd disk rows on a 30x90 terminal"
# shellcheck disable=SC2086 # $rc is words
out=$(run tests/bench/frame-time -s 30x90 -m 5 -t 20 'sd[a-e] *' $rc) ||
	fail "frame-time -m 5 saw no frame: $out"
case $out in
paint_us=[0-9]*' frame_us='[0-9]*' bytes='[0-9]*) ;;
*) fail "frame-time printed: $out" ;;
esac

say "frame-time -m: no frame when fewer lines match"
# shellcheck disable=SC2086
if run tests/bench/frame-time -m 6 -t 3 'sd[a-e] *' $rc \
    >/dev/null 2>&1; then
	fail "frame-time -m 6 saw six sd[a-e] rows"
fi

say "key-time: six keys, each move seen"
# shellcheck disable=SC2086
out=$(run tests/bench/key-time -n 6 -t 20 '*10/10*' $rc) ||
	fail "key-time failed: $out"
echo "$out"
case $out in
'keys=6 missed=0 median_us='[0-9]*' stop_ms='[0-9]*) ;;
*) fail "key-time did not time six keys: $out" ;;
esac
echo "bench-tools: ok"
