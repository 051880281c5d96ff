/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_coalesce: contiguous compatible mmap/munmap/mprotect ops
 * merge into the previous entry (the add returns that entry's index),
 * incompatible ones and generic syscalls do not; the merged entries
 * really cover the whole ranges in the child.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "tests/remote_util.h"

#define PG 4096UL
#define A 0x5a0000000000UL

/* Protection string of the mapping containing addr in pid ("" if none). */
static void prot_of(pid_t pid, unsigned long addr, char out[5])
{
	char path[64], line[512], perm[5];
	unsigned long lo, hi;
	FILE *f;

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) == 3 &&
		    addr >= lo && addr < hi)
			memcpy(out, perm, 5);
	fclose(f);
}

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch_stats st;
	struct sysgate_batch *b;
	const int fl = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	char perm[5];
	pid_t pid;

	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	/* 4 contiguous RW pages: one entry */
	CHECK_EQ(sysgate_batch_mmap(b, A, PG, PROT_READ | PROT_WRITE, fl, -1, 0), 0);
	CHECK_EQ(sysgate_batch_mmap(b, A + PG, PG, PROT_READ | PROT_WRITE, fl, -1, 0), 0);
	CHECK_EQ(sysgate_batch_mmap(b, A + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, fl, -1, 0), 0);
	/* different prot: new entry */
	CHECK_EQ(sysgate_batch_mmap(b, A + 4 * PG, PG, PROT_READ, fl, -1, 0), 1);
	/* a gap: new entry */
	CHECK_EQ(sysgate_batch_mmap(b, A + 6 * PG, PG, PROT_READ, fl, -1, 0), 2);
	/* without MAP_FIXED the address is a hint: never merged */
	CHECK_EQ(sysgate_batch_mmap(b, A + 7 * PG, PG, PROT_READ,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 3);
	/* mprotect run over the first 4 pages: one entry */
	CHECK_EQ(sysgate_batch_mprotect(b, A, PG, PROT_READ), 4);
	CHECK_EQ(sysgate_batch_mprotect(b, A + PG, 3 * PG, PROT_READ), 4);
	/* a generic syscall never merges and breaks the run */
	CHECK_EQ(sysgate_batch_syscall(b, SYS_mprotect, A + 4 * PG, PG, PROT_NONE, 0, 0, 0), 5);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_mprotect, A + 6 * PG, PG, PROT_NONE, 0, 0, 0), 6);
	CHECK_EQ(sysgate_batch_queued(b), 7);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 7);

	prot_of(pid, A, perm);
	CHECK_STR(perm, "r--p");
	prot_of(pid, A + 3 * PG + 100, perm);
	CHECK_STR(perm, "r--p");
	prot_of(pid, A + 4 * PG, perm);
	CHECK_STR(perm, "---p");
	prot_of(pid, A + 5 * PG, perm);
	CHECK_STR(perm, "");
	prot_of(pid, A + 6 * PG, perm);
	CHECK_STR(perm, "---p");

	/* munmap of everything, page by page: merges into one entry */
	for (unsigned long i = 0; i < 7; i++)
		CHECK_EQ(sysgate_batch_munmap(b, A + i * PG, PG), 0);
	CHECK_EQ(sysgate_batch_queued(b), 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 1);
	for (unsigned long i = 0; i < 7; i++) {
		prot_of(pid, A + i * PG, perm);
		CHECK_STR(perm, "");
	}
	CHECK_EQ(sysgate_batch_stats(b, &st), 0);
	CHECK_EQ(st.ops_queued, 10 + 7);
	CHECK_EQ(st.ops_merged, 3 + 6);
	CHECK_EQ(st.flushes, 2);
	CHECK_EQ(st.ops_executed, 8);
	sysgate_batch_free(b);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
