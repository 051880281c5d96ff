/* SPDX-License-Identifier: MIT */
/*
 * transport_futex.c - requests reach the stub through futex words in the
 * shared stub area; no ptrace after set-up.
 *
 * Set-up (start, through the ptrace transport, leader in a ptrace stop):
 * the blob of stub_futex.S goes to STUB_XCODE_OFF, a seccomp filter to the
 * bottom of the transport stack, and the leader runs the blob's clone
 * entry: a new thread (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM, stack at
 * STUB_TSTACK, clear_child_tid = STUB_RESP_FUTEX) blocks every signal,
 * sets no_new_privs and installs the filter on itself only (no TSYNC: the
 * program's threads are not affected), then serves requests forever.
 * The leader stays in its ptrace stop while the futex transport is active.
 *
 * The filter, by instruction pointer (after the syscall instruction):
 *  - the engine's blob [code page, STUB_XCODE_OFF] (STUB_FN_SINGLE and
 *    STUB_FN_RUN issue the requested calls): anything except the calls
 *    that would take the thread or its stack away from the loop: exit,
 *    execve, execveat, clone, clone3, fork, vfork, rt_sigreturn fail with
 *    -EPERM (exit_group stays allowed: it ends the process, as it would
 *    on the ptrace transport);
 *  - the loop's own range [sg_fx_ctl_begin, sg_fx_ctl_end]: futex,
 *    sched_yield and exit only;
 *  - anywhere else (a signal handler the program managed to run on the
 *    thread, a return address overwritten on its stack): the process is
 *    killed (SECCOMP_RET_KILL_PROCESS), x32 and foreign arches as well.
 *
 * Trade-offs:
 *  - Requests run on the stub thread, not on the leader: gettid, the
 *    signal mask, seccomp filters and prctl state seen by a remote call
 *    are that thread's.  Calls that would end or replace the thread
 *    (exit, execve, clone...) are refused with -EPERM rather than leave
 *    the engine without a stub; exit_group still ends the process.
 *  - The stub thread may be migrated once in a while (fx_place(): its
 *    affinity is narrowed for a moment, then restored).
 *  - The leader stays in its ptrace stop (the engine's invariant): other
 *    threads of an attached program run on, the leader does not.
 *  - A hostile child can still lie in the response area; that is caught
 *    by validation (-EIO), not prevented.  The filter and the thread's
 *    stack live in child-writable memory, so another thread of an
 *    attached, hostile program could race the set-up; spawned programs
 *    have no other thread then.
 *  - A request that blocks forever blocks the supervisor as it would on
 *    the ptrace transport, unless a timeout is set or the call is
 *    interrupted (intr.c): the waiter checks the deadline on its clock
 *    (no timer, no extra syscall while the answer comes in time) and
 *    seizes the stub thread to cut its call short (fx_intr()).
 *  - Switching away (and detach/free, which switch away first) makes the
 *    thread exit: asked through the futex, or, if it is stuck in a call,
 *    interrupted with ptrace and pointed at the blob's exit.  Only a
 *    thread that is gone gets its futex words reset; one that cannot be
 *    made to leave is remembered and blocks a new start (-EBUSY).
 *
 * Waiting: the supervisor spins a bounded, adaptive while (fx_plan():
 * only while spinning keeps catching answers; 2 CPUs: never long), then
 * FUTEX_WAIT on STUB_RESP_FUTEX, checking on a clock (1 ms, doubling to
 * 32 ms; wake-ups the child sends cannot postpone a check).  The thread's
 * death is seen at once through clear_child_tid (the kernel zeroes the
 * word and wakes us), or at the next check through the pidfd (when the
 * thread was the last one of the process, the kernel skips the
 * clear_child_tid store).  A check also asks the kernel whether the stub
 * thread already sleeps in its loop after serving the request (see
 * fx_stub_idle_after()): a word that still reads "pending" then is the
 * child's lie, -EIO, so no wait hangs on a value the child controls.
 * A dead process is never reaped here (fx_proc_gone()).  The stub thread, after answering, spins as
 * long as the supervisor asks (FX_REQ_SPIN, bounded by FX_SPIN_MAX in the
 * blob) and then sleeps on STUB_REQ_FUTEX.
 *
 * Ordering: both sides publish with a sequentially consistent store (xchg)
 * and read the other side's "I sleep" flag after it; each sets its own
 * flag, fences, then re-reads the word before FUTEX_WAIT.  So either the
 * publisher sees the flag and wakes, or the sleeper sees the new word.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch/x86_64/raw_syscall.h"
#include "remote/proc.h"
#include "remote/ptr.h"
#include "remote/transport_futex.h"

/*
 * Spinning (see fx_plan()): the supervisor spins at least FX_SPIN_MIN_NS,
 * and up to 4 x the usual round trip within [FX_SPIN_LO_NS, FX_SPIN_MAX_NS]
 * while spinning pays; the stub spins FX_STUB_SPIN pause turns (~24 ns
 * each on this machine, yielding every 32) between back-to-back requests.
 */
#define FX_SPIN_MIN_NS		500ull
#define FX_SPIN_LO_NS		2000ull
#define FX_SPIN_MAX_NS		50000ull
#define FX_STUB_SPIN		2048u
/* A gap between requests longer than this: the stub sleeps at once. */
#define FX_GAP_NS		50000ull
/* FX_PROBE_RUN requests of every FX_PROBE_EVERY spin fully even when
 * spinning did not pay, to notice the machine going quiet. */
#define FX_PROBE_EVERY		64u
#define FX_PROBE_RUN		8u
/* A single call caught spinning that takes longer on average: the stub
 * thread and the supervisor share a CPU (see fx_place()). */
#define FX_SAME_CPU_NS		2000ull
#define FX_SLICE_MIN_NS		1000000ull	/* 1 ms */
#define FX_SLICE_MAX_NS		32000000ull	/* 32 ms */
/* A call cut short that still did not answer is cut again this often. */
#define FX_INTR_REFIRE_NS	20000000ull

