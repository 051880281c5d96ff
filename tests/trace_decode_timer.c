/* SPDX-License-Identifier: MIT */
/*
 * timer_create decodes as strace shows it (clock, struct sigevent, the
 * new timer's id): timeout(1) arms its deadline this way.
 */
#include "trace_cli.h"

int main(void)
{
	char *opts[] = { "-e", "trace=timer_create", NULL };
	char *cmd[] = { "/usr/bin/timeout", "5", "/bin/true", NULL };
	char *sg, *st;

	if (access(cmd[0], X_OK))
		t_skip("no %s", cmd[0]);
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	/* the child's exit may come before or after: not this test's subject */
	tc_drop_lines(sg, "--- SIGCHLD");
	tc_drop_lines(st, "--- SIGCHLD");
	tc_same(sg, st);
	CHECK(strstr(sg, "timer_create(CLOCK_REALTIME, {sigev_signo=SIGALRM, "
			 "sigev_notify=SIGEV_SIGNAL}, [N]) = N") != NULL);
	free(sg);
	free(st);
	return 0;
}
