/* SPDX-License-Identifier: MIT */
#ifndef SG_TOOLS_COMMANDS_H
#define SG_TOOLS_COMMANDS_H

/* Each returns the process exit status. argv[0] is the command name. */
int cmd_call(int argc, char **argv);
int cmd_trace(int argc, char **argv);

#endif
