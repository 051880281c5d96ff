/* SPDX-License-Identifier: MIT */
/*
 * remote_batch - cost of running system calls in another process through
 * the sysgate stub on the ptrace transport, each against a baseline
 * measured in the same run (medians of SG_BENCH_RUNS runs):
 *
 *   bench=remote_mmap_batched   200 ops (100 MAP_FIXED anonymous mmaps at
 *                               non-adjacent addresses + their munmaps)
 *                               in one flush, per op, vs the same ops run
 *                               natively in this process
 *   bench=remote_mmap_single    the same 200 ops one sysgate_remote_syscall
 *                               each, per op, vs native
 *   bench=remote_single_rt      one remote getppid() vs a bare ptrace round
 *                               trip on the same child (PTRACE_SETREGS +
 *                               PTRACE_CONT + waitpid + PTRACE_GETREGS,
 *                               running the same stub entry and syscall)
 *   bench=remote_batch_size     N getppid() in one flush (N = 1, 10, 100,
 *                               1000), per op, vs native getppid()
 *   bench=remote_batch_size_mmap the same with mmap/munmap pairs at
 *                               non-adjacent addresses, vs native
 *
 * The first three are measured twice: pin=none (the scheduler places
 * both processes) and pin=same (supervisor and child pinned to one CPU).
 * Unpinned, a child's munmaps cost more when the scheduler has it run on
 * both CPUs (likely TLB shootdown IPIs for its mm) - which depends on the
 * child, so the unpinned batched line takes a fresh child per run; the
 * pinned line shows the engine's own overhead.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "remote/proc.h"
#include "sysgate.h"

#define NMAP 100
#define PG 4096UL
#define BASE 0x5c0000000000UL
/* Repetitions of the 200-op workload inside one timed run. */
#define REPS 10

static void die(const char *what, long err)
{
	fprintf(stderr, "remote_batch: %s: %ld (%s)\n", what, err,
		strerror(err < 0 ? (int)-err : 0));
	exit(1);
}

/* Address of map i: every other page, so no two are adjacent. */
static unsigned long map_addr(int i)
{
	return BASE + (unsigned long)i * 2 * PG;
}

static double native_mmap_per_op(void)
{
	unsigned long long t0 = bench_now_ns();

	for (int r = 0; r < REPS; r++) {
		for (int i = 0; i < NMAP; i++)
			if (mmap((void *)map_addr(i), PG, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				 0) == MAP_FAILED)
				die("native mmap", -errno);
		for (int i = 0; i < NMAP; i++)
			munmap((void *)map_addr(i), PG);
	}
	return (double)(bench_now_ns() - t0) / (REPS * 2 * NMAP);
}

static double batched_mmap_per_op(struct sysgate_proc *p)
{
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned long long t0;
	int r;

	if ((r = sysgate_batch_new(p, &b)) < 0)
		die("batch_new", r);
	t0 = bench_now_ns();
	for (int k = 0; k < REPS; k++) {
		for (int i = 0; i < NMAP; i++)
			sysgate_batch_mmap(b, map_addr(i), PG,
					   PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
					   -1, 0);
		for (int i = 0; i < NMAP; i++)
			sysgate_batch_munmap(b, map_addr(i), PG);
		r = sysgate_batch_flush(b, &res);
		if (r != 0 || res.ran != 2 * NMAP)
			die("batched flush", r ? r : -EIO);
	}
	t0 = bench_now_ns() - t0;
	sysgate_batch_free(b);
	return (double)t0 / (REPS * 2 * NMAP);
}

/*
 * Unpinned (c == NULL), each run gets a child of its own: where the
 * scheduler places a child decides its munmap cost for its whole life,
 * so one child for every run would measure one placement only.
 */
static double batched_fresh_child(struct sysgate_proc *c)
{
	char *argv[] = { "/bin/true", NULL };
	struct sysgate_proc *p = c;
	double v;
	int r;

	if (!p && (r = sysgate_proc_spawn(argv, NULL, 0, &p)) < 0)
		die("spawn", r);
	if (!c)
		batched_mmap_per_op(p);		/* warm-up */
	v = batched_mmap_per_op(p);
	if (!c)
		sysgate_proc_free(p);
	return v;
}

