/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the `sysgate call` expression parser: any input
 * either parses into a well-formed call or fails with an error that points
 * inside the expression; the caret and column helpers stay in bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/call_expr.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct callx_call c;
	struct callx_error err;
	char caret[64], esc[64];
	char *s;
	int i, r, index;

	if (!size)
		return 0;
	/* The first byte picks the call's index in its batch, for $N. */
	index = data[0] % 8;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	r = callx_parse(s, index, &c, &err);
	if (r == 0) {
		if (c.nr < 0 || c.nargs < 0 || c.nargs > CALLX_MAX_ARGS || !c.text)
			abort();
		for (i = 0; i < c.nargs; i++) {
			const struct callx_arg *a = &c.args[i];

			if (a->pos < 0 || a->end < a->pos ||
			    a->end > (int)strlen(s))
				abort();
			if (a->kind == CALLX_REF && (a->val < 0 || a->val >= index))
				abort();
			if (a->kind == CALLX_BUF &&
			    (a->val <= 0 || a->val > CALLX_BUF_MAX))
				abort();
			if (a->kind == CALLX_STR) {
				if (!a->str || a->str[a->len])
					abort();
				callx_escape(a->str, a->len, esc, sizeof(esc));
			}
		}
		callx_call_free(&c);
	} else {
		if (r != -EINVAL || err.pos < 0 || err.pos > (int)strlen(s) ||
		    !err.msg[0] || c.text || c.nargs)
			abort();
		if (callx_caret(s, err.pos, caret, sizeof(caret)) < 1 ||
		    callx_column(s, err.pos) < 1)
			abort();
	}
	free(s);
	return 0;
}
