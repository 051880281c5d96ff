/* SPDX-License-Identifier: MIT */
/*
 * Parser of `sysgate call` expressions (grammar in man/sysgate-call.1):
 *
 *	call    := name '(' [arg {',' arg}] ')'
 *	arg     := string | '$' digits | 'buf' '(' int ')' | orexpr
 *	orexpr  := sum {'|' sum}
 *	sum     := unary {('+' | '-') unary}
 *	unary   := ('-' | '~') unary | '(' orexpr ')' | int | CONSTANT
 *
 * Recursive descent over the NUL-terminated source.  Every error names the
 * byte offset of the offending character; arithmetic is done on unsigned
 * long so no input can invoke undefined behaviour.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysgate.h"
#include "tools/call_expr.h"

/* Nesting of '(' in integer expressions; bounds the recursion. */
#define CALLX_MAX_DEPTH 32
/* Longest identifier we look up or suggest for. */
#define CALLX_NAME_MAX 64
/* Constants are at most ~24 characters long; see callx_suggest_consts(). */
#define CALLX_SUGGEST_CONST_MAX 32

struct callx_parser {
	const char *s;
	int pos;
	int index;
	int depth;
	struct callx_error *err;
};

static int callx_fail(struct callx_parser *p, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int callx_fail(struct callx_parser *p, int pos, const char *fmt, ...)
{
	va_list ap;

	p->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int callx_is_ident_start(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

static int callx_is_ident(int ch)
{
	return callx_is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

static int callx_upper(int ch)
{
	return ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch;
}

static void callx_skip_space(struct callx_parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	       p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
		p->pos++;
}

/* "')'", "end of expression", "byte 0x01" for error messages. */
static const char *callx_describe(const char *s, int pos, char *buf,
				  size_t len)
{
	unsigned char ch = (unsigned char)s[pos];

	if (!ch)
		snprintf(buf, len, "end of expression");
	else if (ch == '\'')
		snprintf(buf, len, "\"'\"");
	else if (ch > ' ' && ch < 0x7f)
		snprintf(buf, len, "'%c'", ch);
	else if (ch == ' ')
		snprintf(buf, len, "space");
	else
		snprintf(buf, len, "byte 0x%02x", ch);
	return buf;
}

static int callx_unexpected(struct callx_parser *p, const char *what)
{
	char d[32];

	callx_describe(p->s, p->pos, d, sizeof(d));
	if (what)
		snprintf(p->err->note, sizeof(p->err->note), "expected %s",
			 what);
	return callx_fail(p, p->pos, "unexpected %s", d);
}

int callx_distance(const char *a, const char *b, int max)
{
	/* Optimal string alignment distance over three rolling rows. */
	int la = (int)strlen(a), lb = (int)strlen(b);
	int rows[3][CALLX_NAME_MAX + 1];
	int *pp = rows[0], *prev = rows[1], *cur = rows[2], *t;
	int i, j;

	if (la > CALLX_NAME_MAX || lb > CALLX_NAME_MAX)
		return max + 1;
	if (la - lb > max || lb - la > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		int best;

		cur[0] = i;
		best = i;
		for (j = 1; j <= lb; j++) {
			int ca = callx_upper((unsigned char)a[i - 1]);
			int cb = callx_upper((unsigned char)b[j - 1]);
			int v = prev[j - 1] + (ca != cb);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == callx_upper((unsigned char)b[j - 2]) &&
			    cb == callx_upper((unsigned char)a[i - 2]) &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

/* How far off a name may be to be suggested: about a third of it. */
static int callx_suggest_max(const char *name)
{
	size_t n = strlen(name);

	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

/* Up to 4 suggestions, best distance first, kept in insertion order. */
struct callx_suggest {
	const char *name[4];
	char own[4][CALLX_NAME_MAX + 1];
	int dist[4];
	int n;
};

static void callx_suggest_add(struct callx_suggest *sg, const char *name,
			      int dist, int copy)
{
	int i, at;

	for (i = 0; i < sg->n; i++)
		if (!strcmp(sg->name[i], name))
			return;
	for (at = sg->n; at > 0 && sg->dist[at - 1] > dist; at--)
		;
	if (at >= 4)
		return;
	if (sg->n == 4)		/* the last one drops out */
		sg->n--;
	for (i = sg->n; i > at; i--) {
		sg->dist[i] = sg->dist[i - 1];
		if (sg->name[i - 1] == sg->own[i - 1]) {
			memcpy(sg->own[i], sg->own[i - 1], sizeof(sg->own[i]));
			sg->name[i] = sg->own[i];
		} else {
			sg->name[i] = sg->name[i - 1];
		}
	}
	sg->dist[at] = dist;
	if (copy) {
		snprintf(sg->own[at], sizeof(sg->own[at]), "%s", name);
		sg->name[at] = sg->own[at];
	} else {
		sg->name[at] = name;
	}
	sg->n++;
}

static void callx_suggest_format(const struct callx_suggest *sg, char *buf,
				 size_t len)
{
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sg->n && n < (int)len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			      sg->name[i]);
}

static void callx_suggest_syscalls(const char *name, char *buf, size_t len)
{
	struct callx_suggest sg = { .n = 0 };
	int max = callx_suggest_max(name);
	long nr, count = sysgate_syscall_count();

	for (nr = 0; nr < count; nr++) {
		const char *cand = sysgate_syscall_name(nr);
		int d;

		if (!cand)
			continue;
		d = callx_distance(name, cand, max);
		if (d <= max)
			callx_suggest_add(&sg, cand, d, 0);
	}
	callx_suggest_format(&sg, buf, len);
}

/* Prefixes of the constant families, for "CREAT" -> "O_CREAT". */
static const char *const callx_prefixes[] = {
	"O_", "AT_", "PROT_", "MAP_", "F_", "SIG", "MADV_", "CLONE_",
	"SEEK_", "S_", "W", "FD_",
};

static int callx_const_known(const char *name)
{
	long v;

	return sysgate_const_lookup(name, &v) == 0;
}

/*
 * The public API can look a constant up but not list them all, so the
 * candidates are generated: the name upper-cased, with a family prefix
 * added or swapped, and every single edit of it.  Errno and signal names
 * can be listed (sysgate_errno_name(), sysgate_signal_name()) and are
 * compared by distance instead, which also keeps the slow E* lookups out
 * of the edit loop.
 */
static void callx_suggest_consts(const char *name, char *buf, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	struct callx_suggest sg = { .n = 0 };
	char up[CALLX_NAME_MAX + 1], cand[CALLX_NAME_MAX + 8];
	const char *rest;
	size_t n = strlen(name), i, k;
	int max = callx_suggest_max(name), e;

	buf[0] = '\0';
	/* Longer than any constant we know: not worth ~80 lookups a byte. */
	if (n > CALLX_SUGGEST_CONST_MAX)
		return;
	for (i = 0; i <= n; i++)
		up[i] = (char)callx_upper((unsigned char)name[i]);
	if (strcmp(up, name) && callx_const_known(up))
		callx_suggest_add(&sg, up, 0, 1);
	rest = strchr(up, '_');
	for (k = 0; k < sizeof(callx_prefixes) / sizeof(callx_prefixes[0]);
	     k++) {
		snprintf(cand, sizeof(cand), "%s%s", callx_prefixes[k], up);
		if (callx_const_known(cand))
			callx_suggest_add(&sg, cand, 1, 1);
		if (rest && rest[1]) {
			snprintf(cand, sizeof(cand), "%s%s", callx_prefixes[k],
				 rest + 1);
			if (strcmp(cand, up) && callx_const_known(cand))
				callx_suggest_add(&sg, cand, 1, 1);
		}
	}
	/* Single edits; candidates starting with E are left to the loop below. */
	for (i = 0; i < n; i++) {	/* deletions */
		memcpy(cand, up, i);
		memcpy(cand + i, up + i + 1, n - i);
		if (cand[0] != 'E' && callx_const_known(cand))
			callx_suggest_add(&sg, cand, 1, 1);
	}
	for (i = 0; i + 1 < n; i++) {	/* swaps */
		memcpy(cand, up, n + 1);
		cand[i] = up[i + 1];
		cand[i + 1] = up[i];
		if (cand[0] != 'E' && callx_const_known(cand))
			callx_suggest_add(&sg, cand, 1, 1);
	}
	for (i = 0; i < n; i++)		/* substitutions */
		for (k = 0; alphabet[k]; k++) {
			if (alphabet[k] == up[i])
				continue;
			memcpy(cand, up, n + 1);
			cand[i] = alphabet[k];
			if (cand[0] != 'E' && callx_const_known(cand))
				callx_suggest_add(&sg, cand, 1, 1);
		}
	for (i = 0; i <= n; i++)	/* insertions */
		for (k = 0; alphabet[k]; k++) {
			memcpy(cand, up, i);
			cand[i] = alphabet[k];
			memcpy(cand + i + 1, up + i, n - i + 1);
			if (cand[0] != 'E' && callx_const_known(cand))
				callx_suggest_add(&sg, cand, 1, 1);
		}
	for (e = 1; e < 4096; e++) {
		const char *en = sysgate_errno_name(e);
		int d;

		if (en && (d = callx_distance(up, en, max)) <= max)
			callx_suggest_add(&sg, en, d, 0);
	}
	for (e = 1; e < 65; e++) {
		const char *sn = sysgate_signal_name(e);
		int d;

		if (sn && (d = callx_distance(up, sn, max)) <= max)
			callx_suggest_add(&sg, sn, d, 0);
	}
	callx_suggest_format(&sg, buf, len);
}

/* Reads an identifier at p->pos into buf; returns its length (0: none). */
static int callx_ident(struct callx_parser *p, char *buf, size_t len)
{
	int start = p->pos, n;

	if (!callx_is_ident_start((unsigned char)p->s[p->pos]))
		return 0;
	while (callx_is_ident((unsigned char)p->s[p->pos]))
		p->pos++;
	n = p->pos - start;
	if ((size_t)n >= len) {
		snprintf(buf, len, "%.*s", (int)len - 1, p->s + start);
		return n;
	}
	memcpy(buf, p->s + start, n);
	buf[n] = '\0';
	return n;
}

static int callx_digit(int ch, int base)
{
	int v;

	if (ch >= '0' && ch <= '9')
		v = ch - '0';
	else if (ch >= 'a' && ch <= 'z')
		v = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'Z')
		v = ch - 'A' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

/* An integer literal: decimal, 0x hex or 0 octal, up to ULONG_MAX. */
static int callx_number(struct callx_parser *p, unsigned long *out)
{
	int start = p->pos, base = 10, d;
	unsigned long v = 0;

	if (p->s[p->pos] == '0' &&
	    (p->s[p->pos + 1] == 'x' || p->s[p->pos + 1] == 'X')) {
		base = 16;
		p->pos += 2;
		if (callx_digit((unsigned char)p->s[p->pos], 16) < 0)
			return callx_fail(p, p->pos,
					  "expected a hex digit after '0x'");
	} else if (p->s[p->pos] == '0') {
		base = 8;
	}
	while (callx_is_ident((unsigned char)p->s[p->pos])) {
		d = callx_digit((unsigned char)p->s[p->pos], base);
		if (d < 0) {
			char desc[32];

			return callx_fail(p, p->pos, "invalid %s digit %s",
					  base == 16 ? "hex" : base == 8 ?
					  "octal" : "decimal",
					  callx_describe(p->s, p->pos, desc,
							 sizeof(desc)));
		}
		if (v > (ULONG_MAX - d) / base)
			return callx_fail(p, start,
					  "number does not fit in 64 bits");
		v = v * base + d;
		p->pos++;
	}
	*out = v;
	return 0;
}

static int callx_orexpr(struct callx_parser *p, unsigned long *out);

static int callx_unary(struct callx_parser *p, unsigned long *out)
{
	char name[CALLX_NAME_MAX + 1];
	int ch, start, r;
	long val;

	callx_skip_space(p);
	ch = (unsigned char)p->s[p->pos];
	start = p->pos;
	if (ch == '-' || ch == '~' || ch == '(') {
		if (++p->depth > CALLX_MAX_DEPTH)
			return callx_fail(p, p->pos, "expression nested too deeply");
		p->pos++;
		if (ch == '(') {
			r = callx_orexpr(p, out);
			if (r)
				return r;
			callx_skip_space(p);
			if (p->s[p->pos] != ')')
				return callx_unexpected(p, "')'");
			p->pos++;
		} else {
			r = callx_unary(p, out);
			if (r)
				return r;
			*out = ch == '-' ? 0UL - *out : ~*out;
		}
		p->depth--;
		return 0;
	}
	if (ch >= '0' && ch <= '9')
		return callx_number(p, out);
	if (callx_is_ident_start(ch)) {
		int n = callx_ident(p, name, sizeof(name));

		if (n > CALLX_NAME_MAX)
			return callx_fail(p, start, "unknown constant '%.20s...'",
					  name);
		if (sysgate_const_lookup(name, &val) < 0) {
			callx_suggest_consts(name, p->err->hint,
					     sizeof(p->err->hint));
			return callx_fail(p, start, "unknown constant '%s'",
					  name);
		}
		*out = (unsigned long)val;
		return 0;
	}
	if (ch == '"')
		return callx_fail(p, p->pos,
				  "a string must be a whole argument");
	if (ch == '$')
		return callx_fail(p, p->pos, "$N must be a whole argument");
	return callx_unexpected(p, "a number or a constant");
}

static int callx_sum(struct callx_parser *p, unsigned long *out)
{
	unsigned long rhs;
	int r, op;

	r = callx_unary(p, out);
	while (!r) {
		callx_skip_space(p);
		op = p->s[p->pos];
		if (op != '+' && op != '-')
			break;
		p->pos++;
		r = callx_unary(p, &rhs);
		if (!r)
			*out = op == '+' ? *out + rhs : *out - rhs;
	}
	return r;
}

static int callx_orexpr(struct callx_parser *p, unsigned long *out)
{
	unsigned long rhs;
	int r;

	r = callx_sum(p, out);
	while (!r) {
		callx_skip_space(p);
		if (p->s[p->pos] != '|')
			break;
		p->pos++;
		r = callx_sum(p, &rhs);
		if (!r)
			*out |= rhs;
	}
	return r;
}

static int callx_hexval(int ch)
{
	return callx_digit(ch, 16);
}

/* A "..." literal with C escapes, decoded into a malloc'ed buffer. */
static int callx_string(struct callx_parser *p, struct callx_arg *a)
{
	int open = p->pos, n = 0, cap = 16;
	char *buf = malloc(cap), *t;

	if (!buf)
		return -ENOMEM;
	p->pos++;
	for (;;) {
		int ch = (unsigned char)p->s[p->pos], esc = p->pos, v, i;

		if (!ch) {
			free(buf);
			return callx_fail(p, open, "unterminated string");
		}
		if (ch == '"')
			break;
		p->pos++;
		if (ch == '\\') {
			ch = (unsigned char)p->s[p->pos++];
			switch (ch) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'a': ch = '\a'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'v': ch = '\v'; break;
			case 'e': ch = 0x1b; break;
			case '\\': case '"': case '\'': case '?': break;
			case 'x':
				v = callx_hexval((unsigned char)p->s[p->pos]);
				if (v < 0) {
					free(buf);
					return callx_fail(p, esc,
						"\\x needs one or two hex digits");
				}
				p->pos++;
				i = callx_hexval((unsigned char)p->s[p->pos]);
				if (i >= 0) {
					v = v * 16 + i;
					p->pos++;
				}
				ch = v;
				break;
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				v = ch - '0';
				for (i = 0; i < 2 && p->s[p->pos] >= '0' &&
				     p->s[p->pos] <= '7'; i++)
					v = v * 8 + (p->s[p->pos++] - '0');
				if (v > 0xff) {
					free(buf);
					return callx_fail(p, esc,
						"octal escape out of range");
				}
				ch = v;
				break;
			default:
				free(buf);
				if (!ch)
					return callx_fail(p, open,
							  "unterminated string");
				return callx_fail(p, esc, "unknown escape '\\%c'",
						  ch > ' ' && ch < 0x7f ? ch : '?');
			}
		}
		if (n + 1 >= cap) {
			if (cap > CALLX_STR_MAX) {
				free(buf);
				return callx_fail(p, open, "string longer than %ld bytes",
						  CALLX_STR_MAX);
			}
			cap *= 2;
			t = realloc(buf, cap);
			if (!t) {
				free(buf);
				return -ENOMEM;
			}
			buf = t;
		}
		buf[n++] = (char)ch;
	}
	p->pos++;
	buf[n] = '\0';
	a->kind = CALLX_STR;
	a->str = buf;
	a->len = n;
	return 0;
}

/* '$' digits: the result of an earlier call of the batch. */
static int callx_ref(struct callx_parser *p, struct callx_arg *a)
{
	int start = p->pos;
	long v = 0;

	p->pos++;
	if (p->s[p->pos] < '0' || p->s[p->pos] > '9')
		return callx_fail(p, p->pos,
				  "expected a call index after '$'");
	while (p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
		if (v < 1000000)
			v = v * 10 + (p->s[p->pos] - '0');
		p->pos++;
	}
	if (callx_is_ident_start((unsigned char)p->s[p->pos]))
		return callx_unexpected(p, "',' or ')'");
	if (v >= p->index) {
		if (p->index)
			snprintf(p->err->note, sizeof(p->err->note),
				 "$N names an earlier call, $0..$%d here",
				 p->index - 1);
		else
			snprintf(p->err->note, sizeof(p->err->note),
				 "the first call has no earlier call to name");
	}
	if (v == p->index)
		return callx_fail(p, start, "$%ld refers to this call itself",
				  v);
	if (v > p->index)
		return callx_fail(p, start, "$%ld refers to a later call", v);
	a->kind = CALLX_REF;
	a->val = v;
	return 0;
}

/* 'buf' '(' int ')': zeroed scratch bytes shown after the call. */
static int callx_buf(struct callx_parser *p, struct callx_arg *a)
{
	unsigned long n;
	int r, at;

	callx_skip_space(p);
	p->pos++;	/* '(' */
	callx_skip_space(p);
	at = p->pos;
	r = callx_orexpr(p, &n);
	if (r)
		return r;
	if (n == 0 || n > (unsigned long)CALLX_BUF_MAX)
		return callx_fail(p, at, "buf() size must be 1..%ld bytes",
				  CALLX_BUF_MAX);
	callx_skip_space(p);
	if (p->s[p->pos] != ')')
		return callx_unexpected(p, "')'");
	p->pos++;
	a->kind = CALLX_BUF;
	a->val = (long)n;
	return 0;
}

/* Is "buf" followed by '(' at p->pos? */
static int callx_at_buf(const struct callx_parser *p)
{
	const char *s = p->s + p->pos;

	if (strncmp(s, "buf", 3) || callx_is_ident((unsigned char)s[3]))
		return 0;
	s += 3;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '(';
}

static int callx_arg(struct callx_parser *p, struct callx_arg *a)
{
	unsigned long v;
	int r;

	callx_skip_space(p);
	a->pos = p->pos;
	if (p->s[p->pos] == '"') {
		r = callx_string(p, a);
	} else if (p->s[p->pos] == '$') {
		r = callx_ref(p, a);
	} else if (callx_at_buf(p)) {
		p->pos += 3;
		r = callx_buf(p, a);
	} else {
		r = callx_orexpr(p, &v);
		a->kind = CALLX_INT;
		a->val = (long)v;
	}
	if (r)
		return r;
	a->end = p->pos;
	callx_skip_space(p);
	if (p->s[p->pos] != ',' && p->s[p->pos] != ')') {
		if (a->kind == CALLX_STR)
			return callx_unexpected(p, "',' or ')' after a string");
		if (a->kind != CALLX_INT)
			return callx_unexpected(p, "',' or ')'");
		return callx_unexpected(p, "an operator, ',' or ')'");
	}
	return 0;
}

static char *callx_text(const char *s, const char *name, int nlen,
			const struct callx_call *c)
{
	size_t len = nlen + 3;
	char *t, *w;
	int i;

	for (i = 0; i < c->nargs; i++)
		len += c->args[i].end - c->args[i].pos + 2;
	t = malloc(len);
	if (!t)
		return NULL;
	w = t;
	memcpy(w, name, nlen);
	w += nlen;
	*w++ = '(';
	for (i = 0; i < c->nargs; i++) {
		int n = c->args[i].end - c->args[i].pos;

		if (i) {
			*w++ = ',';
			*w++ = ' ';
		}
		memcpy(w, s + c->args[i].pos, n);
		w += n;
	}
	*w++ = ')';
	*w = '\0';
	return t;
}

void callx_call_free(struct callx_call *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < CALLX_MAX_ARGS; i++)
		free(c->args[i].str);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

static int callx_parse_call(struct callx_parser *p, struct callx_call *c)
{
	char name[CALLX_NAME_MAX + 1];
	int start, nlen, r;
	long nr;

	callx_skip_space(p);
	start = p->pos;
	if (!p->s[p->pos])
		return callx_fail(p, p->pos, "empty expression");
	nlen = callx_ident(p, name, sizeof(name));
	if (!nlen)
		return callx_unexpected(p, "a system call name");
	if (nlen > CALLX_NAME_MAX)
		return callx_fail(p, start, "unknown system call '%.20s...'",
				  name);
	nr = sysgate_syscall_lookup(name);
	if (nr < 0) {
		callx_suggest_syscalls(name, p->err->hint,
				       sizeof(p->err->hint));
		return callx_fail(p, start, "unknown system call '%s'", name);
	}
	if (nr > CALLX_NR_MAX)
		return callx_fail(p, start,
				  "system call number %ld out of range (0..%d)",
				  nr, CALLX_NR_MAX);
	c->nr = nr;
	callx_skip_space(p);
	if (p->s[p->pos] != '(')
		return callx_unexpected(p, "'(' after the system call name");
	p->pos++;
	callx_skip_space(p);
	if (p->s[p->pos] != ')') {
		for (;;) {
			if (c->nargs == CALLX_MAX_ARGS) {
				callx_skip_space(p);
				return callx_fail(p, p->pos,
						  "too many arguments (system calls take at most 6)");
			}
			/* On failure callx_call_free() releases any string. */
			r = callx_arg(p, &c->args[c->nargs]);
			if (r)
				return r;
			c->nargs++;
			if (p->s[p->pos] == ')')
				break;
			p->pos++;	/* ',' */
		}
	}
	p->pos++;	/* ')' */
	callx_skip_space(p);
	if (p->s[p->pos])
		return callx_unexpected(p, "the end after the closing ')'");
	c->text = callx_text(p->s, name, nlen, c);
	return c->text ? 0 : -ENOMEM;
}

int callx_parse(const char *expr, int index, struct callx_call *c,
		struct callx_error *err)
{
	struct callx_parser p = { .s = expr, .index = index, .err = err };
	int r;

	memset(c, 0, sizeof(*c));
	err->pos = 0;
	err->msg[0] = '\0';
	err->hint[0] = '\0';
	err->note[0] = '\0';
	r = callx_parse_call(&p, c);
	if (r)
		callx_call_free(c);
	return r;
}

int callx_column(const char *expr, int pos)
{
	int i, col = 1;

	for (i = 0; i < pos && expr[i]; i++)
		if (((unsigned char)expr[i] & 0xc0) != 0x80)
			col++;
	return col;
}

int callx_caret(const char *expr, int pos, char *buf, size_t len)
{
	int i, n = 0;

	for (i = 0; i < pos && expr[i]; i++) {
		unsigned char ch = (unsigned char)expr[i];

		if ((ch & 0xc0) == 0x80)
			continue;
		if (n + 1 < (int)len)
			buf[n] = ch == '\t' ? '\t' : ' ';
		n++;
	}
	if (n + 1 < (int)len)
		buf[n] = '^';
	n++;
	if (len)
		buf[n < (int)len ? n : (int)len - 1] = '\0';
	return n;
}

int callx_escape(const char *s, size_t len, char *buf, size_t cap)
{
	size_t i;
	int n = 0, full = 0;

	if (cap)
		buf[0] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		char tmp[8];
		int k;

		switch (ch) {
		case '\n': strcpy(tmp, "\\n"); break;
		case '\t': strcpy(tmp, "\\t"); break;
		case '\r': strcpy(tmp, "\\r"); break;
		case '\\': strcpy(tmp, "\\\\"); break;
		case '"': strcpy(tmp, "\\\""); break;
		default:
			if (ch >= ' ' && ch < 0x7f) {
				tmp[0] = (char)ch;
				tmp[1] = '\0';
			} else if (ch == 0 && !(i + 1 < len && s[i + 1] >= '0' &&
						s[i + 1] <= '7')) {
				strcpy(tmp, "\\0");
			} else {
				snprintf(tmp, sizeof(tmp), "\\%03o", ch);
			}
		}
		k = (int)strlen(tmp);
		/* Never cut an escape in half: stop at the first that does not fit. */
		if (!full && (size_t)(n + k) < cap)
			memcpy(buf + n, tmp, k + 1);
		else
			full = 1;
		n += k;
	}
	return n;
}