/* The answer word before the thread's first answer. */
#define FX_SEQ_BOOT		0xffffffffu

struct fx_state {
	pid_t tid;		/* the stub thread */
	int pidfd;		/* of the process, -1 when pidfd_open failed */
	uint32_t seq;		/* last request sequence sent */
	unsigned int broken : 1; /* desynchronised: every op fails -EIO */
	unsigned int gone : 1;	/* the stub thread is known dead */
	unsigned int seized : 1; /* fx_intr() holds the thread, no stop yet */
	unsigned long long last_done;	/* when the last answer came */
	/* What spinning achieved, [0] single calls, [1] batches: */
	struct {
		unsigned long long lat_ns; /* mean round trip caught spinning
					    * (batches: per entry) */
		unsigned int hits;	/* mean of "caught spinning", 0..256 */
	} lr[2];
	unsigned int cur_n;	/* entries in flight, 0: a single call */
	unsigned int calls;	/* requests sent, for probing */
	unsigned int nreq;	/* requests sent, for fx_place() */
	unsigned int last_batch; /* nreq of the last batch */
	unsigned int away : 1;	/* moved off the supervisor's CPU */
	unsigned long long spin_ns;	/* this request's supervisor spin */
	long spin_override;	/* >= 0: fixed spin (tests, benchmarks) */
};

static inline volatile uint32_t *fx_u32(const struct sysgate_proc *p,
					unsigned long off)
{
	return (volatile uint32_t *)remote_local(p, off);
}

static unsigned long long fx_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static long fx_futex(volatile uint32_t *w, int op, uint32_t val,
		     const struct timespec *ts)
{
	return sg_syscall4(SYS_futex, (long)w, op, val, (long)ts);
}

/*
 * The filter, see the comment at the top.  base is the stub area in the
 * child; every syscall site is in its first page, so the high half of the
 * instruction pointer is the same for all of them.  Jump targets are
 * written as labels and resolved at the end (BPF jumps are relative).
 */
enum { FX_L_NEXT, FX_L_RUN, FX_L_KILL, FX_L_ALLOW, FX_L_EPERM, FX_L_NUM };

struct fx_bpf {
	struct sock_filter *f;
	unsigned int n;
	unsigned char jt[FX_FPROG_MAX / 8], jf[FX_FPROG_MAX / 8];
	unsigned int at[FX_L_NUM];
	int overflow;
};

static void fx_emit(struct fx_bpf *b, uint16_t code, uint32_t k, int jt,
		    int jf)
{
	/* the program is fixed (~30 instructions): never trips */
	if (b->n >= (FX_FPROG_MAX - 16) / sizeof(struct sock_filter)) {
		b->overflow = 1;
		return;
	}
	b->f[b->n] = (struct sock_filter){ code, 0, 0, k };
	b->jt[b->n] = jt;
	b->jf[b->n] = jf;
	b->n++;
}

static unsigned int fx_build_filter(struct sock_filter *f, unsigned long base)
{
	static const int deny[] = {
		SYS_exit, SYS_execve, SYS_execveat, SYS_clone, SYS_clone3,
		SYS_fork, SYS_vfork, SYS_rt_sigreturn,
	};
	unsigned long xcode = base + STUB_CODE_OFF + STUB_XCODE_OFF;
	struct fx_bpf b = { .f = f };
	unsigned int i;
	const uint16_t ld = BPF_LD | BPF_W | BPF_ABS, ret = BPF_RET | BPF_K;
	const uint16_t jeq = BPF_JMP | BPF_JEQ | BPF_K;
	const uint16_t jge = BPF_JMP | BPF_JGE | BPF_K;
	const uint16_t jgt = BPF_JMP | BPF_JGT | BPF_K;

	fx_emit(&b, ld, offsetof(struct seccomp_data, arch), 0, 0);
	fx_emit(&b, jeq, AUDIT_ARCH_X86_64, FX_L_NEXT, FX_L_KILL);
	fx_emit(&b, ld, offsetof(struct seccomp_data, instruction_pointer) + 4,
		0, 0);
	fx_emit(&b, jeq, (uint32_t)(base >> 32), FX_L_NEXT, FX_L_KILL);
	fx_emit(&b, ld, offsetof(struct seccomp_data, instruction_pointer),
		0, 0);
	/* The loop's range: futex and exit only. */
	fx_emit(&b, jge,
		(uint32_t)(xcode + (sg_fx_ctl_begin - sg_fx_begin) + 2),
		FX_L_NEXT, FX_L_RUN);
	fx_emit(&b, jgt, (uint32_t)(xcode + (sg_fx_ctl_end - sg_fx_begin)),
		FX_L_KILL, FX_L_NEXT);
	fx_emit(&b, ld, offsetof(struct seccomp_data, nr), 0, 0);
	fx_emit(&b, jeq, SYS_futex, FX_L_ALLOW, FX_L_NEXT);
	fx_emit(&b, jeq, SYS_sched_yield, FX_L_ALLOW, FX_L_NEXT);
	fx_emit(&b, jeq, SYS_exit, FX_L_ALLOW, FX_L_KILL);
	/* The engine's blob: the requested calls. */
	b.at[FX_L_RUN] = b.n;
	fx_emit(&b, jge, (uint32_t)(base + STUB_CODE_OFF + 2), FX_L_NEXT,
		FX_L_KILL);
	fx_emit(&b, jgt, (uint32_t)xcode, FX_L_KILL, FX_L_NEXT);
	fx_emit(&b, ld, offsetof(struct seccomp_data, nr), 0, 0);
	fx_emit(&b, BPF_JMP | BPF_JSET | BPF_K, 0x40000000u, FX_L_KILL,
		FX_L_NEXT);
	for (i = 0; i < sizeof(deny) / sizeof(deny[0]); i++)
		fx_emit(&b, jeq, deny[i], FX_L_EPERM, FX_L_NEXT);
	fx_emit(&b, ret, SECCOMP_RET_ALLOW, 0, 0);
	b.at[FX_L_KILL] = b.n;
	fx_emit(&b, ret, SECCOMP_RET_KILL_PROCESS, 0, 0);
	b.at[FX_L_ALLOW] = b.n;
	fx_emit(&b, ret, SECCOMP_RET_ALLOW, 0, 0);
	b.at[FX_L_EPERM] = b.n;
	fx_emit(&b, ret, SECCOMP_RET_ERRNO | EPERM, 0, 0);
	for (i = 0; i < b.n; i++) {
		if (BPF_CLASS(f[i].code) != BPF_JMP)
			continue;
		f[i].jt = b.jt[i] ? b.at[b.jt[i]] - i - 1 : 0;
		f[i].jf = b.jf[i] ? b.at[b.jf[i]] - i - 1 : 0;
	}
	return b.overflow ? 0 : b.n;
}

