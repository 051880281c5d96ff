/* SPDX-License-Identifier: MIT */
/*
 * An attached process (not spawned by sysgate) is SIGKILLed while the
 * supervisor waits in a call, on each transport (and once in a batch): the
 * call returns -ESRCH quickly, and the process's real parent still gets
 * its exit status (killed by SIGKILL) from waitpid.  The engine must
 * peek at the exit, never reap it.  Two parents:
 *  - the supervisor itself forked the target (the case where a reaping
 *    waitpid in the library steals the status outright);
 *  - a separate parent process forked it and waits for it; it must get
 *    the status while the supervisor still holds the dead process (a
 *    traced zombie is shown to its real parent only once the tracer has
 *    collected the ptrace report).
 */
#include <poll.h>
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
	return arg;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fork /bin/sleep 30 (killed by the test, or ends on its own). */
static pid_t start_target(void)
{
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(99);
	}
	return pid;
}

/*
 * Attach pid on the futex transport, kill it during a 20 s call, check
 * the call's result; returns p (dead, not yet freed).
 */
static struct sysgate_proc *kill_during_call(pid_t pid, int batch,
					     enum sysgate_transport t)
{
	struct timespec ts = { 20, 0 };
	struct sysgate_batch_result res;
	struct sysgate_batch *b = NULL;
	struct sysgate_proc *p;
	unsigned long rts;
	pthread_t th;
	double t0, dt;
	long r;
	int err;

	usleep(20000);	/* let it reach its sleep */
	err = sysgate_proc_attach(pid, t == SYSGATE_TRANSPORT_FUTEX ?
				  SYSGATE_PROC_FUTEX : 0, &p);
	if (err == -ENOSYS || err == -EPERM) {
		kill(pid, SIGKILL);
		t_skip("%s transport or ptrace not available (%d)",
		       t == SYSGATE_TRANSPORT_FUTEX ? "futex" : "ptrace", err);
	}
	CHECK_EQ(err, 0);
	CHECK_EQ(sysgate_proc_transport(p), t);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);
	victim = pid;
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
	CHECK(dt < 1.5);	/* killed at 0.15 s */
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), -ESRCH);
	if (b)
		sysgate_batch_free(b);
	return p;
}

/* The supervisor is the target's real parent. */
static int own_child(void *arg)
{
	int batch = (int)(long)arg & 1, st;
	struct sysgate_proc *p;
	pid_t pid = start_target();

	p = kill_during_call(pid, batch, (int)(long)arg >> 1);
	sysgate_proc_free(p);
	CHECK_EQ(waitpid(pid, &st, WNOHANG), pid);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	return 0;
}

/* Another process is the target's real parent. */
static int other_parent(void *arg)
{
	int batch = (int)(long)arg & 1, pidp[2], stp[2], st, pst;
	struct sysgate_proc *p;
	struct pollfd pfd;
	pid_t parent, pid;

	CHECK_EQ(pipe(pidp), 0);
	CHECK_EQ(pipe(stp), 0);
	parent = fork();
	CHECK(parent >= 0);
	if (parent == 0) {
		/* the real parent: fork the target, wait, report */
		pid = start_target();
		if (write(pidp[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(2);
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR)
				_exit(3);
		if (write(stp[1], &st, sizeof(st)) != sizeof(st))
			_exit(4);
		_exit(0);
	}
	close(pidp[1]);
	close(stp[1]);
	CHECK_EQ(read(pidp[0], &pid, sizeof(pid)), (ssize_t)sizeof(pid));
	p = kill_during_call(pid, batch, (int)(long)arg >> 1);
	/* with p still held: the parent must not be kept waiting */
	pfd.fd = stp[0];
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(read(stp[0], &st, sizeof(st)), (ssize_t)sizeof(st));
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	sysgate_proc_free(p);
	CHECK_EQ(waitpid(parent, &pst, 0), parent);
	CHECK(WIFEXITED(pst));
	CHECK_EQ(WEXITSTATUS(pst), 0);
	close(pidp[0]);
	close(stp[0]);
	return 0;
}

int main(void)
{
	int batch, st, t;

	for (t = SYSGATE_TRANSPORT_PTRACE; t <= SYSGATE_TRANSPORT_FUTEX; t++)
	for (batch = 0; batch < 2; batch++) {
		void *arg = (void *)(long)(batch | t << 1);

		st = t_fork(own_child, arg, 20);
		if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP)
			return T_SKIP;
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
		st = t_fork(other_parent, arg, 20);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	return 0;
}
