/* SPDX-License-Identifier: MIT */
/*
 * remote_attach_exec_race: attaching right after fork+exec often seizes
 * the target in the middle of its execve, where the exec event stop
 * comes first and swallows the interrupt.  Attach must still get the
 * target stopped (no hang), run calls, and detach leaving it intact.
 */
#include "tests/remote_util.h"

int main(void)
{
	struct sysgate_proc *p;
	char line[64];
	int i, st, tick;
	FILE *out;
	pid_t pid;

	for (i = 0; i < 60; i++) {
		pid = rt_start_ticker("sleep", 1000000, &out);
		/* little or no delay: the child may still be inside execve */
		if (i % 3)
			usleep((i * 37) % 400);
		st = sysgate_proc_attach(pid, 0, &p);
		if (st == -EPERM)
			t_skip("ptrace is not permitted here");
		CHECK_EQ(st, 0);
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
		CHECK_EQ(sysgate_proc_detach(p), 0);
		for (int k = 0; k < 2; k++) {
			CHECK(fgets(line, sizeof(line), out) != NULL);
			CHECK_EQ(sscanf(line, "tick %d", &tick), 1);
			CHECK_EQ(tick, k);
		}
		CHECK_EQ(kill(pid, SIGKILL), 0);
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		fclose(out);
	}
	return 0;
}
