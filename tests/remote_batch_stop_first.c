/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_stop_first: the stub stops at the first failing entry; the
 * flush returns 1 with its index and -errno, entries before it ran, and
 * entries after it did not run (their side effects are absent).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	char dir[] = "/tmp/sg-stopfirst-XXXXXX", a[64], c[64];
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned long ra, rc;
	struct stat sb;
	long v;

	if (!p)
		return;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof(a), "%s/before", dir);
	snprintf(c, sizeof(c), "%s/after", dir);
	CHECK_EQ(sysgate_proc_scratch_put(p, a, strlen(a) + 1, &ra), 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, c, strlen(c) + 1, &rc), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_mkdirat, AT_FDCWD, ra, 0700, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_dup, 7777, 0, 0, 0, 0, 0), 2);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_mkdirat, AT_FDCWD, rc, 0700, 0, 0, 0), 3);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 4);
	CHECK_EQ(sysgate_batch_flush(b, &res), 1);
	CHECK_EQ(res.failed, 2);
	CHECK_EQ(res.error, -EBADF);
	CHECK_EQ(res.ran, 3);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
	CHECK_EQ(v, getpid());
	CHECK_EQ(sysgate_batch_entry_result(b, 2, &v), 0);
	CHECK_EQ(v, -EBADF);
	CHECK_EQ(sysgate_batch_entry_result(b, 3, &v), -EINVAL);
	/* proof: the entry before ran, the one after did not */
	CHECK_EQ(stat(a, &sb), 0);
	CHECK(S_ISDIR(sb.st_mode));
	CHECK_EQ(stat(c, &sb), -1);
	CHECK_EQ(errno, ENOENT);
	/* a MAP_FIXED mmap that fails stops the batch the same way */
	CHECK_EQ(sysgate_batch_mmap(b, 0x5a0000000123UL, 4096, PROT_READ,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_mkdirat, AT_FDCWD, rc, 0700, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), 1);
	CHECK_EQ(res.failed, 0);
	CHECK_EQ(res.error, -EINVAL);
	CHECK_EQ(res.ran, 1);
	CHECK_EQ(stat(c, &sb), -1);
	rmdir(a);
	rmdir(dir);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
