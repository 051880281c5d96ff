/* SPDX-License-Identifier: MIT */
/*
 * The `sysgate call` expression parser, table-driven: good expressions
 * give the right numbers, strings and back-references; bad ones fail at
 * the right byte with the right message and suggestions.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"
#include "tools/call_expr.c"

#define NOARG { -1, 0, NULL }

struct good {
	const char *expr;
	int index;
	long nr;
	int nargs;
	struct {
		int kind;	/* -1: unchecked */
		long val;
		const char *str;
	} args[6];
	const char *text;
};

static const struct good goods[] = {
	{ "getppid()", 0, SYS_getppid, 0, { NOARG }, "getppid()" },
	{ "  getppid ( )  ", 0, SYS_getppid, 0, { NOARG }, "getppid()" },
	{ "openat(AT_FDCWD, \"/tmp/log\", O_WRONLY|O_CREAT|O_APPEND, 0644)", 0,
	  SYS_openat, 4,
	  { { CALLX_INT, AT_FDCWD, NULL }, { CALLX_STR, 8, "/tmp/log" },
	    { CALLX_INT, O_WRONLY | O_CREAT | O_APPEND, NULL },
	    { CALLX_INT, 0644, NULL } },
	  "openat(AT_FDCWD, \"/tmp/log\", O_WRONLY|O_CREAT|O_APPEND, 0644)" },
	{ "dup2($0, 1)", 1, SYS_dup2, 2,
	  { { CALLX_REF, 0, NULL }, { CALLX_INT, 1, NULL } }, "dup2($0, 1)" },
	{ "close( $2 )", 3, SYS_close, 1, { { CALLX_REF, 2, NULL } },
	  "close($2)" },
	{ "lseek(3,-1,SEEK_END)", 0, SYS_lseek, 3,
	  { { CALLX_INT, 3, NULL }, { CALLX_INT, -1, NULL },
	    { CALLX_INT, SEEK_END, NULL } }, "lseek(3, -1, SEEK_END)" },
	{ "syscall_39()", 0, 39, 0, { NOARG }, "syscall_39()" },
	{ "syscall_1000(1, 2, 3, 4, 5, 6)", 0, 1000, 6,
	  { { CALLX_INT, 1, NULL }, { CALLX_INT, 2, NULL },
	    { CALLX_INT, 3, NULL }, { CALLX_INT, 4, NULL },
	    { CALLX_INT, 5, NULL }, { CALLX_INT, 6, NULL } }, NULL },
	{ "mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)",
	  0, SYS_mmap, 6,
	  { { CALLX_INT, 0, NULL }, { CALLX_INT, 4096, NULL },
	    { CALLX_INT, PROT_READ | PROT_WRITE, NULL },
	    { CALLX_INT, MAP_PRIVATE | MAP_ANONYMOUS, NULL },
	    { CALLX_INT, -1, NULL }, { CALLX_INT, 0, NULL } }, NULL },
	{ "kill(1, SIGTERM)", 0, SYS_kill, 2,
	  { { CALLX_INT, 1, NULL }, { CALLX_INT, SIGTERM, NULL } }, NULL },
	{ "fcntl(0, F_SETFD, FD_CLOEXEC)", 0, SYS_fcntl, 3,
	  { { CALLX_INT, 0, NULL }, { CALLX_INT, F_SETFD, NULL },
	    { CALLX_INT, FD_CLOEXEC, NULL } }, NULL },
	/* number bases, sign, wrap-around, operators, precedence */
	{ "write(0x10, 010, 10)", 0, SYS_write, 3,
	  { { CALLX_INT, 16, NULL }, { CALLX_INT, 8, NULL },
	    { CALLX_INT, 10, NULL } }, NULL },
	{ "write(0xffffffffffffffff, 18446744073709551615, -0x7fffffffffffffff-1)",
	  0, SYS_write, 3,
	  { { CALLX_INT, -1, NULL }, { CALLX_INT, -1, NULL },
	    { CALLX_INT, LONG_MIN, NULL } }, NULL },
	{ "write(1|2+4, (1|2)+4, ~0, -(3), 0, 0)", 0, SYS_write, 6,
	  { { CALLX_INT, 1 | 6, NULL }, { CALLX_INT, 7, NULL },
	    { CALLX_INT, -1, NULL }, { CALLX_INT, -3, NULL } }, NULL },
	{ "write(SIGUSR1+1, 4096-1, ENOENT)", 0, SYS_write, 3,
	  { { CALLX_INT, SIGUSR1 + 1, NULL }, { CALLX_INT, 4095, NULL },
	    { CALLX_INT, ENOENT, NULL } }, NULL },
	/* strings and escapes */
	{ "write(1, \"a\\n\\t\\\\\\\"\\x41\\x4g\\101\\0z\", 9)", 0, SYS_write, 3,
	  { { CALLX_INT, 1, NULL }, { CALLX_STR, 11, "a\n\t\\\"A\x04gA\0z" },
	    { CALLX_INT, 9, NULL } }, NULL },
	{ "write(1, \"\", 0)", 0, SYS_write, 3,
	  { NOARG, { CALLX_STR, 0, "" }, NOARG }, "write(1, \"\", 0)" },
	{ "write(1, \"a, b)\", 4)", 0, SYS_write, 3,
	  { NOARG, { CALLX_STR, 5, "a, b)" }, NOARG }, "write(1, \"a, b)\", 4)" },
	/* buf() */
	{ "read(0, buf(64), 64)", 0, SYS_read, 3,
	  { { CALLX_INT, 0, NULL }, { CALLX_BUF, 64, NULL },
	    { CALLX_INT, 64, NULL } }, "read(0, buf(64), 64)" },
	{ "getcwd(buf ( 0x100 ), 256)", 0, SYS_getcwd, 2,
	  { { CALLX_BUF, 256, NULL }, NOARG }, "getcwd(buf ( 0x100 ), 256)" },
};

