/* SPDX-License-Identifier: MIT */
/*
 * sysgate call - run system calls written as C-like expressions inside a
 * live process (-p PID) or a freshly spawned command (-- CMD ARGS), as one
 * batch through the remote-execution engine, and print each result.
 *
 * Every expression is parsed before anything is attached or spawned: a
 * line with one bad expression runs nothing.  While the target is under
 * control, SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE are held back so
 * sysgate cannot die with the stub still installed; the target is always
 * detached (or, spawned and not started, killed) before sysgate exits.
 * SIGINT, SIGTERM and SIGHUP are taken by a thread of their own
 * (sigtimedwait) that interrupts the batch in flight with
 * sysgate_proc_interrupt(), again every CALL_KICK_MS until it has ended:
 * a signal that lands just before the flush starts is not lost.  Then
 * the results so far are printed, the target is restored and detached,
 * and sysgate exits 128 + the signal.
 *
 * Exit status: see man/sysgate-call.1 (0 all calls succeeded, 1 a call
 * failed or timed out, or the process could not be used, 2 bad usage or
 * nothing run; 128 + N after signal N; with -- CMD, CMD's own status).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sysgate.h"
#include "tools/call_expr.h"
#include "tools/commands.h"

/* Bytes of a buf() argument shown in text output (JSON shows 4 KiB). */
#define CALL_SHOW_TEXT 256
#define CALL_SHOW_JSON 4096
/* How often the signal thread repeats its interrupt while a batch runs. */
#define CALL_KICK_MS 20

struct call_opts {
	pid_t pid;		/* -p, or 0 */
	int json;		/* --json */
	int verbose;		/* -v */
	unsigned int timeout_ms; /* --timeout, 0: none */
	char **exprs;
	int nexprs;
	char **cmd;		/* after "--", or NULL */
};

/* What one parsed expression became in the batch. */
struct call_entry {
	struct callx_call c;
	int idx;		/* entry index sysgate_batch_syscall_refs() gave */
	void *buf_local[CALLX_MAX_ARGS];	/* buf() arguments, supervisor side */
	long ret;
	int state;		/* CALL_OK, CALL_FAILED, CALL_NOT_RUN */
	unsigned int timed_out;	/* ms, when cut short by --timeout */
	int intr_sig;		/* signal that cut it short, or 0 */
};

/*
 * The signal thread (see the comment at the top).  got_sig is the first
 * of SIGINT/SIGTERM/SIGHUP received; cur is the process while a batch may
 * run in it, NULL otherwise (under lock, so that it is never used after
 * detach).
 */
struct call_sig {
	pthread_t th;
	pthread_mutex_t lock;
	struct sysgate_proc *cur;
	volatile sig_atomic_t got_sig;
	volatile int stop;
	int running;
};

enum { CALL_NOT_RUN = 0, CALL_OK, CALL_FAILED };

static void call_usage(FILE *f)
{
	fprintf(f,
		"usage: sysgate call [-v] [--json] [--timeout=MS] -p PID EXPR...\n"
		"       sysgate call [-v] [--json] [--timeout=MS] EXPR... -- CMD [ARGS...]\n"
		"\n"
		"Run the system calls EXPR... inside process PID, or inside CMD\n"
		"before it starts, as one batch, and print each result.\n"
		"\n"
		"  -p, --pid PID  attach to the running process PID\n"
		"  --json         one JSON object per call\n"
		"  --timeout=MS   a batch still running after MS milliseconds is\n"
		"                 interrupted (the running call fails ETIMEDOUT,\n"
		"                 later ones do not run); 0 = no limit (default)\n"
		"  -v, --verbose  print the batch statistics to stderr\n"
		"  -h, --help     this text\n"
		"\n"
		"EXPR is name(arg, ...): integers (10, 0x1f, 0644, -1), constants\n"
		"(O_*, AT_*, PROT_*, MAP_*, SIG*, F_*, E*...) joined with | + -,\n"
		"\"strings\" (placed in the process), $N (result of call N, from 0)\n"
		"and buf(N) (N zeroed bytes, printed after the call).  Example:\n"
		"  sysgate call -p 1234 'openat(AT_FDCWD, \"/tmp/log\", "
		"O_WRONLY|O_CREAT|O_APPEND, 0644)' \\\n"
		"      'dup2($0, 1)' 'close($0)'\n"
		"See sysgate-call(1).\n");
}

