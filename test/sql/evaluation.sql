-- The examples of docs/evaluation.md and docs/analyst.md, run as written.
-- Class of single values: TP 0.25 mg/L is IV in a river (0.2 < 0.25 <= 0.3)
-- and worse than V in a lake (0.2 is the lake Class V limit).
SELECT ecocomp.gb3838_class('TP', 0.25) AS river,
       ecocomp.gb3838_class('TP', 0.25, 'lake') AS lake,
       ecocomp.gb3838_class('COD', 15) AS cod_15,
       ecocomp.gb3838_class('DO', 5.5) AS do_5_5,
       ecocomp.gb3838_class('pH', 9.2) AS ph_9_2;
-- Limits.
SELECT ecocomp.gb3838_limit('NH3-N', 'III') AS nh3n_iii,
       ecocomp.gb3838_limit('TP', 'II', 'lake') AS tp_ii_lake,
       ecocomp.gb3838_limit('DO', 'II') AS do_ii;
SELECT parameter, waterbody, class, lower_limit, upper_limit, unit
FROM ecocomp.gb3838_limits
WHERE parameter IN ('TP', 'pH') AND class = 'III'
ORDER BY parameter, waterbody;
-- Labels.
SELECT c AS class, ecocomp.class_label(c) AS zh, ecocomp.class_label(c, 'en') AS en
FROM unnest(enum_range(NULL::ecocomp.wq_class)) AS c;
-- A section's class: each item's mean, then the worst item.
-- CODMn mean (3.1 + 4.3) / 2 = 3.7 -> II; NH3-N mean (0.42 + 0.58) / 2 = 0.5
-- -> II (on the limit); TP mean (0.12 + 0.16) / 2 = 0.14 -> III; DO 6.8 -> II;
-- TN 1.9 is a reference item.  Worst: III (TP).
-- CWQI: 3.7/6 + 0.5/1 + 0.14/0.2 + 5/6.8 = 0.6167 + 0.5 + 0.7 + 0.7353 = 2.5520
CREATE TEMP TABLE march (parameter text, value float8);
INSERT INTO march VALUES ('CODMn', 3.1), ('CODMn', 4.3), ('NH3-N', 0.42), ('NH3-N', 0.58),
                         ('TP', 0.12), ('TP', 0.16), ('DO', 6.8), ('TN', 1.9);
SELECT ecocomp.section_class(parameter, value) AS class,
       round(ecocomp.cwqi_sum(parameter, value)::numeric, 4) AS cwqi
FROM march;
-- Which item decides: the class of each item's mean.
SELECT parameter, round(avg(value)::numeric, 3) AS mean,
       ecocomp.gb3838_class(parameter, avg(value)) AS class,
       round(ecocomp.cwqi(parameter, avg(value))::numeric, 4) AS cwqi
FROM march GROUP BY parameter ORDER BY parameter;
-- Errors name the bad value.
\set VERBOSITY default
SELECT ecocomp.gb3838_class('NH3N', 0.5);
SELECT ecocomp.gb3838_class('TP', -0.02);
