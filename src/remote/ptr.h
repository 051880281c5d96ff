/* SPDX-License-Identifier: MIT */
/*
 * ptr.h - ptrace primitives of the remote engine (ptr.c).
 *
 * All of them act on p->tid, which must be in a ptrace stop on entry and
 * is in one again on a 0 return.  -ESRCH means the thread is gone; p is
 * then marked dead (and reaped when it is our child).
 */
#ifndef SG_REMOTE_PTR_H
#define SG_REMOTE_PTR_H

#include <sys/user.h>

#include "remote/proc.h"

/*
 * Resume with request (PTRACE_CONT / PTRACE_SYSCALL) and wait for the next
 * stop that is not a stray signal.  want: the expected stop signal
 * (SIGTRAP for int3, SIGTRAP | 0x80 for a syscall stop).  Stray
 * non-fault signal stops (SIGSTOP...) are swallowed and the thread
 * resumed; a fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE) in the stub is
 * -EIO with a message.  -ENOEXEC: the thread completed an execve (it is
 * in the exec event stop; the stub area went with the old image, see
 * remote_after_exec()).
 */
int ptr_resume_wait(struct sysgate_proc *p, int request, int want);

/*
 * waitpid(p->tid, st, __WALL | flags) that consumes stops but never reaps
 * an attached process (its parent may be the caller).  Same returns.
 */
pid_t ptr_wait(struct sysgate_proc *p, int *st, int flags);
/* 1: p's real parent is this process, 0: another one, -1: unknown. */
int ptr_parent_is_us(const struct sysgate_proc *p);

/* The `syscall` register contract: rax = nr, rdi rsi rdx r10 r8 r9 = a. */
void ptr_load_call(struct user_regs_struct *r, long nr, const long a[6]);
int ptr_setregs(struct sysgate_proc *p, const struct user_regs_struct *r);
int ptr_getregs(struct sysgate_proc *p, struct user_regs_struct *r);

/*
 * Run one syscall in the child at p->syscall_insn (a `syscall` in its
 * vDSO) with PTRACE_SYSCALL: needs no stub, so it works before the area is
 * mapped and while it is being unmapped.  Slow (two stops); set-up only.
 */
int ptr_raw_syscall(struct sysgate_proc *p, long nr, const long a[6],
		    long *ret);

/* Find a `syscall` instruction in the child's vDSO: 0 or -ENOENT. */
int ptr_find_syscall_insn(struct sysgate_proc *p);

/* Write len bytes at addr in the child (process_vm_writev, then
 * /proc/PID/mem).  Returns 0 or -errno. */
int ptr_poke(struct sysgate_proc *p, unsigned long addr, const void *buf,
	     size_t len);

#endif
