#!/bin/sh
# The public SQL contract of docs/reference.md, checked from the catalogue of
# a fresh install: every table with the columns (and types, where the
# contract gives them) and key it names, every function and aggregate with
# its arguments' names, types, order and defaults and its result, the
# wq_class labels in order, the parameter codes, the units the importers
# convert, the agreement methods and the params keys each accepts, row-level
# security, and the SQLSTATE the contract names.  The expected lists are
# written out here from the contract, never read back from the catalogue.
# A function may take further arguments after the contract's, if they have
# defaults: a call written as the contract writes it still resolves.
# Prints TAP.
set -u
db=ecocomp_contract
. "$(dirname "$0")/lib/tap.sh"
finish() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    tap_plan "$n"
}
trap finish EXIT
q() { psql -X -q -At -d "$db" -c "$1" 2>&1; }

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" >/dev/null 2>&1
check "create extension" "$(q 'CREATE EXTENSION ecocomp CASCADE' | grep -v '^NOTICE')" ""

check "the extension: schema ecocomp, not relocatable, requires postgis" \
    "$(q "SELECT e.extnamespace::regnamespace || ' ' || e.extrelocatable || ' ' || v.requires::text FROM pg_extension e
          JOIN pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion WHERE e.extname = 'ecocomp'")" \
    "ecocomp false {postgis}"

# Helpers in a schema of the scratch database (dropped with it).
psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || check "helpers" "failed" ""
CREATE SCHEMA contract;
-- spec: 'col type|col|...'; each item comes back as written when the
-- column exists with that type (or exists, when no type is given)
CREATE FUNCTION contract.cols(tab text, spec text) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(CASE WHEN a.attname IS NULL THEN split_part(s, ' ', 1) || ' MISSING'
                           WHEN position(' ' IN s) = 0 THEN a.attname
                           ELSE a.attname || ' ' || format_type(a.atttypid, a.atttypmod) END, '|' ORDER BY i)
    FROM unnest(string_to_array(spec, '|')) WITH ORDINALITY u(s, i)
    LEFT JOIN pg_attribute a ON a.attrelid = to_regclass('ecocomp.' || tab)
         AND a.attname = split_part(s, ' ', 1) AND a.attnum > 0 AND NOT a.attisdropped
$$;
CREATE FUNCTION contract.pk(tab text) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(a.attname, ',' ORDER BY k.i)
    FROM pg_constraint c, unnest(c.conkey) WITH ORDINALITY k(attnum, i), pg_attribute a
    WHERE c.conrelid = to_regclass('ecocomp.' || tab) AND c.contype = 'p'
      AND a.attrelid = c.conrelid AND a.attnum = k.attnum
$$;
-- The overload of ecocomp.<name> whose arguments start with args (further
-- ones only with defaults), shown as 'args -> result'; result 'TABLE:a, b t'
-- compares the TABLE columns' names, and types where given; '*' any result.
CREATE FUNCTION contract.sig(name text, args text, res text) RETURNS text LANGUAGE sql AS $$
    WITH f AS (
        SELECT p.*, pg_get_function_arguments(p.oid) AS a
        FROM pg_proc p WHERE p.pronamespace = 'ecocomp'::regnamespace AND p.proname = name),
    hit AS (
        SELECT * FROM f
        WHERE (a = args OR left(a, length(args) + 2) = args || ', ' OR args = '')
          AND pronargs - pronargdefaults <= coalesce(array_length(string_to_array(args, ', '), 1), 0)
        ORDER BY pronargs LIMIT 1)
    SELECT coalesce(
        (SELECT args || ' -> ' || CASE WHEN res = '*' THEN res WHEN res LIKE 'TABLE:%' THEN
                'TABLE:' || (SELECT string_agg(CASE WHEN position(' ' IN coalesce(e.s, '')) = 0 THEN o.n
                                                    ELSE o.n || ' ' || format_type(o.t, NULL) END, ', ' ORDER BY o.i)
                             FROM unnest(hit.proargnames, hit.proargmodes, hit.proallargtypes) WITH ORDINALITY o(n, m, t, i)
                             LEFT JOIN unnest(string_to_array(substr(res, 7), ', ')) WITH ORDINALITY e(s, j)
                                  ON e.j = (SELECT count(*) FROM unnest(hit.proargmodes) WITH ORDINALITY x(m, k)
                                            WHERE x.m = 't' AND x.k <= o.i)
                             WHERE o.m = 't')
                ELSE pg_get_function_result(hit.oid) END
         FROM hit),
        'MISSING: ' || coalesce((SELECT string_agg(a, ' / ') FROM f), 'no function ' || name))
