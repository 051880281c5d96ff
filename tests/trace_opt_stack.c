/* SPDX-License-Identifier: MIT */
/*
 * -k prints each traced call's stack as strace does (module, nearest
 * function symbol + offset, address in the module), taken as the call
 * returns; compared with strace -k line for line on echo's write.
 * With --json the frames are a "stack" array of strings on each call.
 * Also: -k with --backend=unotify prints no frames (no stopped thread to
 * unwind) but still traces.
 */
#include "trace_cli.h"

int main(void)
{
	char *opts[] = { "-k", "-e", "trace=write", NULL };
	char *cmd[] = { "/bin/echo", "hi", NULL };
	char *un[] = { NULL, "trace", "-k", "--backend=unotify", "-e",
		       "trace=getppid", "/bin/true", NULL };
	char *js[] = { NULL, "trace", "--json", "-k", "-e", "trace=write",
		       "/bin/echo", "hi", NULL };
	char *probe[] = { TC_STRACE, "-k", "-e", "trace=none", "/bin/true", NULL };
	char *sg, *st;

	if (access(TC_STRACE, X_OK))
		t_skip("strace is not installed");
	if (tc_exit_code(tc_run(probe)) != 0)
		t_skip("this strace has no -k");
	if (tc_exit_code(tc_run(un)) == 1 && strstr(tc_err, "-k needs elfutils"))
		t_skip("libdw.so.1 is missing");
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	CHECK(strstr(sg, " > /") != NULL);
	CHECK(strstr(sg, "(__write+N) [N]\n") != NULL);
	free(sg);
	free(st);

	CHECK_EQ(tc_exit_code(tc_run(js)), 0);
	CHECK(strstr(tc_err, "\"stack\":[\"/") != NULL);
	CHECK(strstr(tc_err, "(__write+0x") != NULL);

	CHECK_EQ(tc_exit_code(tc_run(un)), 0);
	CHECK(strstr(tc_err, " > ") == NULL);
	return 0;
}
