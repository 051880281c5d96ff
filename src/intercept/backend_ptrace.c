/* SPDX-License-Identifier: MIT */
/*
 * The ptrace driver, shared by the ptrace and sysemu backends.
 *
 * ptrace: every tracee is PTRACE_SEIZE'd.  A spawned child installs the
 * seccomp prefilter (RET_TRACE for the wanted calls) before execve, so a
 * wanted call stops once in PTRACE_EVENT_SECCOMP (its entry) and, when
 * the handler wants the exit, the tracee is resumed with PTRACE_SYSCALL
 * to get the syscall-exit-stop, then PTRACE_CONT again: unwanted calls
 * never stop.  Without a prefilter (attached processes, or every call
 * wanted with an exit phase) plain PTRACE_SYSCALL gives entry + exit
 * stops, told apart by ICP_T_INSYSCALL.
 *
 * Stops are told apart by the wait status: SIGTRAP|0x80 is a syscall
 * stop (TRACESYSGOOD); status>>16 is the event (SECCOMP, FORK, VFORK,
 * CLONE, EXEC, STOP); PTRACE_EVENT_STOP with SIGTRAP is an interrupt or
 * a new child's first stop, with a stop signal a group-stop (answered
 * with PTRACE_LISTEN so job control keeps working); anything else is a
 * signal-delivery-stop, whose signal is forwarded on resume.
 *
 * Invariant: between two waitpid() calls every known tracee is either
 * running or in a stop the loop has not collected yet; the loop never
 * holds a tracee stopped.  So interrupt only needs PTRACE_INTERRUPT.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>

#include "arch/x86_64/raw_syscall.h"
#include "intercept/icp.h"

#define PTR_RAX_OFF offsetof(struct user_regs_struct, rax)

/*
 * Every tracee is this thread's: spawned by it, seized by it, or
 * auto-attached to it as its tracees' children; ptrace requests from any
 * other thread fail.  __WNOTHREAD keeps the wait off the children other
 * threads of the process made.
 */
#define PTR_WAIT_FLAGS (__WALL | __WNOTHREAD)

static int ptr_prefiltered(const struct sysgate_intercept *s,
			   const struct icp_tracee *tr)
{
	return s->bpf && !(tr->flags & ICP_T_ATTACHED);
}

/*
 * Calls entered through ptr_entry() (sysemu: the first execve, and calls
 * between a re-issue's rewind and its re-entry) stop at their exit too.
 */
static int ptr_exit_wanted(const struct sysgate_intercept *s)
{
	return !(s->o.flags & SYSGATE_NO_EXIT_PHASE);
}

static int ptr_resume_req(struct sysgate_intercept *s, struct icp_tracee *tr)
{
	if (tr->flags & ICP_T_SILENT)
		return PTRACE_CONT;
	/* sysemu: INSYSCALL means an exit stop is due (see backend_sysemu.c). */
	if (s->backend == SYSGATE_BACKEND_SYSEMU &&
	    !(tr->flags & (ICP_T_PREEXEC | ICP_T_REISSUE | ICP_T_INSYSCALL)))
		return PTRACE_SYSEMU;
	if (ptr_prefiltered(s, tr) && !(tr->flags & ICP_T_INSYSCALL))
		return PTRACE_CONT;
	return PTRACE_SYSCALL;
}

static void ptr_resume(struct sysgate_intercept *s, struct icp_tracee *tr,
		       int sig)
{
	/* ESRCH: killed meanwhile; its exit is reported by waitpid. */
	ptrace(ptr_resume_req(s, tr), tr->tid, 0L, (long)sig);
}

int ptr_kill(struct sysgate_intercept *s, struct icp_tracee *tr)
{
	(void)s;
	return kill(tr->pid, SIGKILL) < 0 ? -errno : 0;
}

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

/* Kernels before 5.3: no PTRACE_GET_SYSCALL_INFO, the frame says all. */
static int ptr_no_info;

int ptr_want_regs(const struct sysgate_intercept *s)
{
	return s->backend == SYSGATE_BACKEND_SYSEMU ||
	       !(s->o.flags & SYSGATE_NO_REWRITE);
}

int icp_is_exec(unsigned int abi, long nr)
{
	switch (abi) {
	case SYSGATE_ABI_I386:
		return nr == 11 || nr == 358;
	case SYSGATE_ABI_X32:
		return nr == (520 | __X32_SYSCALL_BIT) ||
		       nr == (545 | __X32_SYSCALL_BIT);
	default:
		return nr == SYS_execve || nr == SYS_execveat;
	}
}

void ptr_args_of(unsigned int abi, const struct user_regs_struct *u,
		 unsigned long a[6])
{
	if (abi == SYSGATE_ABI_I386) {
		a[0] = u->rbx & 0xffffffffUL;
		a[1] = u->rcx & 0xffffffffUL;
		a[2] = u->rdx & 0xffffffffUL;
		a[3] = u->rsi & 0xffffffffUL;
		a[4] = u->rdi & 0xffffffffUL;
		a[5] = u->rbp & 0xffffffffUL;
	} else {
		a[0] = u->rdi;
		a[1] = u->rsi;
		a[2] = u->rdx;
		a[3] = u->r10;
		a[4] = u->r8;
		a[5] = u->r9;
	}
}