$$;
-- The params keys a method accepts, as its validation error lists them
-- when given an unknown key (sorted, comma-separated).
CREATE FUNCTION contract.keys(m text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, parties,
                                   section_codes, params, valid)
    SELECT 'k_' || m, m, m,
           CASE WHEN r.parties = 'upstream_downstream' THEN 'ku' END,
           CASE WHEN r.parties = 'upstream_downstream' THEN 'kd' END,
           CASE WHEN r.parties = 'parties' THEN ARRAY['ka', 'kb'] END,
           ARRAY['ks'], '{"no_such_key": 1}', '[2024-01-01,2025-01-01)'
    FROM ecocomp.method r WHERE r.method = m;
    RETURN 'accepted';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN coalesce((SELECT string_agg(k, ',' ORDER BY k COLLATE "C")
                     FROM unnest(string_to_array(substring(d FROM 'keys of an? \S+ agreement are (.*)\.$'), ', ')) k),
                    d);
END $$;
-- the SQLSTATE a statement fails with, or ok
CREATE FUNCTION contract.sqlstate(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE;
END $$;
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('ku', 'U'), ('kd', 'D'), ('ka', 'A'), ('kb', 'B');
INSERT INTO ecocomp.section (code, target_class) VALUES ('ks', 'III');
SQL

# ---- tables: columns (types where the contract gives them) and keys ----
cols() { check "table $1: columns" "$(q "SELECT contract.cols('$1', '$2')")" "$2"; }
pk() { check "table $1: key ($2)" "$(q "SELECT contract.pk('$1')")" "$2"; }
cols jurisdiction 'code text|name text|name_zh text|level text|parent_code text|geom geometry(MultiPolygon,4326)'
pk jurisdiction code
cols reach 'reach_id bigint|next_down bigint|next_down_minor bigint|name text|local_area_km2 double precision|length_km double precision|geom geometry(LineString,4326)|hydroseq|terminal_id|level_path_id|strahler|shreve|up_area_km2|arbolate_km|path_km|nav_lo|nav_hi|pfaf'
pk reach reach_id
# refresh_network() writes the labels into reach itself.  Reaches 1 (1 km,
# 10 km²) and 4 (0.5 km, 5 km²) join at 2 (2 km, 20 km²), which drains to
# the outlet 3 (3 km, 30 km²).  Outlet 3: Strahler 2 (two order-1 streams
# meet at 2), Shreve 1 + 1 = 2, upstream area 10 + 5 + 20 + 30 = 65 km²,
# arbolate sum 1 + 0.5 + 2 + 3 = 6.5 km, path 0 km; reach 1: path to the
# outlet from its lower end 2 + 3 = 5 km, terminal 3.
check "refresh_network() writes the labels into reach" \
    "$(psql -X -q -At -d "$db" 2>&1 <<'SQL'
INSERT INTO ecocomp.reach (reach_id, next_down, length_km, local_area_km2) VALUES (1, 2, 1, 10), (2, 3, 2, 20), (3, NULL, 3, 30), (4, 2, 0.5, 5);
SELECT ecocomp.refresh_network();
SELECT concat_ws(' ', reach_id, terminal_id, strahler, shreve, up_area_km2, arbolate_km, path_km, hydroseq IS NOT NULL,
                 nav_lo IS NOT NULL AND nav_hi IS NOT NULL, pfaf IS NOT NULL, level_path_id IS NOT NULL)
FROM ecocomp.reach WHERE reach_id IN (1, 3) ORDER BY reach_id;
DELETE FROM ecocomp.reach;
SQL
)" "4
1 3 1 1 10 1 5 t t t t
3 3 2 2 65 6.5 0 t t t t"
cols reach_minor_link 'reach_id|down_id'
pk reach_minor_link reach_id,down_id
cols section 'code text|name|name_zh|geom geometry(Point,4326)|reach_id|waterbody|target_class ecocomp.wq_class|upstream_code|downstream_code'
pk section code
cols observation 'section_code|parameter|observed_at timestamp with time zone|value double precision|censored boolean|unit text|source text'
pk observation section_code,parameter,observed_at
check "observation.censored defaults to false" \
    "$(q "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'ecocomp.observation'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = adrelid AND attname = 'censored')")" "false"
