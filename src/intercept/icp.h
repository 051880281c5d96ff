/* SPDX-License-Identifier: MIT */
/*
 * Interception internals shared by the session driver (session.c) and the
 * backends (backend_ptrace.c, backend_sysemu.c, backend_unotify.c).
 *
 * Ownership: a struct sysgate_intercept owns its tracee table, its
 * listener fds and its sentinel child; everything is driven by the one
 * thread that calls sysgate_intercept_run().  Only icp->stop and the
 * sentinel pid are touched from other contexts (interrupt()).
 */
#ifndef SG_INTERCEPT_ICP_H
#define SG_INTERCEPT_ICP_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "sysgate.h"

/* icp_tracee.flags */
enum {
	ICP_T_INSYSCALL = 1u << 0,	/* entry seen, exit stop pending */
	ICP_T_SKIP = 1u << 1,		/* entry emulated: write ret at exit */
	ICP_T_REPORT_EXIT = 1u << 2,	/* exit stop goes to the handler */
	ICP_T_PREEXEC = 1u << 3,	/* spawned child before its execve */
	ICP_T_ATTACHED = 1u << 4,	/* seized by attach: detach, not kill */
	ICP_T_REISSUE = 1u << 5,	/* sysemu: a call is being re-run */
	ICP_T_SILENT = 1u << 6,		/* not followed: run, never report */
	ICP_T_UNSURE = 1u << 7,		/* attached: first syscall stop kind unknown */
	ICP_T_SEEN = 1u << 8,		/* first stop seen */
	ICP_T_GONE = 1u << 9,		/* exited, reaped */
	ICP_T_REISSUE_EXIT = 1u << 10,	/* sysemu: report the re-run call's exit */
};

struct icp_tracee {
	pid_t tid;
	pid_t pid;			/* thread-group id */
	unsigned int flags;		/* ICP_T_* */
	long nr;			/* call in progress (entry seen) */
	unsigned long args[6];
	unsigned int abi;		/* its enum sysgate_abi */
	long skip_ret;			/* ICP_T_SKIP: the caller's result */
	unsigned long reissue_rip;	/* ICP_T_REISSUE: rip of the syscall */
	long reissue_nr;		/* ICP_T_REISSUE: its number (nr may
					 * change: a signal handler's calls) */
	struct icp_tracee *next;	/* hash chain */
};

struct icp_table {
	struct icp_tracee **slot;
	unsigned int nslot;		/* power of two */
	unsigned int count;
};

struct sysgate_intercept;

struct icp_backend_ops {
	int (*spawn)(struct sysgate_intercept *s, const char *path,
		     char *const argv[], char *const envp[], pid_t *pid);
	int (*attach)(struct sysgate_intercept *s, pid_t pid);
	int (*run)(struct sysgate_intercept *s);
	/* Detach attached tracees, kill spawned ones, reap; never fails. */
	void (*shutdown)(struct sysgate_intercept *s);
};

struct sysgate_intercept {
	struct sysgate_intercept_opts o;
	enum sysgate_backend backend;
	const struct icp_backend_ops *ops;
	uint64_t *filter;		/* NULL = every call */
	unsigned int filter_bits;
	char err[256];

	struct icp_table tab;
	pid_t first_pid;		/* first spawned/attached process */
	int first_status;
	int have_first_status;
	int nlive;			/* tracees not yet gone */

	/* interrupt(): a flag plus a wake-up the run loop cannot miss. */
	volatile sig_atomic_t stop;
	volatile pid_t sentinel;	/* ptrace: a child killed to wake waitpid */
	char sentinel_stack[2048] __attribute__((aligned(16)));	/* its stack */
	int wake_fd[2];			/* unotify: self-pipe polled with the listener */

	/* ptrace/sysemu */
	void *bpf;			/* struct sock_fprog built before fork */
	int running;			/* inside run() */
	/* SYSGATE_CPU_TIME: ru_stime of the stop being handled, in ns */
	unsigned long long stop_stime_ns;

	/* unotify */
	int listener;
	int pidfd;			/* of the spawned child */
	pid_t child;			/* the spawned child (unotify) */
	int child_reaped;
};

/* session.c */
extern const struct icp_backend_ops icp_ptrace_ops;	/* ptrace + sysemu */
extern const struct icp_backend_ops icp_unotify_ops;

