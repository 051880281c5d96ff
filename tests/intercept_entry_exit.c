/* SPDX-License-Identifier: MIT */
/*
 * Entry (and, where the backend has one, exit) of a call the target makes
 * with known arguments: nr, the six arguments, the result, and the frame
 * (orig_rax == nr, the two bytes before rip are `syscall` 0f 05).
 */
#include "intercept_util.h"

struct seen {
	int entries, exits;
	int args_ok, ret_ok, frame_ok, flags_ok;
	pid_t parent;
};

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	struct seen *s = l->user;
	unsigned char insn[2] = { 0, 0 };

	if (c->nr != SYS_getppid)
		return SYSGATE_ACT_CONTINUE;
	if (c->phase == SYSGATE_PHASE_ENTRY) {
		s->entries++;
		s->args_ok = c->args[0] == 0x1111 && c->args[1] == 0x2222 &&
			     c->args[2] == 0x3333 && c->args[3] == 0x4444 &&
			     c->args[4] == 0x5555 && c->args[5] == 0x6666 &&
			     c->tid == c->pid && c->pid > 0;
		if (c->backend == SYSGATE_BACKEND_UNOTIFY) {
			s->flags_ok = !(c->flags & (SYSGATE_CALL_REGS |
						    SYSGATE_CALL_CAN_REWRITE |
						    SYSGATE_CALL_HAS_EXIT));
			/* rip is still known from seccomp_data */
			s->frame_ok = sysgate_mem_read(c->pid, c->regs.rip - 2,
						       insn, 2) == 2 &&
				      insn[0] == 0x0f && insn[1] == 0x05;
		} else {
			s->flags_ok = (c->flags & SYSGATE_CALL_REGS) &&
				      (c->flags & SYSGATE_CALL_CAN_REWRITE) &&
				      (c->flags & SYSGATE_CALL_HAS_EXIT) &&
				      /* sysemu: an emulated call has no exit */
				      !!(c->flags & SYSGATE_CALL_EXIT_AFTER_RETURN) ==
					      (c->backend == SYSGATE_BACKEND_PTRACE);
			s->frame_ok = c->regs.orig_rax == SYS_getppid &&
				      c->regs.rdi == 0x1111 && c->regs.r10 == 0x4444 &&
				      c->regs.r9 == 0x6666 &&
				      sysgate_mem_read(c->pid, c->regs.rip - 2,
						       insn, 2) == 2 &&
				      insn[0] == 0x0f && insn[1] == 0x05;
		}
	} else {
		s->exits++;
		s->ret_ok = c->ret == s->parent && c->args[0] == 0x1111 &&
			    c->args[5] == 0x6666 && c->regs.rax == (unsigned long)c->ret;
	}
	return SYSGATE_ACT_CONTINUE;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	struct seen seen = { .parent = getpid() };
	int st = -1, rc;

	log.user = &seen;
	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(it_run(s, "args", NULL, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(seen.entries, 1);
	CHECK(seen.args_ok);
	CHECK(seen.flags_ok);
	CHECK(seen.frame_ok);
	if (b != SYSGATE_BACKEND_UNOTIFY) {
		/* sysemu: the CONTINUE'd call is re-issued, its exit real */
		CHECK_EQ(seen.exits, 1);
		CHECK(seen.ret_ok);
	} else {
		CHECK_EQ(seen.exits, 0);
	}
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_START), 1);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_EXIT), 1);
	sysgate_intercept_free(s);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}
