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
	r.rax = nr;
	r.rdi = a[0];
	r.rsi = a[1];
	r.rdx = a[2];
	r.r10 = a[3];
	r.r8 = a[4];
	r.r9 = a[5];
	err = ptr_setregs(p, &r);
	if (err)
		return err;
	err = ptr_resume_wait(p, PTRACE_CONT, SIGTRAP);
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
	return ptr_resume_wait(p, PTRACE_CONT, SIGTRAP);
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
