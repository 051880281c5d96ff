/* SPDX-License-Identifier: MIT */
/*
 * The tracer: a handler for sysgate_intercept_* that prints calls in
 * strace's format (or JSON lines), filters them, injects faults and
 * counts them for -c.
 *
 * Output follows strace's rules with -f: the arguments the kernel reads
 * are printed when the call enters; if another thread prints before the
 * call returns, the line is closed with " <unfinished ...>" and finished
 * later as "<... NAME resumed>...".  With status= the whole line is held
 * until the result is known (strace does the same).
 *
 * A call without SYSGATE_CALL_HAS_EXIT (unotify; sysemu with entries
 * only) is printed whole at its entry: what the kernel would write is
 * shown as the raw argument (an address), the result as "?".  An
 * emulated call without SYSGATE_CALL_EXIT_AFTER_RETURN (sysemu) is over
 * at its entry too.  A signal delivered in the middle of a call (sysemu:
 * before a re-issued call re-entered) parks it: its line is closed as
 * unfinished and resumed when its exit comes after the handler's calls.
 *
 * Options of strace's that shape lines: -a (result column); -r, -t,
 * -n, -i (the leader, trc_prefix()); -P (trc_paths_match() decides at
 * entry whether a call is printed at all); -e signal= (which signal lines);
 * -ff (one output channel per thread, swapped in as the handle's output
 * by trc_select(), so the printing code knows one output only).
 * inject= rules may also send a signal (tgkill at entry) and delay the
 * call by sleeping in the handler, before it runs or after it returned.
 *
 * Everything here runs on the interception thread; the handle is not
 * shared with other threads.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "sysgate.h"
#include "trace/trace.h"

struct trc_tid {
	pid_t tid, pid;
	int in_call;		/* entry seen, exit not yet */
	int printing;		/* this call is being printed */
	int more;		/* arguments left for the exit */
	int unfinished;		/* " <unfinished ...>" was printed */
	int injected;		/* entry returned an injected value */
	long inj_ret;
	long nr;
	unsigned long args[6];
	unsigned long aux;	/* decoder state kept from the entry */
	unsigned long long ts_entry;
	/* stime_ns at entry; valid when stime_entry_ok (SYSGATE_CALL_STIME) */
	unsigned long long stime_entry;
	int stime_entry_ok;
	struct trc_buf line;	/* held line (status=, JSON) */
	unsigned int *counts;	/* invocations per nr (inject when=) */
	long last_nr;		/* -n of signal and exit lines, as strace */
	unsigned long ip;	/* -i: rip at the call's entry */
	int delayed;		/* a delay_enter=/delay_exit= rule applies */
	unsigned long long delay_exit_us;
	/*
	 * A call a signal handler's calls came in the middle of (sysemu: a
	 * signal delivered before a re-issued call re-entered); its exit
	 * comes after theirs.  Owns its line; counts stay with the thread.
	 */
	struct trc_tid *susp;
	/*
	 * A call of another ABI (int 0x80, x32): nr above is its x86_64
	 * counterpart (for -e sets, inject, -c), or -1 when it has none.
	 * foreign: its arguments mean something else in x86_64 terms, so
	 * it prints with its own name (abi_nr) and raw arguments.
	 */
	unsigned int abi;
	int foreign;
	long abi_nr;
	unsigned int mode;	/* ABI of the last call ("runs in 32 bit mode") */
	struct trc_buf stack;	/* -k: the frames of the call */
	int stack_at_exit;	/* -k: take them at its exit stop */
};

struct trc_count {
	unsigned long calls, errors;
	unsigned long long ns;
};

/*
 * -ff: one output file per thread.  The channel of the thread being
 * printed for is loaded into the handle's out / line_start / flushed_col
 * / cur_tid / write_error / o.out_fd (the code that prints knows only
 * those); the others rest here.  The loaded one's buffer is owned by the
 * handle meanwhile (ch->out is empty).
 */
struct trc_chan {
	pid_t tid;
	int fd;
	struct trc_buf out;
	size_t line_start, flushed_col;
	pid_t cur_tid;
	int write_error;
};

struct sysgate_trace {
	struct sysgate_trace_opts o;
	struct trc_fmt fmt;
	struct trc_expr ex;
	struct trc_buf out;
	size_t line_start;	/* offset in out of the current line */
	size_t flushed_col;	/* columns of it written out already */
	pid_t cur_tid;		/* whose line in out is open, 0: none */
	int line_buffered;	/* out_fd is a terminal: write per line */
	int write_error;
	struct trc_tid *tids;
	int ntids, cap;
	int live;		/* threads under trace now */
	long long mono_to_real;	/* ns to add to CLOCK_MONOTONIC */
	struct trc_count *cnt;	/* -c: TRC_NR_MAX entries */
	struct trc_set blocking;	/* calls that may sleep for long */
	int eager;		/* someone may watch: flush at blocking calls */
	int align;		/* -a: column of " = " */
	struct trc_paths paths;	/* -P */
	unsigned long long last_line_ns;	/* -r: CLOCK_MONOTONIC */
	char *ff_prefix;	/* -ff: "FILE" of FILE.TID, NULL: off */
	struct trc_chan *chans;
	int nchans, chans_cap;
	pid_t sel;		/* -ff: whose channel is loaded, 0: none */
	int main_fd;		/* out_fd as given */
};

/*
 * Calls that may block indefinitely: their entry line is written out at
 * once, so a trace file shows what a stuck program is waiting in.
 */
static const char *const trc_blocking_names[] = {
	"read", "readv", "pread64", "write", "writev", "nanosleep",
	"clock_nanosleep", "wait4", "waitid", "poll", "ppoll", "select",
	"pselect6", "epoll_wait", "epoll_pwait", "futex", "pause", "accept",
	"accept4", "connect", "recvfrom", "recvmsg", "sendto", "sendmsg",
	"rt_sigsuspend", "rt_sigtimedwait", "flock", "msgrcv", "semop",
	"io_uring_enter", "openat", "open", "execve",
};

/* ---- output ---- */

static void trc_flush(struct sysgate_trace *t)
{
	size_t off = 0;
	ssize_t n;

	while (off < t->out.len && !t->write_error) {
		n = write(t->o.out_fd, t->out.p + off, t->out.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			t->write_error = n < 0 ? errno : EIO;
			break;
		}
		off += (size_t)n;
	}
	/* The open line's columns already written still count for padding. */
	if (t->out.len > t->line_start)
		t->flushed_col += t->out.len - t->line_start;
	t->out.len = 0;
	t->line_start = 0;
	if (t->out.p)
		t->out.p[0] = 0;
}

/* A new line starts at the end of out. */
static void trc_line_begin(struct sysgate_trace *t)
{
	t->line_start = t->out.len;
	t->flushed_col = 0;
}

static void trc_line_done(struct sysgate_trace *t)
{
	t->cur_tid = 0;
	trc_line_begin(t);
	if (t->line_buffered || t->out.len >= 32768)
		trc_flush(t);
}

