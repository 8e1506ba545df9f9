#!/bin/sh
# Install the Debian packages ecocomp needs to build, test and benchmark.
# As root it runs apt-get; otherwise it prints the command to run.
set -eu

PKGS="postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3 postgresql-15-pgtap
libtap-parser-sourcehandler-pgtap-perl postgresql-common make gcc valgrind
chromium fonts-noto-cjk"
# pgRouting is used only by the benchmarks and cross-checks.
[ "${ECOCOMP_WITH_PGROUTING:-1}" = 1 ] && PKGS="$PKGS postgresql-15-pgrouting"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages:$missing" >&2
    echo "deps: run as root:  apt-get update && $cmd" >&2
    exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$cmd
