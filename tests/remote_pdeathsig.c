/* SPDX-License-Identifier: MIT */
/*
 * remote_pdeathsig: a spawned child dies with its supervisor.  A forked
 * supervisor spawns a long sleeper, reports its pid and is SIGKILLed; the
 * sleeper must be killed too (we are its subreaper, so we see it die by
 * SIGKILL).
 */
#include <sys/prctl.h>
#include <time.h>

#include "tests/remote_util.h"

int main(void)
{
	int fds[2], st;
	pid_t sup, child = 0;
	struct timespec t0, t1;

	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	CHECK_EQ(pipe(fds), 0);
	sup = fork();
	CHECK(sup >= 0);
	if (sup == 0) {
		char *argv[] = { "/bin/sleep", "60", NULL };
		struct sysgate_proc *p;
		pid_t pid;

		if (sysgate_proc_spawn(argv, NULL, 0, &p) < 0)
			_exit(2);
		/* let it run freely: only PR_SET_PDEATHSIG ties it to us */
		pid = sysgate_proc_pid(p);
		if (sysgate_proc_detach(p) < 0)
			_exit(3);
		if (write(fds[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(4);
		pause();
		_exit(0);
	}
	close(fds[1]);
	CHECK_EQ(read(fds[0], &child, sizeof(child)), (long)sizeof(child));
	CHECK(child > 0);
	CHECK_EQ(kill(child, 0), 0);
	CHECK_EQ(kill(sup, SIGKILL), 0);
	CHECK_EQ(waitpid(sup, &st, 0), sup);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* reparented to us (subreaper): it must die of SIGKILL, now */
	CHECK_EQ(waitpid(child, &st, 0), child);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	CHECK(t1.tv_sec - t0.tv_sec < 5);
	return 0;
}
