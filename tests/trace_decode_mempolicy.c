/* SPDX-License-Identifier: MIT */
/*
 * get_mempolicy, set_mempolicy and mbind decode as strace shows them
 * (modes, mode flags, node masks word by word, a failed call's outputs as
 * addresses); ps(1) makes these calls at start-up.
 */
#include "trace_cli.h"

int main(void)
{
	const char *tgt = t_build_path("tests/targets/trace_mempolicy");
	char *opts[] = { "-e", "trace=get_mempolicy,set_mempolicy,mbind", NULL };
	char *cmd[] = { (char *)tgt, NULL };
	char *sg, *st;

	if (access(tgt, X_OK))
		t_skip("no %s", tgt);
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	CHECK(strstr(sg, "get_mempolicy([MPOL_DEFAULT], [N") != NULL);
	CHECK(strstr(sg, "set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, [N") != NULL);
	CHECK_EQ(tc_count(sg, "mempolicy("), 4);
	free(sg);
	free(st);
	return 0;
}
