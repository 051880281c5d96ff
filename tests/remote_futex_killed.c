/* SPDX-License-Identifier: MIT */
/*
 * The child is SIGKILLed while the supervisor waits for a futex-transport
 * call that would block for 20 s: the call returns -ESRCH quickly, the
 * process counts as dead, later calls fail at once, and freeing it leaks
 * no fd.  Once with the stub thread blocked in the call, once with a
 * batch in flight.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "test.h"

static pid_t victim;

static void *killer(void *arg)
{
	usleep(150000);
	kill(victim, SIGKILL);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void one(int batch)
{
	char *argv[] = { "/bin/true", NULL };
	struct timespec ts = { 20, 0 };
	struct sysgate_batch_result res;
	struct sysgate_batch *b = NULL;
	struct sysgate_proc *p;
	unsigned long rts;
	pthread_t th;
	double t0, dt;
	long r;
	int err;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available");
	CHECK_EQ(err, 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);
	victim = sysgate_proc_pid(p);
	CHECK_EQ(pthread_create(&th, NULL, killer, NULL), 0);
	t0 = now_s();
	if (!batch) {
		r = sysgate_remote_syscall(p, SYS_nanosleep, rts, 0, 0, 0, 0, 0);
	} else {
		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		CHECK(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0) >= 0);
		CHECK(sysgate_batch_syscall(b, SYS_nanosleep, rts, 0, 0, 0, 0, 0) >= 0);
		r = sysgate_batch_flush(b, &res);
	}
	dt = now_s() - t0;
	pthread_join(th, NULL);
	CHECK_EQ(r, -ESRCH);
	/* killed at 0.15 s; detection within the 32 ms timeout slices */
	CHECK(dt < 1.5);
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), -ESRCH);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
	/* the child was reaped: nothing of it is left */
	CHECK(kill(victim, 0) < 0 && errno == ESRCH);
}

int main(void)
{
	int fds = t_count_fds();

	one(0);
	one(1);
	CHECK_EQ(t_count_fds(), fds);
	return 0;
}
