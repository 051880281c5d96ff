/* SPDX-License-Identifier: MIT */
/*
 * Change a result at exit: getppid() really runs, the handler replaces
 * its result with 777 at the exit stop (ptrace, and sysemu for the
 * re-issued call; unotify has no exit phase), and sees the real result
 * first.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr != SYS_getppid)
		return SYSGATE_ACT_CONTINUE;
	if (c->phase == SYSGATE_PHASE_ENTRY) {
		CHECK(c->flags & SYSGATE_CALL_HAS_EXIT);
		l->entries++;
		return SYSGATE_ACT_CONTINUE;
	}
	l->exits++;
	CHECK_EQ(c->ret, getpid());	/* the supervisor is its parent */
	c->ret = 777;
	return SYSGATE_ACT_RETURN;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	uint64_t filter[8] = { 0 };
	int st = -1, rc;

	/* all calls (PTRACE_SYSCALL), then the prefilter path */
	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "exitchange", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.entries, 1);
	CHECK_EQ(log.exits, 1);
	sysgate_intercept_free(s);

	memset(&log, 0, sizeof(log));
	filter[SYS_getppid / 64] = 1ull << (SYS_getppid % 64);
	rc = it_new(b, 0, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "exitchange", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.entries, 1);
	CHECK_EQ(log.exits, 1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
