/* SPDX-License-Identifier: MIT */
/*
 * remote_batch_fixed_elsewhere: an entry flagged as MAP_FIXED mmap whose
 * result is a valid address other than the one asked for counts as a
 * failure: the stub stops there, later entries do not run, and the
 * result is reported as -EFAULT.  Linux never moves a MAP_FIXED mapping,
 * so the test forges such an entry through the engine's internal ABI: a
 * getppid() flagged STUB_F_FIXED "asking" for address 1.  It also checks
 * the stub's guard against back-references that are not to an earlier
 * entry (the API never queues one).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#include "remote/proc.h"
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	char dir[] = "/tmp/sg-fixed-XXXXXX", c[64];
	struct sysgate_proc *p = rt_spawn_true(t);
	struct stub_entry *e;
	struct remote_resp r;
	struct stat sb;
	unsigned long rc;
	long out[3];

	if (!p)
		return;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(c, sizeof(c), "%s/after", dir);
	CHECK_EQ(sysgate_proc_scratch_put(p, c, strlen(c) + 1, &rc), 0);
	e = remote_local(p, STUB_REQ_ENTRIES);
	struct stub_entry ents[3] = {
		{ SYS_getpid, { 0 }, 0 },
		{ SYS_getppid, { 1 }, STUB_F_FIXED },
		{ SYS_mkdirat, { AT_FDCWD, (long)rc, 0700 }, 0 },
	};
	memcpy(e, ents, sizeof(ents));
	*(uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_COUNT) = 3;
	*(uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_SEQ) = ++p->seq;
	CHECK_EQ(p->tp->run(p, 3), 0);
	CHECK_EQ(remote_resp_check(p, ents, 3, &r, out), 0);
	CHECK_EQ(r.ran, 2);
	CHECK_EQ(r.failed, 1);
	CHECK_EQ(out[0], sysgate_proc_pid(p));
	CHECK_EQ(out[1], getpid());	/* "landed" at the parent's pid */
	CHECK_EQ(stat(c, &sb), -1);
	/* the supervisor's copy decides: claiming success is corruption */
	ents[1].flags = 0;
	CHECK_EQ(remote_resp_check(p, ents, 3, &r, out), -EIO);
	CHECK(strlen(sysgate_proc_error(p)) > 0);

	/* The stub's own guard on back-references: only earlier entries. */
	{
		struct stub_entry refs[3] = {
			{ SYS_getpid, { 0 }, 0 },
			{ SYS_kill, { 0, 0 }, 1 },	/* kill($0, 0) */
			{ SYS_getppid, { 2 }, 1 },	/* $2: itself */
		};

		memcpy(e, refs, sizeof(refs));
		*(uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_COUNT) = 3;
		*(uint64_t *)remote_local(p, STUB_REQ_OFF + STUB_REQ_SEQ) = ++p->seq;
		CHECK_EQ(p->tp->run(p, 3), 0);
		CHECK_EQ(remote_resp_check(p, refs, 3, &r, out), 0);
		CHECK_EQ(r.ran, 3);
		CHECK_EQ(r.failed, 2);
		CHECK_EQ(out[1], 0);
		CHECK_EQ(out[2], -EINVAL);
	}

	/* And through the public API a MAP_FIXED mmap that lands where it
	 * was asked for is a success, its result the address. */
	{
		struct sysgate_batch *b;
		struct sysgate_batch_result res;
		long v;

		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		CHECK_EQ(sysgate_batch_mmap(b, 0x5b0000000000UL, 8192, 3,
					    0x32 /* PRIVATE|ANON|FIXED */, -1, 0), 0);
		CHECK_EQ(sysgate_batch_flush(b, &res), 0);
		CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), 0);
		CHECK_EQ(v, 0x5b0000000000L);
		sysgate_batch_free(b);
	}
	rmdir(dir);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}
