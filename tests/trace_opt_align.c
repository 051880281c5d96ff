/* SPDX-License-Identifier: MIT */
/*
 * -a COLUMN: " = ret" starts at COLUMN (one space when the call is
 * longer), as strace; -a x is refused.
 */
#include "trace_cli.h"

static void one(char *col)
{
	char *opts[] = { "-a", col, "-e", "trace=getppid,read,openat", NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"strings", NULL };
	char *sg, *st;

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);
}

int main(void)
{
	char *a[] = { NULL, "trace", "-a", "20", "-e", "trace=read",
		      (char *)t_build_path("tests/targets/trace_opt"),
		      "strings", NULL };
	char *bad[] = { NULL, "trace", "-a", "x", "/bin/true", NULL };

	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	/* "read(3, \"vm\\n\", 4)" and the like: '=' at index 20 or later. */
	CHECK(strncmp(tc_err, "read(3, ", 8) == 0);
	{
		/* '=' at 20, or two after ')' when the call is longer. */
		long close = strstr(tc_err, ") ") - tc_err;
		long eq = strstr(tc_err, " = ") - tc_err + 1;

		CHECK_EQ(eq, close + 2 > 20 ? close + 2 : 20);
	}

	CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
	CHECK(strstr(tc_err, "invalid -a argument: 'x'") != NULL);

	one("20");
	one("60");
	one("0");
	return 0;
}