/* Close another thread's open line before printing for tid. */
static void trc_interrupt_line(struct sysgate_trace *t, pid_t tid)
{
	int i;

	if (!t->cur_tid || t->cur_tid == tid)
		return;
	trc_buf_puts(&t->out, " <unfinished ...>\n");
	for (i = 0; i < t->ntids; i++)
		if (t->tids[i].tid == t->cur_tid)
			t->tids[i].unfinished = 1;
	trc_line_done(t);
}

/* ---- -ff channels ---- */

static struct trc_chan *trc_chan_find(struct sysgate_trace *t, pid_t tid)
{
	int i;

	for (i = 0; i < t->nchans; i++)
		if (t->chans[i].tid == tid)
			return &t->chans[i];
	return NULL;
}

/*
 * tid's channel, opening FILE.TID (truncated, as strace does) the first
 * time.  A file that cannot be opened is a write error of that channel
 * only.  NULL when out of memory.
 */
static struct trc_chan *trc_chan_open(struct sysgate_trace *t, pid_t tid)
{
	struct trc_chan *ch = trc_chan_find(t, tid);
	char path[PATH_MAX];

	if (ch)
		return ch;
	if (t->nchans == t->chans_cap) {
		int cap = t->chans_cap ? t->chans_cap * 2 : 8;

		ch = realloc(t->chans, (size_t)cap * sizeof(*ch));
		if (!ch)
			return NULL;
		t->chans = ch;
		t->chans_cap = cap;
	}
	ch = &t->chans[t->nchans++];
	memset(ch, 0, sizeof(*ch));
	ch->tid = tid;
	ch->fd = -1;
	if (snprintf(path, sizeof(path), "%s.%d", t->ff_prefix, (int)tid) >=
	    (int)sizeof(path)) {
		ch->write_error = ENAMETOOLONG;
		return ch;
	}
	ch->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (ch->fd < 0)
		ch->write_error = errno;
	return ch;
}

/* Back to no channel loaded: out empty, lines go to the main fd. */
static void trc_chan_unload(struct sysgate_trace *t)
{
	memset(&t->out, 0, sizeof(t->out));
	t->line_start = 0;
	t->flushed_col = 0;
	t->cur_tid = 0;
	t->write_error = 0;
	t->o.out_fd = t->main_fd;
	t->sel = 0;
}

/* -ff: make tid's file the output; a no-op otherwise. */
static void trc_select(struct sysgate_trace *t, pid_t tid)
{
	struct trc_chan *ch;

	if (!t->ff_prefix || t->sel == tid || tid <= 0)
		return;
	ch = t->sel ? trc_chan_find(t, t->sel) : NULL;
	if (ch) {
		ch->out = t->out;
		ch->line_start = t->line_start;
		ch->flushed_col = t->flushed_col;
		ch->cur_tid = t->cur_tid;
		ch->write_error = t->write_error;
	} else {
		trc_flush(t);
		trc_buf_free(&t->out);
	}
	trc_chan_unload(t);
	ch = trc_chan_open(t, tid);
	if (!ch)
		return;
	t->out = ch->out;
	memset(&ch->out, 0, sizeof(ch->out));
	t->line_start = ch->line_start;
	t->flushed_col = ch->flushed_col;
	t->cur_tid = ch->cur_tid;
	t->write_error = ch->write_error;
	t->o.out_fd = ch->fd;
	t->sel = tid;
}

/* -ff: write out and close tid's file (the thread is gone). */
static void trc_chan_close(struct sysgate_trace *t, pid_t tid)
{
	struct trc_chan *ch;

	if (!t->ff_prefix)
		return;
	trc_select(t, tid);
	ch = trc_chan_find(t, tid);
	if (!ch || t->sel != tid)
		return;
	if (t->cur_tid) {
		trc_buf_putn(&t->out, "\n", 1);
		t->cur_tid = 0;
	}
	trc_flush(t);
	trc_buf_free(&t->out);
	if (ch->fd >= 0)
		close(ch->fd);
	*ch = t->chans[--t->nchans];
	trc_chan_unload(t);
}

static unsigned long long trc_now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull +
	       (unsigned long long)ts.tv_nsec;
}

/*
 * The line's leader, in strace's order: [pid N], time (-r, -t/-tt/-ttt),
 * [nr] (-n), [ip] (-i; ip NULL: unknown, "?"s).
 */
static void trc_prefix(struct sysgate_trace *t, struct trc_buf *b, pid_t tid,
		       long nr, const unsigned long *ip)
{
	if (t->ff_prefix) {
		/* -ff: the file says whose line it is. */
	} else if (t->o.flags & SYSGATE_TRACE_PIDS) {
		size_t at = b->len;

		/* "%-5d " */
		trc_buf_puti(b, tid);
		while (b->len - at < 5)
			trc_buf_putn(b, " ", 1);
		trc_buf_putn(b, " ", 1);
	}
	else if (t->live > 1)
		trc_buf_printf(b, "[pid %5d] ", (int)tid);
	const unsigned int tod = SYSGATE_TRACE_TIME | SYSGATE_TRACE_TIME_US |
				 SYSGATE_TRACE_TIME_EPOCH;
	unsigned long long rel = 0;

	if (t->o.flags & SYSGATE_TRACE_RELATIVE) {
		unsigned long long now = trc_now(CLOCK_MONOTONIC);

		rel = t->last_line_ns && now > t->last_line_ns ?
		      now - t->last_line_ns : 0;
		t->last_line_ns = now;
		/* Alone it leads the line; with a time of day it follows. */
		if (!(t->o.flags & tod))
			trc_buf_printf(b, "%6llu.%06llu ",
				       rel / 1000000000ull,
				       rel / 1000 % 1000000);
	}
	if (t->o.flags & SYSGATE_TRACE_TIME_EPOCH) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		trc_buf_printf(b, "%lld.%06ld ", (long long)ts.tv_sec,
			       ts.tv_nsec / 1000);
	} else if (t->o.flags & (SYSGATE_TRACE_TIME | SYSGATE_TRACE_TIME_US)) {
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		trc_buf_printf(b, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			       tm.tm_sec);
		if (t->o.flags & SYSGATE_TRACE_TIME_US)
			trc_buf_printf(b, ".%06ld", ts.tv_nsec / 1000);
		trc_buf_putn(b, " ", 1);
	}
	if ((t->o.flags & SYSGATE_TRACE_RELATIVE) && (t->o.flags & tod))
		trc_buf_printf(b, "(+%6llu.%06llu) ", rel / 1000000000ull,
			       rel / 1000 % 1000000);
	if (t->o.flags & SYSGATE_TRACE_NR)
		trc_buf_printf(b, "[%4ld] ", nr);
	if (t->o.flags & SYSGATE_TRACE_IP) {
		if (ip)
			trc_buf_printf(b, "[%016lx] ", *ip);
		else
			trc_buf_puts(b, "[????????????????] ");
	}
}

