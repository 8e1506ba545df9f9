-- GB 3838-2002 evaluation from SQL.  Limits and expected classes are typed
-- from the standard (Table 1), not taken from the code: "at" is the class of
-- a value equal to the limit of classes I..V, "above" of a value just above
-- it, and a value just below a limit has the same class as the limit itself.
-- Adjacent classes with equal limits give the better class.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(553);

CREATE TEMP TABLE limits_typed (code text, waterbody text, lim float8[], at text, above text);
INSERT INTO limits_typed VALUES
    ('CODMn', 'river', '{2,4,6,10,15}', '12345', '23456'),
    ('COD', 'river', '{15,15,20,30,40}', '11345', '33456'),
    ('BOD5', 'river', '{3,3,4,6,10}', '11345', '33456'),
    ('NH3-N', 'river', '{0.15,0.5,1.0,1.5,2.0}', '12345', '23456'),
    ('NH3-N', 'lake', '{0.15,0.5,1.0,1.5,2.0}', '12345', '23456'),
    ('TP', 'river', '{0.02,0.1,0.2,0.3,0.4}', '12345', '23456'),
    ('TP', 'lake', '{0.01,0.025,0.05,0.1,0.2}', '12345', '23456'),
    ('TN', 'lake', '{0.2,0.5,1.0,1.5,2.0}', '12345', '23456'),
    ('TN', 'river', '{0.2,0.5,1.0,1.5,2.0}', '12345', '23456'),
    ('Cu', 'river', '{0.01,1.0,1.0,1.0,1.0}', '12222', '26666'),
    ('Zn', 'river', '{0.05,1.0,1.0,2.0,2.0}', '12244', '24466'),
    ('F', 'river', '{1.0,1.0,1.0,1.5,1.5}', '11144', '44466'),
    ('Se', 'river', '{0.01,0.01,0.01,0.02,0.02}', '11144', '44466'),
    ('As', 'river', '{0.05,0.05,0.05,0.1,0.1}', '11144', '44466'),
    ('Hg', 'river', '{0.00005,0.00005,0.0001,0.001,0.001}', '11344', '33466'),
    ('Cd', 'river', '{0.001,0.005,0.005,0.005,0.01}', '12225', '25556'),
    ('Cr6', 'river', '{0.01,0.05,0.05,0.05,0.1}', '12225', '25556'),
    ('Pb', 'river', '{0.01,0.01,0.05,0.05,0.1}', '11335', '33556'),
    ('CN', 'river', '{0.005,0.05,0.2,0.2,0.2}', '12333', '23666'),
    ('phenol', 'river', '{0.002,0.002,0.005,0.01,0.1}', '11345', '33456'),
    ('petroleum', 'river', '{0.05,0.05,0.05,0.5,1.0}', '11145', '44456'),
    ('LAS', 'river', '{0.2,0.2,0.2,0.3,0.3}', '11144', '44466'),
    ('sulfide', 'river', '{0.05,0.1,0.2,0.5,1.0}', '12345', '23456'),
    ('fecal_coliform', 'river', '{200,2000,10000,20000,40000}', '12345', '23456');

CREATE TEMP VIEW boundaries AS
SELECT t.code, t.waterbody, c AS cls, t.lim[c] AS lim,
       (enum_range(NULL::ecocomp.wq_class))[substr(t.at, c, 1)::int] AS at_class,
       (enum_range(NULL::ecocomp.wq_class))[substr(t.above, c, 1)::int] AS above_class
FROM limits_typed t, generate_series(1, 5) AS c;

-- 24 cases x 5 classes x 4 checks = 480 assertions.
SELECT is(ecocomp.gb3838_class(code, lim, waterbody), at_class,
          format('%s %s = %s (%s limit of class %s)', code, waterbody, lim, waterbody, cls))
FROM boundaries ORDER BY code, waterbody, cls;
SELECT is(ecocomp.gb3838_class(code, lim * (1 - 1e-6), waterbody), at_class,
          format('%s %s just below %s', code, waterbody, lim))
