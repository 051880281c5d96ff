/* SPDX-License-Identifier: MIT */
/*
 * Signals sent to sysgate while the target is inside the batch (a
 * one-second nanosleep run in it) never leave the target with the stub
 * installed.  SIGPIPE (held): sysgate finishes the batch, prints the
 * results, lets the target go and only then dies of the signal.
 * SIGINT + SIGTERM: the nanosleep is interrupted (EINTR in the target),
 * the call after it does not run, sysgate restores and detaches the
 * target and exits 130.  Either way the target runs on unharmed and
 * exits normally.
 */
#include <time.h>

#include "call_util.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run the batch, send sig1 (and sig2) mid-call; wait status, *took. */
static int run(const char *pidbuf, pid_t pid, const char *res, int sig1,
	       int sig2, double *took)
{
	double t0 = now_s();
	pid_t sg;
	int st, fd;

	fflush(NULL);
	sg = fork();
	CHECK(sg >= 0);
	if (sg == 0) {
		/* struct timespec { 1, 0 } as a string: 15 bytes + its NUL. */
		char *argv[] = { (char *)t_build_path("sysgate"), "call", "-p",
				 (char *)pidbuf,
				 "nanosleep(\"\\x01\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\", 0)",
				 "getppid()", NULL };

		fd = open(res, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	/* Wait until the target is stopped under sysgate, inside the call. */
	while (cu_status_field(pid, "TracerPid:") != sg && now_s() - t0 < 5)
		cu_sleep_ms(5);
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), sg);
	cu_sleep_ms(200);
	CHECK(kill(sg, sig1) == 0);
	if (sig2)
		CHECK(kill(sg, sig2) == 0);
	CHECK(waitpid(sg, &st, 0) == sg);
	*took = now_s() - t0;
	fprintf(stderr, "sysgate wait status %#x after %.2f s\n", st, *took);
	return st;
}

int main(void)
{
	char out[256], ready[256], res[256], pidbuf[32], *s;
	const char *dir = cu_tmpdir();
	double took;
	pid_t pid;
	int st, lines;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(res, sizeof(res), "%s/res", dir);
	pid = cu_start_writer(out, ready);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);

	/* Held: it died of the signal after the one-second call. */
	st = run(pidbuf, pid, res, SIGPIPE, 0, &took);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(WTERMSIG(st), SIGPIPE);
	CHECK(took >= 0.9);
	s = cu_read_file(res);
	fprintf(stderr, "results:\n%s", s);
	CHECK(strstr(s, "0: nanosleep(") && strstr(s, ") = 0\n1: getppid() = "));
	free(s);
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);
	lines = cu_count_lines(out);
	CHECK(cu_wait_lines(out, lines + 3, 5000));

	/* Interrupting: the call ends at once, the next one never runs. */
	st = run(pidbuf, pid, res, SIGINT, SIGTERM, &took);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 128 + SIGINT);
	CHECK(took < 0.9);
	s = cu_read_file(res);
	fprintf(stderr, "results:\n%s", s);
	CHECK(strstr(s, "0: nanosleep(") &&
	      strstr(s, ") = -1 EINTR (interrupted by SIGINT)\n"
		     "1: getppid() not run\n"));
	free(s);

	/* The target was let go and carries on. */
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);
	lines = cu_count_lines(out);
	CHECK(cu_wait_lines(out, lines + 3, 5000));
	cu_stop_writer(pid);
	unlink(out);
	unlink(ready);
	unlink(res);
	rmdir(dir);
	return 0;
}