/* Pad an open line so that " = " starts at the -a column. */
static void trc_pad(struct sysgate_trace *t, struct trc_buf *b,
		    size_t line_start)
{
	static const char spaces[] = "                                ";
	size_t col = b->len - line_start + t->flushed_col;
	size_t want = (size_t)t->align;

	/* strace: pad to column - 1, then one space in any case. */
	while (col + 1 < want) {
		size_t n = want - 1 - col;

		if (n > sizeof(spaces) - 1)
			n = sizeof(spaces) - 1;
		trc_buf_putn(b, spaces, n);
		col += n;
	}
	trc_buf_putn(b, " ", 1);
}

/* trc_put_result() marks */
enum {
	TRC_MARK_INJECTED = 1 << 0,
	TRC_MARK_DELAYED = 1 << 1,
};

/* Pad to the result column (-a, strace's 40) and print " = ...". */
static void trc_put_result(struct sysgate_trace *t, struct trc_buf *b,
			   size_t line_start, const struct sysgate_call *c,
			   unsigned long long dur_ns, int marks)
{
	trc_buf_putn(b, ")", 1);
	trc_pad(t, b, line_start);
	trc_decode_ret(&t->fmt, c, b);
	if (marks & TRC_MARK_INJECTED)
		trc_buf_puts(b, " (INJECTED)");
	if (marks & TRC_MARK_DELAYED)
		trc_buf_puts(b, " (DELAYED)");
	if (t->o.flags & SYSGATE_TRACE_DURATION)
		trc_buf_printf(b, " <%llu.%06llu>", dur_ns / 1000000000ull,
			       dur_ns / 1000 % 1000000);
	trc_buf_putn(b, "\n", 1);
}

/* ---- threads ---- */

static struct trc_tid *trc_tid_get(struct sysgate_trace *t, pid_t tid,
				   pid_t pid, int create)
{
	struct trc_tid *n;
	int i;

	for (i = t->ntids - 1; i >= 0; i--)
		if (t->tids[i].tid == tid)
			return &t->tids[i];
	if (!create)
		return NULL;
	if (t->ntids == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;

		n = realloc(t->tids, (size_t)cap * sizeof(*n));
		if (!n)
			return NULL;
		t->tids = n;
		t->cap = cap;
	}
	n = &t->tids[t->ntids++];
	memset(n, 0, sizeof(*n));
	n->tid = tid;
	n->pid = pid;
	t->live++;
	return n;
}

/* Park the open call of s while a signal handler's calls run. */
static void trc_suspend(struct sysgate_trace *t, struct trc_tid *s)
{
	struct trc_tid *o;

	if (!s->in_call || s->susp)
		return;
	o = malloc(sizeof(*o));
	if (!o)
		return;
	if (t->cur_tid == s->tid) {
		trc_buf_puts(&t->out, " <unfinished ...>\n");
		s->unfinished = 1;
		trc_line_done(t);
	}
	*o = *s;
	o->susp = NULL;
	o->counts = NULL;
	memset(&s->line, 0, sizeof(s->line));
	memset(&s->stack, 0, sizeof(s->stack));
	s->susp = o;
	s->in_call = 0;
	s->printing = 0;
	s->injected = 0;
	s->delayed = 0;
	s->delay_exit_us = 0;
}

/* Its exit came: the parked call is the thread's call again. */
static void trc_unsuspend(struct trc_tid *s)
{
	struct trc_tid *o = s->susp;

	trc_buf_free(&s->line);
	trc_buf_free(&s->stack);
	s->stack = o->stack;
	s->in_call = o->in_call;
	s->printing = o->printing;
	s->more = o->more;
	s->unfinished = o->unfinished;
	s->injected = o->injected;
	s->inj_ret = o->inj_ret;
	s->nr = o->nr;
	memcpy(s->args, o->args, sizeof(s->args));
	s->aux = o->aux;
	s->ts_entry = o->ts_entry;
	s->stime_entry = o->stime_entry;
	s->stime_entry_ok = o->stime_entry_ok;
	s->ip = o->ip;
	s->delayed = o->delayed;
	s->delay_exit_us = o->delay_exit_us;
	s->line = o->line;
	free(o);
	s->susp = NULL;
}

static void trc_susp_free(struct trc_tid *s)
{
	if (s->susp) {
		trc_buf_free(&s->susp->line);
		trc_buf_free(&s->susp->stack);
		free(s->susp);
		s->susp = NULL;
	}
}

static void trc_tid_drop(struct sysgate_trace *t, struct trc_tid *s)
{
	int i = (int)(s - t->tids);

	if (t->cur_tid == s->tid) {
		trc_buf_putn(&t->out, "\n", 1);
		trc_line_done(t);
	}
	trc_buf_free(&s->line);
	trc_buf_free(&s->stack);
	trc_susp_free(s);
	free(s->counts);
	t->tids[i] = t->tids[--t->ntids];
	if (t->live > 0)
		t->live--;
}

/* ---- the handle ---- */

int sysgate_trace_new(const struct sysgate_trace_opts *opts,
		      struct sysgate_trace **out)
{
	struct sysgate_trace *t;
	struct timespec m, r;
	struct stat sb;
	size_t i;

	if (!out || (opts && opts->sz < sizeof(size_t) + sizeof(int)))
		return -EINVAL;
	if (opts && opts->flags & ~0xffffu)
		return -EINVAL;
	if (opts && (opts->flags & SYSGATE_TRACE_STACK) &&
	    !trc_stack_available(NULL))
		return -ENOSYS;
	if (opts && opts->sz >= offsetof(struct sysgate_trace_opts,
					  string_limit) + sizeof(int) &&
	    opts->string_limit < 0)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->cnt = calloc(TRC_NR_MAX, sizeof(*t->cnt));
	if (!t->cnt) {
		free(t);
		return -ENOMEM;
	}
	t->o.out_fd = 2;
	if (opts)
		memcpy(&t->o, opts, opts->sz < sizeof(t->o) ? opts->sz :
		       sizeof(t->o));
	t->o.sz = sizeof(t->o);
	if (t->o.align_column < 0 || t->o.align_column > 4096) {
		free(t->cnt);
		free(t);
		return -EINVAL;
	}
	t->align = t->o.align_column ? t->o.align_column : 40;
	if (t->o.per_thread_prefix) {
		t->ff_prefix = strdup(t->o.per_thread_prefix);
		if (!t->ff_prefix) {
			free(t->cnt);
			free(t);
			return -ENOMEM;
		}
	}
	t->o.per_thread_prefix = NULL;	/* never the caller's pointer */
	t->main_fd = t->o.out_fd;
	t->fmt.string_limit = t->o.string_limit ? t->o.string_limit : 32;
	t->fmt.fd_paths = !!(t->o.flags & SYSGATE_TRACE_FD_PATHS);
	t->fmt.xflag = t->o.flags & SYSGATE_TRACE_HEX_ALL ? 2 :
		       !!(t->o.flags & SYSGATE_TRACE_HEX);
	/* -ff files are regular files: buffered. */
	t->line_buffered = !t->ff_prefix && isatty(t->o.out_fd);
	/* Nobody watches /dev/null: spare a write per blocking call. */
	t->eager = fstat(t->o.out_fd, &sb) || !S_ISCHR(sb.st_mode) ||
		   sb.st_rdev != makedev(1, 3);
	trc_expr_init(&t->ex);
	for (i = 0; i < sizeof(trc_blocking_names) /
		    sizeof(trc_blocking_names[0]); i++)
		trc_set_add(&t->blocking,
			    sysgate_syscall_lookup(trc_blocking_names[i]));
	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &r);
	t->mono_to_real = ((long long)r.tv_sec - m.tv_sec) * 1000000000ll +
			  (r.tv_nsec - m.tv_nsec);
	*out = t;
	return 0;
}

