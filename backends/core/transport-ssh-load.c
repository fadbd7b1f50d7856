/* Loading the SSH transport's module (backends/ssh.so) when a host needs it. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "plugin.h"
#include "transport-ssh.h"
#include "xmalloc.h"

static pthread_mutex_t ssh_module_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct transport_ssh_module *ssh_module;

struct transport *
transport_ssh_new(const struct transport_ssh_options *o, char **cause)
{
	const struct transport_ssh_module *m;
	char *why = NULL;

	pthread_mutex_lock(&ssh_module_lock);
	if (ssh_module == NULL)
		ssh_module = module_load("ssh", "rackcon_transport_ssh", &why);
	m = ssh_module;
	pthread_mutex_unlock(&ssh_module_lock);
	if (m == NULL) {
		set_cause(cause, "SSH is not available: %s", why);
		free(why);
		return NULL;
	}
	if (m->abi != TRANSPORT_SSH_ABI) {
		set_cause(cause, "SSH is not available: ssh.so has ABI %d, "
		    "rackcon needs %d (a stale module: rebuild it)", m->abi,
		    TRANSPORT_SSH_ABI);
		return NULL;
	}
	return m->open(o);
}
