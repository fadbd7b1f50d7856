#!/bin/sh
# A stale plugin (another ABI, or snapshots of another model version) is
# refused with a clear message, and the panel says so; nothing reads its
# memory as the model rackcon knows.
. tests/regress/lib.sh

cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || skip "no C compiler ($cc)"
dir=$tmpdir/plugins
mkdir -p "$dir"

# stale_plugin ABI MODEL VERSION: $dir/disks.so with that descriptor
stale_plugin() {
	cat >"$dir/stale.c" <<EOF
#include "plugin.h"
const struct plugin_descriptor rackcon_plugin = {
	.abi = $1, .model = "$2", .model_version = $3, .name = "disks",
};
EOF
	"$cc" -shared -fPIC -Ibackends/core -o "$dir/disks.so" "$dir/stale.c" ||
		fail "cannot build the stale plugin"
}

say "a plugin built for an older model version"
stale_plugin PLUGIN_ABI disk_snapshot 1
RC_PLUGIN_DIR=$dir rc_batch -- --list disks
[ "$status" != 0 ] || fail "--list disks exited 0 with a stale plugin"
grep -q "disks.so: its snapshots are disk_snapshot version 1, rackcon reads disk_snapshot version [0-9]* (a stale plugin: rebuild it)" \
    "$tmpdir/stderr" || fail "no clear refusal: $(cat "$tmpdir/stderr")"

say "a plugin of another ABI"
stale_plugin 1 disk_snapshot 1
RC_PLUGIN_DIR=$dir rc_batch -- --list disks
[ "$status" != 0 ] || fail "--list disks exited 0 with an ABI 1 plugin"
grep -q "disks.so: plugin ABI 1, rackcon needs [0-9]*" "$tmpdir/stderr" ||
	fail "no ABI refusal: $(cat "$tmpdir/stderr")"

say "a plugin of ABI 2 (before init, execute and the target)"
stale_plugin 2 disk_snapshot 2
RC_PLUGIN_DIR=$dir rc_batch -- --list disks
[ "$status" != 0 ] || fail "--list disks exited 0 with an ABI 2 plugin"
grep -q "disks.so: plugin ABI 2, rackcon needs [0-9]*" "$tmpdir/stderr" ||
	fail "no ABI 2 refusal: $(cat "$tmpdir/stderr")"

say "a plugin whose per-process set-up fails"
cat >"$dir/init.c" <<EOF
#include <stdlib.h>
#include <string.h>
#include "disk.h"
#include "plugin.h"
static int
failing_init(char **cause)
{
	*cause = strdup("no engine for you");
	return -1;
}
const struct plugin_descriptor rackcon_plugin = {
	.abi = PLUGIN_ABI, .model = DISK_MODEL,
	.model_version = DISK_MODEL_VERSION, .name = "disks",
	.init = failing_init,
};
EOF
"$cc" -shared -fPIC -Ibackends/core -Ibackends/disks -o "$dir/disks.so" \
    "$dir/init.c" || fail "cannot build the plugin whose init fails"
RC_PLUGIN_DIR=$dir rc_batch -- --list disks
[ "$status" != 0 ] || fail "--list disks exited 0 when init failed"
grep -q "disks.so: no engine for you" "$tmpdir/stderr" ||
	fail "no init refusal: $(cat "$tmpdir/stderr")"

say "the panel says why it has no data"
stale_plugin PLUGIN_ABI md_snapshot 2
RC_PLUGIN_DIR=$dir rc_start
wait_for 'snapshots are md_snapshot version 2, rackcon reads disk_snapshot'
echo "plugin-refused: ok"
