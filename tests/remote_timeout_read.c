/* SPDX-License-Identifier: MIT */
/*
 * A remote read() on an empty pipe with a 200 ms timeout returns
 * -ETIMEDOUT after about 200 ms, on both transports; the process stays
 * usable: the next call works, and a later read gets the data written
 * meanwhile (the timed-out read did not consume or keep anything).
 */
#include <sys/syscall.h>
#include <time.h>

#include "tests/remote_util.h"

static long long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000LL +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	struct sysgate_proc *p;
	struct timespec t0;
	unsigned long rbuf;
	char *lbuf;
	long r;
	int fds[2], i;

	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);	/* the child's stdin: empty pipe */
	p = rt_spawn_true(t);
	if (!p)
		return 0;
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 16, (void **)&lbuf, &rbuf), 0);
	CHECK_EQ(sysgate_proc_set_timeout(p, 200), 0);
	for (i = 0; i < 3; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = sysgate_remote_syscall(p, SYS_read, 0, rbuf, 10, 0, 0, 0);
		CHECK_EQ(r, -ETIMEDOUT);
		CHECK(ms_since(&t0) >= 190);
		CHECK(ms_since(&t0) < 2000);
		CHECK_EQ(sysgate_proc_alive(p), 1);
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0,
						0), getpid());
	}
	/* Data there: the same call completes well within the timeout. */
	CHECK_EQ(write(fds[1], "hello", 5), 5);
	r = sysgate_remote_syscall(p, SYS_read, 0, rbuf, 10, 0, 0, 0);
	CHECK_EQ(r, 5);
	CHECK(memcmp(lbuf, "hello", 5) == 0);
	/* No timeout any more: a quick call is unaffected. */
	CHECK_EQ(sysgate_proc_set_timeout(p, 0), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());
	sysgate_proc_free(p);
	CHECK_EQ(sysgate_proc_set_timeout(NULL, 1), -EINVAL);
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
