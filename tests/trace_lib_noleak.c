/* SPDX-License-Identifier: MIT */
/*
 * The tracer as a library handler on an interception, run three times in
 * this process: it traces a forking shell, and afterwards no fd and no
 * child (zombie) is left behind.
 */
#include <sys/mman.h>

#include "sysgate.h"
#include "test.h"

static char buf[1 << 16];

static void one_run(void)
{
	struct sysgate_trace_opts to = { .sz = sizeof(to) };
	struct sysgate_intercept_opts io = { .sz = sizeof(io) };
	struct sysgate_trace *t;
	struct sysgate_intercept *s;
	struct sysgate_parse_error err;
	char *argv[] = { "/bin/sh", "-c", "/bin/true; exit 5", NULL };
	uint64_t filter[32];
	int out = memfd_create("trace", MFD_CLOEXEC), st = -1, rc;
	pid_t pid;
	ssize_t n;

	CHECK(out >= 0);
	to.out_fd = out;
	to.flags = SYSGATE_TRACE_PIDS;
	CHECK_EQ(sysgate_trace_new(&to, &t), 0);
	CHECK_EQ(sysgate_trace_add_expr(t, "trace=execve,exit_group", &err), 0);
	CHECK_EQ(sysgate_trace_filter(t, filter, 32 * 64), 0);
	io.flags = SYSGATE_FOLLOW_FORKS;
	io.filter = filter;
	io.filter_bits = 32 * 64;
	io.on_call = sysgate_trace_on_call;
	io.on_event = sysgate_trace_on_event;
	io.ctx = t;
	rc = sysgate_intercept_new(&io, &s);
	if (rc == -ENOSYS)
		t_skip("no interception backend: %d", rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	sysgate_intercept_free(s);
	sysgate_trace_free(t);
	n = pread(out, buf, sizeof(buf) - 1, 0);
	CHECK(n > 0);
	buf[n] = 0;
	close(out);
	CHECK(strstr(buf, "execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", "
			  "\"/bin/true; exit 5\"], ") != NULL);
	CHECK(strstr(buf, "execve(\"/bin/true\"") != NULL);
	CHECK(strstr(buf, "exit_group(5)") != NULL);
	CHECK(strstr(buf, "+++ exited with 5 +++") != NULL);
	CHECK(strstr(buf, "openat(") == NULL);
}

int main(void)
{
	int fds = t_count_fds(), i;

	for (i = 0; i < 3; i++)
		one_run();
	CHECK_EQ(t_count_fds(), fds);
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
	return 0;
}
