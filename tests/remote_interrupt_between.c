/* SPDX-License-Identifier: MIT */
/*
 * Interrupts that land anywhere in a batch of calls that never block
 * (the stub thread in user code between two entries, or on its way out
 * of a call): a thread keeps calling sysgate_proc_interrupt() while
 * batches of 1000 quick calls run (getppid, and 16 KiB reads from
 * /dev/zero, which make a flush last a few ms).  A flush either
 * completes, or fails at one entry k with -EINTR, entries before k having
 * succeeded and none after k run; both transports, and at least one flush
 * must have been cut short.  The process stays usable.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "tests/remote_util.h"

#define ENTRIES 1000

static struct sysgate_proc *gp;
static volatile int done;

static void *hammer(void *arg)
{
	(void)arg;
	while (!done) {
		sysgate_proc_interrupt(gp);
		sched_yield();
	}
	return NULL;
}

static int body(void *arg)
{
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned long path, buf;
	pthread_t th;
	int i, k, r, cut = 0, whole = 0;
	long v, zfd;
	time_t t0;

	gp = rt_spawn_true(t);
	if (!gp)
		return 0;
	CHECK_EQ(sysgate_proc_scratch_put(gp, "/dev/zero", 10, &path), 0);
	CHECK_EQ(sysgate_proc_scratch_alloc(gp, 16384, NULL, &buf), 0);
	zfd = sysgate_remote_syscall(gp, SYS_openat, AT_FDCWD, path, O_RDONLY,
				     0, 0, 0);
	CHECK(zfd >= 0);
	CHECK_EQ(sysgate_batch_new(gp, &b), 0);
	CHECK_EQ(pthread_create(&th, NULL, hammer, NULL), 0);
	/*
	 * Until 5 flushes were cut short, or 2000 flushes; on a loaded
	 * machine the hammer thread may get little CPU: then go on (for up
	 * to 20 s) until at least one was.
	 */
	t0 = time(NULL);
	for (i = 0; cut < 5 && (i < 2000 || (!cut && time(NULL) - t0 < 20));
	     i++) {
		for (k = 0; k < ENTRIES; k++)
			CHECK_EQ(k & 1 ? sysgate_batch_syscall(b, SYS_getppid,
							       0, 0, 0, 0, 0, 0)
				       : sysgate_batch_syscall(b, SYS_read, zfd,
							       buf, 16384, 0, 0,
							       0), k);
		r = sysgate_batch_flush(b, &res);
		if (r == 0) {
			CHECK_EQ(res.ran, ENTRIES);
			whole++;
			continue;
		}
		CHECK_EQ(r, 1);
		CHECK(res.failed >= 0 && res.failed < ENTRIES);
		CHECK_EQ(res.ran, (unsigned int)res.failed + 1);
		CHECK_EQ(res.error, -EINTR);
		for (k = 0; k < res.failed; k++) {
			CHECK_EQ(sysgate_batch_entry_result(b, k, &v), 0);
			/* a read may come back short, never empty */
			if (k & 1)
				CHECK_EQ(v, getpid());
			else
				CHECK(v > 0 && v <= 16384);
		}
		CHECK_EQ(sysgate_batch_entry_result(b, res.failed, &v), 0);
		CHECK_EQ(v, -EINTR);
		CHECK_EQ(sysgate_batch_entry_result(b, res.failed + 1, &v),
			 -EINVAL);
		cut++;
	}
	done = 1;
	CHECK_EQ(pthread_join(th, NULL), 0);
	fprintf(stderr, "%s: %d flushes cut short, %d whole\n",
		rt_names[t], cut, whole);
	CHECK(cut > 0);
	CHECK_EQ(sysgate_remote_syscall(gp, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());
	sysgate_batch_free(b);
	sysgate_proc_free(gp);
	return 0;
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		int st = t_fork(body, (void *)(long)t, 50);

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
