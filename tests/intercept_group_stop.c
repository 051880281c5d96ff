/* SPDX-License-Identifier: MIT */
/*
 * Job control keeps working under the ptrace backends: SIGSTOP stops the
 * tracee (it makes no calls while stopped; the group-stop is held with
 * PTRACE_LISTEN, not resumed), SIGCONT resumes it; both are reported as
 * SIGNAL events; a final SIGTERM ends it.  The signals come from a thread
 * of the supervisor (a child process would be reaped by run()'s wait).
 */
#include <pthread.h>
#include <time.h>

#include "intercept_util.h"

static pid_t tracee;
static volatile int stopped_seen;
static unsigned long long last_call_ns, max_gap_ns;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY) {
		unsigned long long t = now_ns();

		if (last_call_ns && t - last_call_ns > max_gap_ns)
			max_gap_ns = t - last_call_ns;
		last_call_ns = t;
		l->calls++;
	}
	return SYSGATE_ACT_CONTINUE;
}

static void *signaller(void *arg)
{
	(void)arg;
	usleep(100 * 1000);
	kill(tracee, SIGSTOP);
	usleep(300 * 1000);
	stopped_seen = it_is_stopped(tracee);
	kill(tracee, SIGCONT);
	usleep(100 * 1000);
	kill(tracee, SIGTERM);
	return NULL;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	char *argv[] = { (char *)it_target(), "sleeper", NULL };
	int st = -1, rc, i, sstop = 0, scont = 0;
	pthread_t th;

	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &tracee), 0);
	CHECK_EQ(pthread_create(&th, NULL, signaller, NULL), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	pthread_join(th, NULL);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGTERM);
	CHECK(stopped_seen);
	/* ~300 ms without a call while stopped; calls before and after */
	CHECK(max_gap_ns > 200ull * 1000000);
	CHECK(log.calls > 10);
	for (i = 0; i < log.nev; i++) {
		if (log.ev[i].type != SYSGATE_EV_SIGNAL)
			continue;
		sstop += log.ev[i].status == SIGSTOP;
		scont += log.ev[i].status == SIGCONT;
	}
	CHECK_EQ(sstop, 1);
	CHECK_EQ(scont, 1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
