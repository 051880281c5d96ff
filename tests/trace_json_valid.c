/* SPDX-License-Identifier: MIT */
/*
 * --json: every line is one valid JSON object (checked with python3's
 * json module); calls carry pid, tid, name, nr, args, ret, ts, and errno
 * when they failed; decoded strings (paths, buffers with odd bytes) come
 * back exactly.
 */
#include "trace_cli.h"

static const char checker[] =
"import json, sys\n"
"calls = events = 0\n"
"seen_open = seen_enoent = seen_write = False\n"
"for n, line in enumerate(open(sys.argv[1], 'rb').read().decode('ascii').splitlines()):\n"
"    o = json.loads(line)\n"
"    assert isinstance(o, dict), line\n"
"    if 'event' in o:\n"
"        events += 1; assert o['event'] in ('exited', 'killed', 'signal'), line\n"
"        continue\n"
"    calls += 1\n"
"    for k in ('pid', 'tid', 'name', 'nr', 'args', 'ret', 'ts'):\n"
"        assert k in o, (k, line)\n"
"    assert isinstance(o['args'], list) and isinstance(o['nr'], int), line\n"
"    if o['ret'] is not None and -4096 < o['ret'] < 0:\n"
"        assert isinstance(o['errno'], str) and o['errno'].startswith('E'), line\n"
"    else:\n"
"        assert 'errno' not in o, line\n"
"    if o['name'] == 'openat' and o['args'][1] == '/etc/hostname' and o['ret'] >= 0:\n"
"        seen_open = True; assert o['args'][0] == -100, line\n"
"    if o['name'] == 'openat' and o['args'][1] == '/nonexistent\\\"q' and o['errno'] == 'ENOENT':\n"
"        seen_enoent = True\n"
"    if o['name'] == 'write' and o['args'][1] == 'x\\ty\\\"\\\\\\x01\\xff\\n':\n"
"        seen_write = True\n"
"assert calls > 20 and events >= 1, (calls, events)\n"
"assert seen_open and seen_enoent and seen_write, (seen_open, seen_enoent, seen_write)\n"
"print('ok', calls, events)\n";

int main(void)
{
	char out[] = "/tmp/sg-json-XXXXXX", py[] = "/tmp/sg-json-py-XXXXXX";
	int fd = mkstemp(out), pf = mkstemp(py);
	char *argv[] = { NULL, "trace", "-f", "--json", "-o", out, "--",
			 "/bin/sh", "-c",
			 "cat /etc/hostname; cat '/nonexistent\"q'; "
			 "printf 'x\\ty\"\\\\\\001\\377\\n'", NULL };
	char *check[] = { "/usr/bin/python3", py, out, NULL };

	if (access(check[0], X_OK))
		t_skip("no /usr/bin/python3 to validate JSON");
	CHECK(fd >= 0 && pf >= 0);
	close(fd);
	CHECK(write(pf, checker, sizeof(checker) - 1) ==
	      (ssize_t)sizeof(checker) - 1);
	close(pf);
	tc_run(argv);
	/* Only cat's complaint on stderr: the trace went to the file. */
	CHECK(strstr(tc_err, "nonexistent") && !strstr(tc_err, "openat"));
	CHECK_EQ(tc_exit_code(tc_run(check)), 0);
	if (strncmp(tc_out, "ok ", 3))
		fprintf(stderr, "%s%s", tc_out, tc_err);
	CHECK(!strncmp(tc_out, "ok ", 3));
	unlink(out);
	unlink(py);
	return 0;
}
