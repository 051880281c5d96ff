/* SPDX-License-Identifier: MIT */
/*
 * PTRACE_SYSEMU: one stop per call, at entry, and the kernel has already
 * decided to skip the call (it read the work flags before the stop).
 * The handler normally emulates: rax is written and the tracee resumed
 * with PTRACE_SYSEMU.
 *
 * A call that must really run (handler CONTINUE, a call outside the
 * filter, a silent tracee) is re-issued: rip goes back over the 2-byte
 * `syscall` (0f 05) and rax = nr, then PTRACE_SYSCALL.  The kernel first
 * reports a syscall-exit-stop for the skipped call (passed through), then
 * the tracee executes `syscall` again and stops at a syscall-entry-stop;
 * resuming that one with PTRACE_SYSEMU lets the call run (the flags for
 * this call were read before the stop) and, since SYSCALL_TRACE is clear
 * again at its exit, leaves no exit stop.  Three stops for a re-issued
 * call against one for an emulated one: sysemu is for handlers that
 * emulate (nearly) everything they see; auto never picks it.
 *
 * A signal can be delivered between the rewind and the re-entry: its
 * handler's own calls then stop first.  emu_is_reissue() recognises the
 * re-issued call by rip and nr; other calls in between are handled as
 * PTRACE_SYSCALL entries/exits by the driver until it comes.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>

#include "intercept/icp.h"

#define EMU_SYSCALL_INSN_LEN 2

int emu_rewind(pid_t tid, struct user_regs_struct *u)
{
	u->rip -= EMU_SYSCALL_INSN_LEN;
	u->rax = u->orig_rax;
	return ptrace(PTRACE_SETREGS, tid, 0L, u) < 0 ? -errno : 0;
}

int emu_is_reissue(const struct icp_tracee *tr,
		   const struct user_regs_struct *u)
{
	return u->rip == tr->reissue_rip + EMU_SYSCALL_INSN_LEN &&
	       (long)u->orig_rax == tr->reissue_nr;
}

static int emu_reissue(struct icp_tracee *tr, struct user_regs_struct *u)
{
	tr->reissue_nr = (long)u->orig_rax;
	tr->reissue_rip = u->rip - EMU_SYSCALL_INSN_LEN;
	if (emu_rewind(tr->tid, u) < 0)
		return -1;	/* gone */
	/*
	 * Resuming a SYSEMU stop with PTRACE_SYSCALL first reports a
	 * syscall-exit-stop for the skipped call (the exit work is read
	 * afresh): INSYSCALL makes the driver pass it through silently.
	 */
	tr->flags |= ICP_T_REISSUE | ICP_T_INSYSCALL;
	tr->flags &= ~(ICP_T_SKIP | ICP_T_REPORT_EXIT);
	return PTRACE_SYSCALL;
}

int emu_entry_stop(struct sysgate_intercept *s, struct icp_tracee *tr,
		   struct user_regs_struct *u)
{
	long nr = (long)u->orig_rax;
	struct sysgate_call c;
	int act = SYSGATE_ACT_CONTINUE;

	tr->flags &= ~(ICP_T_INSYSCALL | ICP_T_SKIP | ICP_T_REPORT_EXIT);
	if ((tr->flags & ICP_T_SILENT) ||
	    (!icp_wants(s, nr) && nr != SYS_execve && nr != SYS_execveat))
		return emu_reissue(tr, u);

	ptr_fill_call(s, tr, &c, u, SYSGATE_PHASE_ENTRY);
	if (s->o.on_call) {
		act = s->o.on_call(&c, s->o.ctx);
		if (act != SYSGATE_ACT_RETURN && act != SYSGATE_ACT_KILL)
			act = SYSGATE_ACT_CONTINUE;
	}
	switch (act) {
	case SYSGATE_ACT_KILL:
		ptr_kill(s, tr);
		return -1;
	case SYSGATE_ACT_RETURN:
		/* The kernel skipped the call; only the result is ours. */
		if (ptrace(PTRACE_POKEUSER, tr->tid,
			   offsetof(struct user_regs_struct, rax), c.ret) < 0)
			return -1;
		return PTRACE_SYSEMU;
	default:
		ptr_apply_args(&c, u);
		return emu_reissue(tr, u);
	}
}
