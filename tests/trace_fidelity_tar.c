/* SPDX-License-Identifier: MIT */
/* Same calls and results as strace: tar cf of a directory. */
#include "trace_fidelity.h"

int main(void)
{
	char dir[] = "/tmp/sg-fid-tar-XXXXXX", tarf[300];
	char *argv[] = { "/bin/tar", "cf", tarf, "-C", "/usr/share",
			 "common-licenses", NULL };

	if (access(argv[0], X_OK))
		t_skip("no /bin/tar");
	if (access("/usr/share/common-licenses", R_OK))
		t_skip("no /usr/share/common-licenses to archive");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(tarf, sizeof(tarf), "%s/out.tar", dir);
	tf_check(argv, NULL);
	unlink(tarf);
	rmdir(dir);
	return 0;
}
