/* SPDX-License-Identifier: MIT */
/*
 * execve from a non-leader thread: the exec'ing thread takes over the
 * leader's tid.  The EXEC event names the former tid (!= pid), the new
 * image's getppid() is seen from tid == pid, and the exit code (42) of
 * the new image arrives as run()'s status.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY &&
	    c->args[0] == 42) {
		CHECK_EQ(c->tid, c->pid);
		l->calls++;
	}
	if (c->nr == SYS_execve && c->phase == SYSGATE_PHASE_ENTRY)
		l->entries++;
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	int st = -1, rc, i, execs = 0;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "thread_exec", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);
	CHECK_EQ(log.calls, 1);
	CHECK_EQ(log.entries, 2);	/* the spawn's execve and the thread's */
	for (i = 0; i < log.nev; i++) {
		if (log.ev[i].type != SYSGATE_EV_EXEC)
			continue;
		execs++;
		if (execs == 2)
			CHECK(log.ev[i].child != log.ev[i].pid);
		CHECK_EQ(log.ev[i].tid, log.ev[i].pid);
	}
	CHECK_EQ(execs, 2);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