static void ptr_args_set(unsigned int abi, struct user_regs_struct *u,
			 const unsigned long a[6])
{
	if (abi == SYSGATE_ABI_I386) {
		u->rbx = a[0];
		u->rcx = a[1];
		u->rdx = a[2];
		u->rsi = a[3];
		u->rdi = a[4];
		u->rbp = a[5];
	} else {
		u->rdi = a[0];
		u->rsi = a[1];
		u->rdx = a[2];
		u->r10 = a[3];
		u->r8 = a[4];
		u->r9 = a[5];
	}
}

static unsigned int ptr_abi_of(unsigned int arch, long nr)
{
	if (arch == AUDIT_ARCH_I386)
		return SYSGATE_ABI_I386;
	return (nr & __X32_SYSCALL_BIT) ? SYSGATE_ABI_X32 : SYSGATE_ABI_X86_64;
}

/* i386 results are 32-bit: -ENOENT is 0xfffffffe in the frame. */
static long ptr_ret_of(unsigned int abi, unsigned long rax)
{
	return abi == SYSGATE_ABI_I386 ? (long)(int)rax : (long)rax;
}

static int ptr_getregs(struct icp_tracee *tr, struct ptr_view *v)
{
	if (ptrace(PTRACE_GETREGS, tr->tid, 0L, &v->u) < 0)
		return -1;	/* killed under us */
	v->have_regs = 1;
	return 0;
}

/*
 * The ABI comes from the kernel only: a 64-bit tracee's int 0x80 has the
 * same code segment as its syscalls, and registers can be forged to look
 * like either.
 */
int ptr_view_entry(struct icp_tracee *tr, struct ptr_view *v, int regs)
{
	struct __ptrace_syscall_info si;
	long n = -1;
	int i;

	v->have_regs = 0;
	v->ret = 0;
	if (!ptr_no_info) {
		n = ptrace(PTRACE_GET_SYSCALL_INFO, tr->tid,
			   (void *)sizeof(si), &si);
		if (n < 0 && errno == ESRCH)
			return -1;
		if (n < 0 && (errno == EIO || errno == EINVAL))
			ptr_no_info = 1;
	}
	if (n > 0 && (si.op == PTRACE_SYSCALL_INFO_ENTRY ||
		      si.op == PTRACE_SYSCALL_INFO_SECCOMP)) {
		/* entry and seccomp share the layout of nr and args */
		v->nr = (long)si.entry.nr;
		for (i = 0; i < 6; i++)
			v->args[i] = si.entry.args[i];
		v->abi = ptr_abi_of(si.arch, v->nr);
		/* i386 calls use the low halves only, as the kernel does */
		if (v->abi == SYSGATE_ABI_I386)
			for (i = 0; i < 6; i++)
				v->args[i] &= 0xffffffffUL;
		v->ip = si.instruction_pointer;
		v->sp = si.stack_pointer;
		if (regs && ptr_getregs(tr, v) < 0)
			return -1;
		return 0;
	}
	/* No account from the kernel: the frame, read as x86_64. */
	if (ptr_getregs(tr, v) < 0)
		return -1;
	v->nr = (long)v->u.orig_rax;
	v->abi = ptr_abi_of(0, v->nr);
	ptr_args_of(v->abi, &v->u, v->args);
	v->ip = v->u.rip;
	v->sp = v->u.rsp;
	return 0;
}

static int ptr_view_exit(struct icp_tracee *tr, struct ptr_view *v, int regs)
{
	struct __ptrace_syscall_info si;
	long n;

	v->have_regs = 0;
	v->abi = tr->abi;
	v->nr = tr->nr;
	memcpy(v->args, tr->args, sizeof(v->args));
	if (!regs && !ptr_no_info) {
		n = ptrace(PTRACE_GET_SYSCALL_INFO, tr->tid,
			   (void *)sizeof(si), &si);
		if (n < 0 && errno == ESRCH)
			return -1;
		if (n > 0 && si.op == PTRACE_SYSCALL_INFO_EXIT) {
			v->ret = ptr_ret_of(tr->abi, (unsigned long)si.exit.rval);
			v->ip = si.instruction_pointer;
			v->sp = si.stack_pointer;
			return 0;
		}
	}
	if (ptr_getregs(tr, v) < 0)
		return -1;
	v->ret = ptr_ret_of(tr->abi, v->u.rax);
	v->ip = v->u.rip;
	v->sp = v->u.rsp;
	return 0;
}

