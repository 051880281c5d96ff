/* SPDX-License-Identifier: MIT */
/*
 * Spawn straight onto the futex transport (SYSGATE_PROC_FUTEX): single
 * calls return the child's results, errors come back as -errno, a batch
 * stops at its first failing entry and reports index and error, and the
 * stub thread really is a second thread of the child.
 */
#include <dirent.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

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

int main(void)
{
	char *argv[] = { "/bin/true", NULL };
	struct sysgate_batch_result res;
	struct sysgate_proc *p;
	struct sysgate_batch *b;
	unsigned long addr;
	long r, ret;
	int err, i, fds = t_count_fds();

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available (%d)", err);
	CHECK_EQ(err, 0);
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_FUTEX);
	CHECK_EQ(sysgate_proc_alive(p), 1);
	/* leader (stopped) + the stub thread */
	CHECK_EQ(count_tasks(sysgate_proc_pid(p)), 2);

	for (i = 0; i < 1000; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
	CHECK_EQ(sysgate_remote_syscall(p, SYS_close, -1, 0, 0, 0, 0, 0), -EBADF);

	/* A mapping made in the child is visible in its maps, then gone. */
	r = sysgate_remote_syscall(p, SYS_mmap, 0, 8192, PROT_READ,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r > 0 && (r & 4095) == 0);
	addr = (unsigned long)r;
	CHECK_EQ(sysgate_remote_syscall(p, SYS_munmap, addr, 8192, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_munmap, addr + 1, 4096, 0, 0, 0, 0), -EINVAL);

	/* Batch: three good calls, a failing one, one more never run. */
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	for (i = 0; i < 3; i++)
		CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), i);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_close, -1, 0, 0, 0, 0, 0), 3);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 4);
	CHECK_EQ(sysgate_batch_flush(b, &res), 1);
	CHECK_EQ(res.ran, 4);
	CHECK_EQ(res.failed, 3);
	CHECK_EQ(res.error, -EBADF);
	CHECK_EQ(sysgate_batch_entry_result(b, 2, &ret), 0);
	CHECK_EQ(ret, getpid());

	/* A full batch of mmaps merges and runs in one flush. */
	r = sysgate_remote_syscall(p, SYS_mmap, 0, 100 * 4096, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r > 0);
	addr = (unsigned long)r;
	for (i = 0; i < 100; i++)
		CHECK(sysgate_batch_mmap(b, addr + i * 4096UL, 4096,
					 PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
					 -1, 0) >= 0);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.failed, -1);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_munmap, addr, 100 * 4096, 0, 0,
					0, 0), 0);
	sysgate_batch_free(b);

	sysgate_proc_free(p);
	CHECK_EQ(t_count_fds(), fds);
	return 0;
}
