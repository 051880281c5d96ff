/* SPDX-License-Identifier: MIT */
/*
 * transport.h - how requests reach the stub in the child.
 *
 * The engine (proc.c, batch.c) owns the stub area and its layout
 * (stub_abi.h); a transport only moves "run this" to the child and "done"
 * back.  Two kinds of result are kept apart everywhere:
 *  - the transport result, the int the ops return: 0, -ESRCH (the process
 *    is gone), -EIO (the stub area or the child's state is not what the
 *    stub would leave), -ETIMEDOUT, ...;
 *  - the call's own result (the kernel's -errno), in *ret or in the
 *    response area's result slots.
 *
 * Writing a transport (the futex one plugs in the same way):
 *  1. Define `const struct remote_transport remote_transport_futex` in its
 *     own file (src/remote/transport_futex.c).  proc.c declares it weak
 *     (see remote_transport_get()); when the symbol exists,
 *     sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX) uses it, else
 *     it returns -ENOSYS.  That is the single hook point.
 *  2. start(p) is called with the process stopped under ptrace, the stub
 *     area mapped and p->tp still the ptrace transport: it may use
 *     remote_ptrace_call() (registers path) to run set-up calls in the
 *     child (e.g. clone a stub thread on the stack at STUB_TSTACK_OFF,
 *     install a seccomp filter on that thread).  It copies its own code
 *     blob to p->local + STUB_XCODE_OFF (<= STUB_XCODE_MAX bytes; the code
 *     page is writable from the supervisor's side).  On failure it undoes
 *     what it did and returns -errno; the old transport stays.
 *     The engine then sets p->tp.  While another transport is active the
 *     leader thread stays in a ptrace stop (the engine does not resume it)
 *     unless the transport resumes it itself (p->leader_running = 1).
 *  3. call(p, nr, args, ret): run one call.  The single entry is in the
 *     request header (STUB_REQ_SINGLE); the stub function STUB_FN_SINGLE
 *     runs it.  Fill *ret with the call's result.
 *  4. run(p, n): the engine has written entries [0, n), STUB_REQ_COUNT = n
 *     and a fresh STUB_REQ_SEQ; make the child run STUB_FN_RUN once and
 *     return 0 when it has finished (STUB_RESP_SEQ == STUB_REQ_SEQ).  The
 *     engine validates the response area itself (remote_resp_check()).
 *  5. stop(p): make the child stop serving (thread exited or parked, futex
 *     words reset) so the ptrace transport works again; called before
 *     switching away and before detach/free.  Must not hang if the process
 *     died.  Its own memory (p->tp_priv) is freed here.
 *  6. alive(p): 1 if the stub answers (cheap; no round trip needed).
 *  7. Interrupts (intr.c): while p->intr.inflight, call() and run() must
 *     notice remote_intr_wanted(p) (and a passed remote_intr_deadline(p))
 *     without adding work to calls that finish in time, cut the child's
 *     call short (its syscall returns -EINTR, set p->intr.hit) and then
 *     wait for the stub's normal answer.  Say how the waiter is woken in
 *     intr.c's intr_kick() (ptrace: SIGSTOP; futex: FUTEX_WAKE).
 *  Ops run on the thread that uses p; one thread at a time per p.
 */
#ifndef SG_REMOTE_TRANSPORT_H
#define SG_REMOTE_TRANSPORT_H

#include "sysgate.h"

struct sysgate_proc;

struct remote_transport {
	const char *name;
	enum sysgate_transport id;
	int (*start)(struct sysgate_proc *p);
	void (*stop)(struct sysgate_proc *p);
	int (*call)(struct sysgate_proc *p, long nr, const long args[6],
		    long *ret);
	int (*run)(struct sysgate_proc *p, unsigned int n);
	int (*alive)(const struct sysgate_proc *p);
};

extern const struct remote_transport remote_transport_ptrace;
/*
 * Defined by transport_futex.c.  Not weak any more: a weak undefined
 * reference never pulls a member out of libsysgate.a, so programs linked
 * statically (tests, benchmarks) never got the futex transport.
 */
extern const struct remote_transport remote_transport_futex;

/* The transport for id, or NULL when not built in. */
const struct remote_transport *remote_transport_get(enum sysgate_transport id);

/*
 * Run one call in p through the ptrace registers path (STUB_ENTRY_SINGLE),
 * whatever p->tp is.  The leader must be in a ptrace stop.  Returns the
 * transport result; *ret gets the call's result.  For transports' set-up.
 */
int remote_ptrace_call(struct sysgate_proc *p, long nr, const long args[6],
		       long *ret);

#endif
