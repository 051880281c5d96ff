/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: a shell pipeline (-f, 3 processes). */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo hi | wc -c", NULL };

	tf_check(argv, NULL);
	return 0;
}
