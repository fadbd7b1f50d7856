/*
 * The transport contract's error cases, shared by the unit test (the local
 * transport, tests/unit/test-transport-contract.c) and the lab client
 * (the SSH transport on such a tree, tests/lab/ssh-stream-client.c):
 * each verb on a path, and the errno transport.h promises. The tree holds
 * etc/os-release (a file), dir/ and bin/ (no programs). Definitions, for
 * those two test programs only.
 */
#ifndef RACKCON_TEST_TRANSPORT_CONTRACT_H
#define RACKCON_TEST_TRANSPORT_CONTRACT_H

#include <errno.h>
#include <stdlib.h>

#include "strutil.h"
#include "transport.h"
#include "xmalloc.h"

enum contract_verb { C_READ, C_LIST, C_LINK, C_KEEP, C_RUN, C_WRITE };
static const char *const contract_verb_names[] = {
    "read_file", "list_dir", "read_link", "keep_open", "run", "write_file"};

static const struct {
	enum contract_verb verb;
	const char *path;
	int want;
} contract_cases[] = {
    {C_READ, "/missing", ENOENT},
    {C_READ, "/nodir/x", ENOENT},
    {C_READ, "/etc/os-release/x", ENOENT}, /* under a file: not there */
    {C_READ, "/dir", EISDIR},
    {C_LIST, "/missing", ENOENT},
    {C_LIST, "/etc/os-release", ENOTDIR},
    {C_LIST, "/etc/os-release/x", ENOENT},
    {C_LINK, "/missing", ENOENT},
    {C_LINK, "/etc/os-release", EINVAL},
    {C_LINK, "/etc/os-release/x", ENOENT},
    {C_KEEP, "/missing", ENOENT},
    {C_KEEP, "/etc/os-release/x", ENOENT},
    {C_RUN, "no-such-program", ENOENT},
    {C_WRITE, "/missing", ENOENT},
    {C_WRITE, "/etc/os-release/x", ENOENT},
};

/* One case: its rc, errno in *err, and whether a message came. */
static int __attribute__((unused))
contract_call(struct transport *t, enum contract_verb verb, const char *path,
              int *err, int *said)
{
	char *cause = NULL, *data = NULL, **names = NULL, *argv[2];
	struct transport_kept *kept = NULL;
	struct run_result r;
	size_t count = 0;
	int rc = -1;

	switch (verb) {
	case C_READ:
		rc = t->ops->read_file(t, path, &data, NULL, &cause);
		break;
	case C_LIST:
		rc = t->ops->list_dir(t, path, &names, &count, &cause);
		break;
	case C_LINK:
		rc = t->ops->read_link(t, path, &data, &cause);
		break;
	case C_KEEP:
		if (t->ops->keep_open == NULL) {
			errno = ENOSYS;
			return -2; /* a remote transport keeps nothing */
		}
		rc = t->ops->keep_open(t, path, &kept, &cause);
		break;
	case C_RUN:
		argv[0] = xstrdup(path);
		argv[1] = NULL;
		rc = t->ops->run(t, argv, NULL, 5000, &r, &cause);
		free(argv[0]);
		break;
	case C_WRITE:
		rc = t->ops->write_file(t, path, "x", 1, 0, &cause);
		break;
	}
	*err = errno;
	*said = cause != NULL && *cause != '\0';
	if (rc == 0 && verb == C_RUN)
		run_result_free(&r);
	if (rc == 0 && verb == C_KEEP)
		t->ops->keep_close(t, kept);
	string_list_free(names, count);
	free(data);
	free(cause);
	return rc;
}

#endif
