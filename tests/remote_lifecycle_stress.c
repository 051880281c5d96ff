/* SPDX-License-Identifier: MIT */
/*
 * remote_lifecycle_stress: many sessions in a row leak nothing and wear
 * nothing out - 100 spawn/call/batch/free cycles leave the fd count as it
 * was and no child behind; 50 attach/call/detach cycles on one running
 * target leave it intact (it checks its own state at every tick and
 * would print DAMAGE; its ticks stay in sequence).
 */
#include "tests/remote_util.h"

int main(void)
{
	struct sysgate_batch_result res;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	int fds0 = t_count_fds(), st, i, next = 0, tick;
	char line[64];
	FILE *out;
	pid_t pid;

	for (i = 0; i < 100; i++) {
		p = rt_spawn_true(i % 2 ? SYSGATE_TRANSPORT_FUTEX :
				  SYSGATE_TRANSPORT_PTRACE);
		if (!p)
			p = rt_spawn_true(SYSGATE_TRANSPORT_PTRACE);
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
		CHECK_EQ(sysgate_batch_flush(b, &res), 0);
		sysgate_batch_free(b);
		if (i % 3 == 0) {
			pid = sysgate_proc_pid(p);
			CHECK_EQ(sysgate_proc_detach(p), 0);
			CHECK_EQ(waitpid(pid, &st, 0), pid);
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		} else {
			sysgate_proc_free(p);
		}
	}
	CHECK_EQ(t_count_fds(), fds0);
	CHECK_EQ(waitpid(-1, &st, WNOHANG), -1);

	/* long enough to outlive the sessions even on a loaded machine */
	pid = rt_start_ticker("sleep", 1000000, &out);
	for (i = 0; i < 50; i++) {
		CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
		if (i % 2 && !rt_use(p, SYSGATE_TRANSPORT_FUTEX))
			CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
		CHECK_EQ(sysgate_proc_detach(p), 0);
		usleep(2000);
	}
	/* every tick so far in sequence, and 10 more after the last detach */
	for (int after = 0; after < 10;) {
		CHECK(fgets(line, sizeof(line), out) != NULL);
		if (sscanf(line, "tick %d", &tick) != 1) {
			fprintf(stderr, "target said: %s", line);
			return 1;
		}
		CHECK_EQ(tick, next);
		next++;
		/* pipe contents may predate the detach: count fresh ones */
		if (next > 1)
			after++;
	}
	CHECK_EQ(kill(pid, SIGTERM), 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGTERM);
	fclose(out);
	CHECK_EQ(t_count_fds(), fds0);
	return 0;
}
