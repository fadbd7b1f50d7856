#!/bin/sh
# Lab test of the IPMI audit against real ipmi_sim BMCs on loopback
# (../shared/labs/ipmi.md section 7). Three sims:
#   weak  IPMI 1.5 auth none md2 md5 straight, the null user enabled,
#         ADMIN/ADMIN, rackcon logs in as ADMIN/ADMIN
#   hard  md5 only, no null user, ADMIN with a changed password
#   dflt  md5 only, no null user, ADMIN/ADMIN still there, rackcon logs in
#         as another administrator (ops)
# Before ipmi-audit, --list ipmi-audit --json says what needs no extra
# login: weak is "null 1.5 dflt" (the capabilities, its own factory
# login), hard and dflt nothing, and no probe has run: a UDP relay in
# front of weak counts RMCP+ Open Session requests, exactly one per
# rackcon run. ipmi-audit without --yes runs nothing and keeps nothing.
# With --yes it logs in with cipher 0 and a wrong password (the sim
# always takes it) and tries the factory pairs; a new rackcon (a restart)
# reads the results from the state folder: weak "c0 null 1.5 dflt", hard
# "c0", dflt "c0 dflt" with factory user ADMIN, each with the time of its
# probe. The Hosts panel of an inventory of weak, hard (its password is
# not the one given: unreachable), a port where nothing answers and this
# machine: each BMC's state ("unreachable since HH:MM:SS, retrying"),
# power and badges, problem hosts first.
#
# The sims are tests/lib-ipmisim.sh's. Needs ipmi_sim, ipmi-power and python3, and a tree configured with the IPMI plugin;
# otherwise it exits 77. Ports 9041-9044 and 9049 (nothing listens). Run from the repo root.
set -u

