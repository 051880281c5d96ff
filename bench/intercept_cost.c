/* SPDX-License-Identifier: MIT */
/*
 * Per-call cost of each interception backend on a getppid() loop in the
 * static target, against the bare kernel mechanism it rides, measured in
 * the same run (a minimal hand-written loop doing only what the
 * mechanism requires):
 *
 *   ptrace all      vs PTRACE_SYSCALL loop (2 stops per call)
 *   ptrace entry    vs seccomp RET_TRACE + PTRACE_CONT loop (1 stop)
 *   ptrace filter   vs RET_TRACE for getppid, PTRACE_SYSCALL to its exit
 *   ptrace *_info   the same two, handler with SYSGATE_NO_REWRITE (no frame)
 *   sysemu          vs PTRACE_SYSEMU loop writing rax
 *   unotify         vs SECCOMP_IOCTL_NOTIF_RECV/SEND loop
 *
 * Each line: bench=intercept_cost backend=... floor_ns=... ns=... ratio=...
 * (ns per getppid call, whole run including start-up / calls; medians).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "sysgate.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static long ncalls = 20000;
static int pinned;
static char target[4096], ncalls_s[32];

/* ---------- floors ---------- */

static void child_exec(int filter_kind)
{
	/* filter_kind: 0 none, 1 RET_TRACE all, 2 RET_TRACE getppid */
	struct sock_filter all[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	};
	struct sock_filter one[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p1 = { 1, all }, p2 = { 4, one };

	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	if (filter_kind) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
			filter_kind == 1 ? &p1 : &p2);
	}
	execl(target, target, "loop", ncalls_s, (char *)NULL);
	_exit(127);
}

static pid_t start_traced(int filter_kind, long opts)
{
	pid_t p = fork();
	int st;

	if (p == 0)
		child_exec(filter_kind);
	waitpid(p, &st, 0);
	ptrace(PTRACE_SETOPTIONS, p, 0, opts | PTRACE_O_EXITKILL |
	       PTRACE_O_TRACESYSGOOD);
	return p;
}

static double floor_ptrace_syscall(void)
{
	unsigned long long t0 = bench_now_ns();
	pid_t p = start_traced(0, 0);
	int st, sig = 0;

	for (;;) {
		ptrace(PTRACE_SYSCALL, p, 0, sig);
		waitpid(p, &st, 0);
		if (!WIFSTOPPED(st))
			break;
		sig = WSTOPSIG(st);
		if (sig == (SIGTRAP | 0x80) || sig == SIGTRAP)
			sig = 0;
	}
	return (double)(bench_now_ns() - t0) / ncalls;
}

/* kind 1: every call stops once; kind 2: getppid stops at entry + exit */
static double floor_seccomp_trace(int kind)
{
	unsigned long long t0 = bench_now_ns();
	pid_t p = start_traced(kind, PTRACE_O_TRACESECCOMP);
	int st, sig = 0, req = PTRACE_CONT;

	for (;;) {
		ptrace(req, p, 0, sig);
		waitpid(p, &st, 0);
		if (!WIFSTOPPED(st))
			break;
		sig = 0;
		req = PTRACE_CONT;
		if ((st >> 16) == PTRACE_EVENT_SECCOMP) {
			if (kind == 2)
				req = PTRACE_SYSCALL;
		} else if (WSTOPSIG(st) != (SIGTRAP | 0x80) &&
			   WSTOPSIG(st) != SIGTRAP) {
			sig = WSTOPSIG(st);
		}
	}
	return (double)(bench_now_ns() - t0) / ncalls;
}