FROM boundaries ORDER BY code, waterbody, cls;
SELECT is(ecocomp.gb3838_class(code, lim * (1 + 1e-6), waterbody), above_class,
          format('%s %s just above %s', code, waterbody, lim))
FROM boundaries ORDER BY code, waterbody, cls;
SELECT is(ecocomp.gb3838_limit(code, (enum_range(NULL::ecocomp.wq_class))[cls], waterbody), lim,
          format('gb3838_limit(%s, %s, %s)', code, cls, waterbody))
FROM boundaries ORDER BY code, waterbody, cls;

-- DO is a lower limit: 7.5 (90% saturation), 6, 5, 3, 2 mg/L.
SELECT is(ecocomp.gb3838_class('DO', v, 'river'), c::ecocomp.wq_class, format('DO %s is %s', v, c))
FROM (VALUES (7.5, 'I'), (7.4999, 'II'), (6, 'II'), (5.9999, 'III'), (5, 'III'), (4.9999, 'IV'),
             (3, 'IV'), (2.9999, 'V'), (2, 'V'), (1.9999, 'inferior_V'), (0, 'inferior_V'),
             (12, 'I')) AS t (v, c);
-- pH 6-9 is Class I; outside, worse than V.
SELECT is(ecocomp.gb3838_class('pH', v, w), c::ecocomp.wq_class, format('pH %s in a %s is %s', v, w, c))
FROM (VALUES (6.0, 'river', 'I'), (9.0, 'river', 'I'), (7.2, 'lake', 'I'), (5.99, 'river', 'inferior_V'),
             (9.01, 'lake', 'inferior_V'), (0.0, 'river', 'inferior_V')) AS t (v, w, c);
SELECT is(ecocomp.gb3838_limit('pH', 'III'), 9.0::float8, 'pH limit is the upper end of 6-9');
SELECT is(ecocomp.gb3838_limit('DO', 'I'), 7.5::float8, 'DO class I limit');
SELECT is(ecocomp.gb3838_limit('TP', 'inferior_V'), NULL, 'no limit for inferior_V');
SELECT is(ecocomp.gb3838_limit('SO4', 'II'), 250::float8, 'Table 2: one limit for sulfate');
SELECT is(ecocomp.gb3838_limit('Mn', 'I', 'lake'), 0.1::float8, 'Table 2: manganese 0.1');
SELECT is(ecocomp.gb3838_limit('water_temp', 'I'), NULL, 'no limit for water temperature');

-- Items without classes and NULLs.
SELECT is(ecocomp.gb3838_class('water_temp', 25), NULL, 'water temperature has no class');
SELECT is(ecocomp.gb3838_class('flow', 120), NULL, 'flow has no class');
SELECT is(ecocomp.gb3838_class('SO4', 100), NULL, 'Table 2 items have no class');
SELECT is(ecocomp.gb3838_class('TP', NULL), NULL, 'NULL value gives NULL');
SELECT is(ecocomp.gb3838_class(NULL, 0.1), NULL, 'NULL parameter gives NULL');
SELECT is(ecocomp.gb3838_class('TP', 0.1, NULL), NULL, 'NULL waterbody gives NULL');

-- Errors with their SQLSTATE.
SELECT throws_ok($$SELECT ecocomp.gb3838_class('XX', 1)$$, '22023', 'unknown parameter "XX"', 'unknown parameter');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('tp', 1)$$, '22023', 'unknown parameter "tp"', 'codes are case-sensitive');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('TP', 'NaN')$$, '22003', 'value of TP is not finite', 'NaN');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('TP', 'Infinity')$$, '22003', 'value of TP is not finite', 'infinity');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('TP', -0.01)$$, '22003', 'negative value of TP', 'negative');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('pH', 15)$$, '22003', 'value of pH is out of range', 'pH above 14');
SELECT throws_ok($$SELECT ecocomp.gb3838_class('TP', 0.1, 'sea')$$, '22023', 'invalid waterbody "sea"', 'unknown waterbody');
SELECT throws_ok($$SELECT ecocomp.gb3838_limit('XX', 'I')$$, '22023', 'unknown parameter "XX"', 'limit of unknown parameter');
SELECT throws_ok($$SELECT ecocomp.cwqi('DO', 0)$$, '22012', 'CWQI of DO is undefined for a value of zero', 'CWQI of DO = 0');
SELECT throws_ok($$SELECT ecocomp.class_label('I', 'fr')$$, '22023', 'unsupported language "fr"', 'unknown language');

