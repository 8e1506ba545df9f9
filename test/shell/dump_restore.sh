#!/bin/sh
# pg_dump of a database with ecocomp data restores in one step into a fresh
# database with identical rows in every ecocomp table: custom format through
# pg_restore, and plain format through psql.  The data includes agreements of
# several methods whose checks read other tables (sections, parameters,
# jurisdictions), which pg_dump copies after the agreements.  Prints TAP.
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER set).
set -u
. "$(dirname "$0")/lib/tap.sh"
src=ecocomp_dump_src
dst=ecocomp_dump_dst
plain=ecocomp_dump_plain
dump=$(mktemp)
log=$(mktemp)
trap 'rm -f "$dump" "$log"' EXIT
for d in "$src" "$dst" "$plain"; do dropdb --if-exists "$d" >/dev/null 2>&1; done
createdb "$src" && createdb "$dst" && createdb "$plain" || { echo "1..1"; echo "not ok 1 - create databases"; exit 1; }

psql -X -q -v ON_ERROR_STOP=1 -d "$src" >/dev/null <<'SQL' || { echo "1..1"; echo "not ok 1 - load data"; exit 1; }
CREATE EXTENSION ecocomp CASCADE;
\set codes '{340000,330000}'
\i test/shell/lib/provinces.sql
INSERT INTO ecocomp.reach (reach_id, next_down, name, local_area_km2, geom) VALUES
    (1, NULL, 'Xin''an', 10.5, 'SRID=4326;LINESTRING(118.5 29.9, 118.9 29.6)'),
    (2, 1, 'Xin''an', 20.25, 'SRID=4326;LINESTRING(118.2 29.8, 118.5 29.9)');
INSERT INTO ecocomp.section (code, name, name_zh, geom, reach_id, waterbody, target_class, upstream_code, downstream_code)
VALUES ('jiekou', 'Jiekou', '街口', 'SRID=4326;POINT(118.55 29.87)', 1, 'river', 'II', '340000', '330000'),
       ('ctrl', 'Control', NULL, 'SRID=4326;POINT(118.3 29.85)', 2, 'river', 'III', NULL, NULL),
       ('qiandao', 'Qiandao', '千岛湖', 'SRID=4326;POINT(118.9 29.6)', 1, 'river', 'II', NULL, NULL);
INSERT INTO ecocomp.parameter (code, name_en, name_zh, unit, kind) VALUES ('transparency', 'transparency', '透明度', 'm', 'none');
-- Agreements whose checks read sections (section_codes, the control section of
-- relative_change, the pool's sections and their target class), a parameter
-- added by the user (index_ratio's indicators) and jurisdictions: pg_dump
-- copies agreement before parameter and section.
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, parties, section_codes, params, valid) VALUES
    ('xinan-ir', 'Xin''an index', 'index_ratio', '340000', '330000', NULL, '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "transparency"], "weights": [0.4, 0.4, 0.2], "k0": 1,
       "baseline": {"CODMn": 4.0, "NH3-N": 0.5, "transparency": 1.5}, "amount": 1000}', '[2024-01-01,2025-01-01)'),
    ('xinan-rc', 'Xin''an relative', 'relative_change', '340000', '330000', NULL, '{jiekou}',
     '{"indicators": ["COD", "NH3-N"], "compare_to": "control_section", "control_section": "ctrl",
       "bands": [{"max": -0.125, "amount": 1000000}, {"min": -0.125, "max": 0, "amount": 500000}]}', '[2024-01-01,2025-01-01)'),
    ('xinan-pool', 'Xin''an pool', 'pool', NULL, NULL, '{340000,330000}', NULL,
     '{"total": 2000, "contributions": [1, 1], "allocations": [1, 1], "indicators": ["CODMn", "NH3-N", "TP"],
       "sections": [{"code": "jiekou", "responsible": "330000", "target_class": "II", "deduction_to": {"340000": 1}},
                    {"code": "qiandao", "responsible": "340000", "deduction_to": {"330000": 1}}]}', '[2024-01-01,2025-01-01)');
INSERT INTO ecocomp.unit_conversion (unit, canonical, factor) VALUES ('cm', 'm', 0.01);
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, censored boolean, unit text);
INSERT INTO staging VALUES
    ('jiekou', 'TP', '2024-03-01T08:00+08', '0.031', false, NULL),
    ('jiekou', 'NH3-N', '2024-03-01T08:00+08', '<0.025', NULL, NULL),
    ('jiekou', 'transparency', '2024-03-01T08:00+08', '150', NULL, 'cm'),
    ('jiekou', 'TP', '2024-03-02T08:00+08', '-1', NULL, NULL);