static int call_bad_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Says what is wrong, then the short usage; returns exit status 2. */
static int call_bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("sysgate call: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fprintf(stderr,
		"usage: sysgate call [-v] [--json] [--timeout=MS] -p PID EXPR...\n"
		"       sysgate call [-v] [--json] [--timeout=MS] EXPR... -- CMD [ARGS...]\n"
		"'sysgate call --help' for more.\n");
	return 2;
}

static int call_parse_pid(const char *s, pid_t *pid)
{
	char *end;
	long v;

	if (!s || !*s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

/* Milliseconds: decimal digits only, 0..INT_MAX. */
static int call_parse_ms(const char *s, unsigned int *ms)
{
	unsigned long v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > INT_MAX)
			return -ERANGE;
	}
	*ms = (unsigned int)v;
	return 0;
}

/* Returns -1 to go on, else the exit status (usage printed). */
static int call_parse_opts(int argc, char **argv, struct call_opts *o)
{
	const char *pidarg = NULL;
	int i, havepid = 0;

	o->exprs = calloc(argc, sizeof(*o->exprs));
	if (!o->exprs) {
		fprintf(stderr, "sysgate call: out of memory\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!strcmp(a, "--")) {
			o->cmd = argv + i + 1;
			if (!o->cmd[0])
				return call_bad_usage("'--' must be followed by a command");
			break;
		}
		if (a[0] != '-') {
			o->exprs[o->nexprs++] = a;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			call_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			o->json = 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o->verbose = 1;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pid")) {
			if (i + 1 >= argc)
				return call_bad_usage("%s needs a process id", a);
			pidarg = argv[++i];
		} else if (!strcmp(a, "--timeout") ||
			   !strncmp(a, "--timeout=", 10)) {
			const char *v = a[9] == '=' ? a + 10 : NULL;
			int r;

			if (!v) {
				if (i + 1 >= argc)
					return call_bad_usage("--timeout needs a "
						"number of milliseconds");
				v = argv[++i];
			}
			r = call_parse_ms(v, &o->timeout_ms);
			if (r == -ERANGE)
				return call_bad_usage("--timeout: '%s' is too "
					"large (at most %d ms)", v, INT_MAX);
			if (r)
				return call_bad_usage("--timeout: '%s' is not a "
					"number of milliseconds (0 to %d, 0 = "
					"no limit)", v, INT_MAX);
		} else if (!strncmp(a, "--pid=", 6)) {
			pidarg = a + 6;
		} else if (!strncmp(a, "-p", 2)) {
			pidarg = a + 2;
		} else {
			return call_bad_usage("unknown option '%s'", a);
		}
		if (pidarg) {
			if (havepid++)
				return call_bad_usage("-p given twice");
			if (call_parse_pid(pidarg, &o->pid))
				return call_bad_usage("-p: '%s' is not a process id",
						      pidarg);
			pidarg = NULL;
		}
	}
	if (havepid && o->cmd)
		return call_bad_usage("give either -p PID or -- CMD, not both");
	if (!havepid && !o->cmd)
		return call_bad_usage("say where to run: -p PID or -- CMD");
	if (!o->nexprs)
		return call_bad_usage("no expressions to run");
	return -1;
}

static void call_print_parse_error(int i, const char *expr,
				   const struct callx_error *err)
{
	size_t len = strlen(expr) + 2;
	char *caret = malloc(len);

	fprintf(stderr, "sysgate call: expression %d: %s at column %d", i,
		err->msg, callx_column(expr, err->pos));
	if (err->note[0])
		fprintf(stderr, "; %s", err->note);
	if (err->hint[0])
		fprintf(stderr, "; did you mean %s?", err->hint);
	fprintf(stderr, "\n  %s\n", expr);
	if (caret) {
		callx_caret(expr, err->pos, caret, len);
		fprintf(stderr, "  %s\n", caret);
	}
	free(caret);
}

static const char *call_attach_why(int err)
{
	switch (err) {
	case -ESRCH:
		return "no such process";
	case -EPERM:
		return "operation not permitted (ptrace refused: privileges, "
		       "or kernel.yama.ptrace_scope)";
	case -EBUSY:
		return "it is already traced by another debugger or tracer";
	default:
		return strerror(-err);
	}
}

