/* SPDX-License-Identifier: MIT */
/*
 * Target for the fault-injection tests: calls getppid argv[1] times (raw,
 * so an injected error is visible) and prints one result per line:
 * "ok" for the real parent pid, else the raw return value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long raw_getppid(void)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_getppid)
			 : "rcx", "r11", "memory");
	return ret;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5, i;
	long real = getppid();	/* libc: the first call */
	char line[64];

	for (i = 0; i < n; i++) {
		long r = raw_getppid();
		int len = r == real ? snprintf(line, sizeof(line), "ok\n") :
			  snprintf(line, sizeof(line), "%ld\n", r);

		if (write(1, line, (size_t)len) != len)
			return 1;
	}
	return 0;
}
