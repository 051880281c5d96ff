/* SPDX-License-Identifier: MIT */
/*
 * Target for the trace_opt_* tests (strace option parity).  argv[1]:
 *  strings  write bytes that need quoting, open and read a file, exit 0
 *  signal   SIGUSR1 handler writes "HANDLER\n"; getppid x3; exit 0
 *  raise    the same handler; getppid, raise(SIGUSR1), getppid
 *  sleep    getppid, 100 ms sleep, getppid
 *  path P   open P and /dev/null, read both, close both
 *  id       print the real and effective uid and gid
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
	write(1, "HANDLER\n", 8);
}

int main(int argc, char **argv)
{
	char buf[16];
	int fd, fd2;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "strings")) {
		write(1, "a\001\tb\377\n", 6);
		write(1, "plain\n", 6);
		fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0) {
			read(fd, buf, 4);
			close(fd);
		}
		return 0;
	}
	if (!strcmp(argv[1], "signal")) {
		signal(SIGUSR1, on_usr1);
		getppid();
		getppid();
		getppid();
		return 0;
	}
	if (!strcmp(argv[1], "raise")) {
		signal(SIGUSR1, on_usr1);
		getppid();
		raise(SIGUSR1);
		getppid();
		return 0;
	}
	if (!strcmp(argv[1], "sleep")) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		getppid();
		nanosleep(&ts, NULL);
		getppid();
		return 0;
	}
	if (!strcmp(argv[1], "path") && argc > 2) {
		fd = open(argv[2], O_RDONLY);
		fd2 = open("/dev/null", O_RDONLY);
		getppid();
		read(fd, buf, 4);
		read(fd2, buf, 4);
		close(fd);
		close(fd2);
		return 0;
	}
	if (!strcmp(argv[1], "id")) {
		printf("%d %d %d %d\n", (int)getuid(), (int)geteuid(),
		       (int)getgid(), (int)getegid());
		return 0;
	}
	return 2;
}
