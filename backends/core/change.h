/*
 * Change plans: what a command will do, as steps an admin can read.
 *
 * A command never changes anything directly. It builds a change_plan on the
 * UI thread (pure computation from a snapshot, no I/O), the UI shows the
 * plan's equivalent shell commands and asks for confirmation, and a worker
 * thread executes it through a transport with change_execute(), which also
 * appends every step to the audit log. --dry-run shows the plan and stops;
 * --read-only refuses before a plan is even built.
 */
#ifndef RACKCON_CHANGE_H
#define RACKCON_CHANGE_H

#include <stddef.h>

struct transport;

enum step_kind {
	STEP_RUN,    /* run argv */
	STEP_WRITE,  /* write data to an existing file (a sysfs attribute) */
	STEP_CREATE, /* create a new file; never overwrites */
	STEP_NOTE,   /* nothing to do; a row in the result table saying why */
	STEP_CALL    /* a library call the plugin makes (an IPMI or IPP
			request) through its execute(); argv names it, shell
			is the equivalent command shown and audited */
};

struct change_step {
	enum step_kind kind;
	char *target;     /* what the step acts on: "sda" */
	char **argv;      /* STEP_RUN: NULL-terminated; STEP_CALL: the
			     call's name and arguments, for the plugin */
	int fail_mask;    /* STEP_RUN: exit status bits that mean failure */
	char *path;       /* STEP_WRITE, STEP_CREATE */
	char *data;       /* STEP_WRITE, STEP_CREATE */
	/*
	 * The equivalent shell command, for display and audit. STEP_RUN: the
	 * quoted argv; STEP_WRITE: "echo DATA > PATH" (a here-document when
	 * data has several lines); STEP_CREATE: "(set -C; cat > PATH)
	 * <<'EOF'", the data and "EOF" on lines of their own.
	 */
	char *shell;
	char *note;       /* why this step, or why nothing is done; may be NULL */
	/*
	 * STEP_CALL steps that take the plan's secret (a new BMC user's
	 * password): wants_secret is set when the plan is built; secret is
	 * NULL until change_plan_set_secret() copies it in, just before the
	 * plan runs. Only the plugin's execute() reads it. It is never in
	 * argv, shell, a result or the audit log ("<typed>" stands for it
	 * in shell), and change_plan_free() wipes it.
	 */
	int wants_secret;
	char *secret;
};

struct change_plan {
	char *command;     /* the rackcon command line: "disk-set-timeout sda 180" */
	char *host;        /* the host it acts on ("local", "web3"), named by
			      the confirmation and the audit log; NULL:
			      "local" */
	char *where;       /* how that host is reached: "this machine",
			      "sysroot /srv/a"; may be NULL */
	char *summary;     /* one line naming the target, for the confirmation */
	char *warning;     /* a fact the confirmation must state, or NULL */
	int destructive;   /* needs confirmation (or --yes) */
	/*
	 * The change would change nothing (a value set to what it is): why,
	 * "sdb: timeout already 180 s, nothing to do", or NULL. Such a plan
	 * is not confirmed, run or audited; the caller shows this instead.
	 */
	char *nothing;
	int stop_on_error; /* stop at the first failed step */
	/*
	 * The plan needs a secret typed by the user before it runs (steps
	 * with wants_secret): what to ask ("New password for alice"), or
	 * NULL. The curses front end asks it twice without echo, batch mode
	 * reads one line of standard input; either hands it to
	 * change_plan_set_secret(). At most secret_max bytes.
	 */
	char *secret_prompt;
	size_t secret_max;
	int secret_set;    /* change_plan_set_secret() succeeded */
	struct change_step *steps;
	size_t step_count;
};

struct step_result {
	int done;          /* 0 when skipped (a note, or after an error) */
	int ok;            /* 1 for a done step that worked and for a note;
			    * 0 for a failure and a step skipped after one */
	char *message;     /* "ok"; why it failed: the first line of the
			    * program's stderr (else stdout), "timed out after
			    * N s", "not installed", the write error; the note;
			    * or "skipped after an earlier error" */
	int unknown;       /* failed as far as we know, but it was sent to
			    * a remote host whose answer was lost: it may
			    * have run (the message says "outcome unknown") */
};

