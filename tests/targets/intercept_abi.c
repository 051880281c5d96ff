/* SPDX-License-Identifier: MIT */
/*
 * A 64-bit program that also enters the kernel through int 0x80 (the
 * i386 table and argument registers) and with the x32 bit set: the calls
 * a tracee can use to slip past a filter written in x86_64 numbers.
 *
 *   i386 write(1, "abi32\n", 6), then i386 getppid (nr 64) whose result
 *   is printed, then an x32 getpid (usually -ENOSYS: x32 is off by
 *   default), then a normal getppid.
 * Exit 0; prints "i386 getppid=N x32 getpid=N getppid=N".
 * Static and non-PIE, so the string's address fits in 32 bits.
 */
#include <stdio.h>
#include <unistd.h>

static long i386_call3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return r;
}

static long x32_call0(long nr)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr | 0x40000000L)
			 : "rcx", "r11", "memory");
	return r;
}

int main(void)
{
	static char msg[] = "abi32\n";
	long w, p32, x;

	w = i386_call3(4, 1, (long)msg, 6);
	p32 = i386_call3(64, 0, 0, 0);
	x = x32_call0(39);
	printf("i386 write=%ld getppid=%ld x32 getpid=%ld getppid=%ld\n",
	       w, p32, x, (long)getppid());
	return 0;
}