static double floor_sysemu(void)
{
	unsigned long long t0 = bench_now_ns();
	pid_t p = start_traced(0, 0);
	int st, req = PTRACE_SYSCALL, reissue = 0, sig = 0;
	struct user_regs_struct u;

	/* start-up calls before the first getppid run for real */
	for (;;) {
		ptrace(req, p, 0, sig);
		waitpid(p, &st, 0);
		if (!WIFSTOPPED(st))
			break;
		sig = 0;
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			if (WSTOPSIG(st) != SIGTRAP)
				sig = WSTOPSIG(st);
			continue;
		}
		if (reissue) {
			/* 1: exit stop of the skipped call, 2: re-entry */
			req = ++reissue == 3 ? PTRACE_SYSEMU : PTRACE_SYSCALL;
			if (reissue == 3)
				reissue = 0;
			continue;
		}
		if (req == PTRACE_SYSCALL) {
			/* plain syscall-stops until we are in SYSEMU mode */
			ptrace(PTRACE_GETREGS, p, 0, &u);
			if (u.orig_rax == SYS_getppid && u.rax == (unsigned long)-ENOSYS) {
				/* an entry: emulate it, from now on SYSEMU */
				u.orig_rax = -1;
				u.rax = 4242;
				ptrace(PTRACE_SETREGS, p, 0, &u);
				req = PTRACE_SYSEMU;
			}
			continue;
		}
		ptrace(PTRACE_GETREGS, p, 0, &u);
		if (u.orig_rax == SYS_getppid) {
			ptrace(PTRACE_POKEUSER, p, offsetof(struct user_regs_struct, rax), 4242);
		} else {
			u.rip -= 2;
			u.rax = u.orig_rax;
			ptrace(PTRACE_SETREGS, p, 0, &u);
			req = PTRACE_SYSCALL;
			reissue = 1;
		}
	}
	return (double)(bench_now_ns() - t0) / ncalls;
}

static double floor_unotify(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, f };
	char cbuf[CMSG_SPACE(sizeof(int))], d = 0;
	struct iovec io = { &d, 1 };
	struct msghdr mh = { .msg_iov = &io, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct seccomp_notif n;
	struct seccomp_notif_resp r;
	unsigned long long t0 = bench_now_ns();
	int sv[2], lfd, st;
	long i;
	pid_t p;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	p = fork();
	if (p == 0) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &lfd, sizeof(int));
		sendmsg(sv[1], &mh, 0);
		close(lfd);
		execl(target, target, "loop", ncalls_s, (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	if (recvmsg(sv[0], &mh, 0) < 0)
		return -1;
	memcpy(&lfd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
	close(sv[0]);
	ioctl(lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	for (i = 0; i < ncalls; i++) {
		memset(&n, 0, sizeof(n));
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0)
			break;
		memset(&r, 0, sizeof(r));
		r.id = n.id;
		r.val = 4242;
		ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &r);
	}
	close(lfd);
	waitpid(p, &st, 0);
	return (double)(bench_now_ns() - t0) / ncalls;
}

/* ---------- the library ---------- */

static int h_continue(struct sysgate_call *c, void *ctx)
{
	(*(long *)ctx)++;
	return SYSGATE_ACT_CONTINUE;
}

static int h_return(struct sysgate_call *c, void *ctx)
{
	(*(long *)ctx)++;
	if (c->nr != SYS_getppid)
		return SYSGATE_ACT_CONTINUE;
	c->ret = 4242;
	return SYSGATE_ACT_RETURN;
}

static double lib_run(enum sysgate_backend b, unsigned int flags,
		      const uint64_t *filter, sysgate_call_fn fn)
{
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = b, .flags = flags,
		.filter = filter, .filter_bits = filter ? 512 : 0,
		.on_call = fn,
	};
	char *argv[] = { target, "loop", ncalls_s, NULL };
	struct sysgate_intercept *s;
	unsigned long long t0;
	long seen = 0;
	int st;
	pid_t p;

	o.ctx = &seen;
	if (sysgate_intercept_new(&o, &s) < 0)
		return -1;
	t0 = bench_now_ns();
	if (sysgate_intercept_spawn(s, argv, NULL, &p) < 0 ||
	    sysgate_intercept_run(s, &st) < 0) {
		sysgate_intercept_free(s);
		return -1;
	}
	t0 = bench_now_ns() - t0;
	sysgate_intercept_free(s);
	if (seen < ncalls)
		return -1;
	return (double)t0 / ncalls;
}

static double native(void)
{
	unsigned long long t0 = bench_now_ns();
	pid_t p = fork();
	int st;

	if (p == 0) {
		execl(target, target, "loop", ncalls_s, (char *)NULL);
		_exit(127);
	}
	waitpid(p, &st, 0);
	return (double)(bench_now_ns() - t0) / ncalls;
}

/*
 * *_info: the handler takes SYSGATE_NO_REWRITE, so a stop reads the
 * kernel's account of the call (PTRACE_GET_SYSCALL_INFO) instead of the
 * whole frame (PTRACE_GETREGS); the tracer runs this way.  Same floors.
 */
