/* SPDX-License-Identifier: MIT */
/*
 * Option checking and backend choice: bad opts are -EINVAL (sz too
 * small, unknown flag or backend, filter without bits and the reverse,
 * unknown non-zero tail of a bigger struct); a name for each backend;
 * auto picks unotify only for entry-only, no-rewrite handlers without
 * fork following, ptrace otherwise; spawn of a missing program fails
 * with -ENOENT before anything runs; run() with nothing to run returns 0;
 * interrupt() before run() makes run() return -EINTR at once.
 */
#include "intercept_util.h"

static int body(void *arg)
{
	struct {
		struct sysgate_intercept_opts o;
		char tail[16];
	} big;
	struct sysgate_intercept_opts o;
	struct sysgate_intercept *s = NULL;
	uint64_t f = 1;
	char *missing[] = { "/nonexistent/sysgate-missing", NULL };
	char *nopath[] = { "sysgate-no-such-command", NULL };
	pid_t pid = 0;
	int st, rc;

	(void)arg;
	CHECK_EQ(sysgate_intercept_new(NULL, NULL), -EINVAL);
	memset(&o, 0, sizeof(o));
	o.sz = 8;
	CHECK_EQ(sysgate_intercept_new(&o, &s), -EINVAL);
	o.sz = sizeof(o);
	o.flags = 1u << 30;
	CHECK_EQ(sysgate_intercept_new(&o, &s), -EINVAL);
	o.flags = 0;
	o.backend = (enum sysgate_backend)42;
	CHECK_EQ(sysgate_intercept_new(&o, &s), -EINVAL);
	o.backend = SYSGATE_BACKEND_AUTO;
	o.filter = &f;
	CHECK_EQ(sysgate_intercept_new(&o, &s), -EINVAL);
	o.filter = NULL;
	o.filter_bits = 64;
	CHECK_EQ(sysgate_intercept_new(&o, &s), -EINVAL);
	o.filter_bits = 0;
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.tail[3] = 1;
	CHECK_EQ(sysgate_intercept_new(&big.o, &s), -EINVAL);
	CHECK(s == NULL);
	big.tail[3] = 0;
	CHECK_EQ(sysgate_intercept_new(&big.o, &s), 0);	/* zero tail: fine */
	sysgate_intercept_free(s);

	CHECK_STR(sysgate_backend_name(SYSGATE_BACKEND_PTRACE), "ptrace");
	CHECK_STR(sysgate_backend_name(SYSGATE_BACKEND_SYSEMU), "sysemu");
	CHECK_STR(sysgate_backend_name(SYSGATE_BACKEND_UNOTIFY), "unotify");
	CHECK_STR(sysgate_backend_name(SYSGATE_BACKEND_AUTO), "auto");
	CHECK(sysgate_backend_name((enum sysgate_backend)42) == NULL);

	/* defaults: auto -> ptrace */
	CHECK_EQ(sysgate_intercept_new(NULL, &s), 0);
	CHECK_EQ(sysgate_intercept_backend(s), SYSGATE_BACKEND_PTRACE);
	CHECK_EQ(sysgate_intercept_spawn(s, missing, NULL, &pid), -ENOENT);
	CHECK_EQ(sysgate_intercept_spawn(s, nopath, NULL, &pid), -ENOENT);
	CHECK(strlen(sysgate_intercept_error(s)) > 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	sysgate_intercept_free(s);

	/* entry-only, no rewrite, no forks: unotify when the kernel has it */
	o.flags = SYSGATE_NO_EXIT_PHASE | SYSGATE_NO_REWRITE;
	CHECK_EQ(sysgate_intercept_new(&o, &s), 0);
	rc = sysgate_intercept_backend(s);
	CHECK(rc == SYSGATE_BACKEND_UNOTIFY || rc == SYSGATE_BACKEND_PTRACE);
	if (rc == SYSGATE_BACKEND_PTRACE)
		CHECK(strlen(sysgate_intercept_error(s)) > 0);	/* why not */
	sysgate_intercept_free(s);
	o.flags |= SYSGATE_FOLLOW_FORKS;
	CHECK_EQ(sysgate_intercept_new(&o, &s), 0);
	CHECK_EQ(sysgate_intercept_backend(s), SYSGATE_BACKEND_PTRACE);
	sysgate_intercept_free(s);
	sysgate_intercept_free(NULL);
	sysgate_intercept_interrupt(NULL);

	/* interrupt() before run(): run() returns -EINTR at once, kills */
	{
		char *argv[] = { (char *)it_target(), "sleeper", NULL };
		enum sysgate_backend bs[] = { SYSGATE_BACKEND_PTRACE,
					      SYSGATE_BACKEND_UNOTIFY };
		unsigned int i;

		for (i = 0; i < 2; i++) {
			o.flags = 0;
			o.backend = bs[i];
			if (sysgate_intercept_new(&o, &s) == -ENOSYS)
				continue;
			CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
			sysgate_intercept_interrupt(s);
			CHECK_EQ(sysgate_intercept_run(s, &st), -EINTR);
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
			CHECK(kill(pid, 0) < 0 && errno == ESRCH);
			/* run() again: nothing left */
			CHECK_EQ(sysgate_intercept_run(s, &st), 0);
			sysgate_intercept_free(s);
		}
		CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	}
	return 0;
}

int main(void)
{
	int st = t_fork(body, NULL, 30);

	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}
