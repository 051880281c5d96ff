/* SPDX-License-Identifier: MIT */
/*
 * Calls of another ABI reach the handler on every backend, flagged: a
 * 64-bit tracee's int 0x80 write and getppid come with abi I386, i386
 * numbers and arguments from ebx ecx edx, and the x32 call with abi X32,
 * even when the filter (x86_64 numbers) asks for getppid only - a tracee
 * must not slip calls past a filter by switching ABI.  Emulating the
 * i386 getppid works (the target prints 4242), and the native getppid is
 * still reported as x86_64.
 */
#include "intercept_util.h"

struct seen {
	int i386_write, i386_getppid, x32, native_getppid, wrong;
	int exit_i386_write;	/* exit phase: the write's result, 6 */
};

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct seen *s = ((struct it_log *)ctx)->user;

	if (c->abi == SYSGATE_ABI_I386 && c->nr == 4) {
		if (c->phase == SYSGATE_PHASE_EXIT) {
			if (c->ret == 6)
				s->exit_i386_write++;
			return SYSGATE_ACT_CONTINUE;
		}
		if (c->args[0] != 1 || c->args[2] != 6 ||
		    c->args[1] >= 1ul << 32 || c->regs.rbx != 1)
			s->wrong++;
		s->i386_write++;
	} else if (c->abi == SYSGATE_ABI_I386 && c->nr == 64) {
		if (c->phase == SYSGATE_PHASE_ENTRY) {
			s->i386_getppid++;
			c->ret = 4242;
			return SYSGATE_ACT_RETURN;
		}
	} else if (c->abi == SYSGATE_ABI_X32) {
		if (c->phase == SYSGATE_PHASE_ENTRY &&
		    c->nr == (0x40000000L | SYS_getpid))
			s->x32++;
	} else if (c->abi == SYSGATE_ABI_X86_64 && c->nr == SYS_getppid &&
		   c->phase == SYSGATE_PHASE_ENTRY) {
		s->native_getppid++;
	} else if (c->abi != SYSGATE_ABI_X86_64) {
		s->wrong++;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one_run(enum sysgate_backend b, unsigned int flags, int filtered)
{
	const char *tgt = t_build_path("tests/targets/intercept_abi");
	static struct it_log logbuf;
	struct it_log *log = &logbuf;
	struct seen seen = { 0 };
	uint64_t filter[8] = { 0 };
	char *argv[] = { (char *)tgt, NULL }, line[256];
	struct sysgate_intercept *s;
	int st = -1, rc, fds[2];
	ssize_t n;
	pid_t pid;

	memset(log, 0, sizeof(*log));
	log->user = &seen;
	filter[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	rc = it_new(b, flags, filtered ? filter : NULL, filtered ? 512 : 0,
		    on_call, log, &s);
	if (rc)
		return rc;
	CHECK_EQ(pipe(fds), 0);
	/* the target's stdout is our pipe: read what it printed */
	{
		int saved = dup(1);

		dup2(fds[1], 1);
		CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
		dup2(saved, 1);
		close(saved);
		close(fds[1]);
	}
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	n = read(fds[0], line, sizeof(line) - 1);
	CHECK(n > 0);
	line[n > 0 ? n : 0] = 0;
	close(fds[0]);
	printf("  %s%s: %s", sysgate_backend_name(b),
	       filtered ? " (filter: getppid)" : "", line);
	fflush(stdout);
	CHECK(strstr(line, "abi32\n") == line);
	CHECK(strstr(line, "i386 write=6 getppid=4242 ") != NULL);
	CHECK_EQ(seen.i386_write, 1);
	CHECK_EQ(seen.i386_getppid, 1);
	CHECK_EQ(seen.x32, 1);
	CHECK_EQ(seen.native_getppid, 1);
	CHECK_EQ(seen.wrong, 0);
	if (!(flags & SYSGATE_NO_EXIT_PHASE) && b != SYSGATE_BACKEND_UNOTIFY)
		CHECK_EQ(seen.exit_i386_write, 1);
	sysgate_intercept_free(s);
	return 0;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	unsigned int nx = SYSGATE_NO_EXIT_PHASE | SYSGATE_NO_REWRITE;
	int rc;

	if (b == SYSGATE_BACKEND_UNOTIFY) {
		rc = one_run(b, nx, 1);
		return rc ? rc : one_run(b, nx, 0);
	}
	rc = one_run(b, 0, 1);
	if (!rc)
		rc = one_run(b, 0, 0);
	/* the syscall-info-only path (no register frame) */
	if (!rc)
		rc = one_run(b, SYSGATE_NO_REWRITE, 1);
	if (!rc)
		rc = one_run(b, SYSGATE_NO_REWRITE, 0);
	return rc;
}

int main(void)
{
	const char *tgt = t_build_path("tests/targets/intercept_abi");
	int st;

	if (access(tgt, X_OK))
		t_skip("no %s", tgt);
	/* int 0x80 needs IA32 emulation (off with ia32_emulation=0) */
	st = system(tgt);
	if (st != 0)
		t_skip("int 0x80 does not work on this kernel");
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