/*
 * Is the process gone?  Marks p dead when it is, never stealing an exit
 * status: the leader's exit is only peeked at (ptr_wait(): waitid with
 * WNOWAIT for an attached process; a spawned child is the engine's to
 * reap, which remote_mark_dead() and sysgate_proc_free() do).
 * ptr_wait() also hands the zombie of an attached process to its real
 * parent when that is another process.
 */
static int fx_proc_gone(struct sysgate_proc *p, struct fx_state *fx)
{
	struct pollfd pfd = { .fd = fx->pidfd, .events = POLLIN };
	int st = 0, tries;
	pid_t r;

	if (p->dead)
		return 1;
	if (fx->pidfd >= 0) {
		if (poll(&pfd, 1, 0) <= 0)
			return 0;
	} else if (kill(p->pid, 0) == 0) {
		/* No pidfd: a zombie still answers kill(); peek with waitid. */
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, p->tid, &si, WEXITED | WNOHANG | WNOWAIT |
			   __WALL) < 0 || si.si_pid != p->tid)
			return 0;
	}
	/*
	 * The thread group is empty; the leader's exit is reported to us
	 * (its tracer) a moment later, bounded wait.
	 */
	for (tries = 0; tries < 100; tries++) {
		r = ptr_wait(p, &st, WNOHANG);
		if (r == p->tid && (WIFEXITED(st) || WIFSIGNALED(st)))
			break;
		if (r < 0 && errno != EINTR) {
			st = 0;
			break;
		}
		if (r == 0)
			usleep(100);
	}
	remote_mark_dead(p, st);
	return 1;
}

/*
 * Is the stub thread in a group stop (SIGSTOP, SIGTSTP... to the
 * process)?  Its state letter in /proc/PID/task/TID/stat is 'T' then.
 */
static int fx_thread_stopped(const struct sysgate_proc *p,
			     const struct fx_state *fx)
{
	char path[64], buf[256], *s;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)p->pid,
		 (int)fx->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	s = strrchr(buf, ')');
	return s && s[1] == ' ' && s[2] == 'T';
}

/*
 * The answer word reads 0: find out whether the thread really died.  The
 * kernel clears the word early in the thread's exit, so the thread may
 * still be visible for a moment; and since it cannot leave on its own
 * (exit is refused to it), its death means the whole process is going
 * down (SIGKILL, a seccomp kill) and the other threads follow a moment
 * later.  Give both that moment (bounded), so the caller sees a dead,
 * reaped process.  Only a thread that still lives after it means the
 * child wrote the 0 itself.
 */
static int fx_zero_word(struct sysgate_proc *p, struct fx_state *fx)
{
	struct pollfd pfd = { .fd = fx->pidfd, .events = POLLIN };
	unsigned long long t0 = fx_now_ns();
	int thread_gone;

	for (;;) {
		if (fx_proc_gone(p, fx)) {
			fx->gone = 1;
			return -ESRCH;
		}
		thread_gone = sg_syscall3(SYS_tgkill, p->pid, fx->tid, 0) ==
			      -ESRCH;
		/* a set-up that failed is the one way out on its own */
		if (thread_gone && *(volatile int64_t *)remote_local(p,
				STUB_RESP_OFF + STUB_RESP_STATE) < 0)
			break;
		if (fx_now_ns() - t0 > 200000000ull)
			break;
		if (fx->pidfd >= 0)
			poll(&pfd, 1, 1);
		else
			usleep(1000);
	}
	if (thread_gone) {
		fx->gone = 1;
		remote_set_err(p, "futex stub thread %d of pid %d is gone",
			       (int)fx->tid, (int)p->pid);
		return -ESRCH;
	}
	fx->broken = 1;
	remote_set_err(p, "futex word zeroed while stub thread %d lives",
		       (int)fx->tid);
	return -EIO;
}

/*
 * The kernel's view of the stub thread, which the child cannot forge: 1
 * when it sleeps in its loop's FUTEX_WAIT (instruction pointer in the
 * loop's range) on the request word having served request seq (the
 * loop passes the last seq it served as the expected value), i.e. its
 * answer to seq was published before it went to sleep.  0 when not (busy
 * in a call, spinning, about to pick seq up) or when it cannot be told.
 */
static int fx_stub_idle_after(const struct sysgate_proc *p,
			      const struct fx_state *fx, uint32_t seq)
{
	unsigned long a[9], lo, hi;
	char path[80], buf[256];
	ssize_t n;
	long nr;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)p->pid,
		 (int)fx->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* "nr arg0..arg5 sp pc" while blocked, "running" otherwise */
	if (sscanf(buf, "%ld %lx %lx %lx %lx %lx %lx %lx %lx", &nr, &a[0],
		   &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]) != 9)
		return 0;
	lo = p->remote + STUB_CODE_OFF + STUB_XCODE_OFF +
	     (unsigned long)(sg_fx_ctl_begin - sg_fx_begin);
	hi = p->remote + STUB_CODE_OFF + STUB_XCODE_OFF +
	     (unsigned long)(sg_fx_ctl_end - sg_fx_begin);
	return nr == SYS_futex && a[7] > lo && a[7] <= hi &&
	       a[0] == p->remote + STUB_REQ_OFF + STUB_REQ_FUTEX &&
	       (a[1] & 0x7f) == FUTEX_WAIT && a[2] == seq;
}