int sysgate_trace_add_path(struct sysgate_trace *t, const char *path)
{
	if (!t || !path)
		return -EINVAL;
	return trc_paths_add(&t->paths, path);
}

int sysgate_trace_add_expr(struct sysgate_trace *t, const char *expr,
			   struct sysgate_parse_error *err)
{
	if (!t) {
		if (err) {
			err->pos = 0;
			snprintf(err->msg, sizeof(err->msg), "no trace");
		}
		return -EINVAL;
	}
	return trc_expr_add(&t->ex, expr, err);
}

int sysgate_trace_filter(const struct sysgate_trace *t, uint64_t *filter,
			 unsigned int bits)
{
	unsigned int w, words = (bits + 63) / 64;
	int i;

	if (!t || !filter || !bits)
		return -EINVAL;
	for (w = 0; w < words; w++) {
		uint64_t v = w < TRC_SET_WORDS ? t->ex.trace.w[w] : 0;

		for (i = 0; i < t->ex.n_inj && w < TRC_SET_WORDS; i++)
			v |= t->ex.inj[i].set.w[w];
		if (w == words - 1 && bits % 64)
			v &= (1ull << (bits % 64)) - 1;
		filter[w] = v;
	}
	return 0;
}

/* First inject rule that selects this invocation, or NULL. */
static const struct trc_inject *trc_inject_pick(struct sysgate_trace *t,
						struct trc_tid *s, long nr)
{
	const struct trc_inject *r;
	unsigned long n;
	int i, any = 0;

	for (i = 0; i < t->ex.n_inj; i++)
		any |= trc_set_has(&t->ex.inj[i].set, nr);
	if (!any)
		return NULL;
	if (!s->counts) {
		s->counts = calloc(TRC_NR_MAX, sizeof(*s->counts));
		if (!s->counts)
			return NULL;
	}
	n = ++s->counts[nr];
	for (i = 0; i < t->ex.n_inj; i++) {
		r = &t->ex.inj[i];
		if (trc_set_has(&r->set, nr) && n >= r->first &&
		    n <= r->last && (n - r->first) % r->step == 0)
			return r;
	}
	return NULL;
}

static int trc_status_wanted(const struct sysgate_trace *t, long ret)
{
	int failed = ret < 0 && ret >= -4095;

	if (!t->ex.status_mask)
		return 1;
	return failed ? !!(t->ex.status_mask & TRC_STATUS_FAILED) :
			!!(t->ex.status_mask & TRC_STATUS_SUCCESSFUL);
}

static void trc_count(struct sysgate_trace *t, long nr, long ret,
		      unsigned long long ns)
{
	if (nr < 0 || nr >= TRC_NR_MAX)
		return;
	t->cnt[nr].calls++;
	if (ret < 0 && ret >= -4095)
		t->cnt[nr].errors++;
	t->cnt[nr].ns += ns;
}

/*
 * x86_64 calls whose arguments mean the same for an i386 or x32 caller
 * (the kernel zero-extends i386 arguments; the decoders read int
 * arguments as int): those are decoded as the x86_64 call.  Others (16-bit
 * ids, 32-bit offsets and structs, pointer arrays) print raw.
 */
static const char *const trc_abi_neutral_names[] = {
	"read", "write", "open", "openat", "close", "creat", "link", "linkat",
	"unlink", "unlinkat", "chdir", "fchdir", "mknod", "mknodat", "chmod",
	"fchmod", "fchmodat", "access", "faccessat", "faccessat2", "rename",
	"renameat", "renameat2", "mkdir", "mkdirat", "rmdir", "symlink",
	"symlinkat", "readlink", "readlinkat", "dup", "dup2", "dup3", "pipe",
	"pipe2", "close_range", "getcwd", "umask", "chroot", "sync", "syncfs",
	"fsync", "fdatasync", "flock", "getpid", "getppid", "gettid", "setsid",
	"getpgrp", "setpgid", "getpgid", "getsid", "kill", "tkill", "tgkill",
	"exit", "exit_group", "brk", "munmap", "mprotect", "madvise", "mlock",
	"munlock", "msync", "sched_yield", "pause", "alarm",
};

static int trc_abi_neutral(long nr)
{
	const char *n = sysgate_syscall_name(nr);
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < sizeof(trc_abi_neutral_names) /
			    sizeof(trc_abi_neutral_names[0]); i++)
		if (!strcmp(n, trc_abi_neutral_names[i]))
			return 1;
	return 0;
}

static const char *trc_abi_mode(unsigned int abi)
{
	return abi == SYSGATE_ABI_I386 ? "32 bit" :
	       abi == SYSGATE_ABI_X32 ? "x32" : "64 bit";
}

static void trc_syscall_name(long nr, struct trc_buf *b)
{
	const char *n = sysgate_syscall_name(nr);

	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_printf(b, "syscall_%ld", nr);
}

/* The name of the call s is in: its own ABI's when it prints raw. */
static void trc_call_name(const struct trc_tid *s, long nr, struct trc_buf *b)
{
	const char *n;

	if (!s->foreign) {
		trc_syscall_name(nr, b);
		return;
	}
	n = sysgate_syscall_abi_name(s->abi, s->abi_nr);
	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_printf(b, "syscall_%ld", s->abi_nr);
}

/* Raw arguments of a foreign call, as hex ("0x1, 0x804a000, 0x6"). */
static void trc_foreign_args(const struct trc_tid *s, struct trc_buf *b,
			     int json)
{
	int i, n = 6;

	while (n > 0 && !s->args[n - 1])
		n--;
	for (i = 0; i < n; i++)
		trc_buf_printf(b, json ? "%s%lu" : "%s%#lx", i ? (json ? "," : ", ") : "",
			       s->args[i]);
}

