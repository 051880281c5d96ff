/* SPDX-License-Identifier: MIT */
/*
 * A batch whose third entry blocks (read on an empty pipe) under a 200 ms
 * timeout: the flush returns 1 with failed = 2, error = -ETIMEDOUT and
 * ran = 3; entries 0 and 1 ran (their results are there), entry 3 did
 * not (the file it would create does not exist).  The next batch runs
 * in full.  Both transports.
 */
#include <fcntl.h>
#include <sys/syscall.h>

#include "tests/remote_util.h"

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	struct sysgate_batch_result res;
	struct sysgate_proc *p;
	struct sysgate_batch *b;
	unsigned long rbuf, rpath;
	char path[64];
	long v;
	int fds[2];

	snprintf(path, sizeof(path), "/tmp/sg-tmo-batch-%d", (int)getpid());
	unlink(path);
	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);
	p = rt_spawn_true(t);
	if (!p)
		return 0;
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 16, NULL, &rbuf), 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, path, strlen(path) + 1, &rpath),
		 0);
	CHECK_EQ(sysgate_proc_set_timeout(p, 200), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_read, 0, rbuf, 10, 0, 0, 0), 2);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_openat, AT_FDCWD, rpath,
				       O_WRONLY | O_CREAT, 0600, 0, 0), 3);
	CHECK_EQ(sysgate_batch_flush(b, &res), 1);
	CHECK_EQ(res.failed, 2);
	CHECK_EQ(res.error, -ETIMEDOUT);
	CHECK_EQ(res.ran, 3);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), 0);
	CHECK_EQ(v, getpid());
	CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
	CHECK_EQ(v, sysgate_proc_pid(p));
	CHECK_EQ(sysgate_batch_entry_result(b, 2, &v), 0);
	CHECK_EQ(v, -ETIMEDOUT);
	CHECK_EQ(sysgate_batch_entry_result(b, 3, &v), -EINVAL);
	CHECK(access(path, F_OK) != 0);

	/* Usable again: a whole batch runs. */
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 2);
	CHECK_EQ(res.failed, -1);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
	CHECK(access(path, F_OK) != 0);
	return 0;
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		int st = t_fork(body, (void *)(long)t, 30);

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
