/* SPDX-License-Identifier: MIT */
/*
 * Malformed values of the strace options: a clear error naming the
 * problem, exit 2, and nothing started (the command would create a
 * file; it must not exist afterwards).
 */
#include "trace_cli.h"

static char marker[64], cmdline[128];

static void bad(const char *o1, const char *o2, const char *msg)
{
	char *a[] = { NULL, "trace", (char *)o1, (char *)o2, "/bin/sh", "-c",
		      cmdline, NULL };

	if (!o2) {
		a[3] = "/bin/sh";
		a[4] = "-c";
		a[5] = cmdline;
		a[6] = NULL;
	}
	CHECK_EQ(tc_exit_code(tc_run(a)), 2);
	if (!strstr(tc_err, msg))
		fprintf(stderr, "%s %s: want '%s' in:\n%s\n", o1, o2 ? o2 : "",
			msg, tc_err);
	CHECK(strstr(tc_err, msg) != NULL);
	CHECK(access(marker, F_OK) != 0);
}

int main(void)
{
	char *noarg[] = { NULL, "trace", "-P", NULL };
	int fd;

	snprintf(marker, sizeof(marker), "/tmp/sg-trace-bad-XXXXXX");
	fd = mkstemp(marker);
	CHECK(fd >= 0);
	close(fd);
	unlink(marker);
	snprintf(cmdline, sizeof(cmdline), "touch %s", marker);

	bad("-a", "x", "invalid -a argument: 'x'");
	bad("-a", "-3", "invalid -a argument: '-3'");
	bad("-s", "-1", "invalid -s argument: '-1'");
	bad("-e", "signal=SIGFOO", "invalid signal 'SIGFOO'");
	bad("-e", "signal=65", "invalid signal '65'");
	bad("-e", "inject=getppid:delay_enter=abc",
	    "delay_enter= expects microseconds");
	bad("-e", "inject=getppid:delay_exit=-5",
	    "delay_exit= expects microseconds");
	bad("-e", "inject=getppid:signal=0", "invalid signal '0'");
	bad("-e", "inject=getppid:when=2", "needs :error=E or :retval=N");
	bad("-u", "nosuchuser", "cannot find user 'nosuchuser'");
	bad("-P", "", "-P needs a path");
	bad("-E", "=x", "invalid -E argument");

	/* -P as the last word: its argument is missing. */
	CHECK_EQ(tc_exit_code(tc_run(noarg)), 2);
	CHECK(strstr(tc_err, "option -P needs an argument") != NULL);
	return 0;
}
