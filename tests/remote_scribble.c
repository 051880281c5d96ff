/* SPDX-License-Identifier: MIT */
/*
 * remote_scribble: the child overwrites the response area.  A batch entry
 * that reads garbage from a pipe over an earlier entry's result slot makes
 * the results contradict the failed index: the flush is -EIO with a
 * message, nothing garbage is handed out, and the supervisor and the
 * process stay usable (the next calls and batches work).
 */
#include <stdint.h>

#include "remote/proc.h"
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	unsigned char junk[64];
	int fds[2];
	long cfd, v;

	if (!p)
		return;
	CHECK_EQ(pipe(fds), 0);
	cfd = sysgate_proc_send_fd(p, fds[0]);
	CHECK(cfd >= 0);
	memset(junk, 0xff, sizeof(junk));	/* -1: an "error" result */
	CHECK_EQ(write(fds[1], junk, 8), 8);
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_read, cfd,
				       p->remote + STUB_RESP_RESULTS, 8, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), -EIO);
	CHECK_EQ(res.failed, -1);
	CHECK_EQ(res.error, -EIO);
	CHECK(strstr(sysgate_proc_error(p), "corrupted") != NULL);
	CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), -EINVAL);

	/* unharmed */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), 1);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 2);
	CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
	CHECK_EQ(v, sysgate_proc_pid(p));
	sysgate_batch_free(b);
	close(fds[0]);
	close(fds[1]);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
