/* SPDX-License-Identifier: MIT */
/*
 * Another process's memory: process_vm_readv/writev first (one copy, no
 * file descriptor), /proc/PID/mem when that is refused or the page is not
 * writable (the kernel's FOLL_FORCE path writes read-only text, as
 * debuggers need for breakpoints).
 *
 * Partial transfers: process_vm_* stop at the first unmapped page and
 * report what they did; /proc/PID/mem fails the whole pread at an
 * unmapped first page, so it is used page by page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sysgate.h"
#include "intercept/icp.h"

#define ICP_PAGE 4096UL

__thread unsigned long icp_mem_ops;

static long icp_procmem(pid_t pid, unsigned long addr, void *buf, size_t len,
			int write)
{
	char path[64];
	size_t done = 0;
	long err = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	while (done < len) {
		unsigned long a = addr + done;
		size_t chunk = ICP_PAGE - (a & (ICP_PAGE - 1));
		ssize_t n;

		if (chunk > len - done)
			chunk = len - done;
		if (write)
			n = pwrite(fd, (const char *)buf + done, chunk, (off_t)a);
		else
			n = pread(fd, (char *)buf + done, chunk, (off_t)a);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* EIO is how /proc/PID/mem says "not mapped". */
			err = n == 0 || errno == EIO ? -EFAULT : -errno;
			break;
		}
		done += (size_t)n;
	}
	close(fd);
	return done ? (long)done : err;
}

static long icp_mem_xfer(pid_t pid, unsigned long addr, void *buf, size_t len,
			 int write)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };
	ssize_t n;

	icp_mem_ops++;
	if (pid <= 0 || (!buf && len))
		return -EINVAL;
	if (!len)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	if (write)
		n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
	else
		n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return n;
	if (n < 0 && errno == ESRCH)
		return -ESRCH;
	/*
	 * Short or failed: an unmapped page, a read-only page (writes), or
	 * process_vm_* refused (EPERM under some LSMs, ENOSYS).  Finish
	 * through /proc/PID/mem, which resolves all three.
	 */
	if (n < 0)
		n = 0;
	{
		long m = icp_procmem(pid, addr + n, (char *)buf + n,
				     len - n, write);

		if (m < 0)
			return n ? n : m;
		return n + m;
	}
}

long sysgate_mem_read(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	return icp_mem_xfer(pid, addr, buf, len, 0);
}

long sysgate_mem_write(pid_t pid, unsigned long addr, const void *buf,
		       size_t len)
{
	return icp_mem_xfer(pid, addr, (void *)buf, len, 1);
}

long sysgate_mem_read_str(pid_t pid, unsigned long addr, char *buf,
			  size_t len)
{
	size_t done = 0;

	if (!buf || !len || pid <= 0)
		return -EINVAL;
	buf[0] = '\0';
	/*
	 * Chunks never cross a page boundary, so a string ending just before
	 * an unmapped page is read without touching that page.
	 */
	while (done < len - 1) {
		unsigned long a = addr + done;
		size_t chunk = ICP_PAGE - (a & (ICP_PAGE - 1));
		char *nul;
		long n;

		if (chunk > len - 1 - done)
			chunk = len - 1 - done;
		if (chunk > 256 && done == 0)
			chunk = 256;	/* most strings are short */
		n = icp_mem_xfer(pid, a, buf + done, chunk, 0);
		if (n < 0) {
			buf[done] = '\0';
			return done ? -EFAULT : n;
		}
		nul = memchr(buf + done, '\0', (size_t)n);
		if (nul)
			return nul - buf;
		done += (size_t)n;
		if ((size_t)n < chunk) {
			buf[done] = '\0';
			return -EFAULT;
		}
	}
	buf[len - 1] = '\0';
	return (long)len;
}
