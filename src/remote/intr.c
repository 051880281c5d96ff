/* SPDX-License-Identifier: MIT */
/*
 * intr.c - bounding and cancelling remote calls: sysgate_proc_set_timeout(),
 * sysgate_proc_interrupt(), the watchdog thread of the ptrace transport,
 * and cutting the leader's call short at a ptrace stop.
 *
 * "Cut short" means the same on both transports: the thread running the
 * stub is stopped with ptrace; a call of the engine's blob blocked in the
 * kernel (rax -ERESTART*) is made to return -EINTR and not restarted; a
 * thread caught between calls is stepped to its next syscall, and when
 * that is one of the blob's (a request) it runs getppid instead and
 * returns -EINTR.  (Not "skipped" with orig_rax = -1: a seccomp filter,
 * ours on the futex thread or the program's, still sees nr -1 and may
 * kill the process for it.)  The stub then goes on as after any failing
 * call: a single call returns -EINTR, a batch stops at that entry.  The
 * engine reports -ETIMEDOUT or -EINTR (remote_call_end()).
 *
 * Timeouts: the futex transport's waiter already runs on a clock and
 * checks the deadline itself (transport_futex.c).  The ptrace transport's
 * waiter sleeps in waitpid, so a watchdog thread (one per process, started
 * by the first timed call) sleeps until the call's deadline and kicks.  It
 * reads the start time the supervisor stored (no syscall); the supervisor
 * wakes it (FUTEX_WAKE) only when it went idle after a quiet period of one
 * timeout, so back-to-back calls cost a clock read and a few stores.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arch/x86_64/raw_syscall.h"
#include "remote/proc.h"
#include "remote/ptr.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD 0200		/* O_EXCL, Linux 6.9 */
#endif
#ifndef PIDFD_SIGNAL_THREAD
#define PIDFD_SIGNAL_THREAD 1
#endif

/* A kick that did not end the call is repeated this often. */
#define INTR_REFIRE_NS 20000000ull

static uint64_t intr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static long intr_futex(uint32_t *w, int op, uint32_t val, uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull),
			       (long)(ns % 1000000000ull) };

	return sg_syscall4(SYS_futex, (long)w, op, val,
			   ns ? (long)&ts : 0);
}

void remote_intr_init(struct sysgate_proc *p)
{
	long fd;

	if (p->intr.tfd >= 0)
		return;
	/*
	 * A pidfd of the leader thread: a kick that comes late can never
	 * hit another process that got the pid.  Older kernels: tgkill.
	 */
	fd = sg_syscall2(SYS_pidfd_open, p->tid, PIDFD_THREAD);
	p->intr.tfd = fd >= 0 ? (int)fd : -1;
}

/* Async-signal-safe: raw syscalls and atomics only. */
static void intr_kick(struct sysgate_proc *p)
{
	uint32_t tp = __atomic_load_n(&p->intr.tp_id, __ATOMIC_ACQUIRE);
	long r;

	if (tp == SYSGATE_TRANSPORT_FUTEX) {
		/* The supervisor sleeps on the answer word; it looks then. */
		sg_syscall4(SYS_futex, (long)(p->local + STUB_RESP_OFF +
					       STUB_RESP_FUTEX),
			    FUTEX_WAKE, INT_MAX, 0);
		return;
	}
	/*
	 * SIGSTOP cannot be blocked; to a traced thread it is a ptrace stop
	 * reported to the supervisor's waitpid (and suppressed there), never
	 * a group stop of the program.
	 */
	if (p->intr.tfd >= 0) {
		r = sg_syscall4(SYS_pidfd_send_signal, p->intr.tfd, SIGSTOP, 0,
				PIDFD_SIGNAL_THREAD);
		if (r != -EINVAL && r != -ENOSYS)
			return;
	}
	sg_syscall3(SYS_tgkill, p->pid, p->tid, SIGSTOP);
}

static int intr_mark(struct sysgate_proc *p, uint32_t gen, int reason)
{
	uint64_t cur = __atomic_load_n(&p->intr.req, __ATOMIC_ACQUIRE);
	uint64_t want = (uint64_t)gen << 2 | (unsigned int)reason;

	while ((cur >> 2) != gen)
		if (__atomic_compare_exchange_n(&p->intr.req, &cur, want, 0,
						__ATOMIC_SEQ_CST,
						__ATOMIC_ACQUIRE))
			return reason;
	return (int)(cur & 3);
}

void remote_intr_request(struct sysgate_proc *p, uint32_t gen, int reason)
{
	intr_mark(p, gen, reason);
	intr_kick(p);
}

