/* SPDX-License-Identifier: MIT */
/*
 * -e expressions, table-driven: what parses, what the resulting filter
 * holds, and where (byte offset) and why the bad ones fail.
 */
#include <stdint.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

static const struct {
	const char *expr;
	int pos;		/* -1: must parse */
	const char *msg;	/* substring of the error */
} cases[] = {
	{ "trace=openat", -1, NULL },
	{ "openat,close", -1, NULL },
	{ "t=read", -1, NULL },
	{ "trace=%file", -1, NULL },
	{ "trace=file", -1, NULL },
	{ "trace=!%memory", -1, NULL },
	{ "trace=/^open", -1, NULL },
	{ "trace=?nosuchcall,read", -1, NULL },
	{ "trace=all", -1, NULL },
	{ "trace=none", -1, NULL },
	{ "trace=syscall_400", -1, NULL },
	{ "status=failed", -1, NULL },
	{ "status=!successful", -1, NULL },
	{ "inject=openat:error=ENOSPC", -1, NULL },
	{ "inject=openat:retval=42", -1, NULL },
	{ "inject=read,write:error=EIO:when=3", -1, NULL },
	{ "inject=%file:error=13:when=2..4", -1, NULL },
	{ "inject=openat:error=ENOENT:when=1+2", -1, NULL },
	{ "inject=openat:error=ENOENT:when=5+", -1, NULL },
	{ "inject=openat:error=ENOENT:when=2..9+3", -1, NULL },
	{ "fault=getppid", -1, NULL },
	{ "trace=opnat", 6, "invalid system call 'opnat'" },
	{ "trace=read,opnat", 11, "did you mean: openat" },
	{ "trace=%fle", 6, "did you mean: %file" },
	{ "trace=", 6, "empty system call set" },
	{ "trace=read,,write", 11, "empty system call name" },
	{ "trace=/(", 7, "invalid regular expression" },
	{ "trace=/^zzzz", 6, "matches no system call" },
	{ "foo=bar", 0, "invalid qualifier 'foo'" },
	{ "", 0, "empty expression" },
	{ "inject=openat", 13, "needs :error=E or :retval=N" },
	{ "inject=openat:error=ENOSPX", 20, "invalid error code 'ENOSPX'" },
	{ "inject=openat:error=ENOSPC:when=0", 32, "when= expects" },
	{ "inject=openat:error=ENOSPC:when=3..x", 35, "expected the last" },
	{ "inject=openat:error=ENOSPC:when=5..3", 35, "before its start" },
	{ "inject=openat:error=ENOSPC:when=2+0", 34, "expected a step" },
	{ "inject=openat:error=ENOSPC:when=2x", 33, "unexpected 'x'" },
	{ "inject=openat:error=ENOSPC:retval=1", 27, "given twice" },
	{ "inject=openat:errno=ENOSPC", 14, "unknown inject option 'errno'" },
	{ "inject=openat:signal=SIGFOO", 21, "invalid signal 'SIGFOO'" },
	{ "inject=openat:signal=SIGSEGV", -1, NULL },
	{ "signal=!SIGCHLD", -1, NULL },
	{ "inject=openat:retval=-5", 21, "would read as an error" },
	{ "inject=openat:retval=12z", 23, "retval= expects" },
	{ "inject=opnat:error=EIO", 7, "did you mean: openat" },
	{ "inject=openat:error", 14, "expected KEY=VALUE" },
	{ "status=nope", 7, "invalid status 'nope'" },
};

static int has(const uint64_t *f, long nr)
{
	return (int)(f[nr / 64] >> (nr % 64) & 1);
}

static void filter_of(const char *expr, uint64_t *f, unsigned int bits)
{
	struct sysgate_trace *t;
	struct sysgate_parse_error err;

	CHECK_EQ(sysgate_trace_new(NULL, &t), 0);
	CHECK_EQ(sysgate_trace_add_expr(t, expr, &err), 0);
	CHECK_EQ(sysgate_trace_filter(t, f, bits), 0);
	sysgate_trace_free(t);
}

