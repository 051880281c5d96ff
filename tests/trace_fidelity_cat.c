/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: cat of a file. */
#include "trace_fidelity.h"

int main(void)
{
	char *argv[] = { "/bin/cat", "/etc/passwd", "/etc/os-release", NULL };

	tf_check(argv, NULL);
	return 0;
}
