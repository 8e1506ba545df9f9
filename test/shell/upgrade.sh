#!/bin/sh
# The upgrade path: 0.1.0, built and installed from its release commit and
# holding data, is updated in place with ALTER EXTENSION ecocomp UPDATE and
# must then equal a fresh install of this version object for object, with
# no row lost.  Also checks that this version's library still serves
# 0.1.0's SQL between installing the new package and running the update.
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER set) as a user that may
# run `make install`.  Prints TAP.
set -u
repo=$(pwd)
release=001ef9b            # v0.1.0
pg_config=${PG_CONFIG:-pg_config}
tmp=$(mktemp -d)
db_old=ecocomp_upgrade_old
db_new=ecocomp_upgrade_new
n=0
plan=10
out=""
ok() { n=$((n + 1)); out="$out
ok $n - $1"; }
notok() { n=$((n + 1)); out="$out
not ok $n - $1"; [ -z "${2:-}" ] || out="$out
$(printf '%s\n' "$2" | sed 's/^/# /')"; }
finish() {
    # Whatever happened, leave this version installed for the tests after us.
    make -C "$repo" -s install PG_CONFIG="$pg_config" >/dev/null 2>&1
    rm -rf "$tmp"
    dropdb --if-exists "$db_old" >/dev/null 2>&1
    dropdb --if-exists "$db_new" >/dev/null 2>&1
    echo "1..$plan$out"
    [ "$n" = "$plan" ] || echo "# stopped after $n of $plan"
}
trap finish EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# 1. 0.1.0 from its release commit: built and installed.
mkdir "$tmp/old"
if git -C "$repo" archive "$release" 2>"$tmp/err" | tar -x -C "$tmp/old" 2>>"$tmp/err" &&
   make -C "$tmp/old" -s PG_CONFIG="$pg_config" >"$tmp/build.log" 2>&1 &&
   make -C "$tmp/old" -s install PG_CONFIG="$pg_config" >>"$tmp/build.log" 2>&1; then
    ok "0.1.0 (commit $release) builds and installs"
else
    notok "0.1.0 (commit $release) builds and installs" "$(cat "$tmp/err" "$tmp/build.log" 2>/dev/null | tail -n 20)"
    exit 1
fi

# 2. A 0.1.0 database with a row in every table.
dropdb --if-exists "$db_old" >/dev/null 2>&1
createdb "$db_old"
if (cd "$tmp/old" && q -d "$db_old" >"$tmp/load.log" 2>&1) <<'SQL'
CREATE EXTENSION postgis;
CREATE EXTENSION ecocomp VERSION '0.1.0';
\set provinces `cat test/data/provinces.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'province',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f
WHERE f->'properties'->>'code' IN ('340000', '330000');
INSERT INTO ecocomp.reach (reach_id, next_down, name, local_area_km2, geom) VALUES
    (1, NULL, 'Xin''an', 10.5, 'SRID=4326;LINESTRING(118.5 29.9, 118.9 29.6)'),
    (2, 1, 'Xin''an', 20.25, 'SRID=4326;LINESTRING(118.2 29.8, 118.5 29.9)');
SELECT ecocomp.refresh_network();
INSERT INTO ecocomp.section (code, name, name_zh, geom, reach_id, waterbody, target_class, upstream_code, downstream_code)
VALUES ('jiekou', 'Jiekou', '街口', 'SRID=4326;POINT(118.55 29.87)', 1, 'river', 'II', '340000', '330000');
INSERT INTO ecocomp.parameter (code, name_en, name_zh, unit, kind) VALUES ('transparency', 'transparency', '透明度', 'm', 'none');
INSERT INTO ecocomp.unit_conversion (unit, canonical, factor) VALUES ('cm', 'm', 0.01);
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, censored boolean, unit text);
INSERT INTO staging
SELECT 'jiekou', p, format('2024-%s-15T08:00+08', lpad(m::text, 2, '0')), v::text, false, NULL
FROM generate_series(1, 12) AS m, (VALUES ('CODMn', 2.5), ('NH3-N', 0.2), ('TP', 0.03), ('TN', 0.9)) AS x(p, v);
INSERT INTO staging VALUES ('jiekou', 'TP', '2024-03-02T08:00+08', '-1', NULL, NULL),
                           ('jiekou', 'transparency', '2024-03-01T08:00+08', '150', NULL, 'cm');
SELECT * FROM ecocomp.import_observations('staging');
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('xinan', 'Xin''an', 'index_ratio', '340000', '330000', ARRAY['jiekou'],
        '{"indicators": ["CODMn", "NH3-N", "TP", "TN"], "weights": [0.25, 0.25, 0.25, 0.25], "k0": 0.85,
          "baseline": {"CODMn": 3, "NH3-N": 0.25, "TP": 0.05, "TN": 1.0}, "amount": 100000000}',
        '[2024-01-01,2025-01-01)'),
       ('lushui', 'Lu River', 'class_target', '340000', '330000', ARRAY['jiekou'],
        '{"period_unit": "month", "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
        '[2024-01-01,2026-01-01)');
SELECT ecocomp.settle('[2024-01-01,2025-01-01)');
SELECT ecocomp.settle('[2025-01-01,2025-02-01)', ARRAY['lushui']);
SQL
then
    counts=$(q -d "$db_old" -c "SELECT string_agg(c.relname || '=' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text, ' ' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'ecocomp'::regnamespace AND c.relkind = 'r'")
    ok "0.1.0 database loaded: $counts"
else
    notok "0.1.0 database loaded" "$(tail -n 20 "$tmp/load.log")"
    exit 1
fi

# Each table's rows, over the columns 0.1.0 has, as a count and a checksum.
q -d "$db_old" -c "SELECT c.oid::regclass || ' ' || string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum)
                   FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   WHERE c.relnamespace = 'ecocomp'::regnamespace AND c.relkind = 'r' GROUP BY c.oid ORDER BY 1" >"$tmp/columns"
# Every row as text, per table: the update may add rows (new built-in
# catalogue entries) but must not lose or change one.
rows() {
    while read -r table columns; do
        q -d "$db_old" -c "SELECT '$table ' || x::text FROM (SELECT $columns FROM $table) AS x ORDER BY 1"
    done <"$tmp/columns"
}
rows | LC_ALL=C sort >"$tmp/before"

# 3. This version's package installed over 0.1.0's.
if make -C "$repo" -s install PG_CONFIG="$pg_config" >"$tmp/install.log" 2>&1; then
    ok "this version installs over 0.1.0"
else
    notok "this version installs over 0.1.0" "$(tail -n 20 "$tmp/install.log")"
    exit 1
fi

# 4. The new library exports every C symbol 0.1.0's SQL names.
lib=$("$pg_config" --pkglibdir)/ecocomp.so
missing=$(q -d "$db_old" -c "SELECT p.prosrc FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                              WHERE l.lanname = 'c' AND p.pronamespace = 'ecocomp'::regnamespace ORDER BY 1" |
          while read -r sym; do nm -D --defined-only "$lib" | awk '{print $3}' | grep -qx "$sym" || echo "$sym"; done)
if [ -z "$missing" ]; then ok "the new library has every C function 0.1.0's SQL calls"
else notok "the new library has every C function 0.1.0's SQL calls" "missing: $missing"; fi

# 5. Before the update, 0.1.0's SQL runs on the new library.
if q -d "$db_old" >"$tmp/between.log" 2>&1 <<'SQL'
SELECT ecocomp.gb3838_class('TP', 0.1);
SELECT ecocomp.section_class(parameter, value) FROM ecocomp.observation WHERE parameter <> 'transparency';
SELECT ecocomp.load_kg(observed_at, value, 1.0) FROM ecocomp.observation WHERE parameter = 'TP';
SELECT ecocomp.allocate(100, ARRAY[1, 2]::float8[]);
SELECT count(*) FROM ecocomp.navigate(2, 'DM');
SELECT ecocomp.refresh_network();
SELECT count(*) FROM ecocomp.assessment('[2024-01-01,2025-01-01)', 'month');
BEGIN; SELECT ecocomp.settle('[2024-01-01,2025-01-01)'); ROLLBACK;
SQL
then ok "0.1.0's SQL runs on the new library before the update"
else notok "0.1.0's SQL runs on the new library before the update" "$(tail -n 20 "$tmp/between.log")"; fi

# 6. ALTER EXTENSION ecocomp UPDATE.
if q -d "$db_old" -c "ALTER EXTENSION ecocomp UPDATE" >"$tmp/update.log" 2>&1; then
    ok "ALTER EXTENSION ecocomp UPDATE from 0.1.0"
else
    notok "ALTER EXTENSION ecocomp UPDATE from 0.1.0" "$(tail -n 20 "$tmp/update.log")"
    exit 1
fi
version=$(q -d "$db_old" -c "SELECT extversion FROM pg_extension WHERE extname = 'ecocomp'")
default=$(q -d "$db_old" -c "SELECT default_version FROM pg_available_extensions WHERE name = 'ecocomp'")
if [ "$version" = "$default" ]; then ok "updated to the default version $default"
else notok "updated to the default version" "installed $version, default $default"; fi

# 7. No row lost or changed.
rows | LC_ALL=C sort >"$tmp/after"
lost=$(LC_ALL=C comm -23 "$tmp/before" "$tmp/after")
if [ -z "$lost" ]; then ok "every row of 0.1.0 kept ($(wc -l <"$tmp/before") rows)"
else notok "every row of 0.1.0 kept" "lost or changed: $lost"; fi

# 8. Object for object the same as a fresh install.
dropdb --if-exists "$db_new" >/dev/null 2>&1
createdb "$db_new"
q -d "$db_new" -c "CREATE EXTENSION postgis; CREATE EXTENSION ecocomp" >/dev/null 2>&1
if q -d "$db_old" -f "$repo/test/shell/upgrade/describe.sql" >"$tmp/upgraded.txt" 2>&1 &&
   q -d "$db_new" -f "$repo/test/shell/upgrade/describe.sql" >"$tmp/fresh.txt" 2>&1 &&
   diff -u "$tmp/fresh.txt" "$tmp/upgraded.txt" >"$tmp/diff.txt"; then
    ok "the updated extension equals a fresh install ($(grep -c '^member ' "$tmp/fresh.txt") objects)"
else
    notok "the updated extension equals a fresh install (- fresh, + updated)" "$(cat "$tmp/diff.txt" "$tmp/upgraded.txt" "$tmp/fresh.txt" 2>/dev/null | head -n 80)"
fi

# 9. The updated database still settles.
if q -d "$db_old" -c "BEGIN; SELECT ecocomp.settle('[2024-01-01,2025-01-01)'); ROLLBACK" >"$tmp/after.log" 2>&1; then
    ok "the updated database settles"
else
    notok "the updated database settles" "$(tail -n 20 "$tmp/after.log")"
fi
