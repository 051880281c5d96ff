/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: ls -la /usr/bin (stat-heavy). */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/bin/ls", "-la", "/usr/bin", NULL };

	tf_check(argv, NULL);
	return 0;
}
