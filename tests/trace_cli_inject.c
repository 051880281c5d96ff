/* SPDX-License-Identifier: MIT */
/*
 * Fault injection through the CLI: several rules on one syscall, when=
 * ranges counted per thread, first matching rule wins, (INJECTED) lines.
 */
#include "trace_cli.h"

int main(void)
{
	char *argv[] = { NULL, "trace", "-e", "trace=getppid",
			 "-e", "inject=getppid:error=EPERM:when=3..4",
			 "-e", "inject=getppid:retval=42:when=4+2",
			 "-e", "inject=%process:error=ENOSPC:when=100",
			 "--", (char *)t_build_path("tests/targets/trace_getppid"),
			 "7", NULL };
	const char *p;
	int injected = 0;

	CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
	/*
	 * Call 1 is libc's getppid(); the target's raw calls are 2..8.
	 * 3,4: EPERM (rule 1; rule 2 also selects 4, but rule 1 comes
	 * first); 6 and 8: 42 (rule 2, every second from 4).
	 */
	CHECK_STR(tc_out, "ok\n-1\n-1\nok\n42\nok\n42\n");
	for (p = tc_err; (p = strstr(p, " (INJECTED)\n")); p++)
		injected++;
	CHECK_EQ(injected, 4);
	CHECK(strstr(tc_err, "getppid()                               = -1 "
			     "EPERM (Operation not permitted) (INJECTED)\n"));
	CHECK(strstr(tc_err, "getppid()                               = 42 "
			     "(INJECTED)\n"));

	/* The same in JSON: injected calls say so. */
	{
		char *jargv[] = { NULL, "trace", "--json", "-e", "trace=getppid",
				  "-e", "inject=getppid:error=EPERM:when=2",
				  "--", (char *)t_build_path("tests/targets/"
							     "trace_getppid"),
				  "2", NULL };

		CHECK_EQ(tc_exit_code(tc_run(jargv)), 0);
		CHECK_STR(tc_out, "-1\nok\n");
		CHECK(strstr(tc_err, "\"name\":\"getppid\",\"nr\":110,\"args\":[],"
				     "\"ret\":-1,\"errno\":\"EPERM\",\"injected\":true,"));
		CHECK(strstr(tc_err, "{\"pid\":") == tc_err);
	}
	return 0;
}
