/* SPDX-License-Identifier: MIT */
/*
 * Switch ptrace -> futex -> ptrace -> futex: calls work on each, the stub
 * thread exists exactly while the futex transport is active (stop() makes
 * it exit and resets the futex words), and detach leaves a single-threaded
 * program that runs to its normal exit.
 */
#include <dirent.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "remote/proc.h"
#include "remote/transport_futex.h"
#include "test.h"

static int count_tasks(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	CHECK(dir);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

static void calls(struct sysgate_proc *p)
{
	int i;

	for (i = 0; i < 200; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
	CHECK_EQ(sysgate_remote_syscall(p, SYS_dup, -1, 0, 0, 0, 0, 0), -EBADF);
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	struct sysgate_proc *p;
	pid_t pid;
	int err, round, st;

	CHECK_EQ(sysgate_proc_spawn(argv, NULL, 0, &p), 0);
	pid = sysgate_proc_pid(p);
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
	calls(p);
	for (round = 0; round < 3; round++) {
		err = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
		if (err == -ENOSYS)
			t_skip("futex transport not available");
		CHECK_EQ(err, 0);
		CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_FUTEX);
		CHECK(fx_stub_tid(p) > 0);
		CHECK_EQ(count_tasks(pid), 2);
		/* setting the same transport again is a no-op */
		CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX), 0);
		CHECK_EQ(count_tasks(pid), 2);
		calls(p);

		CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE), 0);
		CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
		/* the thread has exited and its futex words are reset */
		CHECK_EQ(count_tasks(pid), 1);
		CHECK_EQ(*(volatile uint32_t *)remote_local(p, STUB_RESP_OFF +
							    STUB_RESP_FUTEX), 0);
		CHECK_EQ(*(volatile uint32_t *)remote_local(p, STUB_REQ_OFF +
							    STUB_REQ_FUTEX), 0);
		calls(p);
	}
	CHECK_EQ(sysgate_proc_set_transport(p, (enum sysgate_transport)7), -EINVAL);

	/* Detach from the futex transport: the program runs on normally. */
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX), 0);
	calls(p);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}
