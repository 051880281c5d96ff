/* SPDX-License-Identifier: MIT */
/*
 * A real dynamically linked program (/bin/ls) under every backend: the
 * loader's and ls's openat() calls are seen (ld.so.cache and libc at
 * least) with readable paths, the output is produced and the exit code
 * is 0; on ptrace the exit phase gives the fds openat returned.
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
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
