/* SPDX-License-Identifier: MIT */
/*
 * PTRACE_SYSEMU: one stop per call, at entry, and the kernel has already
 * decided to skip the call (it read the work flags before the stop).
 * The handler normally emulates: rax is written and the tracee resumed
 * with PTRACE_SYSEMU.  An emulated call has no exit phase.
 *
 * A call that must really run (handler CONTINUE, a call outside the
 * filter, a silent tracee) is re-issued: rip goes back over the 2-byte
 * `syscall` (0f 05) and rax = nr, then PTRACE_SYSCALL.  The kernel first
 * reports a syscall-exit-stop for the skipped call (passed through), then
 * the tracee executes `syscall` again and stops at a syscall-entry-stop
 * (the re-entry, not reported: the handler saw this call already).  The
 * work flags of this call were read before that stop, so it runs however
 * it is resumed; what the resume decides is its exit, where the flags
 * are read afresh:
 *  - the handler wants exits (no SYSGATE_NO_EXIT_PHASE) and saw the
 *    call: PTRACE_SYSCALL, and the real syscall-exit-stop goes to the
 *    handler like a ptrace exit (result, rewrite of it); then
 *    PTRACE_SYSEMU.  Four stops, and the entry said SYSGATE_CALL_HAS_EXIT;
 *  - otherwise PTRACE_SYSEMU: SYSCALL_TRACE is clear at its exit, so no
 *    exit stop.  Three stops.
 * Against one stop for an emulated call: sysemu is for handlers that
 * emulate (nearly) everything they see; auto never picks it.
 *
 * Invariant (shared with backend_ptrace.c): while ICP_T_INSYSCALL is set
 * the tracee is resumed with PTRACE_SYSCALL, so the next syscall stop is
 * an exit; the driver reads it as one and never as a SYSEMU entry.
 *
 * A signal can be delivered between the rewind and the re-entry: its
 * handler's own calls then stop first.  emu_is_reissue() recognises the
 * re-issued call by rip and nr; other calls in between are handled as
 * PTRACE_SYSCALL entries/exits by the driver until it comes (the exit of
 * the re-issued call then follows them: seen by the handler as nested).
 * An execve among them drops the re-issue (that code is gone).
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

void emu_reentry(struct icp_tracee *tr, const struct user_regs_struct *u)
{
	tr->flags &= ~(ICP_T_REISSUE | ICP_T_INSYSCALL | ICP_T_SKIP |
		       ICP_T_REPORT_EXIT);
	if (!(tr->flags & ICP_T_REISSUE_EXIT))
		return;
	tr->flags &= ~ICP_T_REISSUE_EXIT;
	/* What the call runs with (the handler's rewrite included). */
	tr->nr = (long)u->orig_rax;
	ptr_args_of(tr->abi, u, tr->args);
	tr->flags |= ICP_T_INSYSCALL | ICP_T_REPORT_EXIT;
}

static int emu_reissue(struct icp_tracee *tr, struct user_regs_struct *u,
		       int report_exit)
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
	tr->flags &= ~(ICP_T_SKIP | ICP_T_REPORT_EXIT | ICP_T_REISSUE_EXIT);
	if (report_exit)
		tr->flags |= ICP_T_REISSUE_EXIT;
	return PTRACE_SYSCALL;
}

int emu_entry_stop(struct sysgate_intercept *s, struct icp_tracee *tr,
		   struct ptr_view *v)
{
	int exit_wanted = !(s->o.flags & SYSGATE_NO_EXIT_PHASE);
	struct user_regs_struct *u = &v->u;
	long nr = v->nr;
	struct sysgate_call c;
	int act = SYSGATE_ACT_CONTINUE;

	tr->flags &= ~(ICP_T_INSYSCALL | ICP_T_SKIP | ICP_T_REPORT_EXIT |
		       ICP_T_REISSUE_EXIT);
	tr->abi = v->abi;
	/* The bitmap is in x86_64 numbers: other ABIs always reach us. */
	if ((tr->flags & ICP_T_SILENT) ||
	    (v->abi == SYSGATE_ABI_X86_64 && !icp_wants(s, nr) &&
	     !icp_is_exec(v->abi, nr)))
		return emu_reissue(tr, u, 0);

	ptr_fill_call(s, tr, &c, v, SYSGATE_PHASE_ENTRY);
	/* Only a call that runs has an exit (not EXIT_AFTER_RETURN). */
	if (exit_wanted)
		c.flags |= SYSGATE_CALL_HAS_EXIT;
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
		ptr_apply_args(&c, v);
		return emu_reissue(tr, u, exit_wanted);
	}
}
