/* SPDX-License-Identifier: MIT */
/*
 * -c times calls by system CPU time (as strace does), -c -w by wall
 * clock: a 200 ms nanosleep is ~0 in the first and >= 0.2 s in the
 * second; the total row still sums; the same calls are counted as by
 * strace -c on the same target.
 */
#include "trace_cli.h"

#define MAX_ROWS 64

struct row {
	double secs;
	unsigned long calls, errors;
	char name[64];
};

struct table {
	int n;
	struct row r[MAX_ROWS];
	struct row total;
};

/* Parse strace's -c table (the errors column may be blank). */
static void parse_table(const char *text, struct table *t)
{
	const char *p = strstr(text, "% time     seconds");
	int dashes = 0;

	memset(t, 0, sizeof(*t));
	CHECK(p != NULL);
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char line[256], tok[6][64];
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct row *r;
		double pct;
		int k;

		CHECK(len < sizeof(line));
		memcpy(line, p, len);
		line[len] = 0;
		p = nl ? nl + 1 : NULL;
		if (!strncmp(line, "------", 6)) {
			dashes++;
			continue;
		}
		if (dashes == 0)
			continue;	/* the header */
		k = sscanf(line, "%63s %63s %63s %63s %63s %63s", tok[0], tok[1],
			   tok[2], tok[3], tok[4], tok[5]);
		if (k <= 0)
			continue;
		CHECK(k == 5 || k == 6);
		r = dashes >= 2 ? &t->total : &t->r[t->n++];
		CHECK(t->n <= MAX_ROWS);
		pct = strtod(tok[0], NULL);
		CHECK(pct >= 0 && pct <= 100.0);
		r->secs = strtod(tok[1], NULL);
		r->calls = strtoul(tok[3], NULL, 10);
		r->errors = k == 6 ? strtoul(tok[4], NULL, 10) : 0;
		snprintf(r->name, sizeof(r->name), "%s", tok[k - 1]);
	}
	CHECK_STR(t->total.name, "total");
}

static const struct row *find(const struct table *t, const char *name)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->r[i].name, name))
			return &t->r[i];
	return NULL;
}

/* The total row is the sum of the others (secs to the printed rounding). */
static void check_sums(const struct table *t)
{
	unsigned long calls = 0, errors = 0;
	double secs = 0;
	int i;

	for (i = 0; i < t->n; i++) {
		calls += t->r[i].calls;
		errors += t->r[i].errors;
		secs += t->r[i].secs;
	}
	CHECK_EQ(t->total.calls, calls);
	CHECK_EQ(t->total.errors, errors);
	secs -= t->total.secs;
	CHECK((secs < 0 ? -secs : secs) <= 1e-6 * (t->n + 1));
}

static void run_trace(char **argv, struct table *t)
{
	CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
	parse_table(tc_err, t);
	check_sums(t);
}

int main(void)
{
	const char *target = t_build_path("tests/targets/trace_systime");
	char *cpu_argv[] = { NULL, "trace", "-c", "--", (char *)target, NULL };
	char *wall_argv[] = { NULL, "trace", "-c", "-w", "--",
			      (char *)target, NULL };
	char *st_argv[] = { "/usr/bin/strace", "-c", (char *)target, NULL };
	static struct table cpu, wall, st;
	const struct row *r, *rd;
	int i;

	/* Default -c: system time, so the sleep costs (next to) nothing. */
	run_trace(cpu_argv, &cpu);
	r = find(&cpu, "clock_nanosleep");
	rd = find(&cpu, "read");
	CHECK(r != NULL && rd != NULL);
	CHECK_EQ(r->calls, 1);
	CHECK_EQ(rd->calls, 8);
	CHECK(r->secs < 0.05);
	/* 512 MiB cleared by the kernel: real system time. */
	CHECK(rd->secs > 0.001);
	CHECK(rd->secs > r->secs);
	CHECK(cpu.total.secs < 0.2 + rd->secs);

	/* -w: wall clock, the sleep is all there. */
	run_trace(wall_argv, &wall);
	r = find(&wall, "clock_nanosleep");
	CHECK(r != NULL);
	CHECK_EQ(r->calls, 1);
	CHECK(r->secs >= 0.2);
	CHECK(wall.total.secs >= 0.2);

	/* Same calls as strace -c counts (it leaves out exit_group). */
	if (access(st_argv[0], X_OK))
		t_skip("no /usr/bin/strace to compare with");
	run_trace(st_argv, &st);
	r = find(&st, "clock_nanosleep");
	CHECK(r != NULL && r->secs < 0.05);
	for (i = 0; i < st.n; i++) {
		r = find(&cpu, st.r[i].name);
		if (!r)
			fprintf(stderr, "strace counts %s, sysgate not\n",
				st.r[i].name);
		CHECK(r != NULL);
		CHECK_EQ(r->calls, st.r[i].calls);
		CHECK_EQ(r->errors, st.r[i].errors);
	}
	for (i = 0; i < cpu.n; i++) {
		if (!find(&st, cpu.r[i].name)) {
			fprintf(stderr, "sysgate counts %s, strace not\n",
				cpu.r[i].name);
			CHECK_STR(cpu.r[i].name, "exit_group");
		}
	}
	return 0;
}
