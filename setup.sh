#!/bin/sh
# Set up, build, run and test rackcon on Debian 12.
#
#   ./setup.sh run     install what is missing, build, start rackcon
#   ./setup.sh check   install what is missing, build, run every test
#   ./setup.sh ipmi-demo  install what is missing, build, start three
#                      simulated BMCs and open rackcon on them
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
# The IPMI tests talk to simulated BMCs on loopback (tests/lib-ipmisim.sh):
# openipmi gives ipmi_sim, ipmitool and freeipmi-tools (ipmi-power,
# ipmiconsole, ipmi-config) are the clients they are checked against.
# strace counts the write(2)s a frame takes (regress/frame-writes);
# locales has localedef and the sources of a de_DE locale, which
# regress/locale builds in its own folder (a decimal comma).
TEST_PKGS="tmux clang libclang-rt-14-dev e2fsprogs dosfstools util-linux
mount htop procps qemu-system-x86 busybox-static mdadm libvterm-dev jq
python3 openssh-server openssh-client iproute2 sudo openipmi ipmitool
freeipmi-tools strace locales"

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
	# shellcheck disable=SC2086
	no_system_sshd $missing
	# shellcheck disable=SC2086
	no_system_ipmi_before $missing
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	# shellcheck disable=SC2086
	no_system_ipmi_after $missing
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

# The IPMI tests need only the programs: nothing may load the IPMI kernel
# drivers or talk to this machine's own BMC. ipmitool's postinst starts
# ipmievd (it reads the BMC's event log through /dev/ipmi0): its init
# script does nothing with ENABLED="false" in /etc/default/ipmievd, and
# ipmievd.service, which Debian installs disabled, is masked so nothing
# starts it. openipmi's postinst enables /etc/init.d/openipmi at boot (it
# loads ipmi_si and ipmi_devintf); it is disabled right after the install
# (update-rc.d keeps it so through upgrades). freeipmi-tools has no
# service. Only packages installed here are touched: a system that had
# them keeps its own setup.
no_system_ipmi_before() {
	for p in "$@"; do
		[ "$p" = ipmitool ] || continue
		echo "setup: ipmitool is for the tests only: ipmievd stays off" \
		    "(/etc/default/ipmievd, ipmievd.service masked)"
		grep -qs '^ENABLED="false"' /etc/default/ipmievd ||
		    echo 'ENABLED="false"' >>/etc/default/ipmievd
		mkdir -p /etc/systemd/system
		[ -e /etc/systemd/system/ipmievd.service ] ||
		    ln -s /dev/null /etc/systemd/system/ipmievd.service
	done
}

no_system_ipmi_after() {
	for p in "$@"; do
		[ "$p" = openipmi ] || continue
		echo "setup: openipmi is for the tests only (ipmi_sim):" \
		    "its boot script that loads the IPMI drivers is disabled"
		update-rc.d openipmi disable >/dev/null 2>&1 ||
		    echo "setup: update-rc.d openipmi disable failed" >&2
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
ipmi-demo)
	# The IPMI panel without a BMC: tests/ipmi-demo.sh says what it
	# starts.
	install_packages $BUILD_PKGS $RUN_PKGS openipmi freeipmi-tools
	build
	exec sh tests/ipmi-demo.sh
	;;
*)
	echo "usage: ./setup.sh [run|check|ipmi-demo|deps|build]" >&2
	exit 2
	;;
esac
