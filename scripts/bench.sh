#!/bin/sh
# Runs every benchmark, test/bench/*.sh, after installing the current build.
# Each prints ecocomp's figure beside its baseline's from the same run.
set -u
cd "$(dirname "$0")/.."
flock /tmp/ecocomp-build.lock sh -c 'make -s && make -s install' >/dev/null || exit 1
rc=0
for f in $(ls test/bench/*.sh 2>/dev/null | sort); do
    echo "== $f"
    sh "$f" || rc=1
done
exit $rc