/* The JSON object of one finished call. */
static void trc_json_line(struct sysgate_trace *t, struct trc_tid *s,
			  const struct sysgate_call *c, int has_ret)
{
	struct trc_buf *b = &t->out;
	long long ts = (long long)s->ts_entry + t->mono_to_real;
	long ret = c->ret;

	trc_buf_printf(b, "{\"pid\":%d,\"tid\":%d,\"name\":\"", (int)s->pid,
		       (int)s->tid);
	trc_call_name(s, c->nr, b);
	trc_buf_printf(b, "\",\"nr\":%ld,", s->abi != SYSGATE_ABI_X86_64 ?
		       s->abi_nr : c->nr);
	if (s->abi != SYSGATE_ABI_X86_64)
		trc_buf_printf(b, "\"abi\":\"%s\",", s->abi == SYSGATE_ABI_I386 ?
			       "i386" : "x32");
	trc_buf_puts(b, "\"args\":");
	/* s->line holds the arguments captured at entry, "[a,b," style. */
	trc_buf_putn(b, s->line.p ? s->line.p : "[", s->line.p ?
		     s->line.len : 1);
	if (has_ret && !s->foreign) {
		struct trc_buf tail = { 0 };

		trc_json_args(&t->fmt, c, s->args, &tail, 1);
		if (tail.len && s->line.len > 1)
			trc_buf_putn(b, ",", 1);
		if (tail.p)
			trc_buf_putn(b, tail.p, tail.len);
		trc_buf_free(&tail);
	}
	trc_buf_putn(b, "]", 1);
	if (has_ret) {
		trc_buf_printf(b, ",\"ret\":%ld", ret);
		if (ret < 0 && ret >= -4095) {
			const char *e = sysgate_errno_name((int)-ret);

			if (e)
				trc_buf_printf(b, ",\"errno\":\"%s\"", e);
			else
				trc_buf_printf(b, ",\"errno\":%ld", -ret);
		}
	} else {
		trc_buf_puts(b, ",\"ret\":null");
	}
	if (s->stack.len) {
		/* -k: the frames as strings, without strace's " > " */
		const char *p = s->stack.p, *end = p + s->stack.len, *nl;
		int first = 1;

		trc_buf_puts(b, ",\"stack\":[");
		for (; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				nl = end;
			if (nl - p <= 3)
				continue;
			if (!first)
				trc_buf_putn(b, ",", 1);
			first = 0;
			trc_json_str(b, (const unsigned char *)p + 3,
				     (size_t)(nl - p - 3));
		}
		trc_buf_putn(b, "]", 1);
		s->stack.len = 0;
	}
	if (s->injected)
		trc_buf_puts(b, ",\"injected\":true");
	if (s->delayed)
		trc_buf_puts(b, ",\"delayed\":true");
	trc_buf_printf(b, ",\"ts\":%lld.%06lld", ts / 1000000000ll,
		       ts / 1000 % 1000000);
	if (has_ret && c->ts_ns >= s->ts_entry)
		trc_buf_printf(b, ",\"dur\":%.6f",
			       (double)(c->ts_ns - s->ts_entry) / 1e9);
	trc_buf_puts(b, "}\n");
	trc_line_done(t);
}

/* Entry of a call that will be printed. */
static void trc_print_entry(struct sysgate_trace *t, struct trc_tid *s,
			    const struct sysgate_call *c)
{
	int hold = t->ex.status_mask != 0;

	s->line.len = 0;
	if (t->o.flags & SYSGATE_TRACE_JSON) {
		trc_buf_putn(&s->line, "[", 1);
		if (s->foreign)
			trc_foreign_args(s, &s->line, 1);
		else
			trc_json_args(&t->fmt, c, c->args, &s->line, 0);
		return;
	}
	if (hold) {
		trc_prefix(t, &s->line, s->tid, c->nr, &c->regs.rip);
		trc_call_name(s, c->nr, &s->line);
		trc_buf_putn(&s->line, "(", 1);
		if (s->foreign) {
			trc_foreign_args(s, &s->line, 0);
			s->more = 0;
		} else {
			s->more = trc_decode_entry(&t->fmt, c, &s->line, &s->aux);
		}
		return;
	}
	trc_interrupt_line(t, s->tid);
	trc_line_begin(t);
	trc_prefix(t, &t->out, s->tid, c->nr, &c->regs.rip);
	trc_call_name(s, c->nr, &t->out);
	trc_buf_putn(&t->out, "(", 1);
	if (s->foreign) {
		trc_foreign_args(s, &t->out, 0);
		s->more = 0;
	} else {
		s->more = trc_decode_entry(&t->fmt, c, &t->out, &s->aux);
	}
	t->cur_tid = s->tid;
	if (t->eager && trc_set_has(&t->blocking, c->nr))
		trc_flush(t);
}

/* trc_print_exit() has_ret values besides 1 and 0 */
enum {
	TRC_DETACHED = -1,	/* the thread was let go during the call */
	TRC_NO_EXIT = -2,	/* entry-only: the result is never reported */
};

/* -k: the call's frames, after its line (as strace). */
static void trc_put_stack(struct sysgate_trace *t, struct trc_tid *s)
{
	if (!s->stack.len)
		return;
	trc_buf_putn(&t->out, s->stack.p, s->stack.len);
	s->stack.len = 0;
}

/*
 * Exit (or injected entry) of a printed call: finish its line.
 * has_ret: 1 the call returned c->ret; 0 it never will (exit, killed);
 * TRC_DETACHED, TRC_NO_EXIT.
 */
static void trc_print_exit(struct sysgate_trace *t, struct trc_tid *s,
			   const struct sysgate_call *c, int has_ret)
{
	unsigned long long dur = c->ts_ns > s->ts_entry ?
				 c->ts_ns - s->ts_entry : 0;
	struct sysgate_call done = *c;

	done.nr = s->nr;
	memcpy(done.args, s->args, sizeof(done.args));
	if (t->o.flags & SYSGATE_TRACE_JSON) {
		if (has_ret == TRC_NO_EXIT) {
			if (t->ex.status_mask &&
			    !(t->ex.status_mask & TRC_STATUS_UNAVAILABLE))
				return;
			struct trc_buf tail = { 0 };

			/* The outputs as the raw values they are. */
			trc_json_args_raw_out(&done, s->args, &tail);
			if (tail.len && s->line.len > 1)
				trc_buf_putn(&s->line, ",", 1);
			if (tail.p)
				trc_buf_putn(&s->line, tail.p, tail.len);
			trc_buf_free(&tail);
			has_ret = 0;
		}
		if (has_ret && !trc_status_wanted(t, c->ret))
			return;
		trc_interrupt_line(t, s->tid);
		trc_line_begin(t);
		trc_json_line(t, s, &done, has_ret);
		return;
	}
	if (t->ex.status_mask) {
		if (has_ret && has_ret != TRC_NO_EXIT &&
		    !trc_status_wanted(t, c->ret))
			return;
		if (!has_ret && !(t->ex.status_mask & TRC_STATUS_UNFINISHED))
			return;
		if (has_ret == TRC_NO_EXIT &&
		    !(t->ex.status_mask & TRC_STATUS_UNAVAILABLE))
			return;
		trc_interrupt_line(t, s->tid);
		trc_line_begin(t);
		if (s->line.p)
			trc_buf_putn(&t->out, s->line.p, s->line.len);
	} else if (t->cur_tid != s->tid) {
		trc_interrupt_line(t, s->tid);
		trc_line_begin(t);
		trc_prefix(t, &t->out, s->tid, s->nr, &s->ip);
		trc_buf_puts(&t->out, "<... ");
		trc_call_name(s, s->nr, &t->out);
		trc_buf_puts(&t->out, " resumed>");
	}
	if (has_ret == TRC_DETACHED) {
		/* Let go in the middle of the call (interrupt, -p). */
		trc_buf_puts(&t->out, " <detached ...>\n");
		trc_line_done(t);
		return;
	}
	if (has_ret <= 0) {
		/*
		 * exit/exit_group, or a thread gone in the middle: strace's
		 * "<unfinished ...>) = ?".  Entry-only backend: the line is
		 * complete, the outputs (never read) as raw values.
		 */
		if (s->more && has_ret == TRC_NO_EXIT)
			trc_decode_raw_out(&t->fmt, &done, s->args, &t->out);
		else if (s->more)
			trc_buf_puts(&t->out, " <unfinished ...>");
		trc_buf_putn(&t->out, ")", 1);
		trc_pad(t, &t->out, t->line_start);
		trc_buf_puts(&t->out, "= ?\n");
		trc_put_stack(t, s);
		trc_line_done(t);
		return;
	}
	if (s->more)
		trc_decode_exit(&t->fmt, &done, s->args, s->aux, &t->out);
	trc_put_result(t, &t->out, t->line_start, &done, dur,
		       (s->injected ? TRC_MARK_INJECTED : 0) |
		       (s->delayed ? TRC_MARK_DELAYED : 0));
	trc_put_stack(t, s);
	trc_line_done(t);
}

