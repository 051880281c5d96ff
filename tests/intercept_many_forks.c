/* SPDX-License-Identifier: MIT */
/*
 * A tracee that forks a thousand children, one after another: no hang,
 * an EXIT event for each child and for the target, nothing unreaped, no
 * fd leaked by the session.
 */
#include "intercept_util.h"

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	int st = -1, rc, fds = t_count_fds();

	rc = it_new(b, SYSGATE_FOLLOW_FORKS, NULL, 0, NULL, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "forks", "1000", &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	if (b != SYSGATE_BACKEND_UNOTIFY) {
		CHECK_EQ(it_count_ev(&log, SYSGATE_EV_FORK), 1000);
		CHECK_EQ(it_count_ev(&log, SYSGATE_EV_EXIT), 1001);
	} else {
		CHECK_EQ(it_count_ev(&log, SYSGATE_EV_EXIT), 1);
	}
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	sysgate_intercept_free(s);
	CHECK_EQ(t_count_fds(), fds);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
