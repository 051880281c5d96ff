/* SPDX-License-Identifier: MIT */
/*
 * remote_spawn_env: spawn searches PATH for a name without '/', passes
 * argv and the given envp to the program (not the supervisor's
 * environment), and the program inherits the supervisor's fds - here a
 * pipe as its stdout, through which it reports what it got once detached.
 */
#include <fcntl.h>

#include "tests/remote_util.h"

int main(void)
{
	char *argv[] = { "sh", "-c", "echo \"$0:$SG_TEST_VAR:${HOME-unset}\"",
			 NULL };
	char *envp[] = { "SG_TEST_VAR=from-envp", "PATH=/usr/bin:/bin", NULL };
	struct sysgate_proc *p;
	int fds[2], saved, st;
	char buf[128] = { 0 };
	ssize_t n;
	pid_t pid;

	setenv("HOME", "/should-not-be-seen", 1);
	CHECK_EQ(pipe(fds), 0);
	saved = dup(1);
	CHECK(saved >= 0);
	CHECK_EQ(dup2(fds[1], 1), 1);
	st = sysgate_proc_spawn(argv, envp, 0, &p);
	CHECK_EQ(dup2(saved, 1), 1);
	close(saved);
	close(fds[1]);
	if (st == -EPERM)
		t_skip("ptrace is not permitted here");
	CHECK_EQ(st, 0);
	pid = sysgate_proc_pid(p);
	/* held: nothing printed yet */
	CHECK_EQ(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(read(fds[0], buf, sizeof(buf)), -1);
	CHECK_EQ(errno, EAGAIN);
	CHECK_EQ(fcntl(fds[0], F_SETFL, 0), 0);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	n = read(fds[0], buf, sizeof(buf) - 1);
	CHECK(n > 0);
	CHECK_STR(buf, "sh:from-envp:unset\n");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fds[0]);
	return 0;
}
