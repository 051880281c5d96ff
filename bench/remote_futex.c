/* SPDX-License-Identifier: MIT */
/*
 * Futex transport vs ptrace transport, same child, same run:
 *  - one remote getppid round trip: futex (adaptive spin), futex with
 *    spinning off (futex wake/wait only), ptrace; ratio = futex / ptrace;
 *  - a batch of 100 ops per op against the same ops run natively here
 *    (getppid x100; 50 mmap MAP_FIXED + 50 munmap of separate pages).
 *  - the floor under the getppid batch: native getppid in a process
 *    with a one-instruction seccomp filter (the stub thread always has
 *    one: entering seccomp's slow path costs the same whatever it runs).
 * Medians of SG_BENCH_RUNS (default 11) runs.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "sysgate.h"
#include "remote/transport_futex.h"

#define SINGLE_N 2000
#define BATCH_N 100
#define BATCH_ROUNDS 50
#define MAXRUNS 101

static int die(const char *what, long err)
{
	printf("bench=remote_futex failed=%s err=%ld\n", what, err);
	exit(1);
}

static double single_ns(struct sysgate_proc *p)
{
	unsigned long long t0;
	int i;

	t0 = bench_now_ns();
	for (i = 0; i < SINGLE_N; i++)
		if (sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0) <= 0)
			die("getppid", i);
	return (double)(bench_now_ns() - t0) / SINGLE_N;
}

/* Ops of one batch: getppid x100, or 50 x (mmap fixed, munmap). */
static void queue_ops(struct sysgate_batch *b, int mm, unsigned long base)
{
	int i;

	for (i = 0; i < BATCH_N; i++) {
		unsigned long a = base + (unsigned long)(i / 2) * 2 * 4096;
		int r;

		if (!mm)
			r = sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0);
		else if (i % 2 == 0)
			r = sysgate_batch_syscall(b, SYS_mmap, a, 4096,
						  PROT_READ | PROT_WRITE,
						  MAP_PRIVATE | MAP_ANONYMOUS |
						  MAP_FIXED, -1, 0);
		else
			r = sysgate_batch_syscall(b, SYS_munmap, a, 4096, 0, 0,
						  0, 0);
		if (r < 0)
			die("batch add", r);
	}
}

static double batch_ns(struct sysgate_proc *p, int mm, unsigned long base)
{
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned long long t0, t = 0;
	int i, err;

	err = sysgate_batch_new(p, &b);
	if (err)
		die("batch_new", err);
	for (i = 0; i < BATCH_ROUNDS; i++) {
		/* queueing is the supervisor's work: count it too */
		t0 = bench_now_ns();
		queue_ops(b, mm, base);
		err = sysgate_batch_flush(b, &res);
		t += bench_now_ns() - t0;
		if (err)
			die("flush", err);
	}
	sysgate_batch_free(b);
	return (double)t / (BATCH_ROUNDS * BATCH_N);
}

static double native_ns(int mm, unsigned long base)
{
	unsigned long long t0;
	int i, j;

	t0 = bench_now_ns();
	for (j = 0; j < BATCH_ROUNDS; j++)
		for (i = 0; i < BATCH_N; i++) {
			unsigned long a = base + (unsigned long)(i / 2) * 2 * 4096;

			if (!mm)
				syscall(SYS_getppid);
			else if (i % 2 == 0)
				mmap((void *)a, 4096, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				     -1, 0);
			else
				munmap((void *)a, 4096);
		}
	return (double)(bench_now_ns() - t0) / (BATCH_ROUNDS * BATCH_N);
}

/* 1-minute load average: the other tasks a 2-CPU machine juggles. */
static double load1(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "re");

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