/* Scratch bytes the arguments need, with the allocator's 16-byte rounding. */
static size_t call_scratch_need(const struct call_entry *e, int n)
{
	size_t need = 0;
	int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < e[i].c.nargs; k++) {
			const struct callx_arg *a = &e[i].c.args[k];

			if (a->kind == CALLX_STR)
				need += (a->len + 1 + 15) & ~(size_t)15;
			else if (a->kind == CALLX_BUF)
				need += ((size_t)a->val + 15) & ~(size_t)15;
		}
	return need;
}

/* Queue every entry; returns 0 or a message for stderr in *why. */
static int call_queue(struct sysgate_proc *p, struct sysgate_batch *b,
		      struct call_entry *e, int n, const char **why)
{
	int i, k, r;

	for (i = 0; i < n; i++) {
		long args[6] = { 0 };
		int refs[6] = { -1, -1, -1, -1, -1, -1 };
		unsigned long remote;

		for (k = 0; k < e[i].c.nargs; k++) {
			struct callx_arg *a = &e[i].c.args[k];
			void *local;

			switch (a->kind) {
			case CALLX_INT:
				args[k] = a->val;
				break;
			case CALLX_REF:
				refs[k] = e[a->val].idx;
				break;
			case CALLX_STR:
				r = sysgate_proc_scratch_put(p, a->str, a->len + 1,
							     &remote);
				if (r) {
					*why = "placing a string in scratch memory";
					return r;
				}
				args[k] = (long)remote;
				break;
			case CALLX_BUF:
				r = sysgate_proc_scratch_alloc(p, a->val, &local,
							       &remote);
				if (r) {
					*why = "reserving a buf() in scratch memory";
					return r;
				}
				memset(local, 0, a->val);
				e[i].buf_local[k] = local;
				args[k] = (long)remote;
				break;
			}
		}
		r = sysgate_batch_syscall_refs(b, e[i].c.nr, args, refs);
		if (r < 0) {
			*why = "queueing a call";
			return r;
		}
		e[i].idx = r;
	}
	return 0;
}

/* Bytes of buf() argument k of e worth showing. */
static size_t call_buf_shown(const struct call_entry *e, int k)
{
	const unsigned char *d = e->buf_local[k];
	size_t n = (size_t)e->c.args[k].val;

	/* read(), getcwd(), readlink() ... return how much they filled. */
	if (e->ret > 0 && (unsigned long)e->ret <= n)
		return (size_t)e->ret;
	while (n && !d[n - 1])
		n--;
	return n;
}

static void call_print_ret(FILE *f, const struct call_entry *e)
{
	int err;
	const char *name;

	if (e->state == CALL_NOT_RUN) {
		fprintf(f, " not run");
		return;
	}
	if (e->state == CALL_FAILED) {
		err = (int)-e->ret;
		name = sysgate_errno_name(err);
		if (name && e->timed_out)
			fprintf(f, " = -1 %s (timed out after %u ms)", name,
				e->timed_out);
		else if (name && e->intr_sig)
			fprintf(f, " = -1 %s (interrupted by %s)", name,
				sysgate_signal_name(e->intr_sig) ?
				sysgate_signal_name(e->intr_sig) : "a signal");
		else if (name)
			fprintf(f, " = -1 %s (%s)", name, strerror(err));
		else
			fprintf(f, " = -1 (errno %d)", err);
		return;
	}
	/* Addresses read better in hex, as strace prints them. */
	if ((sysgate_syscall_classes(e->c.nr) & SYSGATE_CLASS_MEMORY) &&
	    e->ret > 0xffff)
		fprintf(f, " = %#lx", (unsigned long)e->ret);
	else
		fprintf(f, " = %ld", e->ret);
}

