/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the `sysgate call` tests: run the CLI and capture its
 * output, start the call_writer target, read and poll files.
 */
#ifndef SG_TESTS_CALL_UTIL_H
#define SG_TESTS_CALL_UTIL_H

#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>

#include "test.h"

/* The whole file as a NUL-terminated string ("" when missing). */
static inline char *cu_read_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = (cap ? cap * 2 : 8192);
			buf = realloc(buf, cap);
			CHECK(buf != NULL);
		}
		if (fd < 0)
			break;
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	if (fd >= 0)
		close(fd);
	buf[len] = '\0';
	return buf;
}

static inline int cu_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static inline void cu_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Lines in path. */
static inline int cu_count_lines(const char *path)
{
	char *s = cu_read_file(path), *p;
	int n = 0;

	for (p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

/* Wait up to ms for path to hold at least n lines; returns 1 if so. */
static inline int cu_wait_lines(const char *path, int n, int ms)
{
	for (; ms > 0; ms -= 10) {
		if (cu_count_lines(path) >= n)
			return 1;
		cu_sleep_ms(10);
	}
	return cu_count_lines(path) >= n;
}

/* A fresh directory under /tmp; path[] is static per call site use. */
static inline const char *cu_tmpdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/sg-call-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	return dir;
}

/*
 * Run build/sysgate with argv (argv[0] unused, NULL-terminated), its
 * stdout and stderr captured in *out and *err (malloc'ed, may be NULL).
 * Returns the exit status, 128 + signal when it was killed.
 */
static inline int cu_sysgate(char **argv, char **out, char **err)
{
	char op[64], ep[64];
	int ofd, efd, st;
	pid_t pid;

	snprintf(op, sizeof(op), "/tmp/sg-call-out-XXXXXX");
	snprintf(ep, sizeof(ep), "/tmp/sg-call-err-XXXXXX");
	ofd = mkstemp(op);
	efd = mkstemp(ep);
	CHECK(ofd >= 0 && efd >= 0);
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		close(ofd);
		close(efd);
		argv[0] = (char *)t_build_path("sysgate");
		execv(argv[0], argv);
		_exit(126);
	}
	close(ofd);
	close(efd);
	CHECK(waitpid(pid, &st, 0) == pid);
	if (out)
		*out = cu_read_file(op);
	if (err)
		*err = cu_read_file(ep);
	/* Shown in the test log when a check fails. */
	{
		char *o = cu_read_file(op), *e = cu_read_file(ep);

		fprintf(stderr, "--- sysgate status %d\n--- stdout:\n%s--- stderr:\n%s---\n",
			WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
			o, e);
		free(o);
		free(e);
	}
	unlink(op);
	unlink(ep);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * Start the call_writer target with stdout on out_path (appended) and
 * argv[1] = ready_path; waits until it runs (ready_path exists).
 */
static inline pid_t cu_start_writer(const char *out_path, const char *ready_path)
{
	const char *exe = t_build_path("tests/targets/call_writer");
	pid_t pid;
	int i;

	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		close(fd);
		execl(exe, exe, ready_path, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 500 && !cu_exists(ready_path); i++)
		cu_sleep_ms(10);
	CHECK(cu_exists(ready_path));
	return pid;
}

/* Stop the writer with SIGUSR1 and check it exited 0 (unharmed). */
static inline void cu_stop_writer(pid_t pid)
{
	int st;

	CHECK(kill(pid, SIGUSR1) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fprintf(stderr, "writer: wait status %#x\n", st);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
}

/* A line of /proc/PID/status, e.g. "TracerPid:" -> its value. */
static inline long cu_status_field(pid_t pid, const char *field)
{
	char path[64], *s, *p;
	long v = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	s = cu_read_file(path);
	p = strstr(s, field);
	if (p)
		v = strtol(p + strlen(field), NULL, 10);
	free(s);
	return v;
}

/*
 * cu_start_writer() with the writer's stdin on a pipe nothing is written
 * to (a read(0, ...) in it blocks); *wfd gets the pipe's write end.
 */
static inline pid_t cu_start_writer_blocked(const char *out_path,
					    const char *ready_path, int *wfd)
{
	const char *exe = t_build_path("tests/targets/call_writer");
	int fds[2], i;
	pid_t pid;

	CHECK_EQ(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fds[0], 0) < 0)
			_exit(126);
		close(fd);
		close(fds[0]);
		close(fds[1]);
		execl(exe, exe, ready_path, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	*wfd = fds[1];
	for (i = 0; i < 500 && !cu_exists(ready_path); i++)
		cu_sleep_ms(10);
	CHECK(cu_exists(ready_path));
	return pid;
}

/*
 * Start build/sysgate with argv (argv[0] unused) in the background, its
 * stdout and stderr to the files out_path and err_path; returns its pid.
 */
static inline pid_t cu_sysgate_bg(char **argv, const char *out_path,
				  const char *err_path)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		argv[0] = (char *)t_build_path("sysgate");
		execv(argv[0], argv);
		_exit(126);
	}
	return pid;
}

/* Is a sysgate stub area still mapped in pid? */
static inline int cu_stub_mapped(pid_t pid)
{
	char path[64], *s;
	int found;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	s = cu_read_file(path);
	found = strstr(s, "sysgate-stub") != NULL;
	free(s);
	return found;
}

/* /proc/PID/syscall starts with nr: is pid blocked in system call nr? */
static inline int cu_in_syscall(pid_t pid, long nr)
{
	char path[64], *s;
	int in;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	s = cu_read_file(path);
	in = strtol(s, NULL, 10) == nr && strncmp(s, "running", 7) != 0;
	free(s);
	return in;
}

#endif
