/* SPDX-License-Identifier: MIT */
/*
 * SYSGATE_CPU_TIME: on the ptrace backends every stop carries the
 * tracee's system time (SYSGATE_CALL_STIME, never decreasing); calls that
 * make the kernel work (512 MiB of read() from /dev/zero) show it between
 * entry and exit, a 200 ms nanosleep shows next to none.  Without the
 * flag, and on unotify, stime_ns is 0 and the flag bit is clear.
 */
#include "intercept_util.h"

struct st {
	int want;			/* SYSGATE_CPU_TIME was asked for */
	int calls, bad;
	unsigned long long last, entry, read_ns, sleep_ns;
};

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	struct st *s = l->user;
	int has = !!(c->flags & SYSGATE_CALL_STIME);

	s->calls++;
	if (!s->want || c->backend == SYSGATE_BACKEND_UNOTIFY) {
		s->bad += has || c->stime_ns;
		return SYSGATE_ACT_CONTINUE;
	}
	s->bad += !has || c->stime_ns < s->last;
	s->last = c->stime_ns;
	if (c->phase == SYSGATE_PHASE_ENTRY) {
		s->entry = c->stime_ns;
	} else if (c->nr == SYS_read) {
		s->read_ns += c->stime_ns - s->entry;
	} else if (c->nr == SYS_clock_nanosleep || c->nr == SYS_nanosleep) {
		s->sleep_ns += c->stime_ns - s->entry;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int run(enum sysgate_backend b, unsigned int flags)
{
	char *argv[] = { (char *)t_build_path("tests/targets/trace_systime"),
			 NULL };
	struct sysgate_intercept *sess;
	struct it_log *l = calloc(1, sizeof(*l));
	struct st s = { .want = !!(flags & SYSGATE_CPU_TIME) };
	int status = -1, rc;
	pid_t pid;

	CHECK(l != NULL);
	l->user = &s;
	rc = it_new(b, flags, NULL, 0, on_call, l, &sess);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_spawn(sess, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &status), 0);
	CHECK_EQ(status, 0);
	CHECK(s.calls > 10);
	CHECK_EQ(s.bad, 0);
	if (s.want && b != SYSGATE_BACKEND_UNOTIFY) {
		CHECK(s.read_ns > 1000000ULL);
		CHECK(s.sleep_ns < 50000000ULL);
		CHECK(s.sleep_ns < s.read_ns);
	}
	sysgate_intercept_free(sess);
	free(l);
	return 0;
}

static int with_flag(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	unsigned int fl = SYSGATE_CPU_TIME;

	if (b == SYSGATE_BACKEND_UNOTIFY)
		fl |= SYSGATE_NO_EXIT_PHASE | SYSGATE_NO_REWRITE;
	return run(b, fl);
}

static int without_flag(void *arg)
{
	return run((enum sysgate_backend)(uintptr_t)arg, 0);
}

int main(void)
{
	CHECK(it_each_backend(with_flag, IT_ALL) >= 1);
	CHECK(it_each_backend(without_flag,
			      1u << SYSGATE_BACKEND_PTRACE) == 1);
	return 0;
}
