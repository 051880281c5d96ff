/* SPDX-License-Identifier: MIT */
/*
 * Bad --timeout values are usage errors: exit 2, a message naming the
 * option and the value, and the target is never attached (it runs on,
 * untraced, and the valid expression did not run).
 */
#include "call_util.h"

int main(void)
{
	static const char *bad[] = { "abc", "-5", "", "1.5", "10ms", "0x10",
				     " 5", "99999999999", "2147483648" };
	char out[256], ready[256], pidbuf[32], opt[64], mark[256];
	char expr[512];
	const char *dir = cu_tmpdir();
	char *o, *e;
	unsigned int i;
	pid_t pid;
	int rc;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	snprintf(expr, sizeof(expr),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT, 0644)", mark);
	pid = cu_start_writer(out, ready);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { NULL, "call", opt, "-p", pidbuf, expr, NULL };

		snprintf(opt, sizeof(opt), "--timeout=%s", bad[i]);
		rc = cu_sysgate(argv, &o, &e);
		CHECK_EQ(rc, 2);
		CHECK(strstr(e, "--timeout") != NULL);
		CHECK(strstr(e, i >= 7 ? "too large" :
			      "is not a number of milliseconds") != NULL);
		CHECK_STR(o, "");
		free(o);
		free(e);
	}
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, expr, "--timeout",
				 NULL };

		rc = cu_sysgate(argv, NULL, &e);
		CHECK_EQ(rc, 2);
		CHECK(strstr(e, "--timeout needs a number") != NULL);
		free(e);
	}
	CHECK(!cu_exists(mark));
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);
	cu_stop_writer(pid);
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
