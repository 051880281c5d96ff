/* SPDX-License-Identifier: MIT */
/*
 * A tracee killed by a signal while blocked in a call: read() on a pipe
 * nobody writes, SIGTERM from its own child.  ptrace backends see the
 * read() entry, the SIGNAL event (siginfo of SIGTERM) and KILLED with
 * SIGTERM; every backend returns the wait status (WTERMSIG = SIGTERM, so
 * a CLI can exit 128 + 15) and leaves no zombie.
 */
#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_read && c->phase == SYSGATE_PHASE_ENTRY)
		l->entries++;
	if (c->nr == SYS_read && c->phase == SYSGATE_PHASE_EXIT)
		l->exits++;
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	uint64_t filter[8] = { 0 };
	int st = -1, rc, i, sig = 0, killed = 0;

	filter[SYS_read / 64] |= 1ull << (SYS_read % 64);
	rc = it_new(b, SYSGATE_FOLLOW_FORKS, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "killed_mid_call", NULL, &st), 0);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGTERM);
	CHECK(log.entries >= 1);
	for (i = 0; i < log.nev; i++) {
		const struct sysgate_event *e = &log.ev[i];

		if (e->type == SYSGATE_EV_SIGNAL && e->status == SIGTERM) {
			CHECK_EQ(e->info.si_signo, SIGTERM);
			CHECK_EQ(e->info.si_code, SI_USER);
			sig++;
		}
		if (e->type == SYSGATE_EV_KILLED) {
			CHECK_EQ(e->status, SIGTERM);
			killed++;
		}
	}
	if (b != SYSGATE_BACKEND_UNOTIFY) {
		CHECK_EQ(sig, 1);
		/* the read was interrupted: its exit stop came before death */
		if (b == SYSGATE_BACKEND_PTRACE)
			CHECK_EQ(log.exits, 1);
	}
	CHECK_EQ(killed, 1);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