int main(void)
{
	struct sysgate_trace *t;
	struct sysgate_parse_error err;
	unsigned int bits = (unsigned int)sysgate_syscall_count();
	uint64_t f[32];
	size_t i;
	int rc;

	CHECK(bits <= 32 * 64);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(sysgate_trace_new(NULL, &t), 0);
		memset(&err, 0x55, sizeof(err));
		rc = sysgate_trace_add_expr(t, cases[i].expr, &err);
		if (cases[i].pos < 0) {
			if (rc)
				fprintf(stderr, "'%s': %s at %d\n",
					cases[i].expr, err.msg, err.pos);
			CHECK_EQ(rc, 0);
		} else {
			if (rc != -EINVAL || err.pos != cases[i].pos ||
			    !strstr(err.msg, cases[i].msg))
				fprintf(stderr, "'%s': rc %d pos %d msg '%s'\n",
					cases[i].expr, rc, err.pos, err.msg);
			CHECK_EQ(rc, -EINVAL);
			CHECK_EQ(err.pos, cases[i].pos);
			CHECK(strstr(err.msg, cases[i].msg) != NULL);
		}
		sysgate_trace_free(t);
	}

	/* What the sets select. */
	filter_of("trace=openat", f, bits);
	CHECK(has(f, SYS_openat) && !has(f, SYS_read) && !has(f, SYS_close));
	filter_of("trace=%file", f, bits);
	CHECK(has(f, SYS_openat) && has(f, SYS_stat) && !has(f, SYS_read));
	filter_of("trace=!%file", f, bits);
	CHECK(!has(f, SYS_openat) && has(f, SYS_read));
	filter_of("trace=/^(open|close)$", f, bits);
	CHECK(has(f, SYS_open) && has(f, SYS_close) && !has(f, SYS_openat));
	filter_of("trace=%%stat", f, bits);
	CHECK(has(f, SYS_stat) && has(f, SYS_fstat) && has(f, SYS_newfstatat) &&
	      has(f, SYS_statx) && !has(f, SYS_statfs));
	filter_of("trace=%pure", f, bits);
	CHECK(has(f, SYS_getppid) && !has(f, SYS_read));
	filter_of("trace=none", f, bits);
	CHECK(!has(f, SYS_read) && !has(f, SYS_openat));
	/* A later trace= replaces the earlier one (as in strace). */
	CHECK_EQ(sysgate_trace_new(NULL, &t), 0);
	CHECK_EQ(sysgate_trace_add_expr(t, "trace=read", &err), 0);
	CHECK_EQ(sysgate_trace_add_expr(t, "trace=write", &err), 0);
	CHECK_EQ(sysgate_trace_filter(t, f, bits), 0);
	CHECK(!has(f, SYS_read) && has(f, SYS_write));
	/* Injected calls are stopped for even when not traced. */
	CHECK_EQ(sysgate_trace_add_expr(t, "inject=getppid:error=EPERM", &err),
		 0);
	CHECK_EQ(sysgate_trace_filter(t, f, bits), 0);
	CHECK(has(f, SYS_getppid) && has(f, SYS_write) && !has(f, SYS_read));
	/* Small bitmaps are filled only as far as they go. */
	f[1] = 0xdead;
	CHECK_EQ(sysgate_trace_filter(t, f, 10), 0);
	CHECK_EQ(f[1], 0xdead);
	CHECK_EQ(f[0] >> 10, 0);
	CHECK_EQ(sysgate_trace_filter(t, f, 0), -EINVAL);
	CHECK_EQ(sysgate_trace_add_expr(t, NULL, &err), -EINVAL);
	sysgate_trace_free(t);
	CHECK_EQ(sysgate_trace_add_expr(NULL, "trace=read", &err), -EINVAL);
	sysgate_trace_free(NULL);
	return 0;
}
