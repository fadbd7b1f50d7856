#!/bin/bash
# mdlab.sh: boot Debian's own kernel under QEMU (TCG) with a small busybox
# initramfs and run one test script inside it, against real md RAID,
# scsi_debug and loop disks.  This machine's kernel has no md driver, so
# this is the only place rackcon meets the kernel's md code.
# The recipe is ../shared/labs/qemu-md.md; this is our own implementation.
#
# usage: mdlab.sh [options] TEST_SCRIPT [-- ARGS...]
#        mdlab.sh --prepare     only fetch the kernel and build the base image
#
#   --rackcon DIR     put DIR/rackcon and DIR/backends/*.so (and the shared
#                     libraries they need) in the per-run overlay, as
#                     /opt/rackcon/rackcon on the guest's PATH
#   --bin PATH[:DEST] add a host binary and its libraries (DEST defaults to
#                     /usr/local/bin/NAME) to the per-run overlay
#   --file SRC[:DEST] add a file or folder (DEST defaults to /mdlab/files/NAME)
#   --share DIR       use DIR as the 9p share (/host in the guest) instead of
#                     a fresh one, e.g. to run a host binary from /host
#   --out DIR         where console.log and the guest's results go
#                     (default $QLAB_DIR/last, replaced on every run)
#   --timeout S       kill QEMU after S seconds (default 300); the guest
#                     stops the test itself 30 s before that
#   --mem MB, --smp N, --accel tcg|kvm   (defaults 512, 1, tcg)
#   --kver KVER       kernel ABI (default the pinned one below)
#   --quiet           do not echo the guest's console (it is in console.log)
#   --verbose         show the whole boot log
#   --shell           an interactive shell in the guest instead of the test
#   --rebuild         rebuild the cached kernel tree and base image
#   --keep            keep the run's work folder
#
# Exit status: the test script's own; 125 when the VM never reported one;
# 77 when the lab cannot be built here (a tool or the kernel .deb is
# missing), with the reason on the last line of stderr; 2 for bad usage.
#
# Inside the guest the test runs as root with $MDLAB_OUT=/tmp/out; whatever
# it leaves there comes back to the host as one tar over the 9p share
# (one tar, because copying many small files over 9p is slow under TCG).
#
# Cache ($QLAB_DIR, default /var/tmp/rackcon-qlab):
#   debs/                   the kernel .deb (kept: old ABIs leave the mirror)
#   kernel-KVER/            vmlinuz, the trimmed module tree, modules.load
#   base-KVER/              the base initramfs (base.cpio.gz) and its tree
#   runs/                   per-run work folders (removed afterwards)
set -u -o pipefail

# The ABI found with `apt-cache depends linux-image-amd64` on 2026-11-22.
# Pinned so every run boots the same kernel; when a security update moves
# the metapackage on, the .deb kept in the cache still has this one, and a
# fresh cache falls back to the current ABI.
PINNED_KVER=6.1.0-56-amd64

# Loaded by /init in this order (the recipe's documented order; each
# module's own dependencies from modules.dep are put before it if a newer
# kernel ever adds some).  The three *_generic crypto modules come first:
# libcrc32c (raid456) needs a crc32c provider, and crc32c-intel needs
# SSE4.2, which TCG's default CPU lacks.  Without udev nothing autoloads,
# so sd_mod is explicit or scsi_debug disks never get an sdX.
LOAD_MODULES="crc32c_generic crct10dif_common crct10dif_generic crc64
crc64_rocksoft_generic md-mod raid1 async_tx xor async_xor raid6_pq async_pq
async_memcpy async_raid6_recov libcrc32c raid456 loop scsi_common scsi_mod
crc-t10dif crc64-rocksoft t10-pi sd_mod virtio_ring virtio_pci_modern_dev
virtio_pci_legacy_dev virtio virtio_pci virtio_blk 9pnet 9pnet_virtio netfs
fscache 9p"
# Copied into the image but not loaded: tests load them with their own
# parameters (modprobe works from the trimmed modules.dep).
EXTRA_MODULES="scsi_debug raid0 raid10 linear ahci ata_piix ext4"

