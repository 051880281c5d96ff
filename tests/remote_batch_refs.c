/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_refs: an argument can be the result of an earlier entry of
 * the same batch, resolved by the stub at run time (openat, dup2($0, 50),
 * read($1, ...), close($0)); a reference to an entry that already ran in
 * an automatic flush is substituted at queue time; references to future
 * or invalid entries are -EINVAL.
 */
#include <fcntl.h>

#include "tests/remote_util.h"

static const int LIT[6] = { -1, -1, -1, -1, -1, -1 };

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned long rpath, rbuf;
	unsigned int cap, i;
	void *lbuf;
	long v, fd;
	int refs[6];

	if (!p)
		return;
	CHECK_EQ(sysgate_proc_scratch_put(p, "/proc/self/comm", 16, &rpath), 0);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 64, &lbuf, &rbuf), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	{
		long a0[6] = { AT_FDCWD, (long)rpath, O_RDONLY };
		long a1[6] = { 0, 50 };
		long a2[6] = { 0, (long)rbuf, 64 };
		long a3[6] = { 0 };

		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_openat, a0, LIT), 0);
		memcpy(refs, LIT, sizeof(refs));
		refs[0] = 0;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_dup2, a1, refs), 1);
		refs[0] = 1;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_read, a2, refs), 2);
		refs[0] = 0;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_close, a3, refs), 3);
		/* refs to itself / the future / garbage */
		refs[0] = 4;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_close, a3, refs), -EINVAL);
		refs[0] = 1000000;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_close, a3, refs), -EINVAL);
		refs[0] = -2;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_close, a3, refs), -EINVAL);
		/* refs == NULL: all literal */
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_getppid, a3, NULL), 4);
	}
	memset(lbuf, 0, 64);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 5);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &fd), 0);
	CHECK(fd >= 3 && fd != 50);
	CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
	CHECK_EQ(v, 50);
	CHECK_EQ(sysgate_batch_entry_result(b, 2, &v), 0);
	CHECK_EQ(v, 5);
	CHECK(memcmp(lbuf, "true\n", 5) == 0);
	CHECK_EQ(sysgate_batch_entry_result(b, 4, &v), 0);
	CHECK_EQ(v, getpid());
	/* $0 was closed by the batch, 50 is still open */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0), -EBADF);
	CHECK(sysgate_remote_syscall(p, SYS_fcntl, 50, F_GETFD, 0, 0, 0, 0) >= 0);

	/* Across an automatic flush: entry 0 ran already when $0 is used. */
	cap = sysgate_batch_capacity(b);
	{
		long a[6] = { 50 };

		CHECK_EQ(sysgate_batch_syscall(b, SYS_dup, 50, 0, 0, 0, 0, 0), 0);
		for (i = 1; i < cap; i++)
			CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), i);
		memcpy(refs, LIT, sizeof(refs));
		refs[0] = 0;
		/* this add flushes first, then finds $0 already known */
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_close, a, refs), cap);
		CHECK_EQ(sysgate_batch_queued(b), 1);
		/* a same-flush ref again, to the entry just added */
		refs[0] = cap;
		CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_getppid, a, refs), cap + 1);
	}
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, cap + 2);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &fd), 0);
	CHECK(fd >= 3);
	CHECK_EQ(sysgate_batch_entry_result(b, cap, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0), -EBADF);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
