/* SPDX-License-Identifier: MIT */
/*
 * sysemu with signals landing between a re-issued call's skip and its
 * re-run (SIGALRM every 300 us around pipe write/read): the call's line
 * is closed " <unfinished ...>", the signal and its handler's calls get
 * their own lines, and the call then ends "<... NAME resumed>... = N"
 * with its real result.  Never a "--- SIG" glued inside a line, never a
 * resumed call without a result.  The handler's getppid gets 4242
 * injected, which the target checks (exit 0).
 */
#include "trace_cli.h"

static char ts_buf[16 << 20];

int main(void)
{
	char path[] = "/tmp/sysgate-sysemu-sig-XXXXXX";
	char *argv[] = { NULL, "trace", "--backend=sysemu", "-o", path,
			 "-e", "inject=getppid:retval=4242", "--",
			 (char *)t_build_path("tests/targets/intercept_target"),
			 "sigstorm", NULL };
	int fd, st, unfinished = 0, resumed = 0, signals = 0;
	char *s, *e;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	st = tc_run(argv);
	if (tc_exit_code(st) != 0 && strstr(tc_err, "backend")) {
		unlink(path);
		t_skip("sysemu backend unavailable");
	}
	if (tc_exit_code(st))
		fprintf(stderr, "%s", tc_err);
	CHECK_EQ(tc_exit_code(st), 0);
	tc_read_file(path, ts_buf, sizeof(ts_buf));
	unlink(path);
	for (s = ts_buf; s && *s; s = e) {
		char *sig;

		e = strchr(s, '\n');
		if (e)
			*e++ = 0;
		sig = strstr(s, "--- SIG");
		if (sig) {
			signals++;
			if (sig != s)
				fprintf(stderr, "glued: %s\n", s);
			CHECK(sig == s);
		}
		if (strstr(s, " <unfinished ...>")) {
			unfinished++;
			CHECK(!strstr(s, " = "));	/* still open */
		}
		if (!strncmp(s, "<... ", 5)) {
			const char *r = strrchr(s, '=');

			resumed++;
			CHECK(r && r[1] == ' ' &&
			      (r[2] == '-' || (r[2] >= '0' && r[2] <= '9')));
		}
	}
	printf("%d signals, %d calls parked and resumed\n", signals, resumed);
	CHECK(signals > 0);
	CHECK_EQ(unfinished, resumed);
	return 0;
}
