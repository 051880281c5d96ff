/* SPDX-License-Identifier: MIT */
/*
 * The -e expression parser: trace=SET, inject=SET:..., fault=SET:...,
 * status=LIST, signal=SET.  Every error names the byte offset it was
 * found at and, for unknown names, the closest known ones.
 *
 * Semantics (documented in sysgate-trace(1)):
 *  - a later trace= replaces an earlier one, as in strace;
 *  - inject= rules accumulate; for one call the first rule (in command
 *    line order) whose set holds the syscall and whose when= selects the
 *    current invocation count wins.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sysgate.h"
#include "trace/trace.h"

static const char *const trc_class_names[] = {
	"file", "network", "process", "memory", "signal",
	"ipc", "desc", "creds", "clock",
};

#define TRC_NCLASSES (sizeof(trc_class_names) / sizeof(trc_class_names[0]))

static int trc_fail(struct sysgate_parse_error *err, int pos, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static int trc_fail(struct sysgate_parse_error *err, int pos, const char *fmt,
		    ...)
{
	va_list ap;

	if (err) {
		err->pos = pos;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int trc_edit_distance(const char *a, const char *b, int max)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int row[64], prev, tmp, i, j, best;

	if (la >= 63 || lb >= 63)
		return max + 1;
	if (la - lb > max || lb - la > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

/* Candidate ordering: smaller distance, then a shared prefix, then order. */
struct trc_sugg {
	const char *name;
	int score;
};

