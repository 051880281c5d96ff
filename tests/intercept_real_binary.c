/* SPDX-License-Identifier: MIT */
/*
 * A real dynamically linked program (/bin/ls) under every backend: the
 * loader's and ls's openat() calls are seen (ld.so.cache and libc at
 * least) with readable paths, the output is produced and the exit code
 * is 0; on ptrace the exit phase gives the fds openat returned.  And
 * python3 printing os.getppid() with getppid emulated: prints 4242.
 */
#include <fcntl.h>

#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	char path[256];

	if (c->nr != SYS_openat)
		return SYSGATE_ACT_CONTINUE;
	if (c->phase == SYSGATE_PHASE_ENTRY) {
		if (sysgate_mem_read_str(c->pid, c->args[1], path, sizeof(path)) > 0 &&
		    strstr(path, "libc.so"))
			l->entries++;
	} else if (c->ret >= 0) {
		l->exits++;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int py_call(struct sysgate_call *c, void *ctx)
{
	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY) {
		(*(long *)ctx)++;
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	return SYSGATE_ACT_CONTINUE;
}

/* python3 prints os.getppid(): the emulated value must come out. */
static void python(enum sysgate_backend b)
{
	char *argv[] = { "python3", "-c", "import os; print(os.getppid())", NULL };
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = b, .on_call = py_call,
	};
	struct sysgate_intercept *s;
	char out[64] = "";
	long seen = 0;
	int pfd[2], st, saved;
	ssize_t n;
	pid_t pid;

	if (access("/usr/bin/python3", X_OK))
		return;
	o.ctx = &seen;
	CHECK_EQ(sysgate_intercept_new(&o, &s), 0);
	CHECK_EQ(pipe(pfd), 0);
	saved = dup(1);
	dup2(pfd[1], 1);
	close(pfd[1]);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
	dup2(saved, 1);
	close(saved);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	n = read(pfd[0], out, sizeof(out) - 1);
	CHECK(n > 0);
	out[n] = '\0';
	CHECK_STR(out, "4242\n");
	CHECK(seen >= 1);
	close(pfd[0]);
	sysgate_intercept_free(s);
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	char *argv[] = { "ls", "/", NULL };
	uint64_t filter[8] = { 0 };
	int st = -1, rc, fd;
	pid_t pid;

	if (access("/bin/ls", X_OK))
		return T_SKIP;
	filter[SYS_openat / 64] = 1ull << (SYS_openat % 64);
	rc = it_new(b, 0, filter, 512, on_call, &log, &s);
	if (rc)
		return rc;
	fd = open("/dev/null", O_WRONLY);
	dup2(fd, 1);
	close(fd);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(log.entries, 1);
	if (b == SYSGATE_BACKEND_PTRACE)
		CHECK(log.exits >= 2);
	sysgate_intercept_free(s);
	python(b);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
