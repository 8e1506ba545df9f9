#!/bin/sh
# The main job: build and install ecocomp, then, in a throwaway cluster, load
# real boundaries and rivers, monitoring data, agreements, and settle a year.
set -eu
cd "$(dirname "$0")/.."
exec 9>/tmp/ecocomp-build.lock
flock 9
make -s >/dev/null
make -s install >/dev/null
# The reports (CSV, GeoJSON, SVG) go to ECOCOMP_DEMO_OUT (default /tmp/ecocomp-demo).
out=${ECOCOMP_DEMO_OUT:-/tmp/ecocomp-demo}
export out
pg_virtualenv -t sh -c 'createdb ecocomp_demo && psql -X -q -v ON_ERROR_STOP=1 -v outdir="$out" -d ecocomp_demo -f demo/demo.sql'
