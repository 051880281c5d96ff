/* SPDX-License-Identifier: MIT */
/*
 * batch.c - the op queue: entries, look-back-one coalescing of
 * mmap/munmap/mprotect, back-references, auto-flush with a sticky error,
 * statistics, and validation of what the child hands back.
 *
 * Index space: an add returns the index of its entry counted from the
 * last explicit flush (or sysgate_batch_new()), across auto-flushes;
 * entry ent[i] of the current queue has index base + i.  results[k]
 * holds the result of entry k once it ran.
 *
 * The queue lives in supervisor memory (ent[]) and is copied to the
 * shared request area at each round trip, so coalescing decisions and the
 * validation of results never depend on memory the child can write.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "remote/proc.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

enum batch_kind {
	BATCH_SYSCALL = 0,
	BATCH_MMAP,
	BATCH_MUNMAP,
	BATCH_MPROTECT,
};

struct sysgate_batch {
	struct sysgate_proc *p;
	unsigned int n;			/* entries queued in ent[] */
	unsigned int base;		/* index of ent[0] */
	unsigned int ran_total;		/* entries run since explicit flush */
	unsigned int last_ran;		/* entries valid in results[] */
	long *results;
	unsigned int results_cap;
	/* Sticky outcome of a failed automatic flush: 1 or -errno. */
	int sticky;
	struct sysgate_batch_result sticky_res;
	struct sysgate_batch_result fail;	/* of the last run */
	struct sysgate_batch_stats st;
	unsigned char kind[STUB_CAPACITY];
	struct stub_entry ent[STUB_CAPACITY];
};

static int batch_is_err(long r)
{
	return (unsigned long)r > -4096UL;
}

int remote_resp_check(struct sysgate_proc *p, const struct stub_entry *ents,
		      unsigned int n, struct remote_resp *r, long *out)
{
	const volatile unsigned char *resp = p->local + STUB_RESP_OFF;
	const volatile long *slot;
	uint64_t i;
	int fails;

	r->seq = *(const volatile uint64_t *)(resp + STUB_RESP_SEQ);
	r->ran = *(const volatile uint64_t *)(resp + STUB_RESP_RAN);
	r->failed = *(const volatile int64_t *)(resp + STUB_RESP_FAILED);
	if (r->seq != p->seq) {
		remote_set_err(p, "response area corrupted: seq %llu, expected "
			       "%llu", (unsigned long long)r->seq,
			       (unsigned long long)p->seq);
		return -EIO;
	}
	if (r->ran > n) {
		remote_set_err(p, "response area corrupted: ran %llu of %u "
			       "entries", (unsigned long long)r->ran, n);
		return -EIO;
	}
	if (r->failed == -1 ? r->ran != n :
	    r->failed < 0 || (uint64_t)r->failed + 1 != r->ran) {
		remote_set_err(p, "response area corrupted: failed index %lld "
			       "with ran %llu of %u", (long long)r->failed,
			       (unsigned long long)r->ran, n);
		return -EIO;
	}
	slot = (const volatile long *)(p->local + STUB_RESP_RESULTS);
	for (i = 0; i < r->ran; i++) {
		out[i] = slot[i];
		fails = batch_is_err(out[i]) ||
			((ents[i].flags & STUB_F_FIXED) &&
			 (unsigned long)out[i] != (unsigned long)ents[i].a[0]);
		if (fails != ((int64_t)i == r->failed)) {
			remote_set_err(p, "response area corrupted: entry %llu "
				       "result %ld contradicts failed index "
				       "%lld", (unsigned long long)i, out[i],
				       (long long)r->failed);
			return -EIO;
		}
	}
	return 0;
}