/* Median getppid cost in a child under an allow-all seccomp filter. */
static double seccomp_floor_ns(int runs)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };
	double v[MAXRUNS], med = -1;
	int fd[2], r, st;
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		/* as the stub thread installs its filter */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			     SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog) &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)))
			_exit(1);
		for (r = 0; r < runs; r++)
			v[r] = native_ns(0, 0);
		med = bench_median(v, runs);
		if (write(fd[1], &med, sizeof(med)) != sizeof(med))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &med, sizeof(med)) != sizeof(med))
		med = -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return med;
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	double fx[MAXRUNS], fxn[MAXRUNS], pt[MAXRUNS];
	double bf[2][MAXRUNS], bp[2][MAXRUNS], nat[2][MAXRUNS];
	struct sysgate_proc *p;
	unsigned long rbase, lbase;
	int runs = bench_runs(11), r, mm, err;
	long ret;

	if (runs > MAXRUNS)
		runs = MAXRUNS;
	err = sysgate_proc_spawn(argv, NULL, 0, &p);
	if (err)
		die("spawn", err);
	err = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
	if (err) {
		printf("bench=remote_futex skipped=futex_transport err=%d\n", err);
		sysgate_proc_free(p);
		return 0;
	}
	/* address space for the mmap/munmap ops, here and in the child */
	ret = sysgate_remote_syscall(p, SYS_mmap, 0, BATCH_N * 4096UL,
				     PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
				     -1, 0);
	if (ret < 0)
		die("reserve", ret);
	rbase = (unsigned long)ret;
	lbase = (unsigned long)mmap(NULL, BATCH_N * 4096UL, PROT_NONE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (r = 0; r < runs; r++) {
		/* alternate so drift hits every variant alike */
		err = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
		if (err)
			die("to futex", err);
		fx_set_spin(p, -1);
		single_ns(p);			/* warm up the adaptation */
		fx[r] = single_ns(p);
		for (mm = 0; mm < 2; mm++)
			bf[mm][r] = batch_ns(p, mm, rbase);
		fx_set_spin(p, 0);
		fxn[r] = single_ns(p);
		err = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE);
		if (err)
			die("to ptrace", err);
		pt[r] = single_ns(p);
		for (mm = 0; mm < 2; mm++) {
			bp[mm][r] = batch_ns(p, mm, rbase);
			nat[mm][r] = native_ns(mm, lbase);
		}
	}
	{
		double f = bench_median(fx, runs), fn = bench_median(fxn, runs);
		double pp = bench_median(pt, runs);

		printf("bench=remote_futex_single runs=%d calls=%d futex_ns=%.0f "
		       "ptrace_ns=%.0f load1=%.2f ratio=%.2f\n", runs, SINGLE_N,
		       f, pp, load1(), f / pp);
		printf("bench=remote_futex_single_nospin runs=%d calls=%d "
		       "futex_ns=%.0f ptrace_ns=%.0f ratio=%.2f\n", runs,
		       SINGLE_N, fn, pp, fn / pp);
		printf("bench=remote_futex_spin_gain runs=%d spin_ns=%.0f "
		       "nospin_ns=%.0f ratio=%.2f\n", runs, f, fn, f / fn);
	}
	for (mm = 0; mm < 2; mm++) {
		const char *op = mm ? "mmap_munmap" : "getppid";
		double f = bench_median(bf[mm], runs);
		double pp = bench_median(bp[mm], runs);
		double n = bench_median(nat[mm], runs);

		printf("bench=remote_futex_batch op=%s n=%d runs=%d "
		       "per_op_ns=%.0f native_ns=%.0f ratio=%.2f\n", op,
		       BATCH_N, runs, f, n, f / n);
		printf("bench=remote_ptrace_batch op=%s n=%d runs=%d "
		       "per_op_ns=%.0f native_ns=%.0f ratio=%.2f\n", op,
		       BATCH_N, runs, pp, n, pp / n);
	}
	{
		double n = bench_median(nat[0], runs), f = seccomp_floor_ns(runs);

		printf("bench=remote_futex_seccomp_floor op=getppid runs=%d "
		       "seccomp_ns=%.0f native_ns=%.0f ratio=%.2f\n", runs, f, n,
		       f / n);
	}
	sysgate_proc_free(p);
	return 0;
}
