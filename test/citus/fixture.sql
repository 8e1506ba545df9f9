-- Data for test/citus/run.sh, loaded the same way into a single server and
-- into a Citus coordinator (there after distribute()): jurisdictions, a small
-- river network, four sections, a year of six-hourly monitoring data and two
-- agreements.
SET datestyle = 'ISO, YMD';
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('AH', 'Anhui', '安徽', 'province'), ('ZJ', 'Zhejiang', '浙江', 'province'),
    ('JX', 'Jiangxi', '江西', 'province'), ('HN', 'Hunan', '湖南', 'province');
-- 1 -> 2 -> 3 (outlet); 4 -> 2; 5 -> 3
INSERT INTO ecocomp.reach (reach_id, next_down, name, length_km, local_area_km2, geom) VALUES
    (3, NULL, 'outlet', 10, 100, 'SRID=4326;LINESTRING(118.2 29.8, 118.3 29.8)'),
    (2, 3, 'middle', 12, 80, 'SRID=4326;LINESTRING(118.1 29.8, 118.2 29.8)'),
    (1, 2, 'head', 8, 50, 'SRID=4326;LINESTRING(118.0 29.8, 118.1 29.8)'),
    (4, 2, 'tributary', 5, 30, 'SRID=4326;LINESTRING(118.1 29.9, 118.1 29.8)'),
    (5, 3, 'side', 6, 40, 'SRID=4326;LINESTRING(118.2 29.7, 118.2 29.8)');
SELECT ecocomp.refresh_network() AS labelled;
INSERT INTO ecocomp.section (code, name, reach_id, waterbody, target_class, upstream_code, downstream_code) VALUES
    ('jiekou', 'Jiekou', 2, 'river', 'III', 'AH', 'ZJ'),
    ('jinyushi', 'Jinyushi', 3, 'river', 'III', 'JX', 'HN'),
    ('lake_a', 'Lake A', 5, 'lake', 'II', 'AH', 'ZJ'),
    ('head_b', 'Head B', 1, 'river', 'II', 'JX', 'HN');

-- 2020, every six hours, flow, NH3-N, TP and CODMn at the four sections.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, source)
SELECT s.code, p.code, timestamptz '2020-01-01 03:00+08' + k * interval '6 hours',
       (CASE p.code WHEN 'flow' THEN 20 + 10 * sin(k / 40.0) + s.n
                    WHEN 'NH3-N' THEN 0.5 + 0.4 * sin(k / 9.0 + s.n)
                    WHEN 'TP' THEN 0.1 + 0.07 * cos(k / 13.0 + s.n)
                    ELSE 3 + 2 * sin(k / 17.0 + s.n) END)::numeric(12, 6)::float8,
       'fixture'
FROM (VALUES ('jiekou', 1), ('jinyushi', 2), ('lake_a', 3), ('head_b', 4)) AS s (code, n),
     (VALUES ('flow'), ('NH3-N'), ('TP'), ('CODMn')) AS p (code),
     generate_series(0, 4 * 366 - 1) AS k;

INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('lushui-1', 'class target by month', 'class_target', 'JX', 'HN', '{jinyushi}',
     '{"period_unit": "month", "indicators": ["NH3-N", "TP"],
       "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
     '[2020-01-01,2021-01-01)'),
    ('jiekou-rate', 'compliance rate', 'compliance_rate', 'AH', 'ZJ', '{jiekou}',
     '{"target_class": "III", "threshold": 0.8, "annual_class": "III", "indicators": ["NH3-N", "TP"],
       "amount_met": 100000000, "amount_missed": 100000000}', '[2020-01-01,2021-01-01)');
