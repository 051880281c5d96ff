/* SPDX-License-Identifier: MIT */
/*
 * remote_invalid_args: bad arguments to every remote-engine entry point
 * are -EINVAL (or the documented code), never a crash; spawn reports the
 * child's execve errno (ENOENT, EACCES) and leaves no child behind.
 */
#include <stdint.h>

#include "tests/remote_util.h"

int main(void)
{
	char *argv_true[] = { "/bin/true", NULL };
	char *argv_empty[] = { NULL };
	char *argv_blank[] = { "", NULL };
	char *argv_missing[] = { "/nonexistent/sysgate-no-such-program", NULL };
	char *argv_nopath[] = { "sysgate-no-such-program-in-path", NULL };
	char noexec[] = "/tmp/sg-noexec-XXXXXX";
	char *argv_noexec[] = { noexec, NULL };
	struct sysgate_proc *p = NULL;
	struct sysgate_batch *b = NULL;
	struct sysgate_batch_stats st;
	unsigned long r;
	void *l;
	long v;
	int fds0 = t_count_fds(), s;

	s = mkstemp(noexec);		/* mode 0600: not executable */
	CHECK(s >= 0);
	close(s);
	CHECK_EQ(sysgate_proc_spawn(NULL, NULL, 0, &p), -EINVAL);
	CHECK_EQ(sysgate_proc_spawn(argv_empty, NULL, 0, &p), -EINVAL);
	CHECK_EQ(sysgate_proc_spawn(argv_blank, NULL, 0, &p), -EINVAL);
	CHECK_EQ(sysgate_proc_spawn(argv_true, NULL, 0, NULL), -EINVAL);
	CHECK_EQ(sysgate_proc_spawn(argv_true, NULL, 0x80, &p), -EINVAL);
	CHECK(p == NULL);
	CHECK_EQ(sysgate_proc_spawn(argv_missing, NULL, 0, &p), -ENOENT);
	CHECK_EQ(sysgate_proc_spawn(argv_nopath, NULL, 0, &p), -ENOENT);
	CHECK_EQ(sysgate_proc_spawn(argv_noexec, NULL, 0, &p), -EACCES);
	unlink(noexec);
	CHECK(p == NULL);
	/* the failed children were reaped */
	CHECK_EQ(waitpid(-1, &s, WNOHANG), -1);
	CHECK_EQ(errno, ECHILD);
	CHECK_EQ(t_count_fds(), fds0);

	CHECK_EQ(sysgate_proc_attach(getpid(), 0x80, &p), -EINVAL);
	CHECK_EQ(sysgate_proc_attach(getpid(), 0, NULL), -EINVAL);
	CHECK_EQ(sysgate_proc_detach(NULL), -EINVAL);
	sysgate_proc_free(NULL);
	CHECK_EQ(sysgate_proc_pid(NULL), -EINVAL);
	CHECK_EQ(sysgate_proc_alive(NULL), 0);
	CHECK_EQ(sysgate_remote_syscall(NULL, SYS_getppid, 0, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_proc_set_transport(NULL, SYSGATE_TRANSPORT_PTRACE), -EINVAL);
	CHECK_EQ(sysgate_proc_scratch_alloc(NULL, 8, &l, &r), -EINVAL);
	CHECK_EQ(sysgate_proc_scratch_put(NULL, "x", 1, &r), -EINVAL);
	CHECK_EQ(sysgate_proc_scratch_size(NULL), 0);
	sysgate_proc_scratch_reset(NULL);
	CHECK_EQ(sysgate_batch_new(NULL, &b), -EINVAL);
	CHECK_EQ(sysgate_batch_syscall(NULL, SYS_getppid, 0, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_mmap(NULL, 0, 4096, 0, 0, -1, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_munmap(NULL, 0, 4096), -EINVAL);
	CHECK_EQ(sysgate_batch_mprotect(NULL, 0, 4096, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_flush(NULL, NULL), -EINVAL);
	CHECK_EQ(sysgate_batch_stats(NULL, &st), -EINVAL);
	CHECK_EQ(sysgate_batch_entry_result(NULL, 0, &v), -EINVAL);
	CHECK_EQ(sysgate_batch_queued(NULL), 0);
	CHECK_EQ(sysgate_batch_capacity(NULL), 0);
	sysgate_batch_free(NULL);

	CHECK_EQ(sysgate_proc_spawn(argv_true, NULL, 0, &p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, -1, 0, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_remote_syscall(p, 1L << 40, 0, 0, 0, 0, 0, 0), -EINVAL);
	/* an unknown syscall number is the kernel's business: -ENOSYS */
	CHECK_EQ(sysgate_remote_syscall(p, 4000, 0, 0, 0, 0, 0, 0), -ENOSYS);
	CHECK_EQ(sysgate_proc_set_transport(p, (enum sysgate_transport)7), -EINVAL);
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, 0, &l, &r), -EINVAL);
	CHECK_EQ(sysgate_proc_scratch_alloc(p, SIZE_MAX, &l, &r), -ENOSPC);
	CHECK_EQ(sysgate_proc_scratch_put(p, NULL, 4, &r), -EINVAL);
	CHECK_EQ(sysgate_batch_new(p, NULL), -EINVAL);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, -3, 0, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_syscall_refs(b, SYS_getppid, NULL, NULL), -EINVAL);
	CHECK_EQ(sysgate_batch_mmap(b, 0, 0, 0, 0, -1, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_munmap(b, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_mprotect(b, 0, 0, 0), -EINVAL);
	CHECK_EQ(sysgate_batch_stats(b, NULL), -EINVAL);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, NULL), -EINVAL);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), -EINVAL);
	CHECK_EQ(sysgate_batch_queued(b), 0);
	/* detach with a batch still open is refused, p stays usable */
	CHECK_EQ(sysgate_proc_detach(p), -EBUSY);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	sysgate_batch_free(b);
	sysgate_proc_free(p);

	/* freeing p under an open batch: the batch is inert, then freed */
	CHECK_EQ(sysgate_proc_spawn(argv_true, NULL, 0, &p), 0);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	sysgate_proc_free(p);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), -ESRCH);
	CHECK_EQ(sysgate_batch_flush(b, NULL), 0);	/* nothing queued */
	sysgate_batch_free(b);
	CHECK_EQ(waitpid(-1, &s, WNOHANG), -1);
	CHECK_EQ(t_count_fds(), fds0);
	return 0;
}
