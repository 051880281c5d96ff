/* SPDX-License-Identifier: MIT */
/*
 * sysgate call -p PID 'read(0, buf(10), 10)' --timeout=200 on a live
 * target whose stdin is an empty pipe: the read is reported as timed out
 * after ~200 ms, the call before it ran, the one after did not, exit 1;
 * the target is detached and keeps running unharmed (it keeps printing,
 * and exits 0 with its own checks passed).  --timeout 0 means no limit.
 */
#include <time.h>

#include "call_util.h"

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(void)
{
	char out[256], ready[256], pidbuf[32];
	const char *dir = cu_tmpdir();
	char *o, *e;
	long long t0, dt;
	pid_t pid;
	int rc, wfd, n;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	pid = cu_start_writer_blocked(out, ready, &wfd);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	{
		char *argv[] = { NULL, "call", "-p", pidbuf, "getppid()",
				 "read(0, buf(10), 10)", "getpid()",
				 "--timeout=200", NULL };

		t0 = now_ms();
		rc = cu_sysgate(argv, &o, &e);
		dt = now_ms() - t0;
	}
	CHECK_EQ(rc, 1);
	CHECK(dt >= 190);
	CHECK(dt < 5000);
	CHECK(strstr(o, "0: getppid() = ") != NULL);
	CHECK(strstr(o, "1: read(0, buf(10), 10) = -1 ETIMEDOUT (timed out "
		      "after 200 ms)\n") != NULL);
	CHECK(strstr(o, "2: getpid() not run\n") != NULL);
	free(o);
	free(e);
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);
	CHECK(!cu_stub_mapped(pid));
	/* It runs on: more lines come. */
	n = cu_count_lines(out);
	CHECK(cu_wait_lines(out, n + 5, 3000));

	/* The same with --timeout MS, JSON: the error names the limit. */
	{
		char *argv[] = { NULL, "call", "--json", "--timeout", "50", "-p",
				 pidbuf, "read(0, buf(10), 10)", NULL };

		rc = cu_sysgate(argv, &o, NULL);
	}
	CHECK_EQ(rc, 1);
	CHECK(strstr(o, "\"errno\":\"ETIMEDOUT\"") != NULL);
	CHECK(strstr(o, "\"timeout_ms\":50") != NULL);
	free(o);

	/* 0 = no limit: data is there, the read returns it. */
	CHECK_EQ(write(wfd, "abc", 3), 3);
	{
		char *argv[] = { NULL, "call", "--timeout=0", "-p", pidbuf,
				 "read(0, buf(10), 10)", NULL };

		rc = cu_sysgate(argv, &o, NULL);
	}
	CHECK_EQ(rc, 0);
	CHECK(strstr(o, "0: read(0, buf(10), 10) = 3 -> arg1=\"abc\"") != NULL);
	free(o);
	n = cu_count_lines(out);
	CHECK(cu_wait_lines(out, n + 5, 3000));
	cu_stop_writer(pid);
	close(wfd);
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
