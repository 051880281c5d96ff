/* SPDX-License-Identifier: MIT */
/* -c: strace's summary table, with exact call and error counts. */
#include "trace_cli.h"

int main(void)
{
	char *argv[] = { NULL, "trace", "-c", "-e", "inject=getppid:error=EIO:when=2+2",
			 "--", (char *)t_build_path("tests/targets/trace_getppid"),
			 "9", NULL };
	char *line, *total;
	unsigned long calls, errors;
	double pct, secs;
	unsigned long usecs;
	char name[64];

	CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
	CHECK(!strncmp(tc_err, "% time     seconds  usecs/call     calls    "
			       "errors syscall\n------ ----------- ----------- "
			       "--------- --------- ----------------", 120));
	/* No per-call lines with -c. */
	CHECK(strstr(tc_err, "getppid()") == NULL);
	line = strstr(tc_err, " getppid\n");
	CHECK(line != NULL);
	while (line > tc_err && line[-1] != '\n')
		line--;
	/* 10 calls (libc's + 9 raw), every second from the 2nd fails. */
	CHECK_EQ(sscanf(line, "%lf %lf %lu %lu %lu %63s", &pct, &secs, &usecs,
			&calls, &errors, name), 6);
	CHECK_EQ(calls, 10);
	CHECK_EQ(errors, 5);
	CHECK_STR(name, "getppid");
	total = strstr(tc_err, " total\n");
	CHECK(total != NULL);
	while (total > tc_err && total[-1] != '\n')
		total--;
	CHECK(!strncmp(total, "100.00 ", 7));
	/* The tracee saw the injected errors. */
	CHECK_STR(tc_out, "-5\nok\n-5\nok\n-5\nok\n-5\nok\n-5\n");
	return 0;
}