struct bad {
	const char *expr;
	int index;
	int pos;		/* byte offset the error points at */
	const char *msg;	/* substring of the message */
	const char *hint;	/* substring of the hint, NULL: hint empty */
};

static const struct bad bads[] = {
	{ "", 0, 0, "empty expression", NULL },
	{ "   ", 0, 3, "empty expression", NULL },
	{ "close($0))", 1, 9, "unexpected ')'; expected the end", NULL },
	{ "openat(AT_FDCWD, )", 0, 17, "unexpected ')'", NULL },
	{ "dup2($0, 1", 1, 10, "unexpected end of expression", NULL },
	{ "getppid", 0, 7, "expected '('", NULL },
	{ "getppid(", 0, 8, "unexpected end", NULL },
	{ "(getppid)", 0, 0, "expected a system call name", NULL },
	{ "42()", 0, 0, "unexpected '4'", NULL },
	{ "opne(\"/x\", 0)", 0, 0, "unknown system call 'opne'", "open" },
	{ "  clse(3)", 0, 2, "unknown system call 'clse'", "close" },
	{ "getpdi()", 0, 0, "unknown system call 'getpdi'", "getpid" },
	{ "nosuchsyscallatall()", 0, 0, "unknown system call", NULL },
	{ "syscall_x()", 0, 0, "unknown system call 'syscall_x'", NULL },
	{ "  syscall_65536()", 0, 2, "system call number 65536 out of range", NULL },
	{ "open(\"/x\", O_CRAET)", 0, 11, "unknown constant 'O_CRAET'", "O_CREAT" },
	{ "open(\"/x\", O_CREATE)", 0, 11, "unknown constant 'O_CREATE'", "O_CREAT" },
	{ "open(\"/x\", o_creat)", 0, 11, "unknown constant 'o_creat'", "O_CREAT" },
	{ "open(\"/x\", CREAT)", 0, 11, "unknown constant 'CREAT'", "O_CREAT" },
	{ "openat(O_FDCWD, \"/x\", 0)", 0, 7, "unknown constant", "AT_FDCWD" },
	{ "kill(1, SIGTREM)", 0, 8, "unknown constant 'SIGTREM'", "SIGTERM" },
	{ "kill(1, TERM)", 0, 8, "unknown constant 'TERM'", "SIGTERM" },
	{ "write(1, ENOENTT, 0)", 0, 9, "unknown constant", "ENOENT" },
	{ "write(1, QQQQQQQQQQQQ, 0)", 0, 9, "unknown constant 'QQQQQQQQQQQQ'", NULL },
	{ "dup2($1, 1)", 1, 5, "refers to this call itself", NULL },
	{ "dup2($5, 1)", 1, 5, "refers to a later call; $N names an earlier call, $0..$0 here", NULL },
	{ "dup2($0, 1)", 0, 5, "refers to this call itself; the first call", NULL },
	{ "dup2($, 1)", 1, 6, "expected a call index", NULL },
	{ "dup2($0|1, 1)", 1, 7, "unexpected '|'", NULL },
	{ "dup2(1|$0, 1)", 1, 7, "$N must be a whole argument", NULL },
	{ "write(1, \"abc\" + 1, 3)", 0, 15, "after a string", NULL },
	{ "write(1, 1|\"abc\", 3)", 0, 11, "a string must be a whole argument", NULL },
	{ "write(1, \"abc, 3)", 0, 9, "unterminated string", NULL },
	{ "write(1, \"a\\qb\", 3)", 0, 11, "unknown escape '\\q'", NULL },
	{ "write(1, \"a\\xzz\", 3)", 0, 11, "\\x needs", NULL },
	{ "write(1, \"a\\777\", 3)", 0, 11, "octal escape out of range", NULL },
	{ "write(1, \"a\\", 0, 9, "unterminated string", NULL },
	{ "write(08, 0, 0)", 0, 7, "invalid octal digit '8'", NULL },
	{ "write(12ab, 0, 0)", 0, 8, "invalid decimal digit 'a'", NULL },
	{ "write(0x, 0, 0)", 0, 8, "expected a hex digit", NULL },
	{ "write(0x1g, 0, 0)", 0, 9, "invalid hex digit 'g'", NULL },
	{ "write(18446744073709551616, 0, 0)", 0, 6, "does not fit in 64 bits", NULL },
	{ "write(0x10000000000000000, 0, 0)", 0, 6, "does not fit", NULL },
	{ "write(1 2, 0, 0)", 0, 8, "unexpected '2'", NULL },
	{ "write(1,, 0)", 0, 8, "unexpected ','", NULL },
	{ "write(1, 2, 3,)", 0, 14, "unexpected ')'", NULL },
	{ "write(1 | , 0)", 0, 10, "unexpected ','", NULL },
	{ "write((1, 0)", 0, 8, "expected ')'", NULL },
	{ "write(-, 0)", 0, 7, "unexpected ','", NULL },
	{ "write(1, 2, 3) x", 0, 15, "expected the end after the closing ')'", NULL },
	{ "write(1, 2, 3);", 0, 14, "unexpected ';'", NULL },
	{ "syscall_1000(1, 2, 3, 4, 5, 6, 7)", 0, 31, "too many arguments", NULL },
	{ "read(0, buf(0), 1)", 0, 12, "buf() size", NULL },
	{ "read(0, buf(2000000), 1)", 0, 12, "buf() size", NULL },
	{ "read(0, buf(1) + 1, 1)", 0, 15, "unexpected '+'", NULL },
	{ "read(0, buf, 1)", 0, 8, "unknown constant 'buf'", NULL },
	{ "write(1, \x01, 0)", 0, 9, "byte 0x01", NULL },
	{ "write(1, ((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))), 0)",
	  0, 41, "nested too deeply", NULL },
};

