/* SPDX-License-Identifier: MIT */
/*
 * -r: each line starts with the time since the previous line ("%6d.%06d",
 * the first 0.000000), and a 100 ms sleep shows in the next line's;
 * -ttt: seconds since the epoch with microseconds, close to now; -r
 * with -t/-tt: "TIME (+ SECONDS) ".  The line layout (numbers aside) is
 * strace's.
 */
#include <regex.h>
#include <time.h>

#include "trace_cli.h"

static void layout(char *opt)
{
	char *opts[] = { opt, "-e", "trace=getppid,nanosleep,clock_nanosleep",
			 NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"sleep", NULL };
	char *sg, *st;

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);
}

/* -r with a time of day: "TIME (+ SECONDS) " as strace. */
static void layout2(char *o1, char *o2)
{
	char *opts[] = { o1, o2, "-e", "trace=getppid", NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"raise", NULL };
	char *sg, *st;

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	CHECK(strstr(sg, " (+     N.N) getppid()") != NULL);
	tc_same(sg, st);
	free(sg);
	free(st);
}

int main(void)
{
	char *r[] = { NULL, "trace", "-r", "-e",
		      "trace=getppid,nanosleep,clock_nanosleep",
		      (char *)t_build_path("tests/targets/trace_opt"), "sleep",
		      NULL };
	char *ttt[] = { NULL, "trace", "-ttt", "-e", "trace=getppid",
			(char *)t_build_path("tests/targets/trace_opt"),
			"sleep", NULL };
	double d[8] = { 0 }, now;
	char *line, *save = NULL;
	int n = 0;

	CHECK_EQ(tc_exit_code(tc_run(r)), 0);
	for (line = strtok_r(tc_err, "\n", &save); line && n < 8;
	     line = strtok_r(NULL, "\n", &save)) {
		CHECK(strlen(line) > 14 && line[6] == '.' && line[13] == ' ');
		d[n++] = atof(line);
	}
	/* getppid, nanosleep (resumed 100 ms later), getppid, exit */
	CHECK(n >= 3);
	CHECK(d[0] == 0.0);
	CHECK(d[1] < 0.09);
	CHECK(d[2] >= 0.09 && d[2] < 5.0);

	CHECK_EQ(tc_exit_code(tc_run(ttt)), 0);
	now = (double)time(NULL);
	CHECK(strstr(tc_err, " getppid()") != NULL);
	CHECK(tc_err[10] == '.' && tc_err[17] == ' ');
	CHECK(atof(tc_err) > now - 30 && atof(tc_err) < now + 30);

	layout("-r");
	layout("-ttt");
	layout2("-r", "-tt");
	layout2("-r", "-t");
	return 0;
}
