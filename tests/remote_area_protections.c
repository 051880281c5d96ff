/* SPDX-License-Identifier: MIT */
/*
 * remote_area_protections: the child cannot write the request area or
 * the code page (the kernel refuses with EFAULT when a call of its own
 * tries) nor mprotect() them writable (EACCES: they map a read-only
 * file), the memfd is sealed against shrinking, while scratch is
 * writable; the regions carry the documented protections in maps.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>

#include "remote/proc.h"
#include "tests/remote_util.h"

static void prot_at(pid_t pid, unsigned long addr, char out[5])
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
	int fds[2];
	long cfd;
	char perm[5];
	pid_t pid;

	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	prot_at(pid, p->remote + STUB_CODE_OFF, perm);
	CHECK_STR(perm, "r-xs");
	prot_at(pid, p->remote + STUB_REQ_OFF, perm);
	CHECK_STR(perm, "r--s");
	prot_at(pid, p->remote + STUB_RESP_OFF, perm);
	CHECK_STR(perm, "rw-s");
	prot_at(pid, p->remote + STUB_SCRATCH_OFF, perm);
	CHECK_STR(perm, "rw-s");

	CHECK_EQ(pipe(fds), 0);
	cfd = sysgate_proc_send_fd(p, fds[0]);
	CHECK(cfd >= 0);
	CHECK_EQ(write(fds[1], "xxxxxxxxxxxxxxxx", 16), 16);
	/* read() into the request area / code page: refused by the kernel */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_read, cfd,
					p->remote + STUB_REQ_ENTRIES, 8, 0, 0, 0), -EFAULT);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_read, cfd,
					p->remote + STUB_CODE_OFF + 0x100, 8, 0, 0, 0), -EFAULT);
	/* nor can it make them writable: they map a read-only file */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_mprotect, p->remote + STUB_CODE_OFF,
					STUB_CODE_SIZE, PROT_READ | PROT_WRITE, 0, 0, 0), -EACCES);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_mprotect, p->remote + STUB_REQ_OFF,
					STUB_REQ_SIZE, PROT_READ | PROT_WRITE, 0, 0, 0), -EACCES);
	/* and the file cannot shrink under the supervisor's mapping */
	CHECK_EQ(fcntl(p->memfd, F_GET_SEALS) & (F_SEAL_SHRINK | F_SEAL_SEAL),
		 F_SEAL_SHRINK | F_SEAL_SEAL);
	CHECK_EQ(ftruncate(p->memfd, 4096), -1);
	CHECK_EQ(errno, EPERM);
	/* scratch is the child's to write */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_read, cfd,
					p->remote + STUB_SCRATCH_OFF, 8, 0, 0, 0), 8);
	CHECK(memcmp(p->local + STUB_SCRATCH_OFF, "xxxxxxxx", 8) == 0);
	close(fds[0]);
	close(fds[1]);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