static int trc_prefix_len(const char *a, const char *b)
{
	int n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

static void trc_sugg_offer(struct trc_sugg *s, int n, const char *want,
			   const char *name)
{
	int max = strlen(want) >= 5 ? 3 : 2, d, i, score;
	int pl = trc_prefix_len(want, name);

	d = trc_edit_distance(want, name, max);
	/* A long shared prefix ("opnat" / "open") is as good as a typo. */
	if (d > max && pl >= 3 && pl + 1 >= (int)strlen(name))
		d = max;
	if (d > max)
		return;
	score = d * 100 - pl;
	for (i = 0; i < n; i++) {
		if (!s[i].name || score < s[i].score) {
			memmove(&s[i + 1], &s[i], (n - i - 1) * sizeof(*s));
			s[i].name = name;
			s[i].score = score;
			return;
		}
	}
}

/* ", did you mean: a, b?" into buf (empty when nothing is close). */
static void trc_suggest(const char *want, int is_class, char *buf, size_t len)
{
	struct trc_sugg s[3];
	long nr, count = sysgate_syscall_count();
	size_t i;
	int n = 0;

	memset(s, 0, sizeof(s));
	if (is_class) {
		for (i = 0; i < TRC_NCLASSES; i++)
			trc_sugg_offer(s, 3, want, trc_class_names[i]);
	} else {
		for (nr = 0; nr < count; nr++)
			if (sysgate_syscall_name(nr))
				trc_sugg_offer(s, 3, want,
					       sysgate_syscall_name(nr));
	}
	buf[0] = 0;
	for (i = 0; i < 3 && s[i].name; i++)
		n += snprintf(buf + n, len - n, "%s%s%s",
			      i ? ", " : " (did you mean: ",
			      is_class ? "%" : "", s[i].name);
	if (n)
		snprintf(buf + n, len - n, "?)");
}

/*
 * strace's classes that are lists of calls rather than properties:
 * the stat and statfs families and the "pure" calls (no arguments,
 * cannot fail).
 */
static const struct {
	const char *name;
	const char *calls;
} trc_extra_classes[] = {
	{ "%stat", "stat,statx" },
	{ "%lstat", "lstat,newfstatat" },
	{ "%fstat", "fstat,newfstatat" },
	{ "%%stat", "stat,lstat,fstat,newfstatat,statx" },
	{ "%statfs", "statfs" },
	{ "%fstatfs", "fstatfs" },
	{ "%%statfs", "statfs,fstatfs,ustat" },
	{ "%pure", "getpid,getppid,getuid,geteuid,getgid,getegid,gettid,"
		   "getpgrp" },
};

/* 0 when tok is one of those (its calls added), else -1. */
static int trc_extra_class(const char *tok, struct trc_set *out)
{
	char name[32];
	const char *p, *end;
	size_t i;
	long nr;

	for (i = 0; i < sizeof(trc_extra_classes) /
		    sizeof(trc_extra_classes[0]); i++) {
		if (strcmp(tok, trc_extra_classes[i].name))
			continue;
		for (p = trc_extra_classes[i].calls; *p; p = *end ? end + 1 :
							       end) {
			end = strchr(p, ',');
			if (!end)
				end = p + strlen(p);
			snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
			nr = sysgate_syscall_lookup(name);
			if (nr >= 0)
				trc_set_add(out, nr);
		}
		return 0;
	}
	return -1;
}

/* One token of a syscall set: name, %class, /regex, ?name, all, none. */
/*
 * glibc's regcomp() copies a subexpression once per repetition, and
 * repetitions nest: "a++++..." or "((a{9}){9}){9}" make it allocate
 * gigabytes (found by the -e fuzzer).  Estimate how many atoms the
 * compiled pattern holds - each '+' doubles what it repeats, {n,m}
 * multiplies it by m (or n) - and refuse patterns over a budget no
 * pattern matching system call names gets near.  Returns the estimate,
 * or -1 when it is over; *stop is where parsing stopped.
 */
#define TRC_RE_BUDGET 4096L

static long trc_re_cost(const char **pp, int depth)
{
	const char *p = *pp;
	long total = 0, branch = 0, last = 0;

	if (depth > 16)
		return -1;
	while (*p && *p != ')') {
		if (*p == '|') {
			total += branch;
			branch = last = 0;
			p++;
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			long f = 1, n = 0, m = -1;

			if (*p == '+') {
				f = 2;
				p++;
			} else if (*p == '{') {
				for (p++; *p >= '0' && *p <= '9' && n < 100000; p++)
					n = n * 10 + (*p - '0');
				if (*p == ',') {
					m = 0;
					for (p++; *p >= '0' && *p <= '9' && m < 100000; p++)
						m = m * 10 + (*p - '0');
					if (p[-1] == ',')
						m = -1;
				}
				if (*p == '}')
					p++;
				f = (m > n ? m : n) + 1;
			} else {
				p++;
			}
			branch += last * (f - 1);
			last *= f;
			if (branch > TRC_RE_BUDGET)
				return -1;
			continue;
		}
		if (*p == '(') {
			p++;
			last = trc_re_cost(&p, depth + 1);
			if (last < 0)
				return -1;
			if (*p == ')')
				p++;
		} else if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '[' && (p[1] == ':' || p[1] == '.' ||
						  p[1] == '=')) {
					char end = p[1];

					for (p += 2; *p && !(*p == end && p[1] == ']'); p++)
						;
					if (*p)
						p += 2;
					continue;
				}
				p++;
			}
			if (*p == ']')
				p++;
			last = 1;
		} else {
			if (*p == '\\' && p[1])
				p++;
			p++;
			last = 1;
		}
		branch += last;
		if (branch > TRC_RE_BUDGET)
			return -1;
	}
	*pp = p;
	total += branch;
	return total > TRC_RE_BUDGET ? -1 : total;
}

static int trc_re_sane(const char *re)
{
	const char *p = re;

	if (strlen(re) > 256)
		return 0;
	while (*p) {
		if (trc_re_cost(&p, 0) < 0)
			return 0;
		if (*p == ')')	/* unbalanced: let regcomp say so */
			p++;
	}
	return 1;
}

static int trc_set_token(const char *tok, int pos, struct trc_set *out,
			 struct sysgate_parse_error *err)
{
	char hint[120];
	unsigned int cls;
	long nr, count = sysgate_syscall_count();
	int optional = 0, hits = 0;