static double single_mmap_per_op(struct sysgate_proc *p)
{
	unsigned long long t0 = bench_now_ns();
	long r;

	for (int k = 0; k < REPS; k++) {
		for (int i = 0; i < NMAP; i++) {
			r = sysgate_remote_syscall(p, SYS_mmap, map_addr(i), PG,
						   PROT_READ | PROT_WRITE,
						   MAP_PRIVATE | MAP_ANONYMOUS |
						   MAP_FIXED, -1, 0);
			if ((unsigned long)r != map_addr(i))
				die("single mmap", r);
		}
		for (int i = 0; i < NMAP; i++)
			sysgate_remote_syscall(p, SYS_munmap, map_addr(i), PG,
					       0, 0, 0, 0);
	}
	return (double)(bench_now_ns() - t0) / (REPS * 2 * NMAP);
}

#define RT_N 2000

static double single_rt_per_call(struct sysgate_proc *p)
{
	unsigned long long t0 = bench_now_ns();
	long r;

	for (int i = 0; i < RT_N; i++) {
		r = sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0);
		if (r != getpid())
			die("single getppid", r);
	}
	return (double)(bench_now_ns() - t0) / RT_N;
}

/*
 * The floor: the same round trip done by hand, no library in between -
 * registers for the stub's single entry running getppid(), continue,
 * wait for its int3, read rax.
 */
static double bare_rt_per_call(struct sysgate_proc *p)
{
	struct user_regs_struct r = p->call_regs, out;
	unsigned long long t0;
	int st;

	r.rip = p->remote + STUB_CODE_OFF + STUB_ENTRY_SINGLE;
	t0 = bench_now_ns();
	for (int i = 0; i < RT_N; i++) {
		r.rax = SYS_getppid;
		if (ptrace(PTRACE_SETREGS, p->tid, NULL, &r) < 0 ||
		    ptrace(PTRACE_CONT, p->tid, NULL, NULL) < 0 ||
		    waitpid(p->tid, &st, __WALL) != p->tid ||
		    ptrace(PTRACE_GETREGS, p->tid, NULL, &out) < 0)
			die("bare round trip", -errno);
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP ||
		    (long)out.rax != getpid())
			die("bare round trip result", (long)out.rax);
	}
	return (double)(bench_now_ns() - t0) / RT_N;
}

static double native_getppid_per_op(int n)
{
	int reps = n < 100 ? 20000 / n : 200;
	unsigned long long t0 = bench_now_ns();

	for (int k = 0; k < reps; k++)
		for (int i = 0; i < n; i++)
			syscall(SYS_getppid);
	return (double)(bench_now_ns() - t0) / ((double)reps * n);
}

static double batch_getppid_per_op(struct sysgate_proc *p, int n,
				   struct sysgate_batch_stats *st)
{
	int reps = n < 100 ? 2000 / n : 20;
	struct sysgate_batch *b;
	unsigned long long t0;
	int r;

	if ((r = sysgate_batch_new(p, &b)) < 0)
		die("batch_new", r);
	t0 = bench_now_ns();
	for (int k = 0; k < reps; k++) {
		for (int i = 0; i < n; i++)
			sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0);
		if ((r = sysgate_batch_flush(b, NULL)) != 0)
			die("batch flush", r);
	}
	t0 = bench_now_ns() - t0;
	sysgate_batch_stats(b, st);
	sysgate_batch_free(b);
	return (double)t0 / ((double)reps * n);
}

/* 1000 ops: mmap/munmap pairs (op 2k maps page k, op 2k+1 unmaps it). */
#define SWEEP_OPS 1000

static double native_pairs_per_op(void)
{
	unsigned long long t0 = bench_now_ns();

	for (int i = 0; i < SWEEP_OPS / 2; i++) {
		if (mmap((void *)map_addr(i), PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) == MAP_FAILED)
			die("native mmap", -errno);
		munmap((void *)map_addr(i), PG);
	}
	return (double)(bench_now_ns() - t0) / SWEEP_OPS;
}