/* Wait up to ~1 s for a report of the seized stub thread: 0 if stopped. */
static int fx_thread_report(struct fx_state *fx, int *st)
{
	pid_t w;
	int tries;

	for (tries = 0; tries < 2200; tries++) {
		w = waitpid(fx->tid, st, __WALL | WNOHANG);
		if (w == fx->tid)
			return WIFSTOPPED(*st) ? 0 : -ESRCH;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (w == 0)
			usleep(tries < 200 ? 20 : 500);
	}
	return -ETIMEDOUT;
}

/*
 * Cut the stub thread's call short (timeout or sysgate_proc_interrupt(),
 * see intr.c): seize it and interrupt it.  A call of the engine's blob
 * blocked in the kernel (-ERESTART*) returns -EINTR, not restarted.  A
 * thread between calls is stepped to its next syscall: one of the blob's
 * runs getppid instead and returns -EINTR; one of the loop's (the answer
 * is already out) is left alone.  Then the thread goes free again.  The
 * thread blocks every signal, so the only stops are ours.
 */
static void fx_intr(struct sysgate_proc *p, struct fx_state *fx)
{
	struct user_regs_struct r;
	int st, sig, steps = 0, entry = 1, err;

	/*
	 * Seized before and still not stopped (a sleep the kernel does not
	 * interrupt, state D): only look for the stop again.  Detaching
	 * needs the stop, so the thread stays ours until it comes.
	 */
	if (!fx->seized) {
		if (ptrace(PTRACE_SEIZE, fx->tid, NULL,
			   (void *)(long)PTRACE_O_TRACESYSGOOD) < 0)
			return;
		fx->seized = 1;
		if (ptrace(PTRACE_INTERRUPT, fx->tid, NULL, NULL) < 0)
			goto out;
	}
	for (;;) {
		err = fx_thread_report(fx, &st);
		if (err == -ETIMEDOUT && !steps && entry)
			return;		/* seized; looked at again later */
		if (err)
			goto out;
		if (ptrace(PTRACE_GETREGS, fx->tid, NULL, &r) < 0)
			goto out;
		sig = WSTOPSIG(st);
		if (sig == (SIGTRAP | 0x80)) {
			if (!remote_rip_in_blob(p, r.rip))
				break;
			if (!entry) {
				/* its exit: the result the stub sees */
				r.rax = (unsigned long long)-EINTR;
				if (ptrace(PTRACE_SETREGS, fx->tid, NULL,
					   &r) == 0)
					p->intr.hit = 1;
				break;
			}
			r.orig_rax = SYS_getppid;
			entry = 0;
			if (ptrace(PTRACE_SETREGS, fx->tid, NULL, &r) < 0 ||
			    ptrace(PTRACE_SYSCALL, fx->tid, NULL, NULL) < 0)
				break;
			continue;
		}
		if ((st >> 16) == PTRACE_EVENT_STOP &&
		    (long long)r.orig_rax >= 0 &&
		    (remote_is_restart((long)r.rax) ||
		     (long)r.rax == -EINTR)) {
			if (remote_rip_in_blob(p, r.rip)) {
				r.rax = (unsigned long long)-EINTR;
				r.orig_rax = (unsigned long long)-1;
				if (ptrace(PTRACE_SETREGS, fx->tid, NULL,
					   &r) == 0)
					p->intr.hit = 1;
			}
			/* else: asleep in the loop, the answer is out */
			break;
		}
		if (++steps > 4 || ptrace(PTRACE_SYSCALL, fx->tid, NULL,
					  NULL) < 0)
			break;
	}
out:
	ptrace(PTRACE_DETACH, fx->tid, NULL, NULL);
	fx->seized = 0;
}

/*
 * Wait for the answer to request want; prev ("still pending") is what the
 * answer word held before.  Returns 0 when it reads want, -ESRCH when the
 * thread or the process died, -EIO for any other value (the child wrote
 * it), -ETIMEDOUT after limit_ns (0: no limit; a call may block as long
 * as it likes, only set-up has a deadline).
 *
 * The word is child-writable, so "still pending" is never taken on its
 * word alone: a child can write prev back (the scribbler target fills the
 * area with 0xff, which is FX_SEQ_BOOT) and FUTEX_WAKE us from any of its
 * threads as often as it likes.  So the checks below run on a clock, not
 * on timeouts (a stream of wake-ups cannot postpone them, nor the
 * deadline), and each asks the kernel, not the area, whether the stub
 * thread already sleeps in its loop after serving want: then the answer
 * was published before and a word reading prev is a lie, -EIO at once.
 */
