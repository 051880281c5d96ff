/* SPDX-License-Identifier: MIT */
/*
 * Netlink socket addresses and SOL_NETLINK options decode as strace
 * shows them: {sa_family=AF_NETLINK, nl_pid=N, nl_groups=00000000} and
 * NETLINK_EXT_ACK by name.
 */
#include "trace_cli.h"

int main(void)
{
	const char *tgt = t_build_path("tests/targets/trace_netlink");
	char *opts[] = { "-e", "trace=%network", NULL };
	char *cmd[] = { (char *)tgt, NULL };
	char *sg, *st;

	if (access(tgt, X_OK))
		t_skip("no %s", tgt);
	CHECK_EQ(tc_both(opts, cmd, &sg, &st, 0), 0);
	tc_same(sg, st);
	CHECK(strstr(sg, "setsockopt(N, SOL_NETLINK, NETLINK_EXT_ACK, [N], N)") != NULL);
	CHECK(strstr(sg, "bind(N, {sa_family=AF_NETLINK, nl_pid=N, nl_groups=N}, N)") != NULL);
	free(sg);
	free(st);
	return 0;
}