static void call_print_text(FILE *f, int i, const struct call_entry *e)
{
	char esc[CALL_SHOW_TEXT * 4 + 1];
	int k;

	fprintf(f, "%d: %s", i, e->c.text);
	call_print_ret(f, e);
	for (k = 0; k < e->c.nargs && e->state == CALL_OK; k++) {
		size_t n;

		if (!e->buf_local[k])
			continue;
		n = call_buf_shown(e, k);
		callx_escape(e->buf_local[k], n < CALL_SHOW_TEXT ? n :
			     CALL_SHOW_TEXT, esc, sizeof(esc));
		fprintf(f, " -> arg%d=\"%s\"%s", k, esc,
			n > CALL_SHOW_TEXT ? "..." : "");
	}
	fputc('\n', f);
}

/* Is s[0..len) well-formed UTF-8 (no overlong forms, no surrogates)? */
static int call_utf8_ok(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned int cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			n = 1, cp = s[i] & 0x1f;
		else if ((s[i] & 0xf0) == 0xe0)
			n = 2, cp = s[i] & 0x0f;
		else if ((s[i] & 0xf8) == 0xf0)
			n = 3, cp = s[i] & 0x07;
		else
			return 0;
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/*
 * A JSON string.  Text (binary == 0) that is valid UTF-8 passes through;
 * otherwise each byte outside printable ASCII becomes \u00XX, so data
 * stays valid JSON and its bytes are the code points (latin-1).
 */
static void call_json_str(FILE *f, const char *s, size_t len, int binary)
{
	int utf8 = !binary && call_utf8_ok((const unsigned char *)s, len);
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && !utf8))
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void call_print_json(FILE *f, int i, const struct call_entry *e)
{
	const char *name = sysgate_syscall_name(e->c.nr);
	int k, first = 1;

	fprintf(f, "{\"index\":%d,\"call\":", i);
	call_json_str(f, e->c.text, strlen(e->c.text), 0);
	fprintf(f, ",\"name\":");
	if (name)
		call_json_str(f, name, strlen(name), 0);
	else
		fprintf(f, "null");
	fprintf(f, ",\"nr\":%ld", e->c.nr);
	if (e->state == CALL_NOT_RUN) {
		fprintf(f, ",\"ran\":false,\"ret\":null,\"errno\":null}\n");
		return;
	}
	if (e->state == CALL_FAILED) {
		int err = (int)-e->ret;
		const char *en = sysgate_errno_name(err);

		fprintf(f, ",\"ran\":true,\"ret\":-1,\"errno\":");
		if (en)
			call_json_str(f, en, strlen(en), 0);
		else
			fprintf(f, "null");
		fprintf(f, ",\"errnum\":%d,\"error\":", err);
		call_json_str(f, strerror(err), strlen(strerror(err)), 0);
		if (e->timed_out)
			fprintf(f, ",\"timeout_ms\":%u", e->timed_out);
		if (e->intr_sig && sysgate_signal_name(e->intr_sig)) {
			fprintf(f, ",\"signal\":");
			call_json_str(f, sysgate_signal_name(e->intr_sig),
				      strlen(sysgate_signal_name(e->intr_sig)),
				      0);
		}
		fprintf(f, "}\n");
		return;
	}
	fprintf(f, ",\"ran\":true,\"ret\":%ld,\"errno\":null", e->ret);
	for (k = 0; k < e->c.nargs; k++) {
		size_t n;

		if (!e->buf_local[k])
			continue;
		n = call_buf_shown(e, k);
		fprintf(f, "%s{\"arg\":%d,\"data\":", first ? ",\"bufs\":[" : ",",
			k);
		call_json_str(f, e->buf_local[k],
			      n < CALL_SHOW_JSON ? n : CALL_SHOW_JSON, 1);
		fprintf(f, ",\"truncated\":%s}", n > CALL_SHOW_JSON ?
			"true" : "false");
		first = 0;
	}
	fprintf(f, "%s}\n", first ? "" : "]");
}

/* call_run(): the process died during the batch (already reported). */
#define CALL_GONE 3
/* call_run(): a signal (cs->got_sig) came before or during the batch. */
#define CALL_SIGNALLED 4

static void *call_sig_main(void *arg)
{
	struct call_sig *cs = arg;
	struct timespec ts = { 0, CALL_KICK_MS * 1000000L };
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	while (!cs->stop) {
		sig = sigtimedwait(&set, NULL, &ts);
		if (sig > 0 && !cs->got_sig)
			cs->got_sig = sig;
		if (!cs->got_sig)
			continue;
		pthread_mutex_lock(&cs->lock);
		if (cs->cur)
			sysgate_proc_interrupt(cs->cur);
		pthread_mutex_unlock(&cs->lock);
	}
	return NULL;
}

