#!/bin/sh
# A plugin with a connection of its own says it has news (plugin_host's
# notify, from its own thread) and its panel is read again at once, long
# before the refresh interval. A stub Disks plugin's thread notifies when
# a file appears; each snapshot reports its number.
. tests/regress/lib.sh

cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || skip "no C compiler ($cc)"
dir=$tmpdir/plugins
mkdir -p "$dir"
cat >"$dir/news.c" <<EOF
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "disk.h"
#include "plugin.h"
struct news {
	void (*notify)(void *);
	void *arg;
	pthread_t thread;
	volatile int stop;
	int count;
};
static void *
news_watch(void *p)
{
	struct news *n = p;
	const char *flag = NEWS_FLAG;

	while (!n->stop) {
		if (access(flag, F_OK) == 0) {
			unlink(flag);
			n->notify(n->arg);
		}
		usleep(50000);
	}
	return NULL;
}
static void *
news_open(const struct plugin_host *host, char **cause)
{
	struct news *n = calloc(1, sizeof *n);
	(void)cause;
	n->notify = host->notify;
	n->arg = host->notify_arg;
	pthread_create(&n->thread, NULL, news_watch, n);
	return n;
}
static void
news_close(void *h)
{
	struct news *n = h;
	n->stop = 1;
	pthread_join(n->thread, NULL);
	free(n);
}
/* A snapshot with no disks whose notice is its number: the host is up,
 * so only the refresh interval (an hour) or news bring the next. */
static void *
news_snapshot(void *h, int flags, struct job *job, char **cause)
{
	struct news *n = h;
	struct disk_snapshot *s = calloc(1, sizeof *s);
	char buf[64];
	(void)flags; (void)job; (void)cause;
	snprintf(buf, sizeof buf, "snapshot number %d", ++n->count);
	s->error = strdup(buf);
	return s;
}
static void
news_free(void *p)
{
	struct disk_snapshot *s = p;
	free(s->error);
	free(s);
}
const struct plugin_descriptor rackcon_plugin = {
	.abi = PLUGIN_ABI, .model = DISK_MODEL,
	.model_version = DISK_MODEL_VERSION, .name = "disks",
	.open = news_open, .close = news_close,
	.snapshot = news_snapshot, .free_snapshot = news_free,
};
EOF
"$cc" -shared -fPIC -pthread -Ibackends/core -Ibackends/disks \
    -DNEWS_FLAG="\"$tmpdir/news\"" -o "$dir/disks.so" "$dir/news.c" ||
	fail "cannot build the stub plugin"
cp backends/raid.so "$dir/raid.so"

say "news from the plugin's own thread brings a refresh at once"
RC_PLUGIN_DIR=$dir rc_start -- -d 3600
# One first snapshot (the stub has no quick one: its descriptor does not
# say quick); then nothing for an hour but news.
wait_for 'snapshot number 1'
touch "$tmpdir/news"
wait_for "snapshot number 2"
touch "$tmpdir/news"
wait_for "snapshot number 3"
send_keys q
wait_exit
echo "notify: ok"