int remote_intr_wanted(const struct sysgate_proc *p)
{
	uint32_t g = __atomic_load_n(&p->intr.inflight, __ATOMIC_RELAXED);
	uint64_t r = __atomic_load_n(&p->intr.req, __ATOMIC_ACQUIRE);

	return g && (r >> 2) == g ? (int)(r & 3) : 0;
}

int remote_intr_due(struct sysgate_proc *p)
{
	uint32_t g = __atomic_load_n(&p->intr.inflight, __ATOMIC_RELAXED);
	uint64_t t = p->intr.timeout_ms;
	int why = remote_intr_wanted(p);

	if (why || !g || !t)
		return why;
	if (intr_now_ns() - p->intr.start_ns < t * 1000000ull)
		return 0;
	return intr_mark(p, g, REMOTE_INTR_TIMEOUT);
}

uint64_t remote_intr_deadline(const struct sysgate_proc *p)
{
	uint64_t t = p->intr.timeout_ms;

	return t && p->intr.inflight ? p->intr.start_ns + t * 1000000ull : 0;
}

/*
 * The watchdog: sleeps on the gen word until the deadline of the call in
 * flight, kicks when it passes (again every INTR_REFIRE_NS while the same
 * call is still in flight), and goes idle (sleeps without a timeout) once
 * a whole timeout passed with no call.
 */
