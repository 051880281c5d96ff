/* SPDX-License-Identifier: MIT */
/*
 * -u USER (root only) runs the command with USER's uid, gid and groups,
 * still traced (its calls are printed, as root sees them), and the
 * supervisor keeps root's credentials for the rest of the run.  An
 * unknown user, or -u from a non-root supervisor, is refused with exit 2
 * before anything is started.
 */
#include <pwd.h>
#include <sys/stat.h>

#include "trace_cli.h"

int main(void)
{
	char marker[] = "/tmp/sg-trace-u-XXXXXX";
	char want[64], cmdline[128];
	struct passwd *pw;
	int fd = mkstemp(marker), st;
	pid_t p;

	CHECK(fd >= 0);
	close(fd);
	unlink(marker);
	snprintf(cmdline, sizeof(cmdline), "touch %s", marker);
	{
		char *bad[] = { NULL, "trace", "-u", "sg-no-such-user",
				"/bin/sh", "-c", cmdline, NULL };

		CHECK_EQ(tc_exit_code(tc_run(bad)), 2);
		CHECK(strstr(tc_err, "cannot find user 'sg-no-such-user'"));
		CHECK(access(marker, F_OK) != 0);	/* nothing started */
	}
	if (geteuid() != 0)
		t_skip("-u needs root");
	pw = getpwnam("nobody");
	if (!pw)
		t_skip("no user 'nobody'");
	{
		char *a[] = { NULL, "trace", "-u", "nobody", "-e",
			      "trace=getuid,geteuid,getgid,getegid",
			      (char *)t_build_path("tests/targets/trace_opt"),
			      "id", NULL };

		CHECK_EQ(tc_exit_code(tc_run(a)), 0);
		snprintf(want, sizeof(want), "%d %d %d %d\n", (int)pw->pw_uid,
			 (int)pw->pw_uid, (int)pw->pw_gid, (int)pw->pw_gid);
		CHECK_STR(tc_out, want);
		snprintf(want, sizeof(want), "getuid()%32s= %d", "",
			 (int)pw->pw_uid);
		CHECK(strstr(tc_err, want) != NULL);
		CHECK(strstr(tc_err, "+++ exited with 0 +++") != NULL);
	}
	/* A non-root supervisor is told it cannot. */
	p = fork();
	CHECK(p >= 0);
	if (!p) {
		char *a[] = { NULL, "trace", "-u", "root", "/bin/sh", "-c",
			      cmdline, NULL };

		if (setgid(pw->pw_gid) || setuid(pw->pw_uid))
			_exit(3);
		_exit(tc_exit_code(tc_run(a)) == 2 &&
		      strstr(tc_err, "only root") != NULL ? 0 : 4);
	}
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK(access(marker, F_OK) != 0);
	return 0;
}