cols agreement 'agreement_id text|name|method text|upstream_code|downstream_code|parties text[]|section_codes text[]|params jsonb|valid daterange|time_zone text|currency text'
pk agreement agreement_id
check "agreement.time_zone defaults to Asia/Shanghai" \
    "$(q "INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid) VALUES ('tz', 'tz', 'class_target', 'ku', 'kd', '{ks}', '{\"amounts_by_class\": {\"I\": 1}}', '[2024-01-01,2025-01-01)') RETURNING time_zone")" "Asia/Shanghai"
cols parameter 'code text|name_en|name_zh|unit|gb3838_item integer|kind'
pk parameter code
cols crossing 'crossing_id|reach_id|level|from_code|to_code|position double precision|geom geometry(Point,4326)'
pk crossing crossing_id
cols boundary_stretch 'stretch_id|reach_id|level|left_code|right_code|from_position|to_position|geom geometry(LineString,4326)'
pk boundary_stretch stretch_id
cols observation_reject 'reject_id|reason text|rejected_at'
pk observation_reject reject_id
cols obligation 'obligation_id|agreement_id|incident_id|period daterange|payer_code|payee_code|amount numeric(20,2)|basis jsonb|computed_at|superseded_at'
pk obligation obligation_id
cols ledger 'entry_id|obligation_id|period|payer_code|payee_code|amount|entry_kind|reverses_entry_id|reason|reference|booked_at|booked_by'
pk ledger entry_id
cols period_close 'close_id|period|closed_at|closed_by|reopened_at|reopened_by|reason'
pk period_close close_id
cols jurisdiction_member 'role_name name|code text'
pk jurisdiction_member role_name,code
cols settlement_issue 'agreement_id'
cols jurisdiction_flow 'level|from_code|to_code|rivers text[]|crossings integer|geom geometry(MultiPoint,4326)'
cols air_station 'code text|name|name_zh|geom geometry(Point,4326)|jurisdiction_code|network text'
pk air_station code
cols air_observation 'station_code|parameter|observed_at|value double precision'
pk air_observation station_code,parameter,observed_at
cols waste_transfer 'manifest_no text|waste_code text|hw_category|tonnes numeric(14,3)|origin_code|destination_code|origin_geom|destination_geom|shipped_at|received_at|disposal text'
pk waste_transfer manifest_no
cols transfer_quota 'year integer|origin_code|destination_code|hw_category text|tonnes numeric(14,3)'
pk transfer_quota year,origin_code,destination_code,hw_category
cols protected_area 'area_id text|name|name_zh|kind text|geom geometry(MultiPolygon,4326)|valid daterange'
pk protected_area area_id
cols incident 'incident_id text|name|responsible_code|affected_code|started_at|ended_at|parameter|section_code|description'
pk incident incident_id
cols incident_claim 'claim_id bigint|incident_id|kind|amount numeric(20,2)|basis jsonb|claimed_at'
pk incident_claim claim_id

