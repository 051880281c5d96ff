/* SPDX-License-Identifier: MIT */
/*
 * sysgate_proc_interrupt() ends a blocked remote read with -EINTR, called
 * from another thread and from a signal handler (SIGALRM on the calling
 * thread), on both transports; with no call in flight it returns -EAGAIN
 * and the next call is not affected.  The process stays usable.
 */
#include <pthread.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <time.h>

#include "tests/remote_util.h"

static struct sysgate_proc *gp;
static volatile int handler_rc = 1;

static void *interrupter(void *arg)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i, r = -EAGAIN;

	(void)arg;
	nanosleep(&ts, NULL);
	/* -EAGAIN until the call is really in flight */
	for (i = 0; i < 500 && r == -EAGAIN; i++) {
		r = sysgate_proc_interrupt(gp);
		if (r == -EAGAIN) {
			ts.tv_nsec = 2 * 1000 * 1000;
			nanosleep(&ts, NULL);
		}
	}
	return (void *)(long)r;
}

static void on_alarm(int sig)
{
	(void)sig;
	handler_rc = sysgate_proc_interrupt(gp);
}

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 150000 } };
	unsigned long rbuf;
	pthread_t th;
	void *ret;
	long r;
	int fds[2];

	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);
	gp = rt_spawn_true(t);
	if (!gp)
		return 0;
	CHECK_EQ(sysgate_proc_scratch_alloc(gp, 16, NULL, &rbuf), 0);
	CHECK_EQ(sysgate_proc_interrupt(gp), -EAGAIN);
	CHECK_EQ(sysgate_proc_interrupt(NULL), -EINVAL);
	CHECK_EQ(sysgate_remote_syscall(gp, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());

	/* From another thread. */
	CHECK_EQ(pthread_create(&th, NULL, interrupter, NULL), 0);
	r = sysgate_remote_syscall(gp, SYS_read, 0, rbuf, 10, 0, 0, 0);
	CHECK_EQ(pthread_join(th, &ret), 0);
	CHECK_EQ((long)ret, 0);
	CHECK_EQ(r, -EINTR);
	CHECK_EQ(sysgate_remote_syscall(gp, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());

	/* From a signal handler on this thread (no SA_RESTART, and with). */
	for (int restart = 0; restart < 2; restart++) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sa.sa_flags = restart ? SA_RESTART : 0;
		CHECK_EQ(sigaction(SIGALRM, &sa, NULL), 0);
		handler_rc = 1;
		CHECK_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
		r = sysgate_remote_syscall(gp, SYS_read, 0, rbuf, 10, 0, 0, 0);
		CHECK_EQ(handler_rc, 0);
		CHECK_EQ(r, -EINTR);
		CHECK_EQ(sysgate_remote_syscall(gp, SYS_getppid, 0, 0, 0, 0,
						0, 0), getpid());
	}
	/* Data: the read completes; nothing is left pending. */
	CHECK_EQ(write(fds[1], "x", 1), 1);
	CHECK_EQ(sysgate_remote_syscall(gp, SYS_read, 0, rbuf, 10, 0, 0, 0), 1);
	sysgate_proc_free(gp);
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