# Host tools copied into the base image with their libraries.  mdadm is
# required; the rest are used when present.
REQUIRED_TOOLS="mdadm"
OPTIONAL_TOOLS="smartctl blkid lsblk wipefs mkfs.ext4"
# Libraries rackcon and its plugins link today, put in the base image so
# that a fresh rackcon build rarely needs any library in the overlay.
SEED_LIBS="libncursesw.so.6 libncurses.so.6 libtinfo.so.6 libpanelw.so.6
libmenuw.so.6 libformw.so.6 libblkid.so.1 libmount.so.1 libjson-c.so.5
libudev.so.1"
TERMINFO_ENTRIES="v/vt100 v/vt220 l/linux d/dumb x/xterm x/xterm-256color"

QLAB_DIR=${QLAB_DIR:-/var/tmp/rackcon-qlab}
KVER=${MDLAB_KVER:-$PINNED_KVER}
TIMEOUT=300
MEM=512
SMP=1
ACCEL=tcg
OUT=""
SHARE=""
RACKCON_DIR=""
QUIET=no
VERBOSE=no
SHELL_MODE=no
REBUILD=no
KEEP=no
PREPARE_ONLY=no
BINS=()
FILES=()
TEST=""
TEST_ARGS=()
WORK=""
START=$(date +%s)

# --- messages ------------------------------------------------------------

say() { printf 'mdlab: %s\n' "$*" >&2; }
die() { say "$*"; exit 125; }
usage_error() { say "$*"; say "see the header of $0 for usage"; exit 2; }
# The lab cannot be built on this machine: exit 77, reason last.
unavailable() { say "$*"; exit 77; }

QEMU_PID=""
TAIL_PID=""
cleanup() {
	# Interrupted while the VM runs: stop it (timeout passes the TERM on
	# to QEMU) rather than leave it running until its deadline.
	[ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null
	[ -n "$TAIL_PID" ] && kill "$TAIL_PID" 2>/dev/null
	[ -n "$WORK" ] && [ "$KEEP" = no ] && rm -rf "$WORK"
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- arguments -------------------------------------------------------------

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--rackcon) RACKCON_DIR=${2:?}; shift ;;
		--bin) BINS+=("${2:?}"); shift ;;
		--file) FILES+=("${2:?}"); shift ;;
		--share) SHARE=${2:?}; shift ;;
		--out) OUT=${2:?}; shift ;;
		--timeout) TIMEOUT=${2:?}; shift ;;
		--mem) MEM=${2:?}; shift ;;
		--smp) SMP=${2:?}; shift ;;
		--accel) ACCEL=${2:?}; shift ;;
		--kver) KVER=${2:?}; shift ;;
		--quiet) QUIET=yes ;;
		--verbose) VERBOSE=yes ;;
		--shell) SHELL_MODE=yes ;;
		--rebuild) REBUILD=yes ;;
		--keep) KEEP=yes ;;
		--prepare) PREPARE_ONLY=yes ;;
		--) shift; break ;;
		-*) usage_error "unknown option $1" ;;
		*)
			[ -z "$TEST" ] || usage_error "one test script only ($1?)"
			TEST=$1
			;;
		esac
		shift
	done
	TEST_ARGS=("$@")
	case $TIMEOUT in '' | *[!0-9]*) usage_error "--timeout wants seconds" ;; esac
	case $ACCEL in tcg | kvm) ;; *) usage_error "--accel is tcg or kvm" ;; esac
	if [ "$PREPARE_ONLY" = no ] && [ "$SHELL_MODE" = no ]; then
		[ -n "$TEST" ] || usage_error "no test script given"
		[ -f "$TEST" ] || usage_error "no such test script: $TEST"
	fi
	if [ -n "$RACKCON_DIR" ] && [ ! -x "$RACKCON_DIR/rackcon" ]; then
		usage_error "no rackcon binary in $RACKCON_DIR (run make)"
	fi
	return 0
}

