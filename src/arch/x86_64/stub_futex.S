/* SPDX-License-Identifier: MIT */
/*
 * stub_futex.S - the futex transport's code blob.  Copied into the code
 * page of the stub area at STUB_XCODE_OFF and run there by a stub thread
 * of the child, so it is position independent and addresses everything
 * relative to rbx (the stub area's base in the child).
 *
 * The blob has three parts; the seccomp filter the thread installs on
 * itself (transport_futex.c) is built on their boundaries:
 *  - sg_fx_begin..sg_fx_ctl_begin: the clone entry and the thread's
 *    set-up (no filter yet when these syscalls run);
 *  - sg_fx_ctl_begin..sg_fx_ctl_end: the serving loop; its syscalls may
 *    only be futex, sched_yield and exit;
 *  - the engine's STUB_FN_SINGLE / STUB_FN_RUN (code page below
 *    STUB_XCODE_OFF), called from the loop, issue the requested calls.
 *
 * Registers in the thread: rbx = stub area base, r15d = last request
 * sequence served, rsp = top of the transport stack (16-byte aligned at
 * each call).  The syscall instruction clobbers rax, rcx, r11 only; the
 * engine's functions preserve rbx, rbp, r12-r15.  Nothing is kept on the
 * stack across a call but its return address.
 */
#include <asm/unistd.h>
#include "remote/transport_futex.h"

#define REQ(f)	(STUB_REQ_OFF + (f))(%rbx)
#define RESP(f)	(STUB_RESP_OFF + (f))(%rbx)

	.text
	.p2align 6
	.globl sg_fx_begin
	.hidden sg_fx_begin
	.type sg_fx_begin, @function
sg_fx_begin:
	/* clone entry (see transport_futex.h for the registers) */
	syscall
	test %rax, %rax
	jz 1f
	int3			/* leader: back to the ptrace transport */
	ud2
1:
	/*
	 * New thread, rsp = top of the transport stack.  Block every
	 * signal first: no handler of the program may run on this thread
	 * (it would run outside the code page and be killed by the filter).
	 */
	sub $16, %rsp
	movq $-1, (%rsp)
	mov $__NR_rt_sigprocmask, %eax
	mov $2, %edi		/* SIG_SETMASK */
	mov %rsp, %rsi
	xor %edx, %edx
	mov $8, %r10d
	syscall
	test %rax, %rax
	jnz .Lsetup_fail
	mov $__NR_prctl, %eax
	mov $38, %edi		/* PR_SET_NO_NEW_PRIVS */
	mov $1, %esi
	xor %edx, %edx
	xor %r10d, %r10d
	xor %r8d, %r8d
	syscall
	test %rax, %rax
	jnz .Lsetup_fail
	/*
	 * SECCOMP_SET_MODE_FILTER on this thread only (no TSYNC), with
	 * SECCOMP_FILTER_FLAG_SPEC_ALLOW: kernels that force the Speculative
	 * Store Bypass mitigation on seccomp users would slow every call of
	 * this thread, which runs no code but this blob and the engine's.
	 * Kernels without the flag (EINVAL) get the plain call.
	 */
	mov $__NR_seccomp, %eax
	mov $1, %edi
	mov $4, %esi
	mov %r12, %rdx
	syscall
	cmp $-22, %rax
	jne 4f
	mov $__NR_seccomp, %eax
	xor %esi, %esi
	syscall
4:	test %rax, %rax
	jnz .Lsetup_fail
	/* From here on every syscall is checked against its address. */
	movq $1, RESP(STUB_RESP_STATE)
	mov REQ(STUB_REQ_FUTEX), %r15d
	jmp .Lpublish

.Lsetup_fail:
	mov %rax, RESP(STUB_RESP_STATE)
	mov $__NR_exit, %eax
	mov $1, %edi
	syscall
	ud2

	.globl sg_fx_ctl_begin
	.hidden sg_fx_ctl_begin
	.type sg_fx_ctl_begin, @function
sg_fx_ctl_begin:
.Lwait:
	/* Spin a bounded while (the supervisor tunes it), then sleep. */
	mov REQ(FX_REQ_SPIN), %ecx
	cmp $FX_SPIN_MAX, %ecx
	jbe 2f
	mov $FX_SPIN_MAX, %ecx
2:	test %ecx, %ecx
	jz .Lsleep
3:	mov REQ(STUB_REQ_FUTEX), %eax
	cmp %eax, %r15d
	jne .Lwork
	pause
	dec %ecx
	jz .Lsleep
	/* every 32 turns (~1 us) let a task waiting for this CPU (maybe
	 * the supervisor) run; ecx survives in rbp across the syscall */
	test $31, %ecx
	jnz 3b
	mov %ecx, %ebp
	mov $__NR_sched_yield, %eax
	syscall
	mov %ebp, %ecx
	jmp 3b
.Lsleep:
	movl $1, RESP(FX_RESP_SLEEPING)
	mfence			/* flag visible before the word is re-read */
	mov REQ(STUB_REQ_FUTEX), %eax
	cmp %eax, %r15d
	jne .Lawake
	lea REQ(STUB_REQ_FUTEX), %rdi
	xor %esi, %esi		/* FUTEX_WAIT, shared (not private): */
				/* the supervisor is another mm */
	mov %r15d, %edx
	xor %r10d, %r10d
	mov $__NR_futex, %eax
	syscall
	jmp .Lsleep
.Lawake:
	movl $0, RESP(FX_RESP_SLEEPING)
.Lwork:
	mov %eax, %r15d
	mov REQ(STUB_REQ_OP), %rax
	cmp $STUB_OP_SINGLE, %rax
	je .Lsingle
	cmp $STUB_OP_BATCH, %rax
	je .Lbatch
	cmp $STUB_OP_EXIT, %rax
	je .Lexit
	jmp .Lpublish		/* nothing to run: just answer */
.Lsingle:
	lea (STUB_CODE_OFF + STUB_FN_SINGLE)(%rbx), %rax
	call *%rax
	jmp .Lpublish
.Lbatch:
	lea (STUB_CODE_OFF + STUB_FN_RUN)(%rbx), %rax
	call *%rax
.Lpublish:
	mov %r15d, %eax
	xchg %eax, RESP(STUB_RESP_FUTEX)	/* release + full fence */
	cmpl $0, REQ(FX_REQ_WAITING)
	je .Lwait
	lea RESP(STUB_RESP_FUTEX), %rdi
	mov $1, %esi		/* FUTEX_WAKE */
	mov $1, %edx
	mov $__NR_futex, %eax
	syscall
	jmp .Lwait
	/*
	 * Exit.  Also where stop() points a thread it had to interrupt
	 * with ptrace (a call blocked too long): no register but rip set.
	 * The kernel zeroes STUB_RESP_FUTEX (clear_child_tid) and wakes.
	 */
	.globl sg_fx_exit
	.hidden sg_fx_exit
	.type sg_fx_exit, @function
sg_fx_exit:
.Lexit:
	mov $__NR_exit, %eax
	xor %edi, %edi
	syscall
	jmp .Lexit
	.globl sg_fx_ctl_end
	.hidden sg_fx_ctl_end
	.type sg_fx_ctl_end, @function
sg_fx_ctl_end:
	.globl sg_fx_end
	.hidden sg_fx_end
	.type sg_fx_end, @function
sg_fx_end:
	.size sg_fx_begin, sg_fx_end - sg_fx_begin
	.section .note.GNU-stack, "", @progbits
