/* SPDX-License-Identifier: MIT */
/*
 * A 64-bit program's int 0x80 and x32 calls are traced as strace shows
 * them: the i386 write as write(1, "abi32\n", 6) (not as x86_64 nr 4,
 * stat), "[ Process PID=N runs in 32 bit mode. ]" lines on stderr
 * (none with -o, as strace), -e trace= by name covering the i386 call,
 * and in JSON the call's own number with "abi":"i386".
 */
#include "trace_cli.h"

int main(void)
{
	const char *tgt = t_build_path("tests/targets/intercept_abi");
	char *opts[] = { "-e", "trace=write,getppid,getpid", NULL };
	char *only[] = { "-e", "trace=getppid", NULL };
	char *cmd[] = { (char *)tgt, NULL };
	char *aj[] = { NULL, "trace", "--json", "-e", "trace=write", (char *)tgt,
		       NULL };
	char *ao[] = { NULL, "trace", "-o", "/tmp/sg-trace-abi.txt", "-e",
		       "trace=write,getppid,getpid", (char *)tgt, NULL };
	char *sg, *st, file[4096];

	if (access(tgt, X_OK))
		t_skip("no %s", tgt);
	if (system(tgt) != 0)
		t_skip("int 0x80 does not work on this kernel");

	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	CHECK(strstr(sg, "[ Process PID=N runs in N bit mode. ]\n"
			 "write(N, \"abiN\\n\", N)") != NULL);
	CHECK(strstr(sg, "[ Process PID=N runs in xN mode. ]\n"
			 "getpid()") != NULL);
	CHECK(strstr(sg, "stat(") == NULL);
	free(sg);
	free(st);

	/* a name selects the i386 call of that name too */
	CHECK_EQ(tc_both(only, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	CHECK_EQ(tc_count(sg, "getppid()"), 2);
	free(sg);
	free(st);

	/* -o: no mode lines, as strace */
	CHECK_EQ(tc_exit_code(tc_run(ao)), 0);
	tc_read_file("/tmp/sg-trace-abi.txt", file, sizeof(file));
	unlink("/tmp/sg-trace-abi.txt");
	CHECK(strstr(file, "runs in") == NULL);
	CHECK(strstr(file, "write(1, \"abi32\\n\", 6)") != NULL);

	CHECK_EQ(tc_exit_code(tc_run(aj)), 0);
	CHECK(strstr(tc_err, "\"name\":\"write\",\"nr\":4,\"abi\":\"i386\","
			     "\"args\":[1,\"abi32\\n\",6],\"ret\":6") != NULL);
	return 0;
}