void ptr_fill_call(struct sysgate_intercept *s, struct icp_tracee *tr,
		   struct sysgate_call *c, const struct ptr_view *v,
		   enum sysgate_phase phase)
{
	c->pid = tr->pid;
	c->tid = tr->tid;
	c->phase = phase;
	c->backend = s->backend;
	c->abi = v->abi;
	c->flags = 0;
	c->ts_ns = icp_now_ns();
	c->stime_ns = s->stop_stime_ns;
	if (s->o.flags & SYSGATE_CPU_TIME)
		c->flags |= SYSGATE_CALL_STIME;
	c->nr = v->nr;
	memcpy(c->args, v->args, sizeof(c->args));
	c->ret = phase == SYSGATE_PHASE_ENTRY ? 0 : v->ret;
	if (v->have_regs) {
		/* struct user_regs_struct starts with the pt_regs frame. */
		memcpy(&c->regs, &v->u, sizeof(c->regs));
		c->flags |= SYSGATE_CALL_REGS;
		if (phase == SYSGATE_PHASE_ENTRY)
			c->flags |= SYSGATE_CALL_CAN_REWRITE;
	} else {
		struct user_regs_struct u;

		memset(&c->regs, 0, sizeof(c->regs));
		memset(&u, 0, sizeof(u));
		ptr_args_set(v->abi, &u, v->args);
		c->regs.rdi = u.rdi;
		c->regs.rsi = u.rsi;
		c->regs.rdx = u.rdx;
		c->regs.r10 = u.r10;
		c->regs.r8 = u.r8;
		c->regs.r9 = u.r9;
		c->regs.rbx = u.rbx;
		c->regs.rcx = u.rcx;
		c->regs.rbp = u.rbp;
		c->regs.orig_rax = (unsigned long)v->nr;
		c->regs.rip = v->ip;
		c->regs.rsp = v->sp;
		if (phase == SYSGATE_PHASE_EXIT)
			c->regs.rax = (unsigned long)v->ret;
	}
}

int ptr_apply_args(const struct sysgate_call *c, struct ptr_view *v)
{
	unsigned long old[6];
	int changed;

	ptr_args_of(v->abi, &v->u, old);
	changed = memcmp(old, c->args, sizeof(old)) != 0 ||
		  (long)v->u.orig_rax != c->nr;
	ptr_args_set(v->abi, &v->u, c->args);
	v->u.orig_rax = (unsigned long)c->nr;
	return changed;
}

static int ptr_call(struct sysgate_intercept *s, struct sysgate_call *c)
{
	int act;

	if (!s->o.on_call)
		return SYSGATE_ACT_CONTINUE;
	act = s->o.on_call(c, s->o.ctx);
	if (act != SYSGATE_ACT_RETURN && act != SYSGATE_ACT_KILL)
		act = SYSGATE_ACT_CONTINUE;
	return act;
}

/* Skip the call at entry; the caller sees ret. */
static void ptr_skip(struct icp_tracee *tr, struct ptr_view *v, long ret)
{
	/*
	 * orig_rax = -1 makes the kernel skip the call and leave rax
	 * alone, so the value is written now; the exit stop (when there is
	 * one) writes it again, since older kernels put -ENOSYS there on
	 * the way.
	 */
	if (v->have_regs) {
		v->u.orig_rax = -1UL;
		v->u.rax = (unsigned long)ret;
		ptrace(PTRACE_SETREGS, tr->tid, 0L, &v->u);
		return;
	}
	ptrace(PTRACE_POKEUSER, tr->tid,
	       offsetof(struct user_regs_struct, orig_rax), -1L);
	ptrace(PTRACE_POKEUSER, tr->tid, PTR_RAX_OFF, ret);
}

/* Entry of a call (seccomp stop or syscall-entry-stop).  Returns 1 to resume. */
static int ptr_entry(struct sysgate_intercept *s, struct icp_tracee *tr,
		     struct ptr_view *v)
{
	long nr = v->nr;
	int exit_stop, all_mode = !ptr_prefiltered(s, tr);
	int is_exec = icp_is_exec(v->abi, nr);
	struct sysgate_call c;
	int act;

	exit_stop = all_mode;	/* PTRACE_SYSCALL gives an exit stop anyway */
	tr->flags &= ~(ICP_T_SKIP | ICP_T_REPORT_EXIT);
	if (tr->flags & ICP_T_PREEXEC) {
		if (!is_exec)
			goto out;	/* the child's own set-up calls */
		tr->flags &= ~ICP_T_PREEXEC;
	}
	/* The bitmap is in x86_64 numbers: other ABIs always reach us. */
	if ((tr->flags & ICP_T_SILENT) ||
	    (v->abi == SYSGATE_ABI_X86_64 && !icp_wants(s, nr) && !is_exec))
		goto out;

	ptr_fill_call(s, tr, &c, v, SYSGATE_PHASE_ENTRY);
	if (ptr_exit_wanted(s))
		c.flags |= SYSGATE_CALL_HAS_EXIT | SYSGATE_CALL_EXIT_AFTER_RETURN;
	act = ptr_call(s, &c);
	if (act == SYSGATE_ACT_KILL) {
		ptr_kill(s, tr);
		return 0;
	}
	if (act == SYSGATE_ACT_RETURN) {
		ptr_skip(tr, v, c.ret);
		tr->flags |= ICP_T_SKIP;
		tr->skip_ret = c.ret;
		nr = c.nr;
	} else if (v->have_regs && ptr_apply_args(&c, v)) {
		ptrace(PTRACE_SETREGS, tr->tid, 0L, &v->u);
		nr = c.nr;
	}
	tr->nr = nr;
	tr->abi = v->abi;
	memcpy(tr->args, v->have_regs ? c.args : v->args, sizeof(tr->args));
	if (ptr_exit_wanted(s)) {
		tr->flags |= ICP_T_REPORT_EXIT;
		exit_stop = 1;
	}
out:
	if (exit_stop)
		tr->flags |= ICP_T_INSYSCALL;
	else
		tr->flags &= ~ICP_T_INSYSCALL;
	return 1;
}

static int ptr_exit(struct sysgate_intercept *s, struct icp_tracee *tr,
		    struct ptr_view *v)
{
	struct sysgate_call c;
	long want;
	int act;

