/* SPDX-License-Identifier: MIT */
/* A malformed inject=: exit 2 and the exact position of the error. */
#include "trace_cli.h"

static void bad(const char *expr, const char *msg, int pos)
{
	char *argv[] = { NULL, "trace", "-e", (char *)expr, "/bin/true", NULL };
	char caret[300];

	CHECK_EQ(tc_exit_code(tc_run(argv)), 2);
	if (!strstr(tc_err, msg))
		fprintf(stderr, "stderr: %s\n", tc_err);
	CHECK(strstr(tc_err, msg) != NULL);
	/* "  -e EXPR" then the caret under byte pos of EXPR. */
	snprintf(caret, sizeof(caret), "  -e %s\n     %*s^\n", expr, pos, "");
	if (!strstr(tc_err, caret))
		fprintf(stderr, "stderr: %s\nwant: %s\n", tc_err, caret);
	CHECK(strstr(tc_err, caret) != NULL);
}

int main(void)
{
	bad("inject=openat:error=ENOSPC:when=3..x", "expected the last", 35);
	bad("inject=openat:error=ENOSPX", "invalid error code 'ENOSPX'", 20);
	bad("inject=openat", "needs :error=E or :retval=N", 13);
	bad("inject=openat:retval=1:error=EIO", "given twice", 23);
	bad("inject=openat:error=EIO:when=2+0", "expected a step", 31);
	bad("inject=openat:frobnicate=1", "unknown inject option", 14);
	return 0;
}
