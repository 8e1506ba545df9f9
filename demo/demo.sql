-- ecocomp demo: a year of horizontal ecological compensation in the Yangtze
-- basin, settled from monitoring data.
--
-- Real: province and prefecture boundaries (CTAmap 2023 via cn-atlas), the
-- Natural Earth 1:10m rivers, the rules and parameters of the schemes (see
-- docs/methods).  Illustrative: the monitoring values, generated below so
-- that every amount can be checked by hand (the expected amounts are in the
-- comments).
\pset pager off
\pset footer off
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
CREATE EXTENSION ecocomp CASCADE;

\echo
\echo '== 1. Jurisdictions: 13 provinces and 58 prefectures (real boundaries)'
\set provinces `cat test/data/provinces.geojson`
\set prefectures `cat test/data/prefectures.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'province',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f;
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'prefecture',
       f->'properties'->>'province_code', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'prefectures')::jsonb -> 'features') AS f;
-- The Chishui provinces are parties without boundaries in this data set.
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('530000', 'Yunnan', '云南省', 'province'), ('510000', 'Sichuan', '四川省', 'province');
SELECT level, count(*) FROM ecocomp.jurisdiction GROUP BY level ORDER BY level;

\echo
\echo '== 2. River network built from Natural Earth lines (no topology), outlet at the Yangtze mouth'
\set rivers `cat test/data/rivers.geojson`
CREATE TEMP TABLE ne_rivers AS
SELECT f->'properties'->>'name' AS name,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
SELECT reaches, junctions, snapped_ends, unreachable
FROM ecocomp.build_network('ne_rivers', ST_SetSRID(ST_MakePoint(119.606, 32.197), 4326), 1000);
SELECT ecocomp.refresh_network() AS reaches_labelled;

\echo 'Prefectures whose rivers drain through Wuhan (reaches upstream of the Yangtze at Wuhan):'
WITH wuhan AS (
    SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
    ORDER BY geom <-> ST_SetSRID(ST_MakePoint(114.45, 30.65), 4326) LIMIT 1
)
SELECT j.parent_code AS province, string_agg(DISTINCT j.name_zh, ' ' ORDER BY j.name_zh) AS prefectures
FROM wuhan, ecocomp.upstream_reaches(wuhan.reach_id) AS up(reach_id)
JOIN ecocomp.reach r USING (reach_id)
JOIN ecocomp.jurisdiction j ON j.level = 'prefecture' AND ST_Intersects(j.geom, r.geom)
-- the Wuhan reach itself runs on downstream to the next confluence: leave it out
WHERE up.reach_id <> wuhan.reach_id
GROUP BY j.parent_code ORDER BY j.parent_code;

\echo 'Does the Gan (through Poyang Lake) reach the Yangtze in Anhui?  Does the Han?'
SELECT r.name, bool_or(ecocomp.is_upstream(r.reach_id, anhui.reach_id)) AS reaches_anhui
FROM ecocomp.reach r,
     LATERAL (SELECT a.reach_id FROM ecocomp.reach a JOIN ecocomp.jurisdiction j
              ON j.code = '340000' AND ST_Within(ST_LineInterpolatePoint(a.geom, 0.5), j.geom)
              WHERE a.name = 'Yangtze' LIMIT 1) AS anhui
WHERE r.name IN ('Gan', 'Han') GROUP BY r.name ORDER BY r.name;

\echo
\echo '== 3. Monitoring sections at boundaries'
INSERT INTO ecocomp.section (code, name, name_zh, geom, waterbody, target_class, upstream_code, downstream_code) VALUES
    ('jiekou',      'Jiekou (Xin''an River)',     '街口',   'SRID=4326;POINT(118.58 29.85)', 'river', 'II',  '340000', '330000'),
    ('jinyushi',    'Jinyushi (Lu River)',         '金鱼石', 'SRID=4326;POINT(113.58 27.63)', 'river', 'III', '360300', '430200'),
    ('tongshun',    'Tongshun River exit',         '通顺河', 'SRID=4326;POINT(113.85 30.37)', 'river', 'IV',  '420100', '429004'),
    ('qingshuipu',  'Qingshuipu (Chishui River)',  '清水铺', 'SRID=4326;POINT(105.72 27.83)', 'river', 'II',  '530000', '520000'),
    ('lianyuxi',    'Lianyuxi (Chishui River)',    '鲢鱼溪', 'SRID=4326;POINT(105.84 28.37)', 'river', 'II',  '520000', '510000');
SELECT s.code, s.name_zh, up.name_zh AS upstream, dn.name_zh AS downstream, s.target_class
FROM ecocomp.section s JOIN ecocomp.jurisdiction up ON up.code = s.upstream_code
JOIN ecocomp.jurisdiction dn ON dn.code = s.downstream_code ORDER BY s.code;

\echo
\echo '== 4. A year of monitoring (illustrative), through the validating importer'
-- Two samples a month (5th and 20th, 10:00 Beijing time).  Jinyushi's NH3-N
-- is 1.2 mg/L (Class IV) in July, August and September and 0.6 otherwise;
-- Tongshun's NH3-N is 1.6 mg/L in January to March (0.1 over its Class IV
-- target of 1.5) and 1.0 otherwise, at a steady 20 m3/s.
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO staging
SELECT s, p, format('2024-%s-%sT10:00:00+08:00', lpad(m::text, 2, '0'), d), v::text, u
FROM generate_series(1, 12) AS m, (VALUES ('05'), ('20')) AS days (d),
LATERAL (VALUES
    ('jiekou', 'CODMn', 1.9, NULL), ('jiekou', 'NH3-N', 95.0, 'µg/L'), ('jiekou', 'TN', 1.05, NULL),
    ('jiekou', 'TP', 0.022, NULL),
    ('jinyushi', 'CODMn', 3.5, NULL), ('jinyushi', 'TP', 0.12, NULL),
    ('jinyushi', 'NH3-N', CASE WHEN m BETWEEN 7 AND 9 THEN 1.2 ELSE 0.6 END, NULL),
    ('tongshun', 'NH3-N', CASE WHEN m <= 3 THEN 1.6 ELSE 1.0 END, NULL), ('tongshun', 'TP', 0.25, NULL),
    ('tongshun', 'CODMn', 7.5, NULL), ('tongshun', 'flow', 20000.0, 'L/s'),
    ('qingshuipu', 'CODMn', 2.8, NULL), ('qingshuipu', 'NH3-N', 0.3, NULL), ('qingshuipu', 'TP', 0.06, NULL),
    ('lianyuxi', 'CODMn', 3.1, NULL), ('lianyuxi', 'NH3-N', 0.35, NULL), ('lianyuxi', 'TP', 0.08, NULL)
) AS obs (s, p, v, u);
-- Two bad rows, as real feeds have them.
INSERT INTO staging VALUES ('jiekou', 'TP', '2024-06-11 10:00', '0.02', NULL),
                           ('jinyushi', 'NH3-N', '2024-06-12T10:00+08', 'n.d.', NULL);
SELECT * FROM ecocomp.import_observations('staging');
SELECT raw->>'section_code' AS section, raw->>'observed_at' AS observed_at, reason
FROM ecocomp.observation_reject ORDER BY reject_id;

\echo 'Annual class of each section (single-factor method):'
SELECT a.section_code, max(a.mean_class) AS class, ecocomp.class_label(max(a.mean_class)) AS 类别,
       min(a.target_class) AS target
FROM ecocomp.assessment('[2024-01-01,2025-01-01)', 'year') a
JOIN ecocomp.parameter p ON p.code = a.parameter AND p.evaluated
GROUP BY a.section_code ORDER BY a.section_code;

\echo
\echo '== 5. Agreements (real rules; see docs/methods)'
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, parties,
                               section_codes, params, valid) VALUES
    -- Xin'an River P index, round-1 structure: P = 0.85 x sum(0.25 x C/C0).
    ('xinan', 'Xin''an River (Anhui-Zhejiang) P index', 'index_ratio', '340000', '330000', NULL, '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25], "k0": 0.85,
       "baseline": {"CODMn": 2.2, "NH3-N": 0.12, "TN": 1.2, "TP": 0.03}, "amount": 100000000}',
     '[2024-01-01,2027-01-01)'),
    -- Lu River: each month at or better than Class III, Zhuzhou pays Pingxiang 1 000 000; else the reverse.
    ('lushui', 'Lu River (Pingxiang-Zhuzhou) monthly class', 'class_target', '360300', '430200', NULL, '{jinyushi}',
     '{"period_unit": "month", "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
     '[2024-01-01,2027-01-01)'),
    -- Jiangsu flux formula applied to the Tongshun River: (C - target) x monthly volume x rate.
    ('tongshun', 'Tongshun River (Wuhan-Xiantao) flux', 'flux_exceedance', '420100', '429004', NULL, '{tongshun}',
     '{"targets": {"NH3-N": 1.5, "TP": 0.3, "CODMn": 10}, "rates": {"NH3-N": 100000, "TP": 100000, "CODMn": 15000}}',
     '[2024-01-01,2027-01-01)'),
    -- Chishui pool 2018-2020 rules: 2 yi, contributions 1:5:4, allocations 3:4:3.
    ('chishui', 'Chishui River pool', 'pool', NULL, NULL, '{530000,520000,510000}', '{qingshuipu,lianyuxi}',
     '{"total": 200000000, "contributions": [1, 5, 4], "allocations": [3, 4, 3],
       "indicators": ["CODMn", "NH3-N", "TP"],
       "sections": [{"code": "qingshuipu", "responsible": "530000", "target_class": "II",
                     "deduction_to": {"520000": 0.5, "510000": 0.5}},
                    {"code": "lianyuxi", "responsible": "520000", "target_class": "II",
                     "deduction_to": {"510000": 1}}]}',
     '[2024-01-01,2027-01-01)');
SELECT agreement_id, method, name FROM ecocomp.agreement ORDER BY agreement_id;

\echo
\echo '== 6. Settle 2024'
-- Expected by hand:
--   xinan: P = 0.85 x 0.25 x (1.9/2.2 + 0.095/0.12 + 1.05/1.2 + 0.022/0.03) = 0.6935 <= 1:
--          Zhejiang pays Anhui 100 000 000.00
--   lushui: 9 months at III (+1 000 000) and 3 at IV (-1 000 000): Zhuzhou pays Pingxiang 6 000 000.00
--   tongshun: NH3-N 0.1 mg/L over target in Jan (31 d), Feb (29 d), Mar (31 d) at 20 m3/s:
--          0.1 x 20 x 86 400 x 91 / 10^6 t = 15.7248 t x 100 000 = 1 572 480.00 (Wuhan pays Xiantao);
--          TP 0.25 and CODMn 7.5 are within their targets
--   chishui: both sections meet Class II: Guizhou and Sichuan each pay Yunnan 20 000 000.00
SELECT ecocomp.settle('[2024-01-01,2025-01-01)') AS obligations_written;
SELECT o.agreement_id, p.name_zh AS payer, r.name_zh AS payee, o.amount
FROM ecocomp.obligation o
JOIN ecocomp.jurisdiction p ON p.code = o.payer_code
JOIN ecocomp.jurisdiction r ON r.code = o.payee_code
ORDER BY o.agreement_id, o.payer_code;

\echo 'Settling again replaces, never duplicates:'
SELECT ecocomp.settle('[2024-01-01,2025-01-01)') AS obligations_written,
       (SELECT count(*) FROM ecocomp.obligation) AS obligations_now;

\echo
\echo '== 7. Why? Every amount explained (zh and en)'
\pset format wrapped
\pset columns 110
SELECT ecocomp.explain_obligation(obligation_id, 'zh') AS 说明
FROM ecocomp.obligation WHERE agreement_id = 'tongshun';
SELECT ecocomp.explain_obligation(obligation_id, 'en') AS explanation
FROM ecocomp.obligation WHERE agreement_id = 'xinan';

\echo
\pset format aligned
\echo '== 8. Net position of each jurisdiction for 2024'
SELECT j.name_zh, j.name, sum(CASE WHEN x.code = o.payee_code THEN o.amount ELSE -o.amount END) AS net
FROM ecocomp.obligation o
CROSS JOIN LATERAL (VALUES (o.payer_code), (o.payee_code)) AS x (code)
JOIN ecocomp.jurisdiction j ON j.code = x.code
GROUP BY j.name_zh, j.name ORDER BY net DESC, j.name;