static double batch_pairs_per_op(struct sysgate_proc *p, int n)
{
	struct sysgate_batch *b;
	unsigned long long t0;
	int r, q = 0;

	if ((r = sysgate_batch_new(p, &b)) < 0)
		die("batch_new", r);
	t0 = bench_now_ns();
	for (int i = 0; i < SWEEP_OPS; i++) {
		if (i % 2)
			sysgate_batch_munmap(b, map_addr(i / 2), PG);
		else
			sysgate_batch_mmap(b, map_addr(i / 2), PG,
					   PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
					   -1, 0);
		if (++q == n || i == SWEEP_OPS - 1) {
			if ((r = sysgate_batch_flush(b, NULL)) != 0)
				die("batch flush", r);
			q = 0;
		}
	}
	t0 = bench_now_ns() - t0;
	sysgate_batch_free(b);
	return (double)t0 / SWEEP_OPS;
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	int runs = bench_runs(11), sizes[] = { 1, 10, 100, 1000 };
	double nat[64], bat[64], sgl[64], rt[64], bare[64];
	struct sysgate_batch_stats st;
	struct sysgate_proc *p;
	int r;

	if (runs > 64)
		runs = 64;
	if ((r = sysgate_proc_spawn(argv, NULL, 0, &p)) < 0)
		die("spawn", r);
	/* warm up both sides (page tables, caches) */
	native_mmap_per_op();
	batched_mmap_per_op(p);
	single_rt_per_call(p);
	bare_rt_per_call(p);

	cpu_set_t all;

	if (sched_getaffinity(0, sizeof(all), &all) < 0)
		die("sched_getaffinity", -errno);
	for (int pin = 0; pin < 2; pin++) {
		const char *pn = pin ? "same" : "none";

		if (pin) {
			cpu_set_t set;
			int cpu = sched_getcpu();

			CPU_ZERO(&set);
			CPU_SET(cpu < 0 ? 0 : cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set) < 0 ||
			    sched_setaffinity(sysgate_proc_pid(p), sizeof(set),
					      &set) < 0)
				die("sched_setaffinity", -errno);
			batched_mmap_per_op(p);
		}
		/* interleaved so drift on the VM hits every variant alike */
		for (int i = 0; i < runs; i++) {
			nat[i] = native_mmap_per_op();
			bat[i] = batched_fresh_child(pin ? p : NULL);
			sgl[i] = single_mmap_per_op(p);
			bare[i] = bare_rt_per_call(p);
			rt[i] = single_rt_per_call(p);
		}
		double mn = bench_median(nat, runs), mb = bench_median(bat, runs);
		double ms = bench_median(sgl, runs), mr = bench_median(rt, runs);
		double mbare = bench_median(bare, runs);

		printf("bench=remote_mmap_batched pin=%s ops=%d runs=%d "
		       "native_ns_per_op=%.0f batched_ns_per_op=%.0f "
		       "ratio=%.2f target=1.30\n",
		       pn, 2 * NMAP, runs, mn, mb, mb / mn);
		printf("bench=remote_mmap_single pin=%s ops=%d runs=%d "
		       "native_ns_per_op=%.0f single_ns_per_op=%.0f "
		       "ratio=%.2f\n", pn, 2 * NMAP, runs, mn, ms, ms / mn);
		printf("bench=remote_single_rt pin=%s calls=%d runs=%d "
		       "bare_ptrace_rt_ns=%.0f single_ns=%.0f ratio=%.2f "
		       "target=1.20\n", pn, RT_N, runs, mbare, mr, mr / mbare);
	}
	/* the size sweeps run unpinned again */
	if (sched_setaffinity(0, sizeof(all), &all) < 0 ||
	    sched_setaffinity(sysgate_proc_pid(p), sizeof(all), &all) < 0)
		die("sched_setaffinity", -errno);

	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double n2[64], b2[64];

		for (int i = 0; i < runs; i++) {
			n2[i] = native_getppid_per_op(sizes[s]);
			b2[i] = batch_getppid_per_op(p, sizes[s], &st);
		}
		double mn2 = bench_median(n2, runs), mb2 = bench_median(b2, runs);

		printf("bench=remote_batch_size pin=none size=%d runs=%d "
		       "native_ns_per_op=%.0f batched_ns_per_op=%.0f "
		       "avg_ops_per_flush=%.1f ratio=%.2f\n",
		       sizes[s], runs, mn2, mb2,
		       st.flushes ? (double)st.ops_executed / st.flushes : 0.0,
		       mb2 / mn2);
	}
	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double n2[64], b2[64];

		for (int i = 0; i < runs; i++) {
			n2[i] = native_pairs_per_op();
			b2[i] = batch_pairs_per_op(p, sizes[s]);
		}
		double mn2 = bench_median(n2, runs), mb2 = bench_median(b2, runs);

		printf("bench=remote_batch_size_mmap pin=none size=%d runs=%d "
		       "native_ns_per_op=%.0f batched_ns_per_op=%.0f "
		       "ratio=%.2f\n", sizes[s], runs, mn2, mb2, mb2 / mn2);
	}
	sysgate_proc_free(p);
	return 0;
}
