/* SPDX-License-Identifier: MIT */
/*
 * sysemu: a call the handler lets run (re-issued) has a real exit phase
 * when the handler wants exits; an emulated one has none.
 *  - "args": the CONTINUE'd getppid's exit carries the real result (the
 *    supervisor's pid) and the arguments it ran with;
 *  - "emulate": getppid emulated (4242, no exit reported), the openat
 *    of /etc/hostname CONTINUE'd: its exit shows the real fd, and the
 *    handler turns it into -EACCES there (the target checks both);
 *  - "exitchange": getppid's result rewritten to 777 at exit;
 *  - with SYSGATE_NO_EXIT_PHASE nothing has an exit phase.
 * The execve's exit is reported too (ret 0).
 */
#include "intercept_util.h"

struct sx_log {
	long ppid_entries, ppid_exits, open_entries, open_exits;
	long exec_exits, other_exits, bad_flags;
	long open_fd;
	int rewrite_ppid;	/* exitchange: 777 at getppid's exit */
	int emulate_ppid;	/* emulate: 4242 at getppid's entry */
	int deny_open;		/* emulate: -EACCES at openat's exit */
	unsigned int want_flags;	/* HAS_EXIT expected at entry */
};

static int sx_is_hostname(const struct sysgate_call *c)
{
	char path[64];

	return sysgate_mem_read_str(c->pid, c->args[1], path,
				    sizeof(path)) > 0 &&
	       !strcmp(path, "/etc/hostname");
}

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	struct sx_log *x = l->user;

	if (c->phase == SYSGATE_PHASE_ENTRY) {
		CHECK_EQ(c->backend, SYSGATE_BACKEND_SYSEMU);
		/*
		 * sysemu: exits only for calls that run, not after RETURN
		 * (except the first execve, entered under PTRACE_SYSCALL:
		 * the flags say so per call).
		 */
		if ((c->flags & (SYSGATE_CALL_HAS_EXIT |
				 SYSGATE_CALL_EXIT_AFTER_RETURN)) !=
		    x->want_flags && c->nr != SYS_execve)
			x->bad_flags++;
		if (!!(c->flags & SYSGATE_CALL_HAS_EXIT) !=
		    !!(x->want_flags & SYSGATE_CALL_HAS_EXIT))
			x->bad_flags++;
		if (c->nr == SYS_getppid) {
			x->ppid_entries++;
			if (x->emulate_ppid) {
				c->ret = 4242;
				return SYSGATE_ACT_RETURN;
			}
		}
		if (c->nr == SYS_openat && sx_is_hostname(c))
			x->open_entries++;
		return SYSGATE_ACT_CONTINUE;
	}
	l->exits++;
	switch (c->nr) {
	case SYS_getppid:
		x->ppid_exits++;
		CHECK_EQ(c->ret, getpid());	/* the real result */
		if (!x->emulate_ppid && !x->rewrite_ppid) {
			/* "args": what the call ran with */
			CHECK_EQ(c->args[0], 0x1111);
			CHECK_EQ(c->args[5], 0x6666);
		}
		if (x->rewrite_ppid) {
			c->ret = 777;
			return SYSGATE_ACT_RETURN;
		}
		return SYSGATE_ACT_CONTINUE;
	case SYS_openat:
		if (!sx_is_hostname(c))
			return SYSGATE_ACT_CONTINUE;
		x->open_exits++;
		x->open_fd = c->ret;
		if (x->deny_open) {
			c->ret = -EACCES;
			return SYSGATE_ACT_RETURN;
		}
		return SYSGATE_ACT_CONTINUE;
	case SYS_execve:
		x->exec_exits++;
		CHECK_EQ(c->ret, 0);
		return SYSGATE_ACT_CONTINUE;
	default:
		x->other_exits++;
		return SYSGATE_ACT_CONTINUE;
	}
}

static int sx_run(const char *mode, unsigned int flags, const uint64_t *filter,
		  struct sx_log *x, struct it_log *log)
{
	struct sysgate_intercept *s;
	int st = -1, rc;

	memset(log, 0, sizeof(*log));
	log->user = x;
	rc = it_new(SYSGATE_BACKEND_SYSEMU, flags, filter, filter ? 512 : 0,
		    on_call, log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, mode, NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	sysgate_intercept_free(s);
	CHECK_EQ(x->bad_flags, 0);
	return 0;
}

static int one(void *arg)
{
	static struct it_log log;
	struct sx_log x;
	uint64_t filter[8] = { 0 };
	int rc;

	(void)arg;
	/* CONTINUE'd getppid: its exit, with the real result */
	memset(&x, 0, sizeof(x));
	x.want_flags = SYSGATE_CALL_HAS_EXIT;
	rc = sx_run("args", 0, NULL, &x, &log);
	if (rc)
		return rc;
	CHECK_EQ(x.ppid_entries, 1);
	CHECK_EQ(x.ppid_exits, 1);
	CHECK_EQ(x.exec_exits, 1);
	CHECK(x.other_exits > 0);	/* every call ran and had its exit */

	/* emulated getppid: no exit; CONTINUE'd openat: exit, rewritten */
	memset(&x, 0, sizeof(x));
	x.want_flags = SYSGATE_CALL_HAS_EXIT;
	x.emulate_ppid = 1;
	x.deny_open = 1;
	rc = sx_run("emulate", 0, NULL, &x, &log);
	if (rc)
		return rc;
	CHECK_EQ(x.ppid_entries, 1);
	CHECK_EQ(x.ppid_exits, 0);
	CHECK_EQ(x.open_entries, 1);
	CHECK_EQ(x.open_exits, 1);
	CHECK(x.open_fd >= 0);		/* it really opened the file */

	/* the same through the filter (unwanted calls re-issued silently) */
	memset(&x, 0, sizeof(x));
	x.want_flags = SYSGATE_CALL_HAS_EXIT;
	x.emulate_ppid = 1;
	x.deny_open = 1;
	filter[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	filter[SYS_openat / 64] |= 1ull << (SYS_openat % 64);
	rc = sx_run("emulate", 0, filter, &x, &log);
	if (rc)
		return rc;
	CHECK_EQ(x.ppid_exits, 0);
	CHECK_EQ(x.open_exits, 1);
	CHECK(x.open_fd >= 0);
	CHECK_EQ(x.other_exits, 0);	/* only wanted calls have exits */
	CHECK_EQ(x.exec_exits, 1);	/* execve is always seen */

	/* a rewritten exit result reaches the tracee */
	memset(&x, 0, sizeof(x));
	x.want_flags = SYSGATE_CALL_HAS_EXIT;
	x.rewrite_ppid = 1;
	rc = sx_run("exitchange", 0, filter, &x, &log);
	if (rc)
		return rc;
	CHECK_EQ(x.ppid_entries, 1);
	CHECK_EQ(x.ppid_exits, 1);

	/* entries only: no exit phase at all */
	memset(&x, 0, sizeof(x));
	x.want_flags = 0;
	rc = sx_run("args", SYSGATE_NO_EXIT_PHASE, NULL, &x, &log);
	if (rc)
		return rc;
	CHECK_EQ(x.ppid_entries, 1);
	CHECK_EQ(log.exits, 0);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, 1u << SYSGATE_BACKEND_SYSEMU))
		t_skip("sysemu backend unavailable");
	return 0;
}
