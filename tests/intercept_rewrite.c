/* SPDX-License-Identifier: MIT */
/*
 * Rewrite an argument at entry: the target opens a path that does not
 * exist; the handler writes "/dev/null" into a buffer of the target
 * (whose address the target announced as getppid's first argument) and
 * points openat's path argument at it.  The open must then succeed.
 * unotify cannot rewrite: it must say so (no SYSGATE_CALL_CAN_REWRITE)
 * and the open must fail as written.
 */
#include "intercept_util.h"

static unsigned long scratch;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	static const char dn[] = "/dev/null";

	if (c->phase != SYSGATE_PHASE_ENTRY)
		return SYSGATE_ACT_CONTINUE;
	if (c->nr == SYS_getppid)
		scratch = c->args[0];
	if (c->nr == SYS_openat && scratch) {
		char path[64];

		if (sysgate_mem_read_str(c->pid, c->args[1], path, sizeof(path)) <= 0 ||
		    strcmp(path, "/nonexistent/sysgate-rewrite"))
			return SYSGATE_ACT_CONTINUE;
		l->entries++;
		CHECK_EQ(sysgate_mem_write(c->pid, scratch, dn, sizeof(dn)),
			 (long)sizeof(dn));
		if (c->flags & SYSGATE_CALL_CAN_REWRITE)
			l->calls++;
		c->args[1] = scratch;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	int st = -1, rc;

	scratch = 0;
	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "rewrite", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(log.entries, 1);
	if (b == SYSGATE_BACKEND_UNOTIFY) {
		CHECK_EQ(log.calls, 0);
		CHECK_EQ(WEXITSTATUS(st), 4);	/* the open failed as written */
	} else {
		CHECK_EQ(log.calls, 1);
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