	if (*tok == '?') {
		optional = 1;
		tok++;
	}
	if (!*tok)
		return trc_fail(err, pos, "empty system call name");
	if (!strcmp(tok, "all")) {
		memset(out, 0xff, sizeof(*out));
		return 0;
	}
	if (!strcmp(tok, "none"))
		return 0;
	if (*tok == '/') {
		regex_t re;

		if (!trc_re_sane(tok + 1))
			return trc_fail(err, pos + 1, "regular expression "
					"'%.60s' is too long or repeats too much "
					"to compile", tok + 1);
		if (regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB))
			return trc_fail(err, pos + 1, "invalid regular "
					"expression '%.60s'", tok + 1);
		for (nr = 0; nr < count && nr < TRC_NR_MAX; nr++) {
			const char *n = sysgate_syscall_name(nr);

			if (n && !regexec(&re, n, 0, NULL, 0)) {
				trc_set_add(out, nr);
				hits++;
			}
		}
		regfree(&re);
		if (!hits && !optional)
			return trc_fail(err, pos, "regular expression '%.60s' "
					"matches no system call", tok + 1);
		return 0;
	}
	if (*tok == '%' && trc_extra_class(tok, out) == 0)
		return 0;
	if (*tok == '%') {
		cls = sysgate_class_lookup(tok);
		if (!cls) {
			if (optional)
				return 0;
			trc_suggest(tok + 1, 1, hint, sizeof(hint));
			return trc_fail(err, pos, "invalid system call class "
					"'%.40s'%s", tok, hint);
		}
		for (nr = 0; nr < count && nr < TRC_NR_MAX; nr++)
			if (sysgate_syscall_classes(nr) & cls)
				trc_set_add(out, nr);
		return 0;
	}
	nr = sysgate_syscall_lookup(tok);
	if (nr >= 0) {
		if (nr >= TRC_NR_MAX)
			return trc_fail(err, pos, "system call number %ld out "
					"of range", nr);
		trc_set_add(out, nr);
		return 0;
	}
	/* strace's old class names without the '%'. */
	cls = sysgate_class_lookup(tok);
	if (cls) {
		for (nr = 0; nr < count && nr < TRC_NR_MAX; nr++)
			if (sysgate_syscall_classes(nr) & cls)
				trc_set_add(out, nr);
		return 0;
	}
	if (optional)
		return 0;
	trc_suggest(tok, 0, hint, sizeof(hint));
	return trc_fail(err, pos, "invalid system call '%.40s'%s", tok, hint);
}

int trc_parse_set(const char *s, size_t len, int pos_base, struct trc_set *out,
		  struct sysgate_parse_error *err)
{
	struct trc_set set;
	char tok[256];
	size_t i = 0, start, n;
	int neg = 0, rc, w;

	memset(&set, 0, sizeof(set));
	if (len && s[0] == '!') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return trc_fail(err, pos_base + (int)i,
				"empty system call set");
	for (;;) {
		start = i;
		while (i < len && s[i] != ',')
			i++;
		n = i - start;
		if (n >= sizeof(tok))
			return trc_fail(err, pos_base + (int)start,
					"system call name too long");
		memcpy(tok, s + start, n);
		tok[n] = 0;
		if (memchr(tok, 0, n) != NULL)
			return trc_fail(err, pos_base + (int)start,
					"NUL byte in expression");
		rc = trc_set_token(tok, pos_base + (int)start, &set, err);
		if (rc)
			return rc;
		if (i == len)
			break;
		i++;	/* ',' */
	}
	if (neg)
		for (w = 0; w < TRC_SET_WORDS; w++)
			set.w[w] = ~set.w[w];
	*out = set;
	return 0;
}

/* Parse an unsigned decimal at s[*i]; 0 on success. */
static int trc_num(const char *s, size_t *i, unsigned long max,
		   unsigned long *val)
{
	unsigned long v = 0;
	size_t j = *i;

	if (!isdigit((unsigned char)s[j]))
		return -1;
	while (isdigit((unsigned char)s[j])) {
		v = v * 10 + (unsigned long)(s[j] - '0');
		if (v > max)
			return -1;
		j++;
	}
	*i = j;
	*val = v;
	return 0;
}

/* when=N | N+ | N+S | N..M | N..M+S (s is the value, up to len). */
static int trc_parse_when(const char *s, size_t len, int pos,
			  struct trc_inject *r, struct sysgate_parse_error *err)
{
	const unsigned long lim = 65535;
	unsigned long v;
	size_t i = 0;

