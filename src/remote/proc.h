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

#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "sysgate.h"
#include "remote/stub_abi.h"
#include "remote/transport.h"

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

#endif
