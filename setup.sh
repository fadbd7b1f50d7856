#!/bin/sh
# Set up, build, run and test rackcon on Debian 12.
#
#   ./setup.sh run     install what is missing, build, start rackcon
#   ./setup.sh check   install what is missing, build, run every test
#   ./setup.sh deps    only install what is missing (apt-get, as root)
#   ./setup.sh build   only build
#
# Installing is idempotent and silent when everything is there.
set -eu
cd "$(dirname "$0")"

# Building: compiler, pkg-config and the libraries configure looks for.
BUILD_PKGS="gcc make pkg-config libncurses-dev libblkid-dev libssh-dev
libfreeipmi-dev libipmiconsole-dev libjson-c-dev libcunit1-dev"
# Running: the tools the Disks panel uses and the terminal types.
RUN_PKGS="smartmontools ncurses-base ncurses-term"
# Testing: tmux drives the binary, clang fuzzes, mkfs and losetup make
# real filesystems, htop is the benchmark's anchor and libvterm its
# terminal (the time to a complete frame, read off the screen); jq and
# python3 check the JSON; openssh-server gives the tests private sshds
# (tests/lib-sshd.sh: own configs and keys, never /etc/ssh) and iproute2
# the network namespaces of the jump-host tests (tests/lib-netns.sh), sudo
# the --sudo tests (lab/ssh-faults: a password wanted, and NOPASSWD).
TEST_PKGS="tmux clang libclang-rt-14-dev e2fsprogs dosfstools util-linux
mount htop procps qemu-system-x86 busybox-static mdadm libvterm-dev jq
python3 openssh-server openssh-client iproute2 sudo"

missing_packages() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q '^install ok installed$' || echo "$p"
	done
}

install_packages() {
	missing=$(missing_packages "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		# shellcheck disable=SC2086 # one word a package
		echo "setup: missing packages (run as root to install):" $missing >&2
		exit 1
	fi
	# shellcheck disable=SC2086
	echo "setup: installing" $missing
	export DEBIAN_FRONTEND=noninteractive
	no_system_sshd $missing
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The tests start their own sshd on loopback: installing openssh-server
# for them must not leave a system sshd on port 22 that a test could reach
# by mistake. sshd_not_to_be_run stops Debian's ssh.service, ssh.socket and
# init script from starting it, now and at boot (delete the file to run a
# system sshd). A system that already had openssh-server is left alone.
no_system_sshd() {
	for p in "$@"; do
		[ "$p" = openssh-server ] || continue
		mkdir -p /etc/ssh
		[ -e /etc/ssh/sshd_not_to_be_run ] || {
			echo "setup: openssh-server is for the tests only:" \
			    "/etc/ssh/sshd_not_to_be_run keeps the system sshd off"
			: >/etc/ssh/sshd_not_to_be_run
		}
	done
}

build() {
	if [ ! -f Makefile ] ||
	    [ -n "$(find configure Makefile.in -newer Makefile)" ]; then
		./configure -q
	fi
	make -s -j2
}

what=${1:-run}
# The package lists are split into words on purpose.
# shellcheck disable=SC2086
case "$what" in
deps)
	install_packages $BUILD_PKGS $RUN_PKGS $TEST_PKGS
	;;
build)
	build
	;;
run)
	install_packages $BUILD_PKGS $RUN_PKGS
	build
	exec ./rackcon
	;;
check)
	install_packages $BUILD_PKGS $RUN_PKGS $TEST_PKGS
	build
	make -s check
	;;
*)
	echo "usage: ./setup.sh [run|check|deps|build]" >&2
	exit 2
	;;
esac
