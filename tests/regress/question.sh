#!/bin/sh
# A job's question (the scheduler's question channel) reaches the user in
# the status line without blocking the UI; a secret is typed unseen, the
# job gets it, and Esc declines. A stub Disks plugin asks for a password
# in its first snapshot and reports only how long the answer was.
. tests/regress/lib.sh

cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || skip "no C compiler ($cc)"
dir=$tmpdir/plugins
mkdir -p "$dir"
cat >"$dir/asker.c" <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk.h"
#include "plugin.h"
#include "worker.h"
static int asked;
static void *
asker_open(const struct plugin_host *host, char **cause)
{
	(void)host; (void)cause;
	return &asked;
}
static void
asker_close(void *h)
{
	(void)h;
}
static void *
asker_snapshot(void *h, int flags, struct job *job, char **cause)
{
	char *answer = NULL, buf[64];
	(void)h; (void)flags;
	if (asked++ == 0) {
		if (job_ask(job, QUESTION_SECRET, "Password for the test BMC:",
		    &answer) != 0)
			snprintf(buf, sizeof buf, "the question was declined");
		else {
			snprintf(buf, sizeof buf, "an answer of %zu characters",
			    strlen(answer));
			memset(answer, 0, strlen(answer));
			free(answer);
		}
	} else if (asked == 2 && job_ask(job, QUESTION_YES_NO,
	    "Trust the test BMC?", &answer) == 0) {
		snprintf(buf, sizeof buf, "the yes/no answer was %s", answer);
		free(answer);
	} else
		snprintf(buf, sizeof buf, "nothing more to ask");
	*cause = strdup(buf);
	return NULL;
}
static void
asker_free(void *s)
{
	(void)s;
}
const struct plugin_descriptor rackcon_plugin = {
	.abi = PLUGIN_ABI, .model = DISK_MODEL,
	.model_version = DISK_MODEL_VERSION, .name = "disks",
	.open = asker_open, .close = asker_close,
	.snapshot = asker_snapshot, .free_snapshot = asker_free,
};
EOF
"$cc" -shared -fPIC -Ibackends/core -Ibackends/disks -o "$dir/disks.so" \
    "$dir/asker.c" || fail "cannot build the asking plugin"
# The RAID plugin as built, beside the stub.
cp backends/raid.so "$dir/raid.so"

say "a secret is asked in the status line and never shown"
RC_PLUGIN_DIR=$dir rc_start -- -d 1
wait_for 'Password for the test BMC:'
send_text 'hunter2'
send_keys Tab
assert_not_screen 'hunter2'
assert_not_screen '\*\*\*'
send_keys Enter
wait_for 'an answer of 7 characters'
assert_not_screen 'hunter2'

say "a yes/no question takes y or n; other keys wait"
wait_for 'Trust the test BMC\? \(y/n\)'
send_keys z
assert_screen 'Trust the test BMC\? \(y/n\)'
send_keys y
wait_for 'the yes/no answer was y'

say "keys work again once answered"
send_keys Tab
wait_for 'RAID'
send_keys q
wait_exit
echo "question: ok"
