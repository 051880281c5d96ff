/* SPDX-License-Identifier: MIT */
/*
 * The target is killed while a call waits under a timeout: the call
 * returns -ESRCH at once (no hang until the deadline, no interrupt of a
 * dead process), sysgate_proc_alive() is 0, free does not hang.  Both
 * transports.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "tests/remote_util.h"

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void *killer(void *arg)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	kill((pid_t)(long)arg, SIGKILL);
	return NULL;
}

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	struct sysgate_proc *p;
	unsigned long rbuf;
	long long t0;
	pthread_t th;
	long r;
	int fds[2];

	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);
	p = rt_spawn_true(t);
	if (!p)
		return 0;
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 16, NULL, &rbuf), 0);
	CHECK_EQ(sysgate_proc_set_timeout(p, 5000), 0);
	CHECK_EQ(pthread_create(&th, NULL, killer,
				(void *)(long)sysgate_proc_pid(p)), 0);
	t0 = now_ms();
	r = sysgate_remote_syscall(p, SYS_read, 0, rbuf, 10, 0, 0, 0);
	CHECK_EQ(r, -ESRCH);
	CHECK(now_ms() - t0 < 2500);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 -ESRCH);
	CHECK_EQ(sysgate_proc_interrupt(p), -EAGAIN);
	t0 = now_ms();
	sysgate_proc_free(p);
	CHECK(now_ms() - t0 < 1000);
	return 0;
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		int st = t_fork(body, (void *)(long)t, 30);

		if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP)
			return T_SKIP;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "%s transport: status %#x\n",
				rt_names[t], st);
			return 1;
		}
	}
	return 0;
}
