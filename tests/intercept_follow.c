/* SPDX-License-Identifier: MIT */
/*
 * Following: the target makes a child with fork, vfork, clone and clone3
 * and a thread; each calls getppid().  Every one of those calls must be
 * seen, from five distinct tids; ptrace backends also report a FORK
 * event per child (one with is_thread) and an EXIT per task.
 */
#include "intercept_util.h"

#define MAXT 64

struct seen {
	pid_t leader;
	pid_t tids[MAXT];
	int ntids;
};

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	struct seen *s = l->user;
	int i;

	if (c->nr != SYS_getppid || c->phase != SYSGATE_PHASE_ENTRY)
		return SYSGATE_ACT_CONTINUE;
	l->calls++;
	for (i = 0; i < s->ntids; i++)
		if (s->tids[i] == c->tid)
			return SYSGATE_ACT_CONTINUE;
	if (s->ntids < MAXT)
		s->tids[s->ntids++] = c->tid;
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	static struct seen seen;
	struct sysgate_intercept *s;
	int st = -1, rc, i, threads = 0, forks = 0;

	log.user = &seen;
	rc = it_new(b, SYSGATE_FOLLOW_FORKS, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "follow", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.calls, 5);
	CHECK_EQ(seen.ntids, 5);
	if (b != SYSGATE_BACKEND_UNOTIFY) {
		for (i = 0; i < log.nev; i++) {
			if (log.ev[i].type != SYSGATE_EV_FORK)
				continue;
			forks++;
			threads += log.ev[i].is_thread;
			CHECK(log.ev[i].child > 0);
		}
		CHECK_EQ(forks, 5);
		CHECK_EQ(threads, 1);
		/* every task's end: 4 children + thread + the target */
		CHECK_EQ(it_count_ev(&log, SYSGATE_EV_EXIT), 6);
	}
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
