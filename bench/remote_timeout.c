/* SPDX-License-Identifier: MIT */
/*
 * What the timeout machinery costs a call that does not time out: the
 * same child, the same run, calls with no timeout (the baseline) and with
 * sysgate_proc_set_timeout(p, 1000), alternating in every repetition:
 *  - one remote getppid round trip;
 *  - a batch of 100 getppid (per op, queueing included);
 * on both transports.  ratio = with timeout / without.  Medians of
 * SG_BENCH_RUNS (default 11) repetitions.
 * And how late a timeout fires: a remote read on an empty pipe under a
 * 50 ms timeout, elapsed time until -ETIMEDOUT (ratio = elapsed / 50 ms).
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "sysgate.h"

#define SINGLE_N 2000
#define BATCH_N 100
#define BATCH_ROUNDS 40
#define MAXRUNS 101
#define TIMEOUT_MS 1000

static int die(const char *what, long err)
{
	printf("bench=remote_timeout failed=%s err=%ld\n", what, err);
	exit(1);
}

/*
 * One repetition: SINGLE_N single calls and BATCH_ROUNDS batches each way,
 * switching between no timeout and TIMEOUT_MS every CHUNK calls / every
 * batch, so that the transport's adaptive state and the machine's drift
 * hit both sides alike.  Per call / per op, in ns.
 */
#define CHUNK 50
static void one_run(struct sysgate_proc *p, int first, double *s, double *bt)
{
	unsigned long long t0, ts[2] = { 0, 0 }, tb[2] = { 0, 0 };
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	int i, c, k, err, with;

	for (c = 0; c < 2 * SINGLE_N / CHUNK; c++) {
		with = (c & 1) ^ first;
		sysgate_proc_set_timeout(p, with ? TIMEOUT_MS : 0);
		t0 = bench_now_ns();
		for (i = 0; i < CHUNK; i++)
			if (sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0,
						   0, 0) <= 0)
				die("getppid", i);
		ts[with] += bench_now_ns() - t0;
	}
	err = sysgate_batch_new(p, &b);
	if (err)
		die("batch_new", err);
	for (c = 0; c < 2 * BATCH_ROUNDS; c++) {
		with = (c & 1) ^ first;
		sysgate_proc_set_timeout(p, with ? TIMEOUT_MS : 0);
		/* queueing is the supervisor's work: count it too */
		t0 = bench_now_ns();
		for (k = 0; k < BATCH_N; k++)
			if (sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0,
						  0) < 0)
				die("batch add", k);
		err = sysgate_batch_flush(b, &res);
		tb[with] += bench_now_ns() - t0;
		if (err)
			die("flush", err);
	}
	sysgate_batch_free(b);
	for (with = 0; with < 2; with++) {
		s[with] = (double)ts[with] / SINGLE_N;
		bt[with] = (double)tb[with] / (BATCH_ROUNDS * BATCH_N);
	}
}

#define OVER_MS 50
#define OVER_RUNS 7

/* Median elapsed ns of a read that times out after OVER_MS. */
static double overshoot_ns(struct sysgate_proc *p)
{
	double v[OVER_RUNS];
	unsigned long rbuf;
	unsigned long long t0;
	long r;
	int i, err;

	err = sysgate_proc_scratch_alloc(p, 16, NULL, &rbuf);
	if (err)
		die("scratch", err);
	sysgate_proc_set_timeout(p, OVER_MS);
	for (i = 0; i < OVER_RUNS; i++) {
		t0 = bench_now_ns();
		r = sysgate_remote_syscall(p, SYS_read, 0, rbuf, 8, 0, 0, 0);
		v[i] = (double)(bench_now_ns() - t0);
		if (r != -ETIMEDOUT)
			die("read timeout", r);
	}
	sysgate_proc_set_timeout(p, 0);
	return bench_median(v, OVER_RUNS);
}

static void measure(enum sysgate_transport t, const char *name, int runs)
{
	static char *argv[] = { "/bin/true", NULL };
	double s0[MAXRUNS], s1[MAXRUNS], b0[MAXRUNS], b1[MAXRUNS];
	double ms0, ms1, mb0, mb1, over;
	struct sysgate_proc *p;
	int r, err;

	err = sysgate_proc_spawn(argv, NULL, 0, &p);
	if (err)
		die("spawn", err);
	err = sysgate_proc_set_transport(p, t);
	if (err == -ENOSYS) {
		printf("bench=remote_timeout transport=%s skipped=unavailable\n",
		       name);
		sysgate_proc_free(p);
		return;
	}
	if (err)
		die("set_transport", err);
	/* warm up both paths (the watchdog thread starts here) */
	{
		double w[2], wb[2];

		one_run(p, 0, w, wb);
	}
	for (r = 0; r < runs; r++) {
		double s[2], bt[2];

		one_run(p, r & 1, s, bt);
		s0[r] = s[0];
		s1[r] = s[1];
		b0[r] = bt[0];
		b1[r] = bt[1];
	}
	over = overshoot_ns(p);
	sysgate_proc_free(p);
	ms0 = bench_median(s0, runs);
	ms1 = bench_median(s1, runs);
	mb0 = bench_median(b0, runs);
	mb1 = bench_median(b1, runs);
	printf("bench=remote_timeout transport=%s op=single runs=%d "
	       "base_ns=%.0f timeout_ns=%.0f ratio=%.2f\n", name, runs, ms0,
	       ms1, ms1 / ms0);
	printf("bench=remote_timeout transport=%s op=batch100 runs=%d "
	       "base_ns_per_op=%.1f timeout_ns_per_op=%.1f ratio=%.2f\n", name,
	       runs, mb0, mb1, mb1 / mb0);
	printf("bench=remote_timeout transport=%s op=overshoot runs=%d "
	       "timeout_ms=%d elapsed_ms=%.2f ratio=%.2f\n", name, OVER_RUNS,
	       OVER_MS, over / 1e6, over / (OVER_MS * 1e6));
}

int main(void)
{
	int runs = bench_runs(11);

	int fds[2];

	if (runs > MAXRUNS)
		runs = MAXRUNS;
	/* The child's stdin: a pipe nobody writes (reads there block). */
	if (pipe(fds) || dup2(fds[0], 0) < 0)
		die("pipe", -1);
	measure(SYSGATE_TRANSPORT_PTRACE, "ptrace", runs);
	measure(SYSGATE_TRANSPORT_FUTEX, "futex", runs);
	return 0;
}
