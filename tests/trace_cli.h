/* SPDX-License-Identifier: MIT */
/* Run build/sysgate with captured stdout/stderr (tests of the CLI). */
#ifndef SG_TEST_TRACE_CLI_H
#define SG_TEST_TRACE_CLI_H

#include <fcntl.h>
#include <sys/mman.h>

#include "test.h"

static __attribute__((unused)) char tc_out[1 << 20], tc_err[1 << 16];

static __attribute__((unused)) void tc_slurp(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	buf[n > 0 ? n : 0] = 0;
	close(fd);
}

/*
 * Run argv (argv[0] NULL: build/sysgate) with stdin /dev/null; returns
 * the wait status, output in tc_out/tc_err.
 */
static __attribute__((unused)) int tc_run(char **argv)
{
	int o = memfd_create("out", MFD_CLOEXEC);
	int e = memfd_create("err", MFD_CLOEXEC);
	int st;
	pid_t p;

	CHECK(o >= 0 && e >= 0);
	if (!argv[0])
		argv[0] = (char *)t_build_path("sysgate");
	fflush(NULL);
	p = fork();
	CHECK(p >= 0);
	if (!p) {
		int n = open("/dev/null", O_RDONLY);

		dup2(n, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	CHECK(waitpid(p, &st, 0) == p);
	tc_slurp(o, tc_out, sizeof(tc_out));
	tc_slurp(e, tc_err, sizeof(tc_err));
	return st;
}

static __attribute__((unused)) int tc_exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Read a whole file into buf (NUL-terminated); returns its length. */
static __attribute__((unused)) size_t tc_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, got = 0;

	CHECK(fd >= 0);
	while ((n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	return (size_t)got;
}

#endif
