/* SPDX-License-Identifier: MIT */
/*
 * proc.h - struct sysgate_proc, internal to the remote engine and its
 * transports.
 *
 * Life cycle: spawn/attach -> the leader (tid == pid) is in a ptrace stop,
 * p->saved holds what must be restored, the stub area is mapped at
 * p->remote in the child and at p->local here -> calls run through p->tp
 * -> detach/free: p->tp->stop(), unmap the area in the child through a
 * syscall instruction of its vDSO, restore registers and signal mask,
 * PTRACE_DETACH (or kill and reap a spawned child).
 *
 * For a transport (see transport.h): the fields under "transport" are
 * yours; everything else is read-only to you except p->leader_running.
 */
#ifndef SG_REMOTE_PROC_H
#define SG_REMOTE_PROC_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "sysgate.h"
#include "remote/stub_abi.h"
#include "remote/transport.h"

/* Why the call in flight is being cut short (remote_intr.req low bits). */
enum { REMOTE_INTR_USER = 1, REMOTE_INTR_TIMEOUT = 2 };

/*
 * Interrupting the call in flight (intr.c).  Other threads and signal
 * handlers (sysgate_proc_interrupt(), the watchdog) touch only the fields
 * marked "shared", and only with __atomic builtins; the rest belongs to
 * the thread that drives p.
 *
 * A call is numbered by gen (never 0) and is in flight while inflight ==
 * gen.  An interrupt for it stores req = gen << 2 | reason, then kicks
 * the waiting supervisor thread: on the ptrace transport a SIGSTOP to the
 * leader (the ptrace stop it causes ends the supervisor's waitpid), on the
 * futex transport a FUTEX_WAKE of the answer word.  A kick that lands
 * after its call ended is a stale SIGSTOP, swallowed at the next resume
 * like any stray stop; "sending" counts interrupters between reading
 * inflight and kicking, so teardown waits for them before the final
 * resume that swallows what they sent (no SIGSTOP survives detach).
 */
struct remote_intr {
	uint32_t gen;		/* shared: futex word of the watchdog */
	uint32_t inflight;	/* shared: gen of the call in flight, 0: none */
	uint64_t req;		/* shared */
	uint32_t sending;	/* shared */
	uint32_t wd_idle;	/* shared: 1 while the watchdog sleeps idle */
	uint32_t wd_stop;	/* shared: the watchdog must exit */
	uint32_t tp_id;		/* shared: transport of the call in flight */
	uint32_t timeout_ms;	/* shared: 0 = none */
	uint64_t start_ns;	/* shared: CLOCK_MONOTONIC start of the call */
	int hit;		/* the child's call was made to return -EINTR */
	int skip;		/* ptrace: next call: 1 entry, 2 exit due */
	int tfd;		/* pidfd of the leader thread, or -1 (tgkill) */
	unsigned int wd_running : 1;
	pthread_t wd;
};

struct sysgate_proc {
	pid_t pid;			/* thread-group id */
	pid_t tid;			/* the thread we drive: the leader */
	unsigned int spawned : 1;	/* we forked it: kill + reap on free */
	unsigned int dead : 1;		/* exited/killed; reaped if ours */
	unsigned int leader_running : 1; /* leader resumed by a transport */
	unsigned int stub_mapped : 1;	/* the area is mapped in the child */
	unsigned int mask_saved : 1;	/* saved_sigmask is valid */
	int exit_status;		/* wait status once dead */

	/* The stub area. */
	int memfd;			/* supervisor's fd of it */
	unsigned char *local;		/* supervisor mapping, STUB_AREA_SIZE */
	unsigned long remote;		/* child address of offset 0 */
	uint64_t seq;			/* last STUB_REQ_SEQ written */

	/* A `syscall` instruction in the child (its vDSO), for set-up and
	 * tear-down when the stub is not (or no longer) mapped. */
	unsigned long syscall_insn;

	/* What detach restores. */
	struct user_regs_struct saved_regs;
	uint64_t saved_sigmask;
	/* Template for stub entries: saved_regs with rip/rsp set. */
	struct user_regs_struct call_regs;

	/* Scratch bump allocator (offset into the scratch region). */
	size_t scratch_used;

	struct sysgate_batch *batch;	/* the open batch, or NULL */

	/* Transport. */
	const struct remote_transport *tp;
	void *tp_priv;

	char err[256];			/* last error message, "" if none */

	/* Signals dequeued while seizing, re-sent at detach. */
	int pending_sig[8];
	unsigned int npending;

	struct remote_intr intr;
};

