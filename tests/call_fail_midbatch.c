/* SPDX-License-Identifier: MIT */
/*
 * A call that fails in the middle of the batch: it is reported with its
 * errno, the calls after it are "not run" (and really did not run: the
 * marker file is absent), those before it ran in the target (getppid()
 * there is this test's pid), exit status 1, and the target is unharmed.
 */
#include "call_util.h"

int main(void)
{
	char out[256], ready[256], mark[256], expr1[512], expr2[512];
	char pidbuf[32], want[64], *o;
	const char *dir = cu_tmpdir();
	pid_t pid;
	int rc;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	snprintf(expr1, sizeof(expr1),
		 "openat(AT_FDCWD, \"%s/missing/file\", O_RDONLY)", dir);
	snprintf(expr2, sizeof(expr2),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT, 0644)", mark);
	pid = cu_start_writer(out, ready);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "getppid()", expr1,
				 expr2, "close($2)", NULL };

		rc = cu_sysgate(argv, &o, NULL);
	}
	CHECK_EQ(rc, 1);
	snprintf(want, sizeof(want), "0: getppid() = %d\n", (int)getpid());
	CHECK(!strncmp(o, want, strlen(want)));
	CHECK(strstr(o, "/missing/file\", O_RDONLY) = -1 ENOENT (No such file or directory)\n2: openat("));
	CHECK(strstr(o, "O_WRONLY|O_CREAT, 0644) not run\n3: close($2) not run\n"));
	free(o);
	CHECK(!cu_exists(mark));

	/* A failing first call: nothing after it runs either. */
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "close(-1)",
				 expr2, NULL };

		rc = cu_sysgate(argv, &o, NULL);
	}
	CHECK_EQ(rc, 1);
	CHECK(!strncmp(o, "0: close(-1) = -1 EBADF (Bad file descriptor)\n1: ", 48));
	CHECK(strstr(o, " not run\n"));
	free(o);
	CHECK(!cu_exists(mark));

	CHECK(cu_wait_lines(out, cu_count_lines(out) + 3, 5000));
	cu_stop_writer(pid);
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