	if (trc_num(s, &i, lim, &v) || i > len || v < 1)
		return trc_fail(err, pos, "when= expects a number from 1 to "
				"%lu", lim);
	r->first = r->last = v;
	r->step = 1;
	if (i + 1 < len && s[i] == '.' && s[i + 1] == '.') {
		i += 2;
		if (trc_num(s, &i, lim, &v) || i > len)
			return trc_fail(err, pos + (int)i, "expected the last "
					"invocation number after '..'");
		if (v < r->first)
			return trc_fail(err, pos + (int)i - 1, "range end %lu "
					"is before its start %lu", v, r->first);
		r->last = v;
	}
	if (i < len && s[i] == '+') {
		i++;
		if (r->last == r->first)
			r->last = ULONG_MAX;
		if (i < len) {
			size_t at = i;

			if (trc_num(s, &i, lim, &v) || i > len || v < 1)
				return trc_fail(err, pos + (int)at, "expected "
						"a step from 1 to %lu after "
						"'+'", lim);
			r->step = v;
		}
	}
	if (i != len)
		return trc_fail(err, pos + (int)i, "unexpected '%c' in when=",
				s[i]);
	return 0;
}

static int trc_parse_errno(const char *s, size_t len, int pos, long *out,
			   struct sysgate_parse_error *err)
{
	char name[64];
	unsigned long v;
	size_t i = 0;
	int e;

	if (isdigit((unsigned char)*s)) {
		if (trc_num(s, &i, 4095, &v) || i != len || v < 1)
			return trc_fail(err, pos, "error= expects an errno "
					"name or a number from 1 to 4095");
		*out = -(long)v;
		return 0;
	}
	if (len == 0 || len >= sizeof(name))
		return trc_fail(err, pos, "error= expects an errno name");
	memcpy(name, s, len);
	name[len] = 0;
	for (e = 1; e < 4096; e++) {
		const char *n = sysgate_errno_name(e);

		if (n && !strcmp(n, name)) {
			*out = -e;
			return 0;
		}
	}
	return trc_fail(err, pos, "invalid error code '%s'", name);
}

static int trc_parse_retval(const char *s, size_t len, int pos, long *out,
			    struct sysgate_parse_error *err)
{
	char buf[40], *end;
	long v;

	if (len == 0 || len >= sizeof(buf))
		return trc_fail(err, pos, "retval= expects a number");
	memcpy(buf, s, len);
	buf[len] = 0;
	errno = 0;
	v = strtol(buf, &end, 0);
	if (*end || errno)
		return trc_fail(err, pos + (int)(end - buf), "retval= expects "
				"a number");
	if (v < 0 && v >= -4095)
		return trc_fail(err, pos, "retval=%ld would read as an error; "
				"use error=", v);
	*out = v;
	return 0;
}

int trc_signal_parse(const char *s, size_t len)
{
	char name[24];
	unsigned long v;
	size_t i = 0;
	int n;

	if (len && isdigit((unsigned char)*s)) {
		if (trc_num(s, &i, 64, &v) || i != len || v < 1)
			return 0;
		return (int)v;
	}
	if (len == 0 || len + 4 > sizeof(name))
		return 0;
	/* "SIGUSR1", "USR1", "usr1" all name SIGUSR1, as in strace. */
	if (len > 3 && !strncasecmp(s, "SIG", 3)) {
		s += 3;
		len -= 3;
	}
	memcpy(name, "SIG", 3);
	for (i = 0; i < len; i++)
		name[3 + i] = (char)toupper((unsigned char)s[i]);
	name[3 + len] = 0;
	for (n = 1; n <= 64; n++) {
		const char *k = sysgate_signal_name(n);

		if (k && !strcmp(k, name))
			return n;
	}
	return 0;
}

/* A microsecond count for delay_enter=/delay_exit=. */
static int trc_parse_delay(const char *s, size_t len, int pos, const char *key,
			   unsigned long long *out,
			   struct sysgate_parse_error *err)
{
	const unsigned long lim = 4000000000ul;	/* ~66 minutes */
	unsigned long v;
	size_t i = 0;

	if (trc_num(s, &i, lim, &v) || i != len)
		return trc_fail(err, pos, "%s= expects microseconds, a number "
				"from 0 to %lu", key, lim);
	*out = v;
	return 0;
}

