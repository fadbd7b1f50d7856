#!/bin/sh
# Build one libFuzzer target and run it briefly over its seeds.
#   sh tests/fuzz/run-fuzz.sh fuzz-NAME [SECONDS]
# Seeds come from tests/fuzz/seeds/NAME/ and the matching corpus folder;
# new inputs go to a scratch folder, never into the source tree.
set -eu
target=$1
seconds=${2:-${FUZZ_SECONDS:-10}}
name=${target#fuzz-}
make -s "tests/fuzz/$target"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
corpus=${CORPUS_DIR:-../shared/corpus}
for d in "tests/fuzz/seeds/$name" "$corpus/$name"; do
	[ -d "$d" ] && find "$d" -type f -size -64k -exec cp {} "$scratch/" \; 2>/dev/null
done
case $name in
smart-json) cp "$corpus"/smartctl-json/*.json "$scratch/" 2>/dev/null || true ;;
keymap) cp keymaps/*.keys "$scratch/" ;;
proc-swaps) cp tests/fixtures/sysroot-disks/proc/swaps "$scratch/" ;;
mdstat)
	# mdadm --examine output: the lab's capture (1.2) and the fixture's
	# (1.2 and 0.90).
	cp "$corpus"/mdstat-qemu/mdadm-examine*.txt \
	    tests/fixtures/sysroot-raid/mdadm/*.examine "$scratch/" 2>/dev/null || true
	;;
disk-sysfs)
	# Its input: scheduler or stat text, a NUL, then a mount table or
	# partitions.
	for f in tests/fixtures/sysroot-disks/proc/partitions \
	    tests/fixtures/sysroot-disks/proc/self/mountinfo; do
		{ printf '[mq-deadline] none\0'; cat "$f"; } \
		    >"$scratch/seed-${f##*/}"
	done
	cp tests/fixtures/sysroot-disks/sys/block/sda/stat "$scratch/seed-stat"
	;;
esac
status=0
# -timeout: an input that hangs the target (libvterm's REP loop did)
# fails the run at once instead of after libFuzzer's 20 minutes.
"tests/fuzz/$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=1024 \
    -artifact_prefix="$scratch/" "$scratch" >"$scratch/log" 2>&1 || status=$?
tail -30 "$scratch/log"
if [ "$status" != 0 ]; then
	for f in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-*; do
		[ -f "$f" ] && { echo "input $f:"; od -c "$f" | head -20; }
	done
	exit 1
fi
echo "$target: no crash in ${seconds}s"
