/* SPDX-License-Identifier: MIT */
/* A command that does not exist: strace's message, exit status 1. */
#include "trace_cli.h"

int main(void)
{
	char *a1[] = { NULL, "trace", "sg-no-such-command", NULL };
	char *a2[] = { NULL, "trace", "-f", "--", "/no/such/dir/cmd", "x", NULL };
	char *a3[] = { NULL, "trace", NULL };

	CHECK_EQ(tc_exit_code(tc_run(a1)), 1);
	CHECK_STR(tc_err, "sysgate trace: Can't stat 'sg-no-such-command': "
			  "No such file or directory\n");
	CHECK_EQ(tc_exit_code(tc_run(a2)), 1);
	CHECK_STR(tc_err, "sysgate trace: Can't stat '/no/such/dir/cmd': "
			  "No such file or directory\n");
	/* No command at all is a usage error. */
	CHECK_EQ(tc_exit_code(tc_run(a3)), 2);
	CHECK(strstr(tc_err, "must have PROG [ARGS] or -p PID") != NULL);
	return 0;
}
