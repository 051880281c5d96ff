/* SPDX-License-Identifier: MIT */
/*
 * Signals arriving all the time (SIGALRM every 300 us) while the target
 * moves data through a pipe: every call but the signal handler's
 * getppid(7) really runs (on sysemu each is re-issued, and a signal can
 * land between the rewind and the re-entry), the emulated getppid
 * returns 4242 inside the handler, the data comes back intact and
 * restarted calls behave (the target checks all of it: exit 0), and no
 * call is reported twice.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->phase != SYSGATE_PHASE_ENTRY)
		return SYSGATE_ACT_CONTINUE;
	l->entries++;
	if (c->nr == SYS_write)
		l->exits++;	/* (counts write entries here) */
	if (c->nr == SYS_getppid && c->args[0] == 7) {
		l->calls++;
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	int st = -1, rc;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "sigstorm", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK(log.calls > 0);
	CHECK(log.entries > 6000);
	/*
	 * Each write reported exactly once (sysemu: not again at the
	 * re-entry of its re-issue, whatever signal handler ran between;
	 * unotify: the caller's wait is killable only, so a signal cannot
	 * restart and re-notify a call the handler already has).
	 */
	CHECK_EQ(log.exits, 3000);
	if (b != SYSGATE_BACKEND_UNOTIFY)
		CHECK(it_count_ev(&log, SYSGATE_EV_SIGNAL) >= log.calls);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