	tr->flags &= ~ICP_T_INSYSCALL;
	if ((tr->flags & ICP_T_SKIP) && v->ret != tr->skip_ret) {
		v->ret = tr->skip_ret;
		ptrace(PTRACE_POKEUSER, tr->tid, PTR_RAX_OFF, v->ret);
	}
	if (!(tr->flags & ICP_T_REPORT_EXIT))
		goto out;
	ptr_fill_call(s, tr, &c, v, SYSGATE_PHASE_EXIT);
	want = c.ret;
	act = ptr_call(s, &c);
	if (act == SYSGATE_ACT_KILL) {
		ptr_kill(s, tr);
		return 0;
	}
	if (act == SYSGATE_ACT_RETURN && c.ret != want)
		ptrace(PTRACE_POKEUSER, tr->tid, PTR_RAX_OFF, c.ret);
out:
	tr->flags &= ~(ICP_T_SKIP | ICP_T_REPORT_EXIT);
	return 1;
}

static int ptr_syscall_kind_unsure(struct icp_tracee *tr)
{
	struct __ptrace_syscall_info si;
	long n;

	tr->flags &= ~ICP_T_UNSURE;
	n = ptrace(PTRACE_GET_SYSCALL_INFO, tr->tid, (void *)sizeof(si), &si);
	if (n <= 0)
		return 0;
	return si.op == PTRACE_SYSCALL_INFO_EXIT;
}

/* A SIGTRAP|0x80 stop. */
static void ptr_syscall_stop(struct sysgate_intercept *s, struct icp_tracee *tr)
{
	struct ptr_view v;
	int in_exit, req, regs = ptr_want_regs(s);

	if (s->backend == SYSGATE_BACKEND_SYSEMU &&
	    !(tr->flags & (ICP_T_PREEXEC | ICP_T_REISSUE | ICP_T_SILENT |
			   ICP_T_INSYSCALL))) {
		if (ptr_view_entry(tr, &v, 1) < 0)
			return;
		req = emu_entry_stop(s, tr, &v);
		if (req >= 0)
			ptrace(req, tr->tid, 0L, 0L);
		return;
	}
	if (tr->flags & ICP_T_UNSURE)
		in_exit = ptr_syscall_kind_unsure(tr);
	else
		in_exit = !!(tr->flags & ICP_T_INSYSCALL);
	if (in_exit) {
		/* An exit nobody reports or fixes up: nothing to read. */
		if (!(tr->flags & (ICP_T_SKIP | ICP_T_REPORT_EXIT))) {
			tr->flags &= ~ICP_T_INSYSCALL;
			ptr_resume(s, tr, 0);
			return;
		}
		if (ptr_view_exit(tr, &v, regs) < 0)
			return;
		if (ptr_exit(s, tr, &v))
			ptr_resume(s, tr, 0);
		return;
	}
	if (ptr_view_entry(tr, &v, regs || (tr->flags & ICP_T_REISSUE)) < 0)
		return;
	if ((tr->flags & ICP_T_REISSUE) && emu_is_reissue(tr, &v.u)) {
		/*
		 * The re-issued call entered: it runs however it is resumed
		 * (the kernel read the work flags before this stop);
		 * PTRACE_SYSCALL gives its exit stop, PTRACE_SYSEMU none.
		 */
		emu_reentry(tr, &v.u);
		ptr_resume(s, tr, 0);
		return;
	}
	if (ptr_entry(s, tr, &v))
		ptr_resume(s, tr, 0);
}

static void ptr_seccomp_stop(struct sysgate_intercept *s, struct icp_tracee *tr)
{
	struct ptr_view v;

	/*
	 * Silent, or a RET_TRACE of the tracee's own filter while we use
	 * syscall stops (attached): not ours to report.
	 */
	if ((tr->flags & ICP_T_SILENT) || !ptr_prefiltered(s, tr)) {
		ptr_resume(s, tr, 0);
		return;
	}
	if (ptr_view_entry(tr, &v, ptr_want_regs(s)) < 0)
		return;
	if (ptr_entry(s, tr, &v))
		ptr_resume(s, tr, 0);
}

static int ptr_new_flags(struct sysgate_intercept *s, const struct icp_tracee *parent,
			 int is_thread)
{
	int f = ICP_T_SEEN;

	if (parent)
		f |= parent->flags & (ICP_T_ATTACHED | ICP_T_SILENT);
	if (!is_thread && !(s->o.flags & SYSGATE_FOLLOW_FORKS))
		f |= ICP_T_SILENT;
	return f;
}