static int fx_wait(struct sysgate_proc *p, struct fx_state *fx,
		   uint32_t prev, uint32_t want, unsigned long long limit_ns)
{
	volatile uint32_t *word = fx_u32(p, STUB_RESP_OFF + STUB_RESP_FUTEX);
	volatile uint32_t *waiting = fx_u32(p, STUB_REQ_OFF + FX_REQ_WAITING);
	unsigned long long t0 = fx_now_ns(), spin, dt, now, next_check;
	struct timespec ts;
	unsigned long long slice = FX_SLICE_MIN_NS;
	int slept = 0;
	uint32_t v;
	unsigned int i;

	/* An engine call (not set-up) may be cut short: see fx_intr(). */
	int watch = __atomic_load_n(&p->intr.inflight, __ATOMIC_RELAXED) != 0;
	unsigned long long deadline = watch ? remote_intr_deadline(p) : 0;
	unsigned long long intr_next = 0, wake;

	spin = fx->spin_ns;
	for (i = 0;; i++) {
		v = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		if (v != prev)
			goto got;
		if ((i & 31) == 31) {
			if (fx_now_ns() - t0 >= spin)
				break;
			/*
			 * Every ~1.5 us: if the stub thread waits for our CPU
			 * (2 CPUs, a third task on the other), let it run;
			 * otherwise this returns at once.
			 */
			if ((i & 63) == 63)
				sg_syscall0(SYS_sched_yield);
		}
		__builtin_ia32_pause();
	}
	slept = 1;
	next_check = fx_now_ns() + slice;
	for (;;) {
		/* Dekker with the stub's publish: flag, fence, re-read. */
		__atomic_store_n(waiting, 1, __ATOMIC_SEQ_CST);
		v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
		if (v != prev)
			break;
		now = fx_now_ns();
		wake = next_check;
		if (watch) {
			/* sleep no longer than the deadline / next kick */
			unsigned long long at = deadline;

			if (remote_intr_wanted(p))
				at = intr_next > now ? intr_next : now;
			if (at && at < wake)
				wake = at;
		}
		if (now < wake) {
			ts.tv_sec = (wake - now) / 1000000000ull;
			ts.tv_nsec = (wake - now) % 1000000000ull;
			fx_futex(word, FUTEX_WAIT, prev, &ts);
			v = __atomic_load_n(word, __ATOMIC_ACQUIRE);
			if (v != prev)
				break;
		}
		if (watch && remote_intr_due(p) &&
		    fx_now_ns() >= intr_next) {
			fx_intr(p, fx);
			/* its answer comes next; kick again if it does not */
			intr_next = fx_now_ns() + FX_INTR_REFIRE_NS;
			continue;
		}
		if (fx_now_ns() < next_check)
			continue;	/* woken early: sleep on */
		if (fx_proc_gone(p, fx)) {
			__atomic_store_n(waiting, 0, __ATOMIC_RELAXED);
			fx->gone = 1;
			return -ESRCH;
		}
		if (fx_stub_idle_after(p, fx, want)) {
			/* re-read after the kernel's view: a publish that
			 * preceded the thread's sleep is visible now */
			v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
			if (v != prev)
				break;
			__atomic_store_n(waiting, 0, __ATOMIC_RELAXED);
			fx->broken = 1;
			remote_set_err(p, "futex answer word reads %#x (pending) "
				       "but stub thread %d has served %#x "
				       "(stub area corrupted)", v,
				       (int)fx->tid, want);
			return -EIO;
		}
		/* A lost wake-up (the child may lie about sleeping) costs
		 * one slice, never a hang. */
		fx_futex(fx_u32(p, STUB_REQ_OFF + STUB_REQ_FUTEX), FUTEX_WAKE,
			 1, NULL);
		/*
		 * A stop signal to the process (maybe the call itself) froze
		 * the stub thread.  The ptrace transport discards stop
		 * signals while it holds the process; do the same by
		 * continuing it.  The leader, in its ptrace stop, is not
		 * affected.
		 */
		if (fx_thread_stopped(p, fx))
			kill(p->pid, SIGCONT);
		if (limit_ns && fx_now_ns() - t0 > limit_ns) {
			__atomic_store_n(waiting, 0, __ATOMIC_RELAXED);
			return -ETIMEDOUT;
		}
		if (slice < FX_SLICE_MAX_NS)
			slice *= 2;
		next_check = fx_now_ns() + slice;
	}
	__atomic_store_n(waiting, 0, __ATOMIC_RELAXED);
got:
	fx->last_done = fx_now_ns();
	dt = fx->last_done - t0;
	/* learn: how often spinning catches the answer, and how soon */
	{
		int k = fx->cur_n != 0;
		unsigned long long per = k ? dt / fx->cur_n : dt;

		fx->lr[k].hits += ((slept ? 0 : 256) - (int)fx->lr[k].hits) / 8;
		/*
		 * The round trip: from answers caught spinning and from near
		 * misses (a longer spin would have caught them); not from
		 * slow calls, which no spin should wait for.  The first
		 * sample is taken as it is (an average started at 0 would
		 * keep the budget too short to ever catch a batch).
		 */
		if (!slept || dt < FX_SPIN_MAX_NS) {
			if (!fx->lr[k].lat_ns)
				fx->lr[k].lat_ns = per ? per : 1;
			else
				fx->lr[k].lat_ns += ((long long)per -
					(long long)fx->lr[k].lat_ns) / 8;
		}
	}
	if (v == want)
		return 0;
	if (v == 0)
		return fx_zero_word(p, fx);
	fx->broken = 1;
	remote_set_err(p, "futex answer word %#x, expected %#x (stub area "
		       "corrupted)", v, want);
	return -EIO;
}

/*
 * Spin policy for the next request; sets fx->spin_ns (the supervisor's
 * budget) and returns the stub's (pause turns after its answer).
 *
 * Spinning pays only when the supervisor and the stub thread run on
 * different CPUs with nothing else wanting them: then a round trip costs
 * ~0.5 us instead of two futex wake-ups (~8 us in this VM).  On 2 CPUs
 * with a third busy task it only delays whoever waits for the CPU, so:
 * spin while most answers are caught spinning, otherwise spin only
 * FX_SPIN_MIN_NS and let the stub sleep at once, and re-probe
 * (FX_PROBE_RUN of every FX_PROBE_EVERY requests) in case the machine
 * went quiet.  fx_place() decides which CPU the stub thread runs on.
 */
