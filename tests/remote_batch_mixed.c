/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_mixed: one flush runs different calls in order in the
 * child, each entry keeps its own result, stats count one round trip.
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch_stats st;
	struct sysgate_batch *b;
	unsigned long rpath, rbuf;
	void *lbuf;
	long v;
	const unsigned long addr = 0x5a5a00000000UL;

	if (!p)
		return;
	CHECK_EQ(sysgate_proc_scratch_put(p, "/proc/self/comm", 16, &rpath), 0);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 64, &lbuf, &rbuf), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_capacity(b) >= 100, 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_mmap(b, addr, 4096, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				    -1, 0), 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_openat, AT_FDCWD, rpath,
				       O_RDONLY, 0, 0, 0), 2);
	/* fd 3 is the lowest free one in a fresh /bin/true */
	CHECK_EQ(sysgate_batch_syscall(b, SYS_read, 3, rbuf, 64, 0, 0, 0), 3);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_close, 3, 0, 0, 0, 0, 0), 4);
	CHECK_EQ(sysgate_batch_munmap(b, addr, 4096), 5);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), 6);
	CHECK_EQ(sysgate_batch_queued(b), 7);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 7);
	CHECK_EQ(res.failed, -1);
	CHECK_EQ(res.error, 0);
	CHECK_EQ(sysgate_batch_queued(b), 0);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), 0);
	CHECK_EQ(v, getpid());
	CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
	CHECK_EQ(v, (long)addr);
	CHECK_EQ(sysgate_batch_entry_result(b, 2, &v), 0);
	CHECK_EQ(v, 3);
	CHECK_EQ(sysgate_batch_entry_result(b, 3, &v), 0);
	CHECK_EQ(v, 5);		/* "true\n" */
	CHECK(memcmp(lbuf, "true\n", 5) == 0);
	CHECK_EQ(sysgate_batch_entry_result(b, 4, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(sysgate_batch_entry_result(b, 6, &v), 0);
	CHECK_EQ(v, sysgate_proc_pid(p));
	CHECK_EQ(sysgate_batch_entry_result(b, 7, &v), -EINVAL);
	CHECK_EQ(sysgate_batch_stats(b, &st), 0);
	CHECK_EQ(st.ops_queued, 7);
	CHECK_EQ(st.ops_merged, 0);
	CHECK_EQ(st.flushes, 1);
	CHECK_EQ(st.ops_executed, 7);
	/* An empty flush runs nothing. */
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 0);
	CHECK_EQ(sysgate_batch_stats(b, &st), 0);
	CHECK_EQ(st.flushes, 1);
	/* Only one open batch per process. */
	{
		struct sysgate_batch *b2;

		CHECK_EQ(sysgate_batch_new(p, &b2), -EBUSY);
	}
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
