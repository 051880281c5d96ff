/* SPDX-License-Identifier: MIT */
/*
 * remote_spawn_single: spawn a program stopped at its first instruction,
 * run getppid() in it through the stub's single-call path (it must see the
 * supervisor as its parent), a failing call keeps its own -errno, and
 * detach lets the program run to its normal exit.  Both transports.
 */
#include <sys/syscall.h>

#include "sysgate.h"
#include "tests/test.h"

static void run(enum sysgate_transport t)
{
	char *argv[] = { "/bin/true", NULL };
	struct sysgate_proc *p;
	int st;
	pid_t pid;

	CHECK_EQ(sysgate_proc_spawn(argv, NULL, 0, &p), 0);
	if (t != SYSGATE_TRANSPORT_PTRACE) {
		int r = sysgate_proc_set_transport(p, t);

		if (r == -ENOSYS) {
			printf("note: transport %d not available, half skipped\n", t);
			sysgate_proc_free(p);
			return;
		}
		CHECK_EQ(r, 0);
	}
	pid = sysgate_proc_pid(p);
	CHECK(pid > 0);
	CHECK_EQ(sysgate_proc_transport(p), t);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getpid, 0, 0, 0, 0, 0, 0), pid);
	/* The call's own error comes back as -errno. */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_close, 12345, 0, 0, 0, 0, 0), -EBADF);
	CHECK_EQ(sysgate_proc_alive(p), 1);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
	run(SYSGATE_TRANSPORT_PTRACE);
	run(SYSGATE_TRANSPORT_FUTEX);
	return 0;
}
