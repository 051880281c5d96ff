/* SPDX-License-Identifier: MIT */
/*
 * SIGSTOP to the child while it is on the futex transport (sent by a
 * remote kill of its own, or from outside during a call) freezes the stub
 * thread; the ptrace transport discards stop signals while it holds the
 * process, and the futex transport must not hang either: the call returns
 * its result within a few timeout slices and later calls work.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "test.h"

static pid_t victim;

static void *stopper(void *arg)
{
	usleep(50000);
	kill(victim, SIGSTOP);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	struct timespec ts = { 0, 200000000 };
	struct sysgate_proc *p;
	unsigned long rts;
	pthread_t th;
	double t0;
	int err;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available");
	CHECK_EQ(err, 0);
	victim = sysgate_proc_pid(p);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);

	/* the call stops its own process */
	t0 = now_s();
	CHECK_EQ(sysgate_remote_syscall(p, SYS_kill, victim, SIGSTOP, 0, 0, 0, 0), 0);
	CHECK(now_s() - t0 < 1.0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());

	/* stopped from outside in the middle of a 200 ms call */
	CHECK_EQ(pthread_create(&th, NULL, stopper, NULL), 0);
	t0 = now_s();
	CHECK_EQ(sysgate_remote_syscall(p, SYS_nanosleep, rts, 0, 0, 0, 0, 0), 0);
	pthread_join(th, NULL);
	CHECK(now_s() - t0 < 1.5);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_proc_alive(p), 1);
	sysgate_proc_free(p);
	return 0;
}
