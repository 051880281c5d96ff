/* SPDX-License-Identifier: MIT */
/*
 * call_fn.c - call a function inside the child, as a debugger's inferior
 * call does: the leader runs fn(a0..a5) on its own stack, below the red
 * zone, and returns to an int3 in the stub's code page.  This is how a
 * freestanding agent mapped into the child gets its entry point run.
 *
 * The leader is driven by ptrace whatever the transport (the futex
 * transport's stub thread may not run foreign code: its filter kills it).
 * Its signals stay blocked as for every stub call, so no handler of the
 * program runs on top of the function; a fault in the function is
 * caught here and not delivered, and a timeout or an interrupt abandons
 * the function where it is.  Either way the next call starts afresh from
 * the registers saved at attach/spawn.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "remote/proc.h"
#include "remote/ptr.h"

/* The System V ABI's red zone, kept free under the interrupted rsp. */
#define CALL_RED_ZONE 128

/* Run until the function returns: 0, -EFAULT, -ESRCH, -ENOEXEC, or
 * -EINTR with *why the REMOTE_INTR_* reason it was abandoned for. */
static int call_wait(struct sysgate_proc *p, unsigned long ret_rip, int *why)
{
	struct user_regs_struct r;
	int st, sig, req = PTRACE_CONT;
	pid_t w;

	for (;;) {
		w = ptr_wait(p, &st, 0);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			remote_mark_dead(p, 0);
			return -ESRCH;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			remote_mark_dead(p, st);
			return -ESRCH;
		}
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		if ((st >> 16) == PTRACE_EVENT_EXEC) {
			remote_set_err(p, "the function executed a new program");
			return remote_after_exec(p) ? -ESRCH : -ENOEXEC;
		}
		if ((st >> 16) == 0 && sig == SIGSTOP &&
		    (*why = remote_intr_wanted(p)))
			return -EINTR;	/* abandoned where it is */
		if ((st >> 16) == 0 && (sig == SIGTRAP || sig == SIGSEGV ||
					sig == SIGBUS || sig == SIGILL ||
					sig == SIGFPE || sig == SIGSYS)) {
			if (ptr_getregs(p, &r) < 0)
				return -ESRCH;
			if (sig == SIGTRAP && r.rip == ret_rip + 1)
				return 0;
			remote_set_err(p, "the function faulted with signal %d "
				       "at rip %#llx", sig, r.rip);
			return -EFAULT;
		}
		/* Stray stops (a group-stop, an event): go on, deliver nothing. */
		if (ptrace(req, p->tid, NULL, NULL) < 0) {
			if (errno == ESRCH)
				continue;	/* its exit comes next */
			return -errno;
		}
	}
}

int sysgate_proc_call(struct sysgate_proc *p, unsigned long fn,
		      const unsigned long args[6], unsigned long *ret)
{
	unsigned long ret_rip, sp, a[6] = { 0 };
	struct user_regs_struct r;
	int err, why = 0;

	if (!p || !fn)
		return -EINVAL;
	if (p->dead)
		return -ESRCH;
	if (p->leader_running || !p->stub_mapped)
		return -EBUSY;
	if (args)
		memcpy(a, args, sizeof(a));
	ret_rip = p->remote + STUB_CODE_OFF + STUB_ENTRY_RET;
	/*
	 * The program's own stack, under its red zone: rsp + 8 is 16-byte
	 * aligned at the function's first instruction, as after a call.
	 */
	sp = ((p->saved_regs.rsp - CALL_RED_ZONE) & ~15ul) - 8;
	errno = 0;
	if (ptrace(PTRACE_POKEDATA, p->tid, (void *)sp, (void *)ret_rip) < 0) {
		err = errno == ESRCH ? -ESRCH : -EFAULT;
		remote_set_err(p, "cannot write the return address at %#lx: %s",
			       sp, strerror(-err));
		return err;
	}
	r = p->call_regs;
	r.rip = fn;
	r.rsp = sp;
	r.rdi = a[0];
	r.rsi = a[1];
	r.rdx = a[2];
	r.rcx = a[3];
	r.r8 = a[4];
	r.r9 = a[5];
	r.rax = 0;			/* no vector arguments (varargs) */
	r.orig_rax = -1ULL;		/* no syscall restart on the way in */
	r.eflags &= ~0x400ULL;		/* DF clear, as the ABI wants */
	err = ptr_setregs(p, &r);
	if (err)
		return err;
	remote_call_begin_as(p, SYSGATE_TRANSPORT_PTRACE);
	if (ptrace(PTRACE_CONT, p->tid, NULL, NULL) < 0)
		err = errno == ESRCH ? -ESRCH : -errno;
	else
		err = call_wait(p, ret_rip, &why);
	remote_call_end(p);
	if (err == -EINTR) {
		remote_set_err(p, "the function was abandoned (%s)",
			       why == REMOTE_INTR_TIMEOUT ? "timed out" :
							    "interrupted");
		return why == REMOTE_INTR_TIMEOUT ? -ETIMEDOUT : -EINTR;
	}
	if (err)
		return err;
	err = ptr_getregs(p, &r);
	if (err)
		return err;
	if (ret)
		*ret = r.rax;
	return 0;
}
