/* SPDX-License-Identifier: MIT */
/*
 * interrupt() from inside a handler that emulates a call of an attached
 * process: the process is detached between the call's entry and its
 * exit, and must still get the emulated result (the target exits 42 only
 * when a getppid() returns 4242) and keep running after the detach.
 */
#include "intercept_util.h"

static struct sysgate_intercept *sess;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY &&
	    ++l->calls == 3) {
		sysgate_intercept_interrupt(sess);
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	int st = -1, rc;
	pid_t victim;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &sess);
	if (rc)
		return rc;
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		execl(it_target(), it_target(), "until4242", (char *)NULL);
		_exit(127);
	}
	usleep(50 * 1000);
	CHECK_EQ(sysgate_intercept_attach(sess, victim), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(log.calls, 3);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_DETACH), 1);
	sysgate_intercept_free(sess);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
