/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_autoflush: adding past capacity flushes the full queue
 * automatically; indices keep counting across the automatic flush and
 * every entry's result is kept until the explicit flush reports them.
 */
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch_stats st;
	struct sysgate_batch *b;
	unsigned int cap, i, total;
	long v;

	if (!p)
		return;
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	cap = sysgate_batch_capacity(b);
	CHECK(cap >= 16);
	total = 2 * cap + 10;
	for (i = 0; i < total; i++) {
		long nr = i % 2 ? SYS_getppid : SYS_getpid;

		CHECK_EQ(sysgate_batch_syscall(b, nr, 0, 0, 0, 0, 0, 0), i);
		if (i == cap - 1)
			CHECK_EQ(sysgate_batch_queued(b), cap);
		if (i == cap) {
			/* the full queue went out before this one was added */
			CHECK_EQ(sysgate_batch_queued(b), 1);
			CHECK_EQ(sysgate_batch_stats(b, &st), 0);
			CHECK_EQ(st.flushes, 1);
			CHECK_EQ(st.ops_executed, cap);
		}
	}
	CHECK_EQ(sysgate_batch_queued(b), 10);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, total);
	CHECK_EQ(res.failed, -1);
	for (i = 0; i < total; i++) {
		CHECK_EQ(sysgate_batch_entry_result(b, i, &v), 0);
		CHECK_EQ(v, i % 2 ? getpid() : sysgate_proc_pid(p));
	}
	CHECK_EQ(sysgate_batch_stats(b, &st), 0);
	CHECK_EQ(st.flushes, 3);
	CHECK_EQ(st.ops_executed, total);
	CHECK_EQ(st.ops_queued, total);
	/* indices start over after an explicit flush */
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 1);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
