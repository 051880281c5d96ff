/* SPDX-License-Identifier: MIT */
/* sysgate call: placeholder until the call command lands. */
#include <stdio.h>

#include "tools/commands.h"

int cmd_call(int argc, char **argv)
{
	fprintf(stderr, "sysgate call: not built yet\n");
	return 2;
}