skip() {
	echo "ipmi-audit: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmi-power python3


BASE=${IPMI_AUDIT_PORT:-9041}
P_WEAK=$BASE P_HARD=$((BASE + 1)) P_DFLT=$((BASE + 2)) P_RELAY=$((BASE + 3))
dir=$(mktemp -d /tmp/ipmi-audit.XXXXXX)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

ipmisim_start "$dir" weak -p "$P_WEAK" -w -n || fail "weak did not start"
ipmisim_start "$dir" hard -p "$P_HARD" \
	-u '2 true "ADMIN" "Chang3dPw" admin 10' || fail "hard did not start"
ipmisim_start "$dir" dflt -p "$P_DFLT" -u '2 true "ADMIN" "ADMIN" admin 10' \
	-u '3 true "ops" "opspass1" admin 10' || fail "dflt did not start"

# The relay: each datagram to P_RELAY goes to weak and back; every RMCP+
# Open Session Request (payload type 0x10) adds a line to opens.log.
python3 - "$P_RELAY" "$P_WEAK" "$dir/opens.log" "$dir/relay.ready" <<'EOF' &
import select, socket, sys
front, back, log, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", front))
open(ready, "w").close()
peers = {}   # client address -> its socket to the sim
rev = {}
while True:
    r, _, _ = select.select([s] + list(rev), [], [])
    for sock in r:
        if sock is s:
            data, addr = s.recvfrom(65536)
            if addr not in peers:
                b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                b.connect(("127.0.0.1", back))
                peers[addr] = b
                rev[b] = addr
            if len(data) > 5 and data[4] == 0x06 and data[5] & 0x3f == 0x10:
                with open(log, "a") as f:
                    f.write("open\n")
            peers[addr].send(data)
        else:
            data = sock.recv(65536)
            s.sendto(data, rev[sock])
EOF
pids="$pids $!"

# Ready: the relay has bound its port (the sims answer: ipmisim_start).
n=0
until [ -f "$dir/relay.ready" ]; do
	n=$((n + 1)); [ $n -lt 100 ] || fail "the relay did not start"; sleep 0.1
done

export XDG_STATE_HOME="$dir/xdg"
# rc PORT USER PASSWORD ARGS...: rackcon on one BMC, its password from
# IPMI_PASSWORD (-E), never on the command line.
rc() {
	port=$1 user=$2 pw=$3
	shift 3
	IPMI_PASSWORD=$pw timeout 60 ./rackcon --bmc "127.0.0.1:$port" -U "$user" \
		-W opensesspriv -E --audit-log "$dir/audit.log" "$@"
}
opens() { [ -f "$dir/opens.log" ] && wc -l < "$dir/opens.log" || echo 0; }
audit_json() { # NAME PORT USER PW
	rc "$2" "$3" "$4" --list ipmi-audit --json > "$dir/$1.json" 2> "$dir/$1.err" ||
		fail "$1: --list ipmi-audit: $(cat "$dir/$1.err")"
}
# check NAME field=value...: the JSON row's fields (python literals)
check() {
	python3 - "$dir/$1.json" "$@" <<'EOF' || fail "$1: $(cat "$dir/$1.json")"
import json, sys
row = json.load(open(sys.argv[1]))[0]
bad = 0
for kv in sys.argv[3:]:
    k, v = kv.split("=", 1)
    if row.get(k, "missing") != eval(v):
        print("%s: %s is %r, expected %s" % (sys.argv[2], k, row.get(k, "missing"), v))
        bad = 1
sys.exit(bad)
EOF
}

# 1. Before any probe: only what needs no extra login.
audit_json weak "$P_RELAY" ADMIN ADMIN
[ "$(opens)" -eq 1 ] || fail "one rackcon run opened $(opens) sessions (a probe ran?)"
check weak 'badges="null 1.5 dflt"' anonymous_login=True ipmi15_auth_none=True \
	ipmi15_auth_straight=True slot1_usable=True session_factory_login=True \
	cipher0_accepted=None cipher0_probed_at=None factory_login_valid=None
audit_json hard "$P_HARD" ADMIN Chang3dPw
check hard 'badges=""' anonymous_login=False null_usernames=False \
	ipmi15_auth_none=False ipmi15_auth_straight=False ipmi15_auth_md5=True \
	slot1_usable=False session_factory_login=False cipher0_accepted=None \
	factory_login_valid=None
audit_json dflt "$P_DFLT" ops opspass1
check dflt 'badges=""' session_factory_login=False ipmi15_auth_none=False \
	null_user=False factory_login_valid=None
[ -e "$XDG_STATE_HOME/rackcon/ipmi-audit" ] && fail "a probe result exists before ipmi-audit"

# 2. Without --yes: the plan says why it asks, nothing runs or is kept.
rc "$P_RELAY" ADMIN ADMIN -c ipmi-audit > "$dir/noyes.out" 2>&1
st=$?
[ $st -eq 2 ] || fail "ipmi-audit without --yes: exit $st: $(cat "$dir/noyes.out")"
grep -q 'lock an account' "$dir/noyes.out" || fail "the confirmation does not warn: $(cat "$dir/noyes.out")"
[ "$(opens)" -eq 2 ] || fail "ipmi-audit without --yes logged in $(($(opens) - 1)) times"
[ -e "$XDG_STATE_HOME/rackcon/ipmi-audit" ] && fail "ipmi-audit without --yes kept a result"

# 3. The probes, each BMC's in a run of its own.
t0=$(date +%s)
rc "$P_RELAY" ADMIN ADMIN -c ipmi-audit --yes > "$dir/probe.out" 2>&1 ||
	fail "ipmi-audit weak: $(cat "$dir/probe.out")"
n=$(opens)
# its own session, cipher 0, and one per factory pair (6)
[ "$n" -ge 9 ] || fail "ipmi-audit opened $((n - 2)) sessions, expected 8"
rc "$P_HARD" ADMIN Chang3dPw -c ipmi-audit --yes > "$dir/probe.out" 2>&1 ||
	fail "ipmi-audit hard: $(cat "$dir/probe.out")"
# Each probe's step says what it found.
grep -q 'ACCEPTED: a wrong password logged in with cipher suite 0' \
    "$dir/probe.out" || fail "hard: no cipher 0 verdict: $(cat "$dir/probe.out")"
grep -q 'none of the 6 factory logins works' "$dir/probe.out" ||
	fail "hard: no factory verdict: $(cat "$dir/probe.out")"
rc "$P_DFLT" ops opspass1 -c ipmi-audit --yes > "$dir/probe.out" 2>&1 ||
	fail "ipmi-audit dflt: $(cat "$dir/probe.out")"
grep -q 'VALID: factory logins still work: ADMIN' "$dir/probe.out" ||
	fail "dflt: no factory verdict: $(cat "$dir/probe.out")"
t1=$(date +%s)
grep -q 'ipmi-audit.*WRONG-PASSWORD' "$dir/audit.log" || fail "no audit log entry"
grep -q 'Chang3dPw\|opspass1' "$dir/audit.log" "$dir/probe.out" && fail "a password was logged"

# 4. A new rackcon (a restart) reads them from the state folder.
audit_json weak "$P_RELAY" ADMIN ADMIN
check weak 'badges="c0 null 1.5 dflt"' cipher0_accepted=True \
	factory_login_valid=True 'factory_users="ADMIN"'
audit_json hard "$P_HARD" ADMIN Chang3dPw
check hard 'badges="c0"' cipher0_accepted=True factory_login_valid=False \
	factory_users=None
audit_json dflt "$P_DFLT" ops opspass1
check dflt 'badges="c0 dflt"' cipher0_accepted=True factory_login_valid=True \
	'factory_users="ADMIN"' session_factory_login=False
for b in weak hard dflt; do
	python3 - "$dir/$b.json" "$t0" "$t1" <<'EOF' || fail "$b: probe times not within the run"
import json, sys
row = json.load(open(sys.argv[1]))[0]
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
for k in ("cipher0_probed_at", "factory_probed_at"):
    if not (isinstance(row[k], int) and t0 <= row[k] <= t1):
        print(k, row[k], t0, t1); sys.exit(1)
EOF
done
# 5. The Hosts panel of an inventory of the three and one that does not
# answer: reachable, power, badges; problem hosts first (a badge is one).
P_DEAD=$((BASE + 8))
{
	printf 'host dead\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' "$P_DEAD"
	printf '    bmc-workarounds opensesspriv\n    bmc-password env\n'
	printf 'host hard\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' "$P_HARD"
	printf '    bmc-workarounds opensesspriv\n    bmc-password env\n'
	printf 'host here\n    local\n'
	printf 'host weak\n    bmc 127.0.0.1:%s\n    bmc-user ADMIN\n' "$P_RELAY"
	printf '    bmc-workarounds opensesspriv\n    bmc-password env\n'
} > "$dir/inventory"
chmod 600 "$dir/inventory"
# (hard's password is not ADMIN: its row fails with "password invalid")
IPMI_PASSWORD=ADMIN timeout 60 ./rackcon --inventory "$dir/inventory" \
	--audit-log "$dir/audit.log" --list hosts --json > "$dir/hosts.json" \
	2> "$dir/hosts.err" || fail "--list hosts: $(cat "$dir/hosts.err")"
python3 - "$dir/hosts.json" <<'EOF' || fail "hosts: $(cat "$dir/hosts.json")"
import json, re, sys
rows = json.load(open(sys.argv[1]))
by = {r["host"]: r for r in rows}
names = [r["host"] for r in rows]
def want(c, what):
    if not c:
        print("hosts:", what); sys.exit(1)
w, d, h, l = by["weak"], by["dead"], by["hard"], by["here"]
want(w["bmc_reachable"] is True and w["bmc_state"] == "ok", "weak reachable")
want(w["power"] == "off", "weak's power")
want(w["audit_badges"] == "c0 null 1.5 dflt", "weak's badges")
want(w["problems"] >= 1, "a badge is a problem")
for r in (d, h):
    want(r["bmc_reachable"] is False, r["host"] + " unreachable")
    want(re.fullmatch(r"unreachable since \d\d:\d\d:\d\d, retrying",
        r["bmc_state"]) is not None, r["host"] + "'s row: " + r["bmc_state"])
    want(r["audit_badges"] is None and r["power"] is None, r["host"] + ": nothing read")
want("no answer" in d["bmc_error"], "dead's why: %r" % d["bmc_error"])
want("password invalid" in h["bmc_error"], "hard's why: %r" % h["bmc_error"])
want(l["bmc"] is None and l["bmc_state"] is None, "here has no BMC")
want(names.index("here") == 3, "the host without problems last: %r" % names)
EOF
echo "ipmi-audit: ok"