/* Start taking SIGINT/SIGTERM/SIGHUP (already blocked in this thread). */
static void call_sig_start(struct call_sig *cs)
{
	memset(cs, 0, sizeof(*cs));
	pthread_mutex_init(&cs->lock, NULL);
	cs->running = pthread_create(&cs->th, NULL, call_sig_main, cs) == 0;
	if (!cs->running)
		fprintf(stderr, "sysgate call: warning: no signal thread; "
			"signals are held until the batch ends\n");
}

static void call_sig_stop(struct call_sig *cs)
{
	if (cs->running) {
		cs->stop = 1;
		pthread_join(cs->th, NULL);
		cs->running = 0;
	}
	pthread_mutex_destroy(&cs->lock);
}

static void call_sig_arm(struct call_sig *cs, struct sysgate_proc *p)
{
	pthread_mutex_lock(&cs->lock);
	cs->cur = p;
	pthread_mutex_unlock(&cs->lock);
}

/*
 * Run the parsed calls in p as one batch and print the results to out
 * (a memory stream: the caller writes it once the process runs again, so
 * a slow or closed stdout never keeps the target stopped).
 * Returns 0 (all succeeded), 1 (a call failed), 2 (the batch cannot hold
 * the calls: nothing was run), CALL_GONE.
 */
static int call_run(struct sysgate_proc *p, const struct call_opts *o,
		    struct call_entry *e, FILE *out, char *stats, size_t slen,
		    struct call_sig *cs)
{
	struct sysgate_batch_result res = { 0, -1, 0 };
	struct sysgate_batch_stats st;
	struct sysgate_batch *b;
	const char *why = NULL;
	size_t need;
	int i, r, status = 0;

	r = sysgate_batch_new(p, &b);
	if (r) {
		fprintf(stderr, "sysgate call: cannot start a batch: %s\n",
			strerror(-r));
		return 1;
	}
	if ((unsigned int)o->nexprs > sysgate_batch_capacity(b)) {
		fprintf(stderr, "sysgate call: %d calls do not fit in one batch "
			"(at most %u); nothing was run\n", o->nexprs,
			sysgate_batch_capacity(b));
		sysgate_batch_free(b);
		return 2;
	}
	need = call_scratch_need(e, o->nexprs);
	if (need > sysgate_proc_scratch_size(p)) {
		fprintf(stderr, "sysgate call: the strings and buffers need %zu "
			"bytes of scratch memory, the process has %zu; nothing "
			"was run\n", need, sysgate_proc_scratch_size(p));
		sysgate_batch_free(b);
		return 2;
	}
	r = call_queue(p, b, e, o->nexprs, &why);
	if (r < 0) {
		fprintf(stderr, "sysgate call: %s: %s; nothing was run\n", why,
			strerror(-r));
		sysgate_batch_free(b);
		return 1;
	}
	/*
	 * Armed before the check: a signal after it finds cur set and
	 * interrupts the flush (its thread repeats until cur is cleared).
	 */
	call_sig_arm(cs, p);
	if (cs->got_sig) {
		r = 0;
		res.ran = 0;
		res.failed = -1;
	} else {
		r = sysgate_batch_flush(b, &res);
	}
	call_sig_arm(cs, NULL);
	if (r < 0) {
		fprintf(stderr, "sysgate call: running the batch failed: %s\n",
			r == -ESRCH ? "the process is gone (it exited or was "
				      "killed during the batch)" :
			r == -EIO ? sysgate_proc_error(p) :
			strerror(-r));
		sysgate_batch_free(b);
		return r == -ESRCH ? CALL_GONE : 1;
	}
	for (i = 0; i < o->nexprs; i++) {
		long ret = 0;

		if ((unsigned int)e[i].idx >= res.ran ||
		    sysgate_batch_entry_result(b, e[i].idx, &ret) < 0)
			continue;
		e[i].ret = ret;
		e[i].state = res.failed == e[i].idx ? CALL_FAILED : CALL_OK;
		if (e[i].state == CALL_FAILED) {
			/* e.g. -EFAULT for a MAP_FIXED mmap that moved */
			if (ret >= 0 || ret < -4095)
				e[i].ret = res.error;
			if (e[i].ret == -ETIMEDOUT && o->timeout_ms)
				e[i].timed_out = o->timeout_ms;
			else if (e[i].ret == -EINTR && cs->got_sig)
				e[i].intr_sig = cs->got_sig;
			status = 1;
		}
	}
	if (res.failed >= 0)
		status = 1;
	for (i = 0; i < o->nexprs; i++) {
		if (o->json)
			call_print_json(out, i, &e[i]);
		else
			call_print_text(out, i, &e[i]);
	}
	if (o->verbose && !sysgate_batch_stats(b, &st))
		snprintf(stats, slen, "sysgate call: %d calls, %lu round trip%s "
			"(queued %lu, executed %lu)\n", o->nexprs, st.flushes,
			st.flushes == 1 ? "" : "s", st.ops_queued,
			st.ops_executed);
	sysgate_batch_free(b);
	if (cs->got_sig) {
		snprintf(stats + strlen(stats), slen - strlen(stats),
			 "sysgate call: interrupted by %s: %u of %d call%s "
			 "ran\n", sysgate_signal_name(cs->got_sig) ?
			 sysgate_signal_name(cs->got_sig) : "a signal",
			 res.ran, o->nexprs, o->nexprs == 1 ? "" : "s");
		return CALL_SIGNALLED;
	}
	return status;
}

