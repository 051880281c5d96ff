/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls that never go through libc (no errno, no cancellation
 * points, no interception by an LD_PRELOAD'ed libc wrapper), so code that
 * runs inside an intercepted process or in a signal handler can use them.
 *
 * Register contract of the x86-64 `syscall` instruction:
 *   rax = number; arguments rdi rsi rdx r10 r8 r9; result in rax
 *   (-4095..-1 is -errno); the CPU clobbers rcx (return rip) and r11
 *   (rflags).  Everything else is preserved by the kernel.
 */
#ifndef SG_ARCH_RAW_SYSCALL_H
#define SG_ARCH_RAW_SYSCALL_H

static inline long sg_syscall6(long nr, long a0, long a1, long a2, long a3,
			       long a4, long a5)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long sg_syscall0(long nr)
{
	return sg_syscall6(nr, 0, 0, 0, 0, 0, 0);
}

static inline long sg_syscall1(long nr, long a0)
{
	return sg_syscall6(nr, a0, 0, 0, 0, 0, 0);
}

static inline long sg_syscall2(long nr, long a0, long a1)
{
	return sg_syscall6(nr, a0, a1, 0, 0, 0, 0);
}

static inline long sg_syscall3(long nr, long a0, long a1, long a2)
{
	return sg_syscall6(nr, a0, a1, a2, 0, 0, 0);
}

static inline long sg_syscall4(long nr, long a0, long a1, long a2, long a3)
{
	return sg_syscall6(nr, a0, a1, a2, a3, 0, 0);
}

/* True for a raw result that is an error (-4095..-1). */
static inline int sg_is_err(unsigned long ret)
{
	return ret > -4096UL;
}

#endif
