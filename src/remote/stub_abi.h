/* SPDX-License-Identifier: MIT */
/*
 * stub_abi.h - layout of the stub area shared by the supervisor (C) and the
 * stub code (.S).  Only #defines: this file is included from assembly.
 *
 * The stub area is one memfd of STUB_AREA_SIZE bytes, mapped MAP_SHARED in
 * the supervisor (read-write, all of it) and in the child at one base
 * address with per-region protections:
 *
 *   offset    size      child  what
 *   0x00000   0x01000   R-X    code page: stub.S blob at 0, a second
 *                              transport blob (futex) at STUB_XCODE_OFF
 *   0x01000   0x11000   R--    request area: header + entries (the
 *                              supervisor writes, the child only reads)
 *   0x12000   0x03000   RW-    response area: header + one result slot
 *                              per entry (the child writes; everything in
 *                              it is validated before use)
 *   0x15000   0x10000   RW-    scratch (pointer arguments, out buffers)
 *   0x25000   0x01000   RW-    stack of the ptrace stub entries
 *   0x26000   0x08000   RW-    stack of a transport thread (futex)
 *
 * Invariants (stable ABI between stub.S, stub_futex.S and the C side):
 *  - An entry is 8 little-endian 64-bit words [nr, a0..a5, flags].
 *  - flags bit i (i < 6): argument i is a back-reference; its value is the
 *    index j of an earlier entry of the same run (j < this entry's index)
 *    and the stub substitutes result[j].  A reference that is not to an
 *    earlier entry fails the entry with -EINVAL (never read out of range).
 *  - flags STUB_F_FIXED: the entry is a MAP_FIXED mmap; a result other than
 *    a0 fails it (the result slot keeps the address it got).
 *  - The batch loop runs entries [0, count) in order, stores each result
 *    in its slot, stops after the first failing one (result in
 *    [-4095, -1], or STUB_F_FIXED mismatch) and then writes the response
 *    header: seq (copied from the request), ran (entries run, the failing
 *    one included), failed (its index or -1).
 *  - Offsets of entry points in the code page are fixed (.org in stub.S).
 */
#ifndef SG_REMOTE_STUB_ABI_H
#define SG_REMOTE_STUB_ABI_H

#define STUB_PAGE_SIZE		0x1000

/* ---- code page (child R-X) ---- */
#define STUB_CODE_OFF		0x00000
#define STUB_CODE_SIZE		0x01000
/*
 * Entry points, offsets from the code page start.
 * STUB_ENTRY_SINGLE: ptrace single call.  Registers as for `syscall`
 *   (rax nr, rdi rsi rdx r10 r8 r9); stores rax to STUB_RESP_SINGLE_RET,
 *   keeps it in rax and executes int3.
 * STUB_ENTRY_BATCH: ptrace batch.  rsp must point into a stack; runs
 *   STUB_FN_RUN then int3.
 * STUB_FN_RUN: a function (call/ret, SysV: clobbers rax rcx rdx rsi rdi
 *   r8-r11, preserves rbx rbp r12-r15) that runs request entries
 *   [0, STUB_REQ_COUNT) and writes the response header.  Needs ~64 bytes of
 *   stack.  The futex transport's loop calls it.
 * STUB_FN_SINGLE: a function that runs the request header's single entry
 *   (STUB_REQ_SINGLE, no refs/flags) and stores its result in
 *   STUB_RESP_SINGLE_RET and the request seq in STUB_RESP_SEQ.
 */
#define STUB_ENTRY_SINGLE	0x000
#define STUB_ENTRY_BATCH	0x040
/* An int3 a remote function call returns to (sysgate_proc_call). */
#define STUB_ENTRY_RET		0x060
#define STUB_FN_RUN		0x080
#define STUB_FN_SINGLE		0x200
/* Second code blob (a transport's own loop), copied here by its owner. */
#define STUB_XCODE_OFF		0x800
#define STUB_XCODE_MAX		0x800

