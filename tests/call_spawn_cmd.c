/* SPDX-License-Identifier: MIT */
/*
 * sysgate call EXPR... -- CMD: the calls run in CMD before its first
 * instruction (here: its stdout is redirected to a file before it starts),
 * then CMD runs and sysgate exits with CMD's status.  A failing call keeps
 * CMD from starting; a command that cannot be run gives 127.
 */
#include "call_util.h"

int main(void)
{
	char outp[256], mark[256], expr0[512], expr1[512], *out, *err, *s;
	const char *dir = cu_tmpdir();
	int rc;

	snprintf(outp, sizeof(outp), "%s/out", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	snprintf(expr0, sizeof(expr0),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT|O_TRUNC, 0600)",
		 outp);

	/* Redirect, then run: echo's output lands in the file, ours not. */
	{
		char *argv[] = { NULL, "call", "-v", expr0, "dup2($0, 1)",
				 "close($0)", "--", "echo", "hello", "world",
				 NULL };

		rc = cu_sysgate(argv, &out, &err);
		CHECK_EQ(rc, 0);
		s = cu_read_file(outp);
		CHECK_STR(s, "hello world\n");
		free(s);
		CHECK(strstr(out, "1: dup2($0, 1) = 1\n2: close($0) = 0\n"));
		CHECK(strstr(out, "hello") == NULL);
		/* -v: the three calls went in one round trip. */
		CHECK(strstr(err, "3 calls, 1 round trip"));
		free(out);
		free(err);
	}
	/* CMD's exit status and death by signal come back as the shell's. */
	{
		char *argv[] = { NULL, "call", "getppid()", "--", "/bin/sh",
				 "-c", "exit 7", NULL };

		CHECK_EQ(cu_sysgate(argv, NULL, NULL), 7);
	}
	{
		char *argv[] = { NULL, "call", "getppid()", "--", "/bin/sh",
				 "-c", "kill -TERM $$", NULL };

		CHECK_EQ(cu_sysgate(argv, NULL, NULL), 128 + SIGTERM);
	}
	/* The calls really ran inside CMD: it sees the fd it was given. */
	{
		char *argv[] = { NULL, "call", expr0, "dup2($0, 9)", "close($0)",
				 "--", "/bin/sh", "-c", "echo via9 >&9", NULL };

		CHECK_EQ(cu_sysgate(argv, NULL, NULL), 0);
		s = cu_read_file(outp);
		CHECK_STR(s, "via9\n");
		free(s);
	}
	/* A failing call: CMD is not started (it would create mark). */
	snprintf(expr1, sizeof(expr1), "openat(AT_FDCWD, \"%s/nodir/x\", O_RDONLY)",
		 dir);
	{
		char *argv[] = { NULL, "call", "getppid()", expr1, "close(1)",
				 "--", "touch", mark, NULL };

		rc = cu_sysgate(argv, &out, &err);
		CHECK_EQ(rc, 1);
		CHECK(strstr(out, "1: openat(") && strstr(out, "= -1 ENOENT"));
		CHECK(strstr(out, "2: close(1) not run\n"));
		CHECK(strstr(err, "was not started"));
		CHECK(!cu_exists(mark));
		free(out);
		free(err);
	}
	/* No such command. */
	{
		char *argv[] = { NULL, "call", "getppid()", "--",
				 "/nonexistent/cmd", NULL };

		rc = cu_sysgate(argv, NULL, &err);
		CHECK_EQ(rc, 127);
		CHECK(strstr(err, "cannot run '/nonexistent/cmd'"));
		free(err);
	}
	/* PATH search; cat sees its stdin closed. */
	{
		char *argv[] = { NULL, "call", "close(0)", "--", "cat", NULL };

		rc = cu_sysgate(argv, &out, &err);
		CHECK_EQ(rc, 1);
		CHECK(strstr(out, "0: close(0) = 0\n"));
		CHECK(strstr(err, "cat:"));
		free(out);
		free(err);
	}
	unlink(outp);
	rmdir(dir);
	return 0;
}
