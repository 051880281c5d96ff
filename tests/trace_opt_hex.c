/* SPDX-License-Identifier: MIT */
/*
 * -x: a string with a byte that is neither printable nor whitespace is
 * printed all in \xNN, others as usual; -xx: every string (paths too) in
 * \xNN.  Both compared line by line with strace -x / -xx.
 */
#include "trace_cli.h"

static void one(char *xopt)
{
	char *opts[] = { xopt, "-e", "trace=write,openat,read", NULL };
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
	char *a[] = { NULL, "trace", "-x", "-e", "trace=write,openat",
		      (char *)t_build_path("tests/targets/trace_opt"),
		      "strings", NULL };
	char *b[] = { NULL, "trace", "-xx", "-e", "trace=openat",
		      (char *)t_build_path("tests/targets/trace_opt"),
		      "strings", NULL };

	/* The behaviour itself, independent of strace. */
	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	CHECK(strstr(tc_err, "write(1, \"\\x61\\x01\\x09\\x62\\xff\\x0a\", 6)"));
	CHECK(strstr(tc_err, "write(1, \"plain\\n\", 6)"));
	CHECK(strstr(tc_err, "\"/etc/hostname\""));
	CHECK_EQ(tc_exit_code(tc_run(b)), 0);
	CHECK(strstr(tc_err, "openat(AT_FDCWD, \"\\x2f\\x65\\x74\\x63\\x2f"));

	one("-x");
	one("-xx");
	return 0;
}