static void ptr_fork_event(struct sysgate_intercept *s, struct icp_tracee *tr,
			   int event)
{
	struct sysgate_event ev;
	unsigned long msg = 0;
	struct icp_tracee *ch;
	pid_t ctid, tgid;
	int is_thread = 0;

	if (ptrace(PTRACE_GETEVENTMSG, tr->tid, 0L, &msg) < 0 || !msg)
		goto out;
	ctid = (pid_t)msg;
	ch = icp_find(&s->tab, ctid);
	if (ch) {
		is_thread = ch->pid == tr->pid && ch->tid != ch->pid;
	} else {
		tgid = ctid;
		if (event == PTRACE_EVENT_CLONE) {
			pid_t t = icp_proc_tgid(ctid);

			if (t == tr->pid)
				tgid = t;
		}
		is_thread = tgid != ctid;
		ch = icp_add(&s->tab, ctid, tgid);
		if (!ch)
			goto out;	/* ENOMEM: it will show up as unknown */
		ch->flags = ptr_new_flags(s, tr, is_thread) & ~ICP_T_SEEN;
	}
	if ((ch->flags & ICP_T_SILENT) || (tr->flags & ICP_T_SILENT))
		goto out;
	memset(&ev, 0, sizeof(ev));
	ev.type = SYSGATE_EV_FORK;
	ev.pid = tr->pid;
	ev.tid = tr->tid;
	ev.child = ctid;
	ev.is_thread = is_thread;
	icp_event(s, &ev);
out:
	ptr_resume(s, tr, 0);
}

static void ptr_exec_event(struct sysgate_intercept *s, struct icp_tracee *tr)
{
	struct sysgate_event ev;
	unsigned long former = 0;

	ptrace(PTRACE_GETEVENTMSG, tr->tid, 0L, &former);
	if (former && (pid_t)former != tr->tid) {
		/*
		 * A non-leader thread exec'd: it now has the leader's tid and
		 * the old leader is gone without an exit report.  Keep the
		 * exec'ing thread's state under the new tid.
		 */
		struct icp_tracee *old = icp_find(&s->tab, (pid_t)former);

		if (old) {
			tr->flags = old->flags;
			tr->nr = old->nr;
			memcpy(tr->args, old->args, sizeof(tr->args));
			tr->skip_ret = old->skip_ret;
			icp_del(&s->tab, (pid_t)former);
		}
	}
	tr->flags &= ~ICP_T_PREEXEC;
	/*
	 * sysemu: the execve's exit stop follows iff INSYSCALL (it was
	 * resumed with PTRACE_SYSCALL); a re-issue pending from before the
	 * exec (the execve ran in a signal handler) can never re-enter now.
	 */
	if (s->backend == SYSGATE_BACKEND_SYSEMU)
		tr->flags &= ~(ICP_T_REISSUE | ICP_T_REISSUE_EXIT);
	if (!(tr->flags & ICP_T_SILENT)) {
		memset(&ev, 0, sizeof(ev));
		ev.type = SYSGATE_EV_EXEC;
		ev.pid = tr->pid;
		ev.tid = tr->tid;
		ev.child = former ? (pid_t)former : tr->tid;
		icp_event(s, &ev);
	}
	ptr_resume(s, tr, 0);
}

static void ptr_signal_stop(struct sysgate_intercept *s, struct icp_tracee *tr,
			    int sig)
{
	struct sysgate_event ev;

	memset(&ev, 0, sizeof(ev));
	if (ptrace(PTRACE_GETSIGINFO, tr->tid, 0L, &ev.info) < 0) {
		/* Not a signal-delivery-stop after all: group-stop. */
		ptrace(PTRACE_LISTEN, tr->tid, 0L, 0L);
		return;
	}
	if (!(tr->flags & ICP_T_SILENT)) {
		ev.type = SYSGATE_EV_SIGNAL;
		ev.pid = tr->pid;
		ev.tid = tr->tid;
		ev.status = sig;
		icp_event(s, &ev);
	}
	ptr_resume(s, tr, sig);
}

static void ptr_gone(struct sysgate_intercept *s, struct icp_tracee *tr, int st)
{
	struct sysgate_event ev;

	if (!(tr->flags & ICP_T_SILENT) || tr->tid == s->first_pid) {
		memset(&ev, 0, sizeof(ev));
		ev.pid = tr->pid;
		ev.tid = tr->tid;
		if (WIFEXITED(st)) {
			ev.type = SYSGATE_EV_EXIT;
			ev.status = WEXITSTATUS(st);
		} else {
			ev.type = SYSGATE_EV_KILLED;
			ev.status = WTERMSIG(st);
			ev.core_dumped = WCOREDUMP(st) ? 1 : 0;
		}
		icp_event(s, &ev);
	}
	icp_note_status(s, tr->tid, st);
	icp_del(&s->tab, tr->tid);
}

/* A stop of a tid not in the table: a new child whose parent's event is still queued. */
static struct icp_tracee *ptr_unknown(struct sysgate_intercept *s, pid_t tid)
{
	struct icp_tracee *tr, *parent;
	pid_t tgid = tid, ppid = 0;

	if (icp_proc_ids(tid, &tgid, &ppid) < 0)
		tgid = tid;
	parent = icp_find(&s->tab, tgid != tid ? tgid : ppid);
	tr = icp_add(&s->tab, tid, tgid);
	if (!tr)
		return NULL;
	tr->flags = ptr_new_flags(s, parent, tgid != tid);
	return tr;
}

static void ptr_stop(struct sysgate_intercept *s, struct icp_tracee *tr, int st)
{
	int sig = WSTOPSIG(st), event = (unsigned int)st >> 16;

	tr->flags |= ICP_T_SEEN;
	if (sig == (SIGTRAP | 0x80)) {
		ptr_syscall_stop(s, tr);
		return;
	}
	switch (event) {
	case 0:
		ptr_signal_stop(s, tr, sig);
		return;
	case PTRACE_EVENT_SECCOMP:
		ptr_seccomp_stop(s, tr);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		ptr_fork_event(s, tr, event);
		return;
	case PTRACE_EVENT_EXEC:
		ptr_exec_event(s, tr);
		return;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
		    sig == SIGTTOU)
			ptrace(PTRACE_LISTEN, tr->tid, 0L, 0L);	/* group-stop */
		else
			ptr_resume(s, tr, 0);	/* interrupt / first stop */
		return;
	default:
		ptr_resume(s, tr, 0);
		return;
	}
}

