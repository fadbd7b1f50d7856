/* Finding and loading backend plugins (shared objects) with an ABI check. */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin.h"
#include "strutil.h"
#include "xmalloc.h"

/* The folder holding the running binary, for the uninstalled build tree. */
static char *
plugin_exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(path);
}

static struct plugin *
plugin_try(const char *file, const char *model, int model_version,
    struct buf *why)
{
	const struct plugin_descriptor *desc;
	struct plugin *p;
	void *dl;

	if (access(file, F_OK) != 0) {
		buf_printf(why, "; %s: not there", file);
		return NULL;
	}
	dl = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (dl == NULL) {
		buf_printf(why, "; %s: %s", file, dlerror());
		return NULL;
	}
	desc = dlsym(dl, "rackcon_plugin");
	if (desc == NULL) {
		buf_printf(why, "; %s: no rackcon_plugin descriptor", file);
		dlclose(dl);
		return NULL;
	}
	if (desc->abi != PLUGIN_ABI) {
		buf_printf(why, "; %s: plugin ABI %d, rackcon needs %d", file,
		    desc->abi, PLUGIN_ABI);
		dlclose(dl);
		return NULL;
	}
	if (desc->model == NULL || strcmp(desc->model, model) != 0 ||
	    desc->model_version != model_version) {
		buf_printf(why, "; %s: its snapshots are %s version %d, rackcon "
		    "reads %s version %d (a stale plugin: rebuild it)", file,
		    desc->model != NULL ? desc->model : "(none)",
		    desc->model_version, model, model_version);
		dlclose(dl);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->desc = desc;
	p->dl = dl;
	p->path = xstrdup(file);
	return p;
}

/* The folders plugins are looked for in, in order; *n of them. */
static size_t
plugin_dirs(char *dirs[3])
{
	const char *env = getenv("RACKCON_PLUGIN_DIR");
	char *exe;
	size_t n = 0;

	if (env != NULL && *env != '\0')
		dirs[n++] = xstrdup(env);
	exe = plugin_exe_dir();
	if (exe != NULL) {
		dirs[n++] = xasprintf("%s/backends", exe);
		free(exe);
	}
	dirs[n++] = xstrdup(PLUGIN_DIR);
	return n;
}

void *
module_load(const char *name, const char *symbol, char **cause)
{
	char *dirs[3], *file = NULL;
	size_t n = plugin_dirs(dirs), i;
	void *dl = NULL, *sym = NULL;

	for (i = 0; i < n && file == NULL; i++) {
		file = xasprintf("%s/%s.so", dirs[i], name);
		if (access(file, F_OK) != 0) {
			free(file);
			file = NULL;
		}
	}
	for (i = 0; i < n; i++)
		free(dirs[i]);
	if (file == NULL) {
		set_cause(cause, "%s.so is not installed (built without its "
		    "library?)", name);
		return NULL;
	}
	dl = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (dl == NULL)
		set_cause(cause, "%s: %s", file, dlerror());
	else if ((sym = dlsym(dl, symbol)) == NULL) {
		set_cause(cause, "%s: no %s", file, symbol);
		dlclose(dl);
	}
	free(file);
	return sym;
}

struct plugin *
plugin_load(const char *name, const char *model, int model_version,
    char **cause)
{
	char *dirs[3], *file, *init_cause = NULL;
	struct buf why = {0};
	struct plugin *p = NULL;
	size_t n = plugin_dirs(dirs), i;
	int found;

	/* The first folder that has the file decides: a stale plugin there
	 * is refused, not passed over for another one further down. */
	for (i = 0; i < n && p == NULL; i++) {
		file = xasprintf("%s/%s.so", dirs[i], name);
		p = plugin_try(file, model, model_version, &why);
		found = access(file, F_OK) == 0;
		free(file);
		if (found)
			break;
	}
	for (i = 0; i < n; i++)
		free(dirs[i]);
	if (p == NULL)
		set_cause(cause, "plugin %s not loaded%s", name,
		    why.data != NULL ? why.data : "");
	buf_free(&why);
	if (p != NULL && p->desc->init != NULL &&
	    p->desc->init(&init_cause) != 0) {
		set_cause(cause, "plugin %s not loaded: %s: %s", name, p->path,
		    init_cause != NULL ? init_cause : "its set-up failed");
		free(init_cause);
		dlclose(p->dl);
		free(p->path);
		free(p);
		return NULL;
	}
	return p;
}

void
plugin_unload(struct plugin *p)
{
	if (p == NULL)
		return;
	if (p->desc->teardown != NULL)
		p->desc->teardown();
	if (p->dl != NULL)
		dlclose(p->dl);
	free(p->path);
	free(p);
}
