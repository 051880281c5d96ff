/* SPDX-License-Identifier: MIT */
/*
 * -P PATH: only the calls that access PATH: its openat by name, then
 * read and close of the fd it returned (tracked through /proc); the
 * same calls on /dev/null and getppid are dropped.  Same lines as
 * strace -P.  -P of a symlink to it matches the same calls (through its
 * resolved path).  -P with an empty path is refused, nothing started.
 */
#include "trace_cli.h"

int main(void)
{
	char file[] = "/tmp/sg-trace-P-XXXXXX";
	int fd = mkstemp(file);
	char *a[] = { NULL, "trace", "-P", file,
		      (char *)t_build_path("tests/targets/trace_opt"), "path",
		      file, NULL };
	char *opts[] = { "-P", file, NULL };
	char *cmd[] = { (char *)t_build_path("tests/targets/trace_opt"),
			"path", file, NULL };
	char *empty[] = { NULL, "trace", "-P", "", "/bin/true", NULL };
	char *sg, *st;

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "data", 4), 4);
	close(fd);

	CHECK_EQ(tc_exit_code(tc_run(a)), 0);
	CHECK(strstr(tc_err, "openat(AT_FDCWD, \"/tmp/sg-trace-P-") != NULL);
	CHECK(strstr(tc_err, "read(3, \"data\", 4)") != NULL);
	CHECK(strstr(tc_err, "close(3)") != NULL);
	CHECK(strstr(tc_err, "/dev/null") == NULL);
	CHECK(strstr(tc_err, "read(4") == NULL);
	CHECK(strstr(tc_err, "close(4)") == NULL);
	CHECK(strstr(tc_err, "getppid") == NULL);
	CHECK(strstr(tc_err, "execve") == NULL);
	CHECK(strstr(tc_err, "+++ exited with 0 +++") != NULL);
	CHECK_EQ(tc_count(tc_err, "\n"), 4);

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	free(sg);
	free(st);

	/* A symlink: matched by both spellings; strace's notice says so. */
	{
		char link[64];
		char *l[] = { NULL, "trace", "-P", link,
			      (char *)t_build_path("tests/targets/trace_opt"),
			      "path", file, NULL };

		snprintf(link, sizeof(link), "%s.lnk", file);
		CHECK_EQ(symlink(file, link), 0);
		CHECK_EQ(tc_exit_code(tc_run(l)), 0);
		CHECK(strstr(tc_err, "resolved into \"/tmp/sg-trace-P-"));
		CHECK(strstr(tc_err, "read(3, \"data\", 4)") != NULL);
		CHECK(strstr(tc_err, "getppid") == NULL);
		unlink(link);
	}

	CHECK_EQ(tc_exit_code(tc_run(empty)), 2);
	CHECK(strstr(tc_err, "-P needs a path") != NULL);
	unlink(file);
	return 0;
}
