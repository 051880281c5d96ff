/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the intercept_* tests: run a target under one backend
 * and collect what the handler and the event callback saw.
 */
#ifndef SG_TEST_INTERCEPT_UTIL_H
#define SG_TEST_INTERCEPT_UTIL_H

#include <dirent.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

#define IT_MAX_EV 4096

struct it_log {
	int nev;
	struct sysgate_event ev[IT_MAX_EV];
	long calls, entries, exits;
	void *user;
};

static inline void it_on_event(const struct sysgate_event *ev, void *ctx)
{
	struct it_log *l = ctx;

	if (l->nev < IT_MAX_EV)
		l->ev[l->nev++] = *ev;
}

static inline int it_count_ev(const struct it_log *l, int type)
{
	int i, n = 0;

	for (i = 0; i < l->nev; i++)
		n += (int)l->ev[i].type == type;
	return n;
}

static inline const char *it_target(void)
{
	return t_build_path("tests/targets/intercept_target");
}

/*
 * Make a session; returns 0, or 77-style skip (prints why) when the
 * backend is not available on this kernel.
 */
static inline int it_new(enum sysgate_backend b, unsigned int flags,
			 const uint64_t *filter, unsigned int bits,
			 sysgate_call_fn fn, struct it_log *log,
			 struct sysgate_intercept **s)
{
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = b, .flags = flags,
		.filter = filter, .filter_bits = bits,
		.on_call = fn, .on_event = it_on_event, .ctx = log,
	};
	int rc = sysgate_intercept_new(&o, s);

	if (rc == -ENOSYS) {
		printf("backend %s unavailable\n", sysgate_backend_name(b));
		return T_SKIP;
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(sysgate_intercept_backend(*s), b);
	return 0;
}

/* Spawn the target with one mode argument and run to the end. */
static inline int it_run(struct sysgate_intercept *s, const char *mode,
			 const char *arg2, int *status)
{
	char *argv[] = { (char *)it_target(), (char *)mode, (char *)arg2, NULL };
	pid_t pid;
	int rc;

	rc = sysgate_intercept_spawn(s, argv, NULL, &pid);
	CHECK_EQ(rc, 0);
	CHECK(pid > 0);
	return sysgate_intercept_run(s, status);
}

static const enum sysgate_backend it_backends[] = {
	SYSGATE_BACKEND_PTRACE, SYSGATE_BACKEND_SYSEMU, SYSGATE_BACKEND_UNOTIFY,
};

/*
 * Run fn(backend) in a forked child for each backend; a backend that
 * skips is reported, a failure fails the test.  Returns how many ran.
 */
static inline int it_each_backend(int (*fn)(void *), unsigned int mask)
{
	unsigned int i;
	int ran = 0;

	for (i = 0; i < sizeof(it_backends) / sizeof(it_backends[0]); i++) {
		enum sysgate_backend b = it_backends[i];
		int st;

		if (!(mask & (1u << b)))
			continue;
		st = t_fork(fn, (void *)(uintptr_t)b, 50);
		if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP) {
			printf("%s: skipped\n", sysgate_backend_name(b));
			continue;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "backend %s failed (status 0x%x)\n",
				sysgate_backend_name(b), st);
			exit(1);
		}
		printf("%s: ok\n", sysgate_backend_name(b));
		ran++;
	}
	return ran;
}

#define IT_ALL ((1u << SYSGATE_BACKEND_PTRACE) | (1u << SYSGATE_BACKEND_SYSEMU) | \
		(1u << SYSGATE_BACKEND_UNOTIFY))
#define IT_PTRACE_BOTH ((1u << SYSGATE_BACKEND_PTRACE) | (1u << SYSGATE_BACKEND_SYSEMU))

/* 1 when /proc/PID/stat says the process is ptrace- or job-stopped. */
static inline int it_is_stopped(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	p = strrchr(buf, ')');
	return p && (p[2] == 't' || p[2] == 'T');
}

/* 1 when any thread of pid is stopped. */
static inline int it_any_task_stopped(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int stopped = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			stopped |= it_is_stopped((pid_t)atoi(de->d_name));
	closedir(d);
	return stopped;
}

#endif
