/* SPDX-License-Identifier: MIT */
/*
 * transport_ptrace.c - requests reach the stub by ptrace: set the
 * registers, PTRACE_CONT, wait for the stub's int3.
 *
 * A single call is one bare ptrace round trip: SETREGS + CONT + waitpid +
 * GETREGS (the result is taken from rax, which no other thread of the
 * child can touch).  A batch needs no GETREGS: its results come from the
 * validated response area.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "remote/proc.h"
#include "remote/ptr.h"

int remote_ptrace_call(struct sysgate_proc *p, long nr, const long a[6],
		       long *ret)
{
	struct user_regs_struct r = p->call_regs;
	int err;

	if (p->dead)
		return -ESRCH;
	r.rip = p->remote + STUB_CODE_OFF + STUB_ENTRY_SINGLE;
	ptr_load_call(&r, nr, a);
	err = ptr_setregs(p, &r);
	if (err)
		return err;
	err = ptr_resume_wait(p, PTRACE_CONT, SIGTRAP);
	if (err == -ENOEXEC) {
		/* A successful execve: it returns 0, in a new stub. */
		err = remote_after_exec(p);
		if (!err)
			*ret = 0;
		return err;
	}
	if (err)
		return err;
	/*
	 * rax of the stopped leader, not the copy the stub stored in the
	 * response area: other threads of the child can write that one.
	 */
	err = ptr_getregs(p, &r);
	if (err)
		return err;
	*ret = (long)r.rax;
	return 0;
}

static int tp_ptrace_start(struct sysgate_proc *p)
{
	return 0;
}

static void tp_ptrace_stop(struct sysgate_proc *p)
{
}

static int tp_ptrace_run(struct sysgate_proc *p, unsigned int n)
{
	struct user_regs_struct r = p->call_regs;
	int err;

	if (p->dead)
		return -ESRCH;
	r.rip = p->remote + STUB_CODE_OFF + STUB_ENTRY_BATCH;
	err = ptr_setregs(p, &r);
	if (err)
		return err;
	err = ptr_resume_wait(p, PTRACE_CONT, SIGTRAP);
	if (err == -ENOEXEC) {
		/*
		 * An entry was a successful execve: the rest never ran and
		 * the results went with the old image.  Re-arm a stub in the
		 * new one, and report the run as not trustworthy.
		 */
		err = remote_after_exec(p);
		if (!err) {
			remote_set_err(p, "an entry executed a new program; "
				       "later entries did not run");
			err = -EIO;
		}
	}
	return err;
}

static int tp_ptrace_alive(const struct sysgate_proc *p)
{
	return !p->dead;
}

const struct remote_transport remote_transport_ptrace = {
	.name = "ptrace",
	.id = SYSGATE_TRANSPORT_PTRACE,
	.start = tp_ptrace_start,
	.stop = tp_ptrace_stop,
	.call = remote_ptrace_call,
	.run = tp_ptrace_run,
	.alive = tp_ptrace_alive,
};