/*
 * A call's time for -c, as strace counts it: system CPU time (the
 * process's ru_stime at the exit stop minus at the entry stop) when both
 * stops carry it and -w was not given; wall time otherwise (-w, or a
 * backend without stopped-tracee rusage such as unotify).
 */
static unsigned long long trc_summary_ns(const struct sysgate_trace *t,
					 const struct trc_tid *s,
					 const struct sysgate_call *c)
{
	if (!(t->o.flags & SYSGATE_TRACE_WALL_TIME) && s->stime_entry_ok &&
	    (c->flags & SYSGATE_CALL_STIME))
		return c->stime_ns > s->stime_entry ?
		       c->stime_ns - s->stime_entry : 0;
	return c->ts_ns > s->ts_entry ? c->ts_ns - s->ts_entry : 0;
}

/*
 * -n / -i of a signal line: the thread's last call (orig_rax, which
 * stays set while the signal is delivered on the way out of a call, even
 * one the prefilter let run unseen) and where it stopped, from the
 * kernel's /proc/TID/syscall ("nr args... sp pc", or "-1 sp pc": the pc
 * is the last field either way).  Returns 0 or -errno.
 */
static int trc_stopped_regs(pid_t tid, long *nr, unsigned long *ip)
{
	char path[48], buf[256], *last;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	last = strrchr(buf, ' ');
	if (!last || strncmp(last + 1, "0x", 2))
		return -EIO;
	*ip = strtoul(last + 1, NULL, 16);
	if (buf[0] != '-')
		*nr = strtol(buf, NULL, 10);
	return 0;
}

/* delay_enter= / delay_exit=: the whole interception waits, by design. */
static void trc_sleep_us(unsigned long long us)
{
	struct timespec until;

	if (!us)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)(us / 1000000);
	until.tv_nsec += (long)(us % 1000000) * 1000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until,
			       NULL) == EINTR)
		;
}

/*
 * strace's line when a thread's calls switch ABI ("[ Process PID=N runs
 * in 32 bit mode. ]"), which strace prints to stderr only: not with -o,
 * -q, -c, nor in JSON (which says "abi" on each call instead).
 */
static void trc_abi_mode_line(struct sysgate_trace *t, struct trc_tid *s,
			      unsigned int abi)
{
	if (s->mode == abi)
		return;
	s->mode = abi;
	if ((t->o.flags & (SYSGATE_TRACE_QUIET | SYSGATE_TRACE_SUMMARY |
			   SYSGATE_TRACE_JSON)) ||
	    t->main_fd != STDERR_FILENO || t->ff_prefix)
		return;
	trc_interrupt_line(t, s->tid);
	trc_line_begin(t);
	trc_prefix(t, &t->out, s->tid, s->last_nr, NULL);
	trc_buf_printf(&t->out, "[ Process PID=%d runs in %s mode. ]\n",
		       (int)s->tid, trc_abi_mode(abi));
	trc_line_done(t);
}

/* The -e trace= set has every x86_64 call: then it has every call. */
static int trc_set_all(const struct trc_set *set)
{
	long nr, count = sysgate_syscall_count();

	for (nr = 0; nr < count && nr < TRC_NR_MAX; nr++)
		if (sysgate_syscall_name(nr) && !trc_set_has(set, nr))
			return 0;
	return 1;
}

