/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: gcc compiling a tiny file (vfork, exec chain). */
#include "trace_fidelity.h"

/* Each run starts without the previous run's object file. */
static void remove_object(const char *dir)
{
	char obj[300];

	snprintf(obj, sizeof(obj), "%s/t.o", dir);
	unlink(obj);
}

int main(void)
{
	char dir[] = "/tmp/sg-fid-gcc-XXXXXX", src[300], obj[300];
	char *argv[] = { "/usr/bin/gcc", "-c", "-o", "t.o", "t.c", NULL };
	FILE *f;

	if (access(argv[0], X_OK))
		t_skip("no /usr/bin/gcc");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(src, sizeof(src), "%s/t.c", dir);
	snprintf(obj, sizeof(obj), "%s/t.o", dir);
	f = fopen(src, "w");
	CHECK(f != NULL);
	fputs("int twice(int x) { return 2 * x; }\n", f);
	fclose(f);
	tf_check_with(argv, dir, remove_object);
	unlink(src);
	unlink(obj);
	rmdir(dir);
	return 0;
}