# --- host checks -------------------------------------------------------------

have() { command -v "$1" >/dev/null 2>&1; }

# Debian's package name when dpkg knows it is installed, else empty.
package_installed() {
	have dpkg-query || return 1
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null |
	    grep -q '^install ok installed$'
}

check_host_tools() {
	have qemu-system-x86_64 ||
		unavailable "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
	# busybox-static: its depmod, cpio, insmod and sh are the whole
	# userland; the dynamic "busybox" package lacks some applets.
	if have dpkg-query; then
		package_installed busybox-static ||
			unavailable "busybox-static is not installed (apt-get install busybox-static)"
	fi
	have busybox || unavailable "busybox is not installed (apt-get install busybox-static)"
	for tool in $REQUIRED_TOOLS; do
		have "$tool" || unavailable "$tool is not installed (apt-get install $tool)"
	done
	for tool in timeout gzip ldd cmp; do
		have "$tool" || unavailable "$tool is not installed"
	done
}

# --- the kernel .deb -----------------------------------------------------------

# The ABI the linux-image-amd64 metapackage points at today, or nothing.
current_kver() {
	have apt-cache || return 0
	apt-cache depends linux-image-amd64 2>/dev/null |
	    sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -1
}

cached_deb() { # KVER (or *): the cached .deb of that ABI, if any
	local f found=""
	# shellcheck disable=SC2231 # $1 may be a glob
	for f in "$QLAB_DIR"/debs/linux-image-$1_*.deb; do
		[ -f "$f" ] && found=$f
	done
	echo "$found"
}

# Download linux-image-KVER into the cache; quiet unless it fails.  Under
# timeout and with short apt timeouts: a dead mirror must not hang CI.
download_deb() { # KVER
	have apt-get || return 1
	mkdir -p "$QLAB_DIR/debs"
	say "downloading linux-image-$1 ..."
	# apt-get download as root warns that _apt cannot write here; harmless.
	(cd "$QLAB_DIR/debs" &&
	    timeout 300 apt-get -q -o Acquire::http::Timeout=30 \
	    -o Acquire::Retries=2 download "linux-image-$1") \
	    >"$QLAB_DIR/debs/download.log" 2>&1 && [ -n "$(cached_deb "$1")" ]
}

# Sets KVER and DEB: the pinned ABI from the cache or the mirror, else the
# current ABI, else any kernel already in the cache.
find_kernel_deb() {
	DEB=$(cached_deb "$KVER")
	[ -n "$DEB" ] && return 0
	if download_deb "$KVER"; then
		DEB=$(cached_deb "$KVER")
		return 0
	fi
	local why cur
	why=$(grep -E '^(E|W):' "$QLAB_DIR/debs/download.log" 2>/dev/null |
	    grep -v unsandboxed | tail -1)
	cur=$(current_kver)
	if [ -n "$cur" ] && [ "$cur" != "$KVER" ]; then
		say "linux-image-$KVER is not on the mirror; using the current ABI $cur"
		DEB=$(cached_deb "$cur")
		if [ -n "$DEB" ] || download_deb "$cur"; then
			KVER=$cur
			DEB=$(cached_deb "$cur")
			return 0
		fi
	fi
	DEB=$(cached_deb '*')
	if [ -n "$DEB" ]; then
		KVER=$(basename "$DEB" | sed 's/^linux-image-\([^_]*\)_.*/\1/')
		say "no download possible; using the cached kernel $KVER"
		return 0
	fi
	unavailable "the kernel .deb linux-image-$KVER cannot be had" \
	    "(apt-get download failed${why:+: $why})"
}

# --- the trimmed kernel tree ---------------------------------------------------