/* The exit status a shell would give for wait status st. */
static int call_wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* Results are collected in memory while the process is held. */
struct call_out {
	char *buf;
	size_t len;
	FILE *f;
	char stats[320];
};

static int call_out_open(struct call_out *co)
{
	memset(co, 0, sizeof(*co));
	co->f = open_memstream(&co->buf, &co->len);
	if (!co->f) {
		fprintf(stderr, "sysgate call: out of memory\n");
		return -ENOMEM;
	}
	return 0;
}

static void call_out_flush(struct call_out *co)
{
	fclose(co->f);
	fwrite(co->buf, 1, co->len, stdout);
	fflush(stdout);
	if (co->stats[0])
		fprintf(stderr, "%s", co->stats);
	free(co->buf);
}

/* Hold back the signals that would kill us with the stub installed. */
static void call_hold_signals(sigset_t *old)
{
	sigset_t hold;

	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	sigaddset(&hold, SIGPIPE);
	sigprocmask(SIG_BLOCK, &hold, old);
}

/*
 * After signal sig: say where the target is; the exit status.  The
 * caller keeps the signals blocked: a second one (Ctrl-C twice, INT then
 * TERM) must not kill us on the way out instead of the status 128 + sig.
 */
static int call_signalled(const struct call_opts *o, pid_t pid, int sig,
			  int detach_err)
{
	if (o->cmd)
		fprintf(stderr, "sysgate call: '%s' was not started\n",
			o->cmd[0]);
	else if (detach_err == -ESRCH)
		fprintf(stderr, "sysgate call: process %d is gone\n", (int)pid);
	else if (detach_err)
		fprintf(stderr, "sysgate call: detaching from process %d: %s\n",
			(int)pid, strerror(-detach_err));
	else
		fprintf(stderr, "sysgate call: process %d restored and "
			"detached\n", (int)pid);
	return 128 + sig;
}