struct change_result {
	struct step_result *steps; /* one per plan step */
	size_t step_count;
	int failed;                /* number of failed steps */
	int unknown;               /* how many of those have an unknown
				    * outcome (step_result.unknown) */
	char *refused;             /* why no step was run at all (the audit
				    * log cannot be written), or NULL */
};

void change_plan_init(struct change_plan *p, const char *command,
    const char *summary);
void change_plan_free(struct change_plan *p);
/* Mark the plan as changing nothing, saying why (printf-style). */
void change_plan_nothing(struct change_plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add steps. Strings are copied. */
void change_plan_add_run(struct change_plan *p, const char *target,
    char *const argv[], int fail_mask, const char *note);
void change_plan_add_write(struct change_plan *p, const char *target,
    const char *path, const char *data, const char *note);
void change_plan_add_create(struct change_plan *p, const char *target,
    const char *path, const char *data, const char *note);
void change_plan_add_note(struct change_plan *p, const char *target,
    const char *note);
/* A library call: argv (NULL-terminated) is what the plugin's execute()
 * reads; shell the equivalent command ("ipmitool user set name 3 alice")
 * shown before it runs and written to the audit log. */
void change_plan_add_call(struct change_plan *p, const char *target,
    char *const argv[], const char *shell, const char *note);
/* A STEP_CALL that takes the plan's secret (wants_secret). */
void change_plan_add_secret_call(struct change_plan *p, const char *target,
    char *const argv[], const char *shell, const char *note);
/* The plan asks for a secret of at most max bytes before it runs
 * (printf-style prompt). */
void change_plan_want_secret(struct change_plan *p, size_t max,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Copy secret into every step that wants it. -1 with *cause (and nothing
 * copied) when it is empty or longer than secret_max bytes; the message
 * never holds the secret. The caller wipes its own copy. */
int change_plan_set_secret(struct change_plan *p, const char *secret,
    char **cause);
/* The plan's shell commands, one per line (notes as "# target: note").
 * Caller frees. */
char *change_plan_describe(const struct change_plan *p);

/* Who makes a plan's library calls (STEP_CALL): the plugin's execute()
 * on its handle. 0, or -1 with *cause saying why the call failed; a call
 * that worked may set *cause to what it found ("alice logged in"), the
 * step's message instead of "ok". */
struct change_caller {
	int (*call)(void *arg, const struct change_step *s, char **cause);
	void *arg;
};

/*
 * Run the plan's steps in order through t (NULL for a host that is a BMC
 * alone: only STEP_CALL steps can run; the audit's where is p->where),
 * each program killed after
 * timeout_ms: STEP_RUN with t->ops->run (it worked when it ran, did not time
 * out and (exit status & fail_mask) == 0), STEP_WRITE with write_file,
 * STEP_CREATE with write_file(TRANSPORT_WRITE_CREATE), STEP_CALL with
 * caller (NULL: such a step fails); notes are not run.
 * With stop_on_error, the steps after a failure are skipped. Every executed
 * step is written to the audit log (audit_record(), with the plan's host and
 * the transport's sysroot) with
 * result "ok" or "failed: reason".
 *
 * A change that cannot be audited does not run: when audit_check() fails,
 * no step runs, r->refused says why and -1 is returned; when a step's entry
 * cannot be written, that step counts as failed and the steps after it are
 * skipped.
 *
 * Worker threads only. Fills *r (free with change_result_free()) and returns
 * the number of failed steps, or -1 when refused.
 */
int change_execute(struct transport *t, const struct change_plan *p,
    int timeout_ms, const struct change_caller *caller,
    struct change_result *r);
void change_result_free(struct change_result *r);

/*
 * The one text of a change's result, for the Result dialog and for batch
 * mode's stdout: one row per step ("sdb        ok      ok": target, ok,
 * FAILED, UNKNOWN or skipped, the message) and "N step(s), M failed"
 * (", K outcome unknown" when some are) last, or
 * "Refused: why" when nothing ran.
 *   CHANGE_TEXT_REPORT: to read in a dialog: the plan's summary first,
 *     each step's shell command under its row, the count as a sentence.
 *   CHANGE_TEXT_TABLE: for a script: the rows and the count line only
 *     (the plan with its commands was printed before it ran).
 * Raw text (outside text is made safe where it is shown). Caller frees.
 */
enum change_text_style { CHANGE_TEXT_REPORT, CHANGE_TEXT_TABLE };
char *change_result_text(const struct change_plan *p,
    const struct change_result *r, enum change_text_style style);

#endif
