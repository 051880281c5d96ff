/* SPDX-License-Identifier: MIT */
/*
 * A tracee that blocks every signal it can: interrupt() still ends the
 * session (SIGKILL cannot be blocked), run() returns -EINTR, the tracee is
 * gone (KILLED by SIGKILL), nothing is left stopped or unreaped.  The
 * same process attached instead is detached and keeps running.
 */
#include "intercept_util.h"

static struct sysgate_intercept *sess;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY &&
	    ++l->calls == 20)
		sysgate_intercept_interrupt(sess);
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	int st = -1, rc;
	pid_t pid;
	char *argv[] = { (char *)it_target(), "blocksig", NULL };

	rc = it_new(b, 0, NULL, 0, on_call, &log, &sess);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_spawn(sess, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(log.calls, 20);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_KILLED), 1);
	CHECK(kill(pid, 0) < 0 && errno == ESRCH);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	sysgate_intercept_free(sess);
	return 0;
}

/* Attached: PTRACE_INTERRUPT needs no signal; it is detached, runs on. */
static int attached(void *arg)
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
		execl(it_target(), it_target(), "blocksig", (char *)NULL);
		_exit(127);
	}
	usleep(50 * 1000);
	CHECK_EQ(sysgate_intercept_attach(sess, victim), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(log.calls, 20);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_DETACH), 1);
	sysgate_intercept_free(sess);
	usleep(50 * 1000);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(waitpid(victim, NULL, WNOHANG), 0);
	kill(victim, SIGKILL);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	it_each_backend(attached, IT_PTRACE_BOTH);
	return 0;
}
