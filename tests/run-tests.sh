#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every test program in $1/tests (one process each, with a time limit).
# Prints a line per test and ends with "N passed, N failed".
B=${1:-build}
SYSGATE_BUILD=$(cd "$B" && pwd)
export SYSGATE_BUILD
logs="$B/test-logs"
mkdir -p "$logs"
pass=0 fail=0 skip=0 failed=
limit=${SYSGATE_TEST_TIMEOUT:-300}
for t in "$B"/tests/*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	n=$(basename "$t")
	case "$n" in *.*) continue ;; esac
	if [ -n "$SYSGATE_TESTS" ]; then
		case " $SYSGATE_TESTS " in *" $n "*) ;; *) continue ;; esac
	fi
	start=$(date +%s)
	timeout -k 5 "$limit" "$t" >"$logs/$n.log" 2>&1 </dev/null
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); printf 'PASS  %-40s %3ss\n' "$n" "$secs"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		why=$(grep -m1 '^SKIP: ' "$logs/$n.log" | cut -c7-)
		printf 'SKIP  %-40s %s\n' "$n" "${why:-no reason given}"
	else
		fail=$((fail + 1)); failed="$failed $n"
		[ $rc -eq 124 ] && why="timed out after ${limit}s" || why="exit status $rc"
		printf 'FAIL  %-40s %s\n' "$n" "$why"
		sed 's/^/      | /' "$logs/$n.log" | tail -n 25
	fi
done
[ $skip -gt 0 ] && echo "$skip skipped (reasons above)"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
