/* SPDX-License-Identifier: MIT */
/*
 * Timeouts and interrupts on an attached, multi-threaded program (the
 * ticker in "threads" mode, its stdin an empty pipe): remote reads that
 * time out and that are interrupted end as documented, the kicks (a
 * SIGSTOP to the leader on the ptrace transport) never stop the program's
 * other threads or the program after detach, and the program finishes
 * with its own checks passed (every tick, its sleeps completed, the
 * signal mask as it set it, its threads kept counting).  Both transports.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "tests/remote_util.h"

static struct sysgate_proc *gp;

static void *interrupter(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i;

	(void)arg;
	nanosleep(&ts, NULL);
	ts.tv_nsec = 2 * 1000 * 1000;
	for (i = 0; i < 500 && sysgate_proc_interrupt(gp) == -EAGAIN; i++)
		nanosleep(&ts, NULL);
	return NULL;
}

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	unsigned long rbuf;
	char line[128];
	pthread_t th;
	FILE *out;
	pid_t pid;
	int fds[2], st, i, ticks = 0, done = 0, r;

	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);
	pid = rt_start_ticker("threads", 40, &out);
	CHECK(fgets(line, sizeof(line), out) != NULL);
	r = sysgate_proc_attach(pid, 0, &gp);
	if (r == -EPERM)
		t_skip("ptrace is not permitted here (attach: -EPERM)");
	CHECK_EQ(r, 0);
	if (!rt_use(gp, t)) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 0;
	}
	CHECK_EQ(sysgate_proc_scratch_alloc(gp, 16, NULL, &rbuf), 0);
	CHECK_EQ(sysgate_proc_set_timeout(gp, 100), 0);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(sysgate_remote_syscall(gp, SYS_read, 0, rbuf, 8, 0, 0,
						0), -ETIMEDOUT);
		CHECK_EQ(sysgate_remote_syscall(gp, SYS_getpid, 0, 0, 0, 0, 0,
						0), pid);
	}
	CHECK_EQ(sysgate_proc_set_timeout(gp, 0), 0);
	CHECK_EQ(pthread_create(&th, NULL, interrupter, NULL), 0);
	CHECK_EQ(sysgate_remote_syscall(gp, SYS_read, 0, rbuf, 8, 0, 0, 0),
		 -EINTR);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(sysgate_proc_detach(gp), 0);
	while (fgets(line, sizeof(line), out)) {
		CHECK(strncmp(line, "DAMAGE", 6) != 0);
		ticks += !strncmp(line, "tick ", 5);
		done += !strcmp(line, "done\n");
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(ticks, 39);
	CHECK_EQ(done, 1);
	fclose(out);
	return 0;
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		int st = t_fork(body, (void *)(long)t, 40);

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
