/* SPDX-License-Identifier: MIT */
/* sysgate trace: placeholder until the trace command lands. */
#include <stdio.h>

#include "tools/commands.h"

int cmd_trace(int argc, char **argv)
{
	fprintf(stderr, "sysgate trace: not built yet\n");
	return 2;
}