-- CWQI (城市地表水环境质量排名技术规定, 2017): C / Class III limit; DO 5 / C;
-- pH (7 - pH) / (7 - 6) at or below 7, (pH - 7) / (9 - 7) above.
SELECT is(ecocomp.cwqi('CODMn', 4.5), 0.75::float8, 'CWQI CODMn 4.5 / 6');
SELECT is(ecocomp.cwqi('NH3-N', 1.5), 1.5::float8, 'CWQI NH3-N 1.5 / 1.0');
SELECT is(ecocomp.cwqi('TP', 0.1), 0.5::float8, 'CWQI TP river 0.1 / 0.2');
SELECT is(ecocomp.cwqi('TP', 0.1, 'lake'), 2.0::float8, 'CWQI TP lake 0.1 / 0.05');
SELECT is(ecocomp.cwqi('DO', 10), 0.5::float8, 'CWQI DO 5 / 10');
SELECT is(ecocomp.cwqi('DO', 4), 1.25::float8, 'CWQI DO 5 / 4');
SELECT is(ecocomp.cwqi('pH', 6.5), 0.5::float8, 'CWQI pH 6.5');
SELECT is(ecocomp.cwqi('pH', 8.5), 0.75::float8, 'CWQI pH 8.5');
SELECT is(ecocomp.cwqi('pH', 7.0), 0::float8, 'CWQI pH 7');
SELECT is(ecocomp.cwqi('TN', 1.0), NULL, 'TN is not in CWQI');
SELECT is(ecocomp.cwqi('fecal_coliform', 100), NULL, 'fecal coliform is not in CWQI');

-- Labels.
SELECT is(ecocomp.class_label('inferior_V'), '劣Ⅴ类', 'zh label of inferior V');
SELECT is(ecocomp.class_label('III'), 'Ⅲ类', 'zh label of III');
SELECT is(ecocomp.class_label('II', 'en'), 'Class II', 'en label');
SELECT is(ecocomp.class_label('inferior_V', 'en'), 'Worse than Class V', 'en label of inferior V');
SELECT ok(max(c) = 'inferior_V' AND min(c) = 'I', 'wq_class orders best to worst')
FROM unnest(enum_range(NULL::ecocomp.wq_class)) AS c;

-- section_class: each evaluated item is averaged, then the worst class wins.
-- CODMn (3 + 5) / 2 = 4 -> II; NH3-N 1.2 -> IV; TP (0.1 + 0.2 + 0.3) / 3 = 0.2
-- -> III (on the limit); TN 5 and fecal coliform 90000 are not decisive.
CREATE TEMP TABLE samples (section text, parameter text, value float8, waterbody text);
INSERT INTO samples VALUES
    ('A', 'CODMn', 3, 'river'), ('A', 'CODMn', 5, 'river'), ('A', 'NH3-N', 1.2, 'river'),
    ('A', 'TP', 0.1, 'river'), ('A', 'TP', 0.2, 'river'), ('A', 'TP', 0.3, 'river'),
    ('A', 'TN', 5, 'river'), ('A', 'fecal_coliform', 90000, 'river'),
    ('B', 'TP', 0.04, 'lake'), ('B', 'DO', 8, 'lake'), ('B', 'water_temp', 30, 'lake'),
    ('C', 'TN', 3.0, 'river'), ('C', 'TP', NULL, 'river');
SELECT is((SELECT ecocomp.section_class(parameter, value, waterbody) FROM samples WHERE section = 'A'),
          'IV'::ecocomp.wq_class, 'section A: NH3-N 1.2 decides (IV)');
SELECT is((SELECT ecocomp.section_class(parameter, value) FROM samples WHERE section = 'A' AND parameter <> 'NH3-N'),
          'III'::ecocomp.wq_class, 'section A without NH3-N: TP mean 0.2 on the class III limit');
