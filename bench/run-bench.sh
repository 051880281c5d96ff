#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every benchmark in $1/bench; each prints its own parsable lines.
B=${1:-build}
SYSGATE_BUILD=$(cd "$B" && pwd)
export SYSGATE_BUILD
for b in "$B"/bench/*; do
	[ -f "$b" ] && [ -x "$b" ] || continue
	case "$(basename "$b")" in *.*) continue ;; esac
	"$b" || echo "bench=$(basename "$b") failed=$?"
done
