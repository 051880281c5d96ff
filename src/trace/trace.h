/* SPDX-License-Identifier: MIT */
/*
 * Internal view of the tracer (prefix trc_): the handle, the -e expression
 * state, the argument decoders and the output formatters.
 */
#ifndef SG_TRACE_TRACE_H
#define SG_TRACE_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysgate.h"

/* Syscall numbers the sets can hold; larger numbers are never traced. */
#define TRC_NR_MAX 1024
#define TRC_SET_WORDS (TRC_NR_MAX / 64)

struct trc_set {
	uint64_t w[TRC_SET_WORDS];
};

static inline int trc_set_has(const struct trc_set *s, long nr)
{
	return nr >= 0 && nr < TRC_NR_MAX &&
	       (s->w[nr / 64] >> (nr % 64)) & 1;
}

static inline void trc_set_add(struct trc_set *s, long nr)
{
	if (nr >= 0 && nr < TRC_NR_MAX)
		s->w[nr / 64] |= 1ull << (nr % 64);
}

/* A growable byte buffer; out of memory truncates, never fails. */
struct trc_buf {
	char *p;
	size_t len, cap;
	int oom;
};

void trc_buf_putn(struct trc_buf *b, const char *s, size_t n);
void trc_buf_puts(struct trc_buf *b, const char *s);
void trc_buf_printf(struct trc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void trc_buf_free(struct trc_buf *b);
/* Integers without printf (hot path); base 10, or 16 with "0x". */
void trc_buf_putu(struct trc_buf *b, unsigned long v, int base);
void trc_buf_puti(struct trc_buf *b, long v);

/*
 * One inject= rule.  when= selects invocations by the per-thread count of
 * calls to that syscall (1-based): first, first+step, ... up to last.
 */
struct trc_inject {
	struct trc_set set;
	long ret;		/* value the caller sees: -errno or retval */
	int is_error;
	int has_ret;		/* error= or retval= (else the call runs) */
	int signo;		/* signal=, 0: none */
	unsigned long long delay_enter_us, delay_exit_us;
	unsigned long first, last, step;
};

/* What the -e expressions produced. */
struct trc_expr {
	struct trc_set trace;		/* trace= */
	int status_mask;		/* TRC_STATUS_*, 0 = all */
	struct trc_inject *inj;
	int n_inj;
	uint64_t signals;		/* signal=: bit n-1 for signal n */
};

enum {
	TRC_STATUS_SUCCESSFUL = 1 << 0,
	TRC_STATUS_FAILED = 1 << 1,
	TRC_STATUS_UNFINISHED = 1 << 2,
	TRC_STATUS_DETACHED = 1 << 3,
	TRC_STATUS_UNAVAILABLE = 1 << 4,
	TRC_STATUS_NONE = 1 << 8,	/* status=none: matches nothing */
};

/* expr.c */
void trc_expr_init(struct trc_expr *e);
void trc_expr_fini(struct trc_expr *e);
int trc_expr_add(struct trc_expr *e, const char *expr,
		 struct sysgate_parse_error *err);
/* Parse a syscall set ("open,%file,/^stat"); pos_base offsets positions. */
int trc_parse_set(const char *s, size_t len, int pos_base, struct trc_set *out,
		  struct sysgate_parse_error *err);

/* Signal number of "SIGUSR1", "usr1" or "10"; 0 if none. */
int trc_signal_parse(const char *s, size_t len);

/* pathtrace.c: the -P set. */
struct trc_paths {
	char **p;
	int n;
};
int trc_paths_add(struct trc_paths *ps, const char *path);
/* 1 when c (at entry) accesses a path of ps by name or by fd. */
int trc_paths_match(const struct trc_paths *ps, const struct sysgate_call *c);
void trc_paths_free(struct trc_paths *ps);

/* decode.c: argument kinds of nr (see trc_sigs), NULL if unknown. */
const char *trc_arg_kinds(long nr);

/* decode.c: read tracee memory (process_vm_readv, /proc/PID/mem). */
long trc_mem_read(pid_t pid, unsigned long addr, void *buf, size_t len);

/* Quote bytes as strace does; limit < 0 means no limit (paths). */
void trc_put_quoted(struct trc_buf *b, const unsigned char *s, size_t n,
		    int truncated);

struct trc_fmt {
	int string_limit;
	int fd_paths;
	int xflag;	/* 0, 1 (-x), 2 (-xx) */
};

/*
 * Print the arguments of c into b.  At entry the arguments the kernel
 * reads; at exit those it writes (only called when the entry part
 * returned 1, meaning "more at exit").
 */
int trc_decode_entry(const struct trc_fmt *f, const struct sysgate_call *c,
		     struct trc_buf *b, unsigned long *aux);
/* aux: what trc_decode_entry() saved (an in/out length's input value). */
void trc_decode_exit(const struct trc_fmt *f, const struct sysgate_call *c,
		     const unsigned long *entry_args, unsigned long aux,
		     struct trc_buf *b);
/*
 * The arguments trc_decode_exit() would print, for a call whose exit is
 * never reported (entry-only backend): outputs as the raw values they
 * are (addresses in hex, as for a failed call), inputs among them as
 * usual.
 */
void trc_decode_raw_out(const struct trc_fmt *f, const struct sysgate_call *c,
			const unsigned long *entry_args, struct trc_buf *b);
/* The " = ..." part (without leading spaces) of a return value. */
void trc_decode_ret(const struct trc_fmt *f, const struct sysgate_call *c,
		    struct trc_buf *b);
/* "--- SIGCHLD {...} ---" body between the dashes. */
void trc_decode_siginfo(const siginfo_t *si, struct trc_buf *b);
/*
 * JSON values of the arguments, comma-separated, no brackets: strings
 * where decoded, numbers otherwise.  at_exit 0: the inputs (printed at
 * entry); 1: the outputs.
 */
void trc_json_args(const struct trc_fmt *f, const struct sysgate_call *c,
		   const unsigned long *entry_args, struct trc_buf *b,
		   int at_exit);
/* The at_exit part of trc_json_args() as plain numbers (no exit came). */
void trc_json_args_raw_out(const struct sysgate_call *c,
			   const unsigned long *entry_args, struct trc_buf *b);
/* JSON string literal of n bytes. */
void trc_json_str(struct trc_buf *b, const unsigned char *s, size_t n);

/* Levenshtein distance (bounded: returns > max early). */
int trc_edit_distance(const char *a, const char *b, int max);

/*
 * -k (stack.c): 1 when libdw could be loaded (else *why says why), and
 * the stack of stopped thread tid of pid as strace's " > ..." lines
 * appended to b; 0 or -errno.
 */
int trc_stack_available(const char **why);
int trc_stack_capture(pid_t pid, pid_t tid, struct trc_buf *b);

#endif
