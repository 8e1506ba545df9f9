#!/bin/sh
# The main job: build and install ecocomp, then, in a throwaway cluster, load
# real boundaries and rivers, monitoring data, agreements, and settle a year.
set -eu
cd "$(dirname "$0")/.."
exec 9>/tmp/ecocomp-build.lock
flock 9
make -s >/dev/null
make -s install >/dev/null
pg_virtualenv -t sh -c 'createdb ecocomp_demo && psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_demo -f demo/demo.sql'
