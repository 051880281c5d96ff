/* SPDX-License-Identifier: MIT */
/*
 * SYSGATE_ACT_KILL: the process dies by SIGKILL at the call; the session
 * reports KILLED with the signal, and run()'s status says the same.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY) {
		l->calls++;
		return SYSGATE_ACT_KILL;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	int st = -1, rc, i, killed = 0;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "loop", "10", &st), 0);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	CHECK_EQ(log.calls, 1);
	for (i = 0; i < log.nev; i++)
		if (log.ev[i].type == SYSGATE_EV_KILLED) {
			CHECK_EQ(log.ev[i].status, SIGKILL);
			killed++;
		}
	CHECK_EQ(killed, 1);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);	/* nothing left to reap */
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
