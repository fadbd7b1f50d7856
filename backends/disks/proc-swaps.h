/*
 * /proc/swaps: the swap areas in use, as lsblk reads them to show a swap
 * partition as "[SWAP]". The text, as mm/swapfile.c prints it:
 *
 *     Filename                                Type            Size    Used    Priority
 *     /dev/sda2                               partition       8388604 0       -2
 *     /swap\040file                           file            1048572 0       -3
 *
 * Sizes count 1 KiB blocks. In the file name a blank, tab, newline or
 * backslash is an octal escape (\040), undone here; a deleted swap file
 * ends in " (deleted)".
 *
 * Callers: the disks plugin's scan on a worker thread, tests and the fuzz
 * target. Pure parsing, no state: any thread may call these.
 */
#ifndef RACKCON_PROC_SWAPS_H
#define RACKCON_PROC_SWAPS_H

#include <stddef.h>

struct proc_swap {
	char *path;         /* unescaped: "/dev/sda2", "/swap file" */
	char *type;         /* "partition", "file" */
	long long size_kib;
	long long used_kib;
	int priority;
};

struct proc_swaps {
	struct proc_swap *v; /* in file order */
	size_t n;
};

/*
 * Parse the text. The heading and blank lines are skipped; any other line
 * that is not five fields (path, type, size, used, priority; numbers in
 * decimal, the priority may be negative) is skipped and counted in *bad
 * (may be NULL). Never NULL; free with proc_swaps_free().
 */
struct proc_swaps *proc_swaps_parse(const char *text, size_t *bad);
void proc_swaps_free(struct proc_swaps *s);

/* The name under /dev of a swap area on a device ("/dev/sda2": "sda2",
 * "/dev/mapper/vg-swap": "mapper/vg-swap"), pointing into e->path; NULL
 * for a swap file or a path outside /dev. */
const char *proc_swap_dev_name(const struct proc_swap *e);

#endif
