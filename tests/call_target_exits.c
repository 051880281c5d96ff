/* SPDX-License-Identifier: MIT */
/*
 * A batch that ends the target (exit_group in the middle): sysgate says
 * the process is gone, once, and exits 1; the target's exit status is the
 * one the batch gave it; the call after exit_group never ran.  Same for a
 * spawned command, which then is never started.
 */
#include "call_util.h"

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

int main(void)
{
	char out[256], ready[256], mark[256], expr2[512], pidbuf[32];
	char *o, *e;
	const char *dir = cu_tmpdir();
	pid_t pid;
	int rc, st;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	snprintf(expr2, sizeof(expr2),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT, 0644)", mark);
	pid = cu_start_writer(out, ready);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "getppid()",
				 "exit_group(42)", expr2, NULL };

		rc = cu_sysgate(argv, &o, &e);
	}
	CHECK_EQ(rc, 1);
	CHECK_EQ(count(e, "gone"), 1);
	free(o);
	free(e);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);
	CHECK(!cu_exists(mark));

	{
		char *argv[] = { NULL, "call", "exit_group(5)", "--", "touch",
				 mark, NULL };

		rc = cu_sysgate(argv, NULL, &e);
	}
	CHECK_EQ(rc, 1);
	CHECK_EQ(count(e, "gone"), 1);
	free(e);
	CHECK(!cu_exists(mark));
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
