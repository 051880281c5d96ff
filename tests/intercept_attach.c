/* SPDX-License-Identifier: MIT */
/*
 * Attach to a running process (every thread), see its calls with
 * increasing counters, interrupt, and leave it running: after the
 * detach it keeps making progress and is not stopped.  Also: attach to a
 * pid that does not exist (-ESRCH) and to one already traced (-EBUSY).
 */
#include "intercept_util.h"

static struct sysgate_intercept *sess;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY) {
		CHECK(c->flags & SYSGATE_CALL_REGS);
		if (l->calls && (long)c->args[0] <= l->entries)
			exit(2);	/* counter must increase */
		l->entries = (long)c->args[0];
		if (++l->calls == 5)
			sysgate_intercept_interrupt(sess);
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *other;
	int st = -1, rc;
	pid_t victim;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &sess);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_attach(sess, 999999999), -ESRCH);
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		execl(it_target(), it_target(), "sleeper", (char *)NULL);
		_exit(127);
	}
	usleep(50 * 1000);
	CHECK_EQ(sysgate_intercept_attach(sess, victim), 0);
	/* a second tracer is refused */
	CHECK_EQ(it_new(b, 0, NULL, 0, NULL, &log, &other), 0);
	CHECK_EQ(sysgate_intercept_attach(other, victim), -EBUSY);
	CHECK(strlen(sysgate_intercept_error(other)) > 0);
	sysgate_intercept_free(other);

	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(log.calls, 5);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_START), 1);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_DETACH), 1);
	sysgate_intercept_free(sess);

	usleep(100 * 1000);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(waitpid(victim, NULL, WNOHANG), 0);
	kill(victim, SIGKILL);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	return 0;
}

static int unotify_refuses(void *arg)
{
	struct sysgate_intercept *s;
	static struct it_log log;
	int rc;

	(void)arg;
	rc = it_new(SYSGATE_BACKEND_UNOTIFY, 0, NULL, 0, NULL, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_attach(s, getppid()), -EOPNOTSUPP);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	int st;

	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	st = t_fork(unotify_refuses, NULL, 20);
	CHECK(WIFEXITED(st));
	CHECK(WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == T_SKIP);
	return 0;
}
