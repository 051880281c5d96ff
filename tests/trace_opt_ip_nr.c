/* SPDX-License-Identifier: MIT */
/*
 * -i: "[%016lx] " instruction pointer (after the syscall instruction;
 * "[????????????????]" on exit lines); -n: "[%4ld] " syscall number, the
 * last call's on signal and exit lines.  Identical to strace's on a
 * static target (fixed addresses), pids aside.
 */
#include "trace_cli.h"

int main(void)
{
	char *opts[] = { "-i", "-n", "-e", "trace=getppid,exit_group", NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"raise", NULL };
	char *a[] = { NULL, "trace", "-i", "-n", "-e",
		      "trace=getppid,exit_group",
		      (char *)t_build_path("tests/targets/trace_opt"), "raise",
		      NULL };
	char *sg, *st;

	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	/* getppid is 110; raise() ends in tgkill, 234; exit_group 231. */
	CHECK_EQ(tc_count(tc_err, "[ 110] [0000000000"), 2);
	CHECK(strstr(tc_err, "[ 234] [0000000000") != NULL);
	CHECK(strstr(tc_err, "--- SIGUSR1") != NULL);
	CHECK(strstr(tc_err, "[ 231] [????????????????] +++ exited with 0 "
			     "+++") != NULL);

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	/* Not normalised away: the ip of a static binary is the same. */
	tc_same(sg, st);
	free(sg);
	free(st);
	return 0;
}
