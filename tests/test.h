/* SPDX-License-Identifier: MIT */
/*
 * Tiny test harness: each test is one program checking one behaviour.
 * Exit 0 = pass, 77 = skipped (print "SKIP: reason" first), else fail.
 * Tests that install seccomp filters, SIGSYS handlers or ptrace do it in a
 * forked child (t_fork), since those cannot be undone.
 */
#ifndef SG_TEST_H
#define SG_TEST_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define T_SKIP 77

#define CHECK(c)                                                          \
	do {                                                              \
		if (!(c)) {                                               \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",      \
				__FILE__, __LINE__, #c);                  \
			exit(1);                                          \
		}                                                         \
	} while (0)

#define CHECK_EQ(a, b)                                                    \
	do {                                                              \
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);   \
		if (t_a_ != t_b_) {                                       \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, " \
				"%s == %lld\n", __FILE__, __LINE__, #a,   \
				t_a_, #b, t_b_);                          \
			exit(1);                                          \
		}                                                         \
	} while (0)

#define CHECK_STR(a, b)                                                   \
	do {                                                              \
		const char *t_a_ = (a), *t_b_ = (b);                      \
		if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_)) {               \
			fprintf(stderr, "%s:%d: CHECK_STR failed: %s == "  \
				"\"%s\", expected \"%s\"\n", __FILE__,    \
				__LINE__, #a, t_a_ ? t_a_ : "(null)",     \
				t_b_ ? t_b_ : "(null)");                  \
			exit(1);                                          \
		}                                                         \
	} while (0)

static inline void __attribute__((noreturn, format(printf, 1, 2)))
t_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("SKIP: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(T_SKIP);
}

/* Path of a build artefact: "$SYSGATE_BUILD/rel" (default build/). */
static inline const char *t_build_path(const char *rel)
{
	static char buf[8][4096];
	static int i;
	const char *b = getenv("SYSGATE_BUILD");

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", b && *b ? b : "build", rel);
	return buf[i];
}

/*
 * Run fn in a forked child with a timeout; returns its wait status.
 * The child exits with fn's return value.
 */
static inline int t_fork(int (*fn)(void *), void *arg, unsigned int timeout_s)
{
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		alarm(timeout_s);
		_exit(fn(arg));
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			exit(1);
		}
	return st;
}

/* Count this process's open fds (leak checks). */
static inline int t_count_fds(void)
{
	char path[64];
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (access(path, F_OK) == 0)
			n++;
	}
	return n;
}

#endif
