/* SPDX-License-Identifier: MIT */
/*
 * A child that corrupts the shared area while a futex-transport request
 * is in flight (the test writes through /proc/PID/mem, as a hostile
 * thread of the child could):
 *  1. garbage in the answer futex word -> -EIO promptly (not when the
 *     call ends), the transport refuses further calls (-EIO) and counts
 *     as not alive; switching back to ptrace recovers.
 *  2. a result slot of an entry already run overwritten with an error
 *     value -> the batch flush reports -EIO.
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "remote/proc.h"
#include "test.h"

struct poke {
	pid_t pid;
	unsigned long addr;
	uint64_t val;
	unsigned int len;
	useconds_t delay;
};

static void *poker(void *arg)
{
	struct poke *k = arg;

	usleep(k->delay);
	CHECK_EQ(sysgate_mem_write(k->pid, k->addr, &k->val, k->len), k->len);
	return NULL;
}

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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	struct timespec ts = { 0, 600000000 }, lts = { 30, 0 };
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	struct poke k;
	unsigned long rts, rlts;
	pthread_t th;
	double t0, dt;
	long r;
	int err;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available");
	CHECK_EQ(err, 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, &ts, sizeof(ts), &rts), 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, &lts, sizeof(lts), &rlts), 0);

	/* 1. the answer word */
	k = (struct poke){ sysgate_proc_pid(p),
			   p->remote + STUB_RESP_OFF + STUB_RESP_FUTEX,
			   0x5eed1234, 4, 100000 };
	CHECK_EQ(pthread_create(&th, NULL, poker, &k), 0);
	t0 = now_s();
	r = sysgate_remote_syscall(p, SYS_nanosleep, rlts, 0, 0, 0, 0, 0);
	dt = now_s() - t0;
	pthread_join(th, NULL);
	CHECK_EQ(r, -EIO);
	CHECK(dt < 1.0);	/* seen at a timeout slice, not at 30 s */
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), -EIO);
	/* back to ptrace: the stub thread is made to leave its call */
	t0 = now_s();
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE), 0);
	CHECK(now_s() - t0 < 5.0);
	CHECK_EQ(count_tasks(sysgate_proc_pid(p)), 1);
	CHECK_EQ(sysgate_proc_alive(p), 1);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());

	/* 2. a result slot of an entry that already ran */
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_nanosleep, rts, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 2);
	k = (struct poke){ sysgate_proc_pid(p), p->remote + STUB_RESP_RESULTS,
			   (uint64_t)-EINTR, 8, 150000 };
	CHECK_EQ(pthread_create(&th, NULL, poker, &k), 0);
	r = sysgate_batch_flush(b, &res);
	pthread_join(th, NULL);
	CHECK_EQ(r, -EIO);
	sysgate_batch_free(b);

	sysgate_proc_free(p);
	return 0;
}
