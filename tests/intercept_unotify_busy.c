/* SPDX-License-Identifier: MIT */
/*
 * Only one seccomp listener per filter chain: when the supervisor itself
 * already runs under a listener, the unotify backend is refused with a
 * reason naming EBUSY, and auto falls back to ptrace, which then works
 * (the target's emulated getppid proves calls are intercepted).
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "intercept_util.h"

static int on_call(struct sysgate_call *c, void *ctx)
{
	if (c->nr == SYS_getppid) {
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	if (c->nr == SYS_openat && c->phase == SYSGATE_PHASE_ENTRY) {
		char path[64];

		if (sysgate_mem_read_str(c->pid, c->args[1], path, sizeof(path)) > 0 &&
		    !strcmp(path, "/etc/hostname")) {
			c->ret = -EACCES;
			return SYSGATE_ACT_RETURN;
		}
	}
	return SYSGATE_ACT_CONTINUE;
}

static int body(void *arg)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = SYSGATE_BACKEND_UNOTIFY,
		.flags = SYSGATE_NO_EXIT_PHASE | SYSGATE_NO_REWRITE,
		.on_call = on_call,
	};
	struct sysgate_intercept *s, *late;
	char *argv[] = { (char *)it_target(), "emulate", NULL };
	int st = -1, rc;
	pid_t pid;

	(void)arg;
	/* unotify must work here first, else there is nothing to test */
	rc = sysgate_intercept_new(&o, &s);
	if (rc == -ENOSYS)
		return T_SKIP;
	CHECK_EQ(rc, 0);
	sysgate_intercept_free(s);
	/* auto picked unotify, and the listener appears before spawn() */
	o.backend = SYSGATE_BACKEND_AUTO;
	CHECK_EQ(sysgate_intercept_new(&o, &late), 0);
	CHECK_EQ(sysgate_intercept_backend(late), SYSGATE_BACKEND_UNOTIFY);
	o.backend = SYSGATE_BACKEND_UNOTIFY;

	/* become a process that already has a listener */
	CHECK_EQ(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	rc = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	CHECK(rc >= 0);

	/* spawn finds out (EBUSY) and falls back to ptrace by itself */
	CHECK_EQ(sysgate_intercept_spawn(late, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_backend(late), SYSGATE_BACKEND_PTRACE);
	CHECK(strstr(sysgate_intercept_error(late), "EBUSY") != NULL);
	CHECK_EQ(sysgate_intercept_run(late, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	sysgate_intercept_free(late);

	CHECK_EQ(sysgate_intercept_new(&o, &s), -ENOSYS);
	CHECK(strstr(sysgate_intercept_error(NULL), "EBUSY") != NULL);
	o.backend = SYSGATE_BACKEND_AUTO;
	CHECK_EQ(sysgate_intercept_new(&o, &s), 0);
	CHECK_EQ(sysgate_intercept_backend(s), SYSGATE_BACKEND_PTRACE);
	CHECK(strstr(sysgate_intercept_error(s), "EBUSY") != NULL);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	int st = t_fork(body, NULL, 30);

	if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP)
		t_skip("seccomp user notification unavailable");
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}
