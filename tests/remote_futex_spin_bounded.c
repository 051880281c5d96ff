/* SPDX-License-Identifier: MIT */
/*
 * Spinning on the futex transport is bounded (2 CPUs: a spinner that does
 * not stop steals a whole CPU):
 *  1. while a remote call blocks for 300 ms, the supervisor thread burns
 *     almost no CPU (it sleeps on the futex after a short spin);
 *  2. after a burst of back-to-back calls, the stub thread stops spinning
 *     and sleeps: its CPU time stays flat while no request comes;
 *  3. moving the stub thread between CPUs never leaves it pinned: its
 *     affinity is the program's after singles and batches.
 */
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "remote/transport_futex.h"
#include "test.h"

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* utime + stime of a thread of pid, in clock ticks */
static long task_ticks(pid_t pid, pid_t tid)
{
	char path[96], buf[1024], *s;
	unsigned long ut, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "re");
	CHECK(f);
	CHECK(fgets(buf, sizeof(buf), f));
	fclose(f);
	s = strrchr(buf, ')');
	CHECK(s);
	/* after ")": state(3) ... utime is field 14, stime 15 */
	CHECK_EQ(sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			&ut, &st), 2);
	return (long)(ut + st);
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	struct timespec ts = { 0, 300000000 };
	struct sysgate_proc *p;
	unsigned long rts;
	double c0, used;
	long t0, t1, hz = sysconf(_SC_CLK_TCK);
	pid_t pid, tid;
	int err, i;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available");
	CHECK_EQ(err, 0);
	pid = sysgate_proc_pid(p);
	tid = fx_stub_tid(p);
	CHECK(tid > 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);

	/* 1. a long call: the waiting supervisor sleeps */
	for (i = 0; i < 2000; i++)	/* make spinning look worth it */
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
	c0 = thread_cpu_s();
	CHECK_EQ(sysgate_remote_syscall(p, SYS_nanosleep, rts, 0, 0, 0, 0, 0), 0);
	used = thread_cpu_s() - c0;
	printf("supervisor cpu during a 300 ms call: %.2f ms\n", used * 1e3);
	CHECK(used < 0.030);

	/* 2. a burst, then silence: the stub thread goes to sleep */
	for (i = 0; i < 2000; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
	usleep(20000);		/* its spin is ~50 us at most */
	t0 = task_ticks(pid, tid);
	usleep(500000);
	t1 = task_ticks(pid, tid);
	printf("stub thread cpu while idle for 500 ms: %ld ticks (hz %ld)\n",
	       t1 - t0, hz);
	CHECK(t1 - t0 <= 1);
	/* placement moves the stub thread at most: never leaves it pinned */
	{
		cpu_set_t a, b;
		struct sysgate_batch *bt;
		struct sysgate_batch_result res;

		CHECK_EQ(sysgate_batch_new(p, &bt), 0);
		for (i = 0; i < 200; i++) {
			CHECK(sysgate_batch_syscall(bt, SYS_getppid, 0, 0, 0, 0,
						    0, 0) >= 0);
			if (i % 20 == 19)
				CHECK_EQ(sysgate_batch_flush(bt, &res), 0);
			CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0,
							0, 0, 0), getpid());
		}
		sysgate_batch_free(bt);
		CHECK_EQ(sched_getaffinity(tid, sizeof(a), &a), 0);
		CHECK_EQ(sched_getaffinity(pid, sizeof(b), &b), 0);
		CHECK(CPU_EQUAL(&a, &b));
	}
	/* and it still answers */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	sysgate_proc_free(p);
	return 0;
}
