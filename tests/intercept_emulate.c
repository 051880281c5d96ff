/* SPDX-License-Identifier: MIT */
/*
 * Skip a call and return a chosen value: getppid() -> 4242, and
 * openat() -> -EACCES.  The target checks both and exits 0.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->phase != SYSGATE_PHASE_ENTRY)
		return SYSGATE_ACT_CONTINUE;
	if (c->nr == SYS_getppid) {
		l->calls++;
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	if (c->nr == SYS_openat) {
		char path[64];

		if (sysgate_mem_read_str(c->pid, c->args[1], path, sizeof(path)) > 0 &&
		    !strcmp(path, "/etc/hostname")) {
			l->entries++;
			c->ret = -EACCES;
			return SYSGATE_ACT_RETURN;
		}
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	uint64_t filter[8] = { 0 };
	int st = -1, rc;

	/* half the runs with a filter: the prefilter path emulates too */
	filter[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	filter[SYS_openat / 64] |= 1ull << (SYS_openat % 64);
	rc = it_new(b, 0, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "emulate", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.calls, 1);
	CHECK_EQ(log.entries, 1);
	sysgate_intercept_free(s);

	/* no filter, and entries only */
	memset(&log, 0, sizeof(log));
	rc = it_new(b, SYSGATE_NO_EXIT_PHASE, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "emulate", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.calls, 1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
