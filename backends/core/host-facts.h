/*
 * What the Hosts panel says about a machine beside its disks and arrays:
 * the kernel (/proc/sys/kernel/osrelease), how long it has been up
 * (/proc/uptime), its load (/proc/loadavg), and for a remote host the
 * round-trip time of the last read. Read by the core, not a plugin,
 * through the host's transport (so a --sysroot tree, near or far, is
 * read as the machine).
 *
 * The parsers are pure (any thread). host_facts_read() does I/O: worker
 * threads only. A host_facts is plain data, freed with host_facts_free()
 * by whoever holds it (the UI thread once published).
 */
#ifndef RACKCON_HOST_FACTS_H
#define RACKCON_HOST_FACTS_H

#include <stddef.h>

struct transport;
struct job;

/* Longest kernel release kept (it is cut there). */
#define HOST_FACTS_KERNEL_MAX 64

struct host_facts {
	char *kernel;       /* "6.1.0-18-amd64", NULL: not known */
	long long uptime_s; /* -1: not known */
	double load[3];     /* 1, 5 and 15 minutes */
	int have_load;      /* load is known */
	long long rtt_us;   /* the timed read's round trip; -1: not remote
			       (or not measured) */
};

/* /proc/uptime's text ("350735.47 234388.90\n"): its first number, whole
 * seconds. 0, or -1 when malformed. */
int host_facts_parse_uptime(const char *text, long long *seconds);
/* /proc/loadavg's text ("0.20 0.18 0.12 1/80 11206\n"): its first three
 * numbers. 0, or -1 when malformed. */
int host_facts_parse_loadavg(const char *text, double load[3]);
/* osrelease's first line, trimmed, made safe for a terminal and cut to
 * HOST_FACTS_KERNEL_MAX bytes. Fresh; NULL when it is empty. */
char *host_facts_parse_kernel(const char *text);

/*
 * Read the three files through t. A file that is not there (ENOENT) or
 * that is malformed leaves its fact unknown. Any other failure (the
 * connection) is NULL with *cause. On a remote transport (local_path
 * NULL) the kernel is read first (that connects, when needed), then
 * uptime and loadavg in one timed round trip (one prefetch when the
 * transport offers it): that time is rtt_us. job: the cancel token, or
 * NULL. Worker thread.
 */
struct host_facts *host_facts_read(struct transport *t, struct job *job,
    char **cause);
void host_facts_free(struct host_facts *f);

#endif
