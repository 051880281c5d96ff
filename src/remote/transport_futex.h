/* SPDX-License-Identifier: MIT */
/*
 * transport_futex.h - private ABI of the futex transport: where its words
 * live in the stub area (stub_abi.h spare fields) and the register contract
 * of its code blob (src/arch/x86_64/stub_futex.S).  Only #defines outside
 * the __ASSEMBLER__ part: included from assembly.
 *
 * Hand-off (one u32 sequence per direction, never 0):
 *  supervisor: write the op (single entry or batch entries + count),
 *    STUB_REQ_OP, then STUB_REQ_FUTEX = S (full fence); FUTEX_WAKE it only
 *    when FX_RESP_SLEEPING says the stub thread sleeps.
 *  stub thread: sees STUB_REQ_FUTEX != last, calls STUB_FN_SINGLE or
 *    STUB_FN_RUN (the engine's code), then STUB_RESP_FUTEX = S with xchg
 *    (full fence), FUTEX_WAKE it only when FX_REQ_WAITING says the
 *    supervisor sleeps.
 * Both sides use the Dekker order "store own flag, full fence, load the
 * other's word" before sleeping, so a wake-up is never lost.
 *
 * STUB_RESP_FUTEX is also the stub thread's clear_child_tid: when the
 * thread dies the kernel stores 0 there and wakes waiters (unless it was
 * the last thread of the process: then only the pidfd tells), so 0 means
 * "the stub thread is gone".
 */
#ifndef SG_REMOTE_TRANSPORT_FUTEX_H
#define SG_REMOTE_TRANSPORT_FUTEX_H

#include "remote/stub_abi.h"

/* In the request header's spare part (child read-only), from STUB_REQ_OFF. */
/* u32: pause turns the stub spins after its answer before sleeping */
#define FX_REQ_SPIN	(STUB_REQ_SPARE + 0x00)
/* u32: 1 while the supervisor sleeps on STUB_RESP_FUTEX */
#define FX_REQ_WAITING	(STUB_REQ_SPARE + 0x04)
/* u32: tid of a stub thread told to exit that had not yet (0: none) */
#define FX_REQ_STALE	(STUB_REQ_SPARE + 0x08)

/* In the response header's spare part (child writable), from STUB_RESP_OFF. */
/* u32: 1 while the stub thread sleeps on STUB_REQ_FUTEX */
#define FX_RESP_SLEEPING (STUB_RESP_SPARE + 0x00)
/* STUB_RESP_STATE: 1 once the thread serves, else -errno of its set-up. */

/* Hard bound on the stub thread's spin, whatever FX_REQ_SPIN says. */
#define FX_SPIN_MAX	4000

/* The filter program (struct sock_fprog + instructions) sits at the bottom
 * of the transport thread's stack region while the thread installs it. */
#define FX_FPROG_OFF	STUB_TSTACK_OFF
#define FX_FPROG_MAX	0x400

/*
 * Register contract of the blob's clone entry (offset 0), run by the
 * ptrace transport in the leader.  clone keeps every register in the new
 * thread except rax (0) and rsp (the new stack):
 *   rax = SYS_clone, rdi = flags, rsi = stack top, rdx = 0 (ptid),
 *   r10 = &STUB_RESP_FUTEX (ctid), r8 = 0 (tls),
 *   rbx = child address of the stub area, r12 = child address of the
 *   struct sock_fprog.
 * Leader side: int3 with rax = the new tid or -errno.
 */

#ifndef __ASSEMBLER__
/* Labels of the blob (stub_futex.S); C copies [begin, end) into the code
 * page at STUB_XCODE_OFF and locates the others by their offsets. */
extern const char sg_fx_begin[], sg_fx_end[];
extern const char sg_fx_ctl_begin[], sg_fx_ctl_end[], sg_fx_exit[];

#include <sys/types.h>

struct sysgate_proc;

/* The stub thread's tid while p is on the futex transport, else -1. */
pid_t fx_stub_tid(const struct sysgate_proc *p);

/*
 * Fix the supervisor's spin budget to ns (0: never spin, and the stub
 * sleeps at once too), or back to adaptive with ns < 0.  For tests and
 * benchmarks that compare the policies.
 */
void fx_set_spin(struct sysgate_proc *p, long ns);
#endif

#endif
