/* SPDX-License-Identifier: MIT */
/*
 * The seccomp prefilter: with a filter of {getppid}, the handler sees
 * exactly the target's getppid() calls (entry and exit each) and execve,
 * nothing of its write()/getuid() calls, and the target still runs them.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->phase == SYSGATE_PHASE_ENTRY)
		l->entries++;
	else
		l->exits++;
	if (c->nr == SYS_getppid)
		l->calls++;
	else
		CHECK(c->nr == SYS_execve);
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	uint64_t filter[8] = { 0 };
	/* sysemu: the re-issued (CONTINUE'd) calls have their exits */
	int st = -1, rc, has_exit = b != SYSGATE_BACKEND_UNOTIFY;

	filter[SYS_getppid / 64] = 1ull << (SYS_getppid % 64);
	rc = it_new(b, 0, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "mixed", "100", &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	/* 100 getppid + execve, each with an exit where the backend has one */
	CHECK_EQ(log.calls, 100 * (1 + has_exit));
	CHECK_EQ(log.entries, 101);
	CHECK_EQ(log.exits, has_exit ? 101 : 0);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
