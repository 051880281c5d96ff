/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the -e expression parser: any input either parses
 * (and the filter it yields is well-formed) or fails with -EINVAL, a
 * NUL-terminated message and a position inside the expression.  The first
 * byte splits the input into two expressions added to one trace, so
 * accumulation (inject rules, trace= replacement) is covered too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sysgate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(struct sysgate_trace *t, const char *s)
{
	struct sysgate_parse_error err;
	int rc;

	memset(&err, 0x5a, sizeof(err));
	rc = sysgate_trace_add_expr(t, s, &err);
	if (rc == 0)
		return;
	if (rc != -EINVAL && rc != -ENOMEM)
		abort();
	if (rc == -EINVAL) {
		if (!memchr(err.msg, 0, sizeof(err.msg)) || !err.msg[0])
			abort();
		if (err.pos < 0 || err.pos > (int)strlen(s))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sysgate_trace *t;
	uint64_t filter[32];
	size_t cut;
	char *a, *b;

	if (!size)
		return 0;
	cut = data[0] % size;
	a = strndup((const char *)data + 1, cut ? cut - 1 : 0);
	b = strndup((const char *)data + 1 + (cut ? cut - 1 : 0),
		    size - 1 - (cut ? cut - 1 : 0));
	if (!a || !b || sysgate_trace_new(NULL, &t)) {
		free(a);
		free(b);
		return 0;
	}
	one(t, a);
	one(t, b);
	if (sysgate_trace_filter(t, filter, 32 * 64))
		abort();
	sysgate_trace_free(t);
	free(a);
	free(b);
	return 0;
}
