/* SPDX-License-Identifier: MIT */
/* errno number -> name, generated from <errno.h> at build time. */
#include <stddef.h>

#include "sysgate.h"

static const struct {
	int nr;
	const char *name;
} sg_errnos[] = {
#include "gen_errnos.h"	/* generated: build/gen */
};

const char *sysgate_errno_name(int err)
{
	size_t lo = 0, hi = sizeof(sg_errnos) / sizeof(sg_errnos[0]);

	if (err < 0)
		err = -err;
	while (lo < hi) {	/* the table is sorted by number */
		size_t mid = (lo + hi) / 2;

		if (sg_errnos[mid].nr == err)
			return sg_errnos[mid].name;
		if (sg_errnos[mid].nr < err)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
