/* SPDX-License-Identifier: MIT */
/*
 * free() without run(): an attached process (seized and interrupted, its
 * stop never collected) is detached and runs on, not stopped; a spawned
 * one (stopped before its execve) is killed and reaped.  No fd leaks.
 */
#include "intercept_util.h"

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	char *argv[] = { (char *)it_target(), "sleeper", NULL };
	int st, rc, fds = t_count_fds();
	pid_t victim, spawned;

	rc = it_new(b, 0, NULL, 0, NULL, &log, &s);
	if (rc)
		return rc;
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		execl(it_target(), it_target(), "sleeper", (char *)NULL);
		_exit(127);
	}
	usleep(50 * 1000);
	CHECK_EQ(sysgate_intercept_attach(s, victim), 0);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &spawned), 0);
	sysgate_intercept_free(s);
	CHECK_EQ(t_count_fds(), fds);

	CHECK(kill(spawned, 0) < 0 && errno == ESRCH);	/* killed, reaped */
	usleep(50 * 1000);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(waitpid(victim, NULL, WNOHANG), 0);
	kill(victim, SIGKILL);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}