SELECT is((SELECT ecocomp.section_class(parameter, value, waterbody) FROM samples WHERE section = 'B'),
          'III'::ecocomp.wq_class, 'lake B: TP 0.04 is III with lake limits');
SELECT is((SELECT ecocomp.section_class(parameter, value, 'river') FROM samples WHERE section = 'B'),
          'II'::ecocomp.wq_class, 'the same values in a river are II');
SELECT is((SELECT ecocomp.section_class(parameter, value, waterbody) FROM samples WHERE section = 'C'),
          NULL, 'only reference items and NULLs: no class');
SELECT is((SELECT ecocomp.section_class(parameter, value) FROM samples WHERE false),
          NULL, 'no rows: NULL');
-- CWQI sum of A: CODMn 4/6 + NH3-N 1.2/1 + TP 0.2/0.2 = 0.6667 + 1.2 + 1 = 2.8667
SELECT is((SELECT round(ecocomp.cwqi_sum(parameter, value, waterbody)::numeric, 4) FROM samples WHERE section = 'A'),
          2.8667, 'CWQI sum of section A');
-- Lake B: TP 0.04/0.05 = 0.8, DO 5/8 = 0.625 -> 1.425
SELECT is((SELECT round(ecocomp.cwqi_sum(parameter, value, waterbody)::numeric, 6) FROM samples WHERE section = 'B'),
          1.425, 'CWQI sum of lake B');
SELECT throws_ok($$SELECT ecocomp.section_class(parameter, value, waterbody) FROM samples WHERE section IN ('A', 'B')$$,
                 '22023', 'section aggregate mixes river and lake limits in one group', 'one group, two waterbodies');
SELECT throws_ok($$SELECT ecocomp.section_class(p, v) FROM (VALUES ('TP', -1.0)) t (p, v)$$,
                 '22003', 'negative value of TP', 'aggregate rejects negative values');
-- The state round-trips through text (what parallel workers and Citus ship).
SELECT is(ecocomp._section_class_final(
              ecocomp._means_combine(
                  (SELECT ecocomp._means_accum(ecocomp._means_accum('{}', 'TP', 0.1), 'TP', 0.3))::text::float8[],
                  ecocomp._means_accum('{}', 'NH3-N', 0.4))),
          'III'::ecocomp.wq_class, 'combined text states: TP mean 0.2 -> III');

-- Non-finite intermediates are errors naming the item, never a better class.
-- 1e308 + 1e308 overflows: the TP mean is infinite; COD 10 alone is class I.
SELECT throws_ok($$SELECT ecocomp.section_class(p, v) FROM (VALUES ('COD', 10.0::float8), ('TP', 1e308), ('TP', 1e308)) t (p, v)$$,
                 '22003', 'mean of TP is not finite', 'section_class over an overflowing mean names the item');
SELECT throws_ok($$SELECT ecocomp.cwqi_sum(p, v) FROM (VALUES ('COD', 10.0::float8), ('TP', 1e308), ('TP', 1e308)) t (p, v)$$,
                 '22003', 'mean of TP is not finite', 'cwqi_sum over an overflowing mean names the item');
-- 5 / 5e-324 and 1e308 / 0.0001 overflow double precision.
SELECT throws_ok($$SELECT ecocomp.cwqi('DO', 5e-324)$$, '22003', 'result for DO is not finite',
                 'CWQI of a denormal DO is an error, not Infinity');
SELECT throws_ok($$SELECT ecocomp.cwqi('Hg', 1e308)$$, '22003', 'result for Hg is not finite',
                 'CWQI sub-index overflow');
-- A crafted state is refused with a usable SQLSTATE, not XX000.
SELECT throws_ok($$SELECT ecocomp._section_class_final('{1,2,3}')$$, '22023', NULL, 'short state refused');
SELECT throws_ok($$SELECT ecocomp._means_accum(NULL, 'TP', 0.1)$$, '22004', NULL, 'NULL state refused');

SELECT * FROM finish();
ROLLBACK;
