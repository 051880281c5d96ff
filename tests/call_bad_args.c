/* SPDX-License-Identifier: MIT */
/*
 * Bad command lines give usage and exit status 2 (-p not a number, no
 * expressions, -p and -- together, neither, unknown option); a process
 * that does not exist gives a clear message and exit status 1.
 */
#include "call_util.h"

struct usage_case {
	char *argv[8];
	const char *why;	/* in the first stderr line */
};

static struct usage_case cases[] = {
	{ { NULL, "call", "-p", "abc", "getppid()", NULL }, "'abc' is not a process id" },
	{ { NULL, "call", "-p", "12x", "getppid()", NULL }, "'12x' is not a process id" },
	{ { NULL, "call", "-p", "-5", "getppid()", NULL }, "'-5' is not a process id" },
	{ { NULL, "call", "-p", "0", "getppid()", NULL }, "'0' is not a process id" },
	{ { NULL, "call", "-p", "99999999999", "getppid()", NULL }, "is not a process id" },
	{ { NULL, "call", "-p", NULL }, "-p needs a process id" },
	{ { NULL, "call", "-p", "1", NULL }, "no expressions" },
	{ { NULL, "call", "-p", "1", "getppid()", "--", "true", NULL }, "not both" },
	{ { NULL, "call", "getppid()", NULL }, "-p PID or -- CMD" },
	{ { NULL, "call", "getppid()", "--", NULL }, "must be followed by a command" },
	{ { NULL, "call", "--", "true", NULL }, "no expressions" },
	{ { NULL, "call", "-p", "1", "-p", "2", "getppid()", NULL }, "-p given twice" },
	{ { NULL, "call", "--frobnicate", "-p", "1", "getppid()", NULL }, "unknown option '--frobnicate'" },
	{ { NULL, "call", NULL }, "-p PID or -- CMD" },
};

int main(void)
{
	char pidbuf[32], *out, *err;
	size_t i;
	pid_t pid;
	int rc, st;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = cu_sysgate(cases[i].argv, &out, &err);
		CHECK_EQ(rc, 2);
		CHECK(strstr(err, cases[i].why) != NULL);
		CHECK(strstr(err, "usage: sysgate call") != NULL);
		CHECK_STR(out, "");
		free(out);
		free(err);
	}
	/* --help: usage on stdout, status 0. */
	{
		char *argv[] = { NULL, "call", "--help", NULL };

		CHECK_EQ(cu_sysgate(argv, &out, NULL), 0);
		CHECK(strstr(out, "usage: sysgate call") != NULL);
		free(out);
	}
	/* A pid that just died and was reaped (and the kernel's maximum + 1). */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, &st, 0) == pid);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "getppid()", NULL };

		rc = cu_sysgate(argv, &out, &err);
		CHECK_EQ(rc, 1);
		CHECK(strstr(err, "cannot attach to process") != NULL);
		CHECK(strstr(err, "no such process") != NULL);
		CHECK_STR(out, "");
		free(out);
		free(err);
	}
	{
		char *s = cu_read_file("/proc/sys/kernel/pid_max");

		snprintf(pidbuf, sizeof(pidbuf), "%ld", strtol(s, NULL, 10) + 1);
		free(s);
	}
	{
		char *argv[] = { NULL, "call", "--pid", pidbuf, "getppid()", NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 1);
		CHECK(strstr(err, "no such process") != NULL);
		free(err);
	}
	return 0;
}