/* ---- shutdown: detach attached tracees, kill spawned ones, reap ---- */

static void ptr_interrupt_one(struct icp_tracee *tr, void *arg)
{
	struct sysgate_intercept *s = arg;

	if (tr->flags & ICP_T_ATTACHED)
		ptrace(PTRACE_INTERRUPT, tr->tid, 0L, 0L);
	else
		kill(tr->pid, SIGKILL);
	(void)s;
}

static void ptr_prune_one(struct icp_tracee *tr, void *arg)
{
	struct sysgate_intercept *s = arg;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d", (int)tr->tid);
	if (access(path, F_OK) < 0)
		icp_del(&s->tab, tr->tid);
}

static void ptr_detach_stopped(struct sysgate_intercept *s,
			       struct icp_tracee *tr, int st)
{
	int sig = WSTOPSIG(st), event = (unsigned int)st >> 16, dsig = 0;
	struct sysgate_event ev;
	struct user_regs_struct u;

	if (sig == (SIGTRAP | 0x80) &&
	    ptrace(PTRACE_GETREGS, tr->tid, 0L, &u) == 0) {
		if (s->backend == SYSGATE_BACKEND_SYSEMU &&
		    !(tr->flags & (ICP_T_PREEXEC | ICP_T_REISSUE | ICP_T_SILENT |
				   ICP_T_INSYSCALL)))
			emu_rewind(tr->tid, &u);	/* skipped: make it run */
		else if ((tr->flags & (ICP_T_INSYSCALL | ICP_T_SKIP)) ==
			 (ICP_T_INSYSCALL | ICP_T_SKIP))
			ptrace(PTRACE_POKEUSER, tr->tid, PTR_RAX_OFF, tr->skip_ret);
	} else if (event == 0 && sig != SIGTRAP) {
		siginfo_t si;

		if (ptrace(PTRACE_GETSIGINFO, tr->tid, 0L, &si) == 0)
			dsig = sig;	/* deliver it after we let go */
	}
	ptrace(PTRACE_DETACH, tr->tid, 0L, (long)dsig);
	memset(&ev, 0, sizeof(ev));
	ev.type = SYSGATE_EV_DETACH;
	ev.pid = tr->pid;
	ev.tid = tr->tid;
	icp_event(s, &ev);
	icp_del(&s->tab, tr->tid);
}

static void ptr_reap_sentinel(struct sysgate_intercept *s)
{
	pid_t p = s->sentinel;

	if (p > 0) {
		s->sentinel = 0;
		kill(p, SIGKILL);
		while (waitpid(p, NULL, __WALL) < 0 && errno == EINTR)
			;
	}
}

/*
 * A tracee stopped at a fork event while shutting down: its child is
 * auto-attached and will stop too; put it in the table so the loop waits
 * for it and lets it go (or kills it) instead of leaving it stopped.
 */
static void ptr_shutdown_child(struct sysgate_intercept *s,
			       struct icp_tracee *tr, int st)
{
	int event = (unsigned int)st >> 16;
	unsigned long msg = 0;
	struct icp_tracee *ch;

	if (event != PTRACE_EVENT_FORK && event != PTRACE_EVENT_VFORK &&
	    event != PTRACE_EVENT_CLONE)
		return;
	if (ptrace(PTRACE_GETEVENTMSG, tr->tid, 0L, &msg) < 0 || !msg ||
	    icp_find(&s->tab, (pid_t)msg))
		return;
	ch = icp_add(&s->tab, (pid_t)msg, (pid_t)msg);
	if (!ch)
		return;
	ch->flags = tr->flags & ICP_T_ATTACHED;
	if (!(ch->flags & ICP_T_ATTACHED))
		kill(ch->tid, SIGKILL);
}

static void ptr_shutdown(struct sysgate_intercept *s)
{
	icp_for_each(&s->tab, ptr_prune_one, s);
	icp_for_each(&s->tab, ptr_interrupt_one, s);
	while (s->tab.count) {
		struct icp_tracee *tr;
		int st;
		pid_t p = waitpid(-1, &st, PTR_WAIT_FLAGS);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			break;	/* ECHILD: nothing left to wait for */
		}
		if (p == s->sentinel) {
			s->sentinel = 0;
			continue;
		}
		tr = icp_find(&s->tab, p);
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (tr)
				ptr_gone(s, tr, st);
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		if (!tr) {
			tr = ptr_unknown(s, p);
			if (!tr) {
				ptrace(PTRACE_DETACH, p, 0L, 0L);
				continue;
			}
			if (!(tr->flags & ICP_T_ATTACHED))
				kill(tr->pid, SIGKILL);
		}
		ptr_shutdown_child(s, tr, st);
		if (tr->flags & ICP_T_ATTACHED)
			ptr_detach_stopped(s, tr, st);
		/* spawned: SIGKILL is on its way; its exit follows */
	}
	icp_table_free(&s->tab);
	ptr_reap_sentinel(s);
}

