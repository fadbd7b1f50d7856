#!/bin/sh
# Lab test of the IPMI plugin against a real ipmi_sim on loopback
# (../shared/labs/ipmi.md): after ipmitool sets up a few users (an
# OPERATOR, a disabled one, a name of 16 characters), the plugin's user
# table, as --list ipmi-users --json prints it, equals field by field what
# `ipmitool user list 1` and `ipmi-config --checkout` print for the same
# BMC; the power state equals `ipmitool chassis power status` before and
# after `chassis power on`; a wrong password and a port where nothing
# listens give their messages within 5 s.
# rackcon itself reads the sim: --bmc 127.0.0.1:PORT -U ADMIN -W
# opensesspriv -E with the password in IPMI_PASSWORD.
#
# Needs ipmi_sim, ipmitool, ipmi-config and python3, and a tree configured
# with the IPMI plugin; otherwise it exits 77 with the reason on its last
# line. Run from the repo root: sh tests/lab/ipmi-users.sh.
set -u

skip() {
	echo "ipmi-users: skipped: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck source=tests/lib-ipmisim.sh
. tests/lib-ipmisim.sh
ipmisim_require ipmitool ipmi-config python3
export RACKCON_PLUGIN_DIR="$PWD/backends"

dir=$(mktemp -d /tmp/ipmi-users.XXXXXX)
cleanup() {
	ipmisim_stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The BMC (hardened: md5 only), and a port where nothing listens: a
# second sim's, stopped.
ipmisim_start "$dir" bmc || fail "ipmi_sim did not start"
ipmisim_start "$dir" dead || fail "the second ipmi_sim did not start"
PORT=$(ipmisim_port bmc)
DEAD_PORT=$(ipmisim_port dead)
ipmisim_stop dead
I="ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $PORT -U ADMIN -P ADMIN"

# Users: 3 an OPERATOR, 4 a 16-character administrator, 5 disabled.
setup() {
	$I "$@" >/dev/null || fail "ipmitool $*"
}
setup user set name 3 oper
setup user set password 3 operpass1
setup channel setaccess 1 3 link=on ipmi=on callin=on privilege=3
setup user enable 3
setup user set name 4 abcdefghijklmnop
setup user set password 4 longpass1
setup channel setaccess 1 4 link=off ipmi=on callin=on privilege=4
setup user set name 5 gone
setup channel setaccess 1 5 link=on ipmi=on callin=on privilege=2
setup user disable 5

client() {
	IPMI_PASSWORD=${PW:-ADMIN} ./rackcon --bmc "$1" -U ADMIN \
	    -W opensesspriv -E --list "$2" --json
}
client "127.0.0.1:$PORT" ipmi-users > "$dir/users.json" 2> "$dir/users.err" ||
	fail "ipmi-users: $(cat "$dir/users.err")"
$I user list 1 > "$dir/ipmitool.txt" || fail "ipmitool user list"
ipmi-config -h "127.0.0.1:$PORT" -u ADMIN -p ADMIN -D LAN_2_0 -W opensesspriv \
	--checkout > "$dir/checkout.txt" 2> "$dir/checkout.err"
rc=$?
# ipmi-config exits 1 with valid output on the sim (unsupported sections).
[ $rc -le 1 ] && grep -q '^Section User2' "$dir/checkout.txt" ||
	fail "ipmi-config --checkout: exit $rc: $(cat "$dir/checkout.err")"

python3 - "$dir" <<'EOF' || fail "the user table differs (above)"
import json, re, sys
d = sys.argv[1]
users = json.load(open(d + "/users.json"))
bad = []
def same(what, slot, ours, theirs):
    if ours != theirs:
        bad.append("slot %s %s: rackcon %r, %s %r" % (slot, what[0], ours, what[1], theirs))
# ipmitool user list: "%-4d%-17s%-8s%-11s%-11s%s" (name cut at 16).
rows = {}
for line in open(d + "/ipmitool.txt").read().splitlines()[1:]:
    rows[int(line[0:4])] = (line[4:21].rstrip(), line[21:29].strip(),
        line[29:40].strip(), line[40:51].strip(), line[51:].strip())
tf = lambda b: "true" if b else "false"
same(("slot count", "ipmitool"), "-", len(users), len(rows))
for u in users:
    name, callin, link, msg, priv = rows[u["id"]]
    same(("name", "ipmitool"), u["id"], u["name"], name)
    same(("callin", "ipmitool"), u["id"], tf(u["callin"]), callin)
    same(("link_auth", "ipmitool"), u["id"], tf(u["link_auth"]), link)
    same(("ipmi_msg", "ipmitool"), u["id"], tf(u["ipmi_msg"]), msg)
    same(("channel_priv_limit", "ipmitool"), u["id"], u["channel_priv_limit"], priv)
# ipmi-config --checkout: Section UserN, "Key   Value" lines.
levels = {"": 0, "Callback": 1, "User": 2, "Operator": 3, "Administrator": 4,
          "OEM_Proprietary": 5, "No_Access": 15}
yn = {"Yes": True, "No": False, "": None}
sections, cur = {}, None
for line in open(d + "/checkout.txt"):
    m = re.match(r"Section User(\d+)\s*$", line)
    if m:
        cur = sections.setdefault(int(m.group(1)), {})
        continue
    if line.startswith("EndSection"):
        cur = None
        continue
    m = re.match(r"\t(\w+)[ \t]*(.*?)\s*$", line)
    if cur is not None and m:
        cur[m.group(1)] = m.group(2)
same(("slot count", "ipmi-config"), "-", len(users), len(sections))
for u in users:
    s = sections.get(u["id"], {})
    # User1 is the anonymous user: ipmi-config prints no Username.
    same(("name", "ipmi-config"), u["id"], u["name"], s.get("Username", ""))
    same(("ipmi_msg", "ipmi-config"), u["id"], u["ipmi_msg"], yn[s.get("Lan_Enable_IPMI_Msgs")])
    same(("link_auth", "ipmi-config"), u["id"], u["link_auth"], yn[s.get("Lan_Enable_Link_Auth")])
    same(("callin", "ipmi-config"), u["id"], not u["callin"],
         yn[s.get("Lan_Enable_Restricted_to_Callback")])
    same(("priv_limit_level", "ipmi-config"), u["id"], u["priv_limit_level"],
         levels[s.get("Lan_Privilege_Limit", "")])
    # Enable_User is commented out (blank) when the BMC says unspecified.
    same(("enabled", "ipmi-config"), u["id"], u["enabled"], yn[s.get("Enable_User", "")])
# What the set-up did is there (not only equal on both sides).
by = {u["id"]: u for u in users}
want = {3: ("oper", "OPERATOR", True), 4: ("abcdefghijklmnop", "ADMINISTRATOR", True),
        5: ("gone", "USER", False), 2: ("ADMIN", "ADMINISTRATOR", True)}
for i, (n, p, m) in want.items():
    got = (by[i]["name"], by[i]["channel_priv_limit"], by[i]["ipmi_msg"])
    if got != (n, p, m):
        bad.append("slot %d: %r, set up as %r" % (i, got, (n, p, m)))
if by[6]["in_use"] or not by[3]["in_use"] or by[1]["in_use"]:
    bad.append("in_use: slot 1 %r, 3 %r, 6 %r" % (by[1]["in_use"], by[3]["in_use"], by[6]["in_use"]))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
echo "ok: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$dir/users.json") slots equal to ipmitool user list and ipmi-config --checkout"

# Power, before and after chassis power on.
power_is() {
	client "127.0.0.1:$PORT" ipmi-power > "$dir/power.json" 2> "$dir/power.err" ||
		fail "ipmi-power: $(cat "$dir/power.err")"
	ours=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["power"])' "$dir/power.json")
	theirs=$($I chassis power status | sed -n 's/^Chassis Power is //p')
	[ "$ours" = "$1" ] && [ "$theirs" = "$1" ] ||
		fail "power: rackcon $ours, ipmitool $theirs, expected $1"
}
power_is off
setup chassis power on
power_is on
echo "ok: power off, then on, as ipmitool says"

# Errors an admin understands, quickly.
t0=$(date +%s%N)
PW=wrong client "127.0.0.1:$PORT" ipmi-power > /dev/null 2> "$dir/wrong.err" &&
	fail "a wrong password was taken"
t1=$(date +%s%N)
grep -q "127.0.0.1:$PORT: password invalid" "$dir/wrong.err" ||
	fail "wrong password: $(cat "$dir/wrong.err")"
[ $(((t1 - t0) / 1000000)) -lt 5000 ] || fail "wrong password took $(((t1 - t0) / 1000000)) ms"
t0=$(date +%s%N)
client "127.0.0.1:$DEAD_PORT" ipmi-power > /dev/null 2> "$dir/dead.err" &&
	fail "nothing listens on $DEAD_PORT, yet it answered"
t1=$(date +%s%N)
grep -q "127.0.0.1:$DEAD_PORT: connection timeout (no answer in 3 s)" "$dir/dead.err" ||
	fail "nothing listening: $(cat "$dir/dead.err")"
[ $(((t1 - t0) / 1000000)) -lt 5000 ] || fail "nothing listening took $(((t1 - t0) / 1000000)) ms"
echo "ok: wrong password and nothing listening said within 5 s"
echo "ipmi-users: passed"
