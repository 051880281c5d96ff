/* SPDX-License-Identifier: MIT */
/*
 * -V / --version print the version; --seccomp-bpf is accepted (the
 * trace is the same: sysgate always prefilters) and --help says so.
 */
#include "sysgate.h"
#include "trace_cli.h"

int main(void)
{
	char *v[] = { NULL, "trace", "-V", NULL };
	char *v2[] = { NULL, "trace", "--version", NULL };
	char *h[] = { NULL, "trace", "--help", NULL };
	char *b[] = { NULL, "trace", "--seccomp-bpf", "-f", "-e",
		      "trace=getppid", (char *)t_build_path("tests/targets/trace_opt"),
		      "signal", NULL };
	char want[64];

	snprintf(want, sizeof(want), "sysgate trace %s\n", sysgate_version());
	CHECK_EQ(tc_exit_code(tc_run(v)), 0);
	CHECK_STR(tc_out, want);
	CHECK_EQ(tc_exit_code(tc_run(v2)), 0);
	CHECK_STR(tc_out, want);
	CHECK_EQ(tc_exit_code(tc_run(h)), 0);
	CHECK(strstr(tc_out, "--seccomp-bpf") != NULL);
	CHECK(strstr(tc_out, "always") != NULL);
	CHECK_EQ(tc_exit_code(tc_run(b)), 0);
	CHECK_EQ(tc_count(tc_err, "getppid()"), 3);
	return 0;
}
