/* SPDX-License-Identifier: MIT */
/*
 * The stub thread's seccomp lockdown really holds:
 *  0. the filter and no_new_privs are on the stub thread, not the leader;
 *     the request area and code page are read-only to the child;
 *  1. calls that would take the thread away from its loop fail with
 *     -EPERM when requested (exit, execve, fork, clone, rt_sigreturn)
 *     while ordinary ones run;
 *  2. a syscall issued on the stub thread from outside the stub code page
 *     kills the process with SIGSYS: the test installs a SIGUSR2 handler
 *     in the child whose code is `mov $__NR_getppid, %eax; syscall`,
 *     unblocks SIGUSR2 on the stub thread and signals it.
 */
#include <sys/mman.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "remote/proc.h"
#include "remote/transport_futex.h"
#include "test.h"

/* struct sigaction as the rt_sigaction syscall takes it on x86-64 */
struct t_ksigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

#define T_SA_RESTORER 0x04000000UL

/* The value of field name in /proc/pid/task/tid/status, or -1. */
static long status_field(pid_t pid, pid_t tid, const char *name)
{
	char path[96], line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid,
		 (int)tid);
	f = fopen(path, "re");
	CHECK(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

int main(void)
{
	static const unsigned char code[] = {
		0xb8, SYS_getppid, 0, 0, 0,	/* mov $__NR_getppid, %eax */
		0x0f, 0x05,			/* syscall */
		0x0f, 0x0b,			/* ud2 */
	};
	char *argv[] = { "/bin/true", NULL };
	struct t_ksigaction ksa;
	struct sysgate_proc *p;
	uint64_t set = 1ull << (SIGUSR2 - 1);
	unsigned long rksa, rset, page, rpath;
	pid_t pid, tid;
	long r;
	int err;

	err = sysgate_proc_spawn(argv, NULL, SYSGATE_PROC_FUTEX, &p);
	if (err == -ENOSYS)
		t_skip("futex transport not available");
	CHECK_EQ(err, 0);
	pid = sysgate_proc_pid(p);
	tid = fx_stub_tid(p);
	CHECK(tid > 0 && tid != pid);

	/* the stub thread is filtered (mode 2) with no_new_privs, the
	 * program's own thread is untouched */
	CHECK_EQ(status_field(pid, tid, "Seccomp"), 2);
	CHECK_EQ(status_field(pid, tid, "Seccomp_filters"), 1);
	CHECK_EQ(status_field(pid, tid, "NoNewPrivs"), 1);
	CHECK_EQ(status_field(pid, pid, "Seccomp"), 0);
	CHECK_EQ(status_field(pid, pid, "NoNewPrivs"), 0);

	/* the request area and the code page are read-only to the child:
	 * a call of its own cannot write there (the kernel faults) */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getcwd,
					p->remote + STUB_REQ_ENTRIES + 4096,
					64, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getcwd, p->remote + 64, 64, 0,
					0, 0, 0), -EFAULT);
	CHECK(sysgate_remote_syscall(p, SYS_getcwd, p->remote + STUB_SCRATCH_OFF,
				     64, 0, 0, 0, 0) > 0);

	/* 1. refused from the stub's own call site, the thread lives on */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_exit, 0, 0, 0, 0, 0, 0), -EPERM);
	CHECK_EQ(sysgate_proc_scratch_put(p, "/bin/true", 10, &rpath), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_execve, rpath, 0, 0, 0, 0, 0),
		 -EPERM);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_fork, 0, 0, 0, 0, 0, 0), -EPERM);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_clone, SIGCHLD, 0, 0, 0, 0, 0),
		 -EPERM);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_rt_sigreturn, 0, 0, 0, 0, 0, 0),
		 -EPERM);
	/* the filter sits on the stub thread only */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_gettid, 0, 0, 0, 0, 0, 0), tid);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());
	CHECK_EQ(sysgate_proc_alive(p), 1);

	/* 2. a handler outside the code page issuing a syscall */
	r = sysgate_remote_syscall(p, SYS_mmap, 0, 4096,
				   PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r > 0);
	page = (unsigned long)r;
	CHECK_EQ(sysgate_mem_write(pid, page, code, sizeof(code)), sizeof(code));
	ksa = (struct t_ksigaction){ page, T_SA_RESTORER, page, 0 };
	CHECK_EQ(sysgate_proc_scratch_put(p, &ksa, sizeof(ksa), &rksa), 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, &set, sizeof(set), &rset), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_rt_sigaction, SIGUSR2, rksa, 0,
					8, 0, 0), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_rt_sigprocmask, SIG_UNBLOCK,
					rset, 0, 8, 0, 0), 0);
	/* the signal is delivered on the way out of tgkill: the handler's
	 * syscall is the process's last */
	r = sysgate_remote_syscall(p, SYS_tgkill, pid, tid, SIGUSR2, 0, 0, 0);
	CHECK_EQ(r, -ESRCH);
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK(p->dead);
	CHECK(WIFSIGNALED(p->exit_status));
	CHECK_EQ(WTERMSIG(p->exit_status), SIGSYS);
	sysgate_proc_free(p);
	return 0;
}
