/* SPDX-License-Identifier: MIT */
/*
 * -E VAR=VAL sets, -E VAR removes a variable in the traced command's
 * environment (later -E win), the supervisor's own is untouched; the
 * execve line shows the changed count as strace does.  -E =x is refused.
 */
#include "trace_cli.h"

int main(void)
{
	char *a[] = { NULL, "trace", "-E", "SG_ONE=1", "-E", "SG_TWO=2",
		      "-E", "SG_GONE", "-E", "SG_ONE=one", "-e", "trace=none",
		      "/bin/sh", "-c",
		      "echo \"$SG_ONE $SG_TWO ${SG_GONE-unset} ${SG_KEPT-no}\"",
		      NULL };
	char *opts[] = { "-E", "SG_NEW=1", "-E", "SG_GONE", "-e",
			 "trace=execve", NULL };
	char *cmd[] = { "/bin/true", NULL };
	char *bad[] = { NULL, "trace", "-E", "=x", "/bin/true", NULL };
	char *sg, *st;

	CHECK_EQ(setenv("SG_GONE", "here", 1), 0);
	CHECK_EQ(setenv("SG_KEPT", "kept", 1), 0);
	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	CHECK_STR(tc_out, "one 2 unset kept\n");

	/* "/ * N vars * /": one more, one fewer than ours. */
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);

	CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
	CHECK(strstr(tc_err, "invalid -E argument") != NULL);
	return 0;
}