void icp_set_err(struct sysgate_intercept *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int icp_wants(const struct sysgate_intercept *s, long nr);
unsigned long long icp_now_ns(void);
void icp_event(struct sysgate_intercept *s, struct sysgate_event *ev);
int icp_resolve_path(const char *file, char *out, size_t outlen);
void icp_note_status(struct sysgate_intercept *s, pid_t pid, int status);

struct icp_tracee *icp_find(struct icp_table *t, pid_t tid);
struct icp_tracee *icp_add(struct icp_table *t, pid_t tid, pid_t pid);
void icp_del(struct icp_table *t, pid_t tid);
void icp_table_free(struct icp_table *t);
/* Calls fn for every tracee; fn may delete the one it is given. */
void icp_for_each(struct icp_table *t,
		  void (*fn)(struct icp_tracee *tr, void *arg), void *arg);
/* Thread-group id of tid from /proc (0 if gone). */
pid_t icp_proc_tgid(pid_t tid);
/* Thread-group id and parent of tid from /proc; 0 or -ESRCH. */
int icp_proc_ids(pid_t tid, pid_t *tgid, pid_t *ppid);

/* mem_access.c: bumped by every sysgate_mem_* call of this thread. */
extern __thread unsigned long icp_mem_ops;

/* prefilter.c: build "RET_TRACE/NOTIFY for the wanted, ALLOW the rest". */
enum { ICP_PF_TRACE, ICP_PF_NOTIFY };
int icp_prefilter_build(const struct sysgate_intercept *s, int kind,
			void **prog_out);
void icp_prefilter_free(void *prog);
/* Install prog in the calling (child) process; returns fd/0 or -errno. */
int icp_prefilter_install(const void *prog, unsigned int flags);

/* backend_ptrace.c probes; backend_unotify.c probe. */
int ptr_probe(struct sysgate_intercept *s);
int unf_probe(struct sysgate_intercept *s);

/* backend_ptrace.c helpers shared with backend_sysemu.c */
/*
 * What a ptrace stop tells of its call: the kernel's own account
 * (PTRACE_GET_SYSCALL_INFO: nr, args in the call's ABI, the ABI, ip, sp,
 * the result) and, when the handler may want it, the whole frame
 * (PTRACE_GETREGS, about twice the cost of the other on this machine).
 */
struct ptr_view {
	struct user_regs_struct u;	/* when have_regs */
	int have_regs;
	unsigned int abi;		/* enum sysgate_abi */
	long nr;
	unsigned long args[6];
	unsigned long ip, sp;
	long ret;			/* exit stops */
};

/* The handler may rewrite or read the frame (sysemu always needs it). */
int ptr_want_regs(const struct sysgate_intercept *s);
/* Fill v at an entry (syscall-entry or seccomp stop); -1: tracee gone. */
int ptr_view_entry(struct icp_tracee *tr, struct ptr_view *v, int regs);
void ptr_fill_call(struct sysgate_intercept *s, struct icp_tracee *tr,
		   struct sysgate_call *c, const struct ptr_view *v,
		   enum sysgate_phase phase);
/* Put c's nr and args into v->u in its ABI's registers; 1 if changed. */
int ptr_apply_args(const struct sysgate_call *c, struct ptr_view *v);
/* The six argument registers of abi, from a frame. */
void ptr_args_of(unsigned int abi, const struct user_regs_struct *u,
		 unsigned long a[6]);
/* execve or execveat in abi's numbering */
int icp_is_exec(unsigned int abi, long nr);
int ptr_kill(struct sysgate_intercept *s, struct icp_tracee *tr);

/*
 * backend_sysemu.c: PTRACE_SYSEMU stops.  emu_entry_stop() handles one
 * entry stop and returns the ptrace request to resume with
 * (PTRACE_SYSEMU, or PTRACE_SYSCALL while a call is re-issued), or -1
 * when the tracee was killed and must not be resumed.
 */
int emu_entry_stop(struct sysgate_intercept *s, struct icp_tracee *tr,
		   struct ptr_view *v);
/* At a syscall-entry stop of an ICP_T_REISSUE tracee: the re-run call? */
int emu_is_reissue(const struct icp_tracee *tr,
		   const struct user_regs_struct *u);
/*
 * The re-run call entered (emu_is_reissue() said so): end the re-issue
 * and arm its exit stop when the handler is to see it.  The caller then
 * resumes with ptr_resume(): PTRACE_SYSCALL while ICP_T_INSYSCALL (an
 * exit stop follows), PTRACE_SYSEMU otherwise (none does).
 */
void emu_reentry(struct icp_tracee *tr, const struct user_regs_struct *u);
/*
 * Make a call the kernel skipped at a SYSEMU stop run for real once the
 * tracee continues (back over `syscall`, rax = nr); 0 or -errno.
 */
int emu_rewind(pid_t tid, struct user_regs_struct *u);

#endif
