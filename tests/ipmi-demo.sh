#!/bin/sh
# The IPMI panel without a BMC: start the simulated BMCs the tests use
# (OpenIPMI's ipmi_sim on loopback, tests/lib-ipmisim.sh) and open rackcon
# on them; quitting rackcon stops them. Run by `./setup.sh ipmi-demo`.
#
#   rack1  as a BMC leaves the factory: ADMIN/ADMIN, the null user
#          enabled, IPMI 1.5 auth NONE and straight password allowed
#   rack2  hardened: md5 only, a named administrator (ops) beside ADMIN
#   rack3  with a serial console: its SOL is tests/lab/sol-peer, which
#          echoes what is typed and asks "rack3 login: " after each Enter
#          (its banner went out before the console was opened)
#
# Every password is ADMIN (ops: opspass1), read from a file only its
# owner can read (bmc-password-file): nothing to type. Everything lives in
# one temporary folder, removed on exit. Extra arguments go to rackcon.
set -u
cd "$(dirname "$0")/.." || exit 1

say() { printf '%s\n' "$*"; }
command -v ipmi_sim >/dev/null 2>&1 ||
	{ say "ipmi-demo: ipmi_sim is not installed (./setup.sh deps)"; exit 1; }
[ -x ./rackcon ] && [ -f backends/ipmi.so ] ||
	{ say "ipmi-demo: rackcon and backends/ipmi.so are not built"; exit 1; }

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/rackcon-ipmi-demo.XXXXXX") || exit 1
cleanup() {
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "ipmi-demo: starting three simulated BMCs in $dir ..."
ipmisim_start "$dir" rack1 -w -n || exit 1
ipmisim_start "$dir" rack2 -u '2 true "ADMIN" "ADMIN" admin 10' \
    -u '3 true "ops" "opspass1" admin 10' || exit 1
if make -s tests/lab/sol-peer >/dev/null 2>&1 &&
    solpeer_start "$dir" rack3 -g 'rack3 login: '; then
	ipmisim_start "$dir" rack3 -s "$(solpeer_port rack3)" || exit 1
else
	say "ipmi-demo: no serial peer (tests/lab/sol-peer did not build)"
	ipmisim_start "$dir" rack3 || exit 1
fi

umask 077
printf 'ADMIN\n' >"$dir/admin.pw"
printf 'opspass1\n' >"$dir/ops.pw"
{
	printf '# simulated BMCs of ./setup.sh ipmi-demo\n'
	printf 'host rack1\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' \
	    "$(ipmisim_port rack1)"
	printf '    bmc-workarounds opensesspriv\n'
	printf '    bmc-password-file admin.pw\n'
	printf 'host rack2\n    bmc 127.0.0.1:%s\n    bmc-user ops\n' \
	    "$(ipmisim_port rack2)"
	printf '    bmc-workarounds opensesspriv\n'
	printf '    bmc-password-file ops.pw\n'
	printf 'host rack3\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' \
	    "$(ipmisim_port rack3)"
	printf '    bmc-workarounds opensesspriv,solchannelsupport,'
	printf 'solpayloadsize\n'
	printf '    bmc-password-file admin.pw\n'
} >"$dir/hosts"

# The demo's own state (audit log, probe results), not the user's.
export XDG_STATE_HOME="$dir/state"
RACKCON_PLUGIN_DIR="$PWD/backends" ./rackcon --inventory "$dir/hosts" "$@"
