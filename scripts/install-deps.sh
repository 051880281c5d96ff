#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages sysgate needs to build and test, when missing.
# As root: installs them (saying which).  Otherwise: names them and fails.
set -e
need="gcc make libc6-dev libseccomp-dev libdw-dev linux-libc-dev strace coreutils python3 clang libclang-rt-14-dev git tar pkg-config"
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "sysgate: missing Debian packages:$missing" >&2
	echo "sysgate: run 'sudo make deps' or: apt-get install$missing" >&2
	exit 1
fi
echo "sysgate: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
