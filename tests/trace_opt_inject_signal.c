/* SPDX-License-Identifier: MIT */
/*
 * -e inject=SET:signal=SIG delivers SIG at the selected call: the
 * target's handler really runs (once with when=2, after the 2nd
 * getppid; three times without when=), alone (the call runs and returns
 * its real value, no "(INJECTED)") or with error= (the call fails with
 * the injected error, "(INJECTED)").  Lines as strace's, the siginfo
 * aside (sysgate sends it with tgkill: SI_TKILL; strace: SI_KERNEL).
 */
#include "trace_cli.h"

static void one(char *rule, const char *handlers, int injected)
{
	char *opts[] = { "-e", "trace=getppid", "-e", rule, NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"signal", NULL };
	char *a[] = { NULL, "trace", "-e", "trace=getppid", "-e", rule,
		      (char *)t_build_path("tests/targets/trace_opt"), "signal",
		      NULL };
	char *sg, *st;
	int n = (int)strlen(handlers) / 8;

	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	CHECK_STR(tc_out, handlers);
	CHECK_EQ(tc_count(tc_err, "--- SIGUSR1 {si_signo=SIGUSR1, "
			  "si_code=SI_TKILL"), n);
	CHECK_EQ(tc_count(tc_err, "(INJECTED)"), injected);
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 1), 0);
	tc_same(sg, st);
	free(sg);
	free(st);
}

int main(void)
{
	char *bad[] = { NULL, "trace", "-e", "inject=getppid:signal=SIGFOO",
			"/bin/true", NULL };

	one("inject=getppid:signal=SIGUSR1:when=2", "HANDLER\n", 0);
	one("inject=getppid:signal=USR1", "HANDLER\nHANDLER\nHANDLER\n", 0);
	one("inject=getppid:error=EPERM:signal=SIGUSR1:when=1",
	    "HANDLER\n", 1);

	CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
	CHECK(strstr(tc_err, "invalid signal 'SIGFOO'") != NULL);
	return 0;
}
