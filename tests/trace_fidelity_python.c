/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: python3 -c 'print(1)'. */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/usr/bin/python3", "-c", "print(1)", NULL };

	if (access(argv[0], X_OK))
		t_skip("no /usr/bin/python3");
	tf_check(argv, NULL);
	return 0;
}
