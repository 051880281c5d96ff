/* SPDX-License-Identifier: MIT */
/*
 * call_expr - the expression language of `sysgate call`: one C-like system
 * call per expression, e.g.
 *
 *	openat(AT_FDCWD, "/tmp/log", O_WRONLY|O_CREAT|O_APPEND, 0644)
 *	dup2($0, 1)
 *	read(3, buf(64), 64)
 *
 * Pure logic: no I/O, no global state.  Names and constants are resolved
 * through the public lookups of libsysgate (sysgate_syscall_lookup(),
 * sysgate_const_lookup()), so an expression that parses can be run as is.
 * The grammar is written down in man/sysgate-call.1.
 */
#ifndef SG_TOOLS_CALL_EXPR_H
#define SG_TOOLS_CALL_EXPR_H

#include <stddef.h>

#define CALLX_MAX_ARGS 6
/* Bounds that keep a single argument from exhausting the scratch area. */
#define CALLX_BUF_MAX (1L << 20)
#define CALLX_STR_MAX (1L << 20)
/* Highest number syscall_NNN may name (the batch API refuses more). */
#define CALLX_NR_MAX 0xffff

enum callx_kind {
	CALLX_INT = 0,	/* val is the value */
	CALLX_STR,	/* str[0..len) plus a NUL goes to scratch memory */
	CALLX_REF,	/* val is the index of an earlier call ($N) */
	CALLX_BUF,	/* val zeroed bytes of scratch, printed afterwards */
};

struct callx_arg {
	enum callx_kind kind;
	long val;
	char *str;		/* CALLX_STR: decoded bytes, NUL-terminated */
	size_t len;		/* CALLX_STR: bytes without the final NUL */
	int pos, end;		/* the argument's source span [pos, end) */
};

struct callx_call {
	long nr;
	int nargs;
	struct callx_arg args[CALLX_MAX_ARGS];
	/* "name(arg, arg)": the source with spacing normalised, malloc'ed. */
	char *text;
};

/* Where and why an expression did not parse. */
struct callx_error {
	int pos;		/* byte offset of the offending character */
	char msg[160];		/* "unexpected ')'" */
	char note[160];		/* "expected ',' or ')'", or "" */
	char hint[160];		/* "open, openat" (closest names) or "" */
};

/*
 * callx_parse - parse expr, the call with index `index` of its batch ($N
 * must name an index below it).  On success fills *c (release it with
 * callx_call_free()) and returns 0.  On failure returns -EINVAL with *err
 * filled and *c left empty (nothing to free), or -ENOMEM.
 */
int callx_parse(const char *expr, int index, struct callx_call *c,
		struct callx_error *err);

/* Free what callx_parse() allocated in c; c is zeroed.  NULL is a no-op. */
void callx_call_free(struct callx_call *c);

/*
 * callx_column - 1-based display column of byte offset pos in expr
 * (UTF-8 continuation bytes do not start a column).
 */
int callx_column(const char *expr, int pos);

/*
 * callx_caret - write into buf a line that puts '^' under byte pos of expr
 * when printed below it (tabs are kept so they line up).  Returns the
 * length snprintf would have written.
 */
int callx_caret(const char *expr, int pos, char *buf, size_t len);

/*
 * callx_distance - edit distance (insert, delete, substitute, swap two
 * neighbours), ASCII case ignored; stops counting above max and returns
 * max + 1 then.
 */
int callx_distance(const char *a, const char *b, int max);

/*
 * callx_escape - write len bytes of s as the inside of a C string literal
 * (\n, \", \\, \xNN ...) into buf, at most cap bytes including the NUL.
 * Returns the length snprintf would have written.
 */
int callx_escape(const char *s, size_t len, char *buf, size_t cap);

#endif
