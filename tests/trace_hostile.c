/* SPDX-License-Identifier: MIT */
/*
 * A hostile tracee: bad pointers, a path running into unmapped memory,
 * absurd counts and lengths.  The tracer prints them as strace does
 * (addresses where memory cannot be read), in text and JSON, and the
 * tracee's exit status comes through.
 */
#include "trace_cli.h"

static const char *const want[] = {
	"openat(AT_FDCWD, 0x1, O_RDONLY)         = -1 EFAULT (Bad address)\n",
	"write(1, 0x10, 10)                      = -1 EFAULT (Bad address)\n",
	"writev(1, 0x18, 1000000)                = -1 EINVAL (Invalid argument)\n",
	"poll(0x20, 100000, 0)                   = -1 EINVAL (Invalid argument)\n",
	"connect(-1, {sa_family=0x6161 /* AF_??? */, sa_data=\"aaaa",
	"rt_sigaction(SIGUSR1, 0x28, 0x30, 8)    = -1 EFAULT (Bad address)\n",
	"execve(\"/nonexistent\", [0x8], 0x38)     = -1 ENOENT (No such file or directory)\n",
	"execve(\"/nonexistent\", 0x40, NULL)      = -1 ENOENT (No such file or directory)\n",
	"newfstatat(AT_FDCWD, \"/\", 0x48, 0)      = -1 EFAULT (Bad address)\n",
	"+++ exited with 0 +++\n",
	NULL,
};

int main(void)
{
	const char *target = t_build_path("tests/targets/trace_hostile");
	char *argv[] = { NULL, "trace", "--", (char *)target, NULL };
	char *jargv[] = { NULL, "trace", "--json", "--", (char *)target, NULL };
	char *p, *line;
	int i, n = 0;

	CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
	for (i = 0; want[i]; i++) {
		if (!strstr(tc_err, want[i]))
			fprintf(stderr, "missing: %s\nin:\n%s\n", want[i], tc_err);
		CHECK(strstr(tc_err, want[i]) != NULL);
	}
	/* The unterminated path at the end of a mapping is an address. */
	p = strstr(tc_err, "munmap(");
	CHECK(p != NULL);
	p = strstr(p, "\nopenat(AT_FDCWD, 0x");
	CHECK(p != NULL);
	line = strstr(p, ", O_RDONLY) = -1 ENOENT ");
	CHECK(line != NULL && line < strchr(p + 1, '\n'));

	CHECK_EQ(tc_exit_code(tc_run(jargv)), 0);
	for (line = tc_err; *line; line = p + 1) {
		p = strchr(line, '\n');
		CHECK(p != NULL);
		CHECK(line[0] == '{' && p[-1] == '}');
		n++;
	}
	CHECK(n > 10);
	CHECK(strstr(tc_err, "\"name\":\"openat\",\"nr\":257,\"args\":[-100,1,0],"
			     "\"ret\":-14,\"errno\":\"EFAULT\"") != NULL);
	return 0;
}
