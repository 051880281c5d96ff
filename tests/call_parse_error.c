/* SPDX-License-Identifier: MIT */
/*
 * A bad expression anywhere on the line: exit status 2, a message naming
 * the expression and column, the expression and a caret under the
 * offending character - and nothing is executed.  Proof: expression 0
 * would create a marker file (in the live target, or in the spawned
 * command), and the target is held traced by this test, so any attach
 * attempt would fail with exit status 1 instead.
 */
#include <sys/ptrace.h>

#include "call_util.h"

struct bad {
	const char *expr;	/* expression 1 */
	const char *first;	/* expected start of the first stderr line */
	const char *caret;	/* the caret line, after the 2-space indent */
};

static const struct bad bads[] = {
	{ "close($0))", "sysgate call: expression 1: unexpected ')' at column 10",
	  "         ^" },
	{ "dup2($0, 1", "sysgate call: expression 1: unexpected end of expression at column 11",
	  "          ^" },
	{ "clsoe($0)", "sysgate call: expression 1: unknown system call 'clsoe' at column 1; did you mean close",
	  "^" },
	{ "fcntl($0, F_SETFD, FD_CLOXEC)",
	  "sysgate call: expression 1: unknown constant 'FD_CLOXEC' at column 20; did you mean FD_CLOEXEC",
	  "                   ^" },
	{ "dup2($1, 1)", "sysgate call: expression 1: $1 refers to this call itself at column 6",
	  "     ^" },
	{ "dup2($7, 1)", "sysgate call: expression 1: $7 refers to a later call at column 6",
	  "     ^" },
	{ "write(1, \"x\\q\", 2)", "sysgate call: expression 1: unknown escape '\\q' at column 12",
	  "           ^" },
};

static void check_stderr(const char *err, const struct bad *b)
{
	char want[512];

	CHECK(!strncmp(err, b->first, strlen(b->first)));
	snprintf(want, sizeof(want), "\n  %s\n  %s\n", b->expr, b->caret);
	CHECK(strstr(err, want) != NULL);
	CHECK(strstr(err, "nothing was run") != NULL);
}

int main(void)
{
	char out[256], ready[256], mark[256], expr0[512], pidbuf[32], *err;
	const char *dir = cu_tmpdir();
	size_t i;
	pid_t pid;
	int rc;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	snprintf(expr0, sizeof(expr0),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT, 0644)", mark);
	pid = cu_start_writer(out, ready);
	/* Held by us: an attach by sysgate could not succeed now. */
	CHECK(ptrace(PTRACE_SEIZE, pid, 0, 0) == 0);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		char *argv[] = { NULL, "call", "-p", pidbuf, expr0,
				 (char *)bads[i].expr, NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 2);
		check_stderr(err, &bads[i]);
		CHECK(strstr(err, "cannot attach") == NULL);
		free(err);
		CHECK(!cu_exists(mark));
	}
	/* Two bad expressions: both are reported. */
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "opne()", expr0,
				 "close($0", NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 2);
		CHECK(strstr(err, "expression 0: unknown system call 'opne'"));
		CHECK(strstr(err, "expression 2: unexpected end of expression"));
		free(err);
	}
	/* Spawn mode: the command is not even started. */
	{
		char *argv[] = { NULL, "call", "getppid()", "close(", "--",
				 "touch", mark, NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 2);
		free(err);
	}
	CHECK(!cu_exists(mark));
	/* Control: the same line without the error does attach (and fails
	 * only because we hold the target), so the checks above mean it. */
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, expr0, NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 1);
		CHECK(strstr(err, "cannot attach to process"));
		free(err);
	}
	CHECK(!cu_exists(mark));
	/* Let it go: a seized tracee must be stopped to be detached. */
	{
		int st;

		CHECK(ptrace(PTRACE_INTERRUPT, pid, 0, 0) == 0);
		CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st));
		CHECK(ptrace(PTRACE_DETACH, pid, 0, 0) == 0);
	}
	cu_stop_writer(pid);
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