/* ---- run ---- */

static int ptr_sentinel_main(void *arg)
{
	pid_t parent = (pid_t)(long)arg;

	sg_syscall6(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0);
	if (sg_syscall0(SYS_getppid) != parent)
		sg_syscall1(SYS_exit, 0);
	for (;;)
		sg_syscall0(SYS_pause);
	return 0;
}

/*
 * A child whose death (interrupt() kills it) wakes the run loop's
 * waitpid.  It shares our memory (CLONE_VM: no copy of the address space,
 * a tenth of a fork) and runs raw calls on a stack in the session, which
 * outlives it: it is reaped before run() returns.
 */
static pid_t ptr_sentinel(struct sysgate_intercept *s)
{
	return clone(ptr_sentinel_main,
		     s->sentinel_stack + sizeof(s->sentinel_stack),
		     CLONE_VM | SIGCHLD, (void *)(long)getpid());
}

/*
 * The run loop's wait.  With SYSGATE_CPU_TIME, wait4() also gives the
 * stopped tracee's rusage (its whole thread group's), kept for the call
 * this stop reports; without it, plain waitpid(): no rusage gathered.
 */
static pid_t ptr_wait(struct sysgate_intercept *s, int *st)
{
	struct rusage ru;
	pid_t p;

	if (!(s->o.flags & SYSGATE_CPU_TIME))
		return waitpid(-1, st, PTR_WAIT_FLAGS);
	p = wait4(-1, st, PTR_WAIT_FLAGS, &ru);
	if (p > 0)
		s->stop_stime_ns =
			(unsigned long long)ru.ru_stime.tv_sec * 1000000000ULL +
			(unsigned long long)ru.ru_stime.tv_usec * 1000ULL;
	return p;
}

static int ptr_run(struct sysgate_intercept *s)
{
	int rc = 0;

	/*
	 * waitpid() cannot be woken by a flag; interrupt() kills this idle
	 * child instead, whose exit waitpid(-1) must report.
	 */
	if (!s->stop && s->tab.count && s->sentinel <= 0) {
		pid_t p = ptr_sentinel(s);

		if (p < 0)
			return -errno;
		s->sentinel = p;
	}
	while (s->tab.count) {
		struct icp_tracee *tr;
		int st;
		pid_t p;

		if (s->stop)
			break;
		p = ptr_wait(s, &st);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD) {
				icp_table_free(&s->tab);
				break;
			}
			rc = -errno;
			break;
		}
		if (p == s->sentinel) {
			s->sentinel = 0;
			/* killed by someone else: keep interrupt() working */
			if (!s->stop && (p = ptr_sentinel(s)) > 0)
				s->sentinel = p;
			continue;
		}
		tr = icp_find(&s->tab, p);
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (tr)
				ptr_gone(s, tr, st);
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		if (!tr) {
			tr = ptr_unknown(s, p);
			if (!tr) {
				rc = -ENOMEM;
				break;
			}
		}
		ptr_stop(s, tr, st);
	}
	if (s->stop || rc < 0) {
		ptr_shutdown(s);
		s->stop = 0;
		return rc < 0 ? rc : -EINTR;
	}
	ptr_reap_sentinel(s);
	return 0;
}

/* ---- spawn / attach ---- */

static long ptr_options(struct sysgate_intercept *s, int attached)
{
	long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
		 PTRACE_O_TRACECLONE | PTRACE_O_TRACESECCOMP;

	/*
	 * Children inherit the prefilter, and a RET_TRACE with no tracer
	 * fails the call with ENOSYS: so with a prefilter every child is
	 * traced, silently when not followed.
	 */
	if ((s->o.flags & SYSGATE_FOLLOW_FORKS) || (s->bpf && !attached))
		o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	if (!attached)
		o |= PTRACE_O_EXITKILL;
	return o;
}

static int ptr_use_prefilter(const struct sysgate_intercept *s)
{
	long nr, max = sysgate_syscall_count();

	if (s->backend != SYSGATE_BACKEND_PTRACE)
		return 0;
	if (s->o.flags & SYSGATE_NO_EXIT_PHASE)
		return 1;	/* one seccomp stop per call instead of two */
	/*
	 * Every call with entry and exit: PTRACE_SYSCALL alone gives the
	 * same two stops without the filter's cost on each call.
	 */
	for (nr = 0; nr < max; nr++)
		if (!icp_wants(s, nr))
			return 1;
	return 0;
}