/* inject=SET:opt:opt... (fault: error defaults to ENOSYS). */
static int trc_parse_inject(struct trc_expr *e, const char *s, int pos,
			    int is_fault, struct sysgate_parse_error *err)
{
	struct trc_inject r, *n;
	const char *colon = strchr(s, ':'), *p, *end, *eq;
	int have_err = 0, have_ret = 0, have_when = 0, have_other = 0, rc;

	memset(&r, 0, sizeof(r));
	r.first = 1;
	r.last = ULONG_MAX;
	r.step = 1;
	if (!colon && !is_fault)
		return trc_fail(err, pos + (int)strlen(s), "inject= needs "
				":error=E or :retval=N (or :signal=, "
				":delay_enter=, :delay_exit=) after the set");
	rc = trc_parse_set(s, colon ? (size_t)(colon - s) : strlen(s), pos,
			   &r.set, err);
	if (rc)
		return rc;
	for (p = colon; p; p = *end ? end : NULL) {
		p++;
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			return trc_fail(err, pos + (int)(p - s), "expected "
					"KEY=VALUE (error=, retval=, signal=, "
					"delay_enter=, delay_exit=, when=)");
#define KEY(k) ((size_t)(eq - p) == strlen(k) && !strncmp(p, k, strlen(k)))
		if (KEY("error")) {
			if (have_err || have_ret)
				return trc_fail(err, pos + (int)(p - s),
						"error=/retval= given twice");
			rc = trc_parse_errno(eq + 1, (size_t)(end - eq - 1),
					     pos + (int)(eq + 1 - s), &r.ret,
					     err);
			r.is_error = 1;
			have_err = 1;
		} else if (KEY("retval")) {
			if (have_err || have_ret)
				return trc_fail(err, pos + (int)(p - s),
						"error=/retval= given twice");
			rc = trc_parse_retval(eq + 1, (size_t)(end - eq - 1),
					      pos + (int)(eq + 1 - s), &r.ret,
					      err);
			have_ret = 1;
		} else if (KEY("when")) {
			if (have_when)
				return trc_fail(err, pos + (int)(p - s),
						"when= given twice");
			rc = trc_parse_when(eq + 1, (size_t)(end - eq - 1),
					    pos + (int)(eq + 1 - s), &r, err);
			have_when = 1;
		} else if (KEY("signal")) {
			size_t vl = (size_t)(end - eq - 1);

			if (r.signo)
				return trc_fail(err, pos + (int)(p - s),
						"signal= given twice");
			r.signo = trc_signal_parse(eq + 1, vl);
			if (!r.signo)
				return trc_fail(err, pos + (int)(eq + 1 - s),
						"invalid signal '%.*s'",
						vl > 40 ? 40 : (int)vl, eq + 1);
			have_other = 1;
		} else if (KEY("delay_enter") || KEY("delay_exit")) {
			int enter = KEY("delay_enter");
			unsigned long long *d = enter ? &r.delay_enter_us :
						&r.delay_exit_us;

			rc = trc_parse_delay(eq + 1, (size_t)(end - eq - 1),
					     pos + (int)(eq + 1 - s),
					     enter ? "delay_enter" :
					     "delay_exit", d, err);
			have_other = 1;
		} else if (KEY("syscall")) {
			return trc_fail(err, pos + (int)(p - s), "'syscall=' "
					"is not supported");
		} else {
			return trc_fail(err, pos + (int)(p - s), "unknown "
					"inject option '%.*s' (expected error=, "
					"retval=, signal=, delay_enter=, "
					"delay_exit=, when=)", (int)(eq - p), p);
		}
#undef KEY
		if (rc)
			return rc;
	}
	if (!have_err && !have_ret && !have_other && !is_fault)
		return trc_fail(err, pos + (int)strlen(s), "inject= needs "
				":error=E or :retval=N (or :signal=, "
				":delay_enter=, :delay_exit=)");
	if (!have_err && !have_ret && is_fault) {
		r.ret = -ENOSYS;
		r.is_error = 1;
		have_err = 1;
	}
	r.has_ret = have_err || have_ret;
	if (e->n_inj >= 64)
		return trc_fail(err, pos, "too many inject rules (64 at most)");
	n = realloc(e->inj, (size_t)(e->n_inj + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	e->inj = n;
	e->inj[e->n_inj++] = r;
	return 0;
}

static int trc_parse_status(struct trc_expr *e, const char *s, int pos,
			    struct sysgate_parse_error *err)
{
	static const struct {
		const char *name;
		int bit;
	} names[] = {
		{ "successful", TRC_STATUS_SUCCESSFUL },
		{ "failed", TRC_STATUS_FAILED },
		{ "unfinished", TRC_STATUS_UNFINISHED },
		{ "unavailable", TRC_STATUS_UNAVAILABLE },
		{ "detached", TRC_STATUS_DETACHED },
		{ "all", 0x1f },
		{ "none", 0 },
	};
	const char *p = s, *end;
	int mask = 0, neg = 0, found;
	size_t i;

	if (*p == '!') {
		neg = 1;
		p++;
	}
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		found = 0;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if ((size_t)(end - p) == strlen(names[i].name) &&
			    !strncmp(p, names[i].name, (size_t)(end - p))) {
				mask |= names[i].bit;
				found = 1;
			}
		if (!found)
			return trc_fail(err, pos + (int)(p - s), "invalid "
					"status '%.*s' (expected successful, "
					"failed, unfinished, unavailable, "
					"detached)", (int)(end - p) > 40 ? 40 :
					(int)(end - p), p);
		if (!*end)
			break;
		p = end + 1;
	}
	if (neg)
		mask = ~mask & 0x1f;
	/* "all" selects everything: the same as no filter. */
	e->status_mask = mask == 0x1f ? 0 : (mask ? mask : TRC_STATUS_NONE);
	return 0;
}

/* signal=SET: names, numbers, all, none; a leading ! negates. */
static int trc_parse_signals(struct trc_expr *e, const char *s, int pos,
			     struct sysgate_parse_error *err)
{
	const char *p = s, *end;
	uint64_t set = 0;
	int neg = 0, n;

	if (*p == '!') {
		neg = 1;
		p++;
	}
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (end - p == 3 && !strncmp(p, "all", 3)) {
			set = ~0ull;
		} else if (end - p == 4 && !strncmp(p, "none", 4)) {
			/* nothing */
		} else {
			n = trc_signal_parse(p, (size_t)(end - p));
			if (!n)
				return trc_fail(err, pos + (int)(p - s),
						"invalid signal '%.*s'",
						(int)(end - p) > 40 ? 40 :
						(int)(end - p), p);
			set |= 1ull << (n - 1);
		}
		if (!*end)
			break;
		p = end + 1;
	}
	e->signals = neg ? ~set : set;
	return 0;
}

