/* SPDX-License-Identifier: MIT */
/*
 * Attach to a process blocked in read(): the interrupted read restarts
 * and is reported as an entry (not mistaken for an exit), interrupt()
 * from that handler detaches it, and the read then completes normally
 * with the byte written after the detach (the target exits with it).
 */
#include "intercept_util.h"

static struct sysgate_intercept *sess;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_read) {
		if (c->phase == SYSGATE_PHASE_ENTRY) {
			CHECK_EQ(c->args[0], 0);
			CHECK_EQ(c->args[2], 1);
			l->entries++;
			sysgate_intercept_interrupt(sess);
		} else {
			l->exits++;
		}
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	int st = -1, rc, pfd[2];
	unsigned char byte = 33;
	pid_t victim;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &sess);
	if (rc)
		return rc;
	CHECK_EQ(pipe(pfd), 0);
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		execl(it_target(), it_target(), "blockread", (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	usleep(100 * 1000);	/* let it block in read() */
	CHECK_EQ(sysgate_intercept_attach(sess, victim), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(log.entries, 1);
	CHECK_EQ(log.exits, 0);
	sysgate_intercept_free(sess);
	usleep(20 * 1000);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(write(pfd[1], &byte, 1), 1);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 33);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
