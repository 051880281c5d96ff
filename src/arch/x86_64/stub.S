/* SPDX-License-Identifier: MIT */
/*
 * stub.S - the code the remote engine copies into the child's code page.
 *
 * Everything between stub_code_begin and stub_code_end is copied byte for
 * byte to offset 0 of the stub area and runs at whatever address the area
 * got in the child: position-independent, no libc, no data outside the
 * stub area, which it finds with rip-relative lea of stub_code_begin.
 * Entry offsets are fixed by .org and must match stub_abi.h.
 *
 * Register contract of `syscall`: rax nr, rdi rsi rdx r10 r8 r9 args,
 * rax result, rcx and r11 clobbered.  The ptrace entries need no stack
 * except STUB_ENTRY_BATCH (rsp set by the supervisor to STUB_PSTACK).
 */
#include "remote/stub_abi.h"

	.section .text.sysgate_stub, "ax", @progbits
	.p2align 12

	.globl stub_code_begin
	.hidden stub_code_begin
	.type stub_code_begin, @function
stub_code_begin:

/* STUB_ENTRY_SINGLE: registers already hold the call (set by ptrace). */
	syscall
	lea stub_code_begin(%rip), %rcx
	mov %rax, (STUB_RESP_OFF + STUB_RESP_SINGLE_RET)(%rcx)
	int3

	.org STUB_ENTRY_BATCH
	call stub_fn_run
	int3

/* STUB_ENTRY_RET: where a remote function call returns to. */
	.org STUB_ENTRY_RET
	int3

/*
 * STUB_FN_RUN: run request entries [0, count), see stub_abi.h.
 * Callee-saved registers are used for the loop state because the syscall
 * argument registers are reloaded for every entry:
 *   rbx = area base, r12 = current entry, r13 = count, r14 = index,
 *   r15 = result slots, rbp = current entry's flags.
 */
	.org STUB_FN_RUN
stub_fn_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	lea stub_code_begin(%rip), %rbx
	mov (STUB_REQ_OFF + STUB_REQ_COUNT)(%rbx), %r13
	/* The count is the supervisor's, but never run past the slots. */
	cmp $STUB_CAPACITY, %r13
	jbe 1f
	mov $STUB_CAPACITY, %r13
1:	lea STUB_REQ_ENTRIES(%rbx), %r12
	lea STUB_RESP_RESULTS(%rbx), %r15
	xor %r14d, %r14d
.Lloop:
	cmp %r13, %r14
	jae .Lall_ok
	mov STUB_ENT_FLAGS(%r12), %rbp

/* Load argument i into reg; a back-reference j must be < the index. */
#define LOAD_ARG(i, reg)				\
	mov (STUB_ENT_ARG0 + 8 * i)(%r12), reg;		\
	test $(1 << i), %ebp;				\
	jz 2f;						\
	cmp %r14, reg;					\
	jae .Lbad_ref;					\
	mov (%r15, reg, 8), reg;			\
2:
	LOAD_ARG(0, %rdi)
	LOAD_ARG(1, %rsi)
	LOAD_ARG(2, %rdx)
	LOAD_ARG(3, %r10)
	LOAD_ARG(4, %r8)
	LOAD_ARG(5, %r9)
#undef LOAD_ARG
	mov STUB_ENT_NR(%r12), %rax
	syscall
.Lstore:
	mov %rax, (%r15, %r14, 8)
	inc %r14
	/* -4095..-1 (unsigned >= -4095) is an error */
	cmp $-4095, %rax
	jae .Lfailed
	test $STUB_F_FIXED, %ebp
	jz 3f
	cmp STUB_ENT_ARG0(%r12), %rax
	jne .Lfailed
3:	add $STUB_ENTRY_SIZE, %r12
	jmp .Lloop
.Lbad_ref:
	mov $-22, %rax		/* -EINVAL, the entry is not run */
	jmp .Lstore
.Lfailed:
	lea -1(%r14), %rax
	jmp .Lout
.Lall_ok:
	mov $-1, %rax
.Lout:
	mov %r14, (STUB_RESP_OFF + STUB_RESP_RAN)(%rbx)
	mov %rax, (STUB_RESP_OFF + STUB_RESP_FAILED)(%rbx)
	/* seq last: whoever polls it sees ran/failed already written
	 * (x86 stores are not reordered with other stores). */
	mov (STUB_REQ_OFF + STUB_REQ_SEQ)(%rbx), %rax
	mov %rax, (STUB_RESP_OFF + STUB_RESP_SEQ)(%rbx)
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

/* STUB_FN_SINGLE: run the request header's single entry. */
	.org STUB_FN_SINGLE
	push %rbx
	lea stub_code_begin(%rip), %rbx
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0)(%rbx), %rdi
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0 + 8)(%rbx), %rsi
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0 + 16)(%rbx), %rdx
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0 + 24)(%rbx), %r10
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0 + 32)(%rbx), %r8
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_ARG0 + 40)(%rbx), %r9
	mov (STUB_REQ_OFF + STUB_REQ_SINGLE + STUB_ENT_NR)(%rbx), %rax
	syscall
	mov %rax, (STUB_RESP_OFF + STUB_RESP_SINGLE_RET)(%rbx)
	mov (STUB_REQ_OFF + STUB_REQ_SEQ)(%rbx), %rcx
	mov %rcx, (STUB_RESP_OFF + STUB_RESP_SEQ)(%rbx)
	pop %rbx
	ret

	.globl stub_code_end
	.hidden stub_code_end
	.type stub_code_end, @function
stub_code_end:
	/* Assembly fails here ("attempt to move .org backwards") if the
	 * blob grew into the transport blob's place. */
	.org STUB_XCODE_OFF
	.size stub_code_begin, stub_code_end - stub_code_begin

	.section .note.GNU-stack, "", @progbits
