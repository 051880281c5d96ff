/* SPDX-License-Identifier: MIT */
/*
 * Target for the hostile-tracee test: system calls whose pointer
 * arguments are bad (unmapped, unterminated at a page end, absurd
 * counts), which the tracer must print without failing.  Exits 0.
 */
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *argv_bad[] = { (char *)8, NULL };

	if (p == MAP_FAILED)
		return 1;
	/* A path that runs to the end of the mapping with no NUL. */
	memset(p + pg, 'a', pg);
	munmap(p, pg);
	syscall(SYS_openat, AT_FDCWD, p + pg + pg - 5, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, 1L, O_RDONLY);
	syscall(SYS_write, 1, 16L, 10L);
	syscall(SYS_writev, 1, 24L, 1000000L);
	syscall(SYS_poll, 32L, 100000L, 0L);
	syscall(SYS_connect, -1, p + pg, 100000L);
	syscall(SYS_rt_sigaction, 10, 40L, 48L, 8L);
	syscall(SYS_execve, "/nonexistent", argv_bad, (char **)56);
	syscall(SYS_execve, "/nonexistent", (char **)64, NULL);
	syscall(SYS_newfstatat, AT_FDCWD, "/", 72L, 0);
	return 0;
}
