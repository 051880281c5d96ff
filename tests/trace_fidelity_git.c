/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: git --version. */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/usr/bin/git", "--version", NULL };

	if (access(argv[0], X_OK))
		t_skip("git is not installed");
	tf_check(argv, NULL);
	return 0;
}
