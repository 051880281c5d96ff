/* SPDX-License-Identifier: MIT */
/*
 * -e signal=SET chooses which "--- SIG ---" lines are printed: none,
 * !SIGUSR1, a number, a name without SIG; the calls are printed as
 * ever and the signal is still delivered (the handler runs).  Same
 * lines as strace; an unknown signal is refused before anything runs.
 */
#include "trace_cli.h"

static void one(char *set, int shown)
{
	char *opts[] = { "-e", set, "-e", "trace=getppid", NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"raise", NULL };
	char *a[] = { NULL, "trace", "-e", set, "-e", "trace=getppid",
		      (char *)t_build_path("tests/targets/trace_opt"), "raise",
		      NULL };
	char *sg, *st;

	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	CHECK_STR(tc_out, "HANDLER\n");
	CHECK_EQ(tc_count(tc_err, "getppid()"), 2);
	CHECK_EQ(tc_count(tc_err, "--- SIGUSR1 "), shown);
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);
}

int main(void)
{
	char *bad[] = { NULL, "trace", "-e", "signal=SIGFOO", "/bin/true",
			NULL };

	one("signal=none", 0);
	one("signal=!SIGUSR1", 0);
	one("signal=SIGUSR1", 1);
	one("signal=10", 1);
	one("signal=usr1", 1);
	one("signal=!SIGCHLD", 1);
	one("signal=all", 1);

	CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
	CHECK(strstr(tc_err, "invalid signal 'SIGFOO'") != NULL);
	CHECK_STR(tc_out, "");
	return 0;
}
