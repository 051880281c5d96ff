/* SPDX-License-Identifier: MIT */
/*
 * Several supervisor threads, each driving its own child on the futex
 * transport with many single calls and batches at once (2 CPUs: the
 * adaptive spin must not starve anybody).  Every result is checked,
 * including data moved through each child's scratch memory.
 */
#include <pthread.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

#define NTHREADS 4
#define ROUNDS 1500

static void *driver(void *arg)
{
	char *argv[] = { "/bin/true", NULL };
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	long id = (long)arg, r, ret;
	unsigned long rbuf;
	char *lbuf, cwd[1024];
	int i, j, err;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		return (void *)77L;
	CHECK_EQ(err, 0);
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK_EQ(sysgate_proc_scratch_alloc(p, sizeof(cwd), (void **)&lbuf,
					    &rbuf), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	for (i = 0; i < ROUNDS; i++) {
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
		/* the child writes its cwd (ours) into the shared scratch */
		memset(lbuf, 0, sizeof(cwd));
		r = sysgate_remote_syscall(p, SYS_getcwd, rbuf, sizeof(cwd),
					   0, 0, 0, 0);
		CHECK_EQ(r, strlen(cwd) + 1);
		CHECK_STR(lbuf, cwd);
		if (i % 10 == 0) {
			for (j = 0; j < 20; j++)
				CHECK(sysgate_batch_syscall(b, SYS_getppid, 0, 0,
							    0, 0, 0, 0) >= 0);
			CHECK(sysgate_batch_syscall(b, SYS_close, -1 - id, 0, 0,
						    0, 0, 0) >= 0);
			CHECK_EQ(sysgate_batch_flush(b, &res), 1);
			CHECK_EQ(res.ran, 21);
			CHECK_EQ(res.failed, 20);
			CHECK_EQ(res.error, -EBADF);
			CHECK_EQ(sysgate_batch_entry_result(b, 19, &ret), 0);
			CHECK_EQ(ret, getpid());
		}
	}
	sysgate_batch_free(b);
	sysgate_proc_free(p);
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	void *rv;
	long i;
	int skipped = 0;

	for (i = 0; i < NTHREADS; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, driver, (void *)i), 0);
	for (i = 0; i < NTHREADS; i++) {
		CHECK_EQ(pthread_join(th[i], &rv), 0);
		skipped |= rv == (void *)77L;
	}
	if (skipped)
		t_skip("futex transport not available");
	return 0;
}
