/* SPDX-License-Identifier: MIT */
/*
 * Target for the struct-decoding text test: openat2 with struct open_how
 * (with and without a mode, a bad pointer), writev/readv with iovecs,
 * fstat/newfstatat, getsockname on a unix socket.  Exits 0.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	struct open_how h1 = { .flags = O_RDONLY | O_CLOEXEC,
			       .resolve = RESOLVE_NO_SYMLINKS };
	struct open_how h2 = { .flags = O_WRONLY | O_CREAT | O_TRUNC,
			       .mode = 0600 };
	char a[4] = "abc", b[8] = "defghij", in[16];
	struct iovec w[2] = { { a, 3 }, { b, 7 } }, r[2] = { { in, 4 },
							      { in + 4, 12 } };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(un);
	struct stat st;
	int fd, s;

	fd = syscall(SYS_openat2, AT_FDCWD, "/tmp/sg-trace-structs", &h2,
		     sizeof(h2));
	if (fd < 0)
		return 1;
	writev(fd, w, 2);
	close(fd);
	fd = syscall(SYS_openat2, AT_FDCWD, "/tmp/sg-trace-structs", &h1,
		     sizeof(h1));
	readv(fd, r, 2);
	fstat(fd, &st);
	close(fd);
	syscall(SYS_openat2, AT_FDCWD, "/tmp/sg-trace-structs", 8L, sizeof(h1));
	unlink("/tmp/sg-trace-structs");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	getsockname(s, (struct sockaddr *)&un, &len);
	close(s);
	return 0;
}
