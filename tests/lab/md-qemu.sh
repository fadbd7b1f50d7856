#!/bin/sh
# Lab test: rackcon against a real kernel's md RAID and SCSI disks.
#
# This machine's kernel has no md driver, so tests/lab/qemu/mdlab.sh boots
# Debian's own kernel under QEMU (TCG, no KVM needed) with a busybox
# initramfs holding mdadm and this build of rackcon, and runs
# tests/lab/qemu/guest-md.sh inside: the Disks panel's timeout and
# queue-depth commands on scsi_debug disks, then a RAID1 and a RAID5 for
# the RAID panel (checked once `rackcon --list raid --json` exists; until
# then a NOTE says so and the disk part decides).
#
# Run from the repo root: sh tests/lab/md-qemu.sh.  Exit 0 pass, 77 skip
# (qemu, busybox-static, mdadm or the kernel .deb missing; the reason is
# the last line), else fail.  The guest's results and JSON captures stay
# in tests/out/md-qemu/.
#
# Environment: QLAB_DIR (the lab's cache, default /var/tmp/rackcon-qlab),
# MD_QEMU_TIMEOUT (seconds for the VM, default 300), MD_QEMU_RACKCON (the
# build folder holding rackcon and backends/, default .).
set -u

lab=tests/lab/qemu
keep=tests/out/md-qemu
rackcon_dir=${MD_QEMU_RACKCON:-.}
vm_timeout=${MD_QEMU_TIMEOUT:-300}

skip() {
	echo "md-qemu: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

command -v bash >/dev/null 2>&1 || skip "bash is not installed (mdlab.sh needs it)"
[ -x "$rackcon_dir/rackcon" ] || fail "$rackcon_dir/rackcon is not built (run make first)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/md-qemu.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start=$(date +%s)

# The tools and the kernel first: what is missing here is a skip, with the
# reason mdlab.sh gives (which tool, or why the .deb could not be had).
bash "$lab/mdlab.sh" --prepare >"$tmp/prepare.log" 2>&1
status=$?
case $status in
0) ;;
77) skip "$(tail -1 "$tmp/prepare.log" | sed 's/^mdlab: //')" ;;
*)
	cat "$tmp/prepare.log"
	fail "mdlab.sh --prepare exited $status"
	;;
esac
prepared=$(date +%s)

bash "$lab/mdlab.sh" --quiet --rackcon "$rackcon_dir" --out "$tmp/out" \
    --timeout "$vm_timeout" "$lab/guest-md.sh" 2>"$tmp/mdlab.log"
status=$?
end=$(date +%s)

rm -rf "$keep"
mkdir -p "$keep" && cp -R "$tmp/out/." "$keep/" 2>/dev/null

res=$tmp/out/results.txt
if [ ! -s "$res" ]; then
	echo "the guest left no results; end of its console:"
	tail -30 "$tmp/out/console.log" 2>/dev/null | sed 's/^/    | /'
	cat "$tmp/mdlab.log"
	fail "no results from the VM (mdlab.sh exit $status)"
fi

# The JSON the checks were made on, then the checks themselves.
for j in "$tmp"/out/*.json; do
	[ -f "$j" ] || continue
	echo "--- $(basename "$j")"
	cat "$j"
done
echo "--- results"
cat "$res"
cat "$tmp/mdlab.log"
echo "md-qemu: $((prepared - start))s to prepare, $((end - prepared))s in the VM;" \
    "results kept in $keep"

nfail=$(grep -c '^FAIL' "$res")
npass=$(grep -c '^PASS' "$res")
[ "$nfail" = 0 ] || fail "$nfail of $((npass + nfail)) checks failed in the VM"
[ "$status" = 0 ] || fail "the guest script exited $status (125: the VM never reported)"
[ "$npass" -gt 0 ] || fail "no check passed"
if grep -q '^NOTE: raid panel not available yet' "$res"; then
	echo "md-qemu: passed: $npass checks (disks only; raid panel not available yet)"
else
	echo "md-qemu: passed: $npass checks"
fi
