/* SPDX-License-Identifier: MIT */
/*
 * Another process's memory: read/write of a normal page, write into a
 * read-only page (through /proc/PID/mem), a read that runs into an
 * unmapped page (short count), a read of an unmapped page (-EFAULT),
 * strings (terminated, truncated, ending right before an unmapped page),
 * and bad arguments.
 */
#include <sys/mman.h>

#include "intercept_util.h"

struct shared {
	unsigned long rw, ro, edge;	/* addresses in the child */
	char ready;
};

static int body(void *arg)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct shared *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char buf[64], big[8192];
	int pfd[2];
	pid_t child;

	(void)arg;
	CHECK(sh != MAP_FAILED);
	CHECK_EQ(pipe(pfd), 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		char *rw = mmap(NULL, pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *ro = mmap(NULL, pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		/* two pages, the second unmapped: a string ends at the edge */
		char *edge = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char c;

		strcpy(rw, "hello, tracee");
		strcpy(ro, "read only");
		mprotect(ro, pg, PROT_READ);
		munmap(edge + pg, pg);
		memset(edge, 'a', pg);
		edge[pg - 1] = '\0';
		sh->rw = (unsigned long)rw;
		sh->ro = (unsigned long)ro;
		sh->edge = (unsigned long)edge;
		__atomic_store_n(&sh->ready, 1, __ATOMIC_RELEASE);
		close(pfd[1]);
		if (read(pfd[0], &c, 1) < 0)
			_exit(1);
		/* the parent changed both pages */
		_exit(strcmp(rw, "HELLO") == 0 && strcmp(ro, "WRITTEN") == 0 ? 0 : 1);
	}
	close(pfd[0]);
	while (!__atomic_load_n(&sh->ready, __ATOMIC_ACQUIRE))
		usleep(1000);

	CHECK_EQ(sysgate_mem_read(child, sh->rw, buf, 14), 14);
	CHECK_STR(buf, "hello, tracee");
	CHECK_EQ(sysgate_mem_read_str(child, sh->rw, buf, sizeof(buf)), 13);
	CHECK_STR(buf, "hello, tracee");
	CHECK_EQ(sysgate_mem_read_str(child, sh->rw, buf, 6), 6);	/* truncated */
	CHECK_STR(buf, "hello");
	CHECK_EQ(sysgate_mem_write(child, sh->rw, "HELLO", 6), 6);
	CHECK_EQ(sysgate_mem_write(child, sh->ro, "WRITTEN", 8), 8);
	CHECK_EQ(sysgate_mem_read_str(child, sh->ro, buf, sizeof(buf)), 7);
	CHECK_STR(buf, "WRITTEN");

	/* the page after edge is unmapped */
	CHECK_EQ(sysgate_mem_read(child, sh->edge + pg - 16, big, 64), 16);
	CHECK_EQ(sysgate_mem_read(child, sh->edge + pg, big, 64), -EFAULT);
	CHECK_EQ(sysgate_mem_write(child, sh->edge + pg, "x", 1), -EFAULT);
	CHECK_EQ(sysgate_mem_read_str(child, sh->edge, big, sizeof(big)), pg - 1);
	CHECK_EQ(sysgate_mem_read_str(child, sh->edge + pg, big, sizeof(big)), -EFAULT);

	CHECK_EQ(sysgate_mem_read(child, 0, buf, 8), -EFAULT);
	CHECK_EQ(sysgate_mem_read(-1, sh->rw, buf, 8), -EINVAL);
	CHECK_EQ(sysgate_mem_read(child, sh->rw, NULL, 8), -EINVAL);
	CHECK_EQ(sysgate_mem_read(child, sh->rw, buf, 0), 0);
	CHECK_EQ(sysgate_mem_read_str(child, sh->rw, buf, 0), -EINVAL);
	CHECK_EQ(sysgate_mem_read(999999999, sh->rw, buf, 8), -ESRCH);

	close(pfd[1]);
	{
		int st;

		CHECK_EQ(waitpid(child, &st, 0), child);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	return 0;
}

int main(void)
{
	int st = t_fork(body, NULL, 30);

	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}
