/* SPDX-License-Identifier: MIT */
/*
 * NUMA memory policy calls as procps makes them: get_mempolicy with a
 * 1025-bit mask, set_mempolicy to node 0 with a mode flag, back to the
 * default, an mbind of one page, and a failing call (EINVAL).
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long mask[16], one[16];
	int mode = -1;
	void *p;

	memset(mask, 0, sizeof(mask));
	memset(one, 0, sizeof(one));
	one[0] = 1;
	syscall(SYS_get_mempolicy, &mode, mask, 1025UL, NULL, 0UL);
	syscall(SYS_set_mempolicy, 2 | (1 << 15), one, 1024UL);
	syscall(SYS_set_mempolicy, 0, NULL, 0UL);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mbind, p, 4096UL, 2, one, 1024UL, 0U);
	syscall(SYS_set_mempolicy, 99, one, 1024UL);
	return 0;
}
