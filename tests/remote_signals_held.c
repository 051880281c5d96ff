/* SPDX-License-Identifier: MIT */
/*
 * remote_signals_held: while the stub runs in a spawned child its signals
 * are blocked - a SIGTERM sent meanwhile neither kills it nor interrupts
 * the calls - and stays pending; after detach the program's own mask is
 * back and the signal takes effect.
 */
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	char *argv[] = { "/bin/sleep", "30", NULL };
	struct sysgate_proc *p = rt_spawn(argv, t);
	pid_t pid;
	int st;

	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	CHECK_EQ(kill(pid, SIGTERM), 0);
	CHECK_EQ(kill(pid, SIGUSR1), 0);
	usleep(20000);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_proc_alive(p), 1);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st));
	CHECK(WTERMSIG(st) == SIGTERM || WTERMSIG(st) == SIGUSR1);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
