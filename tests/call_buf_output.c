/* SPDX-License-Identifier: MIT */
/*
 * buf(N) in text output: the bytes the call filled are printed after the
 * result, C-escaped, as many as it returned (getcwd, readlinkat, read) or,
 * for calls that return 0, the buffer without its trailing NULs (pipe2).
 * The values are checked against what this process knows independently.
 */
#include <limits.h>

#include "call_util.h"

int main(void)
{
	char cwd[PATH_MAX], sh[PATH_MAX], want[PATH_MAX + 128], data[256];
	char expr[512], *out, *p;
	const char *dir = cu_tmpdir();
	FILE *f;
	int rc, fd;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(realpath("/bin/sh", sh) != NULL);
	snprintf(data, sizeof(data), "%s/data", dir);
	f = fopen(data, "w");
	CHECK(f != NULL);
	fputs("line one\n\ttab \"q\" \x01", f);
	fclose(f);
	snprintf(expr, sizeof(expr), "openat(AT_FDCWD, \"%s\", O_RDONLY)", data);
	{
		char *argv[] = { NULL, "call", "getcwd(buf(4096), 4096)",
				 "readlinkat(AT_FDCWD, \"/proc/self/exe\", buf(4096), 4096)",
				 expr, "read($2, buf(100), 100)", "close($2)",
				 "pipe2(buf(8), O_CLOEXEC)",
				 "--", "/bin/sh", "-c", "exit 0", NULL };

		rc = cu_sysgate(argv, &out, NULL);
	}
	CHECK_EQ(rc, 0);
	snprintf(want, sizeof(want), "0: getcwd(buf(4096), 4096) = %zu -> arg0=\"%s\\0\"\n",
		 strlen(cwd) + 1, cwd);
	CHECK(strstr(out, want) != NULL);
	snprintf(want, sizeof(want), "buf(4096), 4096) = %zu -> arg2=\"%s\"\n",
		 strlen(sh), sh);
	CHECK(strstr(out, want) != NULL);
	CHECK(strstr(out, "3: read($2, buf(100), 100) = 19 -> "
			  "arg1=\"line one\\n\\ttab \\\"q\\\" \\001\"\n") != NULL);
	/*
	 * pipe2 fills two ints in native byte order: the lowest free fds,
	 * i.e. the one openat got (closed again) and the next.
	 */
	p = strstr(out, "\n2: openat(");
	CHECK(p != NULL);
	p = strstr(p, ") = ");
	CHECK(p != NULL);
	fd = atoi(p + 4);
	CHECK(fd >= 3 && fd < 7);
	snprintf(want, sizeof(want), "5: pipe2(buf(8), O_CLOEXEC) = 0 -> "
		 "arg0=\"\\%03o\\0\\0\\0\\%03o\"\n", fd, fd + 1);
	CHECK(strstr(out, want) != NULL);
	free(out);
	unlink(data);
	rmdir(dir);
	return 0;
}
