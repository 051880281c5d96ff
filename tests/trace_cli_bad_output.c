/* SPDX-License-Identifier: MIT */
/*
 * An output file that cannot be written: a clear error before the command
 * starts (it never runs), exit status 1.
 */
#include "trace_cli.h"

int main(void)
{
	char *a1[] = { NULL, "trace", "-o", "/nonexistent-dir/trace.out", "--",
		       "/bin/sh", "-c", "touch /tmp/sg-bad-output-ran", NULL };
	char *a2[] = { NULL, "trace", "-o", "/tmp", "--",
		       "/bin/sh", "-c", "touch /tmp/sg-bad-output-ran", NULL };

	unlink("/tmp/sg-bad-output-ran");
	CHECK_EQ(tc_exit_code(tc_run(a1)), 1);
	CHECK_STR(tc_err, "sysgate trace: Can't fopen '/nonexistent-dir/"
			  "trace.out': No such file or directory\n");
	CHECK(access("/tmp/sg-bad-output-ran", F_OK) != 0);
	CHECK_EQ(tc_exit_code(tc_run(a2)), 1);
	CHECK(strstr(tc_err, "sysgate trace: Can't fopen '/tmp': Is a directory") !=
	      NULL);
	CHECK(access("/tmp/sg-bad-output-ran", F_OK) != 0);
	return 0;
}