# Reads modules.dep (from stdin) and prints "load PATH" for LOAD_MODULES
# in their order, each module's dependencies first, then "copy PATH" for
# everything else EXTRA_MODULES need.  Names compare with - and _ alike.
# Plain mawk: no \s, no gensub.
order_modules() {
	awk -v load="$LOAD_MODULES" -v extra="$EXTRA_MODULES" '
	function modname(p,  b) {
		b = p; sub(/.*\//, "", b); sub(/\.ko.*$/, "", b)
		gsub(/-/, "_", b); return b
	}
	function visit(n, how,  list, k, i) {
		if (n in seen) return
		if (!(n in path)) { print "missing " n; return }
		seen[n] = 1
		k = split(deps[n], list, " ")
		for (i = 1; i <= k; i++) visit(list[i], how)
		print how " " path[n]
	}
	{
		p = $1; sub(/:$/, "", p); n = modname(p)
		path[n] = p; deps[n] = ""
		for (i = 2; i <= NF; i++) deps[n] = deps[n] " " modname($i)
	}
	END {
		k = split(load, l, " ")
		for (i = 1; i <= k; i++) { m = l[i]; gsub(/-/, "_", m); visit(m, "load") }
		k = split(extra, l, " ")
		for (i = 1; i <= k; i++) { m = l[i]; gsub(/-/, "_", m); visit(m, "copy") }
	}'
}

kernel_tree_id() { echo "$(basename "$DEB") $LOAD_MODULES $EXTRA_MODULES" | tr '\n' ' '; }

# kernel-KVER/: vmlinuz and only the modules we use, from one .deb (the
# modules are signed with MODVERSIONS; vmlinuz and modules must match).
# The .deb ships no modules.dep, so busybox depmod writes one.  The 400 MB
# unpacked tree is thrown away; the .deb stays in debs/.
build_kernel_tree() {
	local dir=$QLAB_DIR/kernel-$KVER
	# done names the .deb and the module lists: a new list rebuilds.
	[ "$REBUILD" = no ] && [ -f "$dir/done" ] &&
	    [ "$(cat "$dir/done")" = "$(kernel_tree_id)" ] && return 0
	say "unpacking $(basename "$DEB") ..."
	local tmp=$QLAB_DIR/kernel-$KVER.tmp new=$QLAB_DIR/kernel-$KVER.new
	rm -rf "$tmp" "$new"
	mkdir -p "$tmp" "$new/lib/modules/$KVER"
	dpkg -x "$DEB" "$tmp" || die "dpkg -x $DEB failed"
	[ -f "$tmp/boot/vmlinuz-$KVER" ] || die "no boot/vmlinuz-$KVER in $DEB"
	cp "$tmp/boot/vmlinuz-$KVER" "$new/vmlinuz"
	busybox depmod -b "$tmp" "$KVER" || die "busybox depmod failed"
	local mods=$tmp/lib/modules/$KVER list
	list=$(order_modules <"$mods/modules.dep")
	if echo "$list" | grep -q '^missing '; then
		die "module(s) not in $KVER: $(echo "$list" | sed -n 's/^missing //p' | tr '\n' ' ')"
	fi
	local how rel
	while read -r how rel; do
		mkdir -p "$new/lib/modules/$KVER/$(dirname "$rel")"
		cp "$mods/$rel" "$new/lib/modules/$KVER/$rel"
		[ "$how" = load ] && echo "$rel" >>"$new/modules.load"
	done <<<"$list"
	cp "$mods"/modules.builtin* "$mods/modules.order" \
	    "$new/lib/modules/$KVER/" 2>/dev/null
	# A modules.dep and modules.alias that name only what we copied.
	busybox depmod -b "$new" "$KVER" || die "busybox depmod (trimmed) failed"
	kernel_tree_id >"$new/done"
	rm -rf "$tmp" "$dir"
	mv "$new" "$dir"
}

# --- the base initramfs ----------------------------------------------------------

# Absolute paths of the shared objects BINARY needs (ld.so included).
# Any field starting with "/" is a path: that catches both the
# "lib => /path (addr)" and the "/lib64/ld-linux... (addr)" lines.
ldd_paths() {
	ldd "$1" 2>/dev/null |
	    awk '{ for (i = 1; i <= NF; i++) if (substr($i, 1, 1) == "/") print $i }'
}

# copy_libs ROOT BINARY [BASEROOT]: copy BINARY's libraries into ROOT at the
# same paths, skipping those BASEROOT already holds byte for byte.
copy_libs() {
	local lib
	for lib in $(ldd_paths "$2"); do
		[ -e "$1$lib" ] && continue
		[ -n "${3:-}" ] && cmp -s "$lib" "$3$lib" && continue
		mkdir -p "$1$(dirname "$lib")"
		cp -L "$lib" "$1$lib"
	done
}

# The /init of the guest: PID 1, a busybox sh script.
write_init() {
	cat >"$1" <<'EOF'
#!/bin/sh
# PID 1 of the mdlab VM (written by tests/lab/qemu/mdlab.sh).  If this
# script dies the kernel panics, panic=-1 reboots and QEMU's -no-reboot
# ends the VM; the host then reports 125.
/bin/busybox --install -s   # skips names that exist (mdadm, blkid...)
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/rackcon
export HOME=/root TERM=vt100 LANG=C.UTF-8 MDLAB_OUT=/tmp/out
up() { cut -d' ' -f1 /proc/uptime; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
# An initramfs root does not get devtmpfs automatically (DEVTMPFS_MOUNT
# applies to a real root only); without udev it is our only /dev.
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /run/mdadm "$MDLAB_OUT" /root
hostname mdlab   # else mdadm names arrays "(none):0"

share=no shell=no verbose=no tmo=270
for w in $(cat /proc/cmdline); do
	case $w in
	mdlab.share) share=yes ;;
	mdlab.shell) shell=yes ;;
	mdlab.verbose) verbose=yes ;;
	mdlab.timeout=*) tmo=${w#*=} ;;
	esac
done
# Keep md's kernel messages from interleaving with the test's output.
[ $verbose = yes ] || echo 1 >/proc/sys/kernel/printk

kdir=/lib/modules/$(uname -r)
while read -r m; do
	insmod "$kdir/$m" || echo "@@MDLAB insmod failed: $m"
done </mdlab/modules.load
echo "@@MDLAB modules-loaded uptime=$(up)"

if [ $share = yes ]; then
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288 host0 /host ||
		echo "@@MDLAB cannot mount the 9p share"
fi

if [ $shell = yes ]; then
	echo "@@MDLAB shell; results in \$MDLAB_OUT, 'exit' powers off"
	setsid cttyhack sh -l
	rc=$?
else
	# Stop the test before the host kills QEMU, so that the exit
	# status and the results still come back.
	timeout -k 5 "$tmo" sh /mdlab/test.sh $(cat /mdlab/args)
	rc=$?
	[ $rc = 143 ] && echo "@@MDLAB the test was stopped after ${tmo}s"
fi

if [ $share = yes ]; then
	tar -cf /host/results.tar -C "$MDLAB_OUT" . ||
		echo "@@MDLAB could not write results.tar"
	sync
	umount /host
fi
# The leading newline: a test that drew with ncurses may leave the
# cursor mid-line.  ttyS1 is a file on the host: the reliable channel.
echo
echo "@@MDLAB-EXIT rc=$rc uptime=$(up)"
echo "rc=$rc uptime=$(up)" >/dev/ttyS1
sync
poweroff -f
EOF
	chmod 755 "$1"
}