static int batch_grow_results(struct sysgate_batch *b, unsigned int need)
{
	unsigned int cap;
	long *nr;

	if (need <= b->results_cap)
		return 0;
	cap = b->results_cap ? b->results_cap : STUB_CAPACITY;
	while (cap < need) {
		if (cap > (1u << 28))
			return -ENOMEM;
		cap *= 2;
	}
	nr = realloc(b->results, cap * sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	b->results = nr;
	b->results_cap = cap;
	return 0;
}

/*
 * One round trip over ent[0, n).  Returns 0 (all ran and succeeded),
 * 1 (an entry failed: b->fail says which) or the transport's -errno.
 * The queue is empty afterwards in every case.
 */
static int batch_run(struct sysgate_batch *b)
{
	struct sysgate_proc *p = b->p;
	struct remote_resp r;
	unsigned int n = b->n;
	int err, why;

	b->fail.failed = -1;
	b->fail.error = 0;
	b->fail.ran = b->ran_total;
	if (!n)
		return 0;
	b->n = 0;
	if (!p || p->dead)
		return -ESRCH;
	err = batch_grow_results(b, b->base + n);
	if (err)
		return err;
	memcpy(p->local + STUB_REQ_ENTRIES, b->ent, n * sizeof(b->ent[0]));
	*(volatile uint64_t *)(p->local + STUB_REQ_OFF + STUB_REQ_COUNT) = n;
	*(volatile uint64_t *)(p->local + STUB_REQ_OFF + STUB_REQ_SEQ) =
		++p->seq;
	b->st.flushes++;
	remote_call_begin(p);
	err = p->tp->run(p, n);
	why = remote_call_end(p);
	if (!err)
		err = remote_resp_check(p, b->ent, n, &r, b->results + b->base);
	if (err) {
		b->base += n;
		return err;
	}
	b->st.ops_executed += r.ran;
	b->ran_total = b->base + (unsigned int)r.ran;
	b->fail.ran = b->ran_total;
	b->base += n;
	if (r.failed >= 0) {
		unsigned int k = b->ran_total - 1;
		long v = b->results[k];

		/* The entry cut short returned -EINTR in the child. */
		if (why && v == -EINTR) {
			v = why == REMOTE_INTR_TIMEOUT ? -ETIMEDOUT : -EINTR;
			b->results[k] = v;
		}
		b->fail.failed = (int)k;
		b->fail.error = batch_is_err(v) ? v : -EFAULT;
		return 1;
	}
	return 0;
}

/* Make room for one entry: auto-flush a full queue (sticky on error). */
static int batch_make_room(struct sysgate_batch *b)
{
	int r;

	if (b->sticky)
		return -ECANCELED;
	if (b->n < STUB_CAPACITY)
		return 0;
	r = batch_run(b);
	if (r) {
		b->sticky = r;
		b->sticky_res = b->fail;
		return -ECANCELED;
	}
	return 0;
}

static int batch_page_aligned(unsigned long v)
{
	return !(v & (STUB_PAGE_SIZE - 1));
}

/* Can e be folded into last?  Both are of kind k. */
static int batch_can_merge(const struct stub_entry *last,
			   const struct stub_entry *e, int k)
{
	unsigned long laddr = last->a[0], llen = last->a[1];

	if (!batch_page_aligned(laddr) || !batch_page_aligned(llen) ||
	    !batch_page_aligned(e->a[0]) || !batch_page_aligned(e->a[1]) ||
	    laddr + llen != (unsigned long)e->a[0] ||
	    laddr + llen < laddr)
		return 0;
	switch (k) {
	case BATCH_MMAP:
		/* Only MAP_FIXED: without it the address is a mere hint. */
		if (!(e->a[3] & MAP_FIXED) || (e->a[3] & MAP_FIXED_NOREPLACE))
			return 0;
		if (last->a[2] != e->a[2] || last->a[3] != e->a[3] ||
		    last->a[4] != e->a[4])
			return 0;
		return (e->a[3] & MAP_ANONYMOUS) ||
		       (unsigned long)last->a[5] + llen ==
			       (unsigned long)e->a[5];
	case BATCH_MUNMAP:
		return 1;
	case BATCH_MPROTECT:
		return last->a[2] == e->a[2];
	}
	return 0;
}

static int batch_add(struct sysgate_batch *b, int kind,
		     const struct stub_entry *e)
{
	struct stub_entry *last;
	int err;

	if (b->sticky)
		return -ECANCELED;
	if (!b->p || b->p->dead)
		return -ESRCH;
	if (kind != BATCH_SYSCALL && b->n && b->kind[b->n - 1] == kind) {
		last = &b->ent[b->n - 1];
		if (batch_can_merge(last, e, kind)) {
			last->a[1] += e->a[1];
			b->st.ops_queued++;
			b->st.ops_merged++;
			return (int)(b->base + b->n - 1);
		}
	}
	err = batch_make_room(b);
	if (err)
		return err;
	if (b->base + b->n >= (unsigned int)INT32_MAX)
		return -E2BIG;
	b->ent[b->n] = *e;
	b->kind[b->n] = kind;
	b->n++;
	b->st.ops_queued++;
	return (int)(b->base + b->n - 1);
}

void batch_orphan(struct sysgate_batch *b)
{
	b->p = NULL;
	b->n = 0;
}

int sysgate_batch_new(struct sysgate_proc *p, struct sysgate_batch **out)
{
	struct sysgate_batch *b;

	if (!p || !out || !p->local)
		return -EINVAL;
	if (p->batch)
		return -EBUSY;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->p = p;
	b->fail.failed = -1;
	p->batch = b;
	*out = b;
	return 0;
}

void sysgate_batch_free(struct sysgate_batch *b)
{
	if (!b)
		return;
	if (b->p)
		b->p->batch = NULL;
	free(b->results);
	free(b);
}

int sysgate_batch_syscall(struct sysgate_batch *b, long nr, long a0, long a1,
			  long a2, long a3, long a4, long a5)
{
	struct stub_entry e = { nr, { a0, a1, a2, a3, a4, a5 }, 0 };

	if (!b || nr < 0 || nr > 0xffff)
		return -EINVAL;
	return batch_add(b, BATCH_SYSCALL, &e);
}

int sysgate_batch_syscall_refs(struct sysgate_batch *b, long nr,
			       const long args[6], const int refs[6])
{
	struct stub_entry e = { nr, { 0 }, 0 };
	int i, err;

	if (!b || !args || nr < 0 || nr > 0xffff)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		if (refs && refs[i] < -1)
			return -EINVAL;
	/* Flush first: resolving refs needs the final base. */
	err = batch_make_room(b);
	if (err)
		return err;
	for (i = 0; i < 6; i++) {
		int k = refs ? refs[i] : -1;

		e.a[i] = args[i];
		if (k < 0)
			continue;
		if ((unsigned int)k >= b->base + b->n)
			return -EINVAL;	/* not an earlier op */
		if ((unsigned int)k < b->base) {
			/* Already ran in an automatic flush: its result. */
			if ((unsigned int)k >= b->ran_total)
				return -EINVAL;
			e.a[i] = b->results[k];
		} else {
			e.flags |= 1ul << i;
			e.a[i] = k - b->base;
		}
	}
	return batch_add(b, BATCH_SYSCALL, &e);
}

int sysgate_batch_mmap(struct sysgate_batch *b, unsigned long addr,
		       unsigned long len, int prot, int flags, int fd, long off)
{
	struct stub_entry e = {
		__NR_mmap, { (long)addr, (long)len, prot, flags, fd, off }, 0
	};

	if (!b || !len)
		return -EINVAL;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
		e.flags = STUB_F_FIXED;
	return batch_add(b, BATCH_MMAP, &e);
}

int sysgate_batch_munmap(struct sysgate_batch *b, unsigned long addr,
			 unsigned long len)
{
	struct stub_entry e = { __NR_munmap, { (long)addr, (long)len }, 0 };

	if (!b || !len)
		return -EINVAL;
	return batch_add(b, BATCH_MUNMAP, &e);
}

int sysgate_batch_mprotect(struct sysgate_batch *b, unsigned long addr,
			   unsigned long len, int prot)
{
	struct stub_entry e = {
		__NR_mprotect, { (long)addr, (long)len, prot }, 0
	};

	if (!b || !len)
		return -EINVAL;
	return batch_add(b, BATCH_MPROTECT, &e);
}

int sysgate_batch_flush(struct sysgate_batch *b,
			struct sysgate_batch_result *res)
{
	struct sysgate_batch_result out;
	int r;

	if (!b)
		return -EINVAL;
	if (b->sticky) {
		r = b->sticky;
		out = b->sticky_res;
		b->n = 0;
	} else {
		r = batch_run(b);
		out = b->fail;
	}
	if (r < 0) {
		out.failed = -1;
		out.error = r;
	}
	b->last_ran = out.ran;
	b->sticky = 0;
	b->base = 0;
	b->ran_total = 0;
	if (res)
		*res = out;
	return r;
}

int sysgate_batch_entry_result(const struct sysgate_batch *b, unsigned int i,
			       long *ret)
{
	if (!b || !ret || i >= b->last_ran)
		return -EINVAL;
	*ret = b->results[i];
	return 0;
}

unsigned int sysgate_batch_queued(const struct sysgate_batch *b)
{
	return b ? b->n : 0;
}

unsigned int sysgate_batch_capacity(const struct sysgate_batch *b)
{
	return b ? STUB_CAPACITY : 0;
}

int sysgate_batch_stats(const struct sysgate_batch *b,
			struct sysgate_batch_stats *st)
{
	if (!b || !st)
		return -EINVAL;
	*st = b->st;
	return 0;
}