void trc_expr_init(struct trc_expr *e)
{

	/* Numbers the table does not name are traced too (as syscall_N). */
	memset(e, 0, sizeof(*e));
	memset(&e->trace, 0xff, sizeof(e->trace));
	e->signals = ~0ull;
}

void trc_expr_fini(struct trc_expr *e)
{
	free(e->inj);
	e->inj = NULL;
	e->n_inj = 0;
}

int trc_expr_add(struct trc_expr *e, const char *expr,
		 struct sysgate_parse_error *err)
{
	static const char *const trace_q[] = { "trace", "t" };
	const char *eq;
	size_t ql, i;

	if (err) {
		err->pos = 0;
		err->msg[0] = 0;
	}
	if (!e || !expr)
		return trc_fail(err, 0, "no expression");
	if (!*expr)
		return trc_fail(err, 0, "empty expression");
	eq = strchr(expr, '=');
	if (!eq)	/* "-e open" means "-e trace=open" */
		return trc_parse_set(expr, strlen(expr), 0, &e->trace, err);
	ql = (size_t)(eq - expr);
	for (i = 0; i < 2; i++)
		if (ql == strlen(trace_q[i]) && !strncmp(expr, trace_q[i], ql))
			return trc_parse_set(eq + 1, strlen(eq + 1),
					     (int)ql + 1, &e->trace, err);
	if (ql == 6 && !strncmp(expr, "inject", 6))
		return trc_parse_inject(e, eq + 1, 7, 0, err);
	if (ql == 5 && !strncmp(expr, "fault", 5))
		return trc_parse_inject(e, eq + 1, 6, 1, err);
	if (ql == 6 && !strncmp(expr, "status", 6))
		return trc_parse_status(e, eq + 1, 7, err);
	if ((ql == 6 && !strncmp(expr, "signal", 6)) ||
	    (ql == 7 && !strncmp(expr, "signals", 7)))
		return trc_parse_signals(e, eq + 1, (int)ql + 1, err);
	return trc_fail(err, 0, "invalid qualifier '%.*s' (expected trace=, "
			"inject=, fault=, status=, signal=)", ql > 40 ? 40 :
			(int)ql, expr);
}
