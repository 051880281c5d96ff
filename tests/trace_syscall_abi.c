/* SPDX-License-Identifier: MIT */
/*
 * The other ABIs' tables come from the installed kernel headers: i386 4 is
 * write (x86_64 1), i386 11 execve (59), 64 getppid (110); i386 stat64 and
 * socketcall have no x86_64 counterpart; x32 numbers are found with or
 * without bit 30; out-of-range and unknown ABIs give NULL / -ENOENT.
 */
#include <errno.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

int main(void)
{
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_I386, 4), "write");
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_I386, 4), SYS_write);
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_I386, 11), SYS_execve);
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_I386, 64), SYS_getppid);
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_I386, 195), "stat64");
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_I386, 195), -ENOENT);
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_I386, 102), "socketcall");
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_I386, 102), -ENOENT);
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_X32, 0x40000000L | 39),
		  "getpid");
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_X32, 39), "getpid");
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(SYSGATE_ABI_X32, 0x40000000L | 1),
		 SYS_write);
	CHECK_STR(sysgate_syscall_abi_name(SYSGATE_ABI_X86_64, SYS_openat),
		  "openat");
	CHECK(sysgate_syscall_abi_name(SYSGATE_ABI_I386, -1) == NULL);
	CHECK(sysgate_syscall_abi_name(SYSGATE_ABI_I386, 100000) == NULL);
	CHECK(sysgate_syscall_abi_name(7, 1) == NULL);
	CHECK_EQ(sysgate_syscall_abi_to_x86_64(7, 1), -ENOENT);
	return 0;
}