static uint32_t fx_plan(struct fx_state *fx)
{
	int k = fx->cur_n != 0;
	unsigned long long lat = 4 * fx->lr[k].lat_ns * (k ? fx->cur_n : 1);
	int back_to_back = fx_now_ns() - fx->last_done < FX_GAP_NS;
	/*
	 * A probe is a short run of requests, not one: the first finds the
	 * stub asleep (no spin was asked for before it) and proves nothing.
	 */
	int pays = fx->lr[k].hits >= 128 ||
		   fx->calls++ % FX_PROBE_EVERY < FX_PROBE_RUN;

	if (fx->spin_override >= 0) {
		fx->spin_ns = (unsigned long long)fx->spin_override;
		return fx->spin_override && back_to_back ? FX_STUB_SPIN : 0;
	}
	if (!pays) {
		fx->spin_ns = FX_SPIN_MIN_NS;
		return 0;
	}
	if (!fx->lr[k].lat_ns)
		lat = FX_SPIN_MAX_NS / 2;	/* nothing learnt yet */
	fx->spin_ns = lat < FX_SPIN_LO_NS ? FX_SPIN_LO_NS :
		      lat > FX_SPIN_MAX_NS ? FX_SPIN_MAX_NS : lat;
	return back_to_back ? FX_STUB_SPIN : 0;
}

/*
 * Move the stub thread onto (near) or off (!near) CPU cpu: narrow its
 * affinity, which migrates it at once, then give it back its own mask so
 * it is never left pinned.  0 when it moved.
 */
static int fx_move(struct fx_state *fx, int cpu, int near)
{
	cpu_set_t own, set;

	if (cpu < 0 || sched_getaffinity(fx->tid, sizeof(own), &own) ||
	    !CPU_ISSET(cpu, &own))
		return -1;
	if (near) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
	} else {
		set = own;
		CPU_CLR(cpu, &set);
		if (!CPU_COUNT(&set))
			return -1;
	}
	if (sched_setaffinity(fx->tid, sizeof(set), &set))
		return -1;
	sched_setaffinity(fx->tid, sizeof(own), &own);
	return 0;
}

/*
 * Where the stub thread should run.  A new thread starts on its creator's
 * CPU, i.e. next to the supervisor, and then:
 *  - single calls hand the CPU over by sched_yield, two switches per call
 *    (~6 us here against ~0.5 us spinning across CPUs): when spinning
 *    pays yet single calls take over FX_SAME_CPU_NS, and no batch came
 *    for FX_PROBE_EVERY requests, move it off the supervisor's CPU;
 *  - batches keep the stub busy for long: on the other CPU it competes
 *    with whatever runs there (under a CPU-bound neighbour a batch of 100
 *    took 2-3x longer), next to the waiting supervisor it has the CPU to
 *    itself; so a batch brings it back.
 * Moves are rare (one per phase change) and cost two syscalls.  Pinning
 * it instead was tried: it cannot flee a busy CPU then, worse.
 */
static void fx_place(struct fx_state *fx, int batch)
{
	++fx->nreq;
	if (batch) {
		fx->last_batch = fx->nreq;
		if (fx->away && fx_move(fx, sched_getcpu(), 1) == 0)
			fx->away = 0;
		return;
	}
	if (fx->away || fx->nreq % FX_PROBE_EVERY ||
	    fx->nreq - fx->last_batch < FX_PROBE_EVERY ||
	    fx->lr[0].hits < 128 || fx->lr[0].lat_ns < FX_SAME_CPU_NS)
		return;
	if (fx_move(fx, sched_getcpu(), 0) == 0) {
		fx->away = 1;
		fx->lr[0].lat_ns = 0;	/* judge the new place afresh */
	}
}

/* Send request op with the next sequence and wait for its answer. */
static int fx_round_trip(struct sysgate_proc *p, struct fx_state *fx,
			 uint64_t op, unsigned int n)
{
	volatile uint32_t *req = fx_u32(p, STUB_REQ_OFF + STUB_REQ_FUTEX);
	uint32_t prev = fx->seq, next = prev + 1, spin;

	if (p->dead || fx->gone)
		return -ESRCH;
	if (fx->broken)
		return -EIO;
	if (next == 0 || next == FX_SEQ_BOOT)
		next = 1;
	*(volatile uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_OP) = op;
	/*
	 * Ask the stub to keep spinning after this answer only while
	 * requests come back to back; otherwise it sleeps at once.
	 */
	fx->cur_n = n;
	fx_place(fx, n != 0);
	spin = fx_plan(fx);
	*fx_u32(p, STUB_REQ_OFF + FX_REQ_SPIN) = spin;
	fx->seq = next;
	__atomic_store_n(req, next, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(fx_u32(p, STUB_RESP_OFF + FX_RESP_SLEEPING),
			    __ATOMIC_SEQ_CST))
		fx_futex(req, FUTEX_WAKE, 1, NULL);
	return fx_wait(p, fx, prev, next, 0);
}

static int tp_futex_call(struct sysgate_proc *p, long nr, const long a[6],
			 long *ret)
{
	volatile long *e = remote_local(p, STUB_REQ_OFF + STUB_REQ_SINGLE);
	int i, err;

	e[STUB_ENT_NR / 8] = nr;
	for (i = 0; i < 6; i++)
		e[STUB_ENT_ARG0 / 8 + i] = a[i];
	e[STUB_ENT_FLAGS / 8] = 0;
	err = fx_round_trip(p, p->tp_priv, STUB_OP_SINGLE, 0);
	if (err)
		return err;
	*ret = *(volatile long *)remote_local(p, STUB_RESP_OFF +
					      STUB_RESP_SINGLE_RET);
	/*
	 * The result itself cannot be checked, but STUB_FN_SINGLE echoes
	 * the request seq next to it: a response header that does not is
	 * not what the stub left.
	 */
	if (*(volatile uint64_t *)remote_local(p, STUB_RESP_OFF +
					       STUB_RESP_SEQ) !=
	    *(volatile uint64_t *)remote_local(p, STUB_REQ_OFF +
					       STUB_REQ_SEQ)) {
		remote_set_err(p, "response header corrupted (seq echo)");
		return -EIO;
	}
	return 0;
}

static int tp_futex_run(struct sysgate_proc *p, unsigned int n)
{
	return fx_round_trip(p, p->tp_priv, STUB_OP_BATCH, n ? n : 1);
}