# Value lists the contract gives, as the check constraints enforce them:
# each value is accepted, and a value outside the list is not.
vals() {  # table column 'v1,v2' (accepted) bad-value
    check "$1.$2 takes $3 and refuses $4" "$(q "SELECT string_agg(v || '=' || (SELECT (count(*) > 0)::int FROM pg_constraint c
        WHERE c.conrelid = 'ecocomp.$1'::regclass AND c.contype = 'c'
          AND pg_get_constraintdef(c.oid) LIKE '%$2%' AND pg_get_constraintdef(c.oid) LIKE '%''' || v || '''%'), ',')
        FROM unnest(string_to_array('$3,$4', ',')) v")" "$(echo "$3" | sed 's/\([^,]*\)/\1=1/g'),$4=0"
}
vals jurisdiction level province,prefecture,county,other region
vals section waterbody river,lake reservoir
vals ledger entry_kind charge,reversal,payment refund
vals incident_claim kind prepayment,damage,cost fine
vals protected_area kind wetland,nature_reserve,water_source,forest,other park
vals air_station network national,provincial,county city
vals parameter kind upper,lower,range,none limit

# ---- types ----
check "wq_class labels, best to worst" \
    "$(q "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'ecocomp.wq_class'::regtype")" \
    "I,II,III,IV,V,inferior_V"
check "max(class) is the worst class" "$(q "SELECT max(c) FROM unnest('{II,inferior_V,I}'::ecocomp.wq_class[]) c")" "inferior_V"

# ---- functions: arguments in order with names, types, defaults; result ----
sig() { check "function $1($2)" "$(q "SELECT contract.sig('$1', \$a\$$2\$a\$, \$a\$$3\$a\$)")" "$2 -> $3"; }
sig gb3838_class "parameter text, value double precision, waterbody text DEFAULT 'river'::text" "ecocomp.wq_class"
sig gb3838_limit "parameter text, class ecocomp.wq_class, waterbody text DEFAULT 'river'::text" "double precision"
sig cwqi "parameter text, value double precision, waterbody text DEFAULT 'river'::text" "double precision"
sig class_label "class ecocomp.wq_class, lang text DEFAULT 'zh'::text" "text"
sig refresh_network "" "bigint"
sig navigate "start bigint, mode text, max_km double precision DEFAULT NULL::double precision" "SETOF bigint"
sig upstream_reaches "start bigint, max_km double precision DEFAULT NULL::double precision" "SETOF bigint"
sig upstream_mainstem "start bigint, max_km double precision DEFAULT NULL::double precision" "SETOF bigint"
sig downstream_reaches "start bigint, max_km double precision DEFAULT NULL::double precision" "SETOF bigint"
sig is_upstream "a bigint, b bigint" "boolean"
sig pfaf_is_upstream "a text, b text" "boolean"
sig build_network "lines regclass, outlet geometry, tolerance_m double precision" "*"
sig refresh_crossings "level text DEFAULT NULL::text, tolerance_m double precision DEFAULT 1000" "bigint"
sig upstream_jurisdictions "code text" "TABLE(code text, hops integer)"
sig downstream_jurisdictions "code text" "TABLE(code text, hops integer)"
sig snap_sections "tolerance_m double precision" "TABLE:section_code, reach_id, upstream_code, downstream_code, status"
sig propose_sections "level text, offset_m double precision DEFAULT 500" "TABLE:reach_id, from_code, to_code, geom"
sig import_observations "staging regclass" "TABLE(accepted bigint, rejected bigint)"
sig p_index "means double precision[], baselines double precision[], weights double precision[], k0 double precision" "double precision"
sig allocate "total numeric, weights double precision[]" "numeric[]"
sig settle "period daterange, agreement_ids text[] DEFAULT NULL::text[]" "bigint"
sig explain_obligation "obligation_id bigint" "text"
sig book "period daterange" "bigint"
sig record_payment "payer_code text, payee_code text, amount numeric, paid_on date, reference text" "bigint"
sig reverse_entry "entry_id bigint, reason text" "bigint"
sig net_positions "period daterange" "TABLE:code, receivable, payable, net"
sig net_transfers "period daterange" "TABLE:payer_code, payee_code, amount"
sig settlement_report "period daterange" "TABLE:agreement_id, incident_id, payer_code, payee_code, charged, reversed, net, paid, outstanding"
sig close_period "period daterange" "bigint"
sig reopen_period "period daterange, reason text" "bigint"
sig settlement_map_svg "period daterange" "text"
sig settlement_geojson "period daterange" "jsonb"
sig statement "code text, period daterange" "TABLE:entry_id, booked_at, entry_kind, counterparty_code, receivable, payable, balance"
sig distribute "shard_count integer DEFAULT 32" "*"
sig import_air_observations "staging regclass" "TABLE(accepted bigint, rejected bigint)"
sig iaqi "parameter text, value double precision, averaging text" "double precision"
sig aqi_category "aqi integer, lang text DEFAULT 'zh'::text" "text"
sig air_daily "period daterange, tz text DEFAULT 'Asia/Shanghai'::text" "TABLE:station_code, jurisdiction_code, day date, parameter, value double precision, n_values integer, iaqi double precision"
sig air_daily_aqi "period daterange, tz text DEFAULT 'Asia/Shanghai'::text" "TABLE:station_code, jurisdiction_code, day date, aqi double precision, category text, primary_pollutant text"
sig air_assessment "period daterange, unit text DEFAULT 'month'::text, tz text DEFAULT 'Asia/Shanghai'::text" "TABLE:code, unit_period daterange, parameter, value double precision, valid_days integer"
sig air_day_counts "period daterange, unit text DEFAULT 'month'::text, tz text DEFAULT 'Asia/Shanghai'::text" "TABLE:code, unit_period daterange, valid_days integer, good_days integer, good_day_ratio double precision, heavy_days integer"
sig import_waste_transfers "staging regclass" "TABLE(accepted bigint, rejected bigint)"
sig transfer_matrix "period daterange, level text DEFAULT 'province'::text" "TABLE:origin_code, destination_code, hw_category, tonnes, manifests"
sig quota_exceedances "period daterange" "TABLE:origin_code, destination_code, hw_category, quota, shipped, excess"
sig protected_area_share "level text DEFAULT 'prefecture'::text" "TABLE:code, kind, area_km2"
sig imputed_abatement_cost "quantity double precision, unit_cost numeric, multiplier double precision" "numeric"
sig detect_incidents "parameter text, limit_value double precision, min_hours integer, period daterange" "TABLE:section_code, started_at, ended_at, peak, exceedance_load_kg"
sig settle_incident "incident_id text" "bigint"

# Aggregates: an aggregate cannot have defaults, so section_class and
# cwqi_sum come with and without waterbody (the default 'river').
sig section_class "parameter text, value double precision, waterbody text" "ecocomp.wq_class"
sig section_class "parameter text, value double precision" "ecocomp.wq_class"
sig cwqi_sum "parameter text, value double precision, waterbody text" "double precision"
sig cwqi_sum "parameter text, value double precision" "double precision"
sig load_kg "observed_at timestamp with time zone, conc_mg_l double precision, flow_m3s double precision" "double precision"
sig exceedance_load_kg "observed_at timestamp with time zone, conc_mg_l double precision, flow_m3s double precision, limit_mg_l double precision" "double precision"
sig flow_weighted_mean "conc double precision, flow double precision" "double precision"
check "the aggregates combine, through a state that is not internal" \
    "$(q "SELECT string_agg(DISTINCT p.proname || ':' || (a.aggcombinefn <> 0 AND a.aggtranstype <> 'internal'::regtype AND p.proparallel = 's'), ',')
          FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
          WHERE p.proname IN ('section_class', 'cwqi_sum', 'load_kg', 'exceedance_load_kg', 'flow_weighted_mean')
            AND p.pronamespace = 'ecocomp'::regnamespace")" \
    "cwqi_sum:true,exceedance_load_kg:true,flow_weighted_mean:true,load_kg:true,section_class:true"

# Calls written exactly as the contract writes them, positional and named.
check "gb3838_limit('TP', 'III', 'lake') = 0.05 (GB 3838-2002 Table 1, lakes)" \
    "$(q "SELECT ecocomp.gb3838_limit('TP', 'III', 'lake')")" "0.05"
check "gb3838_class(parameter => 'TP', value => 0.1) = II (0.1 <= 0.1 mg/L, Class II for rivers)" \
    "$(q "SELECT ecocomp.gb3838_class(parameter => 'TP', value => 0.1)")" "II"
check "gb3838_class is NULL for water temperature" "$(q "SELECT ecocomp.gb3838_class('water_temp', 20) IS NULL")" "t"
check "class_label in Chinese and English" "$(q "SELECT ecocomp.class_label('inferior_V') || ' ' || ecocomp.class_label('III', 'en')")" "劣Ⅴ类 Class III"
check "allocate(100, {1,1,1}) sums exactly: 33.34 + 33.33 + 33.33" \
    "$(q "SELECT ecocomp.allocate(total => 100, weights => '{1,1,1}')")" "{33.34,33.33,33.33}"
check "flow_weighted_mean: (1·10 + 3·30)/40 = 2.5" \
    "$(q "SELECT ecocomp.flow_weighted_mean(conc, flow) FROM (VALUES (1.0, 10.0), (3.0, 30.0)) v(conc, flow)")" "2.5"

# ---- the parameter catalogue ----
check "GB 3838-2002 Table 1 codes, item by item" \
    "$(q "SELECT string_agg(code, ',' ORDER BY gb3838_item) FROM ecocomp.parameter WHERE gb3838_table = 1")" \
    "water_temp,pH,DO,CODMn,COD,BOD5,NH3-N,TP,TN,Cu,Zn,F,Se,As,Hg,Cd,Cr6,Pb,CN,phenol,petroleum,LAS,sulfide,fecal_coliform"
check "GB 3838-2002 Table 2 codes" \
    "$(q "SELECT string_agg(code, ',' ORDER BY gb3838_item) FROM ecocomp.parameter WHERE gb3838_table = 2")" \
    "SO4,Cl,NO3-N,Fe,Mn"
check "other water codes" \
    "$(q "SELECT string_agg(code, ',' ORDER BY code COLLATE \"C\") FROM ecocomp.parameter WHERE gb3838_table IS NULL AND medium = 'water'")" \
    "chla,conductivity,flow,turbidity"
check "the 21 evaluated items: Table 1 but water temperature, TN, fecal coliform" \
    "$(q "SELECT count(*) || ' ' || bool_and(evaluated = (code NOT IN ('water_temp', 'TN', 'fecal_coliform'))) FROM ecocomp.parameter WHERE gb3838_table = 1")" \
    "24 true"
check "air codes (medium air)" \
    "$(q "SELECT string_agg(code, ',' ORDER BY code COLLATE \"C\") FROM ecocomp.parameter WHERE medium = 'air'")" \
    "CO,NO2,O3,PM10,PM2.5,SO2"
check "GB 3095-2012 limits by averaging time" \
    "$(q "SELECT string_agg(DISTINCT averaging, ',') FROM ecocomp.gb3095_limit")" "1h,24h,8h,annual"
check "canonical units: mg/L, count/L for fecal coliform, °C for water temperature" \
    "$(q "SELECT string_agg(DISTINCT unit, ',') FROM ecocomp.parameter WHERE gb3838_table = 1 AND code NOT IN ('water_temp', 'pH')") $(q "SELECT unit FROM ecocomp.parameter WHERE code = 'water_temp'")" \
    "count/L,mg/L °C"
check "air canonical units: µg/m³, CO in mg/m³" \
    "$(q "SELECT string_agg(code || ' ' || unit, ',' ORDER BY code COLLATE \"C\") FROM ecocomp.parameter WHERE medium = 'air'")" \
    "CO mg/m³,NO2 µg/m³,O3 µg/m³,PM10 µg/m³,PM2.5 µg/m³,SO2 µg/m³"
# Conversions the contract names: µg/L, g/m³, L/s on import; the air
# importer's µg/m³, ug/m3, μg/m3, mg/m³, mg/m3 (mg × 1000, CO: µg ÷ 1000).
conv() {
    check "unit $1 converts to the canonical unit of $2 by $3" \
        "$(q "SELECT factor::float8 FROM ecocomp.unit_conversion WHERE unit = '$1' AND canonical = (SELECT unit FROM ecocomp.parameter WHERE code = '$2')")" "$3"
}
conv 'µg/L' TP 0.001
conv 'g/m³' COD 1
conv 'L/s' flow 0.001
conv 'm³/s' flow 1
conv 'µg/m³' PM2.5 1
conv 'ug/m3' PM2.5 1
conv 'μg/m3' PM2.5 1
conv 'mg/m³' PM2.5 1000
conv 'mg/m3' SO2 1000
conv 'µg/m³' CO 0.001
conv 'mg/m³' CO 1
check "an unknown unit is rejected with the reason, the rest accepted" \
    "$(psql -X -q -At -d "$db" 2>&1 <<'SQL'
CREATE TEMP TABLE st (section_code text, parameter text, observed_at timestamptz, value float8, unit text);
INSERT INTO st VALUES ('ks', 'TP', '2024-03-01 08:00+08', 31, 'µg/L'), ('ks', 'TP', '2024-03-02 08:00+08', 1, 'furlong');
SELECT accepted || '/' || rejected FROM ecocomp.import_observations('st');
SELECT value::numeric(6,3) || ' ' || coalesce(unit, 'canonical') FROM ecocomp.observation WHERE section_code = 'ks';
SELECT count(*) FROM ecocomp.observation_reject WHERE reason LIKE '%furlong%' AND raw IS NOT NULL;
SQL
)" "1/1
0.031 canonical
1"

# ---- agreement methods and their params keys ----
check "agreement methods" \
    "$(q "SELECT string_agg(method, ',' ORDER BY method COLLATE \"C\") FROM ecocomp.method")" \
    "air_quality,class_target,compliance_rate,factor_allocation,flux_exceedance,index_ratio,linear,pool,protected_area,relative_change,tiered_exceedance,transfer_fee"
keys() {  # method, the keys of the contract's table and docs/methods/<m>.md
    check "method $1: params keys" "$(q "SELECT contract.keys('$1')")" \
        "$(echo "$2" | tr ' ' '\n' | LC_ALL=C sort | paste -sd, -)"
}
keys index_ratio "indicators weights k0 baseline baseline_period threshold inclusive amount amount_if_worse"
keys class_target "period_unit indicators amounts_by_class cap"
keys compliance_rate "target_class threshold annual_class amount_met amount_missed inflow_shares indicators"
keys flux_exceedance "targets rates period_unit two_way payer_shares"
keys tiered_exceedance "targets bands period_unit cap_per_factor cap"
keys linear "targets coefficients period_unit cap"
keys relative_change "indicators compare_to control_section bands per_point cap period_unit"
keys pool "parties total contributions allocations sections indicators period_unit"
keys factor_allocation "payer budget factors period_unit"
keys air_quality "indicators compare_to targets period_unit rate bands coefficients target_coefficients good_day_rate awards cap counterparty"
keys transfer_fee "rates disposal_factors level"
keys protected_area "payers budget recipients kind_weights level rate_per_mu adjust adjust_bound period_unit"

# ---- roles, row-level security, the SQLSTATE the contract names ----
check "row-level security on obligation, ledger, settlement_issue" \
    "$(q "SELECT string_agg(relname || ':' || relrowsecurity, ',' ORDER BY relname) FROM pg_class WHERE oid IN ('ecocomp.obligation'::regclass, 'ecocomp.ledger'::regclass, 'ecocomp.settlement_issue'::regclass)")" \
    "ledger:true,obligation:true,settlement_issue:true"
check "the ready-made roles see every row: ecocomp_admin, ecocomp_finance, ecocomp_analyst" \
    "$(q "SELECT string_agg(r, ',' ORDER BY r) FROM unnest(ARRAY['ecocomp_admin', 'ecocomp_finance', 'ecocomp_analyst']) r
          WHERE (SELECT bool_and(pg_get_expr(polqual, polrelid) LIKE '%' || r || '%') FROM pg_policy
                 WHERE polrelid IN ('ecocomp.obligation'::regclass, 'ecocomp.ledger'::regclass, 'ecocomp.settlement_issue'::regclass))")" \
    "ecocomp_admin,ecocomp_analyst,ecocomp_finance"
check "a jurisdiction code with ledger rows cannot be renamed (23503)" \
    "$(q "SELECT ecocomp.record_payment('kd', 'ku', 10, '2024-06-30', 'bank 1') > 0") $(q "SELECT contract.sqlstate('UPDATE ecocomp.jurisdiction SET code = ''ku2'' WHERE code = ''ku''')")" \
    "t 23503"