static void check_good(const struct good *g)
{
	struct callx_call c;
	struct callx_error err;
	int i, r;

	r = callx_parse(g->expr, g->index, &c, &err);
	if (r) {
		fprintf(stderr, "'%s': unexpected error at %d: %s\n", g->expr,
			err.pos, err.msg);
		exit(1);
	}
	CHECK_EQ(c.nr, g->nr);
	CHECK_EQ(c.nargs, g->nargs);
	for (i = 0; i < c.nargs; i++) {
		const struct callx_arg *a = &c.args[i];

		if (g->args[i].kind < 0)
			continue;
		CHECK_EQ(a->kind, g->args[i].kind);
		if (a->kind == CALLX_STR) {
			/* val: the decoded length (the string may hold NULs) */
			CHECK_EQ(a->len, g->args[i].val);
			CHECK(!memcmp(a->str, g->args[i].str, a->len));
			CHECK_EQ(a->str[a->len], 0);
		} else {
			CHECK_EQ(a->val, g->args[i].val);
		}
	}
	if (g->text)
		CHECK_STR(c.text, g->text);
	CHECK(c.text != NULL);
	callx_call_free(&c);
}

static void check_bad(const struct bad *b)
{
	struct callx_call c;
	struct callx_error err;
	char all[400];
	int r;

	r = callx_parse(b->expr, b->index, &c, &err);
	snprintf(all, sizeof(all), "%s; %s", err.msg, err.note);
	if (r != -EINVAL || err.pos != b->pos || !strstr(all, b->msg) ||
	    (b->hint ? !strstr(err.hint, b->hint) : err.hint[0] != '\0')) {
		fprintf(stderr, "'%s': got r=%d pos=%d msg='%s' hint='%s'; "
			"want pos=%d msg~'%s' hint~'%s'\n", b->expr, r, err.pos,
			all, err.hint, b->pos, b->msg,
			b->hint ? b->hint : "");
		exit(1);
	}
	/* Nothing to free after an error: c was left empty. */
	CHECK(c.text == NULL && c.nargs == 0);
}

