/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the remote_* tests: every test runs its body once per
 * transport; a transport that returns -ENOSYS is noted and skipped.
 */
#ifndef SG_TEST_REMOTE_UTIL_H
#define SG_TEST_REMOTE_UTIL_H

#include <stdio.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "tests/test.h"

static const char *const rt_names[] = { "ptrace", "futex" };

/* Switch p to t: 1 when usable, 0 when not available here (p freed). */
static inline int rt_use(struct sysgate_proc *p, enum sysgate_transport t)
{
	int r;

	if (t == SYSGATE_TRANSPORT_PTRACE)
		return 1;
	r = sysgate_proc_set_transport(p, t);
	if (r == -ENOSYS) {
		printf("note: %s transport not available, that half skipped\n",
		       rt_names[t]);
		sysgate_proc_free(p);
		return 0;
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(sysgate_proc_transport(p), t);
	return 1;
}

/* Spawn argv on transport t; NULL when t is not available. */
static inline struct sysgate_proc *rt_spawn(char *const argv[],
					    enum sysgate_transport t)
{
	struct sysgate_proc *p = NULL;
	int r = sysgate_proc_spawn(argv, NULL, 0, &p);

	if (r == -EPERM)
		t_skip("ptrace is not permitted here (spawn: -EPERM)");
	CHECK_EQ(r, 0);
	CHECK(p != NULL);
	return rt_use(p, t) ? p : NULL;
}

static inline struct sysgate_proc *rt_spawn_true(enum sysgate_transport t)
{
	static char *argv[] = { "/bin/true", NULL };

	return rt_spawn(argv, t);
}

/* Fork + exec tests/targets/remote_ticker MODE N, its stdout in *out. */
static inline pid_t rt_start_ticker(const char *mode, int n, FILE **out)
{
	char num[16];
	int fds[2];
	pid_t pid;

	CHECK_EQ(pipe(fds), 0);
	snprintf(num, sizeof(num), "%d", n);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		const char *tgt = t_build_path("tests/targets/remote_ticker");

		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(tgt, tgt, mode, num, (char *)NULL);
		_exit(99);
	}
	close(fds[1]);
	*out = fdopen(fds[0], "r");
	CHECK(*out != NULL);
	return pid;
}

/* Is a sysgate stub area mapped in pid? */
static inline int rt_stub_mapped(pid_t pid)
{
	char path[64], line[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "sysgate-stub"))
			found = 1;
	fclose(f);
	return found;
}

#define RT_FOR_EACH_TRANSPORT(t)                                          \
	for (enum sysgate_transport t = SYSGATE_TRANSPORT_PTRACE;         \
	     t <= SYSGATE_TRANSPORT_FUTEX;                                \
	     t = (enum sysgate_transport)(t + 1))

#endif