SELECT * FROM ecocomp.import_observations('staging');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT s, p, '2024-06-01 10:00+08', v
FROM (VALUES ('jiekou'), ('ctrl'), ('qiandao')) a (s),
     (VALUES ('CODMn', 3.0), ('COD', 15), ('NH3-N', 0.3), ('TP', 0.05)) b (p, v);
-- obligations and issues of the agreements, booked below with the incident's
SELECT ecocomp.settle('[2024-01-01,2025-01-01)');
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

# Both restores in one step, with the default options: no errors, no warnings
# about rows refused.
pg_dump -Fc -d "$src" -f "$dump" 2>/dev/null
check "pg_dump -Fc" "$?" "0"
pg_restore -d "$dst" "$dump" >"$log" 2>&1
check "pg_restore of the custom dump succeeds in one step" "$?:$(cat "$log")" "0:"
pg_dump -d "$src" 2>/dev/null | psql -X -q -v ON_ERROR_STOP=1 -d "$plain" >/dev/null 2>"$log"
check "psql of the plain dump succeeds in one step" "$?:$(cat "$log")" "0:"

tables=$(psql -X -At -d "$src" -c "SELECT c.oid::regclass FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e' WHERE c.relkind = 'r' AND c.relnamespace = 'ecocomp'::regnamespace ORDER BY 1")
for t in $tables; do
    q="SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM $t AS x"
    a=$(psql -X -At -d "$src" -c "$q")
    for d in "$dst" "$plain"; do
        b=$(psql -X -At -d "$d" -c "$q")
        check "$t restored identically into $d (${a%%:*} rows)" "$b" "$a"
    done
done
# The source has what the restore is meant to carry.
check "source has agreements of three methods, their obligations and ledger entries" \
    "$(psql -X -At -d "$src" -c "SELECT (SELECT count(DISTINCT method) FROM ecocomp.agreement) || '/' ||
        (SELECT count(*) > 0 FROM ecocomp.obligation WHERE agreement_id IS NOT NULL) || '/' ||
        (SELECT count(*) > 0 FROM ecocomp.ledger l JOIN ecocomp.obligation o USING (obligation_id) WHERE o.agreement_id IS NOT NULL)")" "3/true/true"
for d in "$dst" "$plain"; do
    # Built-in catalogue rows come from the extension, user rows from the dump.
    want=$(psql -X -At -d "$src" -c "SELECT count(*) FILTER (WHERE builtin) || '/1' FROM ecocomp.parameter")
    c=$(psql -X -At -d "$d" -c "SELECT count(*) FILTER (WHERE builtin) || '/' || count(*) FILTER (WHERE NOT builtin) FROM ecocomp.parameter")
    check "$d parameter: built-in/user rows, none doubled" "$c" "$want"
    c=$(psql -X -At -d "$d" -c "SELECT count(*) FROM ecocomp.observation WHERE parameter = 'transparency' AND value = 1.5")
    check "$d user unit conversion kept (150 cm = 1.5 m)" "$c" "1"
    c=$(psql -X -q -At -d "$d" -c "INSERT INTO ecocomp.observation_reject (staging, raw, reason) VALUES ('x', '{}', 'y') RETURNING reject_id > (SELECT min(reject_id) FROM ecocomp.observation_reject)")
    check "$d reject_id sequence continues after restore" "$c" "t"
    # The check still refuses a wrong agreement in the restored database.
    c=$(psql -X -q -At -d "$d" -v ON_ERROR_STOP=1 -c "INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid) SELECT 'bad', name, method, upstream_code, downstream_code, '{nowhere}', params, valid FROM ecocomp.agreement WHERE agreement_id = 'xinan-ir'" 2>&1 | grep -v '^CONTEXT')
    check "$d still refuses an agreement on an unknown section" "$c" 'ERROR:  agreement section_codes names an unknown section
DETAIL:  Agreement "bad" lists section "nowhere", which is not in ecocomp.section.'
    # Every restored agreement passes the full check again (an update re-runs it).
    c=$(psql -X -q -At -d "$d" -c "UPDATE ecocomp.agreement SET name = name RETURNING 1" 2>&1 | wc -l)
    check "$d restored agreements pass the full check" "$c" "3"
done
tap_plan "$n"
for d in "$src" "$dst" "$plain"; do dropdb "$d"; done