static int call_spawned(const struct call_opts *o, struct call_entry *e)
{
	struct sysgate_proc *p;
	struct call_out co;
	struct call_sig cs;
	sigset_t old;
	pid_t pid;
	int r, st;

	if (call_out_open(&co))
		return 1;
	/*
	 * Signals are held only after the spawn: the child inherits the mask.
	 * Should we die before, PR_SET_PDEATHSIG takes the child with us.
	 */
	r = sysgate_proc_spawn(o->cmd, NULL, 0, &p);
	if (r) {
		fclose(co.f);
		free(co.buf);
		fprintf(stderr, "sysgate call: cannot run '%s': %s\n",
			o->cmd[0], strerror(-r));
		return r == -ENOENT ? 127 : r == -EACCES ? 126 : 1;
	}
	call_hold_signals(&old);
	call_sig_start(&cs);
	sysgate_proc_set_timeout(p, o->timeout_ms);
	pid = sysgate_proc_pid(p);
	r = call_run(p, o, e, co.f, co.stats, sizeof(co.stats), &cs);
	if (!r && cs.got_sig)
		r = CALL_SIGNALLED;	/* came after the batch: do not start */
	if (r) {
		/* The set-up failed: the command must not start half-prepared. */
		sysgate_proc_free(p);
		call_sig_stop(&cs);
		call_out_flush(&co);
		if (r == CALL_SIGNALLED)	/* mask kept: see call_signalled() */
			return call_signalled(o, pid, cs.got_sig, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (r == CALL_GONE)
			return 1;
		fprintf(stderr, "sysgate call: '%s' was not started\n",
			o->cmd[0]);
		return r;
	}
	call_sig_stop(&cs);
	/* Our lines come before anything the command prints. */
	call_out_flush(&co);
	r = sysgate_proc_detach(p);
	if (r && r != -ESRCH) {
		fprintf(stderr, "sysgate call: cannot let '%s' run: %s\n",
			o->cmd[0], strerror(-r));
		kill(pid, SIGKILL);
	}
	/* While CMD runs, terminal signals are for it, not for us. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sysgate call: waitpid: %s\n",
				strerror(errno));
			return 1;
		}
	}
	return call_wait_status(st);
}

static int call_attached(const struct call_opts *o, struct call_entry *e)
{
	struct sysgate_proc *p;
	struct call_out co;
	struct call_sig cs;
	sigset_t old;
	int r, status;

	if (call_out_open(&co))
		return 1;
	call_hold_signals(&old);
	call_sig_start(&cs);
	r = sysgate_proc_attach(o->pid, 0, &p);
	if (r) {
		call_sig_stop(&cs);
		sigprocmask(SIG_SETMASK, &old, NULL);
		fclose(co.f);
		free(co.buf);
		fprintf(stderr, "sysgate call: cannot attach to process %d: %s\n",
			(int)o->pid, call_attach_why(r));
		return cs.got_sig ? 128 + cs.got_sig : 1;
	}
	sysgate_proc_set_timeout(p, o->timeout_ms);
	status = call_run(p, o, e, co.f, co.stats, sizeof(co.stats), &cs);
	/* Registers, signal mask and mappings as they were, then let go. */
	r = sysgate_proc_detach(p);
	call_sig_stop(&cs);
	/* Print first: a signal held meanwhile may end us on unblocking. */
	call_out_flush(&co);
	if (status == CALL_SIGNALLED || cs.got_sig)
		return call_signalled(o, o->pid, cs.got_sig, r);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (status == CALL_GONE)
		return 1;
	if (r == -ESRCH) {
		fprintf(stderr, "sysgate call: process %d is gone\n",
			(int)o->pid);
		return 1;
	}
	if (r) {
		fprintf(stderr, "sysgate call: detaching from process %d: %s\n",
			(int)o->pid, strerror(-r));
		return 1;
	}
	return status;
}

int cmd_call(int argc, char **argv)
{
	struct call_opts o = { 0 };
	struct call_entry *e = NULL;
	struct callx_error err;
	int i, r, bad = 0;

	r = call_parse_opts(argc, argv, &o);
	if (r >= 0)
		goto out;
	e = calloc(o.nexprs, sizeof(*e));
	if (!e) {
		fprintf(stderr, "sysgate call: out of memory\n");
		r = 1;
		goto out;
	}
	/* Parse every expression before touching any process. */
	for (i = 0; i < o.nexprs; i++) {
		r = callx_parse(o.exprs[i], i, &e[i].c, &err);
		if (r == -EINVAL) {
			call_print_parse_error(i, o.exprs[i], &err);
			bad++;
		} else if (r) {
			fprintf(stderr, "sysgate call: out of memory\n");
			r = 1;
			goto out;
		}
	}
	if (bad) {
		fprintf(stderr, "sysgate call: nothing was run\n");
		r = 2;
		goto out;
	}
	r = o.cmd ? call_spawned(&o, e) : call_attached(&o, e);
out:
	if (e)
		for (i = 0; i < o.nexprs; i++)
			callx_call_free(&e[i].c);
	free(e);
	free(o.exprs);
	return r;
}