# What the base image is made of; any change means a rebuild.  This script
# is part of it (it writes /init).
base_fingerprint() {
	{
		echo "$KVER"
		cat "$0"
		local t
		for t in busybox $REQUIRED_TOOLS $OPTIONAL_TOOLS; do
			have "$t" && ls -lLn --time-style=+%s "$(command -v "$t")"
		done
		for t in $SEED_LIBS; do
			ls -lLn --time-style=+%s "$LIBDIR/$t" 2>/dev/null
		done
	} | cksum
}

# cpio (newc, via busybox) of the tree in $1, gzip -1: speed over size.
make_cpio() {
	(cd "$1" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1
}

build_base() {
	local dir=$QLAB_DIR/base-$KVER
	# The multiarch library folder, from where mdadm's libc lives.
	LIBDIR=$(dirname "$(ldd_paths "$(command -v mdadm)" | grep '/libc\.so' | head -1)")
	local fp
	fp=$(base_fingerprint)
	if [ "$REBUILD" = no ] && [ -f "$dir/base.cpio.gz" ] &&
	    [ "$(cat "$dir/fingerprint" 2>/dev/null)" = "$fp" ]; then
		return 0
	fi
	say "building the base initramfs for $KVER ..."
	local new=$QLAB_DIR/base-$KVER.new
	local root=$new/root
	rm -rf "$new"
	mkdir -p "$root"
	(cd "$root" && mkdir -p bin sbin usr/bin usr/sbin usr/local/bin lib64 \
	    etc/mdadm proc sys dev run tmp host root mdlab/files opt/rackcon \
	    usr/share/terminfo var && ln -s ../run var/run)

	# busybox is the userland: /init links its applets at boot
	# (busybox --install -s, which leaves the real tools in place; 400
	# ln calls here would cost seconds, there milliseconds).
	cp -L "$(command -v busybox)" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	copy_libs "$root" "$(command -v busybox)" # nothing if it is static
	local t p
	for t in $REQUIRED_TOOLS $OPTIONAL_TOOLS; do
		p=$(command -v "$t") || continue
		cp -L "$p" "$root/usr/sbin/$t"
		copy_libs "$root" "$p"
	done
	for t in $SEED_LIBS; do
		[ -e "$LIBDIR/$t" ] || continue
		mkdir -p "$root$LIBDIR"
		cp -L "$LIBDIR/$t" "$root$LIBDIR/$t"
		copy_libs "$root" "$LIBDIR/$t"
	done

	# Terminal descriptions ncurses looks up under /usr/share/terminfo.
	local e d
	for e in $TERMINFO_ENTRIES; do
		for d in /etc/terminfo /lib/terminfo /usr/share/terminfo; do
			[ -f "$d/$e" ] || continue
			mkdir -p "$root/usr/share/terminfo/$(dirname "$e")"
			cp -L "$d/$e" "$root/usr/share/terminfo/$e"
			break
		done
	done
	[ -f "$root/usr/share/terminfo/v/vt100" ] ||
		die "no vt100 terminfo entry on this host (ncurses-base)"

	# LANG=C.UTF-8 in the guest: Debian's glibc loads it from here.
	if [ -d /usr/lib/locale/C.utf8 ]; then
		mkdir -p "$root/usr/lib/locale"
		cp -R /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
	fi

	local kdir=$QLAB_DIR/kernel-$KVER
	cp -a "$kdir/lib" "$root/"
	cp "$kdir/modules.load" "$root/mdlab/modules.load"
	: >"$root/etc/mdadm/mdadm.conf"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\ndisk:x:6:\n' >"$root/etc/group"
	write_init "$root/init"

	make_cpio "$root" >"$new/base.cpio.gz" || die "making the base cpio failed"
	echo "$fp" >"$new/fingerprint"
	rm -rf "$dir"
	mv "$new" "$dir"
	say "base initramfs: $(du -k "$dir/base.cpio.gz" | cut -f1) KiB"
}

# Kernel and base image, under a lock so that parallel runs share one build.
prepare() {
	mkdir -p "$QLAB_DIR/debs" "$QLAB_DIR/runs" ||
		unavailable "cannot create the cache $QLAB_DIR"
	if have flock; then
		exec 9>"$QLAB_DIR/lock"
		flock -w 600 9 || die "the cache $QLAB_DIR stayed locked"
	fi
	find_kernel_deb
	build_kernel_tree
	build_base
	[ -e /proc/self/fd/9 ] && exec 9>&-
	return 0
}

# --- the per-run overlay -------------------------------------------------------

# split_spec SPEC DEFAULT_DIR: sets SRC and DEST from SRC[:DEST].
split_spec() {
	SRC=${1%%:*}
	DEST=${1#*:}
	[ "$DEST" = "$1" ] && DEST=$2/$(basename "$SRC")
	[ -e "$SRC" ] || usage_error "no such file: $SRC"
}

# A second gzip'd cpio appended to the base: the kernel unpacks both and
# the later wins, so a fresh rackcon build costs a few KB, not a rebuild.
build_overlay() {
	local root=$WORK/overlay base=$QLAB_DIR/base-$KVER/root
	mkdir -p "$root/mdlab"
	if [ -n "$TEST" ]; then
		cp "$TEST" "$root/mdlab/test.sh"
	else
		: >"$root/mdlab/test.sh"
	fi
	# Word-split by /init: arguments with spaces are not supported.
	echo "${TEST_ARGS[*]}" >"$root/mdlab/args"

	if [ -n "$RACKCON_DIR" ]; then
		mkdir -p "$root/opt/rackcon/backends"
		cp -L "$RACKCON_DIR/rackcon" "$root/opt/rackcon/rackcon"
		copy_libs "$root" "$RACKCON_DIR/rackcon" "$base"
		local so
		for so in "$RACKCON_DIR"/backends/*.so; do
			[ -f "$so" ] || continue
			cp -L "$so" "$root/opt/rackcon/backends/"
			copy_libs "$root" "$so" "$base"
		done
	fi
	local b f
	for b in ${BINS[@]+"${BINS[@]}"}; do
		split_spec "$b" /usr/local/bin
		mkdir -p "$root$(dirname "$DEST")"
		cp -L "$SRC" "$root$DEST"
		copy_libs "$root" "$SRC" "$base"
	done
	for f in ${FILES[@]+"${FILES[@]}"}; do
		split_spec "$f" /mdlab/files
		mkdir -p "$root$(dirname "$DEST")"
		cp -RL "$SRC" "$root$DEST"
	done
	make_cpio "$root" >"$WORK/overlay.cpio.gz" || die "making the overlay failed"
	cat "$QLAB_DIR/base-$KVER/base.cpio.gz" "$WORK/overlay.cpio.gz" \
	    >"$WORK/initrd.img"
}

# --- running QEMU ------------------------------------------------------------

run_qemu() {
	local kdir=$QLAB_DIR/kernel-$KVER
	local append="console=ttyS0 panic=-1 rdinit=/init mdlab.share"
	# The guest ends the test 30 s before we kill QEMU (boot takes ~5 s).
	local gtmo=$((TIMEOUT > 60 ? TIMEOUT - 30 : TIMEOUT * 2 / 3))
	append="$append mdlab.timeout=$gtmo"
	if [ "$VERBOSE" = yes ]; then
		append="$append loglevel=7 mdlab.verbose"
	else
		append="$append quiet loglevel=3"
	fi
	[ "$SHELL_MODE" = yes ] && append="$append mdlab.shell"

	local share=${SHARE:-$WORK/share}
	mkdir -p "$share"
	rm -f "$share/results.tar"
	: >"$WORK/ttyS1"
	# -nodefaults -display none: no VGA, NIC, floppy or monitor mux.
	# ttyS0 is the console, ttyS1 the exit status (a file here).
	# shellcheck disable=SC2054 # the commas are QEMU's
	local args=(-accel "$ACCEL" -m "$MEM" -smp "$SMP"
		-nodefaults -no-user-config -display none -nic none -no-reboot
		-serial "file:$WORK/ttyS1"
		-virtfs "local,path=$share,mount_tag=host0,security_model=none,id=host0"
		-kernel "$kdir/vmlinuz" -initrd "$WORK/initrd.img"
		-append "$append")

	local t0 status
	t0=$(date +%s)
	if [ "$SHELL_MODE" = yes ]; then
		# The terminal is the console; --foreground so the shell can
		# read it.  Still under timeout: nothing here may hang forever.
		timeout --foreground -k 5 "$TIMEOUT" qemu-system-x86_64 \
		    -chardev stdio,id=s0,signal=on -serial chardev:s0 "${args[@]}"
		status=$?
		: >"$OUT/console.log"
	else
		# QEMU writes the console to a file and runs in the background,
		# so that a signal to us reaches the trap at once (a foreground
		# pipeline would first be waited for) and cleanup can stop it.
		: >"$WORK/console.raw"
		timeout -k 5 "$TIMEOUT" qemu-system-x86_64 \
		    -serial "file:$WORK/console.raw" "${args[@]}" \
		    </dev/null 2>"$WORK/qemu.err" &
		QEMU_PID=$!
		# Live view; console lines end in \r\n.
		if [ "$QUIET" = no ]; then
			tail -n +1 -f --pid="$QEMU_PID" "$WORK/console.raw" |
			    sed -u 's/\r//g' | show_console &
			TAIL_PID=$!
		fi
		wait "$QEMU_PID"
		status=$?
		QEMU_PID=""
		if [ -n "$TAIL_PID" ]; then
			wait "$TAIL_PID"
			TAIL_PID=""
		fi
		sed 's/\r//g' "$WORK/console.raw" >"$OUT/console.log"
	fi
	QEMU_SECS=$(($(date +%s) - t0))
	[ "$status" = 124 ] && say "QEMU was killed after ${TIMEOUT}s"
	if [ -s "$WORK/qemu.err" ]; then
		sed 's/^/qemu: /' "$WORK/qemu.err" >&2
	fi
	if [ -f "$share/results.tar" ]; then
		tar -xf "$share/results.tar" -C "$OUT" ||
			say "could not unpack results.tar"
		[ -n "$SHARE" ] || rm -f "$share/results.tar"
	fi
	return 0
}

# The console as it comes: everything with --verbose, else from the line
# that says the modules are loaded.
show_console() {
	if [ "$VERBOSE" = yes ]; then
		cat
	else
		sed -un '/^@@MDLAB modules-loaded/,$p'
	fi
}

# The test's exit status from the second UART, or 125.
report() {
	local rc
	rc=$(sed -n 's/^rc=\([0-9][0-9]*\).*/\1/p' "$WORK/ttyS1" | tail -1)
	cp "$WORK/ttyS1" "$OUT/ttyS1.txt"
	if [ -z "$rc" ]; then
		say "the VM never reported an exit status; end of $OUT/console.log:"
		tail -25 "$OUT/console.log" | sed 's/^/    /' >&2
		rc=125
	fi
	say "rc=$rc, QEMU ${QEMU_SECS}s, total $(($(date +%s) - START))s; results in $OUT"
	return "$rc"
}

main() {
	parse_args "$@"
	check_host_tools
	prepare
	[ "$PREPARE_ONLY" = yes ] && { say "ready: $KVER in $QLAB_DIR"; exit 0; }
	OUT=${OUT:-$QLAB_DIR/last}
	# Only ever empty a folder that a previous run of ours filled.
	if [ -d "$OUT" ] && [ -f "$OUT/console.log" ]; then
		rm -rf "$OUT"
	fi
	mkdir -p "$OUT" || die "cannot create $OUT"
	WORK=$(mktemp -d "$QLAB_DIR/runs/run.XXXXXX") || die "mktemp failed"
	build_overlay
	run_qemu
	report
}

main "$@"