static inline void *remote_local(const struct sysgate_proc *p,
				 unsigned long off)
{
	return p->local + off;
}

/* Snapshot of the response header (copied once, then validated). */
struct remote_resp {
	uint64_t seq;
	uint64_t ran;
	int64_t failed;
};

/*
 * Copy the response header and check it against a run of n entries with
 * request seq p->seq: seq echoed, ran <= n, failed either -1 with ran == n
 * or ran - 1, every result before the failing one a success and the
 * failing one a failure (per ents[], the supervisor's own copy of the
 * entries, never the shared one).  Results are copied to
 * out[0..ran).  Returns 0 or -EIO (message in p->err).
 */
int remote_resp_check(struct sysgate_proc *p, const struct stub_entry *ents,
		      unsigned int n, struct remote_resp *r, long *out);

/* Record a message in p->err (printf-style). */
void remote_set_err(struct sysgate_proc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The process completed an execve while running the stub (it is in the
 * exec event stop): step to the end of the execve, install a new stub
 * area in the new image (scratch starts empty) and keep the signal mask
 * saved at attach/spawn for detach.  Returns 0 or -errno.
 */
int remote_after_exec(struct sysgate_proc *p);

/* p is being freed under its open batch: later batch calls are -ESRCH. */
void batch_orphan(struct sysgate_batch *b);

/* Mark p dead after its thread vanished (reap it if spawned). */
void remote_mark_dead(struct sysgate_proc *p, int status);

/* ---- intr.c: timeouts and interrupts of calls in flight ---- */

/* Kernel-internal restart codes seen in rax at a stop inside a syscall. */
#define SG_ERESTARTSYS		512
#define SG_ERESTARTNOINTR	513
#define SG_ERESTARTNOHAND	514
#define SG_ERESTART_RESTARTBLOCK 516

static inline int remote_is_restart(long rax)
{
	return rax == -SG_ERESTARTSYS || rax == -SG_ERESTARTNOINTR ||
	       rax == -SG_ERESTARTNOHAND || rax == -SG_ERESTART_RESTARTBLOCK;
}

/* Is rip (just after a `syscall`) in the engine's blob, where every
 * syscall instruction issues a requested call? */
static inline int remote_rip_in_blob(const struct sysgate_proc *p,
				     unsigned long long rip)
{
	return rip > p->remote + STUB_CODE_OFF &&
	       rip <= p->remote + STUB_CODE_OFF + STUB_XCODE_OFF;
}

/* At set-up: the leader's thread pidfd (optional). */
void remote_intr_init(struct sysgate_proc *p);
/*
 * Bracket every engine call (single or flush) that may be interrupted.
 * begin() numbers it, records its start when a timeout is set and wakes
 * the watchdog (ptrace transport) only if it sleeps idle: no syscall per
 * call otherwise.  end() returns the reason (REMOTE_INTR_*) when the
 * child's call was cut short (made to return -EINTR), else 0.
 */
void remote_call_begin(struct sysgate_proc *p);
/* The same for a call driven by how rather than p's transport (a remote
 * function call runs on the leader by ptrace whatever the transport). */
void remote_call_begin_as(struct sysgate_proc *p, enum sysgate_transport how);
int remote_call_end(struct sysgate_proc *p);
/* REMOTE_INTR_* requested for the call in flight, 0 if none. */
int remote_intr_wanted(const struct sysgate_proc *p);
/*
 * For a waiter that watches the clock itself (futex): the reason wanted,
 * marking a passed deadline as REMOTE_INTR_TIMEOUT; 0 if none.  And the
 * deadline of the call in flight (0: none).
 */
int remote_intr_due(struct sysgate_proc *p);
uint64_t remote_intr_deadline(const struct sysgate_proc *p);
/* Ask for the call in flight gen to be cut short; kicks the waiter. */
void remote_intr_request(struct sysgate_proc *p, uint32_t gen, int reason);
/*
 * The leader, on the ptrace transport during a call, reported a stop
 * ptr_resume_wait() would swallow (sig: SIGSTOP or SIGTRAP | 0x80).  If
 * an interrupt is wanted, cut the call short: a syscall of the blob
 * interrupted (-ERESTART*) becomes -EINTR; otherwise *request becomes
 * PTRACE_SYSCALL and the next syscall of the blob is skipped with -EINTR.
 * Returns 0 or -errno.
 */
int remote_intr_on_stop(struct sysgate_proc *p, int sig, int *request);
/* Before teardown: stop the watchdog, wait out interrupters, close fds. */
void remote_intr_quiesce(struct sysgate_proc *p);

#endif
