/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_sticky: an entry failing in an automatic flush makes the
 * error sticky: the add that triggered the flush and every later add
 * return -ECANCELED, and the next explicit flush reports the failing
 * entry (index counted across flushes, its -errno).  Then the batch is
 * usable again.
 */
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned int cap, i;
	long v;

	if (!p)
		return;
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	cap = sysgate_batch_capacity(b);
	/* first queue-full runs fine, the second one fails at cap + 7 */
	for (i = 0; i < 2 * cap; i++) {
		if (i == cap + 7)
			CHECK_EQ(sysgate_batch_syscall(b, SYS_close, 9999, 0, 0, 0, 0, 0), i);
		else
			CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), i);
	}
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), -ECANCELED);
	CHECK_EQ(sysgate_batch_mmap(b, 0x5a0000000000UL, 4096, 3, 0x32, -1, 0), -ECANCELED);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), -ECANCELED);
	memset(&res, 0x55, sizeof(res));
	CHECK_EQ(sysgate_batch_flush(b, &res), 1);
	CHECK_EQ(res.failed, cap + 7);
	CHECK_EQ(res.error, -EBADF);
	CHECK_EQ(res.ran, cap + 8);
	CHECK_EQ(sysgate_batch_entry_result(b, cap + 7, &v), 0);
	CHECK_EQ(v, -EBADF);
	CHECK_EQ(sysgate_batch_entry_result(b, cap + 6, &v), 0);
	CHECK_EQ(v, getpid());
	CHECK_EQ(sysgate_batch_entry_result(b, cap + 8, &v), -EINVAL);
	/* the sticky error is gone */
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