static int tp_futex_alive(const struct sysgate_proc *p)
{
	const struct fx_state *fx = p->tp_priv;
	struct pollfd pfd;

	if (!fx || p->dead || fx->gone || fx->broken)
		return 0;
	if (*fx_u32(p, STUB_RESP_OFF + STUB_RESP_FUTEX) == 0)
		return 0;
	if (fx->pidfd >= 0) {
		pfd.fd = fx->pidfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) > 0)
			return 0;
	}
	return 1;
}

/* Put the futex words back to what the ptrace transport expects. */
static void fx_reset_words(struct sysgate_proc *p)
{
	*fx_u32(p, STUB_REQ_OFF + STUB_REQ_FUTEX) = 0;
	*fx_u32(p, STUB_RESP_OFF + STUB_RESP_FUTEX) = 0;
	*fx_u32(p, STUB_REQ_OFF + FX_REQ_SPIN) = 0;
	*fx_u32(p, STUB_REQ_OFF + FX_REQ_WAITING) = 0;
	*fx_u32(p, STUB_RESP_OFF + FX_RESP_SLEEPING) = 0;
	*(volatile uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_OP) =
		STUB_OP_NONE;
}

/*
 * Gone for good: the tid is free.  The kernel unhashes an exiting thread
 * after exit_mm() (which stores its clear_child_tid), so from then on it
 * touches no user memory; the word itself may be scribbled over.
 */
static int fx_thread_gone(struct sysgate_proc *p, struct fx_state *fx)
{
	return sg_syscall3(SYS_tgkill, p->pid, fx->tid, 0) == -ESRCH;
}

/* Wait up to ns for the stub thread to be gone; 1 when it is. */
static int fx_wait_gone(struct sysgate_proc *p, struct fx_state *fx,
			unsigned long long ns)
{
	volatile uint32_t *word = fx_u32(p, STUB_RESP_OFF + STUB_RESP_FUTEX);
	struct timespec ts = { 0, 5000000 };
	unsigned long long t0 = fx_now_ns();
	uint32_t v;

	while (!fx_thread_gone(p, fx)) {
		if (fx_proc_gone(p, fx))
			return 1;
		if (fx_now_ns() - t0 > ns)
			return 0;
		v = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		if (v)
			fx_futex(word, FUTEX_WAIT, v, &ts);
		else
			usleep(200);
	}
	return 1;
}

/*
 * The thread is stuck in a call (blocked read, long sleep) and cannot see
 * the exit request: seize it, interrupt the call and point it at the
 * blob's exit (allowed by its filter), then let it go.  orig_rax = -1 so
 * the interrupted call is not restarted.
 */
static int fx_force_exit(struct sysgate_proc *p, struct fx_state *fx)
{
	struct user_regs_struct r;
	int st, err = 0, tries;
	pid_t w;

	if (ptrace(PTRACE_SEIZE, fx->tid, NULL, NULL) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, fx->tid, NULL, NULL) < 0) {
		err = -errno;
		goto out;
	}
	/*
	 * Only the stub thread's own reports, bounded.  It is never the
	 * leader, so what this collects is a thread's exit, which goes to
	 * its tracer (us) and nobody else; the process's exit status stays
	 * with the leader, see fx_proc_gone().
	 */
	for (tries = 0;; tries++) {
		w = waitpid(fx->tid, &st, __WALL | WNOHANG);
		if (w < 0 && errno == EINTR)
			continue;
		if (w != 0 || tries >= 2000)
			break;
		usleep(500);
	}
	if (w == 0) {
		err = -ETIMEDOUT;
		goto out;
	}
	if (w != fx->tid || !WIFSTOPPED(st))
		return 0;	/* it exited meanwhile */
	if (ptrace(PTRACE_GETREGS, fx->tid, NULL, &r) < 0) {
		err = -errno;
		goto out;
	}
	r.rip = p->remote + STUB_CODE_OFF + STUB_XCODE_OFF +
		(unsigned long)(sg_fx_exit - sg_fx_begin);
	r.orig_rax = -1;
	if (ptrace(PTRACE_SETREGS, fx->tid, NULL, &r) < 0)
		err = -errno;
out:
	ptrace(PTRACE_DETACH, fx->tid, NULL, NULL);
	return err;
}

/*
 * Stop serving: ask the thread to exit and wait until the kernel has
 * zeroed its clear_child_tid word and freed its tid (after which it
 * touches no user memory); a thread stuck in a call is made to exit with
 * ptrace.  Only then are the futex words reset: a thread still alive
 * keeps STUB_OP_EXIT in front of it and is recorded in FX_REQ_STALE, so a
 * later start() refuses (-EBUSY) instead of racing it.
 */
static void tp_futex_stop(struct sysgate_proc *p)
{
	struct fx_state *fx = p->tp_priv;
	volatile uint32_t *req;
	int gone;

	if (!fx)
		return;
	/* Let go of a thread fx_intr() still holds (if it stopped by now). */
	if (fx->seized) {
		int st;

		if (waitpid(fx->tid, &st, __WALL | WNOHANG) == fx->tid &&
		    WIFSTOPPED(st))
			ptrace(PTRACE_DETACH, fx->tid, NULL, NULL);
		fx->seized = 0;
	}
	req = fx_u32(p, STUB_REQ_OFF + STUB_REQ_FUTEX);
	gone = p->dead || fx_thread_gone(p, fx);
	if (!gone) {
		*(volatile uint64_t *)remote_local(p, STUB_REQ_OFF +
						   STUB_REQ_OP) = STUB_OP_EXIT;
		fx->seq = fx->seq + 1 == FX_SEQ_BOOT || fx->seq + 1 == 0
				  ? 1 : fx->seq + 1;
		__atomic_store_n(req, fx->seq, __ATOMIC_SEQ_CST);
		fx_futex(req, FUTEX_WAKE, 1, NULL);
		gone = fx_wait_gone(p, fx, 100000000ull);
	}
	if (!gone && !p->dead && fx_force_exit(p, fx) == 0)
		gone = fx_wait_gone(p, fx, 1000000000ull);
	if (p->dead) {
		/* nothing to reset: the area is gone with the process */
	} else if (gone) {
		fx_reset_words(p);
		*fx_u32(p, STUB_REQ_OFF + FX_REQ_STALE) = 0;
	} else {
		*fx_u32(p, STUB_REQ_OFF + FX_REQ_STALE) = (uint32_t)fx->tid;
		remote_set_err(p, "futex stub thread %d did not exit",
			       (int)fx->tid);
	}
	if (fx->pidfd >= 0)
		close(fx->pidfd);
	free(fx);
	p->tp_priv = NULL;
}

