/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the remote engine's validation of the
 * child-writable response area: whatever bytes the child leaves there,
 * remote_resp_check() either rejects them (-EIO with a message) or
 * accepts a report that is consistent with the request - ran within the
 * run, the failing index the last entry run, every earlier result a
 * success and the failing one a failure - and never reads past the slots.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "remote/proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fails(const struct stub_entry *e, long v)
{
	return (unsigned long)v > -4096UL ||
	       ((e->flags & STUB_F_FIXED) && v != e->a[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char area[STUB_AREA_SIZE];
	static struct stub_entry ents[STUB_CAPACITY];
	static long out[STUB_CAPACITY];
	struct sysgate_proc p;
	struct remote_resp r;
	unsigned int n, i;
	size_t take;

	if (size < 2)
		return 0;
	memset(&p, 0, sizeof(p));
	p.local = area;
	p.seq = data[0] & 1 ? 7 : 0xffffffffffffffffull;
	n = data[1] % 9;	/* small runs reach every branch quickly */
	data += 2;
	size -= 2;
	for (i = 0; i < n; i++) {
		ents[i].nr = 9;
		ents[i].a[0] = 0x10000 * (i + 1);
		ents[i].flags = i & 1 ? STUB_F_FIXED : 0;
	}
	/* the rest of the input is what the child wrote */
	memset(area + STUB_RESP_OFF, 0, STUB_RESP_SIZE);
	take = size < STUB_RESP_SIZE ? size : STUB_RESP_SIZE;
	memcpy(area + STUB_RESP_OFF, data, take);
	if (remote_resp_check(&p, ents, n, &r, out) < 0) {
		if (!p.err[0])
			abort();
		return 0;
	}
	if (r.seq != p.seq || r.ran > n)
		abort();
	if (r.failed == -1 ? r.ran != n : (uint64_t)r.failed + 1 != r.ran)
		abort();
	for (i = 0; i < r.ran; i++)
		if (fails(&ents[i], out[i]) != ((int64_t)i == r.failed))
			abort();
	return 0;
}