static int ptr_spawn(struct sysgate_intercept *s, const char *path,
		     char *const argv[], char *const envp[], pid_t *out)
{
	struct sysgate_event ev;
	struct icp_tracee *tr;
	int sync[2], st, rc;
	pid_t pid;
	char c;

	if (!s->bpf && ptr_use_prefilter(s)) {
		rc = icp_prefilter_build(s, ICP_PF_TRACE, &s->bpf);
		if (rc < 0) {
			icp_set_err(s, "cannot build the seccomp prefilter: %s",
				    strerror(-rc));
			return rc;
		}
	}
	if (pipe2(sync, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(sync[0]);
		close(sync[1]);
		return rc;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls from here to execve. */
		close(sync[1]);
		if (read(sync[0], &c, 1) != 0)
			_exit(127);	/* the supervisor gave up */
		if (s->bpf && icp_prefilter_install(s->bpf, 0) < 0)
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(sync[0]);
	if (ptrace(PTRACE_SEIZE, pid, 0L, ptr_options(s, 0)) < 0) {
		rc = -errno;
		icp_set_err(s, "PTRACE_SEIZE: %s", strerror(-rc));
		goto fail;
	}
	/*
	 * Stop it once so the first resume can choose PTRACE_SYSCALL (a
	 * seized task runs untraced until its first stop).
	 */
	if (ptrace(PTRACE_INTERRUPT, pid, 0L, 0L) < 0) {
		rc = -errno;
		goto fail;
	}
	while (waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR) {
			rc = -errno;
			goto fail;
		}
	if (!WIFSTOPPED(st)) {
		rc = -ECHILD;
		goto fail;
	}
	tr = icp_add(&s->tab, pid, pid);
	if (!tr) {
		rc = -ENOMEM;
		goto fail;
	}
	tr->flags = ICP_T_PREEXEC | ICP_T_SEEN;
	memset(&ev, 0, sizeof(ev));
	ev.type = SYSGATE_EV_START;
	ev.pid = ev.tid = pid;
	icp_event(s, &ev);
	ptr_resume(s, tr, 0);
	close(sync[1]);	/* let it exec */
	*out = pid;
	return 0;
fail:
	close(sync[1]);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
		;
	return rc;
}

static int ptr_tracer_pid(pid_t pid)
{
	char path[64], buf[2048], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nTracerPid:");
	return p ? atoi(p + 11) : 0;
}

static int ptr_seize_thread(struct sysgate_intercept *s, pid_t pid, pid_t tid)
{
	struct sysgate_event ev;
	struct icp_tracee *tr;

	if (ptrace(PTRACE_SEIZE, tid, 0L, ptr_options(s, 1)) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, tid, 0L, 0L) < 0) {
		int rc = -errno;

		ptrace(PTRACE_DETACH, tid, 0L, 0L);
		return rc;
	}
	tr = icp_add(&s->tab, tid, pid);
	if (!tr) {
		ptrace(PTRACE_DETACH, tid, 0L, 0L);
		return -ENOMEM;
	}
	/* It may be stopped inside a syscall: ask at its first syscall stop. */
	tr->flags = ICP_T_ATTACHED | ICP_T_UNSURE;
	memset(&ev, 0, sizeof(ev));
	ev.type = SYSGATE_EV_START;
	ev.pid = pid;
	ev.tid = tid;
	icp_event(s, &ev);
	return 0;
}

static int ptr_attach(struct sysgate_intercept *s, pid_t pid)
{
	char path[64];
	int rc, added;

	if (icp_find(&s->tab, pid))
		return -EBUSY;
	if (icp_proc_tgid(pid) != pid)
		return -ESRCH;	/* no such process (or a non-leader tid) */
	rc = ptr_seize_thread(s, pid, pid);
	if (rc < 0) {
		if (rc == -EPERM && ptr_tracer_pid(pid) > 0)
			rc = -EBUSY;
		icp_set_err(s, "cannot attach to %d: %s", (int)pid,
			    rc == -EBUSY ? "already traced" : strerror(-rc));
		return rc;
	}
	/* Threads may appear while we walk the list: repeat until stable. */
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	do {
		DIR *d = opendir(path);
		struct dirent *de;

		added = 0;
		if (!d)
			break;
		while ((de = readdir(d))) {
			pid_t tid = atoi(de->d_name);

			if (tid <= 0 || icp_find(&s->tab, tid))
				continue;
			if (ptr_seize_thread(s, pid, tid) == 0)
				added++;
		}
		closedir(d);
	} while (added);
	return 0;
}

static int ptr_probe_child(void *arg)
{
	(void)arg;
	for (;;)
		sg_syscall0(SYS_pause);
	return 0;
}

/*
 * Can we trace at all?  Seize a child that only waits to be killed.  It
 * shares our memory (CLONE_VM: no copy of the address space, a tenth of
 * a fork's cost) and runs on a buffer in this frame, below which this
 * thread's stack keeps growing until the child is reaped; it touches
 * nothing else (raw pause, no errno).
 */
int ptr_probe(struct sysgate_intercept *s)
{
	char stack[4096] __attribute__((aligned(16)));
	int st, rc = 0;
	pid_t p;

	p = clone(ptr_probe_child, stack + sizeof(stack), CLONE_VM | SIGCHLD,
		  NULL);
	if (p < 0)
		return -errno;
	if (ptrace(PTRACE_SEIZE, p, 0L, (long)PTRACE_O_EXITKILL) < 0) {
		rc = -errno;
		icp_set_err(s, "ptrace refused: PTRACE_SEIZE: %s%s", strerror(-rc),
			    rc == -EPERM ? " (yama ptrace_scope, seccomp or a "
					   "container policy?)" : "");
	}
	kill(p, SIGKILL);
	while (waitpid(p, &st, __WALL) < 0 && errno == EINTR)
		;
	return rc < 0 ? -ENOSYS : 0;
}

const struct icp_backend_ops icp_ptrace_ops = {
	.spawn = ptr_spawn,
	.attach = ptr_attach,
	.run = ptr_run,
	.shutdown = ptr_shutdown,
};