static int tp_futex_start(struct sysgate_proc *p)
{
	struct user_regs_struct r = p->call_regs;
	size_t blob = (size_t)(sg_fx_end - sg_fx_begin);
	unsigned long fprog_at = p->remote + FX_FPROG_OFF;
	struct sock_fprog *fprog = remote_local(p, FX_FPROG_OFF);
	struct sock_filter *filt = remote_local(p, FX_FPROG_OFF + 16);
	struct fx_state *fx;
	uint32_t stale;
	long tid;
	int err;

	if (blob > STUB_XCODE_MAX)
		return -ENOSPC;
	if (p->dead)
		return -ESRCH;
	stale = *fx_u32(p, STUB_REQ_OFF + FX_REQ_STALE);
	if (stale && sg_syscall3(SYS_tgkill, p->pid, stale, 0) == 0) {
		remote_set_err(p, "an earlier futex stub thread (%u) still "
			       "runs", stale);
		return -EBUSY;
	}
	fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -ENOMEM;
	fx->spin_override = -1;
	fx->lr[0].hits = fx->lr[1].hits = 256;
	fx->seq = 1;
	/* Optional: without it (old kernel, no fd left) waitpid tells. */
	fx->pidfd = (int)sg_syscall2(SYS_pidfd_open, p->pid, 0);
	if (fx->pidfd < 0)
		fx->pidfd = -1;

	memcpy(remote_local(p, STUB_CODE_OFF + STUB_XCODE_OFF), sg_fx_begin,
	       blob);
	fprog->len = (unsigned short)fx_build_filter(filt, p->remote);
	fprog->filter = (struct sock_filter *)(fprog_at + 16);
	if (!fprog->len) {
		err = -ENOSPC;
		goto fail;
	}
	fx_reset_words(p);
	*fx_u32(p, STUB_REQ_OFF + STUB_REQ_FUTEX) = fx->seq;
	*fx_u32(p, STUB_RESP_OFF + STUB_RESP_FUTEX) = FX_SEQ_BOOT;
	*(volatile int64_t *)remote_local(p, STUB_RESP_OFF +
					  STUB_RESP_STATE) = 0;

	r.rip = p->remote + STUB_CODE_OFF + STUB_XCODE_OFF;
	r.orig_rax = -1;
	r.rax = SYS_clone;
	r.rdi = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID;
	r.rsi = p->remote + STUB_TSTACK_OFF + STUB_TSTACK_SIZE;
	r.rdx = 0;
	r.r10 = p->remote + STUB_RESP_OFF + STUB_RESP_FUTEX;
	r.r8 = 0;
	r.rbx = p->remote;
	r.r12 = fprog_at;
	err = ptr_setregs(p, &r);
	if (!err)
		err = ptr_resume_wait(p, PTRACE_CONT, SIGTRAP);
	if (!err)
		err = ptr_getregs(p, &r);
	if (err)
		goto fail;
	tid = (long)r.rax;
	if (tid < 0) {
		err = tid == -EINVAL ? -ENOSYS : (int)tid;
		remote_set_err(p, "clone of the futex stub thread: %ld", tid);
		goto fail;
	}
	fx->tid = (pid_t)tid;
	p->tp_priv = fx;

	/*
	 * Wait for the thread's first answer (it echoes the boot seq),
	 * bounded: a child scribbling on the word must not hang us here.
	 */
	err = fx_wait(p, fx, FX_SEQ_BOOT, fx->seq, 2000000000ull);
	if (err == -ETIMEDOUT) {
		remote_set_err(p, "futex stub thread %d did not answer",
			       (int)fx->tid);
		err = -EIO;
	}
	if (err == -ESRCH && !p->dead) {
		long st = *(volatile int64_t *)remote_local(p, STUB_RESP_OFF +
							   STUB_RESP_STATE);

		/* The thread exited on its own: its set-up failed. */
		err = st < 0 && st >= -4095 ? (st == -EINVAL ? -ENOSYS
							    : (int)st)
					    : -EIO;
		remote_set_err(p, "futex stub thread set-up failed: %ld", st);
	}
	if (err) {
		fx->gone = fx->gone || err != -EIO;
		tp_futex_stop(p);
		return err;
	}
	if (*(volatile int64_t *)remote_local(p, STUB_RESP_OFF +
					      STUB_RESP_STATE) != 1) {
		tp_futex_stop(p);
		return -EIO;
	}
	return 0;
fail:
	fx_reset_words(p);
	if (fx->pidfd >= 0)
		close(fx->pidfd);
	free(fx);
	return err;
}

const struct remote_transport remote_transport_futex = {
	.name = "futex",
	.id = SYSGATE_TRANSPORT_FUTEX,
	.start = tp_futex_start,
	.stop = tp_futex_stop,
	.call = tp_futex_call,
	.run = tp_futex_run,
	.alive = tp_futex_alive,
};

pid_t fx_stub_tid(const struct sysgate_proc *p)
{
	const struct fx_state *fx = p->tp_priv;

	return p->tp == &remote_transport_futex && fx ? fx->tid : -1;
}

void fx_set_spin(struct sysgate_proc *p, long ns)
{
	struct fx_state *fx = p->tp_priv;

	if (p->tp == &remote_transport_futex && fx)
		fx->spin_override = ns < 0 ? -1 : ns;
}
