/* SPDX-License-Identifier: MIT */
/* The generated syscall table: names, numbers, classes, unknown numbers. */
#include <fcntl.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

int main(void)
{
	long val, nr;

	CHECK_STR(sysgate_syscall_name(SYS_read), "read");
	CHECK_STR(sysgate_syscall_name(SYS_openat), "openat");
	CHECK_STR(sysgate_syscall_name(SYS_getppid), "getppid");
	CHECK(sysgate_syscall_name(-1) == NULL);
	CHECK(sysgate_syscall_name(100000) == NULL);
	CHECK_EQ(sysgate_syscall_lookup("execve"), SYS_execve);
	CHECK_EQ(sysgate_syscall_lookup("syscall_1000"), 1000);
	CHECK_EQ(sysgate_syscall_lookup("nosuchcall"), -ENOENT);
	CHECK_EQ(sysgate_syscall_lookup("syscall_x"), -ENOENT);
	/* every name the table has finds its own number (sorted index) */
	for (nr = 0; nr < sysgate_syscall_count(); nr++)
		if (sysgate_syscall_name(nr))
			CHECK_EQ(sysgate_syscall_lookup(sysgate_syscall_name(nr)), nr);
	CHECK_EQ(sysgate_syscall_lookup(""), -ENOENT);
	CHECK_EQ(sysgate_syscall_lookup("zzz"), -ENOENT);
	CHECK_EQ(sysgate_syscall_lookup("_llseek"), -ENOENT);
	CHECK(sysgate_syscall_count() > SYS_openat);
	CHECK(sysgate_syscall_classes(SYS_openat) & SYSGATE_CLASS_FILE);
	CHECK(sysgate_syscall_classes(SYS_openat) & SYSGATE_CLASS_DESC);
	CHECK(sysgate_syscall_classes(SYS_connect) & SYSGATE_CLASS_NETWORK);
	CHECK(sysgate_syscall_classes(SYS_mmap) & SYSGATE_CLASS_MEMORY);
	CHECK(sysgate_syscall_classes(SYS_clone) & SYSGATE_CLASS_PROCESS);
	CHECK(sysgate_syscall_classes(SYS_rt_sigaction) & SYSGATE_CLASS_SIGNAL);
	CHECK(sysgate_syscall_classes(SYS_shmget) & SYSGATE_CLASS_IPC);
	CHECK(sysgate_syscall_classes(SYS_setuid) & SYSGATE_CLASS_CREDS);
	CHECK(sysgate_syscall_classes(SYS_clock_gettime) & SYSGATE_CLASS_CLOCK);
	CHECK(!(sysgate_syscall_classes(SYS_read) & SYSGATE_CLASS_FILE));
	CHECK_EQ(sysgate_class_lookup("%file"), SYSGATE_CLASS_FILE);
	CHECK_EQ(sysgate_class_lookup("%nosuch"), 0);
	CHECK_STR(sysgate_errno_name(ENOENT), "ENOENT");
	CHECK_STR(sysgate_errno_name(EAGAIN), "EAGAIN");
	CHECK_STR(sysgate_errno_name(512), "ERESTARTSYS");
	CHECK(sysgate_errno_name(4000) == NULL);
	CHECK_STR(sysgate_signal_name(SIGKILL), "SIGKILL");
	CHECK(!sysgate_const_lookup("O_CREAT", &val) && val == O_CREAT);
	CHECK(!sysgate_const_lookup("AT_FDCWD", &val) && val == AT_FDCWD);
	CHECK(!sysgate_const_lookup("ENOSPC", &val) && val == ENOSPC);
	CHECK(!sysgate_const_lookup("SIGRTMIN+2", &val) && val == SIGRTMIN + 2);
	CHECK_EQ(sysgate_const_lookup("O_NOPE", &val), -ENOENT);
	return 0;
}
