#!/bin/sh
# pg_dump of a database with ecocomp data restores into a fresh database with
# identical rows in every ecocomp table.  Prints TAP.  Runs inside
# pg_virtualenv (PGHOST, PGPORT, PGUSER set).
set -u
src=ecocomp_dump_src
dst=ecocomp_dump_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
dropdb --if-exists "$src" >/dev/null 2>&1
dropdb --if-exists "$dst" >/dev/null 2>&1
createdb "$src" && createdb "$dst" || { echo "1..1"; echo "not ok 1 - create databases"; exit 1; }

psql -X -q -v ON_ERROR_STOP=1 -d "$src" >/dev/null <<'SQL' || { echo "1..1"; echo "not ok 1 - load data"; exit 1; }
CREATE EXTENSION ecocomp CASCADE;
\set codes '{340000,330000}'
\i test/shell/lib/provinces.sql
INSERT INTO ecocomp.reach (reach_id, next_down, name, local_area_km2, geom) VALUES
    (1, NULL, 'Xin''an', 10.5, 'SRID=4326;LINESTRING(118.5 29.9, 118.9 29.6)'),
    (2, 1, 'Xin''an', 20.25, 'SRID=4326;LINESTRING(118.2 29.8, 118.5 29.9)');
INSERT INTO ecocomp.section (code, name, name_zh, geom, reach_id, waterbody, target_class, upstream_code, downstream_code)
VALUES ('jiekou', 'Jiekou', '街口', 'SRID=4326;POINT(118.55 29.87)', 1, 'river', 'II', '340000', '330000');
INSERT INTO ecocomp.parameter (code, name_en, name_zh, unit, kind) VALUES ('transparency', 'transparency', '透明度', 'm', 'none');
INSERT INTO ecocomp.unit_conversion (unit, canonical, factor) VALUES ('cm', 'm', 0.01);
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, censored boolean, unit text);
INSERT INTO staging VALUES
    ('jiekou', 'TP', '2024-03-01T08:00+08', '0.031', false, NULL),
    ('jiekou', 'NH3-N', '2024-03-01T08:00+08', '<0.025', NULL, NULL),
    ('jiekou', 'transparency', '2024-03-01T08:00+08', '150', NULL, 'cm'),
    ('jiekou', 'TP', '2024-03-02T08:00+08', '-1', NULL, NULL);
SELECT * FROM ecocomp.import_observations('staging');
-- the ledger (append-only, checked on insert) restores through its triggers;
-- an incident with a claim, a manifest, a quota and a protected area too
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('dump', 'Spill', '330000', '340000', '2024-05-01 08:00+08');
INSERT INTO ecocomp.incident_claim (incident_id, kind, amount, claimed_at) VALUES ('dump', 'damage', 12.34, '2024-06-01 08:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
VALUES ('dump', '[2024-01-01,2025-01-01)', '330000', '340000', 100.00, '{}');
INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code, shipped_at)
VALUES ('M1', '900-041-49', 1.5, '340000', '330000', '2024-03-01 08:00+08');
INSERT INTO ecocomp.transfer_quota VALUES (2024, '340000', '330000', 'HW49', 10);
INSERT INTO ecocomp.protected_area (area_id, name, kind, geom)
VALUES ('w', 'Wetland', 'wetland', 'SRID=4326;MULTIPOLYGON(((118.5 29.5,118.6 29.5,118.6 29.6,118.5 29.6,118.5 29.5)))');
SELECT ecocomp.book('[2024-01-01,2025-01-01)');
SELECT ecocomp.reverse_entry(min(entry_id), 'restore test') FROM ecocomp.ledger;
SELECT ecocomp.record_payment('330000', '340000', 5, '2025-01-02', 'R-1');
SELECT ecocomp.close_period('[2024-01-01,2025-01-01)');
INSERT INTO ecocomp.jurisdiction_member (role_name, code) VALUES ('zhejiang_finance', '330000');
SQL

pg_dump -Fc -d "$src" -f "$dump" 2>&1 || { echo "1..1"; echo "not ok 1 - pg_dump"; exit 1; }
pg_restore -d "$dst" "$dump" 2>&1 || { echo "1..1"; echo "not ok 1 - pg_restore"; exit 1; }

tables=$(psql -X -At -d "$src" -c "SELECT c.oid::regclass FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e' WHERE c.relkind = 'r' AND c.relnamespace = 'ecocomp'::regnamespace ORDER BY 1")
n=0
out=""
for t in $tables; do
    q="SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM $t AS x"
    a=$(psql -X -At -d "$src" -c "$q")
    b=$(psql -X -At -d "$dst" -c "$q")
    n=$((n + 1))
    if [ -n "$a" ] && [ "$a" = "$b" ]; then
        out="$out
ok $n - $t restored identically (${a%%:*} rows)"
    else
        out="$out
not ok $n - $t differs after restore: $a vs $b"
    fi
done
# Built-in catalogue rows come from the extension, user rows from the dump.
n=$((n + 1))
want=$(psql -X -At -d "$src" -c "SELECT count(*) FILTER (WHERE builtin) || '/1' FROM ecocomp.parameter")
c=$(psql -X -At -d "$dst" -c "SELECT count(*) FILTER (WHERE builtin) || '/' || count(*) FILTER (WHERE NOT builtin) FROM ecocomp.parameter")
if [ "$c" = "$want" ]; then out="$out
ok $n - parameter: $want built-in/user rows, none doubled"; else out="$out
not ok $n - parameter counts after restore: $c"; fi
n=$((n + 1))
c=$(psql -X -At -d "$dst" -c "SELECT count(*) FROM ecocomp.observation WHERE parameter = 'transparency' AND value = 1.5")
if [ "$c" = "1" ]; then out="$out
ok $n - user unit conversion kept (150 cm = 1.5 m)"; else out="$out
not ok $n - user unit row: $c"; fi
n=$((n + 1))
c=$(psql -X -q -At -d "$dst" -c "INSERT INTO ecocomp.observation_reject (staging, raw, reason) VALUES ('x', '{}', 'y') RETURNING reject_id > (SELECT min(reject_id) FROM ecocomp.observation_reject)")
if [ "$c" = "t" ]; then out="$out
ok $n - reject_id sequence continues after restore"; else out="$out
not ok $n - reject_id sequence restarted"; fi
echo "1..$n$out"
dropdb "$src"; dropdb "$dst"
