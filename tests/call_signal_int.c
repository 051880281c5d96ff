/* SPDX-License-Identifier: MIT */
/*
 * SIGINT, SIGTERM or SIGHUP to `sysgate call -p PID` while a call blocks
 * in the target: the call ends (EINTR, "interrupted by SIG..."), the call
 * before it ran, the one after did not, sysgate exits 128 + the signal,
 * and the target is restored and detached: untraced, it keeps printing
 * and finally exits 0 with its own checks (signal mask, counter) passed.
 * Spawned (-- CMD): the command is not started.
 */
#include <sys/syscall.h>
#include <time.h>

#include "call_util.h"

/* Wait until pid is blocked in read (our remote call). */
static void wait_in_read(pid_t pid)
{
	int i;

	for (i = 0; i < 500 && !cu_in_syscall(pid, SYS_read); i++)
		cu_sleep_ms(10);
	CHECK(cu_in_syscall(pid, SYS_read));
}

static pid_t first_child(pid_t pid)
{
	char path[96], *s;
	long c;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
		 (int)pid);
	for (i = 0; i < 500; i++) {
		s = cu_read_file(path);
		c = strtol(s, NULL, 10);
		free(s);
		if (c > 0)
			return (pid_t)c;
		cu_sleep_ms(10);
	}
	CHECK(0);
	return -1;
}

int main(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static const char *names[] = { "SIGINT", "SIGTERM", "SIGHUP" };
	char out[256], ready[256], pidbuf[32], so[256], se[256], mark[256];
	char want[128];
	const char *dir = cu_tmpdir();
	char *o, *e;
	pid_t pid, sg;
	unsigned int i;
	int wfd, st, n, fds[2];

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(so, sizeof(so), "%s/sg.out", dir);
	snprintf(se, sizeof(se), "%s/sg.err", dir);
	snprintf(mark, sizeof(mark), "%s/mark", dir);
	pid = cu_start_writer_blocked(out, ready, &wfd);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	for (i = 0; i < 3; i++) {
		char *argv[] = { NULL, "call", "-p", pidbuf, "getppid()",
				 "read(0, buf(10), 10)", "getpid()", NULL };

		sg = cu_sysgate_bg(argv, so, se);
		wait_in_read(pid);
		CHECK_EQ(kill(sg, sigs[i]), 0);
		CHECK(waitpid(sg, &st, 0) == sg);
		o = cu_read_file(so);
		e = cu_read_file(se);
		fprintf(stderr, "--- %s: status %#x\n%s%s", names[i], st, o, e);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 128 + sigs[i]);
		CHECK(strstr(o, "0: getppid() = ") != NULL);
		snprintf(want, sizeof(want), "1: read(0, buf(10), 10) = -1 EINTR "
			 "(interrupted by %s)\n", names[i]);
		CHECK(strstr(o, want) != NULL);
		CHECK(strstr(o, "2: getpid() not run\n") != NULL);
		CHECK(strstr(e, "restored and detached") != NULL);
		free(o);
		free(e);
		CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);
		CHECK(!cu_stub_mapped(pid));
		CHECK(!cu_in_syscall(pid, SYS_read));
		n = cu_count_lines(out);
		CHECK(cu_wait_lines(out, n + 5, 3000));
	}
	cu_stop_writer(pid);
	close(wfd);

	/* Spawned: the command never starts. */
	CHECK_EQ(pipe(fds), 0);
	CHECK(dup2(fds[0], 0) == 0);
	{
		char *argv[] = { NULL, "call", "read(0, buf(10), 10)", "--",
				 "touch", mark, NULL };

		sg = cu_sysgate_bg(argv, so, se);
		wait_in_read(first_child(sg));
		CHECK_EQ(kill(sg, SIGTERM), 0);
		CHECK(waitpid(sg, &st, 0) == sg);
		e = cu_read_file(se);
		fprintf(stderr, "--- spawned: status %#x\n%s", st, e);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 128 + SIGTERM);
		CHECK(strstr(e, "was not started") != NULL);
		free(e);
	}
	cu_sleep_ms(100);
	CHECK(!cu_exists(mark));
	unlink(so);
	unlink(se);
	unlink(out);
	unlink(ready);
	rmdir(dir);
	return 0;
}