int sysgate_trace_on_call(struct sysgate_call *c, void *ctx)
{
	struct sysgate_call native, *orig = c;
	struct sysgate_trace *t = ctx;
	const struct trc_inject *inj;
	struct trc_tid *s;
	int traced;

	if (!t || !c)
		return SYSGATE_ACT_CONTINUE;
	trc_select(t, c->tid);
	s = trc_tid_get(t, c->tid, c->pid, 1);
	if (!s)
		return SYSGATE_ACT_CONTINUE;
	if (c->phase == SYSGATE_PHASE_EXIT) {
		int rc = SYSGATE_ACT_CONTINUE;

		if (!s->in_call && s->susp)
			trc_unsuspend(s);
		if (!s->in_call)
			return SYSGATE_ACT_CONTINUE;	/* attached mid-call */
		s->in_call = 0;
		if (s->injected) {
			/* The call did not run: keep the injected value. */
			s->injected = 0;
			c->ret = s->inj_ret;
			rc = SYSGATE_ACT_RETURN;
		} else if (t->o.flags & SYSGATE_TRACE_SUMMARY) {
			trc_count(t, s->nr, c->ret, trc_summary_ns(t, s, c));
		} else {
			if (s->printing && s->stack_at_exit)
				trc_stack_capture(c->pid, c->tid, &s->stack);
			if (s->printing)
				trc_print_exit(t, s, c, 1);
			s->printing = 0;
		}
		if (s->delay_exit_us) {
			/* After the line: -T shows the call's own time. */
			if (t->out.len)
				trc_flush(t);
			trc_sleep_us(s->delay_exit_us);
			s->delay_exit_us = 0;
		}
		return rc;
	}

	/* Entry.  A call still open (its exit never came) ends as "?". */
	if (s->in_call && s->printing &&
	    !(t->o.flags & SYSGATE_TRACE_SUMMARY))
		trc_print_exit(t, s, c, 0);
	/*
	 * Another ABI: from here on the call is its x86_64 counterpart
	 * (sets, inject, -c), printed with its own name and raw arguments
	 * unless they mean the same (trc_abi_neutral).
	 */
	trc_abi_mode_line(t, s, c->abi);
	s->abi = c->abi;
	s->abi_nr = c->nr;
	s->foreign = 0;
	if (c->abi != SYSGATE_ABI_X86_64) {
		native = *c;
		native.nr = sysgate_syscall_abi_to_x86_64(c->abi, c->nr);
		if (native.nr < 0)
			native.nr = -1;
		s->foreign = native.nr < 0 || !trc_abi_neutral(native.nr);
		c = &native;
	}
	s->in_call = 1;
	s->injected = 0;
	s->printing = 0;
	s->nr = c->nr;
	memcpy(s->args, c->args, sizeof(s->args));
	s->ts_entry = c->ts_ns;
	s->stime_entry = c->stime_ns;
	s->stime_entry_ok = !!(c->flags & SYSGATE_CALL_STIME);
	s->last_nr = c->nr;
	s->ip = c->regs.rip;
	s->delay_exit_us = 0;
	traced = (c->nr >= 0 ? trc_set_has(&t->ex.trace, c->nr) :
		  trc_set_all(&t->ex.trace)) &&
		 (!t->paths.n || (!s->foreign && trc_paths_match(&t->paths, c)));
	inj = t->ex.n_inj ? trc_inject_pick(t, s, c->nr) : NULL;
	s->delayed = inj && (inj->delay_enter_us || inj->delay_exit_us);
	if (traced && !(t->o.flags & SYSGATE_TRACE_SUMMARY)) {
		s->printing = 1;
		s->stack.len = 0;
		/*
		 * -k: the stack as the call returns, as strace takes it (an
		 * execve shows the new program's), unless it never returns
		 * or no exit stop comes: then now, while it is stopped.
		 */
		s->stack_at_exit = 0;
		if ((t->o.flags & SYSGATE_TRACE_STACK) &&
		    c->backend != SYSGATE_BACKEND_UNOTIFY) {
			if ((c->flags & SYSGATE_CALL_HAS_EXIT) &&
			    orig->abi == SYSGATE_ABI_X86_64 &&
			    c->nr != SYS_exit && c->nr != SYS_exit_group)
				s->stack_at_exit = 1;
			else
				trc_stack_capture(c->pid, c->tid, &s->stack);
		}
		trc_print_entry(t, s, c);
	}
	if (inj) {
		if (inj->delay_enter_us) {
			if (t->out.len)
				trc_flush(t);
			trc_sleep_us(inj->delay_enter_us);
		}
		/*
		 * Pending when the thread resumes: delivered as the call
		 * returns (or interrupts it, if it blocks), as strace's.
		 */
		if (inj->signo)
			syscall(SYS_tgkill, (int)c->pid, (int)c->tid,
				inj->signo);
		s->delay_exit_us = inj->delay_exit_us;
	}
	if (inj && !inj->has_ret)
		inj = NULL;	/* the call runs */
	if (inj) {
		c->ret = inj->ret;
		s->inj_ret = inj->ret;
		s->injected = 1;
		if (t->o.flags & SYSGATE_TRACE_SUMMARY) {
			if (traced)
				trc_count(t, c->nr, c->ret, 0);
		} else if (s->printing) {
			struct sysgate_call now = *c;

			/* -T of a delayed injected call counts the delay. */
			if (s->delayed)
				now.ts_ns = trc_now(CLOCK_MONOTONIC);
			trc_print_exit(t, s, &now, 1);
			s->printing = 0;
		}
		/*
		 * Keep in_call so a following exit stop is absorbed; without
		 * one (sysemu) the call is over at its entry.
		 */
		if (!(c->flags & SYSGATE_CALL_EXIT_AFTER_RETURN)) {
			s->in_call = 0;
			s->injected = 0;
			trc_sleep_us(s->delay_exit_us);
			s->delay_exit_us = 0;
		}
		orig->ret = c->ret;
		return SYSGATE_ACT_RETURN;
	}
	if (!(c->flags & SYSGATE_CALL_HAS_EXIT)) {
		/* No exit phase will come (entry-only backend): done now. */
		if (s->printing)
			trc_print_exit(t, s, c, TRC_NO_EXIT);
		else if ((t->o.flags & SYSGATE_TRACE_SUMMARY) && traced)
			trc_count(t, c->nr, 0, 0);	/* no result, no time */
		s->in_call = 0;
		s->printing = 0;
		trc_sleep_us(s->delay_exit_us);
		s->delay_exit_us = 0;
	}
	return SYSGATE_ACT_CONTINUE;
}

