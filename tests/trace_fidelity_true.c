/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: /bin/true. */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/bin/true", NULL };

	tf_check(argv, NULL);
	return 0;
}
