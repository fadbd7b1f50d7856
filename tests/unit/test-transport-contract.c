/* Unit tests of the transport errors (not found is ENOENT) on the local one. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transport-contract.h"
#include "transport.h"
#include "unit.h"
#include "xmalloc.h"

UNIT_SUITE("transport-contract", contract_add_tests)

static void
test_contract_local(void)
{
	char *dir = unit_temp_dir("contract"), what[128];
	struct transport *t;
	size_t i;
	int err, said;

	CU_ASSERT_FATAL(dir != NULL);
	unit_make_dirs(dir, "etc");
	unit_make_dirs(dir, "dir");
	unit_make_dirs(dir, "bin");
	unit_put_file(dir, "etc/os-release", "ID=fixture\n");
	t = transport_local_new(dir);
	for (i = 0; i < sizeof contract_cases / sizeof contract_cases[0]; i++) {
		snprintf(what, sizeof what, "%s %s",
		         contract_verb_names[contract_cases[i].verb],
		         contract_cases[i].path);
		CHECK_LL(contract_call(t, contract_cases[i].verb,
		                       contract_cases[i].path, &err, &said),
		         -1, what);
		CHECK_LL(err, contract_cases[i].want, what);
		CHECK_LL(said, 1, what);
	}
	transport_free(t);
	unit_remove_tree(dir);
	free(dir);
}

static void
contract_add_tests(CU_pSuite s)
{
	CU_add_test(s, "errors as transport.h says, locally",
	            test_contract_local);
}
