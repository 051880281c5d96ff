/* SPDX-License-Identifier: MIT */
/*
 * A 32-bit call (int 0x80) in a 64-bit tracee under the filtered
 * backends: the tracee is not killed by the filter's arch check, the
 * call runs (its result is right), and the native calls are still seen.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY)
		l->calls++;
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	uint64_t filter[8] = { 0 };
	int st = -1, rc;

	filter[SYS_getppid / 64] = 1ull << (SYS_getppid % 64);
	rc = it_new(b, 0, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "int80", NULL, &st), 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 40)
		return T_SKIP;	/* no IA-32 emulation in this kernel */
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	/* libc's getppid() and the raw one; the int 0x80 one is not seen */
	CHECK_EQ(log.calls, 2);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, (1u << SYSGATE_BACKEND_PTRACE) |
				  (1u << SYSGATE_BACKEND_UNOTIFY)))
		t_skip("no filtered backend available (or no IA-32 emulation)");
	return 0;
}