/* ---- request area (child read-only) ---- */
#define STUB_REQ_OFF		0x01000
#define STUB_REQ_SIZE		0x11000
#define STUB_REQ_HDR_SIZE	0x100
/* header fields, offsets from STUB_REQ_OFF */
#define STUB_REQ_SEQ		0x00	/* u64: run id, echoed in STUB_RESP_SEQ */
#define STUB_REQ_COUNT		0x08	/* u64: entries to run */
#define STUB_REQ_FUTEX		0x10	/* u32: futex word the stub thread waits on */
#define STUB_REQ_OP		0x18	/* u64: STUB_OP_* for a transport loop */
#define STUB_REQ_SINGLE		0x40	/* one entry (64 bytes) for single calls */
#define STUB_REQ_SPARE		0x80	/* 0x80..0x100: free for transports */
/* entries */
#define STUB_REQ_ENTRIES	(STUB_REQ_OFF + STUB_REQ_HDR_SIZE)
#define STUB_ENTRY_SIZE		64
#define STUB_ENT_NR		0
#define STUB_ENT_ARG0		8	/* a_i at 8 + 8 * i */
#define STUB_ENT_FLAGS		56
#define STUB_CAPACITY		1024

/* entry flags */
#define STUB_F_REF_MASK		0x3f	/* bit i: argument i is a back-reference */
#define STUB_F_FIXED		0x100	/* MAP_FIXED mmap: result must equal a0 */

/* what a transport loop is asked to do (STUB_REQ_OP) */
#define STUB_OP_NONE		0
#define STUB_OP_SINGLE		1
#define STUB_OP_BATCH		2
#define STUB_OP_EXIT		3

/* ---- response area (child read-write) ---- */
#define STUB_RESP_OFF		0x12000
#define STUB_RESP_SIZE		0x03000
#define STUB_RESP_HDR_SIZE	0x100
/* header fields, offsets from STUB_RESP_OFF */
#define STUB_RESP_SEQ		0x00	/* u64: STUB_REQ_SEQ of the last finished run */
#define STUB_RESP_RAN		0x08	/* u64: entries run (failing one included) */
#define STUB_RESP_FAILED	0x10	/* s64: index of the failing entry, or -1 */
#define STUB_RESP_FUTEX		0x18	/* u32: futex word the supervisor waits on */
#define STUB_RESP_SINGLE_RET	0x20	/* s64: result of the single entry */
#define STUB_RESP_STATE		0x28	/* u64: free for a transport thread */
#define STUB_RESP_SPARE		0x40	/* 0x40..0x100: free for transports */
#define STUB_RESP_RESULTS	(STUB_RESP_OFF + STUB_RESP_HDR_SIZE)

/* ---- scratch and stacks (child read-write) ---- */
#define STUB_SCRATCH_OFF	0x15000
#define STUB_SCRATCH_SIZE	0x10000
#define STUB_PSTACK_OFF		0x25000	/* ptrace entries' stack */
#define STUB_PSTACK_SIZE	0x01000
#define STUB_TSTACK_OFF		0x26000	/* a transport thread's stack */
#define STUB_TSTACK_SIZE	0x08000

#define STUB_AREA_SIZE		0x2e000

/*
 * Where the area goes in the child: a high hint away from the program,
 * the heap, the mmap base (0x7e..-0x7f..) and ASan's shadow
 * (0x7fff8000-0x10007fff7fff), tried with MAP_FIXED_NOREPLACE, then a few
 * neighbours, then the kernel's choice.
 */
#define STUB_BASE_HINT		0x6e5a00000000UL

#ifndef __ASSEMBLER__
/* One request entry as C sees it (STUB_ENTRY_SIZE bytes). */
struct stub_entry {
	long nr;
	long a[6];
	unsigned long flags;	/* STUB_F_* */
};
#endif

#endif
