/* SPDX-License-Identifier: MIT */
/*
 * An unknown syscall or class in -e: exit 2, the name and the closest
 * known names, a caret at the name, and nothing is started.  A regular
 * expression whose compiled form would take gigabytes (stacked
 * repetitions; found by the -e fuzzer) is refused the same way, fast.
 */
#include "trace_cli.h"

int main(void)
{
	char *a1[] = { NULL, "trace", "-e", "trace=read,opnat", "--",
		       "/bin/sh", "-c", "touch /tmp/sg-bad-expr-ran", NULL };
	char *a2[] = { NULL, "trace", "-e", "trace=%fle", "/bin/true", NULL };
	char *a3[] = { NULL, "trace", "-e", "inject=exceve:error=EIO",
		       "/bin/true", NULL };
	char re[160] = "trace=/F/";
	char *a4[] = { NULL, "trace", "-e", re, "/bin/true", NULL };
	char *a5[] = { NULL, "trace", "-o", "/dev/null", "-e",
		       "trace=/^(open|read)(at)?$", "/bin/true", NULL };

	unlink("/tmp/sg-bad-expr-ran");
	CHECK_EQ(tc_exit_code(tc_run(a1)), 2);
	CHECK(strstr(tc_err, "sysgate trace: invalid system call 'opnat' "
			     "(did you mean: openat, ") != NULL);
	CHECK(strstr(tc_err, "  -e trace=read,opnat\n"
			     "                ^\n") != NULL);
	CHECK(access("/tmp/sg-bad-expr-ran", F_OK) != 0);

	CHECK_EQ(tc_exit_code(tc_run(a2)), 2);
	CHECK(strstr(tc_err, "invalid system call class '%fle' (did you mean: "
			     "%file?)") != NULL);

	CHECK_EQ(tc_exit_code(tc_run(a3)), 2);
	CHECK(strstr(tc_err, "invalid system call 'exceve' (did you mean: "
			     "execve") != NULL);
	CHECK(tc_out[0] == 0);

	memset(re + strlen(re), '+', 100);
	CHECK_EQ(tc_exit_code(tc_run(a4)), 2);
	CHECK(strstr(tc_err, "is too long or repeats too much to compile") != NULL);
	/* an ordinary regex still works */
	CHECK_EQ(tc_exit_code(tc_run(a5)), 0);
	return 0;
}