enum { C_PTRACE_ALL, C_PTRACE_ALL_INFO, C_PTRACE_ENTRY, C_PTRACE_FILTER,
       C_PTRACE_FILTER_INFO, C_SYSEMU, C_UNOTIFY, C_N };

static const char *cname[C_N] = { "ptrace", "ptrace", "ptrace", "ptrace",
				  "ptrace", "sysemu", "unotify" };
static const char *cmode[C_N] = { "all", "all_info", "entry", "filter",
				  "filter_info", "emulate", "emulate" };

int main(void)
{
	const char *b = getenv("SYSGATE_BUILD"), *n = getenv("SG_INTERCEPT_CALLS");
	int runs = bench_runs(5), r, c;
	uint64_t filter[8] = { 0 };
	double fl[C_N][64], lib[C_N][64], nat[64];

	if (n && atol(n) > 0)
		ncalls = atol(n);
	/*
	 * Tracer and tracee on one CPU (inherited by every child) unless
	 * SG_BENCH_NOPIN: whether the scheduler puts the two on the same or
	 * different CPUs changes a round trip by up to 10x, which would
	 * otherwise decide the ratio more than the code does.
	 */
	if (!getenv("SG_BENCH_NOPIN")) {
		cpu_set_t set, one;
		int cpu;

		if (sched_getaffinity(0, sizeof(set), &set) == 0) {
			for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
				;
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			pinned = sched_setaffinity(0, sizeof(one), &one) == 0;
		}
	}
	if (runs > 64)
		runs = 64;
	snprintf(ncalls_s, sizeof(ncalls_s), "%ld", ncalls);
	snprintf(target, sizeof(target), "%s/tests/targets/intercept_target",
		 b && *b ? b : "build");
	if (access(target, X_OK)) {
		printf("bench=intercept_cost skipped=no-target path=%s\n", target);
		return 0;
	}
	filter[SYS_getppid / 64] = 1ull << (SYS_getppid % 64);
	for (r = 0; r < runs; r++) {
		nat[r] = native();
		fl[C_PTRACE_ALL][r] = floor_ptrace_syscall();
		lib[C_PTRACE_ALL][r] = lib_run(SYSGATE_BACKEND_PTRACE, 0, NULL, h_continue);
		fl[C_PTRACE_ALL_INFO][r] = fl[C_PTRACE_ALL][r];
		lib[C_PTRACE_ALL_INFO][r] = lib_run(SYSGATE_BACKEND_PTRACE,
						    SYSGATE_NO_REWRITE, NULL,
						    h_continue);
		fl[C_PTRACE_ENTRY][r] = floor_seccomp_trace(1);
		lib[C_PTRACE_ENTRY][r] = lib_run(SYSGATE_BACKEND_PTRACE,
						 SYSGATE_NO_EXIT_PHASE, NULL, h_continue);
		fl[C_PTRACE_FILTER][r] = floor_seccomp_trace(2);
		lib[C_PTRACE_FILTER][r] = lib_run(SYSGATE_BACKEND_PTRACE, 0, filter,
						  h_continue);
		fl[C_PTRACE_FILTER_INFO][r] = fl[C_PTRACE_FILTER][r];
		lib[C_PTRACE_FILTER_INFO][r] = lib_run(SYSGATE_BACKEND_PTRACE,
						       SYSGATE_NO_REWRITE,
						       filter, h_continue);
		fl[C_SYSEMU][r] = floor_sysemu();
		lib[C_SYSEMU][r] = lib_run(SYSGATE_BACKEND_SYSEMU, 0, NULL, h_return);
		fl[C_UNOTIFY][r] = floor_unotify();
		lib[C_UNOTIFY][r] = lib_run(SYSGATE_BACKEND_UNOTIFY, 0, filter, h_return);
	}
	printf("bench=intercept_cost backend=native calls=%ld ns=%.0f\n", ncalls,
	       bench_median(nat, runs));
	for (c = 0; c < C_N; c++) {
		double f = bench_median(fl[c], runs), l = bench_median(lib[c], runs);

		if (l <= 0 || f <= 0) {
			printf("bench=intercept_cost backend=%s mode=%s unavailable=1\n",
			       cname[c], cmode[c]);
			continue;
		}
		printf("bench=intercept_cost backend=%s mode=%s calls=%ld runs=%d "
		       "pinned=%d floor_ns=%.0f ns=%.0f ratio=%.2f\n", cname[c],
		       cmode[c], ncalls, runs, pinned, f, l, l / f);
	}
	return 0;
}
