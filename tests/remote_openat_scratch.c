/* SPDX-License-Identifier: MIT */
/*
 * remote_openat_scratch: a path put in scratch is a valid pointer argument
 * in the child (openat), and a buffer in scratch receives what the child
 * reads; the scratch allocator aligns, bounds and resets.
 */
#include <fcntl.h>
#include <stdint.h>

#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	static const char text[] = "hello from the supervisor\n";
	char path[] = "/tmp/sg-remote-openat-XXXXXX";
	struct sysgate_proc *p = rt_spawn_true(t);
	unsigned long rpath, rbuf, r2;
	void *lbuf, *l2;
	long fd, n;
	int lfd;

	if (!p)
		return;
	lfd = mkstemp(path);
	CHECK(lfd >= 0);
	CHECK_EQ(write(lfd, text, sizeof(text) - 1), (long)sizeof(text) - 1);
	close(lfd);

	CHECK_EQ(sysgate_proc_scratch_put(p, path, sizeof(path), &rpath), 0);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 100, &lbuf, &rbuf), 0);
	CHECK_EQ(rbuf % 16, 0);
	CHECK(rbuf > rpath);
	memset(lbuf, 0, 100);
	fd = sysgate_remote_syscall(p, SYS_openat, AT_FDCWD, rpath, O_RDONLY,
				    0, 0, 0);
	CHECK(fd >= 0);
	n = sysgate_remote_syscall(p, SYS_read, fd, rbuf, 100, 0, 0, 0);
	CHECK_EQ(n, (long)sizeof(text) - 1);
	CHECK(memcmp(lbuf, text, n) == 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_close, fd, 0, 0, 0, 0, 0), 0);
	/* A missing file: the call's own error. */
	path[5] = 'X';
	CHECK_EQ(sysgate_proc_scratch_put(p, path, sizeof(path), &r2), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_openat, AT_FDCWD, r2, O_RDONLY,
					0, 0, 0), -ENOENT);
	path[5] = '/';

	/* Bounds: too much is -ENOSPC, 0 bytes -EINVAL; reset starts over. */
	CHECK_EQ(sysgate_proc_scratch_alloc(p, sysgate_proc_scratch_size(p) + 1,
					    &l2, &r2), -ENOSPC);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 0, &l2, &r2), -EINVAL);
	sysgate_proc_scratch_reset(p);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, sysgate_proc_scratch_size(p),
					    &l2, &r2), 0);
	CHECK_EQ(r2, rpath);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 1, &l2, &r2), -ENOSPC);
	unlink(path);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
