/* SPDX-License-Identifier: MIT */
/* sysgate trace exits with the tracee's status, 128+signal when killed. */
#include "trace_cli.h"

int main(void)
{
	char *a1[] = { NULL, "trace", "-o", "/dev/null", "/bin/sh", "-c",
		       "exit 7", NULL };
	char *a2[] = { NULL, "trace", "/bin/sh", "-c", "kill -TERM $$", NULL };
	char *a3[] = { NULL, "trace", "-f", "-e", "trace=none", "/bin/sh", "-c",
		       "/bin/true; exit 3", NULL };
	char *a4[] = { NULL, "trace", "-qq", "/bin/sh", "-c", "exit 4", NULL };

	CHECK_EQ(tc_exit_code(tc_run(a1)), 7);
	CHECK_EQ(tc_exit_code(tc_run(a2)), 128 + SIGTERM);
	CHECK(strstr(tc_err, "+++ killed by SIGTERM +++\n") != NULL);
	CHECK_EQ(tc_exit_code(tc_run(a3)), 3);
	CHECK(strstr(tc_err, "+++ exited with 3 +++\n") != NULL);
	CHECK(strstr(tc_err, "+++ exited with 0 +++\n") != NULL);
	/* -qq: no exit lines. */
	CHECK_EQ(tc_exit_code(tc_run(a4)), 4);
	CHECK(strstr(tc_err, "+++") == NULL);
	CHECK(strstr(tc_err, "exit_group(4)") != NULL);
	return 0;
}
