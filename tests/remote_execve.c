/* SPDX-License-Identifier: MIT */
/*
 * remote_execve: an execve run through the stub replaces the program and
 * the stub with it.  The engine follows: the single call returns 0, a new
 * stub is installed in the new image (calls keep working there), and
 * detach starts the new program.  In a batch the run is -EIO (later
 * entries never ran) and the process is usable all the same.
 */
#include <stdio.h>

#include "tests/remote_util.h"

/* "/bin/true" and its argv in scratch; returns argv, *path the string. */
static long put_argv(struct sysgate_proc *p, const char *str, long *path)
{
	unsigned long rpath, rargv;
	unsigned long argv[2];

	CHECK_EQ(sysgate_proc_scratch_put(p, str, strlen(str) + 1, &rpath), 0);
	argv[0] = rpath;
	argv[1] = 0;
	CHECK_EQ(sysgate_proc_scratch_put(p, argv, sizeof(argv), &rargv), 0);
	*path = (long)rpath;
	return (long)rargv;
}

static void exe_is(pid_t pid, const char *want)
{
	char path[64], buf[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n] = 0;
	CHECK(strstr(buf, want) != NULL);
}

static void run(enum sysgate_transport t, int batched)
{
	char *argv[] = { "/bin/sleep", "30", NULL };
	struct sysgate_proc *p = rt_spawn(argv, t);
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	long rargv, rpath;
	pid_t pid;
	int st;

	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	exe_is(pid, "sleep");
	rargv = put_argv(p, "/bin/true", &rpath);
	if (!batched) {
		CHECK_EQ(sysgate_remote_syscall(p, SYS_execve, rpath, rargv, 0, 0, 0, 0), 0);
	} else {
		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
		CHECK_EQ(sysgate_batch_syscall(b, SYS_execve, rpath, rargv, 0, 0, 0, 0), 1);
		CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 2);
		CHECK_EQ(sysgate_batch_flush(b, &res), -EIO);
		CHECK(strstr(sysgate_proc_error(p), "new program") != NULL);
		sysgate_batch_free(b);
	}
	/* a failing execve is an ordinary call result */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_execve, 1, 0, 0, 0, 0, 0), -EFAULT);
	exe_is(pid, "true");
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getpid, 0, 0, 0, 0, 0, 0), pid);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
}

int main(void)
{
	/* the ptrace transport only: a stub thread cannot execve (futex) */
	run(SYSGATE_TRANSPORT_PTRACE, 0);
	run(SYSGATE_TRANSPORT_PTRACE, 1);
	return 0;
}
