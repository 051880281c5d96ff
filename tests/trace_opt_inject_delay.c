/* SPDX-License-Identifier: MIT */
/*
 * -e inject=SET:delay_enter=US / delay_exit=US really delay the call:
 * the run takes that long more (measured), -T of a delay_enter'ed call
 * includes the delay, delay_exit's does not (the call itself was
 * quick), when= selects the calls, the lines end in "(DELAYED)" as
 * strace's.  delay_enter=abc is refused before anything runs.
 */
#include <time.h>

#include "trace_cli.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* -T of the nth (1-based) getppid line. */
static double dur(int nth)
{
	char *p = tc_err;

	while (nth-- > 0) {
		p = strstr(p, "getppid()");
		CHECK(p != NULL);
		p++;
	}
	p = strchr(p, '<');
	CHECK(p != NULL);
	return atof(p + 1);
}

static void layout(char *rule)
{
	char *opts[] = { "-e", "trace=getppid", "-e", rule, NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"signal", NULL };
	char *sg, *st;

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);
}

int main(void)
{
	char *enter[] = { NULL, "trace", "-T", "-e", "trace=getppid", "-e",
			  "inject=getppid:delay_enter=300000:when=2",
			  (char *)t_build_path("tests/targets/trace_opt"),
			  "signal", NULL };
	char *exit_[] = { NULL, "trace", "-T", "-e", "trace=getppid", "-e",
			  "inject=getppid:delay_exit=150000",
			  (char *)t_build_path("tests/targets/trace_opt"),
			  "signal", NULL };
	char *bad[] = { NULL, "trace", "-e",
			"inject=getppid:delay_enter=abc", "/bin/true", NULL };
	double t0;

	t0 = now();
	CHECK_EQ(tc_exit_code(tc_run(enter)), 0);
	CHECK(now() - t0 >= 0.3);
	CHECK_EQ(tc_count(tc_err, "(DELAYED)"), 1);
	CHECK(dur(1) < 0.25);
	CHECK(dur(2) >= 0.3);
	CHECK(dur(3) < 0.25);
	CHECK(strstr(strstr(tc_err, "getppid()") + 1, "(DELAYED) <") != NULL);

	t0 = now();
	CHECK_EQ(tc_exit_code(tc_run(exit_)), 0);
	CHECK(now() - t0 >= 0.45);	/* 3 x 150 ms */
	CHECK_EQ(tc_count(tc_err, "(DELAYED)"), 3);
	CHECK(dur(1) < 0.1);

	CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
	CHECK(strstr(tc_err, "delay_enter= expects microseconds") != NULL);

	layout("inject=getppid:delay_enter=1000:when=2");
	layout("inject=getppid:delay_exit=1000");
	layout("inject=getppid:error=ENOSYS:delay_exit=1000:when=3");
	return 0;
}