static void check_helpers(void)
{
	char buf[64];

	/* The caret lines up under the byte, tabs kept, UTF-8 counted once. */
	CHECK_EQ(callx_caret("close($0))", 9, buf, sizeof(buf)), 10);
	CHECK_STR(buf, "         ^");
	callx_caret("\tx(", 2, buf, sizeof(buf));
	CHECK_STR(buf, "\t ^");
	callx_caret("w(\"\xc3\xa9\", ?)", 7, buf, sizeof(buf));
	CHECK_STR(buf, "      ^");
	CHECK_EQ(callx_column("w(\"\xc3\xa9\", ?)", 7), 7);
	CHECK_EQ(callx_column("close($0))", 9), 10);
	/* Truncation keeps the buffer terminated. */
	CHECK_EQ(callx_caret("abcdef", 5, buf, 4), 6);
	CHECK_EQ(strlen(buf), 3);

	CHECK_EQ(callx_distance("opne", "open", 3), 1);
	CHECK_EQ(callx_distance("OPEN", "open", 3), 0);
	CHECK_EQ(callx_distance("abc", "xyz", 2), 3);
	CHECK_EQ(callx_distance("", "abc", 5), 3);
	CHECK_EQ(callx_distance("kitten", "sitting", 5), 3);

	CHECK_EQ(callx_escape("a\n\"\\\x01" "7\0", 7, buf, sizeof(buf)), 14);
	CHECK_STR(buf, "a\\n\\\"\\\\\\0017\\0");
	/* An escape that does not fit is left out whole. */
	callx_escape("ab\n", 3, buf, 4);
	CHECK_STR(buf, "ab");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
		check_good(&goods[i]);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
		check_bad(&bads[i]);
	check_helpers();
	return 0;
}
