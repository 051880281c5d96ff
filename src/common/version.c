/* SPDX-License-Identifier: MIT */
#include "sysgate.h"

#define SG_STR2(x) #x
#define SG_STR(x) SG_STR2(x)

const char *sysgate_version(void)
{
	return SG_STR(SYSGATE_VERSION_MAJOR) "." SG_STR(SYSGATE_VERSION_MINOR)
		"." SG_STR(SYSGATE_VERSION_PATCH);
}