void sysgate_trace_on_event(const struct sysgate_event *ev, void *ctx)
{
	struct sysgate_trace *t = ctx;
	struct trc_tid *s;
	struct trc_buf *b;
	int quiet, summary, json;

	if (!t || !ev)
		return;
	trc_select(t, ev->tid);
	b = &t->out;
	quiet = !!(t->o.flags & SYSGATE_TRACE_QUIET);
	summary = !!(t->o.flags & SYSGATE_TRACE_SUMMARY);
	json = !!(t->o.flags & SYSGATE_TRACE_JSON);
	switch (ev->type) {
	case SYSGATE_EV_START:
		trc_tid_get(t, ev->tid, ev->pid, 1);
		break;
	case SYSGATE_EV_FORK:
		trc_tid_get(t, ev->child, ev->is_thread ? ev->pid : ev->child,
			    1);
		/* -ff: the child's file exists from its birth, as strace's. */
		if (t->ff_prefix)
			trc_chan_open(t, ev->child);
		break;
	case SYSGATE_EV_EXEC:
		if (ev->child && ev->child != ev->tid) {
			/* A non-leader thread exec'd and took the pid. */
			struct trc_tid *old = trc_tid_get(t, ev->tid, ev->pid,
							  0);

			if (old)
				trc_tid_drop(t, old);
			s = trc_tid_get(t, ev->child, ev->pid, 0);
			if (s)
				s->tid = ev->tid;
		}
		break;
	case SYSGATE_EV_SIGNAL:
		/* In the middle of its call (sysemu): the handler's calls
		 * come before its exit. */
		s = trc_tid_get(t, ev->tid, ev->pid, 0);
		if (s)
			trc_suspend(t, s);
		if (summary)
			break;
		/* -e signal=: which signals are shown (all by default). */
		if (ev->info.si_signo >= 1 && ev->info.si_signo <= 64 &&
		    !(t->ex.signals >> (ev->info.si_signo - 1) & 1))
			break;
		trc_interrupt_line(t, ev->tid);
		trc_line_begin(t);
		if (json) {
			const char *n = sysgate_signal_name(ev->info.si_signo);

			trc_buf_printf(b, "{\"pid\":%d,\"tid\":%d,\"event\":"
				       "\"signal\",\"signal\":\"%s\",\"sig\":%d,"
				       "\"code\":%d}\n", (int)ev->pid,
				       (int)ev->tid, n ? n : "?",
				       ev->info.si_signo, ev->info.si_code);
		} else {
			unsigned long ip;
			long nr = s ? s->last_nr : 0;
			int have_ip = (t->o.flags &
				       (SYSGATE_TRACE_IP | SYSGATE_TRACE_NR)) &&
				      !trc_stopped_regs(ev->tid, &nr, &ip);

			trc_prefix(t, b, ev->tid, nr, have_ip ? &ip : NULL);
			trc_buf_puts(b, "--- ");
			trc_decode_siginfo(&ev->info, b);
			trc_buf_puts(b, " ---\n");
		}
		trc_line_done(t);
		break;
	case SYSGATE_EV_EXIT:
	case SYSGATE_EV_KILLED:
	case SYSGATE_EV_DETACH:
		s = trc_tid_get(t, ev->tid, ev->pid, 0);
		if (s && !s->in_call && s->susp)
			trc_unsuspend(s);
		if (s && s->in_call && s->printing && !summary) {
			struct sysgate_call c;

			memset(&c, 0, sizeof(c));
			c.tid = ev->tid;
			c.pid = ev->pid;
			c.nr = s->nr;
			c.ts_ns = ev->ts_ns;
			trc_print_exit(t, s, &c,
				       ev->type == SYSGATE_EV_DETACH ? -1 : 0);
		}
		/* A call that never returned (exit_group) is not counted,
		 * as strace does not count it. */
		if (!summary && !quiet && ev->type != SYSGATE_EV_DETACH) {
			trc_interrupt_line(t, ev->tid);
			trc_line_begin(t);
			if (json) {
				const char *n = sysgate_signal_name(ev->status);

				if (ev->type == SYSGATE_EV_EXIT)
					trc_buf_printf(b, "{\"pid\":%d,\"tid\":"
						       "%d,\"event\":\"exited\","
						       "\"status\":%d}\n",
						       (int)ev->pid,
						       (int)ev->tid, ev->status);
				else
					trc_buf_printf(b, "{\"pid\":%d,\"tid\":"
						       "%d,\"event\":\"killed\","
						       "\"signal\":\"%s\",\"core"
						       "_dumped\":%s}\n",
						       (int)ev->pid,
						       (int)ev->tid, n ? n : "?",
						       ev->core_dumped ? "true" :
						       "false");
			} else {
				trc_prefix(t, b, ev->tid, s ? s->last_nr : 0,
					   NULL);
				if (ev->type == SYSGATE_EV_EXIT) {
					trc_buf_printf(b, "+++ exited with %d "
						       "+++\n", ev->status);
				} else {
					const char *n =
						sysgate_signal_name(ev->status);

					if (n)
						trc_buf_printf(b, "+++ killed by "
							       "%s", n);
					else
						trc_buf_printf(b, "+++ killed by "
							       "signal %d",
							       ev->status);
					trc_buf_puts(b, ev->core_dumped ?
						     " (core dumped) +++\n" :
						     " +++\n");
				}
			}
			trc_line_done(t);
		}
		if (s)
			trc_tid_drop(t, s);
		/* Exits are rare and final: make them visible now. */
		trc_flush(t);
		trc_chan_close(t, ev->tid);
		break;
	}
}

static int trc_cmp_count(const void *a, const void *b, void *ctx)
{
	const struct trc_count *cnt = ctx;
	long x = *(const long *)a, y = *(const long *)b;

	if (cnt[x].ns != cnt[y].ns)
		return cnt[x].ns < cnt[y].ns ? 1 : -1;
	return x < y ? -1 : x > y;
}

int sysgate_trace_summary(struct sysgate_trace *t, int fd)
{
	struct trc_buf b = { 0 };
	unsigned long long total_ns = 0;
	unsigned long calls = 0, errors = 0;
	long *order, nr, n = 0, i;
	size_t off = 0, w = 16;
	int rc = 0;
	ssize_t k;

	if (!t || fd < 0)
		return -EINVAL;
	trc_flush(t);
	order = malloc(TRC_NR_MAX * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (nr = 0; nr < TRC_NR_MAX; nr++) {
		if (!t->cnt[nr].calls)
			continue;
		order[n++] = nr;
		total_ns += t->cnt[nr].ns;
		calls += t->cnt[nr].calls;
		errors += t->cnt[nr].errors;
		if (sysgate_syscall_name(nr) &&
		    strlen(sysgate_syscall_name(nr)) > w)
			w = strlen(sysgate_syscall_name(nr));
	}
	qsort_r(order, (size_t)n, sizeof(*order), trc_cmp_count, t->cnt);
	trc_buf_printf(&b, "%% time     seconds  usecs/call     calls    "
		       "errors syscall\n");
#define TRC_RULE(b)                                                       \
	do {                                                              \
		size_t j_;                                                \
		trc_buf_puts(b, "------ ----------- ----------- --------- " \
			     "--------- ");                               \
		for (j_ = 0; j_ < w; j_++)                                \
			trc_buf_putn(b, "-", 1);                          \
		trc_buf_putn(b, "\n", 1);                                 \
	} while (0)
	TRC_RULE(&b);
	for (i = 0; i < n; i++) {
		struct trc_count *c = &t->cnt[order[i]];
		char errs[24] = "";

		if (c->errors)
			snprintf(errs, sizeof(errs), "%lu", c->errors);
		trc_buf_printf(&b, "%6.2f %11.6f %11llu %9lu %9s ",
			       total_ns ? 100.0 * (double)c->ns /
			       (double)total_ns : 0.0, (double)c->ns / 1e9,
			       c->ns / c->calls / 1000, c->calls, errs);
		trc_syscall_name(order[i], &b);
		trc_buf_putn(&b, "\n", 1);
	}
	TRC_RULE(&b);
#undef TRC_RULE
	{
		char errs[24] = "";

		if (errors)
			snprintf(errs, sizeof(errs), "%lu", errors);
		trc_buf_printf(&b, "%6.2f %11.6f %11llu %9lu %9s total\n",
			       100.0, (double)total_ns / 1e9,
			       calls ? total_ns / calls / 1000 : 0, calls,
			       errs);
	}
	free(order);
	if (b.oom)
		rc = -ENOMEM;
	while (!rc && off < b.len) {
		k = write(fd, b.p + off, b.len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			rc = k < 0 ? -errno : -EIO;
		else
			off += (size_t)k;
	}
	trc_buf_free(&b);
	return rc;
}

void sysgate_trace_free(struct sysgate_trace *t)
{
	int i;

	if (!t)
		return;
	while (t->nchans)
		trc_chan_close(t, t->chans[0].tid);
	if (t->cur_tid) {
		trc_buf_putn(&t->out, "\n", 1);
		t->cur_tid = 0;
	}
	trc_flush(t);
	for (i = 0; i < t->ntids; i++) {
		trc_buf_free(&t->tids[i].line);
		trc_susp_free(&t->tids[i]);
		free(t->tids[i].counts);
	}
	free(t->tids);
	trc_buf_free(&t->out);
	trc_expr_fini(&t->ex);
	trc_paths_free(&t->paths);
	free(t->chans);
	free(t->ff_prefix);
	free(t->cnt);
	free(t);
}
