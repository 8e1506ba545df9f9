-- The assessment written by hand in plain SQL, as an analyst would: what
-- ecocomp.assessment(period, unit, tz) returns (rule 'half'), computed with
-- window functions.  psql variables: p_lo, p_hi (dates), unit ('month' or
-- 'year'), tz, filter (a condition on o.section_code, or true).
WITH obs AS (
    SELECT o.section_code AS sc, o.parameter AS par,
           date_part('epoch', o.observed_at) AS e,
           greatest(date_trunc(:'unit', o.observed_at AT TIME ZONE :'tz')::date,
                    :'p_lo'::date) AS d0,
           CASE WHEN o.censored THEN o.value / 2 ELSE o.value END AS v,
           o.censored AS cens
    FROM ecocomp.observation o
    WHERE o.observed_at >= :'p_lo'::date::timestamp AT TIME ZONE :'tz'
      AND o.observed_at < :'p_hi'::date::timestamp AT TIME ZONE :'tz'
      AND :filter
), u AS (
    SELECT obs.*,
           least((date_trunc(:'unit', obs.d0) + ('1 ' || :'unit')::interval)::date,
                 :'p_hi'::date) AS d1
    FROM obs
), w AS (
    -- interval weight of each sample, and the flow samples before and after it
    SELECT u.*,
           coalesce((u.e + lead(u.e) OVER s) / 2, date_part('epoch', u.d1::timestamp AT TIME ZONE :'tz'))
           - coalesce((u.e + lag(u.e) OVER s) / 2, date_part('epoch', u.d0::timestamp AT TIME ZONE :'tz')) AS wt,
           max(CASE WHEN u.par = 'flow' THEN ARRAY[u.e, u.v] END)
               OVER (PARTITION BY u.sc, u.d0 ORDER BY u.e, u.par = 'flow' DESC
                     ROWS UNBOUNDED PRECEDING) AS fprev,
           min(CASE WHEN u.par = 'flow' THEN ARRAY[u.e, u.v] END)
               OVER (PARTITION BY u.sc, u.d0 ORDER BY u.e DESC, u.par = 'flow' DESC
                     ROWS UNBOUNDED PRECEDING) AS fnext
    FROM u
    WINDOW s AS (PARTITION BY u.sc, u.par, u.d0 ORDER BY u.e)
), x AS (
    -- flow at the sample time: linear between the flow samples around it
    SELECT w.sc, w.par, w.d0, w.d1, w.v, w.cens, w.wt,
           CASE WHEN w.fprev IS NULL THEN w.fnext[2]
                WHEN w.fnext IS NULL OR w.fnext[1] = w.fprev[1] THEN w.fprev[2]
                ELSE w.fprev[2] + (w.fnext[2] - w.fprev[2]) * (w.e - w.fprev[1])
                                  / (w.fnext[1] - w.fprev[1]) END AS q,
           s.waterbody AS wb, s.target_class AS tc,
           p.builtin AND p.unit = 'mg/L' AND p.code <> 'flow' AS mass,
           p.kind = 'upper' AS upper_kind,
           CASE WHEN p.builtin THEN ecocomp.gb3838_limit(w.par, s.target_class, s.waterbody) END AS lim,
           p.builtin AND ecocomp.gb3838_class(w.par, 0, 'river') IS NOT NULL AS classed
    FROM w
    JOIN ecocomp.section s ON s.code = w.sc
    JOIN ecocomp.parameter p ON p.code = w.par
), g AS (
    SELECT x.sc, x.par, x.d0, x.d1, x.wb, x.tc, x.mass, x.upper_kind, x.lim, x.classed,
           count(*) AS n, count(*) FILTER (WHERE x.cens) AS ncens, avg(x.v) AS m,
           CASE WHEN x.classed AND x.tc IS NOT NULL
                THEN count(*) FILTER (WHERE ecocomp.gb3838_class(x.par, x.v, x.wb) <= x.tc) END AS nmeet,
           sum(x.v * x.wt) AS integral,
           sum(x.v * x.q * x.wt) / 1000 AS load,
           sum(greatest(x.v - x.lim, 0) * x.q * x.wt) / 1000 AS exc_load,
           max(x.q) IS NOT NULL AS has_flow
    FROM x
    GROUP BY x.sc, x.par, x.d0, x.d1, x.wb, x.tc, x.mass, x.upper_kind, x.lim, x.classed
)
SELECT g.sc AS section_code, g.par AS parameter, daterange(g.d0, g.d1) AS period,
       g.n AS samples, g.ncens AS censored_samples, g.m AS mean,
       ecocomp.gb3838_class(g.par, g.m, g.wb) AS mean_class, g.tc AS target_class,
       g.lim AS target_limit, ecocomp.gb3838_class(g.par, g.m, g.wb) <= g.tc AS meets_target,
       CASE WHEN g.upper_kind AND g.lim > 0 THEN greatest(g.m - g.lim, 0) / g.lim END AS exceedance_multiple,
       g.nmeet AS samples_meeting_target,
       f.integral / (date_part('epoch', g.d1::timestamp AT TIME ZONE :'tz')
                     - date_part('epoch', g.d0::timestamp AT TIME ZONE :'tz')) AS flow_mean_m3s,
       f.integral AS volume_m3,
       CASE WHEN g.mass AND g.has_flow THEN g.load END AS load_kg,
       CASE WHEN g.mass AND g.has_flow AND g.upper_kind AND g.lim IS NOT NULL THEN g.exc_load END AS exceedance_load_kg
FROM g
LEFT JOIN g f ON f.sc = g.sc AND f.d0 = g.d0 AND f.par = 'flow'
