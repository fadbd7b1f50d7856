#!/bin/sh
# Run every layer of tests and end with one summary line:
#   unit (CUnit), unit under ASan+UBSan, fuzz (short libFuzzer runs),
#   regress (the real binary in tmux), lab (real loop devices, qemu, private
#   sshd through tests/lib-sshd.sh; these need root and skip without it;
#   simulated BMCs through tests/lib-ipmisim.sh, ipmisim-harness.sh, with
#   tests/lab/sol-peer, which make check builds, and lab/ipmi-faults with
#   tests/bench/key-time, built there too; fake SMASH-CLP BMCs over
#   SSH through tests/lib-smash.sh, with tests/lab/smash-peer, built there
#   too: lab/smash-peer, lab/smash-sol).
# Each script test exits 0 (pass), 77 (skipped, says why) or other (fail).
set -u
cd "$(dirname "$0")/.." || exit 1
: "${MAKE:=make}"
passed=0
failed=0
skipped=0
failures=""
out=tests/out
mkdir -p "$out"

note() { printf '%s\n' "$*"; }

count_unit() { # LABEL LOG: add the CUnit counts from run-unit's last line
	line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	p=$(echo "$line" | sed -E 's/unit: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed/\1/')
	[ -n "$p" ] || { p=0; f=1; }
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" = 0 ] || failures="$failures $1"
	note "$1: $p passed, $f failed"
}

run_unit() { # LABEL BINARY
	if [ "${BUILD_CUNIT:-yes}" != yes ]; then
		note "$1: skipped (CUnit not found by configure)"
		skipped=$((skipped + 1))
		return
	fi
	if ! $MAKE -s "$2" >"$out/$1.build.log" 2>&1; then
		cat "$out/$1.build.log"
		failed=$((failed + 1))
		failures="$failures $1-build"
		return
	fi
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    "./$2" >"$out/$1.log" 2>&1
	status=$?
	grep -E 'FAILED|Test:.*failed|ERROR: |runtime error' "$out/$1.log" | head -40
	count_unit "$1" "$out/$1.log"
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		tail -20 "$out/$1.log"
		failed=$((failed + 1))
		failures="$failures $1-exit"
	fi
}

run_script() { # NAME SCRIPT [ARGS...]
	name="$1"
	shift
	log="$out/$(echo "$name" | tr / -).log"
	sh "$@" >"$log" 2>&1 </dev/null
	status=$?
	case $status in
	0) passed=$((passed + 1)); note "$name: passed" ;;
	77) skipped=$((skipped + 1)); note "$name: skipped ($(tail -1 "$log"))" ;;
	*) failed=$((failed + 1)); failures="$failures $name"
	   note "$name: FAILED (exit $status); last lines of $log:"
	   tail -15 "$log" | sed 's/^/    /' ;;
	esac
}

if [ "${BUILD_DISKS:-yes}" != yes ]; then
	note "disks: plugin not built (libblkid or json-c missing): its tests skipped"
	skipped=$((skipped + 1))
fi
run_unit unit tests/unit/run-unit
run_unit unit-asan tests/unit/run-unit-asan

if [ "${FUZZ_CC:-none}" = none ]; then
	note "fuzz: skipped (no clang)"
	skipped=$((skipped + 1))
else
	for target in ${FUZZ_TARGETS:-}; do
		run_script "fuzz/$target" tests/fuzz/run-fuzz.sh "$target"
	done
fi

for t in tests/regress/*.sh tests/lab/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh) continue ;; esac
	run_script "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" "$t"
done

[ -z "$failures" ] || note "failed:$failures"
note "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