static void *intr_wd_main(void *arg)
{
	struct sysgate_proc *p = arg;
	struct remote_intr *in = &p->intr;
	uint32_t seen = __atomic_load_n(&in->gen, __ATOMIC_ACQUIRE), g, cur;
	uint64_t t, now, deadline, wait;

	while (!__atomic_load_n(&in->wd_stop, __ATOMIC_ACQUIRE)) {
		t = (uint64_t)__atomic_load_n(&in->timeout_ms,
					      __ATOMIC_RELAXED) * 1000000ull;
		cur = __atomic_load_n(&in->gen, __ATOMIC_ACQUIRE);
		g = __atomic_load_n(&in->inflight, __ATOMIC_ACQUIRE);
		if (g && t && __atomic_load_n(&in->tp_id, __ATOMIC_RELAXED) ==
		    SYSGATE_TRANSPORT_PTRACE) {
			deadline = __atomic_load_n(&in->start_ns,
						   __ATOMIC_ACQUIRE) + t;
			now = intr_now_ns();
			if (now >= deadline) {
				__atomic_add_fetch(&in->sending, 1,
						   __ATOMIC_SEQ_CST);
				if (__atomic_load_n(&in->inflight,
						    __ATOMIC_SEQ_CST) == g)
					remote_intr_request(p, g,
						REMOTE_INTR_TIMEOUT);
				__atomic_sub_fetch(&in->sending, 1,
						   __ATOMIC_SEQ_CST);
				wait = INTR_REFIRE_NS;
			} else {
				wait = deadline - now;
			}
			seen = cur;
			intr_futex(&in->gen, FUTEX_WAIT_PRIVATE, cur, wait);
			continue;
		}
		if (cur != seen && t) {
			/* Calls came lately: look again in one timeout. */
			seen = cur;
			intr_futex(&in->gen, FUTEX_WAIT_PRIVATE, cur, t);
			continue;
		}
		/* Quiet: sleep until a call wakes us (Dekker with begin()). */
		__atomic_store_n(&in->wd_idle, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&in->gen, __ATOMIC_SEQ_CST) == cur &&
		    !__atomic_load_n(&in->wd_stop, __ATOMIC_SEQ_CST))
			intr_futex(&in->gen, FUTEX_WAIT_PRIVATE, cur, 0);
		__atomic_store_n(&in->wd_idle, 0, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void intr_wd_start(struct sysgate_proc *p)
{
	sigset_t all, old;
	int err;

	/* Every signal blocked: the program's handlers run elsewhere. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&p->intr.wd, NULL, intr_wd_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!err)
		p->intr.wd_running = 1;
	else
		remote_set_err(p, "no watchdog thread for the timeout: %s",
			       strerror(err));
}

void remote_call_begin(struct sysgate_proc *p)
{
	remote_call_begin_as(p, p->tp->id);
}

void remote_call_begin_as(struct sysgate_proc *p, enum sysgate_transport how)
{
	struct remote_intr *in = &p->intr;
	uint32_t g = in->gen + 1;

	if (!g)
		g = 1;
	in->hit = 0;
	in->skip = 0;
	__atomic_store_n(&in->tp_id, (uint32_t)how, __ATOMIC_RELAXED);
	if (in->timeout_ms) {
		__atomic_store_n(&in->start_ns, intr_now_ns(),
				 __ATOMIC_RELAXED);
		if (how == SYSGATE_TRANSPORT_PTRACE && !in->wd_running)
			intr_wd_start(p);
	}
	__atomic_store_n(&in->gen, g, __ATOMIC_SEQ_CST);
	__atomic_store_n(&in->inflight, g, __ATOMIC_SEQ_CST);
	if (in->wd_running && __atomic_load_n(&in->wd_idle, __ATOMIC_SEQ_CST))
		intr_futex(&in->gen, FUTEX_WAKE_PRIVATE, 1, 0);
}

int remote_call_end(struct sysgate_proc *p)
{
	struct remote_intr *in = &p->intr;
	uint64_t r = __atomic_load_n(&in->req, __ATOMIC_ACQUIRE);

	__atomic_store_n(&in->inflight, 0, __ATOMIC_SEQ_CST);
	if (!in->hit)
		return 0;
	return (r >> 2) == in->gen && (r & 3) ? (int)(r & 3)
					      : REMOTE_INTR_USER;
}

int remote_intr_on_stop(struct sysgate_proc *p, int sig, int *request)
{
	struct user_regs_struct r;
	int err;

	if (sig == SIGSTOP && !remote_intr_wanted(p))
		return 0;		/* stray or stale: swallowed */
	if (sig != SIGSTOP && !p->intr.skip)
		return 0;
	err = ptr_getregs(p, &r);
	if (err)
		return err;
	if (sig == SIGSTOP) {
		if ((long long)r.orig_rax >= 0 &&
		    remote_rip_in_blob(p, r.rip) &&
		    (remote_is_restart((long)r.rax) ||
		     (long)r.rax == -EINTR)) {
			r.rax = (unsigned long long)-EINTR;
			r.orig_rax = (unsigned long long)-1;
			p->intr.hit = 1;
			p->intr.skip = 0;
			*request = PTRACE_CONT;
			return ptr_setregs(p, &r);
		}
		/* Between calls (or one just done): catch the next one. */
		p->intr.skip = 1;
		*request = PTRACE_SYSCALL;
		return 0;
	}
	/* A syscall stop in skip mode: 1 = its entry, 2 = its exit. */
	if (p->intr.skip == 1) {
		if (!remote_rip_in_blob(p, r.rip)) {
			p->intr.skip = 0;
			*request = PTRACE_CONT;
			return 0;
		}
		r.orig_rax = SYS_getppid;
		p->intr.skip = 2;
		return ptr_setregs(p, &r);
	}
	r.rax = (unsigned long long)-EINTR;
	p->intr.hit = 1;
	p->intr.skip = 0;
	*request = PTRACE_CONT;
	return ptr_setregs(p, &r);
}

void remote_intr_quiesce(struct sysgate_proc *p)
{
	struct remote_intr *in = &p->intr;

	if (in->wd_running) {
		__atomic_store_n(&in->wd_stop, 1, __ATOMIC_SEQ_CST);
		intr_futex(&in->gen, FUTEX_WAKE_PRIVATE, INT_MAX, 0);
		pthread_join(in->wd, NULL);
		in->wd_running = 0;
	}
	__atomic_store_n(&in->inflight, 0, __ATOMIC_SEQ_CST);
	/* An interrupter that saw a call in flight finishes its kick. */
	while (__atomic_load_n(&in->sending, __ATOMIC_SEQ_CST))
		sched_yield();
	if (in->tfd >= 0)
		close(in->tfd);
	in->tfd = -1;
}

int sysgate_proc_set_timeout(struct sysgate_proc *p, unsigned int ms)
{
	if (!p)
		return -EINVAL;
	__atomic_store_n(&p->intr.timeout_ms, ms, __ATOMIC_RELAXED);
	return 0;
}

int sysgate_proc_interrupt(struct sysgate_proc *p)
{
	uint32_t g;

	if (!p)
		return -EINVAL;
	__atomic_add_fetch(&p->intr.sending, 1, __ATOMIC_SEQ_CST);
	g = __atomic_load_n(&p->intr.inflight, __ATOMIC_SEQ_CST);
	if (g)
		remote_intr_request(p, g, REMOTE_INTR_USER);
	__atomic_sub_fetch(&p->intr.sending, 1, __ATOMIC_SEQ_CST);
	return g ? 0 : -EAGAIN;
}
